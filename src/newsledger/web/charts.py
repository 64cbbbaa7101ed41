"""Geometry of the dashboard's two charts, computed server-side: the timeline and the map.

Both are plain data (rows, ticks, dots, paths in SVG units) that the templates draw as
inline SVG, each next to a table holding the same facts for screen readers and copying.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .. import views
from ..records import Event, Figure, Mention, PublishedDate
from . import geo
from .queries import figure_date, span_href

TIMELINE_WIDTH = 960
_LEFT = 150
_RIGHT = 45
_ROW = 34
_TOP = 16
_AXIS = 36
_LABELLED_MARKERS = 14
# Size of a marker label in map units (13-unit font), to keep names from covering each other.
_CHAR_WIDTH = 7.4
_LABEL_HEIGHT = 15.0


@dataclass(frozen=True)
class TimelineItem:
    """One dated fact on the timeline: an event or a figure, with the link to its evidence."""

    day: str
    series: str
    group: str
    record_id: str
    doc_id: str
    href: str
    label: str


@dataclass(frozen=True)
class Row:
    """One row of the timeline: a series (event type or figure kind) at height y."""

    label: str
    group: str
    y: float


@dataclass(frozen=True)
class Tick:
    """One labelled day on the time axis."""

    x: float
    label: str


@dataclass(frozen=True)
class Dot:
    """The facts of one series on one day, as a circle sized by their number."""

    x: float
    y: float
    r: float
    group: str
    items: tuple[TimelineItem, ...]

    @property
    def title(self) -> str:
        """Tooltip: the day, the series and one line per fact."""
        first = self.items[0]
        return f"{first.day} · {first.series} · {len(self.items)}\n" + "\n".join(i.label for i in self.items)


@dataclass(frozen=True)
class Timeline:
    """The timeline chart: size, rows, axis ticks, dots, and the facts drawn."""

    width: int
    height: float
    left: int
    right: int
    rows: tuple[Row, ...]
    ticks: tuple[Tick, ...]
    dots: tuple[Dot, ...]
    items: tuple[TimelineItem, ...]


def timeline_items(events: Sequence[Event], figures: Sequence[Figure],
                   published: Mapping[str, PublishedDate | None]) -> tuple[list[TimelineItem], int]:
    """The dated events and figures, and how many were left out (undated or about a past war)."""
    items, left_out = [], 0
    for e in events:
        if e.status == "historical" or not e.date.start or not e.evidence:
            left_out += 1
            continue
        # An event dated only by its report's window is shown on the report's day, like a figure.
        day = (e.date.end or e.date.start) if e.date_source == "reporting" else e.date.start
        items.append(TimelineItem(day, e.type, "event", e.id, e.evidence[0].doc_id, span_href(e.evidence[0]),
                                  views.event_line(e)))
    for f in figures:
        start, _ = figure_date(f, published.get(f.doc_id))
        if f.historical or not start:
            left_out += 1
            continue
        items.append(TimelineItem(start, f.kind, "figure", f.id, f.doc_id, span_href(f.evidence),
                                  views.figure_line(f)))
    items.sort(key=lambda i: (i.day, i.group, i.series, i.record_id))
    return items, left_out


def timeline(items: Sequence[TimelineItem]) -> Timeline:
    """Lay the items out: one row per series (events first), x by day, dot area by count."""
    series = sorted({(i.group, i.series) for i in items}, key=lambda s: (s[0] != "event", s[1]))
    rows = tuple(Row(name if group == "event" else f"{name} (figures)", group, _TOP + _ROW * (n + 0.5))
                 for n, (group, name) in enumerate(series))
    row_y = {key: row.y for key, row in zip(series, rows, strict=True)}
    days = [date.fromisoformat(i.day) for i in items]
    first, last = (min(days), max(days)) if days else (date.today(), date.today())
    first, last = first - timedelta(days=1), last + timedelta(days=1)
    span = (last - first).days
    inner = TIMELINE_WIDTH - _LEFT - _RIGHT

    def x_of(day: date) -> float:
        return _LEFT + inner * (day - first).days / span

    grouped: dict[tuple[str, str, str], list[TimelineItem]] = defaultdict(list)
    for item in items:
        grouped[(item.day, item.group, item.series)].append(item)
    dots = tuple(
        Dot(x_of(date.fromisoformat(day)), row_y[(group, name)], 5 + 3 * math.sqrt(len(found) - 1), group,
            tuple(found))
        for (day, group, name), found in sorted(grouped.items())
    )
    height = _TOP + _ROW * max(len(rows), 1) + _AXIS
    return Timeline(TIMELINE_WIDTH, height, _LEFT, TIMELINE_WIDTH - _RIGHT, rows, _ticks(first, last, x_of), dots, tuple(items))


def _ticks(first: date, last: date, x_of: Callable[[date], float]) -> tuple[Tick, ...]:
    """About eight ticks on whole days, weeks or months."""
    span = (last - first).days
    step = next((s for s in (1, 2, 7, 14, 30, 61, 91, 182, 365) if span / s <= 8), 365 * max(1, span // 3000))
    ticks, day = [], first
    while day <= last:
        label = day.isoformat() if step < 30 else day.strftime("%Y-%m")
        ticks.append(Tick(x_of(day), label))
        day += timedelta(days=step)
    return tuple(ticks)


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


@dataclass(frozen=True)
class MapDot:
    """A marker projected onto the map, with its radius and whether its name is written."""

    x: float
    y: float
    r: float
    labelled: bool
    marker: Marker


@dataclass(frozen=True)
class MapChart:
    """The map: its view, country outlines and the projected markers."""

    width: float
    height: float
    countries: tuple[tuple[str, str], ...]
    dots: tuple[MapDot, ...]
    view: geo.MapView


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


def map_chart(markers: Sequence[Marker], world: bool = False) -> MapChart:
    """Fit the map around the markers (or show the world) and project everything onto it.

    The biggest markers get their names written, as long as a name would not cover
    another one; every marker keeps its tooltip and its row in the table.
    """
    view = geo.WORLD if world else geo.fit_view([(m.lon, m.lat) for m in markers])
    unit = geo.WIDTH / 200
    placed: list[tuple[float, float, float, float]] = []
    dots = []
    for m in sorted(markers, key=lambda m: -m.count):
        x, y = view.project(m.lon, m.lat)
        if not (0 <= x <= geo.WIDTH and 0 <= y <= view.height):
            continue
        r = unit * (0.8 + 0.6 * math.sqrt(m.count))
        box = (x + r + 2, y - _LABEL_HEIGHT / 2, x + r + 4 + _CHAR_WIDTH * len(m.name), y + _LABEL_HEIGHT / 2)
        labelled = len(placed) < _LABELLED_MARKERS and box[2] <= geo.WIDTH and not any(
            _boxes_meet(box, other) for other in placed)
        if labelled:
            placed.append(box)
        dots.append(MapDot(x, y, r, labelled, m))
    # Places first so that event markers are drawn on top of them, small ones over big ones.
    dots.sort(key=lambda d: (d.marker.layer == "events", -d.r))
    return MapChart(geo.WIDTH, view.height, tuple(geo.country_paths(view)), tuple(dots), view)


def _boxes_meet(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
