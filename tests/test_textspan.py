import pytest
from conftest import require_compiled
from hypothesis import given, settings, strategies as st

from workbench.textspan import (AlignmentChain, _apply_edits, _map, _map_many_reference, _substrings, apply_edits,
                                substrings)


def test_apply_edits_replaces_inserts_and_deletes():
    text = "abcdef"
    new, al = apply_edits(text, [(0, 0, "X"), (1, 2, ""), (3, 5, "YYY")])
    assert new == "Xacyyyf".replace("yyy", "YYY")
    # the untouched 'f' maps back and forth
    assert al.to_old(new.index("f")) == text.index("f")
    assert al.to_new(text.index("f")) == new.index("f")
    # a span covering the replaced stretch maps to the replacement
    assert (al.to_new(3, "start"), al.to_new(5, "end")) == (3, 6)
    assert new[3:6] == "YYY"


def test_overlapping_edits_are_refused():
    import pytest

    with pytest.raises(ValueError):
        apply_edits("abcdef", [(0, 3, ""), (2, 4, "")])


@st.composite
def text_and_edits(draw):
    text = draw(st.text(alphabet="abcde ", min_size=0, max_size=40))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    edits, pos = [], 0
    for a, b in zip(cuts[::2], cuts[1::2]):
        if a < pos:
            continue
        edits.append((a, b, draw(st.text(alphabet="XYZ", max_size=3))))
        pos = b if b > a else b + 1
    return text, edits


@given(text_and_edits())
def test_untouched_characters_round_trip(case):
    text, edits = case
    new, al = apply_edits(text, edits)
    touched = set()
    for a, b, _ in edits:
        touched.update(range(a, b))
    for i, ch in enumerate(text):
        if i in touched:
            continue
        j = al.to_new(i, "start")
        assert new[j] == ch
        assert al.to_old(j, "start") == i


@given(text_and_edits(), text_and_edits())
def test_chain_maps_spans_of_untouched_text_back_to_raw(first, second):
    raw, edits1 = first
    mid, al1 = apply_edits(raw, edits1)
    chain = AlignmentChain()
    chain.append(al1)
    # second step: delete every 'a' of the intermediate text
    edits2 = [(i, i + 1, "") for i, ch in enumerate(mid) if ch == "a"]
    final, al2 = apply_edits(mid, edits2)
    chain.append(al2)
    for j in range(len(final)):
        i = chain.to_raw(j, "start")
        if final[j] in "bcde ":
            # characters that no step produced come from the same character in raw
            produced_by_step1 = any(a <= chain.steps[0].to_old(al2.to_old(j)) < b for a, b, _ in edits1) if al1 else False
            if not produced_by_step1:
                assert raw[i] == final[j]


@st.composite
def _chain(draw):
    """A chain of two or three steps of random edits on a random text."""
    text = draw(st.text(alphabet="abc ", min_size=0, max_size=30))
    chain = AlignmentChain()
    for _ in range(draw(st.integers(1, 3))):
        cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
        edits = [(a, b, draw(st.sampled_from(["", "X", "YY"]))) for a, b in zip(cuts[::2], cuts[1::2])]
        text, alignment = apply_edits(text, edits)
        chain.append(alignment)
    return chain, len(text)


@given(_chain(), st.sampled_from(["start", "end"]), st.data())
def test_vectorised_mapping_equals_one_by_one(chain_len, side, data):
    chain, n = chain_len
    positions = data.draw(st.lists(st.integers(0, n), max_size=10))
    assert chain.to_raw_many(positions, side) == [chain.to_raw(p, side) for p in positions]
    raw_len = chain.to_raw(n, "end")
    raw_positions = data.draw(st.lists(st.integers(0, raw_len), max_size=10))
    since = data.draw(st.integers(0, len(chain.steps)))
    assert (chain.forward_many(raw_positions, side, since=since)
            == [chain.forward(p, side, since=since) for p in raw_positions])
    # the numpy path (many positions) gives the same
    many = raw_positions * 60
    assert chain.forward_many(many, side, since=since) == [chain.forward(p, side, since=since) for p in many]


# ----------------------------------------------------------------- the compiled edits against the reference

@pytest.fixture(scope="module")
def core():
    return require_compiled("_textspan", "the compiled edits")


# characters of every string width: a replacement may be narrower or wider than the text it replaces
_CHARS = "ab \néالـ😀"


@st.composite
def any_edits(draw):
    """A text and edits on it: mostly valid, sometimes overlapping, backwards or past the end;
    with the extra items (kind, evidence) the cleaning steps add, or without."""
    text = draw(st.text(alphabet=_CHARS, max_size=30))
    edits, pos = [], 0
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(pos - 1, len(text) + 1))
        end = draw(st.integers(start - 1, len(text) + 1))
        repl = draw(st.one_of(st.text(alphabet=_CHARS, max_size=3), st.just(text[max(start, 0):max(end, 0)])))
        extra = draw(st.sampled_from([(), ("kind",), ("kind", "evidence")]))
        edits.append((start, end, repl, *extra))
        pos = max(end, 0)
    return text, edits


