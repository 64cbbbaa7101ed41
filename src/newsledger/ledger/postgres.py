"""The ledger on a PostgreSQL server: the `Ledger` interface for a team or a cluster.

`Ledger("postgresql://user@host/db")` returns a `PostgresLedger`. It shares the
row codec and span checks (`codec`) and the SQL of `base.Ledger` with the SQLite
ledger (through a thin connection adapter that turns `?` placeholders into
psycopg's `%s`, and its `Dialect`); it differs where the databases do:

- a batch is one transaction; documents are inserted with `ON CONFLICT (id) DO
  NOTHING RETURNING id` and only the returned ones get their records, so
  writers on several machines can store overlapping batches safely (the second
  waits for the first's commit, then skips what it stored);
- `exclusive()` holds an advisory lock, so two clients never link at once;
- `snapshot()` is a `REPEATABLE READ READ ONLY` transaction;
- `search` translates the FTS5 query syntax to a `tsquery` (see `tsquery`).

Needs the optional `postgres` extra (psycopg 3).
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import LedgerError
from ..records import DocRecords
from .base import ORDER, SEARCH_HELP, Dialect, Ledger, SearchHit, is_database_url
from .codec import INSERTS, ROW_TABLES, EncodedRecords, prepared_rows
from .pg_schema import LINK_LOCK, PLACES_LOCK
from .pg_schema import apply as apply_migrations
from .search import QueryRejected, search_problem

log = logging.getLogger(__name__)

_INSTALL_HINT = "PostgreSQL ledgers need psycopg: pip install 'newsledger[postgres]'"
# Parent tables of each foreign key, checked by `integrity()` (PostgreSQL enforces
# them, but a session with triggers disabled could still leave dangling rows).
_FOREIGN_KEYS = (
    ("mentions", "doc_id", "documents"),
    ("figures", "doc_id", "documents"),
    ("claims", "doc_id", "documents"),
    ("event_docs", "event_id", "events"),
    ("event_docs", "doc_id", "documents"),
)
POSTGRES = Dialect(
    contains="strpos({column}, ?) > 0",
    # PostgreSQL sorts NULLs last in ascending order, SQLite first: keep SQLite's order.
    order={**ORDER, "events": "first_doc_id NULLS FIRST, start NULLS FIRST, id"},
    begin="BEGIN",
    unlimited=None,
    json_text="{column}::text",  # `json` keeps the stored text exactly
)
_SNIPPET_WORDS = 16
_STREAM_ROWS = 200


class PostgresLedger(Ledger):
    """The ledger in a PostgreSQL database; open it as `Ledger(url)` or `open_ledger(url)`.

    Several clients, on several machines, may open the same database and write
    at once. One `PostgresLedger` holds one connection and, like the SQLite
    ledger, must not be shared between threads.
    """

    dialect = POSTGRES

    @classmethod
    def opens(cls, path: str | Path) -> bool:
        """True for a postgresql:// (or postgres://) URL."""
        return is_database_url(path)

    def __init__(self, path: str | Path = ":memory:", read_only: bool = False) -> None:
        """Connect to the database at the URL `path` and apply pending migrations (`read_only` is ignored).

        Args:
            path: a `postgresql://` (or `postgres://`) URL, e.g.
                `postgresql://newsledger@db.example.org/news` or, on a unix
                socket, `postgresql:///news?host=/run/postgresql`.

        Raises:
            LedgerError: psycopg is missing, the server cannot be reached, the
                database is not a ledger or was written by a newer newsledger.
        """
        url = str(path)
        if not is_database_url(url):
            raise LedgerError(f"not a PostgreSQL URL: {url!r} (expected postgresql://...)")
        self.path = redact(url)
        self._conn = _connect(url, self.path)
        try:
            self.migrated = apply_migrations(self._conn.raw)
        except BaseException:
            self._conn.close()
            raise
        if self.migrated:
            log.info("ledger %s: applied migrations %s", self.path, ", ".join(self.migrated))

    # -- writes ---------------------------------------------------------------

    def add_many(self, batch: Iterable[DocRecords | EncodedRecords]) -> int:
        """Store a batch of documents with their records in one transaction.

        Same contract as `Ledger.add_many`; documents another client stored
        first (even one still committing) are skipped with their records.
        """
        prepared: dict[str, dict[str, list[tuple[Any, ...]]]] = {}
        for records in batch:
            doc_id, rows = prepared_rows(records)
            prepared.setdefault(doc_id, rows)
        # Inserting in id order makes concurrent batches lock rows in the same
        # order, so two writers wait for each other instead of deadlocking.
        ordered = sorted(prepared)
        if not ordered:
            return 0
        sql = INSERTS["documents"] + " ON CONFLICT (id) DO NOTHING RETURNING id"
        with self._write():
            cursor = self._conn.executemany(sql, [prepared[i]["documents"][0] for i in ordered], returning=True)
            added = _returned(cursor)
            rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in ROW_TABLES if table != "documents"}
            for doc_id in ordered:
                if doc_id in added:
                    for table in rows:
                        rows[table] += prepared[doc_id][table]
            self._insert_rows(rows)
        return len(added)

    # -- reads ----------------------------------------------------------------

    def search(self, query: str, limit: int = 20, *, offset: int = 0, mark: tuple[str, str] = ("[", "]"),
               snippets: bool = True, budget: float | None = None,
               doc_ids: Sequence[str] | None = None) -> list[SearchHit]:
        """Full-text search over titles and texts, best matches first (FTS5 query syntax).

        Words are stemmed ("killed" finds "kill"); `"phrases"`, AND / OR / NOT,
        parentheses, `prefix*` and `title:word` work as in the SQLite ledger;
        `NEAR(a b)` finds documents with all its terms, near or not.

        `offset`, `snippets` and the size bounds are as in the SQLite ledger; `budget` is
        not enforced here (set `statement_timeout` on the server).

        Raises:
            QueryRejected: the query is over the size bounds (it is not run).
            LedgerError: the query is empty or malformed.
        """
        if problem := search_problem(query):
            raise QueryRejected(problem)
        options = _headline_options(mark)
        among = "" if doc_ids is None else f" AND d.id IN ({', '.join('?' * len(doc_ids))})"
        sql = (
            "SELECT d.id, d.title, ts_headline('english', d.text, q, ?), "
            "ts_headline('english', coalesce(d.title, ''), q, ?) "
            "FROM documents d, to_tsquery('english', ?) q "
            f"WHERE d.search @@ q{among} ORDER BY ts_rank_cd(d.search, q) DESC, d.id LIMIT ? OFFSET ?"
        )
        params = (options, options, tsquery(query), *(doc_ids or ()), limit, offset)
        rows = self._conn.execute(sql, params).fetchall()
        # The snippet comes from the text, or from the title when only the title matched.
        return [
            SearchHit(doc_id, title, in_title if mark[0] not in in_text and mark[0] in in_title else in_text)
            for doc_id, title, in_text, in_title in rows
        ]

    def integrity(self) -> list[str]:
        """Check for rows pointing to missing parents; return problems (empty = ok)."""
        problems = []
        for table, column, parent in _FOREIGN_KEYS:
            sql = (
                f"SELECT t.{column} FROM {table} t WHERE NOT EXISTS "
                f"(SELECT 1 FROM {parent} p WHERE p.id = t.{column}) LIMIT 100"
            )
            problems += [f"foreign key: {table}.{column} {row[0]} points to a missing {parent}"
                         for row in self._conn.execute(sql)]
        return problems

    @contextmanager
    def snapshot(self) -> Iterator[Ledger]:
        """Read inside one REPEATABLE READ transaction, so several reads see the same state."""
        if self._conn.in_transaction:
            raise LedgerError("a snapshot cannot start inside another transaction")
        self._conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            yield self
        finally:
            self._conn.rollback()

    @contextmanager
    def exclusive(self) -> Iterator[Ledger]:
        """Hold the ledger's link lock (a session advisory lock) while the block runs.

        Another client calling `exclusive()` on the same database waits until
        this block ends, so two link runs never interleave their writes.
        """
        self._conn.execute("SELECT pg_advisory_lock(?)", (LINK_LOCK,))
        try:
            yield self
        finally:
            self._conn.execute("SELECT pg_advisory_unlock(?)", (LINK_LOCK,))

    # -- internals ------------------------------------------------------------

    def _stream(self, sql: str) -> Iterator[Any]:
        # A client-side cursor would hold a whole table in memory (an export of
        # every text); a server-side one fetches it in slices. Outside a
        # transaction it must be WITH HOLD, which the server materialises.
        held = not self._conn.in_transaction
        with self._conn.raw.cursor(name=f"newsledger_{secrets.token_hex(6)}", withhold=held) as cursor:
            cursor.itersize = _STREAM_ROWS
            cursor.execute(_placeholders(sql))
            yield from cursor

    def _lock_places(self) -> None:
        """Wait for other writers of the place counts: each reads a count and writes it back (see `places`)."""
        self._conn.execute("SELECT pg_advisory_xact_lock(?)", (PLACES_LOCK,))

    def _database_errors(self) -> tuple[type[Exception], ...]:
        return (self._conn.error,)

    def _rollback(self) -> None:
        self._conn.rollback()


