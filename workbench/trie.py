"""A trie flattened into arrays, for the compiled matcher core (``workbench/_spans.pyx``).

:func:`flat_trie` returns a :class:`FlatTrie`. Node 0 is the root. Node ``i`` has the edges
``edge_start[i]:edge_start[i + 1]`` (characters ``edge_char``, sorted, leading to
``edge_child``) and the values ``value_ids[value_start[i]:value_start[i + 1]]``. A node with
many children also has a dense row: ``dense[dense_row[i], alphabet[c]]`` is its child along
character ``c`` (or -1), so the busy nodes near the root need no search. Nodes are numbered
breadth first. :func:`triple_filter` tells, by its first three characters, where no key can start.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .compiled import compiled

#: Nodes with at least this many children get a dense row.
DENSE_MIN_CHILDREN = 3


class FlatTrie(NamedTuple):
    edge_start: np.ndarray  # int32, one more than the nodes
    edge_char: np.ndarray   # uint32
    edge_child: np.ndarray  # int32
    value_start: np.ndarray  # int32, one more than the nodes
    value_ids: np.ndarray   # int32
    alphabet: np.ndarray    # uint16 over the Basic Multilingual Plane: column of a character, 0 for none
    dense_row: np.ndarray   # int32 per node: its row in ``dense``, or -1
    dense: np.ndarray       # int32, rows x (letters + 1)


def flat_trie(keys: dict[str, list[int]], dense_min_children: int = DENSE_MIN_CHILDREN) -> FlatTrie:
    """The flat trie of ``keys`` (each key with the ids of its values).

    With the compiled core, its nodes and edges come from ``_spans.trie_edges`` (the entity lexicon's
    17,000 first words, 224,000 characters: 0.63 s in Python, once per worker, to about 0.03 s) and the
    rest from :func:`_flat_from_edges`; else from :func:`_flat_trie_reference`, which gives the same."""
    spans = compiled("_spans")
    if spans is None:
        return _flat_trie_reference(keys, dense_min_children)
    edge_start, edge_char, edge_child, key_node = spans.trie_edges(list(keys))
    return _flat_from_edges(edge_start, edge_char, edge_child, key_node, list(keys.values()), dense_min_children)


def _flat_from_edges(edge_start: np.ndarray, edge_char: np.ndarray, edge_child: np.ndarray, key_node: np.ndarray,
                     ids: list[list[int]], dense_min_children: int) -> FlatTrie:
    """The :class:`FlatTrie` of a trie's edges (laid out as in :class:`FlatTrie`) and the node each key ends
    at, with the ids of each key's values (``ids``, in the order of ``key_node``)."""
    n_nodes = len(edge_start) - 1
    counts = np.zeros(n_nodes, dtype=np.int64)
    counts[key_node] = [len(v) for v in ids]  # a node ends one key at most
    value_start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    value_ids = np.array([i for k in np.argsort(key_node, kind="stable").tolist() for i in ids[k]], dtype=np.int32)
    letters = np.unique(edge_char[edge_char < 0x10000])
    alphabet = np.zeros(0x10000, dtype=np.uint16)
    alphabet[letters] = np.arange(1, len(letters) + 1)
    busy = np.flatnonzero(np.diff(edge_start) >= dense_min_children)
    dense_row = np.full(n_nodes, -1, dtype=np.int32)
    dense_row[busy] = np.arange(len(busy))
    dense = np.full((len(busy), len(letters) + 1), -1, dtype=np.int32)
    edge_node = np.repeat(np.arange(n_nodes), np.diff(edge_start))
    dense_edges = (dense_row[edge_node] >= 0) & (edge_char < 0x10000)
    dense[dense_row[edge_node[dense_edges]], alphabet[edge_char[dense_edges]]] = edge_child[dense_edges]
    return FlatTrie(edge_start, edge_char, edge_child, value_start, value_ids, alphabet, dense_row, dense)


def _flat_trie_reference(keys: dict[str, list[int]], dense_min_children: int = DENSE_MIN_CHILDREN) -> FlatTrie:
    """:func:`flat_trie` in Python: the reference of the compiled ``trie_edges`` and :func:`_flat_from_edges`."""
    children: list[dict[str, int]] = [{}]
    values: list[list[int]] = [[]]
    for key, ids in keys.items():
        node = 0
        for ch in key:
            nxt = children[node].get(ch)
            if nxt is None:
                nxt = children[node][ch] = len(children)
                children.append({})
                values.append([])
            node = nxt
        values[node].extend(ids)
    children, values = _breadth_first(children, values)
    edges_sorted = [(ord(ch), nxt) for edges in children for ch, nxt in sorted(edges.items())]
    edge_char = [c for c, _ in edges_sorted]
    edge_child = [nxt for _, nxt in edges_sorted]
    letters = sorted({c for c in edge_char if c < 0x10000})
    alphabet = np.zeros(0x10000, dtype=np.uint16)
    alphabet[letters] = np.arange(1, len(letters) + 1)
    busy = [i for i, edges in enumerate(children) if len(edges) >= dense_min_children]
    dense_row = np.full(len(children), -1, dtype=np.int32)
    dense_row[busy] = np.arange(len(busy))
    dense = np.full((len(busy), len(letters) + 1), -1, dtype=np.int32)
    for row, node in enumerate(busy):
        for ch, nxt in children[node].items():
            if ord(ch) < 0x10000:
                dense[row, alphabet[ord(ch)]] = nxt
    return FlatTrie(np.cumsum([0] + [len(e) for e in children]).astype(np.int32), np.array(edge_char, dtype=np.uint32),
                    np.array(edge_child, dtype=np.int32), np.cumsum([0] + [len(v) for v in values]).astype(np.int32),
                    np.array([i for v in values for i in v], dtype=np.int32), alphabet, dense_row, dense)


