"""A broken spec never blocks the other datasets: the CLI and the code location set it aside."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.factory import build_definitions
from pipelines.spec_loading import spec_for
from schemas.spec import SpecError

REPO = Path(__file__).resolve().parents[2]
AIS_SPEC = REPO / "datasets" / "marine" / "ais_positions.yaml"


@pytest.fixture()
def specs_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A specs folder with the shipped AIS spec and a copy of it whose policy names no column."""
    root = tmp_path / "datasets"
    (root / "marine").mkdir(parents=True)
    shutil.copy(AIS_SPEC, root / "marine" / "ais_positions.yaml")
    bad = yaml.safe_load(AIS_SPEC.read_text(encoding="utf-8"))
    bad["id"] = "marine/typo"
    bad["privacy"]["columns"]["mmsii"] = {"category": "identifier", "policy": "drop"}
    (root / "marine" / "typo.yaml").write_text(yaml.safe_dump(bad), encoding="utf-8")
    monkeypatch.setenv("BOHAI_DATASETS", str(root))
    return root


def test_a_good_dataset_loads_beside_a_broken_spec(specs_dir: Path) -> None:
    spec, found = spec_for("marine/ais_positions")
    assert spec.id == "marine/ais_positions"
    assert list(found.broken) == [specs_dir / "marine" / "typo.yaml"]
    keys = {k.to_user_string() for k in build_definitions(specs_dir).resolve_all_asset_keys()}
    assert any(k.startswith("marine/ais_positions/") for k in keys)
    assert not any("typo" in k for k in keys), "the broken spec builds no assets"


def test_the_broken_dataset_itself_gets_its_own_error(specs_dir: Path) -> None:
    with pytest.raises(SpecError, match=r"(?s)typo\.yaml.*mmsii"):
        spec_for("marine/typo")
    with pytest.raises(SpecError, match="no dataset 'marine/nope'; known: marine/ais_positions"):
        spec_for("marine/nope")


def test_specs_command_lists_the_good_and_fails_on_the_broken(specs_dir: Path) -> None:
    result = CliRunner().invoke(app, ["specs"])
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "marine/ais_positions" in out
    assert "typo.yaml" in "".join(result.output.split()), "rich may wrap the long path"
    assert "mmsii" in out
    assert "1 spec(s) do not load; the others above still run" in out
