"""Reading the reference data files shipped in ``workbench/data``.

Reference data (cleaning rules, lexicons, calendars) lives in CSV/YAML files so
that researchers can read and extend it. Files are parsed once per process and
returned as read-only views; callers must not mutate them.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

DATA_PACKAGE = "workbench.data"


def data_path(name: str) -> Path:
    """Path of a data file shipped with the package."""
    return Path(str(resources.files(DATA_PACKAGE).joinpath(name)))


@lru_cache(maxsize=None)
def _load_yaml(path: str) -> Any:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def load_yaml(name_or_path: str | Path) -> Any:
    """Parse a YAML file: a bare name is looked up in the package data folder."""
    path = Path(name_or_path)
    if not path.is_absolute() and not path.exists():
        path = data_path(str(name_or_path))
    return _load_yaml(str(path.resolve()))
