"""Label Studio through label-studio-sdk 2.x: timeouts, retries with backoff, idempotent pushes."""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx

from annotation.config import AnnotationSpec
from annotation.label_configs import KEY_FIELD, expert_instruction, label_config
from annotation.tasks import TaskError, prediction_version, task_key

RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}
PAGE_SIZE = 500
T = TypeVar("T")
log = logging.getLogger(__name__)


class LabelStudioUnavailable(RuntimeError):
    """Label Studio did not answer after every retry; nothing is known to be half-done."""


class PushInterrupted(LabelStudioUnavailable):
    """A push stopped part-way; re-running it resumes without duplicating tasks."""

    def __init__(self, message: str, result: PushResult) -> None:
        super().__init__(message)
        self.result = result


@dataclass(slots=True)
class PushResult:
    """What one push did: tasks asked for, created now, already there, duplicate keys found, and
    keys already there whose record now reads otherwise (`changed`: the task keeps the text it
    was annotated on, so its labels do not describe the record as released)."""

    project_id: int
    requested: int = 0
    created: int = 0
    already_present: int = 0
    predictions: int = 0
    duplicates: dict[str, int] = field(default_factory=dict)
    changed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for metadata and reports."""
        return {
            "project_id": self.project_id,
            "requested": self.requested,
            "created": self.created,
            "already_present": self.already_present,
            "predictions": self.predictions,
            "duplicates": dict(self.duplicates),
            "changed": list(self.changed),
        }


def describe(exc: Exception) -> str:
    """A short reason for logs: HTTP status and detail, never headers (they may echo tokens)."""
    from label_studio_sdk.core.api_error import ApiError

    if isinstance(exc, ApiError):
        body = exc.body if isinstance(exc.body, dict) else {}
        return (
            f"HTTP {exc.status_code}: {body.get('detail') or body.get('validation_errors') or ''}"
        )
    return type(exc).__name__


def retryable(exc: Exception) -> bool:
    """Network failures and server-side (5xx, 429) answers are worth another try."""
    if isinstance(exc, httpx.TransportError):
        return True
    from label_studio_sdk.core.api_error import ApiError

    return isinstance(exc, ApiError) and exc.status_code in RETRY_STATUS


class LabelStudioClient:
    """A thin, retrying wrapper over the SDK; the API key never appears in logs or reprs."""

    def __init__(
        self,
        url: str,
        api_key: str,
        timeout: float = 30.0,
        retries: int = 4,
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._sleep = sleep
        from label_studio_sdk import LabelStudio  # 2 s to import: only when a client is built

        self.sdk = LabelStudio(base_url=self.url, api_key=api_key, timeout=timeout, max_retries=0)
        self._token = api_key

    def __repr__(self) -> str:
        return f"LabelStudioClient(url={self.url!r})"

    def as_user(self, token: str) -> LabelStudioClient:
        """A client to the same server acting as another user (e.g. one annotator)."""
        return LabelStudioClient(
            self.url, token, self.timeout, self.retries, self.backoff, self._sleep
        )

    def _http(self, method: str, path: str, **kwargs: Any) -> Any:
        """One raw API call for what the SDK does not model (e.g. task-list views)."""
        headers = {"Authorization": f"Token {self._token}"}
        answer = httpx.request(
            method, f"{self.url}{path}", headers=headers, timeout=self.timeout, **kwargs
        )
        answer.raise_for_status()
        return answer.json() if answer.content else None

    def hide_task_columns(self, project_id: int, fields: list[str]) -> None:
        """Hide bulky task data (a whole series as raw JSON) from this user's task list."""
        hidden = [f"tasks:data.{f}" for f in fields]
        columns = {"explore": hidden, "labeling": hidden}

        def apply() -> None:
            views = self._http("GET", "/api/dm/views/", params={"project": project_id}) or []
            for view in views:
                data = dict(view.get("data") or {})
                if data.get("hiddenColumns") == columns:
                    continue
                data["hiddenColumns"] = columns
                self._http(
                    "PATCH", f"/api/dm/views/{view['id']}/",
                    json={"project": project_id, "data": data},
                )  # fmt: skip
            if not views:
                data = {"title": "Tasks", "hiddenColumns": columns}
                self._http("POST", "/api/dm/views/", json={"project": project_id, "data": data})

        self.call("hide task columns", apply)

    def _wait(self, attempt: int, what: str, exc: Exception) -> None:
        delay = self.backoff * 2 ** (attempt - 1)
        log.warning(
            "%s failed (%s); retry %d/%d in %.1fs",
            what,
            describe(exc),
            attempt,
            self.retries,
            delay,
        )
        self._sleep(delay)

    def call(self, what: str, fn: Callable[[], T]) -> T:
        """Run one API call, retrying transient failures with exponential backoff."""
        for attempt in range(1, self.retries + 2):
            try:
                return fn()
            except Exception as exc:
                if not retryable(exc):
                    raise
                if attempt > self.retries:
                    raise LabelStudioUnavailable(
                        f"{what}: Label Studio at {self.url} failed {attempt} times "
                        f"(last: {describe(exc)})"
                    ) from exc
                self._wait(attempt, what, exc)
        raise AssertionError("unreachable")

    def find_project(self, title: str) -> int | None:
        """The id of the project with exactly this title, None when there is none."""
        found = self.call(
            "list projects",
            lambda: [p for p in self.sdk.projects.list(title=title) if p.title == title],
        )
        if len(found) > 1:
            raise ValueError(f"{len(found)} Label Studio projects are titled {title!r}; keep one")
        return int(found[0].id) if found else None

    def _create_once(
        self, title: str, dataset_id: str, spec: AnnotationSpec, settings: dict[str, Any]
    ) -> int:
        """Create the project unless it exists; after a failed create, look before retrying."""
        for attempt in range(1, self.retries + 2):
            found = self.find_project(title)
            if found is not None:
                return found
            try:
                created = self.sdk.projects.create(
                    title=title,
                    description=f"{dataset_id}; guideline {spec.guideline_version}",
                    **settings,
                )
            except Exception as exc:
                if not retryable(exc) or attempt > self.retries:
                    raise
                self._wait(attempt, "create project", exc)
                continue
            log.info("created Label Studio project %r (id %s)", title, created.id)
            return int(created.id)
        raise AssertionError("unreachable")

    def ensure_project(
        self, spec: AnnotationSpec, dataset_id: str, overlap: int | None = None
    ) -> int:
        """Find or create the dataset's project; keep its labeling config and overlap current."""
        title = spec.project_title(dataset_id)
        config = label_config(spec)
        settings: dict[str, Any] = {
            "label_config": config,
            "maximum_annotations": overlap or spec.overlap,
            "expert_instruction": expert_instruction(spec),
            "show_instruction": True,
        }
        if spec.pre_annotations:
            settings |= {
                "model_version": prediction_version(spec),
                "show_collab_predictions": True,
            }
        project_id = self._create_once(title, dataset_id, spec, settings)
        current = self.call("get project", lambda: self.sdk.projects.get(project_id))
        changed = {k: v for k, v in settings.items() if getattr(current, k, None) != v}
        if changed:
            self.call("update project", lambda: self.sdk.projects.update(project_id, **changed))
            log.info("updated Label Studio project %r: %s", title, sorted(changed))
        return project_id

    def _list_tasks(self, project_id: int) -> dict[str, list[tuple[int, dict[str, Any]]]]:
        found: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        pager = self.sdk.tasks.list(project=project_id, fields="task_only", page_size=PAGE_SIZE)
        for task in pager:
            key = (task.data or {}).get(KEY_FIELD)
            if key is not None:
                found.setdefault(str(key), []).append((int(task.id), dict(task.data or {})))
        return found

    def _list_keys(self, project_id: int) -> dict[str, list[int]]:
        return {k: [i for i, _ in v] for k, v in self._list_tasks(project_id).items()}

    def existing_keys(self, project_id: int) -> dict[str, list[int]]:
        """Record key -> task ids already in the project (more than one id is a duplicate)."""
        return self.call("list tasks", lambda: self._list_keys(project_id))

    def push(
        self,
        project_id: int,
        tasks: list[dict[str, Any]],
        batch_size: int = 100,
        on_batch: Callable[[PushResult], None] | None = None,
    ) -> PushResult:
        """Import tasks whose key is not in the project yet, batch by batch, resumable."""
        counts = Counter(task_key(t) for t in tasks)
        repeated = sorted(k for k, n in counts.items() if n > 1)
        if repeated:
            raise TaskError(f"push: record keys repeated in the input: {repeated[:5]}")
        result = PushResult(project_id, requested=len(tasks))
        present = self.call("list tasks", lambda: self._list_tasks(project_id))
        result.duplicates = {k: len(v) for k, v in present.items() if len(v) > 1}
        pending = [t for t in tasks if task_key(t) not in present]
        result.already_present = len(tasks) - len(pending)
        result.changed = sorted(
            task_key(t)
            for t in tasks
            if task_key(t) in present
            and any(present[task_key(t)][0][1].get(f) != v for f, v in t["data"].items())
        )
        for start in range(0, len(pending), batch_size):
            batch = pending[start : start + batch_size]
            self._import_batch(project_id, batch, result)
            if on_batch is not None:
                on_batch(result)
        log.info("push to project %s: %s", project_id, result.as_dict())
        return result

    def _import_batch(
        self, project_id: int, batch: list[dict[str, Any]], result: PushResult
    ) -> None:
        """Import one batch; after a failure, re-read keys first so a committed batch is kept."""
        attempt, verify = 0, False
        while batch:
            try:
                if verify:
                    present = self._list_keys(project_id)
                    landed = [t for t in batch if task_key(t) in present]
                    result.already_present += len(landed)
                    batch = [t for t in batch if task_key(t) not in present]
                    verify = False
                    if not batch:
                        return
                answer = self.sdk.projects.import_tasks(project_id, request=batch)
            except Exception as exc:
                if not retryable(exc):
                    raise
                attempt += 1
                if attempt > self.retries:
                    raise PushInterrupted(
                        f"push to project {project_id} interrupted after {result.created} new "
                        f"tasks; Label Studio at {self.url} unavailable. Re-run to resume.",
                        result,
                    ) from exc
                self._wait(attempt, "import tasks", exc)
                verify = True
                continue
            expected = sum(len(t.get("predictions", [])) for t in batch)
            if answer.task_count != len(batch) or (answer.prediction_count or 0) != expected:
                raise RuntimeError(
                    f"project {project_id}: imported {answer.task_count}/{len(batch)} tasks, "
                    f"{answer.prediction_count}/{expected} predictions; check the labeling config"
                )
            result.created += len(batch)
            result.predictions += expected
            return

    def export(self, project_id: int) -> list[dict[str, Any]]:
        """Every task of the project with its annotations, as Label Studio's JSON export."""
        raw = self.call("export", lambda: self.sdk.projects.exports.as_json(project_id))
        return json.loads(json.dumps(raw))

    def annotators(self) -> dict[int, str]:
        """User id -> email, to name annotators in the labels table."""
        return self.call("list users", lambda: {int(u.id): u.email for u in self.sdk.users.list()})

    def fingerprint(self, project_id: int) -> str:
        """Changes whenever an annotation is added, edited, skipped or deleted."""

        def probe() -> str:
            project = self.sdk.projects.get(project_id)
            query = json.dumps({"ordering": ["-tasks:updated_at"]})
            pager = self.sdk.tasks.list(
                project=project_id, fields="task_only", page_size=1, query=query
            )
            latest = next(iter(pager), None)
            stamp = latest.updated_at.isoformat() if latest and latest.updated_at else "-"
            counts = (project.total_annotations_number, project.skipped_annotations_number)
            return f"{counts[0]}:{counts[1]}:{stamp}"

        return self.call("probe project", probe)
