"""Decoding bytes of unknown encoding into text.

Arabic archives come as UTF-8 (with or without BOM), UTF-16 and the Windows
Arabic code page (cp1256). Byte-order marks are honoured first; then strict
UTF-8 is tried; everything else goes to ``charset-normalizer``. Binary files
(images, PDFs, archives, anything with NUL bytes that is not UTF-16) are
recognised and refused with a reason rather than decoded into noise.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
]
_MAGIC = {
    b"%PDF": "PDF", b"PK\x03\x04": "ZIP/Office", b"\x89PNG": "PNG", b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF", b"\x1f\x8b": "gzip", b"7z\xbc\xaf": "7z", b"Rar!": "RAR", b"\x7fELF": "ELF",
    b"PAR1": "Parquet", b"\xd0\xcf\x11\xe0": "OLE/Office", b"ID3": "MP3", b"OggS": "Ogg",
}


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


def _looks_utf16(data: bytes) -> str | None:
    """Guess BOM-less UTF-16 from the NUL bytes in even or odd positions."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    n = len(data) // 2
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


def decode_bytes(data: bytes) -> Decoded:
    """Decode ``data`` or raise :class:`DecodeError` saying why not."""
    if not data.strip():
        raise DecodeError("empty", "no content" if not data else "only whitespace")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError("undecodable", f"byte-order mark says {encoding} but {exc}") from exc
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            raise DecodeError("binary", f"{kind} file")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    utf16 = _looks_utf16(data)
    if utf16:
        try:
            return Decoded(data.decode(utf16), utf16)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise DecodeError("binary", "contains NUL bytes")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("undecodable", "no text encoding fits these bytes")
    text = str(best)
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > 0.05 * max(len(text), 1):
        raise DecodeError("binary", "mostly control characters")
    return Decoded(text, best.encoding)
