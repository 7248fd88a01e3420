"""`DATACARD.md`: the datasheet questions answered in English and Chinese from the manifest."""

from __future__ import annotations

from typing import Any

from releases.grading import LABELS_ZH
from releases.tables import tables_of, treatments_of

OUTCOME_ZH = {
    "anonymized": "匿名化",
    "de-identified": "去标识化",
    "unchanged": "未处理",
    "removed": "已删除",
}


def _sheet(manifest: dict[str, Any], key: str) -> dict[str, str] | None:
    value = manifest.get("datasheet", {}).get(key)
    return value if isinstance(value, dict) and value.get("en") and value.get("zh") else None


def _answer(manifest: dict[str, Any], key: str, en: str, zh: str) -> tuple[str, str]:
    given = _sheet(manifest, key)
    return (given["en"], given["zh"]) if given else (en, zh)


def _treatments(manifest: dict[str, Any]) -> tuple[str, str]:
    rows = treatments_of(manifest)
    if not rows:
        return (
            "No column was classified as personal or identifying.",
            "无列被识别为个人或标识信息。",
        )
    en = "\n".join(
        f"- `{t['column']}` ({t['category']}): {t['operator']} → {t['outcome']}"
        + (
            f", released as `{t['output_column']}`"
            if t.get("output_column") not in (None, t["column"])
            else ""
        )
        for t in rows
    )
    zh = "\n".join(
        f"- `{t['column']}`（{t['category']}）：{t['operator']} → "
        f"{OUTCOME_ZH.get(t['outcome'], t['outcome'])}"
        for t in rows
    )
    return en, zh


def _reidentification(manifest: dict[str, Any]) -> tuple[str, str]:
    """Whether people can be singled out from the columns together: a table's k, per table."""
    risk = (manifest.get("privacy") or {}).get("risk") or {}
    smallest: dict[str, tuple[int | None, int, list[str], str]] = {}
    for tables in risk.values():
        for table, info in tables.items():
            k = info.get("k_anonymity", {})
            after = k.get("after", {})
            got, prior = k.get("k_achieved"), smallest.get(table)
            unit = "people" if after.get("unit") == "subjects" else "rows"
            if prior is None or (got is not None and (prior[0] is None or got < prior[0])):
                levels = [f"{c} ({lvl})" for c, lvl in (k.get("levels") or {}).items()]
                smallest[table] = (got, k.get("k_required", 0), levels, unit)
    if not smallest:
        return (
            "Column outcomes above are per column; no k-anonymity was enforced, so whether a "
            "person can be singled out from the released columns together was not measured here.",
            "以上处理结果按列给出；未执行k-匿名，未度量能否由各列组合识别个人。",
        )
    en = [
        f"- `{t}`: every group of rows sharing its quasi-identifiers ("
        + (", ".join(levels) or "none")
        + f") holds at least {got} {unit} (k required {need})."
        for t, (got, need, levels, unit) in sorted(smallest.items())
    ]
    zh = [
        f"- `{t}`：按准标识符分组，每组至少{got}个{'人' if unit == 'people' else '记录'}"
        f"（要求k={need}）。"
        for t, (got, need, _, unit) in sorted(smallest.items())
    ]
    return (
        "Column outcomes above are per column; re-identification from the columns together:\n"
        + "\n".join(en),
        "以上处理结果按列给出；各列组合的再识别风险：\n" + "\n".join(zh),
    )


def _section(title_en: str, title_zh: str, en: str, zh: str) -> str:
    return f"## {title_en} / {title_zh}\n\n{en}\n\n{zh}\n"


