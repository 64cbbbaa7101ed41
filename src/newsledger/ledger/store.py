"""The ledger in one SQLite file: `Ledger(path)` for a file path or ":memory:".

A file ledger uses WAL journaling, so readers in other processes are never
blocked by a writer; writes take the write lock at once (`BEGIN IMMEDIATE`).
Full-text search is an FTS5 index over titles and texts (see `migrations`).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import LedgerError
from .base import ORDER, SEARCH_HELP, Dialect, Ledger, SearchHit, is_database_url, marks
from .connect import connect, read_only_check
from .migrations import apply
from .search import SEARCH_BUDGET_S, QueryRejected, deadline, search_problem

log = logging.getLogger(__name__)

SQLITE = Dialect(
    contains="instr({column}, ?) > 0",
    order=ORDER,
    # IMMEDIATE takes the write lock at once: two writers wait instead of failing mid-batch.
    begin="BEGIN IMMEDIATE",
    unlimited=-1,
    json_text="{column}",
)


class SqliteLedger(Ledger):
    """The SQLite ledger; open it as `Ledger(path)` or `with Ledger(path) as ledger:`."""

    dialect = SQLITE

    @classmethod
    def opens(cls, path: str | Path) -> bool:
        """True for anything but a postgresql:// URL: a file path or ":memory:"."""
        return not is_database_url(path)

    def __init__(self, path: str | Path = ":memory:", read_only: bool = False) -> None:
        """Open or create the ledger at `path` and apply pending migrations.

        Args:
            path: a file path, or ":memory:" for a private in-memory ledger.
            read_only: open an existing file without ever writing to it (no
                migration; see `connect.connect`); writes then fail.

        Raises:
            LedgerError: the file cannot be opened, is not a ledger, was
                written by a newer newsledger, or (read-only) needs a migration.
        """
        self.path = str(path)
        self._conn = connect(self.path, read_only)
        try:
            self.migrated: list[str] = read_only_check(self._conn, self.path) if read_only else apply(self._conn)
        except sqlite3.Error as exc:
            self._conn.close()
            raise LedgerError(f"cannot migrate ledger {self.path}: {exc}") from exc
        except BaseException:
            self._conn.close()
            raise
        if self.migrated:
            log.info("ledger %s: applied migrations %s", self.path, ", ".join(self.migrated))

    def search(self, query: str, limit: int = 20, *, offset: int = 0, mark: tuple[str, str] = ("[", "]"),
               snippets: bool = True, budget: float | None = SEARCH_BUDGET_S,
               doc_ids: Sequence[str] | None = None) -> list[SearchHit]:
        """Full-text search over document titles and texts, best matches first.

        The query uses FTS5 syntax (words, "phrases", AND/OR/NOT, prefix*);
        words are stemmed, so "killed" also finds "kill".

        Args:
            query: the FTS5 query, within `search.MAX_SEARCH_CHARS` and `MAX_SEARCH_TERMS`.
            limit: the most hits to return.
            offset: hits to skip (snippets are only made for the hits returned).
            mark: the strings put around each match in the snippet.
            snippets: False leaves every snippet empty (much faster for many hits).
            budget: seconds the query may run before it is interrupted (None: no limit).
            doc_ids: only among these documents (at most 500), e.g. to make the snippets of one page.

        Raises:
            QueryRejected: the query is over the size bounds (it is not run).
            SearchTimeout: the query ran past `budget`.
            LedgerError: the query is empty or not valid FTS5 syntax.
        """
        if not query.strip():
            raise LedgerError(f"empty search query; {SEARCH_HELP}")
        if problem := search_problem(query):
            raise QueryRejected(f"{problem}; {SEARCH_HELP}")
        snippet = "snippet(documents_fts, -1, ?, ?, '…', 16)" if snippets else "''"
        among = "" if doc_ids is None else f" AND d.id IN ({marks(list(doc_ids))})"
        sql = (
            f"SELECT d.id, d.title, {snippet} "
            "FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid "
            f"WHERE documents_fts MATCH ?{among} ORDER BY rank LIMIT ? OFFSET ?"
        )
        params = (*(mark if snippets else ()), query, *(doc_ids or ()), limit, offset)
        try:
            with deadline(self._conn, budget):
                rows = self._conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            raise LedgerError(f"invalid search query {query[:100]!r} ({exc}); {SEARCH_HELP}") from exc
        return [SearchHit(doc_id, title, snippet) for doc_id, title, snippet in rows]

    def integrity(self) -> list[str]:
        """Check the database, its foreign keys and the search index; return problems (empty = ok)."""
        problems = [row[0] for row in self._conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
        problems += [
            f"foreign key: {table} row {rowid} points to a missing {parent}"
            for table, rowid, parent, _ in self._conn.execute("PRAGMA foreign_key_check")
        ]
        try:
            self._conn.execute("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as exc:
            problems.append(f"search index: {exc}")
        return problems

    @contextmanager
    def snapshot(self) -> Iterator[Ledger]:
        """Read inside one transaction, so several reads see the same state (e.g. an export)."""
        self._conn.execute("BEGIN")
        try:
            yield self
        finally:
            self._conn.execute("ROLLBACK")

    @contextmanager
    def exclusive(self) -> Iterator[Ledger]:
        """Run a read-then-write sequence (linking) alone among the ledger's clients.

        PostgreSQL takes an advisory lock here, so two machines never link at
        once. SQLite takes none: a ledger file normally has one ingesting client,
        and a later link recomputes everything if two runs ever linked together.
        """
        yield self

    # -- internals ------------------------------------------------------------

    def _database_errors(self) -> tuple[type[Exception], ...]:
        return (sqlite3.Error,)

    def _rollback(self) -> None:
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    def _stream(self, sql: str) -> Iterator[Any]:
        return iter(self._conn.execute(sql))  # sqlite3 cursors already fetch as iterated
