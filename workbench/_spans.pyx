# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Compiled core of :meth:`workbench.entities.EntityMatcher.spans`.

It computes exactly what the pure-Python path of ``EntityMatcher`` computes (that code is the
reference, and ``tests/test_spans_core.py`` checks the two give equal output), in one pass over
the text with no Python object per character or per candidate:

1. fold the text into its matching form (the ``matchform`` code table), keeping the offset map;
2. at every word start, look the whole word up in a hash table of the words that ``clitic + name``
   keys (Arabic letters and single spaces) start with: a key can only match where its first word is
   a whole word of the text. Three words in four start no key and cost a hash and one bit of a
   filter. The table gives the keys that are that word alone and, for longer keys, the trie node
   after the word and its space, from which the walk of the trie goes on;
3. at every position whose character can start one (not a letter, or one of the first letters of a
   word, up to the longest clitic), walk a trie of the other keys (Latin
   acronyms, names with digits or hyphens) and apply the same edge and clitic checks as
   ``EntityMatcher._other_candidates``; the walk is skipped where the next three characters start
   no key (``trie.triple_filter``): most of these keys start with alef or lam, as most words do;
4. resolve overlapping candidates (longest name, then name over demonym, then leftmost, then the
   tie rank), drop names followed by a tanwin, and map form offsets back to the text.

The tables come from :func:`workbench.trie.flat_trie`; see ``EntityMatcher`` for their meaning.

