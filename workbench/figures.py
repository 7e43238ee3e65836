"""Plotly figures for the notebooks. Each takes a DataFrame and returns a ``plotly.graph_objects.Figure``."""

from __future__ import annotations

import pandas as pd


def plot_corpus_stats(stats: pd.DataFrame):
    """Words per document, with the characters cleaning removed, as a grouped bar chart.

    ``stats`` is the output of :func:`workbench.stats.corpus_stats`.
    """
    import plotly.graph_objects as go

    fig = go.Figure()
    fig.add_bar(name="words kept", x=stats["doc_id"], y=stats["n_words"],
                hovertemplate="%{x}<br>%{y} words<extra></extra>")
    fig.add_bar(name="characters removed", x=stats["doc_id"], y=stats["removed_chars"],
                hovertemplate="%{x}<br>%{y} characters removed<extra></extra>")
    fig.update_layout(barmode="group", title="Corpus size and what cleaning removed",
                      xaxis_title="document", yaxis_title="count", template="plotly_white",
                      height=380, margin=dict(l=40, r=20, t=60, b=80))
    return fig
