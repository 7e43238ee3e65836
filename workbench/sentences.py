"""Sentence spans of a cleaned text (for co-occurrence and context)."""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from .anchored import finditer_from
from .compiled import compiled

# A sentence ends after . ! ? ؟ (and closing quotes or brackets) before a space, or at a line break.
_END_RE = re.compile(r"[.!?؟…]+[\"”’»)\]]*(?=\s|$)|\n+")


@lru_cache(maxsize=256)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """``(start, end)`` of each sentence, without surrounding whitespace; linear time.

    Memoised for the last texts seen, since entities, themes, rounds and dates all ask for the same text.
    """
    scan = compiled("_textscan")
    return tuple(scan.sentence_spans(text) if scan is not None else _sentence_spans(text))


# Where a sentence end can begin: one character class, which the regex engine scans fast.
_END_START_RE = re.compile(r"[.!?؟…\n]")


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """The reference of the compiled ``_textscan.sentence_spans``."""
    spans, pos = [], 0
    # the matches of _END_RE.finditer, the pattern tried only where a sentence end can begin
    for m in finditer_from(_END_RE, text, [c.start() for c in _END_START_RE.finditer(text)]):
        end = m.start() if text[m.start()] == "\n" else m.end()
        _add(text, pos, end, spans)
        pos = m.end()
    _add(text, pos, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list) -> None:
    segment = text[start:end]
    stripped = segment.strip()
    if stripped:
        start += len(segment) - len(segment.lstrip())
        spans.append((start, start + len(stripped)))


@lru_cache(maxsize=256)
def _starts(spans: tuple[tuple[int, int], ...]) -> np.ndarray:
    """Sentence starts as an array, memoised like :func:`sentence_spans` (every step asks for the same)."""
    starts = np.fromiter((s for s, _ in spans), dtype=np.int64, count=len(spans))
    starts.setflags(write=False)
    return starts


def sentence_index(spans: list[tuple[int, int]], positions) -> np.ndarray:
    """For each character position, the index of the sentence that contains it (or the one before it)."""
    starts = _starts(spans) if isinstance(spans, tuple) else np.array([s for s, _ in spans], dtype=np.int64)
    idx = np.searchsorted(starts, np.asarray(positions, dtype=np.int64), side="right")
    idx -= 1  # at most len(spans) - 1 already; -1 (before the first sentence, or no sentences) becomes 0
    return np.maximum(idx, 0, out=idx)


def sentence_index_many(spans: list[tuple[tuple[int, int], ...]], lengths: list[int], positions,
                        counts: list[int]) -> np.ndarray:
    """:func:`sentence_index` for many texts at once, in one search: text ``i`` has ``lengths[i]``
    characters and the sentences ``spans[i]``, and the next ``counts[i]`` of ``positions`` are its own
    (each from 0 to the text's length).

    Each text's positions and sentence starts are moved past the texts before it, so that one sorted
    array holds every sentence start; a position's sentence is then counted from its text's first one.
    """
    counts_array = np.asarray(counts, dtype=np.int64)
    sizes = np.fromiter(map(len, spans), dtype=np.int64, count=len(spans))
    offsets = np.zeros(len(lengths), dtype=np.int64)
    np.cumsum(np.asarray(lengths, dtype=np.int64)[:-1] + 1, out=offsets[1:])
    first = np.zeros(len(spans), dtype=np.int64)
    np.cumsum(sizes[:-1], out=first[1:])
    starts = np.fromiter((start for text_spans in spans for start, _ in text_spans), dtype=np.int64,
                         count=int(sizes.sum()))
    starts += np.repeat(offsets, sizes)
    where = np.asarray(positions, dtype=np.int64) + np.repeat(offsets, counts_array)
    idx = np.searchsorted(starts, where, side="right")
    idx -= np.repeat(first, counts_array) + 1
    return np.maximum(idx, 0, out=idx)
