"""The documents of an exchange listing package, rendered from a manifest and its assessment."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from releases.tables import tables_of

INDUSTRY = {
    "marine": ("Marine transport and port logistics", "海洋交通运输与港航物流"),
    "petrochemical": ("Petrochemical industry", "石油化工"),
    "medical": ("Healthcare", "医疗健康"),
}
DATA_TYPE = ("Structured tabular data (Parquet)", "结构化表格数据（Parquet）")
MISSING_ZH = "（未提供中文说明）"


def _pair(listing: dict[str, Any] | None, key: str, default: tuple[str, str]) -> dict[str, str]:
    value = (listing or {}).get(key)
    return value if isinstance(value, dict) else {"en": default[0], "zh": default[1]}


def _time_span(manifest: dict[str, Any]) -> dict[str, str]:
    parts = manifest.get("partitions") or []
    lows, highs = [], []
    for info in tables_of(manifest).values():
        for c in info["schema"]:
            if c["type"].startswith(("Datetime", "Date")):
                s = info.get("statistics", {}).get(c["name"], {})
                if s.get("min") and s.get("max"):
                    lows.append(s["min"])
                    highs.append(s["max"])
    if lows:
        return {"en": f"{min(lows)} to {max(highs)}", "zh": f"{min(lows)} 至 {max(highs)}"}
    if parts:
        first, last = parts[0], parts[-1]
        return {"en": f"partitions {first} to {last}", "zh": f"分区 {first} 至 {last}"}
    return {"en": "not stated", "zh": "未说明"}


def product_sheet(manifest: dict[str, Any]) -> dict[str, Any]:
    """The bilingual product sheet fields the exchange lists."""
    listing = manifest.get("listing") or {}
    uses = (manifest.get("datasheet") or {}).get("uses")
    scenarios = listing.get("scenarios") or (
        [uses]
        if uses
        else [
            {"en": "Training and evaluating sector AI models", "zh": "行业人工智能模型的训练与评测"}
        ]
    )
    parts = manifest.get("partitions") or []
    size = sum(f["bytes"] for f in manifest["files"])
    return {
        "name": manifest["title"],
        "product_id": f"{manifest['dataset']}@{manifest['version']}",
        "data_type": _pair(listing, "data_type", DATA_TYPE),
        "industry": _pair(
            listing,
            "industry",
            INDUSTRY.get(manifest.get("sector", ""), (manifest.get("sector", ""),) * 2),
        ),
        "application_scenarios": scenarios,
        "description": manifest["description"],
        "source_description": {
            "en": manifest.get("source_provenance", ""),
            "zh": manifest.get("source_provenance", ""),
        },
        "coverage": _pair(listing, "coverage", ("see the field dictionary", "见字段说明")),
        "volume": {
            "rows": manifest["rows"],
            "tables": {t: info["rows"] for t, info in tables_of(manifest).items()},
            "files": len(manifest["files"]),
            "bytes": size,
        },
        "update_frequency": _pair(
            listing,
            "update_frequency",
            ("daily partitions", "按日更新") if len(parts) > 1 else ("one-off", "一次性"),
        ),
        "time_span": _time_span(manifest),
        "license": manifest.get("license"),
        "provider": manifest.get("owner"),
        "contact": listing.get("contact"),
        "grade": manifest.get("data_grade", {}).get("grade"),
        "grade_zh": manifest.get("data_grade", {}).get("grade_zh"),
    }


def product_sheet_md(sheet: dict[str, Any]) -> str:
    """The product sheet as a bilingual Markdown table."""
    rows = [
        ("Name / 名称", sheet["name"]["en"], sheet["name"]["zh"]),
        ("Data type / 数据类型", sheet["data_type"]["en"], sheet["data_type"]["zh"]),
        ("Industry / 所属行业", sheet["industry"]["en"], sheet["industry"]["zh"]),
        (
            "Application scenarios / 应用场景",
            "; ".join(s["en"] for s in sheet["application_scenarios"]),
            "；".join(s["zh"] for s in sheet["application_scenarios"]),
        ),
        ("Source / 数据来源", sheet["source_description"]["en"], sheet["source_description"]["zh"]),
        ("Coverage / 覆盖范围", sheet["coverage"]["en"], sheet["coverage"]["zh"]),
        (
            "Volume / 数据量",
            f"{sheet['volume']['rows']:,} rows, {sheet['volume']['files']} files, "
            f"{sheet['volume']['bytes']:,} bytes",
            f"{sheet['volume']['rows']:,}行，"
            f"{sheet['volume']['files']}个文件，{sheet['volume']['bytes']:,}字节",
        ),
        (
            "Update frequency / 更新频率",
            sheet["update_frequency"]["en"],
            sheet["update_frequency"]["zh"],
        ),
        ("Time span / 时间跨度", sheet["time_span"]["en"], sheet["time_span"]["zh"]),
        ("Grade / 数据分级", str(sheet["grade"]), str(sheet["grade_zh"])),
        ("License / 许可", str(sheet["license"]), str(sheet["license"])),
        ("Provider / 提供方", str(sheet["provider"]), str(sheet["provider"])),
    ]
    body = "\n".join(f"| {k} | {en} | {zh} |" for k, en, zh in rows)
    return (
        f"# {sheet['name']['en']} / {sheet['name']['zh']}\n\n`{sheet['product_id']}`\n\n"
        "| Field / 字段 | English | 中文 |\n|---|---|---|\n" + body + "\n"
    )


DICTIONARY_COLUMNS = [
    "table",
    "column",
    "type",
    "unit",
    "description_en",
    "label_zh",
    "description_zh",
    "grade",
    "category",
    "privacy_category",
    "privacy_treatment",
]


def field_dictionary(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """One bilingual row per released column."""
    rows = []
    for table, info in tables_of(manifest).items():
        for c in info["schema"]:
            rows.append(
                {
                    "table": table,
                    "column": c["name"],
                    "type": c["type"],
                    "unit": c.get("unit") or "",
                    "description_en": c.get("description") or "",
                    "label_zh": c.get("label_zh") or "",
                    "description_zh": c.get("description_zh") or MISSING_ZH,
                    "grade": c.get("grade") or "",
                    "category": c.get("category") or "",
                    "privacy_category": c.get("privacy_category") or "",
                    "privacy_treatment": c.get("privacy_treatment") or "",
                }
            )
    return rows


def to_csv(rows: list[dict[str, Any]], columns: list[str]) -> bytes:
    """UTF-8 CSV with a BOM, so spreadsheet software shows Chinese text correctly."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def authorization_md(manifest: dict[str, Any]) -> str:
    """Source and authorization statement, bilingual, listing every raw source by sha256."""
    statement = (manifest.get("listing") or {}).get("authorization") or {
        "en": f"{manifest.get('owner', '')} holds the data under the source license below and "
        "releases it under the product license.",
        "zh": f"{manifest.get('owner', '')}依据下列来源许可持有数据，并按产品许可发布。",
    }
    sources = "\n".join(
        f"| {s.get('partition', '')} | {s['name']} | `{s['sha256']}` | {s.get('license', '')} |"
        for s in manifest.get("sources", [])
    )
    derived = ", ".join(manifest.get("derived_from") or []) or "none / 无"
    return (
        "# Source and authorization / 数据来源与授权说明\n\n"
        f"{statement['en']}\n\n{statement['zh']}\n\n"
        f"- Source provenance / 来源说明: {manifest.get('source_provenance', '')}\n"
        f"- Source license / 来源许可: {manifest.get('source_license', '')}\n"
        f"- Product license / 产品许可: {manifest.get('license', '')}\n"
        f"- Derived from / 派生自: {derived}\n\n"
        "| partition | file | sha256 | license |\n|---|---|---|---|\n" + sources + "\n"
    )


