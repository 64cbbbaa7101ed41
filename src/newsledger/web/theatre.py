"""One episode's facts on the map and on the timeline, computed on the server and bounded per request.

An episode's records are read for its documents only (at most `MAX_EPISODE_DOCS` of them).
The map gets one marker per place with the events, figures and mentions there, and the
episode's theatre: the box around the places of its violent events and of its figures, so
that talks hosted far away (a summit in Moscow or Geneva) stay one zoom-out away. The
timeline gets the dated events and figures counted by day and type, and the running totals
of each reporter behind the episode's tallies (`Tally.series`, derived once by linking) with
each tally's low–best–high.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from .. import views
from ..ledger import Ledger, listing
from ..linking.contradictions import conflicting_figures
from ..linking.days import figure_span
from ..records import Event, Figure, Mention, Place, PublishedDate, Tally
from .queries import Contradiction, Episode, span_href

MAX_EPISODE_DOCS = 2000
"""Documents of one episode read per request (the first by id): bounds time and memory."""
MAX_ITEMS = 25
"""Facts listed under one marker or one timeline mark; the rest are counted."""
VIOLENT_TYPES = frozenset({"ASSAULT", "COERCE"})
"""PLOVER types whose places make an episode's theatre (ONTOLOGY.md: use of force, repression)."""
AREA_PRECISIONS = frozenset({"region", "country"})
"""Place precisions drawn as areas, never as a precise point."""
# Smallest theatre, in degrees of latitude: one village is shown with its surroundings.
_MIN_SPAN = 2.5
_PAD = 0.2


@dataclass(frozen=True)
class Fact:
    """One event, figure or mention as a line of text and the link to its sentence."""

    kind: str
    label: str
    href: str


@dataclass(frozen=True)
class MapPlace:
    """A place of the episode with the facts there."""

    name: str
    lat: float
    lon: float
    precision: str | None
    country: str | None
    events: int
    figures: int
    mentions: int
    violent: bool
    facts: tuple[Fact, ...]
    more: int


@dataclass(frozen=True)
class EpisodeRecords:
    """The records of (the first documents of) one episode."""

    doc_ids: tuple[str, ...]
    events: list[Event]
    figures: list[Figure]
    mentions: list[Mention]
    published: dict[str, PublishedDate | None] = field(default_factory=dict)
    truncated: bool = False


def episode_records(ledger: Ledger, episode: Episode, published: bool = False,
                    max_docs: int = MAX_EPISODE_DOCS) -> EpisodeRecords:
    """Read the events, figures and place mentions of an episode's first `max_docs` documents."""
    ids = _documents(episode)
    kept = tuple(ids[:max_docs])
    dates = {d.id: d.published for d in ledger.documents_by_id(kept)} if published else {}
    mentions = [m for m in ledger.records_of("mentions", kept) if m.kind == "place"]
    return EpisodeRecords(kept, ledger.records_of("events", kept), ledger.records_of("figures", kept), mentions,
                          dates, len(ids) > len(kept))


def located(place: Place | None, known: dict[str, Place]) -> Place | None:
    """The place with coordinates: its own, else those of a place of the same name in the episode."""
    if place is None:
        return None
    if place.lat is not None and place.lon is not None:
        return place
    return known.get(place.name.casefold())


def map_places(records: EpisodeRecords, limit: int) -> list[MapPlace]:
    """One marker per place with coordinates, the places of the most facts first, at most `limit`."""
    known = {m.place.name.casefold(): m.place for m in records.mentions
             if m.place is not None and m.place.lat is not None and m.place.lon is not None}
    events: dict[str, list[Event]] = defaultdict(list)
    figures: dict[str, list[Figure]] = defaultdict(list)
    mentions: Counter[str] = Counter()
    places: dict[str, Place] = {}
    for e in records.events:
        p = located(e.place, known)
        if p is not None and e.evidence:
            events[p.name].append(e)
            places.setdefault(p.name, p)
    for f in records.figures:
        p = located(f.place, known)
        if p is not None:
            figures[p.name].append(f)
            places.setdefault(p.name, p)
    for m in records.mentions:
        if m.place is not None and m.place.lat is not None and m.place.lon is not None:
            mentions[m.place.name] += 1
            places.setdefault(m.place.name, m.place)
    out = [_map_place(places[n], events[n], figures[n], mentions[n], records.mentions) for n in places]
    out.sort(key=lambda p: (-(p.events + p.figures), -p.mentions, p.name))
    return out[:limit]


def _map_place(place: Place, events: Sequence[Event], figures: Sequence[Figure], mentioned: int,
               mentions: Sequence[Mention]) -> MapPlace:
    facts = [Fact("event", views.event_line(e), span_href(e.evidence[0])) for e in events]
    facts += [Fact("figure", views.figure_line(f), span_href(f.evidence)) for f in figures]
    if not facts:
        facts = [Fact("mention", f"mentioned: {m.evidence.text}", span_href(m.evidence))
                 for m in mentions if m.place is not None and m.place.name == place.name]
    violent = any(e.type in VIOLENT_TYPES for e in events) or bool(figures)
    return MapPlace(place.name, float(place.lat or 0.0), float(place.lon or 0.0), place.precision, place.country,
                    len(events), len(figures), mentioned, violent, tuple(facts[:MAX_ITEMS]),
                    max(0, len(facts) - MAX_ITEMS))


