"""The PostgreSQL variant of the ledger schema: the same named migrations as `migrations.py`.

Each SQLite migration has a PostgreSQL twin with the same name, so both
backends record the same history. The tables are the same `schema` definitions,
written in PostgreSQL's types (see `schema` for how each type maps); `data`
columns are `json`, so `data->>'field'` queries and expression indexes work.
Full-text search is a stored generated `tsvector` column (title weighted A,
text B) with a GIN index, instead of SQLite's FTS5 table and its triggers.

Migrations from several clients at once are serialised by an advisory lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import LedgerError
from .migrations import Migration
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

# A tsvector is limited to 1 MB, so only the first SEARCH_CHARS characters of a
# text are indexed: one giant page must not make its whole batch fail.
SEARCH_CHARS = 500_000
_FTS = f"""
ALTER TABLE documents ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', coalesce(title, '')), 'A')
    || setweight(to_tsvector('english', left(text, {SEARCH_CHARS})), 'B')
) STORED;
CREATE INDEX documents_search ON documents USING GIN (search);
"""


class _QuestionMarks:
    """A psycopg connection taking `?` placeholders, as the shared SQL of `places` writes them."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._conn.execute(sql.replace("?", "%s"), params)


def _listings(conn: Any) -> None:
    """005_listings: the date-sort and place indexes, the place counts, filled from the stored rows."""
    conn.execute(script("postgres", PLACE_COUNTS, LISTING_COLUMNS, LISTING_INDEXES))
    conn.execute(CLAIM_DATES)
    fill(_QuestionMarks(conn))


PG_MIGRATIONS: tuple[Migration, ...] = (
    Migration("001_initial", script("postgres", INITIAL)),
    Migration("002_fts", _FTS),
    Migration("003_link_state", script("postgres", LINK_STATE)),
    Migration("004_relevance_gate", script("postgres", added=GATE_COLUMNS, indexes=GATE_INDEXES)),
    Migration("005_listings", _listings),
)

# Advisory lock keys (any constant bigint): one for migrations, one for linking, one for the place counts.
MIGRATION_LOCK = 0x6E6C_6D67
LINK_LOCK = 0x6E6C_6C6B
PLACES_LOCK = 0x6E6C_706C

_BOOTSTRAP = (
    "CREATE TABLE IF NOT EXISTS _migrations (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
    "name TEXT NOT NULL UNIQUE, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
)


def applied(conn: Any) -> list[str] | None:
    """Return the migrations recorded in the database in order, or None if it has no ledger yet.

    Raises:
        LedgerError: the database has ledger tables but no migration record.
    """
    exists = conn.execute("SELECT to_regclass('_migrations'), to_regclass('documents')").fetchone()
    if exists[0] is None:
        if exists[1] is not None:
            raise LedgerError("the database has a documents table but is not a newsledger ledger")
        return None
    return [row[0] for row in conn.execute("SELECT name FROM _migrations ORDER BY seq")]


def apply(conn: Any, migrations: Sequence[Migration] = PG_MIGRATIONS) -> list[str]:
    """Apply every pending migration, each in its own transaction under the migration lock.

    Args:
        conn: an open psycopg connection in autocommit mode.
        migrations: the registry, in order.

    Returns:
        The names of the migrations applied by this call (empty when up to date).

    Raises:
        LedgerError: the database was written by a newer newsledger, or a
            migration failed (it is rolled back and not recorded).
    """
    done = applied(conn)
    if done is not None and not _pending(done, migrations):
        return []
    return [m.name for m in migrations if _apply_one(conn, m, migrations)]


def _pending(done: list[str], migrations: Sequence[Migration]) -> list[str]:
    known = {m.name for m in migrations}
    unknown = [name for name in done if name not in known]
    if unknown:
        raise LedgerError(
            f"the ledger has migrations this newsledger does not know ({', '.join(unknown)}); "
            "it was written by a newer version"
        )
    return [m.name for m in migrations if m.name not in done]


def _apply_one(conn: Any, migration: Migration, migrations: Sequence[Migration]) -> bool:
    try:
        with conn.transaction():
            # Another client may be migrating the same database: wait for it, then re-check.
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            conn.execute(_BOOTSTRAP)
            done = [row[0] for row in conn.execute("SELECT name FROM _migrations ORDER BY seq")]
            if migration.name not in _pending(done, migrations):
                return False
            if callable(migration.step):
                migration.step(conn)
            else:
                conn.execute(migration.step)
            conn.execute("INSERT INTO _migrations (name) VALUES (%s)", (migration.name,))
    except LedgerError:
        raise
    except Exception as exc:  # any failure must leave the schema as it was
        raise LedgerError(f"migration {migration.name} failed: {exc}") from exc
    return True
