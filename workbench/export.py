"""Writing result tables for the report."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def save_tables(tables: dict[str, pd.DataFrame], folder: str | Path | None) -> list[Path]:
    """Write each table as ``<folder>/<name>.csv`` (UTF-8 with BOM, so spreadsheets show Arabic).

    Does nothing and returns ``[]`` when ``folder`` is ``None`` (interactive use).
    """
    if folder is None:
        return []
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in tables.items():
        path = folder / f"{name}.csv"
        table.to_csv(path, index=not isinstance(table.index, pd.RangeIndex), encoding="utf-8-sig")
        written.append(path)
    return written
