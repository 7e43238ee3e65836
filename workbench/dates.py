"""Dates in Arabic news text, under every month-name system, on one calendar.

Finds day-month(-year) dates, day ranges (``29 و30``, ``19و20``, ``21-22``,
``يومي 14 و15``, ``بين الـ 29 والـ 30``), month-year and month + relative word
(``سبتمبر الماضي``, ``شباط المقبل``), paired names (``آذار/ مارس``,
``كانون الأول/ديسمبر``, ``مارس (آذار)``), Egyptian/Gulf, Maghrebi and
Levantine month names (``data/months.yaml``), and bare years (``عام 2018``).

Years that the text leaves out are inferred from an *anchor* date (the
document's own date, or the date of the round it covers): a relative word
(``الماضي``, ``المقبل``, ``الجاري``) picks the previous, next or current
occurrence of the month; a bare day-month takes the occurrence nearest the
anchor. Each row says how its year was found (``year_source``).

Also read: Syrian forms without the article (``كانون ثاني``), ordinal days
(``العاشر من كانون الأول``), qualified months (``منتصف شباط``, ``أواخر الشهر
الجاري``: ``qualifier`` = early, mid or late), months relative to the anchor
(``الشهر الماضي``), days of such a month (``23 من الشهر الجاري``, ``يوم 23
الجاري``) and years relative to it (``نيسان من العام المقبل``), each
also after a one-letter clitic (``وآذار الماضي``, ``و31 أيار``: the clitic
stays outside the surface). A
day the month does not have (``31 نوفمبر``) leaves the date at the month, with
a ``note``.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import pandas as pd

from .anchored import kinds_automaton, kinds_table, matches_in_windows
from .arabic import other_digits
from .compiled import compiled
from .matchform import match_form, normalise_for_matching
from .resources import load_yaml
from .scans import DATE_WINDOW, date_hits
from .sentences import sentence_index_many, sentence_spans

#: Columns of the date table.
DATE_COLUMNS = ["doc_id", "start", "end", "surface", "day", "day_end", "month", "year", "year_source",
                "relative", "qualifier", "systems", "date", "date_end", "note", "sentence_id"]


@lru_cache(maxsize=1)
def _month_table() -> tuple[dict[str, tuple[int, str]], dict[str, str]]:
    config = load_yaml("months.yaml")
    names: dict[str, tuple[int, str]] = {}
    for month, systems in config["months"].items():
        for system, forms in systems.items():
            for form in forms:
                names[" ".join(normalise_for_matching(form).split())] = (int(month), system)
    relative = {normalise_for_matching(w): kind for kind, words in config["relative"].items() for w in words}
    return names, relative


@lru_cache(maxsize=1)
def _qualifiers() -> dict[str, str]:
    """Qualifier word (matching form) → ``early``, ``mid`` or ``late``."""
    config = load_yaml("months.yaml")
    return {normalise_for_matching(w): kind for kind, words in config.get("qualifiers", {}).items() for w in words}


@lru_cache(maxsize=1)
def _this_month_words() -> tuple[str, ...]:
    """Words that, right after a day, say it is of the anchor's month (``يوم 23 الجاري``), matching form."""
    return tuple(normalise_for_matching(w) for w in load_yaml("months.yaml").get("this_month_after_day", []))


@lru_cache(maxsize=1)
def _day_words() -> dict[str, int]:
    """Ordinal day words (``العاشر``, ``الثلاثين``, ``الحادي والثلاثين``) → day, from the ordinals in rounds.yaml."""
    from .rounds import ordinal_words

    return {w: n for w, n in ordinal_words().items() if n <= 31}


