"""Decoding bytes of unknown encoding."""

import pytest
from hypothesis import given, settings, strategies as st

from workbench.encoding import DecodeError, decode_bytes

TEXT = "وقال المتحدث باسم الوزارة إن الجولة المقبلة من المحادثات ستعقد في أستانا"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(codec):
    decoded = decode_bytes(TEXT.encode(codec))
    assert (decoded.text, decoded.encoding) == (TEXT, codec)


def test_utf16_without_bom_with_latin_and_digits():
    text = "الجولة 12 من محادثات Astana"
    assert decode_bytes(text.encode("utf-16-le")).text == text


def test_truncated_utf8_keeps_the_rest():
    decoded = decode_bytes(TEXT.encode("utf-8")[:-1])
    assert decoded.encoding == "utf-8"
    assert decoded.text == TEXT[:-1] + "\ufffd"
    assert decoded.detail == "1 undecodable byte replaced by \ufffd"


def test_stray_byte_inside_utf8():
    data = TEXT.encode("utf-8")
    decoded = decode_bytes(data[:9] + b"\xff" + data[9:])
    assert decoded.encoding == "utf-8" and decoded.text == TEXT[:5] + "\ufffd" + TEXT[5:]
    assert "1 undecodable byte" in decoded.detail


def test_clean_utf8_has_no_detail():
    assert decode_bytes(TEXT.encode("utf-8")).detail == ""


@pytest.mark.parametrize("text", ["نورسلطان تستضيف الجولة 12", "الجعفري: لن نتنازل", "سوريا"])
def test_short_cp1256_lines(text):
    decoded = decode_bytes(text.encode("cp1256"))
    assert decoded.text == text
    assert decoded.encoding == "cp1256"


def test_latin_single_byte_is_not_taken_for_utf8():
    decoded = decode_bytes("Hello world, café".encode("cp1252"))
    assert "\ufffd" not in decoded.text


@pytest.mark.parametrize("data,reason", [
    (b"", "empty"),
    (b" \n\t", "empty"),
    (b"%PDF-1.4 rest", "binary"),
    (b"abc\x00\x01\x02" * 50, "binary"),
    (bytes(range(256)) * 4, "binary"),
])
def test_refused(data, reason):
    with pytest.raises(DecodeError) as info:
        decode_bytes(data)
    assert info.value.reason == reason


def test_mostly_bad_utf8_is_not_accepted_as_utf8():
    data = TEXT.encode("utf-8")
    noisy = bytes(b if i % 5 else 0xFF for i, b in enumerate(data))
    try:
        decoded = decode_bytes(noisy)
    except DecodeError:
        return
    assert decoded.encoding != "utf-8"


def _utf16_by_halves(data: bytes):
    """The UTF-16 guess read off both halves of the bytes, every time (what the quick exit must agree with)."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd, n = data[0::2], data[1::2], len(data) // 2
    for half, other, name in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if half.count(0) > 0.3 * n and other.count(0) < 0.05 * n:
            return name
    return "utf-16-le" if odd.count(6) > 0.3 * n else "utf-16-be" if even.count(6) > 0.3 * n else None


_SAMPLES = ["وقال لافروف في أستانا", "Astana talks 2017", "<p>نص</p>", "١٢٣ abc"]


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.binary(max_size=64),
                 st.builds(lambda t, enc: t.encode(enc), st.text(alphabet="اب لم0aA\x00<", max_size=30),
                           st.sampled_from(["utf-8", "utf-16-le", "utf-16-be"])),
                 st.builds(lambda i, enc: _SAMPLES[i].encode(enc), st.integers(0, 3),
                           st.sampled_from(["utf-8", "utf-16-le", "utf-16-be"]))))
def test_utf16_guess_is_the_same_with_the_quick_exit(data):
    from workbench.encoding import _looks_utf16

    assert _looks_utf16(data) == _utf16_by_halves(data)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="<>!/ bodyhtmlBODYDOCTYPE\u0627\n", max_size=60), st.integers(0, 2100))
def test_html_is_recognised_as_without_the_quick_exit(text, pad):
    from workbench.htmltext import looks_like_html

    for t in (text, " " * pad + text, "<!DOCTYPE html>" + text, "<body>" + text + "</p>"):
        head = t[:2000].lstrip().lower()
        assert looks_like_html(t) == (head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in t))
