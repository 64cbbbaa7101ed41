"""Dates of documents and records: the publication date when metadata gave none,
figure periods and event dates from the temporal expressions in their evidence.

A figure's period gets the range of the temporal expression its label names
("since Sunday" → from that Sunday to the publication day). An event gets, in
this order: the temporal expression of its own sentence (nearest to its
evidence); that of the previous sentence of its paragraph when it names a recent
day; the reporting window (the days the report says it covers in its opening lines, else the
week up to publication); the document's period.
`Event.date_source` says which. A historical event whose text names no time
stays undated rather than get a guessed date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from spacy.tokens import Doc

from .anaphora import relative_day
from .calendar import DatingTables
from .publication import Timex, infer_published, normalize_timexes
from .timex import YEAR, Found, find_timexes
from ..nlp import DATELINE, SPEECH_LEMMAS, AnalyzedDoc
from ..records import PRECISIONS, DateRange, Event, Figure, Period, PublishedDate, Span

# A range of days within this many characters of the start is the period a report says it covers.
COVER_CHARS = 300
# The fewest days (after the first) such a range spans: "1-3 March".
COVER_DAYS = 2
# Days before publication that a news report without a time expression covers ("have been killed").
REPORTING_DAYS = 6
# A publication range wider than this is a period, not a day or week: events get it as it is.
WEEK_DAYS = 8
# A time the previous sentence names is carried over only when it is this recent (not a background year).
RECENT_DAYS = 31
# Days after publication within which a planned event ("talks will be held") is expected.
PLANNED_DAYS = 30
# "..., a day after it ordered civilians to leave": right before an act's own words, how many days before
# the sentence's day it happened.
DAYS_AFTER = re.compile(r"\b(?P<n>a|one|two|three|four|five|[2-9])\s+days?\s+after\s+$", re.I)
_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
# What lies between an expression and the date in brackets that restates it.
RESTATED = re.compile(r"\s*\(\s*(?:(?i:between|from)\s+)?")
# A day of the month before a statement may be the day of what it tells; an older one is background.
RECENT_DAYS = 31


def with_publication_date(
    adoc: AnalyzedDoc, tables: DatingTables, found: Sequence[Found] | None = None
) -> AnalyzedDoc:
    """Return the document with a publication range inferred from its text, when metadata gave none."""
    if adoc.document.published is not None:
        return adoc
    inferred = infer_published(adoc, tables, found)
    if inferred is None:
        return adoc
    return AnalyzedDoc(replace(adoc.document, published=inferred), adoc.doc)


def date_records(
    adoc: AnalyzedDoc, figures: Sequence[Figure], events: Sequence[Event], found: Sequence[Found] | None = None
) -> tuple[list[Figure], list[Event]]:
    """Give figure periods and events the dates their evidence states.

    Args:
        adoc: the analysed document; its publication day anchors relative expressions.
        figures: the document's figures.
        events: the document's events.
        found: the document's `find_timexes`, when the caller has them (found here if None).

    Returns:
        The figures and events, with `period` start/end and `date` filled where a
        temporal expression supports them.
    """
    timexes, widened = _anchored(adoc, _found(adoc, found))
    context = _EventContext(adoc, widened)
    return [_date_figure(f, timexes) for f in figures], [_date_event(e, context) for e in events]


def anchored_timexes(adoc: AnalyzedDoc, widen: bool = False, found: Sequence[Found] | None = None) -> list[Timex]:
    """Temporal expressions with a known value, whatever the day within the publication range.

    A relative expression ("on Wednesday") is anchored on both ends of the
    publication range and kept only when both give the same dates, so an
    uncertain publication day never yields a false precise date. With `widen`,
    one that gives two dates within a week is kept as the range of both, at
    precision week.
    """
    timexes, widened = _anchored(adoc, _found(adoc, found))
    return widened if widen else timexes


def _restated(timexes: list[Timex], text: str) -> list[Timex]:
    """"in the previous week (20-26 January)", "on Tuesday (5 March)": a date in brackets right after an
    expression says which days it means; the expression takes its value."""
    out = list(timexes)
    for i in range(len(out) - 1):
        first, second = out[i], out[i + 1]
        if RESTATED.fullmatch(text, first.span.end, second.span.start) and text.startswith(")", second.span.end):
            value = _in_year_of(second, first, text)
            out[i], out[i + 1] = replace(first, value=value), replace(second, value=value)
    return out


def _in_year_of(restating: Timex, first: Timex, text: str) -> DateRange:
    """The bracket's days, in the year the expression names: "Around 10 March 2025 (between 8 and 10 March)"
    is 8-10 March 2025 whatever day the report was published."""
    value, year = restating.value, (first.value.start or "")[:4]
    if YEAR.search(text, restating.span.start, restating.span.end) or not YEAR.search(
            text, first.span.start, first.span.end) or not (value.start and value.end and year):
        return value
    if value.start[:4] != value.end[:4] or "02-29" in (value.start[5:], value.end[5:]):
        return value  # a bracket across a new year, or a leap day: left as read
    return replace(value, start=year + value.start[4:], end=year + value.end[4:])


def _found(adoc: AnalyzedDoc, found: Sequence[Found] | None) -> Sequence[Found]:
    return find_timexes(adoc.document.text, adoc.doc) if found is None else found


def _anchored(adoc: AnalyzedDoc, found: Sequence[Found]) -> tuple[list[Timex], list[Timex]]:
    """`anchored_timexes` without and with `widen`, each expression restated by a date in brackets after it."""
    kept, widened = _anchored_values(adoc, found)
    return _restated(kept, adoc.document.text), _restated(widened, adoc.document.text)


def _anchored_values(adoc: AnalyzedDoc, found: Sequence[Found]) -> tuple[list[Timex], list[Timex]]:
    """`_anchored` before restating, from one normalisation per end of the publication range."""
    published = adoc.document.published
    if published is None or published.start is None:
        kept = [t for t in normalize_timexes(adoc, None, found) if t.value.start or t.value.end]
        return kept, kept
    first = normalize_timexes(adoc, published.start, found)
    if published.end in (None, published.start):
        kept = [t for t in first if t.value.start or t.value.end]
        return kept, kept
    last = {(t.span.start, t.span.end): t.value for t in normalize_timexes(adoc, published.end, found)}
    kept, widened = [], []
    for timex in first:
        other = last.get((timex.span.start, timex.span.end))
        if other is None or not (timex.value.start or timex.value.end):
            continue
        if other == timex.value:
            kept.append(timex)
            widened.append(timex)
        elif timex.kind == "range" and other.start == timex.value.start:
            # "since Sunday" runs up to the publication day: its start is sure, its end is the latest possible one.
            since = replace(timex, value=replace(timex.value, end=other.end))
            kept.append(since)
            widened.append(since)
        elif (joined := _joined(timex.value, other)) is not None:
            widened.append(replace(timex, value=joined))
    return kept, widened


def _joined(one: DateRange, other: DateRange) -> DateRange | None:
    """The range covering both readings of a relative expression, when it is at most a week."""
    if None in (one.start, one.end, other.start, other.end):
        return None
    start, end = min(one.start, other.start), max(one.end, other.end)  # type: ignore[type-var]
    if (date.fromisoformat(end) - date.fromisoformat(start)).days >= WEEK_DAYS - 1:
        return None
    return DateRange(start, end, "week")


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


class _EventContext:
    """What dating a document's events needs: its time expressions, sentences, paragraphs and period."""

    def __init__(self, adoc: AnalyzedDoc, timexes: Sequence[Timex]) -> None:
        self.doc_id = adoc.document.id
        self.text = adoc.document.text
        # "BAMAKO, Nov 16 (Reuters) -": the filing date of a dateline dates the report, not its events.
        datelines = [m.span() for m in DATELINE.finditer(self.text)]
        self.timexes = sorted((t for t in timexes if t.value.start and not any(
            start <= t.span.start < end for start, end in datelines)), key=lambda t: t.span.start)
        self.sentences = [(s.start_char, s.end_char) for s in adoc.doc.sents]
        self.published = adoc.document.published
        self.reporting = _covered(self.timexes, self.published) or _reporting_window(self.published, self.timexes)
        self.sayings = {t.span.start for t in self.timexes if _dates_a_saying(adoc.doc, t)}

    def sentence_at(self, position: int) -> int:
        """Index of the sentence that holds a character position."""
        return next((i for i, (start, end) in enumerate(self.sentences) if start <= position < end),
                    len(self.sentences) - 1)

    def in_sentence(self, index: int) -> list[Timex]:
        """The dated expressions inside one sentence."""
        start, end = self.sentences[index]
        return [t for t in self.timexes if start <= t.span.start and t.span.end <= end]


