"""The ledger's shared SQL: the `Ledger` interface both databases implement, and most of its queries.

`Ledger(path)` opens an SQLite ledger (`store.SqliteLedger`); `Ledger("postgresql://...")`
a PostgreSQL one (`postgres.PostgresLedger`), with the same methods (see docs/scale-out.md).
The SQL here is written once, with `?` placeholders, for both; what differs between the
databases is in each backend's `Dialect` or in the methods a backend defines itself
(opening, full-text search, integrity checks, snapshots). Rows are made and read by `codec`.

Writes go in explicit transactions: a batch of documents is stored whole or not at all.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import LedgerError
from ..records import Claim, DocRecords, Document, Event, Figure, Mention, Story, Tally, as_dict, decoder
from .codec import (
    EncodedRecords,
    DOC_SELECT,
    INSERTS,
    RECORD_CLASSES,
    ROW_TABLES,
    decode_document,
    decode_published,
    decode_record,
    document_dict,
    dumps,
    event_row,
    record_defaults,
    prepared_rows,
    speaker_key,
    story_row,
    tally_row,
)
from .places import add as add_places
from .places import recount, touched_by_documents, touched_by_events, touched_by_rows

TABLES: tuple[str, ...] = ("documents", "mentions", "figures", "claims", "events", "stories", "tallies")
"""The record tables, in export order; `stats()` counts each."""

ORDER = {
    "documents": "id",
    "mentions": "doc_id, start, id",
    "figures": "doc_id, start, id",
    "claims": "doc_id, start, id",
    "events": "first_doc_id, start, id",
    "stories": "id",
    "tallies": 'episode_id, kind, "group", seq',
}
"""The export order of each table: each document's records together and in text order."""
SEARCH_HELP = 'use words, "quoted phrases", AND / OR / NOT, NEAR(a b), and prefix*'
_URL_SCHEMES = ("postgresql://", "postgres://")
_CHUNK = 500


@dataclass(frozen=True)
class Dialect:
    """The SQL fragments that differ between the ledger's databases."""

    contains: str
    """A case-sensitive substring test: `{column}` contains the one parameter."""
    order: Mapping[str, str]
    """The ORDER BY of each table giving the export order (`ORDER`, NULLs first)."""
    begin: str
    """The statement that starts a write transaction."""
    unlimited: int | None
    """The LIMIT value that means no limit."""
    json_text: str
    """A JSON `{column}` as text, for LIKE."""


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


