"""The entity matcher on sentences written for the tests: clitics, glued words, variants, adjectives."""

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from workbench.cleaning import clean_text
from workbench.entities import MENTION_COLUMNS, build_matcher, extract_entities
from workbench.lexicon import load_lexicon


@pytest.fixture(scope="module")
def matcher():
    return build_matcher()


def found(matcher, text, kinds=("name",)):
    return [(m["surface"], m["entity_id"]) for m in matcher.find(text) if m["kind"] in kinds]


def test_clitics_count_as_mentions(matcher):
    text = "التقى وفد روسيا ووفد بروسيا ثم قال لروسيا فإيران وتركيا للأمم المتحدة والولايات المتحدة وبالأمم المتحدة"
    got = found(matcher, text)
    assert got == [("روسيا", "GPE:russia"), ("بروسيا", "GPE:russia"), ("لروسيا", "GPE:russia"),
                   ("فإيران", "GPE:iran"), ("وتركيا", "GPE:turkey"), ("للأمم المتحدة", "ORG:united-nations"),
                   ("والولايات المتحدة", "GPE:united-states"), ("وبالأمم المتحدة", "ORG:united-nations")]
    prefixes = [m["prefix"] for m in matcher.find(text) if m["kind"] == "name"]
    assert prefixes == ["", "ب", "ل", "ف", "و", "ل", "و", "وب"]


def test_lam_clitic_before_a_name_starting_with_lam():
    # ل + اللجنة is written للجنة: the clitic takes the article's alef and lam
    lexicon = pd.DataFrame([{"entity_id": "ORG:constitutional-committee", "type": "ORG",
                             "name_ar": "اللجنة الدستورية", "name_en": "Constitutional Committee"}])
    m = build_matcher(load_lexicon(lexicon))
    text = "دعم للجنة الدستورية، وللجنة الدستورية، واللجنة الدستورية ولجنة الدستورية"
    got = [(x["surface"], x["prefix"]) for x in m.find(text)]
    assert got == [("للجنة الدستورية", "ل"), ("وللجنة الدستورية", "ول"), ("واللجنة الدستورية", "و")]


def test_a_clitic_is_not_any_letter(matcher):
    # تروسيا is not "Russia" with a clitic; روسياه is not Russia either
    assert found(matcher, "كلمة تروسيا وروسياه") == []


def test_longest_match_wins(matcher):
    assert [e for _, e in found(matcher, "في مقابلة مع روسيا اليوم")] == ["ORG:rt"]
    assert [e for _, e in found(matcher, "في مقابلة مع قناة روسيا اليوم")] == ["ORG:rt"]
    assert [e for _, e in found(matcher, "قرار مجلس الأمن الدولي")] == ["ORG:un-security-council"]
    assert [e for _, e in found(matcher, "فصيل جيش إدلب الحر في ريف إدلب")][0] == "ORG:jaysh-idlib-al-hurr"


def test_spelling_variants_of_one_person(matcher):
    text = "قال لافرنتييف ثم لافرينتيف ثم ألكسندر لافرينتييف"
    ids = [e for _, e in found(matcher, text)]
    assert ids == ["PER:alexander-lavrentiev"] * 3
    # a full name is one mention
    assert found(matcher, "ألكسندر لافرينتييف")[0][0] == "ألكسندر لافرينتييف"
    mistura = ["دي ميستورا", "دى ميستورا", "دي مستورا", "ستافان دي ميستورا", "ستيفان دي ميستورا"]
    for variant in mistura:
        assert [e for _, e in found(matcher, f"المبعوث {variant} قال")] == ["PER:staffan-de-mistura"], variant


def test_astana_under_its_names_and_in_round_phrases(matcher):
    text = "مسار أستانا ومحادثات أستانة وآستانة و«أستانا 8» و(أستانا-7 ) ونور سلطان"
    assert {e for _, e in found(matcher, text)} == {"LOC:astana"}
    assert len(found(matcher, text)) == 6


def test_nisba_adjectives_are_demonyms(matcher):
    text = "قال الوفد الروسي إن النظام التركي والخارجية الكازاخية"
    assert found(matcher, text) == []
    demonyms = found(matcher, text, kinds=("demonym",))
    assert [e for _, e in demonyms] == ["GPE:russia", "GPE:turkey", "GPE:kazakhstan"]
    assert [s for s, _ in demonyms] == ["الروسي", "التركي", "الكازاخية"]


def test_glued_words_are_found_after_cleaning(matcher):
    text = clean_text("ممثلين عن الأممالمتحدة والأردنوالولاياتالمتحدة ووفود إيرانوروسيا").text
    assert [e for _, e in found(matcher, text)] == ["ORG:united-nations", "GPE:jordan", "GPE:united-states",
                                                   "GPE:iran", "GPE:russia"]


def test_egyptian_spellings(matcher):
    assert [e for _, e in found(matcher, "وزير الخارجية الروسى سيرغى لافروف")] == ["PER:sergey-lavrov"]
    assert found(matcher, "الروسى", kinds=("demonym",)) == [("الروسى", "GPE:russia")]


def test_extract_entities_table(matcher):
    corpus = pd.DataFrame({"doc_id": ["a", "b"],
                           "text": ["وصل لافروف إلى أستانا. ثم التقى أردوغان.", "لا أسماء هنا."]})
    mentions = extract_entities(corpus, matcher=matcher)
    assert list(mentions.columns) == MENTION_COLUMNS
    assert list(mentions["entity_id"]) == ["PER:sergey-lavrov", "LOC:astana", "PER:recep-tayyip-erdogan"]
    assert list(mentions["sentence_id"]) == [0, 0, 1]
    for m in mentions.itertuples():
        text = corpus.set_index("doc_id").at[m.doc_id, "text"]
        assert text[m.start:m.end] == m.surface


