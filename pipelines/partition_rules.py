"""The row rules a partition adds to a table's own: its records must belong to its day."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from quality.config import RuleConfig
from quality.rules.partition_day import OUTSIDE_PARTITION_DAY
from schemas.registry import get_schema
from schemas.spec import DatasetSpec


def day_zone(spec: DatasetSpec) -> str:
    """The zone whose calendar day a partition is: declared, else the source's, else UTC."""
    declared = spec.partitioning.day_timezone or spec.source.options.get("timezone")
    return str(declared) if declared else "UTC"


def time_column(spec: DatasetSpec, table: str) -> str | None:
    """A table's record-time column: declared in the spec, else its first datetime column."""
    declared = spec.partitioning.time_columns.get(table)
    if declared:
        return declared
    schema = get_schema(spec.tables[table].table_schema)
    return next((c.name for c in schema.columns if c.dtype == "datetime"), None)


def day_rule(spec: DatasetSpec, table: str, partition: str) -> RuleConfig | None:
    """The `outside_partition_day` rule for one table of a daily partition, or None."""
    tolerance = spec.partitioning.day_tolerance_minutes
    column = time_column(spec, table)
    if spec.partitioning.kind != "daily" or tolerance is None or column is None:
        return None
    zone = ZoneInfo(day_zone(spec))
    day = date.fromisoformat(partition)
    start = datetime.combine(day, time(), zone)
    end = datetime.combine(day + timedelta(days=1), time(), zone)
    params = {
        "column": column,
        "partition": partition,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "tolerance_minutes": tolerance,
    }
    return RuleConfig(rule=OUTSIDE_PARTITION_DAY, params=params)


def table_rules(spec: DatasetSpec, table: str, partition: str) -> list[RuleConfig]:
    """The partition's rule first (a 1970 row is outside the day, not a spike), then the spec's."""
    first = day_rule(spec, table, partition)
    own = list(spec.tables[table].quality.rules)
    return [first, *own] if first is not None else own
