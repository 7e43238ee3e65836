"""The compiled matcher core (workbench/_spans.pyx) against the pure-Python reference.

Both engines of ``EntityMatcher.spans`` must give the same mentions for every text: on the
corpus texts, on texts generated to hit the edge cases (clitics, the lam that takes the
article's alef, Latin and digit keys inside words, tanwin, dropped diacritics, characters outside
the Basic Multilingual Plane), and with a lexicon where an alias is also a not-name phrase. The tests fail if the core was not built, unless ``WORKBENCH_PURE_PYTHON=1``
says that this installation runs without it on purpose.
"""

import pickle
from pathlib import Path

import pandas as pd
import pytest
from conftest import require_compiled
from hypothesis import HealthCheck, given, settings, strategies as st

import workbench as wb
from workbench.entities import _match_table_reference, build_matcher, match_table
from workbench.lexicon import load_lexicon
from workbench.themes import build_theme_matcher
from workbench.trie import _flat_trie_reference, flat_trie, triple_filter, triple_index

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
HELDOUT_TEXTS = ROOT / "tests" / "data" / "heldout_texts.jsonl"


def _core(matcher):
    require_compiled("_spans", "the compiled matcher core")
    return matcher.core()


@pytest.fixture(scope="module")
def matchers():
    return {"entities": build_matcher(), "themes": build_theme_matcher(), "edge cases": build_matcher(_edge_lexicon())}


def _edge_lexicon() -> pd.DataFrame:
    """Latin, digit and hyphen keys, article names for the lam clitic, an alias that is also a not-name."""
    return load_lexicon(base=False, user=pd.DataFrame([
        {"entity_id": "GPE:a", "type": "GPE", "name_ar": "روسيا", "name_en": "A", "aliases": "موسكو|دوما",
         "demonyms": "روسي"},
        {"entity_id": "GPE:b", "type": "GPE", "name_ar": "دوما", "name_en": "B", "aliases": "روسيا اليوم|ام 4",
         "demonyms": ""},
        {"entity_id": "ORG:c", "type": "ORG", "name_ar": "الأمم المتحدة", "name_en": "C",
         "aliases": "اللجنة الدستورية|حصة الأسد|RT|rt عربي|M4|نور-سلطان|الطريق m4|العربية.نت|بي.بي.سي", "demonyms": "أممي"},
    ]))


def _corpus_texts() -> list[str]:
    texts = wb.load_corpus(SEEDS)["text"].tolist()
    return texts + pd.read_json(HELDOUT_TEXTS, lines=True, dtype=False)["text"].tolist()


@pytest.mark.parametrize("name", ["entities", "themes", "edge cases"])
def test_core_equals_reference_on_the_corpus(matchers, name):
    matcher = matchers[name]
    core = _core(matcher)
    texts = _corpus_texts()
    got = [core.spans(t) for t in texts]
    assert got == [matcher.python_spans(t) for t in texts]
    if name != "edge cases":
        assert sum(map(len, got)) > 50  # the corpus has mentions: the comparison is not of empty lists


_PIECES = ["روسيا", "وروسيا", "بروسيا", "لروسيا", "روسيا اليوم", "دوما", "دوماً", "دوماٌ", "موسكو", "الروسي",
           "الأمم المتحدة", "للأمم المتحدة", "وللأمم المتحدة", "اللجنة الدستورية", "للجنة الدستورية", "RT", "rt",
           "SMART", "m4", "M45", "ام 4", "نور-سلطان", "الطريق m4", "لطريق m4", "العربية.نت", "بي.بي.سي",
           "أستانا", "إيران", "تركيا", "المعتقلين", "خفض التصعيد", "سوتشي", "واشنطن", "حصة الأسد",
           "ـ", "ُ", "ّ", "ء", "٤", "4", "x", "-", ".", "،", "\n", " ", "  ", "😀", "ی", "ة", "ى", "إ"]


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_core_equals_reference_on_generated_texts(matchers, text):
    for matcher in matchers.values():
        assert _core(matcher).spans(text) == matcher.python_spans(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.characters(min_codepoint=0x20, max_codepoint=0x6FF) | st.sampled_from(_PIECES), max_size=40)
       .map("".join))
def test_core_equals_reference_on_any_characters(matchers, text):
    matcher = matchers["edge cases"]
    assert _core(matcher).spans(text) == matcher.python_spans(text)


_LETTERS = "ابتسلوم"  # few letters: names share first words and prefixes, and texts hit them


def _random_lexicon(aliases: list[str]) -> pd.DataFrame:
    return load_lexicon(base=False, user=pd.DataFrame([
        {"entity_id": f"GPE:x{i}", "type": "GPE", "name_ar": alias, "name_en": str(i), "aliases": "", "demonyms": ""}
        for i, alias in enumerate(dict.fromkeys(aliases))]))


_WORD = st.text(alphabet=_LETTERS, min_size=1, max_size=4)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_WORD, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=12),
       st.lists(_WORD | st.sampled_from([" ", "  ", "، ", "\n", "x", "وال", "لل"]), max_size=40).map("".join))
