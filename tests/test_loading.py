"""Loading: every kind of input is decoded or accounted for in the load report."""

import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from workbench.loading import CORPUS_COLUMNS, REPORT_COLUMNS, load_corpus

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ARTICLE = ("أكدت وزارة الخارجية الكازاخية أن الجولة الثامنة من محادثات أستانا حول سوريا اختتمت بمشاركة "
           "الدول الضامنة روسيا وتركيا وإيران، وبحضور وفد الأمم المتحدة برئاسة ستيفان دي ميستورا.")
OTHER = "قال المبعوث الروسي ألكسندر لافرنتييف إن مؤتمر الحوار الوطني السوري سيعقد في سوتشي نهاية الشهر المقبل."


@pytest.fixture()
def messy_corpus(tmp_path):
    d = tmp_path / "corpus"
    (d / "sub").mkdir(parents=True)
    (d / "utf8.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "bom.txt").write_bytes("\ufeff".encode("utf-8") + OTHER.encode("utf-8"))
    (d / "cp1256.txt").write_bytes(("في أستانا، " + OTHER.replace("سوتشي", "جنيف")).encode("cp1256"))
    (d / "utf16.txt").write_bytes(("في موسكو، " + ARTICLE).encode("utf-16"))
    (d / "page.html").write_text(
        "<html><head><title>خبر</title><script>var x = 'لا تظهر';</script></head>"
        f"<body><p>{OTHER.replace('سوتشي', 'دمشق')}</p></body></html>", encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "blank.txt").write_text("  \n\u00a0\n", encoding="utf-8")
    (d / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(200))
    (d / "nul.txt").write_bytes(b"abc\x00\x01\x02" * 50 + os.urandom(50))
    (d / "english.txt").write_text("The Astana talks resumed today in Kazakhstan with all parties.", encoding="utf-8")
    (d / "utf8_copy.txt").write_text(ARTICLE + "\n", encoding="utf-8")
    (d / "sub" / "nested.txt").write_text(OTHER.replace("سوتشي", "أنقرة"), encoding="utf-8")
    (d / "notes.docx").write_bytes(b"PK\x03\x04rest")
    return d


def test_every_input_is_accounted_for(messy_corpus):
    corpus, report, changes = load_corpus(messy_corpus, with_details=True)
    assert list(report.columns) == REPORT_COLUMNS
    files = sorted(str(p) for p in messy_corpus.rglob("*") if p.is_file())
    assert sorted(report["input"]) == files
    outcome = {Path(i).name: (s, r) for i, s, r in zip(report["input"], report["status"], report["reason"])}
    assert outcome["utf8.txt"] == ("loaded", "")
    assert outcome["bom.txt"] == ("loaded", "")
    assert outcome["cp1256.txt"] == ("loaded", "")
    assert outcome["utf16.txt"] == ("loaded", "")
    assert outcome["page.html"] == ("loaded", "")
    assert outcome["empty.txt"] == ("skipped", "empty")
    assert outcome["blank.txt"] == ("skipped", "empty")
    assert outcome["binary.txt"] == ("skipped", "binary")
    assert outcome["nul.txt"] == ("skipped", "binary")
    assert outcome["english.txt"] == ("skipped", "no Arabic text")
    assert outcome["utf8_copy.txt"] == ("skipped", "duplicate")
    assert outcome["nested.txt"] == ("loaded", "")
    assert outcome["notes.docx"] == ("skipped", "unsupported file type")
    assert report.loc[report["input"].str.endswith("utf8_copy.txt"), "detail"].item() == "same text as utf8"
    assert len(corpus) == 6


def test_encodings_are_decoded_correctly(messy_corpus):
    corpus, report, _ = load_corpus(messy_corpus, with_details=True)
    by_id = corpus.set_index("doc_id")
    assert by_id.at["cp1256", "text"].startswith("في أستانا، قال المبعوث الروسي")
    assert "cp1256" in by_id.at["cp1256", "encoding"]
    assert by_id.at["utf16", "text"].startswith("في موسكو، أكدت وزارة")
    assert by_id.at["bom", "text"] == OTHER
    html = by_id.at["page", "text"]
    assert "لا تظهر" not in html and "<" not in html and "دمشق" in html


def test_corpus_columns_and_types(messy_corpus):
    corpus = load_corpus(messy_corpus)
    assert list(corpus.columns) == CORPUS_COLUMNS
    assert corpus["doc_id"].is_unique
    assert (corpus["n_words"] > 10).all()
    assert corpus["n_chars"].equals(corpus["text"].str.len().astype("int64"))


def test_recursive_is_optional(messy_corpus):
    report = load_corpus(messy_corpus, recursive=False, with_details=True).report
    assert not report["input"].str.contains("nested").any()
    assert len(report) == 12


def test_single_file(messy_corpus):
    corpus = load_corpus(messy_corpus / "utf8.txt")
    assert list(corpus["doc_id"]) == ["utf8"]


def test_colliding_stems_get_distinct_ids(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b" / "x.txt").write_text(OTHER, encoding="utf-8")
    assert sorted(load_corpus(tmp_path)["doc_id"]) == ["b/x", "x"]


def _table():
    return pd.DataFrame({
        "id": ["a1", "a2", "a3", "a4"],
        "headline": ["خبر أول", "خبر ثان", "فارغ", "إنجليزي"],
        "body": [ARTICLE, OTHER, "", "English only text here, nothing else at all."],
        "published": ["2017-12-22", "2018-01-30", "", ""],
        "outlet": ["سانا", "الشروق", "", ""],
        "link": ["http://a", "http://b", "", ""],
        "lang": ["ar", "ar", "ar", "en"],
    })


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".jsonl", ".parquet"])
def test_tables_with_metadata(tmp_path, suffix):
    table = _table()
    path = tmp_path / f"articles{suffix}"
    if suffix == ".csv":
        table.to_csv(path, index=False)
    elif suffix == ".tsv":
        table.to_csv(path, index=False, sep="\t")
    elif suffix == ".jsonl":
        path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in table.to_dict("records")),
                        encoding="utf-8")
    else:
        table.to_parquet(path)
    corpus, report, _ = load_corpus(path, with_details=True)
    assert list(corpus["doc_id"]) == ["a1", "a2"]
    assert list(corpus["title"]) == ["خبر أول", "خبر ثان"]
    assert list(corpus["source"]) == ["سانا", "الشروق"]
    assert list(corpus["date"]) == ["2017-12-22", "2018-01-30"]
    assert list(corpus["url"]) == ["http://a", "http://b"]
    assert list(corpus["lang"]) == ["ar", "ar"]
    assert list(report["status"]) == ["loaded", "loaded", "skipped", "skipped"]
    assert list(report["reason"]) == ["", "", "empty", "no Arabic text"]


