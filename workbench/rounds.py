"""Astana rounds: which round an article covers, and which others it mentions.

Round mentions (``data/rounds.yaml``): ``أستانا 8``, ``أستانا-7``, ``(أستانا-7 )``,
``“أستانا 4”``, ``أستانا “3``, ``الجولة الـ5``, ``الجولة ال 11``, ``الجولة الثامنة``,
``الحادية عشرة``, ``اجتماع أستانا السابع``, ``الاجتماع الدولي الثاني في أستانا``,
with Latin or Arabic-Indic numerals and ordinals in both genders up to 39.
A round word whose sentence names another process first (``الجولة الثامنة من
مفاوضات جنيف``) is not an Astana round.

Each document gets a main round: the round its mentions support most, where
mentions in sentences that point elsewhere in time (``الماضي``, ``المقبل``,
``كانت قد``, a written year) weigh less. Without any round number, the round
is inferred from the document's date or from the dates it gives for an Astana
meeting, checked against the reference calendar (``data/rounds.csv``), and
marked ``inferred``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

import pandas as pd

from .matchform import match_form, normalise_for_matching
from .resources import data_path, load_yaml
from .sentences import sentence_index, sentence_spans

#: Columns of the round mention table.
ROUND_MENTION_COLUMNS = ["doc_id", "start", "end", "surface", "round", "form", "process_stated", "cue",
                         "sentence_id", "role"]
#: Columns of the per-document round table.
DOC_ROUND_COLUMNS = ["doc_id", "main_round", "confidence", "inferred", "evidence", "rounds_mentioned",
                     "round_start", "round_end", "round_venue"]

CUE_WEIGHT = {"": 1.0, "past": 0.3, "next": 0.3, "dated": 0.5}
TITLE_BONUS = 0.5


def load_calendar(path=None) -> pd.DataFrame:
    """The reference calendar of rounds: ``round, start, end, venue, venue_ar, outcomes, sources``."""
    table = pd.read_csv(path or data_path("rounds.csv"), dtype={"round": int}, keep_default_na=False)
    table["start"] = pd.to_datetime(table["start"]).dt.date
    table["end"] = pd.to_datetime(table["end"]).dt.date
    return table


def _n(word: str) -> str:
    return " ".join(normalise_for_matching(word).split())


@lru_cache(maxsize=1)
def ordinal_words() -> dict[str, int]:
    """Ordinal words (matching form) → number, 1 to 39, both genders."""
    cfg = load_yaml("rounds.yaml")
    base = {int(k): [_n(w) for w in v] for k, v in cfg["ordinals"].items()}
    compound = {**{k: v for k, v in base.items() if k < 10}, **{int(k): [_n(w) for w in v]
                                                                for k, v in cfg["compound_units"].items()}}
    teens = [_n(w) for w in cfg["teens"]]
    tens = {int(k): [_n(w) for w in v] for k, v in cfg["tens"].items()}
    out: dict[str, int] = {}
    for n, words in base.items():
        for w in words:
            out[w] = n
    for unit, words in compound.items():
        for w in words:
            for t in teens:
                out[f"{w} {t}"] = 10 + unit
            for ten, tens_words in tens.items():
                for tw in tens_words:
                    out[f"{w} و{tw}"] = ten + unit
    for ten, tens_words in tens.items():
        for tw in tens_words:
            out[tw] = ten
    return out


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern, dict]:
    cfg = load_yaml("rounds.yaml")
    alt = lambda words: "|".join(re.escape(_n(w)).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    process = alt(cfg["process_words"])
    ordinals = ordinal_words()
    ordinal = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(ordinals, key=len, reverse=True))
    quote = r"[\"“”«»'‘’(\[]"
    number = rf"(?:(?P<ord>{ordinal})|ال\s?(?P<num>\d{{1,2}})|رقم\s+(?P<num2>\d{{1,2}}))(?!\w)"
    from .dates import _month_table

    months = "|".join(re.escape(m).replace(r"\ ", r"\s+") for m in sorted(_month_table()[0], key=len, reverse=True))
    not_a_date = rf"(?!\s*(?:و\s*\d{{1,2}}\s*)?(?:من\s+)?(?:شهر\s+)?(?:{months})(?!\w))"
    p_number = re.compile(rf"(?<!\w)(?:{process})\s*[-–—]?\s*{quote}?\s*(?P<pnum>\d{{1,2}})(?![\d/.]){not_a_date}")
    p_ordinal = re.compile(rf"(?<!\w)(?:{process})\s+(?P<pord>{ordinal})(?!\w)")
    fillers = alt(cfg["filler_words"])
    p_round = re.compile(rf"(?<!\w)(?:[وفبل]?(?:{alt(cfg['round_words'])}))"
                         rf"(?P<mid>(?:\s+(?:{process}|{fillers}))*)\s+{number}")
    p_process = re.compile(rf"(?<!\w)[وفبل]?(?:(?P<astana>{process})|(?P<other>{alt(cfg['other_processes'])}))")
    cues = {kind: re.compile(rf"(?<!\w)(?:{alt(words)})(?!\w)") for kind, words in cfg["cues"].items()}
    return p_number, p_ordinal, p_round, p_process, cues


def find_rounds(text: str) -> list[dict]:
    """Astana round mentions in one text (without ``doc_id`` and ``role``)."""
    p_number, p_ordinal, p_round, p_process, cues = _patterns()
    ordinals = ordinal_words()
    mf = match_form(text)
    form = mf.form
    spans = sentence_spans(text)
    sentence_of = lambda pos: int(sentence_index(spans, [pos])[0]) if spans else 0
    seen_matches, matches = set(), []
    for a, b in _round_windows(form):
        for pattern, kind in ((p_round, "round_word"), (p_number, "process_number"), (p_ordinal, "process_ordinal")):
            for m in pattern.finditer(form, a, b):
                if (m.start(), m.end(), kind) not in seen_matches:
                    seen_matches.add((m.start(), m.end(), kind))
                    matches.append((m, kind))
    matches.sort(key=lambda mk: mk[0].start() - mk[0].end())  # longest first
    found, taken = [], []
    for m, kind in matches:
        if any(m.start() < b and a < m.end() for a, b in taken):
            continue
        groups = m.groupdict()
        if groups.get("pnum"):
            number = int(groups["pnum"])
        elif groups.get("pord"):
            number = ordinals[" ".join(groups["pord"].split())]
        elif groups.get("ord"):
            number = ordinals[" ".join(groups["ord"].split())]
        else:
            number = int(groups.get("num") or groups.get("num2"))
        if not 1 <= number <= 39:
            continue
        start, end = mf.span(m.start(), m.end())
        sid = sentence_of(start)
        s_start, s_end = spans[sid] if spans else (0, len(text))
        stated = kind != "round_word" or bool(re.search(r"\S", groups.get("mid") or "") and
                                              p_process.search(groups["mid"] or ""))
        if kind == "round_word" and not stated:
            process = _nearest_process(form, mf, m.start(), m.end(), s_start, s_end, p_process)
            if process == "other":
                continue
            stated = process == "astana"
        taken.append((m.start(), m.end()))
        found.append({"start": start, "end": end, "surface": text[start:end], "round": number, "form": kind,
                      "process_stated": stated, "cue": _cue(form, mf, s_start, s_end, cues),
                      "sentence_id": sid})
    found.sort(key=lambda r: r["start"])
    return found


@lru_cache(maxsize=1)
def _round_anchors():
    """Aho-Corasick over the words a round mention must contain: an ordinal or a process name."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for word in ordinal_words():
        automaton.add_word(word, ("ordinal", len(word)))
    for word in load_yaml("rounds.yaml")["process_words"]:
        automaton.add_word(_n(word), ("process", len(_n(word))))
    automaton.make_automaton()
    return automaton


