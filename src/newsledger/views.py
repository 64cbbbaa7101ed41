"""Read-side views of the ledger shared by the CLI and the web app (API and dashboard).

Filtering beyond the ledger's key columns and by dates, one-line summaries of records, and
the marks of a document's facts: the terminal writes them into the text (`annotate`), the
dashboard highlights them. A figure's dates are `linking.days.figure_date` (as of when) and
`figure_span` (about when).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .ledger.formats import sentence_bounds
from .records import Actor, Claim, Event, Figure, Mention, Place, PublishedDate

# Shown where neither the metadata nor the text names the publisher.
OUTLET_NOT_STATED = "outlet not stated"


@dataclass(frozen=True)
class FigureFilter:
    """Which figures to list; None means any."""

    doc_id: str | None = None
    kind: str | None = None
    group: str | None = None
    reporter: str | None = None


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims to list; None means any."""

    doc_id: str | None = None
    stance: str | None = None
    speaker: str | None = None


@dataclass(frozen=True)
class EventFilter:
    """Which events to list; None means any. Dates are YYYY-MM-DD, inclusive."""

    doc_id: str | None = None
    type: str | None = None
    actor: str | None = None
    place: str | None = None
    status: str | None = None
    date_from: str | None = None
    date_to: str | None = None


@dataclass(frozen=True)
class DocumentFilter:
    """Which documents to list; None means any. Dates are YYYY-MM-DD, inclusive, on the publication range."""

    outlet: str | None = None
    episode_id: str | None = None
    date_from: str | None = None
    date_to: str | None = None


def outlet_label(name: str | None) -> str:
    """The outlet's name, or a plain statement that the document does not name it."""
    return name or OUTLET_NOT_STATED


def published_label(published: PublishedDate | None) -> str:
    """A document's publication date: one day, or the range it was narrowed to."""
    if published is None or not (published.start or published.end):
        return "date unknown"
    if published.start == published.end:
        return str(published.start)
    return f"{published.start or '…'}..{published.end or '…'}"


def published_range(published: PublishedDate | None) -> tuple[str | None, str | None]:
    """A publication date as (start, end) for `overlaps`; (None, None) when unknown."""
    return (published.start, published.end) if published else (None, None)


def filter_documents(headers: Iterable[Any], flt: DocumentFilter) -> list[Any]:
    """Documents (with `published`) whose publication range meets the dates, oldest first, undated last."""
    kept = [h for h in headers if overlaps(*published_range(h.published), flt.date_from, flt.date_to)]
    return sorted(kept, key=lambda h: (h.published is None or not h.published.start,
                                       (h.published.start or "") if h.published else "", h.id))


def ledger_summary(ledger: Any) -> dict[str, Any]:
    """What an analyst asks of a ledger first: dates covered, outlets, episodes, contradictions, records."""
    headers = ledger.document_headers()
    starts = [h.published.start for h in headers if h.published and h.published.start]
    ends = [h.published.end or h.published.start for h in headers if h.published and h.published.start]
    outlets = Counter(outlet_label(h.source_name) for h in headers)
    return {
        "documents": len(headers),
        "dates": (min(starts), max(ends)) if starts else None,
        "undated": len(headers) - len(starts),
        "outlets": outlets.most_common(),
        "episodes": len({h.episode_id for h in headers if h.episode_id}),
        "contradictions": count_contradictions(ledger.scan("claims")),
        "records": ledger.stats(),
    }


def count_contradictions(claims: Iterable[Claim]) -> int:
    """Pairs of claims linked by `contradicts`, each pair once (the one count CLI, link and dashboard show)."""
    pairs: set[tuple[str, str]] = set()
    for claim in claims:
        for other in claim.contradicts:
            pairs.add((claim.id, other) if claim.id < other else (other, claim.id))
    return len(pairs)


def actor_label(actor: Actor | None) -> str:
    """Short label of an actor: name and country/sector codes, or its display name when it has one."""
    if actor is None:
        return "-"
    if actor.display:
        return actor.display  # "Nagorno-Karabakh forces (de facto)": its codes would read as another side's
    codes = "/".join(c for c in (actor.country, actor.sector) if c)
    return f"{actor.name} [{codes}]" if codes else actor.name


def place_label(place: Place | None) -> str:
    """Short label of a place: name and coordinates when known."""
    if place is None:
        return "-"
    if place.lat is None or place.lon is None:
        return place.name
    return f"{place.name} ({place.lat:.3f}, {place.lon:.3f})"


def actor_has(actor: Actor | None, words: str | None) -> bool:
    """True when `words` are in the actor's name, text, country, sector or role (or no words are asked for)."""
    if not words:
        return True
    if actor is None:
        return False
    hay = " ".join(filter(None, (actor.name, actor.text, actor.country, actor.sector, actor.role))).casefold()
    return words.casefold() in hay


