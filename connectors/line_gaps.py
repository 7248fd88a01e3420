"""The data lines of clean files that a streamed table left out, found from the table itself.

The fast MarineCadastre read writes the rows it takes in line order and leaves some out (rows
for the careful plan). Rather than a second output (which made polars hold far more memory),
the lines left out are the gaps in the table's `source_line`, read one row group at a time,
less the lines the pre-scan had already set aside.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from connectors.line_arrow import frame


def absent_lines(
    table: Path, names: list[str], counts: list[int], set_aside: list[np.ndarray]
) -> list[np.ndarray]:
    """Per file (by name, in table order): its data lines (2 to its line count) that are
    neither in the table nor in `set_aside`, sorted."""
    import pyarrow.parquet as pq  # here, not at import: only the fast read needs it

    order = {name: index for index, name in enumerate(names)}
    last = [1] * len(names)  # line 1 is the header
    gaps: list[list[np.ndarray]] = [[] for _ in names]
    parquet = pq.ParquetFile(table)
    columns = ["source_line"] if len(names) == 1 else ["source_file", "source_line"]
    for group in range(parquet.num_row_groups):
        rows = frame(parquet.read_row_group(group, columns=columns))
        parts = [rows] if len(names) == 1 else rows.partition_by("source_file", maintain_order=True)
        for part in parts:
            index = 0 if len(names) == 1 else order[part["source_file"][0]]
            lines = np.concatenate([[last[index]], part["source_line"].to_numpy()])
            jumps = np.flatnonzero(np.diff(lines) > 1)
            gaps[index] += [np.arange(lines[k] + 1, lines[k + 1]) for k in jumps.tolist()]
            last[index] = int(lines[-1])
    found = []
    for index, count in enumerate(counts):
        lines = np.concatenate([*gaps[index], np.arange(last[index] + 1, count + 1)])
        found.append(np.setdiff1d(lines.astype(np.int64), set_aside[index]))
    return found
