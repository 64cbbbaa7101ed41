"""The ledger: one SQLite file holding every document and the records extracted from it.

`Ledger(path)` opens an SQLite ledger; `Ledger("postgresql://...")` opens a
`postgres.PostgresLedger` instead, with the same methods (see docs/scale-out.md).

Writes go in explicit transactions (`BEGIN IMMEDIATE` ... `COMMIT`): a batch of
documents is stored whole or not at all. Records are stored as their `as_dict()`
JSON next to a few key columns used for filtering, and rebuilt with `from_dict`
(through `reviver`, which compiles its type walk once per record type).
Every evidence span is checked against its document's text before it is written,
so the ledger never holds a span that does not quote its document.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import LedgerError
from ..records import (
    Claim,
    DocRecords,
    Document,
    Event,
    Figure,
    Mention,
    PublishedDate,
    Span,
    Story,
    Tally,
    as_dict,
)
from .connect import connect, read_only_check
from .migrations import apply
from .search import SEARCH_BUDGET_S, QueryRejected, deadline, search_problem
from .revive import record_defaults, reviver

log = logging.getLogger(__name__)

TABLES: tuple[str, ...] = ("documents", "mentions", "figures", "claims", "events", "stories", "tallies")
"""The record tables, in export order; `stats()` counts each."""

_DOC_COLUMNS = (
    "id", "source_path", "url", "source_name", "title", "language",
    "text", "removed", "published", "story_id", "episode_id", "analysed", "relevance",
)
_INSERTS = {
    "documents": f"INSERT INTO documents ({', '.join(_DOC_COLUMNS)}, added_at, data) "
    f"VALUES ({', '.join('?' * (len(_DOC_COLUMNS) + 2))})",
    "mentions": "INSERT INTO mentions (id, doc_id, kind, name, start, data) VALUES (?, ?, ?, ?, ?, ?)",
    "figures": 'INSERT INTO figures (id, doc_id, kind, "group", low, high, start, data) '
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "claims": "INSERT INTO claims (id, doc_id, stance, speaker, start, data) VALUES (?, ?, ?, ?, ?, ?)",
    "events": "INSERT INTO events (id, first_doc_id, type, status, start, data) VALUES (?, ?, ?, ?, ?, ?)",
    "event_docs": "INSERT INTO event_docs (event_id, doc_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
}
# Key order keeps each document's records together and in text order.
_ORDER = {
    "documents": "id",
    "mentions": "doc_id, start, id",
    "figures": "doc_id, start, id",
    "claims": "doc_id, start, id",
    "events": "first_doc_id, start, id",
    "stories": "id",
    "tallies": 'episode_id, kind, "group", seq',
}
_CLASSES: dict[str, type] = {
    "mentions": Mention, "figures": Figure, "claims": Claim,
    "events": Event, "stories": Story, "tallies": Tally,
}
_DOC_SELECT = f"SELECT {', '.join(_DOC_COLUMNS)}, data FROM documents"
_URL_SCHEMES = ("postgresql://", "postgres://")
_SEARCH_HELP = 'use words, "quoted phrases", AND / OR / NOT, NEAR(a b), and prefix*'
_CHUNK = 500


@dataclass(frozen=True)
class SearchHit:
    """One full-text search result: the document and a snippet with the matches marked."""

    doc_id: str
    title: str | None
    snippet: str


@dataclass(frozen=True)
class DocumentHeader:
    """A document's metadata without its text, for listings."""

    id: str
    title: str | None
    source_name: str | None
    published: PublishedDate | None
    story_id: str | None
    episode_id: str | None


