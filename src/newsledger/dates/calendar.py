"""The calendar of well-known dated events and the office holders' tenures: what dates an undated article.

`DatingTables` holds both, read from `data/dated_events.tsv` and the actor dictionary; `Resources`
builds it once and passes it to `publication.infer_published`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

from ..errors import FormatError
from ..lexicon import ActorEntry, Dictionaries, data_path, index_by_name

CALENDAR_COLUMNS = ("id", "group", "kind", "start", "end", "name", "places", "nouns", "source")
CALENDAR_KINDS = frozenset({"onset", "ceasefire", "end"})


@dataclass(frozen=True)
class CalendarEvent:
    """A well-known dated event: its group (one bout of a conflict), kind, dates and the places that name it."""

    id: str
    group: str
    kind: str
    start: date
    end: date | None
    name: str
    places: tuple[str, ...]
    nouns: frozenset[str]
    source: str


def load_calendar(path: Path | None = None) -> tuple[CalendarEvent, ...]:
    """Load the calendar of well-known dated events (`data/dated_events.tsv`).

    Raises:
        FormatError: a column is missing or a value is malformed.
    """
    source = path or data_path("dated_events.tsv")
    rows = list(csv.DictReader(source.read_text(encoding="utf-8").splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or any(c not in rows[0] for c in CALENDAR_COLUMNS):
        raise FormatError(f"{source.name}: expected columns {CALENDAR_COLUMNS}")
    return tuple(_calendar_event(row, f"{source.name}:{line}") for line, row in enumerate(rows, start=2))


def _calendar_event(row: dict[str, str], where: str) -> CalendarEvent:
    try:
        start = date.fromisoformat(row["start"])
        end = date.fromisoformat(row["end"]) if row["end"] else None
    except (TypeError, ValueError):
        raise FormatError(f"{where}: start/end must be dates YYYY-MM-DD") from None
    filled = row["places"] and row["nouns"] and row["source"]
    if row["kind"] not in CALENDAR_KINDS or not filled or (end and end < start):
        raise FormatError(f"{where}: bad kind, empty places, nouns or source, or end before start")
    places = tuple(p.strip() for p in row["places"].split("|") if p.strip())
    nouns = frozenset(n.strip().lower() for n in row["nouns"].split("|") if n.strip())
    return CalendarEvent(row["id"], row["group"], row["kind"], start, end, row["name"], places, nouns, row["source"])


@dataclass(frozen=True)
class DatingTables:
    """The calendar of dated events and the actor dictionary, with the indexes publication dating reads."""

    calendar: tuple[CalendarEvent, ...]
    dictionaries: Dictionaries

    @classmethod
    def load(cls, dictionaries: Dictionaries, calendar: Path | None = None) -> DatingTables:
        """Read the calendar (the bundled one when `calendar` is None) beside the dictionaries."""
        return cls(load_calendar(calendar), dictionaries)

    @cached_property
    def tenures(self) -> Mapping[str, list[ActorEntry]]:
        """Dated tenures of the actor dictionary by person id."""
        rows: dict[str, list[ActorEntry]] = {}
        for entry in self.dictionaries.actors:
            if entry.kind == "person" and entry.start:
                rows.setdefault(entry.id, []).append(entry)
        return rows

    @cached_property
    def holders_by_name(self) -> Mapping[str, tuple[ActorEntry, ...]]:
        """The dated tenures by name."""
        return index_by_name(entry for group in self.tenures.values() for entry in group)

    @cached_property
    def calendar_places(self) -> tuple[tuple[CalendarEvent, re.Pattern[str]], ...]:
        """Each calendar event with one compiled pattern for its place names (lowercase, whole words)."""
        return tuple(
            (event, re.compile("|".join(rf"\b{re.escape(p.lower())}\b" for p in event.places)))
            for event in self.calendar
        )
