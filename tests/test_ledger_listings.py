"""Listings that stay fast on a large ledger (migration 005): claims sorted by date through an index,
and the map's places counted at write time, always equal to a count from scratch."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections import Counter

import pytest

from newsledger.ledger import Ledger, listing, migrations
from newsledger.ledger.codec import rows_of
from newsledger.ledger.migrations import MIGRATIONS
from newsledger.ledger.codec import INSERTS
from newsledger.records import (
    Actor,
    Claim,
    DocRecords,
    Document,
    Event,
    Mention,
    Place,
    PublishedDate,
    Span,
    stable_id,
)

TOWNS = (Place("Northtown", "WLD", 40.1, 45.2, None, "exact"), Place("Southtown", "WLD", 39.5, 45.0, None, "exact"),
         Place("Westland", "WLD", 40.0, 44.0, None, "country"), Place("Nowhere", None, None, None, None, None),
         Place("Farcity", "NLD", 52.0, 5.0, None, "exact"))
DAYS = ("2021-03-12", "2021-03-10", None, "2021-03-12", "2021-03-11")


def doc_records(n: int, towns: tuple[Place, ...] | None = None, day: str | None = "") -> DocRecords:
    """A document naming some of `TOWNS`, with one event at each (assaults, talks in Farcity) and one claim."""
    towns = towns or tuple(TOWNS[(n + i) % len(TOWNS)] for i in range(3))
    text = f"Report {n}. " + " ".join(f"Fighting near {t.name}." for t in towns) + " Westland denied it."
    doc_id = f"doc_{n:04d}"
    day = DAYS[n % len(DAYS)] if day == "" else day

    def span(phrase: str, after: int = 0) -> Span:
        start = text.index(phrase, after)
        return Span.of(doc_id, text, start, start + len(phrase))

    published = None if day is None else PublishedDate(day, day, "day", "text", ())
    doc = Document(id=doc_id, text=text, title=f"Report {n}", source_name="Example News", published=published)
    mentions, events = [], []
    for t in towns:
        at = span(f"near {t.name}")
        mentions.append(Mention(stable_id("men", doc_id, at.start), doc_id, span(t.name, at.start), "place", place=t))
        kind = "CONSULT" if t.name == "Farcity" else "ASSAULT"
        events.append(Event(stable_id("evt", doc_id, at.start), (doc_id,), (span(f"Fighting near {t.name}"),),
                            kind, "asserted", place=t))
    said = span("Westland denied it")
    claim = Claim(stable_id("clm", doc_id, said.start), doc_id, said, Actor("Westland"), "denied", "deny", "it")
    return DocRecords(doc, tuple(mentions), (), (claim,), tuple(events))


def from_scratch(ledger: Ledger) -> tuple[list[tuple[str, int, int, str]], list[tuple[object, ...]]]:
    """The map's places counted over every stored mention and event, as `/api/places` once did per request."""
    by_name: dict[str, list[Mention]] = {}
    for m in ledger.mentions(kind="place"):
        by_name.setdefault(m.place.name, []).append(m)
    mentioned = []
    for name, found in by_name.items():
        first = min(found, key=lambda m: m.id)
        if first.place.lat is not None and first.place.lon is not None:
            mentioned.append((name, len(found), len({m.doc_id for m in found}), first.id))
    mentioned.sort(key=lambda row: (-row[1], row[0]))
    at: dict[tuple[str, float, float], list[Event]] = {}
    for e in ledger.events():  # export order: first document, position, id
        if e.place and e.place.lat is not None and e.place.lon is not None and e.evidence:
            at.setdefault((e.place.name, e.place.lat, e.place.lon), []).append(e)
    places = []
    for (name, lat, lon), events in at.items():
        types = tuple(sorted(Counter(e.type for e in events).items(), key=lambda c: (-c[1], c[0])))
        docs = list(dict.fromkeys(d for e in events for d in e.doc_ids))[:20]
        places.append((name, lat, lon, events[0].place.country, len(events), types, tuple(docs), events[0].evidence[0]))
    places.sort(key=lambda row: (-row[4], row[0]))
    return mentioned, places


