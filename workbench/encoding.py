"""Decoding bytes of unknown encoding into text.

Arabic archives come as UTF-8 (with or without BOM), UTF-16 (with or without
BOM) and the Windows Arabic code page (cp1256). Byte-order marks are honoured
first; then BOM-less UTF-16 is recognised by its NUL/0x06 byte pattern (real
UTF-8 text has no NUL); then strict UTF-8 is tried, then UTF-8 with a few bad
bytes replaced (the count is reported in ``Decoded.detail``); everything else
goes to ``charset-normalizer``, whose choice is checked against the Arabic
code pages. Binary files (images, PDFs, archives, anything with NUL bytes
that is not UTF-16) are recognised and refused with a reason rather than
decoded into noise.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from .arabic import letter_counts

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
]
_MAGIC = {
    b"%PDF": "PDF", b"PK\x03\x04": "ZIP/Office", b"\x89PNG": "PNG", b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF", b"\x1f\x8b": "gzip", b"7z\xbc\xaf": "7z", b"Rar!": "RAR", b"\x7fELF": "ELF",
    b"PAR1": "Parquet", b"\xd0\xcf\x11\xe0": "OLE/Office", b"ID3": "MP3", b"OggS": "Ogg",
}
# one test each for the common case, a text file with neither (the loops above then find which)
_BOM_HEADS, _MAGIC_HEADS = tuple(bom for bom, _ in _BOMS), tuple(_MAGIC)


class DecodeError(ValueError):
    """Raised for input that is not text; ``reason`` is one of: empty, binary, undecodable."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    #: What the caller should know about the decoding, e.g. how many bytes were replaced ("" when none).
    detail: str = ""


#: A file that is UTF-8 but for a few bad bytes (a truncated last character, a stray 0xFF) is
#: decoded with those bytes replaced by U+FFFD, as long as they are at most this share of all
#: bytes (or at most MIN_REPLACED_BYTES) and the rest of the file shows UTF-8 multi-byte
#: characters at least as many as the bad bytes. More bad bytes, or bad bytes in otherwise
#: plain ASCII, mean another encoding or binary data: the bytes go on to the encoding detector.
MAX_REPLACED_SHARE = 0.01
MIN_REPLACED_BYTES = 4
#: A decoding guessed without a byte-order mark (BOM-less UTF-16, a cp1256 fallback) is accepted
#: only when at least this share of its characters are plausible in Arabic news text: ASCII,
#: Latin-1, Arabic blocks, general punctuation and whitespace.
MIN_PLAUSIBLE_SHARE = 0.9
#: Share of control characters above which a decoded text is taken for binary data.
MAX_CONTROL_SHARE = 0.05
#: When the detector's choice has fewer Arabic letters than this share of its letters, the
#: Arabic single-byte code pages are tried; one is used when this share or more of its
#: letters are Arabic.
ARABIC_CODEPAGES = ("cp1256", "iso8859-6")
MIN_ARABIC_SHARE = 0.5

_PLAUSIBLE_RE = re.compile(
    "[\t\n\r\f\x20-\x7e\u00a0-\u024f\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff"
    "\u2000-\u206f\ufb50-\ufdff\ufe70-\ufeff]")


def _looks_utf16(data: bytes) -> str | None:
    """Guess BOM-less UTF-16 from the NUL bytes in even or odd positions."""
    if len(data) < 4 or len(data) % 2:
        return None
    n = len(data) // 2
    if data.count(0) <= 0.3 * n and data.count(6) <= 0.3 * n:
        return None  # no half of the bytes can pass a test below (most texts: no copy of either half)
    even, odd = data[0::2], data[1::2]
    if odd.count(0) > 0.3 * n and even.count(0) < 0.05 * n:
        return "utf-16-le"
    if even.count(0) > 0.3 * n and odd.count(0) < 0.05 * n:
        return "utf-16-be"
    # Arabic in UTF-16: the high byte of most characters is 0x06
    if odd.count(6) > 0.3 * n:
        return "utf-16-le"
    if even.count(6) > 0.3 * n:
        return "utf-16-be"
    return None


