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

from dataclasses import dataclass, field
from typing import Iterable

import pandas as pd

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
    pending: list[tuple[dict, int]] = []  # change record, index of the step output it lives in
    text = raw
    meta = {"title": "", "source": "", "dateline": ""}

    def run(step: str, edits: list) -> None:
        nonlocal text
        if not edits:
            return
        step_input = text
        text, alignment = apply_edits(step_input, edits)
        n_before = len(chain.steps)
        listed = [e for e in edits if e[3] not in QUIET_KINDS and step_input[e[0]:e[1]] != e[2]]
        if listed:
            starts = [e[0] for e in listed]
            ends = [e[1] for e in listed]
            raw_starts = chain.to_raw_many(starts, "start") if n_before else starts
            raw_ends = chain.to_raw_many(ends, "end") if n_before else ends
            new_starts = alignment.to_new_many(starts, "end")  # just before each replacement
            for e, raw_start, raw_end, new_start in zip(listed, raw_starts, raw_ends, new_starts):
                start, end, repl, kind = e[0], e[1], e[2], e[3]
                record = {"step": step, "kind": kind, "start": new_start, "end": new_start + len(repl),
                          "raw_start": raw_start, "raw_end": raw_end,
                          "before": step_input[start:end], "after": repl,
                          "evidence": e[4] if len(e) > 4 else ""}
                pending.append((record, n_before + 1))
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

    for since in sorted({since for _, since in pending if since < len(chain.steps)}):
        records = [record for record, s in pending if s == since]
        starts = chain.forward_many([r["start"] for r in records], "start", since=since)
        ends = chain.forward_many([r["end"] for r in records], "end", since=since)
        for record, start, end in zip(records, starts, ends):
            record["start"], record["end"] = start, max(start, end)
    changes = []
    for record, _ in pending:
        record["current"] = text[record["start"]:record["end"]] == record["after"]
        changes.append(record)
    title = meta["title"]
    if furniture.title_start is not None:
        pos = chain.forward(furniture.title_start, "start", since=title_step)
        line_end = text.find("\n", pos)
        title = text[pos: line_end if line_end >= 0 else len(text)]
    title = " ".join(title.split())
    return CleanedText(text=text, title=title, source=" ".join(meta["source"].split()),
                       dateline=meta["dateline"], changes=changes, chain=chain)


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