def test_dataframe_input_and_explicit_text_column():
    table = pd.DataFrame({"matn": [ARTICLE, OTHER]})
    corpus = load_corpus(table, text_column="matn")
    assert list(corpus["doc_id"]) == ["row#1", "row#2"]


def test_table_without_text_column_is_reported(tmp_path):
    path = tmp_path / "bad.csv"
    pd.DataFrame({"x": [1, 2]}).to_csv(path, index=False)
    corpus, report, _ = load_corpus(tmp_path, with_details=True)
    assert corpus.empty
    assert report.loc[0, "reason"] == "bad table"
    assert "no text column" in report.loc[0, "detail"]


def test_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        load_corpus(tmp_path / "nope")


def test_seeds_load_without_loss():
    corpus, report, changes = load_corpus(SEEDS, with_details=True)
    assert (report["status"] == "loaded").all() and len(corpus) == 5
    assert set(changes["kind"]) >= {"glued_word", "furniture:breadcrumb", "furniture:source_line"}


def test_one_broken_jsonl_line_skips_only_that_line(tmp_path):
    path = tmp_path / "news.jsonl"
    lines = [json.dumps({"id": "a", "text": ARTICLE}, ensure_ascii=False), "",
             '{"id": "b", "text": "broken', json.dumps({"id": "c", "text": OTHER}, ensure_ascii=False), "[1, 2]"]
    path.write_text("\n".join(lines), encoding="utf-8")
    corpus, report, _ = load_corpus(path, with_details=True)
    assert list(corpus["doc_id"]) == ["a", "c"]
    assert list(report["input"]) == [f"{path}#1", f"{path}#3", f"{path}#4", f"{path}#5"]
    assert list(report["reason"]) == ["", "bad table row", "", "bad table row"]
    assert "line 3" in report.loc[1, "detail"] and "not an object" in report.loc[3, "detail"]


