"""What the field exports (ACLED, UCDP GED, GeoJSON) share: their codebooks as data, and the facts they all need.

`export_formats.tsv` lists every column of every format with its meaning, value
domain, how newsledger fills it and what is approximated; `check_value` tests a
value against a domain. `FieldContext` gathers what an event row needs beyond the
event itself: its documents (outlets, titles, dates, sentences), the killed
figures reported in the same sentence, the countries table and the episodes' tallies.
"""

from __future__ import annotations

import bisect
import csv
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..errors import FormatError
from ..lexicon import data_path, load_gazetteer
from ..records import Actor, Document, Event, Figure, Place, Span, Tally

FIELD_FORMATS = ("acled", "ucdp", "geojson")
COLUMNS = ("format", "column", "meaning", "domain", "required", "filled_from", "approximation", "source")
# Violent ACLED event types: the events UCDP GED would count as organised violence.
VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
# Statuses of events that took place; `historical` ones only when they carry their own date.
OCCURRED = frozenset({"asserted", "claimed"})
# A sentence ends at . ! or ? (before closing quotes) followed by space, or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+|\n+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_RANGE = re.compile(r"(int|float) (-?[\d.]+)\.\.(-?[\d.]+)")


@dataclass(frozen=True)
class FieldColumn:
    """One column of a field format, as its codebook defines it and as newsledger fills it."""

    format: str
    column: str
    meaning: str
    domain: str
    required: bool
    filled_from: str
    approximation: str
    source: str


@dataclass(frozen=True)
class Country:
    """A country as the field formats name it: ISO codes, name, ACLED and UCDP regions."""

    iso3: str
    iso_numeric: int | None
    name: str
    acled_region: str
    ucdp_region: str


@dataclass(frozen=True)
class EventDate:
    """The days an event row covers; `from_publication` when the text gave no date of its own."""

    start: str
    end: str
    precision: str
    from_publication: bool


@dataclass(frozen=True)
class FieldContext:
    """What event rows need beyond the event: documents, killed figures by document, countries, tallies."""

    documents: Mapping[str, Document]
    killed: Mapping[str, tuple[Figure, ...]]
    countries: Mapping[str, Country]
    admin1: Mapping[str, str]
    episode_killed: Mapping[str, int]
    now: datetime
    years: tuple[int, int]


def load_columns(fmt: str | None = None) -> tuple[FieldColumn, ...]:
    """The columns of `fmt` (all formats when None) from export_formats.tsv, in file order."""
    path = data_path("export_formats.tsv")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise FormatError(f"{path}: header {reader.fieldnames}, expected {COLUMNS}")
        rows = [
            FieldColumn(**{**row, "required": row["required"] == "yes"})  # type: ignore[arg-type]
            for row in reader
            if fmt is None or row["format"] == fmt
        ]
    if not rows:
        raise FormatError(f"{path}: no columns for format {fmt!r}")
    return tuple(rows)


def load_countries() -> dict[str, Country]:
    """ISO3 code → country, from countries.tsv."""
    with data_path("countries.tsv").open(encoding="utf-8", newline="") as handle:
        return {
            row["iso3"]: Country(
                row["iso3"], int(row["iso_numeric"]) if row["iso_numeric"] else None,
                row["name"], row["acled_region"], row["ucdp_region"],
            )
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        }


def check_value(column: FieldColumn, value: Any) -> str | None:
    """Why `value` is outside the column's domain, or None when it fits."""
    if value is None or value == "":
        return f"{column.column}: empty but required" if column.required else None
    domain = column.domain
    if domain.startswith("one of: "):
        allowed = domain.removeprefix("one of: ").split("|")
        return None if str(value) in allowed else f"{column.column}: {value!r} not one of {allowed}"
    if domain == "date":
        return None if isinstance(value, str) and _DATE.fullmatch(value) else f"{column.column}: {value!r} not a date"
    if domain == "bool":
        return None if isinstance(value, bool) else f"{column.column}: {value!r} not a boolean"
    if domain == "text":
        return None if isinstance(value, str) else f"{column.column}: {value!r} not text"
    return _check_number(column.column, domain, value)


def _check_number(name: str, domain: str, value: Any) -> str | None:
    kind, _, bounds = domain.partition(" ")
    if kind not in ("int", "float"):
        raise FormatError(f"export_formats.tsv: unknown domain {domain!r} of {name}")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind == "int" and not isinstance(value, int)):
        return f"{name}: {value!r} not {'an integer' if kind == 'int' else 'a number'}"
    found = _RANGE.fullmatch(domain)
    if bounds and found and not float(found[2]) <= value <= float(found[3]):
        return f"{name}: {value!r} outside {bounds}"
    return None


