"""The pipeline at scale: same results whatever the chunking, the number of workers or the engine."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import workbench as wb
from workbench.batch import TABLES, read_results, run_pipeline

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory):
    """The seeds, a copy of one (a duplicate), an empty file, a cp1256 file and a two-row table: 10 inputs."""
    d = tmp_path_factory.mktemp("scale")
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    for seed in seeds:
        (d / seed.name).write_bytes(seed.read_bytes())
    (d / "zz_copy.txt").write_bytes(seeds[0].read_bytes())
    (d / "empty.txt").write_bytes(b"")
    text = seeds[2].read_text(encoding="utf-8").replace("كازاخستان", "قازاقستان")
    (d / "win.txt").write_bytes(text.encode("cp1256", errors="replace"))
    pd.DataFrame({"id": ["t1", "t2"], "text": [seeds[3].read_text(encoding="utf-8")[:900] + " جنيف",
                                              "نص قصير عن أستانا 9 وروسيا وتركيا وإيران في 14 أيار 2018."],
                  "source": ["سانا", "الوطن"]}).to_csv(d / "table.csv", index=False)
    return d


@pytest.fixture(scope="module")
def serial(corpus_dir):
    return run_pipeline(corpus_dir, engine="serial", chunk_size=1000, progress=False)


def test_every_input_is_reported_and_duplicates_dropped(serial):
    report = serial.report
    assert len(report) == 10
    assert dict(zip(report["doc_id"], report["reason"]))["zz_copy"] == "duplicate"
    assert "zz_copy" not in set(serial.corpus["doc_id"]) and "zz_copy" not in set(serial.mentions["doc_id"])
    assert set(report.loc[report["status"] == "loaded", "doc_id"]) == set(serial.corpus["doc_id"])


@pytest.mark.parametrize("engine, chunk_size, workers", [("serial", 1, 1), ("serial", 3, 1), ("processes", 2, 2),
                                                         ("processes", 5, 2)])
def test_results_do_not_depend_on_chunking_or_workers(corpus_dir, serial, engine, chunk_size, workers):
    other = run_pipeline(corpus_dir, engine=engine, chunk_size=chunk_size, workers=workers, progress=False)
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(serial, name), getattr(other, name), check_dtype=False,
                                      obj=name)


def test_pipeline_equals_the_step_by_step_functions(corpus_dir, serial):
    corpus = wb.load_corpus(corpus_dir)
    assert list(corpus["doc_id"]) == list(serial.corpus["doc_id"])
    assert list(corpus["text"]) == list(serial.corpus["text"])
    pd.testing.assert_frame_equal(wb.extract_entities(corpus), serial.mentions, check_dtype=False)
    analysis = wb.analyse_rounds(corpus)
    pd.testing.assert_frame_equal(analysis.doc_rounds, serial.doc_rounds, check_dtype=False)
    pd.testing.assert_frame_equal(analysis.dates, serial.dates, check_dtype=False)
    pd.testing.assert_frame_equal(analysis.themes, serial.themes, check_dtype=False)


@pytest.mark.parametrize("engine, chunk_size", [("processes", 3), ("serial", 1000)])
def test_parquet_output_round_trips(corpus_dir, serial, tmp_path, engine, chunk_size):
    """Every table, whether the duplicate comes in its own chunk or in its original's (workers convert to Arrow)."""
    paths = run_pipeline(corpus_dir, out_dir=tmp_path / "out", engine=engine, workers=2, chunk_size=chunk_size,
                         progress=False)
    assert set(paths) == set(TABLES)
    back = read_results(tmp_path / "out")
    assert "zz_copy" not in set(back.corpus["doc_id"]) | set(back.mentions["doc_id"]) | set(back.changes["doc_id"])
    for name in TABLES:
        left, right = getattr(serial, name), getattr(back, name)
        assert list(left.columns) == list(right.columns)
        assert len(left) == len(right)
        for col in left.columns:
            assert [str(v) for v in left[col].astype("object").where(left[col].notna(), None)] == \
                   [str(v) for v in right[col].astype("object").where(right[col].notna(), None)], (name, col)


