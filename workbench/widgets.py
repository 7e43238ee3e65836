"""Interactive explorers for JupyterLab, built from standard ipywidgets.

Each explorer is a plain Python object: its controls are attributes (set
``explorer.entity.value`` in a test as a user would in the notebook), its
views are methods that return DataFrames or HTML, and ``explorer.widget`` is
what the notebook displays. Every string that reaches HTML is escaped
(:mod:`workbench.safehtml`), so article text cannot run code. Charts are
shown in an ``Output`` that is redrawn in place, with plotly's own output and
an HTML rendering, so they also show in exported pages.
"""

from __future__ import annotations

import json

import pandas as pd

from .safehtml import RTL_STYLE, escape, highlight, plotly_escape, plotly_labels, table_html

ALL = "(all)"
TYPE_COLOURS = {"PER": "#ffd8a8", "GPE": "#b2f2bb", "LOC": "#a5d8ff", "ORG": "#eebefa", "demonym": "#e9ecef",
                "theme": "#fff3bf", "date": "#ffc9c9"}


def _show_figure(output, fig) -> None:
    """Redraw ``output`` with ``fig`` (plotly JSON for JupyterLab, HTML for exported pages).

    The figure is set as the widget's ``outputs`` state rather than displayed inside ``with output:``,
    so it never depends on the front end routing output messages (which notebook runners handle
    unevenly) and always lands in the saved widget state.
    """
    import plotly.io as pio

    bundle = {"application/vnd.plotly.v1+json": json.loads(pio.to_json(fig)),
              "text/html": pio.to_html(fig, include_plotlyjs=False, full_html=False)}
    output.outputs = ({"output_type": "display_data", "data": bundle, "metadata": {}},)


def _label(row) -> str:
    return f"{row.label_ar} · {row.label_en}" if row.label_en else str(row.label_ar)


