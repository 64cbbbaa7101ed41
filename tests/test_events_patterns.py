"""Argument patterns (events/patterns.py): what a relative pronoun and an object's preposition name."""

from __future__ import annotations


def _assault(events):
    found = [e for e in events if e.type == "ASSAULT"]
    assert found, [(e.type, e.evidence[0].text) for e in events]
    return found[0]


def test_a_relative_pronoun_stands_for_the_phrase_just_before_it(events_of):
    # the parser hangs "which ..." on "agency"; "which" is Turkey, the phrase just before it
    text = "According to the Anadolu news agency, Turkey, which is fighting Kurdish militants in Syria, has not replied."
    event = _assault(events_of(text))
    assert event.actor is not None and event.actor.country == "TUR"


def test_a_relative_clause_on_its_own_noun_keeps_that_noun(events_of):
    event = _assault(events_of("The rebels, who attacked the town of Goma on Monday, have withdrawn."))
    assert event.actor is not None and "rebels" in event.actor.text


def test_what_an_objects_preposition_names_is_the_target(events_of):
    event = _assault(events_of("Ukrainian troops inflicted heavy losses on Russian forces near Bakhmut on Tuesday."))
    assert (event.actor.country, event.target.country) == ("UKR", "RUS")


def test_a_place_after_the_objects_on_is_where_not_whom(events_of):
    event = _assault(events_of("Gunmen attacked a farming community on the outskirts of Tsafe, killing nine people."))
    assert event.target is not None and "nine people" in event.target.text


def test_shot_dead_read_as_a_noun_and_an_adjective_is_still_a_shooting(events_of):
    # the parser makes "shot" the object of "riding" and "dead" the root: the adjective heads the act
    event = _assault(events_of("Gunmen riding a motorcycle shot dead a teacher in Hajin on Wednesday."))
    assert event.actor is not None and event.actor.text == "Gunmen"
    assert event.evidence[0].text.startswith("Gunmen riding a motorcycle shot dead a teacher")


def test_setting_houses_ablaze_or_alight_is_property_destruction(events_of):
    for text in ("Terrorists set ablaze some fifteen houses in a hamlet last week.",
                 "Gunmen set alight a market on Tuesday.", "Several houses were set on fire in the village."):
        assert _assault(events_of(text)).acled_sub_type == "Looting/property destruction", text
