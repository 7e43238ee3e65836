"""Entity extraction: lexicon matching on the matching form, with exact offsets.

The matcher looks every word of the text up in a hash table of the words that
the matching forms of the aliases and demonyms (with each clitic prefix) start
with, and walks a trie of those forms on from the few words found, in a
compiled core; or it runs an Aho-Corasick automaton (``pyahocorasick``) over the
same keys in pure Python (see :class:`EntityMatcher`). Either way matching is
linear in the text length whatever the lexicon size. A match counts when it stands at a word start,
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

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

import numpy as np
import pandas as pd

from .columns import (coded_text_columns, int_column, repeated_text_column, taken_column, text_column,
                      utf8_column)
from .compiled import compiled
from .lexicon import alias_key, alias_table, load_lexicon
from .matchform import after_lam, code_table, match_form
from .resources import load_yaml
from .sentences import sentence_index, sentence_index_many, sentence_spans
from .textspan import substrings
from .trie import flat_trie, triple_filter

#: Columns of the mention table.
MENTION_COLUMNS = ["doc_id", "start", "end", "surface", "prefix", "name_start", "entity_id", "label_ar",
                   "label_en", "type", "kind", "method", "sentence_id"]

_ARABIC = frozenset(chr(c) for lo, hi in ((0x0621, 0x064A), (0x066E, 0x06D3), (0x06FA, 0x06FF),
                                          (0x0750, 0x077F), (0x08A0, 0x08C9)) for c in range(lo, hi + 1))
_TANWIN = frozenset("\u064b\u064c\u064d")
_TANWIN_RE = re.compile("[\u064b\u064c\u064d]")
_WORDCHAR_LATIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


@dataclass
class EntityMatcher:
    """Finds lexicon entities in texts. Build once (:func:`build_matcher`), use on many texts.

    Keys made only of Arabic letters and single spaces (nearly all of them) are matched as whole
    words: ``words`` maps ``clitic + name`` to its values, and a match must start at a word start
    and end at a word end. The few other keys (Latin acronyms, names with digits or hyphens) are
    in ``other`` and their matches are checked one by one (:meth:`_other_candidates`).

    Two engines compute :meth:`spans`, with equal results (``tests/test_spans_core.py``):

    * the compiled core (``workbench/_spans.pyx``, built by ``pip install``), used when present;
    * the pure-Python reference (:meth:`python_spans`), used when the core was not built or
      ``WORKBENCH_PURE_PYTHON=1`` is set. Its Aho-Corasick automaton (``pyahocorasick``) runs
      on the *boundary form* of the text, where every character but an Arabic letter or a space
      becomes a boundary mark, with the boundaries written into the keys.

    Values of ``words``: ``(clitic length, name length, entity_id, kind, is a name, tie rank)``;
    values of ``other``: ``(key length, entity_id, kind, assimilated, tie rank)``. The tie rank
    orders ``(entity_id, kind)`` pairs (``payload[rank]``) for the last tie-break between two
    candidates on the same span; a not-name phrase (``entity_id`` None) ranks above every entity.
    """

    words: dict[str, list] = field(repr=False)  # tens of thousands of keys: kept out of the repr
    other: dict[str, list] = field(repr=False)
    entities: dict[str, dict] = field(repr=False)
    clitics: frozenset[str]
    lam_clitics: frozenset[str] = field(default_factory=frozenset)
    payload: list = field(default_factory=list, repr=False)
    tanwin_ends_names: bool = True  # a match followed by a tanwin is dropped (دوماً, درعاً): names, not themes
    _engines: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_engines"] = {}  # rebuilt where the matcher is unpickled
        return state

    def spans(self, text: str) -> list[tuple[int, int, int, str, str]]:
        """Mentions in one text as ``(start, end, name_start, entity_id, kind)`` tuples, by start.

        Candidates that overlap no other are taken as they are; a group of overlapping ones is
        resolved longest name first, then names before demonyms, then leftmost (:func:`_resolve`).
        """
        core = self.core()
        return core.spans(text) if core is not None else self.python_spans(text)

    def span_columns(self, text: str) -> tuple[list, list, list, list, list]:
        """:meth:`spans` as five lists: ``(starts, ends, name_starts, entity_ids, kinds)``."""
        core = self.core()
        if core is not None:
            return core.columns(text)
        found = self.python_spans(text)
        return tuple(map(list, zip(*found))) if found else ([], [], [], [], [])

    def core(self):
        """The compiled engine, or None when it is not built or ``WORKBENCH_PURE_PYTHON=1`` is set."""
        if "core" not in self._engines:
            self._engines["core"] = _compiled_core(self)
        return self._engines["core"]

    def python_spans(self, text: str) -> list[tuple[int, int, int, str, str]]:
        """:meth:`spans` in pure Python: the reference the compiled core must equal."""
        if "words" not in self._engines:
            self._engines["words"] = _automaton({left + key + right: [(*v, len(key) + 1) for v in values]
                                                 for key, values in self.words.items()
                                                 for left in _BOUNDARIES for right in _BOUNDARIES})
            self._engines["other"] = _automaton(self.other) if self.other else None
        mf = match_form(text)
        # value: (clitic length, name length, entity_id, kind, is a name, tie rank, key length but the last
        # boundary); the key is boundary + clitic + name + boundary, and index i of the boundary form is
        # i - 1 of the form
        candidates = [(e - v[6], e - 1, v) for e, values in self._engines["words"].iter(boundary_form(mf.form))
                      for v in values]
        if self._engines["other"] is not None:
            candidates += self._other_candidates(mf.form)
        if not candidates:
            return []
        candidates.sort(key=_first)
        found = []
        i, n = 0, len(candidates)
        while i < n:
            ws, end, v = candidates[i]
            j = i + 1
            while j < n and candidates[j][0] < end:  # a group of overlapping candidates
                end = max(end, candidates[j][1])
                j += 1
            if j == i + 1:
                if v[2] is not None:
                    found.append((ws, ws + v[0], end, v[2], v[3]))
            else:
                found += _resolve(candidates[i:j])
            i = j
        if not found:
            return []
        source = mf.source
        if self.tanwin_ends_names and any(mark in text for mark in _TANWIN):  # دوماً, درعاً: never a name
            # a tanwin between the last kept character of a name and the next one: the form index after it
            marked = set(np.searchsorted(source, [m.start() for m in _TANWIN_RE.finditer(text)], side="right").tolist())
            found = [f for f in found if f[2] not in marked]
        if len(mf.form) == len(text):  # nothing dropped: form offsets are text offsets
            return [(ws, b, a, entity_id, kind) for ws, a, b, entity_id, kind in found]
        starts = source[[f[0] for f in found]].tolist()
        name_starts = source[[f[1] for f in found]].tolist()
        ends = source[[f[2] for f in found]].tolist()
        return [(s, e, n, f[3], f[4]) for s, e, n, f in zip(starts, ends, name_starts, found)]

    def find(self, text: str) -> list[dict]:
        """Mentions in one text, as dicts with the mention columns but ``doc_id`` and ``sentence_id``."""
        out = []
        for start, end, name_start, entity_id, kind in self.spans(text):
            ent = self.entities[entity_id]
            out.append({"start": start, "end": end, "surface": text[start:end], "prefix": text[start:name_start],
                        "name_start": name_start, "entity_id": entity_id, "label_ar": ent["name_ar"],
                        "label_en": ent["name_en"], "type": ent["type"], "kind": kind, "method": "lexicon"})
        return out

    def _other_candidates(self, form: str) -> list[tuple]:
        candidates = []
        for b_last, values in self._engines["other"].iter(form):
            b = b_last + 1
            for key_len, entity_id, kind, assimilated, rank in values:
                a = b - key_len
                if b < len(form) and _continues(form[b - 1], form[b]):
                    continue
                if a > 0 and form[a] not in _ARABIC and _continues(form[a], form[a - 1]):
                    continue  # RT in SMART, M4 in M45
                ws = a
                while ws > 0 and form[ws - 1] in _ARABIC:
                    ws -= 1
                prefix = form[ws:a]
                if assimilated:
                    if prefix not in self.lam_clitics:
                        continue
                elif prefix and (prefix not in self.clitics or form[a] not in _ARABIC):
                    continue
                candidates.append((ws, b, (a - ws, b - a, entity_id, kind, kind == "name", rank)))
        return candidates


def _first(candidate: tuple) -> int:
    return candidate[0]


def _resolve(group: list[tuple]) -> list[tuple]:
    """Overlapping candidates ``(word start, end, value)``: the longest name wins, then a name over a
    demonym, then the leftmost, then the later name start and the tie rank; what overlaps a winner
    goes. Not-name phrases win like names but yield nothing. Returns ``(word start, name start, end,
    entity_id, kind)`` by start."""
    ranked = [(v[1], v[4], -ws, ws + v[0], end, v[5], ws, v[2], v[3]) for ws, end, v in group]
    if len(ranked) == 2:  # the usual group: a name inside a longer one; the two overlap, one wins
        best = max(ranked)
        return [(best[6], best[3], best[4], best[7], best[8])] if best[7] is not None else []
    ranked.sort(reverse=True)
    found, taken = [], []
    for _, _, _, a, b, _, ws, entity_id, kind in ranked:
        if any(ws < tb and ta < b for ta, tb in taken):
            continue
        taken.append((ws, b))
        if entity_id is not None:
            found.append((ws, a, b, entity_id, kind))
    found.sort(key=_first)
    return found


def _continues(edge: str, ch: str) -> bool:
    """Does ``ch``, next to the first or last character ``edge`` of a match, continue the same word?
    Arabic letters continue an Arabic edge; Latin letters and digits a Latin or digit edge."""
    if edge in _ARABIC:
        return ch in _ARABIC
    return ch in _WORDCHAR_LATIN


#: Boundary marks of the boundary form: a space stays a space, any other non-letter becomes ``#``.
_BOUNDARIES = (" ", "#")
_IS_ARABIC = np.zeros(0x10000, dtype=bool)
_IS_ARABIC[[ord(c) for c in _ARABIC]] = True


@lru_cache(maxsize=256)
def boundary_form(form: str) -> str:
    """``form`` with every character that is not an Arabic letter or a space turned into ``#``, padded
    with one ``#`` at each end (so index ``i`` of the result is index ``i - 1`` of ``form``)."""
    codes = np.frombuffer(form.encode("utf-32-le"), dtype=np.uint32)
    arabic = _IS_ARABIC[np.minimum(codes, 0xFFFF)]
    out = np.where(arabic | (codes == 32), codes, np.uint32(35)).astype(np.uint32)
    return "#" + out.tobytes().decode("utf-32-le") + "#"


