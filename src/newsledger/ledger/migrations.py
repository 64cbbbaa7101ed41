"""Named schema migrations of the ledger, applied in order and recorded in `_migrations`.

A migration is never edited once released: a schema change is a new entry at the
end of `MIGRATIONS`. Each migration runs in its own transaction together with the
row that records it, so a failure leaves the database as it was.

The tables are defined once, in `schema`, for SQLite and PostgreSQL (`pg_schema`).
Record tables keep a few key columns for filtering and ordering, plus a `data`
column with the record's full `as_dict()` JSON: export is exact, and a field
added to a record type needs no migration.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

from ..errors import LedgerError
from .places import fill
from .schema import (
    CLAIM_DATES,
    GATE_COLUMNS,
    GATE_INDEXES,
    INITIAL,
    LINK_STATE,
    LISTING_COLUMNS,
    LISTING_INDEXES,
    PLACE_COUNTS,
    script,
)

Step = str | Callable[[sqlite3.Connection], None]


@dataclass(frozen=True)
class Migration:
    """One schema change: a name and either an SQL script or a function of the connection.

    A function runs inside the migration's transaction and must not commit.
    """

    name: str
    step: Step


# External-content FTS over documents; `seq` is an INTEGER PRIMARY KEY, so the
# rowids the index refers to survive VACUUM. The update trigger fires only on
# title/text changes: linking updates story_id/episode_id without reindexing.
_FTS = """
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text,
    content='documents', content_rowid='seq',
    tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');
"""


def _listings(conn: sqlite3.Connection) -> None:
    """005_listings: the date-sort and place indexes, the place counts, filled from the stored rows."""
    for statement in split_statements(script("sqlite", PLACE_COUNTS, LISTING_COLUMNS, LISTING_INDEXES)):
        conn.execute(statement)
    conn.execute(CLAIM_DATES)
    fill(conn)


MIGRATIONS: tuple[Migration, ...] = (
    Migration("001_initial", script("sqlite", INITIAL)),
    Migration("002_fts", _FTS),
    Migration("003_link_state", script("sqlite", LINK_STATE)),
    Migration("004_relevance_gate", script("sqlite", added=GATE_COLUMNS, indexes=GATE_INDEXES)),
    Migration("005_listings", _listings),
)

_BOOTSTRAP = "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"


def applied(conn: sqlite3.Connection) -> list[str]:
    """Return the names of the migrations recorded in the database, in the order applied."""
    conn.execute(_BOOTSTRAP)
    return [row[0] for row in conn.execute("SELECT name FROM _migrations ORDER BY rowid")]


def pending(conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> list[str]:
    """Return the names of the migrations not yet applied, in registry order.

    Raises:
        LedgerError: the database records migrations this version does not know
            (it was written by a newer newsledger).
    """
    done = applied(conn)
    known = {m.name for m in migrations}
    unknown = [name for name in done if name not in known]
    if unknown:
        raise LedgerError(
            f"the ledger has migrations this newsledger does not know ({', '.join(unknown)}); "
            "it was written by a newer version"
        )
    return [m.name for m in migrations if m.name not in done]


def apply(conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> list[str]:
    """Apply every pending migration, each in its own transaction.

    Args:
        conn: an open connection with no transaction in progress.
        migrations: the registry, in order (the default is the ledger's schema).

    Returns:
        The names of the migrations applied by this call (empty when up to date).

    Raises:
        LedgerError: a migration failed; it is rolled back and not recorded.
    """
    if conn.in_transaction:
        raise LedgerError("migrations must run outside a transaction")
    done: list[str] = []
    for migration in migrations:
        if migration.name in pending(conn, migrations) and _apply_one(conn, migration):
            done.append(migration.name)
    return done


def _apply_one(conn: sqlite3.Connection, migration: Migration) -> bool:
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have applied it while we waited for the write lock.
        if conn.execute("SELECT 1 FROM _migrations WHERE name = ?", (migration.name,)).fetchone():
            conn.execute("ROLLBACK")
            return False
        if callable(migration.step):
            migration.step(conn)
        else:
            for statement in split_statements(migration.step):
                conn.execute(statement)
        conn.execute(
            "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
            (migration.name, datetime.now(timezone.utc).isoformat(timespec="seconds")),
        )
        conn.execute("COMMIT")
    except Exception as exc:  # any failure must leave the schema as it was
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise LedgerError(f"migration {migration.name} failed: {exc}") from exc
    return True


def split_statements(script: str) -> Iterator[str]:
    """Split an SQL script into complete statements (trigger bodies stay whole).

    `executescript` would commit the open transaction, so migrations run their
    statements one by one instead.
    """
    buffer = ""
    for piece in script.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            statement = buffer.strip().rstrip(";").strip()
            if statement:
                yield statement + ";"
            buffer = ""
    if buffer.strip().rstrip(";").strip():
        raise ValueError(f"incomplete SQL statement: {buffer.strip()[:60]!r}")
