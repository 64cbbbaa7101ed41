import dataclasses
import hashlib
import re
import sqlite3
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsledger.errors import LedgerError
from newsledger.ledger import Ledger, SearchHit
from newsledger.ledger import listing, migrations, schema
from newsledger.ledger.migrations import MIGRATIONS, Migration, split_statements
from newsledger.ledger.pg_schema import PG_MIGRATIONS
from newsledger.records import (
    DateRange, DocRecords, Document, Mention, Place, Span, Story, Tally, as_dict, content_id,
)

RECORD_COUNTS = {"documents": 1, "mentions": 2, "figures": 1, "claims": 1, "events": 1, "stories": 0, "tallies": 0}
EMPTY = dict.fromkeys(RECORD_COUNTS, 0)


def variant(make_records, n, title="Shelling in Northtown"):
    return make_records(title=title, suffix=f" Update {n}.")


# -- migrations --------------------------------------------------------------


def test_migrations_recorded_and_idempotent_on_reopen(tmp_path):
    path = tmp_path / "l.db"
    with Ledger(path) as first:
        assert first.migrated == ["001_initial", "002_fts", "003_link_state", "004_relevance_gate", "005_listings"]
    with Ledger(path) as again:
        assert again.migrated == []
        conn = again._conn
        assert migrations.applied(conn) == [m.name for m in MIGRATIONS]
        assert migrations.pending(conn) == []
        assert migrations.apply(conn) == []


# Released migrations are history: their SQL (whitespace aside) must never change, though the
# tables are now written from `schema`'s one definition. A schema change is a new migration.
RELEASED = {
    "sqlite": {"001_initial": "b0bef6822fd5bf84", "002_fts": "78bf1a644dce900b",
               "003_link_state": "f46461fb2cde9cb1", "004_relevance_gate": "e564681eca63ed25"},
    "postgres": {"001_initial": "c6d0220774b1c63f", "002_fts": "64a3a46f98685693",
                 "003_link_state": "4820e60f78a412d2", "004_relevance_gate": "0019e0c536d20ec9"},
}


def test_released_migrations_are_never_edited():
    for dialect, registry in (("sqlite", MIGRATIONS), ("postgres", PG_MIGRATIONS)):
        written = {m.name: hashlib.sha256(re.sub(r"\s+", " ", m.step).strip().encode()).hexdigest()[:16]
                   for m in registry if m.name in RELEASED[dialect]}
        assert written == RELEASED[dialect], dialect


def test_the_sqlite_tables_are_the_schema_definitions(ledger):
    tables = (*schema.INITIAL, *schema.LINK_STATE, *schema.PLACE_COUNTS)
    defined = {t.name: [c.name.strip('"') for c in t.columns] for t in tables}
    for table, column in (*schema.GATE_COLUMNS, *schema.LISTING_COLUMNS):
        defined[table].append(column.name)
    assert {name: [row[1] for row in ledger._conn.execute(f"PRAGMA table_info({name})")] for name in defined} == defined


def test_failed_migration_rolls_back_and_is_not_recorded():
    conn = sqlite3.connect(":memory:", isolation_level=None)
    bad = Migration("099_bad", "CREATE TABLE half (a INTEGER);\nCREATE TABLE half (b INTEGER);")
    with pytest.raises(LedgerError, match="099_bad"):
        migrations.apply(conn, (*MIGRATIONS, bad))
    assert migrations.applied(conn) == [m.name for m in MIGRATIONS]
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'half'").fetchone() is None
    assert migrations.pending(conn, (*MIGRATIONS, bad)) == ["099_bad"]


def test_function_migration_runs_in_its_transaction():
    conn = sqlite3.connect(":memory:", isolation_level=None)
    step = Migration("099_note", lambda c: c.execute("CREATE TABLE note (text TEXT)"))
    assert migrations.apply(conn, (*MIGRATIONS, step)) == [*(m.name for m in MIGRATIONS), "099_note"]
    assert conn.execute("SELECT count(*) FROM note").fetchone() == (0,)


def test_split_statements_keeps_trigger_bodies_whole():
    statements = list(split_statements(MIGRATIONS[1].step))
    triggers = [s for s in statements if s.startswith("CREATE TRIGGER")]
    assert len(triggers) == 3 and all(s.endswith("END;") for s in triggers)
    with pytest.raises(ValueError):
        list(split_statements("CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1;"))