def place_has(place: Place | None, words: str | None) -> bool:
    """True when `words` are in the place's name or country (or no words are asked for)."""
    if not words:
        return True
    return place is not None and words.casefold() in f"{place.name} {place.country or ''}".casefold()


def filter_figures(figures: Iterable[Figure], flt: FigureFilter) -> list[Figure]:
    """Keep the figures that pass every set field of `flt`."""
    return [
        f
        for f in figures
        if (flt.doc_id is None or f.doc_id == flt.doc_id)
        and (flt.kind is None or f.kind == flt.kind)
        and (flt.group is None or f.group == flt.group)
        and actor_has(f.attributed_to, flt.reporter)
    ]


def filter_claims(claims: Iterable[Claim], flt: ClaimFilter) -> list[Claim]:
    """Keep the claims that pass every set field of `flt`."""
    return [
        c
        for c in claims
        if (flt.doc_id is None or c.doc_id == flt.doc_id)
        and (flt.stance is None or c.stance == flt.stance)
        and actor_has(c.speaker, flt.speaker)
    ]


def filter_events(events: Iterable[Event], flt: EventFilter) -> list[Event]:
    """Keep the events that pass every set field of `flt`; an undated event fails a date filter."""
    return [
        e
        for e in events
        if (flt.doc_id is None or flt.doc_id in e.doc_ids)
        and (flt.type is None or e.type == flt.type.upper())
        and (flt.status is None or e.status == flt.status)
        and (actor_has(e.actor, flt.actor) or actor_has(e.target, flt.actor))
        and (not flt.place or (e.place is not None and flt.place.casefold() in e.place.name.casefold()))
        and _in_dates(e, flt.date_from, flt.date_to)
    ]


def _in_dates(event: Event, date_from: str | None, date_to: str | None) -> bool:
    """An event without a start of its own fails a date filter (an end alone is a bound, not a date)."""
    if not date_from and not date_to:
        return True
    return event.date.start is not None and overlaps(event.date.start, event.date.end, date_from, date_to)


def overlaps(start: str | None, end: str | None, date_from: str | None, date_to: str | None) -> bool:
    """True when the range start..end meets date_from..date_to; an undated range fails a date filter."""
    if not date_from and not date_to:
        return True
    if start is None and end is None:
        return False
    start, end = start or end, end or start
    return (not date_from or end >= date_from) and (not date_to or start <= date_to)  # type: ignore[operator]


def figure_line(fig: Figure) -> str:
    """One line describing a figure."""
    high = "+" if fig.high is None else ("" if fig.high == fig.low else f"–{fig.high}")
    flags = " ".join(x for x in ("cumulative" if fig.cumulative else "", "historical" if fig.historical else "") if x)
    period = f" {fig.period.label}" if fig.period and fig.period.label else ""
    return (
        f"{fig.kind} {fig.low}{high} ({fig.qualifier}) {fig.group}{period}"
        f"{' ' + flags if flags else ''} · by {actor_label(fig.attributed_to)}"
    )


def claim_line(claim: Claim) -> str:
    """One line describing a claim."""
    against = f" · contradicts {len(claim.contradicts)}" if claim.contradicts else ""
    return f"{actor_label(claim.speaker)} {claim.stance} ({claim.cue}): {claim.content}{against}"


def event_line(event: Event) -> str:
    """One line describing an event."""
    acled = f" · {event.acled_sub_type}" if event.acled_sub_type else ""
    when = f" · {event.date.start}" if event.date.start else ""
    return (
        f"{event.type} {event.status}: {actor_label(event.actor)} → {actor_label(event.target)}"
        f" @ {place_label(event.place)}{when}{acled} ({event.confidence:.2f})"
    )


def annotate(text: str, marks: Sequence[tuple[int, int, str]]) -> str:
    """Insert `⟦label:` … `⟧` markers around each (start, end, label) span of `text`.

    Spans are inserted outermost first, so nested spans (a figure inside a
    claim) nest properly; crossing spans still keep every character of the text.
    """
    inserts: list[tuple[int, int, str]] = []
    for start, end, label in marks:
        # A span that ends in a paragraph break would put its ⟧ on the next paragraph.
        end = max(start, start + len(text[start:end].rstrip()))
        inserts.append((start, 1, f"⟦{label}:"))
        inserts.append((end, 0, "⟧"))
    out, pos = [], 0
    for at, _order, token in sorted(inserts, key=lambda x: (x[0], x[1])):
        out.append(text[pos:at])
        out.append(token)
        pos = at
    out.append(text[pos:])
    return "".join(out)


