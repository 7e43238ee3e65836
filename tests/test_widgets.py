"""The explorers, driven from code as a user drives them by hand; and nothing an article holds can run."""

from pathlib import Path

import pandas as pd
import pytest

import workbench as wb

ROOT = Path(__file__).resolve().parent.parent
PAYLOADS = ['<script>window.__pwned = 1</script>', '<img src=x onerror="window.__pwned = 1">', 'a < b && c > d']


@pytest.fixture(scope="module")
def seeds():
    corpus = wb.load_corpus(ROOT / "seeds")
    analysis = wb.analyse_rounds(corpus)
    return analysis, wb.extract_entities(corpus)


def test_entity_explorer_filters_and_views(seeds):
    analysis, mentions = seeds
    explorer = wb.EntityExplorer(analysis.corpus, mentions)
    explorer.entity.value = "ألكسندر لافرنتييف · Alexander Lavrentiev"
    assert explorer.entity_id == "PER:alexander-lavrentiev"
    assert len(explorer.selection()) == 16
    by_round, by_source = explorer.counts()
    assert dict(zip(by_round["round"], by_round["mentions"])) == {7: 12, 8: 4}
    explorer.round.value = 8
    assert len(explorer.selection()) == 4
    kwic = explorer.kwic()
    assert set(kwic["round"]) == {8} and len(kwic) == 4
    assert explorer.kwic_view.value.count("<mark") == 4 and 'dir="rtl"' in explorer.kwic_view.value
    assert "4 mention(s)" in explorer.status.value
    explorer.round.value = "(all)"
    explorer.source.value = "وكالة سانا"
    assert set(explorer.selection()["doc_id"]) == {"003_fc8e4039d0477974"}


def test_entity_explorer_type_filter_narrows_the_choices(seeds):
    analysis, mentions = seeds
    explorer = wb.EntityExplorer(analysis.corpus, mentions)
    explorer.type.value = "ORG"
    ids = set(explorer.entities.set_index("option").loc[list(explorer.entity.options), "entity_id"])
    assert ids and all(i.startswith("ORG:") for i in ids)
    # searching by English or Arabic label: the combobox offers "arabic · english" options
    assert any("Islamic State" in o and "داعش" in o for o in explorer.entity.options)


def test_document_reader_highlights_and_metadata(seeds):
    analysis, mentions = seeds
    reader = wb.DocumentReader(analysis.corpus, mentions, analysis.themes, analysis.dates, analysis.doc_rounds)
    reader.document.value = "004_0f8ed4b4c492d579"
    meta = reader.metadata()
    assert meta["round"] == 1 and meta["inferred"] and "23 يناير" in meta["evidence"]
    html = reader.view.value
    assert 'dir="rtl"' in html and 'class="wb-PER"' in html and 'class="wb-date"' in html and 'class="wb-theme"' in html
    assert "مفاوضات أستانة" in html or "أستانة" in html


def test_round_comparator_profiles(seeds):
    analysis, mentions = seeds
    comparator = wb.RoundComparator(analysis.corpus, mentions, analysis.themes)
    comparator.left.value, comparator.right.value = 7, 8
    profile = comparator.profiles()
    assert list(profile.columns) == ["item", "left_count", "left_per_1000", "right_count", "right_per_1000",
                                     "difference"]
    assert profile["difference"].abs().is_monotonic_decreasing
    comparator.what.value = "themes"
    assert "Detainees / abductees / missing" in set(comparator.profiles()["item"])
    comparator.mode.value = "sources"
    assert comparator.group_column == "source"


def test_everything_that_reaches_html_is_escaped():
    text = ("قال لافروف في أستانا " + PAYLOADS[0] + " ثم التقى لافروف " + PAYLOADS[1] + " مع وفد روسيا " + PAYLOADS[2]
            + " في 23 يناير 2017 حول الألغام.")
    corpus = pd.DataFrame({"doc_id": ["<b>evil</b>"], "title": ['<img src=x onerror="alert(1)">'],
                           "source": ["<script>x</script>"], "date": [""], "text": [text], "n_words": [30],
                           "raw_text": [text]})
    analysis = wb.analyse_rounds(corpus)
    mentions = wb.extract_entities(corpus)
    views = []
    explorer = wb.EntityExplorer(analysis.corpus, mentions)
    for option in explorer.entity.options:
        explorer.entity.value = option
        views += [explorer.kwic_view.value, explorer.status.value]
    reader = wb.DocumentReader(analysis.corpus, mentions, analysis.themes, analysis.dates, analysis.doc_rounds)
    views.append(reader.view.value)
    comparator = wb.RoundComparator(analysis.corpus, mentions, analysis.themes)
    comparator.mode.value = "sources"
    views.append(comparator.table_view.value)
    for html in views:
        for bad in ("<script", "<img", "<b>evil", "a < b"):
            assert bad not in html, (bad, html[:300])
    joined = "".join(views)
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in joined
    assert "&lt;img src=x onerror=&quot;window.__pwned = 1&quot;&gt;" in joined
    assert "a &lt; b &amp;&amp; c &gt; d" in joined
