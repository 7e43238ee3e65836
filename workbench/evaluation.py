"""Scoring extracted mentions against a hand-made gold standard."""

from __future__ import annotations

import pandas as pd

#: Gold files have these columns (``entity_id`` links to the lexicon, or is ``UNLISTED:...``;
#: ``start`` includes the clitic named in ``prefix``).
GOLD_COLUMNS = ["doc_id", "start", "end", "surface", "prefix", "type", "kind", "entity_id"]


def align_mentions(predicted: pd.DataFrame, gold: pd.DataFrame, strict: bool = False) -> pd.DataFrame:
    """Pair predicted and gold mentions: same document, same entity, overlapping name spans.

    The predicted span is the name without its clitic (``name_start``–``end``).
    With ``strict=True`` the spans must be the same, to the character: the gold
    span equals the predicted one with its clitic (``start``–``end``) or without
    it (``name_start``–``end``), so boundary errors count as a miss and a false alarm.
    Returns one row per gold or predicted mention with ``status`` ``tp``,
    ``fn`` (gold only) or ``fp`` (predicted only).
    """
    rows = []
    pred_by_doc = {d: g for d, g in predicted.groupby("doc_id")}
    gold_by_doc = {d: g for d, g in gold.groupby("doc_id")}
    for doc_id in sorted(set(pred_by_doc) | set(gold_by_doc)):
        preds = list(pred_by_doc.get(doc_id, pd.DataFrame(columns=predicted.columns)).itertuples(index=False))
        used = [False] * len(preds)
        for g in gold_by_doc.get(doc_id, pd.DataFrame(columns=gold.columns)).itertuples(index=False):
            match = next((i for i, p in enumerate(preds) if not used[i] and p.entity_id == g.entity_id
                          and _same_span(p, g, strict)), None)
            if match is None:
                rows.append({"doc_id": doc_id, "status": "fn", "entity_id": g.entity_id, "gold_surface": g.surface,
                             "pred_surface": "", "start": g.start, "end": g.end})
            else:
                used[match] = True
                p = preds[match]
                rows.append({"doc_id": doc_id, "status": "tp", "entity_id": g.entity_id, "gold_surface": g.surface,
                             "pred_surface": p.surface, "start": g.start, "end": g.end})
        for p, u in zip(preds, used):
            if not u:
                rows.append({"doc_id": doc_id, "status": "fp", "entity_id": p.entity_id, "gold_surface": "",
                             "pred_surface": p.surface, "start": p.start, "end": p.end})
    return pd.DataFrame(rows, columns=["doc_id", "status", "entity_id", "gold_surface", "pred_surface",
                                       "start", "end"])


def _same_span(p, g, strict: bool) -> bool:
    if strict:
        return g.end == p.end and g.start in (p.start, p.name_start)
    return p.name_start < g.end and g.start < p.end


def score_mentions(predicted: pd.DataFrame, gold: pd.DataFrame, strict: bool = False) -> dict[str, float]:
    """Precision, recall and F1 of ``predicted`` against ``gold`` (see :func:`align_mentions`)."""
    aligned = align_mentions(predicted, gold, strict=strict)
    tp = int((aligned["status"] == "tp").sum())
    fp = int((aligned["status"] == "fp").sum())
    fn = int((aligned["status"] == "fn").sum())
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}