def _date_event(event: Event, context: _EventContext) -> Event:
    if event.date.start or event.date.end:
        return replace(event, date_source=event.date_source or "sentence")
    span = next((s for s in event.evidence if s.doc_id == context.doc_id), None)
    if span is None or not context.sentences:
        return event
    found = _own_time(span, context)
    if found is not None:
        return replace(event, date=_before_by(found, span, context), date_source="sentence")
    start, end = context.sentences[context.sentence_at(span.start)]
    told = relative_day(context.text, start, end, context.timexes)
    if told is not None:  # "The following day, fighting erupted": the day after the one just told
        return replace(event, date=told, date_source="paragraph")
    if event.status == "historical":
        return event  # nothing in the text says when: a guess from the publication would be false
    carried = _carried_time(span, context)
    if carried is not None:
        return replace(event, date=carried, date_source="paragraph")
    if event.status == "planned" and context.published is not None and context.published.start:
        return replace(event, date=_planned_window(context.published), date_source="document")
    if context.reporting is not None:
        window, source = context.reporting
        return replace(event, date=window, date_source=source)
    return event


def _own_time(span: Span, context: _EventContext) -> DateRange | None:
    """The expression of the event's sentence nearest to its evidence (inside it first)."""
    # "would be deployed in the coming weeks": a range open at one end dates no act
    inside = [t for t in context.timexes if _inside(t, span) and t.value.end]
    own = [t for t in context.in_sentence(context.sentence_at(span.start)) if t.value.end]
    if inside:
        found = min(inside, key=lambda t: _rank(t.value)).value
        # "set out in early October and seized the town on October 7": a finer day of the sentence that
        # falls within the evidence's own expression dates the act more closely
        return min((t.value for t in own if _within(t.value, found)), key=_rank, default=found)
    if not own:
        return None
    # "The army said on Tuesday that its forces killed 23 fighters in an operation carried out on Monday"
    # when another day of the month before the saying is told; else the nearest expression, as for any act
    said = [t for t in own if t.span.start in context.sayings]
    finest = min((_rank(t.value) for t in said), default=0)
    acts = [t for t in own if t not in said and _rank(t.value) <= finest and _recent(t.value, said)] or own
    nearest = min(acts, key=lambda t: max(t.span.start - span.end, span.start - t.span.end, 0))
    return nearest.value


