"""Run config of a release asset: an operator's override of named release refusals."""

from __future__ import annotations

import dagster as dg

from releases.guards import ReleaseOverride, override_from, override_from_env


class ReleaseOverrideConfig(dg.Config):
    """Publish despite named refusals (shrink, day_shrink, quarantine_share, missing_partitions)."""

    allow: list[str] = []
    reason: str = ""
    by: str = ""

    def override(self) -> ReleaseOverride:
        """This run's override; without `allow`, the one in BOHAI_RELEASE_ALLOW/_REASON/_BY."""
        if self.allow:
            return override_from(self.allow, self.reason, self.by)
        return override_from_env()
