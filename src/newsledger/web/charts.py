"""Places with coordinates as map markers for `/api/places`: one per place and layer, biggest first.

The ledger counts both layers at write time (`ledger.places`); a request turns one page into markers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..ledger.listing import EventPlace
from ..records import Mention
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


def event_markers(places: Iterable[EventPlace]) -> list[Marker]:
    """Markers of the places where events happened, one per place, in the ledger's order (biggest first).

    A marker's `doc_ids` holds the first documents reporting its events (at most `places.MAX_DOCS`).
    """
    return [Marker("events", p.name, p.country, p.lon, p.lat, p.count, p.doc_ids, span_href(p.evidence),
                   ", ".join(f"{n} {t}" for t, n in p.types)) for p in places]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
