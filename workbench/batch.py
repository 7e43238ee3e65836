"""The whole pipeline over large corpora: streamed in chunks, on all cores, or on a Dask cluster.

``run_pipeline(source)`` plans the inputs (listing files without reading
them), cuts them into chunks of ``chunk_size`` documents, and has each chunk
read, decoded, cleaned and analysed (entities, themes, rounds, dates) by a
worker: the current process (``engine="serial"``), a pool of processes
(``engine="processes"``, the default, one per core) or a Dask cluster
(``engine="dask"``, with ``scheduler="tcp://host:8786"`` or a running
``distributed.Client``). Chunks come back in input order; duplicates are
dropped there, so the results are the same whatever the chunking, the number
of workers or the engine. At most ``2 × workers`` chunks are in flight, and with
``out_dir`` each chunk is written to Parquet as it arrives, so peak memory
follows the chunk size, not the corpus size.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import pandas as pd

TABLES = ("corpus", "report", "changes", "mentions", "themes", "round_mentions", "doc_rounds", "dates")


@dataclass
class PipelineResult:
    """The tables of a pipeline run (DataFrames), as :func:`run_pipeline` or :func:`read_results` return them."""

    corpus: pd.DataFrame
    report: pd.DataFrame
    changes: pd.DataFrame
    mentions: pd.DataFrame
    themes: pd.DataFrame
    round_mentions: pd.DataFrame
    doc_rounds: pd.DataFrame
    dates: pd.DataFrame


@dataclass(frozen=True)
class PipelineConfig:
    """What every worker needs to build its tools (plain data, cheap to send)."""

    lexicon: tuple[tuple, ...] | None = None  # lexicon rows, None for the package lexicon
    lexicon_columns: tuple[str, ...] = ()
    keep_raw: bool = False
    arrow: bool = False  # return the tables as Arrow tables (for Parquet), converted in the worker

    def key(self) -> str:
        return hashlib.sha1(repr((self.lexicon, self.keep_raw)).encode("utf-8")).hexdigest()


_TOOLS: dict[str, tuple] = {}  # per worker process: tools built once per configuration


def _tools(config: PipelineConfig):
    key = config.key()
    if key not in _TOOLS:
        from .cleaning import make_cleaner
        from .entities import build_matcher
        from .lexicon import alias_table, load_lexicon
        from .rounds import load_calendar
        from .themes import build_theme_matcher

        lexicon = (load_lexicon() if config.lexicon is None
                   else pd.DataFrame(list(config.lexicon), columns=list(config.lexicon_columns)))
        cleaner = make_cleaner(alias_table(lexicon)["alias"].tolist())
        _TOOLS[key] = (cleaner, build_matcher(lexicon), build_theme_matcher(), load_calendar())
    return _TOOLS[key]


def _warm(config: PipelineConfig) -> None:
    """Build a worker's tools (and the matchers' compiled cores) before its first chunk arrives."""
    _, matcher, theme_matcher, _ = _tools(config)
    matcher.core()
    theme_matcher.core()


def process_chunk(items: list, config: PipelineConfig) -> dict:
    """Read, clean and analyse one chunk of planned inputs. Returns lists and DataFrames per table.

    The cyclic garbage collector is paused for the chunk (and left as it was found): a chunk makes
    hundreds of thousands of small objects and almost no cycles, and the collections they set off took
    2-3% of a chunk's time on one core (at the edge of the measuring machine's noise). Whatever cycles a
    chunk leaves are collected after it.
    """
    import gc

    paused = gc.isenabled()
    gc.disable()
    try:
        return _process_chunk(items, config)
    finally:
        if paused:
            gc.enable()


def _process_chunk(items: list, config: PipelineConfig) -> dict:
    from .dates import extract_dates
    from .entities import extract_entities
    from .loading import clean_item, corpus_frame, read_item
    from .rounds import assign_rounds, round_anchors
    from .themes import extract_themes

    cleaner, matcher, theme_matcher, calendar = _tools(config)
    rows, changes, keys = [], [], {}
    for item in items:
        read_item(item)
        if item.raw_text is not None and not item.reason:
            cleaned = clean_item(item, cleaner)
            if cleaned is not None:
                row, item_changes, keys[item.doc_id] = cleaned
                rows.append(row)
                changes.extend(item_changes)
        item.raw_text = None  # the text travels in the corpus row only
    corpus = corpus_frame(rows, keep_raw=config.keep_raw)
    # the steps read the texts as the Python strings cleaning made (no copy out of Arrow per step)
    docs = corpus.assign(text=pd.Series([row["text"] for row in rows], dtype=object, index=corpus.index))
    doc_rounds, round_mentions = assign_rounds(docs, calendar=calendar)
    out = {"items": items, "keys": keys, "corpus": corpus,
           "changes": _changes_table(changes, config.arrow), "mentions": extract_entities(docs, matcher=matcher),
           "themes": extract_themes(docs, theme_matcher), "round_mentions": round_mentions,
           "doc_rounds": doc_rounds, "dates": extract_dates(docs, round_anchors(docs, doc_rounds))}
    if config.arrow:  # the conversion runs here, on a worker, not in the process that writes the files
        out.update({name: _to_arrow(out[name]) for name in TABLES if name not in ("report", "changes")})
    return out


def _changes_table(changes: list[dict], arrow: bool):
    """A chunk's change records as a table (:data:`~.cleaning.CHANGE_COLUMNS`): a DataFrame, or with ``arrow``
    the Arrow table :func:`_to_arrow` makes of that DataFrame, built from the columns without pandas (seven
    records an article: 19 -> 7 µs). Records whose values would give pandas other types (a text column with
    no text, a missing offset, values of another type) take pandas' way."""
    from .cleaning import CHANGE_COLUMNS

    columns = {c: [ch[c] for ch in changes] for c in CHANGE_COLUMNS}
    if arrow and changes:
        import pyarrow as pa

        schema = _changes_schema()
        # where pandas would not give the columns these types: a text column without text, a number or flag missing
        typed = all(any(isinstance(v, str) for v in columns[f.name]) if _is_text(f.type)
                    else None not in columns[f.name] for f in schema)
        try:
            if typed:
                return pa.Table.from_arrays([pa.array(columns[f.name], type=f.type, from_pandas=True)
                                             for f in schema], schema=schema)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            pass
    table = pd.DataFrame(columns)
    return _to_arrow(table) if arrow else table