def test_dask_local_cluster_gives_the_same_results(corpus_dir, serial):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as cluster, distributed.Client(cluster) as client:
        result = run_pipeline(corpus_dir, engine="dask", scheduler=client, chunk_size=2, progress=False)
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(serial, name), getattr(result, name), check_dtype=False, obj=name)


def test_import_is_light():
    code = ("import sys, time; t = time.perf_counter(); import workbench; dt = time.perf_counter() - t; "
            "heavy = [m for m in ('pandas', 'camel_tools', 'torch', 'plotly', 'wordfreq') if m in sys.modules]; "
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_unknown_engine_is_a_clear_error(corpus_dir):
    with pytest.raises(ValueError, match="unknown engine"):
        run_pipeline(corpus_dir, engine="spark", progress=False)


def test_a_missing_source_is_a_clear_error_before_any_worker_starts(tmp_path, monkeypatch):
    import workbench.batch as batch

    monkeypatch.setattr(batch, "ProcessPoolExecutor", None)  # a pool started would fail with a TypeError
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        run_pipeline(tmp_path / "missing", engine="processes", progress=False)


def _same_arrow(table: pd.DataFrame) -> None:
    from workbench.batch import _to_arrow, _to_arrow_reference

    fast, reference = _to_arrow(table), _to_arrow_reference(table)
    assert fast.schema.equals(reference.schema, check_metadata=True)
    assert fast.equals(reference)


def test_arrow_tables_equal_the_reference_on_every_pipeline_table(serial):
    for name in TABLES:
        _same_arrow(getattr(serial, name))
        _same_arrow(getattr(serial, name).iloc[:0])


_CELLS = st.one_of(st.text(max_size=5), st.none(), st.just(float("nan")), st.integers(-3, 3),
                   st.dates(), st.just(b"ab"), st.booleans())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=4), st.none() | st.integers(-5, 5), st.floats(allow_nan=True),
                          st.booleans(), _CELLS), max_size=6), st.booleans())
def test_arrow_tables_equal_the_reference_whatever_the_values(rows, texts_only):
    """Text with missing values, object columns of other values (dates, numbers, bytes: written as text),
    nullable integers, floats with NaN, booleans, and an empty table: the same table and schema either way."""
    frame = pd.DataFrame(rows, columns=["text", "count", "share", "flag", "other"])
    frame = frame.astype({"count": "Int64", "share": "float64", "flag": "bool"})
    frame["text"] = frame["text"].astype(object)
    frame["other"] = frame["other"].astype(object)
    if texts_only:
        frame["other"] = [v if isinstance(v, str) or v is None else str(v) for v in frame["other"]]
    _same_arrow(frame)
    _same_arrow(frame.astype({"text": "str"}))


def test_parquet_dictionary_encodes_repeated_text_only(corpus_dir, tmp_path):
    """Ids and labels are dictionary encoded; the documents' texts and the offsets are written plainly."""
    import pyarrow.parquet as pq

    paths = run_pipeline(corpus_dir, out_dir=tmp_path, engine="serial", chunk_size=1000, progress=False)

    def encodings(name: str, column: str) -> set[str]:
        meta = pq.ParquetFile(paths[name]).metadata
        index = meta.schema.names.index(column)
        return {e for g in range(meta.num_row_groups) for e in meta.row_group(g).column(index).encodings}

    assert {"RLE_DICTIONARY", "PLAIN_DICTIONARY"} & encodings("mentions", "entity_id")
    assert {"RLE_DICTIONARY", "PLAIN_DICTIONARY"} & encodings("corpus", "source")
    for name, column in (("corpus", "text"), ("mentions", "start"), ("corpus", "n_chars")):
        assert not {"RLE_DICTIONARY", "PLAIN_DICTIONARY"} & encodings(name, column), (name, column)