class _Connection:
    """The slice of the sqlite3.Connection API the shared `Ledger` code uses, on psycopg."""

    def __init__(self, raw: Any, error: type[Exception], idle: Any) -> None:
        self.raw = raw
        self.error = error  # psycopg.Error, which `PostgresLedger` turns into LedgerError
        self._idle = idle

    @property
    def in_transaction(self) -> bool:
        """True inside a transaction, including one a failed statement aborted."""
        return bool(self.raw.info.transaction_status != self._idle)

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        """Run one statement written with `?` placeholders; return its cursor."""
        return self.raw.execute(_placeholders(sql), params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]], returning: bool = False) -> Any:
        """Run one statement for each row (pipelined by psycopg); return the cursor."""
        cursor = self.raw.cursor()
        cursor.executemany(_placeholders(sql), rows, returning=returning)
        return cursor

    def rollback(self) -> None:
        """End any open transaction; a connection already broken is left to `close`."""
        if self.in_transaction:
            try:
                self.raw.execute("ROLLBACK")
            except self.error as exc:
                log.warning("rollback failed: %s", exc)

    def close(self) -> None:
        """Close the connection; closing twice is harmless."""
        self.raw.close()


class _Row(tuple):  # noqa: SLOT001 - rows carry their column index
    """A result row readable by position and by column name, like `sqlite3.Row`."""

    _index: dict[str, int]

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)


