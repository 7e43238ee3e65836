import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent


def run(*args):
    return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


def test_corpus_csv_to_stdout_with_report():
    proc = run("corpus", "seeds", "--format", "csv", "--report")
    assert proc.returncode == 0, proc.stderr
    table = pd.read_csv(io.StringIO(proc.stdout), keep_default_na=False)
    assert len(table) == 5 and "text" in table.columns and "raw_text" not in table.columns
    assert "الأمم المتحدة" in table.loc[table["doc_id"] == "000_c2e2c0f4ce6588d1", "text"].item()
    assert "5 loaded, 0 skipped, 5 inputs" in proc.stderr


def test_corpus_jsonl(tmp_path):
    (tmp_path / "a.txt").write_text("وقال لافرنتييف إن اجتماع أستانا المقبل سيعقد في موعده بمشاركة الجميع.",
                                    encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    proc = run("corpus", str(tmp_path), "--format", "jsonl", "--report")
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert [r["doc_id"] for r in rows] == ["a"]
    assert "1 loaded, 1 skipped, 2 inputs" in proc.stderr
    assert "empty" in proc.stderr


def test_missing_path_exits_non_zero_with_message(tmp_path):
    proc = run("corpus", str(tmp_path / "missing"))
    assert proc.returncode == 2
    assert "no such file or folder" in proc.stderr
    assert proc.stdout == ""


def test_entities_and_counts_commands(tmp_path):
    (tmp_path / "a.txt").write_text("قال لافروف في أستانا إن روسيا وتركيا وإيران اتفقت. وقال الوفد الروسي ذلك.",
                                    encoding="utf-8")
    proc = run("entities", str(tmp_path), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    mentions = pd.read_csv(io.StringIO(proc.stdout), keep_default_na=False)
    assert list(mentions["entity_id"]) == ["PER:sergey-lavrov", "LOC:astana", "GPE:russia", "GPE:turkey",
                                           "GPE:iran"]
    text = (tmp_path / "a.txt").read_text(encoding="utf-8")
    assert all(text[r.start:r.end] == r.surface for r in mentions.itertuples())
    proc = run("entities", str(tmp_path), "--format", "jsonl", "--all-kinds")
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert rows[-1]["kind"] == "demonym" and rows[-1]["surface"] == "الروسي"
    proc = run("counts", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    counts = pd.read_csv(io.StringIO(proc.stdout), keep_default_na=False)
    assert set(counts.columns) >= {"doc_id", "entity_id", "count", "per_1000_words"}
    assert counts["count"].sum() == 5


def test_user_lexicon_on_the_command_line(tmp_path):
    (tmp_path / "a.txt").write_text("وصل المبعوث يوهان شميدت إلى أستانا اليوم للمشاركة في الجولة الجديدة.",
                                    encoding="utf-8")
    lexicon = tmp_path / "mine.csv"
    lexicon.write_text("entity_id,type,name_ar,name_en\nPER:johann-schmidt,PER,يوهان شميدت,Johann Schmidt\n",
                       encoding="utf-8")
    proc = run("entities", str(tmp_path / "a.txt"), "--lexicon", str(lexicon))
    assert proc.returncode == 0, proc.stderr
    assert "PER:johann-schmidt" in proc.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("name\nx\n", encoding="utf-8")
    proc = run("entities", str(tmp_path / "a.txt"), "--lexicon", str(bad))
    assert proc.returncode == 2 and "missing column" in proc.stderr


def test_rounds_dates_and_themes_commands():
    proc = run("rounds", "seeds", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    table = pd.read_csv(io.StringIO(proc.stdout), keep_default_na=False)
    assert list(table.columns) == ["doc_id", "main_round", "confidence", "inferred", "evidence", "rounds_mentioned"]
    assert list(table["main_round"]) == [8, 7, 8, 7, 1]
    proc = run("dates", "seeds", "--format", "jsonl")
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert rows[0]["date"] == "2018-01-29" and rows[0]["systems"] == "maghrebi"
    proc = run("themes", "seeds")
    themes = pd.read_csv(io.StringIO(proc.stdout), keep_default_na=False)
    assert "THEME:demining" in set(themes["theme_id"])


def test_pipeline_command_writes_parquet(tmp_path):
    proc = run("pipeline", "seeds", "--out", str(tmp_path / "out"), "--workers", "2", "--chunk-size", "2", "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert "mentions\t" in proc.stdout
    mentions = pd.read_parquet(tmp_path / "out" / "mentions.parquet")
    assert len(mentions) > 300 and "entity_id" in mentions.columns
