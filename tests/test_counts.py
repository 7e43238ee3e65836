import pandas as pd
import pytest

from workbench.candidates import find_candidates, title_candidates, variant_candidates
from workbench.counts import cooccurrence, count_matrix, entity_counts, kwic
from workbench.entities import build_matcher, extract_entities
from workbench.lexicon import load_lexicon

LEXICON = pd.DataFrame([
    {"entity_id": "GPE:russia", "type": "GPE", "name_ar": "روسيا", "name_en": "Russia", "aliases": "",
     "demonyms": "الروسي|الروسية"},
    {"entity_id": "GPE:turkey", "type": "GPE", "name_ar": "تركيا", "name_en": "Turkey", "aliases": "",
     "demonyms": "التركي"},
    {"entity_id": "PER:alexander-lavrentiev", "type": "PER", "name_ar": "ألكسندر لافرنتييف",
     "name_en": "Alexander Lavrentiev", "aliases": "لافرنتييف|لافرينتيف", "demonyms": ""},
    {"entity_id": "LOC:astana", "type": "LOC", "name_ar": "أستانا", "name_en": "Astana", "aliases": "أستانة",
     "demonyms": ""},
])


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon(LEXICON, base=False)


@pytest.fixture(scope="module")
def corpus():
    return pd.DataFrame({
        "doc_id": ["d1", "d2", "d3"],
        "source": ["سانا", "سانا", "الشروق"],
        "text": ["روسيا وتركيا في أستانا. قال لافرنتييف إن روسيا مستعدة.",
                 "الوفد الروسي وصل إلى أستانة. وقال المبعوث يوهان شميدت إن الجولة ناجحة.",
                 "قال لافرنتيف إن تركيا شريك. وأكد السفير يوهان شميدت ذلك."],
        "n_words": [9, 13, 10],
    })


@pytest.fixture(scope="module")
def mentions(corpus, lexicon):
    return extract_entities(corpus, matcher=build_matcher(lexicon))


def test_counts_per_document_exclude_demonyms_by_default(mentions, corpus):
    counts = entity_counts(mentions, corpus)
    d1 = counts[counts["doc_id"] == "d1"].set_index("entity_id")["count"].to_dict()
    assert d1 == {"GPE:russia": 2, "GPE:turkey": 1, "LOC:astana": 1, "PER:alexander-lavrentiev": 1}
    assert "GPE:russia" not in set(counts[counts["doc_id"] == "d2"]["entity_id"])
    with_demonyms = entity_counts(mentions, corpus, kinds=("name", "demonym"))
    assert "GPE:russia" in set(with_demonyms[with_demonyms["doc_id"] == "d2"]["entity_id"])


def test_counts_per_source_per_1000_words(mentions, corpus):
    counts = entity_counts(mentions, corpus, by="source").set_index(["source", "entity_id"])
    assert counts.loc[("سانا", "GPE:russia"), "count"] == 2
    assert counts.loc[("سانا", "GPE:russia"), "n_words"] == 22
    assert counts.loc[("سانا", "GPE:russia"), "per_1000_words"] == pytest.approx(2 * 1000 / 22, abs=1e-3)
    whole = entity_counts(mentions, corpus, by=None).set_index("entity_id")
    assert whole.loc["LOC:astana", "count"] == 2 and whole.loc["LOC:astana", "n_words"] == 32


def test_matrix_keeps_documents_without_mentions(mentions, corpus):
    matrix = count_matrix(mentions, corpus)
    assert list(matrix.index) == ["d1", "d2", "d3"]
    assert matrix.loc["d2"].sum() == 1  # only أستانة
    totals = matrix.sum()
    assert totals.iloc[0] == totals.max() == 2  # most mentioned first


