"""The main job: notebooks executed on a user's corpus, HTML pages and CSV tables written."""

from pathlib import Path

import pandas as pd

from workbench.report import run_report

ROOT = Path(__file__).resolve().parent.parent


def test_report_on_a_users_corpus(tmp_path):
    corpus = tmp_path / "my corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("الرئيسية / أخبار / جولة جديدة\nجولة جديدة\nانطلقت في أستانا جولة جديدة من "
                                  "المحادثات بحضور وفد الأممالمتحدة والدول الضامنة روسيا وتركيا وإيران.",
                                  encoding="utf-8")
    (corpus / "b.txt").write_bytes(b"")
    out = tmp_path / "reports"
    pages = run_report(corpus, out, notebooks_dir=ROOT / "notebooks")
    assert pages and all(p.exists() for p in pages)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(p.name in index for p in pages)
    page = (out / "01_load_and_clean.html").read_text(encoding="utf-8")
    assert 'id="plotly-figure-1"' in page and "Plotly.newPlot" in page
    assert "plotly.js v" in page or "Plotly=" in page  # plotly.js embedded, no CDN needed
    report = pd.read_csv(out / "tables" / "load_report.csv", keep_default_na=False)
    assert list(report["status"]) == ["loaded", "skipped"]
    changes = pd.read_csv(out / "tables" / "cleaning_changes.csv", keep_default_na=False)
    assert "الأممالمتحدة" in set(changes["before"])