def test_jsonl_row_ids_follow_line_numbers(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text("\n" + json.dumps({"text": ARTICLE}, ensure_ascii=False) + "\n\n"
                    + json.dumps({"text": OTHER}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert list(load_corpus(path)["doc_id"]) == ["news#2", "news#4"]


def test_csv_row_with_an_extra_field_is_reported_in_place(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text(f"id,text\na,{ARTICLE.replace('،', '')}\nb,one,two\nc,{OTHER}\n", encoding="utf-8")
    corpus, report, _ = load_corpus(path, with_details=True)
    assert list(corpus["doc_id"]) == ["a", "c"]
    assert list(report["input"]) == [f"{path}#1", f"{path}#2", f"{path}#3"]
    assert list(report["reason"]) == ["", "bad table row", ""]
    assert "3 fields, expected 2" in report.loc[1, "detail"]


@pytest.mark.parametrize("suffix,sep", [(".csv", ","), (".tsv", "\t")])
def test_cp1256_table_is_decoded(tmp_path, suffix, sep):
    path = tmp_path / f"news{suffix}"
    path.write_bytes(f"id{sep}title{sep}text\na{sep}خبر{sep}{OTHER}\n".encode("cp1256"))
    corpus, report, _ = load_corpus(path, with_details=True)
    assert list(report["status"]) == ["loaded"]
    assert corpus.loc[0, "text"] == OTHER and corpus.loc[0, "title"] == "خبر"
    assert "cp1256" in corpus.loc[0, "encoding"]


def test_undecodable_table_is_reported(tmp_path):
    (tmp_path / "bin.csv").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    report = load_corpus(tmp_path, with_details=True).report
    assert list(report["reason"]) == ["binary"]


def test_invisible_only_file_is_empty(tmp_path):
    (tmp_path / "blank.txt").write_text("\u00a0\u200b\n\u200f \u200c\u00a0\n", encoding="utf-8")
    report = load_corpus(tmp_path, with_details=True).report
    assert (report.loc[0, "status"], report.loc[0, "reason"]) == ("skipped", "empty")
    assert "invisible" in report.loc[0, "detail"]


def test_hidden_files_and_folders_are_reported(tmp_path):
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "a-checkpoint.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(OTHER, encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    corpus, report, _ = load_corpus(tmp_path, with_details=True)
    assert list(corpus["doc_id"]) == ["a"]
    files = sorted(str(p) for p in tmp_path.rglob("*") if p.is_file())
    assert sorted(report["input"]) == files
    reasons = dict(zip(report["input"].map(lambda p: Path(p).name), report["reason"]))
    assert reasons == {".hidden.txt": "hidden file", "a-checkpoint.txt": "hidden file", "a.txt": ""}


def test_utf16_without_bom_and_a_bad_byte_are_loaded(tmp_path):
    (tmp_path / "le.txt").write_bytes(ARTICLE.encode("utf-16-le"))
    (tmp_path / "be.txt").write_bytes(OTHER.encode("utf-16-be"))
    (tmp_path / "cut.txt").write_bytes((ARTICLE + " " + OTHER[:-1]).encode("utf-8")[:-1])
    corpus, report, _ = load_corpus(tmp_path, with_details=True)
    assert (report["status"] == "loaded").all()
    by_id = corpus.set_index("doc_id")
    assert by_id.at["le", "text"] == ARTICLE and by_id.at["be", "text"] == OTHER
    assert by_id.at["le", "encoding"] == "utf-16-le"
    assert report.loc[report["input"].str.endswith("cut.txt"), "detail"].item() == \
        "1 undecodable byte replaced by \ufffd"


@pytest.mark.parametrize("size", [0, 1, 65_535, 65_536, 65_537, 3_000_000])
def test_files_are_read_whole_whatever_their_size(tmp_path, size):
    from workbench.loading import _read_bytes

    data = bytes(range(256)) * (size // 256) + bytes(size % 256)
    (tmp_path / "a.bin").write_bytes(data)
    assert _read_bytes(str(tmp_path / "a.bin")) == data


def test_an_unreadable_file_says_why_as_open_does(tmp_path):
    from workbench.loading import _read_bytes

    for path in (tmp_path / "missing.txt", tmp_path):  # no such file; a folder
        with pytest.raises(OSError) as ours:
            _read_bytes(str(path))
        with pytest.raises(OSError) as builtin:
            open(path, "rb").read()
        assert str(ours.value) == str(builtin.value)


@pytest.mark.parametrize("keep_raw", [True, False])
def test_corpus_frame_orders_and_types_its_columns_as_the_rows_give_them(keep_raw):
    """The corpus columns first, then a table's other columns in the order the rows first have them (as
    ``pd.DataFrame(rows)`` puts them), counts as int64, whether or not the rows have other columns."""
    from workbench.loading import corpus_frame

    base = {c: f"v_{c}" for c in CORPUS_COLUMNS} | {"n_chars": 5, "n_words": 2}
    for rows in ([], [dict(base)], [dict(base, x=1), dict(base, y="a", x=2)], [dict(base, y=None), dict(base)]):
        frame = corpus_frame([dict(r) for r in rows], keep_raw=keep_raw)
        columns = [c for c in CORPUS_COLUMNS if keep_raw or c != "raw_text"]
        reference = (pd.DataFrame(rows) if rows else pd.DataFrame(columns=columns))
        reference = reference[columns + [c for c in reference.columns if c not in CORPUS_COLUMNS]]
        reference = reference.reset_index(drop=True).astype({"n_chars": "int64", "n_words": "int64"})
        pd.testing.assert_frame_equal(frame, reference)
