"""Repair of words glued together by lost line breaks.

Scraped text loses line breaks and the words on either side fuse:
``الأممالمتحدة``, ``إيرانوروسيا``, ``نزوحالملايين``. A token is split only
when the evidence is clear: the token itself is not a word (not in the
wordfreq Arabic list, nor a known word once a clitic is removed, nor a
lexicon alias), and it divides into parts that are all common words. Web
text itself contains some glued forms (``الولاياتالمتحدة`` has a Zipf
frequency of 1.2), so a rare listed token is still split when every part is
far more common than the whole. Among
the possible divisions the one with fewest parts, then the most frequent
parts, wins. Rare but real words and foreign names (``لافرنتييف``) have no
such division and are left alone.

All look-ups use the matching form (:mod:`workbench.matchform`), so spelling
variants of hamza and alef do not hide a word.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from .arabic import LETTERS
from .matchform import normalise_for_matching
from .normalise import KindEdit
from .resources import load_yaml

_TOKEN_RE = re.compile(f"[{LETTERS}]+")


@lru_cache(maxsize=1)
def wordfreq_zipf() -> dict[str, float]:
    """Zipf frequencies of the wordfreq Arabic list, keyed by matching form."""
    from wordfreq import get_frequency_dict

    table: dict[str, float] = {}
    for word, freq in get_frequency_dict("ar", wordlist="best").items():
        key = normalise_for_matching(word)
        zipf = math.log10(freq) + 9.0
        if zipf > table.get(key, -1.0):
            table[key] = zipf
    return table


@dataclass
class GlueModel:
    """Word evidence and thresholds for splitting glued tokens."""

    zipf: dict[str, float]
    protected: frozenset[str] = frozenset()
    min_token_letters: int = 5
    max_token_letters: int = 40
    known_word_zipf: float = 2.0
    listed_glue_margin: float = 3.0
    known_stem_zipf: float = 3.0
    part_zipf: float = 3.0
    short_part_zipf: float = 5.0
    final_letter_part_zipf: float = 2.5
    final_only_letters: str = "ةى"
    unsplittable_before: str = "ء"
    clitic_prefixes: tuple[str, ...] = ()
    clitic_suffixes: tuple[str, ...] = ()
    _cache: dict[str, tuple[str, ...] | None] = field(default_factory=dict, repr=False)

    def word_zipf(self, word: str) -> float:
        key = normalise_for_matching(word)
        if key in self.protected:
            return 8.0
        return self.zipf.get(key, 0.0)

    def is_word(self, token: str) -> bool:
        """A token is a word if it is listed often enough, or listed once a clitic prefix and/or suffix is removed."""
        if self.word_zipf(token) >= self.known_word_zipf:
            return True
        return self._stem_is_word(token)

    def _stem_is_word(self, token: str) -> bool:
        for pre in ("",) + self.clitic_prefixes:
            if not token.startswith(pre):
                continue
            rest = token[len(pre):]
            for suf in ("",) + self.clitic_suffixes:
                if (pre or suf) and rest.endswith(suf) and len(rest) - len(suf) >= 2:
                    if self.word_zipf(rest[: len(rest) - len(suf)]) >= self.known_stem_zipf:
                        return True
        return False

    def _part_ok(self, token: str, i: int, j: int) -> float | None:
        part = token[i:j]
        if part[0] in self.unsplittable_before:
            return None
        z = self.word_zipf(part)
        if j - i <= 2:
            return z if z >= self.short_part_zipf else None
        if z >= self.part_zipf:
            return z
        near_final = part[-1] in self.final_only_letters or (i > 0 and token[i - 1] in self.final_only_letters)
        if near_final and z >= self.final_letter_part_zipf:
            return z
        return None

    def split(self, token: str) -> tuple[str, ...] | None:
        """The parts of a glued token, or ``None`` when it should stay whole."""
        if token in self._cache:
            return self._cache[token]
        result = None
        if self.min_token_letters <= len(token) <= self.max_token_letters and not self.is_word(token):
            result = self._segment(token)
            whole = self.word_zipf(token)
            # a glued form that web text also has (rarely) is split only if its parts are far more common
            if result and whole > 0 and min(self.word_zipf(p) for p in result) - whole < self.listed_glue_margin:
                result = None
        self._cache[token] = result
        return result

    def _segment(self, token: str) -> tuple[str, ...] | None:
        n = len(token)
        # best[j] = (number of parts, -sum of zipf, previous cut) for token[:j]
        best: list[tuple[int, float, int] | None] = [None] * (n + 1)
        best[0] = (0, 0.0, -1)
        for j in range(2, n + 1):
            for i in range(max(0, j - 25), j - 1):
                if best[i] is None:
                    continue
                z = self._part_ok(token, i, j)
                if z is None:
                    continue
                cand = (best[i][0] + 1, best[i][1] - z, i)
                if best[j] is None or cand[:2] < best[j][:2]:
                    best[j] = cand
        if best[n] is None or best[n][0] < 2:
            return None
        cuts, j = [], n
        while j > 0:
            i = best[j][2]
            cuts.append(token[i:j])
            j = i
        return tuple(reversed(cuts))


def load_glue_model(extra_words: Iterable[str] = (), config: dict | None = None) -> GlueModel:
    """A :class:`GlueModel` from the wordfreq list, the rules in ``cleaning.yaml`` and ``extra_words``.

    ``extra_words`` (e.g. lexicon aliases) are protected from splitting and count as common parts.
    """
    cfg = dict((config or load_yaml("cleaning.yaml"))["glued_words"])
    protected = frozenset(k for phrase in extra_words for k in normalise_for_matching(phrase).split() if len(k) >= 3)
    cfg["clitic_prefixes"] = tuple(cfg.get("clitic_prefixes", ()))
    cfg["clitic_suffixes"] = tuple(cfg.get("clitic_suffixes", ()))
    return GlueModel(zipf=wordfreq_zipf(), protected=protected, **cfg)


@lru_cache(maxsize=8)
def _long_token_re(min_letters: int) -> re.Pattern:
    """Letter runs long enough to hold two words (shorter ones are never split)."""
    return re.compile(f"[{LETTERS}]{{{min_letters},}}")


def glue_edits(text: str, model: GlueModel) -> list[tuple[int, int, str, str, str]]:
    """Edits that insert a space between the parts of each glued token.

    Each edit is ``(start, end, replacement, kind, evidence)`` and replaces the
    whole token, so the change record shows the word before and after.
    """
    token_re = _long_token_re(model.min_token_letters)
    glued = {t for t in set(token_re.findall(text)) if model.split(t)}
    if not glued:
        return []
    # a second pass over the text finds only the glued tokens, as whole letter runs
    alternatives = "|".join(re.escape(t) for t in sorted(glued, key=len, reverse=True))
    edits = []
    for m in re.finditer(f"(?<![{LETTERS}])(?:{alternatives})(?![{LETTERS}])", text):
        token = m.group()
        parts = model.split(token)
        evidence = "; ".join(f"{p}={model.word_zipf(p):.2f}" for p in parts)
        evidence += f"; whole={model.word_zipf(token):.2f}"
        edits.append((m.start(), m.end(), " ".join(parts), "glued_word", evidence))
    return edits
