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
