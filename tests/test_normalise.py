"""Unit tests for each cleaning rule, on examples written for the tests."""

import pytest
from conftest import require_compiled
from hypothesis import given, settings, strategies as st

from workbench.cleaning import clean_text, make_cleaner


def clean(text, cleaner=None):
    return clean_text(text, cleaner).text


def test_presentation_forms_are_normalised():
    # lam-alef ligature and isolated/final presentation forms
    assert clean("\ufefb\ufee3\ufe8e\ufee7\ufe94 وفد") == "لامانة وفد"


def test_tatweel_is_removed_but_article_before_numerals_is_kept():
    assert clean("الـــرئيس كـبير") == "الرئيس كبير"
    assert clean("الجولة الـ5 والـ 29") == "الجولة الـ5 والـ 29"


def test_invisible_and_control_characters_are_removed():
    assert clean("رو\u200bسيا\u200f و\u200eإيران\ufeff\x07") == "روسيا وإيران"


def test_no_break_and_odd_spaces_become_spaces_and_fold():
    assert clean("وزير\u00a0\u00a0الخارجية\u2009الروسي\t\tقال") == "وزير الخارجية الروسي قال"


def test_lines_of_spaces_and_blank_runs_fold_to_one_blank_line():
    text = "الفقرة الأولى.\n\u00a0\n \n\n\nالفقرة الثانية."
    assert clean(text) == "الفقرة الأولى.\n\nالفقرة الثانية."


def test_crlf_becomes_newline():
    assert clean("سطر أول.\r\nسطر ثان.") == "سطر أول.\nسطر ثان."


def test_space_after_glued_sentence_punctuation():
    assert clean("في سوريا.وأشار إلى روسيا،إيران؛تركيا") == "في سوريا. وأشار إلى روسيا، إيران؛ تركيا"
    assert clean("أستانة ..بوابة السلام") == "أستانة .. بوابة السلام"


def test_glued_number_range():
    assert clean("يومي 19و20 جانفي") == "يومي 19 و20 جانفي"
    assert clean("يومي ١٩و٢٠ كانون") == "يومي ١٩ و٢٠ كانون"


def test_decimals_urls_and_latin_abbreviations_untouched():
    assert clean("نسبة 3.5 بالمئة www.sana.sy و U.S.A") == "نسبة 3.5 بالمئة www.sana.sy و U.S.A"


def test_decomposed_hamza_is_composed():
    assert clean("ا\u0654كد و\u0654") == "أكد ؤ"


def test_long_line_broken_mid_sentence_is_joined():
    first = " ".join(["كلمة"] * 25)
    assert clean(f"{first}\n\nتكملة الجملة.") == f"{first} تكملة الجملة."
    # a short heading is not joined to its paragraph
    assert clean("عنوان قصير\n\nنص الفقرة.") == "عنوان قصير\n\nنص الفقرة."


def test_changes_record_exact_offsets():
    raw = "الأممالمتحدة،روسيا"
    result = clean_text(raw)
    assert result.text == "الأمم المتحدة، روسيا"
    for ch in result.changes:
        assert raw[ch["raw_start"]:ch["raw_end"]] == ch["before"]
        assert result.text[ch["start"]:ch["end"]] == ch["after"]
        assert ch["current"]


def test_cleaner_without_glue_repair_keeps_glued_words():
    assert clean("وفد الأممالمتحدة", make_cleaner(repair_glued=False)) == "وفد الأممالمتحدة"


def test_tatweel_after_one_letter_prefix_before_numeral_or_latin_is_kept():
    assert clean("قتل بـ 20 قتيلا عن لـCNN") == "قتل بـ 20 قتيلا عن لـCNN"
    assert clean("وـ3 كـبير بـالأمس") == "وـ3 كبير بالأمس"
    # an invisible mark before the prefix does not change the decision, so a second cleaning agrees
    once = clean("المتحدة\u200fبـ 20")
    assert clean(once) == once


