"""The compiled cores (Cython extensions built by ``pip install``), when they are built and wanted.

Each compiled function has a pure-Python reference that gives the same output; the references run
when an extension could not be built (no C compiler) or when ``WORKBENCH_PURE_PYTHON=1`` is set.
"""

from __future__ import annotations

import importlib
import os
from functools import lru_cache


def compiled(name: str):
    """The extension module ``workbench.<name>`` (``_spans``, ``_textscan``, ``_textspan``), or None when it
    is not built or ``WORKBENCH_PURE_PYTHON=1`` is set.

    Every step asks for its module on every text, dozens of times per article, so both answers are
    kept for the process: the import is tried once per module, and the switch is read once
    (:func:`pure_python`; reading the environment costs about a microsecond).
    """
    if pure_python():
        return None
    return _module(name)


@lru_cache(maxsize=1)
def pure_python() -> bool:
    """Is ``WORKBENCH_PURE_PYTHON`` set (to anything but ``0``)? Read once per process;
    ``pure_python.cache_clear()`` makes the next call read it again (the tests flip it)."""
    return os.environ.get("WORKBENCH_PURE_PYTHON", "") not in ("", "0")


@lru_cache(maxsize=None)
def _module(name: str):
    try:
        return importlib.import_module(f"workbench.{name}")
    except ImportError:
        return None
