"""Contract of the AIS vessel position table, shared by the NMEA and MarineCadastre connectors."""

from schemas.registry import register
from schemas.table import Column, TableSchema

AIS_POSITIONS = register(
    TableSchema(
        name="ais_positions",
        description="One AIS position report per row, joined with the vessel's static/voyage data.",
        columns=(
            Column("mmsi", "int64", False, None, "Maritime Mobile Service Identity (9 digits)"),
            Column("timestamp", "datetime", True, "UTC", "Time of the fix (UTC)"),
            Column(
                "timestamp_source",
                "str",
                False,
                None,
                "tag_block | trailer | logger | file_date | csv | none",
            ),
            Column("msg_type", "int8", False, None, "AIS message type (1,2,3,18,19; 0 for CSV)"),
            Column("lat", "float64", True, "degree", "Latitude, WGS84; null when not available"),
            Column("lon", "float64", True, "degree", "Longitude, WGS84; null when not available"),
            Column("sog", "float64", True, "knot", "Speed over ground; null when not available"),
            Column("cog", "float64", True, "degree", "Course over ground; null when not available"),
            Column("heading", "float64", True, "degree", "True heading; null when not available"),
            Column("nav_status", "int8", True, None, "Navigational status code (ITU-R M.1371)"),
            Column("vessel_name", "str", True, None, "Vessel name from static data"),
            Column("imo", "int64", True, None, "IMO ship number (7 digits)"),
            Column("call_sign", "str", True, None, "Radio call sign"),
            Column("vessel_type", "int16", True, None, "Ship and cargo type code"),
            Column("length", "float64", True, "m", "Overall length"),
            Column("width", "float64", True, "m", "Overall beam"),
            Column("draft", "float64", True, "m", "Current draught"),
            Column("transceiver_class", "str", True, None, "AIS transceiver class A or B"),
            Column("station", "str", True, None, "Receiving station from tag block or trailer"),
            Column("source_file", "str", False, None, "Raw file the row came from"),
            Column(
                "source_line", "int64", False, None, "1-based line (row for CSV) in the raw file"
            ),
        ),
    )
)
