"""Round mentions on sentences written for the tests, and the main round of each seed article."""

from pathlib import Path

import pandas as pd
import pytest

import workbench as wb
from workbench.rounds import find_rounds, ordinal_words

ROOT = Path(__file__).resolve().parent.parent


def rounds_in(text):
    return [(r["surface"], r["round"]) for r in find_rounds(text)]


@pytest.mark.parametrize("text, expected", [
    ("اختتمت أعمال أستانا 8 اليوم", [("أستانا 8", 8)]),
    ("هدف (أستانا-7 ) هو الحفاظ", [("أستانا-7", 7)]),
    ("أقيمت مفاوضات “أستانا 4” حيث", [("أستانا 4", 4)]),
    ("قامت مفاوضات “أستانا “3 على إنشاء", [("أستانا “3", 3)]),
    ("انطلقت الجولة الـ5 من المحادثات في أستانة", [("الجولة الـ5", 5)]),
    ("وتعقد الجولة ال 11 من محادثات آستانة", [("الجولة ال 11", 11)]),
    ("اجتماع أستانا السابع حول سوريا", [("اجتماع أستانا السابع", 7)]),
    ("انتهى الاجتماع الدولي الثاني في أستانا", [("الاجتماع الدولي الثاني", 2)]),
    ("الجولة الثامنة من مفاوضات أستانا", [("الجولة الثامنة", 8)]),
    ("الجولة الحادية عشرة من محادثات أستانا", [("الجولة الحادية عشرة", 11)]),
    ("الجولة الثانية عشر من محادثات نور سلطان", [("الجولة الثانية عشر", 12)]),
    ("الاجتماع الرابع عشر بصيغة أستانا", [("الاجتماع الرابع عشر", 14)]),
    ("الجولة العشرين من مسار أستانا", [("الجولة العشرين", 20)]),
    ("الجولة الحادية والعشرين من محادثات أستانا", [("الجولة الحادية والعشرين", 21)]),
    ("الجولة الخامسة والعشرون من محادثات أستانا", [("الجولة الخامسة والعشرون", 25)]),
    ("اجتماع أستانة ٩ في النصف الثاني من شباط", [("أستانة ٩", 9)]),
    ("محادثات أستانا-١٢ في العاصمة", [("أستانا-١٢", 12)]),
    ("وتابع الوفد في محادثات آستانة الثالثة", [("محادثات آستانة الثالثة", 3)]),
    ("لقاء أستانا الأول", [("لقاء أستانا الأول", 1)]),
])
def test_round_forms(text, expected):
    assert rounds_in(text) == expected


def test_ordinals_in_both_genders_up_to_25():
    words = ordinal_words()
    numbers = set(words.values())
    assert set(range(1, 26)) <= numbers
    assert words["العاشر"] == 10 and words["العاشره"] == 10
    assert words["الحاديه عشره"] == 11 and words["الحادي عشر"] == 11 and words["الثانيه عشر"] == 12


def test_other_processes_and_non_rounds_are_not_astana_rounds():
    assert rounds_in("الجولة الثامنة من مفاوضات جنيف بين الوفدين") == []
    assert rounds_in("أستانا 2017 كانت مهمة") == []           # a year, not a round
    assert rounds_in("عقدت في أستانا 23 يناير") == []           # a date in Astana, not round 23
    assert rounds_in("تعقد في أستانا 14 و15 أيار") == []
    assert rounds_in("أسفرت جولاتها الـ6 السابقة عن إقامة مناطق") == []  # a count of rounds, not round 6


def test_offsets_point_at_the_surface():
    text = "قال إن الجولة الثامنة من مفاوضات أستانا و(أستانا-7 ) كانتا مهمتين."
    for r in find_rounds(text):
        assert text[r["start"]:r["end"]] == r["surface"]


def test_main_round_with_past_and_next_references():
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": [
        "اختتمت اليوم الجولة التاسعة من محادثات أستانا. وكانت الجولة الثامنة قد عقدت في ديسمبر الماضي. "
        "وتقرر عقد أستانا 10 في سوتشي الشهر المقبل. وأكد المشاركون في أستانا 9 التزامهم.",
        "بدأت اليوم في العاصمة الكازاخية محادثات جديدة حول سوريا."]})
    doc_rounds, mentions = wb.assign_rounds(corpus)
    a = doc_rounds.set_index("doc_id").loc["a"]
    assert a["main_round"] == 9 and not a["inferred"] and a["confidence"] > 0.5
    assert a["rounds_mentioned"] == "8,9,10"
    assert list(mentions["role"]) == ["own", "past", "next", "own"]
    b = doc_rounds.set_index("doc_id").loc["b"]
    assert pd.isna(b["main_round"]) and b["confidence"] == 0


def test_round_inferred_from_the_document_date_or_from_dates_in_the_text():
    corpus = pd.DataFrame({"doc_id": ["dated", "text"], "date": ["2019-08-01", ""], "text": [
        "بدأت اليوم محادثات جديدة حول سوريا في العاصمة الكازاخية.",
        "من المرتقب أن تنطلق محادثات أستانا في 10 ديسمبر 2019 بمشاركة الدول الضامنة."]})
    doc_rounds, _ = wb.assign_rounds(corpus)
    rows = doc_rounds.set_index("doc_id")
    assert rows.at["dated", "main_round"] == 13 and rows.at["dated", "inferred"]
    assert "document date 2019-08-01" in rows.at["dated", "evidence"]
    assert rows.at["text", "main_round"] == 14 and rows.at["text", "inferred"]
    assert "10 ديسمبر 2019" in rows.at["text", "evidence"]


def test_calendar_covers_every_round_with_sources():
    cal = wb.load_calendar()
    assert list(cal["round"]) == list(range(1, len(cal) + 1)) and len(cal) >= 22
    assert (cal["start"] <= cal["end"]).all() and cal["start"].is_monotonic_increasing
    assert (cal["sources"].str.len() > 0).all() and (cal["outcomes"].str.len() > 0).all()


# Hand-made gold for the seeds (read by a person): main round, inferred or not.
SEED_ROUNDS = {"000_c2e2c0f4ce6588d1": (8, False), "001_3e452db34f5d0aa1": (7, False),
               "002_f329cf37ff49e918": (8, False), "003_fc8e4039d0477974": (7, False),
               "004_0f8ed4b4c492d579": (1, True)}


def test_seed_main_rounds_match_the_hand_made_gold():
    corpus = wb.load_corpus(ROOT / "seeds")
    doc_rounds, mentions = wb.assign_rounds(corpus)
    got = {r.doc_id: (int(r.main_round), bool(r.inferred)) for r in doc_rounds.itertuples()}
    assert got == SEED_ROUNDS
    past = mentions[(mentions["doc_id"] == "001_3e452db34f5d0aa1") & (mentions["role"] == "past")]
    assert sorted(set(past["round"])) == [2, 3, 4, 6]
