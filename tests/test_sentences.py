"""Sentence spans and the sentence of a position."""

from bisect import bisect_right

import numpy as np
from hypothesis import given, strategies as st

from workbench.sentences import sentence_index, sentence_index_many, sentence_spans

TEXTS = st.lists(st.sampled_from(["قال", "الوفد", " ", ".", "؟", "\n", "!", "”", "أستانا", "…", "2018", "  "]),
                 max_size=30).map("".join)


@given(TEXTS, st.lists(st.integers(-3, 200), max_size=20))
def test_the_sentence_of_a_position_is_the_last_one_starting_at_or_before_it(text, positions):
    spans = sentence_spans(text)
    starts = [s for s, _ in spans]
    expected = [max(bisect_right(starts, p) - 1, 0) for p in positions]  # the first sentence for what precedes it
    for given_spans in (spans, list(spans)):  # memoised (tuple) and plain lists
        got = sentence_index(given_spans, positions)
        assert got.dtype == np.int64 and got.tolist() == expected


def test_sentence_spans_strip_whitespace_and_break_at_lines_and_end_marks():
    text = " قال الوفد. ثم غادر؟\nأستانا  "
    assert [text[a:b] for a, b in sentence_spans(text)] == ["قال الوفد.", "ثم غادر؟", "أستانا"]
    assert sentence_index(sentence_spans(""), [0, 5]).tolist() == [0, 0]


@given(st.lists(st.tuples(st.text(alphabet="ab .\n؟", max_size=40), st.lists(st.integers(0, 45), max_size=6)),
                max_size=6))
def test_many_texts_at_once_give_what_each_text_gives(texts):
    """Texts without sentences, without positions, positions before the first sentence or at the very end."""
    texts = [(text, [min(p, len(text)) for p in positions]) for text, positions in texts]
    spans = [sentence_spans(text) for text, _ in texts]
    many = sentence_index_many(spans, [len(text) for text, _ in texts], [p for _, ps in texts for p in ps],
                               [len(ps) for _, ps in texts])
    one_by_one = [int(i) for (text, ps), s in zip(texts, spans) for i in sentence_index(s, ps)]
    assert many.dtype == np.int64 and many.tolist() == one_by_one
