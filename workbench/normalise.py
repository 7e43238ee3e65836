"""Character-level clean-up of display text, as offset-tracked edits.

Each function returns a list of ``(start, end, replacement, kind)`` edits on
its input (see :mod:`workbench.textspan`), a few with a fifth item, the
evidence (a tatweel read as a dash says why); :mod:`workbench.cleaning` applies
them in order. All rules are linear in the length of the text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .arabic import ARABIC_INDIC_DIGITS, DIACRITICS, LETTERS, class_table
from .compiled import compiled

KindEdit = tuple[int, int, str, str] | tuple[int, int, str, str, str]

# Characters that compatibility-normalise safely: Arabic presentation forms,
# full-width and half-width forms, and the odd ligature.
_PRESENTATION = "\ufb50-\ufdff\ufe70-\ufefe\uff01-\uffee"
# Spaces that are not U+0020 (no-break, en/em, thin, ideographic ...).
_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
# Invisible and control characters: C0/C1 controls (but tab and newline),
# zero-width characters, bidi marks and embeddings, BOM, soft hyphen.
_INVISIBLE = ("\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f"
              "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb")
# A base letter followed by a combining hamza or madda that NFC composes
# (e.g. alef + U+0653 -> آ).
_DECOMPOSED = "[\u0627\u0648\u064a\u06c1\u06d2\u06d5][\u0653-\u0655]"

_UNICODE_RE = re.compile(
    f"(?P<presentation>[{_PRESENTATION}]+)"
    f"|(?P<space>[{_SPACES}])"
    f"|(?P<invisible>[{_INVISIBLE}]+)"
    f"|(?P<tatweel>\u0640+)"
    f"|(?P<newline>\r\n?|[\u2028\u2029\u0085])"
    f"|(?P<decomposed>{_DECOMPOSED})"
)
# Any character that one of the alternatives above starts with: a cheap test that most texts fail.
_UNICODE_ANY_RE = re.compile(f"[{_PRESENTATION}{_SPACES}{_INVISIBLE}\u0640\r\u2028\u2029\u0085\u0653-\u0655]")

_LETTER_RE = re.compile(f"[{LETTERS}]")
_SENTENCE_PUNCT = ".،؛,;:!?؟"
# The regex engine scans fast to where a match can start only when a pattern starts with a literal
# or a character class (not a repeat or a lookaround): hence "[p][p]*" rather than "[p]+", and
# patterns led by the rarest fixed character (one literal is the fastest scan of all).
# (a run of punctuation is tried from its first mark only: a long run costs no quadratic time)
_GLUED_PUNCT_RE = re.compile(
    f"[{_SENTENCE_PUNCT}](?<![{_SENTENCE_PUNCT}][{_SENTENCE_PUNCT}])[{_SENTENCE_PUNCT}]*+(?=[{LETTERS}])")
_DIGIT = f"0-9{ARABIC_INDIC_DIGITS}"
# the waw of 19و20
_GLUED_WAW_RE = re.compile(f"و(?<=[{_DIGIT}]و)(?=[{_DIGIT}])")
_LATIN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# One-letter prefixes written with a tatweel before a numeral or a Latin word (بـ 20، لـCNN).
_ONE_LETTER_PREFIXES = "بلكوف"
_WORD_CHAR_RE = re.compile(f"[{LETTERS}{DIACRITICS}{_PRESENTATION}\u0640]|\\w")
# a space or an invisible mark, on one line (the odd spaces and the marks go in the same step)
_BLANK = f" \t{_SPACES}{_INVISIBLE}"
_NON_ARABIC_AFTER_RE = re.compile(f"[{_BLANK}]*[{_DIGIT}A-Za-z\u00c0-\u024f]")
_INVISIBLE_CHAR_RE = re.compile(f"[{_INVISIBLE}]")
# A tatweel run between two digits or standing alone is a dash (23ـ24، أستانا ـ سانا): it becomes this.
TATWEEL_DASH = "-"
# What may stand on either side of a lone tatweel dash (or the start or end of the text): whitespace
# and line breaks, the odd spaces that become spaces in the same step.
_LINE_ENDS = "\n\r\u2028\u2029"
_DASH_SPACE_RE = re.compile(f"[ \t{_LINE_ENDS}{_SPACES}]")
_LINE_END_RE = re.compile(f"[{_LINE_ENDS}]")
# what may stand between a tatweel dash and a digit
_BLANK_RE = re.compile(f"[{_BLANK}]")
# A line of tatweel and blanks only: a rule drawn across the page, not a dash
_RULE_LINE_RE = re.compile(f"[{_BLANK}\u0640]*")

# A line break: from the first newline of a blank run to its end (possessive: each run is read once).
_LINE_BREAK_RE = re.compile("\n[ \t\n]*+")
_LETTER_OR_MARK_RE = re.compile(f"[{LETTERS}{DIACRITICS}]")
# Where a run of spaces, tabs and newlines needs folding (a run of one space, one newline or
# exactly two newlines needs none): a tab; a newline next to a space or a tab, or starting three
# newlines; two spaces. Each is a literal-led pattern, so clean text costs three fast scans.
_WHITESPACE_TAB_RE = re.compile("\t")
_WHITESPACE_NEWLINE_RE = re.compile(r"\n(?:(?<=[ \t]\n)|[ \t]|\n\n)")
_WHITESPACE_SPACES_RE = re.compile("  ")
_WHITESPACE_RUN_RE = re.compile(r"[ \t\n]*")
_FOLDABLE_RES = (_WHITESPACE_TAB_RE, _WHITESPACE_NEWLINE_RE, _WHITESPACE_SPACES_RE)

def unicode_edits(text: str) -> list[KindEdit]:
    """Presentation forms (NFKC), odd spaces, invisible characters, tatweel, line breaks, NFC.

    Tatweel is removed everywhere but in the article ``الـ`` written before a
    numeral or a foreign word (``الجولة الـ5``), where it separates, not elongates,
    and where it is a dash (``23ـ24``, ``أستانا ـ سانا``): there it becomes ``-``
    (kind ``tatweel_dash``, with the reason as evidence).
    """
    edits: list[KindEdit] = []
    pos = 0
    line = [0, 0, False]  # the last line _tatweel_dash read: start, end, a rule of tatweel
    for candidate in _unicode_candidates(text):
        if candidate < pos:  # inside the last edit
            continue
        # a decomposed pair starts one character before its combining mark
        m = _UNICODE_RE.match(text, max(pos, candidate - 1)) or _UNICODE_RE.match(text, candidate)
        if m is None:
            pos = candidate + 1
            continue
        pos = m.end()
        kind = m.lastgroup
        s = m.group()
        if kind == "presentation":
            repl = unicodedata.normalize("NFKC", s)
        elif kind == "space":
            repl = " "
        elif kind == "newline":
            repl = "\n"
        elif kind == "decomposed":
            repl = unicodedata.normalize("NFC", s)
        elif kind == "tatweel":
            dash = _tatweel_dash(text, m.start(), m.end(), line)
            if dash:
                edits.append((m.start(), m.end(), TATWEEL_DASH, "tatweel_dash", dash))
                continue
            if _is_article_tatweel(text, m.start(), m.end()):
                continue
            repl = ""
        else:  # invisible
            repl = ""
        if repl != s:
            edits.append((m.start(), m.end(), repl, kind))
    return edits


def _tatweel_dash(text: str, start: int, end: int, line: list[int]) -> str:
    """Why the tatweel run ``text[start:end]`` is a dash, or ``""`` when it is not one.

    Arabic typists use tatweel as a hyphen: between two digits (``23ـ24``, ``2017ـ2018``, and with a
    space on one side: ``2017ـ 2018``), or standing alone between spaces or line ends (``أستانا ـ سانا``,
    ``ـ بند``), but not on a line of nothing else
    (a separator rule ``ـــــ``, removed like other tatweel). Invisible characters next to it are
    removed in the same step, so they are looked through. ``line`` is ``[start, end, is_rule]`` of the
    last line judged a rule or not, so a line is read once however many runs it holds.
    """
    before = start - 1
    while before >= 0 and _INVISIBLE_CHAR_RE.match(text, before):
        before -= 1
    after = end
    while after < len(text) and _INVISIBLE_CHAR_RE.match(text, after):
        after += 1
    left = text[before] if before >= 0 else ""
    right = text[after] if after < len(text) else ""
    if left.isdecimal() and right.isdecimal():  # 0-9, Arabic-Indic, full-width (NFKC in this step)
        return "between digits"
    if left.isdecimal() != right.isdecimal():  # a range with a space on one side: 2017ـ 2018, 23 ـ24
        while before >= 0 and _BLANK_RE.match(text, before):
            before -= 1
        while after < len(text) and _BLANK_RE.match(text, after):
            after += 1
        if before >= 0 and after < len(text) and text[before].isdecimal() and text[after].isdecimal():
            return "between digits across a space"
    if (not left or _DASH_SPACE_RE.match(left)) and (not right or _DASH_SPACE_RE.match(right)):
        if not line[0] <= start < line[1]:
            m = _LINE_END_RE.search(text, end)
            line_end = m.start() if m else len(text)
            # lines are met in order: the line start is no earlier than the end of the last one read
            line_start = max(max(text.rfind(ch, line[1], start) for ch in _LINE_ENDS) + 1, line[1])
            line[:] = [line_start, line_end, _RULE_LINE_RE.fullmatch(text, line_start, line_end) is not None]
        return "" if line[2] else "alone between spaces"
    return ""


def _is_article_tatweel(text: str, start: int, end: int) -> bool:
    """Tatweel that separates a prefix from what follows, rather than elongating a letter.

    ``الـ`` before a numeral or a non-Arabic word (``الـ5``, ``الـ 29``), and a
    one-letter prefix standing alone before a numeral or a Latin word
    (``بـ 20``, ``لـCNN``): removing the tatweel would leave a dangling letter.
    """
    if text[max(0, start - 2):start] == "ال":
        return end >= len(text) or not _LETTER_RE.match(text, end)
    if start >= 1 and text[start - 1] in _ONE_LETTER_PREFIXES:
        before = start - 2
        while before >= 0 and _INVISIBLE_CHAR_RE.match(text, before):  # removed in the same step
            before -= 1
        if before < 0 or not _WORD_CHAR_RE.match(text, before):
            return _NON_ARABIC_AFTER_RE.match(text, end) is not None
    return False


def spacing_edits(text: str) -> list[KindEdit]:
    """A space after sentence punctuation glued to the next word, and in ``19و20``."""
    edits: list[KindEdit] = []
    for m in _glued_punctuation(text):
        a = m.start()
        while a < m.end() and a > 0 and text[a - 1] in _LATIN:  # U.S.A stays as it is
            a += 1
        if m.group() == "." and _single_arabic_letter(text, m.start() - 1) and _single_arabic_letter(text, m.end()):
            continue  # agency abbreviations: أ.ف.ب، د.ب.أ
        if a < m.end():
            edits.append((a, m.end(), text[a:m.end()] + " ", "punctuation_spacing"))
    for m in _GLUED_WAW_RE.finditer(text):
        edits.append((m.start(), m.end(), " و", "punctuation_spacing"))
    edits.sort(key=lambda e: e[0])
    return edits


def _unicode_candidates(text: str) -> list[int]:
    """Where ``_UNICODE_ANY_RE`` matches in ``text``, in order: by the compiled scan
    (``_textscan.class_positions``), or by ``finditer``, the reference."""
    scan = compiled("_textscan")
    if scan is None:
        return [m.start() for m in _UNICODE_ANY_RE.finditer(text)]
    return scan.class_positions(text, _scan_table(), _UNICODE_BIT)


def _glued_punctuation(text: str) -> list[re.Match]:
    """The matches of ``_GLUED_PUNCT_RE`` in ``text``, in order: a run of sentence punctuation with a letter
    right after it. The compiled scan finds where a run meets a letter (``_textscan.class_pairs``), two or
    three places an article, and the pattern is tried at the start of those runs only; without it,
    ``finditer``, the reference."""
    scan = compiled("_textscan")
    if scan is None:
        return list(_GLUED_PUNCT_RE.finditer(text))
    found = []
    for end in scan.class_pairs(text, _scan_table(), _PUNCT_BIT, _LETTER_BIT):
        start = end
        while start > 0 and text[start - 1] in _SENTENCE_PUNCT:
            start -= 1
        m = _GLUED_PUNCT_RE.match(text, start)
        if m:
            found.append(m)
    return found


_PUNCT_BIT, _LETTER_BIT, _UNICODE_BIT = 1, 2, 4


@lru_cache(maxsize=1)
def _scan_table():
    """For each character of the Basic Multilingual Plane, bit flags for the compiled scans of the steps,
    from the classes of their patterns: sentence punctuation and an Arabic letter (``_GLUED_PUNCT_RE``),
    a character the unicode step may rewrite (``_UNICODE_ANY_RE``, all in the plane)."""
    return class_table(((_PUNCT_BIT, re.compile(f"[{_SENTENCE_PUNCT}]")), (_LETTER_BIT, _LETTER_RE),
                        (_UNICODE_BIT, _UNICODE_ANY_RE)))


def _single_arabic_letter(text: str, i: int) -> bool:
    """``text[i]`` is an Arabic letter with no letter on either side (a letter of an abbreviation)."""
    if not 0 <= i < len(text) or not _LETTER_RE.match(text, i):
        return False
    return not (i > 0 and _LETTER_RE.match(text, i - 1)) and not _LETTER_RE.match(text, i + 1)


def reflow_edits(text: str, min_words: int = 20) -> list[KindEdit]:
    """Join a line broken mid-sentence to the next one.

    A break is taken for a lost line-wrap when the line before it has at least
    ``min_words`` words, ends on a letter (no sentence punctuation) and the
    next line starts with a letter. A line joined to a long one counts with it,
    so a chain of broken lines is joined in one pass (and a second cleaning
    joins nothing more). Headings and short lines are left alone.
    """
    edits: list[KindEdit] = []
    joined_end, joined_words = -1, 0  # where the last joined break ended, and the words of the line so far
    for m in _LINE_BREAK_RE.finditer(text):
        if not _LETTER_RE.match(text, m.end()):  # the next line does not start with a letter
            continue
        a = _line_end_before(text, m.start())  # after the last letter of the line
        if a is None:
            continue
        line_start = text.rfind("\n", 0, a) + 1
        n_words = _count_words(text, line_start, a, min_words)
        if 0 <= joined_end and line_start <= joined_end:  # no newline since the last joined break:
            # this line was joined to the one before, count them as one
            n_words += joined_words
        if n_words >= min_words:  # (with counts capped at min_words, the sums compare alike)
            edits.append((a, m.end(), " ", "broken_line"))
            joined_end, joined_words = m.end(), n_words
    return edits


def _line_end_before(text: str, newline: int) -> int | None:
    """The end of the line's text before ``newline`` (spaces and tabs aside) when it ends on a
    letter or a diacritic, else ``None``."""
    a = newline
    while a > 0 and text[a - 1] in " \t":
        a -= 1
    return a if a > 0 and _LETTER_OR_MARK_RE.match(text, a - 1) else None


def _count_words(text: str, start: int, end: int, cap: int) -> int:
    """The words of ``text[start:end]`` (as ``str.split`` counts them), or ``cap`` when there are
    at least ``cap`` (a positive cap): a long line is read only as far as its ``cap``-th word."""
    if cap >= 1 and end - start >= 2 * cap - 1 and _at_least_words_re(cap).match(text, start, end):
        return cap
    return len(text[start:end].split())


@lru_cache(maxsize=8)
def _at_least_words_re(n: int) -> re.Pattern:
    r"""Matches at least ``n`` words (``\s`` is the whitespace ``str.split`` splits at)."""
    return re.compile(rf"\s*+\S++(?:\s++\S++){{{n - 1}}}")


def whitespace_edits(text: str) -> list[KindEdit]:
    """Fold runs of spaces and tabs, trim lines, keep at most one blank line, trim the text (compiled:
    ``_textscan.whitespace_edits``; :func:`_whitespace_edits_reference` is the reference)."""
    scan = compiled("_textscan")
    if scan is not None:
        return scan.whitespace_edits(text, "whitespace")
    return _whitespace_edits_reference(text)


def _whitespace_edits_reference(text: str) -> list[KindEdit]:
    """:func:`whitespace_edits` in Python: each whole run of spaces, tabs and newlines that folding changes
    becomes one newline if it holds one, two if it holds more, else one space."""
    n = len(text)
    lead = n - len(text.lstrip(" \t\n"))
    if lead == n:
        return [(0, n, "", "whitespace")] if n else []
    trail = len(text.rstrip(" \t\n"))
    edits: list[KindEdit] = []
    if lead:
        edits.append((0, lead, "", "whitespace"))
    for start, end in _foldable_runs(text, lead, trail):
        s = text[start:end]
        if "\n" in s:
            repl = "\n\n" if s.count("\n") > 1 else "\n"
        else:
            repl = " "
        if repl != s:
            edits.append((start, end, repl, "whitespace"))
    if trail < n:
        edits.append((trail, n, "", "whitespace"))
    return edits


def _foldable_runs(text: str, lead: int, trail: int):
    """Yield ``(start, end)`` of each whole run of spaces, tabs and newlines in ``text[lead:trail]``
    that folding changes, in order. ``text[lead]`` and ``text[trail - 1]`` are not whitespace."""
    pos = lead
    hits = [r.search(text, pos, trail) for r in _FOLDABLE_RES]
    while True:
        found = [h.start() for h in hits if h is not None]
        if not found:
            return
        hit = min(found)
        start = hit
        while text[start - 1] in " \t\n":  # text[lead] is not whitespace: stops at lead at the latest
            start -= 1
        pos = _WHITESPACE_RUN_RE.match(text, hit, trail).end()
        yield start, pos
        hits = [h if h is None or h.start() >= pos else r.search(text, pos, trail)
                for h, r in zip(hits, _FOLDABLE_RES)]
