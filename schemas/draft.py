"""`bohai init`'s drafting: a dataset spec from one sample file, every proposal with its evidence.

The drafted YAML names the registered contract the connector's output matches exactly (the
connector decides the columns, so the contract is inferred by reading the sample with it), a
privacy policy per column from `privacy.detect.column_scan`, expectations from
`quality.profile`, and a TODO wherever nothing in the sample decides (the spec loader refuses
a TODO).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
import yaml

from connectors.registry import connector_class
from quality.profile import ExpectationProposal, propose_expectations, quarantine_limit
from releases.hashing import sha256_file
from schemas.column_types import UNREAD
from schemas.draft_day import LOCAL_ZONE, day_check_lines, zone_lines
from schemas.draft_limits import clamp_ranges
from schemas.draft_people import RiskProposal, date_proposals, risk_proposal
from schemas.draft_source import (
    SAMPLE_RECORDS,
    DraftError,
    bounded_sample,
    daily_uri,
    detect_format,
    match_contract,
    sniff_encoding,
)
from schemas.draft_template import TableTemplate, shipped_table
from schemas.draft_trial import tried_on_sample
from schemas.registry import get_schema, known_schemas

if TYPE_CHECKING:  # the detection engine loads only when a draft is made, not with every schema
    from connectors.base import Connector
    from privacy.detect.column_scan import PolicyProposal
    from privacy.detect.scanner import Scanner
    from schemas.declared import ColumnDecl

TODO = "TODO"
CATEGORIES = {
    "marine": "交通运输/船舶动态 (transport / vessel movements)",
    "petrochemical": "安全生产/事故记录 (work safety / accident records)",
    "medical": "医疗健康/电子健康档案 (health / electronic health records)",
}

PROCESS_CATEGORY = "石油化工/过程运行数据 (petrochemical / process operations)"  # as historian.yaml
_INCIDENT_WORDS = ("事故", "事件", "伤", "incident", "accident", "injur", "casualt", "fatalit")


@dataclass(slots=True)
class TableDraft:
    """What the sample says about one table: its contract, columns, policies, expectations."""

    name: str
    contract: str | None
    contract_evidence: str
    frame: pl.DataFrame
    policies: list[PolicyProposal] = field(default_factory=list)
    expectations: list[ExpectationProposal] = field(default_factory=list)
    template: TableTemplate | None = None  # a shipped spec's table with this connector/contract
    personal_file_names: bool = False  # the scanner finds personal data in the file names
    risk: RiskProposal | None = None  # k-anonymity for a table about people no shipped spec has
    untried: list[str] = field(default_factory=list)  # generalizations the sample fails: TODO


@dataclass(slots=True)
class SpecDraft:
    """A drafted spec: the YAML text and the TODO keys a person must fill in."""

    text: str
    todos: list[str]
    format: str
    tables: list[TableDraft]
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what init assumed: encoding, time zone


def _category(sector: str, tables: list[TableDraft]) -> str:
    """The sector's category; a petrochemical table without incident columns holds readings."""
    if sector != "petrochemical":
        return CATEGORIES[sector]
    columns = [c.lower() for t in tables for c in t.frame.columns]
    incident = any(w in c for c in columns for w in _INCIDENT_WORDS)
    return CATEGORIES[sector] if incident else PROCESS_CATEGORY


def _flow(value: Any) -> str:
    return yaml.safe_dump(value, default_flow_style=True, width=10_000, allow_unicode=True).strip()


def _entry(value: str | dict[str, Any]) -> str:
    """A declared column as one line, its type first."""
    if isinstance(value, str):
        return _scalar(value)
    dumped = yaml.safe_dump(value, default_flow_style=True, sort_keys=False, allow_unicode=True)
    return dumped.strip()


def _scalar(value: str) -> str:
    return yaml.safe_dump(value, width=10_000, allow_unicode=True).strip().removesuffix("\n...")


def _comment(text: str, indent: int) -> str:
    return " " * indent + "# " + text.replace("\n", " ")


