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
from itertools import chain, repeat
from typing import Iterable

from .arabic import _WORD_BIT, DIACRITICS, LETTERS, _class_table, word_runs
from .compiled import compiled
from .matchform import normalise_for_matching, normalise_many
from .resources import load_yaml

_DIACRITIC_RE = re.compile(f"[{DIACRITICS}]")


@lru_cache(maxsize=1)
def wordfreq_zipf() -> dict[str, float]:
    """Zipf frequencies of the wordfreq Arabic list, keyed by matching form (where several words fold to one
    key, the most frequent word's).

    Read from the list's buckets (``get_frequency_list``: the words of each centibel, most frequent first),
    one Zipf value per bucket, instead of a dictionary of 620,000 frequencies first: each worker builds this
    table once, and it took 1.0 s (:func:`_wordfreq_zipf_reference`, which gives the same) against 0.6 s.
    """
    from wordfreq import cB_to_freq, get_frequency_list

    buckets = get_frequency_list("ar", wordlist="best")
    keys = normalise_many([word for bucket in buckets for word in bucket])
    zipfs = [math.log10(cB_to_freq(-index)) + 9.0 for index in range(len(buckets))]  # as the reference's
    per_word = list(chain.from_iterable(repeat(zipf, len(bucket)) for zipf, bucket in zip(zipfs, buckets)))
    # the last value written for a key stays: written from the rarest word up, it is the most frequent word's
    return dict(zip(reversed(keys), reversed(per_word)))


def _wordfreq_zipf_reference() -> dict[str, float]:
    """:func:`wordfreq_zipf` from wordfreq's frequency dictionary: the reference."""
    from wordfreq import get_frequency_dict

    table: dict[str, float] = {}
    freqs = get_frequency_dict("ar", wordlist="best")
    for key, freq in zip(normalise_many(list(freqs)), freqs.values()):
        zipf = math.log10(freq) + 9.0
        if zipf > table.get(key, -1.0):
            table[key] = zipf
    return table


