"""The per-episode records of a link: merged events, tallies and claim contradictions, and the link's report.

Each is computed per episode (events, figures and claims of different episodes are never
compared), so a full link computes them over every episode and an incremental link over
the episodes whose documents changed, with the same function; `link_report` then tells
what either link did, the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..records import Claim, Event, Figure, PublishedDate, Story, Tally
from .contradictions import find_contradictions
from .merge import absorbed, merge_events
from .tallies import reconcile

@dataclass(frozen=True)
class LinkReport:
    """What the ledger holds after linking, and why documents and events were grouped as they are.

    `merged_events` counts events reported by more than one document; `contradictions`
    counts pairs of claims that contradict each other, in one document or across documents
    (the count `contradictions` and the dashboard show);
    `inferred_dates` are narrower publication ranges proposed from the documents' stories
    (see `stories.narrow_dates`), not written: the ledger cannot update them yet.
    `incremental` says whether only what new documents change was linked, and `reason`
    why (or why the link was full); after an incremental link, `merged_events`, `tallies`,
    `contradictions` and `figure_conflicts` count the relinked episodes only.
    """

    stories: int
    episodes: int
    merged_events: int
    tallies: int
    contradictions: int
    figure_conflicts: int = 0
    explanations: tuple[str, ...] = ()
    inferred_dates: tuple[tuple[str, PublishedDate], ...] = ()
    incremental: bool = False
    reason: str = ""


def link_report(
    stories: Sequence[Story], derived: Derived, explain: Sequence[str], dates: Mapping[str, PublishedDate],
    *, incremental: bool = False, reason: str = "",
) -> LinkReport:
    """The report of a link: its stories (with their episodes), what it derived, its explanations and proposed dates."""
    return LinkReport(
        stories=len(stories), episodes=len({s.episode_id for s in stories}), merged_events=derived.merged_events,
        tallies=len(derived.tallies), contradictions=derived.contradictions,
        figure_conflicts=derived.figure_conflicts, explanations=tuple(explain),
        inferred_dates=tuple(sorted(dates.items())), incremental=incremental, reason=reason,
    )


# Contradicting pairs explained one by one per claim; the rest are counted in one line.
EXPLAINED_PER_CLAIM = 20


@dataclass(frozen=True)
class Derived:
    """The records linking derives for some episodes, and counts for the report."""

    events: list[Event]
    moved: dict[str, str]
    tallies: list[Tally]
    claims: list[Claim]
    merged_events: int
    contradictions: int
    figure_conflicts: int


def derive(
    events: Sequence[Event], figures: Sequence[Figure], claims: Sequence[Claim], episode_of: Mapping[str, str],
    doc_dates: Mapping[str, PublishedDate | None], explain: list[str],
) -> Derived:
    """Merge the events, reconcile the figures and link the claims of some episodes.

    Args:
        events: every stored event of the episodes' documents.
        figures: every figure of the episodes' documents.
        claims: every claim of the episodes' documents, in ledger order (doc, start, id).
        episode_of: the episode of each document.
        doc_dates: the publication date of each document.
        explain: one line per merge and contradiction is appended.
    """
    merged = merge_events(events, episode_of, doc_dates, explain)
    moved = absorbed(events, merged)
    tallies = reconcile(figures, episode_of, doc_dates, events)
    linked, conflicts = find_contradictions(claims, figures, episode_of, doc_dates)
    linked = _repoint(linked, moved)
    return Derived(merged, moved, tallies, linked, sum(len(e.doc_ids) > 1 for e in merged),
                   _contradiction_pairs(linked, explain), len(conflicts))


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
    """Count pairs of contradicting claims (same or other document), explaining each pair once.

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
            if other is None or other_id < claim.id:
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

def tallies_as_of(ledger: Any, as_of: str, episode_id: str | None = None) -> list[Tally]:
    """The tallies as they stood on `as_of` (YYYY-MM-DD): reconciled from the figures reported by then.

    Args:
        ledger: an open, linked ledger (its stories give the episodes).
        as_of: the date; figures of documents published later are left out.
        episode_id: only this episode; all when None.
    """
    episode_of = {d: s.episode_id for s in ledger.stories() if s.episode_id for d in s.doc_ids
                  if episode_id is None or s.episode_id == episode_id}
    docs = ledger.documents_by_id(list(episode_of))
    figures = ledger.records_of("figures", list(episode_of))
    events = ledger.records_of("events", list(episode_of))
    return reconcile(figures, episode_of, {d.id: d.published for d in docs}, events, as_of=as_of)
