"""Ranges of days, the one date arithmetic of linking: publication ranges, gaps, spans and their order.

A range is a pair of dates; an open (unknown) end is `date.min` or `date.max`, moved only
with `shift`. Stories, episodes, incremental links and figure conflicts all measure time
with these functions, so they agree on what "within two days" means.

A figure has two dates, kept here side by side because they answer two questions:
`figure_date` is the day it was current (tallies order running totals and date
themselves by it; the dashboard's tally series too), `figure_span` the days it is about
(the dashboard's timeline and date filters place it there).
"""

from __future__ import annotations

from datetime import date, timedelta

from ..records import DateRange, Figure, PublishedDate

Days = tuple[date, date]
"""A range of days; an open (unknown) end is `date.min` or `date.max`: move it only with `shift`."""

UNKNOWN_WIDTH = 10**6
"""The width of an open or unknown range: wider than any real one."""


def day_range(value: PublishedDate | DateRange | None) -> Days | None:
    """Return the range of days of a publication date or date range; None when both ends are unknown."""
    if value is None or (value.start is None and value.end is None):
        return None
    start = _parse(value.start) if value.start else None
    end = _parse(value.end) if value.end else None
    if start is None and end is None:
        return None
    return (start or date.min, end or date.max)


def shift(day: date, days: int) -> date:
    """Move a bound by `days`: an open bound stays open, and a move past the calendar's ends stops there.

    A document published "on or before 2020-12-31" has no start; the start of
    the window it opens is no start either, not a date before year 1.
    """
    if day in (date.min, date.max):
        return day
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.min if days < 0 else date.max


def width(days: Days | None) -> int:
    """Return how many days a range covers (`UNKNOWN_WIDTH` when open or unknown)."""
    if days is None or days[0] == date.min or days[1] == date.max:
        return UNKNOWN_WIDTH
    return (days[1] - days[0]).days + 1


def gap(a: Days, b: Days) -> int:
    """Return the days between two ranges: 0 when they overlap, 1 for consecutive days."""
    if a[1] < b[0]:
        return (b[0] - a[1]).days
    if b[1] < a[0]:
        return (a[0] - b[1]).days
    return 0


def hull(a: Days | None, b: Days | None) -> Days | None:
    """Return the smallest range covering both (one may be None)."""
    if a is None or b is None:
        return a or b
    return (min(a[0], b[0]), max(a[1], b[1]))


def date_key(days: Days | None, name: str) -> tuple[date, int, str]:
    """The order linking reads documents in: earliest start first, narrower first, then by name; undated last."""
    return (days[0] if days else date.max, width(days), name)


def show(days: Days | None) -> str:
    """Return a range as text for explanations."""
    if days is None:
        return "undated"
    start = "…" if days[0] == date.min else days[0].isoformat()
    end = "…" if days[1] == date.max else days[1].isoformat()
    return start if start == end else f"{start}..{end}"


def figure_date(fig: Figure, published: PublishedDate | None) -> str:
    """The day a figure was current (YYYY-MM-DD, "" when unknown): its report's publication, else its period end.

    A count is as of the report that gives it, whatever period it covers; of a publication range, the end.
    """
    if published is not None and (published.end or published.start):
        return (published.end or published.start or "")[:10]
    return (fig.period.end or "")[:10] if fig.period else ""


def figure_span(fig: Figure, published: PublishedDate | None) -> tuple[str | None, str | None]:
    """The days a figure is about: an incident's own period when stated, else its report's publication range.

    A running total is about everything up to its report, so it is placed at the report.
    """
    period = fig.period
    if period is not None and (period.start or period.end) and not fig.cumulative:
        return period.start, period.end
    if published is None:
        return None, None
    return published.start, published.end


def _parse(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
