"""One run of a partition at a time: a second is refused naming the first, its folder untouched."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.partition_lock import PartitionBusy, partition_lock, running_elsewhere


@dg.op
def _noop() -> None:
    pass


@dg.job
def ingest() -> None:
    _noop()


def test_a_held_lock_refuses_a_second_holder_until_released(tmp_path: Path) -> None:
    folder = tmp_path / "work" / "2023-01-16"
    with partition_lock(folder, "ds 2023-01-16"):
        with pytest.raises(PartitionBusy, match=r"ds 2023-01-16 is already being run by bohai run"):
            with partition_lock(folder, "ds 2023-01-16"):
                pass
    with partition_lock(folder, "ds 2023-01-16"):  # released: taken again
        pass


def test_an_in_progress_run_of_the_same_partition_is_found() -> None:
    with dg.DagsterInstance.ephemeral() as instance:
        tags = {"dagster/partition": "2023-01-16", "bohai/pid": "42", "bohai/host": "h1"}
        run = instance.create_run_for_job(ingest, tags=tags, status=dg.DagsterRunStatus.STARTED)
        assert running_elsewhere(instance, "ingest", "2023-01-16") == (
            f"run {run.run_id} (pid 42 on h1)"
        )
        assert running_elsewhere(instance, "ingest", "2023-01-17") is None
        assert running_elsewhere(instance, "other_job", "2023-01-16") is None
        instance.report_run_failed(run)
        assert running_elsewhere(instance, "ingest", "2023-01-16") is None


@pytest.mark.e2e
@pytest.mark.integration
def test_bohai_run_of_a_partition_being_run_leaves_it_alone(project: Path) -> None:
    folder = project / "work/marine/mc_run/2023-01-11"
    with partition_lock(folder, "marine/mc_run 2023-01-11"):
        result = CliRunner().invoke(app, ["run", "marine/mc_run", "--partition", "2023-01-11"])
    assert result.exit_code == 1, result.output
    out = " ".join(result.output.split())
    assert "partition 2023-01-11, stage already running" in out
    assert "marine/mc_run 2023-01-11 is already being run by bohai run (pid" in out
    assert sorted(p.name for p in folder.iterdir()) == [".run.lock"], "no stage was written"
    assert not (project / "releases" / "marine" / "mc_run").exists()
    again = CliRunner().invoke(app, ["run", "marine/mc_run", "--partition", "2023-01-11"])
    assert again.exit_code == 0, again.output
