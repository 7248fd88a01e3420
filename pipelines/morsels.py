"""Smaller streaming morsels for the stage functions, which keeps their peak memory down.

With polars' default morsel (about 100k rows), a scan -> with_columns -> sink_parquet plan held
about twice the memory of a plain pass-through: the AIS scrub stage peaked at 1,081 MiB on 10M
rows. With 20k rows it peaked at 753 MiB, and no stage got slower (bench/ais_profile.py).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import polars as pl

MORSEL_ROWS = 20_000

P = ParamSpec("P")
R = TypeVar("R")


def bounded_morsels(fn: Callable[P, R]) -> Callable[P, R]:
    """Run `fn` with MORSEL_ROWS-row streaming morsels, restoring the caller's setting after."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with pl.Config(streaming_chunk_size=MORSEL_ROWS):
            return fn(*args, **kwargs)

    return wrapper