def test_ledger_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "l.db"
    with Ledger(path) as ledger:
        ledger._conn.execute("INSERT INTO _migrations VALUES ('999_future', 'later')")
    with pytest.raises(LedgerError, match="999_future"):
        Ledger(path)


@pytest.mark.parametrize("content", [b"not a database at all" * 100, None])
def test_unusable_files_raise_ledger_error(tmp_path, content):
    path = tmp_path / "x.db"
    if content is None:
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE other (a)")
        conn.close()
    else:
        path.write_bytes(content)
    with pytest.raises(LedgerError, match="x.db"):
        Ledger(path)


def test_a_postgres_url_without_psycopg_asks_for_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if the optional extra were not installed
    with pytest.raises(LedgerError, match=r"newsledger\[postgres\]"):
        Ledger("postgresql://nobody@/nowhere")


def test_missing_directory_raises_ledger_error(tmp_path):
    with pytest.raises(LedgerError, match="cannot open"):
        Ledger(tmp_path / "no" / "such" / "dir" / "l.db")


# -- writes ------------------------------------------------------------------


def test_add_round_trips_every_record_exactly(ledger, sample_records):
    assert ledger.add(sample_records) is True
    doc_id = sample_records.document.id
    assert ledger.document(doc_id) == sample_records.document
    assert ledger.mentions(doc_id) == sorted(sample_records.mentions, key=lambda m: m.evidence.start)
    assert ledger.figures(doc_id) == list(sample_records.figures)
    assert ledger.claims(doc_id) == list(sample_records.claims)
    assert ledger.events(doc_id) == list(sample_records.events)
    assert ledger.stats() == RECORD_COUNTS


def test_records_encoded_by_a_worker_are_stored_as_the_records_themselves(tmp_path, make_records):
    from newsledger.ledger.codec import encode

    batch = [variant(make_records, 1), variant(make_records, 2)]
    encoded = [encode(r) for r in batch]
    assert encoded[0].counts == {name: len(getattr(batch[0], name)) for name in ("mentions", "figures", "claims", "events")}
    with Ledger(tmp_path / "a.db") as a, Ledger(tmp_path / "b.db") as b:
        assert a.add_many(batch) == b.add_many(encoded) == 2
        assert b.add_many(encoded[:1]) == 0  # known documents are skipped as before
        for table in ("mentions", "figures", "claims", "events"):
            assert list(a.scan(table)) == list(b.scan(table))
        assert a.documents() == b.documents()


def test_add_is_idempotent_and_leaves_known_documents_untouched(ledger, sample_records):
    assert ledger.add(sample_records)
    stripped = dataclasses.replace(sample_records, figures=(), claims=())
    assert ledger.add(stripped) is False
    assert ledger.stats() == RECORD_COUNTS
    assert ledger.figures() == list(sample_records.figures)


def test_add_many_counts_new_documents_once(ledger, make_records):
    first, second = variant(make_records, 1), variant(make_records, 2)
    assert ledger.add_many([first, second, first]) == 2
    assert ledger.add_many(iter([first, variant(make_records, 3)])) == 1
    assert ledger.stats()["documents"] == 3
    assert ledger.has(first.document.id) and not ledger.has("doc_nope")
    ids = [first.document.id, "doc_nope", second.document.id]
    assert ledger.known_ids(ids) == {first.document.id, second.document.id}
    assert ledger.known_ids(f"doc_{i}" for i in range(1200)) == set()


def test_batch_with_a_bad_span_is_rolled_back_whole(ledger, make_records):
    good, bad = variant(make_records, 1), variant(make_records, 2)
    figure = bad.figures[0]
    wrong = dataclasses.replace(figure, evidence=dataclasses.replace(figure.evidence, start=figure.evidence.start + 1))
    bad = dataclasses.replace(bad, figures=(wrong,))
    with pytest.raises(LedgerError, match="does not match the text"):
        ledger.add_many([good, bad])
    assert ledger.stats() == EMPTY