def _plausible_share(text: str) -> float:
    return len(_PLAUSIBLE_RE.findall(text)) / max(len(text), 1)


def _arabic_share(text: str) -> tuple[int, float]:
    """Number of Arabic letters and their share among Arabic and Latin letters."""
    n_arabic, n_latin = letter_counts(text)
    return n_arabic, n_arabic / (n_arabic + n_latin) if n_arabic else 0.0


def _utf8_with_replacements(data: bytes) -> tuple[str, int] | None:
    """Decode UTF-8 replacing bad bytes by U+FFFD: the text and the number of bytes replaced,
    or ``None`` once more than :data:`MAX_REPLACED_SHARE` of the bytes are bad."""
    allowed = max(MIN_REPLACED_BYTES, int(MAX_REPLACED_SHARE * len(data)))
    pieces, bad, pos = [], 0, 0
    while True:
        try:
            pieces.append(data[pos:].decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            pieces.append(data[pos:pos + exc.start].decode("utf-8"))
            pieces.append("\ufffd")
            bad += exc.end - exc.start
            pos += exc.end
            if bad > allowed:
                return None
    text = "".join(pieces)
    if sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd") < bad:
        return None  # plain ASCII around the bad bytes: more likely a single-byte code page
    return text, bad


def _check_controls(text: str) -> None:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > MAX_CONTROL_SHARE * max(len(text), 1):
        raise DecodeError("binary", "mostly control characters")


def decode_bytes(data: bytes) -> Decoded:
    """Decode ``data`` or raise :class:`DecodeError` saying why not.

    In order: a byte-order mark; known binary signatures; BOM-less UTF-16 (NUL or
    0x06 bytes in every other position; real UTF-8 text has no NUL); strict UTF-8;
    UTF-8 with a few bad bytes replaced (``detail`` says how many); then
    ``charset-normalizer``, overruled by cp1256/ISO 8859-6 when its choice has
    hardly any Arabic letters but the Arabic code page gives mostly Arabic ones
    (short one-line cp1256 files are often taken for Big5 or CP949).
    """
    if not data.strip():
        raise DecodeError("empty", "no content" if not data else "only whitespace")
    for bom, encoding in _BOMS if data.startswith(_BOM_HEADS) else ():
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError("undecodable", f"byte-order mark says {encoding} but {exc}") from exc
    for magic, kind in _MAGIC.items() if data.startswith(_MAGIC_HEADS) else ():
        if data.startswith(magic):
            raise DecodeError("binary", f"{kind} file")
    utf16 = _looks_utf16(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            text = None
        if text is not None and _plausible_share(text) >= MIN_PLAUSIBLE_SHARE:
            _check_controls(text)
            return Decoded(text, utf16)
    if b"\x00" in data:
        raise DecodeError("binary", "contains NUL bytes")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    replaced = _utf8_with_replacements(data)
    if replaced is not None:
        text, bad = replaced
        _check_controls(text)
        return Decoded(text, "utf-8",
                       f"{bad} undecodable byte{'s' if bad != 1 else ''} replaced by \ufffd")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    text, encoding = (str(best), best.encoding) if best is not None else ("", "")
    n_arabic, share = _arabic_share(text)
    if best is None or share < MIN_ARABIC_SHARE:
        for codepage in ARABIC_CODEPAGES:
            try:
                candidate = data.decode(codepage)
            except UnicodeDecodeError:
                continue
            cand_arabic, cand_share = _arabic_share(candidate)
            if (cand_share >= MIN_ARABIC_SHARE and cand_arabic > n_arabic
                    and _plausible_share(candidate) >= MIN_PLAUSIBLE_SHARE):
                text, encoding = candidate, codepage
                break
    if not encoding:
        raise DecodeError("undecodable", "no text encoding fits these bytes")
    _check_controls(text)
    return Decoded(text, encoding)
