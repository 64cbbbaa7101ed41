"""Ingest: read → skip known documents → analyse (in an engine) → store → link.

The one path by which articles enter the ledger, used by the CLI, `watch` and the web app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from itertools import chain, islice
from typing import Any

from .analysis import DocFailure, extract_all
from .engines import Engine, make_engine
from .ledger import Ledger
from .ledger.codec import EncodedRecords, encode
from .linking import LinkReport, link
from .prepare import score
from .read import ReadFailure, read_paths
from .records import DocRecords, Document, RawDocument
from .resources import Resources

# An input of at most this many batches is analysed in this process even when workers are allowed.
SMALL_INPUT_BATCHES = 2


@dataclass
class IngestReport:
    """What an ingest run did: counts, and every input that failed with its reason."""

    read: int = 0
    added: int = 0
    already_known: int = 0
    passed_over: int = 0
    failures: list[ReadFailure | DocFailure] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    linked: LinkReport | None = None

    @property
    def ok(self) -> bool:
        """True when no input failed."""
        return not self.failures


def reanalyze(
    ledger: Any,
    resources: Resources | None = None,
    *,
    everything: bool = False,
    threshold: float | None = None,
    link_after: bool = True,
) -> IngestReport:
    """Run the full pipeline on documents the relevance gate passed over, replacing them in the ledger.

    Each passed-over document is scored again with the current gate; those at or
    above `threshold` (by default `settings.gate_threshold`), or all of them with
    `everything`, are analysed from their stored text and metadata, stored again
    with their records, and linked.

    Returns:
        An `IngestReport`: `read` documents considered, `added` documents analysed,
        `passed_over` still not analysed, and the records extracted.
    """
    resources = resources or Resources()
    settings = resources.settings
    bar = settings.gate_threshold if threshold is None else threshold
    report = IngestReport()
    chosen: list[Document] = []
    for document in ledger.unanalysed_documents():
        report.read += 1
        relevance = score(resources.gate, document.text, document.title)
        if everything or relevance >= bar:
            chosen.append(replace(document, analysed=True, relevance=relevance, story_id=None, episode_id=None))
        else:
            report.passed_over += 1
    for batch in batched(chosen, settings.batch_size):
        records = [encode(r) for r in extract_all(batch, resources)]
        report.added += ledger.replace_documents(records)
        _count(report, records)
    if link_after and report.added:
        report.linked = link(ledger)
    return report


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Yield lists of at most `size` items."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest(
    paths: Sequence[str],
    ledger: Any,
    resources: Resources | None = None,
    stdin: Any = None,
    on_progress: Callable[[int], None] | None = None,
    link_after: bool = True,
    engine: Engine | None = None,
) -> IngestReport:
    """Read, analyse and store articles; known documents are skipped before analysis.

    Batches are analysed by `engine` (by default the one `settings.engine` and
    `settings.workers` name: in this process, a process pool or Dask) and stored in
    input order, `settings.store_docs` documents a transaction, so the ledger is the same whatever
    the engine, and an interrupted run resumes where it stopped (what was analysed is
    stored even when a later batch fails).

    Args:
        paths: files, folders (recursive) or "-" for stdin.
        ledger: an open `Ledger`.
        resources: loaded resources; loaded here if None.
        stdin: the stream "-" reads from.
        on_progress: called with the number of inputs handled after each batch.
        link_after: run the cross-document stage (stories, episodes, merged events,
            tallies, contradictions) once the documents are stored, or when an
            earlier run stored documents without linking them.
        engine: where batches are analysed (see `engines.make_engine`); not closed here.

    Returns:
        An `IngestReport`; each unreadable input is in `failures`, the rest is stored.
    """
    resources = resources or Resources()
    settings = resources.settings
    report = IngestReport()
    pending: set[str] = set()
    batches = (_new_documents(batch, ledger, pending)
               for batch in batched(read_paths(paths, settings, stdin=stdin), settings.batch_size))
    # Peek: starting worker processes (each loads the model) costs more than a small input saves.
    head = list(islice(batches, SMALL_INPUT_BATCHES + 1))
    small = len(head) <= SMALL_INPUT_BATCHES
    held: list[EncodedRecords] = []
    try:
        with _engine(engine, resources, small) as running:
            for batch, results in running.map_batches(chain(head, batches)):
                report.read += batch.read
                report.already_known += batch.known
                report.failures.extend(item for item in batch.items if isinstance(item, ReadFailure))
                report.failures.extend(r for r in results if isinstance(r, DocFailure))
                held += [encode(r) if isinstance(r, DocRecords) else r for r in results if not isinstance(r, DocFailure)]
                if len(held) >= settings.store_docs:
                    stored, held = held, []  # not stored twice should the write fail
                    _store_held(ledger, stored, report, pending)
                if on_progress:
                    on_progress(len(batch.items))
    finally:
        _store_held(ledger, held, report, pending)
    if link_after and (report.added or _unlinked(ledger)):
        report.linked = link(ledger)
    return report


def ingest_analysed(ledger: Any, records: Sequence[DocRecords], link_after: bool = True) -> IngestReport:
    """Store documents analysed elsewhere and link them when any is new: the end of `ingest`, for posted articles.

    Returns:
        An `IngestReport`: `read` the documents given, `added` those the ledger did not hold, the records counted.
    """
    report = IngestReport(read=len(records))
    _store(ledger, [encode(r) for r in records], report)
    if link_after and report.added:
        report.linked = link(ledger)
    return report


def _store_held(ledger: Any, held: Sequence[EncodedRecords], report: IngestReport, pending: set[str]) -> None:
    """Store the documents analysed since the last store (see `_store`); they are no longer pending."""
    if held:
        _store(ledger, held, report)
        pending.difference_update(r.doc_id for r in held)


def _store(ledger: Any, records: Sequence[EncodedRecords], report: IngestReport) -> None:
    """Store analysed documents in one transaction and count them in `report`."""
    report.added += ledger.add_many(records)
    report.passed_over += sum(1 for r in records if not r.analysed)
    _count(report, records)


def _engine(engine: Engine | None, resources: Resources, small: bool = False) -> AbstractContextManager[Engine]:
    """The caller's engine (left open), or the one the settings name (closed after the run).

    With `workers=0` (as many as the machine offers) a small input stays in this process.
    """
    if engine is not None:
        return nullcontext(engine)
    settings = resources.settings
    if small and settings.workers == 0 and settings.engine == "local":
        settings = settings.with_(workers=1)
    return make_engine(settings.engine, settings.scheduler, settings, resources)


@dataclass(frozen=True)
class _Batch:
    """What was read for one batch: every item (documents and read failures) and how many were known."""

    items: list[RawDocument | ReadFailure]
    read: int
    known: int


def _new_documents(
    items: list[RawDocument | ReadFailure], ledger: Any, pending: set[str]
) -> tuple[_Batch, list[RawDocument]]:
    """The batch, with the documents neither in the ledger nor already read in this run (`pending` until stored)."""
    raws = [item for item in items if isinstance(item, RawDocument)]
    known = ledger.known_ids([r.id for r in raws])
    unique: list[RawDocument] = []
    for raw in raws:
        if raw.id not in known and raw.id not in pending:
            pending.add(raw.id)
            unique.append(raw)
    return _Batch(items, len(raws), len(raws) - len(unique)), unique


def _unlinked(ledger: Any) -> bool:
    """True when the ledger holds documents that no linking run has seen (e.g. after an interrupted ingest)."""
    return not ledger.stories() or any(doc.story_id is None for doc in ledger.documents())


def _count(report: IngestReport, records: Sequence[EncodedRecords]) -> None:
    for rec in records:
        for name, count in rec.counts.items():
            report.counts[name] = report.counts.get(name, 0) + count


def analyze_corpus(paths: Sequence[str], resources: Resources | None = None) -> list[DocRecords]:
    """Analyse and link a set of inputs in an in-memory ledger; unreadable inputs are skipped.

    Args:
        paths: files or folders.
        resources: loaded resources; loaded here if None.

    Returns:
        The records of every document after cross-document linking (story and
        episode set, events merged), in ledger order.
    """
    with Ledger(":memory:") as ledger:
        ingest(paths, ledger, resources or Resources())
        return [
            DocRecords(
                doc,
                tuple(ledger.mentions(doc_id=doc.id)),
                tuple(ledger.figures(doc_id=doc.id)),
                tuple(ledger.claims(doc_id=doc.id)),
                tuple(ledger.events(doc_id=doc.id)),
            )
            for doc in ledger.documents()
        ]