@lru_cache(maxsize=1)
def _date_re() -> re.Pattern:
    names, relative = _month_table()
    esc = lambda words: "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    month, rel, qual, dayword = esc(names), esc(relative), esc(_qualifiers()), esc(_day_words())
    config = load_yaml("months.yaml")
    this_year = esc({" ".join(normalise_for_matching(w).split()) for w in config.get("this_year", [])}) or "(?!)"
    nouns = [normalise_for_matching(w) for w in config.get("not_a_year_after", [])]
    nouns += ["ل" + w[1:] for w in nouns if w.startswith("ال")]  # للأمين العام
    not_a_year = "".join(rf"(?<!{re.escape(w)}\s)" for w in nouns)

    by_month: dict[int, list[str]] = {}
    for name, (number, _) in names.items():
        by_month.setdefault(number, []).append(name)
    # two names of one month joined by a dash (أيار - مايو); a dash between two months is a range, not a pair
    dash_pairs = "|".join(rf"(?:{esc(same)}){_PAIR_DASH_RE.pattern}(?:{esc(same)})" for same in by_month.values())

    def pair(p: str) -> str:
        # the closing bracket is optional and only taken with its own spaces, so "آذار/ مارس الماضي" keeps الماضي
        return rf"(?:(?P<{p}dp>{dash_pairs})|(?P<{p}m1>{month})(?:\s*[/(]\s*(?P<{p}m2>{month})(?:\s*\))?)?)"

    def tail(p: str) -> str:
        return (rf"(?:\s*[،,]?\s*(?:(?:من\s+)?(?:عام|العام|سنه|لعام)\s+)?(?P<{p}year>(?:19|20)\d\d)(?!\d))?"
                rf"(?:\s+(?:(?:(?P<{p}ofyear>من\s+(?:العام|السنه)\s+))?(?P<{p}rel>{rel})"
                rf"|(?P<{p}this>(?:من\s+)?(?:{this_year})))(?!\w))?")

    def days(g: str) -> str:  # a day or a range of days: groups g1, g2
        return (rf"(?:(?:يومي|يوم|بين)\s+)?(?:ال\s?)?(?P<{g}1>\d{{1,2}})(?!\d)"
                rf"(?:\s*(?:و|[-–—‐‑−/]|الي|حتي)\s*(?:ال\s?)?(?P<{g}2>\d{{1,2}})(?!\d))?\s*(?:من\s+)?")

    # a date may start a word or follow a one-letter clitic (وآذار الماضي, و31 أيار, بين 14 آذار و15 نيسان); the
    # look-behinds are checked once for all the kinds of date below, not once per kind
    start = r"(?:(?<!\w)|(?<=[وفبل])(?<!\w[وفبل]))"
    with_day = rf"{days('d')}(?:شهر\s+)?{pair('d_')}{tail('d_')}"
    # a day of the anchor's month or of one next to it: 23 من الشهر الجاري, 5 الشهر الماضي, يوم 23 الجاري
    this_month = esc(_this_month_words()) or "(?!)"
    day_rel = rf"{days('r')}(?:الشهر\s+(?P<rrel>{rel})|(?P<rcur>{this_month}))(?!\w)"
    not_after = "".join(rf"(?<!{re.escape(normalise_for_matching(w))}\s)" for w in config.get("not_a_day_after", []))
    word_day = rf"{not_after}(?P<dw>{dayword})\s+من\s+(?:شهر\s+)?{pair('w_')}{tail('w_')}"
    qualified = rf"(?P<q>{qual})\s+(?:من\s+)?(?:شهر\s+)?{pair('q_')}{tail('q_')}"
    month_only = rf"(?:شهر\s+)?{pair('o_')}{tail('o_')}"
    return re.compile(rf"{start}(?:(?P<withday>{with_day})|(?P<dayrel>{day_rel})|(?P<wordday>{word_day})|(?P<qualified>{qualified})"
                      rf"|(?P<monthonly>{month_only})"
                      rf"|(?:(?:عام|العام|سنه|لعام)\s+)(?P<bareyear>(?:19|20)\d\d)(?!\d)"
                      rf"|(?:(?P<mq>{qual})\s+)?(?P<relmonth>الشهر\s+(?P<relmonthword>{rel}))(?!\w)"
                      rf"|{not_a_year}(?P<relyear>(?:العام|السنه)\s+(?P<relyearword>{rel}))(?!\w))")


_WINDOW, _START, _DIGIT = 1, 2, 4
_PAIR_DASH_RE = re.compile(r"\s*[-–—]\s*")  # between two names of one month: أيار - مايو
#: Words of the date pattern itself (not from months.yaml) that a date may begin with: ``يومي 14``,
#: ``بين الـ 29``, ``شهر آب``, ``الشهر الماضي``, ``عام 2018``, ``العام المقبل``.
_PATTERN_START_WORDS = ("يومي", "يوم", "بين", "شهر", "الشهر", "عام", "العام", "لعام", "سنه", "السنه")


