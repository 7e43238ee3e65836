"""The compiled cores (Cython extensions built by ``pip install``), when they are built and wanted.

Each compiled function has a pure-Python reference that gives the same output; the references run
when an extension could not be built (no C compiler) or when ``WORKBENCH_PURE_PYTHON=1`` is set.
"""

from __future__ import annotations

import importlib
import os


def compiled(name: str):
    """The extension module ``workbench.<name>`` (``_spans``, ``_textscan``), or None when it is not built
    or ``WORKBENCH_PURE_PYTHON=1`` is set."""
    if os.environ.get("WORKBENCH_PURE_PYTHON", "") not in ("", "0"):
        return None
    try:
        return importlib.import_module(f"workbench.{name}")
    except ImportError:
        return None
