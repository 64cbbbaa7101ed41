"""Places told as a distance and a direction from a named one: "about 30 km south of Fada N'Gourma",
"20 miles north-east of X". The event happened at that point, not in the town it is measured from;
a village the gazetteer lacks is often placed this way.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

from ..records import Place

_BEARINGS = {
    "north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180, "southwest": 225, "west": 270,
    "northwest": 315,
}
_UNITS_KM = {"km": 1.0, "kilometre": 1.0, "kilometer": 1.0, "mile": 1.609, "mi": 1.609}
# A distance and a compass direction, as `places.readings` also reads them ("Petropavlivka, east of Kupiansk").
DISTANCE = r"(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>km|kilomet(?:re|er)s?|miles?|mi)\b\.?"
DIRECTION = r"(?P<direction>(?:north|south)[- ]?(?:east|west)|north|south|east|west)(?:ern)?"
# The phrase right before a place name: a number, a unit (perhaps with its conversion in brackets),
# a compass direction and "of" ("of the town of X" too).
_OFFSET = re.compile(
    rf"{DISTANCE}\s*(?:\([^()]{{1,30}}\)\s*)?{DIRECTION}\s+of\s+"
    r"(?:the\s+(?:town|city|village|settlement|port)\s+of\s+)?$",
    re.I,
)
EARTH_KM = 6371.0
# How many characters before a name the phrase may take.
REACH = 80
# A distance beyond this is a way of saying where the region is, not a point ("400 km north of the capital").
MAX_KM = 150.0


def offset_place(text: str, name_start: int, place: Place) -> Place | None:
    """The point the words before a place name measure from it, or None when they measure nothing."""
    if place.lat is None or place.lon is None:
        return None
    found = _OFFSET.search(text[max(0, name_start - REACH):name_start])
    if found is None:
        return None
    km = measured_km(found)
    if km > MAX_KM:
        return None
    direction = re.sub(r"[- ]", "", found.group("direction").lower())
    lat, lon = _destination(place.lat, place.lon, km, _BEARINGS[direction])
    name = f"{found.group('number')} {found.group('unit')} {direction} of {place.name}"
    return replace(place, name=name, lat=round(lat, 5), lon=round(lon, 5), geonameid=None)


def measured_km(found: re.Match[str]) -> float:
    """The kilometres of a match of `DISTANCE`."""
    unit = found.group("unit").lower().rstrip(".")
    return float(found.group("number")) * _UNITS_KM.get(unit.rstrip("s"), 1.0)


def _destination(lat: float, lon: float, km: float, bearing: float) -> tuple[float, float]:
    """The point `km` from (lat, lon) along a compass bearing, on a sphere."""
    phi, lam, theta, delta = math.radians(lat), math.radians(lon), math.radians(bearing), km / EARTH_KM
    phi2 = math.asin(math.sin(phi) * math.cos(delta) + math.cos(phi) * math.sin(delta) * math.cos(theta))
    lam2 = lam + math.atan2(math.sin(theta) * math.sin(delta) * math.cos(phi),
                            math.cos(delta) - math.sin(phi) * math.sin(phi2))
    return math.degrees(phi2), (math.degrees(lam2) + 540) % 360 - 180
