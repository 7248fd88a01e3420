"""Sample generators behind `sample://` URIs, so the embedded default needs no network."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

Generator = Callable[[Path, date | None], None]
_GENERATORS: dict[str, Generator] = {}


def register(name: str) -> Callable[[Generator], Generator]:
    """Decorator: a function that writes the sample file `target` for a day."""

    def wrap(fn: Generator) -> Generator:
        _GENERATORS[name] = fn
        return fn

    return wrap


def generate_sample(location: str, root: Path, day: date | None) -> Path:
    """Write (once) and return the sample file at `root/location`, e.g. 'marine/ais_nmea/x.nmea'."""
    from schemas.plugins import import_all

    import_all("samples")  # every samples module registers its generators on import

    generator_name, _, filename = location.rpartition("/")
    if generator_name not in _GENERATORS:
        raise KeyError(f"unknown sample generator {generator_name!r}; known: {sorted(_GENERATORS)}")
    if not filename or filename in {".", ".."}:
        raise ValueError(f"sample URI {location!r} must name a file")
    target = root / generator_name / filename
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.partial")
        _GENERATORS[generator_name](partial, day)
        partial.rename(target)
    return target
