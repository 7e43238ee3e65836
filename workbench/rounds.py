"""Astana rounds: which round an article covers, and which others it mentions.

Round mentions (``data/rounds.yaml``): ``أستانا 8``, ``أستانا-7``, ``(أستانا-7 )``,
``“أستانا 4”``, ``أستانا “3``, ``لأستانا 9`` (the clitic stays outside the
surface), ``الجولة الـ5``, ``الجولة ال 11``, ``الجولة 15``, ``الجولة الثامنة``,
``الحادية عشرة``, ``اجتماع أستانا السابع``, ``الاجتماع الدولي الثاني في أستانا``,
``للجولة الثامنة`` (ل and the article contracted), ``الثانية و العشرين`` (و apart),
with Latin or Arabic-Indic numerals and ordinals in both genders up to 39; and the
rounds joined to a mention by و, أو or a comma, each a mention of its own:
``أستانا 7 و8``, ``الجولتين السابعة والثامنة``, ``الجولات الرابعة والخامسة والسادسة``; and
ordinals without the article after a round word without it (``جولة ثامنة``, ``اجتماع ثان``).
Not rounds: a round word whose sentence names another process first
(``الجولة الثامنة من مفاوضات جنيف``) or that is followed by ``من``/``لـ`` and
a noun other than the talks (``الجولة الأولى من الانتخابات``); a day of a month
(``في الأول من آب``); a date or count after the process name (``أستانا 14-15
ديسمبر``, ``أستانا 3 وزراء``); a round word with no Astana process in its
sentence, in a text that never names Astana.

Each mention gets a ``cue`` from the words within a few of it (``past``,
``next``, ``now``, ``dated`` for a written year). Each document gets a main
round: the round its mentions support most, weighted by cue; with a document
date, rounds held around that date (or the next one, for a preview) are
boosted, rounds long over weigh less, and a long-over round cued as past is
not the main round when another fits the date. Confidence is the main round's
share of the weight scaled by how much weight it has. Without any round
number, the round is inferred from the document's date or from the dates it
gives for an Astana meeting, checked against the reference calendar
(``data/rounds.csv``), and marked ``inferred``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date, timedelta
from functools import lru_cache
from operator import itemgetter

import pandas as pd

from .anchored import finditer_from, kinds_automaton, kinds_table, matches_in_windows
from .arabic import other_digits
from .compiled import compiled
from .matchform import after_lam, match_form, normalise_for_matching
from .resources import data_path, load_yaml
from .scans import round_hits
from .sentences import sentence_index, sentence_spans

#: Columns of the round mention table.
ROUND_MENTION_COLUMNS = ["doc_id", "start", "end", "surface", "round", "form", "process_stated", "cue",
                         "sentence_id", "role"]
#: Columns of the per-document round table.
DOC_ROUND_COLUMNS = ["doc_id", "main_round", "confidence", "inferred", "evidence", "rounds_mentioned",
                     "round_start", "round_end", "round_venue"]



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
                    out[f"{w} و{tw}"] = out[f"{w} و {tw}"] = ten + unit  # و written apart too
    for ten, tens_words in tens.items():
        for tw in tens_words:
            out[tw] = ten
    return out


@lru_cache(maxsize=1)
def indefinite_ordinal_words() -> dict[str, int]:
    """The :func:`ordinal_words` without the article (matching form): ``ثامنه``, ``حاديه عشره``,
    ``ثانيه وعشرين``, and ``ثان`` for ``ثاني`` (the form a masculine indefinite ordinal takes)."""
    out: dict[str, int] = {}
    for words, n in ordinal_words().items():
        if not words.startswith("ال"):
            continue
        bare = " ".join(w[2:] if w.startswith("ال") else "و" + w[3:] if w.startswith("وال") else w
                        for w in words.split(" "))
        out[bare] = n
        first, _, rest = bare.partition(" ")
        if first.endswith("ي") and len(first) > 3:  # ثان, حاد: the ي falls in the indefinite masculine
            out[" ".join(filter(None, [first[:-1], rest]))] = n
    return out


@lru_cache(maxsize=1)
def _indefinite_head() -> tuple[tuple[str, ...], re.Pattern, frozenset]:
    """The cheap tests before the pattern of all ordinals without the article, at a round word: how a round
    word that takes one starts (after a clitic or not), that word and the word after it (group ``w``), and
    the words such an ordinal starts with."""
    words = [_n(w) for w in _config()["indefinite_round_words"]]
    head = re.compile(rf"(?<!\w)[وفبل]?(?:{_alt(tuple(words))})\s+(?P<w>\w+)")
    return (tuple(words + [c + w for c in _CLITICS for w in words]), head,
            frozenset(w.split(" ")[0] for w in indefinite_ordinal_words()))


@lru_cache(maxsize=1)
def _not_after_indefinite_re() -> re.Pattern:
    """A word after which an ordinal without the article is no round (``اجتماع أول أمس``). Checked on the
    whole form after the match, not inside the pattern, which runs in windows that may end before it."""
    return re.compile(rf"\s+(?:{_alt(tuple(_config()['not_after_indefinite_ordinal']))})(?!\w)")


def _phrases(words) -> str:
    """An alternation of phrases already in matching form, longest first (ties in the order given, so the
    pattern is the same in every process), a space matching any run of spaces."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=None)
