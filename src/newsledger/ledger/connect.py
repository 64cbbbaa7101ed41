"""Opening an SQLite ledger file: read-write (WAL), or read-only for commands that only read.

A read-only ledger (a file or folder the user cannot write) is opened with a
`mode=ro` URI, so nothing is ever written to it. A WAL ledger also needs its
`-shm` file: where the folder is not writable and that file cannot be created,
the ledger is opened `immutable=1` (SQLite then trusts that nobody writes it).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from ..errors import LedgerError
from .migrations import pending

DAMAGED_HINT = "run `newsledger check --db {path}` for details, and restore the ledger from a backup or re-ingest"
"""What to do about a ledger that SQLite cannot read."""
READ_ONLY_HINT = "the ledger or its folder is not writable by this user: a reading command opens it read-only"


def writable(path: str) -> bool:
    """True when the ledger file (or, for a new one, its folder) and its folder can be written."""
    file = Path(path)
    folder = file.parent if str(file.parent) else Path(".")
    if file.exists() and not os.access(file, os.W_OK):
        return False
    return os.access(folder, os.W_OK)


def connect(path: str, read_only: bool = False) -> sqlite3.Connection:
    """Open the SQLite ledger at `path` (":memory:" for a private one) and check it is a ledger.

    Args:
        path: the file.
        read_only: open it `mode=ro` (and `immutable=1` where a WAL ledger's folder is not writable).

    Raises:
        LedgerError: the file cannot be opened, is damaged, or is not a newsledger ledger.
    """
    if read_only and path not in ("", ":memory:") and not Path(path).is_file():
        raise LedgerError(f"no ledger at {path}: run `newsledger ingest PATH --db {path}` first")
    if path not in ("", ":memory:") and Path(path).exists() and not Path(path).is_file():
        # SQLite would read a FIFO or a device forever, or a folder not at all.
        raise LedgerError(f"cannot open ledger {path}: not a regular file")
    try:
        conn = _open(path, read_only)
    except sqlite3.Error as exc:
        raise LedgerError(f"cannot open ledger {path}: {exc}") from exc
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        if path not in ("", ":memory:") and not read_only:
            conn.execute("PRAGMA journal_mode = WAL")
            # Safe with WAL: a crash may lose the last commits, never corrupt the file.
            conn.execute("PRAGMA synchronous = NORMAL")
        _check_is_ledger(conn, path)
    except LedgerError:
        conn.close()
        raise
    except sqlite3.Error as exc:
        conn.close()
        advice = READ_ONLY_HINT if "readonly" in str(exc) else DAMAGED_HINT.format(path=path)
        raise LedgerError(f"cannot open ledger {path}: {exc}; {advice}") from exc
    return conn


def read_only_check(conn: sqlite3.Connection, path: str) -> list[str]:
    """Refuse a read-only ledger that needs migrations (they cannot be applied to it); nothing is applied."""
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "_migrations" not in names:
        raise LedgerError(f"{path} is empty, not a ledger, and cannot be written")
    waiting = pending(conn)
    if waiting:
        raise LedgerError(f"ledger {path} needs migrations ({', '.join(waiting)}) but cannot be written: "
                          "open it once where it is writable")
    return []


def _open(path: str, read_only: bool) -> sqlite3.Connection:
    # isolation_level=None: transactions are explicit, so a batch is exactly one.
    if not read_only or path in ("", ":memory:"):
        return sqlite3.connect(path, isolation_level=None, timeout=30)
    uri = f"file:{quote(str(Path(path).resolve()))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        # A WAL ledger whose -shm cannot be created here: read it as it is on disk.
        conn.close()
        if writable(path):
            raise
    return sqlite3.connect(f"{uri}&immutable=1", uri=True, isolation_level=None, timeout=30)


def _check_is_ledger(conn: sqlite3.Connection, path: str) -> None:
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if names and "_migrations" not in names:
        raise LedgerError(f"{path} is an SQLite database but not a newsledger ledger")