_NUMBER_ANCHOR_RE = re.compile(r"ال\s?\d|رقم\s+\d")


def _round_windows(form: str) -> list[tuple[int, int]]:
    """Stretches around ordinals, ``ال5``-style numbers and process names: the only places a round mention
    can be (the patterns run there only, which keeps them fast on long texts)."""
    spans = []
    for end, (kind, length) in _round_anchors().iter(form):
        start = end + 1 - length
        if kind == "ordinal":
            spans.append((start - 90, end + 2))
        else:
            spans.append((start - 2, end + 40))
    for m in _NUMBER_ANCHOR_RE.finditer(form):
        spans.append((m.start() - 90, m.end() + 3))
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        a, b = max(0, a), min(len(form), b)
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def _form_pos(mf, pos: int) -> int:
    import numpy as np

    return int(np.searchsorted(mf.source, pos))


def _nearest_process(form, mf, a, b, s_start, s_end, p_process) -> str | None:
    """The process a round word belongs to: the first named after it in its sentence, else the last before."""
    fa, fb = _form_pos(mf, s_start), _form_pos(mf, s_end)
    after = p_process.search(form, b, min(fb, b + 80))
    if after:
        return "astana" if after.group("astana") else "other"
    before = list(p_process.finditer(form, fa, a))
    if before:
        return "astana" if before[-1].group("astana") else "other"
    return None