def _recent(value: DateRange, said: Sequence[Timex]) -> bool:
    """Whether a range reaches into the month up to a day things were said (and not after it)."""
    if not (value.start and value.end):
        return False
    return any(t.value.start and t.value.end and value.start <= t.value.end and (
        date.fromisoformat(t.value.start) - date.fromisoformat(value.end)).days <= RECENT_DAYS for t in said)


def _dates_a_saying(doc: Doc, timex: Timex) -> bool:
    """Whether an expression tells when something was said ("said on Tuesday", "told AFP on Monday")."""
    words = doc.char_span(timex.span.start, timex.span.end, alignment_mode="expand")
    if words is None:
        return False
    root = words.root
    if root.dep_ == "pobj" and root.head.dep_ == "prep":
        verb = root.head.head
    elif root.dep_ in ("npadvmod", "advmod"):
        verb = root.head
    else:
        return False
    return verb.lemma_.lower() in SPEECH_LEMMAS


def _before_by(value: DateRange, span: Span, context: _EventContext) -> DateRange:
    """"Tanks took the crossing on Tuesday, a day after it ordered civilians to leave": an act told in a clause
    after "N days after" happened N days before the day its sentence names (not when that clause names one)."""
    index = context.sentence_at(span.start)
    start, end = context.sentences[index]
    found = DAYS_AFTER.search(context.text, start, span.start)
    if found is None or value.precision != "day" or not value.start or value.start != value.end or any(
            found.start() <= t.span.start < end for t in context.in_sentence(index)):
        return value  # the clause after "after" names its own day ("two days after they shelled it on Sunday")
    days = _COUNTS.get(found["n"].lower()) or int(found["n"])
    day = (date.fromisoformat(value.start) - timedelta(days=days)).isoformat()
    return DateRange(day, day, "day")


