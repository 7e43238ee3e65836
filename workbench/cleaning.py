"""Cleaning: from ``raw_text`` to display ``text`` a researcher can trust.

The steps, in order, each an offset-tracked rewrite (:mod:`workbench.textspan`):

1. ``unicode``: presentation forms (NFKC), odd spaces, invisible and control
   characters, tatweel, line breaks, NFC composition (:mod:`workbench.normalise`).
2. ``spacing``: a space after sentence punctuation glued to the next word.
3. ``glue``: words glued by lost line breaks split (:mod:`workbench.glue`).
4. ``furniture``: breadcrumbs, site names, repeated headlines, keyword lines,
   comment notices, image captions; source lines and datelines become
   metadata (:mod:`workbench.furniture`).
5. ``reflow``: a long line broken mid-sentence joined to the next one.
6. ``whitespace``: runs of spaces folded, lines trimmed, at most one blank line.

Every step sees the words as the reader will (glued words already split),
so a second cleaning changes nothing.

Every change is recorded in a changes table so that it can be audited and
undone; see :func:`clean_text` for its columns.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Iterable

import pandas as pd

from .compiled import compiled
from .furniture import FurnitureRules, find_furniture
from .glue import GlueModel, glue_edits, load_glue_model
from .normalise import reflow_edits, spacing_edits, unicode_edits, whitespace_edits
from .textspan import AlignmentChain, apply_edits

#: Columns of the changes table.
CHANGE_COLUMNS = ["doc_id", "step", "kind", "start", "end", "raw_start", "raw_end", "before", "after",
                  "evidence", "current"]
#: Change kinds that are not listed one by one (only counted): whitespace folding.
QUIET_KINDS = frozenset({"whitespace", "space"})


@dataclass
class CleanedText:
    """The result of cleaning one text."""

    text: str
    title: str = ""
    source: str = ""
    dateline: str = ""
    changes: list[dict] = field(default_factory=list)
    chain: AlignmentChain = field(default_factory=AlignmentChain)

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the cleaned text back to the raw text."""
        return self.chain.span_to_raw(start, end)


@dataclass(frozen=True)
class Cleaner:
    """The cleaning configuration: furniture rules and glued-word model."""

    glue: GlueModel | None = None
    furniture: FurnitureRules | None = None
    repair_glued: bool = True

    def clean(self, raw: str) -> CleanedText:
        return clean_text(raw, cleaner=self)


def make_cleaner(extra_words: Iterable[str] | None = None, repair_glued: bool = True) -> Cleaner:
    """A :class:`Cleaner` with the shipped rules.

    ``extra_words`` guide glued-word repair (they are never split, and count as
    common parts); by default, every name and alias of the package entity
    lexicon, so ``وكالةسبوتنيك`` splits at the agency's name.
    """
    if extra_words is None and repair_glued:
        from .lexicon import alias_table, load_lexicon

        extra_words = alias_table(load_lexicon())["alias"].tolist()
    glue = load_glue_model(extra_words or ()) if repair_glued else None
    return Cleaner(glue=glue, repair_glued=repair_glued)


def clean_text(raw: str, cleaner: Cleaner | None = None) -> CleanedText:
    """Clean one raw text.

    Each entry of ``changes`` has: ``step``, ``kind``, ``start``/``end`` (the
    span of ``after`` in the cleaned text), ``raw_start``/``raw_end`` (the span
    that was rewritten, in the raw text), ``before`` (the text the step
    rewrote), ``after`` (what it wrote) and ``evidence``.
    """
    if not isinstance(raw, str):
        raise TypeError(f"clean_text expects a str, not {type(raw).__name__}")
    cleaner = cleaner or make_cleaner()
    chain = AlignmentChain()
    # change records in the order of their steps, each with the index of the step output it lives in
    # (its raw span is first in the step's input, its span in the step's output; both mapped at the end)
    pending: list[tuple[dict, int]] = []
    text = raw
    meta = {"title": "", "source": "", "dateline": ""}

    def run(step: str, edits: list) -> None:
        nonlocal text
        if not edits:
            return
        step_input = text
        text, alignment = apply_edits(step_input, edits)
        listed = [e for e in edits if e[3] not in QUIET_KINDS and step_input[e[0]:e[1]] != e[2]]
        if listed:
            since = len(chain.steps) + 1
            new_starts = alignment.to_new_many([e[0] for e in listed], "end")  # just before each replacement
            for e, new_start in zip(listed, new_starts):
                start, end, repl = e[0], e[1], e[2]
                record = {"step": step, "kind": e[3], "start": new_start, "end": new_start + len(repl),
                          "raw_start": start, "raw_end": end, "before": step_input[start:end], "after": repl,
                          "evidence": e[4] if len(e) > 4 else ""}
                pending.append((record, since))
        chain.append(alignment)

    run("unicode", unicode_edits(text))
    run("spacing", spacing_edits(text))
    if cleaner.repair_glued and cleaner.glue is not None:
        run("glue", glue_edits(text, cleaner.glue))
    furniture = find_furniture(text, cleaner.furniture)
    meta.update(title=furniture.title, source=furniture.source, dateline=furniture.dateline)
    title_step = len(chain.steps)
    run("furniture", furniture.edits)
    run("reflow", reflow_edits(text))
    run("whitespace", whitespace_edits(text))
    changes = [record for record, _ in pending]
    _to_raw_and_final(changes, [since for _, since in pending], chain)
    for record in changes:
        record["current"] = text[record["start"]:record["end"]] == record["after"]
    title = meta["title"]
    if furniture.title_start is not None:
        pos = chain.forward(furniture.title_start, "start", since=title_step)
        line_end = text.find("\n", pos)
        title = text[pos: line_end if line_end >= 0 else len(text)]
    title = " ".join(title.split())
    return CleanedText(text=text, title=title, source=" ".join(meta["source"].split()),
                       dateline=meta["dateline"], changes=changes, chain=chain)


