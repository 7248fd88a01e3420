"""The override read from the environment (what `bohai demo --allow-release` and the UI use)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from pipelines.release_stage import build_release
from pipelines.stages import run_parse, run_raw, run_scrub, run_validate
from releases.guards import ReleaseRefused
from releases.refs import DatasetRef
from releases.store import ReleaseStore
from schemas.spec import DatasetSpec

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.integration


def _publish(spec: DatasetSpec, work: Path, store: ReleaseStore) -> str:
    pdir = work / spec.id / "all"
    run_raw(spec, pdir, "all")
    run_parse(spec, pdir, "all")
    run_validate(spec, pdir)
    run_scrub(spec, pdir, b"override-env-key-0123456789abcdef")
    return build_release(spec, work / spec.id, store, None).version


def test_shrink_is_published_only_with_the_environment_override(
    bohai_env: Path, shared_file: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = shared_file("petrochemical/epa_rmp_accident_detailed.csv")
    source = bohai_env / "rmp.csv"
    source.write_bytes(real.read_bytes())
    raw = yaml.safe_load((REPO / "datasets/petrochemical/epa_rmp_accidents.yaml").read_text())
    raw["source"]["uri"], raw["partitioning"] = str(source), {"kind": "none"}
    raw["release"]["max_shrink"] = 0.2
    spec = DatasetSpec.model_validate(raw)
    store = ReleaseStore(bohai_env / "rel")
    assert _publish(spec, bohai_env / "work", store) == "1.0.0"
    lines = real.read_bytes().splitlines(keepends=True)
    source.write_bytes(b"".join(lines[: len(lines) * 3 // 4]))  # a quarter fewer records
    with pytest.raises(ReleaseRefused, match=r"25.0% fewer .* \(release.max_shrink 20%\)"):
        _publish(spec, bohai_env / "work", store)
    monkeypatch.setenv("BOHAI_RELEASE_ALLOW", "shrink")
    monkeypatch.setenv("BOHAI_RELEASE_OVERRIDE_REASON", "Q4 records withdrawn by EPA")
    monkeypatch.setenv("BOHAI_RELEASE_OVERRIDE_BY", "zhao")
    assert _publish(spec, bohai_env / "work", store) == "2.0.0"
    override = store.manifest(DatasetRef(spec.id, "2.0.0"))["override"]
    assert (override["allowed"], override["by"]) == (["shrink"], "zhao")
    assert override["reason"] == "Q4 records withdrawn by EPA"
