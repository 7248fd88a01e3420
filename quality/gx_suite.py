"""Great Expectations 1.x validation over bounded pandas batches converted from Arrow."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq

from quality.config import ExpectationConfig
from quality.expectations import ExpectationResult, _success, evaluate_polars

log = logging.getLogger(__name__)
DEFAULT_BATCH_ROWS = 100_000


def _to_gx(exp: ExpectationConfig, index: int):  # noqa: ANN202 - GX classes share no public base
    import great_expectations as gx

    common: dict = {"column": exp.column, "meta": {"bohai_index": index}}
    if exp.expect != "unique":
        common["mostly"] = exp.mostly
    match exp.expect:
        case "not_null":
            return gx.expectations.ExpectColumnValuesToNotBeNull(**common)
        case "between":
            return gx.expectations.ExpectColumnValuesToBeBetween(
                min_value=exp.min, max_value=exp.max, **common
            )
        case "in_set":
            return gx.expectations.ExpectColumnValuesToBeInSet(value_set=exp.values, **common)
        case "regex":
            return gx.expectations.ExpectColumnValuesToMatchRegex(regex=exp.pattern, **common)
        case "unique":
            return gx.expectations.ExpectColumnValuesToBeUnique(**common)
    raise ValueError(f"unknown expectation {exp.expect}")


def _batches(path: Path, columns: list[str], batch_rows: int) -> Iterator:
    parquet = pq.ParquetFile(path)
    for record_batch in parquet.iter_batches(batch_size=batch_rows, columns=columns):
        yield record_batch.to_pandas()


def evaluate_gx(
    path: Path, expectations: list[ExpectationConfig], batch_rows: int = DEFAULT_BATCH_ROWS
) -> list[ExpectationResult]:
    """Validate a Parquet file with GX, batch by batch, and combine the counts over all batches.

    GX has no polars engine, so each bounded batch goes through pandas. Uniqueness cannot be
    combined across batches: when the file spans several batches it is computed natively.
    """
    if not expectations:
        return []
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx

    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    n_rows = pq.ParquetFile(path).metadata.num_rows
    multi = n_rows > batch_rows
    via_gx = [e for e in expectations if not (multi and e.expect == "unique")]
    native = [e for e in expectations if multi and e.expect == "unique"]
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_pandas("bohai")
    batch_def = source.add_dataframe_asset("table").add_batch_definition_whole_dataframe("all")
    suite = gx.ExpectationSuite(
        name="bohai", expectations=[_to_gx(e, i) for i, e in enumerate(via_gx)]
    )
    totals = [[0, 0, 0] for _ in via_gx]  # element_count, unexpected_count, missing_count
    columns = sorted({e.column for e in via_gx})
    for frame in _batches(path, columns, batch_rows) if via_gx else ():
        batch = batch_def.get_batch(batch_parameters={"dataframe": frame})
        result = batch.validate(suite, result_format="SUMMARY")
        for item in result.results:  # GX does not keep suite order: match by our index
            i = int(item.expectation_config.meta["bohai_index"])
            stats = item.result
            totals[i][0] += int(stats.get("element_count", 0))
            totals[i][1] += int(stats.get("unexpected_count", 0) or 0)
            totals[i][2] += int(stats.get("missing_count", 0) or 0)
    out: list[ExpectationResult] = []
    for exp, (elements, unexpected, missing) in zip(via_gx, totals, strict=True):
        counted = elements if exp.expect == "not_null" else elements - missing
        out.append(
            ExpectationResult(
                exp.expect,
                exp.column,
                exp.severity,
                _success(exp, unexpected, counted),
                elements,
                unexpected,
                counted,
                "great_expectations",
            )
        )
    if native:
        import polars as pl

        out.extend(evaluate_polars(pl.scan_parquet(path), native))
    order = {id(e): i for i, e in enumerate(expectations)}
    keyed = {id(e): r for e, r in zip(via_gx + native, out, strict=True)}
    return [keyed[k] for k in sorted(keyed, key=order.__getitem__)]
