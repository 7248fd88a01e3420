"""Turn decoded pyais messages into contract values; AIS "not available" sentinels become null."""

from __future__ import annotations

from typing import Any

POSITION_TYPES = frozenset({1, 2, 3, 18, 19})
STATIC_TYPES = frozenset({5, 24})
CLASS_A_TYPES = frozenset({1, 2, 3, 5})
# Bits a payload needs to reach the last field used here (heading; draught; to_starboard, 24: name).
# pyais decodes short payloads as partial or None fields; shorter messages are decode errors.
MIN_BITS = {1: 137, 2: 137, 3: 137, 18: 133, 19: 301, 5: 302, 24: 160}
# ITU-R M.1371 lengths (168 bits one slot, 312 type 19, 424 type 5) and one armour character
# of slack: a longer payload is damage, not a message (200 kB of '1' decoded as a type 1).
MAX_BITS = {1: 174, 2: 174, 3: 174, 18: 174, 19: 318, 5: 430, 24: 174}

# Order of the static/voyage fields joined onto positions by MMSI.
STATIC_FIELDS = ("vessel_name", "imo", "call_sign", "vessel_type", "length", "width", "draft")

StaticValues = tuple[
    str | None, int | None, str | None, int | None, float | None, float | None, float | None
]
PositionValues = tuple[
    float | None, float | None, float | None, float | None, float | None, int | None
]


def _lat(v: float | None) -> float | None:
    """Latitude in degrees; 91 means not available and anything beyond ±90 cannot be real."""
    return v if v is not None and -90.0 <= v <= 90.0 else None


def _lon(v: float | None) -> float | None:
    """Longitude in degrees; 181 means not available and anything beyond ±180 cannot be real."""
    return v if v is not None and -180.0 <= v <= 180.0 else None


def _sog(v: float | None) -> float | None:
    """Speed in knots; 102.3 means not available (102.2 means 102.2 knots or more)."""
    return v if v is not None and 0.0 <= v < 102.25 else None


def _cog(v: float | None) -> float | None:
    """Course in degrees; 360 means not available and larger values are out of encoding."""
    return v if v is not None and 0.0 <= v < 360.0 else None


def _heading(v: int | None) -> float | None:
    """True heading in degrees; 511 means not available and 360..510 are out of encoding."""
    return float(v) if v is not None and 0 <= v < 360 else None


def _text(v: str | None) -> str | None:
    """AIS 6-bit text without '@' padding or blanks; empty text is not a value."""
    if v is None:
        return None
    v = v.replace("@", "").strip()
    return v or None


def _positive_int(v: Any) -> int | None:
    """An IMO number or ship type code where 0 means not available."""
    if v is None:
        return None
    v = int(v)
    return v if v > 0 else None


def _span(a: int | None, b: int | None) -> float | None:
    """Overall length or beam from the two reference-point distances; 0 means not available."""
    if a is None or b is None or a + b == 0:
        return None
    return float(a + b)


def position_values(msg: Any) -> PositionValues:
    """(lat, lon, sog, cog, heading, nav_status) of a type 1/2/3/18/19 position report."""
    status = getattr(msg, "status", None)
    return (
        _lat(msg.lat),
        _lon(msg.lon),
        _sog(msg.speed),
        _cog(msg.course),
        _heading(msg.heading),
        int(status) if status is not None and msg.msg_type in CLASS_A_TYPES else None,
    )


def static_values(msg: Any) -> StaticValues:
    """Static/voyage fields (in STATIC_FIELDS order) that a type 5, 19 or 24 message carries."""
    get = getattr
    draught = get(msg, "draught", None)
    return (
        _text(get(msg, "shipname", None)),
        _positive_int(get(msg, "imo", None)),
        _text(get(msg, "callsign", None)),
        _positive_int(get(msg, "ship_type", None)),
        _span(get(msg, "to_bow", None), get(msg, "to_stern", None)),
        _span(get(msg, "to_port", None), get(msg, "to_starboard", None)),
        float(draught) if draught else None,
    )


def merge_static(known: list[Any] | None, new: StaticValues) -> list[Any]:
    """Keep the latest known value of each static field: later non-null values win."""
    if known is None:
        return list(new)
    for i, value in enumerate(new):
        if value is not None:
            known[i] = value
    return known