def stored(ledger: Ledger, countries: bool = True) -> tuple[list[tuple[str, int, int, str]], list[tuple[object, ...]]]:
    mentioned, events, total = listing.place_page(ledger, countries=countries, limit=1000)
    assert total == len(mentioned) + len(events)
    return ([(m.place.name, n, d, m.id) for m, n, d in mentioned],
            [tuple(getattr(p, f.name) for f in dataclasses.fields(p)) for p in events])


def test_place_counts_equal_a_count_from_scratch_after_every_kind_of_write(ledger):
    for first in range(0, 12, 4):  # batches add to the counts of places already counted
        ledger.add_many(doc_records(n) for n in range(first, first + 4))
        assert stored(ledger) == from_scratch(ledger)
    ledger.add_many([doc_records(5), doc_records(12, (TOWNS[3], TOWNS[4]))])  # a known document is skipped
    assert stored(ledger) == from_scratch(ledger)
    expected_mentions, _ = from_scratch(ledger)
    assert "Nowhere" not in {name for name, *_ in expected_mentions}  # no coordinates: not on the map
    without = stored(ledger, countries=False)[0]
    assert [row for row in expected_mentions if row[0] != "Westland"] == without

    # A reanalysis: documents deleted with their records and stored again with other places.
    ledger.replace_documents([doc_records(3, (TOWNS[0], TOWNS[1])), doc_records(4, (TOWNS[4],))])
    assert stored(ledger) == from_scratch(ledger)

    # Linking merges events (one event reported by two documents, now at another place) and deletes others.
    first, second = ledger.events(doc_id="doc_0001")[:2]
    merged = dataclasses.replace(first, doc_ids=(*first.doc_ids, "doc_0007"), place=TOWNS[1], type="COERCE")
    ledger.put_events([merged])
    ledger.delete_events([second.id])
    assert stored(ledger) == from_scratch(ledger)
    assert any(("COERCE", 1) in place[5] for place in stored(ledger)[1])


def test_event_types_and_pages_cut_across_both_layers(ledger):
    ledger.add_many(doc_records(n) for n in range(10))
    mentioned, places = stored(ledger, countries=False)
    every = [("places", row[0]) for row in mentioned] + [("events", row[0]) for row in places]
    for offset in range(len(every) + 1):
        for limit in (1, 2, 5):
            got, events, total = listing.place_page(ledger, limit=limit, offset=offset)
            names = [("places", m.place.name) for m, _, _ in got] + [("events", p.name) for p in events]
            assert total == len(every) and names == every[offset:offset + limit]
    talks = listing.place_page(ledger, mentioned=False, type="CONSULT")[1]
    assert [(p.name, p.count, p.types) for p in talks] == [("Farcity", 6, (("CONSULT", 6),))]
    assert listing.place_page(ledger, events=False, countries=False, limit=1000)[2] == len(mentioned)


def test_claims_sorted_by_date_as_by_their_documents_published_column(ledger):
    ledger.add_many(doc_records(n) for n in range(15))
    published = {d.id: d.published for d in ledger.documents()}
    key = {d.id: row[0] for d in ledger.documents()
           for row in ledger.query("SELECT published FROM documents WHERE id = ?", [d.id])}
    by_position = sorted(ledger.claims(), key=lambda c: (c.doc_id, c.evidence.start))
    undated = [c for c in by_position if key[c.doc_id] is None]
    for descending in (False, True):
        # ORDER BY the date (NULL first, ascending), then document and position, ascending either way.
        dated = sorted((c for c in by_position if key[c.doc_id] is not None), key=lambda c: key[c.doc_id],
                       reverse=descending)
        order = dated + undated if descending else undated + dated
        rows, total = listing.claim_page(ledger, order="date", descending=descending, limit=100)
        assert total == 15 and [r.claim for r in rows] == order
        assert all(r.source.published == published[r.claim.doc_id] for r in rows)
        page, _ = listing.claim_page(ledger, order="date", descending=descending, limit=4, offset=6)
        assert [r.claim for r in page] == order[6:10]


