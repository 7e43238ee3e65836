# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Compiled offset-tracked edits: the hot loops of :mod:`workbench.textspan`.

Cleaning applies five or six steps of edits to every text and maps the change records' offsets
through each step. Each function computes exactly what its pure-Python reference in
``workbench.textspan`` computes (that code stays, and ``tests/test_textspan.py`` checks the two
give equal output, errors included):

- :func:`apply_edits` is ``textspan._apply_edits``: it compares an edit with the text it replaces
  without a slice, and builds the alignment without a Python loop;
- :func:`map_positions` is ``textspan._map`` for a list of positions, with the alignment read
  into C arrays once rather than searched through Python tuples per position;
- :func:`map_chain` is ``cleaning._to_raw_and_final_reference`` for one side of one kind of span: each
  position through the steps it has still to cross, without a call per step;
- :func:`substrings` is ``textspan._substrings``: the texts of many spans of one text.
"""

from cpython.tuple cimport PyTuple_GET_ITEM, PyTuple_GET_SIZE
from cpython.unicode cimport PyUnicode_Substring
from libc.stdlib cimport free, malloc

from workbench._pyunicode cimport PyUnicode_DATA, PyUnicode_GET_LENGTH, PyUnicode_KIND, PyUnicode_READ


cdef bint same_text(str text, Py_ssize_t start, Py_ssize_t end, str repl):
    """``text[start:end] == repl``, without the slice."""
    cdef Py_ssize_t n = end - start, i
    if PyUnicode_GET_LENGTH(repl) != n:
        return False
    cdef int tk = PyUnicode_KIND(text), rk = PyUnicode_KIND(repl)
    cdef void *td = PyUnicode_DATA(text)
    cdef void *rd = PyUnicode_DATA(repl)
    for i in range(n):
        if PyUnicode_READ(tk, td, start + i) != PyUnicode_READ(rk, rd, i):
            return False
    return True


def apply_edits(str text, edits):
    """``(new text, old_starts, old_ends, new_starts, new_ends)`` for the sorted, non-overlapping ``edits``
    (each a sequence whose first three items are ``start, end, replacement``); edits that change nothing
    are left out of the four tuples. Raises ``ValueError`` for an edit that overlaps the one before, runs
    backwards or leaves the text."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), pos = 0, out_len = 0, start, end
    cdef list parts = [], os_ = [], oe_ = [], ns_ = [], ne_ = []
    cdef str repl
    for e in edits:
        start, end, repl = e[0], e[1], e[2]
        if start < pos or end < start or end > n:
            raise ValueError(f"bad edit ({start}, {end}) after position {pos} in text of length {n}")
        if same_text(text, start, end, repl):
            continue
        parts.append(text[pos:start])
        out_len += start - pos
        parts.append(repl)
        os_.append(start)
        oe_.append(end)
        ns_.append(out_len)
        out_len += PyUnicode_GET_LENGTH(repl)
        ne_.append(out_len)
        pos = end
    if not os_:
        return text, (), (), (), ()
    parts.append(text[pos:])
    return "".join(parts), tuple(os_), tuple(oe_), tuple(ns_), tuple(ne_)


cdef Py_ssize_t *read_ints(tuple values) except? NULL:
    cdef Py_ssize_t k = len(values), i
    cdef Py_ssize_t *out = <Py_ssize_t *> malloc((k + 1) * sizeof(Py_ssize_t))
    if out == NULL:
        raise MemoryError()
    try:
        for i in range(k):
            out[i] = values[i]
    except BaseException:
        free(out)
        raise
    return out


