"""`quality_report.html`: a self-contained quality report (inline SVG, inline CSS, no CDN)."""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import Any

from releases.svg import bar_chart, share_bar
from releases.tables import expectations_of, tables_of

CSS = """
body{font-family:sans-serif;margin:2em;color:#222;max-width:1100px}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;padding-bottom:.2em}
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}
td,th{border:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}.ok{color:#1e7b34;font-weight:bold}.bad{color:#c0392b;font-weight:bold}
.cards{display:flex;gap:1em;flex-wrap:wrap}.card{border:1px solid #ddd;padding:.6em 1em}
.card b{display:block;font-size:1.3em}code{font-size:.9em}
"""


def _status(passed: bool) -> str:
    return '<span class="ok">pass</span>' if passed else '<span class="bad">FAIL</span>'


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return escape("" if value is None else str(value))


def _expectation_rows(manifest: dict[str, Any]) -> tuple[list[list[str]], int, int]:
    rows, passed, failed = [], 0, 0
    for part, table, e in expectations_of(manifest):
        ok = bool(e.get("success"))
        passed, failed = passed + ok, failed + (not ok)
        rows.append(
            [
                escape(part),
                escape(f"{table}: {e.get('expect')}({e.get('column')})"),
                escape(str(e.get("severity"))),
                _status(ok),
                _fmt(e.get("unexpected_count")),
                _fmt(e.get("element_count")),
                escape(str(e.get("engine", ""))),
            ]
        )
    return rows, passed, failed


def _privacy_rows(privacy: dict[str, Any]) -> list[list[str]]:
    rows = []
    for part, checks in sorted(privacy.get("checks", {}).items()):
        for name, check in sorted(checks.items()):
            rows.append(
                [escape(part), escape(name), _status(check["passed"]), escape(check["detail"])]
            )
    return rows


def render_quality_report(manifest: dict[str, Any]) -> bytes:
    """quality_report.html bytes for a release manifest."""
    quarantine = manifest.get("quarantine", {})
    exp_rows, passed, failed = _expectation_rows(manifest)
    by_reason = Counter(quarantine.get("by_reason", {}))
    per_file = [(f["path"].removeprefix("data/"), float(f["rows"])) for f in manifest["files"]]
    change = manifest.get("change", {})
    cards = [
        ("rows released", f"{manifest['rows']:,}"),
        ("files", str(len(manifest["files"]))),
        ("input units", f"{quarantine.get('input_units', 0):,}"),
        ("quarantined", f"{sum(by_reason.values()):,}"),
        ("expectations", f"{passed} pass / {failed} fail"),
        ("grade", escape(str(manifest.get("data_grade", {}).get("grade", "")))),
    ]
    stat_rows = [
        [
            f"<code>{escape(table)}.{escape(name)}</code>",
            escape(s.get("type", "")),
            _fmt(s.get("null_count")),
            share_bar(float(s.get("null_share", 0.0))) + f" {float(s.get('null_share', 0)):.2%}",
            _fmt(s.get("distinct_approx")),
            _fmt(s.get("min")),
            _fmt(s.get("max")),
            _fmt(s.get("mean")),
        ]
        for table, info in tables_of(manifest).items()
        for name, s in info.get("statistics", {}).items()
    ]
    title = f"{manifest['dataset']}@{manifest['version']} — quality report"
    parts = [
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}'
        f"</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f"<p>{escape(manifest['title']['en'])} / {escape(manifest['title']['zh'])}<br>"
        f"release id <code>{escape(manifest['release_id'])}</code>, created "
        f"{escape(manifest['created_at'])}, change: {escape(str(change.get('kind', '')))} — "
        f"{escape(str(change.get('summary', '')))}</p>",
        '<div class="cards">'
        + "".join(f'<div class="card">{escape(k)}<b>{v}</b></div>' for k, v in cards)
        + "</div>",
        "<h2>Rows per file</h2>",
        bar_chart(per_file, "released rows per file"),
        "<h2>Quarantine by reason</h2>",
        bar_chart(sorted(by_reason.items(), key=lambda kv: -kv[1]), "quarantined records"),
        "<h2>Expectations</h2>",
        _table(
            ["partition", "expectation", "severity", "result", "unexpected", "rows", "engine"],
            exp_rows,
        ),
        "<h2>Privacy checks</h2>",
        _table(
            ["partition", "check", "result", "detail"], _privacy_rows(manifest.get("privacy", {}))
        ),
        "<h2>Columns</h2>",
        _table(
            ["column", "type", "nulls", "null share", "distinct≈", "min", "max", "mean"], stat_rows
        ),
        "</body></html>",
    ]
    return "\n".join(parts).encode("utf-8")
