"""Chinese incident, near-miss and shift reports of a petrochemical plant, with planted PII.

Worker names, mobile numbers, tank-truck plates and contractor resident IDs (valid check
characters) are planted where such reports carry them, and recorded so a test can prove none
survives scrubbing. Equipment tags, lot and permit numbers, pressures and temperatures look
like identifiers but are not personal. A few lines are broken on purpose (cut-off JSON, a
report without text, a time nobody can parse) for the connector to quarantine.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from privacy.corpora.notes import UNITS, PiiFactory
from privacy.detect.entities import CN_MOBILE, CN_RESIDENT_ID, CN_VEHICLE_PLATE, PERSON

SEED = 1108
REPORTS_PER_DAY = 60
PLANT = "渤海石化炼油一部"
CST = timezone(timedelta(hours=8))
EVENTS = ("法兰垫片渗漏", "机泵机械密封泄漏", "安全阀起跳", "仪表风压力低报警", "加热炉熄火联锁")
VALVES = ("入口", "出口", "旁路")
BROKEN = {7: "invalid_json", 15: "missing_required_field", 23: "unparsable_field"}


@dataclass(slots=True)
class Report:
    """One report as written to the file, and the personal values planted in it."""

    record: dict[str, Any]
    planted: list[tuple[str, str]] = field(default_factory=list)


class _Writer:
    """Draws people and identifiers and remembers each one planted."""

    def __init__(self, f: PiiFactory) -> None:
        self.f = f
        self.planted: list[tuple[str, str]] = []

    def name(self) -> str:
        value = self.f.zh_name()
        self.planted.append((PERSON, value))
        return value

    def mobile(self) -> str:
        value = self.f.mobile()
        self.planted.append((CN_MOBILE, value))
        return value

    def plate(self) -> str:
        value = self.f.plate("辽B")
        self.planted.append((CN_VEHICLE_PLATE, value))
        return value

    def resident_id(self) -> str:
        value = self.f.resident_id()
        self.planted.append((CN_RESIDENT_ID, value))
        return value


def _incident(w: _Writer, unit: str) -> tuple[str, str, str]:
    r = w.f.rng
    event, tag = r.choice(EVENTS), w.f.equipment()
    text = (
        f"{unit}装置{tag}发生{event}。当班班长{w.name()}立即组织处置，"
        f"操作工{w.name()}关闭{r.choice(VALVES)}阀门，{r.randrange(5, 40)}分钟后得到控制，"
        f"现场可燃气体检测最高{r.randrange(5, 30)}%LEL，无人员受伤。"
        f"事故联系人{w.name()}，手机{w.mobile()}。"
    )
    return "incident", f"{unit}{event}", text


def _near_miss(w: _Writer, unit: str) -> tuple[str, str, str]:
    r = w.f.rng
    permit = f"ZY-{r.randrange(2024, 2027)}{r.randrange(1, 13):02d}-{r.randrange(1, 99):02d}"
    text = (
        f"外来施工人员{w.name()}（身份证号{w.resident_id()}）在{unit}装置区动火作业，"
        f"作业票{permit}已过期，被安全员{w.name()}发现并制止。"
        f"承包商现场负责人{w.name()}，电话{w.mobile()}。已停工整改。"
    )
    return "near_miss", f"{unit}未遂事件：作业票过期", text


def _shift(w: _Writer, unit: str) -> tuple[str, str, str]:
    r = w.f.rng
    text = (
        f"{unit}装置交接班记录：班长{w.name()}，操作工{w.name()}、{w.name()}。"
        f"{w.f.equipment()}出口压力{r.randrange(1, 9)}.{r.randrange(10, 99)}MPa，"
        f"反应器温度{r.randrange(280, 420)}℃，运行平稳。罐车{w.plate()}进厂装车，"
        f"批号{w.f.lot()}，司机{w.name()}，电话{w.mobile()}。"
    )
    return "shift", f"{unit}交接班记录", text


def _when(moment: datetime, style: int) -> str:
    """The time as plants write it: ISO with offset, slashed local, or Chinese."""
    if style == 0:
        return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"
    if style == 1:
        return f"{moment:%Y/%m/%d %H:%M}"
    return moment.isoformat()


def generate_reports(day: date, n: int = REPORTS_PER_DAY, seed: int = SEED) -> list[Report]:
    """n reports of one day (local time), some of them broken on purpose (see BROKEN)."""
    factory = PiiFactory(seed + day.toordinal(), messy=0.0)
    r = factory.rng
    kinds = (_incident, _near_miss, _shift, _shift)
    out = []
    for i in range(n):
        w = _Writer(factory)
        unit = r.choice(UNITS)
        report_type, title, text = kinds[i % len(kinds)](w, unit)
        moment = datetime(day.year, day.month, day.day, tzinfo=CST) + timedelta(
            minutes=r.randrange(0, 24 * 60)
        )
        record: dict[str, Any] = {
            "report_id": f"BHSH-{day:%Y%m%d}-{i + 1:03d}",
            "report_type": report_type,
            "plant": PLANT,
            "unit": unit,
            "occurred_at": _when(moment, i % 3),
            "severity": r.choice(("一般", "轻微", "较大")) if report_type != "shift" else None,
            "reported_by": w.name(),
            "title": title,
            "text": text,
        }
        if BROKEN.get(i) == "missing_required_field":
            record["text"] = ""
        elif BROKEN.get(i) == "unparsable_field":
            record["occurred_at"] = "昨天下午"
        out.append(Report(record, w.planted))
    return out


def report_lines(reports: list[Report]) -> list[str]:
    """JSON Lines of the reports; the BROKEN index of invalid JSON is cut off mid-record."""
    lines = []
    for i, report in enumerate(reports):
        line = json.dumps(report.record, ensure_ascii=False)
        lines.append(line[: len(line) // 2] if BROKEN.get(i) == "invalid_json" else line)
    return lines


def write_reports_jsonl(target: Path, day: date, seed: int = SEED) -> list[Report]:
    """Write one day's reports as JSON Lines; returns them with their planted values."""
    reports = generate_reports(day, REPORTS_PER_DAY, seed)
    target.write_text("\n".join(report_lines(reports)) + "\n", encoding="utf-8", newline="\n")
    return reports
