"""`newsledger check`: is a ledger file sound, up to date, and true to the export contract?

Four steps, each only when the one before passed: SQLite's own check of the file
(`quick_check`, or the slower `integrity_check`), the schema migrations, every
record against the LEDGER.md contract, and every evidence span against its
document's text. The file is opened read-only and never written.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from ..errors import LedgerError
from .connect import connect
from .contract import validate_record
from .migrations import pending
from .base import TABLES, Ledger

MAX_PROBLEMS = 100
"""Problems listed per step; the count goes on."""


@dataclass(frozen=True)
class CheckReport:
    """What `check_ledger` found: problems per step, records read, and the steps not run."""

    path: str
    integrity: tuple[str, ...] = ()
    migrations: tuple[str, ...] = ()
    contract: tuple[str, ...] = ()
    spans: tuple[str, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)
    skipped: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when every step ran and found nothing."""
        return not (self.integrity or self.migrations or self.contract or self.spans or self.skipped)


def check_ledger(path: str, full: bool = False) -> CheckReport:
    """Check an SQLite ledger file without writing to it.

    Args:
        path: the ledger file.
        full: run `integrity_check` (reads every page and index) instead of `quick_check`.

    Returns:
        The report; `ok` is False when any step found a problem or could not run.
    """
    later = ("migrations", "contract", "spans")
    try:
        conn = connect(path, read_only=True)
    except LedgerError as exc:
        return CheckReport(path, integrity=(str(exc),), skipped=later)
    try:
        integrity = _integrity(conn, full)
        if integrity:
            return CheckReport(path, integrity=tuple(integrity), skipped=later)
        try:
            waiting = pending(conn)
        except (LedgerError, sqlite3.Error) as exc:
            waiting = [str(exc)]
    finally:
        conn.close()
    if waiting:
        return CheckReport(path, migrations=tuple(f"not applied: {name}" for name in waiting),
                           skipped=("contract", "spans"))
    try:
        return _records(path)
    except (LedgerError, sqlite3.Error) as exc:
        return CheckReport(path, integrity=(f"reading records failed: {exc}",), skipped=("contract", "spans"))


def _integrity(conn: sqlite3.Connection, full: bool) -> list[str]:
    pragma = "integrity_check" if full else "quick_check"
    try:
        rows = [row[0] for row in conn.execute(f"PRAGMA {pragma}({MAX_PROBLEMS})")]
        problems = [] if rows == ["ok"] else rows
        problems += [f"foreign key: {table} row {rowid} points to a missing {parent}"
                     for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check")][:MAX_PROBLEMS]
    except sqlite3.DatabaseError as exc:
        problems = [f"{exc}"]
    return problems


def _records(path: str) -> CheckReport:
    contract: list[str] = []
    spans: list[str] = []
    counts: dict[str, int] = {}
    with Ledger(path, read_only=True) as ledger:
        texts: dict[str, str] = {}
        for table in TABLES:
            counts[table] = 0
            for obj in ledger.scan_dicts(table):
                counts[table] += 1
                if table == "documents":
                    texts[obj["id"]] = obj["text"]
                _note(contract, validate_record(table, obj))
                _note(spans, _span_problems(table, obj, texts))
    return CheckReport(path, contract=tuple(contract), spans=tuple(spans), counts=counts)


def _note(found: list[str], problems: list[str]) -> None:
    room = MAX_PROBLEMS - len(found)
    if problems and room > 0:
        found += problems[:room]


def _span_problems(table: str, obj: dict[str, Any], texts: dict[str, str]) -> list[str]:
    """Every span of a record must quote its document: text == document text[start:end]."""
    problems = []
    label = f"{table} {obj.get('id')}"
    for name, value in obj.items():
        for span in value if isinstance(value, list) else [value]:
            if not (isinstance(span, dict) and {"doc_id", "start", "end", "text"} <= set(span)):
                continue
            text = texts.get(span["doc_id"])
            start, end = span["start"], span["end"]
            if text is None:
                problems.append(f"{label}: {name} points to unknown document {span['doc_id']!r}")
            elif not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
                problems.append(f"{label}: {name} offsets {start}:{end} outside a text of {len(text)} characters")
            elif text[start:end] != span["text"]:
                problems.append(f"{label}: {name} text {span['text'][:60]!r} != document text "
                                f"{text[start:end][:60]!r} at {start}:{end}")
    return problems


def summary(report: CheckReport) -> list[str]:
    """The report as lines for the command line: one per step, then the problems."""
    lines = []
    steps = (("integrity", report.integrity), ("migrations", report.migrations), ("contract", report.contract),
             ("spans", report.spans))
    for name, problems in steps:
        state = "skipped" if name in report.skipped else ("ok" if not problems else f"{len(problems)} problems")
        lines.append(f"{name:<11} {state}")
        lines += [f"    {p}" for p in problems]
    if report.counts:
        lines.append("records     " + ", ".join(f"{v} {k}" for k, v in report.counts.items()))
    if report.integrity:
        lines.append("the ledger is damaged or unreadable: restore it from a backup, or re-ingest its sources "
                     "into a new ledger")
    lines.append("ledger ok" if report.ok else "ledger NOT ok")
    return lines
