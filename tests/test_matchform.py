from hypothesis import given, strategies as st

from workbench.matchform import match_form, normalise_for_matching, normalise_many

ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي" + "أإآٱءؤئىة" + "\u064b\u064e\u064f\u0650\u0651\u0652" + "٠١٢٣٤٥" + " .،"


def test_variants_fold_to_one_form():
    assert normalise_for_matching("أستانا") == normalise_for_matching("استانا") == normalise_for_matching("آستانا")
    assert normalise_for_matching("دى ميستورا") == normalise_for_matching("دي ميستورا")
    assert normalise_for_matching("أستانة") == normalise_for_matching("استانه")
    assert normalise_for_matching("مُؤْتَمَر") == normalise_for_matching("موءتمر") == "موتمر"
    assert normalise_for_matching("٢٠١٧ Astana") == "2017 astana"


def test_span_maps_back_including_trailing_marks():
    text = "وفد الأممِ المتحدةُ اليوم"
    mf = match_form(text)
    a = mf.form.index("المتحده")
    start, end = mf.span(a, a + len("المتحده"))
    assert text[start:end] == "المتحدةُ"


@given(st.text(alphabet=ARABIC, max_size=60), st.data())
def test_offsets_round_trip(text, data):
    mf = match_form(text)
    assert len(mf.source) == len(mf.form) + 1
    a = data.draw(st.integers(0, len(mf.form)))
    b = data.draw(st.integers(a, len(mf.form)))
    start, end = mf.span(a, b)
    assert 0 <= start <= end <= len(text)
    assert normalise_for_matching(text[start:end]) == mf.form[a:b]


@given(st.text(alphabet=ARABIC, max_size=60))
def test_normalisation_is_idempotent(text):
    once = normalise_for_matching(text)
    assert normalise_for_matching(once) == once


@given(st.lists(st.text(alphabet=ARABIC + "AZaz \u00a0\U0001F600\n", max_size=12), max_size=8))
def test_many_words_at_once_fold_as_each_does(words):
    """Empty words, words with a line break (folded one by one) and characters beyond the BMP."""
    assert normalise_many(words) == [normalise_for_matching(w) for w in words]
