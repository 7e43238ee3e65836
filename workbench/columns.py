"""Table columns built from plain Python lists, fast.

``pd.DataFrame({"name": [str, ...]})`` infers the ``str`` dtype by looking at every value, then copies them
into Arrow. A list known to hold text can go to Arrow in one pass instead, about twice as fast; for the
mention tables, with their hundreds of thousands of short strings per chunk, that is a good share of
the time spent building them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: The dtype of the tables' text columns: Arrow strings, NaN for a missing value (what ``pd.DataFrame`` infers).
TEXT_DTYPE = pd.StringDtype("pyarrow", na_value=np.nan)


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
    return pd.array(array, dtype=TEXT_DTYPE)


def int_column(values: list) -> np.ndarray:
    """``values`` (Python ints) as an ``int64`` array."""
    return np.array(values, dtype=np.int64)


def repeated_text_column(values: list, counts) -> object:
    """``values[i]`` repeated ``counts[i]`` times, as :func:`text_column` would build the repeated list.

    The repeats are taken from ``values`` by index in Arrow, not written out as a Python list.
    """
    import pyarrow as pa

    counts = np.asarray(counts, dtype=np.int64)
    column = text_column(values)
    if isinstance(column, list):
        return text_column([v for v, n in zip(values, counts.tolist()) for _ in range(n)])
    array = pa.array(column)
    index = np.repeat(np.arange(len(values), dtype=np.int64), counts)
    return taken_column(array, index)


def coded_text_columns(keys: list, records: dict, fields: dict[str, str]) -> dict[str, object]:
    """``keys`` (``str`` or None, few distinct ones) as a :func:`text_column`, and one column per field.

    ``fields`` maps a column name to a field of ``records[key]`` (a dict); a key without a record, or a
    record without the field, gives None. Each distinct key is looked up once: Arrow encodes the keys,
    and each column is taken from its distinct values by the codes. Returns ``{"key": ..., column: ...}``,
    each equal to :func:`text_column` of the list written out in full.
    """
    import pyarrow as pa

    def written_out():
        looked_up = [records.get(k, {}) for k in keys]
        return {"key": text_column(keys),
                **{name: text_column([r.get(field) for r in looked_up]) for name, field in fields.items()}}

    column = text_column(keys)
    if isinstance(column, list):
        return written_out()
    encoded = pa.array(column).dictionary_encode()
    distinct = [records.get(k, {}) for k in encoded.dictionary.to_pylist()]
    out = {"key": column}
    for name, field in fields.items():
        try:
            values = pa.array([r.get(field) for r in distinct], type=pa.large_string())
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # a value that is not text: let pandas infer, as in full
            return written_out()
        out[name] = taken_column(values, encoded.indices)
    return out


def utf8_column(n: int, offsets: np.ndarray, data: bytes):
    """A :func:`text_column` of ``n`` strings from their UTF-8 bytes: string ``k`` is ``data[offsets[k]:offsets[k + 1]]``
    (the buffers of an Arrow ``large_string`` array, ``offsets`` as ``int64``)."""
    import pyarrow as pa

    return pd.array(pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data)), dtype=TEXT_DTYPE)


def taken_column(values, indices):
    """A :func:`text_column` of ``values[i]`` for each ``i`` of ``indices`` (``values`` an Arrow string array)."""
    import pyarrow as pa

    return pd.array(values.take(pa.array(indices)), dtype=TEXT_DTYPE)
