"""Typed records that flow through the pipeline and into the ledger.

Every extracted fact is a frozen dataclass carrying its evidence: a `Span` into
the cleaned text of one document. `as_dict()` gives the shape of the export
contract (LEDGER.md v1); `from_dict()` reads it back.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

Sector = Literal["GOV", "MIL", "REB", "IGO", "MED", "CVL", "OPP", "NGO", "BUS"]
Precision = Literal["day", "week", "month", "year"]
PlacePrecision = Literal["exact", "admin", "region", "country"]
FigureKind = Literal["killed", "injured", "displaced", "missing", "detained"]
Qualifier = Literal["exact", "at_least", "at_most", "approx", "vague"]
Group = Literal["civilians", "military", "mixed", "journalists", "children", "any"]
Stance = Literal["assert", "deny", "call_for", "accuse", "offer"]
EventStatus = Literal["asserted", "claimed", "denied", "requested", "planned", "historical"]
DateMethod = Literal["metadata", "url", "text", "inferred"]
# Where an event's date or place came from: its own sentence, its paragraph, or a fallback
# (the reporting window before publication, the document's period, the document's main theatre).
DateSource = Literal["sentence", "paragraph", "reporting", "document"]
PlaceSource = Literal["sentence", "paragraph", "headline", "theatre"]

# Each closed vocabulary is written once, as the Literal above; these tuples (in the same order)
# are derived from it, and the export contract, the API and the CLI offer exactly them.
SECTORS: tuple[Sector, ...] = typing.get_args(Sector)
PRECISIONS: tuple[Precision, ...] = typing.get_args(Precision)
PLACE_PRECISIONS: tuple[PlacePrecision, ...] = typing.get_args(PlacePrecision)
FIGURE_KINDS: tuple[FigureKind, ...] = typing.get_args(FigureKind)
QUALIFIERS: tuple[Qualifier, ...] = typing.get_args(Qualifier)
GROUPS: tuple[Group, ...] = typing.get_args(Group)
STANCES: tuple[Stance, ...] = typing.get_args(Stance)
EVENT_STATUSES: tuple[EventStatus, ...] = typing.get_args(EventStatus)
DATE_METHODS: tuple[DateMethod, ...] = typing.get_args(DateMethod)
DATE_SOURCES: tuple[DateSource, ...] = typing.get_args(DateSource)
PLACE_SOURCES: tuple[PlaceSource, ...] = typing.get_args(PlaceSource)
# The event types an `Event.type` holds: PLOVER's sixteen.
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


def stable_id(prefix: str, *parts: object) -> str:
    """Return a short deterministic id: the same parts always give the same id."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return f"{prefix}_{digest.hexdigest()[:16]}"


def content_id(text: str) -> str:
    """Return the id of a document: a hash of its decoded source content."""
    return stable_id("doc", text)


@dataclass(frozen=True)
class Span:
    """Character offsets into a document's cleaned text; `text == doc.text[start:end]`."""

    doc_id: str
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, doc_id: str, text: str, start: int, end: int) -> Span:
        """Build a span over `text[start:end]`, so the quoted text always matches."""
        return cls(doc_id, start, end, text[start:end])


@dataclass(frozen=True)
class DateRange:
    """A closed range of calendar days; precision says how fine the source was."""

    start: str | None = None
    end: str | None = None
    precision: Precision | None = None


@dataclass(frozen=True)
class PublishedDate:
    """A document's publication date: a range, how it was found and the evidence."""

    start: str | None
    end: str | None
    precision: Precision | None
    method: DateMethod | None
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Period:
    """The period a figure covers, with the words that gave it."""

    start: str | None = None
    end: str | None = None
    precision: Precision | None = None
    label: str | None = None


@dataclass(frozen=True)
class Actor:
    """A resolved actor: canonical name, dictionary id, country and sector."""

    name: str
    id: str | None = None
    country: str | None = None
    sector: Sector | None = None
    role: str | None = None
    text: str | None = None
    anonymous: bool = False
    display: str | None = None  # the name an analyst knows it by, when the coding reads otherwise


@dataclass(frozen=True)
class Place:
    """A resolved place with coordinates and how precise they are."""

    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    precision: PlacePrecision | None = None


