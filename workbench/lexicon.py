"""The entity lexicon: who and what the coverage names, with every spelling.

The package ships ``data/entities.csv``; a researcher can merge a user lexicon
(a CSV with the same columns) without touching the package. Columns:

``entity_id``  stable id, ``TYPE:slug`` (e.g. ``PER:alexander-lavrentiev``)
``type``       PER, GPE (states), LOC (cities, regions, areas) or ORG
``name_ar``    canonical Arabic name
``name_en``    English label
``aliases``    other Arabic (or Latin) names, separated by ``|``
``demonyms``   nisba adjectives of a state or place (``الروسي|الروسية|...``), ``|``-separated
``note``       free text

Spelling variation that the matching form folds (hamza and alef forms, ى/ي,
ة/ه, diacritics) and clitic prefixes (و ف ب ل ك) need not be listed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import pandas as pd

from .matchform import normalise_for_matching
from .resources import data_path

LEXICON_COLUMNS = ["entity_id", "type", "name_ar", "name_en", "aliases", "demonyms", "note"]
ENTITY_TYPES = ("PER", "GPE", "LOC", "ORG")
#: Columns of :func:`alias_table`.
ALIAS_COLUMNS = ["entity_id", "alias", "key", "kind"]


class LexiconError(ValueError):
    """A lexicon file that cannot be used, with the reason."""


def _split(value) -> list[str]:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return []
    return [v.strip() for v in str(value).split("|") if v.strip()]


def read_lexicon_file(path: str | Path) -> pd.DataFrame:
    """Read one lexicon CSV and check its columns and types."""
    path = Path(path)
    if not path.exists():
        raise LexiconError(f"no such lexicon file: {path}")
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return _validate(table, str(path))


def _validate(table: pd.DataFrame, origin: str) -> pd.DataFrame:
    missing = [c for c in ("entity_id", "type", "name_ar") if c not in table.columns]
    if missing:
        raise LexiconError(f"{origin}: missing column(s) {missing}; expected {LEXICON_COLUMNS}")
    table = table.copy()
    for col in LEXICON_COLUMNS:
        if col not in table.columns:
            table[col] = ""
    table = table[LEXICON_COLUMNS].fillna("").astype(str)
    table = table.apply(lambda s: s.str.strip())
    bad_type = table[~table["type"].isin(ENTITY_TYPES)]
    if len(bad_type):
        raise LexiconError(f"{origin}: unknown type {bad_type['type'].iloc[0]!r} for "
                           f"{bad_type['entity_id'].iloc[0]!r}; use one of {ENTITY_TYPES}")
    if (table["entity_id"] == "").any() or (table["name_ar"] == "").any():
        raise LexiconError(f"{origin}: every row needs an entity_id and a name_ar")
    dup = table["entity_id"][table["entity_id"].duplicated()]
    if len(dup):
        raise LexiconError(f"{origin}: entity_id {dup.iloc[0]!r} appears twice")
    table["origin"] = origin
    return table


def load_lexicon(user: str | Path | pd.DataFrame | Iterable[str | Path] | None = None,
                 base: bool = True) -> pd.DataFrame:
    """The package lexicon merged with user lexicon file(s) or a DataFrame.

    A user row with a new ``entity_id`` adds an entity; one with an existing
    id adds its aliases and demonyms to that entity and overrides its other
    non-empty fields. Returns one row per entity with :data:`LEXICON_COLUMNS`
    plus ``origin``.
    """
    tables = [read_lexicon_file(data_path("entities.csv"))] if base else []
    if isinstance(user, pd.DataFrame):
        tables.append(_validate(user, "user table"))
    elif isinstance(user, (str, Path)):
        tables.append(read_lexicon_file(user))
    elif user is not None:
        tables.extend(read_lexicon_file(p) for p in user)
    if not tables:
        return pd.DataFrame(columns=LEXICON_COLUMNS + ["origin", "user_forms"])
    merged: dict[str, dict] = {}
    for layer, table in enumerate(tables):
        for row in table.to_dict("records"):
            # the surface forms a user lexicon gives win over the package's for the same key
            row["user_forms"] = "|".join([row["name_ar"], *_split(row["aliases"]), *_split(row["demonyms"])]
                                         ) if layer or not base else ""
            old = merged.get(row["entity_id"])
            if old is None:
                merged[row["entity_id"]] = row
                continue
            old["user_forms"] = "|".join(_split(old["user_forms"]) + _split(row["user_forms"]))
            for col in ("aliases", "demonyms"):
                old[col] = "|".join(dict.fromkeys(_split(old[col]) + _split(row[col])))
            for col in ("type", "name_ar", "name_en", "note"):
                if row[col]:
                    old[col] = row[col]
            old["origin"] = f"{old['origin']}+{row['origin']}"
    return pd.DataFrame(list(merged.values()), columns=LEXICON_COLUMNS + ["origin", "user_forms"])


def alias_table(lexicon: pd.DataFrame) -> pd.DataFrame:
    """One row per (entity, surface form): ``entity_id, alias, key, kind``.

    ``key`` is the matching form of the alias; ``kind`` is ``name`` or
    ``demonym``. A key claimed by two entities goes to the one whose user
    lexicon gave it (so a researcher can reassign ``الجعفري`` to another
    person), else to the first, names before demonyms; :func:`lexicon_conflicts`
    lists such keys.
    """
    rows = []
    has_user = "user_forms" in lexicon.columns
    for ent in lexicon.to_dict("records"):
        user = {alias_key(a) for a in _split(ent.get("user_forms"))} if has_user else set()
        for alias in dict.fromkeys([ent["name_ar"], *_split(ent["aliases"])]):
            key = alias_key(alias)
            rows.append((ent["entity_id"], alias, key, "name", key not in user))
        for alias in dict.fromkeys(_split(ent["demonyms"])):
            key = alias_key(alias)
            rows.append((ent["entity_id"], alias, key, "demonym", key not in user))
    table = pd.DataFrame(rows, columns=ALIAS_COLUMNS + ["_package"])
    table = table[table["key"] != ""]
    table["_kind"] = (table["kind"] == "demonym").astype(int)
    table = table.sort_values(["_package", "_kind"], kind="stable").drop(columns=["_package", "_kind"])
    return table.drop_duplicates("key", keep="first").reset_index(drop=True)


def lexicon_conflicts(lexicon: pd.DataFrame) -> pd.DataFrame:
    """Matching-form keys that more than one entity claims (only the first keeps them)."""
    rows = []
    for ent in lexicon.itertuples(index=False):
        for alias in [ent.name_ar, *_split(ent.aliases), *_split(ent.demonyms)]:
            rows.append((alias_key(alias), ent.entity_id, alias))
    table = pd.DataFrame(rows, columns=["key", "entity_id", "alias"]).drop_duplicates(["key", "entity_id"])
    return table[table["key"].duplicated(keep=False)].sort_values("key").reset_index(drop=True)


def alias_key(alias: str) -> str:
    """The matching form of an alias, its words joined by single spaces (the key the matcher looks up)."""
    return " ".join(normalise_for_matching(alias).split())
