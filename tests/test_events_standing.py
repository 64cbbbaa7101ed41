"""Whether a trigger stands as an event (events/standing.py), on invented sentences; rules only."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("text", "place"), [
    ("Local sources report new attacks on Kramatorsk overnight.", "Kramatorsk"),
    ("Residents described fresh strikes on Kherson on Sunday.", "Kherson"),
])
def test_force_on_a_named_town_is_an_event_with_no_party_named(events_of, text, place):
    events = [e for e in events_of(text) if e.type == "ASSAULT"]
    assert events and events[0].place is not None and events[0].place.name == place


@pytest.mark.parametrize("text", [
    "Officials discussed the attacks in general terms.",
    "The report looks back on attacks over the past decade.",
])
def test_an_attack_named_with_no_place_struck_is_no_event_alone(events_of, text):
    assert not [e for e in events_of(text) if e.type == "ASSAULT"]