def _is_word_key(key: str) -> bool:
    """A key of Arabic letters and single spaces, matched on the boundary form."""
    words = key.split(" ")
    return all(words) and all(ch in _ARABIC for w in words for ch in w)


def build_matcher(lexicon: pd.DataFrame | None = None, *, tanwin_ends_names: bool = True) -> EntityMatcher:
    """An :class:`EntityMatcher` for a lexicon (default: the package lexicon).

    ``tanwin_ends_names``: a match followed by a tanwin is not a name (``دوماً`` is "always", not Douma);
    false for phrases that take one (the themes: ``هدنةً``)."""
    lexicon = load_lexicon() if lexicon is None else lexicon
    aliases = alias_table(lexicon)
    config = load_yaml("matching.yaml")
    clitics = frozenset(config.get("clitic_prefixes", []))
    lam_clitics = frozenset(c for c in clitics if c.endswith("ل"))
    words: dict[str, list] = {}
    other: dict[str, list] = {}
    blockers = pd.DataFrame({"entity_id": None, "alias": config.get("not_names", []), "kind": "name"})
    blockers["key"] = [alias_key(x) for x in blockers["alias"]]
    rows = pd.concat([aliases, blockers[aliases.columns]], ignore_index=True)
    payload = sorted(set(zip(rows["entity_id"], rows["kind"])), key=_tie_order)
    rank = {p: i for i, p in enumerate(payload)}
    for row in rows.itertuples(index=False):
        key, r = row.key, rank[row.entity_id, row.kind]
        if not _is_word_key(key):
            other.setdefault(key, []).append((len(key), row.entity_id, row.kind, False, r))
            if key.startswith("ال") and len(key) > 3:
                other.setdefault(key[1:], []).append((len(key) - 1, row.entity_id, row.kind, True, r))
            continue
        forms = [(c, key) for c in ("", *sorted(clitics))]
        contracted = after_lam(key)  # للأمم المتحدة, للجنة الدستورية
        if contracted is not None:
            forms += [(c, contracted) for c in sorted(lam_clitics)]
        for clitic, name in forms:
            words.setdefault(clitic + name, []).append(
                (len(clitic), len(name), row.entity_id, row.kind, row.kind == "name", r))
    entities = lexicon.set_index("entity_id")[["type", "name_ar", "name_en"]].to_dict("index")
    return EntityMatcher(words, other, entities, clitics, lam_clitics, payload, tanwin_ends_names)