def compliance_md(assessment: dict[str, Any]) -> str:
    """The compliance self-assessment as bilingual Markdown."""
    pi = "yes / 是" if assessment["personal_information_present"] else "no / 否"
    cols = "\n".join(
        f"| {c['table']} | {c['column']} | {c['category']} | {c['treatment']} | "
        f"{c['outcome']} / {c['outcome_zh']} |"
        for c in assessment["columns"]
    )
    grade = assessment["grade"]
    return (
        "# Compliance self-assessment / 合规自评估\n\n"
        f"- Personal information present / 是否含个人信息: {pi}\n"
        f"- Privacy checks passed / 隐私检查通过: {assessment['privacy_checks_passed']}\n"
        f"- Grade / 分级: {grade['grade']} ({grade['grade_zh']}), {grade['standard']}; "
        f"category / 类别: {grade['category']}; reason / 理由: {grade['reason'] or 'n/a'}\n"
        f"- Approval / 审批: {json.dumps(grade['approval'], ensure_ascii=False)}\n\n"
        "## Columns / 字段处理\n\n| table | column | category | treatment | outcome |\n"
        "|---|---|---|---|---|\n"
        + cols
        + "\n\n## Re-identification / 再识别风险\n\n```json\n"
        + json.dumps(assessment["reidentification"], ensure_ascii=False, indent=2)
        + "\n```\n\n## Quality / 质量\n\n```json\n"
        + json.dumps(assessment["quality"], ensure_ascii=False, indent=2)
        + "\n```\n"
    )
