"""Release guards through the real Dagster graph, on the real EPA RMP extract and mutations.

An empty or unreadable input never publishes (0-byte, header-only, all quarantined), an earlier
good release is never replaced by an empty or shrunken one without an override recorded in the
manifest, and text holding U+FFFD never reaches a release.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dagster as dg
import polars as pl
import pytest
import yaml

from pipelines import check_names as cn
from pipelines.factory import build_definitions
from releases.refs import DatasetRef
from releases.store import ReleaseStore

REPO = Path(__file__).resolve().parents[2]
RMP = "petrochemical/epa_rmp_accident_detailed.csv"
DATASET = "petrochemical/rmp_guarded"
STAGES = ("raw", "parsed", "validated", "scrubbed")

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


def _defs(root: Path, source: Path) -> dg.Definitions:
    spec = yaml.safe_load((REPO / "datasets/petrochemical/epa_rmp_accidents.yaml").read_text())
    spec["id"] = DATASET
    spec["source"] |= {"uri": str(source)}
    spec["partitioning"] = {"kind": "none"}
    folder = root / "specs" / "petrochemical"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "rmp.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True))
    return build_definitions(root / "specs")


def _keys(stages: tuple[str, ...]) -> list[dg.AssetKey]:
    return [dg.AssetKey([*DATASET.split("/"), s]) for s in stages]


def _run(
    defs: dg.Definitions, override: dict[str, Any] | None = None
) -> tuple[dg.ExecuteInProcessResult, dg.ExecuteInProcessResult]:
    """Ingest the single partition, then publish; both results."""
    graph = defs.resolve_implicit_global_asset_job_def()
    instance = dg.DagsterInstance.ephemeral()
    ingest = graph.execute_in_process(
        instance=instance, asset_selection=_keys(STAGES), raise_on_error=False
    )
    config = {"ops": {DATASET.replace("/", "__") + "__release": {"config": override}}}
    release = graph.execute_in_process(
        instance=instance,
        asset_selection=_keys(("release",)),
        raise_on_error=False,
        run_config=config if override else None,
    )
    return ingest, release


def _failed(result: dg.ExecuteInProcessResult) -> dict[str, str]:
    return {
        e.check_name: e.description or ""
        for e in result.get_asset_check_evaluations()
        if not e.passed
    }


def _release_error(result: dg.ExecuteInProcessResult) -> str:
    failures = result.get_step_failure_events()
    if not failures:
        return ""
    error = failures[0].event_specific_data.error
    while error.cause is not None:  # Dagster wraps the step's own exception
        error = error.cause
    return error.message


def _versions(root: Path) -> list[str]:
    return ReleaseStore(root / "releases").versions(DATASET)


EMPTY_INPUTS: dict[str, Callable[[Path], bytes]] = {
    "zero_bytes": lambda real: b"",
    "header_only": lambda real: real.read_bytes().split(b"\n", 1)[0] + b"\n",
    # A TE data file under the RMP name: no line is an RMP record, every one is quarantined.
    "all_quarantined": lambda real: (real.parent / "tennessee_eastman" / "d01.dat").read_bytes(),
}


@pytest.mark.parametrize("case", sorted(EMPTY_INPUTS))
def test_empty_or_unreadable_input_never_publishes(
    case: str, bohai_env: Path, shared_file: Callable[[str], Path]
) -> None:
    source = bohai_env / "in" / "rmp.csv"
    source.parent.mkdir()
    source.write_bytes(EMPTY_INPUTS[case](shared_file(RMP)))
    ingest, release = _run(_defs(bohai_env, source))
    failed = _failed(ingest)
    assert set(failed) == {cn.HAS_DATA}
    assert "no readable row in any table (accidents 0): rmp.csv" in failed[cn.HAS_DATA]
    assert not (bohai_env / "work" / DATASET / "all" / "validated").exists()
    assert not release.success and _versions(bohai_env) == []
    assert _release_error(release).rstrip().endswith("no partition has passed all stages yet; "
                                            "all: parsed failed has_data")  # fmt: skip


def test_good_release_is_never_replaced_by_an_empty_or_shrunken_one(
    bohai_env: Path, shared_file: Callable[[str], Path]
) -> None:
    real = shared_file(RMP)
    source = bohai_env / "in" / "rmp.csv"
    source.parent.mkdir()
    source.write_bytes(real.read_bytes())
    defs = _defs(bohai_env, source)
    ingest, release = _run(defs)
    assert ingest.success and release.success and _versions(bohai_env) == ["1.0.0"]
    full = ReleaseStore(bohai_env / "releases").manifest(DatasetRef(DATASET, "1.0.0"))["rows"]

    source.write_bytes(b"")  # the feed sends an empty file: the partition stops at has_data
    ingest, release = _run(defs)
    assert set(_failed(ingest)) == {cn.HAS_DATA} and not release.success
    assert _versions(bohai_env) == ["1.0.0"]

    lines = real.read_bytes().splitlines(keepends=True)
    source.write_bytes(b"".join(lines[:101]))  # header + 100 of 1,554 records
    ingest, release = _run(defs)
    assert ingest.success and not release.success
    error = _release_error(release)
    assert f"{DATASET}: 100 rows is 93.6% fewer than the {full} rows of 1.0.0" in error
    assert "BOHAI_RELEASE_ALLOW=shrink" in error
    assert _versions(bohai_env) == ["1.0.0"]

    override = {"allow": ["shrink"], "reason": "EPA withdrew 2023 records", "by": "data-team"}
    ingest, release = _run(defs, override)
    assert release.success and _versions(bohai_env) == ["1.0.0", "2.0.0"]
    path = ReleaseStore(bohai_env / "releases").resolve(DatasetRef(DATASET, "2.0.0"))
    manifest = json.loads((path / "manifest.json").read_text())
    assert manifest["rows"] == 100
    assert manifest["override"]["allowed"] == ["shrink"]
    assert manifest["override"]["reason"] == "EPA withdrew 2023 records"
    assert manifest["override"]["by"] == "data-team"
    assert "93.6% fewer" in manifest["override"]["refusals"]["shrink"]


def test_replacement_character_in_the_source_never_reaches_the_release(
    bohai_env: Path, shared_file: Callable[[str], Path]
) -> None:
    """Text an earlier tool already decoded lossily is quarantined at ingest, not released."""
    text = shared_file(RMP).read_text(encoding="utf-8")
    header, first, rest = text.split("\n", 2)
    assert "Seafood Product" in first
    first = first.replace("Seafood", "Sea\ufffdood", 1)  # as a Latin-1 byte decoded lossily
    source = bohai_env / "in" / "rmp.csv"
    source.parent.mkdir()
    source.write_text("\n".join([header, first, rest]), encoding="utf-8")
    ingest, release = _run(_defs(bohai_env, source))
    assert not _failed(ingest) and release.success and _versions(bohai_env) == ["1.0.0"]
    quarantine = pl.read_parquet(
        bohai_env / "work" / DATASET / "all" / "parsed" / "quarantine.parquet"
    )
    assert quarantine.select("source_line", "reason").rows() == [(2, "bad_encoding")]
    path = ReleaseStore(bohai_env / "releases").resolve(DatasetRef(DATASET, "1.0.0"))
    released = pl.concat([pl.read_parquet(f) for f in sorted(path.glob("data/**/*.parquet"))])
    assert released.height == 1553
    strings = [c for c, t in released.schema.items() if t == pl.String]
    assert not released.select(
        pl.any_horizontal(pl.col(strings).str.contains("\ufffd")).any()
    ).item()


def test_a_release_made_mostly_of_quarantine_is_refused(
    bohai_env: Path, shared_file: Callable[[str], Path]
) -> None:
    lines = shared_file(RMP).read_bytes().splitlines(keepends=True)
    source = bohai_env / "in" / "rmp.csv"
    source.parent.mkdir()
    # 100 good records, then 300 lines a broken export cut to two fields each.
    source.write_bytes(b"".join([*lines[:101], *(b"100000024252,Yes\n" for _ in range(300))]))
    ingest, release = _run(_defs(bohai_env, source))
    assert ingest.success and not release.success
    error = _release_error(release)
    assert "75.0% of what was read is quarantined (300 units)" in error
    assert "BOHAI_RELEASE_ALLOW=quarantine_share" in error
    assert _versions(bohai_env) == []
