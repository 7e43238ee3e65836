"""Trying a pattern only where it can start gives what ``finditer`` gives (the compiled window loop and its
Python reference alike)."""

import re

from conftest import require_compiled
from hypothesis import given, strategies as st

from workbench.anchored import _matches_in_windows_reference, finditer_from, matches_in_windows

_PATTERNS = [re.compile(p) for p in (r"ab+", r"a[bc]*d|c", r"(?:ab|b)a", r"\d+(?=x)", r"a+b?")]


def _starts(pattern, text):
    """Every position where the pattern matches (a superset of where finditer matches), plus noise."""
    return sorted({i for i in range(len(text)) if pattern.match(text, i)} | set(range(0, len(text), 3)))


@given(st.text(alphabet="abcdx1 ", max_size=40), st.sampled_from(_PATTERNS), st.data())
def test_same_matches_as_finditer(text, pattern, data):
    starts = _starts(pattern, text)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    expected = [m.span() for m in pattern.finditer(text, a, b)]
    assert [m.span() for m in finditer_from(pattern, text, starts, a, b)] == expected
    cuts = sorted(set(data.draw(st.lists(st.integers(0, len(text)), max_size=6))))
    windows = [(x, y) for x, y in zip(cuts[::2], cuts[1::2])]
    expected = [(w, m.span()) for w, (x, y) in enumerate(windows) for m in pattern.finditer(text, x, y)]
    assert [(w, m.span()) for w, m in matches_in_windows(pattern, text, starts, windows)] == expected
    assert [(w, m.span()) for w, m in _matches_in_windows_reference(pattern, text, starts, windows)] == expected


def test_the_compiled_window_loop_is_used():
    require_compiled("_textscan", "the compiled scans")
    from workbench.compiled import compiled

    pattern, text = _PATTERNS[0], "xab abb ab"
    found = compiled("_textscan").matches_in_windows(pattern.match, text, [1, 4, 8], [(0, 6), (7, 10)])
    assert [(w, m.span()) for w, m in found] == [(0, (1, 3)), (0, (4, 6)), (1, (8, 10))]
