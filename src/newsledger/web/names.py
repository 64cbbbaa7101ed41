"""Names of episodes, stories and documents made from their content, never a raw id.

An episode is named by its main place, its span of dates and its main belligerents
("Nagorno-Karabakh, 27 Sep – 10 Oct 2020: Azerbaijan vs Armenia"); a story by its
title, else its main event; a document by its title, else its outlet and date.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta

from ..ledger import Ledger
from ..ledger.listing import Source
from ..records import Actor, Document, Event, Figure, Mention, Story
from .queries import Episode
from .theatre import VIOLENT_TYPES, episode_records

_MAX_NAME = 120
LEAD_DAYS = 60
"""Days before an episode's first report that a dated fact of it may start the episode's span."""


def date_span(start: str | None, end: str | None) -> str:
    """A date range in words: '27 Sep – 10 Oct 2020', '3 – 9 Oct 2020', '9 Oct 2020', or ''."""
    try:
        a = date.fromisoformat(start) if start else None
        b = date.fromisoformat(end) if end else None
    except ValueError:
        return start or end or ""
    a, b = a or b, b or a
    if a is None or b is None:
        return ""
    if a == b:
        return f"{a.day} {a:%b %Y}"
    if a.year != b.year:
        return f"{a.day} {a:%b %Y} – {b.day} {b:%b %Y}"
    if a.month != b.month:
        return f"{a.day} {a:%b} – {b.day} {b:%b %Y}"
    return f"{a.day} – {b.day} {b:%b %Y}"


def main_place(events: Sequence[Event], figures: Sequence[Figure], mentions: Sequence[Mention]) -> str | None:
    """The most reported place (mentions and facts) among those with violence, finer than a country first.

    A whole region usually gathers more reports than any village in it, so it names the episode.
    """
    violent = Counter(e.place.name for e in events if e.type in VIOLENT_TYPES and e.place is not None)
    violent.update(f.place.name for f in figures if f.place is not None)
    mentioned = Counter(m.place.name for m in mentions if m.place is not None)
    mentioned.update(e.place.name for e in events if e.place is not None)
    precision = {m.place.name: m.place.precision for m in mentions if m.place is not None}
    precision.update({e.place.name: e.place.precision for e in events if e.place is not None})
    names = set(violent) | set(mentioned)
    if not names:
        return None
    return max(names, key=lambda n: (precision.get(n) != "country", violent[n] > 0, mentioned[n] + violent[n], n))


def fact_start(start: str | None, events: Sequence[Event], figures: Sequence[Figure]) -> str | None:
    """The first day of the episode: its first report, or an earlier dated fact up to `LEAD_DAYS` before it."""
    if not start:
        return start
    try:
        floor = (date.fromisoformat(start) - timedelta(days=LEAD_DAYS)).isoformat()
    except ValueError:
        return start
    # Only dates the text gives: a date from the report's window or the document's period says when it was
    # reported, not when the episode began.
    days = [e.date.start for e in events if e.date.start and e.date_source in ("sentence", "paragraph")
            and e.status != "historical" and (e.date.precision or "day") in ("day", "week")]
    days += [f.period.start for f in figures if f.period is not None and f.period.start and not f.historical]
    return min([d for d in days if floor <= d < start] + [start])


def belligerents(events: Sequence[Event]) -> tuple[str, str] | None:
    """The two sides that attacked each other most (attacker first), from the episode's violent events."""
    pairs: Counter[tuple[str, str]] = Counter()
    names: dict[str, Counter[str]] = {}
    for e in events:
        # Every event teaches names ("Armenia" besides "Armenia armed forces"); violent ones make the pairs.
        a, t = _side(e.actor, names), _side(e.target, names)
        if a and t and a != t and e.type in VIOLENT_TYPES:
            pairs[(a, t)] += 1
    if not pairs:
        return None
    totals: Counter[tuple[str, str]] = Counter()
    for (a, t), n in pairs.items():
        totals[tuple(sorted((a, t)))] += n  # type: ignore[index]
    x, y = totals.most_common(1)[0][0]
    first, second = (x, y) if pairs[(x, y)] >= pairs[(y, x)] else (y, x)
    return _best_name(names[first]), _best_name(names[second])


