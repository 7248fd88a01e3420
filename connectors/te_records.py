"""Parsing one TE run's lines into samples of 52 floats, in row form or transposed (d00.dat).

The row form has one sample per line. `d00.dat` of the Braatz data is stored transposed: 52
lines (one per variable) of 500 values. The layout is detected by shape: lines of 52 values
are rows; otherwise 52 lines of the common width are the variables (any other line is an
extra line, quarantined). The ledger counts physical lines: in the row form each line is a
sample, a quarantined line, a duplicate or blank; in the transposed form the 52 variable lines
are `variable_line` and a bad sample (column) is quarantined by its sample number.

A sample's number is its position among the file's sample lines: an exact duplicate line is
quarantined `duplicate_record` and does not advance it, so one repeated row cannot shift every
later time stamp by 3 minutes.

Values are separated by whitespace, so a comma in one is a decimal comma (`2,3766000e-01`, as a
run saved on a European locale writes it): a value with one comma and no point is read so.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from connectors.base import UNREADABLE_RECORD, SourceFormatError, unexpected
from connectors.dedupe import DUPLICATE, Deduper
from connectors.line_problems import describe
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
    records: int = 0  # physical lines of the file, counted independently of the ledger
    quarantine: list[tuple[str, int, str, str, str, str]] = field(default_factory=list)
    ledger: Counter[str] = field(default_factory=Counter)

    def keep(self, sample: int, line: int, values: list[float]) -> None:
        """Record one good sample."""
        self.samples.append(sample)
        self.lines.append(line)
        self.values.append(values)
        if self.layout == "rows":
            self.ledger["sample"] += 1

    def reject(self, line: int, reason: str, detail: str, raw: str) -> None:
        """Quarantine one line with file, line number, reason and its raw text."""
        self.quarantine.append((self.run.source, line, "ingest", reason, detail, raw))
        self.ledger["quarantined"] += 1

    def reject_sample(self, sample: int, reason: str, detail: str, raw: str) -> None:
        """Quarantine one column of a transposed file: not a line, so not a ledger unit."""
        self.quarantine.append((self.run.source, sample, "ingest", reason, detail, raw))


def _plain(text: str) -> bool:
    """ASCII without '_': Python's float() also reads full-width or Arabic-Indic digits and
    '1_000', which no TE export writes and no other Bohai reader accepts as a number."""
    return text.isascii() and "_" not in text


def _decimal_point(token: str) -> str:
    """A value written with one decimal comma in the point notation float() reads."""
    return token.replace(",", ".") if token.count(",") == 1 and "." not in token else token


def _floats(tokens: Sequence[str]) -> tuple[list[float], list[str], list[str]]:
    """Parsed values, plus descriptions of unparsable and of non-finite tokens."""
    values: list[float] = []
    bad: list[str] = []
    infinite: list[str] = []
    for i, token in enumerate(tokens):
        try:
            if not _plain(token):
                raise ValueError(token)
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


Reject = Callable[[int, str, str, str], None]


def _check_and_keep(
    parsed: ParsedRun, sample: int, line: int, tokens: list[str], raw: str, reject: Reject
) -> None:
    """Quarantine a sample with unparsable or non-finite values, keep it otherwise.

    Nearly every sample parses: `map(float)` runs in C, and only a sample it fails on, or
    that holds a non-finite value, is parsed again token by token to say what was wrong.
    """
    try:
        values = list(map(float, tokens))
    except ValueError:
        pass
    else:
        if all(map(math.isfinite, values)) and _plain("".join(tokens)):
            parsed.keep(sample, line, values)
            return
    try:
        values, bad, infinite = _floats(tokens)
    except Exception as exc:  # no value may fail the run
        reject(line, UNREADABLE_RECORD, f"sample {sample}: {unexpected(exc)}", raw)
        return
    if bad:
        reject(line, "unparsable_value", f"sample {sample}: {_listed(bad)}", raw)
    elif infinite:
        reject(line, "non_finite_value", f"sample {sample}: {_listed(infinite)}", raw)
    else:
        parsed.keep(sample, line, values)


Row = tuple[int, list[str], str]  # (line number, tokens, text)


def _detect(
    run: RunFile, rows: list[Row], layout: Layout, unreadable: int
) -> tuple[str, list[Row]]:
    """(rows | transposed, the variable lines) from the option or the shape of the lines.

    Unreadable lines (already quarantined) count towards the 52 lines of a transposed file:
    the variable they held is missing from every sample, which quarantines the samples.
    """
    widths = Counter(len(tokens) for _, tokens, _ in rows)
    common = widths.most_common(1)[0][0]
    if layout == "rows" or (layout == "auto" and common == N_VARIABLES):
        return "rows", rows
    if len(rows) == N_VARIABLES:
        return "transposed", rows
    if unreadable and len(rows) + unreadable == N_VARIABLES:
        return "transposed", rows
    full = [row for row in rows if len(row[1]) == common]
    if len(full) > N_VARIABLES:  # a repeated variable line: later exact copies are extra
        firsts: dict[str, int] = {}
        full = [row for row in full if firsts.setdefault(row[2], row[0]) == row[0]]
    if len(full) == N_VARIABLES and common > N_VARIABLES:
        return "transposed", full
    if layout == "transposed":
        raise SourceFormatError(
            run.location,
            f"transposed layout needs {N_VARIABLES} lines (one per variable), found {len(rows)}",
        )
    raise SourceFormatError(
        run.location,
        f"neither {N_VARIABLES} values per line nor {N_VARIABLES} lines of samples: "
        f"{len(rows)} lines, most with {common} values",
    )


def _parse_rows(parsed: ParsedRun, rows: list[Row], unreadable: set[int]) -> None:
    """One sample per line; an exact repeat is quarantined and does not advance the sample.

    An unreadable line (bad_encoding, already quarantined) is a damaged sample: it advances the
    sample number so the samples after it keep their time stamps.
    """
    duplicates = Deduper()
    sample = 0
    pending = sorted(unreadable)
    name = Path(parsed.run.source).name
    for line, tokens, raw in rows:
        while pending and pending[0] < line:
            pending.pop(0)
            sample += 1
        copy_of = duplicates.seen(raw, (name, line))
        if copy_of is not None:
            parsed.reject(line, DUPLICATE, copy_of, raw)
            continue
        sample += 1
        if len(tokens) != N_VARIABLES:
            what = "truncated line" if len(tokens) < N_VARIABLES else "too many values"
            detail = f"sample {sample}: {what}, {len(tokens)} of {N_VARIABLES} values"
            parsed.reject(line, "wrong_field_count", detail, raw)
            continue
        _check_and_keep(parsed, sample, line, tokens, raw, parsed.reject)


def _parse_transposed(parsed: ParsedRun, rows: list[Row], variables: list[Row]) -> None:
    """One variable per line; lines that are not one of the 52 are quarantined, the rest read."""
    kept = {line for line, _, _ in variables}
    width = max(len(tokens) for _, tokens, _ in variables)
    texts = {raw: line for line, _, raw in variables}
    for line, tokens, raw in rows:
        if line in kept:
            continue
        if raw in texts:
            parsed.reject(line, DUPLICATE, f"exact copy of variable line {texts[raw]}", raw)
            continue
        detail = (
            f"extra line: {len(tokens)} values, the {N_VARIABLES} variable lines of this "
            f"transposed file hold {width}"
        )
        parsed.reject(line, "wrong_field_count", detail, raw)
    parsed.variable_lines = [line for line, _, _ in variables]
    parsed.ledger["variable_line"] += sum(1 for _, tokens, _ in variables if tokens)
    for sample in range(1, width + 1):
        short = [(line, i) for i, (line, tokens, _) in enumerate(variables) if len(tokens) < sample]
        column = [tokens[sample - 1] if len(tokens) >= sample else "" for _, tokens, _ in variables]
        raw = " ".join(column)
        if short:
            lines = ", ".join(f"{line} ({TE_VARIABLES[i].tag})" for line, i in short)
            detail = f"sample {sample} (column {sample}): no value on line(s) {lines}"
            parsed.reject_sample(sample, "wrong_field_count", detail, raw)
            continue
        _check_and_keep(parsed, sample, sample, column, raw, parsed.reject_sample)


def parse_run(run: RunFile, layout: Layout = "auto") -> ParsedRun:
    """Parse one run; a file whose shape fits no layout raises SourceFormatError naming it."""
    parsed = ParsedRun(run, layout)
    parsed.records = len(run.lines)
    rows: list[Row] = []
    unreadable: set[int] = set()
    for line in run.lines:
        if line.text is None:
            detail = describe(line, run.encoding)
            parsed.reject(line.number, str(line.problem), detail, line.escaped(run.encoding))
            unreadable.add(line.number)
            continue
        tokens = line.text.split()
        if "," in line.text:
            tokens = [_decimal_point(t) for t in tokens]
        if not tokens:
            parsed.ledger["blank_line"] += 1
            continue
        rows.append((line.number, tokens, line.text))
    if not rows:
        if unreadable:
            raise SourceFormatError(run.location, "no readable line: no samples")
        return parsed  # an empty file holds no samples; the stage's has_data check reports it
    parsed.layout, variables = _detect(run, rows, layout, len(unreadable))
    if parsed.layout == "rows":
        _parse_rows(parsed, rows, unreadable)
    else:
        if len(variables) < N_VARIABLES:  # an unreadable line holds one variable: no values
            variables = sorted([*variables, *((n, [], "") for n in unreadable)])
        _parse_transposed(parsed, rows, variables)
    return parsed
