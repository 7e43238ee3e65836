"""The automaton table of ``workbench.trie.flat_automaton`` reports what ``pyahocorasick`` reports, in its order."""

import ahocorasick
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from workbench.trie import flat_automaton

ALPHABET = "abاله"
KEYS = st.dictionaries(st.text(ALPHABET, min_size=1, max_size=5), st.integers(0, 63), max_size=10)
TEXTS = st.text(ALPHABET + "x \U0001F600", max_size=60)


def _reference(keys: dict[str, int], text: str) -> list[tuple[int, int, int]]:
    if not keys:
        return []
    automaton = ahocorasick.Automaton()
    for key, value in keys.items():
        automaton.add_word(key, (value, len(key)))
    automaton.make_automaton()
    return [(end + 1 - length, end + 1, value) for end, (value, length) in automaton.iter(text)]


def _run(table, text: str) -> list[tuple[int, int, int]]:
    """The table run in Python, one look-up per character."""
    state, out = 0, []
    for i, ch in enumerate(text):
        c = ord(ch)
        state = int(table.delta[state, table.alphabet[c] if c < 0x10000 else 0])
        for o in range(table.out_start[state], table.out_start[state + 1]):
            out.append((i + 1 - int(table.out_length[o]), i + 1, int(table.out_value[o])))
    return out


@settings(max_examples=400, deadline=None)
@given(KEYS, TEXTS)
def test_same_hits_in_the_same_order_as_pyahocorasick(keys, text):
    assert _run(flat_automaton(keys), text) == _reference(keys, text)


def test_nested_keys_are_reported_longest_first():
    table = flat_automaton({"الاول": 1, "اول": 2, "ل": 3, "ول": 4})
    assert _run(table, "الاول") == [(1, 2, 3), (0, 5, 1), (2, 5, 2), (3, 5, 4), (4, 5, 3)]
    assert table.delta.dtype == np.int32 and table.out_start[-1] == len(table.out_value)


def test_keys_beyond_the_bmp_or_empty_are_refused():
    with pytest.raises(ValueError, match="Basic Multilingual Plane"):
        flat_automaton({"a\U0001F600": 1})
    with pytest.raises(ValueError, match="non-empty"):
        flat_automaton({"": 1})
