"""A home made for one's own data gets Bohai's Dagster instance settings, not Dagster's defaults."""

from __future__ import annotations

from pathlib import Path

import yaml

from pipelines.home import PACKAGE_ROOT, configure_environment


def test_home_without_instance_file_gets_the_committed_one(bohai_env: Path) -> None:
    home = bohai_env / "home"
    assert not (home / "dagster.yaml").exists()
    configure_environment()
    written = yaml.safe_load((home / "dagster.yaml").read_text())
    assert written == yaml.safe_load((PACKAGE_ROOT / "dagster.yaml").read_text())
    assert written["telemetry"] == {"enabled": False}


def test_an_instance_file_of_ones_own_is_left_alone(bohai_env: Path) -> None:
    own = bohai_env / "home" / "dagster.yaml"
    own.write_text("telemetry:\n  enabled: false\n")
    configure_environment()
    assert own.read_text() == "telemetry:\n  enabled: false\n"
