"""Near-duplicate texts: Bohai's MinHash LSH vs datasketch on the same generated corpus.

The corpus mixes Chinese and English note-like texts with planted exact copies (whitespace,
case and full-width variants), near copies (0.5-2.5 % character edits) and distractors (25 % edits,
below the threshold). Both variants use character 3-gram shingles, 128 permutations, LSH at
Jaccard 0.8 and the same exact-duplicate pass, then keep LSH candidates whose estimated
Jaccard reaches the threshold. Each runs in its own subprocess (peak RSS is its own); the
table gives wall and RSS ratios against datasketch and the agreement of the flagged sets with
each other and with the exact answer (true Jaccard within each planted family).

    .venv/bin/python bench/dedup_bench.py --docs 20000
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
for _path in (REPO, REPO / "bench"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from rss import peak_rss_mib  # noqa: E402

THRESHOLD = 0.8
NGRAM = 3
NUM_PERM = 128
PHRASES_ZH = (
    "患者", "主诉", "胸闷", "气短", "三天", "入院", "既往", "高血压", "糖尿病", "病史", "十年",
    "查体", "血压", "心率", "律齐", "双肺", "呼吸音", "清晰", "未闻及", "干湿啰音", "腹软",
    "无压痛", "神志清", "精神可", "饮食", "睡眠", "大小便", "正常", "给予", "阿司匹林", "口服",
    "复查", "心电图", "提示", "窦性心律", "船舶", "大连港", "锚地", "航速", "航向", "渤海",
    "值班", "记录", "设备", "巡检", "压力", "温度", "异常", "报警", "处理", "完毕", "，", "。",
)  # fmt: skip
WORDS_EN = (
    "patient", "admitted", "with", "chest", "pain", "history", "of", "hypertension", "for",
    "years", "blood", "pressure", "heart", "rate", "regular", "lungs", "clear", "abdomen", "soft",
    "no", "tenderness", "given", "aspirin", "review", "ecg", "shows", "sinus", "rhythm", "vessel",
    "anchored", "off", "dalian", "speed", "course", "pump", "pressure", "alarm", "reset", "the",
)  # fmt: skip


def _base_text(rng: random.Random) -> str:
    """A random note: Chinese phrases, English words or both, 80-300 characters."""
    kind = rng.random()
    parts: list[str] = []
    size = rng.randint(80, 300)
    while sum(map(len, parts)) < size:
        if kind < 0.45 or (kind < 0.75 and rng.random() < 0.5):
            parts.append(rng.choice(PHRASES_ZH))
        else:
            parts.append(" " + rng.choice(WORDS_EN))
        if rng.random() < 0.15:
            parts.append(str(rng.randint(1, 999)))
    return "".join(parts).strip()


def _edit(text: str, rate: float, rng: random.Random) -> str:
    """Substitute, insert or delete about `rate` of the characters."""
    chars = list(text)
    pool = "的了是在有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能"
    for _ in range(max(1, round(len(chars) * rate))):
        i = rng.randrange(len(chars))
        op = rng.random()
        if op < 0.5:
            chars[i] = rng.choice(pool)
        elif op < 0.75:
            chars.insert(i, rng.choice(pool))
        elif len(chars) > 10:
            del chars[i]
    return "".join(chars)


def _variant(text: str, rng: random.Random) -> str:
    """An exact copy after normalization: spacing, case or full-width digits changed."""
    choice = rng.random()
    if choice < 0.33:
        return "  " + text.replace(" ", "   ") + "\n"
    if choice < 0.66:
        return text.upper()
    return text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))


def make_corpus(n: int, seed: int = 7) -> tuple[list[str], list[int]]:
    """n texts in order, and each text's family id (the base text it derives from)."""
    rng = random.Random(seed)
    texts: list[str] = []
    family: list[int] = []
    bases: list[tuple[str, int]] = []
    while len(texts) < n:
        roll = rng.random()
        if roll < 0.70 or not bases:
            text, fam = _base_text(rng), len(bases)
            bases.append((text, fam))
        else:
            base, fam = rng.choice(bases[-2000:])  # copies arrive within a few thousand records
            if roll < 0.80:
                text = _variant(base, rng)
            elif roll < 0.92:
                text = _edit(base, rng.uniform(0.005, 0.025), rng)
            else:
                text = _edit(base, 0.25, rng)
        texts.append(text)
        family.append(fam)
    return texts, family


