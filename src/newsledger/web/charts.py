"""Places with coordinates as map markers for `/api/places`: one per place and layer, biggest first.

Mentions are counted by the database; events are streamed as JSON, never all rebuilt at once.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..records import Mention
from .queries import span_href


MAX_MARKER_DOCS = 20
"""Documents listed under one marker."""


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


def place_markers(places: Sequence[tuple[Mention, int, int]], layer: str = "all",
                  include_countries: bool = False) -> list[Marker]:
    """Markers of the places documents mention, from (a mention, mentions, documents) per place name.

    Country-wide places only when asked; a marker's `doc_ids` is the document of its first mention.
    """
    if layer not in ("all", "places"):
        return []
    markers = []
    for m, mentions, docs in places:
        p = m.place
        if p is None or p.lat is None or p.lon is None or (p.precision == "country" and not include_countries):
            continue
        detail = f"{_plural(mentions, 'mention')} in {_plural(docs, 'document')}"
        markers.append(Marker("places", p.name, p.country, p.lon, p.lat, mentions, (m.doc_id,),
                              span_href(m.evidence), detail))
    return sorted(markers, key=lambda k: (-k.count, k.name))


def event_markers(events: Iterable[dict[str, Any]], layer: str = "all") -> list[Marker]:
    """Markers of the places where events happened (events as JSON dicts, streamed), one per place.

    A marker's `doc_ids` holds at most `MAX_MARKER_DOCS` of the documents reporting its events.
    """
    if layer not in ("all", "events"):
        return []
    types: dict[tuple[str, float, float], Counter[str]] = defaultdict(Counter)
    first: dict[tuple[str, float, float], tuple[dict[str, Any], dict[str, Any]]] = {}
    docs: dict[tuple[str, float, float], dict[str, None]] = defaultdict(dict)
    for e in events:
        p = e.get("place") or {}
        if p.get("lat") is None or p.get("lon") is None or not e.get("evidence"):
            continue
        key = (p["name"], p["lat"], p["lon"])
        types[key][e["type"]] += 1
        first.setdefault(key, (p, e["evidence"][0]))
        for d in e.get("doc_ids", ()):
            if len(docs[key]) < MAX_MARKER_DOCS:
                docs[key][d] = None
    markers = []
    for key, counts in types.items():
        (name, lat, lon), (place, span) = key, first[key]
        detail = ", ".join(f"{n} {t}" for t, n in counts.most_common())
        href = f"/documents/{span['doc_id']}#{span['start']}-{span['end']}"
        markers.append(Marker("events", name, place.get("country"), lon, lat, sum(counts.values()),
                              tuple(docs[key]), href, detail))
    return sorted(markers, key=lambda k: (-k.count, k.name))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
