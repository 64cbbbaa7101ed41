"""The pipeline: read → clean → metadata → relevance gate → nlp → extract → store, top to bottom.

The relevance gate (`relevance.py`, on by default) scores each cleaned article; one
scoring below `settings.gate_threshold` skips the NLP pass and is stored as a document
marked not analysed, which `reanalyze` analyses later.

Per-document stages are pure functions of one document plus read-only
`Resources` (the spaCy model, lexicons), loaded once per process and passed in.
`extract` runs the extractors in their dependency order: figures and claims
first, then the attribution that links each figure to the claim reporting it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import chain, islice
from typing import TYPE_CHECKING, Any

from spacy.language import Language

from .claims import attribute, extract_claims
from .clean import clean
from .errors import InputError, NewsledgerError
from .event_types import load_event_typer
from .event_parties import DeFacto, load_de_facto, settle_parties
from .event_where import place_events
from .events import attribute_events, extract_events
from .figures import extract_figures
from .ledger import Ledger
from .lexicon import load_actors
from .linking import LinkReport, link
from .mentions import extract_actor_mentions
from .metadata import describe
from .nlp import AnalyzedDoc, analyze_texts, load_pipeline
from .places import extract_places
from .read import ReadFailure, read_paths
from .record_dates import date_records, with_publication_date
from .records import DocRecords, Document, RawDocument
from .relevance import Gate, load_gate, score
from .settings import Settings

if TYPE_CHECKING:
    from .parallel import Engine

log = logging.getLogger(__name__)
# An input of at most this many batches is analysed in this process even when workers are allowed.
SMALL_INPUT_BATCHES = 2


class Resources:
    """Read-only resources of one process, each loaded on first use."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()

    @cached_property
    def nlp(self) -> Language:
        """The pinned spaCy pipeline with our entity ruler."""
        return load_pipeline(self.settings)

    @cached_property
    def gate(self) -> Gate:
        """The relevance gate's cues."""
        return load_gate()

    @cached_property
    def event_typer(self) -> Language | None:
        """The ACLED sub-type classifier combined with the event rules; None when settings turn it off."""
        return load_event_typer() if self.settings.event_classifier else None

    @cached_property
    def media_names(self) -> dict[str, str]:
        """Known news outlets and agencies: lowercase name or alias → canonical name."""
        names: dict[str, str] = {}
        for actor in load_actors():
            if actor.sector == "MED" or actor.kind == "media":
                for alias in (actor.name, *actor.aliases):
                    names.setdefault(alias.lower(), actor.name)
        return names

    @cached_property
    def de_facto(self) -> tuple[DeFacto, ...]:
        """De facto authorities: how texts name them and their display names."""
        return load_de_facto()


@dataclass(frozen=True)
class DocFailure:
    """A document that was read but could not be analysed."""

    source: str
    reason: str
    code: str = NewsledgerError.code


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


def prepare(raw: RawDocument, resources: Resources) -> Document | DocFailure:
    """Clean one raw document and describe its metadata."""
    source = raw.where or raw.source_path or raw.url or "<input>"
    limit = resources.settings.max_html_chars
    if raw.format == "html" and len(raw.content) > limit:
        return DocFailure(source, f"HTML page too long to clean ({len(raw.content)} characters > max_html_chars {limit})")
    try:
        cleaned = clean(raw)
    except Exception as exc:  # one bad page must not abort a batch
        log.warning("cleaning failed for %s: %s", source, exc)
        return DocFailure(source, f"cleaning failed: {exc}")
    if len(cleaned.text.strip()) < resources.settings.min_text_chars:
        return DocFailure(source, "no article text left after cleaning")
    if len(cleaned.text) > resources.nlp.max_length:
        # spaCy refuses such a text for the whole batch (E088): refuse this one document instead.
        return DocFailure(source, f"article text too long ({len(cleaned.text)} characters > {resources.nlp.max_length})")
    return describe(raw, cleaned, resources.media_names)


def extract(adoc: AnalyzedDoc, resources: Resources) -> DocRecords:
    """Run the per-document extractors in order; later ones use what earlier ones found."""
    adoc = with_publication_date(adoc)
    mentions = extract_places(adoc) + extract_actor_mentions(adoc)
    figures = extract_figures(adoc)
    claims = extract_claims(adoc)
    figures, claims = attribute(figures, claims)
    events = attribute_events(extract_events(adoc, resources.event_typer), claims)
    events = settle_parties(events, resources.de_facto)
    figures, events = date_records(adoc, figures, events)
    events = place_events(adoc, mentions, events)
    return DocRecords(adoc.document, tuple(mentions), tuple(figures), tuple(claims), tuple(events))


def screen(document: Document, resources: Resources) -> Document:
    """Score a document with the relevance gate (when on); below the threshold it comes back not analysed."""
    settings = resources.settings
    if not settings.gate:
        return document
    relevance = score(resources.gate, document.text, document.title)
    # A brief (an event note, a wire flash) costs little to analyse, and its few words are thin evidence for
    # the gate: only articles long enough to be judged, and costly to analyse, are passed over.
    short = len(document.text.split()) < settings.gate_min_words
    return replace(document, analysed=short or relevance >= settings.gate_threshold, relevance=relevance)


