"""Which partitions `bohai run` runs: one day, a range, or every day the source has files for."""

from __future__ import annotations

import glob
from datetime import date, timedelta
from pathlib import Path

from pipelines.dataset_assets import UNPARTITIONED, partitions_def
from pipelines.home import project_home
from pipelines.sources import expand_uri
from schemas.spec import DatasetSpec


class PartitionChoiceError(ValueError):
    """The partition options do not fit the dataset (e.g. a day before its start)."""


def _days(first: date, last: date) -> list[str]:
    return [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]


def _has_files(spec: DatasetSpec, day: str) -> bool:
    """True unless the source is a local glob with no file for that day."""
    uri = spec.source.uri
    if "://" in uri and not uri.startswith("file://"):
        return True
    pattern = Path(expand_uri(uri.removeprefix("file://"), date.fromisoformat(day)))
    if not pattern.is_absolute():
        pattern = project_home() / pattern
    return bool(glob.glob(str(pattern)))


def select_partitions(
    spec: DatasetSpec,
    partition: str | None = None,
    first: str | None = None,
    last: str | None = None,
    every: bool = False,
) -> list[str]:
    """Partition keys for the options given; an unpartitioned dataset has exactly one."""
    if spec.partitioning.kind != "daily":
        if partition or first or last:
            raise PartitionChoiceError(f"{spec.id} is not partitioned: no --partition/--from/--to")
        return [UNPARTITIONED]
    parts = partitions_def(spec)
    assert parts is not None
    valid = set(parts.get_partition_keys())
    if every:
        keys = [k for k in parts.get_partition_keys() if "{date" not in spec.source.uri
                or _has_files(spec, k)]  # fmt: skip
    elif partition:
        keys = [partition]
    elif first or last:
        if not (first and last):
            raise PartitionChoiceError("give both --from and --to")
        try:
            keys = _days(date.fromisoformat(first), date.fromisoformat(last))
        except ValueError as exc:
            raise PartitionChoiceError(f"--from/--to: {exc}") from None
        if not keys:
            raise PartitionChoiceError(f"--from {first} is after --to {last}")
    else:
        raise PartitionChoiceError(
            f"{spec.id} is daily: give --partition DAY, --from DAY --to DAY, or --all"
        )
    unknown = [k for k in keys if k not in valid]
    if unknown:
        start, end = spec.partitioning.start, spec.partitioning.end or "today"
        raise PartitionChoiceError(
            f"{', '.join(unknown[:3])}: not a partition of {spec.id} ({start} .. {end})"
        )
    if not keys:
        raise PartitionChoiceError(f"no partition of {spec.id} has files at {spec.source.uri}")
    return keys
