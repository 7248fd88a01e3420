"""Status words and sentinels in a numeric column: null with the value kept as its reason."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import yaml

from connectors.registry import get_connector
from schemas.column_types import infer_dtype, parse_expr
from schemas.draft import draft_spec
from schemas.registry import get_schema
from schemas.spec import load_spec

WORDS = ("Bad Input", "I/O Timeout", "Calc Failed", "-9999", "<0,5")


def _column(n: int = 100, every: int = 5, words: tuple[str, ...] = WORDS) -> pl.Series:
    """Readings with one value in `every` a status word or sentinel (20% by default)."""
    values = [words[i // every % len(words)] if i % every == 0 else f"{40 + i % 13}.{i % 10}"
              for i in range(n)]  # fmt: skip
    return pl.Series("v", values)


def test_a_column_of_readings_with_sentinels_is_numeric_with_null_values() -> None:
    inferred = infer_dtype(_column())
    assert inferred.dtype == "float64"
    assert sorted(inferred.null_values) == sorted(WORDS)
    assert inferred.evidence.startswith("20 of 100 sampled values (20%) say there is no reading")
    assert infer_dtype(_column(every=10, words=("-9999",))).null_values == ("-9999",)


def test_an_infinity_is_no_reading_like_nan() -> None:
    # trial12: one 'Inf' in a 52-tag export row quarantined the row's other 51 readings
    inferred = infer_dtype(_column(words=("NaN", "Inf", "-Inf")))
    assert inferred.dtype == "float64" and sorted(inferred.null_values) == ["-Inf", "Inf", "NaN"]
    frame = _column(words=("inf", "-Infinity")).to_frame()
    typed = frame.select(parse_expr("v", "float64", null_values=["inf", "-Infinity"]))
    assert typed.to_series().null_count() == 20 and typed.to_series().is_finite().all()


def test_words_nobody_listed_and_in_range_numbers_are_not_sentinels() -> None:
    rooms = pl.Series("room", [str(100 + i) if i % 5 else "ICU" for i in range(100)])
    assert infer_dtype(rooms).dtype == "str"  # ICU is a room, not a missing reading
    depths = pl.Series("d", [str(-12000 + 250 * i) for i in range(100)] + ["-9999"] * 5)
    assert infer_dtype(depths).dtype == "int64" and not infer_dtype(depths).null_values
    mostly = _column(every=1)  # every value a word: nothing numeric to read
    assert infer_dtype(mostly).dtype == "str" and not infer_dtype(mostly).null_values


def _export(path: Path) -> Path:
    column = _column(120)
    rows = [f'2026-12-01 {i // 60:02d}:{i % 60:02d}:00,"{v}",OK' for i, v in enumerate(column)]
    path.write_text("Time,NH3 [mg/L],Status\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_the_draft_proposes_null_values_and_the_run_counts_them(tmp_path: Path) -> None:
    source = _export(tmp_path / "lab.csv")
    drafted = draft_spec(source, "petrochemical/lab", license="CC0-1.0", owner="test")
    options = yaml.safe_load(drafted.text)["source"]["options"]
    declared = options["columns"]["nh3_mg_l"]
    assert declared["dtype"] == "float64" and sorted(declared["null_values"]) == sorted(WORDS)
    assert "24 of 120 sampled values (20%) say there is no reading" in drafted.text
    assert "kept in nh3_mg_l_null_reason" in drafted.text
    spec = tmp_path / "lab.yaml"
    spec.write_text(drafted.text, encoding="utf-8")
    assert "nh3_mg_l_null_reason" in get_schema(load_spec(spec).table_schema).names
    path = tmp_path / "more.csv"  # a later day: one word nobody listed is still quarantined
    later = source.read_text().replace('"Calc Failed"', '"Scan Off"', 1)
    path.write_text(later.replace('"-9999"', '"-9999.0"'))  # the same sentinel, written so
    result = get_connector("delimited_table", options).read([path], tmp_path / "run")
    table = pl.read_parquet(result.table_path)  # type: ignore[arg-type]
    quarantine = pl.read_parquet(result.quarantine_path)
    assert quarantine.select("reason", "detail").rows() == [
        ("unparsable_field", "unparsable nh3_mg_l=Scan Off")
    ]
    reasons = dict(table.get_column("nh3_mg_l_null_reason").value_counts().rows())
    assert reasons == {None: 96, "Bad Input": 5, "I/O Timeout": 5, "Calc Failed": 4,
                       "-9999.0": 5, "<0,5": 4}  # fmt: skip
    assert table.get_column("nh3_mg_l").null_count() == 23 and table.height == 119
    assert result.reconciles()
