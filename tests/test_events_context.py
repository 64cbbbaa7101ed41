"""Statuses and actors read from the event's clause and document (events/context.py) on invented examples."""

from __future__ import annotations

import pytest

from newsledger.analysis import analyze
from newsledger.records import RawDocument


@pytest.mark.parametrize("text", [
    "4 March 2024\n\nLooting\n\nThe rebels withdrew from Beni on Monday after looting the central market.",
    "4 March 2024\n\nLooting\n\nAfter looting the central market, the rebels withdrew from Beni on Monday.",
])
def test_a_gerund_after_after_tells_an_act_of_the_clause_s_subject(resources, text):
    records = analyze(RawDocument(content=text, format="text", source_path="example.txt"), resources)
    event = next(e for e in records.events if "looting" in e.evidence[0].text)
    assert event.status == "asserted" and event.actor is not None and "rebels" in event.actor.text


def test_a_gerund_after_before_tells_no_act_alone(events_of):
    events = events_of("The militants were arrested before attacking the base.")
    assert not [e for e in events if e.type == "ASSAULT"]


def test_an_opening_they_is_the_body_the_sentence_before_had_as_its_subject(events_of):
    text = ("Fighting between Armenia and Azerbaijan continued on Wednesday. The Azerbaijani Defence Ministry "
            "reported that its operations were progressing. They claimed to have destroyed tanks and artillery.")
    destroyed = [e for e in events_of(text) if e.type == "ASSAULT" and "destroyed" in e.evidence[0].text]
    assert [e.actor.country for e in destroyed] == ["AZE"]


def test_they_after_two_subjects_is_both(events_of):
    text = "Armenia and Azerbaijan fought a war in the 1990s. They agreed to a ceasefire in 1994."
    assert {e.actor.country for e in events_of(text) if e.type == "AGREE"} == {"ARM", "AZE"}


@pytest.mark.parametrize(("text", "words"), [
    ("Russia offered to host talks. Foreign Minister Sergei Lavrov made the offer in calls to both governments, "
     "his office said, adding that he had urged a halt to the fighting.", "urged"),
    ("Russia offered to host talks. On Wednesday, Mr Lavrov's office said he had called the foreign ministers of "
     "Armenia and Azerbaijan.", "called"),
])
def test_he_whom_an_office_quotes_is_the_person_it_speaks_for_not_the_office(events_of, text, words):
    events = [e for e in events_of(text) if words in e.evidence[0].text]
    assert events and all(e.actor is not None and e.actor.name == "Sergei Lavrov" for e in events)


def test_a_they_or_them_inside_a_sentence_stands_for_the_plural_noun_before_it(events_of):
    text = ("Bandits killed seven farmers in Faskari on Sunday.\n\n"
            "Police in Funtua said they arrested four suspected informants of bandits on Monday.")
    (arrest,) = [e for e in events_of(text) if e.type == "COERCE"]
    assert "Police" in arrest.actor.name
    # not the parties of the document: the farmers the drone targeted
    text = ("Russian warplanes carried out three airstrikes near Darat Izza on Monday.\n\n"
            "On Monday, a drone hit a car carrying farmers near Taftanaz, seriously injuring one of them.")
    (injuring,) = [e for e in events_of(text) if "injuring" in e.evidence[0].text]
    assert "farmers" in injuring.target.name


def test_both_sides_are_still_the_document_s_parties(events_of):
    text = ("Armenia and Azerbaijan held talks in Moscow on Friday. The mediators met both sides "
            "and urged them to respect the ceasefire.")
    (call,) = [e for e in events_of(text) if e.type == "REQUEST"]
    assert call.target is not None and call.target.country in ("ARM", "AZE")


def test_the_infinitive_of_a_finite_use_tells_the_act(events_of):
    events = events_of("On 9 November, a resistance unit used drones to attack a police station in Gangaw.")
    (attack,) = [e for e in events if e.type == "ASSAULT"]
    assert "unit" in attack.actor.text and attack.mode == "drone"
    for text in ("The sanctions target firms that make drones used by Russia to strike the power grid.",
                 "The strike hit aircraft used to launch cruise missiles."):
        assert not [e for e in events_of(text) if e.type == "ASSAULT" and "launch" in e.evidence[0].text
                    or e.type == "ASSAULT" and "strike the power grid" in e.evidence[0].text]
