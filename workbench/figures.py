"""Plotly figures for the notebooks. Each takes a DataFrame and returns a ``plotly.graph_objects.Figure``."""

from __future__ import annotations

import pandas as pd


def plot_corpus_stats(stats: pd.DataFrame):
    """Words per document: kept as article text, and removed as page furniture (stacked bars).

    ``stats`` is the output of :func:`workbench.stats.corpus_stats` called with the changes table.
    """
    import plotly.graph_objects as go

    fig = go.Figure()
    fig.add_bar(name="words kept", x=stats["doc_id"], y=stats["n_words"],
                hovertemplate="%{x}<br>%{y} words<extra></extra>")
    fig.add_bar(name="words removed as page furniture", x=stats["doc_id"], y=stats["furniture_words"],
                hovertemplate="%{x}<br>%{y} words of furniture<extra></extra>")
    fig.update_layout(barmode="stack", title="Words per document, and what cleaning removed",
                      xaxis_title="document", yaxis_title="words", template="plotly_white",
                      height=380, margin=dict(l=40, r=20, t=60, b=80))
    return fig
