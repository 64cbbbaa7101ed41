"""Cross-document linking: stories, episodes, merged events, tallies and contradictions.

`link(ledger)` reads the whole ledger, recomputes every cross-document record and
writes back what changed. It is idempotent (linking twice gives the same ledger) and
incremental-friendly: ids come from content, so documents added later join the
stories, episodes and events already there. The pure functions it is made of work on
records and can be used alone: `group_stories`, `group_episodes`, `merge_events`,
`reconcile`, `find_contradictions`.

Event merging cannot be undone: the reports merged into an event are deleted (the
merged event keeps their documents and evidence), and claims that were about them
point to the merged event instead.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ..ledger import Ledger
from ..records import Claim, Document, Event, Figure, Mention, PublishedDate, Story, Tally
from .contradictions import FigureConflict, conflicting_figures, figure_conflicts, find_contradictions
from .merge import absorbed, merge_events
from .stories import DocSummary, group_episodes, group_stories, narrow_dates, summarize
from .tallies import reconcile

__all__ = [
    "DocSummary", "FigureConflict", "LinkReport", "conflicting_figures", "figure_conflicts", "find_contradictions",
    "group_episodes", "group_stories", "link", "merge_events", "narrow_dates", "reconcile", "summarize",
]

log = logging.getLogger(__name__)

# Contradicting pairs explained one by one per claim; the rest are counted in one line.
EXPLAINED_PER_CLAIM = 20


@dataclass(frozen=True)
class LinkReport:
    """What the ledger holds after linking, and why documents and events were grouped as they are.

    `merged_events` counts events reported by more than one document; `contradictions`
    counts pairs of claims of different documents that contradict each other;
    `inferred_dates` are narrower publication ranges proposed from the documents' stories
    (see `stories.narrow_dates`), not written: the ledger cannot update them yet.
    """

    stories: int
    episodes: int
    merged_events: int
    tallies: int
    contradictions: int
    figure_conflicts: int = 0
    explanations: tuple[str, ...] = ()
    inferred_dates: tuple[tuple[str, PublishedDate], ...] = ()


def link(ledger: Ledger) -> LinkReport:
    """Link the documents of a ledger and write the cross-document records.

    Args:
        ledger: an open ledger; its documents' story and episode, its stories, events,
            tallies and claims are rewritten.

    Returns:
        A `LinkReport` with counts and one explanation per grouping decision.
    """
    # Alone among the ledger's clients: another machine linking at once would interleave its writes.
    with ledger.exclusive():
        with ledger.snapshot():
            docs = ledger.documents()
            events = ledger.events()
            claims = ledger.claims()
            plan = _plan(docs, ledger.mentions(), events, ledger.figures(), claims)
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
    report = plan.report
    log.info("linked %d stories in %d episodes, %d merged events", report.stories, report.episodes,
             report.merged_events)
    return report


@dataclass(frozen=True)
class _Plan:
    """Everything linking will write, computed before any write."""

    stories: list[Story]
    events: list[Event]
    moved: dict[str, str]
    tallies: list[Tally]
    claims: list[Claim]
    report: LinkReport


def _plan(docs: Sequence[Document], mentions: Sequence[Mention], events: Sequence[Event],
          figures: Sequence[Figure], claims: Sequence[Claim]) -> _Plan:
    explain: list[str] = []
    summaries = _summaries(docs, mentions, events)
    stories = group_stories(summaries, explain)
    episodes = group_episodes(stories, summaries, explain)
    stories = [replace(s, episode_id=episodes[s.id]) for s in stories]
    dates = narrow_dates(stories, summaries)
    explain += [f"doc {doc_id} published {p.start}..{p.end} (inferred; {p.evidence[-1]})"
                for doc_id, p in dates.items()]
    episode_of = {doc_id: s.episode_id for s in stories for doc_id in s.doc_ids if s.episode_id}
    doc_dates = {d.id: d.published for d in docs}
    merged = merge_events(events, episode_of, doc_dates, explain)
    moved = absorbed(events, merged)
    tallies = reconcile(figures, episode_of, doc_dates)
    linked, conflicts = find_contradictions(claims, figures, episode_of, doc_dates)
    linked = _repoint(linked, moved)
    report = LinkReport(
        stories=len(stories), episodes=len(set(episodes.values())),
        merged_events=sum(len(e.doc_ids) > 1 for e in merged), tallies=len(tallies),
        contradictions=_contradiction_pairs(linked, explain), figure_conflicts=len(conflicts),
        explanations=tuple(explain), inferred_dates=tuple(sorted(dates.items())),
    )
    return _Plan(stories, merged, moved, tallies, linked, report)


def _summaries(docs: Sequence[Document], mentions: Sequence[Mention], events: Sequence[Event]) -> list[DocSummary]:
    """Summarize every document with its mentions and events."""
    mentions_of: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        mentions_of[mention.doc_id].append(mention)
    events_of: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        for doc_id in event.doc_ids:
            events_of[doc_id].append(event)
    return [summarize(d, mentions_of[d.id], events_of[d.id]) for d in docs]


def _repoint(claims: Sequence[Claim], moved: Mapping[str, str]) -> list[Claim]:
    """Point claims that were about merged-away events to the event they became part of."""
    if not moved:
        return list(claims)
    out = []
    for claim in claims:
        about = tuple(dict.fromkeys(moved.get(i, i) for i in claim.about))
        out.append(replace(claim, about=about) if about != claim.about else claim)
    return out


def _contradiction_pairs(claims: Sequence[Claim], explain: list[str]) -> int:
    """Count cross-document contradictions, explaining each pair once.

    A claim reprinted by many outlets contradicts every reprint of its denial: the
    pairs grow with the square of the reprints. Past `EXPLAINED_PER_CLAIM` pairs a
    claim gets one line with the number of the others, so the report stays readable
    and its memory bounded by the number of claims.
    """
    by_id = {c.id: c for c in claims}
    pairs = 0
    for claim in claims:
        shown = 0
        for other_id in claim.contradicts:
            other = by_id.get(other_id)
            if other is None or other.doc_id == claim.doc_id or other_id < claim.id:
                continue
            pairs += 1
            shown += 1
            if shown <= EXPLAINED_PER_CLAIM:
                explain.append(
                    f"claim {claim.id} ({claim.stance} by {claim.speaker.name}, doc {claim.doc_id}) contradicts "
                    f"claim {other.id} ({other.stance} by {other.speaker.name}, doc {other.doc_id})"
                )
        if shown > EXPLAINED_PER_CLAIM:
            explain.append(f"claim {claim.id} contradicts {shown - EXPLAINED_PER_CLAIM} more claims of other documents")
    return pairs