class Ledger(ABC):
    """The ledger; open with `Ledger(path)` or `with Ledger(path) as ledger:`.

    One `Ledger` holds one connection and must not be shared between threads: open
    one per thread (opening is cheap once the schema exists).
    """

    dialect: Dialect
    """The SQL this backend's database differs by; `listing` writes its queries with it."""
    path: str
    migrated: list[str]
    """The migrations opening the ledger applied."""
    _conn: Any  # an sqlite3.Connection, or the same slice of its API on psycopg

    def __new__(cls, path: str | Path = ":memory:", read_only: bool = False) -> Ledger:
        """Return the backend that opens `path`: PostgreSQL for a postgresql:// URL, else SQLite."""
        if cls is Ledger:
            # Each backend subclasses Ledger and says what it opens; the package imports both.
            found = next((backend for backend in Ledger.__subclasses__() if backend.opens(path)), None)
            if found is None:
                raise LedgerError(f"no ledger backend opens {path!r}")
            cls = found
        return super().__new__(cls)

    @classmethod
    @abstractmethod
    def opens(cls, path: str | Path) -> bool:
        """True when this backend opens the ledger at `path`."""

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

    def add_many(self, batch: Iterable[DocRecords | EncodedRecords]) -> int:
        """Store a batch of documents with their records in one transaction.

        A document whose id is already in the ledger (or earlier in the batch)
        is skipped untouched, so re-ingesting the same articles is harmless.

        Args:
            batch: per-document records, as the pipeline produces them, or already
                encoded by a worker process (`codec.encode`).

        Returns:
            The number of documents added.

        Raises:
            LedgerError: a record is inconsistent (a span that does not quote
                its document, a duplicate record id); nothing of the batch is kept.
        """
        # Rows are encoded (and checked) before taking the write lock, which
        # other writers wait on; the known-id check must be inside it.
        prepared = [prepared_rows(records) for records in batch]
        with self._write():
            known = self.known_ids(doc_id for doc_id, _ in prepared)
            rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in ROW_TABLES}
            added: set[str] = set()
            for doc_id, doc_rows in prepared:
                if doc_id in known or doc_id in added:
                    continue
                added.add(doc_id)
                for table, table_rows in doc_rows.items():
                    rows[table] += table_rows
            self._insert_rows(rows)
        return len(added)

    def replace_stories(self, stories: Iterable[Story]) -> int:
        """Replace every story with `stories`; return how many were written."""
        rows = [story_row(s) for s in stories]
        with self._write():
            self._conn.execute("DELETE FROM stories")
            self._conn.executemany(INSERTS["stories"], rows)
        return len(rows)

    def put_stories(self, stories: Iterable[Story], delete: Iterable[str] = ()) -> int:
        """Insert or replace stories by id and delete the stories named in `delete` (an incremental link)."""
        rows = [story_row(s) for s in stories]
        with self._write():
            self._conn.executemany("DELETE FROM stories WHERE id = ?", [(r[0],) for r in rows] + [(i,) for i in delete])
            self._conn.executemany(INSERTS["stories"], rows)
        return len(rows)

    def replace_tallies(self, tallies: Iterable[Tally], episode_ids: Iterable[str] | None = None) -> int:
        """Replace every tally with `tallies`, or only the tallies of `episode_ids`; return how many were written."""
        rows = [tally_row(t) for t in tallies]
        with self._write():
            if episode_ids is None:
                self._conn.execute("DELETE FROM tallies")
            else:
                self._conn.executemany("DELETE FROM tallies WHERE episode_id = ?", [(e,) for e in episode_ids])
            self._conn.executemany(INSERTS["tallies"], rows)
        return len(rows)

    def save_link_state(self, values: Mapping[str, Any], docs: Iterable[tuple[str, Any]] = ()) -> None:
        """Store what a link leaves for the next one: named JSON values, and one JSON value per document id."""
        named = [(name, dumps(value)) for name, value in values.items()]
        rows = [(doc_id, dumps(value)) for doc_id, value in docs]
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
                row = (c.stance, speaker_key(c), dumps(as_dict(c)), c.id)
                cursor = self._conn.execute("UPDATE claims SET stance = ?, speaker = ?, data = ? WHERE id = ?", row)
                if cursor.rowcount != 1:
                    raise LedgerError(f"no claim {row[-1]!r} in the ledger")
                count += 1
        return count

    def put_events(self, events: Iterable[Event]) -> int:
        """Insert or replace events by id, with their document links (for event merging)."""
        items = list(events)
        event_rows = [event_row(e) for e in items]
        with self._write():
            keys = {key for chunk in chunks(e.id for e in items) for key in touched_by_events(self._conn, chunk)}
            # event_docs rows go with their event (ON DELETE CASCADE).
            self._conn.executemany("DELETE FROM events WHERE id = ?", [(e.id,) for e in items])
            self._conn.executemany(INSERTS["events"], event_rows)
            self._conn.executemany(INSERTS["event_docs"], [(e.id, d) for e in items for d in e.doc_ids])
            self._lock_places()
            recount(self._conn, (), keys | touched_by_rows({"events": event_rows})[1])
        return len(items)

    def delete_events(self, ids: Iterable[str]) -> int:
        """Delete events by id (e.g. those merged into another); return how many were deleted."""
        rows = [(event_id,) for event_id in ids]
        with self._write():
            keys = {key for chunk in chunks(r[0] for r in rows) for key in touched_by_events(self._conn, chunk)}
            cursor = self._conn.executemany("DELETE FROM events WHERE id = ?", rows)
            self._lock_places()
            recount(self._conn, (), keys)
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
        row = self._conn.execute(f"{DOC_SELECT} WHERE id = ?", (doc_id,)).fetchone()
        return decode_document(row) if row else None

    def documents(self, limit: int | None = None, offset: int = 0) -> list[Document]:
        """Return documents ordered by id, `limit` of them from `offset`."""
        sql = f"{DOC_SELECT} ORDER BY id LIMIT ? OFFSET ?"
        rows = self._conn.execute(sql, (self.dialect.unlimited if limit is None else limit, offset))
        return [decode_document(row) for row in rows]

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
        return [
            DocumentHeader(doc_id, title, source, decode_published(published), story, episode)
            for doc_id, title, source, published, story, episode in self._conn.execute(sql + " ORDER BY id", params)
        ]

    def record_counts(self, doc_ids: Iterable[str]) -> dict[str, dict[str, int]]:
        """Figures, claims, events and mentions of each of these documents (through their doc_id indexes)."""
        counts: dict[str, dict[str, int]] = {}
        for chunk in chunks(doc_ids):
            for doc_id in chunk:
                counts[doc_id] = dict.fromkeys(("figures", "claims", "events", "mentions"), 0)
            for table in ("figures", "claims", "mentions", "event_docs"):
                sql = f"SELECT doc_id, count(*) FROM {table} WHERE doc_id IN ({marks(chunk)}) GROUP BY doc_id"
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
        extra = [] if speaker is None else [(self.dialect.contains.format(column="speaker"), speaker.casefold())]
        return list(self._select("claims", {"doc_id": doc_id, "stance": stance}, extra))

    def events(self, doc_id: str | None = None, type: str | None = None) -> list[Event]:  # noqa: A002
        """Return events, optionally those reported by one document and of one PLOVER type."""
        extra = [] if doc_id is None else [("id IN (SELECT event_id FROM event_docs WHERE doc_id = ?)", doc_id)]
        return list(self._select("events", {"type": type}, extra))

    def unanalysed_documents(self, min_relevance: float | None = None) -> list[Document]:
        """Return the documents the relevance gate passed over, optionally those scoring at least `min_relevance`."""
        sql = f"{DOC_SELECT} WHERE analysed = ?"
        params: list[Any] = [False]
        if min_relevance is not None:
            sql += " AND relevance >= ?"
            params.append(min_relevance)
        return [decode_document(row) for row in self._conn.execute(sql + " ORDER BY id", params)]

    def replace_documents(self, batch: Iterable[DocRecords | EncodedRecords]) -> int:
        """Replace stored documents and all their records by new ones (a reanalysis), in one transaction.

        Each document is deleted with its records (its events too, when no other
        document reports them) and stored again unlinked, so the next link places it.

        Returns:
            The number of documents written.
        """
        prepared = [prepared_rows(records) for records in batch]
        ids = [doc_id for doc_id, _ in prepared]
        with self._write():
            # The places these documents' mentions and events were counted at, before and after.
            touched = [touched_by_documents(self._conn, chunk) for chunk in chunks(ids)]
            events = [row[0] for chunk in chunks(ids) for row in self._conn.execute(
                f"SELECT event_id FROM event_docs WHERE doc_id IN ({marks(chunk)})", chunk)]
            self._conn.executemany("DELETE FROM documents WHERE id = ?", [(doc_id,) for doc_id in ids])
            self._conn.executemany(
                "DELETE FROM events WHERE id = ? AND NOT EXISTS (SELECT 1 FROM event_docs WHERE event_id = ?)",
                [(event_id, event_id) for event_id in events])
            rows = {table: [row for _, doc_rows in prepared for row in doc_rows[table]] for table in ROW_TABLES}
            for table, table_rows in rows.items():
                if table_rows:
                    self._conn.executemany(INSERTS[table], table_rows)
            touched.append(touched_by_rows(rows))
            self._lock_places()
            recount(self._conn, (n for names, _ in touched for n in names), (k for _, keys in touched for k in keys))
        return len(prepared)

    def documents_by_id(self, ids: Iterable[str]) -> list[Document]:
        """Return the documents with these ids (unknown ids are skipped), ordered by id."""
        found = [decode_document(row) for chunk in chunks(ids)
                 for row in self._conn.execute(f"{DOC_SELECT} WHERE id IN ({marks(chunk)})", chunk)]
        return sorted(found, key=lambda d: d.id)

    def unlinked_documents(self) -> list[Document]:
        """Return the documents no link has stored state for (added since the last link), ordered by id."""
        sql = f"{DOC_SELECT} WHERE id NOT IN (SELECT doc_id FROM link_docs) ORDER BY id"
        return [decode_document(row) for row in self._conn.execute(sql)]

    def records_of(self, table: str, doc_ids: Iterable[str]) -> list[Any]:
        """Return the records of one table (mentions, figures, claims, events) of these documents.

        Records come in table order within each slice of 500 documents; an event
        reported by several of the documents comes once.
        """
        column = "doc_id IN ({})"
        if table == "events":
            column = "id IN (SELECT event_id FROM event_docs WHERE doc_id IN ({}))"
        revive = decoder(RECORD_CLASSES[table])
        found: dict[str, Any] = {}
        for chunk in chunks(doc_ids):
            sql = f"SELECT id, data FROM {table} WHERE {column.format(marks(chunk))} ORDER BY {self.dialect.order[table]}"
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
            for row in self._stream(f"{DOC_SELECT} ORDER BY id"):
                yield decode_document(row)
        elif table in RECORD_CLASSES:
            yield from self._select(table, {})
        else:
            raise LedgerError(f"no table {table!r}; expected one of {', '.join(TABLES)}")

    def scan_dicts(self, table: str) -> Iterator[dict[str, Any]]:
        """Yield every record of one table as its `as_dict()` form, in export order.

        Faster than `scan` (no dataclass is rebuilt); a field added to a record
        type after a row was written comes out with its default, as `scan` gives.
        """
        if table == "documents":
            for row in self._stream(f"{DOC_SELECT} ORDER BY id"):
                yield document_dict(row)
        elif table in RECORD_CLASSES:
            defaults = record_defaults(RECORD_CLASSES[table])
            for (data,) in self._stream(f"SELECT data FROM {table} ORDER BY {self.dialect.order[table]}"):
                yield {**defaults, **json.loads(data)}
        else:
            raise LedgerError(f"no table {table!r}; expected one of {', '.join(TABLES)}")

    def stats(self) -> dict[str, int]:
        """Return the number of rows in each record table."""
        return {table: self._conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}

    def figure(self, figure_id: str) -> Figure | None:
        """Return the figure with this id, or None (one lookup in the primary key)."""
        return self._by_id("figures", figure_id)

    def claim(self, claim_id: str) -> Claim | None:
        """Return the claim with this id, or None (one lookup in the primary key)."""
        return self._by_id("claims", claim_id)

    def event(self, event_id: str) -> Event | None:
        """Return the event with this id, or None (one lookup in the primary key)."""
        return self._by_id("events", event_id)

    def query(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Any]:
        """Run one read query and yield its rows, readable by position and by column name.

        The read interface of this package's own readers (`listing`): `sql` uses `?`
        placeholders and SQL both databases accept, with `dialect` where they differ.

        Raises:
            LedgerError: the statement is not a SELECT.
        """
        if not sql.lstrip().upper().startswith("SELECT"):
            raise LedgerError(f"a ledger query must be a SELECT: {sql[:60]!r}")
        return iter(self._conn.execute(sql, params))

    # -- what each backend does its own way -----------------------------------

    @abstractmethod
    def search(self, query: str, limit: int = 20, *, offset: int = 0, mark: tuple[str, str] = ("[", "]"),
               snippets: bool = True, budget: float | None = None,
               doc_ids: Sequence[str] | None = None) -> list[SearchHit]:
        """Full-text search over document titles and texts, best matches first (FTS5 query syntax)."""

    @abstractmethod
    def integrity(self) -> list[str]:
        """Check the database; return problems (empty = ok)."""

    @abstractmethod
    def snapshot(self) -> AbstractContextManager[Ledger]:
        """A context in which several reads see the same state (e.g. an export)."""

    @abstractmethod
    def exclusive(self) -> AbstractContextManager[Ledger]:
        """A context running a read-then-write sequence (linking) alone among the ledger's clients."""

    @abstractmethod
    def _database_errors(self) -> tuple[type[Exception], ...]:
        """The driver's exceptions, turned into `LedgerError`s by `_write`."""

    @abstractmethod
    def _rollback(self) -> None:
        """End the open transaction, if any, keeping nothing of it."""

    @abstractmethod
    def _stream(self, sql: str) -> Iterator[Any]:
        """Rows of a whole-table query, fetched as iterated."""

    # -- internals ------------------------------------------------------------

    def _insert_rows(self, rows: dict[str, list[tuple[Any, ...]]]) -> None:
        """Insert new documents' rows, table by table, and add them to the place counts (inside a write)."""
        for table, table_rows in rows.items():
            if table_rows:
                self._conn.executemany(INSERTS[table], table_rows)
        self._lock_places()
        add_places(self._conn, rows)

    def _lock_places(self) -> None:
        """Wait for other writers of the place counts until this transaction ends (SQLite's writers already do)."""

    @contextmanager
    def _write(self) -> Iterator[None]:
        if self._conn.in_transaction:
            raise LedgerError("a ledger write cannot start inside another transaction or a snapshot")
        errors = self._database_errors()
        try:
            self._conn.execute(self.dialect.begin)
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

    def _select(
        self, table: str, equal: dict[str, Any], extra: list[tuple[str, Any]] | None = None
    ) -> Iterator[Any]:
        conditions = [(f"{column} = ?", value) for column, value in equal.items() if value is not None]
        conditions += extra or []
        where = f" WHERE {' AND '.join(c for c, _ in conditions)}" if conditions else ""
        sql = f"SELECT data FROM {table}{where} ORDER BY {self.dialect.order[table]}"
        revive = decoder(RECORD_CLASSES[table])
        for (data,) in self._conn.execute(sql, [value for _, value in conditions]):
            yield revive(json.loads(data))

    def _by_id(self, table: str, record_id: str) -> Any:
        row = self._conn.execute(f"SELECT data FROM {table} WHERE id = ?", (record_id,)).fetchone()
        return None if row is None else decode_record(table, row[0])


def is_database_url(path: str | Path) -> bool:
    """Return True if `path` names a PostgreSQL server (postgresql:// or postgres://) rather than a file."""
    return isinstance(path, str) and path.startswith(_URL_SCHEMES)


def chunks(ids: Iterable[str]) -> Iterator[list[str]]:
    """Distinct ids in slices small enough for one `IN (...)` list."""
    wanted = list(dict.fromkeys(ids))
    for i in range(0, len(wanted), _CHUNK):
        yield wanted[i : i + _CHUNK]


def marks(chunk: Sequence[Any]) -> str:
    """The `?` placeholders of an `IN (...)` list of these values."""
    return ", ".join("?" * len(chunk))