def _within(value: DateRange, outer: DateRange) -> bool:
    return _rank(value) < _rank(outer) and None not in (value.start, value.end, outer.start, outer.end) and (
        outer.start <= value.start and value.end <= outer.end)  # type: ignore[operator]


def _rank(value: DateRange) -> int:
    return PRECISIONS.index(value.precision) if value.precision in PRECISIONS else len(PRECISIONS)


def _carried_time(span: Span, context: _EventContext) -> DateRange | None:
    """A recent day the previous sentence of the same paragraph names ("On Sunday, X. Y was killed.")."""
    index = context.sentence_at(span.start)
    if index == 0:
        return None
    start, _ = context.sentences[index]
    previous_start, previous_end = context.sentences[index - 1]
    if "\n\n" in context.text[previous_start:start]:
        return None  # a new paragraph starts a new report
    published = context.published
    if published is None or published.start is None:
        return None
    latest = date.fromisoformat(published.end or published.start)
    recent = [t for t in context.in_sentence(index - 1)
              if t.value.precision in ("day", "week") and t.value.start
              and 0 <= (latest - date.fromisoformat(t.value.start)).days <= RECENT_DAYS]
    return recent[-1].value if recent else None


def _covered(timexes: Sequence[Timex], published: PublishedDate | None) -> tuple[DateRange, str] | None:
    """The days a report says it covers, in its opening lines ("Weekly Overview: 21-27 September 2024"):
    a range of days that ends at most `RECENT_DAYS` before publication."""
    if published is None or not published.start:
        return None
    latest = date.fromisoformat(published.end or published.start)
    for t in timexes:
        value = t.value
        if t.span.start > COVER_CHARS:
            break
        if value.start is None or value.end is None or value.precision != "day":
            continue
        first, last = date.fromisoformat(value.start), date.fromisoformat(value.end)
        # two days are an edition's date ("14-15 May"), not a period it covers
        if COVER_DAYS <= (last - first).days <= RECENT_DAYS and 0 <= (latest - last).days <= RECENT_DAYS:
            precision = "week" if (last - first).days < WEEK_DAYS else "month"
            return DateRange(value.start, value.end, precision), "reporting"
    return None


def _reporting_window(published: PublishedDate | None, timexes: Sequence[Timex]) -> tuple[DateRange, str] | None:
    """The days a report covers: the week up to publication, or the document's period when that is vaguer.

    Without a publication date, the month of the latest day (or month) the text names stands for the period.
    """
    if published is not None and published.start:
        first, last = date.fromisoformat(published.start), date.fromisoformat(published.end or published.start)
        if (last - first).days < WEEK_DAYS:
            start = first - timedelta(days=REPORTING_DAYS)
            precision = "week" if (last - start).days < WEEK_DAYS + 2 else "month"
            return DateRange(start.isoformat(), last.isoformat(), precision), "reporting"
        return DateRange(published.start, published.end, published.precision or "month"), "document"
    days = [t.value for t in timexes if t.value.precision in ("day", "week", "month") and t.value.start]
    if not days:
        return None
    latest = date.fromisoformat(max(d.start for d in days if d.start))
    month_end = (latest.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return DateRange(latest.replace(day=1).isoformat(), month_end.isoformat(), "month"), "document"


def _planned_window(published: PublishedDate) -> DateRange:
    """A planned event is expected in the month after publication."""
    last = date.fromisoformat(published.end or published.start or "")
    return DateRange(published.start, (last + timedelta(days=PLANNED_DAYS)).isoformat(), "month")
