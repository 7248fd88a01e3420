"""Where the TE and Synthea pipelines spend time: each stage function alone, no Dagster.

The same breakdown as bench/ais_profile.py (wall, CPU, peak RSS per stage, imports apart) on
an input from bench/dataset_bench.py's writers, so the fast path is not judged on AIS alone.

    .venv/bin/python bench/dataset_profile.py --dataset te --size 20000 [--cprofile scrubbed]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
for path in (REPO, REPO / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from ais_profile import print_stages, profile_spec  # noqa: E402
from dataset_bench import DATASETS  # noqa: E402

PARTITION = "all"  # pipelines.dataset_assets.UNPARTITIONED, without importing Dagster first


def profile(
    dataset: str, size: int, workdir: Path, cprofile: str | None
) -> list[tuple[str, float, float, float, str]]:
    """Write the input, then time the imports and each stage in order."""
    import yaml

    ds = DATASETS[dataset]
    source = workdir / ds.file_name
    ds.write(source, size)
    spec_dict = yaml.safe_load((REPO / "datasets" / ds.spec).read_text(encoding="utf-8"))
    spec_dict["source"]["uri"] = str(source)
    return profile_spec(spec_dict, PARTITION, workdir, cprofile)


def main() -> None:
    """Parse arguments, profile, print one table (and a cProfile listing when asked)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", choices=sorted(DATASETS), default="te")
    parser.add_argument("--size", type=int, default=20_000, help="TE samples or Synthea patients")
    parser.add_argument("--cprofile", help="stage name to run under cProfile")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bohai-profile-") as tmp:
        results = profile(args.dataset, args.size, Path(tmp), args.cprofile)
    unit = DATASETS[args.dataset].unit
    print_stages(f"{args.dataset} pipeline by stage, {args.size:,} {unit}, no Dagster", results)


if __name__ == "__main__":
    main()
