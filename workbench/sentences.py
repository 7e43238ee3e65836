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
