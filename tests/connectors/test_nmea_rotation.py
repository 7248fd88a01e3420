"""A multi-part NMEA message split by a log rotation is joined across consecutive files."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.ais_nmea import AisNmeaConnector
from connectors.base import IngestResult
from tests.connectors.test_ais_nmea import MMSI_A, POS_A, STATIC_A, one, sentences

TYPE5 = sentences(STATIC_A, seq_id=3)  # two fragments


def read(tmp: Path, files: dict[str, list[str]]) -> tuple[IngestResult, pl.DataFrame, pl.DataFrame]:
    """Write each file, read them all in name order, return result, table and quarantine."""
    paths = []
    for name, lines in sorted(files.items()):
        path = tmp / name
        path.write_text("".join(line + "\n" for line in lines))
        paths.append(path)
    result = AisNmeaConnector().read(paths, tmp / "out")
    assert result.reconciles()
    table, quarantine = pl.read_parquet(result.table_path), pl.read_parquet(result.quarantine_path)
    return result, table, quarantine


def test_type5_split_by_rotation_is_joined_and_named(tmp_path: Path) -> None:
    """Fragment 1 ends file A, fragment 2 starts file B: static data joins, nothing quarantined."""
    files = {
        "ais_0000.nmea": [one(POS_A), TYPE5[0]],
        "ais_0100.nmea": [TYPE5[1], one({**POS_A, "lat": 52.5})],
    }
    result, table, quarantine = read(tmp_path, files)
    assert quarantine.height == 0
    assert result.ledger == {"position": 2, "static": 2} and result.input_units == 4
    assert table["vessel_name"].to_list() == ["ANNA", "ANNA"]
    assert table["source_file"].to_list() == ["ais_0000.nmea", "ais_0100.nmea"]
    assert result.joined_across_files == [[("ais_0000.nmea", 2), ("ais_0100.nmea", 1)]]


def test_fragment_not_continued_in_the_next_file_is_an_orphan(tmp_path: Path) -> None:
    """Files must be consecutive: a fragment 2 two files later does not complete fragment 1."""
    files = {
        "a.nmea": [TYPE5[0]],
        "b.nmea": [one(POS_A)],
        "c.nmea": [TYPE5[1]],
    }
    result, table, quarantine = read(tmp_path, files)
    rows = quarantine.select("source_file", "source_line", "reason").rows()
    assert rows == [
        ("a.nmea", 1, "incomplete_multipart"),
        ("c.nmea", 1, "incomplete_multipart"),
    ]
    assert result.ledger == {"position": 1, "quarantined": 2}
    assert table["vessel_name"].to_list() == [None]
    assert result.joined_across_files == []


def test_joined_message_quarantined_names_each_line_in_its_own_file(tmp_path: Path) -> None:
    """A joined message that is a repeat is quarantined per line, each row naming its file."""
    files = {"a.nmea": [*TYPE5, TYPE5[0]], "b.nmea": [TYPE5[1]]}
    result, _, quarantine = read(tmp_path, files)
    rows = quarantine.select("source_file", "source_line", "reason").rows()
    assert rows == [("a.nmea", 3, "duplicate_record"), ("b.nmea", 1, "duplicate_record")]
    assert "a.nmea line 3, b.nmea line 1" in quarantine["detail"][0]
    assert result.ledger == {"static": 2, "quarantined": 2}


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cuts=st.lists(st.integers(min_value=0, max_value=12), min_size=0, max_size=4),
    data=st.data(),
)
def test_any_split_of_a_log_into_files_reads_like_the_whole_log(
    tmp_path_factory: object, cuts: list[int], data: st.DataObject
) -> None:
    """Cutting one log into consecutive files anywhere (even inside a message) changes nothing
    but the file names and line numbers: same rows, same ledger, every line counted once."""
    tmp = tmp_path_factory.mktemp("split")  # type: ignore[attr-defined]
    pos_b = {**POS_A, "mmsi": 338123456}
    log = [one(POS_A), *TYPE5, one(pos_b), *sentences({**STATIC_A, "shipname": "BERT"}, seq_id=4)]
    log += [one(POS_A), "", TYPE5[1], *TYPE5, one(pos_b), TYPE5[0]]
    bounds = sorted({min(c, len(log)) for c in cuts})
    pieces = [log[a:b] for a, b in zip([0, *bounds], [*bounds, len(log)], strict=True)]
    pieces = [p for p in pieces if p] or [[]]
    files = {f"ais_{i:02d}.nmea": piece for i, piece in enumerate(pieces)}
    (tmp / "whole").mkdir()
    (tmp / "split").mkdir()
    whole, whole_table, whole_q = read(tmp / "whole", {"ais.nmea": log})
    split, split_table, split_q = read(tmp / "split", files)
    assert split.ledger == whole.ledger and split.input_units == whole.input_units == len(log)
    cols = ["mmsi", "vessel_name", "lat"]
    assert split_table.select(cols).rows() == whole_table.select(cols).rows()
    assert split_q["reason"].to_list() == whole_q["reason"].to_list()
    # every quarantined line is named by its own file and line: map back to the whole log
    offsets = {}
    at = 0
    for name, piece in files.items():
        offsets[name] = at
        at += len(piece)
    where = [offsets[f] + n for f, n in split_q.select("source_file", "source_line").rows()]
    assert where == whole_q["source_line"].to_list()
    assert all(log[n - 1] == raw for n, raw in zip(where, split_q["raw"], strict=True))
    assert MMSI_A in split_table["mmsi"].to_list()
