"""Themes: which issues an article raises (detainees, demining, de-escalation zones ...).

The theme lexicon is ``data/themes.csv`` (``theme_id, label_en, label_ar,
terms, note``; terms separated by ``|``). Terms are matched like entity
names (matching form, clitic prefixes, longest match), and a term written
without the article also matches with it (``معتقلين`` → ``والمعتقلين``).
Each mention row satisfies ``text[start:end] == surface``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .entities import EntityMatcher, build_matcher
from .resources import data_path
from .sentences import sentence_index, sentence_spans

#: Columns of the theme mention table.
THEME_COLUMNS = ["doc_id", "start", "end", "surface", "theme_id", "label_en", "label_ar", "sentence_id"]


def load_themes(path: str | Path | None = None) -> pd.DataFrame:
    """The theme lexicon (the package's, or a CSV with the same columns)."""
    table = pd.read_csv(path or data_path("themes.csv"), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = {"theme_id", "label_en", "label_ar", "terms"} - set(table.columns)
    if missing:
        raise ValueError(f"theme file lacks column(s) {sorted(missing)}")
    return table


def build_theme_matcher(themes: pd.DataFrame | None = None) -> EntityMatcher:
    """A phrase matcher over the theme terms (and their forms with the article)."""
    themes = load_themes() if themes is None else themes
    rows = []
    for t in themes.itertuples(index=False):
        terms = [x.strip() for x in t.terms.split("|") if x.strip()]
        with_article = [f"ال{x}" for x in terms if not x.startswith(("ال", "إل", "ال")) and " " not in x]
        rows.append({"entity_id": t.theme_id, "type": "THEME", "name_ar": t.label_ar, "name_en": t.label_en,
                     "aliases": "|".join(dict.fromkeys(terms + with_article)), "demonyms": ""})
    return build_matcher(pd.DataFrame(rows))


def extract_themes(corpus: pd.DataFrame, matcher: EntityMatcher | None = None) -> pd.DataFrame:
    """One row per theme mention (:data:`THEME_COLUMNS`)."""
    matcher = matcher or build_theme_matcher()
    cols: dict[str, list] = {c: [] for c in ("doc_id", "start", "end", "surface", "theme_id", "sentence_id")}
    for doc_id, text in zip(corpus["doc_id"].tolist(), corpus["text"].tolist()):
        found = matcher.spans(text)
        if not found:
            continue
        starts = [f[0] for f in found]
        cols["doc_id"] += [doc_id] * len(found)
        cols["start"] += starts
        cols["end"] += [f[1] for f in found]
        cols["surface"] += [text[f[0]:f[1]] for f in found]
        cols["theme_id"] += [f[3] for f in found]
        cols["sentence_id"] += sentence_index(sentence_spans(text), starts).tolist()
    table = pd.DataFrame(cols)
    labels = pd.DataFrame.from_dict(matcher.entities, orient="index")
    table["label_en"] = table["theme_id"].map(labels["name_en"])
    table["label_ar"] = table["theme_id"].map(labels["name_ar"])
    return table[THEME_COLUMNS].astype({"start": "int64", "end": "int64", "sentence_id": "int64"})
