"""Page furniture: lines a scraper kept that are not the article.

Works line by line on text whose characters are already cleaned (see
:mod:`workbench.normalise`). Returns deletion edits, each with the kind of
furniture it removes, and the metadata that furniture carried: the title
(a repeated headline or the tail of a breadcrumb), a stated source and a
dateline. The rules come from ``data/cleaning.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Collection

from .arabic import LETTER_RE as _ARABIC_LETTER_RE, LETTERS
from .compiled import compiled
from .normalise import KindEdit
from .resources import load_yaml

_WORD_RE = re.compile(r"\S+")
_SPACE_RUN_RE = re.compile("   *")  # two spaces or more (a literal-led pattern: a fast scan)
_END_PUNCT = tuple(".!?؟:،,؛;")
_LATIN_RE = re.compile("[A-Za-z]")
_UPPER_RE = re.compile("[A-Z]")
_DIGIT_RE = re.compile(r"\d")
#: A line repeated verbatim is dropped when it has at least this many characters (spaces aside).
MIN_REPEATED_CHARS = 12


@dataclass(frozen=True)
class FurnitureRules:
    home_re: re.Pattern
    separator_re: re.Pattern
    max_segment_words: int
    line_rules: tuple[tuple[str, re.Pattern, int], ...]
    non_arabic_max_words: int
    site_names: frozenset[str]
    source_res: tuple[re.Pattern, ...]
    dateline_paren_re: re.Pattern
    dateline_agency_re: re.Pattern
    section_words: frozenset[str] = frozenset()
    short_segment_words: int = 4
    min_title_words: int = 3  # a breadcrumb tail shorter than this is a section (سوريا), not the headline
    site_address_res: tuple[re.Pattern, ...] = ()
    agency_names: dict[str, str] = field(default_factory=dict)  # agency key -> the listed name
    agency_word_re: re.Pattern | None = None
    separators: tuple[str, ...] = ()  # what separator_re separates at (empty: not known)
    # matches at the start of every line that home_re, a source pattern or a line rule matches
    # (None: not known); a line it does not match is body text unless it is early, a site name or not Arabic
    furniture_start_re: re.Pattern | None = None
    # characters without one of which dateline_paren_re / dateline_agency_re cannot match (empty: not known)
    dateline_paren_marks: tuple[str, ...] = ()
    dateline_agency_marks: tuple[str, ...] = ()


@dataclass
class FurnitureResult:
    edits: list[KindEdit] = field(default_factory=list)
    title: str = ""
    title_start: int | None = None  # where the title line starts, when it is kept in the text
    source: str = ""
    dateline: str = ""


def _alternation(items) -> str:
    return "|".join(re.escape(i) for i in sorted(items, key=len, reverse=True))


def _agency_key(name: str) -> str:
    """An agency name without dots and spaces: أ.ف.ب, أ. ف. ب and أ ف ب are one agency."""
    return re.sub(r"[.\s]+", "", name).casefold()


def _agency_alternation(agencies) -> str:
    """Agencies as a regex in which a dot or a space between parts may be either (or a dot and a space)."""
    forms = []
    for agency in sorted(agencies, key=len, reverse=True):
        parts = [re.escape(part) for part in re.split(r"[.\s]+", agency.strip()) if part]
        if parts:
            forms.append(r"(?:\.\s*|\s+)".join(parts))
    return "|".join(forms)


#: Sentence punctuation that may not stand inside a source name (a dot may, within a word: أ.ف.ب).
_SOURCE_WORD = r"(?:[^\s.!?؟؛;]|\.(?=[^\s.]))+"


def compile_rules(config: dict[str, Any]) -> FurnitureRules:
    bc = config["breadcrumb"]
    seps = _alternation(bc["separators"])
    line_rules = tuple(
        (rule["kind"], re.compile("|".join(f"(?:{p})" for p in rule["patterns"])), int(rule["max_words"]))
        for rule in config["line_rules"]
    )
    dl = config["dateline"]
    place = rf"(?P<place>[{LETTERS}]+(?: [{LETTERS}]+){{0,{int(dl['max_place_words']) - 1}}})"
    dashes = ("-", "–", "—")
    dash = rf"\s*[{''.join(dashes)}]\s*"
    source = rf"(?P<source>{_SOURCE_WORD}(?:\s+{_SOURCE_WORD}){{0,{int(config.get('source_max_words', 6)) - 1}}})"
    agency_words = dl.get("agency_words") or []
    home_re = re.compile(rf"^\s*(?:{_alternation(bc['home_words'])})\s*(?:{seps})")
    source_any = source.replace("(?P<source>", "(?:", 1)
    furniture_start_re = _any_match_re(
        [home_re, *(re.compile(p.replace("{source}", source_any)) for p in config["source_line_patterns"]),
         *(pattern for _, pattern, _ in line_rules)])
    return FurnitureRules(
        home_re=home_re,
        separator_re=re.compile(rf"\s(?:{seps})\s"),
        max_segment_words=int(bc["max_segment_words"]),
        line_rules=line_rules,
        non_arabic_max_words=int(config["non_arabic_line_max_words"]),
        site_names=frozenset(s.strip().casefold() for s in config.get("site_names") or []),
        source_res=tuple(re.compile(p.replace("{source}", source)) for p in config["source_line_patterns"]),
        # the agency is checked by _agency_ok; "(?:...|$)": the dateline may stand alone on its line
        dateline_paren_re=re.compile(
            rf"^{place}\s*(?:[،,]\s*[^()\n]{{0,30}}?)?\s*\((?P<agency>[^()\n]{{2,40}})\)\s*(?:[-–—:]\s*|$)"),
        dateline_agency_re=re.compile(
            rf"^{place}{dash}\(?(?P<agency>{_agency_alternation(dl['agencies'])})\)?\s*(?:[-–—:]\s*|\s|$)"),
        section_words=frozenset(_squash(w).casefold() for w in bc.get("section_words") or []),
        short_segment_words=int(bc.get("short_segment_words", 4)),
        min_title_words=int(bc.get("min_title_words", 3)),
        site_address_res=tuple(re.compile(p) for p in config.get("site_address_patterns") or []),
        agency_names={_agency_key(a): a for a in reversed(dl["agencies"])},
        agency_word_re=re.compile(rf"^(?:{_alternation(agency_words)})(?:\s|$)") if agency_words else None,
        separators=tuple(bc["separators"]),
        furniture_start_re=furniture_start_re,
        dateline_paren_marks=("(",),
        dateline_agency_marks=dashes,
    )


def _any_match_re(patterns: list[re.Pattern]) -> re.Pattern | None:
    """One regex that matches at a position where any of ``patterns`` matches, or ``None`` when
    they cannot be joined without changing their meaning (groups, global flags)."""
    plain_flags = re.compile("").flags
    if any(p.groups or p.flags != plain_flags for p in patterns):
        return None
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))
    except re.error:
        return None


@lru_cache(maxsize=8)
def default_rules(path: str = "cleaning.yaml") -> FurnitureRules:
    return compile_rules(load_yaml(path))


def _squash(line: str) -> str:
    return " ".join(line.split())


def _line_key(line: str) -> str:
    """``_squash(line)`` for a stripped line, without splitting one whose only whitespace is
    spaces (``isprintable`` is false for every whitespace character but the space)."""
    if line.isprintable():
        return _SPACE_RUN_RE.sub(" ", line) if "  " in line else line
    return _squash(line)


def _lines_and_keys(text: str) -> list[tuple[str, int, int, str]]:
    """:func:`_content_lines`, each with its :func:`_line_key` (compiled: ``_textscan.content_lines``)."""
    scan = compiled("_textscan")
    if scan is not None:
        return scan.content_lines(text)
    return [(line, start, end, _line_key(line)) for line, start, end in _content_lines(text)]


def _content_lines(text: str) -> list[tuple[str, int, int]]:
    """Each line of ``text`` that is not blank: its stripped text, and the start and end of the
    whole line (its newline included)."""
    lines = []
    start = 0
    for raw in text.split("\n"):
        end = start + len(raw) + 1
        line = raw.strip()
        if line:
            lines.append((line, start, end))
        start = end
    if lines and lines[-1][2] > len(text):  # the last line has no newline
        lines[-1] = (lines[-1][0], lines[-1][1], len(text))
    return lines


def _is_breadcrumb(line: str, rules: FurnitureRules, early: bool, later: Collection[str] = ()) -> str | None:
    """Return the breadcrumb's last segment (a title candidate) if ``line`` is one.

    A line that starts with a home word is one anywhere. Among the first lines (``early``), a line
    of three or more short segments is one only when it also looks like a breadcrumb: its first
    segment is a section name, or every segment before the last is very short and the last one is
    repeated as a later line (``later``, e.g. the headline). Lists such as "روسيا / تركيا / إيران" stay.
    """
    if rules.home_re.match(line):
        parts = rules.separator_re.split(f" {line} ")
        return _squash(parts[-1]) if len(parts) > 2 else ""
    if early:
        if not _has_separator(line, rules):
            return None  # one segment
        padded = f" {line} "
        first = rules.separator_re.search(padded)
        if first is None or rules.separator_re.search(padded, first.end()) is None:
            return None  # fewer than three segments
        parts = [_squash(p) for p in rules.separator_re.split(padded)]
        if len(parts) < 3 or not all(0 < len(p.split()) <= rules.max_segment_words for p in parts):
            return None
        if parts[0].casefold() in rules.section_words:
            return parts[-1]
        if parts[-1] in later and all(len(p.split()) <= rules.short_segment_words for p in parts[:-1]):
            return parts[-1]
    return None


def _has_separator(line: str, rules: FurnitureRules) -> bool:
    """Might ``line`` have breadcrumb segments? (True when the separators are not known.)"""
    return _has_any(line, rules.separators)


def _line_kind(line: str, rules: FurnitureRules) -> str | None:
    """The kind of furniture ``line`` is by itself (a line rule, a site name, a logo or symbols), or ``None``.

    Words are counted only for a line that a rule's pattern matches or that has no Arabic letter:
    most lines are body text, which neither test lets through.
    """
    n_words = None
    for kind, pattern, max_words in rules.line_rules:
        if pattern.match(line):
            n_words = len(line.split()) if n_words is None else n_words
            if n_words <= max_words:
                return kind
    if rules.site_names and line.casefold() in rules.site_names:
        return "site_name"
    if _ARABIC_LETTER_RE.search(line):
        return None
    n_words = len(line.split()) if n_words is None else n_words
    if n_words <= rules.non_arabic_max_words:
        if _LATIN_RE.search(line):
            # a site name or logo: one word, an all-lowercase line, or a web address; other short
            # Latin lines ("UN Security Council") are content
            if n_words == 1 or not _UPPER_RE.search(line) or any(r.search(line) for r in rules.site_address_res):
                return "site_name"
            return None
        # symbols only; a line with digits (a date such as 23/1/2017, a number) is kept as content
        return None if _DIGIT_RE.search(line) else "symbols"
    return None


def _is_plain_body(line: str, rules: FurnitureRules) -> bool:
    """A line that no rule but the early breadcrumb's can take for furniture by itself: it starts
    as no furniture pattern does, is not a site name and has an Arabic letter."""
    return (rules.furniture_start_re is not None and not rules.furniture_start_re.match(line)
            and not (rules.site_names and line.casefold() in rules.site_names)
            and _ARABIC_LETTER_RE.search(line) is not None)


def _headline_like(tail: str, rules: FurnitureRules) -> bool:
    """Whether a breadcrumb tail that no line repeats may be the headline: not a section name (سوريا,
    عربي ودولي), so not one of ``section_words`` and at least ``min_title_words`` words."""
    return _squash(tail).casefold() not in rules.section_words and len(tail.split()) >= rules.min_title_words


def _furniture_kind(line: str, rules: FurnitureRules, early: bool, later: Collection[str],
                    result: FurnitureResult, crumb_tails: dict[str, None]) -> str | None:
    """The kind of furniture ``line`` is by itself (breadcrumb, source line, a line rule's kind, site
    name, symbols) or ``None``; a breadcrumb's tail goes to ``crumb_tails``, a stated source to ``result``."""
    tail = _is_breadcrumb(line, rules, early=early, later=later)
    if tail is not None:
        if tail:
            crumb_tails.setdefault(tail)
        return "breadcrumb"
    for pattern in rules.source_res:
        sm = pattern.match(line)
        if sm:
            result.source = result.source or sm.group("source").strip()
            return "source_line"
    return _line_kind(line, rules)


