"""Event merging: reports of the same event in several documents become one event.

Wire stories are reprinted and retold, so one shoot-down can appear once per outlet
(the GDELT duplicate problem). Two events are the same when they come from different
documents of the same episode (that of an event's first document; events of documents
outside any episode merge only among themselves) and agree on everything both know:

- the same PLOVER type and the same status family (asserted, claimed and denied are
  reports of one alleged happening; requested, planned and historical stay apart);
- compatible actor and target: the same country (or actor id or name when no country
  is known), or one of them unknown;
- a compatible place: the same place, or one unknown, or one a country or region of
  the same country as the other;
- overlapping dates: the event's own date, else the document's publication range
  reaching back `REPORT_LAG_DAYS` (an event is reported on or after the day it happens);
  both unknown is no objection;
- and positive evidence that it is one happening: the actor or the target known on both
  sides and agreeing, plus the same place, the same day, or `MIN_SHARED_WORDS` content
  words in common ("SU-25", "F-16", "shot", "jet").

Events are taken in date order and each joins the most specific compatible merged
event (at most one event per document). The merged event keeps the id of its first
report, so linking again gives the same events, and fills what the first report
left unknown from the others: the finer place and date (dates are intersected), the
known actors, every document and every evidence span. Statuses that differ become
"claimed" (the event is alleged, not established); confidence is the highest.
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from spacy.lang.en.stop_words import STOP_WORDS

from ..records import Actor, DateRange, Event, Place, PublishedDate, Span
from .days import Days, day_range, gap, shift, show, width

REPORT_LAG_DAYS = 7
MIN_SHARED_WORDS = 3
_WORD = re.compile(r"[\w][\w-]*")

_FAMILY = {"asserted": "happened", "claimed": "happened", "denied": "happened"}
_PLACE_RANK = {"exact": 0, "admin": 1, "region": 2, "country": 3, None: 4}
_DATE_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, None: 4}


def merge_events(
    events: Sequence[Event],
    episode_of: Mapping[str, str] | None = None,
    doc_dates: Mapping[str, PublishedDate | None] | None = None,
    explain: list[str] | None = None,
) -> list[Event]:
    """Merge events that report the same happening in different documents.

    Args:
        events: events of any documents (already merged ones included).
        episode_of: the episode id of each document id; events of different episodes never merge.
        doc_dates: the publication date of each document, standing in for unknown event dates.
        explain: when given, one line per merge is appended.

    Returns:
        The events after merging, in date order; an event that merged nothing is returned as it was.
    """
    episode_of = episode_of or {}
    doc_dates = doc_dates or {}
    merged: list[Event] = []
    known: list[_Known] = []
    reports: dict[int, _Reports] = {}  # the documents and evidence of the merged events that took in others
    buckets: dict[tuple[str, str, str | None], _Bucket] = defaultdict(_Bucket)
    for event in sorted(events, key=lambda e: _order(e, doc_dates)):
        episode = episode_of.get(event.doc_ids[0]) if event.doc_ids else None
        bucket = buckets[(event.type, _FAMILY.get(event.status, event.status), episode)]
        facts = _known(event, doc_dates)
        if event.actor is None and event.target is None:
            # It can match nothing (the actor or the target must agree), so nothing will ever change it.
            merged.append(event)
            known.append(facts)
            continue
        # Ties go to the earliest merged event.
        scored = [(_agreement(merged[i], known[i], event, facts), -i) for i in bucket.candidates(facts, known)]
        best = max((s for s in scored if s[0] >= 0), default=None)
        if best is None:
            bucket.add(len(merged), facts)
            merged.append(event)
            known.append(facts)
            continue
        i = -best[1]
        held = reports.setdefault(i, _Reports(merged[i]))
        if explain is not None:
            explain.append(_why(merged[i], held.doc_ids, event, doc_dates))
        held.add(event)
        merged[i] = _combine(merged[i], event)
        before = known[i]
        known[i] = _Known.of(_event_days(merged[i], doc_dates, held.doc_ids), before.docs | facts.docs,
                             before.words | facts.words, merged[i])
        bucket.moved(i, before, known[i])
    for i, held in reports.items():
        merged[i] = replace(merged[i], doc_ids=tuple(held.doc_ids), evidence=tuple(held.evidence))
    return merged


class _Reports:
    """The documents and evidence spans a merged event gathers, in order, each once.

    Kept apart from the event while merging: rebuilding both tuples at every merge made
    an event reprinted by hundreds of documents cost the square of its reports.
    """

    def __init__(self, event: Event) -> None:
        self.doc_ids: dict[str, None] = dict.fromkeys(event.doc_ids)
        self.evidence: dict[Span, None] = dict.fromkeys(event.evidence)

    def add(self, event: Event) -> None:
        """Take in the documents and evidence of another report."""
        self.doc_ids.update(dict.fromkeys(event.doc_ids))
        self.evidence.update(dict.fromkeys(event.evidence))


@dataclass(frozen=True)
class _Known:
    """What matching reads of an event, worked out once: its days, documents, evidence words,
    those of them that are not words of its participants' names, its parties (see `_parties`),
    what identifies the place its text gives (id and name) and its day, if it has one."""

    days: Days | None
    docs: frozenset[str]
    words: frozenset[str]
    telling: frozenset[str]
    parties: tuple[str | None, str | None]
    place: frozenset[str]
    day: str | None

    @classmethod
    def of(cls, days: Days | None, docs: frozenset[str], words: frozenset[str], event: Event) -> _Known:
        stated = _stated_place(event)
        # `_same_place` agrees on the same id or the same name.
        place = frozenset() if stated is None else frozenset(
            (f"name:{stated.name.casefold()}", *([f"id:{stated.geonameid}"] if stated.geonameid else [])))
        day = event.date.start if event.date.precision == "day" else None
        return cls(days, docs, words, words - _names(event), _parties(event), place, day)


def _known(event: Event, doc_dates: Mapping[str, PublishedDate | None]) -> _Known:
    return _Known.of(_event_days(event, doc_dates), frozenset(event.doc_ids),
                     frozenset(w for span in event.evidence for w in _content(span.text)), event)


def _parties(event: Event) -> tuple[str | None, str | None]:
    """The event's actor and target as far as grouping reads them: None when absent, "" when
    present with no country known, else the country."""
    return (None if event.actor is None else event.actor.country or "",
            None if event.target is None else event.target.country or "")


def _compatible(parties: tuple[str | None, str | None], other: tuple[str | None, str | None]) -> bool:
    """Whether `_agreement` can accept two events by their parties alone.

    It vetoes known countries that differ, and pairs where neither the actors nor the
    targets are both present (then neither can agree, and one of them must).
    """
    (actor, target), (other_actor, other_target) = parties, other
    if (actor is None or other_actor is None) and (target is None or other_target is None):
        return False
    return (not actor or not other_actor or actor == other_actor) and (
        not target or not other_target or target == other_target)


def _names(event: Event) -> frozenset[str]:
    return frozenset(_content(" ".join(x.name for x in (event.actor, event.target) if x is not None)))


@dataclass
class _Bucket:
    """The merged events of one type, status family and episode, by position in the merged list,
    grouped by their parties, so that an event reads only the groups `_compatible` with its own.

    Events come in order of their first day, so a merged event whose days end before that
    day can match no dated event any more (and, matching nothing, never changes again):
    it leaves `live`, which dated events search, and stays in `every` for undated ones.
    `ends` holds (last day, slot) of the live ones with days, popped as the first day passes.
    """

    every: dict[tuple[str | None, str | None], dict[int, None]] = field(default_factory=dict)
    live: dict[tuple[str | None, str | None], dict[int, None]] = field(default_factory=dict)
    ends: list[tuple[date, int]] = field(default_factory=list)

    def add(self, slot: int, facts: _Known) -> None:
        """Take in a new merged event."""
        self.every.setdefault(facts.parties, {})[slot] = None
        self.live.setdefault(facts.parties, {})[slot] = None
        if facts.days is not None:
            heapq.heappush(self.ends, (facts.days[1], slot))

    def moved(self, slot: int, before: _Known, after: _Known) -> None:
        """Regroup a merged event whose parties or days changed by merging."""
        if before.parties != after.parties:
            del self.every[before.parties][slot]
            self.every.setdefault(after.parties, {})[slot] = None
            group = self.live.get(before.parties)
            if group is not None and slot in group:
                del group[slot]
                self.live.setdefault(after.parties, {})[slot] = None
        if after.days is not None and after.days != before.days:
            heapq.heappush(self.ends, (after.days[1], slot))

    def candidates(self, facts: _Known, known: Sequence[_Known]) -> list[int]:
        """The merged events an event may match (in no order: the best match wins, ties the earliest)."""
        if facts.days is not None:
            self._end_before(facts.days[0], known)
        out: list[int] = []
        for parties, group in (self.every if facts.days is None else self.live).items():
            if _compatible(parties, facts.parties):
                out.extend(group)
        return out

    def _end_before(self, start: date, known: Sequence[_Known]) -> None:
        """Take out of `live` the merged events whose days end before `start`."""
        while self.ends and self.ends[0][0] < start:
            _, slot = heapq.heappop(self.ends)
            days = known[slot].days
            if days is not None and days[1] < start:  # else an older entry: its days changed since
                self.live.get(known[slot].parties, {}).pop(slot, None)


def absorbed(events: Sequence[Event], merged: Sequence[Event]) -> dict[str, str]:
    """Return, for each event id that merging removed, the id of the event it became part of.

    That event is of the same type and holds all of the removed event's documents and evidence.
    """
    kept = {m.id for m in merged}
    holders: dict[tuple[str, Span], list[Event]] = {}
    for m in merged:
        for span in m.evidence:
            holders.setdefault((m.type, span), []).append(m)
    # A merged event may hold hundreds of reports: its sets are built once, when first needed.
    spans: dict[str, frozenset[Span]] = {}
    docs: dict[str, frozenset[str]] = {}
    out: dict[str, str] = {}
    for event in events:
        if event.id in kept or not event.evidence:
            continue
        for m in holders.get((event.type, event.evidence[0]), ()):
            if m.id not in spans:
                spans[m.id], docs[m.id] = frozenset(m.evidence), frozenset(m.doc_ids)
            if spans[m.id].issuperset(event.evidence) and docs[m.id].issuperset(event.doc_ids):
                out[event.id] = m.id
                break
    return out


def _combine(first: Event, other: Event) -> Event:
    """`first` with the better-known fields of `other`; their documents and evidence are gathered apart (`_Reports`)."""
    status = first.status if first.status == other.status else "claimed"
    place, when = _finer_place(first.place, other.place), _narrower_date(first.date, other.date)
    # An actor a report names beats one inferred from another report's context.
    named = other if _better_actor(other, first) else first
    return replace(
        first,
        status=status,
        mode=first.mode or other.mode,
        acled_type=first.acled_type or other.acled_type,
        acled_sub_type=first.acled_sub_type or other.acled_sub_type,
        actor=named.actor,
        actor_inferred=named.actor_inferred,
        target=first.target or other.target,
        place=place,
        date=when,
        attributed_to=first.attributed_to or other.attributed_to,
        confidence=max(first.confidence, other.confidence),
        date_source=first.date_source if when == first.date else other.date_source,
        place_source=first.place_source if place == first.place else other.place_source,
        geo_precision=first.geo_precision if place == first.place else other.geo_precision,
    )


def _better_actor(other: Event, first: Event) -> bool:
    """Whether `other` names the actor better: `first` has none, or only one inferred from context."""
    return other.actor is not None and (first.actor is None or first.actor_inferred and not other.actor_inferred)


def _why(target: Event, target_docs: Iterable[str], event: Event,
         doc_dates: Mapping[str, PublishedDate | None]) -> str:
    def who(actor: Actor | None) -> str:
        return "unknown" if actor is None else actor.country or actor.name
    where = f"{target.place.name if target.place else 'unknown'} / {event.place.name if event.place else 'unknown'}"
    return (f"event {event.id} (doc {', '.join(event.doc_ids)}) merged into event {target.id} "
            f"(doc {', '.join(target_docs)}): same type {event.type}, actors {who(target.actor)} / "
            f"{who(event.actor)}, targets {who(target.target)} / {who(event.target)}, places {where}, dates "
            f"{show(_event_days(target, doc_dates, target_docs))} / {show(_event_days(event, doc_dates))}, same episode")


def _order(event: Event, doc_dates: Mapping[str, PublishedDate | None]) -> tuple[date, str, int, str]:
    days = _event_days(event, doc_dates)
    start = days[0] if days else date.max
    first = event.evidence[0].start if event.evidence else 0
    return (start, event.doc_ids[0] if event.doc_ids else "", first, event.id)


def _match(a: Event, b: Event, doc_dates: Mapping[str, PublishedDate | None]) -> int:
    """How specifically two events of one type, status family and episode agree; -1 when they differ."""
    return _agreement(a, _known(a, doc_dates), b, _known(b, doc_dates))


def _agreement(a: Event, known_a: _Known, b: Event, known_b: _Known) -> int:
    """`_match`, with what is known of each event worked out beforehand."""
    # In a war the same actors fight every day: agreeing actors are not enough, the reports
    # must also share the place, the day, or the words that single the happening out (the
    # participants' own names left out: "su-25", "shot", "jet"). Each check is a veto, the
    # cheapest and most often failed first.
    if (len(known_a.telling & known_b.telling) < MIN_SHARED_WORDS and not known_a.place & known_b.place
            and (known_a.day is None or known_a.day != known_b.day)) or known_a.docs & known_b.docs:
        return -1
    actor = _same_actor(a.actor, b.actor)
    target = None if actor is None else _same_actor(a.target, b.target)
    if target is None or actor + target < 1:
        return -1
    checks = (actor, target, _same_place(_stated_place(a), _stated_place(b)), _same_time(known_a.days, known_b.days))
    return -1 if None in checks else sum(checks)


def _content(text: str) -> set[str]:
    words = _WORD.findall(text.casefold())
    return {w for w in words if w not in STOP_WORDS and (len(w) > 3 or any(c.isdigit() for c in w))}


def _same_actor(a: Actor | None, b: Actor | None) -> int | None:
    """1 when both are known and agree, 0 when one is unknown, None when they differ."""
    if a is None or b is None:
        return 0
    if a.country and b.country:
        return 1 if a.country == b.country else None
    if a.id and b.id:
        return 1 if a.id == b.id else None
    if a.country or b.country:
        return 0
    return 1 if a.name.casefold() == b.name.casefold() else None


def _same_place(a: Place | None, b: Place | None) -> int | None:
    if a is None or b is None:
        return 0
    if (a.geonameid and a.geonameid == b.geonameid) or a.name.casefold() == b.name.casefold():
        return 1
    if a.country and b.country and a.country != b.country:
        return None
    # A region or country holds many places: it may be where the other place lies.
    coarse = {"region", "country"}
    return 0 if a.precision in coarse or b.precision in coarse or not (a.country and b.country) else None


def _same_time(a: Days | None, b: Days | None) -> int | None:
    if a is None or b is None:
        return 0
    if gap(a, b) > 0:
        return None
    return 1 if width(a) <= 7 and width(b) <= 7 else 0


def _stated_place(event: Event) -> Place | None:
    """The place the event's text gives; the document's theatre is no evidence that two reports agree."""
    return None if event.place_source == "theatre" else event.place


def _event_days(event: Event, doc_dates: Mapping[str, PublishedDate | None],
                doc_ids: Iterable[str] | None = None) -> Days | None:
    """The event's own date, else its first document's publication range reaching back a week.

    `doc_ids` stands in for the event's documents while `merge_events` gathers them.
    """
    # A date from the reporting window or the document's period says no more than the publication does.
    own = None if event.date_source in ("reporting", "document") else day_range(event.date)
    if own is not None:
        return own
    for doc_id in event.doc_ids if doc_ids is None else doc_ids:
        published = day_range(doc_dates.get(doc_id))
        if published is not None:
            start = shift(published[0], -REPORT_LAG_DAYS)
            return (start, published[1])
    return None


def _finer_place(a: Place | None, b: Place | None) -> Place | None:
    if a is None or b is None:
        return a or b
    return b if _PLACE_RANK.get(b.precision, 4) < _PLACE_RANK.get(a.precision, 4) else a


def _narrower_date(a: DateRange, b: DateRange) -> DateRange:
    da, db = day_range(a), day_range(b)
    if da is None or db is None:
        return a if da is not None else b
    start, end = max(da[0], db[0]), min(da[1], db[1])
    if start > end:
        return a
    precision = min((a.precision, b.precision), key=lambda p: _DATE_RANK.get(p, 4))
    return DateRange(
        None if start == date.min else start.isoformat(), None if end == date.max else end.isoformat(), precision
    )