def _to_raw_and_final(records: list[dict], since: list[int], chain: AlignmentChain) -> None:
    """Map each record's raw span (in the input of its step, the output of step ``since - 1``) back to the
    raw text, and its span (in the output of step ``since``) forward to the cleaned text (compiled:
    ``_textspan.map_chain``, one call per side; :func:`_to_raw_and_final_reference` is the reference)."""
    if not records:
        return
    core = compiled("_textspan")
    if core is None:
        _to_raw_and_final_reference(records, since, chain)
        return
    steps = [(a.old_starts, a.old_ends, a.new_starts, a.new_ends) for a in chain.steps]
    raw_starts = core.map_chain([r["raw_start"] for r in records], since, steps, True, False)
    raw_ends = core.map_chain([r["raw_end"] for r in records], since, steps, True, True)
    starts = core.map_chain([r["start"] for r in records], since, steps, False, False)
    ends = core.map_chain([r["end"] for r in records], since, steps, False, True)
    for record, raw_start, raw_end, start, end in zip(records, raw_starts, raw_ends, starts, ends):
        record.update(raw_start=raw_start, raw_end=raw_end, start=start, end=max(start, end))


def _to_raw_and_final_reference(records: list[dict], since: list[int], chain: AlignmentChain) -> None:
    """:func:`_to_raw_and_final` step by step: ``since`` is ascending, so the records a step maps are a
    prefix or a suffix, one call per step and side (the same positions as
    :meth:`AlignmentChain.to_raw_many` and :meth:`~AlignmentChain.forward_many` record by record)."""
    if not records:
        return
    raw_starts, raw_ends = [r["raw_start"] for r in records], [r["raw_end"] for r in records]
    starts, ends = [r["start"] for r in records], [r["end"] for r in records]
    n = len(records)
    for j in range(len(chain.steps) - 1, -1, -1):  # back: the records of the steps after step j
        lo = bisect_left(since, j + 2)
        if lo < n:
            raw_starts[lo:] = chain.steps[j].to_old_many(raw_starts[lo:], "start")
            raw_ends[lo:] = chain.steps[j].to_old_many(raw_ends[lo:], "end")
    for j in range(len(chain.steps)):  # forward: the records of step j and those before
        hi = bisect_right(since, j)
        if hi:
            starts[:hi] = chain.steps[j].to_new_many(starts[:hi], "start")
            ends[:hi] = chain.steps[j].to_new_many(ends[:hi], "end")
    for record, raw_start, raw_end, start, end in zip(records, raw_starts, raw_ends, starts, ends):
        record.update(raw_start=raw_start, raw_end=raw_end, start=start, end=max(start, end))


def revert_changes(text: str, changes: pd.DataFrame) -> str:
    """Undo selected changes of the last cleaning step (e.g. glued-word repairs) in ``text``.

    ``changes`` holds rows of the changes table for one document whose
    ``after`` still stands at ``start:end`` in ``text``.
    """
    out, pos = [], 0
    for row in changes.sort_values("start").itertuples(index=False):
        if text[row.start:row.end] != row.after:
            raise ValueError(f"change at {row.start}:{row.end} no longer matches the text: {row.after!r}")
        out.append(text[pos:row.start])
        out.append(row.before)
        pos = row.end
    out.append(text[pos:])
    return "".join(out)
