"""Entity extraction: lexicon matching on the matching form, with exact offsets.

The matcher is an Aho-Corasick automaton (``pyahocorasick``) over the matching
forms of every alias and demonym, so matching is linear in the text length
whatever the lexicon size. A match counts when it stands at a word start,
after nothing but an allowed clitic prefix (``و ف ب ل ك`` and their
combinations, ``لل`` for names starting with ``ال``), and ends at a word end.
Overlapping matches are resolved longest first (``روسيا اليوم`` is RT, not
Russia; ``جيش إدلب الحر`` is an organisation, not Idlib).

Counting convention: a mention is a proper name (``kind="name"``). A person
counts once whether named in full or by surname. A nisba adjective (``الوفد
الروسي``, ``الخارجية الكازاخية``) is recorded as ``kind="demonym"`` linked to its
state; the default counts leave demonyms out.

Every mention row satisfies ``text[start:end] == surface``; ``start`` includes
the clitic, which the ``prefix`` column names, and ``name_start`` is where the
name itself begins.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import pandas as pd

from .arabic import LETTERS
from .lexicon import alias_table, load_lexicon
from .matchform import match_form
from .resources import load_yaml
from .sentences import sentence_index, sentence_spans

#: Columns of the mention table.
MENTION_COLUMNS = ["doc_id", "start", "end", "surface", "prefix", "name_start", "entity_id", "label_ar",
                   "label_en", "type", "kind", "method", "sentence_id"]

_ARABIC = frozenset(chr(c) for lo, hi in ((0x0621, 0x064A), (0x066E, 0x06D3), (0x06FA, 0x06FF),
                                          (0x0750, 0x077F), (0x08A0, 0x08C9)) for c in range(lo, hi + 1))
_WORDCHAR_LATIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


@dataclass
class EntityMatcher:
    """Finds lexicon entities in texts. Build once (:func:`build_matcher`), use on many texts."""

    automaton: object
    entities: dict[str, dict]
    clitics: frozenset[str]
    lam_clitics: frozenset[str] = field(default_factory=frozenset)

    def find(self, text: str) -> list[dict]:
        """Mentions in one text, as dicts with the mention columns but ``doc_id`` and ``sentence_id``."""
        mf = match_form(text)
        form = mf.form
        candidates = []
        for b_last, values in self.automaton.iter(form):
            b = b_last + 1
            for key_len, entity_id, kind, assimilated in values:
                a = b - key_len
                if b < len(form) and _is_word_char(form[b], form[a]):
                    continue
                ws = a
                while ws > 0 and form[ws - 1] in _ARABIC:
                    ws -= 1
                prefix = form[ws:a]
                if assimilated:
                    if prefix not in self.lam_clitics:
                        continue
                elif prefix and (prefix not in self.clitics or form[a] not in _ARABIC):
                    continue
                candidates.append((b - a, kind == "name", -ws, ws, a, b, entity_id, kind))
        mentions, taken = [], bytearray(len(form))
        for _, _, _, ws, a, b, entity_id, kind in sorted(candidates, reverse=True):
            if any(taken[ws:b]):
                continue
            taken[ws:b] = b"\x01" * (b - ws)
            start, end = mf.span(ws, b)
            name_start = mf.position(a)
            ent = self.entities[entity_id]
            mentions.append({"start": start, "end": end, "surface": text[start:end],
                             "prefix": text[start:name_start], "name_start": name_start,
                             "entity_id": entity_id, "label_ar": ent["name_ar"], "label_en": ent["name_en"],
                             "type": ent["type"], "kind": kind, "method": "lexicon"})
        mentions.sort(key=lambda m: m["start"])
        return mentions


def _is_word_char(ch: str, first: str) -> bool:
    """Does ``ch``, right after a match whose first character is ``first``, continue the same word?"""
    if first in _ARABIC:
        return ch in _ARABIC
    return ch in _WORDCHAR_LATIN


def build_matcher(lexicon: pd.DataFrame | None = None) -> EntityMatcher:
    """An :class:`EntityMatcher` for a lexicon (default: the package lexicon)."""
    import ahocorasick

    lexicon = load_lexicon() if lexicon is None else lexicon
    aliases = alias_table(lexicon)
    config = load_yaml("matching.yaml")
    clitics = frozenset(config.get("clitic_prefixes", []))
    lam_clitics = frozenset(c for c in clitics if c.endswith("ل"))
    values: dict[str, list] = {}
    for row in aliases.itertuples(index=False):
        values.setdefault(row.key, []).append((len(row.key), row.entity_id, row.kind, False))
        if row.key.startswith("ال") and len(row.key) > 3:
            # للأمم المتحدة: the clitic ل takes the place of the article's alef
            values.setdefault(row.key[1:], []).append((len(row.key) - 1, row.entity_id, row.kind, True))
    automaton = ahocorasick.Automaton()
    for key, vals in values.items():
        automaton.add_word(key, tuple(vals))
    automaton.make_automaton()
    entities = lexicon.set_index("entity_id")[["type", "name_ar", "name_en"]].to_dict("index")
    return EntityMatcher(automaton, entities, clitics, lam_clitics)


def extract_entities(corpus: pd.DataFrame, matcher: EntityMatcher | None = None, ner=None,
                     lexicon: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per mention in ``corpus["text"]``, with :data:`MENTION_COLUMNS`.

    ``matcher`` defaults to one built from ``lexicon`` (default: the package
    lexicon). ``ner`` is an optional :class:`workbench.ner.NerExtractor`
    whose spans the lexicon does not know are added with ``method="ner"``.
    """
    matcher = matcher or build_matcher(lexicon)
    rows = []
    for doc_id, text in zip(corpus["doc_id"], corpus["text"]):
        spans = sentence_spans(text)
        found = matcher.find(text)
        if ner is not None:
            found = _merge_ner(found, ner.find(text, spans))
        sids = sentence_index(spans, [m["start"] for m in found]) if found else []
        for m, sid in zip(found, sids):
            rows.append({"doc_id": doc_id, **m, "sentence_id": int(sid)})
    return pd.DataFrame(rows, columns=MENTION_COLUMNS).astype(
        {"start": "int64", "end": "int64", "name_start": "int64", "sentence_id": "int64"})


def _merge_ner(lexicon_mentions: list[dict], ner_mentions: Iterable[dict]) -> list[dict]:
    """Add NER spans that overlap no lexicon mention (the lexicon's canonical ids win)."""
    taken = [(m["start"], m["end"]) for m in lexicon_mentions]
    extra = [m for m in ner_mentions if not any(m["start"] < b and a < m["end"] for a, b in taken)]
    return sorted(lexicon_mentions + extra, key=lambda m: m["start"])
