"""pyarrow columns to numpy through their buffers.

pyarrow's own converters (``to_numpy``, ``fill_null`` with a Python scalar, ``pa.array`` of a list) import
pandas as soon as they meet a Python object or scalar: a third of a second at the start of every
``confero assign``. These helpers never do. pyarrow is imported inside the functions.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def string_array(values: Sequence[str]):
    import pyarrow as pa

    enc = [v.encode("utf-8") for v in values]
    offsets = np.zeros(len(enc) + 1, dtype=np.int64)
    np.cumsum(np.fromiter((len(e) for e in enc), dtype=np.int64, count=len(enc)), out=offsets[1:])
    return pa.LargeStringArray.from_buffers(len(enc), pa.py_buffer(offsets), pa.py_buffer(b"".join(enc)))


def valid_mask(arr) -> np.ndarray:
    """Boolean mask of the non-null slots of a pyarrow Array."""
    if arr.null_count == 0:
        return np.ones(len(arr), dtype=bool)
    if arr.null_count == len(arr) or arr.buffers()[0] is None:  # e.g. a column of type null
        return np.zeros(len(arr), dtype=bool)
    bits = np.unpackbits(np.frombuffer(arr.buffers()[0], dtype=np.uint8), bitorder="little")
    return bits[arr.offset : arr.offset + len(arr)].astype(bool)


def as_numpy(arr, dtype) -> np.ndarray:
    """The values of a primitive pyarrow Array (or ChunkedArray) as numpy (null slots: undefined)."""
    import pyarrow as pa

    if isinstance(arr, pa.ChunkedArray):
        parts = [as_numpy(c, dtype) for c in arr.chunks]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)
    dtype = np.dtype(dtype)
    if len(arr) == 0 or len(arr.buffers()) < 2 or arr.buffers()[1] is None:  # empty or all-null (type null)
        return np.zeros(len(arr), dtype=dtype)
    return np.frombuffer(arr.buffers()[1], dtype=dtype, count=len(arr), offset=arr.offset * dtype.itemsize)


def positions(column, ids: Sequence[str]) -> np.ndarray:
    """Position in ``ids`` of each value of a pyarrow string or dictionary column (surrounding blanks
    ignored); -1 where absent or null. Dictionary columns map only their (small) dictionary."""
    import pyarrow as pa
    import pyarrow.compute as pc

    value_set = string_array(ids)

    def lookup(arr) -> np.ndarray:
        if not pa.types.is_large_string(arr.type):
            arr = arr.cast(pa.large_string())
        pos = pc.index_in(pc.utf8_trim_whitespace(arr), value_set=value_set)
        return np.where(valid_mask(pos), as_numpy(pos, np.int32), -1).astype(np.int64)

    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    out = []
    for chunk in chunks:
        if pa.types.is_dictionary(chunk.type):
            table = lookup(chunk.dictionary)
            idx = as_numpy(chunk.indices, np.dtype(f"int{chunk.indices.type.bit_width}"))
            part = table[np.where(valid_mask(chunk), idx, 0)] if table.size else np.full(len(chunk), -1)
            out.append(np.where(valid_mask(chunk), part, -1))
        else:
            out.append(lookup(chunk))
    return np.concatenate(out).astype(np.int64, copy=False) if out else np.zeros(0, dtype=np.int64)