def analyze_batch(
    raws: Sequence[RawDocument], resources: Resources, *, gate: bool = True
) -> list[DocRecords | DocFailure]:
    """Analyse a batch of raw documents; failures come back in place of records.

    With `gate` (and the gate on in the settings) a document the relevance gate passes
    over comes back without records, marked not analysed.
    """
    prepared = [prepare(raw, resources) for raw in raws]
    if gate:
        prepared = [p if isinstance(p, DocFailure) else screen(p, resources) for p in prepared]
    documents = [p for p in prepared if isinstance(p, Document) and p.analysed]
    analysed = iter(analyze_texts(resources.nlp, documents, resources.settings.nlp_batch_size))
    return [
        p if isinstance(p, DocFailure) else extract(next(analysed), resources) if p.analysed else DocRecords(p)
        for p in prepared
    ]


def analyze(raw: RawDocument, resources: Resources | None = None) -> DocRecords:
    """Run the per-document pipeline on one article (the relevance gate does not apply: it was asked for).

    Args:
        raw: the article, e.g. `RawDocument(content=text, format="text")`.
        resources: loaded resources to reuse across calls; loaded here if None.

    Returns:
        The `DocRecords` of the article.

    Raises:
        InputError: the article has no text left after cleaning or could not be cleaned.
    """
    result = analyze_batch([raw], resources or Resources(), gate=False)[0]
    if isinstance(result, DocFailure):
        raise InputError(f"{result.source}: {result.reason}")
    return result


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
        analysed = analyze_texts(resources.nlp, batch, settings.nlp_batch_size)
        records = [extract(adoc, resources) for adoc in analysed]
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
    input order, one transaction each, so the ledger is the same whatever the
    engine, and an interrupted run resumes where it stopped.

    Args:
        paths: files, folders (recursive) or "-" for stdin.
        ledger: an open `Ledger`.
        resources: loaded resources; loaded here if None.
        stdin: the stream "-" reads from.
        on_progress: called with the number of inputs handled after each batch.
        link_after: run the cross-document stage (stories, episodes, merged events,
            tallies, contradictions) once the documents are stored, or when an
            earlier run stored documents without linking them.
        engine: where batches are analysed (see `parallel.make_engine`); not closed here.

    Returns:
        An `IngestReport`; each unreadable input is in `failures`, the rest is stored.
    """
    resources = resources or Resources()
    settings = resources.settings
    report = IngestReport()
    pending: set[str] = set()
    batches = (
        (batch, _new_documents([i for i in batch if isinstance(i, RawDocument)], ledger, report, pending))
        for batch in batched(read_paths(paths, settings, stdin=stdin), settings.batch_size)
    )
    # Peek: starting worker processes (each loads the model) costs more than a small input saves.
    head = list(islice(batches, SMALL_INPUT_BATCHES + 1))
    small = len(head) <= SMALL_INPUT_BATCHES
    with _engine(engine, resources, small) as running:
        batches = chain(head, batches)
        for batch, results in running.map_batches(batches):
            report.failures.extend(item for item in batch if isinstance(item, ReadFailure))
            report.failures.extend(r for r in results if isinstance(r, DocFailure))
            records = [r for r in results if isinstance(r, DocRecords)]
            report.added += ledger.add_many(records)
            report.passed_over += sum(1 for r in records if not r.document.analysed)
            pending.difference_update(r.document.id for r in records)
            _count(report, records)
            if on_progress:
                on_progress(len(batch))
    if link_after and (report.added or _unlinked(ledger)):
        report.linked = link(ledger)
    return report


def _engine(engine: Engine | None, resources: Resources, small: bool = False) -> AbstractContextManager[Engine]:
    """The caller's engine (left open), or the one the settings name (closed after the run).

    With `workers=0` (as many as the machine offers) a small input stays in this process.
    """
    if engine is not None:
        return nullcontext(engine)
    from .parallel import make_engine  # parallel imports this module

    settings = resources.settings
    if small and settings.workers == 0 and settings.engine == "local":
        settings = settings.with_(workers=1)
    return make_engine(settings.engine, settings.scheduler, settings, resources)


def _new_documents(raws: list[RawDocument], ledger: Any, report: IngestReport, pending: set[str]) -> list[RawDocument]:
    """Keep the documents neither in the ledger nor already read in this run (`pending` until stored)."""
    report.read += len(raws)
    known = ledger.known_ids([r.id for r in raws])
    unique: list[RawDocument] = []
    for raw in raws:
        if raw.id in known or raw.id in pending:
            report.already_known += 1
        else:
            pending.add(raw.id)
            unique.append(raw)
    return unique


def _unlinked(ledger: Any) -> bool:
    """True when the ledger holds documents that no linking run has seen (e.g. after an interrupted ingest)."""
    return not ledger.stories() or any(doc.story_id is None for doc in ledger.documents())


def _count(report: IngestReport, records: list[DocRecords]) -> None:
    for rec in records:
        for name in ("mentions", "figures", "claims", "events"):
            report.counts[name] = report.counts.get(name, 0) + len(getattr(rec, name))


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
