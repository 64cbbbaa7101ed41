"""Offline world boundaries drawn as SVG: TopoJSON decoding and an equirectangular projection.

The boundaries are Natural Earth's Admin 0 countries as packaged by the npm package
`world-atlas` (see static/README.md). A map view is fitted around the points to show;
its projection is equirectangular with the standard parallel at the view's middle
latitude, so a region far from the equator is not stretched sideways.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

STATIC = Path(__file__).parent / "static"
WIDTH = 1000.0
"""Width of a map in SVG units; heights follow from the aspect ratio."""

_FILES = {"110m": "countries-110m.json", "50m": "countries-50m.json"}
# Beyond this longitude span the coarse boundaries are detailed enough.
_FINE_BELOW_DEGREES = 90.0
# Coordinates are clamped to the view plus this share of it on each side: polygons
# stay closed and filled inside the view while far-away detail collapses.
_MARGIN = 0.1
_MIN_STEP = 1.0

Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Country:
    """One country's outline: rings of (lon, lat) and the bounding box of them."""

    name: str
    rings: tuple[Ring, ...]
    bbox: tuple[float, float, float, float]


@dataclass(frozen=True)
class MapView:
    """The part of the world a map shows and how it projects onto WIDTH × height units."""

    lon0: float
    lat0: float
    lon1: float
    lat1: float
    height: float

    @property
    def xscale(self) -> float:
        """SVG units per degree of longitude."""
        return WIDTH / (self.lon1 - self.lon0)

    @property
    def yscale(self) -> float:
        """SVG units per degree of latitude."""
        return self.height / (self.lat1 - self.lat0)

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        """Return the SVG (x, y) of a point."""
        return (lon - self.lon0) * self.xscale, (self.lat1 - lat) * self.yscale

    def resolution(self) -> str:
        """The boundary file detailed enough for this view."""
        return "50m" if self.lon1 - self.lon0 < _FINE_BELOW_DEGREES else "110m"


WORLD = MapView(-180.0, -60.0, 180.0, 84.0, WIDTH * 144 / 360)


def fit_view(points: Sequence[tuple[float, float]], aspect: float = 2.0, min_span: float = 8.0,
             pad: float = 0.25) -> MapView:
    """Return a view around (lon, lat) points, padded, at least `min_span` degrees high.

    Args:
        points: the (lon, lat) pairs to show; none gives the world.
        aspect: width / height of the map.
        min_span: the smallest latitude span shown, so one point is not a close-up of nothing.
        pad: extra room on each side, as a share of the points' extent.

    Returns:
        The view, never beyond the poles or the antimeridian.
    """
    if not points:
        return WORLD
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    mid_lat = max(-60.0, min(60.0, (min(lats) + max(lats)) / 2))
    stretch = math.cos(math.radians(mid_lat))
    dlat = max((max(lats) - min(lats)) * (1 + 2 * pad), min_span)
    dlon = max((max(lons) - min(lons)) * (1 + 2 * pad), min_span / stretch)
    # Grow the shorter side so that the projected box has the wanted aspect.
    if dlon * stretch / dlat > aspect:
        dlat = dlon * stretch / aspect
    else:
        dlon = dlat * aspect / stretch
    if dlon >= 360 or dlat >= 144:
        return WORLD
    clon, clat = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    lon0 = min(max(clon - dlon / 2, -180.0), 180.0 - dlon)
    lat0 = min(max(clat - dlat / 2, -90.0), 90.0 - dlat)
    return MapView(lon0, lat0, lon0 + dlon, lat0 + dlat, WIDTH / aspect)