def _tie_order(pair: tuple) -> tuple:
    """``(entity_id, kind)`` pairs in tie-break order: by id and kind, not-name phrases (no id) last."""
    entity_id, kind = pair
    return entity_id is None, entity_id or "", kind


def _compiled_core(matcher: EntityMatcher):
    """The compiled :class:`workbench._spans.SpanCore` for ``matcher``, or None."""
    spans = compiled("_spans")
    if spans is None:
        return None
    CHAR_CLASSES, VALUE_COLUMNS, SpanCore = spans.CHAR_CLASSES, spans.VALUE_COLUMNS, spans.SpanCore
    values, word_ids, other_ids = [], {}, {}
    for key, vals in matcher.words.items():
        word_ids[key] = [len(values) + i for i in range(len(vals))]
        values += [{"clitic": clitic, "is_name": is_name, "rank": r, "has_entity": entity_id is not None,
                    "assimilated": False} for clitic, _, entity_id, _, is_name, r in vals]
    for key, vals in matcher.other.items():
        other_ids[key] = [len(values) + i for i in range(len(vals))]
        values += [{"clitic": -1, "is_name": kind == "name", "rank": r, "has_entity": entity_id is not None,
                    "assimilated": assimilated} for _, entity_id, kind, assimilated, r in vals]
    table = np.array([[v[c] for c in VALUE_COLUMNS] for v in values], dtype=np.int32).reshape(-1, len(VALUE_COLUMNS))
    classes = np.zeros(0x10000, dtype=np.uint8)
    classes[[ord(c) for c in _ARABIC]] |= CHAR_CLASSES["arabic"]
    classes[[ord(c) for c in _WORDCHAR_LATIN]] |= CHAR_CLASSES["latin"]
    classes[[ord(k[0]) for k in matcher.other if ord(k[0]) < 0x10000]] |= CHAR_CLASSES["other_first"]
    classes[[ord(k[0]) for k in matcher.other if len(k) < 3 and ord(k[0]) < 0x10000]] |= CHAR_CLASSES["other_short"]
    if matcher.tanwin_ends_names:
        classes[[ord(c) for c in _TANWIN]] |= CHAR_CLASSES["tanwin"]
    other = flat_trie(other_ids) if other_ids else None
    return SpanCore(code_table(), classes, flat_trie(word_ids), other, table, matcher.payload, matcher.clitics,
                    matcher.lam_clitics, triple_filter(other_ids, other) if other is not None else None)


