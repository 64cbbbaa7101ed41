"""Named schema migrations of the ledger, applied in order and recorded in `_migrations`.

A migration is never edited once released: a schema change is a new entry at the
end of `MIGRATIONS`. Each migration runs in its own transaction together with the
row that records it, so a failure leaves the database as it was.

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

Step = str | Callable[[sqlite3.Connection], None]


@dataclass(frozen=True)
class Migration:
    """One schema change: a name and either an SQL script or a function of the connection.

    A function runs inside the migration's transaction and must not commit.
    """

    name: str
    step: Step


_INITIAL = """
CREATE TABLE documents (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    source_path TEXT,
    url TEXT,
    source_name TEXT,
    title TEXT,
    language TEXT,
    text TEXT NOT NULL,
    removed TEXT NOT NULL DEFAULT '[]',
    published TEXT,
    story_id TEXT,
    episode_id TEXT,
    added_at TEXT NOT NULL,
    data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX documents_story ON documents(story_id);
CREATE INDEX documents_episode ON documents(episode_id);

CREATE TABLE mentions (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    name TEXT,
    start INTEGER NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX mentions_doc ON mentions(doc_id, start);

CREATE TABLE figures (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    "group" TEXT NOT NULL,
    low INTEGER NOT NULL,
    high INTEGER,
    start INTEGER NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX figures_doc ON figures(doc_id, start);
CREATE INDEX figures_kind ON figures(kind, "group");

CREATE TABLE claims (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    stance TEXT NOT NULL,
    speaker TEXT NOT NULL,
    start INTEGER NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX claims_doc ON claims(doc_id, start);
CREATE INDEX claims_stance ON claims(stance);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    first_doc_id TEXT,
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    start INTEGER,
    data TEXT NOT NULL
);
CREATE INDEX events_order ON events(first_doc_id, start);
CREATE INDEX events_type ON events(type);

CREATE TABLE event_docs (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, doc_id)
) WITHOUT ROWID;
CREATE INDEX event_docs_doc ON event_docs(doc_id);

CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    episode_id TEXT,
    title TEXT,
    data TEXT NOT NULL
);

CREATE TABLE tallies (
    seq INTEGER PRIMARY KEY,
    episode_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    "group" TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX tallies_key ON tallies(episode_id, kind, "group");
"""

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

# What a link leaves for the next, incremental one (see `linking.incremental`): named JSON
# values (the frozen idf), and one row per linked document (its dates, countries and event
# features as grouped). Both are derived data: a full link rewrites them.
_LINK_STATE = """
CREATE TABLE link_state (
    name TEXT PRIMARY KEY,
    data TEXT NOT NULL
);
CREATE TABLE link_docs (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    data TEXT NOT NULL
);
"""

# Documents the relevance gate passed over are stored unanalysed with the gate's score;
# `reanalyze` selects them by these columns. Earlier documents were all analysed.
_GATE = """
ALTER TABLE documents ADD COLUMN analysed INTEGER NOT NULL DEFAULT 1;
ALTER TABLE documents ADD COLUMN relevance REAL;
CREATE INDEX documents_unanalysed ON documents(analysed, relevance);
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration("001_initial", _INITIAL),
    Migration("002_fts", _FTS),
    Migration("003_link_state", _LINK_STATE),
    Migration("004_relevance_gate", _GATE),
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
