"""Split a table into rows that pass the spec's row rules and rows quarantined with a reason."""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from connectors.base import QUARANTINE_SCHEMA, parquet_rows
from quality.config import RuleConfig
from quality.rules.base import RowRule, get_rule
from quality.rules.tracks import in_order

ROW = "_row"
BUCKET_ROWS = 1_000_000  # narrow rows checked at once: ~50 MB read, a few times that in rules
# Fewer rows at once when narrow rows are wide (two UUID keys and a text value: ~100 B a row):
# a bucket's narrow rows stay near this size, so rules that copy them stay far below 1 GiB.
BUCKET_BYTES = 64 * 2**20
_SIZE_SAMPLE = 10_000
# From this many buckets on, one pass spills every bucket's narrow rows (Arrow IPC) rather than
# a scan per bucket reading the whole narrow table again: at 20M AIS rows (20 buckets) those
# scans cost 4.0 s of CPU, the spill and its read back 0.4 s per 5M rows; below it the scans win.
SPILL_BUCKETS = 8


@dataclass(slots=True)
class GateOutcome:
    """Counts from one pass of the row rules; rows_in == rows_out + rows_quarantined."""

    rows_in: int
    rows_out: int
    rows_quarantined: int
    quarantined_by_reason: Counter[str] = field(default_factory=Counter)
    flagged_by_rule: Counter[str] = field(default_factory=Counter)
    # Rule position -> the rows it hit, for rules that saw every row (none quarantined before).
    hits_on_all: dict[int, pl.Series] = field(default_factory=dict)

    def reconciles(self) -> bool:
        """True when no row was lost or duplicated."""
        return self.rows_in == self.rows_out + self.rows_quarantined


def _raw_text(columns: list[str]) -> pl.Expr:
    """A compact JSON rendering of a row, so the quarantine shows what was rejected."""
    return pl.struct(columns).struct.json_encode()


def _with_flags(lf: pl.LazyFrame, flags: list[pl.DataFrame]) -> pl.LazyFrame:
    """Append the names of the flag rules each row broke to the rules' flag columns.

    Each rule's flagged rows become one set-membership test, which streams in row order in
    flat memory (a join must keep row order; `replace_strict` buffered whole columns).
    """
    if not flags:
        return lf
    hits = pl.concat(flags)
    for (column,), part in hits.partition_by("_column", as_dict=True).items():
        per_rule = [
            pl.when(pl.col(ROW).is_in(rows[ROW].implode())).then(pl.lit(rule))
            for (rule,), rows in part.partition_by(
                "_flag", as_dict=True, maintain_order=True
            ).items()
        ]
        new = pl.concat_str(per_rule, separator=",", ignore_nulls=True)
        new = pl.when(new != "").then(new)
        old = pl.col(column)
        merged = pl.when(old.is_null()).then(new).when(new.is_null()).then(old)
        lf = lf.with_columns(
            merged.otherwise(pl.concat_str([old, new], separator=",")).alias(column)
        )
    return lf


def drop_lineage(lf: pl.LazyFrame) -> pl.LazyFrame:
    """A gated table without its `_row` lineage column (what the next stage works on)."""
    return lf.drop(ROW, strict=False)


