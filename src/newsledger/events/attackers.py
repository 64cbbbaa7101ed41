"""Attackers from the document's context, when an attack's own clause names only its target.

"The town of X was shelled overnight", "a drone strike hit a market in Y": the clause has no
actor, but the document often says who attacks there. In order, the attacker is:

1. for "the enemy" in a side's words, the belligerent opposite the speaker;
2. the side the document reports attacking the same target elsewhere;
3. the side it reports attacking within `NEAR_KM` of the same place;
4. the belligerent opposite the target's side (its most frequent attacker);
5. the side it reports attacking places or forces of the country the place is in.

Only armed or governing actors count as attackers, and an attack with neither a place in its
clause nor an armed target ("54 soldiers were killed") gets none: nothing ties it to one side.

A step that finds two sides equally often stops the search: the document gives two
candidates and none is invented. An inferred actor is marked (`Event.actor_inferred`) and
lowers the event's confidence by `INFERRED_FACTOR`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace

from ..places.index import distance_km
from ..records import Actor, Event

INFERRED_FACTOR = 0.7
NEAR_KM = 25.0
# Statuses of attacks that took place as reported (not plans, calls, denials or history).
_REPORTED = frozenset({"asserted", "claimed"})
# An interception is the defender's act: the attacker of the area is not its actor.
_DEFENCE_SUB_TYPES = frozenset({"Disrupted weapons use"})
_ARMED_SECTORS = frozenset({"GOV", "MIL", "REB", "OPP"})
_ENEMY = re.compile(r"(?i)\b(?:enemy|enemies|adversary|adversaries|opponent|opponents|foe|foes)\b")


def infer_attackers(events: Sequence[Event], sides: Sequence[Actor]) -> list[Event]:
    """Give attacks whose clause names no attacker the one the document's context gives, marked inferred.

    Args:
        events: the document's events, reporters already removed as actors.
        sides: the document's two belligerents (`parties.belligerents`), or none.

    Returns:
        The events; an attack with no known actor gets the attacker the context names unambiguously.
    """
    attacks = [e for e in events if _attack(e) and _side(e.actor) is not None]
    out = []
    for event in events:
        actor = _from_context(event, attacks, sides) if _open(event) else None
        if actor is None:
            out.append(event)
        else:
            out.append(replace(event, actor=actor, actor_inferred=True,
                               confidence=round(event.confidence * INFERRED_FACTOR, 3)))
    return out


def _attack(event: Event) -> bool:
    return event.type == "ASSAULT" and event.status in _REPORTED and event.acled_sub_type not in _DEFENCE_SUB_TYPES


def _open(event: Event) -> bool:
    """An attack told as having happened (or denied) whose clause names no known attacker."""
    return event.type == "ASSAULT" and event.status in _REPORTED | {"denied"} and (
        event.acled_sub_type not in _DEFENCE_SUB_TYPES) and not _known(event.actor)


def _known(actor: Actor | None) -> bool:
    return actor is not None and bool(actor.country or actor.sector or actor.id)


def _side(actor: Actor | None) -> str | None:
    """The country of an armed or governing actor: whose side a target is on (civilians' country is unsure)."""
    if actor is None or actor.sector not in _ARMED_SECTORS and not (actor.id or "").startswith("state:"):
        return None
    return actor.country


def _named_side(actor: Actor | None) -> str | None:
    """The side of a target whose words name it ('Armenian forces', a ministry), not a count of victims
    ('54 soldiers') whose country the context only guessed."""
    if actor is None or not (actor.id or actor.text and actor.name.casefold() != actor.text.casefold()):
        return None
    return _side(actor)


def _from_context(event: Event, attacks: Sequence[Event], sides: Sequence[Actor]) -> Actor | None:
    target = _named_side(event.target)
    others = [a for a in attacks if a.id != event.id and a.actor is not None and a.actor.country != target]
    if event.actor is not None and _ENEMY.search(event.actor.text or event.actor.name):
        speaker = event.attributed_to.country if event.attributed_to is not None else None
        return _named_as(_opposite(speaker, sides), event.actor)
    steps: tuple[Callable[[Event], bool], ...] = (
        lambda a: target is not None and _named_side(a.target) == target and a.target == event.target,
        lambda a: _near(a, event),
    )
    for same in steps:
        found = _unique([a for a in others if same(a)])
        if found is not None:
            return found or None
    opposite = _opposite(target, sides)
    if opposite is not None:
        return _unique([a for a in others if a.actor is not None and a.actor.country == opposite.country]) or None
    country = event.place.country if event.place is not None else None
    # A state retaking its own ground ("its forces recaptured ten villages") says nothing of who strikes there.
    others = [a for a in others if not (a.acled_sub_type == "Government regains territory" and a.actor is not None
                                        and a.actor.country == country)]
    return _unique([a for a in others if country is not None and country in (
        _named_side(a.target), a.place.country if a.place is not None else None)]) or None


def _unique(attacks: Sequence[Event]) -> Actor | bool | None:
    """The attacker of most of these attacks; False when two sides tie (stop), None when there are none."""
    by_country = Counter(a.actor.country for a in attacks if a.actor is not None and a.actor.country)
    ranked = by_country.most_common(2)
    if not ranked:
        return None
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return False
    country = ranked[0][0]
    actors = Counter(replace(a.actor, text=None) for a in attacks if a.actor is not None and a.actor.country == country)
    return actors.most_common(1)[0][0]


def _near(attack: Event, event: Event) -> bool:
    here, there = event.place, attack.place
    if here is None or there is None:
        return False
    if here.lat is None or here.lon is None or there.lat is None or there.lon is None:
        return here.name == there.name
    return distance_km(here.lat, here.lon, there.lat, there.lon) <= NEAR_KM


def _opposite(country: str | None, sides: Sequence[Actor]) -> Actor | None:
    """The belligerent opposite a side, when the document has two and the country is one of them."""
    if country is None or len(sides) != 2 or country not in {s.country for s in sides}:
        return None
    return next((s for s in sides if s.country != country), None)


def _named_as(actor: Actor | None, words: Actor) -> Actor | None:
    return None if actor is None else replace(actor, text=words.text)
