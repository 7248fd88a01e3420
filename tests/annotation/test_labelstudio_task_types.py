"""Each shipped task type as an annotator sees it in Chromium; screenshots kept as artifacts."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from labelstudio_accounts import ANNOTATOR_PASSWORD
from test_labelstudio_browser import CHROMIUM, FLAGS, artifacts  # noqa: F401 (fixture)

from annotation.client import LabelStudioClient
from annotation.loop import push_sample
from annotation.team import Member
from schemas.spec import load_spec

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.labelstudio


def _notes() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "note_id": ["s1", "s2"],
            "text": [
                "患者<PERSON>，男，58岁，夜间咳嗽加重三天，胸部CT示右肺下叶肺炎，予头孢曲松静滴，"
                "既往糖尿病，口服二甲双胍。",
                "Patient reports chest pain; aspirin 100 mg given, continue Lipitor.",
            ],
            "language": ["zh", "en"],
        }
    )


def _reports() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "report_id": ["r1", "r2"],
            "text": [
                "夜班巡检发现二号常减压装置进料泵出口法兰泄漏，立即切换备用泵，无人员受伤。",
                "操作员在倒罐作业中未按规程确认阀门状态，导致储罐液位超高报警。",
            ],
            "report_type": ["incident", "near_miss"],
        }
    )


def _run() -> pl.DataFrame:
    hours = [i * 0.05 for i in range(0, 961)]
    fault = [h >= 8.0 for h in hours]
    return pl.DataFrame(
        {
            "run_id": ["d06_te"] * len(hours),
            "elapsed_h": hours,
            "reactor_pressure": [
                2705 + (80 if f else 0) * (1 - math.exp(-(h - 8) / 2)) + 5 * math.sin(h * 3)
                for h, f in zip(hours, fault, strict=True)
            ],  # noqa: E501
            "reactor_temperature": [120.4 + 0.05 * math.sin(h * 5) for h in hours],
            "reactor_level": [
                75.0 + (-(h - 8) * 0.8 if f else 0) for h, f in zip(hours, fault, strict=True)
            ],  # noqa: E501
            "stripper_level": [50.0 + math.sin(h) for h in hours],
            "separator_temperature": [80.1 + 0.1 * math.sin(h * 2) for h in hours],
            "compressor_work": [341.4 + 3 * math.sin(h * 1.5) for h in hours],
            "process_state": ["IDV(6)" if f else "normal" for f in fault],
        }
    )


CASES = {
    "ner": ("datasets/medical/clinical_notes.yaml", _notes),
    "classification": ("datasets/petrochemical/incident_reports.yaml", _reports),
    "timeseries": ("datasets/petrochemical/tennessee_eastman.yaml", _run),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_annotator_sees_a_workable_task(
    kind: str,
    label_studio: Any,
    team: list[Member],
    artifacts: Path,  # noqa: F811
) -> None:
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    path, table = CASES[kind]
    spec = load_spec(REPO / path)
    ann = spec.annotation.model_copy(update={"project": f"screenshot {kind}"})
    admin = LabelStudioClient(label_studio.url, label_studio.token)
    member = team[0]
    pushed = push_sample(ann, spec.id, table(), admin, team=team)
    project = pushed.results[member.name].project_id
    ids = admin.as_user(member.token).existing_keys(project)
    first = ids[sorted(ids)[0]][0]
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1000})
            page.goto(f"{label_studio.url}/user/login/")
            page.fill("input[name=email]", member.email)
            page.fill("input[name=password]", ANNOTATOR_PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(lambda url: "/user/login" not in url)

            page.goto(f"{label_studio.url}/projects/{project}/data")
            page.get_by_text("Tasks:").first.wait_for(timeout=30_000)
            page.wait_for_timeout(1500)
            listing = artifacts / f"labelstudio_{kind}_task_list.png"
            page.screenshot(path=str(listing))
            body = page.inner_text("body")
            assert '"elapsed_h"' not in body and "[2705" not in body  # no series as raw JSON

            page.goto(f"{label_studio.url}/projects/{project}/data?task={first}")
            page.locator(".lsf-main-view, [class*=main-view]").first.wait_for(timeout=30_000)
            page.wait_for_timeout(3000)
            shot = artifacts / f"labelstudio_{kind}_task.png"
            page.screenshot(path=str(shot))
            text = page.inner_text("body")
            if kind == "ner":
                assert "症状" in text and "药物" in text  # Chinese display names
            elif kind == "classification":
                view = page.locator(".lsf-main-view, [class*=main-view]").first
                assert view.locator("input[type=radio]").count() == len(ann.labels)
                assert view.locator("input[type=checkbox]").count() == 0
                assert "设备故障" in text and "equipment_failure" not in text
            else:
                assert "Guideline 1.1" in text
        finally:
            browser.close()
    print(f"\nscreenshots: {listing} {shot}")
    assert shot.stat().st_size > 10_000
