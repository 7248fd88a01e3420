"""In headless Chromium, the Dagster UI explains a check and plots its numbers over two days."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annotation.server import free_port
from pipelines.cli import app

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("BOHAI_CHROMIUM", "/usr/bin/chromium"))
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
pytestmark = [pytest.mark.e2e, pytest.mark.integration]


@pytest.fixture
def artifacts() -> Path:
    """BOHAI_TEST_ARTIFACTS when set, else .bohai/test-artifacts/ (ignored by git)."""
    folder = Path(os.environ.get("BOHAI_TEST_ARTIFACTS", REPO / ".bohai" / "test-artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def webserver(project: Path) -> Iterator[str]:
    """Two days run through `bohai run`, then dagster-webserver on a free loopback port."""
    ran = CliRunner().invoke(
        app, ["run", "marine/mc_run", "--from", "2023-01-11", "--to", "2023-01-12"]
    )
    assert ran.exit_code == 0, ran.output
    port = free_port()
    log = (project / "webserver.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "dagster_webserver", "-m", "pipelines.definitions",
         "-h", "127.0.0.1", "-p", str(port)],
        cwd=REPO, env=os.environ | {"PYTHONPATH": str(REPO)}, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{url}/server_info", timeout=2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((project / "webserver.log").read_text()[-2000:]) from None
                time.sleep(1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def test_check_page_shows_description_and_plots_two_partitions(
    webserver: str, artifacts: Path
) -> None:
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} not installed (scripts/test_setup.sh installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    check = (
        f"{webserver}/assets/marine/mc_run/validated?view=checks&checkDetail=quality_rows_reconcile"
    )
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1300})
            page.goto(check)
            page.get_by_text("Plots").first.wait_for(timeout=60_000)
            # the description comes with the check's definition, which may arrive after the plots
            described = page.get_by_text("Rows in = rows out + rows quarantined", exact=False)
            try:
                described.first.wait_for(timeout=60_000)
            finally:
                (artifacts / "dagster_check_body.txt").write_text(page.inner_text("body"))
            body = page.inner_text("body")
            assert "Rows in = rows out + rows quarantined by the row rules" in body
            assert "(coordinate_range, mmsi_valid)" in body, "the spec's own rules"
            assert "No description provided" not in body
            assert "2023-01-12" in body, "the latest evaluation names its partition"
            for key in ("rows_in", "rows_out", "quarantined"):
                assert key in body
            page.wait_for_timeout(1500)  # let the charts draw before the screenshot
            assert page.locator("canvas").count() >= 3, "one plot per numeric metadata key"
            page.screenshot(path=str(artifacts / "dagster_check_plots.png"), full_page=True)

            page.get_by_text("Execution history").click()
            page.get_by_text("quarantined").first.wait_for(timeout=30_000)
            history = page.inner_text("body")
            evaluated = set(re.findall(r"(\d+) in = \d+ out \+ \d+ quarantined", history))
            assert len(evaluated) >= 2, f"one evaluation per partition: {evaluated}"

            page.goto(f"{webserver}/assets/marine/mc_run/release")
            page.get_by_text("quality_report").first.wait_for(timeout=60_000)
            release = page.inner_text("body")
            assert "quality_report.html" in release and "MarineCadastre run test" in release
            page.screenshot(path=str(artifacts / "dagster_release.png"), full_page=True)
        finally:
            browser.close()
