"""Counting mentions: per document, per source or any metadata column, per 1,000 words;
co-occurrence within sentences; keyword in context."""

from __future__ import annotations

from itertools import combinations

import pandas as pd

from .sentences import sentence_spans

#: Columns of :func:`entity_counts`.
COUNT_COLUMNS = ["entity_id", "label_ar", "label_en", "type", "count", "n_words", "per_1000_words"]
#: Columns of :func:`kwic`.
KWIC_COLUMNS = ["doc_id", "sentence_id", "start", "end", "before", "mention", "after", "entity_id", "label_ar"]


def _select(mentions: pd.DataFrame, kinds) -> pd.DataFrame:
    return mentions[mentions["kind"].isin(kinds)] if kinds else mentions


def count_items(rows: pd.DataFrame, corpus: pd.DataFrame, by: str | list[str] | None, item_cols: list[str]
                ) -> pd.DataFrame:
    """Rows per group and item, raw and per 1,000 words of the group.

    ``rows`` has a ``doc_id`` and the ``item_cols`` (the first is the item's
    id); ``by`` is a corpus column (or columns) or ``None`` for the whole corpus.
    Columns: the ``by`` columns, the ``item_cols``, ``count, n_words, per_1000_words``.
    """
    keys = [] if by is None else ([by] if isinstance(by, str) else list(by))
    meta_cols = [k for k in keys if k != "doc_id"]
    if meta_cols:
        rows = rows.merge(corpus[["doc_id", *meta_cols]], on="doc_id", how="left")
    counts = rows.groupby(keys + item_cols, dropna=False).size().rename("count").reset_index()
    if keys:
        words = corpus.groupby(keys, dropna=False)["n_words"].sum().rename("n_words").reset_index()
        counts = counts.merge(words, on=keys, how="left")
    else:
        counts["n_words"] = int(corpus["n_words"].sum())
    counts["per_1000_words"] = (counts["count"] * 1000 / counts["n_words"]).round(3)
    counts = counts.sort_values(keys + ["count", item_cols[0]], ascending=[True] * len(keys) + [False, True])
    return counts[keys + item_cols + ["count", "n_words", "per_1000_words"]].reset_index(drop=True)


def entity_counts(mentions: pd.DataFrame, corpus: pd.DataFrame, by: str | list[str] | None = "doc_id",
                  kinds=("name",)) -> pd.DataFrame:
    """Mentions per group and entity, raw and per 1,000 words of the group.

    ``by`` is any column (or columns) of ``corpus`` (``doc_id``, ``source``,
    ``main_round`` ...) or ``None`` for the whole corpus. Demonyms are left out
    unless ``kinds`` includes ``"demonym"``. Columns: the ``by`` columns, then
    :data:`COUNT_COLUMNS`, sorted by group and descending count.
    """
    return count_items(_select(mentions, kinds), corpus, by, ["entity_id", "label_ar", "label_en", "type"])


def count_matrix(mentions: pd.DataFrame, corpus: pd.DataFrame, by: str = "doc_id", kinds=("name",),
                 value: str = "count", top: int | None = None, label: str = "label_ar") -> pd.DataFrame:
    """A group × entity table (``value``: ``count`` or ``per_1000_words``); columns are entity labels,
    the ``top`` most mentioned first. Groups without mentions are kept as rows of zeros."""
    counts = entity_counts(mentions, corpus, by=by, kinds=kinds)
    order = counts.groupby("entity_id")["count"].sum().sort_values(ascending=False, kind="stable")
    if top:
        order = order.head(top)
    table = counts.pivot_table(index=by, columns="entity_id", values=value, aggfunc="sum", fill_value=0)
    table = table.reindex(index=pd.Index(corpus[by].drop_duplicates(), name=by), columns=order.index,
                          fill_value=0)
    # columns by label; two entities with one label keep apart, with their ids
    labels = counts.drop_duplicates("entity_id").set_index("entity_id")[label].reindex(order.index)
    shared = labels.duplicated(keep=False)
    table.columns = [f"{lab} ({eid})" if dup else lab for eid, lab, dup in zip(labels.index, labels, shared)]
    return table


def cooccurrence(mentions: pd.DataFrame, kinds=("name",), min_count: int = 1) -> pd.DataFrame:
    """Pairs of entities named in the same sentence.

    Columns: ``entity_a, label_a, entity_b, label_b, n_sentences, n_docs``; each
    pair once (``entity_a < entity_b``), most frequent first.
    """
    sel = _select(mentions, kinds)
    labels = sel.drop_duplicates("entity_id").set_index("entity_id")["label_ar"]
    pairs: dict[tuple[str, str], list] = {}
    for (doc_id, _sid), ents in sel.groupby(["doc_id", "sentence_id"])["entity_id"]:
        for a, b in combinations(sorted(set(ents)), 2):
            entry = pairs.setdefault((a, b), [0, set()])
            entry[0] += 1
            entry[1].add(doc_id)
    rows = [(a, labels[a], b, labels[b], n, len(docs)) for (a, b), (n, docs) in pairs.items() if n >= min_count]
    table = pd.DataFrame(rows, columns=["entity_a", "label_a", "entity_b", "label_b", "n_sentences", "n_docs"])
    return table.sort_values(["n_sentences", "entity_a", "entity_b"], ascending=[False, True, True],
                             ignore_index=True)


def _word_edges(text: str, lo: int, hi: int, start: int, end: int) -> tuple[int, int]:
    """Shrink a context window so that it does not cut a word in two."""
    if lo > 0 and not text[lo - 1].isspace():
        nxt = next((i for i in range(lo, start) if text[i].isspace()), start)
        lo = nxt
    if hi < len(text) and not text[hi].isspace():
        prev = next((i for i in range(hi - 1, end - 1, -1) if text[i].isspace()), end)
        hi = prev
    return lo, hi


def kwic(corpus: pd.DataFrame, mentions: pd.DataFrame, entity_id: str | None = None, window: int = 60,
         within_sentence: bool = False) -> pd.DataFrame:
    """Keyword in context for one entity (or all mentions): the text ``before`` and ``after`` each mention.

    ``before`` is the text that precedes the mention in reading order (shown to
    its right in right-to-left display), ``after`` the text that follows, each
    up to ``window`` characters, on one line. With ``within_sentence`` the
    context stops at the sentence's edges.
    """
    sel = mentions if entity_id is None else mentions[mentions["entity_id"] == entity_id]
    texts = corpus.set_index("doc_id")["text"]
    rows = []
    for doc_id, group in sel.groupby("doc_id", sort=False):
        text = texts[doc_id]
        spans = sentence_spans(text) if within_sentence else None
        for m in group.itertuples(index=False):
            lo, hi = max(0, m.start - window), min(len(text), m.end + window)
            if spans is not None and spans:
                s, e = spans[min(m.sentence_id, len(spans) - 1)]
                lo, hi = max(lo, s), min(hi, e)
            lo, hi = _word_edges(text, lo, hi, m.start, m.end)
            rows.append({"doc_id": doc_id, "sentence_id": m.sentence_id, "start": m.start, "end": m.end,
                         "before": " ".join(text[lo:m.start].split()), "mention": m.surface,
                         "after": " ".join(text[m.end:hi].split()), "entity_id": m.entity_id,
                         "label_ar": m.label_ar})
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)
