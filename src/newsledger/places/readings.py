"""Which place a name stands for: the document's context (`Context`) and the readings its own words decide.

`extract` finds the names (`Found`) and accepts them; here a name that fits several places is read: a qualifier
after a comma ("Paris, Texas"), a bearing from another place ("Petropavlivka, east of Kupiansk"), the town a part
belongs to ("Kharkiv's Kyivskyi district"), then the countries the document is about, the distance to the other
places it names, and population.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from spacy.tokens import Doc

from .index import Site, distance_km
from .offsets import DIRECTION, DISTANCE, measured_km
from ..records import Place

# Score weights; log10 of the population is about 3 for a village and 6-7 for a capital.
POPULATION_WEIGHT = 0.5
CURATED_BONUS = 1.0
PRIMARY_NAME_BONUS = 1.0
FOCUS_WEIGHT = 1.5
PROXIMITY_STEPS = ((50.0, 2.0), (150.0, 1.5), (400.0, 1.0), (1000.0, 0.5))
# A country is one the document is about when it has this share of the top country's mentions.
FOCUS_SHARE = 0.5
# A town this close to a place or main country of the document is in its area ("Rafah" in a story on Israel).
NEAR_KM = 300.0
# A place named as part of another ("Kharkiv's Kyivskyi district") lies this close to it.
PART_KM = 50.0
# "Petropavlivka, east of Kupiansk", "Mahas, about 20 km north of Bulo Burte": a name told by its bearing from
# a place is a reading of it this close to that place, beyond the distance given.
BEARING_KM = 50.0
# "Dabat, north of Gondar" (some 55 km): a town told by its direction alone may lie farther than one "near" it.
DIRECTION_KM = 80.0
_BEARING = re.compile(
    rf",\s*(?:(?:about|some|around|roughly|nearly|almost)\s+)?(?:{DISTANCE}\s+)?"
    rf"(?:{DIRECTION}\s+of|near|outside)(?:\s+the\s+(?:town|city|village)\s+of)?",
    re.IGNORECASE,
)

@dataclass(frozen=True)
class Found:
    """A place name found in a text: token span, lookup key, the places it may be, and how found."""

    start: int
    end: int
    key: str
    sites: tuple[Site, ...]
    source: str = "text"
    name: str | None = None
    precision: str | None = None
    # Found by another transliteration of its name (`PlaceIndex.lookup_loose`): only where the document is.
    loose: bool = False


@dataclass(frozen=True)
class Context:
    """What a document says about where it is.

    `focus` counts the countries it names; `anchors` are the points of the places it
    names unambiguously (with their keys); `points` are the centroids of its main
    countries; `accepted` holds the keys of every place name it uses as a place.
    """

    focus: Mapping[str, float]
    anchors: tuple[tuple[str, float, float], ...] = ()
    points: tuple[tuple[float, float], ...] = ()
    accepted: frozenset[str] = frozenset()
    # The places its own words decide, by the character where the name starts: "Petropavlivka, east of Kupiansk"
    # is the one near Kupiansk there, whatever the name means elsewhere in the text.
    readings: Mapping[int, Place] = field(default_factory=dict)

    def in_focus(self, site: Site) -> bool:
        """Whether the site lies in or near the countries and places the document is about."""
        top = max(self.focus.values(), default=0.0)
        if top > 0 and self.focus.get(site.country or "", 0.0) >= FOCUS_SHARE * top:
            return True
        near = [*self.points, *((lat, lon) for _, lat, lon in self.anchors)]
        return any(distance_km(site.lat, site.lon, lat, lon) <= NEAR_KM for lat, lon in near)

    def near_anchor(self, found: Found) -> bool:
        """Whether a reading lies near another place the document names on its own (any, when it names none)."""
        others = [(lat, lon) for key, lat, lon in self.anchors if key != found.key]
        return not others or any(distance_km(s.lat, s.lon, lat, lon) <= NEAR_KM
                                 for s in found.sites for lat, lon in others)


NO_CONTEXT = Context({})


def resolve_all(doc: Doc, founds: list[Found], context: Context) -> tuple[list[Site | None], set[int]]:
    """Choose a place for every candidate, and say which choices the words between two names made: a part of a
    town lies in it ("Kharkiv's Kyivskyi district"), a name told by its bearing lies near the place ("X, east of
    Y"), a qualifier after a comma decides the pair ("Paris, Texas")."""
    chosen: list[Site | None] = [best_reading(f.sites, f.key, context) if f.sites else None for f in founds]
    decided: set[int] = set()
    for i in range(len(founds) - 1):
        first, second = founds[i], founds[i + 1]
        possessive = second.start == first.end + 1 and doc[first.end].tag_ == "POS" or (
            second.start == first.end and doc[first.end - 1].tag_ == "POS")  # the name may hold its "'s"
        if possessive and chosen[i] is not None and chosen[i].precision == "exact" and second.sites:
            chosen[i + 1] = _part_of(chosen[i], second.sites)  # "Kherson city's Dniprovskyi district"
            decided.add(i + 1)
            continue
        bearing = _BEARING.fullmatch(doc[first.end:second.start].text)
        if first.sites and chosen[i + 1] is not None and bearing:
            chosen[i] = _near_to(chosen[i + 1], first, context, _bearing_km(bearing)) or chosen[i]  # "X, east of Y"
            decided.add(i)
            continue
        if second.start != first.end + 1 or doc[first.end].text != ",":
            continue
        pair = qualified_pair(first, second, context)
        if pair:
            chosen[i], chosen[i + 1] = pair
            decided.update((i, i + 1))
    return chosen, decided


def _near_to(anchor: Site, found: Found, context: Context, km: float) -> Site | None:
    """The best reading of a name told by its bearing from a place ("X, east of Y") among those near that place."""
    near = [s for s in found.sites if s is not anchor and distance_km(s.lat, s.lon, anchor.lat, anchor.lon) <= km]
    return best_reading(tuple(near), found.key, context) if near else None


def _bearing_km(bearing: re.Match[str]) -> float:
    """How far from the place a name told by its bearing may lie: the distance given, and some."""
    if bearing["number"] is not None:
        return measured_km(bearing) + BEARING_KM
    return BEARING_KM if re.search(r"\b(?:near|outside)\b", bearing.group(0), re.IGNORECASE) else DIRECTION_KM


def _part_of(whole: Site, sites: tuple[Site, ...]) -> Site:
    """The reading of a part ("Kherson's Dniprovskyi district") that lies in the whole; the whole itself when the
    gazetteer has no such reading (Kyiv's Dniprovskyi district is no part of Kherson)."""
    inside = [s for s in sites if distance_km(s.lat, s.lon, whole.lat, whole.lon) <= PART_KM]
    return inside[0] if inside else whole


def qualified_pair(place: Found, qualifier: Found, context: Context) -> tuple[Site, Site] | None:
    """Return the best (place, qualifier) readings where the qualifier is the place's country or state."""
    pairs = [
        (a, b) for a in place.sites for b in qualifier.sites
        if b.precision in ("country", "admin") and a is not b and a.country == b.country
        and (b.precision == "country" or (a.admin1 is not None and a.admin1 == b.admin1))
    ]
    if not pairs:
        return None
    return max(pairs, key=lambda p: reading_score(p[0], place.key, context) + reading_score(p[1], qualifier.key, context))


def best_reading(sites: tuple[Site, ...], key: str, context: Context) -> Site:
    """The best reading of a name in a document's context."""
    return max(sites, key=lambda s: reading_score(s, key, context))


def reading_score(site: Site, key: str, context: Context) -> float:
    """Score a reading of a name: population, curation, exact name, the document's countries and places."""
    score = POPULATION_WEIGHT * math.log10(max(site.population, 1))
    score += CURATED_BONUS if site.curated else 0.0
    score += PRIMARY_NAME_BONUS if key in site.primary else 0.0
    top = max(context.focus.values(), default=0.0)
    if top and site.country:
        score += FOCUS_WEIGHT * context.focus.get(site.country, 0.0) / top
    if site.precision == "exact" or site.precision == "admin" and not site.curated:
        # a town, or a district of the extract, near the document's other places ("Sanmatenga and Bam
        # provinces" in Burkina Faso, not Bam in Iran); a province or country is near everything in it
        score += _proximity(site, key, context)
    return score


def _proximity(site: Site, key: str, context: Context) -> float:
    distances = [distance_km(site.lat, site.lon, lat, lon) for k, lat, lon in context.anchors if k != key]
    if not distances:
        return 0.0
    nearest = min(distances)
    return next((bonus for limit, bonus in PROXIMITY_STEPS if nearest <= limit), 0.0)


def display_name(found: Found, site: Site) -> str | None:
    """The name a place record carries: the site's, or the words that made it coarser ("northern Gaza")."""
    if found.name:
        return found.name
    if found.precision == "admin" and site.precision == "exact":
        return f"{site.name} region"
    return None
