"""Where round and date mentions may be in a matching form: both scans from one pass over it.

The round scan (:func:`workbench.rounds._scan`) and the date scan (:func:`workbench.dates._scan`) each look
for their words with an Aho-Corasick automaton over the matching form. With the compiled core, one automaton
holds both sets of words (each value has the round kinds in its low byte and the date kinds in the next), so
a text is read once for both. The rounds step asks first and the date part is kept for the last texts
(:data:`KEEP`), like the matching form: the dates step reads it (read only) later, and scans a text the
rounds step has not seen, or no longer keeps, for its dates alone. Without the compiled core each module
runs its own pure-Python reference.
"""

from __future__ import annotations

from functools import lru_cache

from .anchored import kinds_table
from .compiled import compiled

#: Characters around a month name or year word that the date pattern may use (``dates._scan``'s windows).
DATE_WINDOW = (45, 45)


@lru_cache(maxsize=1)
def _table() -> tuple:
    """The round and the date words as one automaton table; values: round kinds | date kinds << 8."""
    from .dates import _date_kinds
    from .rounds import _round_kinds

    kinds = dict(_round_kinds())
    for word, kind in _date_kinds().items():
        kinds[word] = kinds.get(word, 0) | kind << 8
    return kinds_table(kinds)


#: How many forms keep their date scan for the dates step (the pipeline's chunks are 200 articles).
KEEP = 256
_KEPT: dict[str, tuple] = {}  # a memo like the matching form's: form -> date scan, oldest first


def round_hits(form: str) -> tuple:
    """What ``rounds._hits_reference`` gives for ``form``, from one compiled pass that also finds its date windows and
    starts: those are kept (for the last :data:`KEEP` forms) for :func:`date_hits`. Read only."""
    rounds_part, dates_part = _both(form)
    _KEPT[form] = dates_part
    if len(_KEPT) > KEEP:
        del _KEPT[next(iter(_KEPT))]  # the oldest
    return rounds_part


def date_hits(form: str) -> tuple:
    """What the compiled ``date_scan`` gives for ``form`` (windows of :data:`DATE_WINDOW`): kept by
    :func:`round_hits`, else scanned for the dates alone. Read only."""
    found = _KEPT.get(form)
    if found is not None:
        return found
    date_scan, automaton, bits = _date_scan_args()
    return date_scan(form, automaton, bits, *DATE_WINDOW)


def _both(form: str) -> tuple[tuple, tuple]:
    """``(round hits, date windows and starts)`` from one pass of the compiled ``round_and_date_hits``."""
    both, automaton, round_bits, date_bits = _both_args()
    return both(form, automaton, round_bits, date_bits, *DATE_WINDOW)


@lru_cache(maxsize=1)
def _both_args() -> tuple:
    """The compiled one-pass scan and what it runs on: the automaton of :func:`_table` (read once), the round
    and the date kind bits (what each text's call would otherwise import and look up again)."""
    from .dates import _DIGIT, _START, _WINDOW
    from .rounds import _KIND_BITS

    scan = compiled("_textscan")
    return scan.round_and_date_hits, scan.Automaton(_table()), _KIND_BITS, (_WINDOW, _START, _DIGIT)


@lru_cache(maxsize=1)
def _date_scan_args() -> tuple:
    """The compiled date scan, its automaton (read once) and kind bits."""
    from .dates import _DIGIT, _START, _WINDOW, _date_automaton

    return compiled("_textscan").date_scan, _date_automaton(), (_WINDOW, _START, _DIGIT)