def test_parquet_keeps_statistics_for_ids_and_numbers_only(corpus_dir, tmp_path):
    """Row groups can be skipped by document, entity, round or offset; free text gets no minimum and maximum."""
    import pyarrow.parquet as pq

    paths = run_pipeline(corpus_dir, out_dir=tmp_path, engine="serial", chunk_size=2, progress=False)

    def has_statistics(name: str, column: str) -> bool:
        meta = pq.ParquetFile(paths[name]).metadata
        index = meta.schema.names.index(column)
        return meta.row_group(0).column(index).is_stats_set

    for name, column in (("mentions", "doc_id"), ("mentions", "entity_id"), ("mentions", "start"),
                         ("themes", "theme_id"), ("round_mentions", "round"), ("corpus", "n_chars")):
        assert has_statistics(name, column), (name, column)
    for name, column in (("corpus", "text"), ("corpus", "title"), ("mentions", "surface"), ("mentions", "label_en")):
        assert not has_statistics(name, column), (name, column)
    ids = {doc for doc in pq.read_table(paths["mentions"], columns=["doc_id"])["doc_id"].to_pylist()}
    first = sorted(ids)[0]
    assert set(pq.read_table(paths["mentions"], filters=[("doc_id", "==", first)])["doc_id"].to_pylist()) == {first}


def test_a_chunk_leaves_the_garbage_collector_as_it_found_it(corpus_dir, monkeypatch):
    import gc

    from workbench import batch
    from workbench.loading import iter_inputs

    items = list(iter_inputs(corpus_dir, read=False))[:2]
    config = batch.PipelineConfig()
    seen = []
    real = batch._process_chunk
    monkeypatch.setattr(batch, "_process_chunk", lambda *a: (seen.append(gc.isenabled()), real(*a))[1])
    try:
        for enabled in (True, False):
            gc.enable() if enabled else gc.disable()
            assert len(batch.process_chunk(items, config)["corpus"]) == 2
            assert gc.isenabled() == enabled
        gc.enable()
        monkeypatch.setattr(batch, "_process_chunk", lambda *a: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            batch.process_chunk(items, config)
        assert gc.isenabled()
    finally:
        gc.enable()
    assert seen == [False, False]


def test_a_chunk_comes_back_from_a_worker_with_the_same_arrow_tables(corpus_dir):
    """What a worker sends (its tables as Arrow IPC streams), once unpickled, is the tables ``process_chunk`` makes:
    same values, same schema, same pandas metadata; nothing else in the result changes."""
    from multiprocessing.reduction import ForkingPickler

    from workbench.batch import PipelineConfig, _process_chunk_elsewhere, process_chunk
    from workbench.loading import iter_inputs

    config = PipelineConfig(arrow=True)
    here = process_chunk(list(iter_inputs(corpus_dir, read=False)), config)
    back = ForkingPickler.loads(ForkingPickler.dumps(_process_chunk_elsewhere(list(iter_inputs(corpus_dir, read=False)),
                                                                              config)))
    assert set(back) == set(here)
    for name in TABLES:
        if name != "report":
            assert back[name].schema.equals(here[name].schema, check_metadata=True), name
            assert back[name].equals(here[name]), name
    assert back["keys"] == here["keys"]
    assert [vars(item) for item in back["items"]] == [vars(item) for item in here["items"]]


_CHANGE_TEXT = st.one_of(st.text(max_size=4), st.none())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.fixed_dictionaries({
    "doc_id": st.text(min_size=1, max_size=3), "step": _CHANGE_TEXT, "kind": _CHANGE_TEXT,
    "start": st.integers(0, 2**40), "end": st.integers(0, 9) | st.none(), "raw_start": st.integers(0, 9),
    "raw_end": st.integers(0, 9),
    "before": _CHANGE_TEXT, "after": _CHANGE_TEXT, "current": st.booleans() | st.none(),
    "evidence": st.one_of(_CHANGE_TEXT, st.floats(allow_nan=False), st.integers(-3, 3))}), max_size=5))
def test_the_change_table_built_without_pandas_is_the_one_made_through_pandas(records):
    """Values, schema and pandas metadata, with missing texts, and with values of other types (which take pandas'
    way)."""
    from workbench.batch import _changes_table, _to_arrow
    from workbench.cleaning import CHANGE_COLUMNS

    fast = _changes_table(records, arrow=True)
    reference = _to_arrow(pd.DataFrame({c: [r[c] for r in records] for c in CHANGE_COLUMNS}))
    assert fast.schema.equals(reference.schema, check_metadata=True)
    assert fast.equals(reference)
    pd.testing.assert_frame_equal(_changes_table(records, arrow=False),
                                  pd.DataFrame({c: [r[c] for r in records] for c in CHANGE_COLUMNS}))
