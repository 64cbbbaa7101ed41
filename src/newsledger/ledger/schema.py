"""The ledger's tables, defined once and written as SQL for SQLite (`migrations`) and PostgreSQL (`pg_schema`).

A column has an abstract type; each dialect spells it its own way:

- `key`: an id or code compared and sorted by code point (PostgreSQL: the "C" collation,
  whatever the database's locale; SQLite always compares text that way);
- `int`: 64-bit (SQLite integers already are; PostgreSQL `bigint`);
- `json`: a record's `as_dict()` JSON (PostgreSQL `json`, not `jsonb`: it keeps the exact
  text, key order included, so an export is byte-for-byte the SQLite one);
- `seq`: an increasing row number, the primary key (SQLite's INTEGER PRIMARY KEY, which
  VACUUM keeps; a PostgreSQL identity column).

Each released migration names its own `Table`s and `Column`s: they are history, never
edited (a schema change is a new migration). Full-text search is not here: SQLite's FTS5
table and PostgreSQL's tsvector column have nothing in common (see each dialect's module).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

DialectName = Literal["sqlite", "postgres"]
ColumnType = Literal["key", "text", "int", "real", "bool", "json", "time", "seq"]

_TYPES: dict[str, dict[str, str]] = {
    "sqlite": {
        "key": "TEXT", "text": "TEXT", "int": "INTEGER", "real": "REAL", "bool": "INTEGER",
        "json": "TEXT", "time": "TEXT", "seq": "INTEGER PRIMARY KEY",
    },
    "postgres": {
        "key": 'TEXT COLLATE "C"', "text": "TEXT", "int": "BIGINT", "real": "DOUBLE PRECISION", "bool": "BOOLEAN",
        "json": "JSON", "time": "TIMESTAMPTZ", "seq": "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
    },
}
_BOOLEANS = {"sqlite": ("0", "1"), "postgres": ("FALSE", "TRUE")}


@dataclass(frozen=True)
class Column:
    """One column: its name (quoted where it is an SQL keyword), type, constraints and default."""

    name: str
    type: ColumnType
    constraint: str = ""
    default: str | bool | None = None

    def sql(self, dialect: DialectName) -> str:
        """The column's definition in a CREATE TABLE or ADD COLUMN."""
        parts = [self.name, _TYPES[dialect][self.type], self.constraint]
        if isinstance(self.default, bool):
            parts.append(f"DEFAULT {_BOOLEANS[dialect][self.default]}")
        elif self.default is not None:
            parts.append(f"DEFAULT '{self.default}'")
        return " ".join(part for part in parts if part)


@dataclass(frozen=True)
class Index:
    """A plain index over some columns of a table."""

    name: str
    table: str
    columns: str

    def sql(self) -> str:
        """The CREATE INDEX statement (the same in both dialects)."""
        return f"CREATE INDEX {self.name} ON {self.table}({self.columns});"


@dataclass(frozen=True)
class Table:
    """A table: its columns, an optional composite primary key, and its indexes."""

    name: str
    columns: tuple[Column, ...]
    primary_key: str | None = None
    indexes: tuple[Index, ...] = ()
    without_rowid: bool = False
    """SQLite only: a table keyed by its primary key, with no rowid (PostgreSQL tables have none)."""

    def sql(self, dialect: DialectName) -> str:
        """The CREATE TABLE statement and its CREATE INDEX statements."""
        lines = [column.sql(dialect) for column in self.columns]
        if self.primary_key:
            lines.append(f"PRIMARY KEY ({self.primary_key})")
        body = ",\n    ".join(lines)
        rowid = " WITHOUT ROWID" if self.without_rowid and dialect == "sqlite" else ""
        return "\n".join([f"CREATE TABLE {self.name} (\n    {body}\n){rowid};", *(i.sql() for i in self.indexes)])


def script(dialect: DialectName, tables: tuple[Table, ...] = (), added: tuple[tuple[str, Column], ...] = (),
           indexes: tuple[Index, ...] = ()) -> str:
    """One migration's SQL script: new tables, then columns added to existing tables, then new indexes."""
    statements = [table.sql(dialect) for table in tables]
    statements += [f"ALTER TABLE {table} ADD COLUMN {column.sql(dialect)};" for table, column in added]
    statements += [index.sql() for index in indexes]
    return "\n".join(statements) + "\n"


def _record_table(name: str, *columns: Column, indexes: tuple[tuple[str, str], ...] = ()) -> Table:
    """A table of records: an id, key columns, and the record's JSON."""
    return Table(name, (Column("id", "key", "PRIMARY KEY"), *columns, Column("data", "json", "NOT NULL")),
                 indexes=tuple(Index(index, name, on) for index, on in indexes))


_DOC_ID = Column("doc_id", "key", "NOT NULL REFERENCES documents(id) ON DELETE CASCADE")
_START = Column("start", "int", "NOT NULL")