def _draft_table(
    scanner: Scanner,
    name: str,
    path: Path,
    table_in_result: str,
    declared: tuple[str, str] | None = None,
    fmt: str = "",
    names: frozenset[str] = frozenset(),
) -> TableDraft:
    frame = pl.read_parquet(path)
    contract = declared[0] if declared else match_contract(frame.schema, table_in_result)
    if declared is not None:
        evidence = declared[1]
    elif contract is None:
        evidence = f"no registered contract has exactly the {frame.width} columns the sample gave"
    else:
        evidence = (
            f"contract {contract}: the connector's output on the sample has exactly its "
            f"{frame.width} columns and types ({frame.height:,} rows)"
        )
    draft = TableDraft(name, contract, evidence, frame)
    from privacy.detect.column_scan import (
        FILE_COLUMNS,
        PolicyProposal,
        about_people,
        propose_file_names,
        propose_policy,
    )

    people = about_people(frame.columns)
    draft.template = shipped_table(fmt, contract, set(names)) if declared is None else None
    named = None  # the file names' proposal, from one scan of them
    if FILE_COLUMNS[0] in frame.columns:
        named = propose_file_names(scanner, FILE_COLUMNS[0], frame[FILE_COLUMNS[0]], people)
        draft.personal_file_names = named is not None and named.evidence.startswith("file names")
    shipped = draft.template.columns if draft.template else {}
    for column, entry in shipped.items():
        if column in frame.columns:
            rest = {k: v for k, v in entry.items() if k not in ("category", "policy")}
            draft.policies.append(
                PolicyProposal(
                    column,
                    entry["category"],
                    entry.get("policy"),
                    rest,
                    draft.template.evidence,  # type: ignore[union-attr]
                )
            )
    for column in frame.columns:
        if column in shipped:
            continue
        if column in FILE_COLUMNS:
            if named is not None:
                draft.policies.append(named)
            continue
        if column == "source_line":
            continue
        proposal = propose_policy(scanner, column, frame.get_column(column), people)
        if proposal is not None:
            draft.policies.append(proposal)
    if people and draft.template is None:
        draft.policies += date_proposals(frame, draft.policies)
    draft.policies, draft.untried = tried_on_sample(frame, draft.policies)
    if people and draft.template is None:
        draft.risk = risk_proposal(frame, draft.policies)
    keys = frozenset(
        p.column for p in draft.policies if p.category == "identifier" and p.policy == "pseudonym"
    )
    units = {c.name: c.unit for c in get_schema(contract).columns} if contract else {}
    private = frozenset(
        p.column for p in draft.policies if p.category != "quasi_identifier" or p.policy
    )
    draft.expectations = clamp_ranges(frame, propose_expectations(frame, keys, private), units)
    return draft


def declared_options(
    connector: Connector, sector: str, name: str, rows: int
) -> tuple[dict[str, Any], str] | None:
    """For a generic connector: the contract to declare in `source.options`, and its evidence."""
    declare = getattr(connector, "declare_contracts", None)
    decls: list[ColumnDecl] = getattr(connector, "declared", [])
    if declare is None or not decls:
        return None
    contract = f"{sector}_{name}"
    if contract in known_schemas():
        contract += "_table"
    columns: dict[str, Any] = {d.name: d.entry() for d in decls}
    options: dict[str, Any] = {"contract": contract, "columns": columns}
    if getattr(connector, "header_line", 1) > 1:  # an export's preamble before the header
        options["header_line"] = connector.header_line  # type: ignore[attr-defined]
    if getattr(connector, "units_line", False):  # a row of units under the header
        options["units_line"] = True
    declare(options)
    evidence = (
        f"contract {contract}: declared in source.options from the {len(decls)} columns of the "
        f"sample's header, types inferred from {rows:,} rows (check each type)"
    )
    return options, evidence


def _columns_block(draft: TableDraft, indent: int) -> list[str]:
    contract = get_schema(draft.contract) if draft.contract else None
    lines = [_comment("columns in the sample (type, nulls, meaning):", indent)]
    for column in draft.frame.columns:
        col = draft.frame.get_column(column)
        meaning = ""
        if contract is not None and column in contract.names:
            meaning = contract.column(column).description[:70]
        share = col.null_count() / max(1, draft.frame.height)
        lines.append(_comment(f"  {column}: {col.dtype}, {share:.0%} null. {meaning}", indent))
    return lines


