"""A shipped spec as the starting point of a draft: the same connector and contract get the same
protections (date shifts, k-anonymity, cross-table references) a sample alone cannot show."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

SHIPPED = Path(__file__).resolve().parents[1] / "datasets"


@dataclass(frozen=True, slots=True)
class TableTemplate:
    """One table of a shipped spec: its column policies, risk section and row rules."""

    spec_id: str
    columns: dict[str, dict[str, Any]] = field(default_factory=dict)
    risk: dict[str, Any] | None = None
    rules: list[dict[str, Any]] = field(default_factory=list)
    category: str | None = None
    plant_rules: tuple[str, ...] = ()  # rules left out: their params describe the shipped plant

    @property
    def evidence(self) -> str:
        """The comment a drafted line taken from this template carries."""
        return f"as the shipped spec {self.spec_id} (same connector and contract)"


@cache
def _shipped() -> list[dict[str, Any]]:
    specs = []
    for path in sorted(SHIPPED.rglob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(raw, dict):
            specs.append(raw)
    return specs


def _tables(raw: dict[str, Any]) -> dict[str, dict[str, Any]]:
    if "tables" in raw:
        return raw["tables"]
    return {str(raw["id"]).rpartition("/")[2]: raw}


def _refers_within(rule: dict[str, Any], tables: set[str]) -> bool:
    """False for a rule that checks against a table the draft does not have."""
    other = (rule.get("params") or {}).get("table")
    return other is None or other in tables


def _for_new_dataset(policy: dict[str, Any]) -> dict[str, Any]:
    """A shipped date shift moved back only: a new dataset has no released offsets of either sign
    to keep, and a date shifted forward can land after the release, telling the offset's sign."""
    if policy.get("policy") != "date_shift":
        return dict(policy)
    params = dict(policy.get("params") or {})
    params.setdefault("direction", "back")
    return {**policy, "params": params}


def shipped_table(fmt: str, contract: str | None, tables: set[str]) -> TableTemplate | None:
    """The shipped table read by connector `fmt` under `contract`; rules that reference a table
    the draft does not have are left out."""
    if contract is None:
        return None
    for raw in _shipped():
        if raw.get("source", {}).get("format") != fmt:
            continue
        for body in _tables(raw).values():
            if body.get("schema") != contract:
                continue
            privacy = body.get("privacy") or {}
            rules = [
                dict(r)
                for r in (body.get("quality") or {}).get("rules") or []
                if _refers_within(r, tables)
            ]
            plant = tuple(r["rule"] for r in rules if (r.get("params") or {}).get("tags"))
            return TableTemplate(
                spec_id=str(raw["id"]),
                columns={c: _for_new_dataset(p) for c, p in (privacy.get("columns") or {}).items()},
                risk=dict(privacy["risk"]) if privacy.get("risk") else None,
                rules=[r for r in rules if r["rule"] not in plant],
                category=(raw.get("release") or {}).get("category"),
                plant_rules=plant,
            )
    return None