def test_a_table_without_mentions_has_the_same_column_types(matcher):
    """Empty or not, text columns are ``str`` and offsets ``int64`` (an empty chunk once gave ``float64`` text)."""
    some = extract_entities(pd.DataFrame({"doc_id": ["a"], "text": ["وصل لافروف إلى أستانا."]}), matcher=matcher)
    none = extract_entities(pd.DataFrame({"doc_id": ["a"], "text": ["لا أسماء هنا."]}), matcher=matcher)
    assert len(some) == 2 and len(none) == 0
    assert none.dtypes.to_dict() == some.dtypes.to_dict()
    assert {c: str(some[c].dtype) for c in ("start", "end", "name_start", "sentence_id")} == dict.fromkeys(
        ("start", "end", "name_start", "sentence_id"), "int64")
    assert some["label_en"].tolist() == ["Sergey Lavrov", "Astana"] and some["type"].tolist() == ["PER", "LOC"]


def test_user_lexicon_adds_entities_and_aliases(tmp_path):
    user = tmp_path / "mine.csv"
    user.write_text("entity_id,type,name_ar,name_en,aliases,demonyms,note\n"
                    "PER:new-envoy,PER,يوهان شميدت,Johann Schmidt,شميدت,,\n"
                    "PER:alexander-lavrentiev,PER,ألكسندر لافرنتييف,,لافرنتيف الكبير,,\n", encoding="utf-8")
    lexicon = load_lexicon(user)
    m = build_matcher(lexicon)
    assert [e for _, e in found(m, "قال شميدت ثم لافرنتيف الكبير")] == ["PER:new-envoy", "PER:alexander-lavrentiev"]
    row = lexicon.set_index("entity_id").loc["PER:alexander-lavrentiev"]
    assert row["name_en"] == "Alexander Lavrentiev" and "لافرينتيف" in row["aliases"]


def test_bad_user_lexicon_is_a_clear_error(tmp_path):
    from workbench.lexicon import LexiconError

    bad = tmp_path / "bad.csv"
    bad.write_text("entity_id,type,name_ar\nX:1,PERSON,فلان\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="unknown type 'PERSON'"):
        load_lexicon(bad)


PIECES = st.sampled_from(["روسيا", "وروسيا", "للأمم المتحدة", "الأمم", "المتحدة", "روسيا اليوم", "الروسي",
                          "أستانا", "8", " ", " ", "، ", ".", "\n", "ال", "و", "لافرنتييف", "دى", "ميستورا",
                          "\u064e", "ـ", "مجلس الأمن", "الدولي", "RT", "x"])


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_offsets_always_point_at_the_surface(text):
    m = _MATCHER
    last_end = 0
    for mention in m.find(text):
        assert text[mention["start"]:mention["end"]] == mention["surface"]
        assert mention["start"] <= mention["name_start"] < mention["end"]
        assert text[mention["start"]:mention["name_start"]] == mention["prefix"]
        assert mention["start"] >= last_end  # no overlaps
        last_end = mention["end"]


_MATCHER = build_matcher()


def test_phrases_that_are_not_names_hide_the_names_inside_them(matcher):
    # matching.yaml `not_names`: idioms and ordinary phrases that contain a name
    assert found(matcher, "حصة الأسد من المساعدات") == []
    assert found(matcher, "حماة الديار في حماة") == [("حماة", "LOC:hama")]
    assert found(matcher, "اجتمع مجلس الأمن القومي التركي") == []
    assert found(matcher, "دعا مجلس الأمن الدولي") == [("مجلس الأمن الدولي", "ORG:un-security-council")]


def test_a_word_with_tanwin_is_not_a_name(matcher):
    assert found(matcher, "كان دوماً يقول إن دوما محاصرة") == [("دوما", "LOC:douma")]
    assert found(matcher, "درعاً بشرياً في درعا") == [("درعا", "LOC:daraa")]


def test_latin_and_digit_keys_need_whole_words(matcher):
    assert found(matcher, "SMART report CHEAP MAP ASAP") == []
    assert found(matcher, "طريق M45 والطريق الدولي إم 45") == []
    assert found(matcher, "طريق M4 وقناة RT.") == [("طريق M4", "LOC:m4-highway"), ("RT", "ORG:rt")]


def test_persian_letters_and_no_future_prefix(matcher):
    assert found(matcher, "عراقچی وعراقجي") == [("عراقچی", "PER:abbas-araghchi"), ("وعراقجي", "PER:abbas-araghchi")]
    assert found(matcher, "وسقطرى", kinds=("name", "demonym")) == []  # the future prefix س goes with verbs


def test_a_user_lexicon_can_reassign_an_alias():
    user = pd.DataFrame([{"entity_id": "PER:ibrahim-al-jaafari", "type": "PER", "name_ar": "إبراهيم الجعفري",
                          "name_en": "Ibrahim al-Jaafari", "aliases": "الجعفري"}])
    assert found(build_matcher(load_lexicon()), "قال الجعفري") == [("الجعفري", "PER:bashar-al-jaafari")]
    assert found(build_matcher(load_lexicon(user)), "قال الجعفري") == [("الجعفري", "PER:ibrahim-al-jaafari")]


def test_matcher_repr_stays_short(matcher):
    # shown in a notebook cell, a matcher must not print its tens of thousands of keys
    assert len(repr(matcher)) < 1000