INITIAL: tuple[Table, ...] = (
    Table("documents", (
        Column("seq", "seq"),
        Column("id", "key", "NOT NULL UNIQUE"),
        Column("source_path", "text"),
        Column("url", "text"),
        Column("source_name", "text"),
        Column("title", "text"),
        Column("language", "text"),
        Column("text", "text", "NOT NULL"),
        Column("removed", "text", "NOT NULL", "[]"),
        Column("published", "text"),
        Column("story_id", "key"),
        Column("episode_id", "key"),
        Column("added_at", "time", "NOT NULL"),
        Column("data", "json", "NOT NULL", "{}"),
    ), indexes=(Index("documents_story", "documents", "story_id"),
                Index("documents_episode", "documents", "episode_id"))),
    _record_table("mentions", _DOC_ID, Column("kind", "key", "NOT NULL"), Column("name", "text"), _START,
                  indexes=(("mentions_doc", "doc_id, start"),)),
    _record_table("figures", _DOC_ID, Column("kind", "key", "NOT NULL"), Column('"group"', "key", "NOT NULL"),
                  Column("low", "int", "NOT NULL"), Column("high", "int"), _START,
                  indexes=(("figures_doc", "doc_id, start"), ("figures_kind", 'kind, "group"'))),
    _record_table("claims", _DOC_ID, Column("stance", "key", "NOT NULL"), Column("speaker", "text", "NOT NULL"), _START,
                  indexes=(("claims_doc", "doc_id, start"), ("claims_stance", "stance"))),
    _record_table("events", Column("first_doc_id", "key"), Column("type", "key", "NOT NULL"),
                  Column("status", "text", "NOT NULL"), Column("start", "int"),
                  indexes=(("events_order", "first_doc_id, start"), ("events_type", "type"))),
    Table("event_docs", (
        Column("event_id", "key", "NOT NULL REFERENCES events(id) ON DELETE CASCADE"),
        Column("doc_id", "key", "NOT NULL REFERENCES documents(id) ON DELETE CASCADE"),
    ), primary_key="event_id, doc_id", indexes=(Index("event_docs_doc", "event_docs", "doc_id"),), without_rowid=True),
    _record_table("stories", Column("episode_id", "key"), Column("title", "text")),
    Table("tallies", (
        Column("seq", "seq"),
        Column("episode_id", "key", "NOT NULL"),
        Column("kind", "key", "NOT NULL"),
        Column('"group"', "key", "NOT NULL"),
        Column("data", "json", "NOT NULL"),
    ), indexes=(Index("tallies_key", "tallies", 'episode_id, kind, "group"'),)),
)
"""001_initial: documents and the records extracted from them."""

# What a link leaves for the next, incremental one (see `linking.incremental`): named JSON
# values (the frozen idf), and one row per linked document (its dates, countries and event
# features as grouped). Both are derived data: a full link rewrites them.
LINK_STATE: tuple[Table, ...] = (
    Table("link_state", (Column("name", "key", "PRIMARY KEY"), Column("data", "json", "NOT NULL"))),
    Table("link_docs", (Column("doc_id", "key", "PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE"),
                        Column("data", "json", "NOT NULL"))),
)
"""003_link_state."""

# Documents the relevance gate passed over are stored unanalysed with the gate's score;
# `reanalyze` selects them by these columns. Earlier documents were all analysed.
GATE_COLUMNS: tuple[tuple[str, Column], ...] = (
    ("documents", Column("analysed", "bool", "NOT NULL", True)),
    ("documents", Column("relevance", "real")),
)
GATE_INDEXES = (Index("documents_unanalysed", "documents", "analysed, relevance"),)
"""004_relevance_gate."""

# Listings that stay fast on a large ledger. The claims and documents tables sort by the
# documents' publication date through an index in each direction (the tie-breakers are
# ascending either way); a claim keeps a copy of its document's `published` (documents are
# never re-dated in place: a reanalysis rewrites their claims), so its sort reads one index.
# The outlets (a filter menu on every claims page, a sort of the documents table) are indexed too. The map's place layers are counted at write time into
# `place_counts`, one row per place and layer (and per event type), so `/api/places`
# reads one page of it; the indexes below let each write recount only the places it touched.
LISTING_COLUMNS: tuple[tuple[str, Column], ...] = (
    ("claims", Column("published", "text")),
    ("events", Column("place_key", "key")),
)
"""A claim's document's `published`; an event's place as JSON [name, lat, lon] when it has coordinates and evidence."""
PLACE_COUNTS: tuple[Table, ...] = (
    Table("place_counts", (
        Column("layer", "key", "NOT NULL"),
        Column("type", "key", "NOT NULL"),
        Column("place", "key", "NOT NULL"),
        Column("name", "key", "NOT NULL"),
        Column("records", "int", "NOT NULL"),
        Column("mapped", "bool", "NOT NULL", True),
        Column("country_wide", "bool", "NOT NULL", False),
        Column("data", "json", "NOT NULL"),
    ), primary_key="layer, type, place", indexes=(
        Index("place_counts_order", "place_counts", "layer, type, records DESC, name, place, mapped, country_wide"),)),
)
LISTING_INDEXES = (
    Index("documents_published", "documents", "published, id"),
    Index("documents_published_desc", "documents", "published DESC, id"),
    Index("documents_outlet", "documents", "source_name, id"),
    Index("claims_published", "claims", "published, doc_id, start"),
    Index("claims_published_desc", "claims", "published DESC, doc_id, start"),
    Index("mentions_place", "mentions", "kind, name, doc_id, id"),
    Index("events_place", "events", "place_key, first_doc_id, start, id"),
    Index("events_place_type", "events", "place_key, type, first_doc_id, start, id"),
)
"""005_listings (with `LISTING_COLUMNS` and `PLACE_COUNTS`; the counts are filled from the ledger's rows)."""
CLAIM_DATES = "UPDATE claims SET published = (SELECT published FROM documents d WHERE d.id = claims.doc_id)"
"""005_listings: each stored claim gets its document's date."""
