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
  at every run of Arabic letters and diacritics), and :class:`RunMemo` the runs a glued-word model has
  judged, looked up where they stand in a text (``workbench.glue._glue_edits_reference`` builds a set of
  the text's runs);
- :func:`squeeze_spaces` is ``" ".join(text.split())`` without a string per word (the duplicate key);
- :func:`content_lines` is ``workbench.furniture._content_lines`` with each line's ``_line_key``, without a
  string per line before it is stripped;
- :func:`matches_in_windows` is ``workbench.anchored._matches_in_windows_reference`` without a Python step
  per position tried;
- :func:`whitespace_edits` is ``workbench.normalise._whitespace_edits_reference`` in one pass, without a
  regular expression search per kind of run;
- :func:`round_and_date_hits` is ``workbench.rounds._hits_reference`` and ``workbench.dates._scan_reference``
  from one pass, and :func:`date_scan` the second alone (other windows, a form the rounds step has not
  scanned): where the round and date patterns may match, from an Aho-Corasick automaton laid out as a table
  (``workbench.trie.flat_automaton``) instead of ``pyahocorasick``, whose every hit is a Python tuple;
- :func:`word_window` is ``workbench.rounds._word_window_reference`` (the words around a round mention)
  without a string per word, and :class:`KeyFinder` tells whether a text holds a key of such a table (the
  cue filter of ``workbench.rounds._cue``), stopping at the first;
- :func:`merge_spans` is ``workbench.rounds._merge_reference`` (the windows the round patterns run in).
"""

cimport cython
import numpy as np
from cpython.unicode cimport PyUnicode_Substring
from libc.stdint cimport int32_t, int64_t, uint8_t, uint16_t, uint32_t
from libc.stdlib cimport calloc, free, malloc, qsort, realloc

from workbench._pyunicode cimport (PyUnicode_DATA, PyUnicode_FromKindAndData, PyUnicode_GET_LENGTH, PyUnicode_KIND,
                                    PyUnicode_READ, Py_UNICODE_ISALNUM, Py_UNICODE_ISALPHA, Py_UNICODE_ISDECIMAL,
                                    Py_UNICODE_ISSPACE)


cdef uint32_t DELETE = 0xFFFFFFFF

# the decimal digits of the Basic Multilingual Plane other than 0-9, looked up (the Unicode database call
# behind Py_UNICODE_ISDECIMAL would run for every Arabic letter)
cdef uint8_t OTHER_DIGIT_BMP[0x10000]
cdef Py_UCS4 _c
for _c in range(0x10000):
    OTHER_DIGIT_BMP[_c] = _c >= 0x80 and Py_UNICODE_ISDECIMAL(_c)


cdef inline bint is_other_digit(Py_UCS4 c) noexcept nogil:
    """A decimal digit (``\\d``) other than 0-9."""
    return OTHER_DIGIT_BMP[c] if c < 0x10000 else Py_UNICODE_ISDECIMAL(c)


# the whitespace of ``str.split`` in the Basic Multilingual Plane, looked up (the Unicode database call behind
# Py_UNICODE_ISSPACE would run for every Arabic letter)
cdef uint8_t SPACE_BMP[0x10000]
for _c in range(0x10000):
    SPACE_BMP[_c] = Py_UNICODE_ISSPACE(_c)


cdef inline bint is_space(Py_UCS4 c) noexcept nogil:
    """``Py_UNICODE_ISSPACE``: whitespace as ``str.split`` and ``str.isspace`` see it."""
    return SPACE_BMP[c] if c < 0x10000 else Py_UNICODE_ISSPACE(c)


# The per-character loops read a string's characters through a pointer of its own width (one, two or
# four bytes): each such function is compiled once per width, and a ``def`` picks the one for its text.
ctypedef fused char_t:
    uint8_t
    uint16_t
    uint32_t


cdef const uint8_t *class_table(const uint8_t[::1] table) except NULL:
    """The entries of a class table (one per character of the Basic Multilingual Plane), checked."""
    if table.shape[0] < 0x10000:
        raise ValueError("the class table needs one entry per character of the Basic Multilingual Plane")
    return &table[0]


cdef uint32_t *ucs4_buffer(Py_ssize_t n) except NULL:
    """Room for ``n`` characters (and one more) of a UCS-4 string being built; the caller frees it."""
    cdef uint32_t *out = <uint32_t *> malloc((n + 1) * sizeof(uint32_t))
    if out == NULL:
        raise MemoryError()
    return out


cdef Py_ssize_t fold_chars(const char_t *text, Py_ssize_t n, const uint32_t *table, uint32_t *out,
                          int64_t *source) noexcept nogil:
    cdef Py_ssize_t i, m = 0
    cdef uint32_t c, f
    for i in range(n):
        c = text[i]
        f = table[c] if c < 0x10000 else c
        if f == DELETE:
            continue
        out[m] = f
        source[m] = i
        m += 1
    return m


def fold(str text, const uint32_t[::1] table):
    """``(form, source)``: ``text`` through the code table ``table`` (``matchform.code_table``: one entry per
    character of the Basic Multilingual Plane, ``0xFFFFFFFF`` drops it; characters beyond it are kept),
    and for each character of ``form`` the index in ``text`` of the one it came from, then ``len(text)``."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), m
    if table.shape[0] < 0x10000:
        raise ValueError("the code table needs one entry per character of the Basic Multilingual Plane")
    source_array = np.empty(n + 1, dtype=np.int64)
    cdef int64_t[::1] source = source_array
    cdef uint32_t *out = ucs4_buffer(n)
    try:
        if kind == 1:
            m = fold_chars(<const uint8_t *> data, n, &table[0], out, &source[0])
        elif kind == 2:
            m = fold_chars(<const uint16_t *> data, n, &table[0], out, &source[0])
        else:
            m = fold_chars(<const uint32_t *> data, n, &table[0], out, &source[0])
        source[m] = n
        form = PyUnicode_FromKindAndData(4, out, m)
    finally:
        free(out)
    return form, source_array[:m + 1] if m < n else source_array


cdef inline bint is_end_mark(Py_UCS4 c) noexcept nogil:
    return c == u"." or c == u"!" or c == u"?" or c == u"\u061f" or c == u"\u2026"


cdef inline bint is_closer(Py_UCS4 c) noexcept nogil:
    return c == u'"' or c == u"\u201d" or c == u"\u2019" or c == u"\u00bb" or c == u")" or c == u"]"


cdef int add_sentence(list spans, const char_t *text, Py_ssize_t start, Py_ssize_t end) except -1:
    """The sentence ``start:end`` without the whitespace around it, if anything is left."""
    while start < end and is_space(text[start]):
        start += 1
    while end > start and is_space(text[end - 1]):
        end -= 1
    if end > start:
        spans.append((start, end))
    return 0


cdef list sentences(const char_t *text, Py_ssize_t n):
    cdef Py_ssize_t i = 0, j, k, pos = 0
    cdef Py_UCS4 c
    cdef list spans = []
    while i < n:
        c = text[i]
        if is_end_mark(c):
            j = i + 1
            while j < n and is_end_mark(text[j]):
                j += 1
            k = j
            while k < n and is_closer(text[k]):
                k += 1
            if k == n or is_space(text[k]):
                add_sentence(spans, text, pos, k)
                pos = k
                i = k
            else:
                i = j  # no shorter match can end before a space either: the regex fails inside the run too
        elif c == 0x0A:
            j = i + 1
            while j < n and text[j] == 0x0A:
                j += 1
            add_sentence(spans, text, pos, i)
            pos = j
            i = j
        else:
            i += 1
    add_sentence(spans, text, pos, n)
    return spans


def sentence_spans(str text):
    """``(start, end)`` of each sentence of ``text``, as ``workbench.sentences._sentence_spans``.

    A sentence ends after a run of ``. ! ? ؟ …`` and any closing quotes or brackets, when a space or the
    end of the text follows; a run of line breaks ends one too.
    """
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    if kind == 1:
        return sentences(<const uint8_t *> data, n)
    if kind == 2:
        return sentences(<const uint16_t *> data, n)
    return sentences(<const uint32_t *> data, n)


cdef tuple counts(const char_t *text, Py_ssize_t n, const uint8_t *table):
    cdef Py_ssize_t i, arabic = 0, latin = 0, words = 0
    cdef uint32_t c
    cdef uint8_t bits, previous = 0
    for i in range(n):
        c = text[i]
        if c >= 0x10000:  # only a four-byte string can hold one
            return None
        bits = table[c]
        arabic += bits & 1
        latin += (bits >> 1) & 1
        words += (bits >> 2) & ~(previous >> 2) & 1
        previous = bits
    return arabic, latin, words


def class_counts(str text, const uint8_t[::1] table):
    """``(arabic letters, Latin letters, words)`` of ``text`` by the class bits of ``table``
    (``arabic._class_table``: 1 Arabic letter, 2 Latin letter, 4 word character, for every character of the
    Basic Multilingual Plane), or None if ``text`` has a character beyond it (the caller uses its regexes)."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    cdef const uint8_t *classes = class_table(table)
    if kind == 1:
        return counts(<const uint8_t *> data, n, classes)
    if kind == 2:
        return counts(<const uint16_t *> data, n, classes)
    return counts(<const uint32_t *> data, n, classes)


cdef list other_digit_positions(const char_t *text, Py_ssize_t n):
    cdef Py_ssize_t i
    cdef list out = []
    for i in range(n):
        if text[i] >= 0x80 and is_other_digit(text[i]):
            out.append(i)
    return out


def other_digits(str text):
    """Positions of the decimal digits (``\\d``) other than 0-9 in ``text``, as ``workbench.arabic.other_digits``."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    if kind == 1:
        return []  # one-byte strings: no decimal digit beyond 0-9 (the first is U+0660)
    if kind == 2:
        return other_digit_positions(<const uint16_t *> data, n)
    return other_digit_positions(<const uint32_t *> data, n)


def word_runs(str text, const uint8_t[::1] table, uint8_t bit, Py_ssize_t min_length):
    """The maximal runs of characters whose flags in ``table`` (one entry per character of the Basic
    Multilingual Plane) have ``bit``, at least ``min_length`` long, in order: ``re.findall`` of
    ``[class]{min_length,}``. A character beyond the BMP belongs to no class and ends a run."""
    cdef Positions runs = empty()
    cdef Py_ssize_t i
    try:
        collect_runs(text, table, bit, min_length, &runs)
        return [text[runs.items[i]:runs.items[i + 1]] for i in range(0, runs.n, 2)]
    finally:
        release(&runs)


cdef uint32_t RUN_HASH_OFFSET = 2166136261  # 32-bit FNV-1a over a run's code points
cdef uint32_t RUN_HASH_PRIME = 16777619


cdef class RunMemo:
    """The runs of letters a glued-word model has judged (``GlueModel._seen``), each marked glued or not, in a
    hash table of their code points: a text's runs are looked up where they stand, without a string per run.

    ``scan`` gives what ``workbench.glue._glue_edits_reference`` reads from the set of a text's runs with set
    operations and ``str.find``: the runs not judged yet (once each, in order) and where the glued ones are.
    """
    cdef uint32_t *hashes
    cdef int64_t *starts    # where the slot's run starts in ``chars``
    cdef int32_t *lengths   # 0: an empty slot
    cdef uint8_t *glued
    cdef Py_ssize_t cap, n
    cdef uint32_t *chars
    cdef Py_ssize_t n_chars, chars_cap
    cdef public object generation  # the state of the model it was built from (``workbench.glue``)

    def __cinit__(self):
        self.allocate(1024)

    cdef int allocate(self, Py_ssize_t cap) except -1:
        """Empty slots for ``cap`` runs (a power of two); the caller keeps or frees the old ones."""
        self.cap = cap
        self.hashes = <uint32_t *> calloc(cap, sizeof(uint32_t))
        self.starts = <int64_t *> calloc(cap, sizeof(int64_t))
        self.lengths = <int32_t *> calloc(cap, sizeof(int32_t))
        self.glued = <uint8_t *> calloc(cap, sizeof(uint8_t))
        if self.hashes == NULL or self.starts == NULL or self.lengths == NULL or self.glued == NULL:
            raise MemoryError()
        return 0

    def __dealloc__(self):
        free(self.hashes); free(self.starts); free(self.lengths); free(self.glued); free(self.chars)

    def __len__(self):
        return self.n

    cdef Py_ssize_t find(self, int kind, void *data, Py_ssize_t a, Py_ssize_t b, uint32_t h) noexcept:
        """The slot of the run ``text[a:b]`` (hash ``h``), or of the empty slot where it would go: ``-1 - slot``."""
        cdef Py_ssize_t mask = self.cap - 1, i = h & mask, k, start
        cdef int32_t length = <int32_t> (b - a)
        while self.lengths[i]:
            if self.hashes[i] == h and self.lengths[i] == length:
                start = self.starts[i]
                for k in range(length):
                    if self.chars[start + k] != <uint32_t> PyUnicode_READ(kind, data, a + k):
                        break
                else:
                    return i
            i = (i + 1) & mask
        return -1 - i

    cdef int grow(self) except -1:
        cdef Py_ssize_t old_cap = self.cap, i, j, mask
        cdef uint32_t *hashes = self.hashes
        cdef int64_t *starts = self.starts
        cdef int32_t *lengths = self.lengths
        cdef uint8_t *glued = self.glued
        try:
            self.allocate(old_cap * 2)
        except MemoryError:
            free(self.hashes); free(self.starts); free(self.lengths); free(self.glued)
            self.hashes, self.starts, self.lengths, self.glued, self.cap = hashes, starts, lengths, glued, old_cap
            raise
        mask = self.cap - 1
        for i in range(old_cap):
            if lengths[i]:
                j = hashes[i] & mask
                while self.lengths[j]:
                    j = (j + 1) & mask
                self.hashes[j], self.starts[j], self.lengths[j], self.glued[j] = hashes[i], starts[i], lengths[i], glued[i]
        free(hashes); free(starts); free(lengths); free(glued)
        return 0

    def add(self, str run, bint glued):
        """Mark ``run`` (not empty) judged, and glued or not (a run added again keeps its first mark)."""
        cdef int kind = PyUnicode_KIND(run)
        cdef void *data = PyUnicode_DATA(run)
        cdef Py_ssize_t n = PyUnicode_GET_LENGTH(run), k, i
        cdef uint32_t h = RUN_HASH_OFFSET
        cdef uint32_t *grown
        if n == 0 or n > 0x7FFFFFFF:
            raise ValueError("a run is 1 to 2**31 - 1 characters long")
        for k in range(n):
            h = (h ^ <uint32_t> PyUnicode_READ(kind, data, k)) * RUN_HASH_PRIME
        i = self.find(kind, data, 0, n, h)
        if i >= 0:
            return
        if self.n_chars + n > self.chars_cap:
            self.chars_cap = max(2 * self.chars_cap, self.n_chars + n, 4096)
            grown = <uint32_t *> realloc(self.chars, self.chars_cap * sizeof(uint32_t))
            if grown == NULL:
                raise MemoryError()
            self.chars = grown
        for k in range(n):
            self.chars[self.n_chars + k] = <uint32_t> PyUnicode_READ(kind, data, k)
        i = -1 - i
        self.hashes[i], self.starts[i], self.lengths[i], self.glued[i] = h, self.n_chars, <int32_t> n, glued
        self.n_chars += n
        self.n += 1
        if 2 * self.n > self.cap:
            self.grow()

    def scan(self, str text, const uint8_t[::1] table, uint8_t bit, Py_ssize_t min_length):
        """``(unseen, hits)`` for the runs of :func:`word_runs` (``bit``, at least ``min_length`` long): the
        runs not in the memo (once each, in order) and ``(start, end)`` of each run marked glued, in order."""
        cdef Positions runs = empty()
        cdef int kind = PyUnicode_KIND(text)
        cdef void *data = PyUnicode_DATA(text)
        cdef Py_ssize_t i, k, a, b, slot
        cdef uint32_t h
        cdef list unseen = [], hits = []
        cdef set new = set()
        cdef str run
        try:
            collect_runs(text, table, bit, min_length, &runs)
            for i in range(0, runs.n, 2):
                a, b = runs.items[i], runs.items[i + 1]
                h = RUN_HASH_OFFSET
                for k in range(a, b):
                    h = (h ^ <uint32_t> PyUnicode_READ(kind, data, k)) * RUN_HASH_PRIME
                slot = self.find(kind, data, a, b, h)
                if slot >= 0:
                    if self.glued[slot]:
                        hits.append((a, b))
                    continue
                run = PyUnicode_Substring(text, a, b)
                if run not in new:
                    new.add(run)
                    unseen.append(run)
        finally:
            release(&runs)
        return unseen, hits


cdef list positions_of(const char_t *text, Py_ssize_t n, const uint8_t *table, uint8_t bit):
    cdef Py_ssize_t i
    cdef uint32_t c
    cdef list out = []
    for i in range(n):
        c = text[i]
        if c < 0x10000 and table[c] & bit:
            out.append(i)
    return out


def class_positions(str text, const uint8_t[::1] table, uint8_t bit):
    """The positions of the characters of ``text`` that have the class bit ``bit`` in ``table`` (one entry per
    character of the Basic Multilingual Plane; a character beyond it has no class), in order."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    cdef const uint8_t *classes = class_table(table)
    if kind == 1:
        return positions_of(<const uint8_t *> data, n, classes, bit)
    if kind == 2:
        return positions_of(<const uint16_t *> data, n, classes, bit)
    return positions_of(<const uint32_t *> data, n, classes, bit)


cdef list pairs_of(const char_t *text, Py_ssize_t n, const uint8_t *table, uint8_t first, uint8_t second):
    cdef Py_ssize_t i
    cdef uint32_t c
    cdef uint8_t previous = 0, bits
    cdef list out = []
    for i in range(n):
        c = text[i]
        bits = table[c] if c < 0x10000 else 0
        if previous & first and bits & second:
            out.append(i - 1)
        previous = bits
    return out


def class_pairs(str text, const uint8_t[::1] table, uint8_t first, uint8_t second):
    """The positions ``i`` where ``text[i]`` has the class bit ``first`` and ``text[i + 1]`` the bit
    ``second`` in ``table`` (one entry per character of the Basic Multilingual Plane; a character beyond
    it has no class), in order: where a pattern of the two classes can match, found without a regular
    expression stepping through every character."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    cdef const uint8_t *classes = class_table(table)
    if kind == 1:
        return pairs_of(<const uint8_t *> data, n, classes, first, second)
    if kind == 2:
        return pairs_of(<const uint16_t *> data, n, classes, first, second)
    return pairs_of(<const uint32_t *> data, n, classes, first, second)


cdef Py_ssize_t squeeze(const char_t *text, Py_ssize_t n, char_t *out) noexcept nogil:
    cdef Py_ssize_t i, m = 0
    cdef bint gap = False
    cdef char_t c
    for i in range(n):
        c = text[i]
        if is_space(c):
            gap = m > 0
            continue
        if gap:
            out[m] = 0x20
            m += 1
            gap = False
        out[m] = c
        m += 1
    return m


cdef Py_ssize_t squeeze_at(int kind, void *data, Py_ssize_t start, Py_ssize_t end, void *out) noexcept:
    """:func:`squeeze` of ``text[start:end]`` into ``out``, at the text's own width (``kind``)."""
    if kind == 1:
        return squeeze(<const uint8_t *> data + start, end - start, <uint8_t *> out)
    if kind == 2:
        return squeeze(<const uint16_t *> data + start, end - start, <uint16_t *> out)
    return squeeze(<const uint32_t *> data + start, end - start, <uint32_t *> out)


def squeeze_spaces(str text):
    """``" ".join(text.split())``: the words of ``text`` (split at Unicode whitespace) with one space between."""
    cdef int kind = PyUnicode_KIND(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    cdef void *out = malloc((n + 1) * kind)  # the text's own width: its characters are copied as they are
    if out == NULL:
        raise MemoryError()
    try:
        return PyUnicode_FromKindAndData(kind, out, squeeze_at(kind, PyUnicode_DATA(text), 0, n, out))
    finally:
        free(out)

cdef inline bint is_fold_space(Py_UCS4 c) noexcept nogil:
    return c == 0x20 or c == 0x09 or c == 0x0A


cdef int folds(const char_t *text, Py_ssize_t n, str kind, list edits) except -1:
    cdef Py_ssize_t lead = 0, trail = n, i, start, newlines
    cdef bint changed
    while lead < n and is_fold_space(text[lead]):
        lead += 1
    if lead == n:
        if n:
            edits.append((0, n, "", kind))
        return 0
    while is_fold_space(text[trail - 1]):  # text[lead] is not one: stops at lead + 1 at the latest
        trail -= 1
    if lead:
        edits.append((0, lead, "", kind))
    i = lead
    while i < trail:
        if not is_fold_space(text[i]):
            i += 1
            continue
        start, newlines = i, 0
        while is_fold_space(text[i]):  # text[trail - 1] is not one: stops before it
            newlines += text[i] == 0x0A
            i += 1
        if newlines == 0:  # folds to " "
            changed = i - start > 1 or text[start] == 0x09
            if changed:
                edits.append((start, i, " ", kind))
        elif newlines == 1:  # folds to "\n"
            if i - start > 1:
                edits.append((start, i, "\n", kind))
        elif i - start != 2:  # folds to "\n\n", which a run of two newlines already is
            edits.append((start, i, "\n\n", kind))
    if trail < n:
        edits.append((trail, n, "", kind))
    return 0


def whitespace_edits(str text, str kind):
    """The edits of ``workbench.normalise._whitespace_edits_reference``, each of kind ``kind``: runs of spaces,
    tabs and newlines folded (one newline in a run keeps one, two or more keep two, none a space), the
    text's leading and trailing runs removed; runs that folding leaves as they are give no edit."""
    cdef int width = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    cdef list edits = []
    if width == 1:
        folds(<const uint8_t *> data, n, kind, edits)
    elif width == 2:
        folds(<const uint16_t *> data, n, kind, edits)
    else:
        folds(<const uint32_t *> data, n, kind, edits)
    return edits

cdef int add_lines(str text, const char_t *data, Py_ssize_t n, list out) except -1:
    cdef Py_ssize_t i = 0, j, a, b, k, m
    cdef bint plain
    cdef void *buffer
    cdef str line
    while i <= n:
        j = i
        while j < n and data[j] != 0x0A:
            j += 1
        a, b = i, j
        while a < b and is_space(data[a]):
            a += 1
        while b > a and is_space(data[b - 1]):
            b -= 1
        if a < b:
            line = PyUnicode_Substring(text, a, b)
            plain = True  # its only whitespace is single spaces: the line is its own key
            for k in range(a, b):
                if is_space(data[k]) and (data[k] != 0x20 or data[k + 1] == 0x20):  # data[b - 1] is no space
                    plain = False
                    break
            if plain:
                out.append((line, i, j + 1 if j < n else n, line))
            else:
                buffer = malloc((b - a + 1) * sizeof(char_t))
                if buffer == NULL:
                    raise MemoryError()
                try:
                    m = squeeze(data + a, b - a, <char_t *> buffer)
                    out.append((line, i, j + 1 if j < n else n,
                                PyUnicode_FromKindAndData(sizeof(char_t), buffer, m)))
                finally:
                    free(buffer)
        i = j + 1
    return 0


def content_lines(str text):
    """``(line, start, end, key)`` for each line of ``text`` (split at ``"\\n"``) that is not blank: the line
    stripped, the start and end of the whole line (its newline included), and the stripped line with its
    whitespace squeezed (``" ".join(line.split())``, the line itself when that changes nothing), as
    ``workbench.furniture._content_lines`` and ``_line_key``."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    cdef list out = []
    if kind == 1:
        add_lines(text, <const uint8_t *> data, n, out)
    elif kind == 2:
        add_lines(text, <const uint16_t *> data, n, out)
    else:
        add_lines(text, <const uint32_t *> data, n, out)
    return out


def matches_in_windows(match, str form, list starts, list windows):
    """``anchored._matches_in_windows_reference``: for each window ``(a, b)`` of ``windows`` (sorted, disjoint),
    ``match(form, s, b)`` (a pattern's ``match``) at each position ``s`` of ``starts`` (sorted) in it that no
    earlier match of the window covers, as ``(window index, match)`` pairs in window order."""
    cdef list out = []
    cdef Py_ssize_t k = 0, n = len(starts), w, a, b, s, pos, lo, hi, mid
    for w in range(len(windows)):
        a, b = windows[w]
        lo, hi = k, n  # bisect_left(starts, a, k)
        while lo < hi:
            mid = (lo + hi) >> 1
            if <Py_ssize_t> starts[mid] < a:
                lo = mid + 1
            else:
                hi = mid
        k = lo
        pos = a
        while k < n:
            s = starts[k]
            if s >= b:
                break
            k += 1
            if s >= pos:
                m = match(form, s, b)
                if m is not None:
                    out.append((w, m))
                    pos = m.end()
    return out


# ---- word hits: every occurrence of every key of a flat automaton, in the order pyahocorasick reports them

cdef struct Positions:  # a growable array of positions (hits: start, end, kind, one after the other)
    Py_ssize_t *items
    Py_ssize_t n, cap


cdef int push(Positions *a, Py_ssize_t value) except -1:
    cdef Py_ssize_t *grown
    if a.n == a.cap:
        a.cap = a.cap * 2 + 16
        grown = <Py_ssize_t *> realloc(a.items, a.cap * sizeof(Py_ssize_t))
        if grown == NULL:
            raise MemoryError()
        a.items = grown
    a.items[a.n] = value
    a.n += 1
    return 0


cdef int push_hit(Positions *a, Py_ssize_t start, Py_ssize_t end, int32_t kind) except -1:
    """Add a hit: the key is ``form[start:end]``, ``kind`` its value (a bit set of kinds)."""
    push(a, start)
    push(a, end)
    push(a, kind)
    return 0


cdef inline Positions empty() noexcept:
    cdef Positions a
    a.items, a.n, a.cap = NULL, 0, 0
    return a


cdef void release(Positions *a) noexcept:
    free(a.items)


cdef int runs_of(const char_t *text, Py_ssize_t n, const uint8_t *table, uint8_t bit, Py_ssize_t min_length,
                 Positions *out) except -1:
    cdef Py_ssize_t i, start = -1
    cdef uint32_t c
    for i in range(n):
        c = text[i]
        if c < 0x10000 and table[c] & bit:
            if start < 0:
                start = i
        elif start >= 0:
            if i - start >= min_length:
                push(out, start)
                push(out, i)
            start = -1
    if start >= 0 and n - start >= min_length:
        push(out, start)
        push(out, n)
    return 0


cdef int collect_runs(str text, const uint8_t[::1] table, uint8_t bit, Py_ssize_t min_length,
                      Positions *out) except -1:
    """Push the start and end of each maximal run of characters with ``bit`` in ``table``, at least
    ``min_length`` (and 1) long, onto ``out`` (the runs of :func:`word_runs`)."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    cdef const uint8_t *classes = class_table(table)
    if min_length < 1:
        min_length = 1
    if kind == 1:
        return runs_of(<const uint8_t *> data, n, classes, bit, min_length, out)
    if kind == 2:
        return runs_of(<const uint16_t *> data, n, classes, bit, min_length, out)
    return runs_of(<const uint32_t *> data, n, classes, bit, min_length, out)


cdef int walk(const char_t *text, Py_ssize_t n, const uint16_t *alphabet, const int32_t *delta, Py_ssize_t width,
              const int32_t *out_start, const int32_t *out_value, const int32_t *out_length, int32_t digit,
              Positions *out, Positions *digits, Positions *others) except -1:
    cdef Py_ssize_t i, o, state = 0
    cdef uint32_t c
    for i in range(n):
        c = text[i]
        if c < 0x10000:
            state = delta[state * width + alphabet[c]]
        else:
            state = delta[state * width]
        for o in range(out_start[state], out_start[state + 1]):
            if out_value[o] == digit:
                push(digits, i)
            else:
                push_hit(out, i + 1 - out_length[o], i + 1, out_value[o])
        if c >= 0x80 and is_other_digit(c):
            push(others, i)
    return 0


cdef class Automaton:
    """The arrays of a ``workbench.trie.FlatAutomaton`` (a tuple of them, as ``anchored.kinds_table`` makes),
    checked and read once: the scans below take either, and the pipeline's callers keep one of these, so that
    a text's scan does not read five arrays' buffers again."""
    cdef const uint16_t[::1] alphabet
    cdef const int32_t[:, ::1] delta
    cdef const int32_t[::1] out_start, out_value, out_length

    def __init__(self, tuple arrays):
        self.alphabet, self.delta = arrays[0], arrays[1]
        self.out_start, self.out_value, self.out_length = arrays[2], arrays[3], arrays[4]
        if (self.alphabet.shape[0] < 0x10000 or self.out_start.shape[0] != self.delta.shape[0] + 1
                or self.delta.shape[0] == 0):
            raise ValueError("not the arrays of a workbench.trie.FlatAutomaton")


cdef Automaton as_automaton(automaton):
    return automaton if isinstance(automaton, Automaton) else Automaton(automaton)


cdef int collect_hits(int kind, void *data, Py_ssize_t n, Automaton automaton, int32_t digit, Positions *out,
                      Positions *digits, Positions *others) except -1:
    """Every occurrence of every key of ``automaton``, by end, the longest first, in one pass: the
    one-character keys whose value is ``digit`` (0-9) in ``digits``, the others in ``out``, and in ``others``
    the positions of the decimal digits other than 0-9."""
    cdef const uint16_t *alphabet = &automaton.alphabet[0]
    cdef const int32_t *delta = &automaton.delta[0, 0]
    cdef Py_ssize_t width = automaton.delta.shape[1]
    cdef const int32_t *out_start = &automaton.out_start[0]
    cdef const int32_t *value = &automaton.out_value[0] if automaton.out_value.shape[0] else NULL
    cdef const int32_t *length = &automaton.out_length[0] if automaton.out_length.shape[0] else NULL
    if kind == 1:
        walk(<const uint8_t *> data, n, alphabet, delta, width, out_start, value, length, digit, out, digits, others)
    elif kind == 2:
        walk(<const uint16_t *> data, n, alphabet, delta, width, out_start, value, length, digit, out, digits, others)
    else:
        walk(<const uint32_t *> data, n, alphabet, delta, width, out_start, value, length, digit, out, digits, others)
    return 0


cdef int by_value(const void *x, const void *y) noexcept nogil:
    cdef Py_ssize_t a = (<const Py_ssize_t *> x)[0], b = (<const Py_ssize_t *> y)[0]
    return (a > b) - (a < b)


cdef list sorted_unique(Positions *a):
    cdef list out = []
    cdef Py_ssize_t i
    if a.n:
        qsort(a.items, a.n, sizeof(Py_ssize_t), by_value)
    for i in range(a.n):
        if i == 0 or a.items[i] != a.items[i - 1]:
            out.append(a.items[i])
    return out


cdef inline bint is_clitic(Py_UCS4 c) noexcept nogil:
    return c == 0x648 or c == 0x641 or c == 0x628 or c == 0x644  # و ف ب ل


cdef inline bint is_ascii_digit(Py_UCS4 c) noexcept nogil:
    return 0x30 <= c <= 0x39


cdef inline bint al_at(int kind, void *data, Py_ssize_t p) noexcept nogil:
    """Does ``ال`` start at ``p`` (``p >= 0``, ``p + 1`` inside the text)?"""
    return PyUnicode_READ(kind, data, p) == 0x627 and PyUnicode_READ(kind, data, p + 1) == 0x644


cdef list with_clitics(int kind, void *data, Positions *starts, int most):
    """``starts`` and the positions up to ``most`` clitic letters before each, sorted, once each."""
    cdef Py_ssize_t lo = 0, hi, i, s
    cdef int round_
    for round_ in range(most):
        hi = starts.n
        for i in range(lo, hi):
            s = starts.items[i]
            if s > 0 and is_clitic(PyUnicode_READ(kind, data, s - 1)):
                push(starts, s - 1)
        lo = hi
    return sorted_unique(starts)


cdef list word_starts(int kind, void *data, list starts):
    """The positions of ``starts`` that start a word: no word character (``\\w``) just before them."""
    cdef Py_UCS4 c
    cdef list out = []
    cdef Py_ssize_t s
    for s in starts:
        if s > 0:
            c = PyUnicode_READ(kind, data, s - 1)
            if Py_UNICODE_ISALNUM(c) or c == 0x5F:
                continue
        out.append(s)
    return out


cdef tuple rounds_from_hits(int kind, void *data, Positions *hits, Positions *digits, Positions *others, tuple bits,
                            int shift):
    """``(spans, round_starts, bare_starts, process_starts, anchor_starts)`` of ``workbench.rounds._hits_reference``
    (``spans`` in another order: the caller sorts them) from the hits of an automaton whose values hold the
    kinds (bits ``(ordinal, process, process start, round word, bare word, digit)``) in the byte from bit
    ``shift`` on (a key without any is not a round key)."""
    cdef Py_ssize_t i, start, last
    cdef int32_t k, ordinal = bits[0], process = bits[1], process_start = bits[2]
    cdef int32_t round_word = bits[3], bare_word = bits[4]
    cdef Positions anchors = empty(), rounds = empty(), bare = empty(), processes = empty()
    cdef list spans = [], bare_starts
    try:
        for i in range(0, hits.n, 3):
            start, last, k = hits.items[i], hits.items[i + 1] - 1, (<int32_t> hits.items[i + 2] >> shift) & 0xFF
            if k & process:
                spans.append((start - 2, last + 40))
            elif k & ordinal:
                spans.append((start - 90, last + 2))
            if k & process_start:
                push(&processes, start)
            if k & round_word:
                push(&rounds, start)
            if k & bare_word:
                push(&bare, start)
        bare_starts = with_clitics(kind, data, &bare, 1)
        if digits.n or others.n:
            for i in range(bare.n):
                push(&anchors, bare.items[i])
            for i in range(digits.n):
                anchor_starts(kind, data, digits.items[i], &anchors)
            for i in range(others.n):
                anchor_starts(kind, data, others.items[i], &anchors)
        return (spans, word_starts(kind, data, with_clitics(kind, data, &rounds, 1)),
                word_starts(kind, data, bare_starts), word_starts(kind, data, with_clitics(kind, data, &processes, 2)),
                sorted_unique(&anchors))
    finally:
        release(&anchors)
        release(&rounds)
        release(&bare)
        release(&processes)


cdef inline bint raqm_at(int kind, void *data, Py_ssize_t p) noexcept nogil:
    """Does ``رقم`` start at ``p`` (``p >= 0``, ``p + 2`` inside the text)?"""
    return (PyUnicode_READ(kind, data, p) == 0x631 and PyUnicode_READ(kind, data, p + 1) == 0x642
            and PyUnicode_READ(kind, data, p + 2) == 0x645)


cdef int anchor_starts(int kind, void *data, Py_ssize_t p, Positions *starts) except -1:
    """Where ``ال5``, ``ال 5`` or ``رقم 5`` may start for the digit at ``p`` (``rounds._number_anchor_starts``):
    only the first digit of a number can end an anchor."""
    cdef Py_ssize_t q
    if p and is_ascii_digit(PyUnicode_READ(kind, data, p - 1)):
        return 0
    if p >= 2 and al_at(kind, data, p - 2):
        push(starts, p - 2)
    elif p >= 3 and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, p - 1)):
        if al_at(kind, data, p - 3):
            push(starts, p - 3)
        q = p - 1
        while q > 0 and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, q - 1)):
            q -= 1
        if q >= 3 and raqm_at(kind, data, q - 3):
            push(starts, q - 3)
    return 0


