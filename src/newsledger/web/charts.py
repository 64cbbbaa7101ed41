"""Places with coordinates as map markers for `/api/places`: one per place and layer, biggest first."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..records import Event, Mention
from .queries import span_href


@dataclass(frozen=True)
class Marker:
    """A place on the map: how often documents mention it, or how many events happened there."""

    layer: str
    name: str
    country: str | None
    lon: float
    lat: float
    count: int
    doc_ids: tuple[str, ...]
    href: str
    detail: str


def place_markers(mentions: Sequence[Mention], layer: str = "all", include_countries: bool = False) -> list[Marker]:
    """Markers of the places documents mention, one per place; country-wide places only when asked."""
    if layer not in ("all", "places"):
        return []
    found: dict[tuple[str, float, float], list[Mention]] = defaultdict(list)
    for m in mentions:
        p = m.place
        if m.kind != "place" or p is None or p.lat is None or p.lon is None:
            continue
        if p.precision == "country" and not include_countries:
            continue
        found[(p.name, p.lat, p.lon)].append(m)
    markers = []
    for (name, lat, lon), group in found.items():
        docs = tuple(dict.fromkeys(m.doc_id for m in group))
        detail = f"{_plural(len(group), 'mention')} in {_plural(len(docs), 'document')}"
        place = group[0].place
        markers.append(Marker("places", name, place.country if place else None, lon, lat, len(group), docs,
                              span_href(group[0].evidence), detail))
    return sorted(markers, key=lambda k: (-k.count, k.name))


def event_markers(events: Sequence[Event], layer: str = "all") -> list[Marker]:
    """Markers of the places where events happened, one per place, with their types."""
    if layer not in ("all", "events"):
        return []
    found: dict[tuple[str, float, float], list[Event]] = defaultdict(list)
    for e in events:
        p = e.place
        if p is not None and p.lat is not None and p.lon is not None and e.evidence:
            found[(p.name, p.lat, p.lon)].append(e)
    markers = []
    for (name, lat, lon), group in found.items():
        types = Counter(e.type for e in group)
        detail = ", ".join(f"{n} {t}" for t, n in types.most_common())
        docs = tuple(dict.fromkeys(d for e in group for d in e.doc_ids))
        markers.append(Marker("events", name, group[0].place.country if group[0].place else None, lon, lat,
                              len(group), docs, span_href(group[0].evidence[0]), detail))
    return sorted(markers, key=lambda k: (-k.count, k.name))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