def _alt(words: tuple[str, ...]) -> str:
    # longest first, ties in alphabetical order: the same pattern in every process (a set's order is not)
    return "|".join(re.escape(_n(w)).replace(r"\ ", r"\s+") for w in sorted(set(words), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def _config() -> dict:
    return load_yaml("rounds.yaml")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern, re.Pattern, re.Pattern, re.Pattern, dict]:
    cfg = _config()
    alt = lambda words: _alt(tuple(words))
    process = alt(cfg["process_words"])
    ordinals = ordinal_words()
    ordinal = _phrases(ordinals)
    quote = r"[\"“”«»'‘’(\[]"
    not_a_date, not_a_count = _number_guards()
    number = (rf"(?:(?P<ord>{ordinal})|ال\s?(?P<num>\d{{1,2}})|رقم\s+(?P<num2>\d{{1,2}}))(?!\w)"
              rf"{not_a_count}")
    # a number ends at a full stop that ends the sentence, not at one inside a number ("أستانا 8." but not "8.5")
    p_number = re.compile(rf"(?<!\w)[وف]?[بل]?(?P<pname>{process})\s*[-–—]?\s*{quote}?\s*(?:ال\s?)?(?P<pnum>\d{{1,2}})"
                          rf"(?!\d|[/.]\d){not_a_date}{not_a_count}")
    p_ordinal = re.compile(rf"(?<!\w)[وف]?[بل]?(?P<pname>{process})\s+(?P<pord>{ordinal})(?!\w)")
    fillers = alt(cfg["filler_words"])
    mid = rf"(?P<mid>(?:\s+(?:[وفبل]?(?:{process})|{fillers}))*)"
    p_round = re.compile(rf"(?<!\w)(?:{_with_clitics_re(cfg['round_words'])}){mid}\s+{number}")
    indefinite = _phrases(indefinite_ordinal_words())
    p_round_indef = re.compile(rf"(?<!\w)[وفبل]?(?:{alt(cfg['indefinite_round_words'])})\s+(?P<iord>{indefinite})(?!\w)")
    p_round_ord = re.compile(rf"(?<!\w)(?:{_with_clitics_re(cfg['ordinal_round_words'])}){mid}\s+(?P<ord>{ordinal})(?!\w)")
    p_round_bare = re.compile(rf"(?<!\w)(?:{_with_clitics_re(cfg['bare_number_round_words'])})"
                              rf"(?P<mid>(?:\s+(?:{fillers}))*)\s+"
                              rf"(?P<num3>\d{{1,2}})(?!\d|[/.]\d){not_a_date}{not_a_count}")
    p_process = re.compile(rf"(?<!\w)[وفبل]?(?:(?P<astana>{process})|(?P<other>{alt(cfg['other_processes'])}))")
    return p_number, p_ordinal, p_round, p_round_ord, p_round_indef, p_round_bare, p_process, _cue_patterns()


@lru_cache(maxsize=1)
def _number_guards() -> tuple[str, str]:
    """What may not follow a round's number: a month (a date: ``أستانا 23 يناير``, ``14 و15 أيار``,
    ``14-15 ديسمبر``) or a counted noun (``أستانا 3 وزراء``)."""
    from .dates import _month_table

    cfg = _config()
    months = "|".join(re.escape(m).replace(r"\ ", r"\s+") for m in sorted(_month_table()[0], key=len, reverse=True))
    not_a_date = rf"(?!\s*(?:(?:و|-|–|—)\s*\d{{1,2}}\s*)?(?:من\s+)?(?:شهر\s+)?(?:{months})(?!\w))"
    not_a_count = (rf"(?!\s*(?:{_alt(tuple(cfg['counted_nouns']))})(?!\w)"
                   rf"(?!\s+(?:{_alt(tuple(cfg['weekdays']))}|\d)))")
    return not_a_date, not_a_count


@lru_cache(maxsize=1)
def _more_res() -> tuple[re.Pattern, re.Pattern]:
    """A further round right after a round mention, joined by و, أو or a comma: a number after a number
    (``أستانا 7 و8``, ``جولتي أستانا 7 و8``), an ordinal after an ordinal (``الجولتين السابعة والثامنة``).
    The group ``more`` is the further round's number or ordinal."""
    not_a_date, not_a_count = _number_guards()
    ordinal = _phrases(ordinal_words())
    joint = r"\s*(?:[،,]|و|او(?=\s))\s*"
    return (re.compile(rf"{joint}(?P<more>(?:ال\s?)?(?P<num>\d{{1,2}}))(?!\d|[/.]\d){not_a_date}{not_a_count}"),
            re.compile(rf"{joint}(?P<more>(?P<ord>{ordinal}))(?!\w)"))


def _more_rounds(form: str, end: int, by_ordinal: bool, taken: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """The further rounds joined to a mention that ends at ``end`` (:func:`_more_res`), as ``(start, end,
    round)`` in the matching form, up to the first that overlaps ``taken`` or is no round number."""
    pattern = _more_res()[1 if by_ordinal else 0]
    out = []
    while form[end:end + 8].lstrip()[:1] in ("و", "،", ",", "ا") and (m := pattern.match(form, end)) is not None:
        number = ordinal_words()[" ".join(m.group("ord").split())] if by_ordinal else int(m.group("num"))
        a, b = m.start("more"), m.end("more")
        if not 1 <= number <= 39 or any(a < tb and ta < b for ta, tb in taken):
            break
        out.append((a, b, number))
        end = b
    return out


def _with_clitics_re(words: list[str]) -> str:
    """A pattern for ``words`` after an optional one-letter clitic (والجولة, بالاجتماع), and for those with
    the article after ل (للجولة, وللاجتماع)."""
    contracted = tuple("ل" + c for c in map(after_lam, map(_n, words)) if c is not None)
    return rf"[وفبل]?(?:{_alt(tuple(words))})" + (rf"|[وف]?(?:{_alt(contracted)})" if contracted else "")


@lru_cache(maxsize=1)
def _cue_patterns() -> dict[str, re.Pattern]:
    return {kind: re.compile(rf"(?<!\w)(?:{_alt(tuple(words))})(?!\w)") for kind, words in _config()["cues"].items()}


@lru_cache(maxsize=1)
def _any_cue_re() -> re.Pattern:
    """The cue words of every kind in one pattern: it matches a text if and only if one of
    :func:`_cue_patterns` does."""
    words = tuple(w for kind_words in _config()["cues"].values() for w in kind_words)
    return re.compile(rf"(?<!\w)(?:{_alt(words)})(?!\w)")


@lru_cache(maxsize=1)
def _after_round_res() -> tuple[re.Pattern, re.Pattern, frozenset, frozenset]:
    """What may follow a round word's number: a day's month (``الأول من آب``), ``من X`` / ``لX``."""
    from .dates import _month_table

    cfg = _config()
    months = "|".join(re.escape(m).replace(r"\ ", r"\s+") for m in sorted(_month_table()[0], key=len, reverse=True))
    day_of_month = re.compile(rf"\s+من\s+(?:(?:شهر\s+)?(?:{months})|الشهر)(?!\w)")
    of_word = re.compile(r"\s*[،,]?\s+(?:(?P<min>من)\s+(?P<w1>\w+)|(?P<w2>ل\w+))")
    ok = {_n(w) for w in cfg["round_of_words"] + cfg["process_words"] + cfg["round_words"]}
    ok |= {w.split()[0] for w in ok}  # first word of "نور سلطان"
    return day_of_month, of_word, frozenset(ok), frozenset(_n(w) for w in cfg["not_lam_nouns"])


def _not_an_astana_round(form: str, end: int) -> bool:
    """After a round word and its number: a day of a month, or ``من``/``لـ`` + a noun other than the talks."""
    day_of_month, of_word, ok, not_lam = _after_round_res()
    if day_of_month.match(form, end):
        return True
    m = of_word.match(form, end)
    if not m:
        return False
    if m.group("min"):
        word = m.group("w1")
        word = word[1:] if word[:1] in "وب" and word[1:] in ok else word
        return word not in ok
    word = m.group("w2")
    if word in not_lam or len(word) < 4:
        return False
    rest = word[1:].lstrip("\u0640")
    if rest.startswith("ل"):  # لل = ل + ال
        return "ا" + rest not in ok and rest not in ok
    return rest not in ok


def find_rounds(text: str) -> list[dict]:
    """Astana round mentions in one text (without ``doc_id`` and ``role``)."""
    p_number, p_ordinal, p_round, p_round_ord, p_round_indef, p_round_bare, p_process, cues = _patterns()
    ordinals = ordinal_words()
    mf = match_form(text)
    form = mf.form
    spans = sentence_spans(text)
    sentence_starts = [s for s, _ in spans]
    bounds: dict[int, tuple[int, int]] = {}

    def form_bounds(sid: int) -> tuple[int, int]:
        """Where sentence ``sid`` starts and ends in the matching form."""
        if sid not in bounds:
            s_start, s_end = spans[sid] if spans else (0, len(text))
            bounds[sid] = _form_pos(mf, s_start), _form_pos(mf, s_end)
        return bounds[sid]

    seen_matches, matches = set(), []
    scan = _scan(form)
    runs = ((p_round, "round_word", scan.round_starts), (p_round_ord, "round_word", scan.round_starts),
            (p_round_bare, "round_word", scan.bare_starts),
            (p_number, "process_number", scan.process_starts), (p_ordinal, "process_ordinal", scan.process_starts))
    # window by window, and in each window run by run: the order the longest-first sort below keeps for ties
    by_window = sorted(((w, r, m) for r, (pattern, _, starts) in enumerate(runs)
                        for w, m in matches_in_windows(pattern, form, starts, scan.windows)), key=itemgetter(0, 1))
    for _, r, m in by_window:
        kind = runs[r][1]
        if (m.start(), m.end(), kind) not in seen_matches:
            seen_matches.add((m.start(), m.end(), kind))
            matches.append((m, kind))
    # an ordinal without the article opens no window (short words: ثان, اول are inside many others); the
    # pattern is tried at every round word instead, on the whole form
    words, head, first_words = _indefinite_head()
    matches += [(m, "round_word") for s in scan.round_starts if form.startswith(words, s)
                and (h := head.match(form, s)) and h.group("w") in first_words and (m := p_round_indef.match(form, s))]
    matches.sort(key=lambda mk: mk[0].start() - mk[0].end())  # longest first
    found, taken = [], []
    doc_names_astana = None
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
        elif groups.get("iord"):
            if _not_after_indefinite_re().match(form, m.end()):
                continue  # اجتماع أول أمس: the day before yesterday's meeting
            number = indefinite_ordinal_words()[" ".join(groups["iord"].split())]
        else:
            number = int(groups.get("num") or groups.get("num2") or groups.get("num3"))
        if not 1 <= number <= 39:
            continue
        more = _more_rounds(form, m.end(), bool(groups.get("pord") or groups.get("ord") or groups.get("iord")), taken)
        if kind != "process_number" and _not_an_astana_round(form, more[-1][1] if more else m.end()):
            continue
        a = m.start("pname") if groups.get("pname") else m.start()  # a clitic (لأستانا) stays outside
        start, end = mf.span(a, m.end())
        sid = _sentence_of(sentence_starts, start)
        stated = kind != "round_word" or bool(re.search(r"\S", groups.get("mid") or "") and
                                              p_process.search(groups["mid"] or ""))
        if kind == "round_word" and not stated:
            process = _nearest_process(form, m.start(), m.end(), *form_bounds(sid), p_process)
            if process == "other":
                continue
            if process is None:
                # no process in the sentence: a round only in a text about Astana
                if doc_names_astana is None:
                    doc_names_astana = any(p.group("astana") for p in p_process.finditer(form))
                if not doc_names_astana:
                    continue
            stated = process == "astana"
        taken.append((m.start(), m.end()))
        taken += [(a_more, b_more) for a_more, b_more, _ in more]
        # the mention, and the rounds joined to it (الجولتين السابعة والثامنة: the eighth is mentioned too)
        for i, (fa, fb, n_round) in enumerate([(a, m.end(), number), *more]):
            if i:  # a joined round: its own span and sentence (the mention's are known)
                start, end = mf.span(fa, fb)
                sid = _sentence_of(sentence_starts, start)
            found.append({"start": start, "end": end, "surface": text[start:end], "round": n_round, "form": kind,
                          "process_stated": stated, "cue": "", "sentence_id": sid, "_fa": fa, "_fb": fb})
    found.sort(key=lambda r: r["start"])
    for i, r in enumerate(found):
        s_start, s_end = form_bounds(r["sentence_id"])
        lo = max(s_start, found[i - 1]["_fb"] if i and found[i - 1]["sentence_id"] == r["sentence_id"]
                 else 0)
        hi = min(s_end, found[i + 1]["_fa"] if i + 1 < len(found)
                 and found[i + 1]["sentence_id"] == r["sentence_id"] else len(form))
        r["cue"] = _cue(form, lo, r["_fa"], r["_fb"], max(hi, r["_fb"]), cues)
    for r in found:
        del r["_fa"], r["_fb"]
    return found


_ORDINAL, _PROCESS, _PROCESS_START, _ROUND_WORD, _BARE_WORD, _DIGIT = 1, 2, 4, 8, 16, 32
_CLITICS = "وفبل"


@lru_cache(maxsize=1)
def _round_kinds() -> dict[str, int]:
    """Everything :func:`_scan` looks for, each word with its kinds.

    Ordinals and process names open the windows the patterns run in; the first word of each process name
    and round word is where a match may start; digits are where a number may be. A word's kinds are a
    bit set of ``_ORDINAL``, ``_PROCESS`` ...
    """
    cfg = _config()
    kinds: dict[str, int] = {}

    def add(word: str, kind: int) -> None:
        kinds[word] = kinds.get(word, 0) | kind

    for word in ordinal_words():
        add(word, _ORDINAL)
    for word in cfg["process_words"]:
        add(_n(word), _PROCESS)
        add(_n(word).split()[0], _PROCESS_START)
    for key, kind in (("round_words", _ROUND_WORD), ("ordinal_round_words", _ROUND_WORD),
                      ("bare_number_round_words", _BARE_WORD)):
        for word in map(_n, cfg[key]):
            add(word.split()[0], kind)
            if (contracted := after_lam(word)) is not None:
                add(("ل" + contracted).split()[0], kind)  # للجولة
    for digit in "0123456789":  # and other_digits()
        add(digit, _DIGIT)
    return kinds


@lru_cache(maxsize=1)
def _round_automaton():
    """:func:`_round_kinds` as an Aho-Corasick automaton (for :func:`_hits_reference`): values ``(kinds, length)``."""
    return kinds_automaton(_round_kinds())


@lru_cache(maxsize=1)
def _number_anchor_re() -> re.Pattern:
    """``ال5``, ``رقم 5`` and ``الجولة 15``: numbers that may be rounds without a process name before them.

    A match ends at a digit and starts 2 or 3 characters before it (``ال5``, ``ال 5``), 3 characters before
    the spaces in front of it (``رقم 5``) or at a bare-number round word: :func:`_scan` tries it there only.
    """
    return re.compile(rf"ال\s?\d|رقم\s+\d|(?:{_with_clitics_re(_config()['bare_number_round_words'])})\s+\d")


class _Scan:
    """Where round mentions can be in a matching form: the windows the patterns run in, and the sorted
    positions where each pattern may start (a superset: the pattern itself decides)."""

    __slots__ = ("windows", "round_starts", "bare_starts", "process_starts")

    def __init__(self, windows, round_starts, bare_starts, process_starts):
        self.windows, self.round_starts = windows, round_starts
        self.bare_starts, self.process_starts = bare_starts, process_starts


def _with_clitics(form: str, starts: list[int], most: int) -> list[int]:
    """``starts`` and the positions up to ``most`` clitic letters (و ف ب ل) before each, sorted."""
    out = set(starts)
    for _ in range(most):
        starts = [s - 1 for s in starts if s > 0 and form[s - 1] in _CLITICS]
        out.update(starts)
    return sorted(out)


def _scan(form: str) -> _Scan:
    """Where round mentions can be: the windows around ordinals, ``ال5``-style numbers and process names
    (the only places a round mention can be), and where the round patterns may start (round words,
    process names, each after up to two clitics)."""
    if compiled("_textscan") is not None:  # with the date scan, in one pass (memoised: read only)
        spans, round_starts, bare_starts, process_starts, anchor_starts = round_hits(form)
    else:
        spans, round_starts, bare_starts, process_starts, anchor_starts = _hits_reference(form)
    if anchor_starts:
        spans = spans + [(m.start() - 90, m.end() + 3)
                         for m in finditer_from(_number_anchor_re(), form, anchor_starts)]
    return _Scan(_merge(spans, len(form)), round_starts, bare_starts, process_starts)


_KIND_BITS = (_ORDINAL, _PROCESS, _PROCESS_START, _ROUND_WORD, _BARE_WORD, _DIGIT)


def _hits_reference(form: str) -> tuple[list, list[int], list[int], list[int], list[int]]:
    """One pass of :func:`_round_automaton` over the form: ``(spans, round_starts, bare_starts,
    process_starts, anchor_starts)``, the windows that words open (unmerged), the sorted starts of round
    words and bare-number round words (and one clitic before), of process names (and up to two clitics
    before), each only where a word starts, and where :func:`_number_anchor_re` may match (none without a
    digit). The compiled round scan (``workbench.scans.round_hits``) must give the same."""
    digits: list[int] = []
    by_kind: list[list[tuple[int, int]]] = [[] for _ in range(_DIGIT)]  # (start, end) of the other hits
    for end, (kind, length) in _round_automaton().iter(form):
        if kind == _DIGIT:  # the most frequent hit
            digits.append(end)
        else:
            by_kind[kind].append((end + 1 - length, end))
    spans, round_starts, bare_starts, process_starts = [], [], [], []
    for kind, hits in enumerate(by_kind):
        if not hits:
            continue
        if kind & _PROCESS:
            spans += [(start - 2, end + 40) for start, end in hits]
        elif kind & _ORDINAL:
            spans += [(start - 90, end + 2) for start, end in hits]
        for bit, starts in ((_PROCESS_START, process_starts), (_ROUND_WORD, round_starts), (_BARE_WORD, bare_starts)):
            if kind & bit:
                starts += [start for start, _ in hits]
    digits += other_digits(form)
    bare_starts = _with_clitics(form, bare_starts, 1)
    return (spans, _word_starts(form, _with_clitics(form, round_starts, 1)), _word_starts(form, bare_starts),
            _word_starts(form, _with_clitics(form, process_starts, 2)),
            _number_anchor_starts(form, digits, bare_starts) if digits else [])


def _word_starts(form: str, starts: list[int]) -> list[int]:
    """The positions of ``starts`` that start a word (no ``\\w`` just before them): the only places where the
    round patterns, which all start with ``(?<!\\w)``, can match."""
    return [s for s in starts if not s or not _WORD_CHAR_RE.match(form, s - 1)]


_WORD_CHAR_RE = re.compile(r"\w")


def _number_anchor_starts(form: str, digits: list[int], bare_starts: list[int]) -> list[int]:
    """Where :func:`_number_anchor_re` may match, sorted: a bare-number round word, or ``ال`` / ``رقم`` before
    the first digit of a number (``ال5``, ``ال 5``, ``رقم 5``), at most one space or a run of them between."""
    starts = set(bare_starts)
    for p in digits:
        if p and form[p - 1] in "0123456789":
            continue  # only the first digit of a number can end an anchor (ال5, رقم 5, الجولة 15)
        if p >= 2 and form.startswith("ال", p - 2):
            starts.add(p - 2)
        elif p >= 3 and form[p - 1].isspace():
            if form.startswith("ال", p - 3):
                starts.add(p - 3)
            q = p - 1
            while q > 0 and form[q - 1].isspace():
                q -= 1
            if q >= 3 and form.startswith("رقم", q - 3):
                starts.add(q - 3)
    return sorted(starts)


def _merge(spans: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    """Spans clipped to ``[0, n]``, sorted, overlapping or touching ones merged (compiled, or
    :func:`_merge_reference`)."""
    scan = compiled("_textscan")
    return scan.merge_spans(spans, n) if scan is not None else _merge_reference(spans, n)


def _merge_reference(spans: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    """:func:`_merge` in Python: the reference of the compiled ``merge_spans``."""
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            if b > merged[-1][1]:
                merged[-1][1] = b
        else:
            merged.append([a, b])
    # clipped at the end: every span starts before the text's end and ends after its start, so clipping
    # each span first would merge the same ones
    return [(max(0, a), min(n, b)) for a, b in merged]


def _form_pos(mf, pos: int) -> int:
    """The first position of the matching form at or after ``pos`` in the text."""
    return int(mf.source.searchsorted(pos))


def _sentence_of(sentence_starts: list[int], pos: int) -> int:
    """The sentence containing ``pos`` (or the one before it), as :func:`~.sentences.sentence_index`."""
    return min(max(bisect_right(sentence_starts, pos) - 1, 0), max(len(sentence_starts) - 1, 0))


def _nearest_process(form, a, b, fa, fb, p_process) -> str | None:
    """The process a round word belongs to: the first named after it in its sentence (``form[fa:fb]``),
    else the last before."""
    after = p_process.search(form, b, min(fb, b + 80))
    if after:
        return "astana" if after.group("astana") else "other"
    before = list(p_process.finditer(form, fa, a))
    if before:
        return "astana" if before[-1].group("astana") else "other"
    return None


# no digit before the 19 or 20 (checked after it: a pattern led by a look-behind is tried at every position)
_YEAR_RE = re.compile(r"(?:19|20)(?<!\d(?:19|20))\d\d(?!\d)")


def _cue(form: str, lo: int, a: int, b: int, hi: int, cues: dict) -> str:
    """The cue nearest a mention within ``cue_window`` words of it (``form[lo:hi]`` is as far as it may look)."""
    window = _config()["cue_window"]
    scan = compiled("_textscan")
    if scan is not None:
        text, at = scan.word_window(form, lo, a, b, hi, window["before"], window["after"])
        may_have_cue = _cue_key_finder().found_in(text)  # a cue written out: the pattern may match
    else:
        text, at = _word_window_reference(form, lo, a, b, hi, window["before"], window["after"])
        may_have_cue = _any_cue_re().search(text) is not None
    if not may_have_cue:  # most mentions have no cue: one search instead of one per kind
        return "dated" if _YEAR_RE.search(text) else ""
    best, best_dist = "", None
    for kind in ("next", "past", "now"):
        for m in cues[kind].finditer(text):
            dist = 0 if m.start() <= at < m.end() else min(abs(m.start() - at), abs(m.end() - at))
            if best_dist is None or dist < best_dist:
                best, best_dist = kind, dist
    if best:
        return best
    return "dated" if _YEAR_RE.search(text) else ""


def _word_window_reference(form: str, lo: int, a: int, b: int, hi: int, before: int, after: int) -> tuple[str, int]:
    """The last ``before`` words of ``form[lo:a]`` and the first ``after`` words of ``form[b:hi]``, each joined
    by one space, around ``" @ "`` (the mention), and the position of the ``@`` (what the compiled
    ``word_window`` gives)."""
    left = " ".join(form[lo:a].rsplit(maxsplit=before)[-before:] if before > 0 else [])
    right = " ".join(form[b:hi].split(maxsplit=after)[:after] if after > 0 else [])
    return f"{left} @ {right}", len(left) + 1


@lru_cache(maxsize=1)
def _cue_keys() -> tuple[str, ...]:
    """The cues as the compiled ``word_window`` writes them, one space between words: a window holds one wherever
    :func:`_any_cue_re` matches it (its ``\\s+`` can only match one space there)."""
    return tuple(sorted({_n(w) for words in _config()["cues"].values() for w in words}))


@lru_cache(maxsize=1)
def _cue_key_finder():
    """The compiled finder of :func:`_cue_keys`."""
    return compiled("_textscan").KeyFinder(kinds_table(dict.fromkeys(_cue_keys(), 1)))


def find_round_mentions(corpus: pd.DataFrame) -> pd.DataFrame:
    """Round mentions in every document (:data:`ROUND_MENTION_COLUMNS`; ``role`` filled by :func:`assign_rounds`)."""
    return pd.DataFrame(_mention_rows(corpus["doc_id"].tolist(), corpus["text"].tolist()),
                        columns=ROUND_MENTION_COLUMNS)


def _mention_rows(doc_ids: list, texts: list[str]) -> list[dict]:
    """The rows of :func:`find_round_mentions` for the documents ``doc_ids`` with texts ``texts``."""
    return [{"doc_id": doc_id, **r, "role": ""} for doc_id, text in zip(doc_ids, texts) for r in find_rounds(text)]


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
    from .dates import dates_found

    doc_ids, texts = corpus["doc_id"].tolist(), corpus["text"].tolist()  # each column converted once
    if mentions is None:
        mention_rows = _mention_rows(doc_ids, texts)
        mentions = pd.DataFrame(mention_rows, columns=ROUND_MENTION_COLUMNS)
    else:
        mentions = mentions.copy()
        mention_rows = _records(mentions)
    calendar = load_calendar() if calendar is None else calendar
    cal_rows = calendar.to_dict("records")
    by_round = {r["round"]: r for r in cal_rows}
    by_doc: dict[str, list[dict]] = {}
    for m in mention_rows:
        by_doc.setdefault(m["doc_id"], []).append(m)
    dates_of = corpus["date"].tolist() if "date" in corpus.columns else [None] * len(corpus)
    rows = []
    for doc_id, text, doc_date in zip(doc_ids, texts, dates_of):
        doc_m = by_doc.get(doc_id, [])
        row = {"doc_id": doc_id, "main_round": pd.NA, "confidence": 0.0, "inferred": False, "evidence": "",
               "rounds_mentioned": ",".join(str(r) for r in sorted({m["round"] for m in doc_m})),
               "round_start": None, "round_end": None, "round_venue": ""}
        doc_day = _parse_date(doc_date)
        scored = _score(doc_m, doc_day, cal_rows) if doc_m else None
        if scored:
            main, confidence, evidence, inferred = scored
            row.update(main_round=main, confidence=confidence, inferred=inferred, evidence=evidence)
        elif not doc_m:
            inferred = _infer_round(text, doc_date, dates_found(text), cal_rows)
            if inferred:
                row.update(main_round=inferred[0], confidence=inferred[1], inferred=True, evidence=inferred[2])
        cal = by_round.get(int(row["main_round"])) if not pd.isna(row["main_round"]) else None
        if cal is not None:
            row.update(round_start=cal["start"], round_end=cal["end"], round_venue=cal["venue"])
        rows.append(row)
    doc_rounds = pd.DataFrame(rows, columns=DOC_ROUND_COLUMNS)
    doc_rounds["main_round"] = doc_rounds["main_round"].astype("Int64")
    main_of = {row["doc_id"]: None if pd.isna(row["main_round"]) else int(row["main_round"]) for row in rows}
    mentions["role"] = [_role(r, main_of.get(d)) for d, r in zip(mentions["doc_id"].tolist(), mentions["round"].tolist())]
    return doc_rounds, mentions


def _records(frame: pd.DataFrame) -> list[dict]:
    """``frame.to_dict("records")``, built from whole columns (much faster)."""
    columns = frame.columns.tolist()
    return [dict(zip(columns, values)) for values in zip(*(frame[c].tolist() for c in columns))]


def _role(number: int, main: int | None) -> str:
    if main is None:
        return ""
    return "own" if number == main else ("past" if number < main else "next")


def _fit(cal: dict, day: date, next_round: int | None, cfg: dict) -> str:
    """How a round's calendar dates stand to the document date: fit, upcoming, stale or ``""``."""
    if cal["start"] - timedelta(days=cfg["days_before"]) <= day <= cal["end"] + timedelta(days=cfg["days_after"]):
        return "fit"
    if cal["round"] == next_round:
        return "upcoming"
    if cal["end"] + timedelta(days=cfg["stale_after_days"]) < day:
        return "stale"
    return ""


def _score(doc_m: list[dict], day: date | None, calendar: list[dict]):
    """``(main round, confidence, evidence, inferred)`` from a document's round mentions and its date.

    Each mention weighs by its cue (``cue_weights``), more in the first sentence, less when no process is
    named. With a document date, a round held around that date (``fit``) or the next one to come
    (``upcoming``) is boosted and its cue penalty lifted; a round long over (``stale``) weighs less, and
    one that is also cued as past cannot be the main round when another fits. When every mentioned round
    is long over and the date falls in a round's dates, that round is a candidate too (``inferred``).
    Confidence is the main round's share of the weight times ``min(1, weight / full_weight)``.
    """
    cfg = _config()
    cue_w, fit_cfg = cfg["cue_weights"], cfg["date_fit"]
    by_round = {c["round"]: c for c in calendar}
    relation: dict[int, str] = {}
    if day is not None:
        next_round = min((c["round"] for c in calendar if c["start"] > day), default=None)
        relation = {r: _fit(by_round[r], day, next_round, fit_cfg) for r in {m["round"] for m in doc_m}
                    if r in by_round}
    weights: dict[int, float] = {}
    past_cued: dict[int, bool] = {}
    for m in doc_m:
        rel = relation.get(m["round"], "")
        cue = m["cue"]
        if (rel == "fit" and cue in ("past", "next", "dated")) or (rel == "upcoming" and cue in ("next", "dated")) \
                or (day is not None and cue == "dated"):
            cue = ""  # the calendar tells more than the cue
        w = cue_w.get(cue, 1.0) + (cfg["title_bonus"] if m["sentence_id"] == 0 else 0.0)
        w *= 1.0 if m["process_stated"] else cfg["unstated_weight"]
        weights[m["round"]] = weights.get(m["round"], 0.0) + w
        past_cued[m["round"]] = past_cued.get(m["round"], False) or m["cue"] == "past"
    factor = {"fit": fit_cfg["fit_boost"], "upcoming": fit_cfg["upcoming_boost"], "stale": fit_cfg["stale_factor"]}
    scores = {r: w * factor.get(relation.get(r, ""), 1.0) for r, w in weights.items()}
    candidates = set(scores)
    inferred_round = None
    if day is not None:
        if any(relation.get(r) in ("fit", "upcoming") for r in scores):
            candidates -= {r for r in scores if relation.get(r) == "stale" and past_cued[r]}
        elif scores and all(relation.get(r) == "stale" for r in scores):
            around = [c for c in calendar if _fit(c, day, None, fit_cfg) == "fit"]
            if around:
                inferred_round = around[0]["round"]
                scores[inferred_round] = fit_cfg["date_weight"]
                candidates = {inferred_round} | {r for r in candidates if not past_cued[r]}
    rank = {"fit": 2, "upcoming": 1}
    main = max(sorted(candidates), key=lambda r: (round(scores[r], 6), rank.get(relation.get(r, ""), 0)))
    share = scores[main] / sum(scores.values())
    strength = min(1.0, scores[main] / cfg["full_weight"])
    confidence = round(share * strength, 3)
    if main == inferred_round:
        c = by_round[main]
        evidence = (f"document date {day.isoformat()} in round {main} ({c['start'].isoformat()}–"
                    f"{c['end'].isoformat()}); the rounds named are long over")
        return main, confidence, evidence, True
    evidence = "; ".join(f"{m['start']}-{m['end']} {m['surface']}" for m in doc_m if m["round"] == main)
    if relation.get(main) in ("fit", "upcoming"):
        evidence += f" [document date {day.isoformat()}: {relation[main]}]"
    return main, confidence, evidence, False


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
    dates_of = corpus["date"].tolist() if "date" in corpus.columns else [None] * len(corpus)
    for doc_id, doc_date in zip(corpus["doc_id"].tolist(), dates_of):  # not itertuples: it converts the texts
        own = _parse_date(doc_date)
        start = starts.get(doc_id)
        anchors[doc_id] = own or (start if isinstance(start, date) else None)
    return {k: v for k, v in anchors.items() if v}
