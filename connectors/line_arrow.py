"""Arrow data handed to polars through the Arrow C data interface, not as pyarrow objects.

`pl.Series(pyarrow_array)` and `pl.from_arrow` import `pyarrow.compute` (about 0.25 s of CPU,
once per process) to coerce chunked dictionaries; the line arrays and Parquet row groups the
MarineCadastre read hands over need no coercion, so they go through the PyCapsule protocol.
"""

from __future__ import annotations

from typing import Any

import polars as pl


class _Array:
    """A pyarrow Array seen only through `__arrow_c_array__`."""

    __slots__ = ("data",)

    def __init__(self, data: Any) -> None:
        self.data = data

    def __arrow_c_array__(self, requested_schema: object = None) -> object:
        """The array's (schema, array) capsules."""
        return self.data.__arrow_c_array__(requested_schema)


class _Stream:
    """A pyarrow Table seen only through `__arrow_c_stream__`."""

    __slots__ = ("data",)

    def __init__(self, data: Any) -> None:
        self.data = data

    def __arrow_c_stream__(self, requested_schema: object = None) -> object:
        """The table's stream capsule."""
        return self.data.__arrow_c_stream__(requested_schema)


def series(array: Any) -> pl.Series:
    """A polars Series on a pyarrow Array's buffers."""
    return pl.Series(_Array(array))


def frame(table: Any) -> pl.DataFrame:
    """A polars DataFrame on a pyarrow Table's buffers."""
    return pl.DataFrame(_Stream(table))