def _automaton(values: dict[str, list]):
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for key, vals in values.items():
        automaton.add_word(key, tuple(vals))
    automaton.make_automaton()
    return automaton


def extract_entities(corpus: pd.DataFrame, matcher: EntityMatcher | None = None, ner=None,
                     lexicon: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per mention in ``corpus["text"]``, with :data:`MENTION_COLUMNS`.

    ``matcher`` defaults to one built from ``lexicon`` (default: the package
    lexicon). ``ner`` is an optional :class:`workbench.ner.NerExtractor`
    whose spans the lexicon does not know are added with ``method="ner"``.
    """
    matcher = matcher or build_matcher(lexicon)
    if ner is not None:
        return _extract_with_ner(corpus, matcher, ner)
    table = match_table(corpus, matcher)
    table["method"] = "lexicon"
    return table[MENTION_COLUMNS]  # offsets already int64 (match_table)


#: The label columns of a match table, each with the field of the matcher's entity records it comes from.
_LABEL_FIELDS = {"label_ar": "name_ar", "label_en": "name_en", "type": "type"}


def match_table(corpus: pd.DataFrame, matcher: EntityMatcher) -> pd.DataFrame:
    """Every match of ``matcher`` in ``corpus["text"]``: ``doc_id, start, end, surface, prefix, name_start,
    entity_id, kind, sentence_id, label_ar, label_en, type`` (shared by entities and themes).

    The columns are gathered per text, not per match: ``doc_id`` is repeated and the labels taken by
    entity in Arrow (:mod:`workbench.columns`), as a chunk holds hundreds of thousands of matches. With the
    compiled core, the texts' matches come back as arrays and their surfaces as Arrow's UTF-8 buffers, with
    no Python object per match (:func:`_match_table_compiled`); :func:`_match_table_reference` builds the
    same table from the lists of :meth:`EntityMatcher.span_columns`.
    """
    core = matcher.core()
    if core is not None:
        table = _match_table_compiled(corpus, matcher, core)
        if table is not None:
            return table
    return _match_table_reference(corpus, matcher)


def _match_table_compiled(corpus: pd.DataFrame, matcher: EntityMatcher, core) -> pd.DataFrame | None:
    """:func:`match_table` from ``SpanCore.table``; None when a column cannot be built that way, for the
    reference to build the table: an id or label that is not text (pandas infers that column), or a lone
    surrogate in a surface (which the reference refuses, as Arrow does)."""
    by_rank = _rank_columns(matcher)
    texts = corpus["text"].tolist()
    counts, starts, ends, name_starts, ranks, surface_offsets, surfaces, prefix_offsets, prefixes = core.table(texts)
    if by_rank is None or surfaces is None:
        return None
    kept = np.flatnonzero(counts).tolist()
    doc_ids = corpus["doc_id"].tolist()
    return pd.DataFrame({
        "doc_id": repeated_text_column([doc_ids[i] for i in kept], counts[kept]), "start": starts, "end": ends,
        "surface": utf8_column(len(starts), surface_offsets, surfaces),
        "prefix": utf8_column(len(starts), prefix_offsets, prefixes),
        "name_start": name_starts, "entity_id": taken_column(by_rank["entity_id"], ranks),
        "kind": taken_column(by_rank["kind"], ranks),
        "sentence_id": sentence_index_many([sentence_spans(texts[i]) for i in kept], [len(texts[i]) for i in kept],
                                           starts, counts[kept]),
        **{name: taken_column(by_rank[name], ranks) for name in _LABEL_FIELDS}})


def _rank_columns(matcher: EntityMatcher) -> dict | None:
    """``entity_id``, ``kind`` and the label columns of each payload rank, as Arrow arrays (kept with the
    matcher's engines); None when one of them is not text."""
    if "rank_columns" not in matcher._engines:
        import pyarrow as pa

        ids = [entity_id for entity_id, _ in matcher.payload]
        records = [matcher.entities.get(entity_id, {}) for entity_id in ids]
        values = {"entity_id": ids, "kind": [kind for _, kind in matcher.payload],
                  **{name: [r.get(field) for r in records] for name, field in _LABEL_FIELDS.items()}}
        try:
            columns = {name: pa.array(v, type=pa.large_string()) for name, v in values.items()}
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            columns = None
        matcher._engines["rank_columns"] = columns
    return matcher._engines["rank_columns"]


def _match_table_reference(corpus: pd.DataFrame, matcher: EntityMatcher) -> pd.DataFrame:
    """:func:`match_table` from the lists of :meth:`EntityMatcher.span_columns`, text by text."""
    doc_ids, counts = [], []
    starts, ends, name_starts, ids, kinds, surfaces, prefixes, spans, lengths = [], [], [], [], [], [], [], [], []
    for doc_id, text in zip(corpus["doc_id"].tolist(), corpus["text"].tolist()):
        s, e, n, i, k = matcher.span_columns(text)
        if not s:
            continue
        doc_ids.append(doc_id)
        counts.append(len(s))
        starts += s
        ends += e
        name_starts += n
        ids += i
        kinds += k
        surfaces += substrings(text, s, e)
        prefixes += substrings(text, s, n)
        spans.append(sentence_spans(text))
        lengths.append(len(text))
    labels = coded_text_columns(ids, matcher.entities, _LABEL_FIELDS)
    return pd.DataFrame({
        "doc_id": repeated_text_column(doc_ids, counts), "start": int_column(starts), "end": int_column(ends),
        "surface": text_column(surfaces), "prefix": text_column(prefixes), "name_start": int_column(name_starts),
        "entity_id": labels["key"], "kind": text_column(kinds),
        "sentence_id": sentence_index_many(spans, lengths, starts, counts),
        "label_ar": labels["label_ar"], "label_en": labels["label_en"], "type": labels["type"]})


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    return table.astype({"start": "int64", "end": "int64", "name_start": "int64", "sentence_id": "int64"})


def _extract_with_ner(corpus: pd.DataFrame, matcher: EntityMatcher, ner) -> pd.DataFrame:
    rows = []
    for doc_id, text in zip(corpus["doc_id"].tolist(), corpus["text"].tolist()):
        spans = sentence_spans(text)
        found = _merge_ner(matcher.find(text), ner.find(text, spans))
        sids = sentence_index(spans, [m["start"] for m in found]) if found else []
        for m, sid in zip(found, sids):
            rows.append({"doc_id": doc_id, **m, "sentence_id": int(sid)})
    return _typed(pd.DataFrame(rows, columns=MENTION_COLUMNS))


def _merge_ner(lexicon_mentions: list[dict], ner_mentions: Iterable[dict]) -> list[dict]:
    """Add NER spans that overlap no lexicon mention (the lexicon's canonical ids win)."""
    taken = [(m["start"], m["end"]) for m in lexicon_mentions]
    extra = [m for m in ner_mentions if not any(m["start"] < b and a < m["end"] for a, b in taken)]
    return sorted(lexicon_mentions + extra, key=lambda m: m["start"])
