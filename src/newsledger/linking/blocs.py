"""The belligerent blocs of an episode: whose people a victim side is, for tallies.

The sides of an episode are its belligerent blocs (Armenia with the Karabakh authorities
against Azerbaijan). They come first from the curated `data/conflicts.tsv`: the conflict whose
members the episode's figures, reporters and events name most, within its dates; where the file
knows no such conflict, from who fights whom in the episode's events (the commonest pair of
countries or armed groups of assault and coercion events), one bloc per party.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

from ..errors import FormatError
from ..lexicon import ActorEntry, load_actors
from ..records import Actor, Event, Figure

CONFLICTS_FILE = "conflicts.tsv"
_FIGHTING = frozenset({"ASSAULT", "COERCE", "THREATEN", "MOBILIZE"})


@dataclass(frozen=True)
class Member:
    """One row of the conflicts file."""

    conflict: str
    bloc: str
    member: str
    lead: bool
    start: str | None
    end: str | None


@dataclass(frozen=True)
class Blocs:
    """The blocs of one episode: which bloc each member belongs to, and the actor naming each bloc."""

    conflict: str | None
    of_member: Mapping[str, str]
    lead: Mapping[str, Actor]

    def bloc_of(self, actor: Actor | None) -> str | None:
        """The bloc an actor belongs to: by its id first, then by its country."""
        if actor is None:
            return None
        for key in (actor.id, f"name:{actor.name.casefold()}", actor.country):
            if key and key in self.of_member:
                return self.of_member[key]
        return None


NO_BLOCS = Blocs(None, {}, {})


@dataclass(frozen=True)
class ConflictTable:
    """The conflicts file and the actor dictionary entries its members name: read once per link."""

    members: tuple[Member, ...]
    actors: Mapping[str, ActorEntry]


def load_conflict_table() -> ConflictTable:
    """The bundled conflicts file with the actor dictionary (`lexicon.load_actors`)."""
    return ConflictTable(load_conflicts(), {a.id: a for a in load_actors()})


def load_conflicts() -> tuple[Member, ...]:
    """Read `data/conflicts.tsv`."""
    text = resources.files("newsledger").joinpath("data", CONFLICTS_FILE).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    rows = []
    for n, row in enumerate(csv.DictReader(lines, delimiter="\t"), start=2):
        if not row.get("conflict") or not row.get("bloc") or not row.get("member") or not row.get("source"):
            raise FormatError(f"{CONFLICTS_FILE}: row {n} lacks conflict, bloc, member or source")
        rows.append(Member(row["conflict"], row["bloc"], row["member"], row.get("lead") == "yes",
                           row.get("start") or None, row.get("end") or None))
    return tuple(rows)


def episode_blocs(figures: Sequence[Figure], events: Sequence[Event], when: str | None,
                  conflicts: ConflictTable | None = None) -> Blocs:
    """The blocs of one episode from the conflicts file, else from its events.

    Args:
        figures: the episode's figures (their sides and reporters name the parties).
        events: the episode's events.
        when: a date of the episode (YYYY-MM-DD), to pick a conflict running then; None = any.
        conflicts: the conflict table (`load_conflict_table`); read here when None.
    """
    named = Counter(_keys([*(f.side for f in figures), *(f.attributed_to for f in figures),
                           *(e.actor for e in events), *(e.target for e in events)]))
    table = load_conflict_table() if conflicts is None else conflicts
    rows = table.members
    scores: Counter[str] = Counter()
    for row in rows:
        if _running(row, when):
            scores[row.conflict] += named.get(row.member, 0)
    if scores and scores.most_common(1)[0][1] > 0:
        best = max(scores, key=lambda c: (scores[c], c))
        members = [r for r in rows if r.conflict == best]
        return Blocs(best, {r.member: r.bloc for r in members}, _leads(members, table.actors))
    return _from_events(events)


def _running(row: Member, when: str | None) -> bool:
    if when is None:
        return True
    return (row.start is None or row.start <= when) and (row.end is None or when <= row.end)


def _keys(actors: Iterable[Actor | None]) -> Iterable[str]:
    for actor in actors:
        if actor is not None:
            yield from {k for k in (actor.id, f"name:{actor.name.casefold()}", actor.country) if k}


def _leads(members: Sequence[Member], by_id: Mapping[str, ActorEntry]) -> dict[str, Actor]:
    leads: dict[str, Actor] = {}
    for row in sorted(members, key=lambda r: not r.lead):
        entry = by_id.get(row.member) or by_id.get(f"state:{row.member}")
        if row.bloc not in leads and entry is not None:
            leads[row.bloc] = entry.to_actor()
    return leads


def _from_events(events: Sequence[Event]) -> Blocs:
    """Who fights whom: the commonest pair of parties of the episode's fighting events."""
    pairs: Counter[tuple[str, str]] = Counter()
    actors: dict[str, Actor] = {}
    for event in events:
        if event.type not in _FIGHTING or event.actor is None or event.target is None:
            continue
        a, b = _party(event.actor), _party(event.target)
        if a and b and a != b:
            pairs[(min(a, b), max(a, b))] += 1
            actors.setdefault(a, event.actor)
            actors.setdefault(b, event.target)
    if not pairs:
        return NO_BLOCS
    first, second = max(pairs, key=lambda p: (pairs[p], p))
    return Blocs(None, {first: first, second: second}, {first: actors[first], second: actors[second]})


def _party(actor: Actor) -> str | None:
    """A party to fighting: a state by its country, an armed group by its id."""
    if actor.sector == "REB" and actor.id:
        return actor.id
    return actor.country or actor.id
