"""Loading a corpus: files, folders and tables in, one cleaned row per document out.

``load_corpus(source)`` accepts

* a folder of ``.txt`` (and ``.html``) files, searched recursively by default,
* a single text or HTML file,
* a table (``.csv``, ``.tsv``, ``.jsonl``/``.ndjson``, ``.parquet``) with a text
  column and optional metadata columns (see ``data/columns.yaml``),
* a pandas DataFrame with such columns.

Every input is accounted for in the load report: loaded, or skipped with a
reason (``empty``, ``binary``, ``undecodable``, ``no Arabic text``,
``duplicate``, ``unsupported file type``, ``unreadable``, ``bad table``,
``bad table row``, ``hidden file``). Bad input never stops the load.

Table rows are reported as ``<file>#<n>``: ``n`` is the line number in a
JSONL file (blank lines do not shift it) and the data row number (1 after the
header) in a CSV/TSV file. A JSONL line that is not a JSON object, or a CSV
row with too many fields, is skipped as ``bad table row``; the other rows
load. Tables are decoded like text files (cp1256 and UTF-16 included). Files
in hidden folders and hidden files are listed as ``hidden file``, not read.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

import pandas as pd

from .arabic import count_words, letter_counts
from .cleaning import CHANGE_COLUMNS, Cleaner, clean_text, make_cleaner
from .compiled import compiled
from .encoding import DecodeError, decode_bytes
from .htmltext import html_to_text, looks_like_html
from .listing import list_files, split_suffix
from .matchform import match_form
from .resources import load_yaml

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TABLE_SUFFIXES = {".csv", ".tsv", ".tab", ".jsonl", ".ndjson", ".parquet", ".pq"}

#: Columns of the corpus table, in order (tables may add their own after these).
CORPUS_COLUMNS = ["doc_id", "path", "title", "date", "source", "url", "dateline", "encoding",
                  "raw_text", "text", "n_chars", "n_words"]
#: Columns of the load report.
REPORT_COLUMNS = ["input", "doc_id", "status", "reason", "detail", "encoding", "n_bytes"]

#: Characters that show nothing (zero-width, direction marks, soft hyphen, BOM): a text made of
#: these and whitespace (no-break spaces included) is empty.
_INVISIBLE = "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
#: A character that shows: neither whitespace nor invisible (the search stops at the first one).
_VISIBLE_RE = re.compile(f"[^\\s{_INVISIBLE}]")

MIN_ARABIC_LETTERS = 20
MIN_ARABIC_SHARE = 0.3


class LoadResult(NamedTuple):
    """What :func:`load_corpus` returns with ``with_details=True``: three DataFrames."""

    corpus: pd.DataFrame
    report: pd.DataFrame
    changes: pd.DataFrame


@dataclass
class _Item:
    """One input document before cleaning."""

    input: str
    doc_id: str
    path: str
    raw_text: str | None = None
    encoding: str = ""
    n_bytes: int = 0
    meta: dict | None = None
    reason: str = ""
    detail: str = ""
    file: str | None = None  # a text file still to read (see read_item)


class _DocIds:
    """Unique document ids: the file stem, or more of the path where stems collide."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, preferred: str, fallback: str) -> str:
        for candidate in (preferred, fallback):
            if candidate not in self.used:
                self.used.add(candidate)
                return candidate
        i = 2
        while f"{fallback}~{i}" in self.used:
            i += 1
        self.used.add(f"{fallback}~{i}")
        return f"{fallback}~{i}"


def _column_aliases() -> dict[str, list[str]]:
    return load_yaml("columns.yaml")


def _find_column(columns: Iterable[str], names: list[str]) -> str | None:
    lower = {str(c).strip().lower(): c for c in columns}
    return next((lower[n.lower()] for n in names if n.lower() in lower), None)


class _Table(NamedTuple):
    """A table as read: its good rows (index = row number), its broken rows and how it was decoded."""

    frame: pd.DataFrame
    bad_rows: dict[int, str]  # row number -> what is wrong with it
    encoding: str = ""
    detail: str = ""  # e.g. bytes replaced while decoding


