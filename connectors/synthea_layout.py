"""The Synthea CSV layout: headers per table, optional columns, column renames, and the
polars plan that parses one file's text records into contract rows and quarantine rows."""

from __future__ import annotations

import polars as pl

from connectors.base import IMPLAUSIBLE_DATE, MAX_YEAR, MIN_YEAR
from schemas.table import TableSchema

LINE = "_line"
# Synthea v3.0 headers per table; OPTIONAL lists columns later exporters add.
_LAYOUTS = {
    "patients": (
        "Id BIRTHDATE DEATHDATE SSN DRIVERS PASSPORT PREFIX FIRST LAST SUFFIX MAIDEN MARITAL "
        "RACE ETHNICITY GENDER BIRTHPLACE ADDRESS CITY STATE COUNTY ZIP LAT LON "
        "HEALTHCARE_EXPENSES HEALTHCARE_COVERAGE"
    ),
    "encounters": (
        "Id START STOP PATIENT ORGANIZATION PROVIDER PAYER ENCOUNTERCLASS CODE DESCRIPTION "
        "BASE_ENCOUNTER_COST TOTAL_CLAIM_COST PAYER_COVERAGE REASONCODE REASONDESCRIPTION"
    ),
    "conditions": "START STOP PATIENT ENCOUNTER CODE DESCRIPTION",
    "observations": "DATE PATIENT ENCOUNTER CATEGORY CODE DESCRIPTION VALUE UNITS TYPE",
    "medications": (
        "START STOP PATIENT PAYER ENCOUNTER CODE DESCRIPTION BASE_COST PAYER_COVERAGE "
        "DISPENSES TOTALCOST REASONCODE REASONDESCRIPTION"
    ),
    "procedures": (
        "START STOP PATIENT ENCOUNTER CODE DESCRIPTION BASE_COST REASONCODE REASONDESCRIPTION"
    ),
    "allergies": (
        "START STOP PATIENT ENCOUNTER CODE SYSTEM DESCRIPTION TYPE CATEGORY REACTION1 "
        "DESCRIPTION1 SEVERITY1 REACTION2 DESCRIPTION2 SEVERITY2"
    ),
    "immunizations": "DATE PATIENT ENCOUNTER CODE DESCRIPTION BASE_COST",
    "careplans": "Id START STOP PATIENT ENCOUNTER CODE DESCRIPTION REASONCODE REASONDESCRIPTION",
    "organizations": "Id NAME ADDRESS CITY STATE ZIP LAT LON PHONE REVENUE UTILIZATION",
    "providers": (
        "Id ORGANIZATION NAME GENDER SPECIALITY ADDRESS CITY STATE ZIP LAT LON UTILIZATION"
    ),
    "payers": (
        "Id NAME ADDRESS CITY STATE_HEADQUARTERED ZIP PHONE AMOUNT_COVERED AMOUNT_UNCOVERED "
        "REVENUE COVERED_ENCOUNTERS UNCOVERED_ENCOUNTERS COVERED_MEDICATIONS "
        "UNCOVERED_MEDICATIONS COVERED_PROCEDURES UNCOVERED_PROCEDURES COVERED_IMMUNIZATIONS "
        "UNCOVERED_IMMUNIZATIONS UNIQUE_CUSTOMERS QOLS_AVG MEMBER_MONTHS"
    ),
}
HEADERS: dict[str, tuple[str, ...]] = {t: tuple(h.split()) for t, h in _LAYOUTS.items()}
OPTIONAL: dict[str, tuple[str, ...]] = {
    "patients": ("MIDDLE", "FIPS", "INCOME"),
    "conditions": ("SYSTEM",),
    "procedures": ("SYSTEM",),
    "payers": ("OWNERSHIP",),
    "providers": ("PROCEDURES",),
}
# Columns of the v3.0 layout that Synthea 2.x exports lack (their contract column is null).
ABSENT_BEFORE_V3: dict[str, tuple[str, ...]] = {
    "observations": ("CATEGORY",),
    "procedures": ("STOP",),
    "allergies": ("SYSTEM", "TYPE", "CATEGORY", "REACTION1", "DESCRIPTION1", "SEVERITY1",
                  "REACTION2", "DESCRIPTION2", "SEVERITY2"),
}  # fmt: skip
# A v3.0 column another exporter writes under another header: Synthea 2.x procedures have one
# DATE where 3.0 has START and STOP; Synthea 3.3+ providers count ENCOUNTERS (and PROCEDURES)
# where 3.0 wrote UTILIZATION, the number of encounters.
OTHER_NAMES: dict[str, dict[str, str]] = {
    "procedures": {"DATE": "START"},
    "providers": {"ENCOUNTERS": "UTILIZATION"},
}
# A header joined into another column: Synthea 3.1+ writes the middle name apart, the contract
# keeps every given name in first_name as the FHIR mapper does (so the same policy drops both).
JOINED = {"patients": ("FIRST", "MIDDLE")}
# Synthea header -> contract column where lower-casing is not enough.
RENAMES = {
    "PATIENT": "patient_id", "ENCOUNTER": "encounter_id", "ORGANIZATION": "organization_id",
    "PROVIDER": "provider_id", "PAYER": "payer_id", "DRIVERS": "drivers_license",
    "FIRST": "first_name", "LAST": "last_name", "MAIDEN": "maiden_name",
    "STATE_HEADQUARTERED": "state", "SYSTEM": "code_system", "ENCOUNTERCLASS": "encounter_class",
    "REASONCODE": "reason_code", "REASONDESCRIPTION": "reason_description",
    "TOTALCOST": "total_cost", "BIRTHDATE": "birth_date", "DEATHDATE": "death_date",
}  # fmt: skip
ID_COLUMN = {
    "patients": "patient_id", "encounters": "encounter_id", "careplans": "careplan_id",
    "organizations": "organization_id", "providers": "provider_id", "payers": "payer_id",
}  # fmt: skip
# Code system of `code` when the file has no SYSTEM column (what the Synthea exporter writes).
DEFAULT_SYSTEM = {
    "encounters": "SNOMED-CT", "conditions": "SNOMED-CT", "procedures": "SNOMED-CT",
    "careplans": "SNOMED-CT", "allergies": "SNOMED-CT", "observations": "LOINC",
    "medications": "RxNorm", "immunizations": "CVX",
}  # fmt: skip
# Synthea's own observation codes (quality-adjusted life years ...), not LOINC.
SYNTHEA_CODES = ("DALY", "QALY", "QOLS")
SYNTHEA_SYSTEM = "http://synthetichealth.github.io/synthea"
_DATETIME_FORMATS = ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S%.fZ", "%Y-%m-%dT%H:%M:%S")


