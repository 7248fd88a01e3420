"""`bohai demo --allow-release`: an override needs a known refusal and a reason, or nothing runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipelines.cli import app


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--allow-release", "empty", "--override-reason", "x"], "cannot allow ['empty']"),
        (["--allow-release", "shrink"], "a reason is required"),
    ],
)
def test_demo_refuses_a_bad_override_before_running(
    bohai_env: Path, args: list[str], message: str
) -> None:
    result = CliRunner().invoke(app, ["demo", "--dataset", "marine/ais_positions", *args])
    assert result.exit_code == 1
    assert message in " ".join(result.output.split())
    assert not (bohai_env / "work").exists()  # nothing ran
