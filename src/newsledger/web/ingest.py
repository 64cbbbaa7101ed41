"""Ingest one posted article: analyse it, store it, and relink the ledger (`ingest.ingest_analysed`).

`serve` runs all of it in one child process (`IngestWorker`): analysing a long article and
relinking a large ledger are CPU-bound Python, which in the server's own process would
hold the interpreter lock and slow every read. Apps built for tests run it in a thread.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from ..analysis import analyze
from ..engines import worker_resources
from ..errors import NewsledgerError
from ..ingest import ingest_analysed
from ..ledger import Ledger
from ..records import DocRecords, Document, RawDocument
from ..resources import Resources
from ..settings import Settings

WORKER_NICENESS = 10
"""How much lower the ingest worker's CPU priority is than the server's."""


@dataclass(frozen=True)
class Stored:
    """What ingesting one article did: whether it was new, the stored document, record counts."""

    added: bool
    document: Document
    counts: dict[str, int]


def raw_article(text: str | None = None, html: str | None = None, title: str | None = None, url: str | None = None,
                published: str | None = None, source: str | None = None) -> RawDocument:
    """A raw document from the fields of a posted article (exactly one of text or html)."""
    content, fmt = (html, "html") if html else (text or "", "text")
    return RawDocument(content=content, format=fmt, url=url or None, title=title or None,  # type: ignore[arg-type]
                       published=published or None, source_name=source or None)


def analyse_article(db_path: str, fields: dict[str, str | None], resources: Resources) -> DocRecords | Stored:
    """Analyse one posted article; an article already in the ledger comes back as `Stored` unanalysed.

    Args:
        db_path: the ledger file (only read here).
        fields: the posted fields (see `raw_article`).
        resources: loaded pipeline resources (the spaCy model loads on first use).

    Raises:
        InputError: the article has no text left after cleaning.
    """
    raw = raw_article(**fields)
    with Ledger(db_path) as ledger:
        known = ledger.document(raw.id)
    if known is not None:
        return Stored(False, known, {})
    return analyze(raw, resources)


def store_records(db_path: str, records: DocRecords) -> Stored:
    """Store an analysed article, then link the ledger's documents again (hold the app's ingest lock)."""
    with Ledger(db_path) as ledger:
        report = ingest_analysed(ledger, [records])
        stored = ledger.document(records.document.id) or records.document
    return Stored(bool(report.added), stored, report.counts)


def ingest_remote(db_path: str, fields: dict[str, str | None], settings: Settings) -> Stored:
    """Analyse, store and link one article in a worker process, with that process's resources."""
    analysed = analyse_article(db_path, fields, worker_resources(settings))
    return analysed if isinstance(analysed, Stored) else store_records(db_path, analysed)


class IngestWorker:
    """One spawned process that ingests posted articles one after another (started on first use)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._pool: ProcessPoolExecutor | None = None

    def ingest(self, db_path: str, fields: dict[str, str | None]) -> Stored:
        """Ingest one article in the worker and wait for it (call from a thread, not the event loop).

        Raises:
            InputError: the article has no text left after cleaning.
            NewsledgerError: the worker process died; the next call starts a new one.
        """
        if self._pool is None:
            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_start_worker)
        try:
            return self._pool.submit(ingest_remote, db_path, fields, self.settings).result()
        except BrokenProcessPool as exc:
            self._pool = None
            raise NewsledgerError(f"the ingest worker process died (out of memory?): {exc}") from exc

    def close(self) -> None:
        """Stop the worker; closing twice is harmless."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def _start_worker() -> None:
    # Ctrl-C goes to the server, which stops the worker; ingest yields the CPU to the readers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.nice(WORKER_NICENESS)