def _is_text(arrow_type) -> bool:
    import pyarrow as pa

    return pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type)


@lru_cache(maxsize=1)
def _changes_schema():
    """The Arrow schema :func:`_to_arrow` gives a change table (text columns, int64 offsets, a bool)."""
    from .cleaning import CHANGE_COLUMNS

    types = {"start": "int64", "end": "int64", "raw_start": "int64", "raw_end": "int64", "current": "bool"}
    return _to_arrow_reference(pd.DataFrame({c: pd.Series(dtype=types.get(c, "str")) for c in CHANGE_COLUMNS})).schema


def _process_chunk_elsewhere(items: list, config: PipelineConfig) -> dict:
    """:func:`process_chunk` for a worker process: its Arrow tables travel back as Arrow IPC streams
    (:class:`_IpcTable`), which the main process reads without copying or rebuilding them (a pickled Arrow table
    is rebuilt array by array: 23 µs per article on the two sides, against 10)."""
    out = process_chunk(items, config)
    if config.arrow:
        out.update({name: _IpcTable(out[name]) for name in TABLES if name != "report"})
    return out


class _IpcTable:
    """An Arrow table that pickles as its Arrow IPC stream and unpickles as the table itself."""

    __slots__ = ("table",)

    def __init__(self, table) -> None:
        self.table = table

    def __reduce__(self):
        import pyarrow as pa

        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, self.table.schema) as writer:
            writer.write_table(self.table)
        return _read_ipc, (sink.getvalue(),)


def _read_ipc(stream):
    """The table of an Arrow IPC stream (its buffers are the stream's: no copy)."""
    import pyarrow as pa

    return pa.ipc.open_stream(stream).read_all()


def _to_arrow(table: pd.DataFrame):
    """A table as Arrow, text columns as strings (so every chunk of a table has the same Parquet schema).

    What :func:`_to_arrow_reference` gives, column by column against a schema made once per column layout
    (``pyarrow.Table.from_pandas`` builds the pandas metadata again for every table: a third of the time
    on the pipeline's tables); any column that comes out of another type falls back to the reference.
    """
    import pyarrow as pa
    from pandas.api.types import infer_dtype

    if not table.columns.is_unique:
        return _to_arrow_reference(table)
    layout = (tuple(table.columns), table.columns.dtype, tuple(table.dtypes))
    schema = _SCHEMAS.get(layout)
    if schema is None:
        if len(_SCHEMAS) >= 256:  # a corpus whose metadata columns change from chunk to chunk
            _SCHEMAS.clear()
        schema = _SCHEMAS[layout] = _to_arrow_reference(table.iloc[:0]).schema
    arrays = []
    for field, name in zip(schema, table.columns):
        column = table[name]
        if column.dtype != object:
            array = pa.Array.from_pandas(column)
        elif infer_dtype(values := column.to_numpy(), skipna=True) == "string":
            array = pa.array(values, type=field.type, from_pandas=True)  # what astype("string") makes
        else:
            array = pa.Array.from_pandas(column.astype("string"))  # dates, numbers ... written as text
        if array.type != field.type:
            return _to_arrow_reference(table)
        arrays.append(array)
    return pa.Table.from_arrays(arrays, schema=schema)