def test_batch_with_a_duplicate_record_id_is_rolled_back(ledger, make_records):
    good, clash = variant(make_records, 1), variant(make_records, 2)
    ledger.add(good)
    stolen = dataclasses.replace(clash.claims[0], id=good.claims[0].id)
    with pytest.raises(LedgerError, match="nothing was kept"):
        ledger.add_many([variant(make_records, 3), dataclasses.replace(clash, claims=(stolen,))])
    assert ledger.stats() == RECORD_COUNTS


def test_batch_interrupted_by_an_exception_keeps_nothing(ledger, make_records):
    def batch():
        yield variant(make_records, 1)
        raise RuntimeError("reader failed")

    with pytest.raises(RuntimeError):
        ledger.add_many(batch())
    assert ledger.stats() == EMPTY


def test_records_of_another_document_are_refused(ledger, make_records):
    one, other = variant(make_records, 1), variant(make_records, 2)
    with pytest.raises(LedgerError, match="doc_id"):
        ledger.add(dataclasses.replace(one, claims=other.claims))
    event = dataclasses.replace(one.events[0], doc_ids=(other.document.id,))
    with pytest.raises(LedgerError, match="doc_ids"):
        ledger.add(dataclasses.replace(one, events=(event,)))
    assert ledger.stats() == EMPTY


def test_nan_values_are_refused(ledger, sample_records):
    event = dataclasses.replace(sample_records.events[0], confidence=float("nan"))
    with pytest.raises(LedgerError, match="not valid JSON"):
        ledger.add(dataclasses.replace(sample_records, events=(event,)))


def test_a_write_inside_a_snapshot_is_refused(ledger, sample_records):
    with ledger.snapshot(), pytest.raises(LedgerError, match="snapshot"):
        ledger.add(sample_records)
    assert ledger.add(sample_records)


def test_thousand_document_batch_in_one_transaction(tmp_path, make_records):
    batch = [variant(make_records, n) for n in range(1000)]
    with Ledger(tmp_path / "big.db") as ledger:
        assert ledger.add_many(batch) == 1000
        assert ledger.stats()["figures"] == 1000
        assert ledger.integrity() == []


# -- reads -------------------------------------------------------------------


@pytest.fixture
def filled(ledger, make_records):
    ledger.add_many(variant(make_records, n, title=f"Report {n}") for n in range(3))
    return ledger


def test_documents_are_paged_in_id_order(filled):
    docs = filled.documents()
    assert [d.id for d in docs] == sorted(d.id for d in docs) and len(docs) == 3
    assert filled.documents(limit=2) == docs[:2]
    assert filled.documents(limit=2, offset=2) == docs[2:]
    assert filled.document("doc_nope") is None


def test_figure_filters(filled):
    doc_id = filled.documents()[0].id
    assert len(filled.figures()) == 3
    assert [f.doc_id for f in filled.figures(doc_id=doc_id)] == [doc_id]
    assert len(filled.figures(kind="killed", group="civilians")) == 3
    assert filled.figures(kind="injured") == [] and filled.figures(group="military") == []


def test_claim_filters_match_speaker_substrings_case_insensitively(filled):
    assert len(filled.claims(stance="deny")) == 3 and filled.claims(stance="assert") == []
    assert len(filled.claims(speaker="DEFENCE")) == 3
    assert len(filled.claims(speaker="eastland's defence")) == 3
    assert filled.claims(speaker="health") == []
    assert len(filled.claims(doc_id=filled.documents()[1].id, speaker="ministry")) == 1


def test_event_and_mention_filters(filled):
    doc_id = filled.documents()[2].id
    assert [e.doc_ids for e in filled.events(doc_id=doc_id)] == [(doc_id,)]
    assert len(filled.events(type="ASSAULT")) == 3 and filled.events(type="AGREE") == []
    assert {m.kind for m in filled.mentions(doc_id=doc_id)} == {"actor", "place"}
    assert [m.place.name for m in filled.mentions(kind="place")] == ["Northtown"] * 3


def test_one_record_by_id(filled):
    for one, every in ((filled.figure, filled.figures()), (filled.claim, filled.claims()),
                       (filled.event, filled.events()), (filled.document, filled.documents())):
        assert [one(record.id) for record in every] == every
        assert one("nope") is None


