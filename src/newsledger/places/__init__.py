"""Places: mentions resolved against the gazetteer, and the place of each event."""

from .events import is_violent, place_events
from .extract import Context, document_context, extract_places, places_and_context, resolve_place
from .index import distance_km, load_place_index, place_key

__all__ = [
    "Context",
    "distance_km",
    "document_context",
    "extract_places",
    "is_violent",
    "load_place_index",
    "place_events",
    "place_key",
    "places_and_context",
    "resolve_place",
]
