"""The vectorised character counts agree with the regular expressions that define them."""

from hypothesis import given, settings, strategies as st

from workbench import arabic

_ALPHABET = st.sampled_from(list("abcXYZ éàßحبشـًٌُ12٣۵_\n\t.،؟-") + ["\u00ad", "\ufeff", "\U0001F600", "\ud800", "ﻻ", "ک"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_counts_match_their_patterns(text):
    letters = sum(map(len, arabic._LETTER_RUN_RE.findall(text)))
    latin = sum(map(len, arabic._LATIN_RUN_RE.findall(text)))
    assert arabic.count_arabic_letters(text) == letters
    assert arabic.letter_counts(text) == (letters, latin)
    assert arabic.count_words(text) == len(arabic.TOKEN_RE.findall(text))
    assert arabic.arabic_share(text) == (letters / (letters + latin) if letters + latin else 0.0)
