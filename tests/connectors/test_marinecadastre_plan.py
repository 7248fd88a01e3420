"""The typed fields of the fast MarineCadastre read: polars' CSV reader must accept a text only
where the text route (cast, or strip then cast on the careful plan) accepts it, with its value."""

from __future__ import annotations

import io
import math

import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from connectors.marinecadastre_plan import TYPED

PIECES = st.sampled_from(
    [*"0123456789", ".", "-", "+", "e", "E", " ", "\t", "x", "_", "'", "١", "９"]
    + ["inf", "nan", "NaN", "Infinity", "0x1", "1e308", "1e309", "9223372036854775808"]
)
TEXTS = st.lists(st.lists(PIECES, min_size=1, max_size=6).map("".join), min_size=1, max_size=40)


def _same(a: float | int | None, b: float | int | None) -> bool:
    """Equal values, NaN equal to NaN."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b


@pytest.mark.parametrize("dtype", sorted({str(d) for d in TYPED.values()}))
@settings(max_examples=150, deadline=None)
@given(texts=TEXTS)
@example(texts=[" 8.8", "8.8 ", "\t-80.1", "+1e3", "1e309", "nan", "abc", "1.0", "0x10", "٣"])
def test_the_reader_accepts_what_the_text_route_accepts_with_its_value(
    dtype: str, texts: list[str]
) -> None:
    """Typed null where the cast accepts would lose a row's value; typed value where the text
    route quarantines would release a row the staged path rejects."""
    dtype_ = pl.Int64() if dtype == "Int64" else pl.Float64()
    lines = [f'"{t}"' if not t.strip() else t for t in texts]  # a blank field stays text
    data = "x\n" + "\n".join(lines) + "\n"
    typed = pl.read_csv(
        io.StringIO(data), schema={"x": dtype_}, empty_string_is_null=True, ignore_errors=True
    )["x"]
    text = pl.read_csv(io.StringIO(data), schema={"x": pl.String()}, empty_string_is_null=True)["x"]
    cast = text.cast(dtype_, strict=False).to_list()
    careful = text.str.strip_chars().cast(dtype_, strict=False).to_list()
    for t, got, direct, care in zip(text.to_list(), typed.to_list(), cast, careful, strict=True):
        if direct is not None:
            assert _same(got, direct), (t, got, direct)
        elif got is not None:
            assert _same(got, care), (t, got, care)
