"""Cross-document linking: stories, episodes, merged events, tallies and contradictions.

`link(ledger)` links the documents added since the last link into the stories and
episodes already there and recomputes merged events, tallies and contradictions of the
episodes that changed (see `incremental`, which says when it falls back to a full link);
`link(ledger, full=True)` reads the whole ledger, recomputes every cross-document record
with a fresh idf and writes back what changed. Both are idempotent (linking twice gives
the same ledger), and ids come from content, so documents added later join the stories,
episodes and events already there. The pure functions it is made of work on records and
can be used alone: `group_stories`, `group_episodes`, `merge_events`, `reconcile`,
`find_contradictions`.

Event merging cannot be undone: the reports merged into an event are deleted (the
merged event keeps their documents and evidence), and claims that were about them
point to the merged event instead.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..ledger import Ledger
from ..records import Claim, Document, Event, Figure, Story, Tally
from . import incremental, state
from .contradictions import FigureConflict, conflicting_figures, figure_conflicts, find_contradictions
from .derive import EXPLAINED_PER_CLAIM, LinkReport, derive, link_report
from .merge import merge_events
from .similarity import Idf
from .state import DocRow, LinkState
from .stories import group_episodes, group_stories, narrow_dates
from .summary import DocSummary, mention_key, summarize
from .tallies import reconcile

__all__ = [
    "EXPLAINED_PER_CLAIM", "DocSummary", "FigureConflict", "Idf", "LinkReport",
    "conflicting_figures", "figure_conflicts", "find_contradictions", "group_episodes", "group_stories", "link",
    "merge_events", "narrow_dates", "reconcile", "summarize",
]

log = logging.getLogger(__name__)


def link(ledger: Ledger, full: bool = False, idf: Idf | None = None) -> LinkReport:
    """Link the documents of a ledger and write the cross-document records.

    Args:
        ledger: an open ledger; its documents' story and episode, its stories, events,
            tallies and claims are rewritten.
        full: relink the whole ledger with a fresh idf, even when an incremental link
            would do (see `incremental` for when it falls back to a full link by itself).
        idf: link in full with this idf instead of the ledger's own (stored for the next
            incremental links; a full link with the stored idf gives what incremental links gave).

    Returns:
        A `LinkReport` with counts and one explanation per grouping decision.
    """
    # Alone among the ledger's clients: another machine linking at once would interleave its writes.
    with ledger.exclusive():
        reason = "full relink requested" if full or idf is not None else ""
        if not reason:
            try:
                with ledger.snapshot():
                    changes = incremental.plan(ledger)
                return _write_changes(ledger, changes)
            except incremental.Fallback as why:
                reason = str(why)
        report = replace(_link_full(ledger, idf), reason=reason)
    log.info("linked %d stories in %d episodes, %d merged events (%s)", report.stories, report.episodes,
             report.merged_events, "incremental" if report.incremental else f"full: {report.reason}")
    return report


def _link_full(ledger: Ledger, idf: Idf | None) -> LinkReport:
    """Relink every document and store the link state (the idf used, one row per document)."""
    with ledger.snapshot():
        docs = ledger.documents()
        events = ledger.events()
        claims = ledger.claims()
        rows = state.load_rows(ledger)
        plan = _plan(docs, ledger.scan_dicts("mentions"), events, ledger.figures(), claims, rows, idf)
    state.mark_started(ledger)
    story_of = {doc_id: s for s in plan.stories for doc_id in s.doc_ids}
    ledger.set_document_links_many(
        (d.id, story_of[d.id].id, story_of[d.id].episode_id) for d in docs
        if (d.story_id, d.episode_id) != (story_of[d.id].id, story_of[d.id].episode_id)
    )
    ledger.replace_stories(plan.stories)
    before = {e.id: e for e in events}
    ledger.put_events(e for e in plan.events if before.get(e.id) != e)
    ledger.delete_events(plan.moved)
    ledger.replace_tallies(plan.tallies)
    ledger.update_claims(new for new, old in zip(plan.claims, claims) if new != old)
    state.save(ledger, LinkState(plan.idf, len(docs)), plan.rows)
    return plan.report


def _write_changes(ledger: Ledger, changes: incremental.Changes) -> LinkReport:
    """Write what an incremental link changed; the new documents' rows last, once the rest is stored."""
    state.mark_started(ledger)
    ledger.set_document_links_many(changes.links)
    ledger.put_stories(changes.stories, changes.removed_stories)
    ledger.put_events(changes.events)
    ledger.delete_events(changes.moved)
    ledger.replace_tallies(changes.tallies, changes.episodes)
    ledger.update_claims(changes.claims)
    state.save(ledger, None, changes.rows)
    return changes.report


@dataclass(frozen=True)
class _Plan:
    """Everything linking will write, computed before any write."""

    stories: list[Story]
    events: list[Event]
    moved: dict[str, str]
    tallies: list[Tally]
    claims: list[Claim]
    report: LinkReport
    idf: Idf
    rows: list[tuple[str, DocRow]]


def _plan(docs: Sequence[Document], mentions: Iterable[Mapping[str, Any]], events: Sequence[Event],
          figures: Sequence[Figure], claims: Sequence[Claim], rows: Mapping[str, DocRow],
          idf: Idf | None) -> _Plan:
    explain: list[str] = []
    summaries = _summaries(docs, mentions, events, rows)
    idf = idf or Idf.of(summaries)
    stories = group_stories(summaries, explain, idf)
    episodes = group_episodes(stories, summaries, explain)
    stories = [replace(s, episode_id=episodes[s.id]) for s in stories]
    dates = narrow_dates(stories, summaries)
    explain += [f"doc {doc_id} published {p.start}..{p.end} (inferred; {p.evidence[-1]})"
                for doc_id, p in dates.items()]
    episode_of = {doc_id: s.episode_id for s in stories for doc_id in s.doc_ids if s.episode_id}
    derived = derive(events, figures, claims, episode_of, {d.id: d.published for d in docs}, explain)
    report = link_report(stories, derived, explain, dates)
    new_rows = [(s.id, DocRow.of(s)) for s in summaries if s.id not in rows]
    return _Plan(stories, derived.events, derived.moved, derived.tallies, derived.claims, report, idf, new_rows)


def _summaries(docs: Sequence[Document], mentions: Iterable[Mapping[str, Any]], events: Sequence[Event],
               rows: Mapping[str, DocRow]) -> list[DocSummary]:
    """Summarize every document with its mentions and events (stored event features for linked ones).

    Mentions are the most numerous records (about 35 a document): each is read in its stored
    form (`Ledger.scan_dicts`) and reduced to its key as it is read, so they are never all held
    at once and no record is rebuilt.
    """
    keys_of: dict[str, list[tuple[str | None, str | None]]] = defaultdict(list)
    for mention in mentions:
        key = mention_key(mention)
        if key != (None, None):
            keys_of[mention["doc_id"]].append(key)
    events_of: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        for doc_id in event.doc_ids:
            events_of[doc_id].append(event)
    return [summarize(d, (), events_of[d.id], rows[d.id].events if d.id in rows else None, keys_of[d.id])
            for d in docs]
