"""Running a regular expression only where it can match.

When a cheap scan (an Aho-Corasick pass, a one-class regex) already knows every position where a
pattern may start, trying the pattern there only gives the same matches as ``pattern.finditer`` at a
fraction of the cost on long texts. The cheap scans look for words, each with a bit set of kinds
(:func:`kinds_automaton` for the Python scans, :func:`kinds_table` for the compiled ones).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from .compiled import compiled


def finditer_from(pattern: re.Pattern, form: str, starts: list[int], a: int = 0, b: int | None = None) -> list:
    """The matches of ``pattern.finditer(form, a, b)``, trying only the positions in ``starts`` (sorted).

    The same matches, provided ``starts`` holds every position where the pattern can match and the
    pattern never matches the empty string.
    """
    b = len(form) if b is None else b
    i, j = bisect_left(starts, a), bisect_left(starts, b)
    found, pos = [], a
    for k in range(i, j):
        s = starts[k]
        if s >= pos:
            m = pattern.match(form, s, b)
            if m:
                found.append(m)
                pos = m.end()
    return found


def matches_in_windows(pattern: re.Pattern, form: str, starts: list[int],
                       windows: list[tuple[int, int]]) -> list[tuple[int, re.Match]]:
    """The matches of ``finditer_from(pattern, form, starts, a, b)`` for each window ``(a, b)`` of ``windows``
    (sorted, disjoint), as ``(window index, match)`` pairs in window order, in one walk over ``starts``
    (compiled: ``_textscan.matches_in_windows``)."""
    scan = compiled("_textscan")
    if scan is not None:
        return scan.matches_in_windows(pattern.match, form, starts, windows)
    return _matches_in_windows_reference(pattern, form, starts, windows)


def _matches_in_windows_reference(pattern: re.Pattern, form: str, starts: list[int],
                                  windows: list[tuple[int, int]]) -> list[tuple[int, re.Match]]:
    """:func:`matches_in_windows` in Python: the reference of the compiled loop."""
    out, k, n = [], 0, len(starts)
    for w, (a, b) in enumerate(windows):
        k = bisect_left(starts, a, k)
        pos = a
        while k < n and starts[k] < b:
            s = starts[k]
            k += 1
            if s >= pos:
                m = pattern.match(form, s, b)
                if m:
                    out.append((w, m))
                    pos = m.end()
    return out


def kinds_automaton(kinds: dict[str, int]):
    """An Aho-Corasick automaton of the words of ``kinds``, each with the value ``(kinds, length)``."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for word, kind in kinds.items():
        automaton.add_word(word, (kind, len(word)))
    automaton.make_automaton()
    return automaton


def kinds_table(kinds: dict[str, int]) -> tuple:
    """The words of ``kinds`` as the arrays of an Aho-Corasick automaton table
    (:func:`workbench.trie.flat_automaton`), each word with its kinds: what the compiled scans run."""
    from .trie import flat_automaton

    return tuple(flat_automaton(kinds))