@dataclass
class GlueModel:
    """Word evidence and thresholds for splitting glued tokens."""

    zipf: dict[str, float]
    protected: frozenset[str] = frozenset()
    glued_aliases: dict[str, tuple[int, ...]] = field(default_factory=dict)
    min_token_letters: int = 5
    max_token_letters: int = 40
    known_word_zipf: float = 2.0
    listed_glue_margin: float = 3.0
    known_stem_zipf: float = 3.0
    part_zipf: float = 3.0
    short_part_zipf: float = 5.0
    final_letter_part_zipf: float = 2.5
    final_only_letters: str = "ةى"
    unsplittable_before: str = "ءئؤةى"
    unsplittable_start_pattern: str = ""
    hamza_seats: str = "ئؤ"
    hamza_stem_zipf: float = 1.0  # a stem ending in hamza before a pronoun vouches for the word from this on
    clitic_prefixes: tuple[str, ...] = ()
    clitic_suffixes: tuple[str, ...] = ()
    inflection_suffixes: tuple[str, ...] = ()
    pronoun_suffixes: tuple[str, ...] = ()
    clitic_only_parts: frozenset[str] = frozenset()
    short_parts: frozenset[str] = frozenset()
    prefixed_part_zipf: float = 4.0
    prefixed_part_penalty: float = 0.5
    article_prefixes: tuple[str, ...] = ()
    multi_part_min_letters: int = 3
    multi_part_zipf: float = 4.0
    _cache: dict[str, tuple[str, ...] | None] = field(default_factory=dict, repr=False)
    #: Runs of letters already judged (as written, diacritics included) and those found glued; a worker
    #: meets most words again and again, so each text costs one scan and two set operations.
    _seen: set[str] = field(default_factory=set, repr=False)
    _glued: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)  # run: (replacement, evidence)
    #: The memo is emptied when it holds this many runs, so memory stays bounded on any corpus.
    max_memo: int = 500_000
    #: How many times the memo was emptied, and the compiled copy of it (``_textscan.RunMemo``, built on first
    #: use, rebuilt when ``_seen`` was emptied or changed other than through :func:`glue_edits`; never pickled).
    _generation: int = field(default=0, repr=False, compare=False)
    _run_memo: object = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_run_memo": None}

    def __post_init__(self) -> None:
        self._bad_start_re = re.compile(self.unsplittable_start_pattern) if self.unsplittable_start_pattern else None
        # the clitic and article prefixes by their first letter: a part is checked against those it may start with
        self._clitics_by_first = _by_first_letter(self.clitic_prefixes)
        self._articles_by_first = _by_first_letter(self.article_prefixes)

    def cannot_start_word(self, part: str) -> bool:
        """``part`` (letters as written) begins as no word does: with ء ئ ؤ ة ى, or alef + hamza (ائه)."""
        if part[0] in self.unsplittable_before:
            return True
        return self._bad_start_re is not None and self._bad_start_re.match(part) is not None

    def word_zipf(self, word: str) -> float:
        return self._key_zipf(normalise_for_matching(word))

    def _key_zipf(self, key: str) -> float:
        """:meth:`word_zipf` of a word already in matching form."""
        if key in self.protected:
            return 8.0
        return self.zipf.get(key, 0.0)

    def is_word(self, token: str) -> bool:
        """A token is a word if it is listed often enough, or listed once a clitic prefix and/or suffix is removed."""
        if self.word_zipf(token) >= self.known_word_zipf:
            return True
        return self._stem_is_word(token)

    def _suffix_stems(self, rest: str) -> Iterable[tuple[str, bool]]:
        """``rest`` with no, one, or an inflection + pronoun ending removed; flag: a pronoun ended it."""
        yield rest, False
        for suf in self.clitic_suffixes:
            if rest.endswith(suf):
                yield rest[: len(rest) - len(suf)], suf in self.pronoun_suffixes
        for pron in self.pronoun_suffixes:
            if not rest.endswith(pron):
                continue
            inner = rest[: len(rest) - len(pron)]
            for infl in self.inflection_suffixes:
                if inner.endswith(infl):
                    yield inner[: len(inner) - len(infl)], False

    def _stem_is_word(self, token: str) -> bool:
        for pre in ("",) + self.clitic_prefixes:
            if not token.startswith(pre):
                continue
            rest = token[len(pre):]
            for stem, before_pronoun in self._suffix_stems(rest):
                if len(stem) < 2 or (not pre and stem == rest):
                    continue
                if self.word_zipf(stem) >= self.known_stem_zipf:
                    return True
                if not before_pronoun or len(stem) < 3:
                    continue
                # ta marbuta is written ت before a pronoun: مقاتلتهما -> مقاتلة
                if stem.endswith("ت") and self.word_zipf(stem[:-1] + "ة") >= self.known_stem_zipf:
                    return True
                # a final hamza, on the line or on ي or و before a pronoun (خطباءهم -> خطباء, حلفائه -> حلفاء,
                # أنباؤهم -> أنباء), is the end of a stem: such a stem vouches for the word from hamza_stem_zipf
                if stem[-1] == "ء" or stem[-1] in self.hamza_seats:
                    if self.word_zipf(stem[:-1] + "ء") >= self.hamza_stem_zipf:
                        return True
        return False

    def _part_score(self, token: str, i: int, j: int) -> tuple[float, bool] | None:
        """The score of ``token[i:j]`` as a part, and whether it is strong enough for a 3+-part split."""
        part = token[i:j]
        if self.cannot_start_word(part):
            return None
        key = normalise_for_matching(part)
        if key in self.clitic_only_parts:
            return None
        z = self._key_zipf(key)
        articles = self._articles_by_first
        core_len = min((len(part) - len(a) for a in articles.get(part[0], articles[""]) if part.startswith(a)), default=3)
        if core_len < 2 or (core_len == 2 and z < self.multi_part_zipf):
            return None  # the article before one letter (الم), or two in a rare form (المر), is web noise
        if j - i <= 2:
            return (z, False) if key in self.short_parts and z >= self.short_part_zipf else None
        strong = j - i >= self.multi_part_min_letters
        if z >= self.part_zipf:
            return z, strong and z >= self.multi_part_zipf
        near_final = part[-1] in self.final_only_letters or (i > 0 and token[i - 1] in self.final_only_letters)
        if near_final and z >= self.final_letter_part_zipf:
            return z, False
        # a common word behind one clitic prefix (ولإيران، وأستانا)
        best = None
        for pre in self._clitics_by_first.get(part[0], self._clitics_by_first[""]):
            core = part[len(pre):]
            if part.startswith(pre) and len(core) >= 3 and not self.cannot_start_word(core):
                cz = self.word_zipf(core)
                need = self.part_zipf if pre in self.article_prefixes else self.prefixed_part_zipf
                if cz >= need and (best is None or cz > best):
                    best = cz
        if best is not None:
            return best - self.prefixed_part_penalty, strong and best >= self.multi_part_zipf
        return None

    def split(self, token: str) -> tuple[str, ...] | None:
        """The parts of a glued token (letters only, no diacritics), or ``None`` when it should stay whole."""
        if token in self._cache:
            return self._cache[token]
        if len(self._cache) >= self.max_memo:
            self._cache.clear()
        result = None
        if self.min_token_letters <= len(token) <= self.max_token_letters and not self.is_word(token):
            result = self._alias_split(token)
            if result is None:
                seg = self._segment(token)
                whole = self.word_zipf(token)
                # a glued form that web text also has (rarely) is split only if its parts are far more common
                if seg and not (whole > 0 and min(seg[1]) - whole < self.listed_glue_margin):
                    result = seg[0]
        self._cache[token] = result
        return result

    def _alias_split(self, token: str) -> tuple[str, ...] | None:
        """A multi-word lexicon alias whose spaces were lost (تلأبيض -> تل أبيض)."""
        key, index = _normalise_with_index(token)
        lengths = self.glued_aliases.get(key)
        if lengths is None:
            return None
        parts, a, k = [], 0, 0
        for n in lengths[:-1]:
            k += n
            b = index[k]
            parts.append(token[a:b])
            a = b
        parts.append(token[a:])
        if not all(parts) or any(self.cannot_start_word(p) for p in parts[1:]):
            return None
        return tuple(parts)

    def _segment(self, token: str) -> tuple[tuple[str, ...], list[float]] | None:
        """Fewest parts, then highest total score; a division into 3+ parts uses strong parts only."""
        n = len(token)
        scores = {}
        for j in range(2, n + 1):
            for i in range(max(0, j - 25), j - 1):
                s = self._part_score(token, i, j)
                if s is not None:
                    scores[i, j] = s
        for strong_only in (False, True):
            # best[j] = (number of parts, -sum of scores, previous cut) for token[:j]
            best: list[tuple[int, float, int] | None] = [None] * (n + 1)
            best[0] = (0, 0.0, -1)
            for (i, j), (z, strong) in sorted(scores.items(), key=lambda kv: (kv[0][1], kv[0][0])):
                if best[i] is None or (strong_only and not strong):
                    continue
                cand = (best[i][0] + 1, best[i][1] - z, i)
                if best[j] is None or cand[:2] < best[j][:2]:
                    best[j] = cand
            if best[n] is None or best[n][0] < 2:
                return None
            if best[n][0] == 2 or strong_only:
                cuts, zs, j = [], [], n
                while j > 0:
                    i = best[j][2]
                    cuts.append(token[i:j])
                    zs.append(scores[i, j][0])
                    j = i
                return tuple(reversed(cuts)), zs
        return None