#: Marks a CSV/TSV row with the wrong number of fields, kept in place so that row numbers stay put.
_BAD_ROW = "\x00workbench:bad-row:"


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a CSV/TSV/JSONL/Parquet table as strings (broken rows left out; see :func:`load_corpus`)."""
    return _read_table(Path(path)).frame


def _read_table(path: Path) -> _Table:
    """Read a table; its rows are numbered by line for JSONL and from 1 after the header for CSV/TSV."""
    suffix = path.suffix.lower()
    if suffix in {".parquet", ".pq"}:
        frame = pd.read_parquet(path)
        frame.index = range(1, len(frame) + 1)
        return _Table(frame, {}, "parquet")
    decoded = decode_bytes(path.read_bytes())  # DecodeError: the whole file is reported
    if suffix in {".jsonl", ".ndjson"}:
        return _read_jsonl(decoded.text, decoded.encoding, decoded.detail)
    return _read_delimited(decoded.text, "\t" if suffix in {".tsv", ".tab"} else ",", decoded.encoding,
                           decoded.detail)


def _read_jsonl(text: str, encoding: str, detail: str) -> _Table:
    """One JSON object per line; a line that is not one is a bad row (blank lines are skipped)."""
    records, numbers, bad = [], [], {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            bad[number] = f"line {number}: not valid JSON ({exc})"
            continue
        if not isinstance(record, dict):
            bad[number] = f"line {number}: a JSON {type(record).__name__}, not an object"
            continue
        records.append(record)
        numbers.append(number)
    return _Table(pd.DataFrame(records, index=numbers), bad, encoding, detail)


def _read_delimited(text: str, sep: str, encoding: str, detail: str) -> _Table:
    """CSV/TSV as strings; a row with too many fields is a bad row, reported in its place."""
    text = text.lstrip("\ufeff")
    read = dict(sep=sep, dtype=str, keep_default_na=False)
    broken: list[list[str]] = []
    try:
        frame = pd.read_csv(io.StringIO(text), **read)
    except pd.errors.ParserError:
        n_columns = len(pd.read_csv(io.StringIO(text), nrows=0, **read).columns)

        def keep_in_place(fields: list[str]) -> list[str]:
            broken.append(fields)
            return [f"{_BAD_ROW}{len(broken) - 1}"] * n_columns

        frame = pd.read_csv(io.StringIO(text), engine="python", on_bad_lines=keep_in_place, **read)
    frame.index = range(1, len(frame) + 1)
    bad: dict[int, str] = {}
    if broken and len(frame.columns):
        first = frame[frame.columns[0]].astype(str)
        marks = first.str.startswith(_BAD_ROW)
        for number, value in first[marks].items():
            fields = broken[int(value[len(_BAD_ROW):])]
            bad[number] = (f"row {number}: {len(fields)} fields, expected {len(frame.columns)} "
                           f"(starts {sep.join(fields)[:60]!r})")
        frame = frame[~marks]
    return _Table(frame, bad, encoding, detail)


def _table_items(table: pd.DataFrame, label: str, stem: str, ids: _DocIds, text_column: str | None,
                 bad_rows: dict[int, str] | None = None, encoding: str = "table",
                 detail: str = "") -> Iterator[_Item]:
    """One item per row and one skipped item per broken row, in row order.

    With ``bad_rows`` given (a table read from a file), ``table.index`` holds the row numbers
    (line numbers for JSONL); otherwise rows are numbered from 1.
    """
    aliases = _column_aliases()
    bad = sorted((bad_rows or {}).items())
    if table.empty and not len(table.columns) and bad:
        for number, why in bad:
            yield _Item(input=f"{label}#{number}", doc_id="", path=label, reason="bad table row", detail=why)
        return
    text_col = text_column if text_column in table.columns else _find_column(table.columns, aliases["text"])
    if text_col is None:
        raise ValueError(f"no text column among {list(table.columns)[:12]}; pass text_column=")
    cols = {key: _find_column(table.columns, aliases[key]) for key in ("doc_id", "title", "date", "source", "url")}
    used = {text_col, *[c for c in cols.values() if c]}
    extra = [c for c in table.columns if c not in used]
    numbered = bad_rows is not None
    for pos, (index, row) in enumerate(zip(table.index, table.itertuples(index=False)), start=1):
        i = int(index) if numbered else pos
        while bad and bad[0][0] < i:
            number, why = bad.pop(0)
            yield _Item(input=f"{label}#{number}", doc_id="", path=label, reason="bad table row", detail=why)
        values = dict(zip(table.columns, row))
        given_id = values.get(cols["doc_id"]) if cols["doc_id"] else None
        given_id = str(given_id).strip() if given_id is not None and not pd.isna(given_id) else ""
        doc_id = ids.make(given_id or f"{stem}#{i}", f"{stem}#{i}")
        meta = {key: _as_text(values.get(col)) for key, col in cols.items() if col and key != "doc_id"}
        meta.update({str(c): values[c] for c in extra})
        text = values[text_col]
        item = _Item(input=f"{label}#{i}", doc_id=doc_id, path=label, meta=meta)
        if text is None or (not isinstance(text, str) and pd.isna(text)):
            item.reason, item.detail = "empty", "no text in this row"
        else:
            item.raw_text = str(text)
            item.n_bytes = len(item.raw_text.encode("utf-8"))
            item.encoding = encoding
            item.detail = detail
        yield item
    for number, why in bad:
        yield _Item(input=f"{label}#{number}", doc_id="", path=label, reason="bad table row", detail=why)


def _as_text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


def _file_items(path: str, rel_stem: str, ids: _DocIds, text_column: str | None,
                read: bool = True) -> Iterator[_Item]:
    """The items of one input file (``path``, also its label): a table's rows, a text file, or why not."""
    label = path
    name = os.path.basename(path)
    stem, suffix = split_suffix(name)
    suffix = suffix.lower()
    if name.startswith("."):
        yield _Item(input=label, doc_id="", path=label, reason="hidden file", detail=name)
        return
    if suffix in TABLE_SUFFIXES:
        try:
            table = _read_table(Path(path))
        except DecodeError as exc:
            yield _Item(input=label, doc_id="", path=label, reason=exc.reason, detail=exc.detail)
            return
        except Exception as exc:  # a broken table must not stop the load
            yield _Item(input=label, doc_id="", path=label, reason="bad table", detail=f"{type(exc).__name__}: {exc}")
            return
        encoding = "table" if table.encoding in ("", "utf-8", "utf-8-sig", "parquet") else f"table:{table.encoding}"
        try:
            yield from _table_items(table.frame, label, stem, ids, text_column, table.bad_rows, encoding,
                                    table.detail)
        except Exception as exc:  # e.g. no text column: the file is reported as a whole
            yield _Item(input=label, doc_id="", path=label, reason="bad table", detail=f"{type(exc).__name__}: {exc}")
        return
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        yield _Item(input=label, doc_id="", path=label, reason="unsupported file type",
                    detail=f"'{suffix or name}' is not one of .txt, .html, .csv, .tsv, .jsonl, .parquet")
        return
    doc_id = ids.make(stem, rel_stem)
    item = _Item(input=label, doc_id=doc_id, path=label, file=path)
    yield read_item(item) if read else item


