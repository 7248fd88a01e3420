"""Sea-lane geometry of the Bohai Sea and northern Yellow Sea for generated AIS demo tracks.

Coordinates are (lat, lon) in decimal degrees, WGS84. The waypoints are hand-picked so that
straight segments between them stay on water (around the Liaodong tip via the Laotieshan
channel, north or east of the Miaodao islands, south of Caofeidian); approximate, not charts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

LatLon = tuple[float, float]

# (lat_min, lat_max, lon_min, lon_max) that every generated vessel position stays inside.
BOHAI_BBOX: tuple[float, float, float, float] = (37.0, 41.5, 117.5, 123.0)

# A box of open water in the central Bohai Sea (no islands, no coast), for planted jumps.
OPEN_WATER_BOX: tuple[float, float, float, float] = (38.5, 39.6, 118.9, 120.7)

PORTS: dict[str, LatLon] = {
    "DALIAN": (38.935, 121.665),
    "YANTAI": (37.555, 121.415),
    "TIANJIN": (38.975, 117.850),
    "QINHUANGDAO": (39.905, 119.625),
    "YINGKOU": (40.260, 122.020),
    "CAOFEIDIAN": (38.850, 118.600),
    "WEIHAI": (37.530, 122.130),
}

# Dalian harbour -> outside Dalian Bay -> south of the city, shared by every Dalian lane.
_DALIAN_EXIT: tuple[LatLon, ...] = ((38.925, 121.745), (38.860, 121.770), (38.760, 121.720))
# South of the Laotieshan cape (38.72 N, 121.13 E) into the Bohai Sea.
_LAOTIESHAN: tuple[LatLon, ...] = ((38.620, 121.450), (38.600, 121.050))
# Approach to Yantai from the north, east of Zhifu island.
_YANTAI_APPROACH: tuple[LatLon, ...] = ((37.700, 121.480), (37.600, 121.460))


@dataclass(frozen=True)
class Lane:
    """A sea lane as a waypoint polyline from `origin` to `destination` port."""

    name: str
    origin: str
    destination: str
    waypoints: tuple[LatLon, ...]

    def cumulative_nm(self) -> np.ndarray:
        """Distance in nautical miles from the origin to each waypoint, for interpolation."""
        pts = np.asarray(self.waypoints)
        legs = distance_nm(pts[:-1, 0], pts[:-1, 1], pts[1:, 0], pts[1:, 1])
        return np.concatenate([[0.0], np.cumsum(legs)])

    @property
    def length_nm(self) -> float:
        """Total lane length in nautical miles, to derive voyage durations."""
        return float(self.cumulative_nm()[-1])


def _lane(name: str, origin: str, destination: str, middle: tuple[LatLon, ...]) -> Lane:
    """Build a lane whose end points are the named ports."""
    return Lane(name, origin, destination, (PORTS[origin], *middle, PORTS[destination]))


LANES: dict[str, Lane] = {
    lane.name: lane
    for lane in (
        _lane(
            "dalian-yantai",
            "DALIAN",
            "YANTAI",
            (*_DALIAN_EXIT, (38.400, 121.580), (38.000, 121.450), *_YANTAI_APPROACH),
        ),
        _lane(
            "dalian-tianjin",
            "DALIAN",
            "TIANJIN",
            (
                *_DALIAN_EXIT,
                *_LAOTIESHAN,
                (38.700, 120.500),
                (38.800, 119.600),
                (38.800, 118.600),
                (38.930, 118.100),
            ),
        ),
        _lane(
            "dalian-qinhuangdao",
            "DALIAN",
            "QINHUANGDAO",
            (*_DALIAN_EXIT, *_LAOTIESHAN, (38.850, 120.600), (39.450, 120.000), (39.850, 119.700)),
        ),
        _lane(
            "yingkou-yantai",
            "YINGKOU",
            "YANTAI",
            (
                (40.000, 121.600),
                (39.700, 121.000),
                (39.300, 120.950),
                (38.850, 120.950),
                (38.550, 121.020),
                (38.200, 121.150),
                (37.800, 121.420),
                *_YANTAI_APPROACH,
            ),
        ),
        _lane(
            "bohai-strait",
            "WEIHAI",
            "CAOFEIDIAN",
            (
                (37.650, 122.100),
                (38.250, 121.550),
                (38.580, 121.000),
                (38.450, 120.400),
                (38.600, 119.500),
            ),
        ),
    )
}


@dataclass(frozen=True)
class LoiterArea:
    """A patch of water where fishing boats and small craft wander around a centre."""

    name: str
    center: LatLon
    radius_nm: float


LOITER_AREAS: dict[str, LoiterArea] = {
    area.name: area
    for area in (
        LoiterArea("changhai", (38.950, 122.500), 5.0),
        LoiterArea("lushun", (38.650, 121.300), 4.0),
        LoiterArea("dalian-coast", (38.830, 121.660), 1.8),
    )
}

# Crude polygons lying well inside land, to assert that generated tracks never cross it.
LAND_POLYGONS: dict[str, tuple[LatLon, ...]] = {
    "liaodong-tip": (
        (38.840, 121.280),
        (38.870, 121.450),
        (38.900, 121.600),
        (38.970, 121.580),
        (39.030, 121.500),
        (38.950, 121.380),
        (38.880, 121.280),
    ),
    "shandong-tip": (
        (37.050, 120.800),
        (37.400, 120.800),
        (37.680, 120.900),
        (37.500, 121.200),
        (37.480, 121.450),
        (37.380, 121.800),
        (37.400, 122.100),
        (37.300, 122.400),
        (37.050, 122.400),
    ),
}


def distance_nm(
    lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray
) -> np.ndarray:
    """Great-circle (haversine) distance in nautical miles, for speeds and lane lengths."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * 3440.065 * np.arcsin(np.sqrt(h))


