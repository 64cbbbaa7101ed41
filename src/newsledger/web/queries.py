"""Read-side queries of the HTTP API and the dashboard: filters, pages, episodes, marks.

Every function takes an open `Ledger` (or records read from one) and returns typed
records or small frozen views; the route handlers only parse parameters, call these
and serialise. Filters that the ledger's key columns cannot answer (stories, episodes,
sides, places) are applied here, with the filters, dates and marks of `newsledger.views`.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Generic, TypeVar

from .. import views
from ..ledger import Ledger, listing
from ..linking.days import figure_span
from ..linking.derive import tallies_as_of
from ..records import Claim, Document, Event, Figure, Mention, PublishedDate, Span, Story, Tally

T = TypeVar("T")

MAX_SEARCH_HITS = 1000
"""Full-text search returns at most this many documents, best first."""


@dataclass(frozen=True)
class Scope:
    """Which documents a listing draws from; None means any. Dates are YYYY-MM-DD, inclusive."""

    doc_id: str | None = None
    story: str | None = None
    episode: str | None = None
    date_from: str | None = None
    date_to: str | None = None


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a listing: the items, how many there are in all, and where the page starts."""

    items: list[T]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True)
class DocHit:
    """A document in a listing, with the search snippet when it was found by a query."""

    document: Document
    snippet: str | None = None


@dataclass(frozen=True)
class Episode:
    """Stories of the same conflict episode, with the date range they cover."""

    id: str
    stories: tuple[Story, ...]
    start: str | None
    end: str | None

    @property
    def title(self) -> str:
        """The title of the episode's first titled story."""
        return next((s.title for s in self.stories if s.title), self.id)

    @property
    def doc_count(self) -> int:
        """How many documents report the episode."""
        return sum(len(s.doc_ids) for s in self.stories)