def merge_marks(marks: Sequence[Mark]) -> list[tuple[int, int, str]]:
    """Marks that never nest: overlapping spans become one span over their union, labelled with all their tags.

    `annotate` then writes `⟦C3,C4,E5:…⟧` once instead of `⟦C4:⟦C3:⟦E5:…⟧⟧⟧`; each fact's own extent is in
    the fact lines and the `--facts` table.
    """
    merged: list[tuple[int, int, list[str]]] = []
    for start, end, label in sorted((m.tagged for m in marks), key=lambda m: (m[0], -m[1])):
        if merged and start < merged[-1][1]:
            first, last, labels = merged[-1]
            merged[-1] = (first, max(last, end), labels + [label])
        else:
            merged.append((start, end, [label]))
    return [(start, end, _label_ranges(labels)) for start, end, labels in merged]


def _label_ranges(labels: Sequence[str]) -> str:
    """Labels in order, runs shortened: C3,C4,C5,E4 → C3–C5,E4."""
    parts: list[str] = []
    run: list[tuple[str, int]] = []
    for prefix, number in sorted(set(map(_label_order, labels))):
        if run and (prefix, number - 1) != run[-1]:
            parts.append(_run_text(run))
            run = []
        run.append((prefix, number))
    if run:
        parts.append(_run_text(run))
    return ",".join(parts)


def _run_text(run: Sequence[tuple[str, int]]) -> str:
    (prefix, first), (_, last) = run[0], run[-1]
    return f"{prefix}{first}" if first == last else f"{prefix}{first}–{prefix}{last}"


def _label_order(label: str) -> tuple[str, int]:
    return label[:1], int(label[1:]) if label[1:].isdigit() else 0


def fact_rows(
    text: str, figures: Sequence[Figure], claims: Sequence[Claim], events: Sequence[Event], doc_id: str
) -> list[tuple[str, str, str, str, str]]:
    """One row per marked span: tag, kind, record id, offsets, and its sentence with the span in ⟦…⟧."""
    rows = []
    for mark in document_marks(figures, claims, events, doc_id):
        start, end = mark.start, mark.end
        left, right = sentence_bounds(text, start, end)
        sentence = f"{text[left:start]}⟦{text[start:end]}⟧{text[end:right]}"
        rows.append((mark.tag, mark.kind, mark.record_id, f"{start}-{end}", " ".join(sentence.split())))
    return sorted(rows, key=lambda row: _label_order(row[0]))


def fact_table(rows: Sequence[tuple[str, ...]]) -> list[str]:
    """Rows as lines with every column but the last padded to its widest cell."""
    if not rows:
        return []
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return ["  ".join([*(cell.ljust(w) for cell, w in zip(row, widths)), row[-1]]) for row in rows]


@dataclass(frozen=True)
class Mark:
    """One marked span of a document: the kind of fact, its record, its tag (C1, F2, E3; "" for a mention), a label."""

    start: int
    end: int
    kind: str
    record_id: str
    label: str
    tag: str = ""

    @property
    def tagged(self) -> tuple[int, int, str]:
        """The span with its tag, as `annotate` and `merge_marks` take it."""
        return self.start, self.end, self.tag


def document_marks(
    figures: Sequence[Figure], claims: Sequence[Claim], events: Sequence[Event], doc_id: str,
    mentions: Sequence[Mention] = (),
) -> list[Mark]:
    """Every span of a document to mark: claims (C1..), figures (F1.., their number words), events (E1..), mentions.

    Outermost first: by start, then longest, then kind.
    """
    marks = [Mark(c.evidence.start, c.evidence.end, "claim", c.id, f"C{i} {claim_line(c)}", f"C{i}")
             for i, c in enumerate(claims, 1)]
    for i, f in enumerate(figures, 1):
        span = f.quantity or f.evidence
        marks.append(Mark(span.start, span.end, "figure", f.id, f"F{i} {figure_line(f)}", f"F{i}"))
    for i, e in enumerate(events, 1):
        marks += [Mark(s.start, s.end, "event", e.id, f"E{i} {event_line(e)}", f"E{i}")
                  for s in e.evidence if s.doc_id == doc_id]
    for m in mentions:
        label = place_label(m.place) if m.kind == "place" else actor_label(m.actor)
        marks.append(Mark(m.evidence.start, m.evidence.end, m.kind, m.id, f"{m.kind}: {label}"))
    return sorted(marks, key=lambda m: (m.start, -m.end, m.kind))


def contradiction_pairs(claims: Mapping[str, Claim]) -> list[tuple[Claim, Claim]]:
    """Each pair of claims linked by `contradicts`, once, in id order."""
    pairs: set[tuple[str, str]] = set()
    for claim in claims.values():
        for other in claim.contradicts:
            if other in claims:
                pairs.add(tuple(sorted((claim.id, other))))  # type: ignore[arg-type]
    return [(claims[a], claims[b]) for a, b in sorted(pairs)]


def answered_pairs(claims: Mapping[str, Claim]) -> list[tuple[Claim, Claim]]:
    """`contradiction_pairs` with the denial second: what was said, then what denies it."""
    return [(second, first) if first.stance == "deny" and second.stance != "deny" else (first, second)
            for first, second in contradiction_pairs(claims)]
