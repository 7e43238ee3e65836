"""Build step for the compiled matcher core (``workbench/_spans.pyx``); everything else is in pyproject.toml.

The extension is optional: where it cannot be compiled (no C compiler), ``pip install`` still
succeeds and the workbench uses its pure-Python engine, which gives the same results, slower.
"""

from setuptools import Extension, setup

try:
    from Cython.Build import cythonize
except ImportError:  # building without Cython: no compiled core
    extensions = []
else:
    extensions = cythonize([Extension("workbench._spans", ["workbench/_spans.pyx"], optional=True,
                                      extra_compile_args=["-O2"])],
                           compiler_directives={"language_level": "3"}, quiet=True)

setup(ext_modules=extensions)
