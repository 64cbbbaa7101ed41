"""The map's place layers counted at write time: `place_counts`, one row per place and layer.

`/api/places` lists the places documents mention (how many mentions, in how many documents)
and the places events happened at (how many, of which types) over the whole ledger, biggest
first. Counting that per request reads every mention and event; instead each write recounts
the places it touched, inside its own transaction, so the table always equals a count from
scratch: storing new documents adds their counts (`add`: the work of the batch, whatever the
ledger's size); deleting or replacing records counts their places again (`recount`, through
the indexes of migration 005). A request reads one page of it.

Rows (`layer`, `type`, `place`):
- ("places", "", name): the mentions of a place name. `data` holds the first mention's id
  (the smallest) and how many documents mention the name; `mapped` and `country_wide` say
  whether that first mention's place has coordinates and whether it is a country.
- ("events", "" or a PLOVER type, place key): the events at one place (see `codec.place_key`),
  of every type or of one. `data` holds the first event's evidence and country, the types
  with their counts (most first, then by name) and the first `MAX_DOCS` documents, events
  taken in export order (first document, position, id).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Any

from .codec import dumps, place_key

MENTIONS, EVENTS, EVERY_TYPE = "places", "events", ""
MAX_DOCS = 20
"""Documents kept with an events row (a marker lists these)."""
_INSERT = ("INSERT INTO place_counts (layer, type, place, name, records, mapped, country_wide, data) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
_BATCH = MAX_DOCS  # events read at a time: one document each, usually


def add(conn: Any, rows: dict[str, list[tuple[Any, ...]]]) -> None:
    """Add the counts of rows just inserted for new documents (`codec.rows_of`) to the places they name."""
    mentions: dict[str, list[tuple[str, str]]] = {}
    for row in rows.get("mentions", ()):
        if row[2] == "place" and row[3] is not None:
            mentions.setdefault(row[3], []).append((row[0], row[1]))
    for name, found in sorted(mentions.items()):
        _add_mentions(conn, name, found)
    events: dict[str, Counter[str]] = {}
    for row in rows.get("events", ()):
        if row[6] is not None:
            events.setdefault(row[6], Counter())[row[2]] += 1
    for key, added in sorted(events.items()):
        _add_events(conn, key, added)


def touched_by_rows(rows: dict[str, list[tuple[Any, ...]]]) -> tuple[set[str], set[str]]:
    """The place names and event place keys of rows about to be inserted (`codec.rows_of`)."""
    names = {row[3] for row in rows.get("mentions", ()) if row[2] == "place" and row[3] is not None}
    keys = {row[6] for row in rows.get("events", ()) if row[6] is not None}
    return names, keys


def touched_by_documents(conn: Any, doc_ids: list[str]) -> tuple[set[str], set[str]]:
    """The place names these stored documents mention, and the place keys of the events they report."""
    marks = ", ".join("?" * len(doc_ids))
    names = {r[0] for r in conn.execute(
        f"SELECT DISTINCT name FROM mentions WHERE kind = 'place' AND doc_id IN ({marks}) AND name IS NOT NULL",
        doc_ids)}
    keys = {r[0] for r in conn.execute(
        f"SELECT DISTINCT e.place_key FROM events e JOIN event_docs d ON d.event_id = e.id "
        f"WHERE d.doc_id IN ({marks}) AND e.place_key IS NOT NULL", doc_ids)}
    return names, keys


def touched_by_events(conn: Any, event_ids: list[str]) -> set[str]:
    """The place keys of these stored events."""
    marks = ", ".join("?" * len(event_ids))
    return {r[0] for r in conn.execute(
        f"SELECT DISTINCT place_key FROM events WHERE id IN ({marks}) AND place_key IS NOT NULL", event_ids)}


def recount(conn: Any, names: Iterable[str], keys: Iterable[str]) -> None:
    """Rewrite the rows of these place names and event place keys from the mentions and events stored now."""
    for name in sorted(set(names)):
        _recount_mentions(conn, name)
    for key in sorted(set(keys)):
        _recount_events(conn, key)


def fill(conn: Any) -> None:
    """Set every event's place key and count every place (migration 005, on an existing ledger)."""
    rows = conn.execute("SELECT id, data FROM events").fetchall()
    keys: set[str] = set()
    for event_id, data in rows:
        key = place_key(json.loads(data))
        if key is not None:
            keys.add(key)
            conn.execute("UPDATE events SET place_key = ? WHERE id = ?", (key, event_id))
    names = [r[0] for r in conn.execute(
        "SELECT DISTINCT name FROM mentions WHERE kind = 'place' AND name IS NOT NULL").fetchall()]
    recount(conn, names, keys)