def read_item(item: _Item) -> _Item:
    """Read and decode the file of an item planned without reading (``item.file``)."""
    if item.file is None or item.raw_text is not None or item.reason:
        return item
    try:
        data = _read_bytes(item.file)
    except OSError as exc:
        item.reason, item.detail = "unreadable", str(exc)
        return item
    item.n_bytes = len(data)
    try:
        decoded = decode_bytes(data)
    except DecodeError as exc:
        item.reason, item.detail = exc.reason, exc.detail
        return item
    item.encoding = decoded.encoding
    item.detail = decoded.detail  # e.g. how many bad bytes were replaced
    text = decoded.text
    if split_suffix(os.path.basename(item.file))[1].lower() in HTML_SUFFIXES or looks_like_html(text):
        text = html_to_text(text)
        item.encoding += "+html"
    item.raw_text = text
    return item


def _read_bytes(path: str) -> bytes:
    """The bytes of the file at ``path``, read without a Python file object (``open(path, "rb").read()``
    builds a buffered reader and asks the file's size first: twice the time on a 6 KB article)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        parts = [os.read(fd, 1 << 16)]
        while parts[-1]:
            parts.append(os.read(fd, 1 << 20))
        return parts[0] if len(parts) == 2 else b"".join(parts)
    except OSError as exc:  # a folder, a bad disk: named as open() names it
        if exc.filename is None and exc.errno is not None:
            raise type(exc)(exc.errno, exc.strerror, path) from None
        raise
    finally:
        os.close(fd)


def source_root(source: str | Path) -> Path:
    """``source`` as a path, or :class:`FileNotFoundError` if there is nothing there."""
    root = Path(source)
    if not root.exists():
        raise FileNotFoundError(f"no such file or folder: {root}")
    return root


def iter_inputs(source: str | Path | pd.DataFrame, recursive: bool = True,
                text_column: str | None = None, read: bool = True) -> Iterator[_Item]:
    """Every input document (or the reason it cannot be one), in a stable order.

    With ``read=False`` text files are listed but not read (``read_item`` reads them later, e.g. in a worker).
    """
    ids = _DocIds()
    if isinstance(source, pd.DataFrame):
        yield from _table_items(source, "<table>", "row", ids, text_column)
        return
    root = source_root(source)
    if root.is_file():
        yield from _file_items(str(root), root.stem, ids, text_column, read)
        return
    for parts, path in list_files(root, recursive):
        hidden = next((part for part in parts[:-1] if part.startswith(".")), None)
        if hidden is not None:  # inside a hidden folder (.git, .ipynb_checkpoints): reported, not read
            yield _Item(input=path, doc_id="", path=path, reason="hidden file", detail=f"inside hidden folder {hidden}")
            continue
        # the id falls back on the path below the root without the suffix (Path.with_suffix(""))
        yield from _file_items(path, "/".join(parts[:-1] + (split_suffix(parts[-1])[0],)), ids, text_column, read)


def load_corpus(source: str | Path | pd.DataFrame, *, recursive: bool = True, text_column: str | None = None,
                cleaner: Cleaner | None = None, with_details: bool = False) -> pd.DataFrame | LoadResult:
    """Load and clean a corpus.

    Returns the corpus table, one row per document, with the columns in
    :data:`CORPUS_COLUMNS` (plus any extra columns of an input table). With
    ``with_details=True`` returns a :class:`LoadResult` of ``(corpus, report,
    changes)``: the load report (:data:`REPORT_COLUMNS`) and every change
    cleaning made (:data:`workbench.cleaning.CHANGE_COLUMNS`).
    """
    cleaner = cleaner or make_cleaner()
    rows, report, changes = [], [], []
    seen: dict[str, str] = {}
    for item in iter_inputs(source, recursive=recursive, text_column=text_column):
        if item.raw_text is not None and not item.reason:
            _check_and_clean(item, cleaner, seen, rows, changes)
        report.append(report_row(item))
    corpus = corpus_frame(rows)
    report_df = pd.DataFrame(report, columns=REPORT_COLUMNS)
    if not with_details:
        return corpus
    return LoadResult(corpus, report_df, pd.DataFrame(changes, columns=CHANGE_COLUMNS))


def report_row(item: _Item) -> dict:
    """The load-report row of an item (:data:`REPORT_COLUMNS`)."""
    return {"input": item.input, "doc_id": item.doc_id, "status": "skipped" if item.reason else "loaded",
            "reason": item.reason, "detail": item.detail, "encoding": item.encoding, "n_bytes": item.n_bytes}


def corpus_frame(rows: list[dict], keep_raw: bool = True) -> pd.DataFrame:
    """Corpus rows as a DataFrame with :data:`CORPUS_COLUMNS` first (without ``raw_text`` unless ``keep_raw``)."""
    columns = CORPUS_COLUMNS if keep_raw else [c for c in CORPUS_COLUMNS if c != "raw_text"]
    if not keep_raw:  # the raw texts never enter the frame (they were converted to strings, then dropped)
        rows = [{k: v for k, v in row.items() if k != "raw_text"} for row in rows]
    # the other columns (a table's metadata) in the order the rows first have them, as DataFrame(rows) orders them;
    # the frame made in that order at once (not made, then reordered: a copy of every text)
    extra = list(dict.fromkeys(k for row in rows for k in row if k not in CORPUS_COLUMNS))
    corpus = pd.DataFrame(rows, columns=columns + extra) if rows else pd.DataFrame(columns=columns)
    if any(corpus[c].dtype != "int64" for c in ("n_chars", "n_words")):
        corpus[["n_chars", "n_words"]] = corpus[["n_chars", "n_words"]].astype("int64")
    return corpus


def _check_and_clean(item: _Item, cleaner: Cleaner, seen: dict[str, str], rows: list, changes: list) -> None:
    cleaned = clean_item(item, cleaner)
    if cleaned is None:
        return
    row, item_changes, key = cleaned
    if key in seen:
        item.reason, item.detail = "duplicate", f"same text as {seen[key]}"
        return
    seen[key] = item.doc_id
    rows.append(row)
    changes.extend(item_changes)


def text_key(text: str) -> str:
    """A fingerprint of a cleaned text that ignores spacing and spelling variants (for duplicates): the SHA-1 of
    its matching form with spaces squeezed, as UTF-16 (which Python writes three times faster than UTF-8 from an
    Arabic text; the key never leaves a run)."""
    return hashlib.sha1(squeeze_spaces(match_form(text).form).encode("utf-16-le")).hexdigest()


def squeeze_spaces(text: str) -> str:
    """``" ".join(text.split())`` (compiled, or that expression: the reference)."""
    scan = compiled("_textscan")
    return scan.squeeze_spaces(text) if scan is not None else " ".join(text.split())


def clean_item(item: _Item, cleaner: Cleaner) -> tuple[dict, list[dict], str] | None:
    """Check and clean one read item: its corpus row, its changes and its text key, or ``None`` with
    ``item.reason`` set (empty, no Arabic text)."""
    raw = item.raw_text
    if not _VISIBLE_RE.search(raw):
        item.reason = "empty"
        item.detail = "only whitespace" if not raw.strip() else "only whitespace and invisible characters"
        return None
    n_arabic, n_latin = letter_counts(raw)
    share = n_arabic / (n_arabic + n_latin) if n_arabic else 0.0
    if n_arabic < MIN_ARABIC_LETTERS or share < MIN_ARABIC_SHARE:
        item.reason = "no Arabic text"
        item.detail = f"{n_arabic} Arabic letters, {share:.0%} of all letters"
        return None
    cleaned = clean_text(raw, cleaner)
    meta = dict(item.meta or {})
    row = {"doc_id": item.doc_id, "path": item.path,
           "title": meta.pop("title", "") or cleaned.title,
           "date": meta.pop("date", ""),
           "source": meta.pop("source", "") or cleaned.source,
           "url": meta.pop("url", ""),
           "dateline": cleaned.dateline, "encoding": item.encoding,
           "raw_text": raw, "text": cleaned.text,
           "n_chars": len(cleaned.text), "n_words": count_words(cleaned.text)}
    row.update(meta)
    return row, [{"doc_id": item.doc_id, **change} for change in cleaned.changes], text_key(cleaned.text)