@lru_cache(maxsize=1)
def _date_kinds() -> dict[str, int]:
    """The words :func:`_scan` looks for, each with its kinds (a bit set).

    ``_WINDOW``: the words every date contains (month names, year words), around which the pattern runs;
    ``_START``: the first word of everything a date may begin with (month names, qualifiers, ordinal days,
    the pattern's own words); ``_DIGIT``: 0-9 (other digits are found by ``other_digits``).
    """
    names, _ = _month_table()
    kinds: dict[str, int] = {}

    def add(word: str, kind: int) -> None:
        kinds[word] = kinds.get(word, 0) | kind

    for word in list(names) + ["عام", "العام", "لعام", "سنه", "السنه", "الشهر"] + list(_this_month_words()):
        add(word, _WINDOW)
    for word in list(names) + list(_qualifiers()) + list(_day_words()) + list(_PATTERN_START_WORDS):
        add(word.split()[0], _START)
    for digit in "0123456789":
        add(digit, _DIGIT)
    return kinds


@lru_cache(maxsize=1)
def _anchors():
    """:func:`_date_kinds` as an Aho-Corasick automaton (for :func:`_scan_reference`): values ``(kinds, length)``."""
    return kinds_automaton(_date_kinds())


@lru_cache(maxsize=1)
def _date_table() -> tuple:
    """:func:`_date_kinds` as the automaton table the compiled scan runs (values: the kinds)."""
    return kinds_table(_date_kinds())


@lru_cache(maxsize=1)
def _date_automaton():
    """:func:`_date_table` read once by the compiled core (``_textscan.Automaton``)."""
    return compiled("_textscan").Automaton(_date_table())


def _scan(form: str, before: int = DATE_WINDOW[0], after: int = DATE_WINDOW[1]) -> tuple[list[tuple[int, int]], list[int]]:
    """Windows around month names and year words (merged: the only places a date can be), and the sorted
    places in them where a date may start (a superset: the pattern decides): compiled, or
    :func:`_scan_reference`."""
    scan = compiled("_textscan")
    if scan is None:
        return _scan_reference(form, before, after)
    if (before, after) == DATE_WINDOW:  # with the round scan, in one pass (memoised: read only)
        return date_hits(form)
    return scan.date_scan(form, _date_automaton(), (_WINDOW, _START, _DIGIT), before, after)


def _scan_reference(form: str, before: int = DATE_WINDOW[0], after: int = DATE_WINDOW[1]) -> tuple[list[tuple[int, int]], list[int]]:
    """:func:`_scan` from one pass of :func:`_anchors` over the form.

    A date starts at one of the start words, at a digit, or 2-3 characters before one (``الـ5``, ``ال 5``).
    """
    windows: list[list[int]] = []
    starts: list[int] = []
    digits: list[int] = []
    n = len(form)
    for end, (kind, length) in _anchors().iter(form):
        if kind == _DIGIT:
            digits.append(end)
            continue
        start = end + 1 - length
        if kind & _START:
            starts.append(start)
            if kind == _START:
                continue
        if end + 1 < n and form[end + 1].isalpha():
            continue  # inside a longer word (اب in الانتخابات)
        if start > 0 and form[start - 1].isalpha() and not (
                form[start - 1] in "وفبل" and (start < 2 or not form[start - 2].isalpha())):
            continue
        a, b = max(0, start - before), min(n, end + 1 + after)
        if windows and a <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], b)
        else:
            windows.append([a, b])
    if not windows:
        return [], []
    for p in digits:
        if not (p and form[p - 1] in "0123456789"):  # a day's first digit follows no digit
            _add_number_starts(form, p, starts)
    for p in other_digits(form):
        _add_number_starts(form, p, starts)
    return [(a, b) for a, b in windows], sorted(set(starts))


def _add_number_starts(form: str, p: int, starts: list[int]) -> None:
    """Add where a date with its day at ``p`` may start: at the digit, or at ``ال`` just before it
    (``الـ5`` folds to ``ال5``; ``ال 5``)."""
    starts.append(p)
    if p >= 2 and form.startswith("ال", p - 2):
        starts.append(p - 2)
    elif p >= 3 and form.startswith("ال", p - 3):
        starts.append(p - 3)


def _date_matches(form: str):
    """What ``_date_re().finditer`` finds in each window of :func:`_scan`."""
    windows, starts = _scan(form)
    for _, m in matches_in_windows(_date_re(), form, starts, windows):
        yield m


def find_dates(text: str) -> list[dict]:
    """Date mentions in one text, before year inference (``year`` only when written).

    The full date pattern runs only in windows around month names and year words (found with
    Aho-Corasick), and there only where a date may start, which keeps it fast on long texts.
    """
    return [dict(row) for row in dates_found(text)]


