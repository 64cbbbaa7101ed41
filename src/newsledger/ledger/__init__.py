"""The ledger: storage of documents and records (SQLite, or PostgreSQL), migrations, and the export contract.

`Ledger` stores and reads records: `Ledger("news.db")` opens an SQLite file
(`store.SqliteLedger`), `Ledger("postgresql://host/db")` a PostgreSQL database
(`postgres.PostgresLedger`, the optional `postgres` extra) with the same methods.
Both share `base` (the SQL written once), `codec` (records to rows and back) and
`schema` (the tables, written for each database by `migrations` and `pg_schema`).
`newsledger.ledger.export.export` writes the LEDGER.md files; `newsledger.ledger.contract`
validates them.
"""

from pathlib import Path

from .base import TABLES, Ledger, SearchHit, is_database_url
from .postgres import PostgresLedger
from .store import SqliteLedger

# `Ledger(location)` opens whichever of its backends (subclasses) opens `location`: both are imported here.
__all__ = ["TABLES", "Ledger", "PostgresLedger", "SearchHit", "SqliteLedger", "is_database_url", "open_ledger"]


def open_ledger(location: str | Path = ":memory:") -> Ledger:
    """Open the ledger at `location`: an SQLite file path, ":memory:", or a postgresql:// URL.

    Args:
        location: where the ledger is; a `postgresql://` or `postgres://` URL
            opens a `newsledger.ledger.postgres.PostgresLedger`.

    Returns:
        The open ledger (use it as a context manager to close it).

    Raises:
        LedgerError: the ledger cannot be opened or migrated.
    """
    return Ledger(location)
