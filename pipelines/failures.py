"""Why a partition failed, in one line a person can act on: the innermost error, not Dagster's."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import dagster as dg
from dagster._utils.error import SerializableErrorInfo

FAILURE = "failure.json"
CHECK_FAILED = "DagsterAssetCheckFailedError"
# "path/to/file.csv, line 12: ..." (SourceFormatError) or polars' "... at line 12 ..."
_DATA_AT = re.compile(r"(?P<file>[\w./\\:-]+\.[A-Za-z0-9]+), line (?P<line>\d+)")
_LINE_ONLY = re.compile(r"\b(?:at |on )?line (?P<line>\d+)\b")
_FRAME = re.compile(r'File "(?P<file>[^"]+)", line (?P<line>\d+)')


@dataclass(frozen=True, slots=True)
class Failure:
    """One failed stage of one partition, with the root cause and where to read more."""

    partition: str
    stage: str
    cause: str
    error_type: str
    data_location: str | None
    code_location: str | None
    report: str | None
    run_id: str

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON."""
        return asdict(self)


def innermost(error: SerializableErrorInfo) -> SerializableErrorInfo:
    """Follow `cause` (then `context`) to the exception that started it all."""
    current = error
    while True:
        nxt = current.cause or current.context
        if nxt is None:
            return current
        current = nxt


def data_location(message: str) -> str | None:
    """`file, line N` of the data the message names, when it names one."""
    found = _DATA_AT.search(message)
    if found:
        return f"{found['file']}, line {found['line']}"
    line = _LINE_ONLY.search(message)
    return f"line {line['line']}" if line else None


def with_source(location: str | None, partition_dir: Path) -> str | None:
    """`location` plus the user's own path of the file it names (the stages read a kept copy
    under raw/files/, so messages name the copy; the raw report maps it back to its uri)."""
    if not location:
        return location
    try:
        files = json.loads((partition_dir / "raw" / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return location
    named = Path(location.split(", line ")[0]).name
    for entry in files.get("files", []):
        if entry.get("name") == named and entry.get("uri") and entry["uri"] not in location:
            return f"{location} (source file: {entry['uri']})"
    return location


def code_location(error: SerializableErrorInfo) -> str | None:
    """`file:line` of the frame that raised, from the innermost error's stack."""
    for frame in reversed(error.stack):
        found = _FRAME.search(frame)
        if found:
            return f"{found['file']}:{found['line']}"
    return None


def stage_of(step_key: str) -> str:
    """The Bohai stage (raw, parsed, ...) of an asset step key `sector__name__stage`."""
    return step_key.rsplit("__", 1)[-1]


def _first_line(message: str) -> str:
    lines = [ln.strip() for ln in message.strip().splitlines() if ln.strip()]
    return " ".join(lines[:3])[:600] if lines else message


def without_type(message: str, cls_name: str | None) -> str:
    """The message minus its leading `Type: ` or `module.Type: ` (Dagster keeps it), since the
    type is shown apart."""
    if not cls_name:
        return message
    return re.sub(rf"^(?:[A-Za-z_][\w.]*\.)?{re.escape(cls_name)}: ", "", message, count=1)


def step_failures(
    events: Sequence[dg.DagsterEvent], partition: str, partition_dir: Path, run_id: str
) -> list[Failure]:
    """One Failure per step-failure event of a run, each written beside its stage."""
    out = []
    for event in events:
        error = event.event_specific_data.error
        if error is None or error.cls_name == CHECK_FAILED:
            continue  # a failed blocking check: check_failures reads its detail from the report
        root = innermost(error)
        stage = stage_of(event.step_key or "")
        failure = Failure(
            partition=partition,
            stage=stage,
            cause=without_type(_first_line(root.message), root.cls_name),
            error_type=root.cls_name or "Error",
            data_location=with_source(data_location(root.message), partition_dir),
            code_location=code_location(root),
            report=str(partition_dir / stage / FAILURE),
            run_id=run_id,
        )
        write_failure(partition_dir / stage, failure, root)
        out.append(failure)
    return out


def unreadable_failures(
    reports: dict[str, dict[str, Any]], partition: str, partition_dir: Path, run_id: str
) -> list[Failure]:
    """A partition whose every raw file the connector refused has failed, whatever checks say."""
    parsed = reports.get("parsed", {})
    unreadable = parsed.get("unreadable_files", [])
    if not unreadable or len(unreadable) < len(parsed.get("raw_files", [])):
        return []  # some files were read: the refused ones are quarantined, the rest go on
    return [
        Failure(
            partition=partition,
            stage="parsed",
            cause=f"the connector cannot read {item['file']}: {item['error']}"[:600],
            error_type="SourceFormatError",
            data_location=with_source(data_location(item["error"]), partition_dir),
            code_location=None,
            report=str(partition_dir / "parsed" / "report.json"),
            run_id=run_id,
        )
        for item in unreadable
    ]


def check_failures(
    reports: dict[str, dict[str, Any]],
    partition: str,
    partition_dir: Path,
    run_id: str,
    known: Sequence[Failure] = (),
) -> list[Failure]:
    """A failed blocking check stops the partition: one Failure per such check, from its report.

    Stages that already have a more precise failure (unreadable files) are not repeated.
    """
    explained = {f.stage for f in known}
    out = []
    for stage, report in reports.items():
        if stage in explained:
            continue
        for name, check in report.get("checks", {}).items():
            if check.get("blocking") and not check.get("passed"):
                detail = str(check.get("detail", ""))
                out.append(
                    Failure(
                        partition=partition,
                        stage=stage,
                        cause=f"blocking check {name} failed: {detail}"[:600],
                        error_type="CheckFailed",
                        data_location=with_source(data_location(detail), partition_dir),
                        code_location=None,
                        report=str(partition_dir / stage / "report.json"),
                        run_id=run_id,
                    )
                )
    return out


def write_failure(stage_dir: Path, failure: Failure, root: SerializableErrorInfo) -> None:
    """Keep the root cause and its stack next to the stage's (missing) outputs."""
    stage_dir.mkdir(parents=True, exist_ok=True)
    body = failure.as_dict() | {"message": root.message, "stack": root.stack}
    (stage_dir / FAILURE).write_text(json.dumps(body, indent=2), encoding="utf-8")