class Ledger:
    """The SQLite ledger; open with `Ledger(path)` or `with Ledger(path) as ledger:`.

    A file ledger uses WAL journaling, so readers in other processes are never
    blocked by a writer. One `Ledger` must not be shared between threads: open
    one per thread (opening is cheap once the schema exists).
    """

    # SQL fragments the PostgreSQL subclass overrides; the rest of the SQL is shared.
    _UNLIMITED: int | None = -1
    _ORDER_BY = _ORDER
    _CONTAINS = "instr({column}, ?) > 0"
    # IMMEDIATE takes the write lock at once: two writers wait instead of failing mid-batch.
    _BEGIN = "BEGIN IMMEDIATE"

    def __new__(cls, path: str | Path = ":memory:", read_only: bool = False) -> Ledger:
        """Return a `PostgresLedger` for a postgresql:// URL, else an SQLite ledger."""
        if cls is Ledger and is_database_url(path):
            from .postgres import PostgresLedger  # lazy: psycopg is an optional extra

            return super().__new__(PostgresLedger)
        return super().__new__(cls)

    def __init__(self, path: str | Path = ":memory:", read_only: bool = False) -> None:
        """Open or create the ledger at `path` and apply pending migrations.

        Args:
            path: a file path, or ":memory:" for a private in-memory ledger
                (a postgresql:// URL opens a PostgreSQL ledger instead).
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

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Ledger({self.path!r})"

    def close(self) -> None:
        """Close the connection; closing twice is harmless."""
        self._conn.close()

    # -- writes ---------------------------------------------------------------

    def add(self, records: DocRecords) -> bool:
        """Store one document with its records; False if the document was already there."""
        return self.add_many([records]) == 1

    def add_many(self, batch: Iterable[DocRecords]) -> int:
        """Store a batch of documents with their records in one transaction.

        A document whose id is already in the ledger (or earlier in the batch)
        is skipped untouched, so re-ingesting the same articles is harmless.

        Args:
            batch: per-document records, as the pipeline produces them.

        Returns:
            The number of documents added.

        Raises:
            LedgerError: a record is inconsistent (a span that does not quote
                its document, a duplicate record id); nothing of the batch is kept.
        """
        # Rows are encoded (and checked) before taking the write lock, which
        # other writers wait on; the known-id check must be inside it.
        prepared = [(records.document.id, _rows(records)) for records in batch]
        with self._write():
            known = self.known_ids(doc_id for doc_id, _ in prepared)
            rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in _INSERTS}
            added: set[str] = set()
            for doc_id, doc_rows in prepared:
                if doc_id in known or doc_id in added:
                    continue
                added.add(doc_id)
                for table, table_rows in doc_rows.items():
                    rows[table] += table_rows
            for table, table_rows in rows.items():
                if table_rows:
                    self._conn.executemany(_INSERTS[table], table_rows)
        return len(added)

    def replace_stories(self, stories: Iterable[Story]) -> int:
        """Replace every story with `stories`; return how many were written."""
        rows = [(s.id, s.episode_id, s.title, _dumps(as_dict(s))) for s in stories]
        with self._write():
            self._conn.execute("DELETE FROM stories")
            self._conn.executemany("INSERT INTO stories (id, episode_id, title, data) VALUES (?, ?, ?, ?)", rows)
        return len(rows)

    def put_stories(self, stories: Iterable[Story], delete: Iterable[str] = ()) -> int:
        """Insert or replace stories by id and delete the stories named in `delete` (an incremental link)."""
        rows = [(s.id, s.episode_id, s.title, _dumps(as_dict(s))) for s in stories]
        with self._write():
            self._conn.executemany("DELETE FROM stories WHERE id = ?", [(r[0],) for r in rows] + [(i,) for i in delete])
            self._conn.executemany("INSERT INTO stories (id, episode_id, title, data) VALUES (?, ?, ?, ?)", rows)
        return len(rows)

    def replace_tallies(self, tallies: Iterable[Tally], episode_ids: Iterable[str] | None = None) -> int:
        """Replace every tally with `tallies`, or only the tallies of `episode_ids`; return how many were written."""
        rows = [(t.episode_id, t.kind, t.group, _dumps(as_dict(t))) for t in tallies]
        with self._write():
            if episode_ids is None:
                self._conn.execute("DELETE FROM tallies")
            else:
                self._conn.executemany("DELETE FROM tallies WHERE episode_id = ?", [(e,) for e in episode_ids])
            self._conn.executemany('INSERT INTO tallies (episode_id, kind, "group", data) VALUES (?, ?, ?, ?)', rows)
        return len(rows)

    def save_link_state(self, values: Mapping[str, Any], docs: Iterable[tuple[str, Any]] = ()) -> None:
        """Store what a link leaves for the next one: named JSON values, and one JSON value per document id."""
        named = [(name, _dumps(value)) for name, value in values.items()]
        rows = [(doc_id, _dumps(value)) for doc_id, value in docs]
        with self._write():
            self._conn.executemany("INSERT INTO link_state (name, data) VALUES (?, ?) "
                                   "ON CONFLICT (name) DO UPDATE SET data = excluded.data", named)
            self._conn.executemany("INSERT INTO link_docs (doc_id, data) VALUES (?, ?) "
                                   "ON CONFLICT (doc_id) DO UPDATE SET data = excluded.data", rows)

    def set_document_links(self, doc_id: str, story_id: str | None, episode_id: str | None) -> None:
        """Set the story and episode of one document.

        Raises:
            LedgerError: no document has this id.
        """
        if not self.set_document_links_many([(doc_id, story_id, episode_id)]):
            raise LedgerError(f"no document {doc_id!r} in the ledger")

    def set_document_links_many(self, links: Iterable[tuple[str, str | None, str | None]]) -> int:
        """Set (doc_id, story_id, episode_id) for many documents in one transaction.

        Returns:
            The number of documents updated; unknown ids are skipped.
        """
        rows = [(story_id, episode_id, doc_id) for doc_id, story_id, episode_id in links]
        with self._write():
            cursor = self._conn.executemany("UPDATE documents SET story_id = ?, episode_id = ? WHERE id = ?", rows)
        return max(cursor.rowcount, 0)

    def update_claims(self, claims: Iterable[Claim]) -> int:
        """Rewrite stored claims by id (e.g. with `contradicts` filled in); return how many changed.

        Raises:
            LedgerError: a claim id is not in the ledger; nothing is changed.
        """
        count = 0
        with self._write():
            # One row at a time: linked claims of a large ledger can hold thousands of contradictions each.
            for c in claims:
                row = (c.stance, _speaker_key(c), _dumps(as_dict(c)), c.id)
                cursor = self._conn.execute("UPDATE claims SET stance = ?, speaker = ?, data = ? WHERE id = ?", row)
                if cursor.rowcount != 1:
                    raise LedgerError(f"no claim {row[-1]!r} in the ledger")
                count += 1
        return count

    def put_events(self, events: Iterable[Event]) -> int:
        """Insert or replace events by id, with their document links (for event merging)."""
        items = list(events)
        event_rows = [_event_row(e) for e in items]
        with self._write():
            # event_docs rows go with their event (ON DELETE CASCADE).
            self._conn.executemany("DELETE FROM events WHERE id = ?", [(e.id,) for e in items])
            self._conn.executemany(_INSERTS["events"], event_rows)
            self._conn.executemany(_INSERTS["event_docs"], [(e.id, d) for e in items for d in e.doc_ids])
        return len(items)

    def delete_events(self, ids: Iterable[str]) -> int:
        """Delete events by id (e.g. those merged into another); return how many were deleted."""
        rows = [(event_id,) for event_id in ids]
        with self._write():
            cursor = self._conn.executemany("DELETE FROM events WHERE id = ?", rows)
        return max(cursor.rowcount, 0)

    # -- reads ----------------------------------------------------------------

    def has(self, doc_id: str) -> bool:
        """Return True if a document with this id is in the ledger."""
        return self._conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Return the subset of `ids` already in the ledger (to skip them before analysis)."""
        wanted = list(dict.fromkeys(ids))
        found: set[str] = set()
        for i in range(0, len(wanted), _CHUNK):
            chunk = wanted[i : i + _CHUNK]
            sql = f"SELECT id FROM documents WHERE id IN ({', '.join('?' * len(chunk))})"
            found.update(row[0] for row in self._conn.execute(sql, chunk))
        return found

    def document(self, doc_id: str) -> Document | None:
        """Return the document with this id, or None."""
        row = self._conn.execute(f"{_DOC_SELECT} WHERE id = ?", (doc_id,)).fetchone()
        return _document(row) if row else None

    def documents(self, limit: int | None = None, offset: int = 0) -> list[Document]:
        """Return documents ordered by id, `limit` of them from `offset`."""
        sql = f"{_DOC_SELECT} ORDER BY id LIMIT ? OFFSET ?"
        rows = self._conn.execute(sql, (self._UNLIMITED if limit is None else limit, offset))
        return [_document(row) for row in rows]

    def document_headers(self, outlet: str | None = None, episode_id: str | None = None) -> list[DocumentHeader]:
        """Every document's metadata without its text, ordered by id; `outlet` matches words of the outlet."""
        sql = "SELECT id, title, source_name, published, story_id, episode_id FROM documents"
        clauses, params = [], []
        if outlet:
            clauses.append("lower(source_name) LIKE ?")
            params.append(f"%{outlet.casefold()}%")
        if episode_id:
            clauses.append("episode_id = ?")
            params.append(episode_id)
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        revive = reviver(PublishedDate)
        return [
            DocumentHeader(doc_id, title, source, None if published is None else revive(json.loads(published)),
                           story, episode)
            for doc_id, title, source, published, story, episode in self._conn.execute(sql + " ORDER BY id", params)
        ]

    def record_counts(self, doc_ids: Iterable[str]) -> dict[str, dict[str, int]]:
        """Figures, claims, events and mentions of each of these documents (through their doc_id indexes)."""
        counts: dict[str, dict[str, int]] = {}
        for chunk in _chunks(doc_ids):
            for doc_id in chunk:
                counts[doc_id] = dict.fromkeys(("figures", "claims", "events", "mentions"), 0)
            for table in ("figures", "claims", "mentions", "event_docs"):
                sql = f"SELECT doc_id, count(*) FROM {table} WHERE doc_id IN ({_marks(chunk)}) GROUP BY doc_id"
                name = "events" if table == "event_docs" else table
                for doc_id, count in self._conn.execute(sql, chunk):
                    counts[doc_id][name] = count
        return counts

    def mentions(self, doc_id: str | None = None, kind: str | None = None) -> list[Mention]:
        """Return mentions, optionally of one document and of one kind (actor or place)."""
        return list(self._select("mentions", {"doc_id": doc_id, "kind": kind}))

    def figures(self, doc_id: str | None = None, kind: str | None = None, group: str | None = None) -> list[Figure]:
        """Return figures, optionally filtered by document, kind (killed, ...) and group."""
        return list(self._select("figures", {"doc_id": doc_id, "kind": kind, '"group"': group}))

    def claims(self, doc_id: str | None = None, stance: str | None = None, speaker: str | None = None) -> list[Claim]:
        """Return claims, optionally filtered by document, stance and speaker.

        `speaker` matches a case-insensitive substring of the speaker's canonical
        name or of the words the article used for them.
        """
        extra = [] if speaker is None else [(self._CONTAINS.format(column="speaker"), speaker.casefold())]
        return list(self._select("claims", {"doc_id": doc_id, "stance": stance}, extra))

    def events(self, doc_id: str | None = None, type: str | None = None) -> list[Event]:  # noqa: A002
        """Return events, optionally those reported by one document and of one PLOVER type."""
        extra = [] if doc_id is None else [("id IN (SELECT event_id FROM event_docs WHERE doc_id = ?)", doc_id)]
        return list(self._select("events", {"type": type}, extra))

    def unanalysed_documents(self, min_relevance: float | None = None) -> list[Document]:
        """Return the documents the relevance gate passed over, optionally those scoring at least `min_relevance`."""
        sql = f"{_DOC_SELECT} WHERE analysed = ?"
        params: list[Any] = [False]
        if min_relevance is not None:
            sql += " AND relevance >= ?"
            params.append(min_relevance)
        return [_document(row) for row in self._conn.execute(sql + " ORDER BY id", params)]

    def replace_documents(self, batch: Iterable[DocRecords]) -> int:
        """Replace stored documents and all their records by new ones (a reanalysis), in one transaction.

        Each document is deleted with its records (its events too, when no other
        document reports them) and stored again unlinked, so the next link places it.

        Returns:
            The number of documents written.
        """
        prepared = [(records.document.id, _rows(records)) for records in batch]
        ids = [doc_id for doc_id, _ in prepared]
        with self._write():
            events = [row[0] for chunk in _chunks(ids) for row in self._conn.execute(
                f"SELECT event_id FROM event_docs WHERE doc_id IN ({_marks(chunk)})", chunk)]
            self._conn.executemany("DELETE FROM documents WHERE id = ?", [(doc_id,) for doc_id in ids])
            self._conn.executemany(
                "DELETE FROM events WHERE id = ? AND NOT EXISTS (SELECT 1 FROM event_docs WHERE event_id = ?)",
                [(event_id, event_id) for event_id in events])
            for table in _INSERTS:
                table_rows = [row for _, doc_rows in prepared for row in doc_rows[table]]
                if table_rows:
                    self._conn.executemany(_INSERTS[table], table_rows)
        return len(prepared)

    def documents_by_id(self, ids: Iterable[str]) -> list[Document]:
        """Return the documents with these ids (unknown ids are skipped), ordered by id."""
        found = [_document(row) for chunk in _chunks(ids)
                 for row in self._conn.execute(f"{_DOC_SELECT} WHERE id IN ({_marks(chunk)})", chunk)]
        return sorted(found, key=lambda d: d.id)

    def unlinked_documents(self) -> list[Document]:
        """Return the documents no link has stored state for (added since the last link), ordered by id."""
        sql = f"{_DOC_SELECT} WHERE id NOT IN (SELECT doc_id FROM link_docs) ORDER BY id"
        return [_document(row) for row in self._conn.execute(sql)]

    def records_of(self, table: str, doc_ids: Iterable[str]) -> list[Any]:
        """Return the records of one table (mentions, figures, claims, events) of these documents.

        Records come in table order within each slice of 500 documents; an event
        reported by several of the documents comes once.
        """
        column = "doc_id IN ({})"
        if table == "events":
            column = "id IN (SELECT event_id FROM event_docs WHERE doc_id IN ({}))"
        revive = reviver(_CLASSES[table])
        found: dict[str, Any] = {}
        for chunk in _chunks(doc_ids):
            sql = f"SELECT id, data FROM {table} WHERE {column.format(_marks(chunk))} ORDER BY {self._ORDER_BY[table]}"
            for record_id, data in self._conn.execute(sql, chunk):
                if record_id not in found:
                    found[record_id] = revive(json.loads(data))
        return list(found.values())

    def link_state(self, name: str) -> Any:
        """Return the JSON value a link stored under `name`, or None."""
        row = self._conn.execute("SELECT data FROM link_state WHERE name = ?", (name,)).fetchone()
        return None if row is None else json.loads(row[0])

    def link_docs(self) -> dict[str, Any]:
        """Return the JSON value a link stored for each document, by document id."""
        return {doc_id: json.loads(data) for doc_id, data in self._conn.execute("SELECT doc_id, data FROM link_docs")}

    def stories(self) -> list[Story]:
        """Return every story, ordered by id."""
        return list(self._select("stories", {}))

    def tallies(self, episode_id: str | None = None) -> list[Tally]:
        """Return tallies, optionally of one episode, ordered by episode, kind and group."""
        return list(self._select("tallies", {"episode_id": episode_id}))

    def scan(self, table: str) -> Iterator[Any]:
        """Yield every record of one table in export order, without loading them all.

        Args:
            table: one of `TABLES`.
        """
        if table == "documents":
            for row in self._stream(f"{_DOC_SELECT} ORDER BY id"):
                yield _document(row)
        elif table in _CLASSES:
            yield from self._select(table, {})
        else:
            raise LedgerError(f"no table {table!r}; expected one of {', '.join(TABLES)}")

    def scan_dicts(self, table: str) -> Iterator[dict[str, Any]]:
        """Yield every record of one table as its `as_dict()` form, in export order.

        Faster than `scan` (no dataclass is rebuilt); a field added to a record
        type after a row was written comes out with its default, as `scan` gives.
        """
        if table == "documents":
            for row in self._stream(f"{_DOC_SELECT} ORDER BY id"):
                yield _document_dict(row)
        elif table in _CLASSES:
            defaults = record_defaults(_CLASSES[table])
            for (data,) in self._stream(f"SELECT data FROM {table} ORDER BY {self._ORDER_BY[table]}"):
                yield {**defaults, **json.loads(data)}
        else:
            raise LedgerError(f"no table {table!r}; expected one of {', '.join(TABLES)}")

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
            raise LedgerError(f"empty search query; {_SEARCH_HELP}")
        if problem := search_problem(query):
            raise QueryRejected(f"{problem}; {_SEARCH_HELP}")
        snippet = "snippet(documents_fts, -1, ?, ?, '…', 16)" if snippets else "''"
        among = "" if doc_ids is None else f" AND d.id IN ({_marks(list(doc_ids))})"
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
            raise LedgerError(f"invalid search query {query[:100]!r} ({exc}); {_SEARCH_HELP}") from exc
        return [SearchHit(doc_id, title, snippet) for doc_id, title, snippet in rows]

    def stats(self) -> dict[str, int]:
        """Return the number of rows in each record table."""
        return {table: self._conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}

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

    @contextmanager
    def _write(self) -> Iterator[None]:
        if self._conn.in_transaction:
            raise LedgerError("a ledger write cannot start inside another transaction or a snapshot")
        errors = self._database_errors()
        try:
            self._conn.execute(self._BEGIN)
        except errors as exc:
            raise LedgerError(f"cannot write to ledger {self.path}: {exc}") from exc
        try:
            yield
            self._conn.execute("COMMIT")
        except BaseException as exc:
            self._rollback()
            if isinstance(exc, errors):
                raise LedgerError(f"ledger write failed, nothing was kept: {exc}") from exc
            raise

    def _database_errors(self) -> tuple[type[Exception], ...]:
        """The driver's exceptions, turned into `LedgerError`s by `_write`."""
        return (sqlite3.Error,)

    def _rollback(self) -> None:
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    def _stream(self, sql: str) -> Iterator[Any]:
        """Rows of a whole-table query, fetched as iterated (sqlite3 cursors already are)."""
        return iter(self._conn.execute(sql))

    def _select(
        self, table: str, equal: dict[str, Any], extra: list[tuple[str, Any]] | None = None
    ) -> Iterator[Any]:
        conditions = [(f"{column} = ?", value) for column, value in equal.items() if value is not None]
        conditions += extra or []
        where = f" WHERE {' AND '.join(c for c, _ in conditions)}" if conditions else ""
        sql = f"SELECT data FROM {table}{where} ORDER BY {self._ORDER_BY[table]}"
        revive = reviver(_CLASSES[table])
        for (data,) in self._conn.execute(sql, [value for _, value in conditions]):
            yield revive(json.loads(data))