def check_rows(columns: Sequence[FieldColumn], rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """Every domain violation in `rows`, and every missing or unexpected column."""
    names = [c.column for c in columns]
    problems = []
    for i, row in enumerate(rows, 1):
        if list(row) != names:
            problems.append(f"row {i}: columns {list(row)} differ from {names}")
            continue
        problems += [f"row {i}: {p}" for c in columns if (p := check_value(c, row[c.column]))]
    return problems


def build_context(
    documents: Iterable[Document], figures: Iterable[Figure], tallies: Iterable[Tally], now: datetime
) -> FieldContext:
    """Gather documents, the killed figures of each, countries, admin divisions and episode death tallies."""
    killed: dict[str, list[Figure]] = defaultdict(list)
    for fig in figures:
        if fig.kind == "killed":
            killed[fig.doc_id].append(fig)
    episode_killed: dict[str, int] = defaultdict(int)
    for tally in tallies:
        if tally.kind == "killed":
            episode_killed[tally.episode_id] = max(episode_killed[tally.episode_id], tally.best)
    admin1 = {entry.name: entry.admin1 for entry in load_gazetteer() if entry.admin1}
    return FieldContext(
        {doc.id: doc for doc in documents}, {k: tuple(v) for k, v in killed.items()},
        load_countries(), admin1, dict(episode_killed), now, year_range(),
    )


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The start and end of the sentence(s) around `text[start:end]`."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    before = bisect.bisect_right(ends, start) - 1
    after = bisect.bisect_left(ends, max(end, start + 1))
    left = ends[before] if before >= 0 else 0
    right = ends[after] if after < len(ends) else len(text)
    return left, right


def sentence_of(ctx: FieldContext, span: Span) -> str:
    """The sentence of `span`, on one line."""
    doc = ctx.documents.get(span.doc_id)
    if doc is None:
        return " ".join(span.text.split())
    left, right = sentence_bounds(doc.text, span.start, span.end)
    return " ".join(doc.text[left:right].split())


def event_figures(event: Event, ctx: FieldContext) -> list[Figure]:
    """Killed figures reported in the same sentence as the event, not running totals or past wars."""
    found: dict[str, Figure] = {}
    for span in event.evidence:
        doc = ctx.documents.get(span.doc_id)
        if doc is None:
            continue
        left, right = sentence_bounds(doc.text, span.start, span.end)
        for fig in ctx.killed.get(span.doc_id, ()):
            if left <= fig.evidence.start < right and not fig.cumulative and not fig.historical:
                found[fig.id] = fig
    return sorted(found.values(), key=lambda f: (f.doc_id, f.evidence.start))


def event_date(event: Event, ctx: FieldContext) -> EventDate | None:
    """The event's own dates, else the publication range of its earliest document; None when neither is known."""
    if event.date.start:
        return EventDate(event.date.start, event.date.end or event.date.start, event.date.precision or "day", False)
    ranges = sorted(
        (doc.published.start, doc.published.end or doc.published.start)
        for doc_id in event.doc_ids
        if (doc := ctx.documents.get(doc_id)) and doc.published and doc.published.start
    )
    if not ranges:
        return None
    start, end = ranges[0]
    return EventDate(start, end, "day" if start == end else "week", True)


def left_out_reason(event: Event, ctx: FieldContext, acled_types: frozenset[str] | None = None) -> str | None:
    """Why an event gets no row in an event dataset, or None when it gets one."""
    if not event.acled_type or (acled_types is not None and event.acled_type not in acled_types):
        return "not a type this format codes"
    if event.status not in OCCURRED and not (event.status == "historical" and event.date.start):
        return f"status {event.status}"
    if not located(event.place):
        return "no coordinates"
    when = event_date(event, ctx)
    if when is None:
        return "no date"
    low, high = ctx.years
    if not low <= int(when.start[:4]) <= high:  # "a 14th-century church": no row, rather than a failed export
        return "year outside the format's"
    return None


def year_range() -> tuple[int, int]:
    """The years the event formats take (the `year` column's domain in export_formats.tsv)."""
    domain = next(c.domain for c in load_columns("acled") if c.column == "year")
    low, _, high = domain.removeprefix("int ").partition("..")
    return int(low), int(high)


def armed_party(actor: Actor | None) -> Actor | None:
    """The actor as a party to violence: news media report fighting, they are never a side of it."""
    return None if actor is None or actor.sector == "MED" else actor


def located(place: Place | None) -> bool:
    """Whether a place has both coordinates."""
    return place is not None and place.lat is not None and place.lon is not None


def outlets(event: Event, ctx: FieldContext) -> list[str]:
    """The outlets of the event's documents, each once, in document order."""
    names = [ctx.documents[d].source_name for d in event.doc_ids if d in ctx.documents]
    return list(dict.fromkeys(n for n in names if n))


def admin1_of(place: Place, ctx: FieldContext) -> str:
    """First-level division of a place: the gazetteer's, or the place itself when it is one."""
    if place.name in ctx.admin1:
        return ctx.admin1[place.name]
    return place.name if place.precision == "admin" else ""


def columns_markdown(columns: Sequence[FieldColumn]) -> str:
    """The columns of every format as Markdown tables, one per format (the generated part of docs/exports.md)."""
    out: list[str] = []
    for fmt in dict.fromkeys(c.format for c in columns):
        rows = [c for c in columns if c.format == fmt]
        out += [f"### {fmt}", "", f"Source: {rows[0].source}.", ""]
        out += ["| column | meaning | domain | required | how newsledger fills it | approximation |", "|---|---|---|---|---|---|"]
        for c in rows:
            name = f"`{c.column}`" + (" (extension)" if c.source != rows[0].source else "")
            cells = (c.meaning, c.domain, "yes" if c.required else "no", c.filled_from, c.approximation or "-")
            out.append(f"| {name} | " + " | ".join(_md(cell) for cell in cells) + " |")
        out.append("")
    return "\n".join(out)


def _md(text: str) -> str:
    return text.replace("|", "\\|")
