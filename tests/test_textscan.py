"""The compiled text scans (workbench/_textscan.pyx) against their pure-Python references.

``fold`` must give the matching form and offset map of ``matchform._fold`` (numpy),
``sentence_spans`` the spans of ``sentences._sentence_spans`` (regex), ``class_counts`` and
``other_digits`` the counts and positions of ``arabic._counts_reference`` and
``arabic._other_digits_reference`` (numpy), ``squeeze_spaces`` the words of ``str.split`` joined
by one space, ``word_runs`` the runs of ``arabic._word_runs_reference``
(regex), ``round_and_date_hits`` (one automaton) and ``date_scan`` what ``rounds._hits_reference`` and
``dates._scan_reference`` find with ``pyahocorasick``, ``word_window`` the
words of ``rounds._word_window_reference`` and ``KeyFinder`` what ``in`` finds, for every text: the corpus
texts and generated ones full of what the scans decide on (end marks, closing quotes, runs of line
breaks, every kind of Unicode space, dropped diacritics and tatweel, characters outside the Basic
Multilingual Plane, one-byte, two-byte and four-byte strings). The tests fail if the extension was
not built, unless ``WORKBENCH_PURE_PYTHON=1`` says that this installation runs without it on purpose.
"""

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import require_compiled
from hypothesis import given, settings, strategies as st

import workbench as wb
from workbench import arabic, dates, rounds, scans
from workbench.compiled import compiled
from workbench.loading import squeeze_spaces
from workbench.matchform import _fold, code_table, match_form
from workbench.sentences import _sentence_spans, sentence_spans

ROOT = Path(__file__).resolve().parent.parent

# end marks, closers, line breaks, Unicode spaces (NBSP, ideographic, line/paragraph separators,
# U+001C..U+001F, which str.isspace counts), letters folded or dropped by the matching form
_ALPHABET = list('.!?؟…"”’»)]\n\r\t \u00a0\u2028\u2029\u3000\u001c\u001f\u200bxX5٣۵१߁_²½أإآىةـًّ') + \
            ["\U0001F600", "\U0001D7D8", "ب", "ال", "é", "\u0670", "\ufeff"]
TEXTS = st.lists(st.sampled_from(_ALPHABET), max_size=80).map("".join)
# a lone surrogate too: the counts of a raw text, before anything encodes it, must not fail on one
RAW_TEXTS = st.lists(st.sampled_from(_ALPHABET + ["\ud800"]), max_size=80).map("".join)


@pytest.fixture(scope="module")
def scan():
    return require_compiled("_textscan", "the compiled text scans")


def _corpus_texts() -> list[str]:
    corpus = wb.load_corpus(ROOT / "seeds", with_details=True)
    raw = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    heldout = pd.read_json(ROOT / "tests" / "data" / "heldout_texts.jsonl", lines=True, dtype=False)["text"].tolist()
    return corpus.corpus["text"].tolist() + raw + heldout


def _same_counts(scan, text: str) -> None:
    counts = scan.class_counts(text, arabic._class_table())
    assert counts is None if max(text, default="a") >= "\U00010000" else counts == arabic._counts_reference(text)


def _same_runs(scan, text: str) -> None:
    for min_length in (0, 1, 3, 5):
        assert scan.word_runs(text, arabic._class_table(), arabic._WORD_BIT, min_length) == \
            arabic._word_runs_reference(text, min_length)


def _same_anchors(scan, text: str) -> None:
    """The round and date scans, on the matching form as the pipeline runs them and on ``text`` itself."""
    for form in (match_form(text).form, text):
        ref_spans, *ref_rest = rounds._hits_reference(form)
        date_bits = (dates._WINDOW, dates._START, dates._DIGIT)
        for before, after in ((45, 45), (3, 0)):
            assert scan.date_scan(form, dates._date_table(), date_bits, before, after) == \
                dates._scan_reference(form, before, after)
            # both from one pass of one automaton (workbench.scans), each as its reference
            (both_spans, *both_rest), both_dates = scan.round_and_date_hits(form, scans._table(), rounds._KIND_BITS,
                                                                           date_bits, before, after)
            assert sorted(both_spans) == sorted(ref_spans) and both_rest == ref_rest
            assert both_dates == dates._scan_reference(form, before, after)


def _same_fold(scan, text: str) -> None:
    form, source = scan.fold(text, code_table())
    ref_form, ref_source = _fold(text)
    assert form == ref_form
    assert source.dtype == ref_source.dtype and source.tolist() == ref_source.tolist()
    assert scan.other_digits(text) == arabic._other_digits_reference(text)


@settings(max_examples=600, deadline=None)
@given(TEXTS)
def test_fold_and_digits_equal_the_numpy_reference(scan, text):
    _same_fold(scan, text)


