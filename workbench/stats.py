"""Summary tables of a loaded corpus, its load report and its cleaning changes."""

from __future__ import annotations

import pandas as pd


def load_report_summary(report: pd.DataFrame) -> pd.DataFrame:
    """Inputs per outcome: columns ``status``, ``reason``, ``n_inputs``."""
    if report.empty:
        return pd.DataFrame(columns=["status", "reason", "n_inputs"])
    return (report.groupby(["status", "reason"], dropna=False).size().rename("n_inputs")
            .reset_index().sort_values(["status", "n_inputs"], ascending=[True, False], ignore_index=True))


def corpus_stats(corpus: pd.DataFrame, changes: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per document.

    Columns: ``doc_id, title, source, n_words, n_chars, raw_chars`` and, when
    the cleaning ``changes`` are given, ``furniture_words`` (words in removed
    page furniture) and ``n_repairs`` (glued words split).
    """
    out = corpus[["doc_id", "title", "source", "n_words", "n_chars"]].copy()
    out["raw_chars"] = corpus["raw_text"].str.len().astype("int64")
    if changes is not None:
        furniture = changes[changes["kind"].str.startswith("furniture:")]
        words = furniture["before"].str.split().str.len().groupby(furniture["doc_id"]).sum()
        repairs = changes[changes["kind"] == "glued_word"].groupby("doc_id").size()
        out["furniture_words"] = out["doc_id"].map(words).fillna(0).astype("int64")
        out["n_repairs"] = out["doc_id"].map(repairs).fillna(0).astype("int64")
    return out


def summarise_changes(changes: pd.DataFrame, corpus: pd.DataFrame | None = None) -> pd.DataFrame:
    """Changes per document and kind: a wide table, one row per document, one column per kind."""
    if changes.empty:
        index = corpus["doc_id"] if corpus is not None else []
        return pd.DataFrame(index=pd.Index(index, name="doc_id"))
    table = changes.pivot_table(index="doc_id", columns="kind", values="start", aggfunc="count", fill_value=0)
    if corpus is not None:
        table = table.reindex(corpus["doc_id"], fill_value=0)
    table.columns.name = None
    return table.astype("int64")


def change_context(corpus: pd.DataFrame, changes: pd.DataFrame, width: int = 25) -> pd.DataFrame:
    """Each change with the raw text around it and the cleaned text around it.

    Columns: ``doc_id, kind, raw_context, clean_context`` where the changed
    part is marked with ⟦ ⟧ in both.
    """
    texts = corpus.set_index("doc_id")[["raw_text", "text"]]
    rows = []
    for ch in changes.itertuples(index=False):
        raw, text = texts.at[ch.doc_id, "raw_text"], texts.at[ch.doc_id, "text"]
        rows.append({
            "doc_id": ch.doc_id, "kind": ch.kind,
            "raw_context": _mark(raw, ch.raw_start, ch.raw_end, width),
            "clean_context": _mark(text, ch.start, ch.end, width),
        })
    return pd.DataFrame(rows, columns=["doc_id", "kind", "raw_context", "clean_context"])


def _mark(text: str, start: int, end: int, width: int) -> str:
    left = text[max(0, start - width):start]
    right = text[end:end + width]
    return " ".join(f"{left}⟦{text[start:end]}⟧{right}".split())
