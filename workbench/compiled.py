"""The compiled cores (Cython extensions built by ``pip install``), when they are built and wanted.

Each compiled function has a pure-Python reference that gives the same output; the references run
when an extension could not be built (no C compiler) or when ``WORKBENCH_PURE_PYTHON=1`` is set.
"""

from __future__ import annotations

import importlib
import os
from functools import lru_cache


def compiled(name: str):
    """The extension module ``workbench.<name>`` (``_spans``, ``_textscan``), or None when it is not built
    or ``WORKBENCH_PURE_PYTHON=1`` is set.

    The switch is read on every call (tests flip it); the import is tried once per module and process."""
    if os.environ.get("WORKBENCH_PURE_PYTHON", "") not in ("", "0"):
        return None
    return _module(name)


@lru_cache(maxsize=None)
def _module(name: str):
    try:
        return importlib.import_module(f"workbench.{name}")
    except ImportError:
        return None
