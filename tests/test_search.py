import pandas as pd

from workbench.search import find_text


def corpus(*texts):
    return pd.DataFrame({"doc_id": list(range(len(texts))), "text": list(texts)})


def test_whole_words_by_default():
    c = corpus("طالب بالإفراج عن آلاف المعتقلين والآلاف وآلافهم")
    hits = find_text(c, "آلاف")
    assert list(hits["surface"]) == ["آلاف"]
    assert list(hits["start"]) == [c.text[0].index("آلاف")]


def test_clitic_prefix_from_matching_yaml_is_allowed():
    c = corpus("وآلاف بآلاف لآلاف فآلاف كآلاف وبآلاف مآلاف")
    hits = find_text(c, "آلاف")
    assert len(hits) == 6
    for row in hits.itertuples():
        assert c.text[0][row.start:row.end] == row.surface == "آلاف"


def test_substring_search_on_request():
    c = corpus("طالب بالإفراج عن آلاف")
    hits = find_text(c, "آلاف", whole_words=False)
    assert list(hits["surface"]) == ["الإف", "آلاف"]


def test_offsets_hold_with_variants_and_diacritics():
    c = corpus("قال إنّ الأُمم المتحدة، والامم المتحدة")
    hits = find_text(c, "الأمم المتحدة")
    assert len(hits) == 2
    for row in hits.itertuples():
        assert c.text[0][row.start:row.end] == row.surface