def country_paths(view: MapView) -> list[tuple[str, str]]:
    """Return (country name, SVG path data) for every country that shows in the view."""
    margin_x, margin_y = (view.lon1 - view.lon0) * _MARGIN, (view.lat1 - view.lat0) * _MARGIN
    box = (view.lon0 - margin_x, view.lat0 - margin_y, view.lon1 + margin_x, view.lat1 + margin_y)
    limits = (-_MARGIN * WIDTH, -_MARGIN * view.height, (1 + _MARGIN) * WIDTH, (1 + _MARGIN) * view.height)
    out = []
    for country in countries(view.resolution()):
        # Outlines crossing the antimeridian run past ±180°: draw them again a turn away.
        path = "".join(
            _ring_path(view, ring, limits, shift)
            for shift in (0.0, 360.0, -360.0)
            if _overlaps(_shifted(country.bbox, shift), box)
            for ring in country.rings
        )
        if path:
            out.append((country.name, path))
    return out


def _shifted(bbox: tuple[float, float, float, float], shift: float) -> tuple[float, float, float, float]:
    return (bbox[0] + shift, bbox[1], bbox[2] + shift, bbox[3])


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _same_side(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float],
               limits: tuple[float, float, float, float]) -> bool:
    """True when three points lie on one edge of the clamping box."""
    return any(a[0] == b[0] == c[0] == limits[i] for i in (0, 2)) or any(
        a[1] == b[1] == c[1] == limits[i] for i in (1, 3))


def _ring_path(view: MapView, ring: Ring, limits: tuple[float, float, float, float], shift: float = 0.0) -> str:
    """Path data of one ring: projected, clamped near the view, with sub-pixel steps dropped."""
    points: list[tuple[float, float]] = []
    for lon, lat in ring:
        x, y = view.project(lon + shift, lat)
        x, y = min(max(x, limits[0]), limits[2]), min(max(y, limits[1]), limits[3])
        if points and abs(x - points[-1][0]) < _MIN_STEP and abs(y - points[-1][1]) < _MIN_STEP:
            continue
        # A run of points clamped onto the same side of the box needs only its ends.
        if len(points) >= 2 and _same_side(points[-2], points[-1], (x, y), limits):
            points[-1] = (x, y)
            continue
        points.append((x, y))
    if len(points) < 3:
        return ""
    return "M" + "L".join(f"{x:.0f},{y:.0f}" for x, y in points) + "Z"


@functools.cache
def countries(resolution: str = "110m") -> tuple[Country, ...]:
    """Decode the bundled country boundaries at one resolution ("110m" or "50m")."""
    topology = json.loads((STATIC / _FILES[resolution]).read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology["arcs"], topology["transform"])
    out = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = tuple(_ring(arcs, ring) for polygon in polygons for ring in polygon)
        name = geometry.get("properties", {}).get("name", "")
        out.append(Country(name, rings, _bbox(p for ring in rings for p in ring)))
    return tuple(out)


def _decode_arcs(arcs: list[list[list[int]]], transform: dict[str, list[float]]) -> list[Ring]:
    """Undo TopoJSON quantisation and delta encoding: arcs of (lon, lat)."""
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    decoded = []
    for arc in arcs:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(tuple(points))
    return decoded


def _ring(arcs: list[Ring], indexes: Iterable[int]) -> Ring:
    """Join the arcs of one ring; a negative index ~i is arc i reversed."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        # Consecutive arcs share their joining point.
        points.extend(arc[1:] if points else arc)
    return _unwrapped(points)


def _unwrapped(points: list[tuple[float, float]]) -> Ring:
    """Make longitudes continuous across the antimeridian; close a ring around a pole over the pole."""
    out: list[tuple[float, float]] = []
    offset = 0.0
    for lon, lat in points:
        if out:
            step = lon + offset - out[-1][0]
            offset -= 360.0 * round(step / 360.0)
        out.append((lon + offset, lat))
    if out and abs(out[-1][0] - out[0][0]) > 180:
        pole = -90.0 if sum(lat for _, lat in out) < 0 else 90.0
        out += [(out[-1][0], pole), (out[0][0], pole)]
    return tuple(out)


def _bbox(points: Iterable[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for x, y in points:
        xs.append(x)
        ys.append(y)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else (0.0, 0.0, 0.0, 0.0)