#: Size of a :func:`triple_filter`, in bits (32 KB: it stays in the fastest cache).
TRIPLE_FILTER_BITS = 1 << 18


def triple_index(columns: tuple[int, int, int], width: int) -> int:
    """The bit of :func:`triple_filter` for three characters with these ``alphabet`` columns."""
    a, b, c = columns
    return ((a * width + b) * width + c) & (TRIPLE_FILTER_BITS - 1)


def triple_filter(keys, trie: FlatTrie) -> np.ndarray:
    """A filter of the first three characters of ``keys`` (those of three characters or more): a walk
    of ``trie`` from a position whose next three characters have no bit set here finds nothing there.

    A bitset of :data:`TRIPLE_FILTER_BITS` bits (uint8), bit :func:`triple_index` of the three
    characters' columns in ``trie.alphabet`` (width: ``trie.dense.shape[1]``). Different triples may
    share a bit: the filter can let a walk through that finds nothing, never the other way round.
    Keys with a character beyond the Basic Multilingual Plane among their first three set no bit
    (the walk's caller lets such characters through unfiltered).
    """
    bits = np.zeros(TRIPLE_FILTER_BITS // 8, dtype=np.uint8)
    width = trie.dense.shape[1]
    for key in keys:
        head = key[:3]
        if len(head) == 3 and max(head) < "\U00010000":
            i = triple_index(tuple(int(trie.alphabet[ord(ch)]) for ch in head), width)
            bits[i >> 3] |= 1 << (i & 7)
    return bits


def _breadth_first(children: list[dict[str, int]], values: list[list[int]]):
    """The nodes renumbered breadth first, so that the nodes every walk passes (near the root) sit
    together in memory."""
    order = [0]
    for node in order:
        order.extend(children[node].values())
    number = {old: new for new, old in enumerate(order)}
    return ([{ch: number[nxt] for ch, nxt in children[old].items()} for old in order],
            [values[old] for old in order])


class FlatAutomaton(NamedTuple):
    """An Aho-Corasick automaton as a table: one look-up per character of the text.

    ``delta[state, alphabet[c]]`` is the state after character ``c`` (column 0 for a character in no key,
    which leads back to the root, state 0). The keys that end at a state are
    ``out_value[out_start[s]:out_start[s + 1]]`` with their lengths ``out_length``, longest first: the
    order in which an Aho-Corasick automaton (``pyahocorasick``) reports them.
    """

    alphabet: np.ndarray    # uint16 over the Basic Multilingual Plane
    delta: np.ndarray       # int32, states x (letters + 1)
    out_start: np.ndarray   # int32, one more than the states
    out_value: np.ndarray   # int32
    out_length: np.ndarray  # int32


def flat_automaton(keys: dict[str, int]) -> FlatAutomaton:
    """The :class:`FlatAutomaton` of ``keys`` (non-empty strings of the Basic Multilingual Plane), each with
    an int value."""
    if any(not key or max(key) >= "\U00010000" for key in keys):
        raise ValueError("keys must be non-empty strings of the Basic Multilingual Plane")
    letters = sorted({ord(ch) for key in keys for ch in key})
    alphabet = np.zeros(0x10000, dtype=np.uint16)
    alphabet[letters] = np.arange(1, len(letters) + 1)
    children: list[dict[int, int]] = [{}]
    own: list[list[tuple[int, int]]] = [[]]  # (value, length) of the key ending at a node
    for key, value in keys.items():
        node = 0
        for ch in key:
            col = int(alphabet[ord(ch)])
            if col not in children[node]:
                children[node][col] = len(children)
                children.append({})
                own.append([])
            node = children[node][col]
        own[node].append((value, len(key)))
    delta = np.zeros((len(children), len(letters) + 1), dtype=np.int32)
    fail = [0] * len(children)
    outputs: list[list[tuple[int, int]]] = [[] for _ in children]
    order = list(children[0].values())  # breadth first: a node's fail state is done before the node
    for col, nxt in children[0].items():
        delta[0, col] = nxt
    for node in order:
        outputs[node] = own[node] + outputs[fail[node]]
        delta[node] = delta[fail[node]]
        for col, nxt in children[node].items():
            fail[nxt] = int(delta[fail[node], col])
            delta[node, col] = nxt
            order.append(nxt)
    out_start = np.cumsum([0] + [len(o) for o in outputs]).astype(np.int32)
    return FlatAutomaton(alphabet, delta, out_start, np.array([v for o in outputs for v, _ in o], dtype=np.int32),
                         np.array([n for o in outputs for _, n in o], dtype=np.int32))