@settings(max_examples=600, deadline=None)
@given(RAW_TEXTS)
def test_counts_equal_the_numpy_reference(scan, text):
    _same_counts(scan, text)


@settings(max_examples=600, deadline=None)
@given(RAW_TEXTS)
def test_squeezed_spaces_equal_split_and_join(scan, text):
    assert scan.squeeze_spaces(text) == " ".join(text.split())


@settings(max_examples=600, deadline=None)
@given(RAW_TEXTS)
def test_word_runs_equal_the_regex_reference(scan, text):
    _same_runs(scan, text)


# what the round and date scans decide on: their words (a month inside a longer word, after a clitic),
# digits of every script after ال or رقم, clitics, letters around them
_ANCHOR_WORDS = ["اب", "آب", "مارس", "كانون الثاني", "جانفي", "عام", "العام", "يوم", "بين", "الشهر", "الماضي",
                 "الجولة", "جولة", "الثالثة", "العاشرة", "أستانا", "استانة", "مسار", "اجتماع", "رقم", "ال", "الـ",
                 "و", "ف", "ب", "ل", "ت", "ا", "12", "5", "2019", "٣", "۵", "१", " ", "\n", "\U0001F600", "é"]
ANCHOR_TEXTS = st.lists(st.sampled_from(_ANCHOR_WORDS), max_size=40).map("".join)


@settings(max_examples=600, deadline=None)
@given(ANCHOR_TEXTS)
def test_round_and_date_scans_equal_the_pyahocorasick_reference(scan, text):
    _same_anchors(scan, text)


@settings(max_examples=600, deadline=None)
@given(TEXTS)
def test_sentence_spans_equal_the_regex_reference(scan, text):
    spans = scan.sentence_spans(text)
    assert spans == _sentence_spans(text)
    assert all(text[a:b] == text[a:b].strip() and text[a:b] for a, b in spans)


def test_scans_equal_their_references_on_the_corpus(scan):
    texts = _corpus_texts()
    assert len(texts) > 10
    for text in texts:
        _same_fold(scan, text)
        _same_counts(scan, text)
        _same_runs(scan, text)
        _same_anchors(scan, text)
        assert scan.squeeze_spaces(text) == " ".join(text.split())
        assert scan.sentence_spans(text) == _sentence_spans(text)


def test_every_string_width_and_edge(scan):
    for text in ["", "x", ".", "\n", "a.\nb", "a.)b", "قال.» ثم", "a..." + "\U0001F600", "\u3000.\u3000",
                 "نعم؟!\n\n\nلا", "ـــ", "\u064b\u064c", "A" * 3 + "\U0001F600",
                 # a number at the very start, ال two or three characters before it, a window after it
                 "ال 5 آب 2019", "ال5 آب", "5 آب", "ل 5 آب", "رقم 5 الجولة الثالثة", "الجولة 5",
                 # squeezed to a narrower string than the text (its only wide characters are spaces), and
                 # a word run, a count or a sentence at the very end of a text of each width
                 "\u3000a b\u2028", "\u00a0x\u00a0", "ب\u3000c", "x \U0001F600\u3000", "ab.", "باب", "ab\U0001F600b"]:
        _same_fold(scan, text)
        _same_counts(scan, text)
        _same_runs(scan, text)
        _same_anchors(scan, text)
        assert scan.squeeze_spaces(text) == " ".join(text.split())
        assert scan.sentence_spans(text) == _sentence_spans(text), text


def test_scans_reject_a_short_table(scan):
    with pytest.raises(ValueError, match="one entry per character"):
        scan.fold("abc", np.zeros(10, dtype=np.uint32))
    with pytest.raises(ValueError, match="one entry per character"):
        scan.class_counts("abc", np.zeros(10, dtype=np.uint8))
    with pytest.raises(ValueError, match="one entry per character"):
        scan.word_runs("abc", np.zeros(10, dtype=np.uint8), 8, 1)
    with pytest.raises(ValueError, match="FlatAutomaton"):
        scan.date_scan("abc", dates._date_table()[:2] + (np.zeros(1, dtype=np.int32),) * 3, (1, 2, 4), 45, 45)


def test_pure_python_switch(request):
    text = "السَّلام عليكم. وبعد"
    expected = (match_form(text).form, sentence_spans(text), arabic.letter_counts(text), arabic.count_words(text),
                arabic.word_runs(text, 4), squeeze_spaces(" " + text + "\n\n"))
    match_form.cache_clear()
    sentence_spans.cache_clear()
    request.getfixturevalue("pure_python")  # from here on
    assert compiled("_textscan") is None and compiled("_spans") is None
    assert (match_form(text).form, sentence_spans(text), arabic.letter_counts(text), arabic.count_words(text),
            arabic.word_runs(text, 4), squeeze_spaces(" " + text + "\n\n")) == expected
    assert expected[-2:] == (["السَّلام", "عليكم", "وبعد"], text)
    match_form.cache_clear()
    sentence_spans.cache_clear()