def map_positions(positions, tuple src_s, tuple src_e, tuple dst_s, tuple dst_e, bint end_side):
    """Each of ``positions`` mapped through the edited stretches ``src_s[i]:src_e[i]`` ->
    ``dst_s[i]:dst_e[i]`` (sorted by start), on the ``"end"`` side when ``end_side`` else the
    ``"start"`` side: see ``textspan._map``."""
    cdef Py_ssize_t k = len(src_s), lo, hi, mid, i, x, s, e
    cdef list out = []
    if k == 0:
        return list(positions)
    if len(src_e) != k or len(dst_s) != k or len(dst_e) != k:
        raise ValueError("the four alignment tuples must have one length")
    cdef Py_ssize_t *ss = NULL
    cdef Py_ssize_t *se = NULL
    cdef Py_ssize_t *ds = NULL
    cdef Py_ssize_t *de = NULL
    try:
        ss = read_ints(src_s)
        se = read_ints(src_e)
        ds = read_ints(dst_s)
        de = read_ints(dst_e)
        for p in positions:
            x = p
            lo, hi = 0, k  # the last edit whose start is <= x: bisect_right - 1
            while lo < hi:
                mid = (lo + hi) >> 1
                if x < ss[mid]:
                    hi = mid
                else:
                    lo = mid + 1
            i = lo - 1
            if i < 0:
                out.append(x)
                continue
            s, e = ss[i], se[i]
            if x >= e:
                if end_side and x == s and s == e:
                    out.append(ds[i])
                else:
                    out.append(de[i] + (x - e))
            elif x == s or not end_side:
                out.append(ds[i])
            else:
                out.append(de[i])
    finally:
        free(ss)
        free(se)
        free(ds)
        free(de)
    return out


def substrings(str text, starts, ends):
    """``[text[a:b] for a, b in zip(starts, ends)]``, without a Python step per span."""
    cdef Py_ssize_t a, b
    cdef list out = []
    for start, end in zip(starts, ends):
        a, b = start, end
        if a < 0 or b < 0:  # counted from the end, as a slice does
            out.append(text[a:b])
        else:
            out.append(PyUnicode_Substring(text, a, b))
    return out


cdef inline Py_ssize_t item(tuple values, Py_ssize_t i) except? -1:
    return <object> PyTuple_GET_ITEM(values, i)


cdef Py_ssize_t map_one(Py_ssize_t x, tuple src_s, tuple src_e, tuple dst_s, tuple dst_e, bint end_side) except? -1:
    """``textspan._map``: ``x`` through the edited stretches ``src_s[i]:src_e[i]`` -> ``dst_s[i]:dst_e[i]``."""
    cdef Py_ssize_t lo = 0, hi = PyTuple_GET_SIZE(src_s), mid, i, s, e
    while lo < hi:
        mid = (lo + hi) >> 1
        if x < item(src_s, mid):
            hi = mid
        else:
            lo = mid + 1
    i = lo - 1
    if i < 0:
        return x
    s, e = item(src_s, i), item(src_e, i)
    if x >= e:
        if end_side and x == s and s == e:
            return item(dst_s, i)
        return item(dst_e, i) + (x - e)
    if x == s or not end_side:
        return item(dst_s, i)
    return item(dst_e, i)


def map_chain(list positions, list since, list steps, bint back, bint end_side):
    """Each of ``positions`` mapped through the alignments ``steps`` (``(old_starts, old_ends, new_starts,
    new_ends)`` tuples, raw text first) on the ``"end"`` side when ``end_side`` else the ``"start"`` side:
    with ``back``, position ``i`` (in the input of step ``since[i] - 1``) back to the raw text through steps
    ``since[i] - 2`` down to 0; else (in the output of step ``since[i] - 1``) forward to the last output
    through steps ``since[i]`` on."""
    cdef Py_ssize_t i, j, x, n = len(positions), k = len(steps)
    cdef tuple step
    cdef list out = []
    if len(since) != n:
        raise ValueError("one step index per position")
    for i in range(n):
        x = positions[i]
        j = since[i]
        if not 1 <= j <= k:
            raise ValueError(f"step index {j} outside 1..{k}")
        if back:
            for j in range(j - 2, -1, -1):
                step = steps[j]
                x = map_one(x, step[2], step[3], step[0], step[1], end_side)
        else:
            for j in range(j, k):
                step = steps[j]
                x = map_one(x, step[0], step[1], step[2], step[3], end_side)
        out.append(x)
    return out
