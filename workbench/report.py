"""The main job: execute every notebook on a corpus and write HTML pages and CSV tables.

``python -m workbench report --corpus PATH --out reports`` runs each notebook
in ``notebooks/`` with papermill (parameters ``corpus_path`` and
``report_dir``), saves the executed notebook, converts it to HTML, and writes
``index.html`` linking them. Tables the notebooks save land in
``<out>/tables/``.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path


def run_report(corpus: str | Path, out: str | Path, notebooks_dir: str | Path = "notebooks",
               kernel: str = "python3") -> list[Path]:
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    corpus = Path(corpus).resolve()
    out = Path(out).resolve()
    notebooks_dir = Path(notebooks_dir).resolve()
    if not corpus.exists():
        raise FileNotFoundError(f"no such corpus: {corpus}")
    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    pages = []
    for nb_path in sorted(notebooks_dir.glob("[0-9]*.ipynb")):
        executed = out / "notebooks" / nb_path.name
        print(f"running {nb_path.name} on {corpus}", file=sys.stderr)
        papermill.execute_notebook(str(nb_path), str(executed), kernel_name=kernel, cwd=str(notebooks_dir),
                                   parameters={"corpus_path": str(corpus), "report_dir": str(out / "tables")},
                                   progress_bar=False)
        body, _ = HTMLExporter(template_name="lab").from_notebook_node(nbformat.read(executed, as_version=4))
        page = out / f"{nb_path.stem}.html"
        page.write_text(body, encoding="utf-8")
        pages.append(page)
    items = "\n".join(f'<li><a href="{html.escape(p.name)}">{html.escape(p.stem)}</a></li>' for p in pages)
    tables = sorted((out / "tables").glob("*.csv")) if (out / "tables").exists() else []
    table_items = "\n".join(f'<li><a href="tables/{html.escape(t.name)}">{html.escape(t.name)}</a></li>'
                            for t in tables)
    (out / "index.html").write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Astana coverage workbench report</title>"
        "</head><body><h1>Astana coverage workbench report</h1>"
        f"<p>Corpus: {html.escape(str(corpus))}</p><h2>Notebooks</h2><ul>{items}</ul>"
        f"<h2>Tables (CSV)</h2><ul>{table_items}</ul></body></html>", encoding="utf-8")
    return pages