cdef int number_starts(int kind, void *data, Py_ssize_t p, Positions *starts) except -1:
    """Where a date with its day at ``p`` may start: at the digit, or at ``ال`` just before it."""
    push(starts, p)
    if p >= 2 and al_at(kind, data, p - 2):
        push(starts, p - 2)
    elif p >= 3 and al_at(kind, data, p - 3):
        push(starts, p - 3)
    return 0


def date_scan(str form, automaton, tuple bits, Py_ssize_t before, Py_ssize_t after):
    """``(windows, starts)`` of ``workbench.dates._scan_reference`` from an :class:`Automaton` (or its arrays)
    whose values are the kinds, ``bits`` the kind bits ``(window, start, digit)``."""
    cdef int kind = PyUnicode_KIND(form)
    cdef void *data = PyUnicode_DATA(form)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(form)
    cdef Automaton checked = as_automaton(automaton)
    cdef Positions hits = empty(), others = empty(), digits = empty()
    try:
        collect_hits(kind, data, n, checked, bits[2], &hits, &digits, &others)
        return dates_from_hits(kind, data, n, &hits, &digits, &others, bits, before, after, 0)
    finally:
        release(&hits)
        release(&digits)
        release(&others)


cdef tuple dates_from_hits(int kind, void *data, Py_ssize_t n, Positions *hits, Positions *digits, Positions *others,
                           tuple bits, Py_ssize_t before, Py_ssize_t after, int shift):
    """What :func:`date_scan` returns, from the hits of its automaton; a hit's kinds are the byte of its value
    from bit ``shift`` on (a key without any is not a date key)."""
    cdef Py_ssize_t i, start, last, a, b, p
    cdef int32_t k, window = bits[0], start_bit = bits[1]
    cdef Py_UCS4 c
    cdef Positions starts = empty()
    cdef Positions windows = empty()  # pairs of positions
    try:
        for i in range(0, hits.n, 3):
            start, last, k = hits.items[i], hits.items[i + 1] - 1, (<int32_t> hits.items[i + 2] >> shift) & 0xFF
            if k == 0:
                continue
            if k & start_bit:
                push(&starts, start)
                if k == start_bit:
                    continue
            if last + 1 < n and Py_UNICODE_ISALPHA(PyUnicode_READ(kind, data, last + 1)):
                continue  # inside a longer word
            if start > 0 and Py_UNICODE_ISALPHA(PyUnicode_READ(kind, data, start - 1)):
                c = PyUnicode_READ(kind, data, start - 1)
                if not (is_clitic(c) and (start < 2 or not Py_UNICODE_ISALPHA(PyUnicode_READ(kind, data, start - 2)))):
                    continue
            a, b = max(0, start - before), min(n, last + 1 + after)
            if windows.n and a <= windows.items[windows.n - 1]:
                windows.items[windows.n - 1] = max(windows.items[windows.n - 1], b)
            else:
                push(&windows, a)
                push(&windows, b)
        if not windows.n:
            return [], []
        for i in range(digits.n):
            p = digits.items[i]
            if not (p and is_ascii_digit(PyUnicode_READ(kind, data, p - 1))):
                number_starts(kind, data, p, &starts)
        for i in range(others.n):
            number_starts(kind, data, others.items[i], &starts)
        return [(windows.items[i], windows.items[i + 1]) for i in range(0, windows.n, 2)], sorted_unique(&starts)
    finally:
        release(&starts)
        release(&windows)