class EntityExplorer:
    """Choose an entity (search by Arabic or English label), filter by type, round and source; see its counts
    over rounds and sources and a right-to-left keyword-in-context table with the match highlighted."""

    def __init__(self, corpus: pd.DataFrame, mentions: pd.DataFrame, window: int = 60, max_lines: int = 100):
        import ipywidgets as w

        self.corpus = corpus.copy()
        if "main_round" not in self.corpus.columns:
            self.corpus["main_round"] = pd.NA
        self.texts = self.corpus.set_index("doc_id")["text"]
        meta = self.corpus[["doc_id", "main_round", "source"]]
        self.mentions = mentions[mentions["kind"] == "name"].merge(meta, on="doc_id", how="left")
        self.window, self.max_lines = window, max_lines
        freq = self.mentions.groupby(["entity_id", "label_ar", "label_en", "type"]).size().rename("n").reset_index()
        self.entities = freq.sort_values(["n", "entity_id"], ascending=[False, True], ignore_index=True)
        self.entities["option"] = [_label(r) for r in self.entities.itertuples()]
        rounds = sorted(int(r) for r in self.corpus["main_round"].dropna().unique())
        sources = sorted(s for s in self.corpus["source"].unique() if s)
        self.type = w.Dropdown(options=[ALL, "PER", "GPE", "LOC", "ORG"], value=ALL, description="type")
        self.entity = w.Combobox(placeholder="type an Arabic or English name", description="entity",
                                 ensure_option=True, layout=w.Layout(width="420px"))
        self.round = w.Dropdown(options=[(ALL, ALL)] + [(f"round {r}", r) for r in rounds], value=ALL,
                                description="round")
        self.source = w.Dropdown(options=[ALL] + sources, value=ALL, description="source")
        self.chart = w.Output()
        self.kwic_view = w.HTML()
        self.status = w.HTML()
        self._refresh_options()
        if len(self.entities):
            self.entity.value = self.entities["option"].iloc[0]
        for control in (self.type, self.entity, self.round, self.source):
            control.observe(self._on_change, names="value")
        self.widget = w.VBox([w.HBox([self.entity, self.type]), w.HBox([self.round, self.source]),
                              self.status, self.chart, self.kwic_view])
        self.update()

    def _refresh_options(self) -> None:
        ents = self.entities if self.type.value == ALL else self.entities[self.entities["type"] == self.type.value]
        self.entity.options = tuple(ents["option"])

    def _on_change(self, change) -> None:
        if change["owner"] is self.type:
            self._refresh_options()
        self.update()

    @property
    def entity_id(self) -> str | None:
        match = self.entities[self.entities["option"] == self.entity.value]
        return match["entity_id"].iloc[0] if len(match) else None

    def selection(self) -> pd.DataFrame:
        """The chosen entity's mentions after the round and source filters."""
        sel = self.mentions[self.mentions["entity_id"] == self.entity_id]
        if self.round.value != ALL:
            sel = sel[sel["main_round"] == self.round.value]
        if self.source.value != ALL:
            sel = sel[sel["source"] == self.source.value]
        return sel

    def counts(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Mentions of the chosen entity by round and by source (after the filters)."""
        sel = self.selection()
        by_round = (sel.assign(round=sel["main_round"].astype("object").where(sel["main_round"].notna(), "?"))
                    .groupby("round").size().rename("mentions").reset_index())
        by_source = (sel.assign(source=sel["source"].replace("", "(no source)"))
                     .groupby("source").size().rename("mentions").reset_index())
        return by_round, by_source

    def kwic(self) -> pd.DataFrame:
        """Keyword in context: ``doc_id, round, before, mention, after`` (reading order)."""
        from .counts import kwic

        sel = self.selection().head(self.max_lines)
        lines = kwic(self.corpus, sel, window=self.window)
        lines["round"] = lines["doc_id"].map(self.corpus.set_index("doc_id")["main_round"])
        return lines[["doc_id", "round", "before", "mention", "after"]]

    def kwic_html(self) -> str:
        lines = self.kwic()
        rows = "".join(
            f"<tr><td>{escape(r.doc_id)}</td><td>{escape('' if pd.isna(r.round) else r.round)}</td>"
            f'<td dir="rtl" style="{RTL_STYLE}">{escape(r.before)} '
            f'<mark style="background: #ffe066; font-weight: bold;">{escape(r.mention)}</mark> {escape(r.after)}</td></tr>'
            for r in lines.itertuples())
        return (f'<table class="wb-kwic" style="width: 100%;"><thead><tr><th>document</th><th>round</th>'
                f'<th dir="rtl">السياق</th></tr></thead><tbody>{rows}</tbody></table>')

    def figure(self):
        from plotly.subplots import make_subplots

        by_round, by_source = self.counts()
        fig = make_subplots(rows=1, cols=2, subplot_titles=("by round", "by source"))
        fig.add_bar(x=[plotly_escape(r) for r in by_round["round"]], y=by_round["mentions"], row=1, col=1,
                    name="round")
        fig.add_bar(x=plotly_labels(by_source["source"].tolist()), y=by_source["mentions"], row=1, col=2,
                    name="source")
        fig.update_layout(showlegend=False, height=300, template="plotly_white", margin=dict(l=20, r=20, t=40, b=40),
                          title=plotly_escape(self.entity.value or ""))
        return fig

    def update(self) -> None:
        n = len(self.selection())
        self.status.value = f"<b>{escape(self.entity.value)}</b>: {n} mention(s)"
        self.kwic_view.value = self.kwic_html()
        _show_figure(self.chart, self.figure())


class DocumentReader:
    """Choose a document; read its cleaned text right to left with entities, themes and dates highlighted."""

    def __init__(self, corpus: pd.DataFrame, mentions: pd.DataFrame, themes: pd.DataFrame | None = None,
                 dates: pd.DataFrame | None = None, doc_rounds: pd.DataFrame | None = None):
        import ipywidgets as w

        self.corpus = corpus.set_index("doc_id", drop=False)
        self.mentions, self.themes, self.dates = mentions, themes, dates
        self.doc_rounds = doc_rounds.set_index("doc_id") if doc_rounds is not None else None
        options = [(f"{d} · {str(t)[:50]}" if t else str(d), d) for d, t in zip(corpus["doc_id"], corpus["title"])]
        self.document = w.Dropdown(options=options, description="document", layout=w.Layout(width="560px"))
        self.view = w.HTML()
        self.document.observe(lambda change: self.update(), names="value")
        self.widget = w.VBox([self.document, self.view])
        self.update()

    def spans(self) -> list[tuple[int, int, str, str]]:
        doc = self.document.value
        spans = []
        m = self.mentions[self.mentions["doc_id"] == doc]
        for r in m.itertuples():
            kind = "demonym" if r.kind == "demonym" else r.type
            spans.append((r.start, r.end, kind, f"{r.label_ar} · {r.label_en} ({r.entity_id})"))
        if self.themes is not None:
            for r in self.themes[self.themes["doc_id"] == doc].itertuples():
                spans.append((r.start, r.end, "theme", f"{r.label_en} ({r.theme_id})"))
        if self.dates is not None:
            for r in self.dates[self.dates["doc_id"] == doc].itertuples():
                spans.append((r.start, r.end, "date", f"{r.date} {r.date_end}".strip()))
        return spans

    def metadata(self) -> dict:
        row = self.corpus.loc[self.document.value]
        meta = {"title": row["title"], "source": row["source"], "date": row.get("date", ""), "words": row["n_words"]}
        if self.doc_rounds is not None and self.document.value in self.doc_rounds.index:
            r = self.doc_rounds.loc[self.document.value]
            meta.update(round=r["main_round"], confidence=r["confidence"], inferred=r["inferred"],
                        evidence=r["evidence"])
        return meta

    def html(self) -> str:
        text = self.corpus.at[self.document.value, "text"]
        meta = "".join(f"<tr><th>{escape(k)}</th><td dir='auto'>{escape(v)}</td></tr>" for k, v in self.metadata().items())
        legend = " ".join(f'<span style="background: {c}; padding: 0 6px; border-radius: 3px;">{escape(k)}</span>'
                          for k, c in TYPE_COLOURS.items())
        body = highlight(text, self.spans(), TYPE_COLOURS)
        return (f'<table class="wb-meta">{meta}</table><p>{legend}</p>'
                f'<div class="wb-reader" dir="rtl" lang="ar" style="{RTL_STYLE} max-width: 52em;">{body}</div>')

    def update(self) -> None:
        self.view.value = self.html()


class RoundComparator:
    """Choose two rounds (or two sources); see their entity or theme profiles side by side and what differs most."""

    def __init__(self, corpus: pd.DataFrame, mentions: pd.DataFrame, themes: pd.DataFrame, top: int = 12):
        import ipywidgets as w

        self.corpus, self.mentions, self.themes, self.top = corpus, mentions, themes, top
        self.mode = w.ToggleButtons(options=["rounds", "sources"], value="rounds", description="compare")
        self.what = w.ToggleButtons(options=["entities", "themes"], value="entities", description="profile")
        self.left = w.Dropdown(description="left")
        self.right = w.Dropdown(description="right")
        self.chart = w.Output()
        self.table_view = w.HTML()
        self._set_groups()
        self.mode.observe(lambda change: (self._set_groups(), self.update()), names="value")
        for control in (self.what, self.left, self.right):
            control.observe(lambda change: self.update(), names="value")
        self.widget = w.VBox([w.HBox([self.mode, self.what]), w.HBox([self.left, self.right]), self.chart,
                              self.table_view])
        self.update()

    @property
    def group_column(self) -> str:
        return "main_round" if self.mode.value == "rounds" else "source"

    def _set_groups(self) -> None:
        values = self.corpus[self.group_column].dropna()
        groups = sorted(values.unique(), key=lambda v: (str(type(v)), v))
        groups = [g for g in groups if g != ""]
        options = [(f"round {g}" if self.mode.value == "rounds" else str(g), g) for g in groups]
        for i, control in enumerate((self.left, self.right)):
            control.options = options
            if options:
                control.value = options[min(i, len(options) - 1)][1]

    def profiles(self) -> pd.DataFrame:
        """Per-1,000-word rates of each item in the two groups and their difference, largest first."""
        from .compare import theme_counts
        from .counts import entity_counts

        col = self.group_column
        if self.what.value == "entities":
            counts, key, label = entity_counts(self.mentions, self.corpus, by=col), "entity_id", "label_ar"
        else:
            counts, key, label = theme_counts(self.themes, self.corpus, by=col), "theme_id", "label_en"
        # rows by id (two entities of a user lexicon may share a label); labels joined after
        left = counts[counts[col] == self.left.value].set_index(key)
        right = counts[counts[col] == self.right.value].set_index(key)
        table = pd.DataFrame({"left_count": left["count"], "left_per_1000": left["per_1000_words"],
                              "right_count": right["count"], "right_per_1000": right["per_1000_words"]}).fillna(0)
        table["difference"] = (table["left_per_1000"] - table["right_per_1000"]).round(3)
        table = table.reindex(table["difference"].abs().sort_values(ascending=False, kind="stable").index)
        table[["left_count", "right_count"]] = table[["left_count", "right_count"]].astype(int)
        labels = counts.drop_duplicates(key).set_index(key)[label].reindex(table.index).astype(str)
        shared = labels.duplicated(keep=False)
        labels[shared] = labels[shared] + " (" + labels[shared].index.astype(str) + ")"
        table.insert(0, "item", labels.values)
        return table.reset_index(drop=True)

    def figure(self):
        import plotly.graph_objects as go

        table = self.profiles().head(self.top)
        items = plotly_labels(table["item"].tolist())
        fig = go.Figure()
        fig.add_bar(name=plotly_escape(self.left.label), x=items, y=table["left_per_1000"])
        fig.add_bar(name=plotly_escape(self.right.label), x=items, y=table["right_per_1000"])
        fig.update_layout(barmode="group", height=340, template="plotly_white", yaxis_title="per 1,000 words",
                          title="Largest differences", margin=dict(l=20, r=20, t=40, b=80))
        return fig

    def update(self) -> None:
        if self.left.value is None or self.right.value is None:
            self.table_view.value = "<p>Not enough groups to compare.</p>"
            return
        self.table_view.value = table_html(self.profiles().head(self.top * 2), rtl_columns=("item",))
        _show_figure(self.chart, self.figure())
