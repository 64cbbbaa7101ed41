"""Attackers inferred from the document's context (events/attackers.py), on invented examples."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsledger.analysis import analyze
from newsledger.events.attackers import INFERRED_FACTOR, infer_attackers
from newsledger.events.parties import belligerents
from newsledger.linking.merge import _combine as combine
from newsledger.records import Actor, Event, Place, RawDocument, Span

EAST = Actor("Eastland", "state:EST", "EST", "GOV")
WEST = Actor("Westland", "state:WST", "WST", "GOV")
EAST_ARMY = Actor("Eastland armed forces", None, "EST", "MIL")
WEST_ARMY = Actor("Westland armed forces", None, "WST", "MIL")
NORTHTOWN = Place("Northtown", "WST", 40.0, 45.0, None, "exact")
NEARBY = Place("Millford", "WST", 40.1, 45.1, None, "exact")  # about 14 km from Northtown
FAR = Place("Southport", "WST", 38.0, 45.0, None, "exact")


def _event(name, actor=None, target=None, place=None, status="asserted", attributed_to=None, sub_type=None):
    text = f"{name} happened"
    return Event(name, ("d",), (Span("d", 0, len(text), text),), "ASSAULT", status, actor=actor, target=target,
                 place=place, attributed_to=attributed_to, acled_sub_type=sub_type, confidence=0.8)


def _inferred(events):
    out = infer_attackers(events, belligerents(events))
    return {e.id: e for e in out}


def test_the_side_that_attacks_the_same_area_is_the_attacker_marked_and_less_sure():
    events = [_event("a", EAST_ARMY, place=NORTHTOWN), _event("b", WEST_ARMY, target=EAST_ARMY, place=FAR),
              _event("c", place=NEARBY)]
    c = _inferred(events)["c"]
    assert c.actor == EAST_ARMY and c.actor_inferred
    assert c.confidence == pytest.approx(0.8 * INFERRED_FACTOR)
    assert not _inferred(events)["a"].actor_inferred


def test_the_side_opposite_the_target_is_the_attacker():
    events = [_event("a", EAST_ARMY, target=WEST_ARMY, place=FAR), _event("b", WEST_ARMY, target=EAST_ARMY),
              _event("c", target=EAST)]
    assert _inferred(events)["c"].actor.country == "WST"


def test_two_candidates_equally_give_no_attacker():
    events = [_event("a", EAST_ARMY, target=WEST_ARMY, place=FAR), _event("b", WEST_ARMY, target=EAST_ARMY, place=FAR),
              _event("c", place=NORTHTOWN)]
    assert _inferred(events)["c"].actor is None
    # Both sides attacked near the place, once each: still no attacker, even though one side is the only
    # other attacker of the document.
    events = [_event("a", EAST_ARMY, place=NORTHTOWN), _event("b", WEST_ARMY, place=NEARBY),
              _event("c", place=NORTHTOWN)]
    assert _inferred(events)["c"].actor is None


def test_the_enemy_in_a_sides_words_is_the_other_side():
    enemy = Actor("enemy", text="the enemy")
    events = [_event("a", EAST_ARMY, target=WEST_ARMY), _event("b", WEST_ARMY, target=EAST_ARMY),
              _event("c", enemy, target=WEST_ARMY, status="claimed", attributed_to=WEST_ARMY)]
    c = _inferred(events)["c"]
    assert c.actor.country == "EST" and c.actor.text == "the enemy" and c.actor_inferred


def test_interceptions_plans_and_named_attackers_are_left_alone():
    events = [_event("a", EAST_ARMY, place=NORTHTOWN), _event("b", place=NORTHTOWN, sub_type="Disrupted weapons use"),
              _event("c", place=NORTHTOWN, status="planned"), _event("d", WEST_ARMY, place=NORTHTOWN)]
    inferred = _inferred(events[:3])
    assert inferred["b"].actor is None and inferred["c"].actor is None
    assert _inferred(events)["d"].actor == WEST_ARMY


def test_a_state_retaking_its_own_ground_names_no_attacker_there():
    far_home = Place("Easton", "EST", 30.0, 30.0, None, "exact")
    home = Place("Eastbury", "EST", 31.0, 31.0, None, "exact")
    events = [_event("a", EAST_ARMY, place=far_home, sub_type="Government regains territory"), _event("b", place=home)]
    assert _inferred(events)["b"].actor is None
    # its other acts at home still count (a civil war's state forces strike at home)
    events[0] = _event("a", EAST_ARMY, place=far_home, sub_type="Air/drone strike")
    assert _inferred(events)["b"].actor == EAST_ARMY


# Labelled examples, invented or paraphrased, in several outlets' styles: (text, the sentence's words, the
# attacker's country or None when the document gives two candidates equally).
EXAMPLES = [
    ("10 October 2022\n\nStrikes across Ukraine\n\nRussian forces fired dozens of missiles at Ukrainian cities on "
     "Monday, officials said.\n\nThe town of Zaporizhzhia was shelled overnight, the regional governor said.",
     "Zaporizhzhia was shelled", "RUS"),
    ("2 March 2024\n\nSudan: RSF attacks continue\n\nThe RSF shelled El Fasher on Friday, killing five civilians, "
     "residents said.\n\nOn Saturday, a drone strike hit a market in El Fasher, killing three people, "
     "according to a local monitor.", "strike hit a market", "SDN"),
    ("5 October 2020\n\nFighting rages\n\nAzerbaijani forces shelled Stepanakert on Sunday, Armenian officials "
     "said.\n\nArmenian forces fired rockets at Ganja, Azerbaijan said.\n\nThe town of Martuni was shelled "
     "overnight.", "Martuni was shelled", None),
]


@pytest.mark.parametrize(("text", "words", "country"), EXAMPLES)
def test_labelled_examples(resources, text, words, country):
    records = analyze(RawDocument(content=text, format="text", source_path="example.txt"), resources)
    event = next(e for e in records.events if words in e.evidence[0].text)
    if country is None:
        assert event.actor is None
    else:
        assert event.actor is not None and event.actor.country == country and event.actor_inferred


def test_a_named_attacker_beats_an_inferred_one_when_reports_merge():
    guessed = replace(_event("a", EAST_ARMY, place=NORTHTOWN), actor_inferred=True)
    named = _event("b", WEST_ARMY, place=NORTHTOWN)
    assert combine(guessed, named).actor == WEST_ARMY and not combine(guessed, named).actor_inferred
    assert combine(named, guessed).actor == WEST_ARMY
    assert combine(guessed, _event("c", place=NORTHTOWN)).actor_inferred
