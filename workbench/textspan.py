"""Offset-preserving text edits.

Cleaning rewrites ``raw_text`` into ``text`` in several steps. Each step is a
list of non-overlapping edits ``(start, end, replacement)`` on its input; the
:class:`Alignment` a step produces maps any position of its input to its output
and back, so a span found in the cleaned text can always be traced to the raw
text (and a raw span forward), and every recorded change keeps exact offsets.

Positions are mapped with a *side*: ``"start"`` for the first position of a
span and ``"end"`` for the position just after it.  A span that touches an
edit includes the replacement when the edit lies inside it, and excludes text
inserted exactly at its boundary.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from .compiled import compiled

Edit = tuple[int, int, str]


def _map(x: int, src_s: Sequence[int], src_e: Sequence[int],
         dst_s: Sequence[int], dst_e: Sequence[int], side: str) -> int:
    i = bisect_right(src_s, x) - 1
    if i < 0:
        return x
    s, e = src_s[i], src_e[i]
    if x >= e:
        if side == "end" and x == s == e:
            return dst_s[i]
        return dst_e[i] + (x - e)
    # s <= x < e: the position falls on or inside an edited stretch
    if x == s or side == "start":
        return dst_s[i]
    return dst_e[i]


#: From this many positions on, :func:`_map_many` maps them with numpy; below, one by one is faster.
_VECTOR_FROM = 256


def _map_many(x: Sequence[int], src_s, src_e, dst_s, dst_e, side: str) -> list[int]:
    """:func:`_map` for many positions at once (compiled: ``_textspan.map_positions``)."""
    if not src_s:
        return list(x)
    core = compiled("_textspan")
    if core is not None:
        return core.map_positions(x, src_s, src_e, dst_s, dst_e, side == "end")
    return _map_many_reference(x, src_s, src_e, dst_s, dst_e, side)


def _map_many_reference(x: Sequence[int], src_s, src_e, dst_s, dst_e, side: str) -> list[int]:
    """:func:`_map_many` in Python: the reference of ``_textspan.map_positions``."""
    if not src_s:
        return list(x)
    if len(x) < _VECTOR_FROM:
        return [_map(p, src_s, src_e, dst_s, dst_e, side) for p in x]
    import numpy as np

    x = np.asarray(x, dtype=np.int64)
    src_s, src_e = np.asarray(src_s, dtype=np.int64), np.asarray(src_e, dtype=np.int64)
    dst_s, dst_e = np.asarray(dst_s, dtype=np.int64), np.asarray(dst_e, dtype=np.int64)
    i = np.searchsorted(src_s, x, side="right") - 1
    j = np.maximum(i, 0)
    s, e, ds, de = src_s[j], src_e[j], dst_s[j], dst_e[j]
    after = de + (x - e)
    if side == "end":
        after = np.where((x == s) & (s == e), ds, after)
        inside = np.where(x == s, ds, de)
    else:
        inside = ds
    return np.where(i < 0, x, np.where(x >= e, after, inside)).tolist()


def substrings(text: str, starts: Sequence[int], ends: Sequence[int]) -> list[str]:
    """``text[a:b]`` for each ``a`` of ``starts`` and ``b`` of ``ends`` (compiled: ``_textspan.substrings``):
    the surfaces of a text's mentions, for the tables."""
    core = compiled("_textspan")
    if core is not None:
        return core.substrings(text, starts, ends)
    return _substrings(text, starts, ends)


def _substrings(text: str, starts: Sequence[int], ends: Sequence[int]) -> list[str]:
    """:func:`substrings` in Python: the reference of ``_textspan.substrings``."""
    return [text[a:b] for a, b in zip(starts, ends)]