def render_datacard(manifest: dict[str, Any]) -> bytes:
    """DATACARD.md bytes (English first, then Chinese, per question)."""
    grade = manifest.get("data_grade", {})
    q = manifest.get("quarantine", {})
    reasons = ", ".join(f"{k}={v}" for k, v in q.get("by_reason", {}).items()) or "none"
    sources = manifest.get("sources", [])
    parts = manifest.get("partitions", [])
    span = f"{parts[0]} – {parts[-1]}" if parts else "n/a"
    held = manifest.get("held_back") or []
    if held:  # days that failed their checks are named, never skipped silently
        span += f" ({len(parts)} released; held back: {'; '.join(held)})"
    annotation = manifest.get("annotation") or {}
    treat_en, treat_zh = _treatments(manifest)
    reid_en, reid_zh = _reidentification(manifest)
    cols = "; ".join(
        f"{t} ({info['rows']:,} rows): " + ", ".join(f"`{c['name']}`" for c in info["schema"])
        for t, info in tables_of(manifest).items()
    )
    sections = [
        _section(
            "Motivation",
            "动机",
            *_answer(
                manifest,
                "motivation",
                f"{manifest['description']['en']} Published by {manifest.get('owner', '')} as a "
                "curated, privacy-safe training and evaluation resource.",
                f"{manifest['description']['zh']} 由{manifest.get('owner', '')}发布，作为经整理、"
                "保护隐私的训练与评测数据资源。",
            ),
        ),
        _section(
            "Composition",
            "构成",
            *_answer(
                manifest,
                "composition",
                f"{manifest['rows']:,} rows in {len(manifest['files'])} Parquet files, partitions "
                f"{span}. Tables and columns: {cols}.",
                f"共{manifest['rows']:,}行，{len(manifest['files'])}个Parquet文件，分区{span}。"
                f"数据表与字段：{cols}。",
            ),
        ),
        _section(
            "Collection",
            "采集",
            *_answer(
                manifest,
                "collection",
                f"{manifest.get('source_provenance', '')} Source license: "
                f"{manifest.get('source_license', '')}. {len(sources)} raw files, each recorded "
                "with its sha256 in manifest.json.",
                f"来源说明：{manifest.get('source_provenance', '')}（原文）。来源许可："
                f"{manifest.get('source_license', '')}。共{len(sources)}个原始文件，"
                "其sha256均记录于manifest.json。",
            ),
        ),
        _section(
            "Preprocessing and de-identification",
            "预处理与去标识化",
            *_answer(
                manifest,
                "preprocessing",
                "Raw input decoded into a typed contract; records failing parsing, row "
                f"rules or expectations were quarantined with reasons ({reasons}).\n\n"
                + treat_en
                + "\n\n"
                + reid_en,
                "原始数据解码为类型化契约；解析失败、违反行规则或期望的记录按原因隔离"
                f"（{reasons}）。\n\n" + treat_zh + "\n\n" + reid_zh,
            ),
        ),
        _section(
            "Labeling",
            "标注",
            *_answer(
                manifest,
                "labeling",
                annotation.get("protocol", "No manual labels are part of this release.")
                if annotation
                else "No manual labels are part of this release.",
                "本版本不含人工标注。"
                if not annotation
                else "标注规程见manifest.json的annotation字段。",
            ),
        ),
        _section(
            "Uses",
            "用途",
            *_answer(
                manifest,
                "uses",
                "Training and evaluating models for the sector named above. Not for re-identifying "
                "people or vessels behind pseudonyms.",
                "用于本行业模型的训练与评测。不得用于对假名背后的个人或船舶进行再识别。",
            ),
        ),
        _section(
            "Distribution",
            "分发",
            *_answer(
                manifest,
                "distribution",
                f"License {manifest.get('license', '')}. Grade {grade.get('grade', '')} "
                f"({grade.get('standard', '')}), category {grade.get('category', '')}. Pull with "
                f"`bohai pull {manifest['dataset']}@{manifest['version']} --to DIR`; every file is "
                "checked against its sha256 and the Ed25519-signed manifest.",
                f"许可：{manifest.get('license', '')}。数据分级："
                f"{LABELS_ZH.get(grade.get('grade', ''), '')}（{grade.get('standard', '')}），"
                f"类别：{grade.get('category', '')}。使用 `bohai pull` 获取，所有文件均按sha256及"
                "Ed25519签名的清单校验。",
            ),
        ),
        _section(
            "Maintenance",
            "维护",
            *_answer(
                manifest,
                "maintenance",
                f"Maintained by {manifest.get('owner', '')}. Versions follow semantic versioning; "
                f"this is {manifest['version']} ({manifest.get('change', {}).get('summary', '')}).",
                f"由{manifest.get('owner', '')}维护。版本遵循语义化版本；"
                f"当前为{manifest['version']}。",
            ),
        ),
    ]
    limits = _sheet(manifest, "limitations")
    if limits:
        sections.append(_section("Limitations", "局限", limits["en"], limits["zh"]))
    head = (
        f"# {manifest['title']['en']}\n# {manifest['title']['zh']}\n\n"
        f"`{manifest['dataset']}@{manifest['version']}` · release id "
        f"`{manifest['release_id']}` · {manifest['created_at']}\n"
    )
    return (head + "\n" + "\n".join(sections)).encode("utf-8")