@lru_cache(maxsize=256)
def dates_found(text: str) -> tuple[dict, ...]:
    """:func:`find_dates` memoised for the last texts seen, as rows the caller must not change: the rounds
    step asks for the dates of a text without round mentions, and :func:`extract_dates` asks again."""
    mf = match_form(text)
    form = mf.form
    names, relative = _month_table()
    qualifiers = _qualifiers()
    out = []
    for m in _date_matches(form):
        if m.group("bareyear"):
            start, end = mf.span(m.start(), m.end())
            out.append(_row(text, start, end, None, None, None, int(m.group("bareyear")), "explicit", "", ""))
            continue
        if m.group("relyear"):
            start, end = mf.span(m.start(), m.end())
            out.append(_row(text, start, end, None, None, None, None, "", relative[m.group("relyearword")], ""))
            continue
        if m.group("relmonth"):  # الشهر الجاري / الماضي / المقبل: the month is read from the anchor
            start, end = mf.span(m.start(), m.end())
            row = _row(text, start, end, None, None, None, None, "", relative[m.group("relmonthword")], "",
                       qualifiers.get(m.group("mq") or "", ""))
            row["unit"] = "month"
            out.append(row)
            continue
        if m.group("dayrel"):  # a day of the month the anchor gives (23 من الشهر الجاري, يوم 23 الجاري)
            days = _day_range(m, "r")
            if days is None:
                continue
            start, end = mf.span(m.start(), m.end())
            row = _row(text, start, end, *days, None, None, "",
                       relative[m.group("rrel")] if m.group("rrel") else "current", "")
            row["unit"] = "month"
            out.append(row)
            continue
        p = next(p for g, p in (("withday", "d_"), ("wordday", "w_"), ("qualified", "q_"), ("monthonly", "o_"))
                 if m.group(g))
        written = (_PAIR_DASH_RE.split(m.group(p + "dp"), maxsplit=1) if m.group(p + "dp")
                   else [m.group(p + "m1"), m.group(p + "m2")])
        (month, system), *second = [names[" ".join(w.split())] for w in written if w]
        systems = [system]
        if second:
            month2, system2 = second[0]
            if month2 != month:
                continue  # a pair that disagrees is not a date we can trust
            systems.append(system2)
        year = int(m.group(p + "year")) if m.group(p + "year") else None
        rel = relative.get(m.group(p + "rel") or "", "") or ("current" if m.group(p + "this") else "")
        qualifier = qualifiers.get(m.group("q") or "", "") if p == "q_" else ""
        day = day_end = None
        if p == "d_":
            days = _day_range(m, "d")
            if days is None:
                continue
            day, day_end = days
        elif p == "w_":
            day = _day_words()[" ".join(m.group("dw").split())]
        elif year is None and not rel and not qualifier:
            continue  # a month name alone (ماي، آب ...) is too ambiguous
        a = m.start() + (len(m.group()) - len(m.group().lstrip()))
        start, end = mf.span(a, m.end())
        row = _row(text, start, end, day, day_end, month, year, "explicit" if year else "", rel,
                   "+".join(dict.fromkeys(systems)), qualifier)
        if (m.group(p + "ofyear") or m.group(p + "this")) and rel:  # نيسان من العام المقبل: the year, not the next April
            row["year_offset"] = {"past": -1, "next": 1, "current": 0}[rel]
        out.append(row)
    return tuple(out)


def _day_range(m: re.Match, g: str) -> tuple[int, int | None] | None:
    """``(day, last day or None)`` from groups ``g1`` and ``g2`` of a date match, or None when no month has
    them (a day over 31, a range that does not run forward)."""
    day = int(m.group(g + "1"))
    day_end = int(m.group(g + "2")) if m.group(g + "2") else None
    if not 1 <= day <= 31 or (day_end is not None and not day < day_end <= 31):
        return None
    return day, day_end


def _row(text, start, end, day, day_end, month, year, year_source, rel, systems, qualifier="") -> dict:
    return {"start": start, "end": end, "surface": text[start:end], "day": day, "day_end": day_end,
            "month": month, "year": year, "year_source": year_source, "relative": rel, "qualifier": qualifier,
            "systems": systems}


_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _on(year: int, month: int, day: int) -> date:
    """``date(year, month, day)`` with the day clamped to the month's length (for comparisons)."""
    for d in range(day, 27, -1):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    return date(year, month, min(day, 28))