@dataclass(frozen=True)
class RawDocument:
    """One article as read from a source, before cleaning.

    `content` is decoded text (already repaired for encoding); `format` says
    whether it is HTML or plain text. Metadata fields hold what the source gave.
    """

    content: str
    format: Literal["text", "html"]
    source_path: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    source_name: str | None = None
    language: str | None = None
    where: str | None = None
    """Where in its source the article was read, for reports (`file.csv:12`, `file.jsonl:3`); not stored."""

    @property
    def id(self) -> str:
        """Content-hashed id: the same article read twice has the same id."""
        return content_id(self.content)


@dataclass(frozen=True)
class Document:
    """A cleaned article with its metadata; every span points into `text`.

    `analysed` is False for an article the relevance gate passed over (stored without
    records); `relevance` is the gate's score, None when no gate ran.
    """

    id: str
    text: str
    removed: tuple[str, ...] = ()
    title: str | None = None
    source_name: str | None = None
    language: str | None = None
    published: PublishedDate | None = None
    source_path: str | None = None
    url: str | None = None
    story_id: str | None = None
    episode_id: str | None = None
    analysed: bool = True
    relevance: float | None = None


@dataclass(frozen=True)
class Mention:
    """A resolved mention of an actor or a place."""

    id: str
    doc_id: str
    evidence: Span
    kind: Literal["actor", "place"]
    actor: Actor | None = None
    place: Place | None = None


@dataclass(frozen=True)
class Figure:
    """One reported count of people killed, injured, displaced, missing or detained.

    `evidence` spans the clause that reports the count; `quantity` spans the
    number words themselves ("more than 100", "dozens").
    """

    id: str
    doc_id: str
    evidence: Span
    kind: FigureKind
    low: int
    high: int | None
    qualifier: Qualifier
    group: Group = "any"
    side: Actor | None = None
    place: Place | None = None
    period: Period | None = None
    cumulative: bool = False
    historical: bool = False
    attributed_to: Actor | None = None
    quantity: Span | None = None


@dataclass(frozen=True)
class Claim:
    """A reported statement: who said what, how, and with which stance."""

    id: str
    doc_id: str
    evidence: Span
    speaker: Actor
    cue: str
    stance: Stance
    content: str
    about: tuple[str, ...] = ()
    contradicts: tuple[str, ...] = ()

    def content_range(self) -> tuple[int, int]:
        """Where the content lies in the document: inside the evidence, else the whole evidence."""
        at = self.evidence.text.find(self.content) if self.content else -1
        if at < 0:
            return self.evidence.start, self.evidence.end
        start = self.evidence.start + at
        return start, start + len(self.content)


@dataclass(frozen=True)
class Event:
    """Who did what to whom, where and when, typed with PLOVER."""

    id: str
    doc_ids: tuple[str, ...]
    evidence: tuple[Span, ...]
    type: str
    status: EventStatus
    mode: str | None = None
    acled_type: str | None = None
    acled_sub_type: str | None = None
    actor: Actor | None = None
    target: Actor | None = None
    place: Place | None = None
    date: DateRange = field(default_factory=DateRange)
    attributed_to: Actor | None = None
    confidence: float = 0.5
    date_source: DateSource | None = None
    place_source: PlaceSource | None = None
    geo_precision: int | None = None  # ACLED's: 1 the place itself, 2 near it or part of a region, 3 a region or country
    actor_inferred: bool = False  # the actor comes from the document's context, not from the event's own clause


@dataclass(frozen=True)
class Story:
    """Documents that report the same developments."""

    id: str
    episode_id: str | None
    doc_ids: tuple[str, ...]
    title: str | None
    date: DateRange = field(default_factory=DateRange)


@dataclass(frozen=True)
class SeriesPoint:
    """One report of a running total: when, how many (low/high as the figure gives them) and which figure."""

    date: str | None
    low: int
    high: int | None
    value: int
    figure_id: str


@dataclass(frozen=True)
class Series:
    """One reporter's running totals of a tally's kind, group and side, oldest first."""

    reporter: str
    reporter_id: str | None = None
    anonymous: bool = False
    points: tuple[SeriesPoint, ...] = ()


