"""The per-document pipeline (the worker side): clean → metadata → relevance gate → nlp → extract.

The relevance gate (`prepare/relevance.py`, on by default) scores each cleaned article; one
scoring below `settings.gate_threshold` skips the NLP pass and comes back as a document
marked not analysed, which `reanalyze` analyses later.

Per-document stages are pure functions of one document plus read-only `Resources`
(the spaCy model, lexicons), loaded once per process and passed in. `extract` runs the
stages in their dependency order: figures and claims first, then the attribution that
links each figure to the claim reporting it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .actors import extract_actor_mentions
from .claims import attribute, extract_claims
from .dates import date_records, find_timexes, with_publication_date
from .errors import InputError, NewsledgerError
from .events import attribute_events, extract_events, settle_parties
from .figures import extract_figures
from .nlp import AnalyzedDoc, analyze_texts
from .places import place_events, places_and_context
from .prepare import clean, describe, score
from .records import DocRecords, Document, RawDocument
from .resources import Resources

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocFailure:
    """A document that was read but could not be analysed."""

    source: str
    reason: str
    code: str = NewsledgerError.code


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
    # Every date stage reads the same temporal expressions: the text is scanned for them once.
    found = find_timexes(adoc.document.text, adoc.doc)
    adoc = with_publication_date(adoc, resources.dating, found)
    places, place_context = places_and_context(adoc, resources.places)  # events resolve names in its context too
    mentions = places + extract_actor_mentions(adoc, resources.actors)
    figures = extract_figures(adoc, resources.figures)
    claims = extract_claims(adoc, resources.cues, resources.actors)
    figures, claims = attribute(figures, claims, resources.actors)
    events = attribute_events(extract_events(adoc, resources.events, place_context), claims)
    events = settle_parties(events, resources.de_facto)
    figures, events = date_records(adoc, figures, events, found)
    events = place_events(adoc, mentions, events, resources.places.capitals)
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
    records = iter(extract_all([p for p in prepared if isinstance(p, Document) and p.analysed], resources))
    return [p if isinstance(p, DocFailure) else next(records) if p.analysed else DocRecords(p) for p in prepared]


def extract_all(documents: Sequence[Document], resources: Resources) -> list[DocRecords]:
    """Parse documents with the model and run the extractors on each, in order.

    Within spaCy's memory zone: the strings and lexemes of a batch's new words are
    freed when the batch is done (records hold plain values), so a worker's memory
    stays flat over a long stream instead of growing with every new name it reads.
    """
    with resources.nlp.memory_zone():
        analysed = analyze_texts(resources.nlp, documents, resources.settings.nlp_batch_size)
        return [_extract_and_release(adoc, resources) for adoc in analysed]


def _extract_and_release(adoc: AnalyzedDoc, resources: Resources) -> DocRecords:
    """`extract`, then empty the parse's `user_data`: the spans cached there point back at their
    `Doc`, and such a cycle waits for Python's cyclic collector, which a few large parses never
    wake (a worker grew by about 3 MB per batch until it ran)."""
    try:
        return extract(adoc, resources)
    finally:
        adoc.doc.user_data.clear()


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
