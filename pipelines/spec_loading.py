"""Specs for a command or the code location: a broken spec is reported, never blocks the rest."""

from __future__ import annotations

import logging
from pathlib import Path

from pipelines.home import datasets_dir
from schemas.spec import DatasetSpec, SpecError, SpecSet, load_spec_set

log = logging.getLogger("bohai.specs")
_warned: set[tuple[Path, str]] = set()  # the CLI and the code location load specs in one process


def usable_specs(root: Path | None = None) -> SpecSet:
    """Every spec that loads; each broken one is logged as a warning naming its file."""
    found = load_spec_set(root or datasets_dir())
    for path, error in found.broken.items():
        if (path, error) not in _warned:
            _warned.add((path, error))
            log.warning("spec set aside until fixed (other datasets still run): %s", error)
    return found


def spec_for(dataset: str, root: Path | None = None) -> tuple[DatasetSpec, SpecSet]:
    """The spec of one dataset; its own load error, or 'unknown' with the known ids, if none."""
    found = usable_specs(root)
    for spec in found.specs:
        if spec.id == dataset:
            return spec, found
    error = found.broken_for(dataset)
    if error is not None:
        raise SpecError(error)
    known = ", ".join(sorted(s.id for s in found.specs))
    raise SpecError(f"no dataset {dataset!r}; known: {known}")