def contract_column(table: str, header: str) -> str:
    """The contract column a Synthea header maps to (Id -> <table>_id, PATIENT -> patient_id)."""
    if header == "Id":
        return ID_COLUMN[table]
    header = OTHER_NAMES.get(table, {}).get(header, header)
    return RENAMES.get(header, header.lower())


def header_problem(table: str, names: list[str]) -> str | None:
    """Why a header is not the Synthea layout of `table`, or None when it is."""
    expected, optional = HEADERS[table], OPTIONAL.get(table, ())
    absent_ok = ABSENT_BEFORE_V3.get(table, ())
    names = [OTHER_NAMES.get(table, {}).get(n, n) for n in names]
    missing = [c for c in expected if c not in names and c not in absent_ok]
    unknown = [c for c in names if c not in expected and c not in optional]
    dupes = sorted({c for c in names if names.count(c) > 1})
    problems = []
    if missing:
        problems.append(f"missing {', '.join(missing)}")
    if unknown:
        problems.append(f"unexpected {', '.join(unknown)}")
    if dupes:
        problems.append(f"duplicate {', '.join(dupes)}")
    return "; ".join(problems) or None


def _parsed(column: str, dtype: pl.DataType) -> pl.Expr:
    """A text column parsed to its contract type; null where empty or unreadable."""
    text = pl.col(column)
    if dtype == pl.Date:
        return pl.coalesce(
            text.str.to_date("%Y-%m-%d", strict=False),
            *(text.str.to_datetime(f, strict=False).dt.date() for f in _DATETIME_FORMATS),
        )
    if isinstance(dtype, pl.Datetime):
        stamps = [
            text.str.to_datetime(f, time_unit="us", time_zone="UTC", strict=False)
            for f in _DATETIME_FORMATS
        ]
        day = text.str.to_date("%Y-%m-%d", strict=False).cast(pl.Datetime("us", "UTC"))
        return pl.coalesce(*stamps, day)
    if dtype == pl.String:
        return text
    return text.cast(dtype, strict=False)


