"""Dates of documents and records: the publication date when metadata gave none,
figure periods and event dates from the temporal expressions in their evidence.

A figure's period gets the range of the temporal expression its label names
("since Sunday" → from that Sunday to the publication day). An event gets the
range of the first temporal expression inside its evidence; an event whose
sentence names no time keeps an empty range rather than a guessed one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .dates import Timex, infer_published, normalize_timexes
from .nlp import AnalyzedDoc
from .records import DateRange, Event, Figure, Period, Span


def with_publication_date(adoc: AnalyzedDoc) -> AnalyzedDoc:
    """Return the document with a publication range inferred from its text, when metadata gave none."""
    if adoc.document.published is not None:
        return adoc
    inferred = infer_published(adoc)
    if inferred is None:
        return adoc
    return AnalyzedDoc(replace(adoc.document, published=inferred), adoc.doc)


def date_records(
    adoc: AnalyzedDoc, figures: Sequence[Figure], events: Sequence[Event]
) -> tuple[list[Figure], list[Event]]:
    """Give figure periods and events the dates their evidence states.

    Args:
        adoc: the analysed document; its publication day anchors relative expressions.
        figures: the document's figures.
        events: the document's events.

    Returns:
        The figures and events, with `period` start/end and `date` filled where a
        temporal expression supports them.
    """
    timexes = anchored_timexes(adoc)
    return [_date_figure(f, timexes) for f in figures], [_date_event(e, timexes) for e in events]


def anchored_timexes(adoc: AnalyzedDoc) -> list[Timex]:
    """Temporal expressions with a known value, whatever the day within the publication range.

    A relative expression ("on Wednesday") is anchored on both ends of the
    publication range and kept only when both give the same dates, so an
    uncertain publication day never yields a false precise date.
    """
    published = adoc.document.published
    if published is None or published.start is None:
        return [t for t in normalize_timexes(adoc, None) if t.value.start or t.value.end]
    first = normalize_timexes(adoc, published.start)
    if published.end in (None, published.start):
        return [t for t in first if t.value.start or t.value.end]
    last = {(t.span.start, t.span.end): t.value for t in normalize_timexes(adoc, published.end)}
    kept = []
    for timex in first:
        other = last.get((timex.span.start, timex.span.end))
        if other is None or not (timex.value.start or timex.value.end):
            continue
        if other == timex.value:
            kept.append(timex)
        elif timex.kind == "range" and other.start == timex.value.start:
            # "since Sunday" runs up to the publication day: its start is sure, its end is the latest possible one.
            kept.append(replace(timex, value=replace(timex.value, end=other.end)))
    return kept


def _inside(timex: Timex, span: Span) -> bool:
    return span.start <= timex.span.start and timex.span.end <= span.end


def _date_figure(figure: Figure, timexes: Sequence[Timex]) -> Figure:
    period = figure.period
    if period is None or not period.label:
        return figure
    label = period.label.casefold()
    named = [t for t in timexes if t.span.text.casefold() in label or label in t.span.text.casefold()]
    if not named:
        return figure
    # The label's words may stand outside the figure's clause: take the nearest occurrence.
    nearest = min(named, key=lambda t: abs(t.span.start - figure.evidence.start))
    value = nearest.value
    return replace(figure, period=Period(value.start, value.end, value.precision, period.label))


def _date_event(event: Event, timexes: Sequence[Timex]) -> Event:
    if event.date.start or event.date.end:
        return event
    for span in event.evidence:
        for timex in timexes:
            if timex.span.doc_id == span.doc_id and _inside(timex, span):
                value = timex.value
                return replace(event, date=DateRange(value.start, value.end, value.precision))
    return event
