"""HTML for untrusted article text: everything is escaped, nothing from an article can run.

Article text, titles, file names and lexicon entries all go through
:func:`escape` before they reach HTML; markup is only ever added around
escaped text, never inside it.
"""

from __future__ import annotations

import html

import pandas as pd

RTL_STYLE = "direction: rtl; text-align: right; unicode-bidi: plaintext; font-family: 'Noto Naskh Arabic', " \
            "'Amiri', 'Arial', sans-serif; line-height: 1.9;"


def escape(text) -> str:
    """HTML-escape any value (quotes included)."""
    return html.escape("" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text),
                       quote=True)


_PLOTLY_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;"})


def plotly_escape(text) -> str:
    """Escape a value for plotly text (labels, hover text, titles, legend names).

    plotly.js renders a subset of HTML in text (``<b>``, ``<a href>``, ``<br>``) and decodes only a few
    entities (``&amp;``, ``&lt;``, ``&gt;`` and numeric ones, not ``&quot;``), so this escapes ``&``, ``<``,
    ``>`` and ``"`` (as ``&#34;``): the text shows as written and no markup from it is drawn.
    """
    return ("" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text)).translate(
        _PLOTLY_ESCAPES)


def plotly_labels(values) -> list:
    """:func:`plotly_escape` over a sequence, leaving numbers as numbers (so numeric axes stay numeric)."""
    return [plotly_escape(v) if isinstance(v, str) or v is None else v for v in values]


def table_html(table: pd.DataFrame, rtl_columns: tuple[str, ...] = (), max_rows: int = 200) -> str:
    """A DataFrame as an HTML table with every cell escaped; ``rtl_columns`` are set right to left."""
    head = "".join(f"<th>{escape(c)}</th>" for c in table.columns)
    rows = []
    for values in table.head(max_rows).itertuples(index=False):
        cells = []
        for col, value in zip(table.columns, values):
            style = f' dir="rtl" style="{RTL_STYLE}"' if col in rtl_columns else ""
            cells.append(f"<td{style}>{escape(value)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    more = f"<p>… {len(table) - max_rows} more rows</p>" if len(table) > max_rows else ""
    return (f'<table class="wb-table" style="border-collapse: collapse;"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>{more}")


def highlight(text: str, spans: list[tuple[int, int, str, str]], colours: dict[str, str]) -> str:
    """``text`` as escaped HTML with ``(start, end, kind, title)`` spans wrapped in coloured ``<mark>``.

    Overlapping spans: the earlier (then longer) one wins. Line breaks become ``<br>``.
    """
    out, pos = [], 0
    for start, end, kind, title in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if start < pos or end <= start:
            continue
        out.append(_text(text[pos:start]))
        colour = colours.get(kind, "#eee")
        out.append(f'<mark class="wb-{escape(kind)}" title="{escape(title)}" '
                   f'style="background: {colour}; padding: 0 2px; border-radius: 3px;">{_text(text[start:end])}</mark>')
        pos = end
    out.append(_text(text[pos:]))
    return "".join(out)


def _text(s: str) -> str:
    return escape(s).replace("\n", "<br>")
