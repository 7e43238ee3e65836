"""Columns built straight from Python lists equal what pandas infers from the same lists."""

import numpy as np
import pandas as pd
from hypothesis import given, settings, strategies as st

from workbench.columns import coded_text_columns, int_column, repeated_text_column, text_column

texts = st.lists(st.one_of(st.none(), st.text(max_size=12)), min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_text_column_equals_the_inferred_column(values):
    if all(v is None for v in values):
        values = values + [""]  # pandas infers object, not str, for a list of None only
    expected = pd.Series(values)
    got = pd.Series(text_column(values))
    assert got.dtype == expected.dtype == "str"
    pd.testing.assert_series_equal(got, expected)


def test_an_empty_text_column_is_str():
    assert pd.Series(text_column([])).dtype == "str"


def test_other_values_are_left_for_pandas_to_infer():
    values = ["a", 3, None]
    assert text_column(values) is values


def test_int_column():
    got = int_column([1, 2, 3])
    assert got.dtype == np.int64 and got.tolist() == [1, 2, 3]


def _same(got, expected_list):
    expected = pd.Series(text_column(expected_list))
    pd.testing.assert_series_equal(pd.Series(got), expected)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=6), st.integers(0, 4)), max_size=20))
def test_repeated_text_column_equals_the_written_out_list(pairs):
    values, counts = [v for v, _ in pairs], [n for _, n in pairs]
    _same(repeated_text_column(values, counts), [v for v, n in pairs for _ in range(n)])


def test_repeated_values_that_are_not_text_are_left_to_pandas():
    assert repeated_text_column([1, 2], [2, 1]) == [1, 1, 2]


records = {"a": {"ar": "أ", "en": "A"}, "b": {"ar": None, "en": "B"}, "c": {"en": "C"}}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "zz", None]), max_size=30))
def test_coded_text_columns_equal_the_looked_up_lists(keys):
    if keys and all(k is None for k in keys):
        keys = keys + ["a"]
    got = coded_text_columns(keys, records, {"label_ar": "ar", "label_en": "en"})
    _same(got["key"], keys)
    _same(got["label_ar"], [records.get(k, {}).get("ar") for k in keys])
    _same(got["label_en"], [records.get(k, {}).get("en") for k in keys])


def test_coded_values_that_are_not_text_are_left_to_pandas():
    got = coded_text_columns(["a", "b"], {"a": {"n": 1.5}}, {"n": "n"})
    assert got["n"] == [1.5, None]
    assert pd.Series(got["key"]).dtype == "str"