# a round mention's surroundings: cue words and phrases (one space or more between their words), the
# mention's @, clitics and letters stuck to them, years, every kind of space
_CUE_WORDS = ["الماضي", "المقبله", "كانت", "قد", "كان", "عقدت", "انتهت", "تقرر", "عقد", "هذه", "الجوله", "اليوم",
              "@", "و", "ب", "x", "_", "2017", "20", "19", " ", "  ", "\n", "\u3000", "\u00a0", "é", "\U0001F600"]
WINDOW_TEXTS = st.lists(st.sampled_from(_CUE_WORDS), max_size=30).map("".join)


@settings(max_examples=600, deadline=None)
@given(WINDOW_TEXTS, st.lists(st.integers(0, 200), min_size=4, max_size=4), st.integers(0, 4), st.integers(0, 7))
def test_word_window_equals_split_and_join(scan, text, cuts, before, after):
    """Positions in any order (a window that is empty on one side or both), any number of words."""
    lo, a, b, hi = (min(c, len(text)) for c in cuts)
    assert scan.word_window(text, lo, a, b, hi, before, after) == \
        rounds._word_window_reference(text, lo, a, b, hi, before, after)


def test_word_window_rejects_positions_outside_the_text(scan):
    for lo, a, b, hi in ((-1, 0, 0, 0), (0, 4, 0, 0), (0, 0, -2, 0), (0, 0, 0, 9)):
        with pytest.raises(IndexError):
            scan.word_window("abc", lo, a, b, hi, 3, 6)


@settings(max_examples=600, deadline=None)
@given(WINDOW_TEXTS, st.lists(st.sampled_from(["قد", "كان قد", "@ قد", "ان", "x", "\u3000"]), min_size=1,
                              max_size=4, unique=True))
def test_key_finder_finds_a_key_wherever_one_is(scan, text, keys):
    from workbench.anchored import kinds_table

    assert scan.KeyFinder(kinds_table(dict.fromkeys(keys, 1))).found_in(text) == any(k in text for k in keys)


@settings(max_examples=600, deadline=None)
@given(WINDOW_TEXTS, st.integers(0, 60), st.integers(0, 60))
def test_a_window_with_a_cue_holds_a_cue_key(scan, text, a, b):
    """The cue keys are a sound filter: the cue pattern matches a window only if it holds one of them
    (and the mention's cue is the same either way)."""
    a, b = min(a, len(text)), min(max(a, b), len(text))
    window, at = scan.word_window(text, 0, a, b, len(text), 3, 6)
    if rounds._any_cue_re().search(window):
        assert rounds._cue_key_finder().found_in(window)
    cues = rounds._patterns()[-1]
    fast = rounds._cue(text, 0, a, b, len(text), cues)
    pure = rounds.compiled
    try:
        rounds.compiled = lambda name: None
        assert rounds._cue(text, 0, a, b, len(text), cues) == fast
    finally:
        rounds.compiled = pure


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(st.integers(-100, 300), st.integers(-100, 300)), max_size=30), st.integers(0, 250))
def test_merged_spans_equal_the_python_reference(scan, spans, n):
    """Spans that overlap, touch, repeat, nest, stick out on either side of the text, or are empty."""
    spans = [(a, max(a, b)) for a, b in spans]
    assert scan.merge_spans(spans, n) == rounds._merge_reference(spans, n)


def test_the_dates_step_reads_the_date_scan_the_rounds_step_kept(scan, monkeypatch):
    """A form the rounds step scanned gives its date scan back as it is; others, or one no longer kept, are
    scanned for their dates alone: the same either way."""
    forms = [match_form(t).form for t in ("في 5 آب 2019 عقدت الجولة الثالثة في أستانا", "الجولة 5 في 3 أيار")]
    monkeypatch.setattr(scans, "KEEP", 1)
    monkeypatch.setattr(scans, "_KEPT", {})
    for form in forms:
        assert list(scans.round_hits(form)[1:]) == list(rounds._hits_reference(form)[1:])
    assert list(scans._KEPT) == [forms[1]]
    for form in forms:
        assert scans.date_hits(form) == dates._scan_reference(form)


def _memo_reference(text: str, judged: dict[str, bool], min_length: int) -> tuple[list[str], list[tuple[int, int]]]:
    """What ``RunMemo.scan`` gives, from the runs as strings and a dict: the runs not judged (once each, in
    order), and where the runs judged glued are."""
    runs, hits, unseen = [], [], []
    for m in re.finditer(f"[{arabic.LETTERS}{arabic.DIACRITICS}]+", text):
        if len(m.group()) >= max(min_length, 1):
            runs.append(m)
    for m in runs:
        if m.group() in judged:
            if judged[m.group()]:
                hits.append(m.span())
        elif m.group() not in unseen:
            unseen.append(m.group())
    return unseen, hits


