from workbench.cleaning import clean_text

BODY = "قال وزير الخارجية إن المحادثات ستستمر في أستانا الأسبوع المقبل بمشاركة الدول الضامنة."


def test_breadcrumb_line_is_removed_and_tail_gives_the_title():
    raw = f"الرئيسية / دولي / محادثات جديدة في أستانا\nمحادثات جديدة في أستانا\n{BODY}"
    r = clean_text(raw)
    assert r.text == f"محادثات جديدة في أستانا\n{BODY}"
    assert r.title == "محادثات جديدة في أستانا"
    assert [c["kind"] for c in r.changes] == ["furniture:breadcrumb"]


def test_generic_breadcrumb_with_other_separators():
    r = clean_text(f"أخبار » عربي » سوريا\n{BODY}")
    assert r.text == BODY


def test_site_name_line_is_removed():
    assert clean_text(f"elmaouid\n{BODY}\nwww.example-news.com").text == BODY


def test_repeated_headline_is_kept_once():
    raw = f"عنوان الخبر عن أستانا\n\nعنوان الخبر عن أستانا\n\n{BODY}"
    r = clean_text(raw)
    assert r.text == f"عنوان الخبر عن أستانا\n\n{BODY}"
    assert r.title == "عنوان الخبر عن أستانا"


def test_keyword_comment_and_caption_lines_are_removed():
    raw = "\n".join([
        "نتيجة بحث الصور عن مفاوضات أستانا",
        BODY,
        "كلمات مفتاحية: أستانا، سوريا، روسيا",
        "أضف تعليقك",
        "لا توجد تعليقات",
        "جميع الحقوق محفوظة 2017",
    ])
    r = clean_text(raw)
    assert r.text == BODY
    kinds = sorted({c["kind"] for c in r.changes})
    assert kinds == ["furniture:comment_notice", "furniture:image_caption", "furniture:search_keywords"]


def test_source_line_becomes_metadata():
    r = clean_text(f"{BODY}\nالمصدر: وكالة سانا")
    assert r.text == BODY
    assert r.source == "وكالة سانا"


def test_dateline_with_agency_in_parentheses_becomes_metadata():
    r = clean_text(f"موسكو (رويترز) - {BODY}")
    assert r.text == BODY
    assert r.source == "رويترز"
    assert r.dateline == "موسكو"


def test_dateline_with_known_agency_after_dash():
    r = clean_text(f"دمشق - سانا\u00a0- {BODY}")
    assert (r.text, r.source, r.dateline) == (BODY, "سانا", "دمشق")


def test_body_sentence_with_a_dash_is_not_a_dateline():
    text = f"روسيا - تركيا - إيران {BODY}"
    assert clean_text(text).text == text


def test_content_mentioning_furniture_words_is_kept():
    text = f"{BODY} وقال المصدر: إن الاجتماع سيعقد غدا في العاصمة الكازاخية وسط ترقب كبير من الأطراف."
    assert clean_text(text).text == text


def test_english_sentence_inside_arabic_article_is_kept():
    text = f"{BODY}\nThe talks in Astana will continue next week with all guarantors present.\n{BODY}x"
    assert "The talks in Astana" in clean_text(text).text
