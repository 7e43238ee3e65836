"""Round-by-round comparison: counts, changes, keyness with its guard, and the timeline check."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import workbench as wb
from workbench.compare import appearance_changes, keyness, process_timeline, source_by_round, theme_counts

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def seeds():
    corpus = wb.load_corpus(ROOT / "seeds")
    return corpus, wb.analyse_rounds(corpus)


def test_round_tables(seeds):
    corpus, analysis = seeds
    cr = analysis.corpus
    assert list(cr["main_round"]) == [8, 7, 8, 7, 1]
    mentions = wb.extract_entities(corpus)
    by_round = wb.entity_counts(mentions, cr, by="main_round")
    r8 = by_round[by_round["main_round"] == 8].set_index("entity_id")
    assert r8.at["LOC:astana", "n_words"] == cr.loc[cr["main_round"] == 8, "n_words"].sum()
    themes = theme_counts(analysis.themes, cr, by="main_round")
    assert {"THEME:detainees", "THEME:demining"} <= set(themes[themes["main_round"] == 8]["theme_id"])
    table = source_by_round(cr)
    assert table.values.sum() == len(cr)


def test_appearance_changes_between_consecutive_rounds():
    counts = pd.DataFrame({"main_round": [7, 7, 8, 8], "entity_id": ["A", "B", "B", "C"],
                           "label_ar": ["أ", "ب", "ب", "ج"], "count": [2, 1, 4, 3]})
    changes = appearance_changes(counts)
    assert changes[["main_round", "previous", "entity_id", "change", "count"]].values.tolist() == [
        [8, 7, "C", "new", 3], [8, 7, "A", "dropped", 2]]


def test_keyness_finds_the_distinctive_item_and_guards_small_groups():
    rng = np.random.default_rng(0)
    rows = []
    for doc in range(12):
        group = "x" if doc < 6 else "y"
        for item, rate in (("common", 20), ("x-only", 8 if group == "x" else 0), ("other", 5)):
            rows.append({"doc_id": f"d{doc}", "group": group, "item": item, "count": int(rng.poisson(rate))})
    counts = pd.DataFrame(rows).groupby(["group", "item"], as_index=False)["count"].sum()
    corpus = pd.DataFrame({"doc_id": [f"d{i}" for i in range(12)], "group": ["x"] * 6 + ["y"] * 6})
    result = keyness(counts, "group", "item", corpus=corpus)
    top_x = result[result["group"] == "x"].iloc[0]
    assert top_x["item"] == "x-only" and top_x["z"] > 3 and top_x["reliable"]
    small = keyness(counts, "group", "item", corpus=corpus.iloc[:8])  # group y has 2 documents
    y = small[small["group"] == "y"]
    assert not y["reliable"].any() and y["z"].isna().all() and "only 2 document(s)" in y["note"].iloc[0]


def test_keyness_on_the_five_seeds_is_reported_as_unreliable(seeds):
    corpus, analysis = seeds
    counts = theme_counts(analysis.themes, analysis.corpus, by="main_round")
    result = keyness(counts, "main_round", "theme_id", "label_en", corpus=analysis.corpus)
    assert not result["reliable"].any()


def test_timeline_flags_dates_that_disagree_with_the_calendar(seeds):
    _, analysis = seeds
    timeline = process_timeline(analysis.round_mentions, analysis.dates, analysis.themes)
    dated = timeline[timeline["reported_date"] != ""].set_index(["doc_id", "round"])
    # 001 dates round 2 to 23 February 2017; the calendar has 15-16 February
    assert dated.loc[("001_3e452db34f5d0aa1", 2), "agrees"] == False  # noqa: E712
    assert dated.loc[("001_3e452db34f5d0aa1", 4), "agrees"] == True  # noqa: E712
    # 002 announces round 9 for February 2018; it met in May 2018
    assert dated.loc[("002_f329cf37ff49e918", 9), "agrees"] == False  # noqa: E712
    assert "Detainees" in dated.loc[("001_3e452db34f5d0aa1", 3), "themes"]


def test_timeline_pairs_each_round_with_its_own_date():
    text = ("تقرير\nوكانت الجولة الثامنة قد عقدت في 21 و22 كانون الأول 2017، بينما تعقد الجولة التاسعة من محادثات "
            "أستانا في 14 و15 أيار 2018.")
    corpus = pd.DataFrame({"doc_id": ["x"], "title": [""], "source": [""], "date": ["2018-05-14"], "text": [text],
                           "n_words": [25]})
    analysis = wb.analyse_rounds(corpus)
    timeline = process_timeline(analysis.round_mentions, analysis.dates)
    got = list(zip(timeline["round"], timeline["reported_date"], timeline["agrees"]))
    assert got == [(8, "2017-12-21", True), (9, "2018-05-14", True)]


def test_timeline_leaves_a_round_without_a_date_of_its_own_undated():
    text = "تقرير\nعقدت الجولة الثامنة من محادثات أستانا ثم الجولة التاسعة في 14 أيار 2018."
    corpus = pd.DataFrame({"doc_id": ["x"], "title": [""], "source": [""], "date": [""], "text": [text],
                           "n_words": [15]})
    analysis = wb.analyse_rounds(corpus)
    timeline = process_timeline(analysis.round_mentions, analysis.dates).set_index("round")
    assert timeline.at[9, "agrees"] == True  # noqa: E712
    assert pd.isna(timeline.at[8, "agrees"]) and "nearer other round" in timeline.at[8, "note"]


def test_keyness_marks_undefined_log_odds_unreliable():
    counts = pd.DataFrame({"g": [1, 1, 2, 2], "it": ["a", "b", "a", "b"], "count": [40, 0, 40, 0]})
    result = keyness(counts, "g", "it", min_count=1)
    bad = result[result["item"] == "b"]
    assert not bad["reliable"].any() and bad["z"].isna().all() and "undefined" in bad["note"].iloc[0]
    assert not result[~np.isfinite(result["log_odds"]) | ~np.isfinite(result["se"])]["reliable"].any()