def _cue(form, mf, s_start, s_end, cues) -> str:
    fa, fb = _form_pos(mf, s_start), _form_pos(mf, s_end)
    sentence = form[fa:fb]
    for kind in ("next", "past"):
        if cues[kind].search(sentence):
            return kind
    if re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", sentence):
        return "dated"
    return ""


def find_round_mentions(corpus: pd.DataFrame) -> pd.DataFrame:
    """Round mentions in every document (:data:`ROUND_MENTION_COLUMNS`; ``role`` filled by :func:`assign_rounds`)."""
    rows = [{"doc_id": doc_id, **r, "role": ""} for doc_id, text in zip(corpus["doc_id"].tolist(), corpus["text"].tolist())
            for r in find_rounds(text)]
    return pd.DataFrame(rows, columns=ROUND_MENTION_COLUMNS)


def _parse_date(value) -> date | None:
    if value is None or value == "" or (not isinstance(value, str) and pd.isna(value)):
        return None
    try:
        return pd.Timestamp(value).date()
    except (ValueError, TypeError):
        return None


def assign_rounds(corpus: pd.DataFrame, mentions: pd.DataFrame | None = None,
                  calendar: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The main round of each document, and the round mentions with their ``role``.

    Returns ``(doc_rounds, mentions)``: ``doc_rounds`` has
    :data:`DOC_ROUND_COLUMNS`; ``mentions`` gets ``role`` = ``own``, ``past``
    or ``next`` (relative to the main round).
    """
    from .dates import find_dates

    mentions = find_round_mentions(corpus) if mentions is None else mentions.copy()
    calendar = load_calendar() if calendar is None else calendar
    cal_rows = calendar.to_dict("records")
    by_round = {r["round"]: r for r in cal_rows}
    by_doc: dict[str, list[dict]] = {}
    for m in mentions.to_dict("records"):
        by_doc.setdefault(m["doc_id"], []).append(m)
    dates_of = corpus["date"].tolist() if "date" in corpus.columns else [None] * len(corpus)
    rows = []
    for doc_id, text, doc_date in zip(corpus["doc_id"].tolist(), corpus["text"].tolist(), dates_of):
        doc_m = by_doc.get(doc_id, [])
        row = {"doc_id": doc_id, "main_round": pd.NA, "confidence": 0.0, "inferred": False, "evidence": "",
               "rounds_mentioned": ",".join(str(r) for r in sorted({m["round"] for m in doc_m})),
               "round_start": None, "round_end": None, "round_venue": ""}
        if doc_m:
            weights: dict[int, float] = {}
            for m in doc_m:
                w = CUE_WEIGHT.get(m["cue"], 1.0) + (TITLE_BONUS if m["sentence_id"] == 0 else 0.0)
                w *= 1.0 if m["process_stated"] else 0.8
                weights[m["round"]] = weights.get(m["round"], 0.0) + w
            main = max(sorted(weights), key=lambda r: weights[r])
            row.update(main_round=main, confidence=round(weights[main] / sum(weights.values()), 3),
                       evidence="; ".join(f"{m['start']}-{m['end']} {m['surface']}" for m in doc_m
                                          if m["round"] == main))
        else:
            inferred = _infer_round(text, doc_date, find_dates(text), cal_rows)
            if inferred:
                row.update(main_round=inferred[0], confidence=inferred[1], inferred=True, evidence=inferred[2])
        cal = by_round.get(int(row["main_round"])) if not pd.isna(row["main_round"]) else None
        if cal is not None:
            row.update(round_start=cal["start"], round_end=cal["end"], round_venue=cal["venue"])
        rows.append(row)
    doc_rounds = pd.DataFrame(rows, columns=DOC_ROUND_COLUMNS)
    doc_rounds["main_round"] = doc_rounds["main_round"].astype("Int64")
    main_of = dict(zip(doc_rounds["doc_id"], doc_rounds["main_round"]))
    mentions["role"] = [_role(r, main_of.get(d)) for d, r in zip(mentions["doc_id"], mentions["round"])]
    return doc_rounds, mentions


def _role(number: int, main) -> str:
    if main is None or pd.isna(main):
        return ""
    return "own" if number == main else ("past" if number < main else "next")


def _infer_round(text: str, doc_date, dates: list[dict], calendar: list[dict]):
    """(round, confidence, evidence) from the document's date or the Astana dates it gives."""
    doc_date = _parse_date(doc_date)
    if doc_date:
        for cal in calendar:
            if cal["start"] - timedelta(days=10) <= doc_date <= cal["end"] + timedelta(days=3):
                return cal["round"], 0.6, f"document date {doc_date.isoformat()} near round {cal['round']} " \
                                          f"({cal['start'].isoformat()}–{cal['end'].isoformat()})"
    if not dates:
        return None
    process = _process_re()
    spans = sentence_spans(text)
    support: dict[int, list[str]] = {}
    weight: dict[int, float] = {}
    for d in dates:
        if d["month"] is None or d["day"] is None:
            continue
        sid = int(sentence_index(spans, [d["start"]])[0]) if spans else 0
        s_start, s_end = spans[sid] if spans else (0, len(text))
        if not process.search(normalise_for_matching(text[s_start:s_end])):
            continue
        for cal in calendar:
            if d["year"] is not None and d["year"] not in (cal["start"].year, cal["end"].year):
                continue
            days = range(d["day"], (d["day_end"] or d["day"]) + 1)
            if any(_within(cal, d["month"], day) for day in days):
                support.setdefault(cal["round"], []).append(f"{d['start']}-{d['end']} {d['surface']}")
                # a date the text places in the past is more often background than the meeting itself
                weight[cal["round"]] = weight.get(cal["round"], 0.0) + (0.3 if d["relative"] == "past" else 1.0)
    if not support:
        return None
    best = max(sorted(weight), key=lambda r: weight[r])
    share = weight[best] / sum(weight.values())
    return best, round(0.5 * share, 3), "inferred from dates: " + "; ".join(support[best])


def _within(cal: dict, month: int, day: int) -> bool:
    for year in {cal["start"].year, cal["end"].year}:
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if cal["start"] <= d <= cal["end"]:
            return True
    return False


@lru_cache(maxsize=1)
def _process_re() -> re.Pattern:
    return re.compile("|".join(re.escape(_n(w)) for w in load_yaml("rounds.yaml")["process_words"]))


def round_anchors(corpus: pd.DataFrame, doc_rounds: pd.DataFrame) -> dict[str, date]:
    """The date each document's relative dates are read from: its own date, else its round's start."""
    anchors = {}
    starts = dict(zip(doc_rounds["doc_id"], doc_rounds["round_start"]))
    for doc in corpus.itertuples(index=False):
        own = _parse_date(getattr(doc, "date", None))
        start = starts.get(doc.doc_id)
        anchors[doc.doc_id] = own or (start if isinstance(start, date) else None)
    return {k: v for k, v in anchors.items() if v}
