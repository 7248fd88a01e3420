"""Fixtures for the pipeline tests: a project home whose spec reads a real MarineCadastre file."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MC = "marine/ais_noaa_marinecadastre_2023-01-11_1000rows.csv"
# The shipped ais_marinecadastre policies, with vessel_name dropped: in the real file two
# vessels' names equal another vessel's call sign, which the residue check rightly refuses.
SPEC = """\
id: marine/mc_run
title: {en: MarineCadastre run test, zh: 运行测试}
description: {en: Real MarineCadastre rows., zh: 真实数据。}
sector: marine
source:
  format: marinecadastre_csv
  uri: DATA/AIS_{date:%Y_%m_%d}.csv
  license: public domain (NOAA)
  provenance: NOAA MarineCadastre AIS 2023-01-11, first 1,000 rows
schema: ais_positions
partitioning: {kind: daily, start: 2023-01-01, end: 2023-01-31}
privacy:
  columns:
    mmsi: {category: identifier, policy: pseudonym, rename: vessel_id, domain: mmsi}
    imo: {category: identifier, policy: pseudonym, domain: imo}
    call_sign: {category: identifier, policy: pseudonym, domain: call_sign}
    vessel_name: {category: personal, policy: drop}
quality:
  rules:
    - {rule: mmsi_valid, action: quarantine}
    - {rule: coordinate_range, action: quarantine}
  expectations:
    - {expect: not_null, column: mmsi}
    - {expect: in_set, column: transceiver_class, values: [A, B], severity: warn}
release: {license: CC0-1.0, grade: general, category: transport, owner: test team}
"""


@pytest.fixture
def project(
    bohai_env: Path, monkeypatch: pytest.MonkeyPatch, shared_file: Callable[[str], Path]
) -> Path:
    """A project home with the real file as 11 January, half of it re-dated as 12 January."""
    home = bohai_env / "home"
    shutil.copy(REPO / "dagster.yaml", home / "dagster.yaml")
    data = bohai_env / "data"
    data.mkdir()
    source = shared_file(MC)
    shutil.copy(source, data / "AIS_2023_01_11.csv")
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    # Its rows must carry the 12th: rows outside a partition's day are quarantined.
    next_day = "".join(lines[:501]).replace(",2023-01-11T", ",2023-01-12T")
    (data / "AIS_2023_01_12.csv").write_text(next_day, encoding="utf-8")
    specs = bohai_env / "datasets" / "marine"
    specs.mkdir(parents=True)
    (specs / "mc_run.yaml").write_text(SPEC.replace("DATA", str(data)), encoding="utf-8")
    monkeypatch.setenv("BOHAI_DATASETS", str(bohai_env / "datasets"))
    return bohai_env