def _row_factory(cursor: Any) -> Callable[[Sequence[Any]], _Row]:
    index = {column.name: i for i, column in enumerate(cursor.description or ())}

    def make(values: Sequence[Any]) -> _Row:
        row = _Row(values)
        row._index = index
        return row

    return make


def _connect(url: str, shown: str) -> _Connection:
    try:
        # Imported when a PostgreSQL ledger is opened, not with the package: psycopg is the
        # optional `postgres` extra, and importing it would slow every command down.
        import psycopg
        from psycopg.pq import TransactionStatus
        from psycopg.types.string import TextLoader
    except ImportError as exc:
        raise LedgerError(_INSTALL_HINT) from exc
    try:
        raw = psycopg.connect(url, autocommit=True, row_factory=_row_factory, application_name="newsledger")
    except psycopg.Error as exc:
        raise LedgerError(f"cannot open ledger {shown}: {exc}") from exc
    # Records stay JSON text, decoded by the shared code exactly as from SQLite.
    raw.adapters.register_loader("json", TextLoader)
    raw.adapters.register_loader("jsonb", TextLoader)
    return _Connection(raw, psycopg.Error, TransactionStatus.IDLE)


def _placeholders(sql: str) -> str:
    # The shared SQL is written for sqlite3 and has no literal '?' or '%' outside placeholders.
    return sql.replace("?", "%s")


def _returned(cursor: Any) -> set[str]:
    """The ids an `executemany(..., returning=True)` produced, one result set per row."""
    ids: set[str] = set()
    while True:
        row = cursor.fetchone()
        if row is not None:
            ids.add(row[0])
        if not cursor.nextset():
            return ids


def redact(url: str) -> str:
    """Return the URL with its password (if any) replaced by ***, for logs and messages."""
    return re.sub(r"(://[^/@:]*:)[^/@]*@", r"\1***@", url)


def _headline_options(mark: tuple[str, str]) -> str:
    def quoted(value: str) -> str:
        return '"' + value.replace('"', '""') + '"'

    return (
        f"StartSel={quoted(mark[0])}, StopSel={quoted(mark[1])}, MaxWords={_SNIPPET_WORDS}, "
        f"MinWords={_SNIPPET_WORDS // 2}, ShortWord=0, MaxFragments=1, FragmentDelimiter={quoted('…')}"
    )


# -- FTS5 query syntax to tsquery ---------------------------------------------

_TOKEN = re.compile(r'\s*(?:(?P<phrase>"[^"]*")|(?P<near>NEAR\s*\()|(?P<open>\()|(?P<close>\))|(?P<comma>,)'
                    r'|(?P<word>[^\s()",]+))')
_OPERATORS = frozenset({"AND", "OR", "NOT"})
_COLUMNS = {"title": "A", "text": "B"}