def theatre(places: Sequence[MapPlace]) -> tuple[float, float, float, float] | None:
    """The box (south, west, north, east) around the places of violence, padded; None when nothing is placed.

    Countries are areas too wide to fit a map to; they count only when nothing finer is known.
    Without any violent place, the finer places of every fact (then every mention) make the box.
    """
    tiers = (
        [p for p in places if p.violent and p.precision != "country"],
        [p for p in places if (p.events or p.figures) and p.precision != "country"],
        [p for p in places if p.precision != "country"],
        list(places),
    )
    chosen = next((tier for tier in tiers if tier), [])
    if not chosen:
        return None
    lats, lons = [p.lat for p in chosen], [p.lon for p in chosen]
    dlat = max(max(lats) - min(lats), _MIN_SPAN)
    dlon = max(max(lons) - min(lons), _MIN_SPAN / max(math.cos(math.radians(sum(lats) / len(lats))), 0.2))
    clat, clon = (max(lats) + min(lats)) / 2, (max(lons) + min(lons)) / 2
    half_lat, half_lon = dlat * (0.5 + _PAD), dlon * (0.5 + _PAD)
    return (max(clat - half_lat, -85.0), max(clon - half_lon, -180.0),
            min(clat + half_lat, 85.0), min(clon + half_lon, 180.0))


@dataclass(frozen=True)
class DayMark:
    """The facts of one day and one series (an event type or a figure kind)."""

    day: str
    group: str
    series: str
    count: int
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class StepPoint:
    """One reported running total of a tally's series: the value it stands for and the range it gives."""

    day: str
    value: int
    low: int
    high: int | None
    href: str
    label: str


@dataclass(frozen=True)
class TallySeries:
    """One reporter's running totals of a tally (kind, group, side), oldest first, with the tally's reconciled range."""

    tally: str
    reporter: str
    points: tuple[StepPoint, ...]
    low: int
    best: int
    high: int | None
    as_of: str | None


def day_marks(records: EpisodeRecords) -> tuple[list[DayMark], int]:
    """Events and figures counted by day and series; also how many facts had no usable date.

    Events with a date are group "event"; events without one are placed on their first report's
    publication day, as group "reported"; figures are dated by their period, else their report.
    """
    groups: dict[tuple[str, str, str], list[Fact]] = defaultdict(list)
    undated = 0
    for e in records.events:
        published = records.published.get(e.doc_ids[0]) if e.doc_ids else None
        # An event without a date of its own (undated, or dated only by its report's window) happened by the
        # day its first report was published: drawn apart, as "reported".
        own = e.date.start if e.date_source != "reporting" else None
        day, group = (own, "event") if own else (e.date.end or (published and published.start), "reported")
        if not day or not e.evidence:
            undated += 1
            continue
        prefix = "" if group == "event" else f"reported by {day}: "
        groups[(day, group, e.type)].append(Fact("event", prefix + views.event_line(e), span_href(e.evidence[0])))
    for f in records.figures:
        start, _ = figure_span(f, records.published.get(f.doc_id))
        if not start or f.historical:
            undated += 1
            continue
        groups[(start, "figure", f.kind)].append(Fact("figure", views.figure_line(f), span_href(f.evidence)))
    marks = [DayMark(day, group, series, len(facts), tuple(facts[:MAX_ITEMS]))
             for (day, group, series), facts in sorted(groups.items())]
    return marks, undated


def tally_series(tallies: Sequence[Tally], records: EpisodeRecords) -> list[TallySeries]:
    """Each reporter's running totals behind the episode's tallies (their `series`), as step-chart points.

    A point links to its figure's sentence when the figure is among the episode's records read. A series
    of figures nobody is said to have given is named "unattributed" (linking names it by its document id).
    """
    figures = {f.id: f for f in records.figures}
    out = []
    for t in tallies:
        side = f" {t.side.name}" if t.side is not None else ""
        name = f"{t.kind} {t.group}{side}"
        for series in t.series:
            points = []
            for p in series.points:
                if not p.date:
                    continue
                fig = figures.get(p.figure_id)
                href, label = (span_href(fig.evidence), views.figure_line(fig)) if fig else ("", f"{name}: {p.value}")
                points.append(StepPoint(p.date, p.value, p.low, p.high, href, label))
            last = figures.get(series.points[-1].figure_id) if series.points else None
            reporter = "unattributed" if last is not None and last.attributed_to is None else series.reporter
            if points:
                out.append(TallySeries(name, reporter, tuple(points), t.low, t.best, t.high, t.as_of))
    return out


def pick_episode(found: Sequence[Episode], episode_id: str | None) -> Episode | None:
    """The episode of this id; without an id the one reported by the most documents (the latest on a tie)."""
    if episode_id:
        return next((e for e in found if e.id == episode_id), None)
    return max(found, key=lambda e: (e.doc_count, e.start or ""), default=None)


def _documents(episode: Episode) -> list[str]:
    """The ids of an episode's documents, sorted (the first `MAX_EPISODE_DOCS` are the ones read)."""
    return sorted({d for s in episode.stories for d in s.doc_ids})


def claim_contradictions(ledger: Ledger, episode: Episode) -> list[Contradiction]:
    """Contradicting claim pairs (the denial second) of one episode's documents."""
    claims = {c.id: c for c in ledger.records_of("claims", _documents(episode)[:MAX_EPISODE_DOCS])}
    return [Contradiction("claims", episode.id, claims=pair) for pair in views.answered_pairs(claims)]


def episode_contradictions(ledger: Ledger, episode: Episode) -> list[Contradiction]:
    """Contradicting claim pairs (the denial second) and disagreeing figures of one episode's documents."""
    ids = _documents(episode)[:MAX_EPISODE_DOCS]
    out = claim_contradictions(ledger, episode)
    figures = ledger.records_of("figures", ids)
    by_id = {f.id: f for f in figures}
    dates = {i: s.published for i, s in listing.sources_by_id(ledger, ids).items()}
    for c in conflicting_figures(figures, dict.fromkeys(ids, episode.id), dates):
        out.append(Contradiction("figures", episode.id, figures=tuple(by_id[i] for i in c.figure_ids), note=c.note))
    return out
