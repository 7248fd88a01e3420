"""The Tennessee Eastman variable and fault dictionary, so every TE column carries unit and meaning.

Column order is that of the Braatz data files (`README_data.md`): XMEAS(1..41) then XMV(1..11).
Names, units and base-case values follow Downs & Vogel (1993), tables 4-6 (XMV(12), the agitator
speed, is constant and not recorded). `low`/`high` are physical limits (a flow is never negative,
a valve or a composition stays within 0-100 %, the reactor trips at 3000 kPa and 175 °C); a
reading outside them is a sensor problem, not process behaviour.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["measured", "manipulated"]
SAMPLE_SECONDS = 180  # one sample every 3 minutes


@dataclass(frozen=True, slots=True)
class TeVariable:
    """One column of a TE data file: its tag, column name, unit, meaning and physical limits."""

    position: int  # 1-based column in the .dat file
    tag: str  # canonical tag, e.g. XMEAS(7)
    name: str  # column name in the wide table
    unit: str
    description: str
    base: float  # base-case steady-state value
    low: float | None = 0.0
    high: float | None = None

    @property
    def kind(self) -> Kind:
        """Measured (XMEAS) or manipulated (XMV) variable."""
        return "measured" if self.tag.startswith("XMEAS") else "manipulated"


def _meas(
    i: int, name: str, unit: str, text: str, base: float, **limits: float | None
) -> TeVariable:
    return TeVariable(i, f"XMEAS({i})", name, unit, text, base, **limits)


def _mv(i: int, name: str, text: str, base: float) -> TeVariable:
    return TeVariable(41 + i, f"XMV({i})", name, "%", text, base, 0.0, 100.0)


_PCT = {"low": 0.0, "high": 100.0}
_FEED = "Reactor feed analysis (stream 6), component"
_PURGE = "Purge gas analysis (stream 9), component"
_PRODUCT = "Product analysis (stream 11), component"

TE_VARIABLES: tuple[TeVariable, ...] = (
    _meas(1, "a_feed", "kscmh", "A feed (stream 1)", 0.25052),
    _meas(2, "d_feed", "kg/h", "D feed (stream 2)", 3664.0),
    _meas(3, "e_feed", "kg/h", "E feed (stream 3)", 4509.3),
    _meas(4, "a_and_c_feed", "kscmh", "A and C feed (stream 4)", 9.3477),
    _meas(5, "recycle_flow", "kscmh", "Recycle flow (stream 8)", 26.902),
    _meas(6, "reactor_feed_rate", "kscmh", "Reactor feed rate (stream 6)", 42.339),
    _meas(7, "reactor_pressure", "kPa gauge", "Reactor pressure", 2705.0, high=3000.0),
    _meas(8, "reactor_level", "%", "Reactor level", 75.0, **_PCT),
    _meas(9, "reactor_temperature", "°C", "Reactor temperature", 120.40, high=175.0),
    _meas(10, "purge_rate", "kscmh", "Purge rate (stream 9)", 0.33712),
    _meas(11, "separator_temperature", "°C", "Product separator temperature", 80.109),
    _meas(12, "separator_level", "%", "Product separator level", 50.0, **_PCT),
    _meas(13, "separator_pressure", "kPa gauge", "Product separator pressure", 2633.7),
    _meas(14, "separator_underflow", "m3/h", "Product separator underflow (stream 10)", 25.160),
    _meas(15, "stripper_level", "%", "Stripper level", 50.0, **_PCT),
    _meas(16, "stripper_pressure", "kPa gauge", "Stripper pressure", 3102.2),
    _meas(17, "stripper_underflow", "m3/h", "Stripper underflow (stream 11)", 22.949),
    _meas(18, "stripper_temperature", "°C", "Stripper temperature", 65.731),
    _meas(19, "stripper_steam_flow", "kg/h", "Stripper steam flow", 230.31),
    _meas(20, "compressor_work", "kW", "Compressor work", 341.43),
    _meas(21, "reactor_cw_outlet_temp", "°C", "Reactor cooling water outlet temperature", 94.599),
    _meas(
        22, "separator_cw_outlet_temp", "°C", "Separator cooling water outlet temperature", 77.297
    ),
    _meas(23, "reactor_feed_a", "mol%", f"{_FEED} A", 32.188, **_PCT),
    _meas(24, "reactor_feed_b", "mol%", f"{_FEED} B", 8.8933, **_PCT),
    _meas(25, "reactor_feed_c", "mol%", f"{_FEED} C", 26.383, **_PCT),
    _meas(26, "reactor_feed_d", "mol%", f"{_FEED} D", 6.8820, **_PCT),
    _meas(27, "reactor_feed_e", "mol%", f"{_FEED} E", 18.776, **_PCT),
    _meas(28, "reactor_feed_f", "mol%", f"{_FEED} F", 1.6567, **_PCT),
    _meas(29, "purge_a", "mol%", f"{_PURGE} A", 32.958, **_PCT),
    _meas(30, "purge_b", "mol%", f"{_PURGE} B", 13.823, **_PCT),
    _meas(31, "purge_c", "mol%", f"{_PURGE} C", 23.978, **_PCT),
    _meas(32, "purge_d", "mol%", f"{_PURGE} D", 1.2565, **_PCT),
    _meas(33, "purge_e", "mol%", f"{_PURGE} E", 18.579, **_PCT),
    _meas(34, "purge_f", "mol%", f"{_PURGE} F", 2.2633, **_PCT),
    _meas(35, "purge_g", "mol%", f"{_PURGE} G", 4.8436, **_PCT),
    _meas(36, "purge_h", "mol%", f"{_PURGE} H", 2.2986, **_PCT),
    _meas(37, "product_d", "mol%", f"{_PRODUCT} D", 0.01787, **_PCT),
    _meas(38, "product_e", "mol%", f"{_PRODUCT} E", 0.83570, **_PCT),
    _meas(39, "product_f", "mol%", f"{_PRODUCT} F", 0.09858, **_PCT),
    _meas(40, "product_g", "mol%", f"{_PRODUCT} G", 53.724, **_PCT),
    _meas(41, "product_h", "mol%", f"{_PRODUCT} H", 43.828, **_PCT),
    _mv(1, "d_feed_flow_valve", "D feed flow valve (stream 2)", 63.053),
    _mv(2, "e_feed_flow_valve", "E feed flow valve (stream 3)", 53.980),
    _mv(3, "a_feed_flow_valve", "A feed flow valve (stream 1)", 24.644),
    _mv(4, "a_and_c_feed_flow_valve", "A and C feed flow valve (stream 4)", 61.302),
    _mv(5, "compressor_recycle_valve", "Compressor recycle valve", 22.210),
    _mv(6, "purge_valve", "Purge valve (stream 9)", 40.064),
    _mv(7, "separator_liquid_flow_valve", "Separator pot liquid flow valve (stream 10)", 38.100),
    _mv(8, "stripper_liquid_flow_valve", "Stripper liquid product flow valve (stream 11)", 46.534),
    _mv(9, "stripper_steam_valve", "Stripper steam valve", 47.446),
    _mv(10, "reactor_cooling_water_flow", "Reactor cooling water flow valve", 41.106),
    _mv(11, "condenser_cooling_water_flow", "Condenser cooling water flow valve", 18.114),
)
N_VARIABLES = len(TE_VARIABLES)
BY_TAG: dict[str, TeVariable] = {v.tag: v for v in TE_VARIABLES}
BY_NAME: dict[str, TeVariable] = {v.name: v for v in TE_VARIABLES}

# IDV(n) disturbances of the Braatz runs dNN / dNN_te (README_data.md); 0 is normal operation.
TE_FAULTS: dict[int, tuple[str, str]] = {
    0: ("Normal operation", "none"),
    1: ("A/C feed ratio, B composition constant (stream 4)", "step"),
    2: ("B composition, A/C ratio constant (stream 4)", "step"),
    3: ("D feed temperature (stream 2)", "step"),
    4: ("Reactor cooling water inlet temperature", "step"),
    5: ("Condenser cooling water inlet temperature", "step"),
    6: ("A feed loss (stream 1)", "step"),
    7: ("C header pressure loss (stream 4)", "step"),
    8: ("A, B, C feed composition (stream 4)", "random"),
    9: ("D feed temperature (stream 2)", "random"),
    10: ("C feed temperature (stream 4)", "random"),
    11: ("Reactor cooling water inlet temperature", "random"),
    12: ("Condenser cooling water inlet temperature", "random"),
    13: ("Reaction kinetics", "slow drift"),
    14: ("Reactor cooling water valve", "sticking"),
    15: ("Condenser cooling water valve", "sticking"),
    16: ("Unknown", "unknown"),
    17: ("Unknown", "unknown"),
    18: ("Unknown", "unknown"),
    19: ("Unknown", "unknown"),
    20: ("Unknown", "unknown"),
    21: ("Valve position constant (stream 4)", "constant"),
}


def te_tag_dictionary() -> dict[str, dict[str, object]]:
    """Tag -> unit, limits and description, in the shape of a historian tag dictionary."""
    return {
        v.tag: {"unit": v.unit, "low": v.low, "high": v.high, "description": v.description}
        for v in TE_VARIABLES
    }
