"""Contracts of the petrochemical tables: TE runs (wide), sensor readings (long), RMP, reports."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from schemas.registry import register
from schemas.table import Column, TableSchema
from schemas.te_variables import TE_VARIABLES

_SOURCE = (
    Column("source_file", "str", False, None, "Raw file the row came from"),
    Column("source_line", "int64", False, None, "1-based line of the row in the raw file"),
)

TE_SAMPLES = register(
    TableSchema(
        name="te_samples",
        description="One Tennessee Eastman sample per row: run, fault label, 52 variables.",
        columns=(
            Column("run_id", "str", False, None, "Run file stem, e.g. d01_te"),
            Column(
                "fault_id", "int8", False, None, "IDV fault number from the file name (0 = normal)"
            ),
            Column("split", "str", False, None, "train (dNN.dat) or test (dNN_te.dat)"),
            Column("sample", "int32", False, None, "1-based sample number within the run"),
            Column("sample_time", "datetime", False, "UTC", "Nominal start + sample x 3 min"),
            Column("elapsed_h", "float64", False, "h", "Simulated hours since the run started"),
            Column("fault_active", "bool", False, None, "True once the disturbance is switched on"),
            Column(
                "process_state",
                "str",
                False,
                None,
                "Rule label from the run design: 'normal', or 'IDV(n)' once fault n is active",
            ),
            *(
                Column(v.name, "float64", False, v.unit, f"{v.tag}: {v.description}")
                for v in TE_VARIABLES
            ),
            Column("source_file", "str", False, None, "Raw file the sample came from"),
            Column(
                "source_line",
                "int64",
                False,
                None,
                "1-based line of the sample (its column number in a transposed d00.dat)",
            ),
        ),
    )
)

SENSOR_READINGS = register(
    TableSchema(
        name="sensor_readings",
        description="Historian long form: one reading of one tag at one time per row.",
        columns=(
            Column("run_id", "str", True, None, "Run or export the reading belongs to"),
            Column("tag", "str", False, None, "Instrument tag, e.g. XMEAS(7) or FIC-101.PV"),
            Column("timestamp", "datetime", False, "UTC", "Time of the reading"),
            Column("value", "float64", True, None, "Reading in the tag's unit; null when missing"),
            Column("unit", "str", True, None, "Engineering unit from the tag dictionary"),
            Column("quality", "str", False, None, "Source quality: good, uncertain or bad"),
            Column("source_quality", "str", True, None, "Quality code as the source wrote it"),
            Column("quality_flags", "str", True, None, "Sensor checks that flagged this reading"),
            *_SOURCE,
        ),
    )
)

RmpKind = Literal["id", "text", "na_text", "yes", "int", "float", "month", "time"]
_RMP_DTYPES: dict[str, str] = {
    "id": "str",
    "text": "str",
    "na_text": "str",
    "yes": "bool",
    "int": "int64",
    "float": "float64",
    "month": "date",
    "time": "str",
}


@dataclass(frozen=True, slots=True)
class RmpField:
    """One column of an EPA RMP CSV: its header, how it is parsed and what it means."""

    header: str
    kind: RmpKind
    unit: str | None = None
    note: str = ""

    @property
    def name(self) -> str:
        """snake_case column name derived from the header ('($)' becomes 'usd')."""
        text = self.header.replace("($)", "usd").lower()
        return re.sub(r"[^a-z0-9]+", "_", text).strip("_")

    def column(self, required: bool = False) -> Column:
        """The contract column for this field."""
        meaning = {
            "yes": " (checked 'Yes' = true, 'N/A' = false)",
            "na_text": " ('N/A' = null)",
            "month": " (month and year; stored as the 1st of the month)",
            "time": " (local time HH:MM)",
        }.get(self.kind, "")
        text = f"{self.header}{meaning}" + (f"; {self.note}" if self.note else "")
        return Column(self.name, _RMP_DTYPES[self.kind], not required, self.unit, text)


def _yes(*headers: str) -> tuple[RmpField, ...]:
    return tuple(RmpField(h, "yes") for h in headers)


def _counts(*headers: str, unit: str = "people") -> tuple[RmpField, ...]:
    return tuple(RmpField(h, "int", unit) for h in headers)


_CONTRIBUTING = (
    "Equipment Failure", "Human Error", "Improper Procedures", "Overpressurization",
    "Upset Condition", "By-Pass Condition", "Maintenance Activity/Inactivity",
    "Process Design Failure", "Unsuitable Equipment", "Unusual Weather Condition",
    "Management Error",
)  # fmt: skip
_CHANGES = (
    "Improved/Upgraded Equipment", "Revised Maintenance", "Revised Training",
    "Revised Operating Procedures", "New Process Controls", "New Mitigation Systems",
    "Revised Emergency Response Plan", "Changed Process", "Reduced Inventory", "None",
)  # fmt: skip

RMP_ACCIDENT_FIELDS: tuple[RmpField, ...] = (
    RmpField("EPA Facility ID", "id", note="EPA RMP facility identifier"),
    RmpField("Has Accident", "yes"),
    RmpField("Accident Count", "int", "accidents", "accidents reported by the facility"),
    RmpField("NAICS Code", "text", note="facility NAICS code"),
    RmpField("Accident History ID", "int", note="sequence of the accident within the facility"),
    RmpField("Facility Accident ID", "id", note="unique accident key (facility id _ sequence)"),
    RmpField("Date of Accident", "month"),
    RmpField("Time Accident Began", "time"),
    RmpField("NAICS Code of Process Involved", "text"),
    RmpField("NAICS Description", "text"),
    RmpField("Release Duration (Hours)", "int", "h"),
    RmpField("Release Duration (Minutes)", "int", "min"),
    *_yes("Gas Release", "Liquid Spill/Evaporation", "Fire", "Explosion"),
    *_yes("Uncontrolled/Runaway Reaction", "Storage Vessel", "Piping", "Process Vessel"),
    *_yes("Transfer Hose", "Valve", "Pump", "Joint"),
    RmpField("Other Release Source", "na_text"),
    RmpField("Wind Speed", "float", note="in the unit of the next column"),
    RmpField("Wind Speed Units", "na_text"),
    RmpField("Wind Direction", "na_text"),
    RmpField("Temperature", "float", "°F", "ambient temperature"),
    RmpField("Atmospheric Stability Class", "na_text", note="Pasquill class A-F, N = unknown"),
    *_yes("Precipitation Present", "Unknown Weather Conditions"),
    *_counts("Employee/Contractor Deaths", "Public Responder Deaths", "Public Deaths"),
    *_counts("Employee/Contractor Injuries", "Public Responder Injuries", "Public Injuries"),
    RmpField("On-Site Property Damage ($)", "float", "USD"),
    *_counts("Off-Site Deaths", "Off-Site Hospitalizations", "Off-Site Public Deaths"),
    *_counts("Off-Site Other Medical Treatments", "Evacuated", "Sheltered-in-Place"),
    RmpField("Off-Site Property Damage ($)", "float", "USD"),
    *_yes("Fish or Animal Kills", "Tree, Lawn, Shrub, or Crop Damage", "Water Contamination"),
    *_yes("Soil Contamination"),
    RmpField("Other Environmental Damage", "na_text"),
    RmpField("Initiating Event", "na_text"),
    *_yes(*(f"Contributing - {c}" for c in _CONTRIBUTING)),
    RmpField("Contributing - Other", "na_text"),
    RmpField("Off-Site Responders Notified", "na_text"),
    *_yes(*(f"Change - {c}" for c in _CHANGES)),
    RmpField("Change - Other", "na_text"),
)
RMP_CHEMICAL_FIELDS: tuple[RmpField, ...] = (
    RmpField("accident_chemical_id", "int", note="row key"),
    RmpField("facility_accident_chemical_id", "id"),
    RmpField("facility_accident_id", "id", note="the accident (epa_rmp_accidents)"),
    RmpField("quantity_released_lbs", "float", "lb"),
    RmpField("percent_weight", "float", "%", "weight share of the chemical in the mixture"),
    RmpField("chemical_id", "int", note="EPA RMP chemical code"),
)
_REQUIRED = frozenset({"EPA Facility ID", "Facility Accident ID", "facility_accident_id"})

EPA_RMP_ACCIDENTS = register(
    TableSchema(
        name="epa_rmp_accidents",
        description="One accident reported under the US EPA Risk Management Program per row.",
        columns=(*(f.column(f.header in _REQUIRED) for f in RMP_ACCIDENT_FIELDS), *_SOURCE),
    )
)
EPA_RMP_ACCIDENT_CHEMICALS = register(
    TableSchema(
        name="epa_rmp_accident_chemicals",
        description="One chemical released in an EPA RMP accident per row.",
        columns=(*(f.column(f.header in _REQUIRED) for f in RMP_CHEMICAL_FIELDS), *_SOURCE),
    )
)

INCIDENT_REPORTS = register(
    TableSchema(
        name="incident_reports",
        description="One plant incident or shift report per row, with its free text.",
        columns=(
            Column("report_id", "str", False, None, "Report number as issued by the plant"),
            Column("report_type", "str", False, None, "incident, near_miss or shift"),
            Column("plant", "str", True, None, "Plant or site"),
            Column("unit", "str", True, None, "Process unit (装置)"),
            Column("occurred_at", "datetime", False, "UTC", "When the event or shift began"),
            Column("severity", "str", True, None, "Plant severity class, if given"),
            Column("reported_by", "str", True, None, "Name of the reporting worker"),
            Column("title", "str", True, None, "Short title"),
            Column("text", "str", False, None, "Free-text report body"),
            *_SOURCE,
        ),
    )
)
