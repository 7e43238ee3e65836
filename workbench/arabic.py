"""Character classes for Arabic script, shared by the text modules."""

from __future__ import annotations

import re
from functools import lru_cache

from .compiled import compiled

#: Arabic letters (no diacritics, no tatweel, no digits, no punctuation).
LETTERS = "\u0621-\u063a\u0641-\u064a\u066e-\u066f\u0671-\u06d3\u06d5\u06ee-\u06ef\u06fa-\u06fc\u06ff\u0750-\u077f\u08a0-\u08c9"
#: Harakat, tanwin, shadda, sukun, superscript alef and Quranic marks.
DIACRITICS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u08ca-\u08ff"
TATWEEL = "\u0640"
ARABIC_INDIC_DIGITS = "\u0660-\u0669\u06f0-\u06f9"

LETTER_RE = re.compile(f"[{LETTERS}]")
_LETTER_RUN_RE = re.compile(f"[{LETTERS}]+")
_LATIN_RUN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]+")
WORD_RE = re.compile(f"[{LETTERS}{DIACRITICS}]+")
LATIN_LETTER_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
TOKEN_RE = re.compile(f"[\\w{DIACRITICS}]+")


_WORD_BIT = 8


def class_table(classes) -> "np.ndarray":
    """For each character of the Basic Multilingual Plane, the bit flags of the ``(bit, pattern)`` pairs of
    ``classes`` whose pattern (a character class, or runs of one) matches it: the table the compiled scans
    read, built from the very patterns they stand for."""
    import numpy as np

    chars = "".join(map(chr, range(0x10000)))
    table = np.zeros(0x10000, dtype=np.uint8)
    for bit, pattern in classes:
        for m in pattern.finditer(chars):
            table[m.start():m.end()] |= bit
    return table


@lru_cache(maxsize=1)
def _class_table():
    """For each character of the Basic Multilingual Plane, bit flags: 1 Arabic letter, 2 Latin
    letter, 4 word character (:data:`TOKEN_RE`), 8 Arabic letter or diacritic (:data:`WORD_RE`).
    Built on first use from the same classes."""
    return class_table(((1, _LETTER_RUN_RE), (2, _LATIN_RUN_RE), (4, TOKEN_RE), (_WORD_BIT, WORD_RE)))


def _classes(text: str):
    """The class flags of each character of ``text`` (``None`` if it has characters beyond the BMP)."""
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if codes.size and int(codes.max()) >= 0x10000:
        return None
    return _class_table()[codes]


def count_arabic_letters(text: str) -> int:
    return letter_counts(text)[0]


def letter_counts(text: str) -> tuple[int, int]:
    """Numbers of Arabic letters and of Latin letters in ``text``, from one pass over it."""
    return _counts(text)[:2]


def _counts(text: str) -> tuple[int, int, int]:
    """Arabic letters, Latin letters and words of ``text``: compiled, or with numpy (the reference)."""
    scan = compiled("_textscan")
    counts = scan.class_counts(text, _class_table()) if scan is not None else None
    return counts if counts is not None else _counts_reference(text)


def _counts_reference(text: str) -> tuple[int, int, int]:
    import numpy as np

    flags = _classes(text)
    if flags is None:
        return (sum(map(len, _LETTER_RUN_RE.findall(text))), sum(map(len, _LATIN_RUN_RE.findall(text))),
                len(TOKEN_RE.findall(text)))
    word = (flags & 4).astype(bool)
    words = int(word[0]) + int((word[1:] & ~word[:-1]).sum()) if word.size else 0
    return int(np.count_nonzero(flags & 1)), int(np.count_nonzero(flags & 2)), words


def arabic_share(text: str) -> float:
    """Share of Arabic letters among Arabic and Latin letters (0 when there are none)."""
    arabic, latin = letter_counts(text)
    total = arabic + latin
    return arabic / total if total else 0.0


def count_words(text: str) -> int:
    """Number of word tokens (runs of letters or digits)."""
    return _counts(text)[2]


def word_runs(text: str, min_length: int = 1) -> list[str]:
    """The runs of Arabic letters and diacritics (:data:`WORD_RE`) at least ``min_length`` characters long,
    in order (compiled, or the regex: the reference)."""
    scan = compiled("_textscan")
    if scan is not None:
        return scan.word_runs(text, _class_table(), _WORD_BIT, min_length)
    return _word_runs_reference(text, min_length)


def _word_runs_reference(text: str, min_length: int) -> list[str]:
    return _word_run_re(max(1, min_length)).findall(text)


@lru_cache(maxsize=8)
def _word_run_re(min_length: int) -> re.Pattern:
    return re.compile(f"[{LETTERS}{DIACRITICS}]{{{min_length},}}")


@lru_cache(maxsize=1)
def _other_digit_table():
    """A boolean array over all code points: the decimal digits (``\\d``) other than 0-9."""
    import numpy as np

    table = np.zeros(0x110000, dtype=bool)
    table[[c for c in range(0x80, 0x110000) if chr(c).isdecimal()]] = True
    return table


def other_digits(form: str) -> list[int]:
    """Positions of the decimal digits (``\\d``) other than 0-9: an automaton with every Unicode digit in
    it would find them too, but runs much slower than one with 0-9 only."""
    scan = compiled("_textscan")
    return scan.other_digits(form) if scan is not None else _other_digits_reference(form)


def _other_digits_reference(form: str) -> list[int]:
    import numpy as np

    codes = np.frombuffer(form.encode("utf-32-le"), dtype=np.uint32)
    return np.flatnonzero(_other_digit_table()[codes]).tolist()
