"""Pages of the claims and documents tables, filtered, sorted and cut by the database.

Each call reads one page (LIMIT/OFFSET) and the few document columns a table shows, never
a document's text, so a page costs the same at 100 documents as at 100,000. Filters use
the indexed key columns (claims.stance, documents.episode_id); sorting by a column other
than the default order (document, then position in it) is a sort of the filtered rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..records import Claim, PublishedDate, Span, Story, decoder
from .base import Ledger, chunks, marks
from .codec import decode_published, decode_record
from .places import EVENTS, EVERY_TYPE, MENTIONS

CLAIM_ORDERS = {
    "document": "c.doc_id {dir}, c.start {dir}",
    "date": "c.published {dir}, c.doc_id, c.start",
    "outlet": "d.source_name {dir}, c.doc_id, c.start",
    "speaker": "c.speaker {dir}, c.doc_id, c.start",
    "stance": "c.stance {dir}, c.doc_id, c.start",
}
"""Sort keys of the claims table and their SQL ({dir}: ASC or DESC)."""
DOC_ORDERS = {
    "id": "id {dir}",
    "date": "published {dir}, id",
    "outlet": "source_name {dir}, id",
    "title": "title {dir}, id",
}
"""Sort keys of the documents table and their SQL."""


@dataclass(frozen=True)
class Source:
    """What a table shows of a document: its id, title, outlet and publication date (no text)."""

    id: str
    title: str | None
    source_name: str | None
    published: PublishedDate | None
    episode_id: str | None = None


@dataclass(frozen=True)
class ClaimRow:
    """A claim with the document it was said in."""

    claim: Claim
    source: Source


def claim_page(ledger: Ledger, *, stance: str | None = None, speaker: str | None = None,
               episode_id: str | None = None, outlet: str | None = None, order: str = "document",
               descending: bool = False, limit: int = 50, offset: int = 0) -> tuple[list[ClaimRow], int]:
    """One page of claims with their documents, and how many claims pass the filters.

    Documents are joined only to sort by their outlet (a claim keeps its document's date, indexed);
    filters on them are subqueries on their indexed columns, and the page's documents are read by id at the end.
    """
    where, params = [], []
    for condition, value in (("c.stance = ?", stance),
                             ("c.doc_id IN (SELECT id FROM documents WHERE episode_id = ?)", episode_id),
                             ("c.doc_id IN (SELECT id FROM documents WHERE source_name = ?)", outlet)):
        if value:
            where.append(condition)
            params.append(value)
    if speaker:
        where.append(ledger.dialect.contains.format(column="c.speaker"))
        params.append(speaker.casefold())
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    total = _count(ledger, f"SELECT count(*) FROM claims c{clause}", params)
    order = order if order in CLAIM_ORDERS else "document"
    joined = " JOIN documents d ON d.id = c.doc_id" if order == "outlet" else ""
    sort = CLAIM_ORDERS[order].format(dir="DESC" if descending else "ASC")
    sql = f"SELECT c.data FROM claims c{joined}{clause} ORDER BY {sort} LIMIT ? OFFSET ?"
    claims = [decode_record("claims", r[0]) for r in ledger.query(sql, [*params, limit, offset])]
    sources = sources_by_id(ledger, [c.doc_id for c in claims])
    return [ClaimRow(c, sources.get(c.doc_id, Source(c.doc_id, None, None, None))) for c in claims], total


def document_page(ledger: Ledger, *, outlet: str | None = None, episode_id: str | None = None,
                  order: str = "id", descending: bool = False, limit: int = 50,
                  offset: int = 0) -> tuple[list[Source], int]:
    """One page of documents (without their text), and how many pass the filters."""
    where, params = [], []
    for condition, value in (("source_name = ?", outlet), ("episode_id = ?", episode_id)):
        if value:
            where.append(condition)
            params.append(value)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    total = _count(ledger, f"SELECT count(*) FROM documents{clause}", params)
    sort = DOC_ORDERS.get(order, DOC_ORDERS["id"]).format(dir="DESC" if descending else "ASC")
    sql = (f"SELECT id, title, source_name, published, episode_id FROM documents{clause} "
           f"ORDER BY {sort} LIMIT ? OFFSET ?")
    return [Source(r[0], r[1], r[2], decode_published(r[3]), r[4])
            for r in ledger.query(sql, [*params, limit, offset])], total


def outlets(ledger: Ledger, limit: int = 200) -> list[str]:
    """The outlets with the most documents, most first (for a filter menu)."""
    sql = ("SELECT source_name FROM documents WHERE source_name IS NOT NULL "
           "GROUP BY source_name ORDER BY count(*) DESC, source_name LIMIT ?")
    return [r[0] for r in ledger.query(sql, [limit])]


def records_by_id(ledger: Ledger, table: str, ids: Iterable[str]) -> dict[str, Any]:
    """The records of one table (mentions, figures, claims, events) with these ids, by id; unknown ids are skipped."""
    return {r[0]: decode_record(table, r[1]) for chunk in chunks(ids)
            for r in ledger.query(f"SELECT id, data FROM {table} WHERE id IN ({marks(chunk)})", chunk)}


def sources_by_id(ledger: Ledger, ids: Iterable[str]) -> dict[str, Source]:
    """Title, outlet and date of these documents (no text), by id."""
    sql = "SELECT id, title, source_name, published, episode_id FROM documents WHERE id IN ({})"
    return {r[0]: Source(r[0], r[1], r[2], decode_published(r[3]), r[4]) for chunk in chunks(ids)
            for r in ledger.query(sql.format(marks(chunk)), chunk)}


def latest_sources(ledger: Ledger, count: int) -> list[Source]:
    """The documents added last, newest first, without their text."""
    sql = "SELECT id, title, source_name, published, episode_id FROM documents ORDER BY seq DESC LIMIT ?"
    return [Source(r[0], r[1], r[2], decode_published(r[3]), r[4]) for r in ledger.query(sql, [count])]


def record_page(ledger: Ledger, table: str, equal: dict[str, Any], limit: int, offset: int,
                doc_id: str | None = None) -> tuple[list[Any], int]:
    """One page of a record table in its export order, filtered on key columns; and how many pass.

    Args:
        table: mentions, figures, claims or events.
        equal: key columns (as named in SQL) and the values they must equal; None values are ignored.
        doc_id: only records of this document (for events: reported by it).
    """
    conditions = [(f"{column} = ?", value) for column, value in equal.items() if value is not None]
    if doc_id is not None:
        column = "id IN (SELECT event_id FROM event_docs WHERE doc_id = ?)" if table == "events" else "doc_id = ?"
        conditions.append((column, doc_id))
    where = f" WHERE {' AND '.join(c for c, _ in conditions)}" if conditions else ""
    params = [v for _, v in conditions]
    total = _count(ledger, f"SELECT count(*) FROM {table}{where}", params)
    sql = f"SELECT data FROM {table}{where} ORDER BY {ledger.dialect.order[table]} LIMIT ? OFFSET ?"
    return [decode_record(table, r[0]) for r in ledger.query(sql, [*params, limit, offset])], total


def publication_dates(ledger: Ledger, ids: Iterable[str] | None = None) -> dict[str, PublishedDate | None]:
    """The publication date of these documents (of every one when None), by id; no text is read."""
    if ids is not None:
        return {i: s.published for i, s in sources_by_id(ledger, ids).items()}
    return {r[0]: decode_published(r[1]) for r in ledger.query("SELECT id, published FROM documents")}


def top_episode_ids(ledger: Ledger, count: int) -> list[str]:
    """The episodes reported by the most documents, most first (an index-only pass over documents)."""
    sql = ("SELECT episode_id FROM documents WHERE episode_id IS NOT NULL GROUP BY episode_id "
           "ORDER BY count(*) DESC, episode_id LIMIT ?")
    return [r[0] for r in ledger.query(sql, [count])]


def episode_count(ledger: Ledger) -> int:
    """How many episodes the documents belong to."""
    return _count(ledger, "SELECT count(DISTINCT episode_id) FROM documents")


def stories_of(ledger: Ledger, episode_ids: Iterable[str]) -> list[Story]:
    """The stories of these episodes (a story without an episode is its own: its id counts as one)."""
    sql = "SELECT data FROM stories WHERE episode_id IN ({0}) OR (episode_id IS NULL AND id IN ({0}))"
    return [decode_record("stories", r[0]) for chunk in chunks(episode_ids)
            for r in ledger.query(sql.format(marks(chunk)), chunk + chunk)]


@dataclass(frozen=True)
class EventPlace:
    """Where events happened, as counted at write time: the place, how many events of which types, and where to read."""

    name: str
    lat: float
    lon: float
    country: str | None
    count: int
    types: tuple[tuple[str, int], ...]
    """The types of the events with how many of each, most first (then by name)."""
    doc_ids: tuple[str, ...]
    """The first documents reporting them (at most `places.MAX_DOCS`), events in export order."""
    evidence: Span
    """The first event's first evidence."""


def place_page(ledger: Ledger, *, mentioned: bool = True, events: bool = True, type: str | None = None,  # noqa: A002
               countries: bool = False, limit: int = 50,
               offset: int = 0) -> tuple[list[tuple[Any, int, int]], list[EventPlace], int]:
    """One page of the map's places: mentioned places, then event places, each biggest first; and how many in all.

    Read from the counts kept at write time (`places`): the work is one page, whatever the ledger's size.
    A mentioned place is its first mention with how many mentions and documents name it; with `countries`
    false, places that are whole countries are left out. `type` keeps the events of one PLOVER type.
    """
    parts = []
    if mentioned:
        parts.append((MENTIONS, EVERY_TYPE, " AND mapped = ?" + ("" if countries else " AND country_wide = ?"),
                      [True] if countries else [True, False]))
    if events:
        parts.append((EVENTS, type or EVERY_TYPE, "", []))
    found: dict[str, list[tuple[str, str, int, str]]] = {MENTIONS: [], EVENTS: []}
    total, wanted = 0, limit
    for layer, kind, extra, params in parts:
        where = f"layer = ? AND type = ?{extra}"
        count = _count(ledger, f"SELECT count(*) FROM place_counts WHERE {where}", [layer, kind, *params])
        skip = max(offset - total, 0)  # the page starts this far into this layer
        if wanted and skip < count:
            sql = (f"SELECT place, name, records, data FROM place_counts WHERE {where} "
                   "ORDER BY records DESC, name, place LIMIT ? OFFSET ?")
            found[layer] = [tuple(r) for r in ledger.query(sql, [layer, kind, *params, wanted, skip])]
            wanted -= len(found[layer])
        total += count
    return _mentioned(ledger, found[MENTIONS]), [_event_place(*row) for row in found[EVENTS]], total


def _mentioned(ledger: Ledger, rows: list[tuple[str, str, int, str]]) -> list[tuple[Any, int, int]]:
    counted = [(json.loads(data), records) for _, _, records, data in rows]
    first = records_by_id(ledger, "mentions", [data["first"] for data, _ in counted])
    return [(first[data["first"]], records, data["docs"]) for data, records in counted if data["first"] in first]


def _event_place(place: str, name: str, records: int, data: str) -> EventPlace:
    _, lat, lon = json.loads(place)
    counted = json.loads(data)
    evidence = decoder(Span)(counted["evidence"])
    return EventPlace(name, lat, lon, counted["country"], records, tuple((t, n) for t, n in counted["types"]),
                      tuple(counted["doc_ids"]), evidence)


def _count(ledger: Ledger, sql: str, params: list[Any] | None = None) -> int:
    return int(next(ledger.query(sql, params or []))[0])
