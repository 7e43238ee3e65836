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
from typing import Any

from .arabic import LETTER_RE as _ARABIC_LETTER_RE, LETTERS
from .normalise import KindEdit
from .resources import load_yaml

_LINE_RE = re.compile(r"[^\n]*(?:\n|$)")
_WORD_RE = re.compile(r"\S+")
_END_PUNCT = tuple(".!?؟:،,؛;")
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


@dataclass
class FurnitureResult:
    edits: list[KindEdit] = field(default_factory=list)
    title: str = ""
    title_start: int | None = None  # where the title line starts, when it is kept in the text
    source: str = ""
    dateline: str = ""


def _alternation(items) -> str:
    return "|".join(re.escape(i) for i in sorted(items, key=len, reverse=True))


def compile_rules(config: dict[str, Any]) -> FurnitureRules:
    bc = config["breadcrumb"]
    seps = _alternation(bc["separators"])
    line_rules = tuple(
        (rule["kind"], re.compile("|".join(f"(?:{p})" for p in rule["patterns"])), int(rule["max_words"]))
        for rule in config["line_rules"]
    )
    dl = config["dateline"]
    place = rf"(?P<place>[{LETTERS}]+(?: [{LETTERS}]+){{0,{int(dl['max_place_words']) - 1}}})"
    dash = r"\s*[-–—]\s*"
    return FurnitureRules(
        home_re=re.compile(rf"^\s*(?:{_alternation(bc['home_words'])})\s*(?:{seps})"),
        separator_re=re.compile(rf"\s(?:{seps})\s"),
        max_segment_words=int(bc["max_segment_words"]),
        line_rules=line_rules,
        non_arabic_max_words=int(config["non_arabic_line_max_words"]),
        site_names=frozenset(s.strip().casefold() for s in config.get("site_names") or []),
        source_res=tuple(re.compile(p) for p in config["source_line_patterns"]),
        dateline_paren_re=re.compile(
            rf"^{place}\s*(?:[،,]\s*[^()\n]{{0,30}}?)?\s*\((?P<agency>[^()\n]{{2,40}})\)\s*[-–—:]\s*"),
        dateline_agency_re=re.compile(
            rf"^{place}{dash}\(?(?P<agency>{_alternation(dl['agencies'])})\)?\s*(?:[-–—:]\s*|\s)"),
    )


@lru_cache(maxsize=8)
def default_rules(path: str = "cleaning.yaml") -> FurnitureRules:
    return compile_rules(load_yaml(path))


def _squash(line: str) -> str:
    return " ".join(line.split())


def _is_breadcrumb(line: str, rules: FurnitureRules, early: bool) -> str | None:
    """Return the breadcrumb's last segment (a title candidate) if ``line`` is one."""
    if rules.home_re.match(line):
        parts = rules.separator_re.split(f" {line} ")
        return _squash(parts[-1]) if len(parts) > 2 else ""
    if early:
        parts = [p.strip() for p in rules.separator_re.split(f" {line} ")]
        if len(parts) >= 3 and all(0 < len(p.split()) <= rules.max_segment_words for p in parts[:-1]):
            return _squash(parts[-1])
    return None


def _line_kind(line: str, rules: FurnitureRules) -> str | None:
    n_words = len(line.split())
    for kind, pattern, max_words in rules.line_rules:
        if n_words <= max_words and pattern.match(line):
            return kind
    if line.casefold() in rules.site_names:
        return "site_name"
    if n_words <= rules.non_arabic_max_words and not _ARABIC_LETTER_RE.search(line):
        return "site_name" if re.search(r"[A-Za-z]", line) else "symbols"
    return None


def find_furniture(text: str, rules: FurnitureRules | None = None) -> FurnitureResult:
    """Classify each line of ``text``; return deletions for furniture and the metadata found."""
    rules = rules or default_rules()
    result = FurnitureResult()
    seen: dict[str, int] = {}
    crumb_tails: set[str] = set()
    content_index = 0
    kept_first: tuple[int, int, str] | None = None  # first body line: start, end, text
    body_lines: list[tuple[str, int]] = []
    for m in _LINE_RE.finditer(text):
        if m.start() == m.end():
            break
        raw = m.group()
        line = raw.rstrip("\n").strip()
        if not line:
            continue
        content_index += 1
        start, end = m.start(), m.end()
        key = _squash(line)
        kind = None
        tail = _is_breadcrumb(line, rules, early=content_index <= 3)
        if tail is not None:
            kind = "breadcrumb"
            if tail:
                crumb_tails.add(tail)
        if kind is None:
            for pattern in rules.source_res:
                sm = pattern.match(line)
                if sm:
                    kind = "source_line"
                    result.source = result.source or sm.group("source").strip()
                    break
        if kind is None:
            kind = _line_kind(line, rules)
        if kind is None and key in seen and len(key.replace(" ", "")) >= MIN_REPEATED_CHARS:
            kind = "repeated_line"
            if not result.title and seen[key][0] <= 5:
                result.title, result.title_start = key, seen[key][1]
        if kind is not None:
            result.edits.append((start, end, "", f"furniture:{kind}"))
            continue
        seen.setdefault(key, (content_index, start))
        body_lines.append((key, start))
        if kept_first is None:
            kept_first = (start, end, line)
    if not result.title:
        result.title, result.title_start = next(
            ((line, pos) for line, pos in body_lines if line in crumb_tails), (next(iter(crumb_tails), ""), None))
    if not result.title and len(body_lines) >= 2:
        first, pos = body_lines[0]
        if len(first.split()) <= 20 and not first.endswith(_END_PUNCT):
            result.title, result.title_start = first, pos
    if kept_first is not None and kept_first[2] != result.title:
        _find_dateline(text, kept_first[0], rules, result)
    result.edits.sort(key=lambda e: e[0])
    return result


def _find_dateline(text: str, start: int, rules: FurnitureRules, result: FurnitureResult) -> None:
    offset = start + (len(text[start:]) - len(text[start:].lstrip(" \t")))
    line_end = text.find("\n", offset)
    line = text[offset: line_end if line_end >= 0 else len(text)]
    for pattern in (rules.dateline_paren_re, rules.dateline_agency_re):
        m = pattern.match(line)
        if m and m.end() < len(line):
            result.dateline = m.group("place")
            result.source = result.source or m.group("agency").strip()
            result.edits.append((offset, offset + m.end(), "", "furniture:dateline"))
            return
