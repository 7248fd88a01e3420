"""Parsing one TE run's text into samples of 52 floats, in row form or transposed (d00.dat).

The row form has one sample per line. `d00.dat` of the Braatz data is stored transposed: 52
lines (one per variable) of 500 values. The layout is detected by shape: lines of 52 values
are rows; otherwise exactly 52 lines are variables. A record is one line of a row-form file or
one column (sample) of a transposed file; every record lands in exactly one ledger bucket.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from connectors.base import SourceFormatError
from connectors.te_files import RunFile
from schemas.te_variables import N_VARIABLES, TE_VARIABLES

Layout = Literal["auto", "rows", "transposed"]
MAX_DETAIL_ITEMS = 3


@dataclass(slots=True)
class ParsedRun:
    """Good samples of one run (sample number, source line, 52 values) plus quarantined ones."""

    run: RunFile
    layout: str
    samples: list[int] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    values: list[list[float]] = field(default_factory=list)
    variable_lines: list[int] = field(default_factory=list)  # transposed: line of each variable
    records: int = 0  # counted from the file's shape, independently of the ledger
    quarantine: list[tuple[str, int, str, str, str, str]] = field(default_factory=list)
    ledger: Counter[str] = field(default_factory=Counter)

    def keep(self, sample: int, line: int, values: list[float]) -> None:
        """Record one good sample."""
        self.samples.append(sample)
        self.lines.append(line)
        self.values.append(values)
        self.ledger["sample"] += 1

    def reject(self, line: int, reason: str, detail: str, raw: str) -> None:
        """Quarantine one record with file, line, reason and its raw text."""
        self.quarantine.append((self.run.source, line, "ingest", reason, detail, raw))
        self.ledger["quarantined"] += 1


def _floats(tokens: Sequence[str]) -> tuple[list[float], list[str], list[str]]:
    """Parsed values, plus descriptions of unparsable and of non-finite tokens."""
    values: list[float] = []
    bad: list[str] = []
    infinite: list[str] = []
    for i, token in enumerate(tokens):
        try:
            value = float(token)
        except ValueError:
            bad.append(f"column {i + 1} ({TE_VARIABLES[i].tag}) = {token!r}")
            continue
        if not math.isfinite(value):
            infinite.append(f"column {i + 1} ({TE_VARIABLES[i].tag}) = {token!r}")
        values.append(value)
    return values, bad, infinite


def _listed(items: list[str]) -> str:
    more = len(items) - MAX_DETAIL_ITEMS
    return "; ".join(items[:MAX_DETAIL_ITEMS]) + (f"; and {more} more" if more > 0 else "")


def _check_and_keep(parsed: ParsedRun, sample: int, line: int, tokens: list[str], raw: str) -> None:
    """Quarantine a sample with unparsable or non-finite values, keep it otherwise."""
    values, bad, infinite = _floats(tokens)
    if bad:
        parsed.reject(line, "unparsable_value", f"sample {sample}: {_listed(bad)}", raw)
    elif infinite:
        parsed.reject(line, "non_finite_value", f"sample {sample}: {_listed(infinite)}", raw)
    else:
        parsed.keep(sample, line, values)


def _detect(run: RunFile, rows: list[tuple[int, list[str]]], layout: Layout) -> str:
    """rows or transposed, from the option or from the shape of the non-blank lines."""
    if layout != "auto":
        return layout
    widths = Counter(len(tokens) for _, tokens in rows)
    common = widths.most_common(1)[0][0]
    if common == N_VARIABLES:
        return "rows"
    if len(rows) == N_VARIABLES:
        return "transposed"
    raise SourceFormatError(
        Path(run.source),
        f"neither {N_VARIABLES} values per line nor {N_VARIABLES} lines of samples: "
        f"{len(rows)} lines, most with {common} values",
    )


def _parse_rows(parsed: ParsedRun, rows: list[tuple[int, list[str]]], raw: list[str]) -> None:
    for sample, (line, tokens) in enumerate(rows, start=1):
        if len(tokens) != N_VARIABLES:
            what = "truncated line" if len(tokens) < N_VARIABLES else "too many values"
            detail = f"sample {sample}: {what}, {len(tokens)} of {N_VARIABLES} values"
            parsed.reject(line, "wrong_field_count", detail, raw[line - 1])
            continue
        _check_and_keep(parsed, sample, line, tokens, raw[line - 1])


def _parse_transposed(parsed: ParsedRun, rows: list[tuple[int, list[str]]]) -> None:
    if len(rows) != N_VARIABLES:
        raise SourceFormatError(
            Path(parsed.run.source),
            f"transposed layout needs {N_VARIABLES} lines (one per variable), found {len(rows)}",
        )
    parsed.variable_lines = [line for line, _ in rows]
    width = max(len(tokens) for _, tokens in rows)
    parsed.records += width
    for sample in range(1, width + 1):
        short = [(line, i) for i, (line, tokens) in enumerate(rows) if len(tokens) < sample]
        column = [tokens[sample - 1] if len(tokens) >= sample else "" for _, tokens in rows]
        raw = " ".join(column)
        if short:
            lines = ", ".join(f"{line} ({TE_VARIABLES[i].tag})" for line, i in short)
            detail = f"sample {sample} (column {sample}): no value on line(s) {lines}"
            parsed.reject(sample, "wrong_field_count", detail, raw)
            continue
        _check_and_keep(parsed, sample, sample, column, raw)


def parse_run(run: RunFile, layout: Layout = "auto") -> ParsedRun:
    """Parse one run; a file whose shape fits no layout raises SourceFormatError naming it."""
    raw = run.text.splitlines()
    rows = [(n, text.split()) for n, text in enumerate(raw, start=1) if text.strip()]
    blank = len(raw) - len(rows)
    if not rows:
        raise SourceFormatError(Path(run.source), "empty file: no samples")
    parsed = ParsedRun(run, _detect(run, rows, layout))
    parsed.ledger["blank_line"] += blank
    parsed.records = blank
    if parsed.layout == "rows":
        parsed.records += len(rows)
        _parse_rows(parsed, rows, raw)
    else:
        _parse_transposed(parsed, rows)
    return parsed
