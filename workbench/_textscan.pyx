# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Compiled per-character scans that every pipeline step runs on every text.

Each function computes exactly what its pure-Python reference computes (that code stays, and
``tests/test_textscan.py`` checks the two give equal output):

- :func:`fold` is :func:`workbench.matchform.match_form` without the numpy round trip through UTF-32;
- :func:`sentence_spans` is ``workbench.sentences._sentence_spans`` without a regex match, a slice
  and two strips per sentence;
- :func:`class_counts` and :func:`other_digits` are the counts and positions of ``workbench.arabic``
  without a UTF-32 copy of the text and a numpy array per step;
- :func:`word_runs` is the regex ``findall`` of ``workbench.arabic.word_runs`` (glued-word repair looks
  at every run of Arabic letters and diacritics).
"""

cimport cython
import numpy as np
from libc.stdint cimport int64_t, uint8_t, uint32_t
from libc.stdlib cimport free, malloc


cdef extern from "Python.h":
    int PyUnicode_KIND(object)
    void *PyUnicode_DATA(object)
    Py_ssize_t PyUnicode_GET_LENGTH(object)
    Py_UCS4 PyUnicode_READ(int kind, void *data, Py_ssize_t index) nogil
    object PyUnicode_FromKindAndData(int kind, const void *buffer, Py_ssize_t size)
    bint Py_UNICODE_ISSPACE(Py_UCS4 ch) nogil
    bint Py_UNICODE_ISDECIMAL(Py_UCS4 ch) nogil


cdef uint32_t DELETE = 0xFFFFFFFF


def fold(str text, const uint32_t[::1] table):
    """``(form, source)``: ``text`` through the code table ``table`` (``matchform.code_table``: one entry per
    character of the Basic Multilingual Plane, ``0xFFFFFFFF`` drops it; characters beyond it are kept),
    and for each character of ``form`` the index in ``text`` of the one it came from, then ``len(text)``."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), i, m = 0
    cdef uint32_t c, f
    if table.shape[0] < 0x10000:
        raise ValueError("the code table needs one entry per character of the Basic Multilingual Plane")
    source_array = np.empty(n + 1, dtype=np.int64)
    cdef int64_t[::1] source = source_array
    cdef uint32_t *out = <uint32_t *> malloc((n + 1) * sizeof(uint32_t))
    if out == NULL:
        raise MemoryError()
    try:
        for i in range(n):
            c = PyUnicode_READ(kind, data, i)
            f = table[c] if c < 0x10000 else c
            if f == DELETE:
                continue
            out[m] = f
            source[m] = i
            m += 1
        source[m] = n
        form = PyUnicode_FromKindAndData(4, out, m)
    finally:
        free(out)
    return form, source_array[:m + 1] if m < n else source_array


cdef inline bint is_end_mark(Py_UCS4 c) noexcept nogil:
    return c == u"." or c == u"!" or c == u"?" or c == u"\u061f" or c == u"\u2026"


cdef inline bint is_closer(Py_UCS4 c) noexcept nogil:
    return c == u'"' or c == u"\u201d" or c == u"\u2019" or c == u"\u00bb" or c == u")" or c == u"]"


cdef inline void add(list spans, int kind, void *data, Py_ssize_t start, Py_ssize_t end):
    """The sentence ``start:end`` without the whitespace around it, if anything is left."""
    while start < end and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, start)):
        start += 1
    while end > start and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, end - 1)):
        end -= 1
    if end > start:
        spans.append((start, end))


def sentence_spans(str text):
    """``(start, end)`` of each sentence of ``text``, as ``workbench.sentences._sentence_spans``.

    A sentence ends after a run of ``. ! ? ؟ …`` and any closing quotes or brackets, when a space or the
    end of the text follows; a run of line breaks ends one too.
    """
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0, j, k, pos = 0
    cdef Py_UCS4 c
    cdef list spans = []
    while i < n:
        c = PyUnicode_READ(kind, data, i)
        if is_end_mark(c):
            j = i + 1
            while j < n and is_end_mark(PyUnicode_READ(kind, data, j)):
                j += 1
            k = j
            while k < n and is_closer(PyUnicode_READ(kind, data, k)):
                k += 1
            if k == n or Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, k)):
                add(spans, kind, data, pos, k)
                pos = k
                i = k
            else:
                i = j  # no shorter match can end before a space either: the regex fails inside the run too
        elif c == u"\n":
            j = i + 1
            while j < n and PyUnicode_READ(kind, data, j) == u"\n":
                j += 1
            add(spans, kind, data, pos, i)
            pos = j
            i = j
        else:
            i += 1
    add(spans, kind, data, pos, n)
    return spans


def class_counts(str text, const uint8_t[::1] table):
    """``(arabic letters, Latin letters, words)`` of ``text`` by the class bits of ``table``
    (``arabic._class_table``: 1 Arabic letter, 2 Latin letter, 4 word character, for every character of the
    Basic Multilingual Plane), or None if ``text`` has a character beyond it (the caller uses its regexes)."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), i, arabic = 0, latin = 0, words = 0
    cdef Py_UCS4 c
    cdef uint8_t bits, previous = 0
    if table.shape[0] < 0x10000:
        raise ValueError("the class table needs one entry per character of the Basic Multilingual Plane")
    for i in range(n):
        c = PyUnicode_READ(kind, data, i)
        if c >= 0x10000:  # only a four-byte string can hold one
            return None
        bits = table[c]
        arabic += bits & 1
        latin += (bits >> 1) & 1
        if bits & 4 and not previous & 4:
            words += 1
        previous = bits
    return arabic, latin, words


def other_digits(str text):
    """Positions of the decimal digits (``\\d``) other than 0-9 in ``text``, as ``workbench.arabic.other_digits``."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), i
    cdef Py_UCS4 c
    cdef list out = []
    if kind == 1:
        return out  # one-byte strings: no decimal digit beyond 0-9 (the first is U+0660)
    for i in range(n):
        c = PyUnicode_READ(kind, data, i)
        if c >= 0x80 and Py_UNICODE_ISDECIMAL(c):
            out.append(i)
    return out


def word_runs(str text, const uint8_t[::1] table, uint8_t bit, Py_ssize_t min_length):
    """The maximal runs of characters whose flags in ``table`` (one entry per character of the Basic
    Multilingual Plane) have ``bit``, at least ``min_length`` long, in order: ``re.findall`` of
    ``[class]{min_length,}``. A character beyond the BMP belongs to no class and ends a run."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), i, start = -1
    cdef Py_UCS4 c
    cdef list out = []
    if table.shape[0] < 0x10000:
        raise ValueError("the class table needs one entry per character of the Basic Multilingual Plane")
    if min_length < 1:
        min_length = 1
    for i in range(n + 1):
        if i < n:
            c = PyUnicode_READ(kind, data, i)
            if c < 0x10000 and table[c] & bit:
                if start < 0:
                    start = i
                continue
        if start >= 0:
            if i - start >= min_length:
                out.append(text[start:i])
            start = -1
    return out
