"""The PostgreSQL ledger, against a throwaway PostgreSQL server this module starts.

Skipped when psycopg or the server binaries (`initdb`, `pg_ctl`; see
scripts/install-postgres) are missing. As root, the server runs as the
`postgres` user (or `nobody`), since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import dataclasses
import glob
import itertools
import json
import os
import pwd
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsledger.cli import cli
from newsledger.errors import LedgerError
from newsledger.ledger import TABLES, Ledger, SqliteLedger, is_database_url, open_ledger
from newsledger.ledger import listing, schema
from newsledger.ledger.export import export
from newsledger.resources import Resources
from newsledger.ingest import ingest
from newsledger.records import DateRange, Story
from newsledger.settings import Settings
from newsledger.web import create_app

psycopg = pytest.importorskip("psycopg", reason="the postgres extra (psycopg) is not installed")
TestClient = pytest.importorskip("fastapi.testclient").TestClient

from newsledger.ledger.postgres import PostgresLedger, redact, tsquery  # noqa: E402

# The SQLite ledger's contract tests, run again here on PostgreSQL through the
# `ledger` fixture below (those that poke at SQLite internals stay SQLite-only).
from test_ledger import (  # noqa: E402, F401
    test_a_write_inside_a_snapshot_is_refused,
    test_add_is_idempotent_and_leaves_known_documents_untouched,
    test_add_many_counts_new_documents_once,
    test_add_round_trips_every_record_exactly,
    test_batch_interrupted_by_an_exception_keeps_nothing,
    test_batch_with_a_bad_span_is_rolled_back_whole,
    test_batch_with_a_duplicate_record_id_is_rolled_back,
    test_claim_filters_match_speaker_substrings_case_insensitively,
    test_claims_and_events_can_be_updated_by_linking,
    test_documents_are_paged_in_id_order,
    test_event_and_mention_filters,
    test_figure_filters,
    test_listing_reads_pages_and_counts_through_the_ledger,
    test_malformed_search_raises_ledger_error,
    test_nan_values_are_refused,
    test_one_record_by_id,
    test_records_of_another_document_are_refused,
    test_scan_streams_each_table_and_rejects_unknown_names,
    test_search_finds_stemmed_words_with_a_marked_snippet,
    test_stories_tallies_and_links,
    variant,
)
from test_ledger_listings import (  # noqa: E402, F401
    _OLD_INSERTS,
    doc_records,
    from_scratch,
    stored,
    test_event_types_and_pages_cut_across_both_layers,
    test_place_counts_equal_a_count_from_scratch_after_every_kind_of_write,
)
from test_prepare_relevance import test_ledger_lists_and_replaces_passed_over_documents  # noqa: E402, F401

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "karabakh"
SETTINGS = Settings(batch_size=2, workers=1)
_NAMES = itertools.count()


def _bindir() -> Path | None:
    """The directory holding initdb and pg_ctl: on PATH, or Debian's versioned directory."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(versions[-1]).parent if versions else None


def _as_server_user(root: Path) -> list[str]:
    """The command prefix that runs the server unprivileged; root's files are handed to that user."""
    if os.geteuid() != 0:
        return []
    name = next((n for n in ("postgres", "nobody") if _user_exists(n)), None)
    if name is None:
        pytest.skip("running as root and no unprivileged user to run PostgreSQL as")
    entry = pwd.getpwnam(name)
    os.chown(root, entry.pw_uid, entry.pw_gid)
    if shutil.which("runuser"):
        return ["runuser", "-u", name, "--"]
    return ["setpriv", f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}", "--init-groups"]


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


