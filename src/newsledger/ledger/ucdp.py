"""Ledger events as UCDP GED rows (UCDP GED Codebook version 24.1): located, dated events of organised violence.

Deaths come from the killed figures reported in the event's sentence; where no
figure is tied to an event its deaths stay 0, which UCDP reads as none known.
Every row keeps low ≤ best ≤ high and deaths_a + deaths_b + deaths_civilians +
deaths_unknown == best.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..records import Actor, Event, Figure
from .acled import inter_code
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

# UCDP where_prec: 1 exact place, 4 first-order division, 5 larger region, 6 the country only.
WHERE_PREC = {"exact": 1, "admin": 4, "region": 5, "country": 6}
# UCDP date_prec: 1 the day, 3 the week, 4 the month, 5 more than a month within a year.
DATE_PREC = {"day": 1, "week": 3, "month": 4, "year": 5}
CIVILIAN_GROUPS = frozenset({"civilians", "children", "journalists"})
# UCDP counts a dyad as active in a year from 25 battle-related deaths.
ACTIVE_THRESHOLD = 25
# Days before the earliest publication day that an undated event may have taken place.
PUBLICATION_WEEK = 6


@dataclass(frozen=True)
class Deaths:
    """Deaths of one event: by side and civilians (summing to best), and the low and high estimates."""

    a: int = 0
    b: int = 0
    civilians: int = 0
    unknown: int = 0
    low: int = 0
    high: int = 0

    @property
    def best(self) -> int:
        """UCDP's best estimate: the sum of the four kinds."""
        return self.a + self.b + self.civilians + self.unknown


def ucdp_rows(events: Iterable[Event], ctx: FieldContext) -> tuple[list[dict[str, Any]], Counter[str]]:
    """UCDP GED rows of the violent events that qualify, ordered by date, and a count of the rest by reason."""
    kept, left_out = [], Counter[str]()
    for event in events:
        reason = left_out_reason(event, ctx, VIOLENT_TYPES)
        if reason:
            left_out[reason] += 1
        else:
            kept.append(event)
    kept.sort(key=lambda e: (event_date(e, ctx).start, e.id))  # type: ignore[union-attr]
    return [_row(i, event, ctx) for i, event in enumerate(kept, 1)], left_out


def type_of_violence(event: Event) -> int:
    """1 state-based (a side is state forces, ACLED inter 1), 2 non-state, 3 one-sided (against civilians)."""
    if event.acled_type == "Violence against civilians" or (event.target and event.target.sector == "CVL"):
        return 3
    return 1 if _is_state(event.actor) or _is_state(event.target) else 2


def sides(event: Event, violence: int) -> tuple[tuple[str, Actor | None], tuple[str, Actor | None]]:
    """side_a and side_b with the actors behind them; in state-based violence side_a is a government."""
    first, second = armed_party(event.actor), armed_party(event.target)
    if violence == 3:
        return (_side_name(first), first), ("Civilians", None)
    if violence == 1 and not _is_state(first) and _is_state(second):
        first, second = second, first
    return (_side_name(first), first), (_side_name(second), second)


def deaths(figures: Sequence[Figure], side_a: Actor | None, side_b: Actor | None) -> Deaths:
    """Sum the killed figures by whose dead they are; an open-ended figure's high is its low."""
    a = b = civ = unknown = low = high = 0
    for fig in figures:
        top = max(fig.high if fig.high is not None else fig.low, fig.low)
        best = (fig.low + top) // 2 if fig.qualifier == "approx" else fig.low
        low, high = low + fig.low, high + top
        if fig.group in CIVILIAN_GROUPS:
            civ += best
        elif _same_side(fig.side, side_a):
            a += best
        elif _same_side(fig.side, side_b):
            b += best
        else:
            unknown += best
    return Deaths(a, b, civ, unknown, low, high)