def is_database_url(path: str | Path) -> bool:
    """Return True if `path` names a PostgreSQL server (postgresql:// or postgres://) rather than a file."""
    return isinstance(path, str) and path.startswith(_URL_SCHEMES)


def _chunks(ids: Iterable[str]) -> Iterator[list[str]]:
    """Distinct ids in slices small enough for one `IN (...)` list."""
    wanted = list(dict.fromkeys(ids))
    for i in range(0, len(wanted), _CHUNK):
        yield wanted[i : i + _CHUNK]


def _marks(chunk: list[str]) -> str:
    return ", ".join("?" * len(chunk))


def _dumps(obj: Any) -> str:
    try:
        return json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except ValueError as exc:
        raise LedgerError(f"record is not valid JSON ({exc}): {str(obj)[:200]}") from exc


def _rows(records: DocRecords) -> dict[str, list[tuple[Any, ...]]]:
    """Encode one document and its records as table rows, refusing inconsistent records."""
    doc = records.document
    rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in _INSERTS}
    rows["documents"].append(_document_row(doc))
    for mention in records.mentions:
        _check(doc, mention.id, mention.doc_id, _spans(mention))
        named = mention.actor or mention.place
        rows["mentions"].append((
            mention.id, mention.doc_id, mention.kind, named.name if named else None,
            mention.evidence.start, _dumps(as_dict(mention)),
        ))
    for figure in records.figures:
        _check(doc, figure.id, figure.doc_id, _spans(figure))
        rows["figures"].append((
            figure.id, figure.doc_id, figure.kind, figure.group, figure.low, figure.high,
            figure.evidence.start, _dumps(as_dict(figure)),
        ))
    for claim in records.claims:
        _check(doc, claim.id, claim.doc_id, _spans(claim))
        rows["claims"].append((
            claim.id, claim.doc_id, claim.stance, _speaker_key(claim),
            claim.evidence.start, _dumps(as_dict(claim)),
        ))
    for event in records.events:
        if doc.id not in event.doc_ids:
            raise LedgerError(f"event {event.id} does not list its document {doc.id} in doc_ids")
        _check(doc, event.id, doc.id, _spans(event))
        rows["events"].append(_event_row(event))
        rows["event_docs"].extend((event.id, doc_id) for doc_id in event.doc_ids)
    return rows


