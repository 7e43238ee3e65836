import pytest

from workbench.cleaning import clean_text, make_cleaner, revert_changes
from workbench.glue import load_glue_model

import pandas as pd


@pytest.fixture(scope="module")
def model():
    return load_glue_model()


@pytest.mark.parametrize("glued, parts", [
    ("الأممالمتحدة", ("الأمم", "المتحدة")),
    ("إيرانوروسيا", ("إيران", "وروسيا")),
    ("نزوحالملايين", ("نزوح", "الملايين")),
    ("وكالةسبوتنيك", ("وكالة", "سبوتنيك")),
    ("الأردنوالولاياتالمتحدة", ("الأردن", "والولايات", "المتحدة")),
    ("عنالأمم", ("عن", "الأمم")),
    ("إنشاءفريق", ("إنشاء", "فريق")),
    ("وزارةالخارجية", ("وزارة", "الخارجية")),
    ("مجلسالأمن", ("مجلس", "الأمن")),
])
def test_glued_words_are_split(model, glued, parts):
    assert model.split(glued) == parts


@pytest.mark.parametrize("word", [
    "لافرنتييف", "لافرينتيف", "لافرينتييف", "الرحمانوف", "الكازاخيستانية", "ممثيلن", "والمفقودين",
    "وبالولايات", "سيحضرونها", "ولافرنتييف", "فالتقى", "الجمهورية", "والاسرى", "استانة", "مؤتمر",
    "المستشارين", "بوتين", "أردوغان", "ظريف", "ميستورا",
])
def test_real_words_and_foreign_names_are_not_split(model, word):
    assert model.split(word) is None


def test_lexicon_words_protect_and_enable_splits():
    m = load_glue_model(extra_words=["أونال", "سيدات أونال"])
    assert m.split("أونال") is None
    assert m.split("سيداتأونال") == ("سيدات", "أونال")


def test_repairs_are_recorded_and_can_be_undone():
    raw = "حضر وفد الأممالمتحدة ووفد إيرانوروسيا الاجتماع."
    result = clean_text(raw)
    assert result.text == "حضر وفد الأمم المتحدة ووفد إيران وروسيا الاجتماع."
    repairs = pd.DataFrame([c for c in result.changes if c["kind"] == "glued_word"])
    assert list(repairs["before"]) == ["الأممالمتحدة", "إيرانوروسيا"]
    for row in repairs.itertuples():
        assert raw[row.raw_start:row.raw_end] == row.before
        assert result.text[row.start:row.end] == row.after
        assert "whole=0.00" in row.evidence
    assert revert_changes(result.text, repairs) == raw
    assert revert_changes(result.text, repairs.iloc[:1]) == "حضر وفد الأممالمتحدة ووفد إيران وروسيا الاجتماع."