@dataclass(frozen=True)
class _Token:
    kind: str
    value: str


def tsquery(query: str) -> str:
    """Translate an FTS5-style query (as `Ledger.search` takes) to `to_tsquery` text.

    Words, "phrases" (`<->`), AND / OR / NOT (binary, as in FTS5: `a NOT b`),
    parentheses, `prefix*` (`:*`), `title:word` / `text:word` (weights A / B);
    `NEAR(a b, N)` becomes AND, since tsquery has no unordered proximity.

    Raises:
        LedgerError: the query is empty or malformed.
    """
    tokens = _tokens(query)
    if not tokens:
        raise LedgerError(f"empty search query; {SEARCH_HELP}")
    parser = _Parser(query, tokens)
    expression = parser.or_expr()
    if parser.position != len(tokens):
        raise parser.error(f"unexpected {tokens[parser.position].value!r}")
    return expression


def _tokens(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(query):
        match = _TOKEN.match(query, position)
        if match is None:
            if query[position:].strip():
                raise LedgerError(f"invalid search query {query!r} (unbalanced quote); {SEARCH_HELP}")
            break
        position = match.end()
        kind = match.lastgroup or ""
        value = match.group(kind)
        tokens.append(_Token("operator" if kind == "word" and value in _OPERATORS else kind, value))
    return tokens


class _Parser:
    """Recursive descent over FTS5's precedence: OR < AND (or nothing) < NOT."""

    def __init__(self, query: str, tokens: list[_Token]) -> None:
        self.query = query
        self.tokens = tokens
        self.position = 0

    def error(self, reason: str) -> LedgerError:
        return LedgerError(f"invalid search query {self.query!r} ({reason}); {SEARCH_HELP}")

    def peek(self) -> _Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self, kind: str, value: str | None = None) -> bool:
        token = self.peek()
        if token is not None and token.kind == kind and (value is None or token.value == value):
            self.position += 1
            return True
        return False

    def or_expr(self) -> str:
        parts = [self.and_expr()]
        while self.take("operator", "OR"):
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"

    def and_expr(self) -> str:
        parts = [self.not_expr()]
        while True:
            token = self.peek()
            if self.take("operator", "AND") or (token is not None and token.kind in ("phrase", "word", "near", "open")):
                parts.append(self.not_expr())
            else:
                break
        return parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")"

    def not_expr(self) -> str:
        expression = self.primary()
        while self.take("operator", "NOT"):
            expression = f"({expression} & !{self.primary()})"
        return expression

    def primary(self) -> str:
        token = self.peek()
        if token is None:
            raise self.error("the query ends too early")
        self.position += 1
        if token.kind == "open":
            inner = self.or_expr()
            if not self.take("close"):
                raise self.error("unbalanced parenthesis")
            return inner
        if token.kind == "near":
            return self.near()
        if token.kind == "phrase":
            return _phrase(token.value[1:-1], "", self)
        if token.kind == "word":
            return _word(token.value, self)
        raise self.error(f"unexpected {token.value!r}")

    def near(self) -> str:
        terms = []
        while not self.take("close"):
            token = self.peek()
            if token is None:
                raise self.error("unbalanced NEAR(")
            if self.take("comma"):
                distance = self.peek()
                if distance is None or not distance.value.isdigit():
                    raise self.error("NEAR distance must be a number")
                self.position += 1
                continue
            if token.kind not in ("phrase", "word"):
                raise self.error("NEAR( takes words and phrases")
            terms.append(self.primary())
        if not terms:
            raise self.error("empty NEAR()")
        return "(" + " & ".join(terms) + ")"


def _word(value: str, parser: _Parser) -> str:
    column, _, word = value.rpartition(":")
    if not re.fullmatch(r"[A-Za-z_]+", column):
        column, word = "", value  # not a column filter: "10:30" is one word
    elif column not in _COLUMNS:
        raise parser.error(f"no such column {column!r}; use title: or text:")
    prefix = word.endswith("*")
    return _phrase(word.rstrip("*"), _COLUMNS.get(column, ""), parser, prefix=prefix)


def _phrase(text: str, weight: str, parser: _Parser, prefix: bool = False) -> str:
    """One quoted operand: PostgreSQL's parser splits it as the indexer does (several words make a phrase)."""
    if not re.search(r"\w", text):
        raise parser.error(f"no word in {text!r}")
    quoted = "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"
    marker = ("*" if prefix else "") + weight
    return f"{quoted}:{marker}" if marker else quoted
