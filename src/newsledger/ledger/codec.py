"""Records to table rows and back: the ledger's one codec, shared by the SQLite and PostgreSQL ledgers.

A record is stored as its `as_dict()` JSON (`data`) next to a few key columns used for
filtering and ordering; it is rebuilt with `records.decoder`. A document keeps its fields
in columns (its text is searched and its links updated in place) and anything else in `data`.
Every evidence span is checked against its document's text before a row is made, so the
ledger never holds a span that does not quote its document.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import MISSING, dataclass, fields, is_dataclass
from datetime import datetime, timezone
from typing import Any

from ..errors import LedgerError
from ..records import (
    Claim,
    DocRecords,
    Document,
    Event,
    Figure,
    Mention,
    PublishedDate,
    Span,
    Story,
    Tally,
    as_dict,
    decoder,
)

DOC_COLUMNS = (
    "id", "source_path", "url", "source_name", "title", "language",
    "text", "removed", "published", "story_id", "episode_id", "analysed", "relevance",
)
"""The document fields kept in columns of their own; the rest go in the `data` JSON."""
DOC_SELECT = f"SELECT {', '.join(DOC_COLUMNS)}, data FROM documents"
"""The columns `document_dict` reads."""
RECORD_CLASSES: dict[str, type] = {
    "mentions": Mention, "figures": Figure, "claims": Claim,
    "events": Event, "stories": Story, "tallies": Tally,
}
"""The record type stored in each table but documents."""
ROW_TABLES = ("documents", "mentions", "figures", "claims", "events", "event_docs")
"""The tables a document's rows go to, in insert order (parents first)."""

INSERTS = {
    "documents": f"INSERT INTO documents ({', '.join(DOC_COLUMNS)}, added_at, data) "
    f"VALUES ({', '.join('?' * (len(DOC_COLUMNS) + 2))})",
    "mentions": "INSERT INTO mentions (id, doc_id, kind, name, start, data) VALUES (?, ?, ?, ?, ?, ?)",
    "figures": 'INSERT INTO figures (id, doc_id, kind, "group", low, high, start, data) '
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "claims": "INSERT INTO claims (id, doc_id, stance, speaker, start, data, published) VALUES (?, ?, ?, ?, ?, ?, ?)",
    "events": "INSERT INTO events (id, first_doc_id, type, status, start, data, place_key) VALUES (?, ?, ?, ?, ?, ?, ?)",
    "event_docs": "INSERT INTO event_docs (event_id, doc_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
    "stories": "INSERT INTO stories (id, episode_id, title, data) VALUES (?, ?, ?, ?)",
    "tallies": 'INSERT INTO tallies (episode_id, kind, "group", data) VALUES (?, ?, ?, ?)',
}
"""The insert of each of `ROW_TABLES` (the rows `rows_of` makes), of stories (`story_row`) and tallies (`tally_row`)."""


def dumps(obj: Any) -> str:
    """The compact JSON text of a value, as stored; NaN and infinities are refused."""
    try:
        return json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except ValueError as exc:
        raise LedgerError(f"record is not valid JSON ({exc}): {str(obj)[:200]}") from exc


@dataclass(frozen=True)
class EncodedRecords:
    """A document's records already encoded as ledger rows (`encode`): what a worker process sends back.

    Pickling rows (tuples of strings and numbers) costs a fraction of pickling the records they
    encode, and the process that writes the ledger then neither rebuilds nor encodes them.
    """

    doc_id: str
    analysed: bool
    counts: Mapping[str, int]  # records of each kind ("mentions", "figures", "claims", "events")
    rows: Mapping[str, list[tuple[Any, ...]]]


def encode(records: DocRecords) -> EncodedRecords:
    """Encode (and check) a document's records as its rows of each of `ROW_TABLES`."""
    counts = {name: len(getattr(records, name)) for name in ("mentions", "figures", "claims", "events")}
    return EncodedRecords(records.document.id, records.document.analysed, counts, rows_of(records))


def prepared_rows(records: DocRecords | EncodedRecords) -> tuple[str, Mapping[str, list[tuple[Any, ...]]]]:
    """A document's id and its rows, encoded here unless a worker did (`encode`)."""
    if isinstance(records, EncodedRecords):
        return records.doc_id, records.rows
    return records.document.id, rows_of(records)


def rows_of(records: DocRecords) -> dict[str, list[tuple[Any, ...]]]:
    """Encode one document and its records as rows of each of `ROW_TABLES`, refusing inconsistent records."""
    doc = records.document
    rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in ROW_TABLES}
    rows["documents"].append(document_row(doc))
    # A claim keeps its document's date, the key the claims table sorts by, through its own index.
    published = rows["documents"][0][DOC_COLUMNS.index("published")]
    for mention in records.mentions:
        _check(doc, mention.id, mention.doc_id, _spans(mention))
        named = mention.actor or mention.place
        rows["mentions"].append((
            mention.id, mention.doc_id, mention.kind, named.name if named else None,
            mention.evidence.start, dumps(as_dict(mention)),
        ))
    for figure in records.figures:
        _check(doc, figure.id, figure.doc_id, _spans(figure))
        rows["figures"].append((
            figure.id, figure.doc_id, figure.kind, figure.group, figure.low, figure.high,
            figure.evidence.start, dumps(as_dict(figure)),
        ))
    for claim in records.claims:
        _check(doc, claim.id, claim.doc_id, _spans(claim))
        rows["claims"].append((
            claim.id, claim.doc_id, claim.stance, speaker_key(claim),
            claim.evidence.start, dumps(as_dict(claim)), published,
        ))
    for event in records.events:
        if doc.id not in event.doc_ids:
            raise LedgerError(f"event {event.id} does not list its document {doc.id} in doc_ids")
        _check(doc, event.id, doc.id, _spans(event))
        rows["events"].append(event_row(event))
        rows["event_docs"].extend((event.id, doc_id) for doc_id in event.doc_ids)
    return rows