def _table_lines(draft: TableDraft, indent: int, quarantine: tuple[float, str]) -> list[str]:
    pad = " " * indent
    lines = [_comment(draft.contract_evidence, indent), *_columns_block(draft, indent)]
    schema = draft.contract or f"{TODO} register a contract for these columns"
    lines.append(f"{pad}schema: {_scalar(schema)}")
    if draft.policies:
        lines += [f"{pad}privacy:", f"{pad}  columns:"]
        for p in draft.policies:
            lines.append(_comment(p.evidence, indent + 4))
            entry = p.as_spec()
            if p.undecided:
                entry["policy"] = f"{TODO} choose drop, pseudonym, mask or keep (with a reason)"
            lines.append(f"{pad}    {p.column}: {_flow(entry)}")
    if draft.template is not None and draft.template.risk:
        if not draft.policies:
            lines.append(f"{pad}privacy:")
        lines.append(_comment(f"k-anonymity {draft.template.evidence}", indent + 2))
        lines.append(f"{pad}  risk: {_flow(draft.template.risk)}")
    elif draft.risk is not None:
        lines.append(_comment(draft.risk.evidence, indent + 2))
        lines.append(f"{pad}  risk: {_flow(draft.risk.section)}")
    lines.append(f"{pad}quality:")
    if draft.template is not None and draft.template.rules:
        lines.append(f"{pad}  rules:")
        for rule in draft.template.rules:
            lines.append(_comment(f"row rule {draft.template.evidence}", indent + 4))
            lines.append(f"{pad}    - {_flow(rule)}")
    if draft.template is not None and draft.template.plant_rules:
        lines.append(_comment(
            f"left out of {draft.template.spec_id}'s rules: {', '.join(draft.template.plant_rules)}"
            ", whose params.tags give the shipped plant's tags and limits; add them with your "
            "own tag dictionary (unit, low, high, max_step per tag)", indent + 2))  # fmt: skip
    if draft.expectations:
        lines.append(f"{pad}  expectations:")
        for e in draft.expectations:
            lines.append(_comment(e.evidence, indent + 4))
            lines.append(f"{pad}    - {_flow(e.spec)}")
    limit, evidence = quarantine
    lines.append(_comment(evidence, indent + 2))
    lines.append(f"{pad}  max_quarantine_share: {limit}")
    return lines