def round_and_date_hits(str form, automaton, tuple round_bits, tuple date_bits, Py_ssize_t before,
                        Py_ssize_t after):
    """``(round hits, date_scan(...))`` from one pass of one automaton whose values hold the round kinds in
    their low byte and the date kinds in the next (``workbench.scans``): the form is read once for both. The
    round hits are those of :func:`rounds_from_hits`."""
    cdef int kind = PyUnicode_KIND(form)
    cdef void *data = PyUnicode_DATA(form)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(form)
    cdef int32_t round_digit = round_bits[5], date_digit = date_bits[2]
    cdef Automaton checked = as_automaton(automaton)
    cdef Positions hits = empty(), others = empty(), digits = empty()
    try:
        collect_hits(kind, data, n, checked, round_digit | (date_digit << 8), &hits, &digits, &others)
        return (rounds_from_hits(kind, data, &hits, &digits, &others, round_bits, 0),
                dates_from_hits(kind, data, n, &hits, &digits, &others, date_bits, before, after, 8))
    finally:
        release(&hits)
        release(&digits)
        release(&others)


def word_window(str text, Py_ssize_t lo, Py_ssize_t a, Py_ssize_t b, Py_ssize_t hi, Py_ssize_t before,
                Py_ssize_t after):
    """``(window, at)`` of ``workbench.rounds._word_window_reference``: the last ``before`` words of
    ``text[lo:a]`` and the first ``after`` words of ``text[b:hi]``, each joined by one space, around ``" @ "``,
    and where the ``@`` is; without a string per word or a copy of the rest of the sentence. The positions
    are in the text (``0 <= lo``, ``b``; ``a``, ``hi <= len(text)``)."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), p, count, m, left
    cdef Py_ssize_t left_start = 0, left_end = 0, right_start = 0, right_end = 0
    cdef Py_UCS4 c
    cdef char *out
    if lo < 0 or b < 0 or a > n or hi > n:
        raise IndexError("word_window: a position outside the text")
    p, count = a, 0
    while count < before:  # back from a: the words of text[lo:a]
        while p > lo and is_space(PyUnicode_READ(kind, data, p - 1)):
            p -= 1
        if p <= lo:
            break
        if count == 0:
            left_end = p
        while p > lo and not is_space(PyUnicode_READ(kind, data, p - 1)):
            p -= 1
        left_start = p
        count += 1
    if count == 0:
        left_start = left_end = 0
    p, count = b, 0
    while count < after:  # on from b: the words of text[b:hi]
        while p < hi and is_space(PyUnicode_READ(kind, data, p)):
            p += 1
        if p >= hi:
            break
        if count == 0:
            right_start = p
        while p < hi and not is_space(PyUnicode_READ(kind, data, p)):
            p += 1
        right_end = p
        count += 1
    if count == 0:
        right_start = right_end = 0
    out = <char *> malloc((left_end - left_start + right_end - right_start + 3) * kind)  # the text's width
    if out == NULL:
        raise MemoryError()
    try:
        left = squeeze_at(kind, data, left_start, left_end, out)
        for m, c in enumerate((0x20, 0x40, 0x20)):  # " @ "
            if kind == 1:
                (<uint8_t *> out)[left + m] = c
            elif kind == 2:
                (<uint16_t *> out)[left + m] = c
            else:
                (<uint32_t *> out)[left + m] = c
        m = left + 3 + squeeze_at(kind, data, right_start, right_end, out + (left + 3) * kind)
        return PyUnicode_FromKindAndData(kind, out, m), left + 1
    finally:
        free(out)


cdef class KeyFinder:
    """Whether a key of an Aho-Corasick automaton (the arrays of ``workbench.trie.FlatAutomaton``) occurs
    in a text, stopping at the first one: ``KeyFinder(arrays).found_in(text)``. The arrays are checked once,
    not at each call (a call is a short text)."""

    cdef const uint16_t[::1] alphabet
    cdef const int32_t[:, ::1] delta
    cdef const int32_t[::1] out_start

    def __init__(self, tuple automaton):
        self.alphabet, self.delta, self.out_start = automaton[0], automaton[1], automaton[2]
        if (self.alphabet.shape[0] < 0x10000 or self.out_start.shape[0] != self.delta.shape[0] + 1
                or self.delta.shape[0] == 0):
            raise ValueError("not the arrays of a workbench.trie.FlatAutomaton")

    def found_in(self, str text):
        cdef int kind = PyUnicode_KIND(text)
        cdef void *data = PyUnicode_DATA(text)
        cdef Py_ssize_t i, n = PyUnicode_GET_LENGTH(text), state = 0, width = self.delta.shape[1]
        cdef const uint16_t *alphabet = &self.alphabet[0]
        cdef const int32_t *delta = &self.delta[0, 0]
        cdef const int32_t *out_start = &self.out_start[0]
        cdef Py_UCS4 c
        for i in range(n):
            c = PyUnicode_READ(kind, data, i)
            state = delta[state * width + (alphabet[c] if c < 0x10000 else 0)]
            if out_start[state + 1] > out_start[state]:
                return True
        return False


cdef int by_pair(const void *x, const void *y) noexcept nogil:
    cdef const Py_ssize_t *p = <const Py_ssize_t *> x
    cdef const Py_ssize_t *q = <const Py_ssize_t *> y
    if p[0] != q[0]:
        return (p[0] > q[0]) - (p[0] < q[0])
    return (p[1] > q[1]) - (p[1] < q[1])


def merge_spans(list spans, Py_ssize_t n):
    """``workbench.rounds._merge_reference``: the ``(start, end)`` pairs of ``spans`` sorted, the overlapping or
    touching ones merged, then clipped to ``[0, n]``; without a Python step per span."""
    cdef Py_ssize_t count = len(spans), i, m = 0
    cdef Py_ssize_t *pairs = <Py_ssize_t *> malloc((2 * count + 2) * sizeof(Py_ssize_t))
    cdef list out = []
    if pairs == NULL:
        raise MemoryError()
    try:
        for i in range(count):
            pairs[2 * i], pairs[2 * i + 1] = spans[i]
        qsort(pairs, count, 2 * sizeof(Py_ssize_t), by_pair)
        for i in range(count):
            if m and pairs[2 * i] <= pairs[2 * m - 1]:
                if pairs[2 * i + 1] > pairs[2 * m - 1]:
                    pairs[2 * m - 1] = pairs[2 * i + 1]
            else:
                pairs[2 * m], pairs[2 * m + 1] = pairs[2 * i], pairs[2 * i + 1]
                m += 1
        for i in range(m):
            out.append((max(0, pairs[2 * i]), min(n, pairs[2 * i + 1])))
        return out
    finally:
        free(pairs)
