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


def plot_top_entities(counts: pd.DataFrame, top: int = 10):
    """Horizontal bars of the most mentioned entities, one panel per type.

    ``counts`` is :func:`workbench.counts.entity_counts` with ``by=None``.
    """
    import plotly.express as px

    data = (counts.sort_values("count", ascending=False).groupby("type", group_keys=False).head(top)
            .assign(label=lambda d: d["label_ar"] + " · " + d["label_en"]))
    types = [t for t in ("PER", "GPE", "LOC", "ORG") if t in set(data["type"])]
    fig = px.bar(data, x="count", y="label", color="type", facet_col="type", facet_col_wrap=2,
                 category_orders={"type": types}, orientation="h", hover_data=["entity_id", "per_1000_words"],
                 height=260 * max(1, (len(types) + 1) // 2), template="plotly_white",
                 title=f"Most mentioned entities by type (top {top}, names only)")
    fig.update_yaxes(matches=None, showticklabels=True, title=None, autorange="reversed")
    fig.update_xaxes(title="mentions")
    fig.for_each_annotation(lambda a: a.update(text=a.text.split("=")[-1]))
    fig.update_layout(showlegend=False, margin=dict(l=20, r=20, t=60, b=40))
    return fig


def plot_heatmap(matrix: pd.DataFrame, title: str = "Mentions per 1,000 words", value_label: str = "value"):
    """A heatmap of a group × entity table such as :func:`workbench.counts.count_matrix`."""
    import plotly.graph_objects as go

    fig = go.Figure(go.Heatmap(z=matrix.values, x=list(matrix.columns), y=[str(i) for i in matrix.index],
                               colorscale="Blues", colorbar=dict(title=value_label),
                               hovertemplate="%{y}<br>%{x}<br>%{z}<extra></extra>"))
    fig.update_layout(title=title, template="plotly_white", height=max(300, 40 * len(matrix) + 200),
                      xaxis=dict(tickangle=-45), margin=dict(l=20, r=20, t=60, b=120))
    return fig


def plot_cooccurrence(pairs: pd.DataFrame, top: int = 15):
    """A symmetric heatmap of how often the ``top`` most connected entities share a sentence.

    ``pairs`` is :func:`workbench.counts.cooccurrence`.
    """
    weight = pd.concat([pairs.groupby("label_a")["n_sentences"].sum(), pairs.groupby("label_b")["n_sentences"].sum()])
    labels = weight.groupby(level=0).sum().sort_values(ascending=False).head(top).index
    matrix = pd.DataFrame(0, index=labels, columns=labels)
    for row in pairs.itertuples(index=False):
        if row.label_a in labels and row.label_b in labels:
            matrix.loc[row.label_a, row.label_b] += row.n_sentences
            matrix.loc[row.label_b, row.label_a] += row.n_sentences
    return plot_heatmap(matrix, title=f"Entities named in the same sentence (top {top})",
                        value_label="sentences")
