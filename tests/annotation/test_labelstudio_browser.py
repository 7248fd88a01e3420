"""In headless Chromium, the project page lists the pushed tasks with their pre-annotations."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from annotation.client import LabelStudioClient
from annotation.config import AnnotationSpec
from annotation.loop import push_sample

pytestmark = pytest.mark.labelstudio
CHROMIUM = Path(os.environ.get("BOHAI_CHROMIUM", "/usr/bin/chromium"))
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SPEC = AnnotationSpec.model_validate(
    {
        "kind": "ner",
        "labels": ["SYMPTOM", "DRUG"],
        "guideline_version": "browser-1",
        "key_column": "note_id",
        "text_column": "text",
        "sample": {"size": 3},
        "pre_annotations": {"column": "rule_spans", "model_version": "clinical-rules-0.1"},
    }
)


@pytest.fixture
def artifacts(tmp_path: Path) -> Path:
    """BOHAI_TEST_ARTIFACTS when set (kept by CI), else the test's tmp folder."""
    folder = Path(os.environ.get("BOHAI_TEST_ARTIFACTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_project_page_lists_tasks_with_pre_annotations(label_studio: Any, artifacts: Path) -> None:
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} not installed (scripts/labelstudio_setup.sh installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    table = pl.DataFrame(
        {
            "note_id": ["b1", "b2", "b3"],
            "text": [
                "患者主诉头痛三天，服用布洛芬后缓解。",
                "Chest pain; aspirin given.",
                "随访。",
            ],
            "rule_spans": [
                [{"start": 11, "end": 14, "label": "DRUG"}],
                [{"start": 12, "end": 19, "label": "DRUG"}],
                None,
            ],
        }
    )
    admin = LabelStudioClient(label_studio.url, label_studio.token)
    pushed = push_sample(SPEC, "medical/browser_test", table, admin)
    task_ids = admin.existing_keys(pushed.project_id)
    creds = label_studio.server.credentials()
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(f"{label_studio.url}/user/login/")
            page.fill("input[name=email]", creds.username)
            page.fill("input[name=password]", creds.password)
            page.click("button[type=submit]")
            page.wait_for_url(lambda url: "/user/login" not in url)

            page.goto(f"{label_studio.url}/projects/{pushed.project_id}/data")
            footer = page.get_by_text("Predictions: 2")
            footer.wait_for(timeout=30_000)
            listing = artifacts / "labelstudio_project_tasks.png"
            page.screenshot(path=str(listing))
            cells = page.inner_text("body").splitlines()
            assert "Tasks: 3 / 3" in cells
            assert {"b1", "b2", "b3"} <= set(cells)  # the bohai_key column of each task

            page.goto(
                f"{label_studio.url}/projects/{pushed.project_id}/data?task={task_ids['b1'][0]}"
            )
            region = page.locator(".lsf-outliner-item, [class*=outliner]").filter(has_text="布洛芬")
            region.first.wait_for(timeout=30_000)
            assert "DRUG" in region.first.inner_text()
            task_shot = artifacts / "labelstudio_task_pre_annotation.png"
            page.screenshot(path=str(task_shot))
        finally:
            browser.close()
    print(f"\nscreenshots: {listing} {task_shot}")
    assert listing.stat().st_size > 10_000 and task_shot.stat().st_size > 10_000