def bearing_deg(
    lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray
) -> np.ndarray:
    """Initial true bearing from point 1 to point 2 in [0, 360), used as course over ground."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(np.asarray(lon2) - np.asarray(lon1))
    y = np.sin(dl) * np.cos(p2)
    x = np.cos(p1) * np.sin(p2) - np.sin(p1) * np.cos(p2) * np.cos(dl)
    return np.degrees(np.arctan2(y, x)) % 360.0


def offset_point(
    lat: np.ndarray, lon: np.ndarray, bearing: np.ndarray, dist: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Point `dist` nm from (lat, lon) along `bearing` (flat-earth; fine over tens of nm)."""
    b = np.radians(bearing)
    new_lat = lat + dist * np.cos(b) / 60.0
    new_lon = lon + dist * np.sin(b) / (60.0 * np.cos(np.radians((lat + new_lat) / 2)))
    return new_lat, new_lon


def lane_position(lane: Lane, dist: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vectorized (lat, lon, cog) at `dist` nm from the lane origin (clipped to the lane)."""
    pts = np.asarray(lane.waypoints)
    cum = lane.cumulative_nm()
    d = np.clip(np.asarray(dist, dtype=float), 0.0, cum[-1])
    lat = np.interp(d, cum, pts[:, 0])
    lon = np.interp(d, cum, pts[:, 1])
    leg = np.clip(np.searchsorted(cum, d, side="right") - 1, 0, len(pts) - 2)
    cog = bearing_deg(pts[leg, 0], pts[leg, 1], pts[leg + 1, 0], pts[leg + 1, 1])
    return lat, lon, cog


def loiter_track(
    area: LoiterArea, hours: np.ndarray, speed_kn: float, phase: tuple[float, float, float]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Smooth Lissajous wander (lat, lon, sog, cog) inside a loiter area at about `speed_kn`.

    `phase` = (north phase, east phase, east/north frequency ratio in ~[0.6, 1.4]).
    """
    r = area.radius_nm * 0.8
    w = speed_kn / r  # rad/h: a point on a circle of radius r moves at r*w knots
    p_n, p_e, ratio = phase
    t = np.asarray(hours, dtype=float)
    north = r * np.sin(w * t + p_n)
    east = r * np.sin(ratio * w * t + p_e)
    v_n = r * w * np.cos(w * t + p_n)
    v_e = r * ratio * w * np.cos(ratio * w * t + p_e)
    lat = area.center[0] + north / 60.0
    lon = area.center[1] + east / (60.0 * np.cos(np.radians(area.center[0])))
    sog = np.hypot(v_n, v_e)
    cog = np.degrees(np.arctan2(v_e, v_n)) % 360.0
    return lat, lon, sog, cog


def point_in_polygon(lat: np.ndarray, lon: np.ndarray, polygon: tuple[LatLon, ...]) -> np.ndarray:
    """Vectorized even-odd ray casting test, for the land-crossing checks."""
    y, x = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    inside = np.zeros(np.shape(y), dtype=bool)
    n = len(polygon)
    for i in range(n):
        (y1, x1), (y2, x2) = polygon[i], polygon[(i + 1) % n]
        crosses = (y1 > y) != (y2 > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            x_at = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
        inside ^= crosses & (x < x_at)
    return inside


def on_land(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """True where a point falls inside one of the crude land polygons."""
    hit = np.zeros(np.shape(lat), dtype=bool)
    for polygon in LAND_POLYGONS.values():
        hit |= point_in_polygon(lat, lon, polygon)
    return hit
