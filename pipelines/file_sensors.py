"""A sensor per daily dataset that opts in (`automation: {on_new_files: true}`): new files of a
day start that day's ingest run; changed files start it again."""

from __future__ import annotations

import glob
import hashlib
import json
from datetime import date, timedelta
from pathlib import Path

import dagster as dg

from pipelines.dataset_assets import ingest_job_name, partitions_def
from pipelines.home import project_home
from pipelines.sources import expand_uri
from schemas.spec import DatasetSpec

LOOKBACK_DAYS = 400  # days before today (or the spec's end) the sensor looks at on each tick
INTERVAL_S = 60


def day_files(spec: DatasetSpec, day: date) -> list[Path]:
    """The local files the spec's source URI names for one day."""
    pattern = Path(expand_uri(spec.source.uri.removeprefix("file://"), day))
    if not pattern.is_absolute():
        pattern = project_home() / pattern
    return [Path(p) for p in sorted(glob.glob(str(pattern))) if Path(p).is_file()]


def fingerprint(paths: list[Path]) -> str:
    """Names, sizes and mtimes of a day's files: it changes when a file arrives or grows."""
    digest = hashlib.sha256()
    for path in paths:
        stat = path.stat()
        digest.update(f"{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def new_file_requests(
    spec: DatasetSpec, seen: dict[str, str], today: date
) -> tuple[list[dg.RunRequest], dict[str, str]]:
    """Run requests for days whose files are new or changed since `seen`, and the new cursor."""
    parts = partitions_def(spec)
    assert parts is not None and spec.partitioning.start is not None
    last = min(today, spec.partitioning.end or today)
    first = max(spec.partitioning.start, last - timedelta(days=LOOKBACK_DAYS))
    requests, cursor = [], dict(seen)
    day = first
    while day <= last:
        files = day_files(spec, day)
        key = day.isoformat()
        if files:
            mark = fingerprint(files)
            if seen.get(key) != mark:
                requests.append(dg.RunRequest(run_key=f"{key}:{mark}", partition_key=key))
                cursor[key] = mark
        day += timedelta(days=1)
    return requests, cursor


def build_file_sensor(spec: DatasetSpec) -> dg.SensorDefinition | None:
    """The new-files sensor of a spec that opts in, else None."""
    if not spec.automation.on_new_files:
        return None

    @dg.sensor(
        name=f"{spec.sector}__{spec.name}__new_files",
        job_name=ingest_job_name(spec),
        minimum_interval_seconds=INTERVAL_S,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description=f"Starts the ingest run of a day when files for it appear at "
        f"{spec.source.uri} (or change).",
    )
    def new_files(context: dg.SensorEvaluationContext) -> dg.SensorResult:
        seen = json.loads(context.cursor) if context.cursor else {}
        requests, cursor = new_file_requests(spec, seen, date.today())
        return dg.SensorResult(run_requests=requests, cursor=json.dumps(cursor, sort_keys=True))

    return new_files