def _row(index: int, event: Event, ctx: FieldContext) -> dict[str, Any]:
    place, when = event.place, event_date(event, ctx)
    assert place is not None and place.lat is not None and place.lon is not None and when is not None
    country = ctx.countries.get(place.country or "")
    violence = type_of_violence(event)
    (side_a, actor_a), (side_b, actor_b) = sides(event, violence)
    dead = deaths(event_figures(event, ctx), actor_a, actor_b)
    start = when.start
    if when.from_publication:
        start = (date.fromisoformat(when.start) - timedelta(days=PUBLICATION_WEEK)).isoformat()
    docs = [ctx.documents[d] for d in event.doc_ids if d in ctx.documents]
    return {
        "id": index,
        "relid": event.id,
        "year": int(when.end[:4]),
        "active_year": int(_episode_deaths(event, ctx) >= ACTIVE_THRESHOLD),
        "type_of_violence": violence,
        "conflict_name": f"{country.name}: {side_a} - {side_b}" if country else f"{side_a} - {side_b}",
        "dyad_name": f"{side_a} - {side_b}",
        "side_a": side_a,
        "side_b": side_b,
        "source_article": "; ".join(_article(doc) for doc in docs),
        "source_office": "; ".join(outlets(event, ctx)),
        "source_date": "; ".join(doc.published.start for doc in docs if doc.published and doc.published.start),
        "source_headline": "; ".join(doc.title for doc in docs if doc.title),
        "source_original": event.attributed_to.name if event.attributed_to else "",
        "where_prec": WHERE_PREC.get(place.precision or "", 5),
        "where_coordinates": place.name,
        "adm_1": admin1_of(place, ctx),
        "latitude": round(place.lat, 5),
        "longitude": round(place.lon, 5),
        "country": country.name if country else "",
        "region": country.ucdp_region if country else "",
        "event_clarity": 1 if not when.from_publication and when.precision == "day" and place.precision == "exact" else 2,
        "date_prec": _range_prec(start, when.end) if when.from_publication else DATE_PREC.get(when.precision, 5),
        "date_start": start,
        "date_end": when.end,
        "deaths_a": dead.a,
        "deaths_b": dead.b,
        "deaths_civilians": dead.civilians,
        "deaths_unknown": dead.unknown,
        "best": dead.best,
        "high": dead.high,
        "low": dead.low,
        "newsledger_status": event.status,
        "newsledger_sentence": sentence_of(ctx, event.evidence[0]) if event.evidence else "",
    }


def _range_prec(start: str, end: str) -> int:
    """UCDP date_prec of a range of days: 1 one day, 2 two to six, 3 a week, 4 up to 30 days, 5 longer."""
    days = (date.fromisoformat(end) - date.fromisoformat(start)).days + 1
    return 1 if days <= 1 else 2 if days <= 6 else 3 if days == 7 else 4 if days <= 30 else 5


def _is_state(actor: Actor | None) -> bool:
    return inter_code(actor) == 1


def _side_name(actor: Actor | None) -> str:
    if actor is None:
        return "Unknown"
    if _is_state(actor) and actor.id and actor.id.startswith("state:"):
        return f"Government of {actor.name}"
    return actor.name


def _same_side(side: Actor | None, actor: Actor | None) -> bool:
    if side is None or actor is None:
        return False
    if side.id and side.id == actor.id:
        return True
    return bool(side.country and side.country == actor.country) or side.name == actor.name


def _article(doc: Any) -> str:
    day = doc.published.start if doc.published and doc.published.start else "date unknown"
    outlet = doc.source_name or "outlet not stated"
    return f'{outlet}, {day}, "{doc.title}"' if doc.title else f"{outlet}, {day}"


def _episode_deaths(event: Event, ctx: FieldContext) -> int:
    episodes = {ctx.documents[d].episode_id for d in event.doc_ids if d in ctx.documents}
    return max((ctx.episode_killed.get(e or "", 0) for e in episodes), default=0)
