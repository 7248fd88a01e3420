"""Source files of released days that are gone: said in every run, release and `bohai show`.

A day's raw files are copied into its work folder when it runs, and its release keeps its rows;
removing a source file afterwards changes neither, silently. Users who prune or move feeds
need to hear it, so each run, release and `bohai show` names every such file. Nothing is
deleted: the released day stays as it was until the user re-runs it or restores the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipelines.stage_report import read_report


def local_source(uri: str) -> Path | None:
    """The local path a raw file was read from; None for samples, downloads, withheld names."""
    if uri.startswith("file://"):
        return Path(uri.removeprefix("file://"))
    if "://" in uri or not uri.startswith("/"):
        return None
    return Path(uri)


def gone(sources: Iterable[dict[str, Any]]) -> list[str]:
    """A warning naming each source (with its `partition` and `uri`) no longer on disk."""
    warnings = []
    for source in sources:
        path = local_source(str(source.get("uri", "")))
        if path is not None and not path.exists():
            warnings.append(
                f"{source['partition']}: source file {path} was removed after the day was read "
                f"(sha256 {str(source.get('sha256', ''))[:12]}); its released rows stay as they "
                "were, nothing was deleted"
            )
    return warnings


def released_sources(dataset_dir: Path, partitions: list[str]) -> list[dict[str, Any]]:
    """The raw files each given partition was read from, as its parsed report recorded them."""
    sources = []
    for part in partitions:
        try:
            files = read_report(dataset_dir / part / "parsed").get("raw_files", [])
        except FileNotFoundError:
            continue
        sources += [f | {"partition": part} for f in files]
    return sources


def source_warnings(dataset_dir: Path) -> list[str]:
    """Warnings for the source files of a dataset's released-ready days that are gone."""
    from pipelines.release_stage import ready_partitions  # imports the release machinery

    return gone(released_sources(dataset_dir, ready_partitions(dataset_dir)))