def _check(doc: Document, record_id: str, doc_id: str, spans: Iterable[Span]) -> None:
    """Refuse a record that belongs elsewhere or whose evidence does not quote the text."""
    if doc_id != doc.id:
        raise LedgerError(f"record {record_id} has doc_id {doc_id}, stored with document {doc.id}")
    for span in spans:
        if span.doc_id != doc.id:
            continue
        if not 0 <= span.start <= span.end <= len(doc.text) or doc.text[span.start : span.end] != span.text:
            raise LedgerError(
                f"record {record_id}: evidence [{span.start}:{span.end}] {span.text!r} "
                f"does not match the text of document {doc.id}"
            )


def _spans(record: Any) -> Iterator[Span]:
    """Every span a record carries (evidence and any other span field, such as a figure's quantity)."""
    for f in fields(record):
        value = getattr(record, f.name)
        if isinstance(value, Span):
            yield value
        elif isinstance(value, tuple):
            yield from (item for item in value if isinstance(item, Span))


def document_row(doc: Document) -> tuple[Any, ...]:
    """The documents row of a document: its `DOC_COLUMNS`, the time it is added, and the other fields as JSON."""
    data = as_dict(doc)
    data["removed"] = dumps(data["removed"])
    data["published"] = None if data["published"] is None else dumps(data["published"])
    extra = {key: value for key, value in data.items() if key not in DOC_COLUMNS}
    added_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return (*(data[column] for column in DOC_COLUMNS), added_at, dumps(extra))


def document_dict(row: Any) -> dict[str, Any]:
    """The `as_dict()` form of a document from its row (`DOC_COLUMNS` and `data`, by name)."""
    data = {**record_defaults(Document), **json.loads(row["data"])}
    data.update({column: row[column] for column in DOC_COLUMNS})
    data["removed"] = json.loads(row["removed"])
    data["analysed"] = bool(row["analysed"])  # an SQLite integer
    data["published"] = None if row["published"] is None else json.loads(row["published"])
    return data


def decode_document(row: Any) -> Document:
    """The document stored in a row."""
    return decoder(Document)(document_dict(row))


def decode_published(value: str | None) -> PublishedDate | None:
    """A document's publication date from its `published` column."""
    return None if value is None else decoder(PublishedDate)(json.loads(value))


def decode_record(table: str, data: str) -> Any:
    """The record of one table but documents rebuilt from its `data` JSON."""
    return decoder(RECORD_CLASSES[table])(json.loads(data))


def event_row(event: Event) -> tuple[Any, ...]:
    """The events row of an event: its id, first document, type, status, first evidence start, JSON and place key."""
    first_doc = event.doc_ids[0] if event.doc_ids else None
    start = event.evidence[0].start if event.evidence else None
    data = as_dict(event)
    return (event.id, first_doc, event.type, event.status, start, dumps(data), place_key(data))


def place_key(event: dict[str, Any]) -> str | None:
    """The place an event (as its JSON dict) is counted at on the map: JSON [name, lat, lon], or None.

    None when it has no place with coordinates or no evidence to link to (the map skips it).
    """
    place = event.get("place") or {}
    if place.get("lat") is None or place.get("lon") is None or not event.get("evidence"):
        return None
    return dumps([place["name"], place["lat"], place["lon"]])


def story_row(story: Story) -> tuple[Any, ...]:
    """The stories row of a story."""
    return (story.id, story.episode_id, story.title, dumps(as_dict(story)))


def tally_row(tally: Tally) -> tuple[Any, ...]:
    """The tallies row of a tally (its `seq` is given by the database)."""
    return (tally.episode_id, tally.kind, tally.group, dumps(as_dict(tally)))


def speaker_key(claim: Claim) -> str:
    """The casefolded speaker name and words, searched by `claims(speaker=...)`."""
    return "\x1f".join(part.casefold() for part in (claim.speaker.name, claim.speaker.text) if part)


def record_defaults(cls: type) -> dict[str, Any]:
    """The `as_dict()` form of each field default of a record type.

    A field added to a record type after a row was written is absent from its JSON: a
    reader that skips rebuilding the record fills it in from these.
    """
    defaults: dict[str, Any] = {}
    for f in fields(cls):
        if f.default is not MISSING:
            value = f.default
        elif f.default_factory is not MISSING:
            value = f.default_factory()
        else:
            continue
        defaults[f.name] = as_dict(value) if is_dataclass(value) else list(value) if isinstance(value, tuple) else value
    return defaults