_SCHEMAS: dict[tuple, object] = {}  # per process: the Arrow schema of each table layout seen


def _to_arrow_reference(table: pd.DataFrame):
    """:func:`_to_arrow` by ``pyarrow.Table.from_pandas`` on the whole table (the reference)."""
    import pyarrow as pa

    return pa.Table.from_pandas(_stable_types(table), preserve_index=False)


def _chunks(items: Iterator, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _ordered(engine: str, chunks: Iterator[list], config: PipelineConfig, workers: int, scheduler) -> Iterator[dict]:
    """Chunk results in input order, with a bounded number of chunks in flight."""
    if engine == "serial":
        for chunk in chunks:
            yield process_chunk(chunk, config)
        return
    if engine == "processes":
        with ProcessPoolExecutor(max_workers=workers) as pool:
            # the workers build their tools (about a second) while this process lists the inputs (the chunks
            # are made lazily): a warm-up task per worker, which an idle worker takes first
            for _ in range(workers):
                pool.submit(_warm, config)
            yield from _windowed(lambda c: pool.submit(_process_chunk_elsewhere, c, config), chunks, 2 * workers,
                                 lambda f: f.result())
        return
    if engine == "dask":
        from distributed import Client

        client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
        try:
            n = max(2, 2 * sum(client.nthreads().values()))
            yield from _windowed(lambda c: client.submit(_process_chunk_elsewhere, c, config, pure=False), chunks, n,
                                 lambda f: f.result())
        finally:
            if client is not scheduler:
                client.close()
        return
    raise ValueError(f"unknown engine {engine!r}: use 'serial', 'processes' or 'dask'")


def _windowed(submit, chunks, window: int, result) -> Iterator[dict]:
    pending = []
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield result(pending.pop(0))
    while pending:
        yield result(pending.pop(0))


def run_pipeline(source, *, out_dir: str | Path | None = None, chunk_size: int = 200, workers: int | None = None,
                 engine: str = "processes", scheduler=None, lexicon: pd.DataFrame | None = None,
                 recursive: bool = True, text_column: str | None = None, keep_raw: bool = False,
                 progress: bool = True) -> PipelineResult | dict[str, Path]:
    """Run loading, cleaning, entities, themes, rounds and dates over a corpus of any size.

    Returns a :class:`PipelineResult` of DataFrames, or, with ``out_dir``, the
    paths of one Parquet file per table (read them back with
    :func:`read_results`). ``keep_raw`` keeps the raw text in the corpus table.
    """
    import os

    from tqdm.auto import tqdm

    from .loading import iter_inputs, report_row, source_root

    if not isinstance(source, pd.DataFrame):
        source_root(source)  # a missing source is an error before any worker starts
    workers = workers or os.cpu_count() or 1
    config = PipelineConfig(
        lexicon=None if lexicon is None else tuple(map(tuple, lexicon.astype(str).itertuples(index=False))),
        lexicon_columns=() if lexicon is None else tuple(lexicon.columns), keep_raw=keep_raw,
        arrow=out_dir is not None)
    sink = _ParquetSink(Path(out_dir)) if out_dir is not None else _MemorySink()
    seen: dict[str, str] = {}
    bar = tqdm(total=None, unit="doc", disable=not progress, desc="pipeline")

    def chunks() -> Iterator[list]:  # the inputs are listed (not read) when the engine asks for the first chunk
        planned = list(iter_inputs(source, recursive=recursive, text_column=text_column, read=False))
        bar.reset(total=len(planned))
        yield from _chunks(iter(planned), chunk_size)

    for result in _ordered(engine, chunks(), config, workers, scheduler):
        report, drop = [], set()
        for item in result["items"]:
            key = result["keys"].get(item.doc_id)
            if key is not None and not item.reason:
                if key in seen:
                    item.reason, item.detail = "duplicate", f"same text as {seen[key]}"
                    drop.add(item.doc_id)
                else:
                    seen[key] = item.doc_id
            report.append(report_row(item))
        tables = {"report": pd.DataFrame(report)}
        for name in TABLES:
            if name != "report":
                tables[name] = _without(result[name], drop) if drop else result[name]
        sink.add(tables)
        bar.update(len(result["items"]))
    bar.close()
    return sink.finish()


def _without(table, doc_ids: set):
    """``table`` (a DataFrame or an Arrow table) without the rows of ``doc_ids``."""
    if isinstance(table, pd.DataFrame):
        return table[~table["doc_id"].isin(doc_ids)] if "doc_id" in table else table
    if "doc_id" not in table.column_names:
        return table
    import pyarrow as pa
    import pyarrow.compute as pc

    ids = pa.array(sorted(doc_ids), type=pa.string()).cast(table.schema.field("doc_id").type)
    return table.filter(pc.invert(pc.is_in(table["doc_id"], value_set=ids)))


class _MemorySink:
    def __init__(self) -> None:
        self.parts: dict[str, list[pd.DataFrame]] = {name: [] for name in TABLES}

    def add(self, tables: dict[str, pd.DataFrame]) -> None:
        for name, table in tables.items():
            if len(table):
                self.parts[name].append(table)

    def finish(self) -> PipelineResult:
        return PipelineResult(**{name: _concat(self.parts[name], name) for name in TABLES})


class _ParquetSink:
    """Write each table to ``<out_dir>/<table>.parquet`` chunk by chunk (one row group per chunk)."""

    def __init__(self, out_dir: Path) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        self.out_dir = out_dir
        self.writers: dict = {}
        self.schemas: dict = {}

    def add(self, tables: dict[str, pd.DataFrame]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        for name, table in tables.items():
            if not len(table):
                continue
            arrow = table if isinstance(table, pa.Table) else _to_arrow(table)
            if name not in self.writers:
                self.schemas[name] = arrow.schema
                self.writers[name] = pq.ParquetWriter(self.out_dir / f"{name}.parquet", arrow.schema,
                                                      use_dictionary=_dictionary_columns(arrow.schema),
                                                      write_statistics=_statistics_columns(arrow.schema))
            elif arrow.schema != self.schemas[name]:
                arrow = arrow.select(self.schemas[name].names).cast(self.schemas[name])
            self.writers[name].write_table(arrow)

    def finish(self) -> dict[str, Path]:
        for writer in self.writers.values():
            writer.close()
        return {name: self.out_dir / f"{name}.parquet" for name in self.writers}


_FREE_TEXT = ("text", "raw_text")  # one value per document: a dictionary would hold every value once


def _dictionary_columns(schema) -> list[str]:
    """The columns worth dictionary encoding in Parquet: the text columns (ids, labels, kinds ... repeat)
    but the documents' own texts. Offsets and counts are nearly all different: encoding them plainly writes
    a tenth faster, and the files are 3% larger."""
    return [f.name for f in schema if f.name not in _FREE_TEXT and _is_text(f.type)]


def _statistics_columns(schema) -> list[str]:
    """The columns whose row groups get their minimum and maximum in Parquet (what a reader's filters skip row
    groups by): numbers, dates, flags and the ids (``doc_id``, ``entity_id`` ...), not the free text (texts,
    surfaces, labels, evidence), whose extremes no filter uses and cost a tenth of the writing."""
    return [f.name for f in schema if f.name.endswith("_id") or not _is_text(f.type)]


def _stable_types(table: pd.DataFrame) -> pd.DataFrame:
    """Text columns as strings, so every chunk of a table has the same Parquet schema (the table itself when
    no column is of object type: no copy of the texts)."""
    objects = [col for col in table.columns if table[col].dtype == object]
    if not objects:
        return table
    return table.assign(**{col: table[col].astype("string") for col in objects})


def _concat(parts: list[pd.DataFrame], name: str) -> pd.DataFrame:
    if not parts:
        return pd.DataFrame()
    return pd.concat(parts, ignore_index=True)


def read_results(out_dir: str | Path) -> PipelineResult:
    """Read the Parquet tables a pipeline run wrote (missing tables come back empty)."""
    out_dir = Path(out_dir)
    tables = {}
    for f in fields(PipelineResult):
        path = out_dir / f"{f.name}.parquet"
        tables[f.name] = pd.read_parquet(path) if path.exists() else pd.DataFrame()
    return PipelineResult(**tables)