def infer_year(row: dict, anchor: date | None) -> tuple[int | None, str]:
    """The year of a date without one, from the anchor date and the relative word.

    With a day, ``الماضي`` takes the latest such date before the anchor and ``المقبل`` the first after it;
    with a month only, the latest month before the anchor's month (or the first after it), so ``شباط الماضي``
    written in February is the February of the year before. ``من العام المقبل`` moves the year itself.
    """
    if row["year"] is not None:
        return row["year"], row["year_source"] or "explicit"
    if anchor is None:
        return None, ""
    return _year_near(row["month"], row["relative"], row["day"], row.get("year_offset"), anchor)


@lru_cache(maxsize=4096)
def _year_near(month: int | None, rel: str, day: int | None, year_offset: int | None,
               anchor: date) -> tuple[int | None, str]:
    """:func:`infer_year` for a date without its year (memoised: a corpus repeats its dates and anchors)."""
    if month is None:  # العام الماضي / المقبل
        offset = {"past": -1, "next": 1, "current": 0}.get(rel)
        return (anchor.year + offset, "relative") if offset is not None else (None, "")
    if year_offset is not None:
        return anchor.year + year_offset, "relative"
    years = (anchor.year - 1, anchor.year, anchor.year + 1)
    if day:
        candidates = [_on(y, month, day) for y in years]
        here = anchor
    else:  # compare months
        candidates = [date(y, month, 1) for y in years]
        here = anchor.replace(day=1)
    if rel == "next":
        return next(c for c in candidates if c > here).year, "relative"
    if rel == "past":
        return [c for c in candidates if c < here][-1].year, "relative"
    if rel == "current":
        return anchor.year, "relative"
    nearest = min(candidates, key=lambda c: abs((c - here).days))
    return nearest.year, "inferred"


def _iso(year, month, day) -> str:
    if year is None and month is None:
        return ""
    if month is None:
        return f"{year:04d}"
    if year is None:
        return f"--{month:02d}" + (f"-{day:02d}" if day else "")
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def extract_dates(corpus: pd.DataFrame, anchors: dict[str, date] | None = None) -> pd.DataFrame:
    """One row per date mention (:data:`DATE_COLUMNS`), years inferred from ``anchors`` (doc_id → date).

    Without an anchor for a document, the latest date with a written year in
    it serves; without that, partial dates stay partial (``--01-29``).
    """
    anchors = anchors or {}
    rows, spans, lengths, counts = [], [], [], []
    for doc_id, text in zip(corpus["doc_id"].tolist(), corpus["text"].tolist()):
        found = dates_found(text)  # read only: the rows below are new dicts
        if not found:
            continue
        anchor = anchors.get(doc_id) or _own_anchor(found)
        spans.append(sentence_spans(text))
        lengths.append(len(text))
        counts.append(len(found))
        for r in found:
            if r.get("unit") == "month":  # الشهر الجاري: the anchor's month, or the one before or after
                r = {**r, **_relative_month(r["relative"], anchor)}
            year, source = infer_year(r, anchor)
            r = {**r, "year": year, "year_source": source, "note": ""}
            day, day_end = r["day"], r["day_end"]
            if day and r["month"] and not _possible(year, r["month"], day_end or day):
                r["note"] = f"no day {day_end or day} in month {r['month']}" + (f" of {year}" if year else "") + \
                            ": date left at the month"
                day = day_end = None
            r["date"] = _iso(year, r["month"], day)
            r["date_end"] = _iso(year, r["month"], day_end) if day_end else ""
            rows.append({"doc_id": doc_id, **r})
    table = pd.DataFrame(rows, columns=DATE_COLUMNS)
    if rows:  # the sentence of every date of the chunk, in one search
        table["sentence_id"] = sentence_index_many(spans, lengths, [r["start"] for r in rows], counts)
    for col in ("day", "day_end", "month", "year"):
        table[col] = table[col].astype("Int64")
    return table


def _relative_month(rel: str, anchor: date | None) -> dict:
    if anchor is None:
        return {"relative": rel}
    index = anchor.year * 12 + anchor.month - 1 + {"past": -1, "next": 1}.get(rel, 0)
    return {"month": index % 12 + 1, "year": index // 12, "year_source": "relative", "relative": rel}


def _possible(year: int | None, month: int, day: int) -> bool:
    """Whether ``day`` exists in ``month`` (of ``year``, when known: 29 February only in leap years)."""
    if year is None:
        return 1 <= day <= _MONTH_DAYS[month - 1]
    return _valid(year, month, day)


def _own_anchor(found: list[dict]) -> date | None:
    full = [date(r["year"], r["month"], r["day"]) for r in found
            if r["year"] and r["month"] and r["day"] and _valid(r["year"], r["month"], r["day"])]
    return max(full) if full else None


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
        return True
    except ValueError:
        return False