@pytest.fixture(scope="module")
def server() -> Iterator[Path]:
    """A PostgreSQL server for this module, on a unix socket in a fresh temporary directory."""
    bindir = _bindir()
    if bindir is None:
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl): run scripts/install-postgres")
    # A short path: the server's unix socket lives in it (at most 107 bytes).
    root = Path(tempfile.mkdtemp(prefix="nl-pg-", dir="/tmp" if os.path.isdir("/tmp") else None))
    prefix = _as_server_user(root)
    data, log = root / "data", root / "server.log"
    options = f"-k {root} -c listen_addresses='' -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
    steps = (
        [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
         "--locale=C.UTF-8", "--no-sync"],
        [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60", "-o", options, "start"],
    )
    try:
        for step in steps:
            done = subprocess.run(prefix + step, capture_output=True, text=True, check=False)
            if done.returncode:
                tail = log.read_text()[-2000:] if log.exists() else ""
                pytest.fail(f"{Path(step[0]).name} failed: {done.stderr[-2000:]}{tail}")
        yield root
    finally:
        subprocess.run(prefix + [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, check=False)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_url(server) -> Iterator[str]:
    """A URL to a new, empty database (dropped after the test)."""
    name = f"t{os.getpid()}_{next(_NAMES)}"
    admin = f"postgresql://postgres@/postgres?host={server}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield f"postgresql://postgres@/{name}?host={server}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def ledger(pg_url) -> Iterator[Ledger]:
    """Overrides conftest's in-memory ledger, so the imported SQLite tests run on PostgreSQL."""
    with Ledger(pg_url) as fresh:
        yield fresh


@pytest.fixture
def filled(ledger, make_records):
    ledger.add_many(variant(make_records, n, title=f"Report {n}") for n in range(3))
    return ledger


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources(SETTINGS)


def _export_lines(ledger: Ledger, out: Path) -> dict[str, list[str]]:
    export(ledger, out)
    return {table: (out / f"{table}.jsonl").read_text(encoding="utf-8").splitlines() for table in TABLES}


# -- opening -----------------------------------------------------------------


def test_the_postgres_tables_are_the_schema_definitions(ledger):
    tables = (*schema.INITIAL, *schema.LINK_STATE, *schema.PLACE_COUNTS)
    defined = {t.name: [c.name.strip('"') for c in t.columns] for t in tables}
    defined["documents"] += ["search", *(c.name for _, c in schema.GATE_COLUMNS)]  # 002_fts adds `search`
    for table, column in schema.LISTING_COLUMNS:
        defined[table].append(column.name)
    sql = "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position"
    assert {name: [row[0] for row in ledger._conn.execute(sql, (name,))] for name in defined} == defined
    types = dict(ledger._conn.execute("SELECT column_name, data_type FROM information_schema.columns "
                                      "WHERE table_name = 'documents'").fetchall())
    assert (types["seq"], types["data"], types["analysed"], types["added_at"]) == (
        "bigint", "json", "boolean", "timestamp with time zone")


def test_a_postgres_ledger_from_schema_004_migrates_with_its_rows_and_results(pg_url):
    from newsledger.ledger.codec import INSERTS, rows_of
    from newsledger.ledger.pg_schema import PG_MIGRATIONS, apply

    with psycopg.connect(pg_url, autocommit=True) as conn:
        apply(conn, PG_MIGRATIONS[:4])
        for n in range(12):
            for table, rows in rows_of(doc_records(n)).items():
                for row in rows:
                    old = table in ("claims", "events")
                    sql = _OLD_INSERTS[table] if old else INSERTS[table]
                    conn.execute(sql.replace("?", "%s"), row[:6] if old else row)
    with Ledger(pg_url) as migrated, Ledger() as fresh:
        fresh.add_many(doc_records(n) for n in range(12))
        assert migrated.migrated == ["005_listings"]
        assert migrated.stats() == fresh.stats() and migrated.events() == fresh.events()
        assert stored(migrated) == stored(fresh) == from_scratch(migrated)
        unset = "SELECT count(*) FROM claims c JOIN documents d ON d.id = c.doc_id WHERE c.published IS DISTINCT FROM d.published"
        assert migrated._conn.execute(unset).fetchone()[0] == 0
        # Undated documents sort last on SQLite, first on PostgreSQL (NULLs first when descending).
        dated = [[r.claim for r in listing.claim_page(one, order="date", descending=True, limit=100)[0]
                  if r.source.published] for one in (migrated, fresh)]
        assert dated[0] == dated[1] and len(dated[0]) == 10


def test_urls_open_postgres_and_paths_open_sqlite(pg_url, tmp_path):
    assert is_database_url(pg_url) and is_database_url("postgres://h/db")
    assert not is_database_url(str(tmp_path / "l.db")) and not is_database_url(":memory:")
    with open_ledger(pg_url) as first:
        assert isinstance(first, PostgresLedger) and first.migrated == ["001_initial", "002_fts", "003_link_state", "004_relevance_gate", "005_listings"]
    with Ledger(pg_url) as again, Ledger(tmp_path / "l.db") as lite:
        assert isinstance(again, PostgresLedger) and again.migrated == []
        assert type(lite) is SqliteLedger and again.stats() == lite.stats()


def test_unreachable_server_and_newer_ledgers_raise_ledger_error(pg_url, server):
    with pytest.raises(LedgerError, match="cannot open ledger"):
        Ledger(f"postgresql://postgres:secret@/nosuchdb?host={server}")
    with Ledger(pg_url) as ledger:
        ledger._conn.execute("INSERT INTO _migrations (name) VALUES ('999_future')")
    with pytest.raises(LedgerError, match="999_future"):
        Ledger(pg_url)


def test_passwords_are_kept_out_of_names():
    assert redact("postgresql://ann:s3cr:et@db.example.org:5432/news") == "postgresql://ann:***@db.example.org:5432/news"
    assert redact("postgresql://ann@db/news") == "postgresql://ann@db/news"


def test_a_failed_write_leaves_the_connection_usable(filled, make_records):
    new = variant(make_records, 9)
    clash = dataclasses.replace(new.claims[0], id=filled.claims()[0].id)
    with pytest.raises(LedgerError, match="nothing was kept"):
        filled.add(dataclasses.replace(new, claims=(clash,)))
    assert not filled._conn.in_transaction
    assert filled.stats()["documents"] == 3 and filled.add(variant(make_records, 9))


def test_a_text_postgres_cannot_hold_fails_its_whole_batch(ledger, make_records):
    good, bad = variant(make_records, 1), variant(make_records, 2)
    bad = dataclasses.replace(bad, document=dataclasses.replace(bad.document, title="nul\x00inside"))
    with pytest.raises(LedgerError, match="nothing was kept"):
        ledger.add_many([good, bad])
    assert ledger.stats()["documents"] == 0


def test_exclusive_is_a_plain_block_on_sqlite():
    with Ledger() as lite, lite.exclusive() as same:
        assert same is lite


# -- the same ledger as SQLite -------------------------------------------------


def test_ingest_gives_the_same_export_as_sqlite(pg_url, resources, tmp_path):
    with Ledger(tmp_path / "k.db") as lite, Ledger(pg_url) as pg:
        lite_report = ingest([str(SEEDS)], lite, resources)
        pg_report = ingest([str(SEEDS)], pg, resources)
        assert pg_report.added == lite_report.added == 5
        assert pg.stats() == lite.stats() and pg.stats()["stories"] > 0
        expected, got = _export_lines(lite, tmp_path / "lite"), _export_lines(pg, tmp_path / "pg")
        # Same lines in the same order: json columns keep each record's exact text.
        assert got == expected
        assert pg.integrity() == []
        again = ingest([str(SEEDS)], pg, resources)
        assert (again.added, again.already_known) == (0, 5)
        assert _export_lines(pg, tmp_path / "pg2") == expected


def test_search_and_stats_on_ingested_seeds(pg_url, resources, tmp_path):
    with Ledger(tmp_path / "k.db") as lite, Ledger(pg_url) as pg:
        ingest([str(SEEDS)], lite, resources, link_after=False)
        ingest([str(SEEDS)], pg, resources, link_after=False)
        for query in ("killed", "Armenia AND Azerbaijan", '"Nagorno-Karabakh"', "ceasefire OR truce", "civil*"):
            assert {h.doc_id for h in pg.search(query)} == {h.doc_id for h in lite.search(query)}, query
        hits = pg.search("killed", mark=("<b>", "</b>"))
        assert hits and all("<b>" in h.snippet for h in hits)
        assert pg.search("zzzunfindable") == []
        counts = pg.stats()
    # The CLI and the web app take the URL where they take a file path.
    result = CliRunner().invoke(cli, ["search", "killed", "--db", pg_url])
    assert result.exit_code == 0 and result.output.count("doc_") == len(hits), result.output
    assert CliRunner().invoke(cli, ["stats", "--db", pg_url]).exit_code == 0
    client = TestClient(create_app(pg_url))
    assert client.get("/api/stats").json() == counts
    assert len(client.get("/api/documents", params={"limit": 2}).json()["items"]) == 2


# -- concurrency ---------------------------------------------------------------


def test_concurrent_writers_store_each_document_once(pg_url, make_records):
    batches = [[variant(make_records, n) for n in range(start, start + 30)] for start in (0, 10, 20)]
    added: list[int] = []

    def write(batch):
        with Ledger(pg_url) as own:
            added.append(own.add_many(batch))

    threads = [threading.Thread(target=write, args=(batch,)) for batch in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with Ledger(pg_url) as ledger:
        assert sum(added) == ledger.stats()["documents"] == 50
        assert ledger.stats()["figures"] == 50 and ledger.integrity() == []


def test_clients_opening_a_new_database_at_once_migrate_it_once(pg_url):
    migrated: list[list[str]] = []

    def open_one():
        with Ledger(pg_url) as own:
            migrated.append(own.migrated)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Each migration is applied by exactly one client (not necessarily the same one for both).
    assert len(migrated) == 4 and sorted(name for names in migrated for name in names) == [
        "001_initial", "002_fts", "003_link_state", "004_relevance_gate", "005_listings"]
    with Ledger(pg_url) as ledger:
        assert [row[0] for row in ledger._conn.execute("SELECT name FROM _migrations ORDER BY seq")] == [
            "001_initial", "002_fts", "003_link_state", "004_relevance_gate", "005_listings"]


def test_exclusive_blocks_a_second_client_until_it_ends(pg_url):
    order: list[str] = []
    with Ledger(pg_url) as first, Ledger(pg_url) as second:
        with first.exclusive():
            waiter = threading.Thread(target=lambda: _exclusive_note(second, order))
            waiter.start()
            waiter.join(timeout=0.5)
            order.append("first done")
        waiter.join()
    assert order == ["first done", "second in"]


def _exclusive_note(ledger: Ledger, order: list[str]) -> None:
    with ledger.exclusive():
        order.append("second in")


def test_snapshot_sees_one_state_while_another_client_writes(pg_url, make_records):
    with Ledger(pg_url) as reader, Ledger(pg_url) as writer:
        writer.add(variant(make_records, 1))
        with reader.snapshot():
            before = reader.stats()
            writer.add(variant(make_records, 2))
            assert reader.stats() == before
        assert reader.stats()["documents"] == 2


# -- search syntax -------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kill", "'kill'"),
        ('"Update 1"', "'Update 1'"),
        ("a OR b NOT c", "('a' | ('b' & !'c'))"),
        ("a b AND c", "('a' & 'b' & 'c')"),
        ("title:kill*", "'kill':*A"),
        ("NEAR(armenian forces, 5) OR x*", "(('armenian' & 'forces') | 'x':*)"),
        ("don't", "'don''t'"),
    ],
)
def test_fts5_queries_translate_to_tsquery(query, expected):
    assert tsquery(query) == expected


def test_title_filter_and_json_columns(filled):
    doc = filled.documents()[0]
    assert [h.doc_id for h in filled.search(f"title:{doc.title.split()[-1]}")] == [doc.id]
    assert filled.search("title:killed") == []
    story = Story("sto_1", "epi_1", (doc.id,), "Shelling", DateRange("2021-03-07", None, "day"))
    filled.replace_stories([story])
    row = filled._conn.execute("SELECT data->>'title' FROM stories").fetchone()
    assert row[0] == "Shelling" and json.loads(filled._conn.execute("SELECT data FROM stories").fetchone()[0])


def test_incremental_linking_gives_the_same_ledger_as_on_sqlite(pg_url):
    from test_linking_incremental import SHOT_DOWN, TALKS, article, corpus, dump

    from newsledger.linking import link

    later = [article(SHOT_DOWN, "2021-03-02", 50), article(TALKS, "2021-03-13", 51)]
    states = []
    for location in (pg_url, ":memory:"):
        with Ledger(location) as ledger:
            ledger.add_many(corpus())
            assert not link(ledger).incremental
            ledger.add_many(later)
            assert link(ledger).incremental
            states.append((dump(ledger), ledger.link_docs(), ledger.link_state("idf")))
    assert states[0] == states[1]
