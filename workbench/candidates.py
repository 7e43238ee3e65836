"""Candidate entities for the researcher to review and add to a user lexicon.

Two sources of candidates:

* ``variant``: a word that is not in the lexicon but is within a small edit
  distance of a known alias (on the matching form, clitics removed), e.g. a
  new transliteration ``لافرنتيف`` of Lavrentiev.
* ``after_title``: unknown words right after a title or role (``الرئيس``,
  ``وزير الخارجية``, ``المبعوث``, ``رئيس وفد``, ``السفير`` ...; see
  ``data/titles.yaml``), e.g. a new envoy's name.

Each candidate comes with its count, the number of documents and an example
context, so it can be accepted into the user lexicon.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pandas as pd

from .arabic import LETTERS
from .glue import wordfreq_zipf
from .lexicon import alias_table
from .matchform import match_form, normalise_for_matching
from .resources import load_yaml

CANDIDATE_COLUMNS = ["candidate", "source", "near_entity_id", "near_alias", "title", "count", "n_docs", "example"]
_WORD_RE = re.compile(f"[{LETTERS}]+")
#: Words of this many letters may be two edits from an alias; shorter ones one edit.
LONG_WORD = 10
#: A name after a title must hold at least one word rarer than this (Zipf), or it is ordinary prose.
NAME_WORD_MAX_ZIPF = 3.5
_CLITICS = ("وبال", "فبال", "ولل", "وال", "فال", "بال", "كال", "لل", "وب", "ول", "و", "ف", "ب", "ل", "ك")


def _deletes(word: str, depth: int) -> set[str]:
    out = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


def _edit_distance(a: str, b: str) -> int:
    import editdistance

    return editdistance.eval(a, b)


def _unclitic(word: str) -> list[str]:
    """The word and its readings without a clitic prefix (``لل`` + noun gives back the article)."""
    out = [word]
    for c in _CLITICS:
        if word.startswith(c) and len(word) - len(c) >= 3:
            rest = word[len(c):]
            out.append("ال" + rest if c.endswith("لل") else rest)
    return out


def variant_candidates(corpus: pd.DataFrame, mentions: pd.DataFrame, lexicon: pd.DataFrame,
                       max_zipf: float = 3.0, min_len: int = 4) -> pd.DataFrame:
    """Unknown, rare words within edit distance 1 (2 for words of 10+ letters) of a one-word alias."""
    aliases = alias_table(lexicon)
    single = aliases[~aliases["key"].str.contains(" ")]
    words_in_aliases = {w for k in aliases["key"] for w in k.split()}
    index: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for row in single.itertuples(index=False):
        if len(row.key) >= min_len:
            for d in _deletes(row.key, _max_distance(row.key)):
                index[d].append((row.key, row.entity_id, row.alias))
    zipf = wordfreq_zipf()
    covered = _covered(mentions)
    found: dict[str, dict] = {}
    for doc_id, text in zip(corpus["doc_id"].tolist(), corpus["text"].tolist()):
        for m in _WORD_RE.finditer(text):
            if (doc_id, m.start()) in covered:
                continue
            keys = _unclitic(normalise_for_matching(m.group()))
            if any(k in words_in_aliases or zipf.get(k, 0.0) >= max_zipf for k in keys):
                continue
            match = next((hit for k in keys if len(k) >= min_len for hit in [_nearest(k, index)] if hit), None)
            if match is None:
                continue
            key = keys[0]
            entry = found.setdefault(key, {"candidate": m.group(), "source": "variant", "near_entity_id": match[1],
                                           "near_alias": match[2], "title": "", "count": 0, "docs": set(),
                                           "example": _context(text, m.start(), m.end())})
            entry["count"] += 1
            entry["docs"].add(doc_id)
    return _table(found)


def _max_distance(word: str) -> int:
    return 2 if len(word) >= LONG_WORD else 1


def _nearest(key: str, index) -> tuple[str, str, str] | None:
    best = None
    for d in _deletes(key, _max_distance(key)):
        for alias_key, entity_id, alias in index.get(d, ()):
            limit = _max_distance(min(key, alias_key, key=len))
            dist = _edit_distance(key, alias_key)
            if 0 < dist <= limit and (best is None or dist < best[0]):
                best = (dist, alias_key, entity_id, alias)
    return best[1:] if best else None


def _covered(mentions: pd.DataFrame) -> set[tuple[str, int]]:
    """(doc_id, word start) of words inside a lexicon mention."""
    out = set()
    for m in mentions.itertuples(index=False):
        for w in _WORD_RE.finditer(m.surface):
            out.add((m.doc_id, m.start + w.start()))
    return out


def title_candidates(corpus: pd.DataFrame, mentions: pd.DataFrame, lexicon: pd.DataFrame) -> pd.DataFrame:
    """Unknown names right after a title (``data/titles.yaml``).

    The words after the title (skipping a nisba like ``الروسي``) up to a stop
    word, punctuation, a known mention or ``max_name_words`` make the
    candidate, less any common words at its end; it is kept only if a rare
    word (Zipf below :data:`NAME_WORD_MAX_ZIPF`) is left, since names are
    rare words and ``المبعوث الخاص للرئيس`` is not a name.
    """
    config = load_yaml("titles.yaml")
    titles = sorted({" ".join(normalise_for_matching(t).split()) for t in config["titles"]}, key=len, reverse=True)
    stop = {normalise_for_matching(w) for w in config["stop_words"]}
    demonyms = set(alias_table(lexicon).query("kind == 'demonym'")["key"])
    max_words = int(config.get("max_name_words", 3))
    zipf = wordfreq_zipf()
    title_re = re.compile(r"(?<![^\s\"'“”«»(])(?:" + "|".join(re.escape(t) for t in titles) + r")(?=\s)")
    covered = _covered(mentions)
    found: dict[str, dict] = {}
    for doc_id, text in zip(corpus["doc_id"].tolist(), corpus["text"].tolist()):
        mf = match_form(text)
        for m in title_re.finditer(mf.form):
            words, last_end = [], m.end()
            for w in _WORD_RE.finditer(mf.form, m.end()):
                gap = mf.form[last_end:w.start()]
                if gap.strip() or len(words) >= max_words:
                    break
                last_end = w.end()
                if w.group() in demonyms and not words:
                    continue  # الرئيس الإيراني مسعود بزشكيان: the nisba is skipped
                if w.group() in stop or (doc_id, mf.position(w.start())) in covered:
                    break
                words.append(w)
            while words and _is_common(words[-1].group(), zipf):
                words.pop()  # a name ends on a rare word: كمال بوزداغلي بالاتفاق -> كمال بوزداغلي
            if not words:
                continue
            start, end = mf.span(words[0].start(), words[-1].end())
            name = text[start:end]
            key = normalise_for_matching(name)
            entry = found.setdefault(key, {"candidate": name, "source": "after_title", "near_entity_id": "",
                                           "near_alias": "", "title": text[slice(*mf.span(m.start(), m.end()))],
                                           "count": 0, "docs": set(), "example": _context(text, start, end)})
            entry["count"] += 1
            entry["docs"].add(doc_id)
    return _table(found)


def find_candidates(corpus: pd.DataFrame, mentions: pd.DataFrame, lexicon: pd.DataFrame) -> pd.DataFrame:
    """Both kinds of candidates, most frequent first (:data:`CANDIDATE_COLUMNS`)."""
    table = pd.concat([variant_candidates(corpus, mentions, lexicon), title_candidates(corpus, mentions, lexicon)],
                      ignore_index=True)
    return table.sort_values(["count", "source", "candidate"], ascending=[False, True, True], ignore_index=True)


def _is_common(word: str, zipf: dict[str, float]) -> bool:
    """Is a word (in matching form), or its stem once a clitic is removed, too frequent to be part of a name?"""
    return max(zipf.get(k, 0.0) for k in _unclitic(word)) >= NAME_WORD_MAX_ZIPF


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    return " ".join(f"{text[max(0, start - width):start]}⟦{text[start:end]}⟧{text[end:end + width]}".split())


def _table(found: dict[str, dict]) -> pd.DataFrame:
    rows = [{**{k: v for k, v in e.items() if k != "docs"}, "n_docs": len(e["docs"])} for e in found.values()]
    return pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)