def exact_answer(texts: list[str], family: list[int]) -> set[int]:
    """Texts with an earlier text of their family at true Jaccard >= threshold (or equal)."""
    from quality.near_duplicates import normalize, shingles

    members: dict[int, list[int]] = {}
    flagged = set()
    norms = [normalize(t) for t in texts]
    sets = [shingles(t, NGRAM) for t in texts]
    for i, fam in enumerate(family):
        for j in members.get(fam, []):
            inter = len(sets[i] & sets[j])
            if norms[i] == norms[j] or inter / (len(sets[i]) + len(sets[j]) - inter) >= THRESHOLD:
                flagged.add(i)
                break
        members.setdefault(fam, []).append(i)
    return flagged


def variant_bohai(texts: list[str]) -> list[int]:
    """quality.near_duplicates: exact pass, vectorised MinHash, polars LSH buckets."""
    from quality.near_duplicates import DedupConfig, find_duplicates

    config = DedupConfig(threshold=THRESHOLD, ngram=NGRAM, num_perm=NUM_PERM)
    return [m.index for m in find_duplicates(texts, config)]


def variant_datasketch(texts: list[str]) -> list[int]:
    """datasketch MinHash.bulk + MinHashLSH, queried in order, candidates verified."""
    from datasketch import MinHash, MinHashLSH

    from quality.near_duplicates import normalize, shingles

    norms = [normalize(t) for t in texts]
    seen: dict[str, int] = {}
    flagged: list[int] = []
    distinct = []
    for i, text in enumerate(norms):
        if text in seen:
            flagged.append(i)
        else:
            seen[text] = i
            distinct.append(i)
    sets = ([s.encode("utf-8") for s in shingles(norms[i], NGRAM)] for i in distinct)
    hashes = MinHash.bulk(sets, num_perm=NUM_PERM, seed=1)
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    for k, (i, mh) in enumerate(zip(distinct, hashes, strict=True)):
        if any(hashes[c].jaccard(mh) >= THRESHOLD for c in lsh.query(mh)):
            flagged.append(i)
        lsh.insert(k, mh)
    return sorted(flagged)


VARIANTS = {"bohai": variant_bohai, "datasketch": variant_datasketch}


def _child(name: str, docs: int) -> None:
    texts, _ = make_corpus(docs)
    start = time.perf_counter()
    flagged = VARIANTS[name](texts)
    wall = time.perf_counter() - start
    peak = peak_rss_mib()
    sys.stdout.write(json.dumps({"wall_s": wall, "peak_rss_mib": peak, "flagged": flagged}) + "\n")


def run(docs: int) -> dict[str, dict]:
    """Both variants in fresh interpreters, plus agreement with each other and the truth."""
    results: dict[str, dict] = {}
    for name in VARIANTS:
        proc = subprocess.run(
            [sys.executable, __file__, "--child", name, "--docs", str(docs)],
            capture_output=True, text=True, cwd=REPO,
        )  # fmt: skip
        if proc.returncode != 0:
            raise RuntimeError(f"dedup variant {name} failed:\n{proc.stderr[-4000:]}")
        results[name] = json.loads(proc.stdout.strip().splitlines()[-1])
    texts, family = make_corpus(docs)
    truth = exact_answer(texts, family)
    ours, theirs = set(results["bohai"]["flagged"]), set(results["datasketch"]["flagged"])
    for name, found in (("bohai", ours), ("datasketch", theirs)):
        hits = len(found & truth)
        results[name] |= {
            "rows": docs,
            "flagged_n": len(found),
            "precision": hits / len(found) if found else 1.0,
            "recall": hits / len(truth) if truth else 1.0,
            "agreement": len(ours & theirs) / len(ours | theirs) if ours | theirs else 1.0,
            "truth_n": len(truth),
        }
    return results


def print_table(docs: int, results: dict[str, dict]) -> None:
    """Wall, RSS, ratios to datasketch, and precision/recall against the exact answer."""
    base = results["datasketch"]
    print(f"\nnear-duplicate texts, {docs:,} docs, {results['bohai']['truth_n']:,} true duplicates")
    print(
        f"{'variant':<12}{'wall s':>9}{'peak MiB':>10}{'wall/ds':>9}{'RSS/ds':>8}"
        f"{'flagged':>9}{'precision':>11}{'recall':>8}"
    )
    for name, r in results.items():
        print(
            f"{name:<12}{r['wall_s']:>9.2f}{r['peak_rss_mib']:>10.0f}"
            f"{r['wall_s'] / base['wall_s']:>9.2f}{r['peak_rss_mib'] / base['peak_rss_mib']:>8.2f}"
            f"{r['flagged_n']:>9,}{r['precision']:>11.4f}{r['recall']:>8.4f}"
        )
    print(f"agreement of the flagged sets (Jaccard): {results['bohai']['agreement']:.4f}")


def main() -> None:
    """Parse arguments and run (or run one variant as a child process)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.docs)
        return
    print_table(args.docs, run(args.docs))


if __name__ == "__main__":
    main()
