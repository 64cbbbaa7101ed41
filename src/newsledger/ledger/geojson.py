"""Places, events and figures as GeoJSON FeatureCollections (RFC 7946) for QGIS or kepler.gl.

Each feature is a Point at [longitude, latitude] (GeoJSON's order) with flat
properties, so table-minded tools read them as columns. Records without
coordinates are left out; the caller counts them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from ..records import Actor, Event, Figure, Mention, Place
from .formats import FieldContext, located, sentence_bounds


def feature(place: Place, properties: dict[str, Any]) -> dict[str, Any]:
    """A GeoJSON Point feature at the place, longitude first."""
    assert place.lat is not None and place.lon is not None
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(place.lon, 6), round(place.lat, 6)]},
        "properties": properties,
    }


def collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    """A FeatureCollection of `features`."""
    return {"type": "FeatureCollection", "features": features}


def place_features(mentions: Iterable[Mention]) -> tuple[list[dict[str, Any]], Counter[str]]:
    """One feature per distinct located place mentioned, with its mention and document counts."""
    seen: dict[tuple[str, float, float], Place] = {}
    counts: Counter[tuple[str, float, float]] = Counter()
    docs: dict[tuple[str, float, float], set[str]] = defaultdict(set)
    left_out: Counter[str] = Counter()
    for mention in mentions:
        place = mention.place
        if mention.kind != "place" or place is None:
            continue
        if place.lat is None or place.lon is None:
            left_out["no coordinates"] += 1
            continue
        key = (place.name, place.lat, place.lon)
        seen.setdefault(key, place)
        counts[key] += 1
        docs[key].add(mention.doc_id)
    features = [
        feature(place, {
            "name": place.name, "country": place.country or "", "precision": place.precision or "",
            "geonameid": place.geonameid, "mentions": counts[key], "documents": len(docs[key]),
        })
        for key, place in sorted(seen.items(), key=lambda kv: (-counts[kv[0]], kv[0]))
    ]
    return features, left_out


def event_features(events: Iterable[Event]) -> tuple[list[dict[str, Any]], Counter[str]]:
    """One feature per located event, any status (the `status` property tells which took place)."""
    features, left_out = [], Counter[str]()
    for event in events:
        if not located(event.place):
            left_out["no coordinates"] += 1
            continue
        assert event.place is not None
        features.append(feature(event.place, {
            "id": event.id, "type": event.type, "mode": event.mode or "",
            "acled_type": event.acled_type or "", "acled_sub_type": event.acled_sub_type or "",
            "status": event.status, **_actor("actor", event.actor), **_actor("target", event.target),
            **_place(event.place), "date_start": event.date.start or "", "date_end": event.date.end or "",
            "date_precision": event.date.precision or "", "attributed_to": _name(event.attributed_to),
            "confidence": event.confidence, "doc_ids": "; ".join(event.doc_ids),
            "evidence": event.evidence[0].text if event.evidence else "",
        }))
    return features, left_out


def figure_features(
    figures: Iterable[Figure], events: Iterable[Event], ctx: FieldContext
) -> tuple[list[dict[str, Any]], Counter[str]]:
    """One feature per figure located by its own place or, failing that, by a located event in its sentence."""
    by_doc: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if located(event.place):
            for span in event.evidence:
                by_doc[span.doc_id].append(event)
    features, left_out = [], Counter[str]()
    for fig in figures:
        place, place_from = (fig.place, "figure") if located(fig.place) else (_sentence_place(fig, by_doc, ctx), "event in the same sentence")
        if place is None:
            left_out["no coordinates"] += 1
            continue
        period = fig.period
        features.append(feature(place, {
            "id": fig.id, "doc_id": fig.doc_id, "kind": fig.kind, "low": fig.low,
            "high": fig.high, "qualifier": fig.qualifier, "group": fig.group, "side": _name(fig.side),
            **_place(place), "place_from": place_from,
            "period_start": (period.start if period else None) or "", "period_end": (period.end if period else None) or "",
            "cumulative": fig.cumulative, "historical": fig.historical,
            "attributed_to": _name(fig.attributed_to), "evidence": fig.evidence.text,
        }))
    return features, left_out


def _sentence_place(fig: Figure, by_doc: dict[str, list[Event]], ctx: FieldContext) -> Place | None:
    doc = ctx.documents.get(fig.doc_id)
    if doc is None:
        return None
    left, right = sentence_bounds(doc.text, fig.evidence.start, fig.evidence.end)
    for event in by_doc.get(fig.doc_id, ()):
        if any(s.doc_id == fig.doc_id and left <= s.start < right for s in event.evidence):
            return event.place
    return None


def _actor(prefix: str, actor: Actor | None) -> dict[str, str]:
    return {
        prefix: _name(actor),
        f"{prefix}_country": (actor.country if actor else None) or "",
        f"{prefix}_sector": (actor.sector if actor else None) or "",
    }


def _place(place: Place) -> dict[str, Any]:
    return {"place": place.name, "country": place.country or "", "place_precision": place.precision or ""}


def _name(actor: Actor | None) -> str:
    return actor.name if actor else ""
