"""The shipped specs' annotation sections against a real Label Studio, on their real pipeline."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from annotation.client import LabelStudioClient
from annotation.loop import push_sample
from annotation.tasks import KEY_FIELD, SERIES
from pipelines.stages import run_parse, run_raw, run_scrub, run_validate
from schemas.spec import load_spec

REPO = Path(__file__).resolve().parents[2]
KEY = b"spec-test-key-0123456789"
pytestmark = pytest.mark.labelstudio


@pytest.fixture
def te_scrubbed(bohai_env: Path) -> tuple[object, Path]:
    """The Tennessee Eastman sample taken through raw -> scrubbed by the real stages."""
    spec = load_spec(REPO / "datasets/petrochemical/tennessee_eastman.yaml")
    pdir = bohai_env / "work" / spec.id / "all"
    run_raw(spec, pdir, "all")
    run_parse(spec, pdir, "all")
    run_validate(spec, pdir)
    run_scrub(spec, pdir, KEY)
    return spec, pdir / "scrubbed" / "wide.parquet"


def test_te_runs_arrive_as_time_series_with_fault_segments(
    label_studio: object, te_scrubbed: tuple[object, Path]
) -> None:
    spec, wide = te_scrubbed
    ann = spec.annotation
    table = pl.read_parquet(wide)
    client = LabelStudioClient(label_studio.url, label_studio.token)
    outcome = push_sample(ann, spec.id, table, client)
    assert outcome.sampled == min(ann.sample.size, table["run_id"].n_unique())
    tasks = list(client.sdk.tasks.list(project=outcome.project_id, fields="all"))
    assert len(tasks) == outcome.sampled
    for task in tasks:
        run = table.filter(pl.col("run_id") == task.data[KEY_FIELD]).sort("elapsed_h")
        series = task.data[SERIES]
        assert set(ann.timeseries.channels) <= set(series)
        assert series["elapsed_h"] == run["elapsed_h"].to_list()
        predictions = client.sdk.predictions.list(task=task.id)
        assert len(predictions) == 1 and predictions[0].model_version == "te-run-design-v1"
        labels = {r["value"]["timeserieslabels"][0] for r in predictions[0].result}
        assert labels == set(run["process_state"].unique())
    again = push_sample(ann, spec.id, table, client)
    assert again.result.created == 0  # idempotent: the same runs are not imported twice
