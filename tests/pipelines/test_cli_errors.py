"""A file-system failure reaches the user as one line naming the path, never as a traceback."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pipelines.cli import main

RMP = "petrochemical/epa_rmp_accident_detailed.csv"


def test_an_unwritable_datasets_folder_is_one_clear_line(
    bohai_env: Path,
    shared_file: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    blocker = bohai_env / "a_file"
    blocker.write_text("not a folder\n")
    monkeypatch.setenv("BOHAI_DATASETS", str(blocker / "datasets"))
    args = ["bohai", "init", "--from", str(shared_file(RMP)), "--id", "petrochemical/rmp_x"]
    monkeypatch.setattr(sys, "argv", [*args, "--license", "CC0-1.0", "--owner", "ops"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 1
    printed = " ".join(capsys.readouterr().err.split())
    assert printed.startswith("error: cannot use ")
    assert str(blocker) in "".join(printed.split()), "the path is named"
    assert "Not a directory" in printed and "writable" in printed
    assert "Traceback" not in printed
