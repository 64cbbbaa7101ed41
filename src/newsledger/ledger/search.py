"""Bounds on full-text search: query size, a time budget per query, and the errors they raise.

A hostile query (thousands of terms, dozens of one-letter prefixes) can keep
SQLite's FTS5 busy for minutes. Queries are refused before they run when they
are too long or have too many terms, and a query that runs past its time
budget is interrupted through SQLite's progress handler.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import LedgerError

MAX_SEARCH_CHARS = 500
"""The longest query accepted, in characters."""
MAX_SEARCH_TERMS = 32
"""The most terms (words, phrase words, prefixes) one query may have."""
MAX_PREFIX_TERMS = 8
"""The most `prefix*` terms one query may have (each expands to every word it starts)."""
MAX_NEAR_TERMS = 8
"""The most terms one NEAR(...) group may have (its cost grows with every term it must place)."""
SEARCH_BUDGET_S = 10.0
"""Default seconds one query may run before it is interrupted."""
_PROGRESS_STEPS = 2000
"""SQLite virtual-machine steps between two looks at the clock."""

_TERM = re.compile(r"[^\W_]+\*?", re.UNICODE)
_NEAR = re.compile(r"\bNEAR\s*\(([^)]*)\)")
_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})


class QueryRejected(LedgerError):
    """A search query over the size bounds (too long, too many terms); it was not run."""

    code = "NL201"


class SearchTimeout(LedgerError):
    """A search query ran past its time budget and was interrupted."""

    code = "NL202"


def search_problem(query: str) -> str | None:
    """Say why a query is over the bounds (length, terms, prefixes), or None when it may run."""
    if len(query) > MAX_SEARCH_CHARS:
        return f"search query too long: {len(query)} characters, the limit is {MAX_SEARCH_CHARS}"
    terms = [t for t in _TERM.findall(query) if t not in _OPERATORS]
    if len(terms) > MAX_SEARCH_TERMS:
        return f"search query has too many terms: {len(terms)}, the limit is {MAX_SEARCH_TERMS}"
    prefixes = sum(t.endswith("*") for t in terms)
    if prefixes > MAX_PREFIX_TERMS:
        return f"search query has too many prefix* terms: {prefixes}, the limit is {MAX_PREFIX_TERMS}"
    for group in _NEAR.findall(query):
        near = [t for t in _TERM.findall(group.split(",")[0]) if t not in _OPERATORS]
        if len(near) > MAX_NEAR_TERMS:
            return f"search query has too many terms in NEAR(...): {len(near)}, the limit is {MAX_NEAR_TERMS}"
    return None


@contextmanager
def deadline(conn: sqlite3.Connection, seconds: float | None) -> Iterator[None]:
    """Interrupt the connection's statements that run past `seconds` (None: no limit).

    Raises:
        SearchTimeout: a statement was interrupted.
    """
    if seconds is None:
        yield
        return
    end = time.monotonic() + seconds
    conn.set_progress_handler(lambda: int(time.monotonic() > end), _PROGRESS_STEPS)
    try:
        yield
    except sqlite3.OperationalError as exc:
        if time.monotonic() > end and "interrupt" in str(exc):
            raise SearchTimeout(f"search stopped after {seconds:g} s: narrow the query (fewer or longer words, "
                                "fewer prefix* terms)") from exc
        raise
    finally:
        conn.set_progress_handler(None, 0)