_RUN_PIECES = ["ب", "ت", "بت", "تب", "الأمم", "المتحدة", "ٱلْأُمَم", "\u0670", "ـ", " ", "x", "5", "،", "\U0001F600", "é"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_RUN_PIECES), max_size=30).map("".join), min_size=1, max_size=5),
       st.sampled_from([0, 1, 3, 5]), st.randoms(use_true_random=False))
def test_run_memo_scan_equals_a_dict_of_runs(scan, texts, min_length, rnd):
    """Texts scanned one after the other, the runs each reports unseen then judged (glued or not at random), as
    the glued-word repair does: what is unseen and where the glued runs are, every time."""
    memo, judged = scan.RunMemo(), {}
    for text in texts + texts:
        unseen, hits = memo.scan(text, arabic._class_table(), arabic._WORD_BIT, min_length)
        assert (unseen, hits) == _memo_reference(text, judged, min_length)
        for run in unseen:
            judged[run] = rnd.random() < 0.5
            memo.add(run, judged[run])
        assert len(memo) == len(judged)
        assert memo.scan(text, arabic._class_table(), arabic._WORD_BIT, min_length) == \
            _memo_reference(text, judged, min_length)


def test_run_memo_grows_and_keeps_every_run(scan):
    """Thousands of runs (the table doubles many times; runs of one length and of shared letters collide in
    their slots' neighbourhoods): each is found again with its mark, and a run added twice keeps its first."""
    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    runs = [a + b + c for a in letters for b in letters for c in letters[:9]]  # 7,056 runs of three letters
    memo = scan.RunMemo()
    for i, run in enumerate(runs):
        memo.add(run, i % 3 == 0)
    memo.add(runs[1], True)  # already there, not glued: stays so
    assert len(memo) == len(runs)
    text = " ".join(runs) + " ابتثجح"
    unseen, hits = memo.scan(text, arabic._class_table(), arabic._WORD_BIT, 1)
    assert unseen == ["ابتثجح"]
    assert [text[a:b] for a, b in hits] == runs[::3]
    with pytest.raises(ValueError):
        memo.add("", False)


def test_glue_memo_is_rebuilt_when_the_model_forgets(scan):
    """The compiled memo mirrors the model's judged runs: rebuilt after the reference empties them (a full
    memo), or when they were changed behind its back; never pickled."""
    import pickle

    from workbench.glue import _glue_edits_reference, glue_edits, load_glue_model

    model = load_glue_model()
    text = "قالت الأممالمتحدة إن إيرانوروسيا وتركيا اتفقت"
    edits = glue_edits(text, model)
    memo = model._run_memo
    assert [text[a:b] for a, b, *_ in edits] == ["الأممالمتحدة", "إيرانوروسيا"] and len(memo) == len(model._seen)
    model.max_memo = len(model._seen) + 1
    other = "وصل وفد مجلسالأمن إلى العاصمة"
    assert _glue_edits_reference(other, model)  # a full memo: emptied, this text's runs judged again
    assert model._generation == 1 and "الأممالمتحدة" not in model._seen
    model.max_memo = 500_000
    assert glue_edits(text, model) == edits and model._run_memo is not memo
    assert len(model._run_memo) == len(model._seen) == 6
    model._seen.clear()
    model._glued.clear()
    assert glue_edits(text, model) == edits
    copy = pickle.loads(pickle.dumps(model))
    assert copy._run_memo is None and glue_edits(text, copy) == edits


def test_an_automaton_read_once_scans_as_its_arrays(scan):
    """The pipeline keeps the automata as ``_textscan.Automaton`` (their arrays read once): the same scans as
    from the arrays, which are checked when read."""
    date_bits = (dates._WINDOW, dates._START, dates._DIGIT)
    for text in _corpus_texts()[:6] + ["", "في 23 كانون الثاني 2018 والجولة ال5 من أستانا ٣"]:
        form = match_form(text).form
        assert scan.date_scan(form, scan.Automaton(dates._date_table()), date_bits, 45, 45) == \
            scan.date_scan(form, dates._date_table(), date_bits, 45, 45)
        assert scan.round_and_date_hits(form, scan.Automaton(scans._table()), rounds._KIND_BITS, date_bits, 45, 45) == \
            scan.round_and_date_hits(form, scans._table(), rounds._KIND_BITS, date_bits, 45, 45)
    with pytest.raises(ValueError, match="FlatAutomaton"):
        scan.Automaton(dates._date_table()[:2] + (np.zeros(1, dtype=np.int32),) * 3)