def _recount_mentions(conn: Any, name: str) -> None:
    conn.execute("DELETE FROM place_counts WHERE layer = ? AND type = ? AND place = ?", (MENTIONS, EVERY_TYPE, name))
    first, count, docs = conn.execute(
        "SELECT min(id), count(*), count(DISTINCT doc_id) FROM mentions WHERE kind = 'place' AND name = ?",
        (name,)).fetchone()
    if count:
        _write_mentions(conn, name, first, count, docs)


def _add_mentions(conn: Any, name: str, found: list[tuple[str, str]]) -> None:
    """Count new mentions (id, document) of a name; their documents are new, so each counts once more."""
    row = conn.execute("SELECT records, data FROM place_counts WHERE layer = ? AND type = ? AND place = ?",
                       (MENTIONS, EVERY_TYPE, name)).fetchone()
    if row is None:
        _recount_mentions(conn, name)  # a new name: only these mentions have it
        return
    counted = json.loads(row[1])
    conn.execute("DELETE FROM place_counts WHERE layer = ? AND type = ? AND place = ?", (MENTIONS, EVERY_TYPE, name))
    first = min(counted["first"], *(mention_id for mention_id, _ in found))
    _write_mentions(conn, name, first, row[0] + len(found), counted["docs"] + len({d for _, d in found}))


def _write_mentions(conn: Any, name: str, first: str, count: int, docs: int) -> None:
    place = json.loads(conn.execute("SELECT data FROM mentions WHERE id = ?", (first,)).fetchone()[0]).get("place")
    mapped = bool(place) and place.get("lat") is not None and place.get("lon") is not None
    country_wide = bool(place) and place.get("precision") == "country"
    conn.execute(_INSERT, (MENTIONS, EVERY_TYPE, name, name, count, mapped, country_wide,
                           dumps({"first": first, "docs": docs})))


def _recount_events(conn: Any, key: str) -> None:
    conn.execute("DELETE FROM place_counts WHERE layer = ? AND place = ?", (EVENTS, key))
    counts = dict(conn.execute("SELECT type, count(*) FROM events WHERE place_key = ? GROUP BY type", (key,)).fetchall())
    _write_events(conn, key, counts, list(counts))


def _add_events(conn: Any, key: str, added: Counter[str]) -> None:
    """Count new events at a place, by type; the first events and their documents are read again (a few rows)."""
    counts = Counter(dict(conn.execute("SELECT type, records FROM place_counts WHERE layer = ? AND place = ? "
                                       "AND type <> ?", (EVENTS, key, EVERY_TYPE)).fetchall()))
    if not counts:
        _recount_events(conn, key)  # a new place: only these events are there
        return
    counts.update(added)
    for type_ in (EVERY_TYPE, *added):
        conn.execute("DELETE FROM place_counts WHERE layer = ? AND type = ? AND place = ?", (EVENTS, type_, key))
    _write_events(conn, key, counts, list(added))


def _write_events(conn: Any, key: str, counts: dict[str, int], types: list[str]) -> None:
    """Write the all-types row of a place and the rows of these types, from every type's count there."""
    if not counts:
        return
    ordered = sorted(counts.items(), key=lambda c: (-c[1], c[0]))
    name = json.loads(key)[0]
    for type_ in (EVERY_TYPE, *types):
        shown = ordered if type_ == EVERY_TYPE else [(type_, counts[type_])]
        first, doc_ids = _first_events(conn, key, type_)
        data = {"evidence": first["evidence"][0], "country": (first.get("place") or {}).get("country"),
                "types": [list(t) for t in shown], "doc_ids": doc_ids}
        conn.execute(_INSERT, (EVENTS, type_, key, name, sum(n for _, n in shown), True, False, dumps(data)))


def _first_events(conn: Any, key: str, type_: str) -> tuple[dict[str, Any], list[str]]:
    """The first event at a place (of one type, unless ""), and the first `MAX_DOCS` documents reporting them."""
    where = "place_key = ?" + (" AND type = ?" if type_ else "")
    params: list[Any] = [key, *([type_] if type_ else [])]
    first: dict[str, Any] = {}
    docs: dict[str, None] = {}
    offset = 0
    while True:
        batch = conn.execute(f"SELECT data FROM events WHERE {where} ORDER BY first_doc_id, start, id "
                             "LIMIT ? OFFSET ?", [*params, _BATCH, offset]).fetchall()
        for (data,) in batch:
            event = json.loads(data)
            first = first or event
            for doc_id in event.get("doc_ids", ()):
                if len(docs) < MAX_DOCS:
                    docs[doc_id] = None
        offset += _BATCH
        if len(docs) >= MAX_DOCS or len(batch) < _BATCH:
            break
    return first, list(docs)
