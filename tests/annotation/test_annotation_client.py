"""The client retries transient failures with backoff and never shows its key."""

from __future__ import annotations

import pytest

from annotation.client import LabelStudioClient, LabelStudioUnavailable, PushInterrupted
from annotation.server import free_port
from annotation.tasks import TaskError

SECRET = "0123456789abcdef0123456789abcdef01234567"


def _closed() -> LabelStudioClient:
    waits: list[float] = []
    client = LabelStudioClient(
        f"http://127.0.0.1:{free_port()}",
        SECRET,
        timeout=2,
        retries=3,
        backoff=0.5,
        sleep=waits.append,
    )
    client.waits = waits  # type: ignore[attr-defined]
    return client


def test_unreachable_server_is_retried_with_exponential_backoff() -> None:
    client = _closed()
    with pytest.raises(LabelStudioUnavailable, match="failed 4 times") as failed:
        client.find_project("anything")
    assert client.waits == [0.5, 1.0, 2.0]  # type: ignore[attr-defined]
    assert SECRET not in str(failed.value) and SECRET not in repr(client)


def test_push_refuses_repeated_keys_before_contacting_the_server() -> None:
    task = {"data": {"bohai_key": "k1", "text": "x"}}
    with pytest.raises(TaskError, match=r"repeated in the input: \['k1'\]"):
        _closed().push(1, [task, task])


def test_push_to_an_unreachable_server_says_how_to_resume() -> None:
    client = _closed()
    with pytest.raises(LabelStudioUnavailable):
        client.push(1, [{"data": {"bohai_key": "k1", "text": "x"}}])
    assert issubclass(PushInterrupted, LabelStudioUnavailable)


class _Projects:
    """Label Studio's import endpoint: tasks land in the project they were sent to."""

    def __init__(self, tasks: list[object]) -> None:
        self.tasks = tasks

    def import_tasks(self, project_id: int, request: list[dict]) -> object:
        from types import SimpleNamespace

        for t in request:
            self.tasks.append(SimpleNamespace(id=len(self.tasks) + 1, data=dict(t["data"])))
        return SimpleNamespace(task_count=len(request), prediction_count=0)


def test_push_names_records_already_there_whose_text_changed_since() -> None:
    # trial10: note N002 was corrected at the source (38.2℃ -> 38.6℃，伴咳嗽) after it was
    # annotated; the re-push said "14 already there" and the task kept the old text
    from types import SimpleNamespace

    tasks: list[object] = []
    client = _closed()
    client.sdk = SimpleNamespace(  # type: ignore[assignment]
        tasks=SimpleNamespace(list=lambda **_: list(tasks)), projects=_Projects(tasks)
    )
    first = [
        {"data": {"bohai_key": "n1", "text": "体温38.2℃。"}},
        {"data": {"bohai_key": "n2", "text": "头痛。"}},
    ]
    assert client.push(1, first).created == 2
    again = [
        {"data": {"bohai_key": "n1", "text": "体温38.6℃，伴咳嗽。"}},
        {"data": {"bohai_key": "n2", "text": "头痛。"}},
        {"data": {"bohai_key": "n3", "text": "恶心。"}},
    ]
    result = client.push(1, again)
    assert (result.created, result.already_present, result.changed) == (1, 2, ["n1"])
    assert result.as_dict()["changed"] == ["n1"]