def find_furniture(text: str, rules: FurnitureRules | None = None) -> FurnitureResult:
    """Classify each line of ``text``; return deletions for furniture and the metadata found."""
    rules = rules or default_rules()
    result = FurnitureResult()
    seen: dict[str, int] = {}
    crumb_tails: dict[str, None] = {}  # breadcrumb tails in the order met (a dict keeps it; a set would not)
    body_lines: list[tuple[str, int, int]] = []  # kept lines: text, start, end
    lines = _lines_and_keys(text)
    early_keys = [key for _, _, _, key in lines[:9]]  # to tell a breadcrumb tail repeated as the headline
    for content_index, (line, start, end, key) in enumerate(lines, start=1):
        early = content_index <= 3
        if _is_plain_body(line, rules) and not (early and _has_separator(line, rules)):
            kind = None
        else:
            kind = _furniture_kind(line, rules, early, early_keys[content_index:] if early else (), result, crumb_tails)
        if kind is None and key in seen and len(key.replace(" ", "")) >= MIN_REPEATED_CHARS:
            kind = "repeated_line"
            if not result.title and seen[key][0] <= 5:
                result.title, result.title_start = key, seen[key][1]
        if kind is not None:
            result.edits.append((start, end, "", f"furniture:{kind}"))
            continue
        seen.setdefault(key, (content_index, start))
        body_lines.append((key, start, end))
    # A dateline opens the first kept line, or stands alone on it; when that line is the headline,
    # the dateline opens the next one. A line that starts with a dateline is not the headline.
    dateline_line, dateline_lines = None, []
    if body_lines and not (result.title and body_lines[0][0] == result.title):
        dateline_line = _find_dateline(text, body_lines[0][1], body_lines[0][2], rules, result)
        # a dateline alone on its line may be followed by another one (a scraper's repeat)
        while dateline_line is not None:
            dateline_lines.append(dateline_line)
            whole = result.edits[-1][:2] == (dateline_line[1], dateline_line[2])
            nxt = len(dateline_lines)
            if not whole or nxt >= len(body_lines):
                break
            dateline_line = _find_dateline(text, body_lines[nxt][1], body_lines[nxt][2], rules, result)
        dateline_line = dateline_lines[0] if dateline_lines else None
    title_lines = [b for b in body_lines if b not in dateline_lines]
    if not result.title:
        result.title, result.title_start = next(
            ((line, pos) for line, pos, _ in title_lines if line in crumb_tails),
            # else the first tail: the page's own breadcrumb comes first, later ones are often links elsewhere
            (next((t for t in crumb_tails if _headline_like(t, rules)), ""), None))
    if not result.title and len(title_lines) >= 2 and dateline_line is None:
        first, pos, _ = title_lines[0]
        if not first.endswith(_END_PUNCT) and len(first.split(None, 20)) <= 20:  # (split no further than needed)
            result.title, result.title_start = first, pos
    if dateline_line is None and not result.dateline and len(body_lines) >= 2 and body_lines[0][0] == result.title:
        _find_dateline(text, body_lines[1][1], body_lines[1][2], rules, result)
    result.edits.sort(key=lambda e: e[0])
    return result


