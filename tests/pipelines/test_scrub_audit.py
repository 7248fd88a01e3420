"""The one-pass scrub audit finds what each check finds on its own, on a real file with leaks."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import polars as pl
import yaml

from pipelines.scrub_audit import audit_written, read_source_values
from pipelines.stages import run_parse, run_raw
from privacy.audit.leaks import audit_table
from privacy.audit.residue import (
    conditional_drop_violations,
    masked_text_rows,
    raw_identifier_leaks,
    text_identifiers,
)
from privacy.deid.policy import apply_policies
from quality.encoding import replacement_characters
from releases.hashing import sha256_file
from releases.stats import column_statistics
from schemas.spec import DatasetSpec

REPO = Path(__file__).resolve().parents[2]
MC = "marine/ais_noaa_marinecadastre_2023-01-11_1000rows.csv"
RID = "11010519491231002X"  # a valid resident ID (GB 11643 check character)


def _parsed(bohai_env: Path, shared_file: Callable[[str], Path]) -> tuple[DatasetSpec, Path]:
    data = bohai_env / "data"
    data.mkdir()
    shutil.copy(shared_file(MC), data / "AIS_2023_01_11.csv")
    raw = yaml.safe_load((REPO / "datasets/marine/ais_marinecadastre.yaml").read_text())
    raw["source"]["uri"] = str(data / "AIS_{date:%Y_%m_%d}.csv")
    raw["partitioning"] = {"kind": "daily", "start": "2023-01-01"}
    spec = DatasetSpec.model_validate(raw)
    pdir = bohai_env / "work" / "2023-01-11"
    run_raw(spec, pdir, "2023-01-11")
    parsed = run_parse(spec, pdir, "2023-01-11")
    return spec, pdir / next(iter(parsed["tables"].values()))["path"]


def test_one_pass_audit_equals_the_separate_checks_on_a_leaky_real_file(
    bohai_env: Path, shared_file: Callable[[str], Path]
) -> None:
    spec, parsed = _parsed(bohai_env, shared_file)
    policies = dict(next(iter(spec.tables.values())).privacy.columns)
    row = pl.int_range(pl.len())
    # Free text naming a vessel's MMSI (masked before release: counted as masked) ...
    source = pl.scan_parquet(parsed).with_columns(
        station=pl.when(row % 97 == 5).then(pl.format("heard {}", pl.col("mmsi"))),
    )
    scrubbed, _ = apply_policies(source, policies, b"test-key-0123456789abcdef")
    raw_call_sign = source.select(pl.col("call_sign").drop_nulls().first()).collect().item()
    # ... and a release that leaks: an MMSI and a resident ID in text, undecodable bytes, a raw
    # call sign, a class B name the policy should have dropped.
    leaky = scrubbed.with_columns(
        station=pl.when(row == 11)
        .then(pl.lit(f"id {RID}"))
        .otherwise(pl.col("station").str.replace("heard", "from")),
        timestamp_source=pl.when(row == 3).then(pl.lit("csv\ufffd")).otherwise("timestamp_source"),
        call_sign=pl.when(row == 7).then(pl.lit(raw_call_sign)).otherwise("call_sign"),
        vessel_name=pl.when(row == 9).then(pl.lit("KEPT NAME")).otherwise(pl.col("vessel_name")),
        transceiver_class=pl.when(row == 9).then(pl.lit("B")).otherwise("transceiver_class"),
    )
    path = bohai_env / "leaky.parquet"
    leaky.sink_parquet(path, compression="zstd")
    result = pl.scan_parquet(path)

    known = read_source_values(source, policies)
    identifiers = text_identifiers([(source, policies)], [known.identifiers])
    assert identifiers == text_identifiers([(source, policies)])
    got = audit_written(path, source, policies, identifiers, known, None)

    assert got.leak_audit == audit_table(result)
    assert got.garbled == replacement_characters(result)
    assert got.leaks == raw_identifier_leaks(source, result, policies, identifiers)
    assert got.undropped == conditional_drop_violations(result, policies)
    assert got.masked_in_text == masked_text_rows(source, result, policies, identifiers)
    assert got.statistics == column_statistics([path])
    assert got.rows == result.select(pl.len()).collect().item()
    assert got.sha256 == sha256_file(path)
    # The planted leaks are found, so the comparison above is not between empty results.
    assert got.leak_audit.hits == {"station": {"CN_RESIDENT_ID": 1}}
    assert got.garbled["timestamp_source"] == 1
    assert got.leaks["call_sign"] >= 1 and got.leaks["mmsi"] >= 1
    assert got.undropped == {"vessel_name": 1}
    assert got.masked_in_text["station"] > 0
