"""The explorers, driven from code as a user drives them by hand; and nothing an article holds can run."""

import json
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


def test_round_comparator_keeps_entities_that_share_a_label_apart():
    text = "قال لافروف في أستانا إن الجولة الثامنة ناقشت ملف المعتقلين. وقال لافرنتييف إن روسيا وتركيا اتفقتا."
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "title": ["t", "t"], "source": ["s1", "s2"],
                           "date": ["2017-12-21", "2017-10-30"], "text": [text, text.replace("الثامنة", "السابعة")],
                           "n_words": [20, 20], "raw_text": [text, text]})
    analysis = wb.analyse_rounds(corpus)
    mentions = wb.extract_entities(corpus).copy()
    ids = {"PER:sergey-lavrov", "PER:alexander-lavrentiev"}
    assert ids <= set(mentions["entity_id"])
    mentions.loc[mentions["entity_id"].isin(ids), "label_ar"] = "لافروف"   # a user lexicon: one label, two people
    comparator = wb.RoundComparator(analysis.corpus, mentions, analysis.themes)
    comparator.left.value, comparator.right.value = 7, 8
    items = list(comparator.profiles()["item"])
    assert {"لافروف (PER:sergey-lavrov)", "لافروف (PER:alexander-lavrentiev)"} <= set(items)
    assert len(items) == len(set(items))


def test_plotly_escape():
    from workbench.safehtml import plotly_escape, plotly_labels

    assert plotly_escape('<b>x</b> & "y"') == "&lt;b&gt;x&lt;/b&gt; &amp; &#34;y&#34;"
    assert plotly_escape(None) == "" and plotly_escape(float("nan")) == "" and plotly_escape(7) == "7"
    assert plotly_escape("قال 'لافروف'") == "قال 'لافروف'"
    assert plotly_labels(["<i>", 3, None]) == ["&lt;i&gt;", 3, ""]


def test_figures_and_charts_escape_labels_for_plotly():
    import plotly.io as pio

    from workbench.figures import plot_corpus_stats, plot_heatmap, plot_timeline

    evil = '<b>x</b><a href="https://evil.example">click</a>'
    timeline = pd.DataFrame({"doc_id": [evil], "round": [8], "reported_date": ["2017-12-21"], "agrees": [True],
                             "date_surface": ["21 كانون الأول"]})
    figures = [plot_timeline(wb.load_calendar(), timeline),
               plot_corpus_stats(pd.DataFrame({"doc_id": [evil], "n_words": [10], "furniture_words": [2]})),
               plot_heatmap(pd.DataFrame([[1]], index=[evil], columns=[evil]), title=evil)]
    text = (mentions_text := "قال لافروف في أستانا إن الجولة الثامنة ناقشت ملف المعتقلين.")
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "title": ["t", "t"], "source": [evil, "s"],
                           "date": ["2017-12-21", "2017-10-30"], "text": [text, text.replace("الثامنة", "السابعة")],
                           "n_words": [10, 10], "raw_text": [mentions_text] * 2})
    analysis = wb.analyse_rounds(corpus)
    mentions = wb.extract_entities(corpus).copy()
    mentions["label_ar"] = mentions["label_ar"] + evil
    comparator = wb.RoundComparator(analysis.corpus, mentions, analysis.themes)
    explorer = wb.EntityExplorer(analysis.corpus, mentions)
    figures += [comparator.figure(), explorer.figure()]
    dumped = [json.dumps(json.loads(pio.to_json(fig)), ensure_ascii=False) for fig in figures]
    for d in dumped:
        assert "<a href" not in d and "<b>x" not in d and "&quot;" not in d
    assert "&lt;a href=&#34;https://evil.example&#34;&gt;" in dumped[0]
    assert all("&lt;b&gt;x" in d for d in dumped), [d[:200] for d in dumped]
