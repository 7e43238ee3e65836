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
