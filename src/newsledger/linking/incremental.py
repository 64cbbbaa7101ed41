"""Incremental linking: place new documents into the stories and episodes already linked.

A full link stores what the next link needs (`state`): the idf it weighed words with
(`similarity.Idf`), the number of documents it linked, and one row per document (its
publication date, the countries it mentions and the event features it was grouped with).
`plan` then links only what new documents can change, with the stored idf:

1. Stories. `group_stories` takes documents in date order, each joining the best story
   still active. A new document can change the decisions of documents that come after it
   in that order, so the greedy is replayed from the first new document on: the stories
   still active from that date (`STORY_SPAN_DAYS` back) are loaded, their earlier
   documents keep their story (`fixed`), and every later document, old or new, is decided
   again with the same rule. Stories whose last day ends before that date can be joined by
   no document of the replay, so they are neither read nor changed.
2. Undated documents come last in that order and may join any story: an old undated
   document keeps its story only when no changed story can hold it (it names a country
   and no changed story, before or after, shares one with it, so their conflict profiles
   cannot match); otherwise, or when a new document is undated, the link is full.
3. Episodes are regrouped over every story from the stored rows (dates and countries
   only, no text): exact and cheap.
4. Merged events, tallies and contradictions are recomputed for the episodes whose
   documents changed, with the events reaching into other episodes pulling those in too.
   Each of these functions works per episode (events, figures and claims of different
   episodes are never compared), so this equals recomputing them everywhere, except that
   a full link also merges again in the episodes nothing changed in (a no-op unless
   merged events would merge further, see `merge`).

The result equals a full link with the stored idf. A full link runs instead (and stores a
new idf) when asked, when there is no complete stored state, when the ledger grew by more
than `RELINK_GROWTH` since the last full link, or when rule 2 cannot rule out a change.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from ..ledger import Ledger
from ..records import Claim, Document, Event, Story, Tally
from . import state
from .days import Days, shift
from .derive import LinkReport, derive, link_report
from .similarity import Idf
from .state import DocRow
from .stories import STORY_SPAN_DAYS, group_episodes, group_stories, narrow_dates
from .summary import DocSummary, summarize

RELINK_GROWTH = 0.2
"""A ledger grown by more than this share of the documents of the last full link is linked in full."""


@dataclass(frozen=True)
class Changes:
    """What an incremental link writes: only the records that change."""

    links: list[tuple[str, str, str | None]]
    stories: list[Story]
    removed_stories: list[str]
    events: list[Event]
    moved: dict[str, str]
    tallies: list[Tally]
    episodes: set[str]
    claims: list[Claim]
    rows: list[tuple[str, DocRow]]
    report: LinkReport


class Fallback(Exception):
    """An incremental link cannot be exact here; the message says why."""


def plan(ledger: Ledger) -> Changes:
    """Work out an incremental link of the documents added since the last link.

    Raises:
        Fallback: the link must be full (the message says why).
    """
    stored = state.load(ledger)
    if stored is None:
        raise Fallback("no complete link state stored")
    idf, linked = stored.idf, stored.documents
    rows = state.load_rows(ledger)
    new_docs = ledger.unlinked_documents()
    if len(new_docs) > RELINK_GROWTH * linked:
        raise Fallback(f"{len(new_docs)} new documents, more than {RELINK_GROWTH:.0%} of the {linked} "
                       "of the last full link")
    stories = ledger.stories()
    if any(d not in rows for s in stories for d in s.doc_ids):
        raise Fallback("a story holds a document the link state does not know (an interrupted link)")
    new = _summaries(ledger, new_docs, {})
    undated = [s.id for s in new if s.days is None]
    if undated:
        raise Fallback(f"new document {undated[0]} is undated: it may join any story")
    explain: list[str] = []
    now, removed = _place(ledger, stories, rows, new, idf, explain) if new else (stories, [])
    return _relink(ledger, stories, now, removed, rows, new, explain)


def _summaries(ledger: Ledger, docs: Sequence[Document], rows: Mapping[str, DocRow]) -> list[DocSummary]:
    """Summaries of documents; those with a stored row keep the event features they were grouped with."""
    ids = [d.id for d in docs]
    mentions = defaultdict(list)
    for mention in ledger.records_of("mentions", ids):
        mentions[mention.doc_id].append(mention)
    events = defaultdict(list)
    for event in ([] if all(i in rows for i in ids) else ledger.records_of("events", ids)):
        for doc_id in event.doc_ids:
            events[doc_id].append(event)
    return [summarize(d, mentions[d.id], events[d.id], rows[d.id].events if d.id in rows else None) for d in docs]


def _place(
    ledger: Ledger, stories: list[Story], rows: Mapping[str, DocRow], new: list[DocSummary], idf: Idf,
    explain: list[str],
) -> tuple[list[Story], list[str]]:
    """Replay story grouping from the first new document on; return every story and the ids removed."""
    days = {doc_id: row.days for doc_id, row in rows.items()}
    first = min(s.order() for s in new)
    cutoff = shift(first[0], -STORY_SPAN_DAYS)
    loaded = [s for s in stories if any(days[d] is not None and days[d][1] >= cutoff for d in s.doc_ids)]
    replayed = [d for s in loaded for d in s.doc_ids if days[d] is not None]
    old = _summaries(ledger, ledger.documents_by_id(replayed), rows)
    first_of = {d: s.doc_ids[0] for s in loaded for d in s.doc_ids}
    fixed = {d.id: first_of[d.id] for d in old if d.order() < first}
    grouped = group_stories(old + new, explain, idf, fixed)
    before = {s.id: s for s in loaded}
    dated = {s.id: tuple(d for d in s.doc_ids if days[d] is not None) for s in loaded}
    changed = [s for s in grouped if dated.get(s.id) != s.doc_ids]
    kept = {s.id for s in grouped} - {s.id for s in changed}
    removed = [i for i in before if i not in kept and i not in {s.id for s in changed}]
    versions = [s.doc_ids for s in changed] + [before[i].doc_ids for i in before if i not in kept]
    _check_undated(rows, days, versions, {d.id: d for d in new})
    by_id = {s.id: s for s in stories if s.id not in before or s.id in kept}
    by_id.update({s.id: s for s in changed})
    return sorted(by_id.values(), key=lambda s: s.id), removed


def _check_undated(
    rows: Mapping[str, DocRow], days: Mapping[str, Days | None], versions: list[tuple[str, ...]],
    new: Mapping[str, DocSummary],
) -> None:
    """Raise `Fallback` unless no undated old document could join or leave a changed story (rule 2)."""
    undated = {d: {c for c, _ in rows[d].countries} for d in rows if days[d] is None}
    if not undated or not versions:
        return

    def countries(doc_id: str) -> set[str]:
        return {c for c, _ in (new[doc_id].countries if doc_id in new else rows[doc_id].countries)}

    for members in versions:
        every = set().union(*(countries(d) for d in members))
        dated = set().union(*(countries(d) for d in members if d in new or days[d] is not None))
        for doc_id, own in undated.items():
            if not dated or not own or own & every:
                raise Fallback(f"new documents change a story that undated document {doc_id} could join")


def _relink(
    ledger: Ledger, before: list[Story], stories: list[Story], removed: list[str],
    rows: Mapping[str, DocRow], new: list[DocSummary], explain: list[str],
) -> Changes:
    """Regroup episodes, then recompute merges, tallies and contradictions of the episodes that changed."""
    docs = [row.summary(d) for d, row in rows.items()] + new
    stored = {s.id: s for s in before}
    changed = {s.id for s in stories if stored.get(s.id) != s} | set(removed)
    lines: list[str] = []
    episodes = group_episodes(stories, docs, lines)
    explain += [line for line in lines if line.split(" ", 2)[1] in changed]
    stories = [replace(s, episode_id=episodes[s.id]) for s in stories]
    old_of, new_of = _doc_links(before), _doc_links(stories)
    touched = _touched(old_of, new_of)
    episode_of = {d: e for d, (_, e) in new_of.items() if e is not None}
    events, members = _closure(ledger, touched, episode_of)
    claims = sorted(ledger.records_of("claims", members), key=lambda c: (c.doc_id, c.evidence.start, c.id))
    dates = narrow_dates(stories, docs)
    derived = derive(events, ledger.records_of("figures", members), claims, episode_of,
                     {d.id: d.published for d in docs}, explain)
    known = {e.id: e for e in events}
    reason = f"{len(new)} new documents; {len(changed)} stories and {len(touched)} episodes relinked"
    report = link_report(stories, derived, explain, dates, incremental=True, reason=reason)
    return Changes(
        links=[(d, s, e) for d, (s, e) in new_of.items() if old_of.get(d) != (s, e)],
        stories=[s for s in stories if stored.get(s.id) != s], removed_stories=removed,
        events=[e for e in derived.events if known.get(e.id) != e], moved=derived.moved, tallies=derived.tallies,
        episodes=set(touched), claims=[c for c, old in zip(derived.claims, claims) if c != old],
        rows=[(s.id, DocRow.of(s)) for s in new], report=report,
    )


def _doc_links(stories: Iterable[Story]) -> dict[str, tuple[str, str | None]]:
    return {d: (s.id, s.episode_id) for s in stories for d in s.doc_ids}


def _touched(old: Mapping[str, tuple[str, str | None]], new: Mapping[str, tuple[str, str | None]]) -> set[str]:
    """The episode ids, old or new, whose documents changed."""
    def members(links: Mapping[str, tuple[str, str | None]]) -> dict[str | None, set[str]]:
        out: dict[str | None, set[str]] = defaultdict(set)
        for doc_id, (_, episode) in links.items():
            out[episode].add(doc_id)
        return out
    before, after = members(old), members(new)
    return {e for e in before.keys() | after.keys() if e is not None and before.get(e) != after.get(e)}


def _closure(ledger: Ledger, touched: set[str], episode_of: Mapping[str, str]) -> tuple[list[Event], list[str]]:
    """The events of the touched episodes' documents, adding the episodes of their first documents until closed.

    Returns:
        The events, and the documents of the episodes now touched (`touched` grows in place).
    """
    by_episode: dict[str, list[str]] = defaultdict(list)
    for doc_id, episode in episode_of.items():
        by_episode[episode].append(doc_id)
    events: dict[str, Event] = {}
    done: set[str] = set()
    while touched - done:
        wanted = touched - done
        done |= wanted
        for event in ledger.records_of("events", [d for e in sorted(wanted) for d in by_episode.get(e, ())]):
            events[event.id] = event
            first = episode_of.get(event.doc_ids[0]) if event.doc_ids else None
            if first is not None:
                touched.add(first)
    return list(events.values()), sorted(d for e in touched for d in by_episode.get(e, ()))