def _outcome(fn, text, edits):
    try:
        new, alignment = fn(text, edits)
    except ValueError as error:
        return "error", str(error)
    return new, tuple(alignment.__dict__.values())


@settings(max_examples=600, deadline=None)
@given(any_edits())
def test_compiled_apply_edits_equals_the_reference(core, case):
    text, edits = case
    assert _outcome(apply_edits, text, edits) == _outcome(_apply_edits, text, edits)


def test_compiled_apply_edits_gives_the_narrowest_string(core):
    new, _ = apply_edits("a😀bا", [(1, 2, ""), (3, 4, "c")])
    assert new == "abc" and new.isascii()


@settings(max_examples=600, deadline=None)
@given(_chain(), st.sampled_from(["start", "end"]), st.data())
def test_compiled_mapping_equals_the_reference(core, chain_len, side, data):
    chain, n = chain_len
    for alignment in chain.steps:
        for src, dst in (((alignment.old_starts, alignment.old_ends), (alignment.new_starts, alignment.new_ends)),
                         ((alignment.new_starts, alignment.new_ends), (alignment.old_starts, alignment.old_ends))):
            positions = data.draw(st.lists(st.integers(-2, n + 40), max_size=12))
            expected = [_map(p, *src, *dst, side) for p in positions]
            assert core.map_positions(positions, *src, *dst, side == "end") == expected
            assert _map_many_reference(positions, *src, *dst, side) == expected


def test_compiled_mapping_refuses_a_ragged_alignment(core):
    with pytest.raises(ValueError):
        core.map_positions([1], (0, 2), (1,), (0, 2), (1, 3), False)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_CHARS, max_size=20), st.lists(st.tuples(st.integers(-25, 25), st.integers(-25, 25)), max_size=8))
def test_compiled_substrings_equal_slices(core, text, spans):
    """Spans inside the text, past its end, backwards and counted from the end: what slicing gives."""
    starts, ends = [a for a, _ in spans], [b for _, b in spans]
    expected = [text[a:b] for a, b in spans]
    assert core.substrings(text, starts, ends) == expected
    assert _substrings(text, starts, ends) == expected
    assert substrings(text, starts, ends) == expected


@st.composite
def _records_on_a_chain(draw):
    """A chain of one to four steps and change records on it, as cleaning keeps them: each with the index
    ``since`` of the step after its own (ascending), a raw span in its step's input and a span in its output."""
    text = draw(st.text(alphabet="abc ", min_size=0, max_size=30))
    chain, lengths = AlignmentChain(), [len(text)]
    for _ in range(draw(st.integers(1, 4))):
        cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
        edits = [(a, b, draw(st.sampled_from(["", "X", "YY"]))) for a, b in zip(cuts[::2], cuts[1::2])]
        text, alignment = apply_edits(text, edits)
        if alignment:
            chain.append(alignment)
            lengths.append(len(text))
    if not chain.steps:
        return chain, [], []
    since = sorted(draw(st.lists(st.integers(1, len(chain.steps)), max_size=8)))
    records = []
    for s in since:
        raw = sorted(draw(st.lists(st.integers(0, lengths[s - 1]), min_size=2, max_size=2)))
        new = sorted(draw(st.lists(st.integers(0, lengths[s]), min_size=2, max_size=2)))
        records.append({"raw_start": raw[0], "raw_end": raw[1], "start": new[0], "end": new[1]})
    return chain, records, since


@given(_records_on_a_chain())
def test_change_records_mapped_by_the_compiled_chain_equal_the_reference(case):
    require_compiled("_textspan", "the compiled edits")
    from workbench.cleaning import _to_raw_and_final, _to_raw_and_final_reference

    chain, records, since = case
    compiled_records, reference = [dict(r) for r in records], [dict(r) for r in records]
    _to_raw_and_final(compiled_records, since, chain)
    _to_raw_and_final_reference(reference, since, chain)
    assert compiled_records == reference
    for record, s, mapped in zip(records, since, compiled_records):  # record by record, by the chain's methods
        start = chain.forward(record["start"], "start", since=s)
        assert mapped == {"raw_start": chain.to_raw(record["raw_start"], "start", upto=s - 1),
                          "raw_end": chain.to_raw(record["raw_end"], "end", upto=s - 1),
                          "start": start, "end": max(start, chain.forward(record["end"], "end", since=s))}


def test_compiled_chain_refuses_a_step_index_outside_the_chain(core):
    with pytest.raises(ValueError, match="step index"):
        core.map_chain([0], [2], [((0,), (1,), (0,), (0,))], True, False)
