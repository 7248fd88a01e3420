"""`bohai annotate pull` publishes the labels as 1.1.0 when agreement holds, refuses when not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest
import typer
from typer.testing import CliRunner

from annotation.client import LabelStudioClient
from annotation.loop import push_sample
from annotation.team import Member
from pipelines.commands.annotate import pull_and_release
from pipelines.commands.releases import register
from pipelines.release_stage import build_release
from pipelines.stages import run_parse, run_raw, run_scrub, run_validate
from quality.gate import drop_lineage
from releases.refs import DatasetRef
from releases.store import ReleaseStore
from schemas.spec import load_spec

REPO = Path(__file__).resolve().parents[2]
DAY = "2026-11-01"
pytestmark = pytest.mark.labelstudio


def _choose(client: LabelStudioClient, task_id: int, label: str, existing: int | None) -> int:
    result = [{"from_name": "label", "to_name": "text", "type": "choices"}]
    result[0]["value"] = {"choices": [label]}
    if existing is None:
        return int(client.sdk.annotations.create(id=task_id, result=result, lead_time=4.0).id)
    client.sdk.annotations.update(id=existing, result=result)
    return existing


def test_pull_publishes_minor_release_only_while_agreement_holds(
    label_studio: Any, team: list[Member], bohai_env: Path
) -> None:
    spec = load_spec(REPO / "datasets/petrochemical/incident_reports.yaml")
    ann = spec.annotation
    work = bohai_env / "work" / spec.id
    run_raw(spec, work / DAY, DAY)
    run_parse(spec, work / DAY, DAY)
    run_validate(spec, work / DAY)
    run_scrub(spec, work / DAY, b"test-key-0123456789abcdef")
    store = ReleaseStore(bohai_env / "releases")
    assert build_release(spec, work, store, run_id=None).version == "1.0.0"

    scrubbed = work / DAY / "scrubbed" / "incident_reports.parquet"
    table = drop_lineage(pl.scan_parquet(scrubbed)).collect()
    admin = LabelStudioClient(label_studio.url, label_studio.token)
    pushed = push_sample(ann, spec.id, table, admin, team=team)
    lead = team[0]
    keys = sorted(admin.as_user(lead.token).existing_keys(pushed.results[lead.name].project_id))
    truth = {key: ann.labels[i % len(ann.labels)] for i, key in enumerate(keys)}
    made: dict[str, dict[str, int]] = {m.name: {} for m in team}

    def annotate(member: Member, labels: dict[str, str]) -> None:
        own = admin.as_user(member.token)
        ids = own.existing_keys(pushed.results[member.name].project_id)
        for key, label in labels.items():
            made[member.name][key] = _choose(own, ids[key][0], label, made[member.name].get(key))

    first, second = team
    annotate(first, truth)
    annotate(second, truth | {keys[0]: ann.labels[1]})  # one disagreement (truth is labels[0])
    assert pull_and_release(spec, ann, admin, team, publish=True) is None
    assert store.versions(spec.id) == ["1.0.0", "1.1.0"]
    manifest = store.manifest(DatasetRef(spec.id, "1.1.0"))
    assert manifest["change"]["kind"] == "MINOR"
    agreement = manifest["annotation"]["agreement"]
    assert agreement["method"] == "cohen_kappa" and agreement["overall"] >= ann.agreement_threshold
    assert manifest["annotation"]["project"]["mode"] == "blind"
    assert any("annotation_gold" in str(f) for f in manifest["files"])
    app = typer.Typer()
    register(app)
    shown = CliRunner().invoke(app, ["show", f"{spec.id}@1.1.0"], env={"COLUMNS": "200"}).output
    assert "annotation: classification under guideline 1.1, blind overlap 2" in shown
    assert f"agreement cohen_kappa {agreement['overall']:.3f}" in shown
    listed = CliRunner().invoke(app, ["releases", spec.id], env={"COLUMNS": "160"}).output
    assert [line.count("1.1.0") for line in listed.splitlines() if "1.1.0" in line] == [1]
    assert all("MINOR" in line for line in listed.splitlines() if "1.1.0" in line)

    # the second annotator now disagrees on most records: the pull refuses to release
    annotate(second, {k: ann.labels[(i + 2) % len(ann.labels)] for i, k in enumerate(keys)})
    assert pull_and_release(spec, ann, admin, team, publish=True) == 1
    assert store.versions(spec.id) == ["1.0.0", "1.1.0"]
    with pytest.raises(RuntimeError, match="agreement below threshold"):
        build_release(spec, work, store, run_id=None)  # the pipeline's release is blocked too