``SpanCore.table`` runs the same steps over the texts of a chunk and returns the mentions as columns:
offsets in arrays, surfaces and prefixes as the UTF-8 buffers of Arrow strings, entity and kind as
payload ranks, so that ``workbench.entities.match_table`` builds its table with no Python object per
mention (``_match_table_reference`` is its reference, in ``tests/test_spans_core.py``).
"""

cimport cython
import numpy as np
from libc.stdint cimport int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t
from libc.stdlib cimport free, malloc, qsort, realloc

from workbench._pyunicode cimport (PyUnicode_DATA, PyUnicode_FromKindAndData, PyUnicode_GET_LENGTH, PyUnicode_KIND,
                                    PyUnicode_READ)


cdef enum:
    ARABIC = 1      # an Arabic letter of the matching form
    LATIN = 2       # a-z or 0-9 (Latin letters are lower-cased in the matching form)
    OTHER_FIRST = 4  # can start one of the other keys
    TANWIN = 8      # a tanwin mark of the display text
    OTHER_SHORT = 16  # starts one of the other keys that are shorter than three characters

cdef uint32_t DELETE = 0xFFFFFFFF
# the hash of a word (32-bit FNV-1a over its code points), and the filter of first words it indexes
cdef uint32_t FNV_OFFSET = 2166136261
cdef uint32_t FNV_PRIME = 16777619
cdef enum:
    WORD_FILTER_BITS = 17  # 16 KB: it stays in the fastest cache

# columns of the first-word table (one row of 32 bytes per slot, open addressing)
cdef enum:
    S_HASH = 0   # the word's hash
    S_LEN = 1    # its length (0: an empty slot)
    S_START = 2  # where its characters start in ``fw_chars``
    S_VLO = 3    # the values of the keys that are the word alone: value_ids[S_VLO:S_VHI]
    S_VHI = 4
    S_SPACE = 5  # 1 + the trie node after the word and a space (0: no key goes on)
    S_WIDTH = 8

# columns of the value table
cdef enum:
    V_CLITIC = 0      # clitic length (word keys) or -1 (other keys)
    V_IS_NAME = 1
    V_RANK = 2        # tie rank, also the index of (entity_id, kind) in the payload
    V_HAS_ENTITY = 3  # 0 for a not-name phrase
    V_ASSIMILATED = 4  # other keys: the article's alef taken by a lam clitic
    V_WIDTH = 5

#: The character class bits and the value columns, for the code that builds the tables
#: (``workbench.entities._compiled_core``): one definition of the layout for both sides.
CHAR_CLASSES = {"arabic": ARABIC, "latin": LATIN, "other_first": OTHER_FIRST, "tanwin": TANWIN,
                "other_short": OTHER_SHORT}
VALUE_COLUMNS = ("clitic", "is_name", "rank", "has_entity", "assimilated")


cdef struct Cand:
    int64_t ws    # word start (the clitic's start), in the matching form
    int64_t a     # name start
    int64_t end   # name end
    int32_t name_len
    int32_t is_name
    int32_t rank
    int32_t has_entity
    int32_t taken  # won its group


cdef struct Buf:
    Cand *items
    Py_ssize_t n
    Py_ssize_t cap


cdef Cand *slot(Buf *buf) except NULL:
    """The next free item of ``buf``, which grows as needed."""
    cdef Cand *grown
    if buf.n == buf.cap:
        buf.cap = buf.cap * 2 if buf.cap else 64
        grown = <Cand *> realloc(buf.items, buf.cap * sizeof(Cand))
        if grown == NULL:
            raise MemoryError()
        buf.items = grown
    buf.n += 1
    return &buf.items[buf.n - 1]


cdef int push(Buf *buf, int64_t ws, int64_t a, int64_t end, const int32_t *v) except -1:
    cdef Cand *c = slot(buf)
    c.ws = ws
    c.a = a
    c.end = end
    c.name_len = <int32_t> (end - a)
    c.is_name = v[V_IS_NAME]
    c.rank = v[V_RANK]
    c.has_entity = v[V_HAS_ENTITY]
    c.taken = 0
    return 0


cdef int by_start(const void *x, const void *y) noexcept nogil:
    cdef int64_t a = (<const Cand *> x).ws, b = (<const Cand *> y).ws
    return (a > b) - (a < b)


cdef int by_rank(const void *x, const void *y) noexcept nogil:
    """Best first: longer name, a name, leftmost, later name start, later end, higher tie rank."""
    cdef const Cand *p = <const Cand *> x
    cdef const Cand *q = <const Cand *> y
    if p.name_len != q.name_len:
        return -1 if p.name_len > q.name_len else 1
    if p.is_name != q.is_name:
        return -1 if p.is_name > q.is_name else 1
    if p.ws != q.ws:
        return -1 if p.ws < q.ws else 1
    if p.a != q.a:
        return -1 if p.a > q.a else 1
    if p.end != q.end:
        return -1 if p.end > q.end else 1
    if p.rank != q.rank:
        return -1 if p.rank > q.rank else 1
    return 0


cdef struct Trie:
    const int32_t *edge_start
    const uint32_t *edge_char
    const int32_t *edge_child
    const int32_t *value_start
    const int32_t *value_ids
    const uint16_t *alphabet
    const int32_t *dense_row
    const int32_t *dense
    Py_ssize_t width


cdef inline Py_ssize_t child(const Trie *t, Py_ssize_t node, uint32_t c) noexcept nogil:
    """The child of ``node`` along ``c``, or -1: from the node's dense row, or by binary search
    (the edges of a node are sorted by character)."""
    cdef Py_ssize_t row = t.dense_row[node]
    if row >= 0 and c < 0x10000:
        return t.dense[row * t.width + t.alphabet[c]]
    cdef const int32_t *edge_start = t.edge_start
    cdef const uint32_t *edge_char = t.edge_char
    cdef Py_ssize_t lo = edge_start[node], hi = edge_start[node + 1], mid
    if hi - lo == 1:  # most nodes: one child
        return t.edge_child[lo] if edge_char[lo] == c else -1
    while lo < hi:
        mid = (lo + hi) >> 1
        if edge_char[mid] < c:
            lo = mid + 1
        else:
            hi = mid
    if lo < edge_start[node + 1] and edge_char[lo] == c:
        return t.edge_child[lo]
    return -1


cdef inline uint8_t klass(const uint8_t *cls, uint32_t c) noexcept nogil:
    return cls[c] if c < 0x10000 else 0


cdef inline bint continues(const uint8_t *cls, uint32_t edge, uint32_t c) noexcept nogil:
    """Does ``c`` continue the word whose edge character is ``edge``?"""
    if klass(cls, edge) & ARABIC:
        return klass(cls, c) & ARABIC
    return klass(cls, c) & LATIN


ctypedef fused char_t:
    uint8_t
    uint16_t
    uint32_t


cdef Py_ssize_t fold_text(const char_t *text, Py_ssize_t n, const uint32_t *fold, const uint8_t *cls,
                          uint32_t *form, uint8_t *fk, int64_t *source, bint *tanwin) noexcept nogil:
    """Write the matching form of ``text`` into ``form`` (its character classes into ``fk``, and
    a boundary class after its end) and the offset map into ``source``; return its length."""
    cdef Py_ssize_t i, m = 0
    cdef uint32_t c, f
    cdef uint8_t seen = 0
    for i in range(n):
        c = text[i]
        if c < 0x10000:
            seen |= cls[c]
            f = fold[c]
            if f == DELETE:
                continue
            fk[m] = cls[f] if f < 0x10000 else 0
        else:
            f = c
            fk[m] = 0
        form[m] = f
        source[m] = i
        m += 1
    source[m] = n
    fk[m] = 0
    tanwin[0] = (seen & TANWIN) != 0
    return m


@cython.final
cdef class SpanCore:
    """The tables of one matcher, ready for :meth:`spans`."""

    cdef const uint32_t[::1] fold
    cdef const uint8_t[::1] cls
    cdef object arrays  # keeps the trie arrays alive
    cdef Trie words, other
    cdef int max_clitic
    cdef const int32_t[:, ::1] values
    cdef const uint8_t[::1] triples
    cdef uint64_t triple_mask
    cdef list payload_ids, payload_kinds
    cdef object clitics, lam_clitics
    cdef bint has_other
    cdef const uint8_t[::1] word_bits      # the first-word filter
    cdef const uint32_t[:, ::1] fw         # the first-word table
    cdef const uint32_t[::1] fw_chars
    cdef uint32_t fw_mask

    def __init__(self, fold, cls, words, other, values, payload, clitics, lam_clitics, other_triples=None):
        """``words`` and ``other`` are :class:`workbench.trie.FlatTrie` tables (``other`` may be None);
        ``other_triples``, the :func:`workbench.trie.triple_filter` of the other keys (None: no filter)."""
        self.fold = fold
        self.cls = cls
        self.has_other = other is not None
        self.arrays = [_contiguous(words), _contiguous(other if other is not None else words)]
        _fill(&self.words, self.arrays[0])
        _fill(&self.other, self.arrays[1])
        self._first_words()
        self.max_clitic = max([len(c) for c in clitics] + [0])
        if values.shape[1] != V_WIDTH:
            raise ValueError(f"the value table needs the columns {VALUE_COLUMNS}")
        self.values = values
        self.payload_ids = [entity_id for entity_id, _ in payload]
        self.payload_kinds = [kind for _, kind in payload]
        self.clitics = clitics
        self.lam_clitics = lam_clitics
        if other_triples is None:
            other_triples = np.full(8, 0xFF, dtype=np.uint8)  # every bit set: nothing filtered
        self.triples = other_triples
        self.triple_mask = 8 * len(other_triples) - 1
        if self.triple_mask & (self.triple_mask + 1):
            raise ValueError("the triple filter needs a power of two of bits")

    def spans(self, str text):
        """Mentions in ``text`` as ``(start, end, name_start, entity_id, kind)`` tuples, by start."""
        return self._run(text, False)

    def columns(self, str text):
        """:meth:`spans` as five lists ``(starts, ends, name_starts, entity_ids, kinds)``: no object per
        mention, for the tables of many texts."""
        return self._run(text, True)

    cdef object _run(self, str text, bint as_columns):
        cdef int kind = PyUnicode_KIND(text)
        cdef void *data = PyUnicode_DATA(text)
        cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), k
        cdef uint32_t *form = <uint32_t *> malloc((n + 1) * sizeof(uint32_t))
        cdef int64_t *source = <int64_t *> malloc((n + 1) * sizeof(int64_t))
        cdef uint8_t *fk = <uint8_t *> malloc(n + 1)
        cdef Buf cands, found
        cdef bint tanwin = False
        cdef Cand *cur
        cands.items = NULL; cands.n = 0; cands.cap = 0
        found.items = NULL; found.n = 0; found.cap = 0
        if form == NULL or source == NULL or fk == NULL:
            free(form); free(source); free(fk)
            raise MemoryError()
        try:
            self._find(kind, data, n, form, fk, source, &cands, &found, &tanwin)
            # 5. no name before a tanwin; back to text offsets
            starts, ends, name_starts, ids, kinds = [], [], [], [], []
            for k in range(found.n):
                cur = &found.items[k]
                if tanwin and self._tanwin_after(kind, data, source, cur.end):
                    continue
                starts.append(source[cur.ws])
                ends.append(source[cur.end])
                name_starts.append(source[cur.a])
                ids.append(self.payload_ids[cur.rank])
                kinds.append(self.payload_kinds[cur.rank])
            if as_columns:
                return starts, ends, name_starts, ids, kinds
            return list(zip(starts, ends, name_starts, ids, kinds))
        finally:
            free(form); free(source); free(fk); free(cands.items); free(found.items)

    def table(self, texts):
        """The mentions of many texts as columns, without a Python object per mention:
        ``(counts, starts, ends, name_starts, ranks, surface_offsets, surfaces, prefix_offsets, prefixes)``.

        ``counts[i]`` is how many mentions text ``i`` has (they come next, by start); ``starts``, ``ends`` and
        ``name_starts`` are ``int64`` arrays, ``ranks`` the ``int32`` payload ranks (``(entity_id, kind)``
        is ``payload[rank]``). The surfaces ``text[start:end]`` and prefixes ``text[start:name_start]``
        are UTF-8 in one ``bytes`` each, mention ``k``'s from ``offsets[k]`` to ``offsets[k + 1]`` (the
        buffers of an Arrow ``large_string`` array). The last four are None when a mention holds a lone
        surrogate, which has no UTF-8 (``match_table`` then leaves the table to its reference, which
        refuses such a surface as Arrow does)."""
        cdef Py_ssize_t n_texts = len(texts), i, k, n, cap = 0
        cdef int kind
        cdef void *data
        cdef uint32_t *form = NULL
        cdef int64_t *source = NULL
        cdef uint8_t *fk = NULL
        cdef void *grown
        cdef Buf cands, found
        cdef bint tanwin, surrogate = False
        cdef Cand *cur
        cdef Ints starts, ends, name_starts, ranks, surface_offsets, prefix_offsets
        cdef Bytes surfaces, prefixes
        cdef int64_t a, e, ns
        cdef int64_t[::1] counts = np.zeros(n_texts, dtype=np.int64)
        cands.items = NULL; cands.n = 0; cands.cap = 0
        found.items = NULL; found.n = 0; found.cap = 0
        ints_init(&starts); ints_init(&ends); ints_init(&name_starts); ints_init(&ranks)
        ints_init(&surface_offsets); ints_init(&prefix_offsets)
        bytes_init(&surfaces); bytes_init(&prefixes)
        try:
            ints_push(&surface_offsets, 0)
            ints_push(&prefix_offsets, 0)
            for i in range(n_texts):
                text = texts[i]
                if not isinstance(text, str):
                    raise TypeError(f"expected a str, not {type(text).__name__}")
                kind = PyUnicode_KIND(text)
                data = PyUnicode_DATA(text)
                n = PyUnicode_GET_LENGTH(text)
                if n + 1 > cap:  # the work buffers, grown for the longest text so far
                    cap = n + 1
                    grown = realloc(form, cap * sizeof(uint32_t))
                    if grown == NULL:
                        raise MemoryError()
                    form = <uint32_t *> grown
                    grown = realloc(source, cap * sizeof(int64_t))
                    if grown == NULL:
                        raise MemoryError()
                    source = <int64_t *> grown
                    grown = realloc(fk, cap)
                    if grown == NULL:
                        raise MemoryError()
                    fk = <uint8_t *> grown
                cands.n = 0
                found.n = 0
                tanwin = False
                self._find(kind, data, n, form, fk, source, &cands, &found, &tanwin)
                for k in range(found.n):
                    cur = &found.items[k]
                    if tanwin and self._tanwin_after(kind, data, source, cur.end):
                        continue
                    a, e, ns = source[cur.ws], source[cur.end], source[cur.a]
                    ints_push(&starts, a)
                    ints_push(&ends, e)
                    ints_push(&name_starts, ns)
                    ints_push(&ranks, cur.rank)
                    if not surrogate:
                        surrogate = put_utf8(&surfaces, kind, data, a, e) or put_utf8(&prefixes, kind, data, a, ns)
                        ints_push(&surface_offsets, surfaces.n)
                        ints_push(&prefix_offsets, prefixes.n)
                    counts[i] += 1
            out = (np.asarray(counts), ints_array(&starts), ints_array(&ends), ints_array(&name_starts),
                   ints_array(&ranks).astype(np.int32))
            if surrogate:
                return out + (None, None, None, None)
            return out + (ints_array(&surface_offsets), bytes_value(&surfaces),
                          ints_array(&prefix_offsets), bytes_value(&prefixes))
        finally:
            free(form); free(source); free(fk); free(cands.items); free(found.items)
            free(starts.data); free(ends.data); free(name_starts.data); free(ranks.data)
            free(surface_offsets.data); free(prefix_offsets.data); free(surfaces.data); free(prefixes.data)

    cdef int _find(self, int kind, void *data, Py_ssize_t n, uint32_t *form, uint8_t *fk,
                   int64_t *source, Buf *cands, Buf *found, bint *tanwin) except -1:
        """Steps 1 to 4: the winning candidates into ``found``, by start."""
        cdef Py_ssize_t i, m = 0, p, q, node, k, j, g, t, ws, b
        cdef bint clash
        cdef const int32_t *v
        cdef Cand *cur
        cdef Cand *other_c
        cdef const uint8_t *cls = &self.cls[0]
        cdef const uint32_t *fold = &self.fold[0]
        cdef const int32_t *values = &self.values[0, 0]
        cdef const Trie *wt = &self.words
        cdef const int32_t *w_vs = wt.value_start
        cdef const int32_t *w_vi = wt.value_ids
        cdef Py_ssize_t we
        cdef uint32_t h, hb
        cdef const uint32_t *fws
        cdef const uint8_t *word_bits = &self.word_bits[0]
        cdef int max_clitic = self.max_clitic
        cdef bint has_other = self.has_other
        # 1. the matching form, the class of each of its characters, and the offset map
        if kind == 1:
            m = fold_text(<const uint8_t *> data, n, fold, cls, form, fk, source, tanwin)
        elif kind == 2:
            m = fold_text(<const uint16_t *> data, n, fold, cls, form, fk, source, tanwin)
        else:
            m = fold_text(<const uint32_t *> data, n, fold, cls, form, fk, source, tanwin)
        # 2. from every word start, the word keys; from every position that can start one, the other keys
        p = 0
        while p < m:
            if not (fk[p] & ARABIC):
                if has_other and (fk[p] & OTHER_FIRST or form[p] >= 0x10000):
                    self._other_at(form, fk, m, p, cands)
                p += 1
                continue
            # a word start: the word keys that start with this word, found by its hash
            h = FNV_OFFSET
            we = p
            while fk[we] & ARABIC:
                h = (h ^ form[we]) * FNV_PRIME
                we += 1
            hb = h >> (32 - WORD_FILTER_BITS)
            if (word_bits[hb >> 3] >> (hb & 7)) & 1:
                fws = self._first_word(form, p, we, h)
                if fws != NULL:
                    for k in range(<int32_t> fws[S_VLO], <int32_t> fws[S_VHI]):
                        v = &values[w_vi[k] * V_WIDTH]
                        push(cands, p, p + v[V_CLITIC], we, v)
                    if we + 1 < m and form[we] == 32 and fws[S_SPACE]:  # and the keys of more words
                        node = <int32_t> fws[S_SPACE] - 1
                        q = we + 1
                        while q < m:
                            node = child(wt, node, form[q])
                            if node < 0:
                                break
                            q += 1
                            if w_vs[node] < w_vs[node + 1] and not (fk[q] & ARABIC):
                                for k in range(w_vs[node], w_vs[node + 1]):
                                    v = &values[w_vi[k] * V_WIDTH]
                                    push(cands, p, p + v[V_CLITIC], q, v)
            if has_other:  # an other key starts at a word start or after a clitic
                for q in range(p, min(p + max_clitic + 1, we)):
                    if fk[q] & OTHER_FIRST:
                        self._other_at(form, fk, m, q, cands)
            p = we
        if cands.n == 0:
            return 0
        # 4. overlapping candidates, resolved group by group
        qsort(cands.items, cands.n, sizeof(Cand), by_start)
        i = 0
        while i < cands.n:
            b = cands.items[i].end
            j = i + 1
            while j < cands.n and cands.items[j].ws < b:
                if cands.items[j].end > b:
                    b = cands.items[j].end
                j += 1
            if j == i + 1:
                if cands.items[i].has_entity:
                    slot(found)[0] = cands.items[i]
            else:
                qsort(&cands.items[i], j - i, sizeof(Cand), by_rank)
                g = found.n  # the winners of this group start here
                for k in range(i, j):
                    cur = &cands.items[k]
                    clash = False
                    for t in range(i, k):
                        other_c = &cands.items[t]
                        if other_c.taken and cur.ws < other_c.end and other_c.ws < cur.end:
                            clash = True
                            break
                    if clash:
                        continue
                    cur.taken = 1
                    if cur.has_entity:
                        slot(found)[0] = cur[0]
                qsort(&found.items[g], found.n - g, sizeof(Cand), by_start)
            i = j
        return 0

    def _first_words(self):
        """The first-word table and filter, from the word trie: every word that a word key starts with
        (a path from the root to the end of a key or to a space)."""
        cdef uint32_t h
        cdef Py_ssize_t node, slot
        cdef const Trie *t = &self.words
        cdef Py_ssize_t e
        firsts = {}
        stack = [(0, "")]
        while stack:  # the paths from the root to a key's end or a space
            node, word = stack.pop()
            if word and (t.value_start[node] < t.value_start[node + 1] or child(t, node, 32) >= 0):
                firsts[word] = node
            for e in range(t.edge_start[node], t.edge_start[node + 1]):
                if t.edge_char[e] != 32:
                    stack.append((t.edge_child[e], word + chr(t.edge_char[e])))
        size = 16
        while size < 2 * len(firsts):
            size *= 2
        bits = np.zeros((1 << WORD_FILTER_BITS) // 8, dtype=np.uint8)
        table = np.zeros((size, S_WIDTH), dtype=np.uint32)
        chars = []
        for first, node in firsts.items():
            h = word_hash(first)
            b = h >> (32 - WORD_FILTER_BITS)
            bits[b >> 3] |= 1 << (b & 7)
            slot = h & (size - 1)
            while table[slot, S_LEN]:
                slot = (slot + 1) & (size - 1)
            table[slot, S_HASH], table[slot, S_LEN], table[slot, S_START] = h, len(first), len(chars)
            if t.value_start[node] < t.value_start[node + 1]:
                table[slot, S_VLO], table[slot, S_VHI] = t.value_start[node], t.value_start[node + 1]
            table[slot, S_SPACE] = child(t, node, 32) + 1
            chars += [ord(ch) for ch in first]
        self.word_bits = bits
        self.fw = table
        self.fw_chars = np.array(chars or [0], dtype=np.uint32)
        self.fw_mask = size - 1

    cdef inline const uint32_t *_first_word(self, const uint32_t *form, Py_ssize_t p, Py_ssize_t q, uint32_t h) noexcept nogil:
        """The slot of the word ``form[p:q]`` (hash ``h``) in the first-word table, or NULL when no
        word key starts with it."""
        cdef uint32_t i = h & self.fw_mask
        cdef const uint32_t *slot = &self.fw[i, 0]
        cdef Py_ssize_t k, start, n = q - p
        while slot[S_LEN]:
            if slot[S_HASH] == h and slot[S_LEN] == n:
                start = slot[S_START]
                for k in range(n):
                    if self.fw_chars[start + k] != form[p + k]:
                        break
                else:
                    return slot
            i = (i + 1) & self.fw_mask
            slot = &self.fw[i, 0]
        return NULL

    cdef inline int _other_at(self, const uint32_t *form, const uint8_t *fk, Py_ssize_t m, Py_ssize_t p,
                              Buf *cands) except -1:
        """Push the other keys that match from ``p``."""
        cdef Py_ssize_t node, q, k, ws
        cdef const int32_t *v
        cdef const int32_t *o_vs = self.other.value_start
        cdef const int32_t *o_vi = self.other.value_ids
        if form[p] < 0x10000 and not (fk[p] & OTHER_FIRST):
            return 0
        if not (fk[p] & OTHER_SHORT) and self._filtered(form, m, p):
            return 0
        node = 0
        q = p
        while q < m:
            node = child(&self.other, node, form[q])
            if node < 0:
                break
            q += 1
            for k in range(o_vs[node], o_vs[node + 1]):
                v = &self.values[o_vi[k], 0]
                ws = self._other_start(<uint32_t *> form, m, p, q, v[V_ASSIMILATED])
                if ws >= 0:
                    push(cands, ws, p, q, v)
        return 0

    cdef inline bint _filtered(self, const uint32_t *form, Py_ssize_t m, Py_ssize_t p) noexcept nogil:
        """Can no other key start at ``p``, by the first three characters (``trie.triple_filter``)?"""
        cdef const uint16_t *alphabet = self.other.alphabet
        cdef Py_ssize_t width = self.other.width
        cdef uint64_t i
        if p + 2 >= m or form[p] >= 0x10000 or form[p + 1] >= 0x10000 or form[p + 2] >= 0x10000:
            return False
        i = ((<uint64_t> alphabet[form[p]] * width + alphabet[form[p + 1]]) * width
             + alphabet[form[p + 2]]) & self.triple_mask
        return not (self.triples[i >> 3] & (1 << (i & 7)))

    cdef bint _tanwin_after(self, int kind, void *data, int64_t *source, int64_t end):
        """Is there a tanwin between the last kept character of a name and the next one?"""
        cdef int64_t t
        cdef uint32_t c
        for t in range(source[end - 1], source[end]):
            c = PyUnicode_READ(kind, data, t)
            if c < 0x10000 and self.cls[c] & TANWIN:
                return True
        return False

    cdef Py_ssize_t _other_start(self, uint32_t *form, Py_ssize_t m, Py_ssize_t a, Py_ssize_t b, int assimilated):
        """The checks of ``EntityMatcher._other_candidates`` for a match ``form[a:b]``: the start of its
        word (the clitic's start), or -1 when the match does not count."""
        cdef Py_ssize_t ws
        cdef const uint8_t *cls = &self.cls[0]
        if b < m and continues(cls, form[b - 1], form[b]):
            return -1
        if a > 0 and not (klass(cls, form[a]) & ARABIC) and continues(cls, form[a], form[a - 1]):
            return -1
        ws = a
        while ws > 0 and klass(cls, form[ws - 1]) & ARABIC:
            ws -= 1
        if ws == a:
            return -1 if assimilated else ws
        prefix = PyUnicode_FromKindAndData(4, &form[ws], a - ws)
        if assimilated:
            return ws if prefix in self.lam_clitics else -1
        return ws if prefix in self.clitics and klass(cls, form[a]) & ARABIC else -1

cdef struct Ints:
    int64_t *data
    Py_ssize_t n
    Py_ssize_t cap


cdef struct Bytes:
    char *data
    Py_ssize_t n
    Py_ssize_t cap


cdef inline void ints_init(Ints *b) noexcept:
    b.data = NULL; b.n = 0; b.cap = 0


cdef inline void bytes_init(Bytes *b) noexcept:
    b.data = NULL; b.n = 0; b.cap = 0


cdef inline int ints_push(Ints *b, int64_t x) except -1:
    cdef int64_t *grown
    if b.n == b.cap:
        b.cap = b.cap * 2 if b.cap else 1024
        grown = <int64_t *> realloc(b.data, b.cap * sizeof(int64_t))
        if grown == NULL:
            raise MemoryError()
        b.data = grown
    b.data[b.n] = x
    b.n += 1
    return 0


cdef object ints_array(Ints *b):
    """A copy of ``b`` as an ``int64`` array."""
    out = np.empty(b.n, dtype=np.int64)
    cdef int64_t[::1] view = out
    cdef Py_ssize_t i
    for i in range(b.n):
        view[i] = b.data[i]
    return out


cdef bytes bytes_value(Bytes *b):
    return b.data[:b.n] if b.n else b""


cdef int put_utf8(Bytes *b, int kind, void *data, int64_t a, int64_t e) except -1:
    """Append ``text[a:e]`` (``kind``, ``data``) to ``b`` in UTF-8: 1 when it holds a lone surrogate, else 0."""
    cdef Py_ssize_t need = b.n + 4 * (e - a), i
    cdef char *grown
    cdef uint32_t c
    cdef unsigned char *out
    if need > b.cap:
        b.cap = max(need, 2 * b.cap, 4096)
        grown = <char *> realloc(b.data, b.cap)
        if grown == NULL:
            raise MemoryError()
        b.data = grown
    out = <unsigned char *> b.data + b.n
    for i in range(a, e):
        c = PyUnicode_READ(kind, data, i)
        if c < 0x80:
            out[0] = <unsigned char> c
            out += 1
        elif c < 0x800:
            out[0] = <unsigned char> (0xC0 | (c >> 6))
            out[1] = <unsigned char> (0x80 | (c & 0x3F))
            out += 2
        elif c < 0x10000:
            if 0xD800 <= c <= 0xDFFF:
                return 1
            out[0] = <unsigned char> (0xE0 | (c >> 12))
            out[1] = <unsigned char> (0x80 | ((c >> 6) & 0x3F))
            out[2] = <unsigned char> (0x80 | (c & 0x3F))
            out += 3
        else:
            out[0] = <unsigned char> (0xF0 | (c >> 18))
            out[1] = <unsigned char> (0x80 | ((c >> 12) & 0x3F))
            out[2] = <unsigned char> (0x80 | ((c >> 6) & 0x3F))
            out[3] = <unsigned char> (0x80 | (c & 0x3F))
            out += 4
    b.n = out - <unsigned char *> b.data
    return 0


cdef uint32_t word_hash(str word):
    cdef uint32_t h = FNV_OFFSET
    for ch in word:
        h = (h ^ <uint32_t> ord(ch)) * FNV_PRIME
    return h


def _contiguous(trie) -> tuple:
    types = (np.int32, np.uint32, np.int32, np.int32, np.int32, np.uint16, np.int32, np.int32)
    return tuple(np.ascontiguousarray(a, dtype=t) for a, t in zip(trie, types))


cdef void _fill(Trie *t, tuple arrays):
    cdef const int32_t[::1] edge_start = arrays[0], edge_child = arrays[2], value_start = arrays[3]
    cdef const int32_t[::1] value_ids = arrays[4], dense_row = arrays[6]
    cdef const uint32_t[::1] edge_char = arrays[1]
    cdef const uint16_t[::1] alphabet = arrays[5]
    cdef const int32_t[:, ::1] dense = arrays[7]
    t.edge_start = &edge_start[0]
    t.edge_char = &edge_char[0] if edge_char.shape[0] else NULL
    t.edge_child = &edge_child[0] if edge_child.shape[0] else NULL
    t.value_start = &value_start[0]
    t.value_ids = &value_ids[0] if value_ids.shape[0] else NULL
    t.alphabet = &alphabet[0]
    t.dense_row = &dense_row[0]
    t.width = dense.shape[1]
    t.dense = &dense[0, 0] if dense.shape[0] else NULL


def trie_edges(list keys):
    """The trie of ``keys`` (strings), as :func:`workbench.trie.flat_trie` numbers and lays it out:
    ``(edge_start, edge_char, edge_child, key_node)``. Nodes are numbered breadth first, a node's children
    in the order the keys first reach them; a node's edges are sorted by character; ``key_node[k]`` is the
    node where ``keys[k]`` ends. ``workbench.trie._flat_trie_reference`` is the reference."""
    cdef Py_ssize_t total = 1, n_keys = len(keys), k, i, pos, length, n_nodes = 1, head, tail, m, a
    cdef int kind
    cdef void *data
    cdef uint64_t probe, mask, cap = 1, slot_key
    cdef int64_t node, child, c
    cdef uint32_t ch
    for key in keys:
        total += len(<str> key)
    while cap < 2 * <uint64_t> total:
        cap <<= 1
    mask = cap - 1
    # (parent, character) -> child, open addressing; an empty slot holds the key 0 (no edge enters the root)
    cdef uint64_t[::1] slot_keys = np.zeros(cap, dtype=np.uint64)
    cdef int32_t[::1] slot_nodes = np.zeros(cap, dtype=np.int32)
    cdef uint32_t[::1] char_in = np.zeros(total, dtype=np.uint32)  # the character of the edge into a node
    cdef int32_t[::1] first_child = np.full(total, -1, dtype=np.int32)
    cdef int32_t[::1] last_child = np.full(total, -1, dtype=np.int32)
    cdef int32_t[::1] next_sibling = np.full(total, -1, dtype=np.int32)
    cdef int32_t[::1] ends = np.zeros(n_keys, dtype=np.int32)
    for k in range(n_keys):
        key = keys[k]
        kind, data, length = PyUnicode_KIND(key), PyUnicode_DATA(key), PyUnicode_GET_LENGTH(key)
        node = 0
        for pos in range(length):
            ch = PyUnicode_READ(kind, data, pos)
            slot_key = (<uint64_t> (node + 1) << 21) | ch  # never 0
            probe = (slot_key * <uint64_t> 0x9E3779B97F4A7C15) >> 20
            while True:
                probe &= mask
                if slot_keys[probe] == slot_key:
                    node = slot_nodes[probe]
                    break
                if slot_keys[probe] == 0:
                    child = n_nodes
                    n_nodes += 1
                    slot_keys[probe], slot_nodes[probe] = slot_key, <int32_t> child
                    char_in[child] = ch
                    if first_child[node] < 0:
                        first_child[node] = <int32_t> child
                    else:
                        next_sibling[last_child[node]] = <int32_t> child
                    last_child[node] = <int32_t> child
                    node = child
                    break
                probe += 1
        ends[k] = <int32_t> node
    # breadth first, children in the order they were made
    cdef int32_t[::1] order = np.empty(n_nodes, dtype=np.int32)
    cdef int32_t[::1] number = np.empty(n_nodes, dtype=np.int32)
    order[0], head, tail = 0, 0, 1
    while head < tail:
        child = first_child[order[head]]
        while child >= 0:
            order[tail] = <int32_t> child
            tail += 1
            child = next_sibling[child]
        head += 1
    for i in range(n_nodes):
        number[order[i]] = <int32_t> i
    edge_start_a = np.zeros(n_nodes + 1, dtype=np.int32)
    edge_char_a = np.empty(n_nodes - 1, dtype=np.uint32)
    edge_child_a = np.empty(n_nodes - 1, dtype=np.int32)
    cdef int32_t[::1] edge_start = edge_start_a, edge_child = edge_child_a
    cdef uint32_t[::1] edge_char = edge_char_a
    m = 0
    for i in range(n_nodes):
        a = m
        child = first_child[order[i]]
        while child >= 0:  # insert in character order (a node has few children)
            c = m
            while c > a and edge_char[c - 1] > char_in[child]:
                edge_char[c], edge_child[c] = edge_char[c - 1], edge_child[c - 1]
                c -= 1
            edge_char[c], edge_child[c] = char_in[child], number[child]
            m += 1
            child = next_sibling[child]
        edge_start[i + 1] = <int32_t> m
    key_node = np.empty(n_keys, dtype=np.int32)
    cdef int32_t[::1] key_node_v = key_node
    for k in range(n_keys):
        key_node_v[k] = number[ends[k]]
    return edge_start_a, edge_char_a, edge_child_a, key_node
