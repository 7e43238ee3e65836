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