@dataclass(frozen=True)
class Tally:
    """Figures of one episode, kind, group and side reconciled into low/best/high.

    `series` holds each reporter's running totals over time (the points a chart steps through);
    `note` says in one sentence which rule picked `best` and with which figures.
    """

    episode_id: str
    kind: FigureKind
    group: Group
    low: int
    best: int
    high: int | None
    side: Actor | None = None
    as_of: str | None = None
    figure_ids: tuple[str, ...] = ()
    note: str = ""
    series: tuple[Series, ...] = ()


@dataclass(frozen=True)
class DocRecords:
    """Everything the per-document stages extract from one document."""

    document: Document
    mentions: tuple[Mention, ...] = ()
    figures: tuple[Figure, ...] = ()
    claims: tuple[Claim, ...] = ()
    events: tuple[Event, ...] = ()


def as_dict(record: Any) -> dict[str, Any]:
    """Return a record as the JSON-ready dict of the export contract.

    Tuples become lists; `PublishedDate` and `Period` keep their flat shape.
    """
    return _plain(record)


# Values JSON takes as they are: most fields of a record, and every id of a long `contradicts`.
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    # What dataclasses.asdict then a walk turning tuples into lists gave, in one walk without its deep copies:
    # the ledger writes every record through here, so scalars are passed without a call.
    names = _field_names(type(value))
    if names is not None:
        return {name: v if type(v) in _SCALARS else _plain(v) for name in names for v in (getattr(value, name),)}
    if isinstance(value, dict):
        return {k: v if type(v) in _SCALARS else _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [v if type(v) in _SCALARS else _plain(v) for v in value]
    return value


@functools.cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """The field names of a dataclass type, in order; None for any other type."""
    return tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None


def from_dict(cls: type, data: dict[str, Any]) -> Any:
    """Rebuild a record of type `cls` from the dict `as_dict` produced (keys it does not know are ignored)."""
    return decoder(cls)(data)


@functools.cache
def decoder(cls: type) -> Callable[[dict[str, Any]], Any]:
    """Return a function equal to `from_dict(cls, data)`, with the type hints walked once, not per record.

    The one decoder of the records' JSON form: the ledger rebuilds millions of records through it.

    Raises (from the function it returns):
        TypeError: `data` lacks a field that has no default.
    """
    hints = typing.get_type_hints(cls)
    plan = [(f.name, _value_decoder(hints.get(f.name))) for f in dataclasses.fields(cls)]
    defaults = {f.name: f.default for f in dataclasses.fields(cls) if f.default is not dataclasses.MISSING}
    factories = [(f.name, f.default_factory) for f in dataclasses.fields(cls)
                 if f.default_factory is not dataclasses.MISSING]
    # The records are plain frozen dataclasses (no __post_init__), checked when written: filling
    # the instance dict directly gives the object `cls(**kwargs)` would, without its slow __init__.
    direct = not any(hasattr(cls, name) for name in ("__post_init__", "__slots__"))

    def decode(data: dict[str, Any]) -> Any:
        values = {**defaults, **{name: None if data[name] is None else how(data[name])
                                 for name, how in plan if name in data}}
        for name, factory in factories:
            if name not in values:
                values[name] = factory()
        if not direct:
            return cls(**values)
        if len(values) < len(plan):
            missing = [name for name, _ in plan if name not in values]
            raise TypeError(f"{cls.__name__} needs {', '.join(missing)}")
        record = object.__new__(cls)
        record.__dict__.update(values)
        return record
    return decode


def _value_decoder(hint: Any) -> Callable[[Any], Any]:
    """How a non-None value of this type hint is rebuilt: records from dicts, tuples from lists."""
    args, origin = typing.get_args(hint), typing.get_origin(hint)
    if dataclasses.is_dataclass(hint):
        return decoder(hint)
    if origin is tuple:
        inner = _value_decoder(args[0] if args else None)
        if inner is _same:
            return tuple
        return lambda value: tuple(None if v is None else inner(v) for v in value)
    record = next((decoder(arg) for arg in args if dataclasses.is_dataclass(arg)), None)
    if record is None:
        return _same
    return lambda value: record(value) if isinstance(value, dict) else value


def _same(value: Any) -> Any:
    return value
