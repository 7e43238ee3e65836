"""Theme terms on sentences written for the tests: the forms a reader expects are found, offsets exact."""

import pandas as pd
import pytest

from workbench.themes import extract_themes


def themes_in(text):
    table = extract_themes(pd.DataFrame({"doc_id": ["d"], "text": [text]}))
    for r in table.itertuples():
        assert text[r.start:r.end] == r.surface
    return list(zip(table["surface"], table["theme_id"]))


@pytest.mark.parametrize("text, surface, theme", [
    ("أفرج عن الأسير بعد عامين", "الأسير", "THEME:detainees"),
    ("طالبت بالإفراج عن المعتقلات في السجون", "المعتقلات", "THEME:detainees"),
    ("عادت المختطفات إلى ذويهن", "المختطفات", "THEME:detainees"),
    ("ناقش الوفد ملف معتقلي الرأي", "معتقلي", "THEME:detainees"),
    ("قال إن المخطوفات ما زلن مفقودات", "المخطوفات", "THEME:detainees"),
    ("قتل مسلحون إرهابيون عددا من المدنيين", "إرهابيون", "THEME:terrorism"),
])
def test_added_theme_forms(text, surface, theme):
    assert (surface, theme) in themes_in(text)


@pytest.mark.parametrize("text, surface", [
    ("وقعت الأطراف اتفاق وقف إطلاق نار شامل", "وقف إطلاق نار"),
    ("أعلن وقف لإطلاق النار في إدلب", "وقف لإطلاق النار"),
    ("دعا إلى وقف شامل لإطلاق النار", "وقف شامل لإطلاق النار"),
    ("أعلنت روسيا هدنةً جديدة", "هدنةً"),  # a tanwin ends a term as well as its bare form
])
def test_ceasefire_wordings_and_a_term_with_tanwin(text, surface):
    assert (surface, "THEME:ceasefire") in themes_in(text)


def test_a_tanwin_still_ends_a_name_but_not_a_theme():
    from workbench.entities import extract_entities

    text = "قصفت الطائرات مواقع دوماً وأعلنت هدنةً"
    assert extract_entities(pd.DataFrame({"doc_id": ["d"], "text": [text]})).empty  # دوماً: "always", not Douma
    assert ("هدنةً", "THEME:ceasefire") in themes_in(text)