def test_core_equals_reference_for_names_that_share_words(aliases, text):
    """Names that are prefixes of one another, or share first words, in texts made of their letters: the
    first-word table of the core (hashing, probing, comparing) finds what the reference finds."""
    matcher = build_matcher(_random_lexicon(aliases))
    core = _core(matcher)
    for t in [text, " ".join(aliases), "و" + "، ب".join(aliases)]:
        assert core.spans(t) == matcher.python_spans(t)


def test_columns_are_the_spans_by_column(matchers):
    texts = _corpus_texts()[:20] + ["", "لا شيء هنا"]
    for matcher in matchers.values():
        core = _core(matcher)
        for text in texts:
            spans = matcher.python_spans(text)
            columns = tuple(map(list, zip(*spans))) if spans else ([], [], [], [], [])
            assert core.columns(text) == columns
            assert matcher.span_columns(text) == columns


def _corpus_of(texts: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts}, dtype=object)


def _same_tables(matcher, texts: list[str]) -> pd.DataFrame:
    """``match_table`` from the core's arrays equals the one built from its lists, column types included."""
    _core(matcher)
    corpus = _corpus_of(texts)
    got, want = match_table(corpus, matcher), _match_table_reference(corpus, matcher)
    pd.testing.assert_frame_equal(got, want)
    assert list(got.dtypes) == list(want.dtypes)
    return got


@pytest.mark.parametrize("name", ["entities", "themes", "edge cases"])
def test_match_table_equals_its_reference_on_the_corpus(matchers, name):
    texts = _corpus_texts()
    table = _same_tables(matchers[name], texts[:7] + ["", "لا شيء هنا"] + texts[7:])
    assert name == "edge cases" or len(table) > 50
    assert _same_tables(matchers[name], []).empty
    assert _same_tables(matchers[name], ["لا شيء هنا", ""]).empty


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.characters(min_codepoint=0x20, max_codepoint=0x6FF) | st.sampled_from(_PIECES + ["é", "ß€"]),
                         max_size=30).map("".join), max_size=6))
def test_match_table_equals_its_reference_on_generated_texts(matchers, texts):
    """Surfaces of one to four UTF-8 bytes a character (``é``, Arabic, ``€``, emoji), texts without matches."""
    for matcher in matchers.values():
        table = _same_tables(matcher, texts)
        assert [t[s:e] for t, s, e in zip(table["doc_id"].map(dict(_corpus_of(texts).values)), table["start"],
                                           table["end"])] == table["surface"].tolist()


def test_match_table_refuses_a_lone_surrogate_like_its_reference(monkeypatch):
    """A surface with a lone surrogate has no UTF-8 (a user's matching table may drop the character inside a
    name; decoded files never hold one): the compiled path leaves it to the reference, which refuses it."""
    import workbench.entities as entities

    table = entities.code_table().copy()
    table[0xD800] = 0xFFFFFFFF  # dropped from the matching form, like a diacritic
    monkeypatch.setattr(entities, "code_table", lambda: table)
    matcher = build_matcher(_edge_lexicon())
    core = _core(matcher)
    text = "قالت روس\ud800يا اليوم"
    assert [text[s:e] for s, e, *_ in core.spans(text)] == ["روس\ud800يا اليوم"]
    assert core.table([text])[5:] == (None, None, None, None)
    assert _same_tables(matcher, ["قالت موسكو"])["surface"].tolist() == ["موسكو"]
    for build in (match_table, _match_table_reference):
        with pytest.raises(UnicodeEncodeError):
            build(_corpus_of(["قالت موسكو", text]), matcher)


def test_match_table_falls_back_for_labels_that_are_not_text():
    matcher = build_matcher(_edge_lexicon())
    matcher.entities["GPE:a"] = {**matcher.entities["GPE:a"], "name_en": 3.5}
    got = _same_tables(matcher, ["قالت موسكو إن وروسيا", "دوما"])
    assert got["label_en"].tolist()[:2] == [3.5, 3.5]


def test_columns_in_pure_python(pure_python):
    matcher = build_matcher(_edge_lexicon())
    assert matcher.span_columns("قالت موسكو إن وروسيا") == ([5, 14], [10, 20], [5, 15], ["GPE:a", "GPE:a"],
                                                          ["name", "name"])
    assert matcher.span_columns("لا شيء") == ([], [], [], [], [])


def test_offsets_point_into_the_text(matchers):
    matcher = matchers["edge cases"]
    text = "قالت موسكوُ إن وللأمم المتحدة ووكالة RT و«بي.بي.سي» دوماً، ثم دوما"
    spans = matcher.spans(text)
    assert [text[s:e] for s, e, *_ in spans] == ["موسكوُ", "وللأمم المتحدة", "RT", "بي.بي.سي", "دوما"]
    assert all(s <= n < e for s, e, n, *_ in spans)


