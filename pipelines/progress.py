"""Progress of `bohai run` and `bohai demo`: a live bar on a terminal, plain lines otherwise."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from pipelines.runner import Observer, PartitionRun, partition_dir
from pipelines.stage_report import REPORT, STAGES
from schemas.spec import DatasetSpec

POLL_S = 0.5


def current_stage(folder: Path, since: float) -> tuple[str, int | None]:
    """The stage running in a partition folder (touched since `since`) and the last rows out."""
    stage, rows = "starting", None
    for name in STAGES:
        path = folder / name
        if not path.is_dir() or path.stat().st_mtime < since:
            break
        stage = name
        report = path / REPORT
        if report.is_file():
            try:
                rows = json.loads(report.read_text(encoding="utf-8")).get("rows_out", rows)
            except (OSError, ValueError):  # being written right now
                pass
    return stage, rows


def _rows(rows: int | None) -> str:
    return f"{rows:,} rows" if rows is not None else "- rows"


class RunProgress(Observer):
    """Shows partition i of n, the running stage, rows so far and the elapsed time."""

    def __init__(self, console: Console, spec: DatasetSpec) -> None:
        self.console = console
        self.spec = spec
        self.live = console.is_terminal
        self.progress: Progress | None = None
        self.task: TaskID | None = None
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None
        self.started = 0.0
        self.label = ""

    def partition_started(self, index: int, total: int, partition: str) -> None:
        """Start the bar (first time) and the folder watcher for this partition."""
        self.started = time.time()
        self.label = f"[{index}/{total}] {self.spec.id} {partition}"
        if self.live and self.progress is None:
            self.progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self.console,
            )
            self.progress.start()
            self.task = self.progress.add_task(self.label, total=total)
        self.stop.clear()
        self.thread = threading.Thread(
            target=self._watch, args=(partition_dir(self.spec, partition),), daemon=True
        )
        self.thread.start()

    def _watch(self, folder: Path) -> None:
        shown = ""
        while not self.stop.wait(POLL_S):
            stage, rows = current_stage(folder, self.started)
            text = f"{self.label} · {stage} · {_rows(rows)}"
            if self.progress is not None and self.task is not None:
                self.progress.update(self.task, description=text)
            elif stage != shown:
                self.console.print(f"{text} · {time.time() - self.started:.1f} s", highlight=False)
            shown = stage

    def partition_finished(self, index: int, total: int, run: PartitionRun) -> None:
        """Stop the watcher and print the partition's outcome on one line."""
        self.stop.set()
        if self.thread is not None:
            self.thread.join()
        rows = run.reports.get("scrubbed", {}).get("rows_out")
        status = "ok" if run.success else "FAILED"
        line = f"{self.label} · {status} · {_rows(rows)} · {run.seconds:.1f} s"
        if self.progress is not None and self.task is not None:
            self.progress.advance(self.task)
            self.progress.console.print(line, highlight=False)
            if index == total:
                self.progress.stop()
                self.progress = None
        else:
            self.console.print(line, highlight=False)

    def release_started(self) -> None:
        """Say that the release job runs now."""
        self.console.print(f"{self.spec.id}: publishing a release …", highlight=False)
