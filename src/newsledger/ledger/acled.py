"""Ledger events as ACLED rows (ACLED Codebook 2023): one row per located, dated event of an ACLED type.

Actor interaction codes come from the actor's sector (see `inter_code`); how
each column is filled, and what is approximated, is in export_formats.tsv and
docs/exports.md.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..lexicon import data_path
from ..records import Actor, Event
from .formats import (
    VIOLENT_TYPES,
    FieldContext,
    admin1_of,
    armed_party,
    event_date,
    event_figures,
    left_out_reason,
    outlets,
    sentence_of,
)

# ACLED 2023 inter codes: 1 state forces, 2 rebel groups, 3 political militias, 4 identity militias,
# 5 rioters, 6 protesters, 7 civilians, 8 external/other forces; 0 when there is no actor.
# Media count as civilians (ACLED codes journalists as civilians).
INTER_BY_SECTOR = {"GOV": 1, "MIL": 1, "REB": 2, "OPP": 6, "CVL": 7, "MED": 7}
OTHER_FORCES = 8
_MILITIA = re.compile(r"\bmilitias?\b|\bparamilitar", re.IGNORECASE)
# Names and roles that mark a non-state armed group whatever sector the dictionary gave it.
_REBEL = re.compile(r"\b(?:separatists?|rebels?|insurgents?|militants?|guerrillas?)\b", re.IGNORECASE)
_IDENTITY = re.compile(r"\b(?:ethnic|tribal|clan|communal|identity|village)\b", re.IGNORECASE)
GEO_PRECISION = {"exact": 1, "admin": 2, "region": 3, "country": 3}
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}


@dataclass(frozen=True)
class SubType:
    """One ACLED sub-event type with its event type and disorder type."""

    event_type: str
    sub_event_type: str
    disorder_type: str


def load_sub_types() -> dict[str, SubType]:
    """ACLED's 25 sub-event types by name, from acled_sub_types.tsv."""
    with data_path("acled_sub_types.tsv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return {r["sub_event_type"]: SubType(r["event_type"], r["sub_event_type"], r["disorder_type"]) for r in reader}


def inter_code(actor: Actor | None) -> int:
    """ACLED's inter code of an actor from its sector and role (0 when there is no actor)."""
    if actor is None:
        return 0
    role = " ".join(filter(None, (actor.role, actor.name)))
    if _MILITIA.search(role):
        return 4 if _IDENTITY.search(role) else 3
    if _REBEL.search(role):
        return 2
    return INTER_BY_SECTOR.get(actor.sector or "", OTHER_FORCES)


def interaction(inter1: int, inter2: int) -> int:
    """ACLED's two-digit interaction: both inter codes, lower first; inter1 × 10 when there is no second actor."""
    if not inter2:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def acled_rows(events: Iterable[Event], ctx: FieldContext) -> tuple[list[dict[str, Any]], Counter[str]]:
    """ACLED rows of the events that qualify, ordered by date, and a count of the rest by reason."""
    sub_types = load_sub_types()
    kept, left_out = [], Counter[str]()
    for event in events:
        reason = left_out_reason(event, ctx)
        if reason is None and event.acled_sub_type not in sub_types:
            reason = "unknown ACLED sub-event type"
        if reason is None and event.actor is None and event.acled_type not in VIOLENT_TYPES:
            reason = "no actor"
        if reason:
            left_out[reason] += 1
        else:
            kept.append(event)
    kept.sort(key=lambda e: (event_date(e, ctx).start, e.id))  # type: ignore[union-attr]
    per_country: Counter[str] = Counter()
    rows = []
    for event in kept:
        iso3 = (event.place.country if event.place else None) or "XXX"
        per_country[iso3] += 1
        rows.append(_row(event, sub_types[event.acled_sub_type or ""], f"{iso3}{per_country[iso3]}", ctx))
    return rows, left_out


def _row(event: Event, sub: SubType, row_id: str, ctx: FieldContext) -> dict[str, Any]:
    place = event.place
    assert place is not None and place.lat is not None and place.lon is not None
    when = event_date(event, ctx)
    assert when is not None
    country = ctx.countries.get(place.country or "")
    country_name = country.name if country else ""
    actor1, inter1 = _actor1(event, sub, country_name)
    actor2, inter2 = _actor2(event, country_name)
    civilians = sub.event_type == "Violence against civilians" or inter2 == 7
    return {
        "event_id_cnty": row_id,
        "event_date": when.start,
        "year": int(when.start[:4]),
        "time_precision": 2 if when.from_publication else TIME_PRECISION.get(when.precision, 3),
        "disorder_type": sub.disorder_type,
        "event_type": sub.event_type,
        "sub_event_type": sub.sub_event_type,
        "actor1": actor1,
        "assoc_actor_1": "",
        "inter1": inter1,
        "actor2": actor2,
        "assoc_actor_2": "",
        "inter2": inter2,
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if civilians else "",
        "iso": country.iso_numeric if country and country.iso_numeric else 0,
        "region": country.acled_region if country else "",
        "country": country_name,
        "admin1": admin1_of(place, ctx),
        "admin2": "",
        "admin3": "",
        "location": place.name,
        "latitude": round(place.lat, 5),
        "longitude": round(place.lon, 5),
        "geo_precision": GEO_PRECISION.get(place.precision or "", 3),
        "source": "; ".join(outlets(event, ctx)),
        "source_scale": "",
        "notes": _notes(event, ctx),
        "fatalities": sum(f.low for f in event_figures(event, ctx)),
        "tags": "",
        "timestamp": int(ctx.now.timestamp()),
        "newsledger_id": event.id,
        "newsledger_status": event.status,
    }


def _actor1(event: Event, sub: SubType, country: str) -> tuple[str, int]:
    actor = armed_party(event.actor) if sub.event_type in VIOLENT_TYPES else event.actor
    if actor is None:
        # ACLED's name for perpetrators the report does not identify.
        return f"Unidentified Armed Group ({country})" if country else "Unidentified Armed Group", 3
    return _actor_name(actor, sub.event_type in VIOLENT_TYPES), inter_code(actor)


def _actor2(event: Event, country: str) -> tuple[str, int]:
    target = event.target
    if target is None:
        return "", 0
    if target.sector == "CVL":
        return (f"Civilians ({country})" if country else "Civilians"), 7
    return _actor_name(target, event.acled_type in VIOLENT_TYPES), inter_code(target)


def _actor_name(actor: Actor, violent: bool) -> str:
    """ACLED names a state's armed forces "Military Forces of <country>"; everyone else keeps the ledger's name."""
    if violent and actor.sector in ("GOV", "MIL") and actor.country and actor.id and actor.id.startswith("state:"):
        return f"Military Forces of {actor.name}"
    return actor.name


def _notes(event: Event, ctx: FieldContext) -> str:
    sentence = sentence_of(ctx, event.evidence[0]) if event.evidence else ""
    if event.attributed_to and event.status == "claimed":
        return f"{sentence} [claimed by {event.attributed_to.name}]"
    return sentence
