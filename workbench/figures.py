"""Plotly figures for the notebooks. Each takes a DataFrame and returns a ``plotly.graph_objects.Figure``.

Every label, hover text and title that comes from data goes through :func:`workbench.safehtml.plotly_escape`
(plotly.js draws a subset of HTML in text), so a document id or a lexicon label cannot add markup or links.
"""

from __future__ import annotations

import pandas as pd

from .safehtml import plotly_escape, plotly_labels


def _escaped(frame: pd.DataFrame, columns) -> pd.DataFrame:
    frame = frame.copy()
    for col in columns:
        if col in frame.columns:
            frame[col] = plotly_labels(frame[col].tolist())
    return frame


def plot_corpus_stats(stats: pd.DataFrame):
    """Words per document: kept as article text, and removed as page furniture (stacked bars).

    ``stats`` is the output of :func:`workbench.stats.corpus_stats` called with the changes table.
    """
    import plotly.graph_objects as go

    fig = go.Figure()
    stats = _escaped(stats, ["doc_id"])
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
    data = _escaped(data, ["label", "entity_id", "type"])
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

    fig = go.Figure(go.Heatmap(z=matrix.values, x=plotly_labels([str(c) for c in matrix.columns]),
                               y=plotly_labels([str(i) for i in matrix.index]),
                               colorscale="Blues", colorbar=dict(title=plotly_escape(value_label)),
                               hovertemplate="%{y}<br>%{x}<br>%{z}<extra></extra>"))
    fig.update_layout(title=plotly_escape(title), template="plotly_white", height=max(300, 40 * len(matrix) + 200),
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


def plot_round_profile(counts: pd.DataFrame, item_label: str = "label_ar", top: int = 8,
                       value: str = "per_1000_words", title: str = "Mentions per 1,000 words, by round"):
    """Grouped bars of the ``top`` items across rounds (``counts`` grouped by ``main_round``)."""
    import plotly.express as px

    data = counts[counts["main_round"].notna()].copy()
    keep = data.groupby(item_label)["count"].sum().sort_values(ascending=False).head(top).index
    data = _escaped(data[data[item_label].isin(keep)], [item_label])
    keep = plotly_labels(list(keep))
    data["round"] = "R" + data["main_round"].astype(int).astype(str)
    order = ["R" + str(r) for r in sorted(data["main_round"].astype(int).unique())]
    fig = px.bar(data, x=item_label, y=value, color="round", barmode="group", template="plotly_white",
                 category_orders={"round": order, item_label: keep}, title=plotly_escape(title), height=420,
                 hover_data=["count", "n_words"])
    fig.update_layout(xaxis_title=None, yaxis_title=value.replace("_", " "), margin=dict(l=20, r=20, t=60, b=80))
    return fig


def plot_timeline(calendar: pd.DataFrame, timeline: pd.DataFrame):
    """The reference calendar of rounds with the dates articles give for them; disagreements in red."""
    import plotly.graph_objects as go

    fig = go.Figure()
    fig.add_scatter(x=pd.to_datetime(calendar["start"]), y=calendar["round"], mode="markers",
                    marker=dict(symbol="line-ew-open", size=14, color="#1f77b4", line=dict(width=3)),
                    name="calendar (round start)", text=plotly_labels(calendar["venue"].tolist()),
                    hovertemplate="round %{y}<br>%{x|%Y-%m-%d}<br>%{text}<extra>calendar</extra>")
    dated = timeline[timeline["reported_date"].str.len() >= 7].copy()
    if len(dated):
        dated["when"] = pd.to_datetime(dated["reported_date"].where(dated["reported_date"].str.len() == 10,
                                                                    dated["reported_date"] + "-15"))
        for ok, colour, name in ((True, "#2ca02c", "article agrees"), (False, "#d62728", "article disagrees")):
            part = dated[dated["agrees"] == ok]
            fig.add_scatter(x=part["when"], y=part["round"], mode="markers", name=name,
                            marker=dict(size=11, color=colour, symbol="circle-open", line=dict(width=2)),
                            text=plotly_labels((part["doc_id"] + ": " + part["date_surface"]).tolist()),
                            hovertemplate="round %{y}<br>%{text}<extra></extra>")
    fig.update_layout(title="Rounds: reference calendar and what the articles report", template="plotly_white",
                      xaxis_title="date", yaxis_title="round", height=420, margin=dict(l=20, r=20, t=60, b=40))
    return fig