def _agency_ok(agency: str, rules: FurnitureRules) -> bool:
    """Is a bracketed name an agency? A listed one, one that says so (وكالة ...), or an
    abbreviation (أ.ش.أ, AFP); "(الدولتان الضامنتان)" is not."""
    agency = _squash(agency)
    if _agency_key(agency) in rules.agency_names:
        return True
    if rules.agency_word_re is not None and rules.agency_word_re.match(agency) and len(agency.split()) <= 4:
        return True
    parts = [p for p in re.split(r"[.\s]+", agency) if p]
    if 2 <= len(parts) <= 5 and all(len(p) <= 2 for p in parts) and "." in agency:
        return True  # Arabic initials: أ.ش.أ
    return bool(re.fullmatch(r"[A-Z][A-Za-z]{1,11}(?:[ -][A-Z][A-Za-z]{1,11}){0,2}", agency)) and (
        agency.isupper() or len(agency.split()) <= 2)


def _find_dateline(text: str, start: int, end: int, rules: FurnitureRules,
                   result: FurnitureResult) -> tuple[str, int, int] | None:
    """Remove a dateline at the start of the line ``text[start:end]``; return that line's
    ``(text, start, end)`` when there was one, else ``None``.

    A dateline alone on its line removes the whole line.
    """
    whole = text[start:end]
    offset = start + (len(whole) - len(whole.lstrip(" \t")))
    line = text[offset:end].rstrip("\n")
    m = _dateline_match(line, rules)
    if m is None:
        return None
    result.dateline = m.group("place")
    agency = _squash(m.group("agency"))
    # the listed spelling, whatever the dots and spaces (أ. ف. ب -> أ ف ب as first listed)
    result.source = result.source or rules.agency_names.get(_agency_key(agency), agency)
    cut = m.end()
    while True:  # a dateline repeated by the scraper goes too, so a second cleaning finds none
        rest = line[cut:]
        again = _dateline_match(rest.lstrip(), rules)
        if again is None:
            break
        cut += len(rest) - len(rest.lstrip()) + again.end()
    rest = line[cut:].strip()
    if rest and _line_kind(rest, rules) is None and _is_breadcrumb(rest, rules, early=False) is None:
        result.edits.append((offset, offset + cut, "", "furniture:dateline"))
    else:  # the whole line is the dateline (and furniture after it)
        result.edits.append((start, end, "", "furniture:dateline"))
    return _squash(text[start:end]), start, end


def _dateline_match(line: str, rules: FurnitureRules):
    # each pattern is tried only on a line that has a character it cannot match without (a bracket, a dash)
    if _has_any(line, rules.dateline_paren_marks):
        m = rules.dateline_paren_re.match(line)
        if m and _agency_ok(m.group("agency"), rules):
            return m
    return rules.dateline_agency_re.match(line) if _has_any(line, rules.dateline_agency_marks) else None


def _has_any(line: str, marks: tuple[str, ...]) -> bool:
    """Does ``line`` hold one of ``marks``? (True when there are none: not known.)"""
    if not marks:
        return True
    for mark in marks:
        if mark in line:
            return True
    return False
