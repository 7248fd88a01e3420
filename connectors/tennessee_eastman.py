"""Connector for Tennessee Eastman runs (Braatz `dNN.dat` / `dNN_te.dat`): wide and long tables.

Options (from the spec's `source.options`):
- `start`: ISO time of the nominal simulation start (default 2000-01-01T00:00:00Z); sample k
  is stamped start + k x 3 min.
- `layout`: auto (default), rows or transposed.
- `test_fault_onset` / `train_fault_onset`: first sample with the disturbance active (161 and
  1 in the Braatz data: test runs switch the fault on after 8 simulated hours, training runs
  are recorded after it).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from connectors.base import QUARANTINE_SCHEMA, Connector, IngestResult
from connectors.registry import register
from connectors.te_files import iter_run_files
from connectors.te_records import Layout, ParsedRun, parse_run
from schemas.petrochemical import SENSOR_READINGS, TE_SAMPLES
from schemas.te_variables import SAMPLE_SECONDS, TE_VARIABLES

DEFAULT_START = "2000-01-01T00:00:00+00:00"
WIDE, LONG = "wide", "long"
_NAMES = [v.name for v in TE_VARIABLES]
_DICTIONARY = pl.DataFrame(
    {"_name": _NAMES, "tag": [v.tag for v in TE_VARIABLES], "unit": [v.unit for v in TE_VARIABLES]}
)


def _start(value: Any) -> datetime:
    """The nominal run start as an aware UTC datetime (naive values are taken as UTC)."""
    start = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return start.replace(tzinfo=UTC) if start.tzinfo is None else start.astimezone(UTC)


class _Options:
    """Validated connector options."""

    def __init__(self, options: dict[str, Any]) -> None:
        unknown = set(options) - {"start", "layout", "test_fault_onset", "train_fault_onset"}
        if unknown:
            raise ValueError(f"tennessee_eastman_dat: unknown options {sorted(unknown)}")
        self.start = _start(options.get("start", DEFAULT_START))
        self.layout: Layout = options.get("layout", "auto")
        if self.layout not in ("auto", "rows", "transposed"):
            raise ValueError(
                f"tennessee_eastman_dat: layout {self.layout!r} not auto/rows/transposed"
            )
        self.onset = {
            "test": int(options.get("test_fault_onset", 161)),
            "train": int(options.get("train_fault_onset", 1)),
        }


def _wide(parsed: ParsedRun, opts: _Options) -> pl.DataFrame:
    """The run's good samples as contract rows of the wide table."""
    run = parsed.run
    samples = np.asarray(parsed.samples, dtype=np.int32)
    values = np.asarray(parsed.values, dtype=np.float64).reshape(len(samples), len(_NAMES))
    onset = opts.onset[run.split]
    frame = pl.DataFrame(
        {
            "run_id": run.run_id,
            "fault_id": run.fault_id,
            "split": run.split,
            "sample": samples,
            "elapsed_s": samples.astype(np.int64) * SAMPLE_SECONDS,
            "fault_active": (samples >= onset) & (run.fault_id > 0),
            **{name: values[:, i] for i, name in enumerate(_NAMES)},
            "source_file": run.source,
            "source_line": np.asarray(parsed.lines, dtype=np.int64),
        }
    )
    frame = frame.with_columns(
        (pl.lit(opts.start) + pl.duration(seconds=pl.col("elapsed_s"))).alias("sample_time"),
        (pl.col("elapsed_s") / 3600.0).alias("elapsed_h"),
        pl.when(pl.col("fault_active"))
        .then(pl.format("IDV({})", pl.col("fault_id")))
        .otherwise(pl.lit("normal"))
        .alias("process_state"),
    )
    return TE_SAMPLES.conform(frame).collect()


def _long(wide: pl.DataFrame, parsed: ParsedRun) -> pl.DataFrame:
    """The same samples as one reading per tag (transposed files cite each variable's line)."""
    long = wide.unpivot(
        index=["run_id", "sample_time", "source_file", "source_line"],
        on=_NAMES,
        variable_name="_name",
        value_name="value",
    ).join(_DICTIONARY, on="_name", how="left", maintain_order="left")
    if parsed.layout == "transposed":
        lines = pl.DataFrame({"_name": _NAMES, "_line": parsed.variable_lines})
        long = long.join(lines, on="_name", how="left", maintain_order="left").with_columns(
            pl.col("_line").cast(pl.Int64).alias("source_line")
        )
    long = long.rename({"sample_time": "timestamp"}).with_columns(pl.lit("good").alias("quality"))
    return SENSOR_READINGS.conform(long).collect()


@register
class TennesseeEastmanConnector(Connector):
    """Reads TE `.dat` runs (and zip archives of them) into a wide and a long table."""

    format = "tennessee_eastman_dat"
    tables = (WIDE, LONG)

    def read(
        self, paths: list[Path], out_dir: Path, declared_date: date | None = None
    ) -> IngestResult:
        """Parse every run, quarantining bad records, and write wide, long and quarantine."""
        opts = _Options(self.options)
        out_dir.mkdir(parents=True, exist_ok=True)
        ledger: Counter[str] = Counter()
        records = 0
        wides: list[pl.DataFrame] = [TE_SAMPLES.empty()]
        longs: list[pl.DataFrame] = [SENSOR_READINGS.empty()]
        bad: list[tuple[str, int, str, str, str, str]] = []
        for item in iter_run_files(list(paths), self.text_encoding()):
            if isinstance(item, str):
                ledger["other_archive_member"] += 1
                records += 1
                continue
            parsed = parse_run(item, opts.layout)
            ledger.update(parsed.ledger)
            records += parsed.records
            bad.extend(parsed.quarantine)
            if parsed.samples:
                wide = _wide(parsed, opts)
                wides.append(wide)
                longs.append(_long(wide, parsed))
        paths_out = {WIDE: out_dir / f"{WIDE}.parquet", LONG: out_dir / f"{LONG}.parquet"}
        wide_all = pl.concat(wides)
        wide_all.write_parquet(paths_out[WIDE], compression="zstd")
        pl.concat(longs).write_parquet(paths_out[LONG], compression="zstd")
        quarantine_path = out_dir / "quarantine.parquet"
        pl.DataFrame(bad, schema=QUARANTINE_SCHEMA, orient="row").write_parquet(quarantine_path)
        return IngestResult(
            table_path=None,
            quarantine_path=quarantine_path,
            rows_out=wide_all.height,
            rows_quarantined=len(bad),
            input_units=records,
            ledger=ledger,
            unit="line",
            tables=paths_out,
        )