def _plan(ledger: Ledger, sql: str, params: list[object]) -> list[str]:
    return [row[3] for row in ledger._conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)]


def test_date_sorts_and_place_pages_read_an_index_in_order(ledger):
    """SQLite's plan: claims and documents sorted by date, and a page of places, come in index order (no sort).

    The outlets menu is counted from an index, without reading the documents' rows.
    """
    ledger.add_many(doc_records(n) for n in range(5))
    statements: list[str] = []
    ledger._conn.set_trace_callback(statements.append)
    try:
        for descending, index in ((False, "claims_published"), (True, "claims_published_desc")):
            statements.clear()
            listing.claim_page(ledger, order="date", descending=descending, limit=3, offset=2)
            (sql,) = [s for s in statements if "ORDER BY" in s]
            plan = _plan(ledger, sql, [])
            assert plan == [f"SCAN c USING INDEX {index}"], plan
        for descending, index in ((False, "documents_published"), (True, "documents_published_desc")):
            statements.clear()
            listing.document_page(ledger, order="date", descending=descending, limit=3)
            (sql,) = [s for s in statements if "ORDER BY" in s]
            assert _plan(ledger, sql, []) == [f"SCAN documents USING INDEX {index}"]
        statements.clear()
        listing.outlets(ledger)
        assert _plan(ledger, statements[-1], [])[0].startswith("SEARCH documents USING COVERING INDEX documents_outlet")
        statements.clear()
        listing.place_page(ledger, limit=3)
        pages = [s for s in statements if "FROM place_counts" in s]
        assert len(pages) == 3  # the mentions' count and page; the events' count (the page is full)
        for sql in pages:
            plan = _plan(ledger, sql, [])
            assert all(step.startswith("SEARCH place_counts USING") for step in plan), plan
            assert not any("TEMP B-TREE" in step for step in plan), plan
    finally:
        ledger._conn.set_trace_callback(None)


_OLD_INSERTS = {  # the claims and events rows before 005 (the other tables are unchanged)
    "claims": "INSERT INTO claims (id, doc_id, stance, speaker, start, data) VALUES (?, ?, ?, ?, ?, ?)",
    "events": "INSERT INTO events (id, first_doc_id, type, status, start, data) VALUES (?, ?, ?, ?, ?, ?)",
}


def test_a_ledger_from_schema_004_migrates_with_its_rows_and_results(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.apply(conn, MIGRATIONS[:4])
    conn.execute("PRAGMA foreign_keys = ON")
    for n in range(12):
        for table, rows in rows_of(doc_records(n)).items():
            for row in rows:
                if table in ("claims", "events"):
                    conn.execute(_OLD_INSERTS[table], row[:6])
                else:
                    conn.execute(INSERTS[table], row)
    conn.close()
    with Ledger(tmp_path / "new.db") as fresh, Ledger(path) as old:
        fresh.add_many(doc_records(n) for n in range(12))
        assert old.migrated == ["005_listings"]
        assert old.stats() == fresh.stats() and old.claims() == fresh.claims() and old.events() == fresh.events()
        assert stored(old) == stored(fresh) == from_scratch(old)
        for descending in (False, True):
            assert (listing.claim_page(old, order="date", descending=descending)
                    == listing.claim_page(fresh, order="date", descending=descending))
        # What the migration filled is kept up to date by the writes that follow it.
        old.replace_documents([doc_records(2, (TOWNS[1],), day="2030-01-01")])
        assert stored(old) == from_scratch(old)
        rows, _ = listing.claim_page(old, order="date", descending=True, limit=1)
        assert rows[0].claim.doc_id == "doc_0002"
