"""Who acts and who is acted on, as an analyst reads them, once a document's events are found.

Rules that need the whole document rather than one clause (and `attackers`, for attacks whose
clause names only the target):

- a news outlet reports events, it does not take part in them: "the Reuters news agency,
  Azerbaijan, which is fighting Armenian forces" must not make Reuters the attacker;
- a call to "both sides" (the parties, the warring sides) targets both belligerents of the
  document: the two sides its violent events oppose most often;
- de facto authorities and their forces keep their coding (the country whose territory they
  hold) but get the display name an analyst knows them by ("Nagorno-Karabakh forces (de
  facto)", not an actor coded AZE/MIL that reads as Azerbaijan's army): `data/de_facto.tsv`.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import FormatError
from ..lexicon import data_path
from ..records import Actor, Event, stable_id
from .attackers import infer_attackers

# A call or appeal addressed to every side of a conflict at once.
BOTH_SIDES = re.compile(
    r"(?i)\b(?:both|all|the two|the|two)\s+(?:(?:conflicting|warring|opposing|belligerent|rival|fighting)\s+)?"
    r"(?:sides|parties|belligerents|countries|governments)\b"
)
_GENERIC_PARTIES = re.compile(r"(?i)\bthe\s+(?:countries|governments)\b")
_ADDRESSED = frozenset({"REQUEST", "THREATEN", "ACCUSE", "SANCTION", "CONSULT"})
DE_FACTO_COLUMNS = ("entity", "country", "members", "words", "authorities", "forces", "source")


@dataclass(frozen=True)
class DeFacto:
    """A de facto authority: the country its territory is coded under, how texts name it, its display names."""

    entity: str
    country: str
    members: frozenset[str]
    words: re.Pattern[str]
    authorities: str
    forces: str


def load_de_facto(path: Path | None = None) -> tuple[DeFacto, ...]:
    """Read the de facto authorities table (`data/de_facto.tsv` by default)."""
    source = path or data_path("de_facto.tsv")
    try:
        rows = list(csv.DictReader(source.read_text(encoding="utf-8").splitlines(), delimiter="\t",
                                   quoting=csv.QUOTE_NONE))
    except (OSError, UnicodeDecodeError) as exc:
        raise FormatError(f"cannot read data file {source}: {exc}") from exc
    if rows and set(DE_FACTO_COLUMNS) - set(rows[0]):
        raise FormatError(f"{source.name}: expected columns {', '.join(DE_FACTO_COLUMNS)}")
    return tuple(
        DeFacto(r["entity"], r["country"], frozenset(filter(None, r["members"].split("|"))),
                re.compile(r"(?i)\b(?:" + "|".join(map(re.escape, r["words"].split("|"))) + r")\b"),
                r["authorities"], r["forces"])
        for r in rows
    )


def settle_parties(events: Sequence[Event], de_facto: Sequence[DeFacto] = ()) -> list[Event]:
    """Apply the document-wide actor rules to a document's events.

    Args:
        events: the document's events.
        de_facto: the de facto authorities table (`load_de_facto()`).

    Returns:
        The events without reporting outlets as actors, attacks whose clause names no attacker
        with the one the document's context gives (`attackers.infer_attackers`), calls to both
        sides split into one event per belligerent, and de facto actors with their display names.
    """
    unreported = [_without_reporter(e) for e in events]
    sides = belligerents(unreported)
    unreported = infer_attackers(unreported, sides)
    settled: list[Event] = []
    for event in unreported:
        settled.extend(_to_both_sides(event, sides))
    return [_displayed(e, de_facto) for e in settled]


def belligerents(events: Sequence[Event]) -> tuple[Actor, ...]:
    """The two sides the document's violent events oppose most often, each by its most frequent actor."""
    by_side: dict[str, Counter[Actor]] = {}
    for e in events:
        if e.type != "ASSAULT" or e.status == "historical":
            continue
        for actor in (e.actor, e.target):
            if actor is not None and actor.country and actor.sector not in ("CVL", "MED", None):
                by_side.setdefault(actor.country, Counter())[_plain(actor)] += 1
    ranked = sorted(by_side.values(), key=lambda c: -sum(c.values()))
    if len(ranked) < 2:
        return ()
    return tuple(_representative(c) for c in ranked[:2])


def _representative(counts: Counter[Actor]) -> Actor:
    # The government stands for its side when it is named; else the actor named most often.
    governments = [a for a in counts if a.sector == "GOV" and a.id and a.id.startswith("state:")]
    return governments[0] if governments else counts.most_common(1)[0][0]


def _plain(actor: Actor) -> Actor:
    return replace(actor, text=None)


def _without_reporter(event: Event) -> Event:
    if event.actor is not None and event.actor.sector == "MED":
        return replace(event, actor=None)
    return event


def _to_both_sides(event: Event, sides: tuple[Actor, ...]) -> list[Event]:
    if not sides or event.type not in _ADDRESSED or not _calls_on_both(event):
        return [event]
    countries = {a.country for a in sides}
    if event.actor is not None and (event.actor.country in countries or BOTH_SIDES.search(event.actor.name)):
        return [event]  # the sides' own words ("both sides accused the other"): not a mediator's call
    first, second = sides
    return [replace(event, target=first),
            replace(event, id=stable_id("evt", event.id, "both", second.country), target=second)]


def _calls_on_both(event: Event) -> bool:
    for span in event.evidence:
        match = BOTH_SIDES.search(span.text)
        if match and not _GENERIC_PARTIES.fullmatch(match.group(0)):
            return True
    return False


def _displayed(event: Event, de_facto: Sequence[DeFacto]) -> Event:
    actor, target = _display(event.actor, de_facto), _display(event.target, de_facto)
    if actor is event.actor and target is event.target:
        return event
    return replace(event, actor=actor, target=target)


def _display(actor: Actor | None, de_facto: Sequence[DeFacto]) -> Actor | None:
    if actor is None or actor.display:
        return actor
    for entry in de_facto:
        if actor.id == entry.entity:
            return replace(actor, display=entry.authorities)
        if actor.id in entry.members:
            return replace(actor, display=f"{actor.name} (de facto)")
        if actor.id is None and actor.country == entry.country and actor.sector in ("MIL", "REB", "GOV"):
            words = " ".join(filter(None, (actor.name, actor.text)))
            if entry.words.search(words):
                return replace(actor, display=entry.forces if actor.sector != "GOV" else entry.authorities)
    return actor
