"""Dagster's default run launcher plus a worker health check, so run monitoring sees lost runs.

`DefaultRunLauncher` has no `check_run_worker_health`, so the daemon's run monitoring never fails
a STARTED run whose process died. Runs `bohai run` executes in process carry host and pid tags
(pipelines/dead_runs.py); this check reports them FAILED once that process is gone. Every other
run (launched by the daemon, or from another host) is reported RUNNING: unchecked, as before.
"""

from __future__ import annotations

import dagster as dg
from dagster._core.launcher import CheckRunHealthResult, WorkerStatus

from pipelines.dead_runs import DEAD_TAG, lost_reason


class BohaiRunLauncher(dg.DefaultRunLauncher):
    """Launches runs as the default launcher does; tells run monitoring which bohai runs died."""

    @property
    def supports_check_run_worker_health(self) -> bool:
        """Run monitoring asks this launcher about STARTED runs."""
        return True

    def check_run_worker_health(self, run: dg.DagsterRun) -> CheckRunHealthResult:
        """FAILED, naming the lost process, for a bohai run whose process is gone."""
        reason = lost_reason(run)
        if reason is None:
            return CheckRunHealthResult(WorkerStatus.RUNNING, "alive or not a bohai process's run")
        self._instance.add_run_tags(run.run_id, {DEAD_TAG: "true"})
        return CheckRunHealthResult(WorkerStatus.FAILED, reason)