def bucket_plan(rules: list[RowRule], rows: int, bucket_rows: int) -> tuple[str | None, int]:
    """(hash key, bucket count) for checking the rules in bounded memory; (None, 1) when whole.

    Row rules split anywhere; group rules split by their group key so every group stays in
    one bucket; a rule that needs the whole table, or two different group keys, keeps one.
    """
    if rows <= bucket_rows or any(r.scope is None for r in rules):
        return None, 1
    keys = {r.group_key for r in rules if r.scope == "group"}
    if len(keys) > 1:
        return None, 1
    key = next(iter(keys)) if keys else ROW
    return key, -(-rows // bucket_rows)


def _rows_within(narrow: pl.LazyFrame, size: int) -> int:
    """How many narrow rows fit in `size` bytes, judged from the first rows."""
    head = narrow.head(_SIZE_SAMPLE).collect()
    per_row = head.estimated_size() / max(1, head.height)
    return max(_SIZE_SAMPLE, int(size / max(per_row, 1.0)))


def _buckets(
    narrow: pl.LazyFrame, key: str | None, buckets: int, spill: Path | None
) -> Iterator[pl.DataFrame]:
    """Each bucket's narrow rows in table order: filtered from a scan each, or, from
    SPILL_BUCKETS on, read back from one pass that spilled them all into a folder in `spill`
    (the system's temporary folder when None), removed afterwards."""
    if key is None:
        yield narrow.collect()
        return
    which = pl.col(key).hash(seed=0) % buckets
    if buckets < SPILL_BUCKETS:
        for bucket in range(buckets):
            yield narrow.filter(which == bucket).collect()
        return
    schema = narrow.collect_schema()
    with tempfile.TemporaryDirectory(prefix=".buckets-", dir=spill) as folder:
        parts = pl.PartitionBy(folder, key=which.alias("_bucket"), include_key=False)
        narrow.sink_ipc(parts, compression=None)
        files: dict[int, list[Path]] = {}
        for path in Path(folder).rglob("*.ipc"):  # in `_bucket=<n>` folders
            files.setdefault(int(path.parent.name.partition("=")[2]), []).append(path)
        for bucket in range(buckets):
            frames = [pl.read_ipc(path) for path in sorted(files.pop(bucket, []))]
            frame = pl.concat(frames) if frames else pl.DataFrame(schema=schema)
            yield frame if frame[ROW].is_sorted() else frame.sort(ROW)
        if files:
            raise RuntimeError(f"rows spilled to unknown buckets {sorted(files)} of {buckets}")


def _run_rules(
    narrow: pl.DataFrame, instances: list[tuple[RuleConfig, RowRule]]
) -> tuple[list[pl.DataFrame], list[pl.DataFrame], Counter[str], dict[int, pl.Series]]:
    """Quarantine hits, flag hits and flag counts of the rules over one frame, in spec order;
    last, the rows hit by each rule (by position) that saw every row of the frame."""
    alive = narrow
    bad_parts: list[pl.DataFrame] = []
    flags: list[pl.DataFrame] = []
    flagged: Counter[str] = Counter()
    on_all: dict[int, pl.Series] = {}
    ordered_by: tuple[str, ...] = ()
    for i, (cfg, rule) in enumerate(instances):
        if rule.order and rule.order != ordered_by:
            # Sorted once for every following rule of that order (duplicates and implied speed
            # share one per-vessel sort); the filters below keep the order.
            alive, ordered_by = in_order(alive, rule.order), rule.order
        hits = rule.violations(alive).unique(ROW, keep="first")
        if alive.height == narrow.height:
            on_all[i] = hits[ROW]
        if cfg.action == "flag":
            flagged[cfg.rule] += hits.height
            if cfg.flag_column:
                flags.append(
                    hits.select(ROW, _column=pl.lit(cfg.flag_column), _flag=pl.lit(cfg.rule))
                )
            continue
        bad_parts.append(hits.with_columns(pl.lit(cfg.rule).alias("reason")))
        if hits.height:
            # A set-membership filter keeps row order at a fraction of an anti join's cost.
            alive = alive.filter(~pl.col(ROW).is_in(hits[ROW].implode()))
    return bad_parts, flags, flagged, on_all


def _as_plan(table: Path | pl.LazyFrame) -> pl.LazyFrame:
    return table if isinstance(table, pl.LazyFrame) else pl.scan_parquet(table)


@dataclass(slots=True)
class GateDecision:
    """What the rules decided about a table: a few small frames instead of a rewritten table.

    `bad` holds the quarantined rows (`_row`, `detail`, `reason`), `flags` the flagged rows
    (`_row`, `_column`, `_flag`); `kept` and `quarantined` turn them into plans over the table.
    """

    rows_in: int
    bad: pl.DataFrame
    flags: pl.DataFrame
    flagged_by_rule: Counter[str] = field(default_factory=Counter)
    hits_on_all: dict[int, pl.Series] = field(default_factory=dict)

    def kept(self, lf: pl.LazyFrame) -> pl.LazyFrame:
        """The rows that passed, with `_row` and the flag columns filled (lf carries `_row`)."""
        flags = [self.flags] if self.flags.height else []
        return _with_flags(lf.filter(~pl.col(ROW).is_in(self.bad[ROW].implode())), flags)

    def quarantined(self, lf: pl.LazyFrame) -> pl.LazyFrame:
        """The quarantined rows in the quarantine layout, each with its first broken rule."""
        all_cols = [c for c in lf.collect_schema().names() if c != ROW]
        return (
            lf.filter(pl.col(ROW).is_in(self.bad[ROW].implode()))
            .join(self.bad.lazy(), on=ROW, how="inner", maintain_order="left")
            .select(
                pl.col("source_file"),
                pl.col("source_line").cast(pl.Int64),
                pl.lit("quality").alias("stage"),
                pl.col("reason"),
                pl.col("detail"),
                _raw_text(all_cols).alias("raw"),
            )
            .cast(dict(QUARANTINE_SCHEMA))
        )

    def outcome(self, rows_out: int) -> GateOutcome:
        """The counts of this decision, with `rows_out` counted from what was written."""
        return GateOutcome(
            rows_in=self.rows_in,
            rows_out=rows_out,
            rows_quarantined=self.bad.height,
            quarantined_by_reason=Counter(dict(self.bad.group_by("reason").len().iter_rows())),
            flagged_by_rule=self.flagged_by_rule,
            hits_on_all=self.hits_on_all,
        )

    def save(self, path: Path) -> None:
        """Keep the decision next to the quarantine so a later stage can apply it to the table."""
        both = pl.concat(
            [
                self.bad.select(ROW, "reason", "detail", _column=pl.lit(None, pl.String)),
                self.flags.select(
                    ROW, reason="_flag", detail=pl.lit(None, pl.String), _column="_column"
                ),
            ],
            how="vertical_relaxed",
        )
        # Rules hand back hits in hash order: sorted, a re-run writes the same file.
        both.sort(ROW, "_column", "reason", nulls_last=False).write_parquet(path)

    @classmethod
    def load(cls, path: Path, rows_in: int) -> GateDecision:
        """The decision `save` kept (rows in and flag counts live in the stage report)."""
        both = pl.read_parquet(path)
        bad = both.filter(pl.col("_column").is_null()).select(ROW, "detail", "reason")
        flags = both.filter(pl.col("_column").is_not_null()).select(ROW, "_column", _flag="reason")
        return cls(rows_in, bad, flags)


def decide(
    lf: pl.LazyFrame,
    rules: list[RuleConfig],
    related: dict[str, pl.LazyFrame] | None = None,
    bucket_rows: int = BUCKET_ROWS,
    spill: Path | None = None,
) -> GateDecision:
    """Run the rules on a narrow projection of `lf` (which carries `_row`), bucket by bucket.

    Rules run in spec order; a row quarantined by one rule is not seen by later rules, so
    each quarantined row has exactly one reason (the first rule it broke). Tables above
    `bucket_rows` are checked bucket by bucket (see `bucket_plan`), so memory stays flat;
    many buckets are spilled in one pass into a temporary folder in `spill` (see `_buckets`).
    """
    instances = [(cfg, get_rule(cfg.rule, cfg.params)) for cfg in rules]
    for _, rule in instances:
        rule.related = dict(related or {})
    needed = sorted({c for _, r in instances for c in r.needed_columns()})
    rows_in = int(lf.select(pl.len()).collect().item())
    narrow = lf.select(ROW, *needed)
    if rows_in > _SIZE_SAMPLE:
        bucket_rows = min(bucket_rows, _rows_within(narrow, BUCKET_BYTES))
    key, buckets = bucket_plan([r for _, r in instances], rows_in, bucket_rows)
    bad_parts: list[pl.DataFrame] = []
    flags: list[pl.DataFrame] = []
    flagged: Counter[str] = Counter()
    # A rule saw every row when it did in every bucket (buckets hold whole groups).
    on_all: dict[int, list[pl.Series]] = {i: [] for i in range(len(instances))}
    for part in _buckets(narrow, key, buckets, spill):
        bad_b, flags_b, flagged_b, on_all_b = _run_rules(part, instances)
        bad_parts.extend(bad_b)
        flags.extend(flags_b)
        flagged.update(flagged_b)
        on_all = {i: [*rows, on_all_b[i]] for i, rows in on_all.items() if i in on_all_b}
    empty = pl.DataFrame(schema={ROW: pl.UInt32, "detail": pl.String, "reason": pl.String})
    no_flags = pl.DataFrame(schema={ROW: pl.UInt32, "_column": pl.String, "_flag": pl.String})
    return GateDecision(
        rows_in=rows_in,
        bad=pl.concat([empty, *bad_parts], how="vertical_relaxed"),
        flags=pl.concat([no_flags, *flags], how="vertical_relaxed"),
        flagged_by_rule=flagged,
        hits_on_all={i: pl.concat(rows) for i, rows in on_all.items() if rows},
    )


def apply_rules(
    table_path: Path,
    rules: list[RuleConfig],
    good_path: Path,
    quarantine_path: Path,
    related: dict[str, Path | pl.LazyFrame] | None = None,
    bucket_rows: int = BUCKET_ROWS,
) -> GateOutcome:
    """Evaluate rules on a narrow projection, then stream the full table into good and quarantine.

    See `decide` for the rules' order and buckets. The good rows carry `_row` (ROW), their
    position in the input; `drop_lineage` removes it.
    """
    lf = pl.scan_parquet(table_path).with_row_index(ROW)
    plans = {name: _as_plan(t) for name, t in (related or {}).items()}
    good_path.parent.mkdir(parents=True, exist_ok=True)
    decision = decide(lf, rules, plans, bucket_rows, spill=good_path.parent)
    # The good rows keep ROW, their position in the input table: a lineage column, and in
    # polars 2.1 dropping it after a filter on it doubled the sink's memory on big tables.
    pl.collect_all(
        [
            decision.kept(lf).sink_parquet(good_path, compression="lz4", lazy=True),
            decision.quarantined(lf).sink_parquet(quarantine_path, compression="lz4", lazy=True),
        ]
    )
    return decision.outcome(parquet_rows(good_path))