def test_one_record_by_id_is_read_through_an_index(filled):
    """Each one-record read is a SEARCH in a primary key or unique index, never a SCAN of its table."""
    statements: list[str] = []
    filled._conn.set_trace_callback(statements.append)
    reads = {"figures": filled.figure, "claims": filled.claim, "events": filled.event, "documents": filled.document}
    try:
        for table, read in reads.items():
            statements.clear()
            read(filled.documents()[0].id if table == "documents" else "some_id")
            sql = statements[-1]
            assert f"FROM {table} WHERE id = " in sql
            plan = [row[3] for row in filled._conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
            assert plan and all(step.startswith(f"SEARCH {table} USING ") for step in plan), plan
            assert all("PRIMARY KEY" in step or "INDEX" in step for step in plan), plan
    finally:
        filled._conn.set_trace_callback(None)


def test_listing_reads_pages_and_counts_through_the_ledger(filled):
    docs = filled.documents()
    claims, figures = filled.claims(), filled.figures()
    rows, total = listing.claim_page(filled, stance="deny", speaker="DEFENCE", limit=2)
    assert total == 3 and [r.claim for r in rows] == claims[:2]
    assert [(r.source.id, r.source.source_name) for r in rows] == [(c.doc_id, "Example News") for c in claims[:2]]
    sources, total = listing.document_page(filled, order="id", descending=True, limit=2)
    assert total == 3 and [s.id for s in sources] == [d.id for d in reversed(docs)][:2]
    assert sources[0].published == docs[-1].published
    page, total = listing.record_page(filled, "events", {"type": "ASSAULT"}, 10, 0, doc_id=docs[0].id)
    assert total == 1 and page == filled.events(doc_id=docs[0].id)
    assert listing.records_by_id(filled, "figures", [f.id for f in figures] + ["nope"]) == {f.id: f for f in figures}
    assert listing.outlets(filled) == ["Example News"] and listing.episode_count(filled) == 0
    assert listing.publication_dates(filled) == {d.id: d.published for d in docs}
    mentioned, events, total = listing.place_page(filled)
    assert [(m.place.name, n, d) for m, n, d in mentioned] == [("Northtown", 3, 3)] and total == 1 + len(events)
    assert [e.count for e in listing.place_page(filled, mentioned=False, type="ASSAULT")[1]] == [3]
    assert listing.place_page(filled, mentioned=False, type="AGREE") == ([], [], 0)
    with pytest.raises(LedgerError, match="SELECT"):
        filled.query("DELETE FROM claims")


def test_scan_streams_each_table_and_rejects_unknown_names(filled):
    assert list(filled.scan("documents")) == filled.documents()
    assert list(filled.scan("figures")) == filled.figures()
    with pytest.raises(LedgerError, match="no table"):
        list(filled.scan("figures; DROP TABLE documents"))


def test_scan_dicts_equals_as_dict_of_scan_even_for_rows_older_than_a_field(filled):
    filled._conn.execute("UPDATE figures SET data = json_remove(data, '$.quantity', '$.cumulative')")
    filled._conn.execute("UPDATE documents SET data = '{}'")
    for table in ("documents", "mentions", "figures", "claims", "events", "stories", "tallies"):
        assert list(filled.scan_dicts(table)) == [as_dict(record) for record in filled.scan(table)]
    assert {f["quantity"] for f in filled.scan_dicts("figures")} == {None}
    with pytest.raises(LedgerError, match="no table"):
        list(filled.scan_dicts("sqlite_master"))


def test_stories_tallies_and_links(filled):
    docs = filled.documents()
    story = Story("sto_1", "epi_1", tuple(d.id for d in docs), "Shelling", DateRange("2021-03-07", None, "day"))
    tally = Tally("epi_1", "killed", "civilians", 12, 12, None, figure_ids=tuple(f.id for f in filled.figures()))
    assert filled.replace_stories([story]) == 1 and filled.replace_tallies([tally, tally]) == 2
    assert filled.replace_tallies([tally]) == 1
    assert filled.stories() == [story] and filled.tallies() == [tally] and filled.tallies("epi_2") == []
    filled.set_document_links(docs[0].id, "sto_1", "epi_1")
    links = [(d.id, "sto_1", "epi_1") for d in docs[1:]] + [("doc_nope", None, None)]
    assert filled.set_document_links_many(links) == 2
    assert {(d.story_id, d.episode_id) for d in filled.documents()} == {("sto_1", "epi_1")}
    with pytest.raises(LedgerError, match="doc_nope"):
        filled.set_document_links("doc_nope", "sto_1", None)
    assert filled.integrity() == []


def test_claims_and_events_can_be_updated_by_linking(filled):
    first, second = filled.claims()[:2]
    filled.update_claims([dataclasses.replace(first, contradicts=(second.id,))])
    assert filled.claims(doc_id=first.doc_id)[0].contradicts == (second.id,)
    with pytest.raises(LedgerError, match="no claim"):
        filled.update_claims([dataclasses.replace(first, id="clm_nope")])
    events = filled.events()
    merged = dataclasses.replace(
        events[0], doc_ids=tuple(e.doc_ids[0] for e in events), evidence=tuple(e.evidence[0] for e in events)
    )
    assert filled.put_events([merged]) == 1 and filled.delete_events([e.id for e in events[1:]]) == 2
    assert filled.events() == [merged]
    assert all(filled.events(doc_id=d) == [merged] for d in merged.doc_ids)
    filled.put_events([events[0]])
    assert filled.events(doc_id=merged.doc_ids[1]) == [] and filled.events() == [events[0]]
    assert filled.integrity() == []


# -- search ------------------------------------------------------------------


def test_search_finds_stemmed_words_with_a_marked_snippet(filled):
    hits = filled.search("kill")
    assert len(hits) == 3 and all(isinstance(h, SearchHit) for h in hits)
    assert "[killed]" in hits[0].snippet and hits[0].title.startswith("Report")
    assert [h.doc_id for h in filled.search('"Update 1"')] == [filled.search("Update AND 1")[0].doc_id]
    assert filled.search("report", limit=1, mark=("<b>", "</b>"))[0].snippet.count("<b>") >= 1
    assert filled.search("ceasefire") == []


@pytest.mark.parametrize("query", ['"unbalanced', "AND", "   ", "killed NOT", "nosuchcolumn:word"])
def test_malformed_search_raises_ledger_error(filled, query):
    with pytest.raises(LedgerError, match="search query"):
        filled.search(query)


def test_search_index_follows_title_updates(filled):
    doc = filled.documents()[0]
    filled._conn.execute("UPDATE documents SET title = 'Renamed headline' WHERE id = ?", (doc.id,))
    assert [h.doc_id for h in filled.search("renamed")] == [doc.id]
    assert filled.integrity() == []


# -- files -------------------------------------------------------------------


def test_file_ledger_keeps_data_and_passes_integrity_check(tmp_path, sample_records):
    path = tmp_path / "keep.db"
    with Ledger(path) as ledger:
        ledger.add(sample_records)
        assert ledger._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with Ledger(str(path)) as reopened:
        assert reopened.stats() == RECORD_COUNTS
        assert reopened.document(sample_records.document.id) == sample_records.document
        assert reopened.search("Northtown")[0].doc_id == sample_records.document.id
        assert reopened._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert reopened._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert reopened.integrity() == []


def test_integrity_reports_a_stale_search_index_and_dangling_rows(ledger, sample_records):
    ledger.add(sample_records)
    ledger._conn.execute("DROP TRIGGER documents_fts_update")
    ledger._conn.execute("UPDATE documents SET text = 'something else'")
    ledger._conn.execute("PRAGMA foreign_keys = OFF")
    ledger._conn.execute("INSERT INTO mentions VALUES ('men_x', 'doc_gone', 'actor', NULL, 0, '{}')")
    problems = ledger.integrity()
    assert any(p.startswith("search index") for p in problems)
    assert "foreign key: mentions row 3 points to a missing documents" in problems


@settings(max_examples=40, deadline=None)
@given(
    text=st.text(min_size=1, max_size=200) | st.just("nul\x00inside \u2028 e\u0301"),
    removed=st.lists(st.text(max_size=30), max_size=3),
)
def test_any_document_text_round_trips(text, removed):
    doc = Document(content_id(text), text, removed=tuple(removed), title=text[:10] or None)
    span = Span.of(doc.id, text, 0, len(text))
    with Ledger() as ledger:
        ledger.add(DocRecords(doc, (Mention("men_1", doc.id, span, "place", place=Place("X")),)))
        assert ledger.document(doc.id) == doc
        assert ledger.mentions()[0].evidence.text == text