def _check(doc: Document, record_id: str, doc_id: str, spans: Iterable[Span]) -> None:
    """Refuse a record that belongs elsewhere or whose evidence does not quote the text."""
    if doc_id != doc.id:
        raise LedgerError(f"record {record_id} has doc_id {doc_id}, stored with document {doc.id}")
    for span in spans:
        if span.doc_id != doc.id:
            continue
        if not 0 <= span.start <= span.end <= len(doc.text) or doc.text[span.start : span.end] != span.text:
            raise LedgerError(
                f"record {record_id}: evidence [{span.start}:{span.end}] {span.text!r} "
                f"does not match the text of document {doc.id}"
            )


def _spans(record: Any) -> Iterator[Span]:
    """Every span a record carries (evidence and any other span field, such as a figure's quantity)."""
    for f in fields(record):
        value = getattr(record, f.name)
        if isinstance(value, Span):
            yield value
        elif isinstance(value, tuple):
            yield from (item for item in value if isinstance(item, Span))


def _document_row(doc: Document) -> tuple[Any, ...]:
    data = as_dict(doc)
    data["removed"] = _dumps(data["removed"])
    data["published"] = None if data["published"] is None else _dumps(data["published"])
    extra = {key: value for key, value in data.items() if key not in _DOC_COLUMNS}
    added_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return (*(data[column] for column in _DOC_COLUMNS), added_at, _dumps(extra))


def _document_dict(row: sqlite3.Row) -> dict[str, Any]:
    data = {**record_defaults(Document), **json.loads(row["data"])}
    data.update({column: row[column] for column in _DOC_COLUMNS})
    data["removed"] = json.loads(row["removed"])
    data["analysed"] = bool(row["analysed"])  # an SQLite integer
    data["published"] = None if row["published"] is None else json.loads(row["published"])
    return data


def _document(row: sqlite3.Row) -> Document:
    return reviver(Document)(_document_dict(row))


def _event_row(event: Event) -> tuple[Any, ...]:
    first_doc = event.doc_ids[0] if event.doc_ids else None
    start = event.evidence[0].start if event.evidence else None
    return (event.id, first_doc, event.type, event.status, start, _dumps(as_dict(event)))


def _speaker_key(claim: Claim) -> str:
    """The casefolded speaker name and words, searched by `claims(speaker=...)`."""
    return "\x1f".join(part.casefold() for part in (claim.speaker.name, claim.speaker.text) if part)
