"""The map's place layers counted at write time: `place_counts`, one row per place and layer.

`/api/places` lists the places documents mention (how many mentions, in how many documents)
and the places events happened at (how many, of which types) over the whole ledger, biggest
first. Counting that per request reads every mention and event; instead each write recounts
the places it touched (`recount`), through the indexes of migration 005, inside its own
transaction, so the table always equals a count from scratch. A request reads one page of it.

Rows (`layer`, `type`, `place`):
- ("places", "", name): the mentions of a place name. `data` holds the first mention's id
  (the smallest) and how many documents mention the name; the row exists only when that
  first mention's place has coordinates, and `country_wide` says whether it is a country.
- ("events", "" or a PLOVER type, place key): the events at one place (see `codec.place_key`),
  of every type or of one. `data` holds the first event's evidence and country, the types
  with their counts (most first, then by name) and the first `MAX_DOCS` documents, events
  taken in export order (first document, position, id).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from .codec import dumps, place_key

MENTIONS, EVENTS, EVERY_TYPE = "places", "events", ""
MAX_DOCS = 20
"""Documents kept with an events row (a marker lists these)."""
_INSERT = ("INSERT INTO place_counts (layer, type, place, name, records, country_wide, data) "
           "VALUES (?, ?, ?, ?, ?, ?, ?)")
_BATCH = 64


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
    if not count:
        return
    place = json.loads(conn.execute("SELECT data FROM mentions WHERE id = ?", (first,)).fetchone()[0]).get("place")
    if not place or place.get("lat") is None or place.get("lon") is None:
        return
    conn.execute(_INSERT, (MENTIONS, EVERY_TYPE, name, name, count, place.get("precision") == "country",
                           dumps({"first": first, "docs": docs})))


def _recount_events(conn: Any, key: str) -> None:
    conn.execute("DELETE FROM place_counts WHERE layer = ? AND place = ?", (EVENTS, key))
    counts = sorted(((t, n) for t, n in conn.execute(
        "SELECT type, count(*) FROM events WHERE place_key = ? GROUP BY type", (key,)).fetchall()),
        key=lambda c: (-c[1], c[0]))
    if not counts:
        return
    name = json.loads(key)[0]
    for type_, types in [(EVERY_TYPE, counts), *((t, [(t, n)]) for t, n in counts)]:
        first, doc_ids = _first_events(conn, key, type_)
        data = {"evidence": first["evidence"][0], "country": (first.get("place") or {}).get("country"),
                "types": [list(t) for t in types], "doc_ids": doc_ids}
        conn.execute(_INSERT, (EVENTS, type_, key, name, sum(n for _, n in types), False, dumps(data)))


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