def test_a_not_name_phrase_beats_an_alias_with_the_same_key(matchers):
    # حصة الأسد is a not-name phrase (matching.yaml) and, in this lexicon, an alias of ORG:c: the two
    # candidates tie on everything but the entity, and the not-name phrase wins in both engines
    matcher = matchers["edge cases"]
    text = "حصة الأسد والأمم المتحدة"
    assert matcher.spans(text) == matcher.python_spans(text)
    assert [x[3] for x in matcher.spans(text)] == ["ORG:c"]
    assert text[slice(*matcher.spans(text)[0][:2])] == "والأمم المتحدة"


def test_pure_python_switch(pure_python):
    matcher = build_matcher(_edge_lexicon())
    assert matcher.core() is None
    assert [x[3] for x in matcher.spans("وروسيا")] == ["GPE:a"]


def test_matcher_pickles_without_its_engines(matchers):
    matcher = matchers["edge cases"]
    matcher.spans("روسيا")
    copy = pickle.loads(pickle.dumps(matcher))
    assert copy._engines == {}
    assert copy.spans("وروسيا اليوم") == matcher.spans("وروسيا اليوم")


@given(st.dictionaries(st.text(alphabet="ابت x😀", min_size=1, max_size=6), st.lists(st.integers(0, 9), max_size=3),
                       max_size=30),
       st.text(alphabet="ابت x😀", max_size=8))
def test_flat_trie_finds_exactly_the_keys(keys, probe):
    trie = flat_trie(keys, dense_min_children=2)
    node = 0
    for ch in probe:
        lo, hi = trie.edge_start[node], trie.edge_start[node + 1]
        chars = trie.edge_char[lo:hi].tolist()
        assert chars == sorted(chars)
        if ord(ch) not in chars:
            node = -1
            break
        nxt = int(trie.edge_child[lo + chars.index(ord(ch))])
        if trie.dense_row[node] >= 0 and ord(ch) < 0x10000:
            assert trie.dense[trie.dense_row[node], trie.alphabet[ord(ch)]] == nxt
        node = nxt
    if probe in keys:
        ids = trie.value_ids[trie.value_start[node]:trie.value_start[node + 1]].tolist()
        assert ids == keys[probe]
    elif node >= 0:
        assert trie.value_start[node] == trie.value_start[node + 1]


def test_flat_trie_numbers_its_nodes_breadth_first():
    trie = flat_trie({"abc": [0], "b": [1], "abd": [2], "ac": [3]})
    depth = [0] * len(trie.dense_row)
    for node in range(len(depth)):
        for child in trie.edge_child[trie.edge_start[node]:trie.edge_start[node + 1]]:
            depth[child] = depth[node] + 1
            assert child > node
    assert depth == sorted(depth)


def _same_trie(a, b) -> bool:
    return all(x.dtype == y.dtype and x.shape == y.shape and (x == y).all() for x, y in zip(a, b))


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.text(alphabet="ابتa x😀", max_size=6), st.lists(st.integers(0, 9), max_size=3),
                       max_size=30),
       st.integers(1, 4))
def test_the_compiled_trie_is_the_reference(keys, dense_min_children):
    """``_spans.trie_edges`` numbers, orders and lays out the nodes as the Python reference does (the empty key,
    characters beyond the Basic Multilingual Plane and keys without values included)."""
    require_compiled("_spans", "the compiled trie")
    assert _same_trie(flat_trie(keys, dense_min_children), _flat_trie_reference(keys, dense_min_children))


def test_the_compiled_trie_of_the_lexicon_is_the_reference(matchers):
    require_compiled("_spans", "the compiled trie")
    for matcher in matchers.values():
        keys = {key: [i] for i, key in enumerate(matcher.words)}
        assert _same_trie(flat_trie(keys), _flat_trie_reference(keys))
        keys = {key: list(range(len(vals))) for key, vals in matcher.other.items()}
        assert _same_trie(flat_trie(keys), _flat_trie_reference(keys))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ابت xy4😀", min_size=1, max_size=6), min_size=1, max_size=30),
       st.text(alphabet="ابت xy4😀", max_size=10))
def test_the_triple_filter_never_hides_a_key(keys, text):
    """Wherever a key of three characters or more (all in the Basic Multilingual Plane) starts, its bit is set."""
    trie = flat_trie({k: [i] for i, k in enumerate(keys)})
    bits = triple_filter(keys, trie)
    width = trie.dense.shape[1]
    for p in range(len(text)):
        head = text[p:p + 3]
        if len(head) == 3 and max(head) < "\U00010000" and any(k.startswith(head) for k in keys):
            i = triple_index(tuple(int(trie.alphabet[ord(c)]) for c in head), width)
            assert bits[i >> 3] & (1 << (i & 7))


def test_the_triple_filter_lets_through_only_some_triples():
    keys = ["ابتث", "xyz"]
    trie = flat_trie({k: [i] for i, k in enumerate(keys)})
    assert sum(bin(b).count("1") for b in triple_filter(keys, trie).tolist()) == 2