def _by_first_letter(prefixes: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """For each first letter of ``prefixes``, those a word with that letter may start with (in the order given,
    an empty prefix too); under ``""``, those any word starts with (the empty prefix, if given)."""
    groups = {"": tuple(p for p in prefixes if not p)}
    for first in dict.fromkeys(p[0] for p in prefixes if p):
        groups[first] = tuple(p for p in prefixes if not p or p[0] == first)
    return groups


def _normalise_with_index(token: str) -> tuple[str, list[int]]:
    """The matching form of ``token`` and, for each of its characters (and the end), the index in ``token``."""
    out, index = [], []
    for pos, ch in enumerate(token):
        f = normalise_for_matching(ch)
        if f:
            out.append(f)
            index.append(pos)
    index.append(len(token))
    return "".join(out), index


def load_glue_model(extra_words: Iterable[str] = (), config: dict | None = None) -> GlueModel:
    """A :class:`GlueModel` from the wordfreq list, the rules in ``cleaning.yaml`` and ``extra_words``.

    ``extra_words`` (e.g. lexicon aliases) are protected from splitting and count as common parts;
    a multi-word one whose spaces were lost splits at its words.
    """
    cfg = dict((config or load_yaml("cleaning.yaml"))["glued_words"])
    words = list(extra_words)
    protected = frozenset(k for phrase in words for k in normalise_for_matching(phrase).split() if len(k) >= 3)
    glued_aliases = {}
    for phrase in words:
        keys = normalise_for_matching(phrase).split()
        if len(keys) >= 2 and all(len(k) >= 2 for k in keys) and all(_LETTERS_ONLY_RE.fullmatch(k) for k in keys):
            glued_aliases.setdefault("".join(keys), tuple(len(k) for k in keys))
    for key in ("clitic_prefixes", "clitic_suffixes", "inflection_suffixes", "pronoun_suffixes", "article_prefixes"):
        cfg[key] = tuple(cfg.get(key, ()))
    for key in ("clitic_only_parts", "short_parts"):
        cfg[key] = frozenset(normalise_for_matching(w) for w in cfg.get(key, ()))
    return GlueModel(zipf=wordfreq_zipf(), protected=protected, glued_aliases=glued_aliases, **cfg)


_LETTERS_ONLY_RE = re.compile(f"[{LETTERS}]+")


#: A character of a run: a glued token found again in the text must be a whole run.
_RUN_CHAR_RE = re.compile(f"[{LETTERS}{DIACRITICS}]")


def _glued_parts(run: str, model: GlueModel) -> tuple[str, ...] | None:
    """The parts of one run of letters and diacritics, or ``None``. A run that starts with a diacritic
    is not a token; one with fewer than ``min_token_letters`` letters is never split."""
    if _DIACRITIC_RE.match(run):
        return None
    bare = _DIACRITIC_RE.sub("", run)
    if len(bare) < model.min_token_letters:
        return None
    return model.split(bare)


def _cut_token(token: str, parts: tuple[str, ...]) -> list[str]:
    """Cut ``token`` (letters and diacritics) where its bare letters divide into ``parts``."""
    if len(parts) == 1 or not _DIACRITIC_RE.search(token):
        return list(parts)
    letter_pos = [i for i, ch in enumerate(token) if not _DIACRITIC_RE.match(ch)]
    pieces, a, k = [], 0, 0
    for p in parts[:-1]:
        k += len(p)
        b = letter_pos[k]  # the first letter of the next part: diacritics before it stay with the letter they follow
        pieces.append(token[a:b])
        a = b
    pieces.append(token[a:])
    return pieces


def glue_edits(text: str, model: GlueModel) -> list[tuple[int, int, str, str, str]]:
    """Edits that insert a space between the parts of each glued token.

    A token is a run of letters and diacritics, judged without its diacritics.
    Each edit is ``(start, end, replacement, kind, evidence)`` and replaces the
    whole token, so the change record shows the word before and after.
    The runs are read in one compiled pass (``_textscan.glue_runs``), or by
    :func:`_glue_edits_reference`: the same edits.
    """
    scan = compiled("_textscan")
    if scan is None:
        return _glue_edits_reference(text, model)
    memo = _run_memo(model, scan)
    args = (text, _class_table(), _WORD_BIT, model.min_token_letters)
    unseen, hits = memo.scan(*args)
    if unseen:
        if len(model._seen) + len(unseen) > model.max_memo:
            return _glue_edits_reference(text, model)  # the memo starts afresh there
        found = _judge(unseen, model)
        for run in unseen:
            memo.add(run, run in model._glued)
        if found:
            _, hits = memo.scan(*args)  # the runs just found glued, where they are
    edits = []
    for a, b in hits:
        replacement, evidence = model._glued[text[a:b]]
        edits.append((a, b, replacement, "glued_word", evidence))
    return edits


def _run_memo(model: GlueModel, scan):
    """The compiled memo of ``model``: ``model._seen``, each run marked glued or not (built again from them
    when the memo was emptied or ``_seen`` no longer has the runs the compiled one holds)."""
    memo = model._run_memo
    if memo is None or memo.generation != model._generation or len(memo) != len(model._seen):
        memo = scan.RunMemo()
        for run in model._seen:
            memo.add(run, run in model._glued)
        memo.generation = model._generation
        model._run_memo = memo
    return memo


def _judge(runs, model: GlueModel) -> bool:
    """Judge runs not seen before (memo ``model._seen``), adding the glued ones to ``model._glued``; whether
    any was glued."""
    found = False
    for run in runs:
        parts = _glued_parts(run, model)
        if parts:
            evidence = "; ".join(f"{p}={model.word_zipf(p):.2f}" for p in parts)
            evidence += f"; whole={model.word_zipf(''.join(parts)):.2f}"
            model._glued[run] = " ".join(_cut_token(run, parts)), evidence
            found = True
    model._seen.update(runs)
    return found


def _glue_edits_reference(text: str, model: GlueModel) -> list[tuple[int, int, str, str, str]]:
    """:func:`glue_edits` with a set of the text's runs, set operations and ``str.find``: the reference of the
    compiled pass."""
    # maximal runs of letters and diacritics: a shorter one cannot hold min_token_letters letters
    runs = set(word_runs(text, model.min_token_letters))
    seen, glued = model._seen, model._glued
    unseen = runs.difference(seen)
    if unseen:
        if len(seen) + len(unseen) > model.max_memo:  # start afresh, judging this text's runs again
            seen.clear()
            glued.clear()
            model._generation += 1
            unseen = runs
        _judge(unseen, model)
    found = runs.intersection(glued)
    if not found:
        return []
    edits = []
    for token in found:  # every whole-run occurrence of each glued token
        repl, evidence = glued[token]
        pos = text.find(token)
        while pos >= 0:
            end = pos + len(token)
            if not (pos and _RUN_CHAR_RE.match(text, pos - 1)) and not _RUN_CHAR_RE.match(text, end):
                edits.append((pos, end, repl, "glued_word", evidence))
            pos = text.find(token, end)
    edits.sort(key=lambda e: e[0])
    return edits
