"""Arguments of a trigger (events/arguments.py) on invented examples: whose act a claimed noun of force is."""

from __future__ import annotations


def _assaults(events):
    return [e for e in events if e.type == "ASSAULT"]


def test_a_claimed_noun_of_force_is_the_claimant_s_act(events_of):
    (raids,) = _assaults(events_of("The NRF claimed a series of night raids on Taliban posts in April."))
    assert raids.actor is not None and raids.actor.text == "The NRF"
    (bombing,) = _assaults(events_of("The group claimed the bombing of a police station in Quetta."))
    assert bombing.actor is not None and bombing.actor.text == "The group"


def test_a_claim_nobody_makes_names_no_actor(events_of):
    for text in ("No group has claimed the attack on the market.", "The army did not claim the strike on the bridge."):
        assert all(e.actor is None or e.actor.text not in ("No group", "The army") for e in _assaults(events_of(text)))