@dataclass(frozen=True)
class Alignment:
    """Maps positions between the input (``old``) and output (``new``) of one step."""

    old_starts: tuple[int, ...] = ()
    old_ends: tuple[int, ...] = ()
    new_starts: tuple[int, ...] = ()
    new_ends: tuple[int, ...] = ()

    def to_new(self, pos: int, side: str = "start") -> int:
        return _map(pos, self.old_starts, self.old_ends, self.new_starts, self.new_ends, side)

    def to_old(self, pos: int, side: str = "start") -> int:
        return _map(pos, self.new_starts, self.new_ends, self.old_starts, self.old_ends, side)

    def to_new_many(self, positions, side: str = "start"):
        """:meth:`to_new` for an array of positions."""
        return _map_many(positions, self.old_starts, self.old_ends, self.new_starts, self.new_ends, side)

    def to_old_many(self, positions, side: str = "start"):
        """:meth:`to_old` for an array of positions."""
        return _map_many(positions, self.new_starts, self.new_ends, self.old_starts, self.old_ends, side)

    def __bool__(self) -> bool:
        return bool(self.old_starts)


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, Alignment]:
    """Apply sorted, non-overlapping ``(start, end, replacement)`` edits (tuples with more items, such as
    the cleaning steps' ``kind`` and ``evidence``, are read for their first three).

    Returns the new text and the alignment between the two; edits that change
    nothing are dropped from the alignment. Raises ``ValueError`` for edits
    that overlap, run backwards or leave the text.
    """
    core = compiled("_textspan")
    if core is None:
        return _apply_edits(text, edits)
    new, *alignment = core.apply_edits(text, edits)
    return new, Alignment(*alignment)


def _apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, Alignment]:
    """:func:`apply_edits` in Python: the reference of ``_textspan.apply_edits``."""
    parts: list[str] = []
    os_, oe_, ns_, ne_ = [], [], [], []
    pos = 0
    out_len = 0
    for edit in edits:
        start, end, repl = edit[0], edit[1], edit[2]
        if start < pos or end < start or end > len(text):
            raise ValueError(f"bad edit ({start}, {end}) after position {pos} in text of length {len(text)}")
        if text[start:end] == repl:
            continue
        keep = text[pos:start]
        parts.append(keep)
        out_len += len(keep)
        parts.append(repl)
        os_.append(start)
        oe_.append(end)
        ns_.append(out_len)
        out_len += len(repl)
        ne_.append(out_len)
        pos = end
    if not os_:
        return text, Alignment()
    parts.append(text[pos:])
    return "".join(parts), Alignment(tuple(os_), tuple(oe_), tuple(ns_), tuple(ne_))


@dataclass
class AlignmentChain:
    """The alignments of successive steps, raw text first."""

    steps: list[Alignment] = field(default_factory=list)

    def append(self, alignment: Alignment) -> None:
        if alignment:
            self.steps.append(alignment)

    def to_raw(self, pos: int, side: str = "start", upto: int | None = None) -> int:
        """Map a position in the output of step ``upto`` (default: the last) back to raw text."""
        steps = self.steps if upto is None else self.steps[:upto]
        for alignment in reversed(steps):
            pos = alignment.to_old(pos, side)
        return pos

    def forward(self, pos: int, side: str = "start", since: int = 0) -> int:
        """Map a position forward through the steps from index ``since`` on (0: from raw text)."""
        for alignment in self.steps[since:]:
            pos = alignment.to_new(pos, side)
        return pos

    def to_raw_many(self, positions, side: str = "start", upto: int | None = None):
        """:meth:`to_raw` for an array of positions."""
        steps = self.steps if upto is None else self.steps[:upto]
        positions = list(positions)
        for alignment in reversed(steps):
            positions = alignment.to_old_many(positions, side)
        return positions

    def forward_many(self, positions, side: str = "start", since: int = 0):
        """:meth:`forward` for an array of positions."""
        positions = list(positions)
        for alignment in self.steps[since:]:
            positions = alignment.to_new_many(positions, side)
        return positions

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        return self.to_raw(start, "start"), self.to_raw(end, "end")

    def span_from_raw(self, start: int, end: int) -> tuple[int, int]:
        return self.forward(start, "start"), self.forward(end, "end")
