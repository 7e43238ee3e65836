"""Finding a word or phrase in the corpus on the matching form, with exact offsets."""

from __future__ import annotations

import pandas as pd

from .matchform import match_form, normalise_for_matching

#: Columns of :func:`find_text`'s result.
HIT_COLUMNS = ["doc_id", "start", "end", "surface", "left", "right"]


def find_text(corpus: pd.DataFrame, query: str, context: int = 40) -> pd.DataFrame:
    """Every occurrence of ``query`` in ``corpus["text"]``, ignoring spelling variants the matching form folds.

    ``surface`` is ``text[start:end]`` exactly; ``left``/``right`` are up to
    ``context`` characters around it.
    """
    needle = normalise_for_matching(query).strip()
    if not needle:
        raise ValueError("empty query")
    rows = []
    for doc_id, text in zip(corpus["doc_id"], corpus["text"]):
        mf = match_form(text)
        pos = mf.form.find(needle)
        while pos >= 0:
            start, end = mf.span(pos, pos + len(needle))
            rows.append({"doc_id": doc_id, "start": start, "end": end, "surface": text[start:end],
                         "left": text[max(0, start - context):start], "right": text[end:end + context]})
            pos = mf.form.find(needle, pos + 1)
    return pd.DataFrame(rows, columns=HIT_COLUMNS)
