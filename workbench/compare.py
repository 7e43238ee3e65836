"""Round-by-round comparison: who and what each round's coverage names, what changes, what stands out.

All functions take and return DataFrames. Rounds come from
:func:`workbench.rounds.assign_rounds` (``main_round`` per document).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .counts import count_items

#: Columns of :func:`keyness`.
KEYNESS_COLUMNS = ["group", "item", "label", "count", "count_rest", "log_odds", "se", "z", "reliable", "note"]
#: Columns of :func:`process_timeline`.
TIMELINE_COLUMNS = ["doc_id", "round", "role", "round_surface", "reported_date", "reported_date_end",
                    "date_surface", "themes", "calendar_start", "calendar_end", "calendar_venue", "agrees", "note"]


def with_rounds(corpus: pd.DataFrame, doc_rounds: pd.DataFrame) -> pd.DataFrame:
    """The corpus with ``main_round``, ``round_confidence`` and ``round_inferred`` columns."""
    extra = doc_rounds[["doc_id", "main_round", "confidence", "inferred"]].rename(
        columns={"confidence": "round_confidence", "inferred": "round_inferred"})
    return corpus.drop(columns=[c for c in extra.columns if c != "doc_id" and c in corpus.columns]).merge(
        extra, on="doc_id", how="left")


def theme_counts(themes: pd.DataFrame, corpus: pd.DataFrame, by: str | list[str] | None = "doc_id") -> pd.DataFrame:
    """Theme mentions per group, raw and per 1,000 words (columns: ``by``, ``theme_id, label_en, label_ar``, counts)."""
    return count_items(themes, corpus, by, ["theme_id", "label_en", "label_ar"])


def source_by_round(corpus_r: pd.DataFrame) -> pd.DataFrame:
    """Documents per source and round (rows: source; columns: rounds; unknown round as ``?``)."""
    rounds = corpus_r["main_round"].astype("object").where(corpus_r["main_round"].notna(), "?")
    source = corpus_r["source"].replace("", "(no source)")
    return pd.crosstab(source.rename("source"), rounds.rename("main_round"))


def appearance_changes(counts: pd.DataFrame, group: str = "main_round", item: str = "entity_id",
                       label: str = "label_ar") -> pd.DataFrame:
    """What appears and disappears from one group (round) to the next one present in the table.

    Columns: ``group, previous, item, label, change`` (``new`` or ``dropped``), ``count`` (in the group
    for new items, in the previous group for dropped ones).
    """
    counts = counts[counts[group].notna()]
    groups = sorted(counts[group].unique())
    present = {g: counts[counts[group] == g].set_index(item) for g in groups}
    rows = []
    for prev, cur in zip(groups, groups[1:]):
        a, b = present[prev], present[cur]
        for it in sorted(set(b.index) - set(a.index)):
            rows.append((cur, prev, it, b.at[it, label], "new", int(b.at[it, "count"])))
        for it in sorted(set(a.index) - set(b.index)):
            rows.append((cur, prev, it, a.at[it, label], "dropped", int(a.at[it, "count"])))
    return pd.DataFrame(rows, columns=[group, "previous", item, "label", "change", "count"])


def keyness(counts: pd.DataFrame, group: str, item: str, label: str | None = None, corpus: pd.DataFrame | None = None,
            alpha0: float | None = None, min_docs: int = 3, min_count: int = 30) -> pd.DataFrame:
    """Which items distinguish each group from all the others: log-odds ratio with an informative
    Dirichlet prior (Monroe, Colaresi & Quinn 2008), one group against the rest.

    ``counts`` is a long table (``group``, ``item``, ``count``). The prior is
    the corpus-wide distribution of items scaled to ``alpha0`` pseudo-counts
    (default: the total count, i.e. as much weight as the data). ``z`` is the
    log-odds divided by its standard error. A group with fewer than
    ``min_docs`` documents (when ``corpus`` with the ``group`` column is given)
    or fewer than ``min_count`` counts is not scored: ``z`` is NaN,
    ``reliable`` False and ``note`` says why, so noise is not read as a finding.
    """
    table = counts.pivot_table(index=item, columns=group, values="count", aggfunc="sum", fill_value=0)
    totals_item = table.sum(axis=1)
    n_total = float(totals_item.sum())
    alpha0 = float(alpha0 or n_total)
    alpha = alpha0 * totals_item / n_total if n_total else totals_item * 0
    docs = corpus.groupby(group).size() if corpus is not None and group in corpus.columns else None
    labels = counts.drop_duplicates(item).set_index(item)[label] if label else None
    rows = []
    for g in table.columns:
        y_i = table[g]
        y_j = totals_item - y_i
        n_i, n_j = float(y_i.sum()), float(y_j.sum())
        note = ""
        if docs is not None and docs.get(g, 0) < min_docs:
            note = f"only {int(docs.get(g, 0))} document(s) in this group (< {min_docs})"
        elif n_i < min_count:
            note = f"only {int(n_i)} counts in this group (< {min_count})"
        elif n_j == 0:
            note = "no other group to compare with"
        with np.errstate(divide="ignore", invalid="ignore"):
            log_odds = (np.log((y_i + alpha) / (n_i + alpha0 - y_i - alpha))
                        - np.log((y_j + alpha) / (n_j + alpha0 - y_j - alpha)))
            se = np.sqrt(1.0 / (y_i + alpha) + 1.0 / (y_j + alpha))
            z = log_odds / se
        for it in table.index:
            item_note = note
            if not item_note and not (np.isfinite(log_odds[it]) and np.isfinite(se[it]) and np.isfinite(z[it])):
                # an item with no counts at all, or the only item with counts: the log-odds are undefined
                item_note = "log-odds undefined (the item has no counts, or all of them)"
            rows.append({"group": g, "item": it, "label": labels[it] if labels is not None else it,
                         "count": int(y_i[it]), "count_rest": int(y_j[it]),
                         "log_odds": round(float(log_odds[it]), 4), "se": round(float(se[it]), 4),
                         "z": round(float(z[it]), 3) if not item_note else math.nan,
                         "reliable": not item_note, "note": item_note})
    out = pd.DataFrame(rows, columns=KEYNESS_COLUMNS)
    return out.sort_values(["group", "z", "count"], ascending=[True, False, False], ignore_index=True)


def process_timeline(round_mentions: pd.DataFrame, dates: pd.DataFrame, themes: pd.DataFrame | None = None,
                     calendar: pd.DataFrame | None = None) -> pd.DataFrame:
    """The process as the corpus reports it: each round mention with the date nearest it in the same
    sentence (one no nearer another round mention), beside the reference calendar; ``agrees`` is False
    where the article's date is off.

    A reported date agrees when it falls within the round's dates (a day of slack either side); a
    month-only date when the month matches; with no year written, the day and month are compared.
    ``themes`` lists the themes named in the same sentence (outcomes mentioned).
    """
    from .rounds import load_calendar

    calendar = load_calendar() if calendar is None else calendar
    cal = calendar.set_index("round")
    theme_of = {}
    if themes is not None and len(themes):
        theme_of = themes.groupby(["doc_id", "sentence_id"])["label_en"].agg(
            lambda s: ", ".join(dict.fromkeys(s))).to_dict()
    dated = dates[dates["month"].notna()]
    dates_in = {key: list(g.itertuples(index=False)) for key, g in dated.groupby(["doc_id", "sentence_id"])}
    mentions_in = {key: list(g.itertuples(index=False))
                   for key, g in round_mentions.groupby(["doc_id", "sentence_id"])}
    rows = []
    for m in round_mentions.itertuples(index=False):
        key = (m.doc_id, m.sentence_id)
        base = {"doc_id": m.doc_id, "round": m.round, "role": m.role, "round_surface": m.surface,
                "themes": theme_of.get(key, "")}
        if m.round in cal.index:
            c = cal.loc[m.round]
            base.update(calendar_start=c["start"], calendar_end=c["end"], calendar_venue=c["venue"])
        same = dates_in.get(key, [])
        d = _nearest_date(m, same, mentions_in.get(key, []))
        if d is None:
            rows.append({**base, "reported_date": "", "reported_date_end": "", "date_surface": "", "agrees": pd.NA,
                         "note": "no date in the sentence" if not same else
                         "the sentence's dates are nearer other round mentions"})
            continue
        agrees, note = _agrees(d, cal.loc[m.round] if m.round in cal.index else None)
        rows.append({**base, "reported_date": d.date, "reported_date_end": d.date_end, "date_surface": d.surface,
                     "agrees": agrees, "note": note})
    out = pd.DataFrame(rows, columns=TIMELINE_COLUMNS)
    out["agrees"] = out["agrees"].astype("boolean")
    return out


def _gap(a_start, a_end, b_start, b_end) -> int:
    return max(0, b_start - a_end, a_start - b_end)


def _nearest_date(m, dates: list, mentions: list):
    """The date of the sentence nearest the round mention ``m``, among those no nearer another round mention."""
    best, best_gap = None, None
    for d in dates:
        gap = _gap(m.start, m.end, d.start, d.end)
        if any(_gap(o.start, o.end, d.start, d.end) < gap for o in mentions
               if (o.start, o.end) != (m.start, m.end)):
            continue
        if best_gap is None or gap < best_gap:
            best, best_gap = d, gap
    return best


def _agrees(d, cal) -> tuple[object, str]:
    from datetime import date, timedelta

    if cal is None:
        return pd.NA, "round not in the calendar"
    start, end = cal["start"] - timedelta(days=1), cal["end"] + timedelta(days=1)
    years = [int(d.year)] if not pd.isna(d.year) else sorted({cal["start"].year, cal["end"].year})
    month = int(d.month)
    if pd.isna(d.day):
        ok = any((y, month) in {(start.year, start.month), (end.year, end.month)} for y in years)
        return ok, "" if ok else f"calendar: {cal['start']}–{cal['end']}"
    days = range(int(d.day), int(d.day_end if not pd.isna(d.day_end) else d.day) + 1)
    for y in years:
        for day in days:
            try:
                if start <= date(y, month, day) <= end:
                    return True, ""
            except ValueError:
                continue
    return False, f"calendar: {cal['start']}–{cal['end']}"
