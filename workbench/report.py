"""The main job: execute every notebook on a corpus and write HTML pages and CSV tables.

``python -m workbench report --corpus PATH --out reports`` runs each notebook
in ``notebooks/`` with papermill (parameters ``corpus_path`` and
``report_dir``), saves the executed notebook, converts it to HTML, and writes
``index.html`` linking them. Tables the notebooks save land in
``<out>/tables/``.
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path


PLOTLY_MIME = "application/vnd.plotly.v1+json"
_MATHJAX_RE = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.DOTALL)
# Table cells take the direction of their own text, so Arabic cells read right to left.
_REPORT_CSS = ".jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th { unicode-bidi: plaintext; }"


def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def _data_url(name: str) -> str:
    """A vendored script (``workbench/static``) as a data: URL, so pages need no network and no side files."""
    import base64
    from importlib import resources

    data = resources.files("workbench").joinpath("static", name).read_bytes()
    return "data:text/javascript;base64," + base64.b64encode(data).decode("ascii")


def add_plotly_html(nb) -> int:
    """Give every plotly figure output an HTML rendering, so exported pages draw it with no network.

    Notebooks store figures as plotly JSON (``plotly_mimetype`` renderer),
    which JupyterLab draws but nbconvert's HTML does not; plotly.js itself is
    embedded once per page by :func:`run_report`. Returns the number of figures.
    """
    import plotly.io as pio

    n = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if PLOTLY_MIME in data:
                n += 1
                fig = pio.from_json(json.dumps(data[PLOTLY_MIME]), skip_invalid=True)
                data["text/html"] = pio.to_html(fig, include_plotlyjs=False, full_html=False,
                                                div_id=f"plotly-figure-{n}")
                data.pop(PLOTLY_MIME)
    return n


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
                                   progress_bar=False, execution_timeout=600)
        node = nbformat.read(executed, as_version=4)
        add_plotly_html(node)
        exporter = HTMLExporter(template_name="lab", require_js_url=_data_url("require.js"),
                                widget_renderer_url=_data_url("embed-amd.js"))
        body, _ = exporter.from_notebook_node(node)
        # plotly.js goes first, before require.js, so that it defines window.Plotly rather than an AMD module
        body = body.replace("<head>", f"<head>\n<script type=\"text/javascript\">{_plotly_js()}</script>", 1)
        body = body.replace("<body", '<body data-report="astana-workbench"', 1)
        body = _MATHJAX_RE.sub("", body)  # the notebooks have no formulas; MathJax would be fetched from a CDN
        body = body.replace("</head>", f"<style>{_REPORT_CSS}</style>\n</head>", 1)
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