def _side(actor: Actor | None, names: dict[str, Counter[str]]) -> str | None:
    """The key of the side an actor fights for (its country, else its dictionary id); None if unresolved."""
    if actor is None:
        return None
    key = actor.country or actor.id
    if key:
        names.setdefault(key, Counter())[actor.name] += 1
    return key


def _best_name(found: Counter[str]) -> str:
    # The shortest of the common names: "Armenia" rather than "Armenia armed forces".
    top = found.most_common(3)
    return min((n for n, _ in top), key=len)


def episode_name(start: str | None, end: str | None, events: Sequence[Event], figures: Sequence[Figure],
                 mentions: Sequence[Mention], fallback: str) -> str:
    """'Main place, dates: A vs B' from an episode's records; `fallback` (a title) stands for a missing place."""
    place = main_place(events, figures, mentions) or fallback
    dates = date_span(fact_start(start, events, figures), end)
    head = f"{place}, {dates}" if dates else place
    sides = belligerents(events)
    name = f"{head}: {sides[0]} vs {sides[1]}" if sides else head
    return name if len(name) <= _MAX_NAME else name[: _MAX_NAME - 1] + "…"


def story_name(story: Story, events: Sequence[Event]) -> str:
    """A story's title, else its main event ('ASSAULT: Azerbaijan → Armenia at Martakert'), else its dates."""
    if story.title:
        return story.title
    ranked = sorted(events, key=lambda e: (e.type not in VIOLENT_TYPES, -e.confidence))
    for e in ranked:
        if e.actor is not None or e.target is not None:
            who = " → ".join(a.name for a in (e.actor, e.target) if a is not None)
            where = f" at {e.place.name}" if e.place is not None else ""
            return f"{e.type.capitalize()}: {who}{where}"
    dates = date_span(story.date.start, story.date.end)
    return f"Story of {dates}" if dates else f"Story of {len(story.doc_ids)} document(s)"


def document_name(doc: Document | Source) -> str:
    """A document's title, else 'Outlet, date: first words of the text' (a table row has no text: 'Outlet, date')."""
    if doc.title:
        return doc.title
    dates = date_span(doc.published.start, doc.published.end) if doc.published is not None else ""
    head = ", ".join(x for x in (doc.source_name or views.OUTLET_NOT_STATED, dates) if x)
    words = " ".join(getattr(doc, "text", "").split()[:10])
    return f"{head}: {words}…" if words else head

NAMING_DOCS = 40
"""Documents of an episode read to name it (the first by id): a name needs no more."""


def titles(ledger: Ledger, episodes: Sequence[Episode]) -> dict[str, str]:
    """Names of these episodes and of their stories, by id, from the records of their first documents."""
    out: dict[str, str] = {}
    for episode in episodes:
        found = episode_records(ledger, episode, max_docs=NAMING_DOCS)
        out[episode.id] = episode_name(episode.start, episode.end, found.events, found.figures, found.mentions,
                                       menu_label(episode))
        for story in episode.stories:
            events = [e for e in found.events if set(e.doc_ids) & set(story.doc_ids)]
            out[story.id] = story_name(story, events)
    return out


def menu_label(episode: Episode) -> str:
    """A name read from the stories alone (no record is read): dates and the first story title."""
    dates = date_span(episode.start, episode.end)
    title = next((s.title for s in episode.stories if s.title), None)
    if title:
        return f"{dates}: {title}" if dates else title
    return f"{dates or 'Undated'} ({episode.doc_count} document{'' if episode.doc_count == 1 else 's'})"


def menu_labels(episodes: Sequence[Episode]) -> dict[str, str]:
    """`menu_label` of each episode, by id."""
    return {e.id: menu_label(e) for e in episodes}