def test_agency_abbreviations_keep_their_full_stops():
    assert clean("المصدر أ.ف.ب و د.ب.أ") == "المصدر أ.ف.ب و د.ب.أ"
    assert clean("في سوريا.وأشار") == "في سوريا. وأشار"


def test_chain_of_broken_lines_is_joined_in_one_pass():
    first = " ".join(["كلمة"] * 21)
    text = clean(f"{first}\n\nمفاوضات\nثم نص")
    assert text == f"{first} مفاوضات ثم نص"
    assert clean(text) == text


# --- a tatweel typed as a dash (23ـ24، أستانا ـ سانا) becomes "-" -------------------------------------

@pytest.mark.parametrize("raw, cleaned", [
    ("عقدت الجولة في 23ـ24 يناير 2017", "عقدت الجولة في 23-24 يناير 2017"),
    ("الموسم 2017ـ2018", "الموسم 2017-2018"),
    ("يومي ٢٣ـ٢٤ كانون الثاني", "يومي ٢٣-٢٤ كانون الثاني"),
    ("الفترة 2017ـــ2018", "الفترة 2017-2018"),  # a run is one dash
    ("من 1ـ2ـ3", "من 1-2-3"),
    ("قال الوزير ـ وهو يبتسم ـ إن", "قال الوزير - وهو يبتسم - إن"),
    ("قال ـــ إن", "قال - إن"),
    ("الرئيس\u00a0ـ\u00a0قال", "الرئيس - قال"),  # odd spaces become spaces in the same step
    ("نص \u200fـ\u200f نص", "نص - نص"),  # invisible marks next to it are looked through
    ("سطر أول.\nـ بند أول\nـ بند ثان", "سطر أول.\n- بند أول\n- بند ثان"),  # at a line start
    ("قالها ـ\nثم مضى", "قالها -\nثم مضى"),  # at a line end
    ("في 23ـ 24 كانون الثاني", "في 23- 24 كانون الثاني"),  # between digits, a space on one side
    ("الموسم 2017 ـ2018", "الموسم 2017 -2018"),
])
def test_tatweel_typed_as_a_dash_becomes_a_hyphen(raw, cleaned):
    result = clean_text(raw)
    assert result.text == cleaned
    dashes = [c for c in result.changes if c["kind"] == "tatweel_dash"]
    assert dashes and all(c["after"] == "-" and set(c["before"]) == {"ـ"} for c in dashes)
    assert all(c["evidence"] in ("between digits", "between digits across a space", "alone between spaces")
               for c in dashes)
    for c in dashes:
        assert raw[c["raw_start"]:c["raw_end"]] == c["before"]
        assert result.text[c["start"]:c["end"]] == "-"
    assert clean_text(result.text).text == result.text


@pytest.mark.parametrize("raw, cleaned", [
    ("الـــرئيس كـبـيـر", "الرئيس كبير"),  # decorative, inside words
    ("الجولة الـ5 والـ 29", "الجولة الـ5 والـ 29"),  # the article before a numeral
    ("قتل بـ 20 قتيلا عن لـCNN وـ3", "قتل بـ 20 قتيلا عن لـCNN وـ3"),
    ("عام 2017ـالجولة", "عام 2017الجولة"),  # digit on one side only
    ("الجولة ـ5", "الجولة 5"),
    ("في 23ـ\n24", "في 23\n24"),  # digits on two lines
    ("كلمةـ 5", "كلمة 5"),
    ("الفقرة الأولى.\nـــــــــ\nالفقرة الثانية.", "الفقرة الأولى.\n\nالفقرة الثانية."),  # a rule on its own line
    ("ـــ", ""),
])
def test_tatweel_that_is_not_a_dash_keeps_its_handling(raw, cleaned):
    result = clean_text(raw)
    assert result.text == cleaned
    assert not [c for c in result.changes if c["kind"] == "tatweel_dash"]


