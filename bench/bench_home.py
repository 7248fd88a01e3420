"""One isolated Bohai home per benchmark run: a spec pointing at the input, state under out."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml


def bench_home(spec: dict[str, Any], out: Path) -> Path:
    """Write `spec` under out/specs/<sector>/, point Bohai's folders into out; the specs root."""
    folder = out / "specs" / spec["sector"]
    folder.mkdir(parents=True)
    (folder / "bench.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    for var, sub in (
        ("BOHAI_HOME", "home"),
        ("BOHAI_WORK_DIR", "work"),
        ("BOHAI_RELEASE_STORE", "rel"),
        ("BOHAI_SAMPLES_DIR", "samples"),
    ):
        os.environ[var] = str(out / sub)
    os.environ.setdefault("BOHAI_PSEUDONYM_KEY", "bench-key-0123456789abcdef")
    return out / "specs"
