"""Connector for Synthea CSV exports: one folder (or .zip) of CSVs into the medical EHR tables.

Files are matched to tables by name (patients.csv -> patients). A file whose header is not
the Synthea layout of its table has every record quarantined (`header_mismatch`); a record
with the wrong number of fields, an empty key, an unparsable value or a date outside
1800-2200 is quarantined with its file, line and reason. Files are read as physical lines in
the spec's `source.encoding` (connectors.csv_records): a stray quote quarantines its own line
(`runaway_quote`) instead of swallowing the records after it, an undecodable line is
`bad_encoding` with its bytes, a record whose fields equal an earlier one's in the same table is
`duplicate_record` (first kept; found from on-disk hash buckets, connectors.record_copies).
The ledger counts physical lines: headers, lines of each table's rows, quarantined lines,
blank lines, and lines of CSVs of other Synthea tables (claims, devices ...:
`other_table_line`). Lines a byte pre-scan finds clean are split by polars rather than one by
one in Python, with the same outcome (connectors.synthea_spill); `careful: true` among the
source options reads every line through connectors.csv_records, as the tests compare.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from connectors.base import (
    QUARANTINE_SCHEMA,
    Connector,
    IngestResult,
    SourceFormatError,
    parquet_rows,
)
from connectors.csv_records import CsvRecords
from connectors.dedupe import DUPLICATE
from connectors.record_copies import COPY_COLUMNS, RecordCopies
from connectors.registry import register
from connectors.synthea_layout import HEADERS, LINE, parse_plan
from connectors.synthea_spill import (
    MAX_FIELD,
    MAX_LINES,
    Lines,
    Parts,
    Quarantine,
    Spill,
    spill_careful,
    spill_fast,
)
from schemas.medical import EHR_TABLES


@dataclass(slots=True)
class _Source:
    """One CSV to read: where it is and the name it is reported under."""

    name: str
    path: Path
    member: str | None = None

    @property
    def table(self) -> str:
        """The EHR table a file belongs to, from its name (patients.csv -> patients)."""
        return Path(self.member or self.path.name).stem.lower()


def csv_sources(paths: list[Path]) -> list[_Source]:
    """Every CSV among the paths, looking inside .zip archives (Synthea's download format)."""
    found: list[_Source] = []
    for path in map(Path, paths):
        if not path.is_file():
            raise FileNotFoundError(f"Synthea CSV not found: {path}")
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as archive:
                members = sorted(m for m in archive.namelist() if m.lower().endswith(".csv"))
            found.extend(_Source(f"{path.name}!{m}", path, m) for m in members)
        elif path.suffix.lower() == ".csv":
            found.append(_Source(path.name, path))
        else:
            raise SourceFormatError(path, "not a Synthea .csv file or a .zip of them")
    return found


def _later_copies(spilled: list[tuple[_Source, Parts, list[str]]], folder: Path) -> pl.DataFrame:
    """(file, line, first_file, first_line) of records whose fields equal an earlier record's
    of the same table (file = index into `spilled`), found from on-disk hash buckets."""
    found = [pl.DataFrame(schema=dict.fromkeys(COPY_COLUMNS, pl.Int64))]
    for table in EHR_TABLES:
        mine = [(k, p, names) for k, (s, p, names) in enumerate(spilled) if s.table == table]
        if not mine:
            continue
        size = sum(sum(p.stat().st_size for p in parts.paths()) for _, parts, _ in mine)
        copies = RecordCopies(folder / table, size)
        for k, parts, names in mine:
            for part in parts.paths():
                chunk = pl.read_parquet(part)
                copies.add(k, chunk[LINE], chunk.select(pl.struct(names)).to_series())
        found.append(copies.later())
    return pl.concat(found)


def _without_copies(
    rows: pl.LazyFrame,
    later: pl.DataFrame,
    k: int,
    names: list[str],
    spilled: list[tuple[_Source, Parts, list[str]]],
) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """(a file's records that copy no earlier one, quarantine rows of those that do)."""
    mine = later.filter(pl.col("file") == k).select(
        pl.col("line").alias(LINE), "first_file", "first_line"
    )
    first_name = pl.col("first_file").replace_strict(
        {i: s.name for i, (s, _, _) in enumerate(spilled)}, return_dtype=pl.String
    )
    copies = rows.join(mine.lazy(), on=LINE, how="inner", maintain_order="left").select(
        pl.lit(spilled[k][0].name).alias("source_file"),
        pl.col(LINE).alias("source_line"),
        pl.lit("ingest").alias("stage"),
        pl.lit(DUPLICATE).alias("reason"),
        pl.format(
            "exact copy of {} line {} (first copy kept)", first_name, pl.col("first_line")
        ).alias("detail"),
        pl.concat_str([pl.col(n).fill_null("") for n in names], separator=",").alias("raw"),
    )
    return rows.join(mine.lazy(), on=LINE, how="anti", maintain_order="left"), copies


@register
class SyntheaCsvConnector(Connector):
    """Reads a Synthea CSV export (files of one folder or a .zip) into the twelve EHR tables."""

    format = "synthea_csv"
    tables = tuple(EHR_TABLES)

    def read(
        self, paths: list[Path], out_dir: Path, declared_date: date | None = None
    ) -> IngestResult:
        """Check each header, spill records to text parts, then parse every table in one pass."""
        out_dir.mkdir(parents=True, exist_ok=True)
        work = out_dir / ".synthea_parts"
        work.mkdir(exist_ok=True)
        quarantine = Quarantine(work / "quarantine")
        goods: dict[str, list[pl.LazyFrame]] = {t: [] for t in EHR_TABLES}
        bads: list[pl.LazyFrame] = []
        lines = Lines()
        spilled: list[tuple[_Source, Parts, list[str]]] = []
        careful = bool(self.options.get("careful", False))
        for source in csv_sources(paths):
            reader = CsvRecords(
                source.path,
                self.text_encoding(),
                max_lines=MAX_LINES,
                max_field=MAX_FIELD,
                member=source.member,
                blank_before_header=True,
            )
            spill = Spill(source.name, source.table, quarantine, lines, work)
            if careful:
                parts, names = spill_careful(spill, reader)
            else:
                parts, names = spill_fast(spill, reader, source.path, source.member)
            if parts is not None:
                spilled.append((source, parts, names))
        later = _later_copies(spilled, work / "copies")
        for k, (source, parts, names) in enumerate(spilled):
            rows, copies = _without_copies(parts.scan(), later, k, names, spilled)
            schema = EHR_TABLES[source.table]
            good, bad = parse_plan(source.table, schema, names, rows, source.name)
            goods[source.table].append(good)
            bads.extend([bad, copies])
        result = write_tables(out_dir, goods, [quarantine.sink.scan(), *bads])
        quarantine_path = out_dir / "quarantine.parquet"
        spilled_bad = parquet_rows(quarantine_path) - quarantine.count
        ledger = lines.ledger + Counter({t: n for t, n in result.items() if n})
        ledger["quarantined"] += spilled_bad  # parse failures: one line each unless multi-line
        _settle_spans(out_dir, lines.spans, ledger)
        remove_tree(work)
        return IngestResult(
            table_path=None,
            quarantine_path=quarantine_path,
            rows_out=sum(result.values()),
            rows_quarantined=parquet_rows(quarantine_path),
            input_units=lines.read,
            ledger=+ledger,
            unit="line",
            tables={t: out_dir / f"{t}.parquet" for t in EHR_TABLES},
        )


def _settle_spans(out_dir: Path, spans: dict[tuple[str, int], int], ledger: Counter[str]) -> None:
    """Add the extra lines of multi-line records to the bucket (table, quarantine) they went to."""
    if not spans:
        return
    keys = pl.DataFrame(
        [(f, ln, n - 1) for (f, ln), n in spans.items()],
        schema={"source_file": pl.String, "source_line": pl.Int64, "_extra": pl.Int64},
        orient="row",
    )
    for bucket in [*EHR_TABLES, "quarantine"]:
        found = (
            pl.scan_parquet(out_dir / f"{bucket}.parquet")
            .select("source_file", "source_line")
            .join(keys.lazy(), on=["source_file", "source_line"])
            .select(pl.col("_extra").sum())
            .collect()
            .item()
        )
        if found:
            ledger["quarantined" if bucket == "quarantine" else bucket] += int(found)


def write_tables(
    out_dir: Path, goods: dict[str, list[pl.LazyFrame]], bads: list[pl.LazyFrame]
) -> dict[str, int]:
    """Sink every table (empty contract tables where nothing was read) and the quarantine."""
    plans = []
    for table, frames in goods.items():
        target = out_dir / f"{table}.parquet"
        if frames:
            plans.append(pl.concat(frames).sink_parquet(target, compression="zstd", lazy=True))
        else:
            EHR_TABLES[table].empty().write_parquet(target, compression="zstd")
    quarantine = out_dir / "quarantine.parquet"
    plans.append(
        pl.concat([b.cast(dict(QUARANTINE_SCHEMA)) for b in bads])
        .sort("source_file", "source_line", maintain_order=True)  # by file, then line
        .sink_parquet(quarantine, compression="zstd", lazy=True)
        if bads
        else pl.LazyFrame(schema=QUARANTINE_SCHEMA).sink_parquet(quarantine, lazy=True)
    )
    for plan in plans:  # one at a time: twelve streaming sinks at once hold twelve sets of buffers
        plan.collect()
    return {t: parquet_rows(out_dir / f"{t}.parquet") for t in goods}


def remove_tree(folder: Path) -> None:
    """Delete the connector's scratch folder (text part files)."""
    for path in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    folder.rmdir()


__all__ = ["HEADERS", "SyntheaCsvConnector", "csv_sources", "remove_tree", "write_tables"]