@dataclass(frozen=True)
class Contradiction:
    """Two claims that contradict each other, or two figures that disagree."""

    kind: str
    episode_id: str | None
    claims: tuple[Claim, ...] = ()
    figures: tuple[Figure, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Rebuttal:
    """A denial (or any contradicting claim) and every claim it contradicts."""

    claim: Claim
    answers: tuple[Claim, ...]


@dataclass(frozen=True)
class DocumentView:
    """A document with every record extracted from it and the marks to highlight them."""

    document: Document
    figures: list[Figure]
    claims: list[Claim]
    events: list[Event]
    mentions: list[Mention]
    marks: list[views.Mark] = field(default_factory=list)


def paginate(items: Sequence[T], limit: int, offset: int) -> Page[T]:
    """Cut one page out of a full listing."""
    return Page(list(items[offset : offset + limit]), len(items), limit, offset)


def span_href(span: Span) -> str:
    """The dashboard link that opens a document with this span highlighted."""
    return f"/documents/{span.doc_id}#{span.start}-{span.end}"


def scope_doc_ids(ledger: Ledger, scope: Scope, stories: Iterable[Story] | None = None) -> set[str] | None:
    """The documents a scope allows by document, story and episode; None when it allows any.

    `stories` are those to choose from when the caller has them (an episode's), else the ledger's.
    """
    if scope.doc_id is None and scope.story is None and scope.episode is None:
        return None
    stories = [
        s for s in (ledger.stories() if stories is None else stories)
        if (scope.story is None or s.id == scope.story) and (scope.episode is None or s.episode_id == scope.episode)
    ]
    allowed = {d for s in stories for d in s.doc_ids} if scope.story or scope.episode else None
    if scope.doc_id is not None:
        allowed = {scope.doc_id} if allowed is None else allowed & {scope.doc_id}
    return allowed


def publication_dates(ledger: Ledger) -> dict[str, PublishedDate | None]:
    """The publication date of every document, by id (without reading any text)."""
    return listing.publication_dates(ledger)


def _in_scope(doc_ids: Iterable[str], allowed: set[str] | None) -> bool:
    return allowed is None or any(d in allowed for d in doc_ids)


def list_documents(ledger: Ledger, scope: Scope, query: str | None, limit: int, offset: int,
                   budget: float | None = None) -> Page[DocHit]:
    """Documents in id order, or the best matches of a full-text query first.

    A search ranks at most `MAX_SEARCH_HITS` documents and makes snippets only
    for the page returned; `budget` bounds the seconds the search may take.

    Raises:
        LedgerError: the query is not valid FTS5 syntax (`QueryRejected`: over
            the size bounds; `SearchTimeout`: over the budget).
    """
    if query:
        return _search_page(ledger, scope, query, limit, offset, budget)
    if scope == Scope():
        total = ledger.stats()["documents"]
        return Page([DocHit(d) for d in ledger.documents(limit=limit, offset=offset)], total, limit, offset)
    # Dates and ids only (no text) to filter; the texts of one page at the end.
    dates = listing.publication_dates(ledger, scope_doc_ids(ledger, scope))
    kept = sorted(i for i, p in dates.items()
                  if views.overlaps(*views.published_range(p), scope.date_from, scope.date_to))
    docs = ledger_documents(ledger, kept[offset : offset + limit])
    return Page([DocHit(docs[i]) for i in kept[offset : offset + limit] if i in docs], len(kept), limit, offset)


def _search_page(ledger: Ledger, scope: Scope, query: str, limit: int, offset: int,
                 budget: float | None) -> Page[DocHit]:
    """Rank the matches without snippets, keep those in scope, then make snippets for one page."""
    started = time.monotonic()
    ids = [h.doc_id for h in ledger.search(query, limit=MAX_SEARCH_HITS, snippets=False, budget=budget)]
    if scope != Scope():
        dates = listing.publication_dates(ledger, ids)
        allowed = scope_doc_ids(ledger, scope)
        ids = [i for i in ids if i in dates and _in_scope([i], allowed)
               and views.overlaps(*views.published_range(dates[i]), scope.date_from, scope.date_to)]
    shown = ids[offset : offset + limit]
    if not shown:
        return Page([], len(ids), limit, offset)
    left = None if budget is None else max(budget - (time.monotonic() - started), 0.05)
    marked = ledger.search(query, limit=len(shown), mark=("\x02", "\x03"), budget=left, doc_ids=shown)
    snippets = {h.doc_id: h.snippet for h in marked}
    docs = ledger_documents(ledger, shown)
    items = [DocHit(docs[i], snippets.get(i, "")) for i in shown if i in docs]
    return Page(items, len(ids), limit, offset)


def ledger_documents(ledger: Ledger, ids: Sequence[str]) -> dict[str, Document]:
    """The documents with these ids that the ledger holds."""
    out = {}
    for doc_id in ids:
        doc = ledger.document(doc_id)
        if doc is not None:
            out[doc_id] = doc
    return out


def list_figures(ledger: Ledger, flt: views.FigureFilter, scope: Scope, side: str | None = None,
                 place: str | None = None) -> list[Figure]:
    """Figures passing `flt`, the scope, and words in the side's and the place's names."""
    figures = views.filter_figures(ledger.figures(doc_id=scope.doc_id, kind=flt.kind, group=flt.group), flt)
    allowed = scope_doc_ids(ledger, scope)
    dates = publication_dates(ledger) if scope.date_from or scope.date_to else {}
    return [
        f for f in figures
        if _in_scope([f.doc_id], allowed)
        and views.actor_has(f.side, side)
        and views.place_has(f.place, place)
        and views.overlaps(*figure_span(f, dates.get(f.doc_id)), scope.date_from, scope.date_to)
    ]


def list_claims(ledger: Ledger, flt: views.ClaimFilter, scope: Scope, contradicted: bool | None = None) -> list[Claim]:
    """Claims passing `flt` and the scope (dated by their document); optionally only contradicted ones."""
    claims = views.filter_claims(ledger.claims(doc_id=scope.doc_id, stance=flt.stance), flt)
    allowed = scope_doc_ids(ledger, scope)
    dates = publication_dates(ledger) if scope.date_from or scope.date_to else {}
    return [
        c for c in claims
        if _in_scope([c.doc_id], allowed)
        and (contradicted is None or bool(c.contradicts) == contradicted)
        and views.overlaps(*views.published_range(dates.get(c.doc_id)), scope.date_from, scope.date_to)
    ]


def list_events(ledger: Ledger, flt: views.EventFilter, scope: Scope) -> list[Event]:
    """Events passing `flt` (dates included) and reported by a document of the scope."""
    events = views.filter_events(ledger.events(doc_id=scope.doc_id, type=flt.type and flt.type.upper()), flt)
    allowed = scope_doc_ids(ledger, scope)
    return [e for e in events if _in_scope(e.doc_ids, allowed)]


def list_stories(ledger: Ledger, scope: Scope) -> list[Story]:
    """Stories of the scope's episode (and story), overlapping its dates, earliest first."""
    stories = [
        s for s in ledger.stories()
        if (scope.episode is None or s.episode_id == scope.episode)
        and (scope.story is None or s.id == scope.story)
        and (scope.doc_id is None or scope.doc_id in s.doc_ids)
        and views.overlaps(s.date.start, s.date.end, scope.date_from, scope.date_to)
    ]
    return sorted(stories, key=lambda s: (s.date.start or "9999", s.id))


def list_tallies(ledger: Ledger, episode: str | None = None, kind: str | None = None, group: str | None = None,
                 side: str | None = None, as_of: str | None = None) -> list[Tally]:
    """Tallies of an episode, kind and group, with words in the side's name ("none" = no side), as of a date."""
    found = tallies_as_of(ledger, as_of, episode) if as_of else ledger.tallies(episode_id=episode)
    return [
        t for t in found
        if (kind is None or t.kind == kind)
        and (group is None or t.group == group)
        and (t.side is None if side == "none" else views.actor_has(t.side, side))
    ]


def episodes(ledger: Ledger) -> list[Episode]:
    """Every episode with its stories, earliest first (reads every story: for small ledgers and the API)."""
    return _episodes(ledger.stories())


def episodes_by_id(ledger: Ledger, ids: Iterable[str]) -> list[Episode]:
    """These episodes with their stories, earliest first; unknown ids are skipped."""
    return _episodes(listing.stories_of(ledger, ids))


def top_episodes(ledger: Ledger, count: int) -> list[Episode]:
    """The `count` episodes reported by the most documents, earliest first."""
    return episodes_by_id(ledger, listing.top_episode_ids(ledger, count))


def _episodes(stories: Iterable[Story]) -> list[Episode]:
    by_episode: dict[str, list[Story]] = defaultdict(list)
    for story in stories:
        by_episode[story.episode_id or story.id].append(story)
    out = []
    for episode_id, stories in by_episode.items():
        stories.sort(key=lambda s: (s.date.start or "9999", s.id))
        starts = [s.date.start for s in stories if s.date.start]
        ends = [s.date.end or s.date.start for s in stories if s.date.end or s.date.start]
        out.append(Episode(episode_id, tuple(stories), min(starts, default=None), max(ends, default=None)))  # type: ignore[type-var]
    return sorted(out, key=lambda e: (e.start or "9999", e.id))


def rebuttals(found: Sequence[Contradiction]) -> list[Rebuttal]:
    """Group contradicting claim pairs by their second claim (the denial), in first-seen order."""
    answered: dict[str, list[Claim]] = {}
    by_id: dict[str, Claim] = {}
    for c in found:
        if c.kind != "claims" or len(c.claims) != 2:
            continue
        first, second = c.claims
        by_id[second.id] = second
        answered.setdefault(second.id, []).append(first)
    return [Rebuttal(by_id[i], tuple(claims)) for i, claims in answered.items()]


def document_view(ledger: Ledger, doc_id: str) -> DocumentView | None:
    """A document with its records and marks, or None when the ledger has no such document."""
    doc = ledger.document(doc_id)
    if doc is None:
        return None
    figures, claims = ledger.figures(doc_id=doc_id), ledger.claims(doc_id=doc_id)
    events, mentions = ledger.events(doc_id=doc_id), ledger.mentions(doc_id=doc_id)
    marks = views.document_marks(figures, claims, events, doc_id, mentions)
    return DocumentView(doc, figures, claims, events, mentions, marks)


def segments(text: str, marks: Sequence[views.Mark]) -> list[tuple[int, int, tuple[views.Mark, ...]]]:
    """Cut `text` at every mark boundary: (start, end, the marks covering it) for each piece."""
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    starting: dict[int, list[views.Mark]] = defaultdict(list)
    for mark in marks:
        if mark.end > mark.start:
            starting[mark.start].append(mark)
    active: list[views.Mark] = []
    out = []
    for a, b in pairwise(cuts):
        active = [m for m in active if m.end > a] + starting.get(a, [])
        out.append((a, b, tuple(active)))
    return out
