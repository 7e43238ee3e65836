"""Build step for the compiled cores (``workbench/_spans.pyx``: the entity and theme matcher;
``workbench/_textscan.pyx``: the text scans every step shares; ``workbench/_textspan.pyx``: the
offset-tracked edits of cleaning). They read strings through ``workbench/_pyunicode.pxd``. Everything else is in pyproject.toml.

The extensions are optional: where they cannot be compiled (no C compiler), ``pip install`` still
succeeds and the workbench uses its pure-Python code, which gives the same results, slower.
"""

from setuptools import Extension, setup

try:
    from Cython.Build import cythonize
except ImportError:  # building without Cython: no compiled core
    extensions = []
else:
    extensions = cythonize([Extension(f"workbench.{name}", [f"workbench/{name}.pyx"], optional=True,
                                      extra_compile_args=["-O3"]) for name in ("_spans", "_textscan", "_textspan")],
                           compiler_directives={"language_level": "3"}, quiet=True)

setup(ext_modules=extensions)
