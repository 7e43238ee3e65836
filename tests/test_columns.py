"""Columns built straight from Python lists equal what pandas infers from the same lists."""

import numpy as np
import pandas as pd
from hypothesis import given, settings, strategies as st

from workbench.columns import int_column, text_column

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
