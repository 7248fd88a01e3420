"""CPU of the AIS row rules (`quality.gate.decide`) on a parsed table: whole and per rule.

Run it with PYTHONPATH on two trees, alternated, to compare them in one session (ais19 did
so for the shared per-vessel sort); the quarantine's row count and row hash show both trees
decided the same. The parsed table is the connector's `table.parquet` (see ais_one_write.py).

    PYTHONPATH=. .venv/bin/python bench/ais_rules_cpu.py /tmp/p5/table.parquet
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import polars as pl
import yaml

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import quality.gate as gate  # noqa: E402
from pipelines.partition_rules import table_rules  # noqa: E402
from schemas.spec import DatasetSpec  # noqa: E402


def _timed(per_rule: dict[str, float]) -> Any:
    """`gate._run_rules` with each rule's `violations` and the whole call timed (CPU)."""
    run_rules = gate._run_rules

    def timed(narrow: pl.DataFrame, instances: list[Any]) -> Any:
        for cfg, rule in instances:
            if getattr(rule, "_timed", False):
                continue
            rule._timed, inner = True, rule.violations

            def wrap(frame: pl.DataFrame, inner: Any = inner, name: str = cfg.rule) -> Any:
                start = time.process_time()
                result = inner(frame)
                per_rule[name] = per_rule.get(name, 0.0) + time.process_time() - start
                return result

            rule.violations = wrap
        start = time.process_time()
        result = run_rules(narrow, instances)
        per_rule["(all rules)"] = per_rule.get("(all rules)", 0.0) + time.process_time() - start
        return result

    return timed


def main() -> None:
    """Decide once on the table and print one JSON line of CPU seconds and outcome."""
    table = Path(sys.argv[1])
    raw = yaml.safe_load((REPO / "datasets/marine/ais_marinecadastre.yaml").read_text())
    raw["source"]["uri"] = str(table)
    spec = DatasetSpec.model_validate(raw)
    rules = table_rules(spec, "ais_marinecadastre", "2026-11-01")
    lf = pl.scan_parquet(table).with_row_index(gate.ROW)
    per_rule: dict[str, float] = {}
    gate._run_rules = _timed(per_rule)
    start = time.process_time()
    decision = gate.decide(lf, rules, {}, spill=table.parent)
    cpu = time.process_time() - start
    bad = decision.bad.sort(gate.ROW)
    print(
        json.dumps(
            {
                "polars": pl.__version__,
                "tree": str(REPO),
                "decide_cpu_s": round(cpu, 2),
                "per_rule_cpu_s": {k: round(v, 2) for k, v in per_rule.items()},
                "quarantined": bad.height,
                "quarantine_hash": int(bad.hash_rows().sum()),
                "flagged": dict(decision.flagged_by_rule),
            }
        )
    )


if __name__ == "__main__":
    main()
