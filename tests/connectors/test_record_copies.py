"""Copies among spilled records: the same verdicts as a dict of every record seen, from buckets."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.delimited_table import DelimitedTableConnector
from connectors.record_copies import RecordCopies

# a few values, so copies are common; unicode and separators included
_RECORD = st.sampled_from(["a,1", "b,2", "a,1 ", "张三,3", "", "a,\u00e91", "x" * 300])


def _model(files: list[list[str]]) -> set[tuple[int, int, int, int]]:
    """(file, line, first file, first line) of each later copy, by a dict of every record."""
    first: dict[str, tuple[int, int]] = {}
    out = set()
    for f, records in enumerate(files):
        for line, text in enumerate(records, start=2):
            if text in first:
                out.add((f, line, *first[text]))
            else:
                first[text] = (f, line)
    return out


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_RECORD, max_size=30), min_size=1, max_size=3), st.integers(1, 3))
def test_copies_match_a_dict_of_every_record(
    tmp_path_factory: object, files: list[list[str]], chunks: int
) -> None:
    folder = tmp_path_factory.mktemp("copies")  # type: ignore[attr-defined]
    copies = RecordCopies(folder / "buckets", input_bytes=50_000_000)  # several buckets
    for f, records in enumerate(files):
        lines = list(range(2, len(records) + 2))
        for c in range(chunks):  # a file arrives in chunks, as its part files do
            take = slice(c * len(records) // chunks, (c + 1) * len(records) // chunks)
            copies.add(f, pl.Series(lines[take], dtype=pl.Int64), pl.Series(records[take]))
    found = {tuple(row) for row in copies.later().iter_rows()}
    assert found == _model(files)
    assert not (folder / "buckets").exists()


def test_a_file_sent_twice_keeps_the_first_and_names_it(tmp_path: Path) -> None:
    body = "".join(f"S{i},{i * 0.5},ok\n" for i in range(2_000))
    first, second = tmp_path / "day.csv", tmp_path / "day_again.csv"
    first.write_text("station,value,status\n" + body, encoding="utf-8")
    second.write_text("station,value,status\n" + body + "S9999,1.0,ok\n", encoding="utf-8")
    result = DelimitedTableConnector().read([first, second], tmp_path / "out")
    assert result.reconciles(), result.ledger
    table = pl.read_parquet(result.table_path)  # type: ignore[arg-type]
    quarantine = pl.read_parquet(result.quarantine_path)
    assert table.height == 2_001 and quarantine.height == 2_000
    assert set(quarantine["reason"]) == {"duplicate_record"}
    detail = quarantine.row(0, named=True)["detail"]
    assert detail == "exact copy of day.csv line 2 (first copy kept)"
    assert quarantine["source_file"].unique().to_list() == ["day_again.csv"]
    assert result.ledger["quarantined"] == 2_000 and result.ledger["record"] == 2_001
    assert not (tmp_path / "out" / ".delimited_parts").exists()
