"""A full disk (a file-size limit, as `ulimit -f` sets) on the instance store and the raw copy."""

from __future__ import annotations

import errno
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import dagster as dg
import pytest
from typer.testing import CliRunner

from pipelines.cli import app

REPO = Path(__file__).resolve().parents[2]
RUN = ["run", "marine/mc_run", "--partition", "2023-01-11", "--no-release"]


def _limited(size: int) -> Callable[[], None]:
    """Cap the size any file may grow to; writes beyond fail with EFBIG, as on a full disk."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, resource.RLIM_INFINITY))

    return cap


@pytest.mark.e2e
@pytest.mark.integration
def test_full_instance_store_is_one_line_and_a_failed_row(project: Path) -> None:
    first = CliRunner().invoke(app, RUN)  # the instance's databases exist, as for any user
    assert first.exit_code == 0, first.output
    storage = Path(os.environ["BOHAI_DAGSTER_STORAGE"])
    index = storage / "history" / "runs" / "index.db"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "pipelines.cli", *RUN]
    done = subprocess.run(
        cmd, env=env, capture_output=True, text=True, preexec_fn=_limited(index.stat().st_size)
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "╭" not in done.stderr, done.stderr
    (line,) = [ln for ln in done.stderr.splitlines() if ln.startswith("error:")]
    assert f"the Dagster instance store in {storage} cannot be used (disk I/O error)" in line
    assert "the disk is likely full" in line
    assert len(done.stderr.splitlines()) <= 3, done.stderr
    row = next(ln for ln in done.stdout.splitlines() if "2023-01-11 │" in ln)
    assert "failed (instance store)" in row, done.stdout

    with dg.DagsterInstance.get() as instance:  # space again: the next command cleans up
        left = [r for r in instance.get_runs() if not r.is_finished]
        assert len(left) == 1, "the run record made before the store filled up"
    shown = CliRunner().invoke(app, ["status"])
    assert f"marked failed: run {left[0].run_id}" in " ".join(shown.output.split())
    assert "before any stage" in shown.output


SCRIPT = """
import sys
from datetime import date
from pathlib import Path
from pipelines.sources import fetch_raw
from schemas.spec import SourceSpec
fields = {"format": "marinecadastre_csv", "uri": sys.argv[1], "license": "x", "provenance": "x"}
source = SourceSpec.model_validate(fields)
try:
    fetch_raw(source, date(2023, 1, 11), Path(sys.argv[2]))
except OSError as exc:
    print(exc.errno)
"""


@pytest.mark.integration
def test_a_raw_copy_cut_short_by_a_full_disk_is_removed(
    tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    real = shared_file("marine/ais_noaa_marinecadastre_2023-01-11_1000rows.csv")
    raw = tmp_path / "raw"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    limit = real.stat().st_size // 2
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(real), str(raw)],
        env=env,
        capture_output=True,
        text=True,
        preexec_fn=_limited(limit),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(errno.EFBIG), "the copy did fail on the size limit"
    assert raw.is_dir() and list(raw.iterdir()) == [], "no truncated copy left behind"
