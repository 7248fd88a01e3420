"""Blind double annotation on Label Studio Community: nobody sees another annotator's work."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import polars as pl
import pytest
from label_studio_sdk import LabelStudio
from labelstudio_accounts import ANNOTATOR_PASSWORD, signup
from test_labelstudio_loop import NER, NOTES, _region, notes_table

from annotation.client import LabelStudioClient
from annotation.loop import pull_labels, push_adjudication, push_sample
from annotation.team import Member

pytestmark = pytest.mark.labelstudio
DATASET = "medical/notes_blind_test"
MARKS = {
    "zhao.min": {"n1": [("头痛", "SYMPTOM")], "n2": [("aspirin", "DRUG")]},
    "sun.li": {"n1": [("头痛", "SYMPTOM")], "n2": [("chest pain", "SYMPTOM")]},
}


def _get(url: str, token: str, path: str, **params: Any) -> httpx.Response:
    headers = {"Authorization": f"Token {token}"}
    return httpx.get(f"{url}{path}", headers=headers, params=params, timeout=30)


def test_open_signup_is_refused(label_studio: Any) -> None:
    with pytest.raises(PermissionError):
        signup(label_studio.url, "stranger@example.org", ANNOTATOR_PASSWORD)


def test_two_annotators_cannot_see_each_others_annotations(
    label_studio: Any, team: list[Member], tmp_path: Path
) -> None:
    admin = LabelStudioClient(label_studio.url, label_studio.token)
    pushed = push_sample(NER, DATASET, notes_table(), admin, team=team)
    assert set(pushed.results) == {"zhao.min", "sun.li"}
    assert all(r.created == len(NOTES) for r in pushed.results.values())  # overlap 2 of 2
    made: dict[str, dict[str, Any]] = {}
    for member in team:
        own = LabelStudioClient(label_studio.url, member.token)
        project = pushed.results[member.name].project_id
        ids = own.existing_keys(project)
        assert sorted(ids) == sorted(NOTES)  # the same record keys in every copy
        sdk = LabelStudio(base_url=label_studio.url, api_key=member.token)
        made[member.name] = {"project": project, "tasks": ids, "annotations": []}
        for key, marks in MARKS[member.name].items():
            result = [_region(key, phrase, label) for phrase, label in marks]
            created = sdk.annotations.create(id=ids[key][0], result=result, lead_time=3.0)
            made[member.name]["annotations"].append(created.id)

    for member in team:
        other = next(m for m in team if m.name != member.name)
        theirs = made[other.name]
        url, token = label_studio.url, member.token
        listed = {p["id"] for p in _get(url, token, "/api/projects/").json()["results"]}
        assert made[member.name]["project"] in listed and theirs["project"] not in listed
        assert _get(url, token, f"/api/projects/{theirs['project']}/").status_code in (403, 404)
        task = theirs["tasks"]["n1"][0]
        assert _get(url, token, f"/api/tasks/{task}/").status_code in (403, 404)
        for annotation in theirs["annotations"]:
            assert _get(url, token, f"/api/annotations/{annotation}/").status_code in (403, 404)
        mine = _get(url, token, "/api/tasks/", project=made[member.name]["project"])
        seen = {a["completed_by"] for t in mine.json()["tasks"] for a in t.get("annotations", [])}
        seen |= {
            a["completed_by"]
            for t in mine.json()["tasks"]
            for a in _get(url, token, f"/api/tasks/{t['id']}/annotations/").json()
        }
        assert seen == {member.user_id}

    # Label Studio Community accepts a post to another organisation's task: Bohai's server
    # refuses it, and the pull would not count one anyway (annotation/loop.py _only).
    intruder, victim = team
    task = made[victim.name]["tasks"]["n1"][0]
    stray = [_region("n1", "头痛", "DRUG")]
    headers = {"Authorization": f"Token {intruder.token}"}
    posted = httpx.post(
        f"{label_studio.url}/api/tasks/{task}/annotations/",
        headers=headers,
        json={"result": stray, "lead_time": 1.0},
        timeout=30,
    )
    assert posted.status_code in (403, 404), posted.text
    for member in team:  # nor can anyone list another organisation's tasks by project id
        other = next(m for m in team if m.name != member.name)
        theirs = made[other.name]["project"]
        listed = _get(label_studio.url, member.token, "/api/tasks/", project=theirs)
        assert listed.status_code in (403, 404), listed.text
    pulled = pull_labels(NER, DATASET, admin, tmp_path, team=team)
    emails = sorted(m.email for m in team)
    merged = pulled.labels.group_by("record_key").agg("annotator").iter_rows()
    assert {key: sorted(who) for key, who in merged} == {"n1": emails, "n2": emails}
    assert pulled.report.annotators == 2 and pulled.report.tasks_compared == 2
    assert pulled.report.overall == pytest.approx(2 / 4)  # n1 agrees, n2 does not
    assert pulled.release.manifest_fields["annotation"]["project"]["mode"] == "blind"

    # the flagged record goes to the admin, each annotator's work shown as a prediction
    assert pulled.report.flagged() == ["n2"]
    sent = push_adjudication(NER, DATASET, admin, team)
    assert sent.sampled == 1 and sent.result.predictions == 2
    project = sent.result.project_id
    for member in team:  # annotators cannot open the adjudication project nor list its tasks
        assert _get(label_studio.url, member.token, f"/api/projects/{project}/").status_code in (
            403,
            404,
        )
        listed = _get(label_studio.url, member.token, "/api/tasks/", project=project)
        assert listed.status_code in (403, 404), listed.text
    (task_id,) = admin.existing_keys(project)["n2"]
    regions = [_region("n2", "chest pain", "SYMPTOM"), _region("n2", "aspirin", "DRUG")]
    admin.sdk.annotations.create(id=task_id, result=regions, lead_time=5.0)
    settled = pull_labels(NER, DATASET, admin, tmp_path, team=team)
    assert settled.report.flagged() == [] and settled.report.annotators == 2
    gold = settled.report.gold.filter(pl.col("record_key") == "n2").row(0, named=True)
    assert gold["source"] == "adjudicated" and gold["labels"] == ["DRUG", "SYMPTOM"]
