"""Finding a word or phrase in the corpus on the matching form, with exact offsets."""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from .matchform import match_form, normalise_for_matching
from .resources import load_yaml

#: Columns of :func:`find_text`'s result.
HIT_COLUMNS = ["doc_id", "start", "end", "surface", "left", "right"]

# A letter of the matching form (Arabic or Latin): word boundaries are judged on these.
_LETTER = r"[^\W\d_]"


@lru_cache(maxsize=1)
def _clitic_prefixes() -> tuple[str, ...]:
    """The clitic prefixes of ``matching.yaml`` (in matching form), longest first."""
    prefixes = {normalise_for_matching(p) for p in load_yaml("matching.yaml").get("clitic_prefixes", ())}
    return tuple(sorted((p for p in prefixes if p), key=len, reverse=True))


@lru_cache(maxsize=256)
def _query_re(needle: str, whole_words: bool) -> re.Pattern:
    body = re.escape(needle)
    if not whole_words:
        return re.compile(f"(?=({body}))")  # every occurrence, overlapping ones too
    left = right = ""
    if re.match(_LETTER, needle[0]):
        prefixes = "|".join(re.escape(p) for p in _clitic_prefixes())
        left = f"(?<!{_LETTER})(?:{prefixes})?" if prefixes else f"(?<!{_LETTER})"
    if re.match(_LETTER, needle[-1]):
        right = f"(?!{_LETTER})"
    return re.compile(f"{left}({body}){right}")


def find_text(corpus: pd.DataFrame, query: str, context: int = 40, whole_words: bool = True) -> pd.DataFrame:
    """Every occurrence of ``query`` in ``corpus["text"]``, ignoring spelling variants the matching form folds.

    By default ``query`` matches whole words only: in the matching form, the
    characters on either side of a hit are not letters, except that one of the
    clitic prefixes of ``matching.yaml`` (``و``, ``ب``, ``ل`` ...) may stand
    before it (``وآلاف`` is a hit for ``آلاف``, ``الإفراج`` is not). With
    ``whole_words=False`` any substring matches. ``surface`` is
    ``text[start:end]`` exactly (the query's words, without a prefix);
    ``left``/``right`` are up to ``context`` characters around it.
    """
    needle = normalise_for_matching(query).strip()
    if not needle:
        raise ValueError("empty query")
    pattern = _query_re(needle, whole_words)
    rows = []
    for doc_id, text in zip(corpus["doc_id"], corpus["text"]):
        mf = match_form(text)
        if needle not in mf.form:
            continue
        for m in pattern.finditer(mf.form):
            start, end = mf.span(m.start(1), m.end(1))
            rows.append({"doc_id": doc_id, "start": start, "end": end, "surface": text[start:end],
                         "left": text[max(0, start - context):start], "right": text[end:end + context]})
    return pd.DataFrame(rows, columns=HIT_COLUMNS)
