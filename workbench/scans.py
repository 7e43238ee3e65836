"""Where round and date mentions may be in a matching form: both scans from one pass over it.

The round scan (:func:`workbench.rounds._scan`) and the date scan (:func:`workbench.dates._scan`) each look
for their words with an Aho-Corasick automaton over the matching form. With the compiled core, one automaton
holds both sets of words (each value has the round kinds in its low byte and the date kinds in the next), so
a text is read once for both. The result is memoised for the last texts seen, like the matching form: the
rounds step asks first, the dates step reads the same result (read only) later. Without the compiled core
each module runs its own pure-Python reference.
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


@lru_cache(maxsize=256)
def round_and_date_hits(form: str) -> tuple[tuple, tuple]:
    """``(round hits, date windows and starts)``: what the compiled ``round_hits`` and ``date_scan`` (windows
    of :data:`DATE_WINDOW`) give for ``form``, from one pass. Memoised; the lists must not be changed."""
    from .dates import _DIGIT, _START, _WINDOW
    from .rounds import _KIND_BITS

    return compiled("_textscan").round_and_date_hits(form, _table(), _KIND_BITS, (_WINDOW, _START, _DIGIT),
                                                     *DATE_WINDOW)
