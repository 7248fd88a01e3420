"""Release refusals: no empty release, no silent shrink (of the whole or of one day) or lost day,
no release mostly quarantine, no withdrawn data file published again (`releases.publish`).

A refused release raises ReleaseRefused with one sentence per reason. An operator may publish
anyway with an explicit override (which refusals, why, who) that is recorded in the manifest;
an empty release is never published, override or not.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass

EMPTY = "empty"
SHRINK = "shrink"
DAY_SHRINK = "day_shrink"
QUARANTINE_SHARE = "quarantine_share"
MISSING = "missing_partitions"
WITHDRAWN = "withdrawn_data"  # a data file byte for byte that of a withdrawn version
OVERRIDABLE = (SHRINK, DAY_SHRINK, QUARANTINE_SHARE, MISSING, WITHDRAWN)
ENV_ALLOW = "BOHAI_RELEASE_ALLOW"
ENV_REASON = "BOHAI_RELEASE_OVERRIDE_REASON"
ENV_BY = "BOHAI_RELEASE_OVERRIDE_BY"
# Quarantine reasons that lose nothing: an exact copy of a record that was kept. A feed heard by
# several AIS stations repeats most sentences; that is no reason to refuse its release.
REDUNDANT_REASONS = frozenset({"duplicate_record"})


class ReleaseRefused(RuntimeError):
    """A release would silently lose data; its message says why and how to override."""


@dataclass(frozen=True, slots=True)
class ReleaseOverride:
    """An operator's explicit permission to publish despite named refusals, with a reason."""

    allowed: tuple[str, ...]
    reason: str
    by: str

    def __post_init__(self) -> None:
        unknown = sorted(set(self.allowed) - set(OVERRIDABLE))
        if unknown:
            raise ValueError(
                f"release override: cannot allow {unknown}; overridable: {', '.join(OVERRIDABLE)}"
            )
        if self.allowed and not self.reason.strip():
            raise ValueError("release override: a reason is required to allow a refused release")


def override_from(allow: list[str] | str | None, reason: str = "", by: str = "") -> ReleaseOverride:
    """An override from a comma-separated string or list; `by` defaults to the OS user."""
    items = allow.split(",") if isinstance(allow, str) else list(allow or [])
    allowed = tuple(sorted({a.strip() for a in items if a.strip()}))
    return ReleaseOverride(allowed, reason, by or (getpass.getuser() if allowed else ""))


def override_from_env() -> ReleaseOverride:
    """The override set in BOHAI_RELEASE_ALLOW / _OVERRIDE_REASON / _OVERRIDE_BY (none if unset)."""
    return override_from(
        os.environ.get(ENV_ALLOW), os.environ.get(ENV_REASON, ""), os.environ.get(ENV_BY, "")
    )


def lost_units(by_reason: dict[str, int]) -> int:
    """Quarantined units (keys `stage/reason` or `reason`) that were not exact copies."""
    return sum(n for key, n in by_reason.items() if key.rpartition("/")[2] not in REDUNDANT_REASONS)


@dataclass(frozen=True, slots=True)
class ReleaseFacts:
    """What a release would contain, next to the latest published version."""

    dataset: str
    rows: int
    quarantined: int
    previous_version: str | None = None
    previous_rows: int | None = None
    partitions: tuple[str, ...] = ()
    previous_partitions: tuple[str, ...] = ()
    # Rows per released partition, this release's and the latest one's (where it had the day).
    day_rows: tuple[tuple[str, int], ...] = ()
    previous_day_rows: tuple[tuple[str, int], ...] = ()

    def shrunk_days(self, max_day_shrink: float) -> list[tuple[str, int, int]]:
        """(day, rows, previous rows) of each day that lost more than `max_day_shrink` of its rows.

        A re-delivered day file cut short loses a day's rows that the whole release, spread over
        many days, would not notice.
        """
        if len(self.day_rows) < 2:
            return []  # one partition: the whole release's shrink guard says it already
        previous = dict(self.previous_day_rows)
        return [
            (day, rows, previous[day])
            for day, rows in self.day_rows
            if previous.get(day) and rows < previous[day] * (1 - max_day_shrink)
        ]

    @property
    def missing(self) -> list[str]:
        """Partitions of the latest release that this one would leave out."""
        return sorted(set(self.previous_partitions) - set(self.partitions))

    @property
    def quarantine_share(self) -> float:
        """Quarantined units over everything read (released rows plus quarantined units)."""
        return self.quarantined / max(1, self.rows + self.quarantined)


def refusals(
    facts: ReleaseFacts,
    max_shrink: float,
    max_quarantine_share: float,
    max_day_shrink: float = 1.0,
) -> dict[str, str]:
    """Each guard the release breaks, with one sentence saying what and by how much."""
    out: dict[str, str] = {}
    if facts.rows == 0:
        out[EMPTY] = f"{facts.dataset}: the release would hold 0 rows"
        if facts.previous_version:
            out[EMPTY] += f" and replace {facts.previous_version} ({facts.previous_rows} rows)"
    prev = facts.previous_rows
    if facts.rows and prev and facts.rows < prev * (1 - max_shrink):
        out[SHRINK] = (
            f"{facts.dataset}: {facts.rows} rows is {1 - facts.rows / prev:.1%} fewer than the "
            f"{prev} rows of {facts.previous_version} (release.max_shrink {max_shrink:.0%})"
        )
    shrunk = facts.shrunk_days(max_day_shrink) if facts.rows else []
    if shrunk:
        shown = ", ".join(f"{day} {rows} rows (was {prev})" for day, rows, prev in shrunk[:5])
        out[DAY_SHRINK] = (
            f"{facts.dataset}: {len(shrunk)} day(s) hold far fewer rows than in "
            f"{facts.previous_version}: {shown}{' …' if len(shrunk) > 5 else ''} "
            f"(release.max_day_shrink {max_day_shrink:.0%}); was a day's file cut short?"
        )
    if facts.rows and facts.missing:
        shown = ", ".join(facts.missing[:5]) + (" …" if len(facts.missing) > 5 else "")
        out[MISSING] = (
            f"{facts.dataset}: {len(facts.missing)} partition(s) of {facts.previous_version} would "
            f"be left out ({shown}): their runs failed or their work folders are gone; rerun "
            f"them (or override {MISSING} with a reason to publish without them)"
        )
    if facts.rows and facts.quarantine_share > max_quarantine_share:
        out[QUARANTINE_SHARE] = (
            f"{facts.dataset}: {facts.quarantine_share:.1%} of what was read is quarantined "
            f"({facts.quarantined} units) (release.max_quarantine_share "
            f"{max_quarantine_share:.0%})"
        )
    return out


def enforce(refused: dict[str, str], override: ReleaseOverride) -> dict[str, object] | None:
    """Raise for every refusal the override does not allow; the manifest record of what it did."""
    blocked = {k: v for k, v in refused.items() if k not in override.allowed}
    if blocked:
        hint = ""
        if set(blocked) - {EMPTY}:
            names = ",".join(k for k in blocked if k != EMPTY)
            hint = (
                f"; to publish anyway set {ENV_ALLOW}={names} and {ENV_REASON} "
                "(or the release asset's run config allow/reason)"
            )
        raise ReleaseRefused("release refused: " + "; ".join(blocked.values()) + hint)
    used = sorted(k for k in refused if k in override.allowed)
    if not used:
        return None
    return {
        "allowed": used,
        "reason": override.reason,
        "by": override.by,
        "refusals": {k: refused[k] for k in used},
    }