def parse_plan(
    table: str, schema: TableSchema, names: list[str], rows: pl.LazyFrame, source: str
) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """(contract rows, quarantine rows) of one file's well-shaped text records."""
    into, extra = JOINED.get(table, ("", ""))
    mapped = {contract_column(table, n): n for n in names if n != extra}
    parsers = {c: _parsed(h, schema.column(c).polars_dtype) for c, h in mapped.items()}
    if extra in names:
        given = pl.concat_str([pl.col(into), pl.col(extra)], separator=" ", ignore_nulls=True)
        parsers[contract_column(table, into)] = pl.when(given != "").then(given)
    if table == "observations":
        numeric = pl.col("TYPE") == "numeric"
        parsers["value_numeric"] = pl.when(numeric).then(
            pl.col("VALUE").cast(pl.Float64, strict=False)
        )
        mapped["value_numeric"] = "VALUE"
    failed = [
        pl.when(pl.col(mapped[c]).is_not_null() & pl.col(f"_p:{c}").is_null()).then(
            pl.concat_str([pl.lit(f"{mapped[c]}="), pl.col(mapped[c])])
        )
        for c in parsers
        if schema.column(c).polars_dtype != pl.String and c != "value_numeric"
    ]
    if table == "observations":
        lost = numeric & pl.col("VALUE").is_not_null() & pl.col("_p:value_numeric").is_null()
        failed.append(pl.when(lost).then(pl.concat_str([pl.lit("VALUE="), pl.col("VALUE")])))
    dated = [c for c in parsers if isinstance(schema.column(c).polars_dtype, pl.Date | pl.Datetime)]
    absurd = [
        pl.when(~pl.col(f"_p:{c}").dt.year().is_between(MIN_YEAR, MAX_YEAR)).then(
            pl.concat_str([pl.lit(f"{mapped[c]}="), pl.col(mapped[c])])
        )
        for c in dated
    ]
    required = [c.name for c in schema.columns if not c.nullable and c.name in mapped]
    missing = pl.concat_str(
        [pl.when(pl.col(mapped[c]).is_null()).then(pl.lit(mapped[c])) for c in required],
        separator=", ",
        ignore_nulls=True,
    )
    unparsable = pl.concat_str(failed, separator="; ", ignore_nulls=True) if failed else pl.lit("")
    implausible = pl.concat_str(absurd, separator="; ", ignore_nulls=True) if absurd else pl.lit("")
    plan = rows.with_columns([e.alias(f"_p:{c}") for c, e in parsers.items()]).with_columns(
        missing.fill_null("").alias("_missing"),
        unparsable.fill_null("").alias("_unparsable"),
        implausible.fill_null("").alias("_absurd"),
    )
    bad_row = (pl.col("_missing") != "") | (pl.col("_unparsable") != "") | (pl.col("_absurd") != "")
    system = pl.lit(DEFAULT_SYSTEM.get(table), pl.String)
    if table == "observations":
        own = pl.col("CODE").is_in(SYNTHEA_CODES)
        system = pl.when(own).then(pl.lit(SYNTHEA_SYSTEM)).otherwise(system)
    if "code_system" in parsers:
        system = pl.coalesce(pl.col("_p:code_system"), system)
    good = plan.filter(~bad_row).select(
        *[pl.col(f"_p:{c}").alias(c) for c in parsers if c != "code_system"],
        *([system.alias("code_system")] if "code" in schema.names else []),
        pl.lit(source).alias("source_file"),
        pl.col(LINE).alias("source_line"),
    )
    bad = plan.filter(bad_row).select(
        pl.lit(source).alias("source_file"),
        pl.col(LINE).alias("source_line"),
        pl.lit("ingest").alias("stage"),
        pl.when(pl.col("_missing") != "")
        .then(pl.lit("missing_required_field"))
        .when(pl.col("_unparsable") != "")
        .then(pl.lit("unparsable_field"))
        .otherwise(pl.lit(IMPLAUSIBLE_DATE))
        .alias("reason"),
        pl.when(pl.col("_missing") != "")
        .then(pl.concat_str([pl.lit("empty "), pl.col("_missing")]))
        .when(pl.col("_unparsable") != "")
        .then(pl.concat_str([pl.lit("unparsable "), pl.col("_unparsable")]))
        .otherwise(
            pl.concat_str([pl.lit(f"date outside {MIN_YEAR}-{MAX_YEAR}: "), pl.col("_absurd")])
        )
        .alias("detail"),
        pl.concat_str([pl.col(n).fill_null("") for n in names], separator=",").alias("raw"),
    )
    return schema.conform(good), bad
