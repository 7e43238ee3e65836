"""Character-level clean-up of display text, as offset-tracked edits.

Each function returns a list of ``(start, end, replacement, kind)`` edits on
its input (see :mod:`workbench.textspan`); :mod:`workbench.cleaning` applies
them in order. All rules are linear in the length of the text.
"""

from __future__ import annotations

import re
import unicodedata

from .arabic import ARABIC_INDIC_DIGITS, DIACRITICS, LETTERS

KindEdit = tuple[int, int, str, str]

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
_GLUED_PUNCT_RE = re.compile(f"[{_SENTENCE_PUNCT}]+(?=[{LETTERS}])")
_DIGIT = f"0-9{ARABIC_INDIC_DIGITS}"
_GLUED_WAW_RE = re.compile(f"[{_DIGIT}]و(?=[{_DIGIT}])")
_LATIN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# One-letter prefixes written with a tatweel before a numeral or a Latin word (بـ 20، لـCNN).
_ONE_LETTER_PREFIXES = "بلكوف"
_WORD_CHAR_RE = re.compile(f"[{LETTERS}{DIACRITICS}{_PRESENTATION}\u0640]|\\w")
_NON_ARABIC_AFTER_RE = re.compile(f"[ \t{_SPACES}{_INVISIBLE}]*[{_DIGIT}A-Za-z\u00c0-\u024f]")
_INVISIBLE_CHAR_RE = re.compile(f"[{_INVISIBLE}]")

_BROKEN_LINE_RE = re.compile(f"[{LETTERS}{DIACRITICS}][ \t]*\n[ \t\n]*(?=[{LETTERS}])")
_WHITESPACE_RE = re.compile(r"[ \t\n]{2,}|[\t\n]")
# Whitespace that folding would change: a cheap test that clean text fails.
_WHITESPACE_ANY_RE = re.compile(r"\A\s|\s\Z|[ \t]\n|\n[ \t]|\n\n\n|  |\t")

def unicode_edits(text: str) -> list[KindEdit]:
    """Presentation forms (NFKC), odd spaces, invisible characters, tatweel, line breaks, NFC.

    Tatweel is removed everywhere but in the article ``الـ`` written before a
    numeral or a foreign word (``الجولة الـ5``), where it separates, not elongates.
    """
    edits: list[KindEdit] = []
    pos = 0
    while True:
        candidate = _UNICODE_ANY_RE.search(text, pos)
        if candidate is None:
            break
        # a decomposed pair starts one character before its combining mark
        m = _UNICODE_RE.match(text, max(pos, candidate.start() - 1)) or _UNICODE_RE.match(text, candidate.start())
        if m is None:
            pos = candidate.start() + 1
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
        elif kind == "tatweel" and _is_article_tatweel(text, m.start(), m.end()):
            continue
        else:  # invisible, tatweel
            repl = ""
        if repl != s:
            edits.append((m.start(), m.end(), repl, kind))
    return edits


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
    for m in _GLUED_PUNCT_RE.finditer(text):
        a = m.start()
        while a < m.end() and a > 0 and text[a - 1] in _LATIN:  # U.S.A stays as it is
            a += 1
        if m.group() == "." and _single_arabic_letter(text, m.start() - 1) and _single_arabic_letter(text, m.end()):
            continue  # agency abbreviations: أ.ف.ب، د.ب.أ
        if a < m.end():
            edits.append((a, m.end(), text[a:m.end()] + " ", "punctuation_spacing"))
    for m in _GLUED_WAW_RE.finditer(text):
        edits.append((m.start() + 1, m.start() + 2, " و", "punctuation_spacing"))
    edits.sort(key=lambda e: e[0])
    return edits


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
    for m in _BROKEN_LINE_RE.finditer(text):
        a = m.start() + 1  # after the last letter of the line
        line_start = text.rfind("\n", 0, a) + 1
        n_words = len(text[line_start:a].split())
        if 0 <= joined_end and line_start <= joined_end:  # no newline since the last joined break:
            # this line was joined to the one before, count them as one
            n_words += joined_words
        if n_words >= min_words:
            edits.append((a, m.end(), " ", "broken_line"))
            joined_end, joined_words = m.end(), n_words
    return edits


def whitespace_edits(text: str) -> list[KindEdit]:
    """Fold runs of spaces and tabs, trim lines, keep at most one blank line, trim the text."""
    edits: list[KindEdit] = []
    n = len(text)
    if not _WHITESPACE_ANY_RE.search(text):
        return edits
    lead = n - len(text.lstrip(" \t\n"))
    trail = len(text.rstrip(" \t\n"))
    if lead == n:
        return [(0, n, "", "whitespace")] if n else []
    if lead:
        edits.append((0, lead, "", "whitespace"))
    for m in _WHITESPACE_RE.finditer(text, lead, trail):
        s = m.group()
        if "\n" in s:
            repl = "\n\n" if s.count("\n") > 1 else "\n"
        else:
            repl = " "
        if repl != s:
            edits.append((m.start(), m.end(), repl, "whitespace"))
    if trail < n:
        edits.append((trail, n, "", "whitespace"))
    return edits