def test_tatweel_dash_gives_a_date_range():
    from workbench.dates import find_dates

    text = clean("في 23ـ24 يناير 2017")
    assert text == "في 23-24 يناير 2017"
    [found] = find_dates(text)
    assert (found["day"], found["day_end"], found["month"], found["year"]) == (23, 24, 1, 2017)
    assert text[found["start"]:found["end"]] == found["surface"] == "23-24 يناير 2017"


BODY = "عقدت الجولة الثانية من المحادثات في أستانا يومي 23 و24 يناير 2017."


@pytest.mark.parametrize("raw", [f"أستانا ـ سانا\n{BODY}", f"أستانا ـ سانا ـ {BODY}", f"أستانا ـ سانا: {BODY}",
                                 f"أستانا ــ سانا\n{BODY}"])
def test_tatweel_dash_dateline_is_recognised(raw):
    result = clean_text(raw)
    assert (result.text, result.source, result.dateline) == (BODY, "سانا", "أستانا")


# --- glued punctuation found by the compiled scan = finditer -----------------------------------------

@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(list(".،؛,;:!?؟") + ["سوريا", "و", "a", "U.S", "5", " ", "\n", "😀", "أ", "ـ"]),
                max_size=30).map("".join))
def test_glued_punctuation_found_by_the_scan_equals_finditer(text):
    require_compiled("_textscan", "the compiled scans")
    from workbench.normalise import _GLUED_PUNCT_RE, _glued_punctuation

    assert [m.span() for m in _glued_punctuation(text)] == [m.span() for m in _GLUED_PUNCT_RE.finditer(text)]


_UNICODE_PIECES = ["سوريا", "ا\u0653", "و\u0654", "\ufef7", "\uff21", "\u00a0", "\u2009", "\u200f", "\ufeff", "\x07",
                   "\u0640", "الـ", "23", "\r\n", "\r", "\u2028", "\u0085", " ", "\n", "😀", "ـ5"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_UNICODE_PIECES), max_size=25).map("".join))
def test_the_unicode_step_by_the_scan_equals_the_regex(text):
    require_compiled("_textscan", "the compiled scans")
    import workbench.normalise as N

    scanned, edits = N._unicode_candidates(text), N.unicode_edits(text)
    assert scanned == [m.start() for m in N._UNICODE_ANY_RE.finditer(text)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(N, "compiled", lambda name: None)  # the regular expressions: the reference
        assert N._unicode_candidates(text) == scanned
        assert N.unicode_edits(text) == edits


# --- whitespace folding: the compiled pass = the reference ----------------------------------------------

_WHITESPACE_PIECES = [" ", "  ", "\t", "\n", "\n\n", "\n\n\n", " \n", "\n ", "\t\n", "سوريا", "a", ".", "\u3000",
                      "\u00a0", "\r", "😀", "ب"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_WHITESPACE_PIECES), max_size=25).map("".join))
def test_whitespace_folding_by_the_scan_equals_the_reference(text):
    require_compiled("_textscan", "the compiled scans")
    import workbench.normalise as N

    edits = N.whitespace_edits(text)
    assert edits == N._whitespace_edits_reference(text)
    for start, end, repl, kind in edits:  # every edit changes its run, and only spaces, tabs and newlines
        assert kind == "whitespace" and text[start:end] != repl and set(text[start:end]) <= set(" \t\n")


def test_whitespace_folding_at_the_edges():
    import workbench.normalise as N

    for text in ["", " ", "\n\n\n", "a", " a ", "a \n\n \nb", "a\t\tb", "ب\n\nب", "😀 \n😀", "a\n \n", "\ta"]:
        assert N.whitespace_edits(text) == N._whitespace_edits_reference(text), text
    assert N.whitespace_edits(" ب  \n\n\n ج\tد  ه\n") == [
        (0, 1, "", "whitespace"), (2, 8, "\n\n", "whitespace"), (9, 10, " ", "whitespace"),
        (11, 13, " ", "whitespace"), (14, 15, "", "whitespace")]
