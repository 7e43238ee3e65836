"""Table columns built from plain Python lists, fast.

``pd.DataFrame({"name": [str, ...]})`` infers the ``str`` dtype by looking at every value, then copies them
into Arrow. A list known to hold text can go to Arrow in one pass instead, about twice as fast; for the
mention tables, with their hundreds of thousands of short strings per chunk, that is a good share of
the time spent building them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def text_column(values: list):
    """``values`` (``str`` or None) as a pandas ``str`` array, equal to what ``pd.DataFrame`` infers from the list.

    An empty list gives an empty ``str`` array too (``pd.DataFrame`` would make it ``float64``), so a table
    has the same column types whether it has rows or not. A list holding anything but ``str`` and None is
    returned as it is, for pandas to infer.
    """
    import pyarrow as pa

    try:
        array = pa.array(values, type=pa.large_string())
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return values
    return pd.array(array, dtype=pd.StringDtype("pyarrow", na_value=np.nan))


def int_column(values: list) -> np.ndarray:
    """``values`` (Python ints) as an ``int64`` array."""
    return np.array(values, dtype=np.int64)
