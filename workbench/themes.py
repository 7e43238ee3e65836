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

from .entities import EntityMatcher, build_matcher, match_table
from .resources import data_path

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
    return build_matcher(pd.DataFrame(rows), tanwin_ends_names=False)  # هدنةً is a truce all the same


def extract_themes(corpus: pd.DataFrame, matcher: EntityMatcher | None = None) -> pd.DataFrame:
    """One row per theme mention (:data:`THEME_COLUMNS`)."""
    matcher = matcher or build_theme_matcher()
    table = match_table(corpus, matcher).rename(columns={"entity_id": "theme_id"})
    return table[THEME_COLUMNS].astype({"start": "int64", "end": "int64", "sentence_id": "int64"})