def draft_spec(
    source: Path,
    dataset_id: str,
    fmt: str | None = None,
    license: str | None = None,
    owner: str | None = None,
    records: int = SAMPLE_RECORDS,
    scanner: Scanner | None = None,
) -> SpecDraft:
    """Draft the YAML of a dataset spec for `source` under `dataset_id` (sector/name)."""
    source = source.resolve()
    if not source.is_file():
        raise DraftError(f"{source}: not a file")
    sector, _, name = dataset_id.partition("/")
    if sector not in CATEGORIES or not name:
        raise DraftError(
            f"--id {dataset_id!r}: must be SECTOR/NAME with sector in {sorted(CATEGORIES)}"
        )
    if scanner is None:
        from privacy.detect.scanner import Scanner

        scanner = Scanner()
    with tempfile.TemporaryDirectory(prefix="bohai-init-") as tmp:
        sample = bounded_sample(source, Path(tmp) / "sample", records)
        encoding, encoding_why = sniff_encoding(sample, source)
        found = detect_format(sample, Path(tmp), fmt, encoding)
        multi = bool(connector_class(found.format).tables)
        outputs = found.result.outputs(default_table=name)
        declared = (
            declared_options(found.connector, sector, name, found.result.rows_out)
            if found.connector is not None
            else None
        )
        contract = (declared[0]["contract"], declared[1]) if declared else None
        unread = getattr(found.connector, "ignored_columns", None)
        ignored: list[str] = unread(sample) if unread is not None else []
        filled = {
            table: path
            for table, path in outputs.items()
            if pl.scan_parquet(path).select(pl.len()).collect().item() > 0
        }
        tables = [
            _draft_table(scanner, table, path, table, contract, found.format, frozenset(filled))
            for table, path in filled.items()
        ]
    if not tables:
        raise DraftError(f"{source.name}: the {found.format} connector produced no rows")
    quarantine = quarantine_limit(found.result.rows_quarantined, found.result.input_units)
    uri, day = daily_uri(source)
    todos: list[str] = []
    lic = license or f"{TODO} the license under which you received {source.name}"
    own = owner or f"{TODO} the team answerable for this dataset"
    todos += [] if license else ["source.license", "release.license"]
    todos += [] if owner else ["release.owner"]
    todos += [f"{t.name}.schema" for t in tables if t.contract is None]
    todos += [f"{t.name}.privacy.columns.{p.column}" for t in tables for p in t.policies
              if p.undecided]  # fmt: skip
    shipped = [t.template.category for t in tables if t.template and t.template.category]
    category = shipped[0] if shipped else _category(sector, tables)
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    digest = sha256_file(source)
    private_names = any(p.column == "source_file" and p.policy == "drop" for t in tables
                        for p in t.policies)  # fmt: skip
    named = any(t.personal_file_names for t in tables)
    warnings = [
        f"the file name {source.name} holds personal data: source.uri must name it, so keep "
        "this spec out of shared version control or rename the files (releases never name them)"
    ] if named else []  # fmt: skip
    shown = f"a {found.format} file, sha256 {digest[:16]}…" if private_names else source.name
    shown_zh = f"{found.format} 文件（sha256 {digest[:16]}…）" if private_names else source.name
    origin = shown if private_names else f"{source} (sha256 {digest[:16]}…)"
    lines = [
        f"# Drafted by `bohai init` from {shown} on {now} (first {records:,} records read).",
        "# Every proposal carries its evidence in the comment above it: check each one. A TODO",
        "# is something the sample cannot decide; the spec loader refuses the file until every",
        "# TODO is replaced. Then: `bohai specs`, `bohai run " + dataset_id + "`.",
        f"id: {dataset_id}",
        "title:",
        f"  en: {_scalar(name.replace('_', ' ').capitalize() + f' (from {shown})')}",
        f"  zh: {_scalar(f'{name}（来自 {shown_zh}）')}",
        "description:",
        f"  en: {_scalar(f'Records read from {shown} with the {found.format} connector.')}",
        f"  zh: {_scalar(f'以 {found.format} 连接器读取的 {shown_zh} 记录。')}",
        f"sector: {sector}",
        "source:",
        _comment(found.evidence, 2),
        f"  format: {found.format}",
    ]
    if ignored:
        lines.append(_comment(
            f"the file's columns {', '.join(ignored)} are not read by {found.format} and will "
            "be dropped: map one onto a field with source.options.fields, or use "
            "--format delimited_table to keep every column", 2))  # fmt: skip
    assumed = [f"text read as {encoding}: {encoding_why}"]
    if encoding != "utf-8":
        lines += [_comment(encoding_why, 2), f"  encoding: {encoding}"]
    if declared is not None:
        lines += [
            "  options:",
            _comment("the table's contract: its columns and their types, as the sample gave", 4),
            f"    contract: {declared[0]['contract']}",
            "    columns:",
        ]
        notes = {d.name: d.evidence for d in getattr(found.connector, "declared", [])}
        for c, t in declared[0]["columns"].items():
            if notes.get(c):
                lines.append(_comment(notes[c], 6))
            lines.append(f"      {_scalar(c)}: {_entry(t)}")
        if (line := declared[0].get("header_line")) is not None:
            lines.append(_comment(
                f"the header is line {line}: the {line - 1} line(s) before it (an export's "
                "title or notes) are counted as preamble and not read", 4))  # fmt: skip
            lines.append(f"    header_line: {line}")
            assumed.append(f"header on line {line}: {line - 1} line(s) before it skipped")
        if declared[0].get("units_line"):
            lines.append(_comment(
                "the record under the header holds no number but the next ones do: a row of "
                "units, counted as units_line and not read", 4))  # fmt: skip
            lines.append("    units_line: true")
            assumed.append("a row of units under the header: counted, not read")
        unread = [c for c, why in notes.items() if UNREAD in why]
        if unread:
            assumed.append(
                f"sampled values of {', '.join(unread)} do not read as their drafted type: "
                "those rows would be quarantined (see each column's comment)"
            )
        zone = zone_lines(declared[0]["columns"], 4)
        lines += zone
        if zone:
            assumed.append(f"times without a zone read as {LOCAL_ZONE} (source.options."
                         "timezone; set UTC if the system writes UTC)")  # fmt: skip
    if found.options and declared is None:
        lines.append("  options:")
        for (key, value), note in zip(found.options.items(), found.option_notes, strict=True):
            line = yaml.safe_dump({key: value}, allow_unicode=True, width=10_000).strip()
            lines += [_comment(note, 4), f"    {line}"]
            assumed.append(note)
    if day is not None:
        said = f"the file's name or folder holds a date ({day}): one partition per day"
        lines.append(_comment(said, 2))
    lines += [
        *(_comment(w, 2) for w in warnings),
        f"  uri: {_scalar(uri)}",
        f"  license: {_scalar(lic)}",
        f"  provenance: {_scalar(f'{origin}, drafted by bohai init')}",
    ]
    if day is not None:
        lines += ["partitioning:", "  kind: daily", f"  start: {day.isoformat()}"]
        zone = str(found.options.get("timezone", "UTC"))
        lines += day_check_lines([t.frame for t in tables], day, zone)
    if multi:
        lines.append("tables:")
        for t in tables:
            lines.append(f"  {t.name}:")
            lines += _table_lines(t, 4, quarantine)
    else:
        lines += _table_lines(tables[0], 0, quarantine)
    lines += [
        "release:",
        f"  license: {_scalar(lic)}",
        "  # GB/T 43697 grade: general unless the data bureau's catalogue says otherwise",
        "  grade: general",
        f"  category: {_scalar(category)}",
        f"  owner: {_scalar(own)}",
    ]
    assumed += [
        f"generalize of {', '.join(t.untried)} fails on the sampled values: left TODO (see the "
        "comments)"
        for t in tables
        if t.untried
    ]
    return SpecDraft("\n".join(lines) + "\n", todos, found.format, tables, warnings, assumed)
