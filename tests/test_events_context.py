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