def test_cooccurrence_within_sentences(mentions):
    pairs = cooccurrence(mentions)
    first = pairs.iloc[0]
    assert {first["entity_a"], first["entity_b"]} <= {"GPE:russia", "GPE:turkey", "LOC:astana",
                                                      "PER:alexander-lavrentiev"}
    as_set = {frozenset((r.entity_a, r.entity_b)): r.n_sentences for r in pairs.itertuples()}
    assert as_set[frozenset(("GPE:russia", "LOC:astana"))] == 1
    assert as_set[frozenset(("GPE:russia", "PER:alexander-lavrentiev"))] == 1
    assert frozenset(("GPE:turkey", "PER:alexander-lavrentiev")) not in as_set  # لافرنتيف is no alias
    assert frozenset(("GPE:russia", "GPE:turkey")) in as_set


def test_kwic_right_to_left_friendly(mentions, corpus):
    lines = kwic(corpus, mentions, "PER:alexander-lavrentiev", window=13)
    assert list(lines["mention"]) == ["لافرنتييف"]
    first = lines.iloc[0]
    text = corpus.set_index("doc_id").at[first["doc_id"], "text"]
    assert text[first["start"]:first["end"]] == first["mention"]
    # the context stops at whole words
    assert first["before"] == "أستانا. قال" and first["after"] == "إن روسيا"
    assert kwic(corpus, mentions, "PER:alexander-lavrentiev", window=10).iloc[0]["before"] == "قال"
    sentence_only = kwic(corpus, mentions, "PER:alexander-lavrentiev", window=30, within_sentence=True).iloc[0]
    assert sentence_only["before"] == "قال"


def test_candidates_variants_and_names_after_titles(mentions, corpus, lexicon):
    variants = variant_candidates(corpus, mentions, lexicon)
    row = variants.set_index("candidate").loc["لافرنتيف"]  # a new spelling, one letter from لافرنتييف
    assert row["near_entity_id"] == "PER:alexander-lavrentiev" and row["count"] == 1
    extra = pd.DataFrame({"doc_id": ["d4"], "text": ["وقال لافرنتيييف وأستاانا"], "n_words": [3]})
    more = pd.concat([corpus, extra], ignore_index=True)
    m = extract_entities(more, matcher=build_matcher(lexicon))
    variants = variant_candidates(more, m, lexicon)
    assert set(variants["near_entity_id"]) == {"PER:alexander-lavrentiev", "LOC:astana"}
    titles = title_candidates(more, m, lexicon)
    row = titles.set_index("candidate").loc["يوهان شميدت"]
    assert row["count"] == 2 and row["n_docs"] == 2
    both = find_candidates(more, m, lexicon)
    assert set(both["source"]) == {"variant", "after_title"}


def test_title_candidates_skip_a_nisba_after_the_title(lexicon):
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "n_words": [8, 6],
                           "text": ["وقال المبعوث الروسي يوهان شميدت إن الجولة ناجحة.",
                                    "ورحب الرئيس التركي كمال بوزداغلي بالاتفاق."]})
    m = extract_entities(corpus, matcher=build_matcher(lexicon))
    names = set(title_candidates(corpus, m, lexicon)["candidate"])
    assert {"يوهان شميدت", "كمال بوزداغلي"} <= names


def test_count_matrix_keeps_entities_with_one_label_apart():
    lex = load_lexicon(pd.DataFrame([
        {"entity_id": "PER:a", "type": "PER", "name_ar": "الجعفري", "name_en": "A", "aliases": ""},
        {"entity_id": "PER:b", "type": "PER", "name_ar": "الجعفري", "name_en": "B", "aliases": "إبراهيم الجعفري"}]),
        base=False)
    corpus = pd.DataFrame({"doc_id": ["d"], "text": ["قال الجعفري وإبراهيم الجعفري"], "n_words": [4]})
    m = extract_entities(corpus, matcher=build_matcher(lex))
    table = count_matrix(m, corpus)
    assert sorted(table.columns) == ["الجعفري (PER:a)", "الجعفري (PER:b)"]
    assert table.loc["d"].tolist() == [1, 1]
