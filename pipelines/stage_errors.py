"""A stage that cannot go on says where in one sentence: dataset, partition, stage, file, line."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")
_FILE_LINE = re.compile(r"(?P<file>[\w./\\-]+\.[A-Za-z0-9]+), line (?P<line>\d+)")
# "column note_date: ..." (operators, contracts); a bare "field" is too often plain English.
_COLUMN = re.compile(r"\bcolumn [`'\"]?(?P<field>[\w.]+)")


class StageFailed(RuntimeError):
    """A stage stopped on an unexpected error; the message names where and the innermost cause."""


def innermost(exc: BaseException) -> BaseException:
    """The exception that started the chain (following __cause__, then __context__)."""
    seen = {id(exc)}
    while (nxt := exc.__cause__ or exc.__context__) is not None and id(nxt) not in seen:
        seen.add(id(nxt))
        exc = nxt
    return exc


def _where(exc: BaseException, inputs: list[str]) -> str:
    """`in FILE, line N, field F` from the exception's attributes or text, as far as known."""
    chain = [exc, innermost(exc)]
    file = next((Path(str(e.path)).name for e in chain if getattr(e, "path", None)), None)
    line = next((e.line for e in chain if isinstance(getattr(e, "line", None), int)), None)
    field = next((str(getattr(e, a)) for e in chain for a in ("field", "column") if
                  getattr(e, a, None)), None)  # fmt: skip
    if field is None:
        named = next((m for e in chain if (m := _COLUMN.search(str(e)))), None)
        field = named["field"] if named else None
    if file is None:
        found = next((m for e in chain if (m := _FILE_LINE.search(str(e)))), None)
        if found:
            file, line = Path(found["file"]).name, int(found["line"])
    if file is None and len(inputs) == 1:
        file = inputs[0]
    parts = [f"in {file}" if file else (f"reading {', '.join(inputs)}" if inputs else "")]
    parts += [f"line {line}" if line else "", f"field {field}" if field else ""]
    return ", ".join(p for p in parts if p)


def describe(
    exc: BaseException, dataset: str, partition: str, stage: str, inputs: list[str]
) -> str:
    """One sentence: which dataset, partition and stage failed, where, and the innermost cause."""
    cause = innermost(exc)
    text = (str(cause).strip().splitlines() or [""])[0][:300]
    where = _where(exc, inputs)
    return (
        f"{dataset} partition {partition}: stage {stage} failed"
        + (f" {where}" if where else "")
        + f": {type(cause).__name__}: {text}"
    )


def _inputs(partition_dir: Path, stage: str) -> list[str]:
    files = partition_dir / "raw" / "files"
    if stage != "parsed" or not files.is_dir():
        return []
    return sorted(p.name for p in files.iterdir())


def names_failures(
    stage: str,
) -> Callable[[Callable[Concatenate[Any, Path, P], R]], Callable[Concatenate[Any, Path, P], R]]:
    """Wrap a stage function `(spec, partition_dir, ...)` so unexpected errors name their place.

    Deliberate stops (StageFailed and its subclass UpstreamBlocked) pass through unchanged.
    """

    def wrap(fn: Callable[Concatenate[Any, Path, P], R]) -> Callable[Concatenate[Any, Path, P], R]:
        @functools.wraps(fn)
        def run(spec: Any, partition_dir: Path, *args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return fn(spec, partition_dir, *args, **kwargs)
            except StageFailed:
                raise
            except Exception as exc:
                inputs = _inputs(partition_dir, stage)
                message = describe(exc, spec.id, partition_dir.name, stage, inputs)
                raise StageFailed(message) from exc

        return run

    return wrap
