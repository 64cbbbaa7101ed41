"""Speakers are not the actors of the events they report (events/extract.py, events/arguments.py)."""

from __future__ import annotations

import pytest

from newsledger.analysis import analyze
from newsledger.events.extract import attribute_events
from newsledger.records import Actor, Claim, Event, RawDocument, Span

TEXT = "The Westland ministry said heavy shelling hit Northtown overnight."
MINISTRY = Actor("Westland Ministry of Defence", "agency:wst_mod", "WST", "MIL", text="The Westland ministry")


def _claim(cue="said"):
    content = "heavy shelling hit Northtown overnight"
    return Claim("c", "d", Span("d", 0, len(TEXT), TEXT), MINISTRY, cue, "assert", content)


def _event(actor):
    end = TEXT.index(" overnight")
    return Event("e", ("d",), (Span("d", 0, end, TEXT[:end]),), "ASSAULT", "asserted", actor=actor)


def test_a_speaker_read_as_the_actor_is_dropped_and_reports_the_event():
    [event] = attribute_events([_event(MINISTRY)], [_claim()])
    assert event.actor is None and event.attributed_to == MINISTRY and event.status == "claimed"


def test_a_speaker_who_performs_what_it_announces_stays_the_actor():
    [event] = attribute_events([_event(MINISTRY)], [_claim("announced")])
    assert event.actor == MINISTRY


def test_a_speaker_named_inside_its_content_is_the_subject():
    it = Actor(MINISTRY.name, MINISTRY.id, "WST", "MIL", text="it")
    [event] = attribute_events([_event(it)], [_claim()])
    assert event.actor == it


# (text, the event's words, the speaker's country, the attacker's country or None)
EXAMPLES = [
    ("4 April 2024\n\nFront line\n\nUkraine's military said it came under heavy shelling near Bakhmut.",
     "heavy shelling", None),
    ("4 April 2024\n\nStrikes\n\nUkraine said on Telegram it suffered a massive missile attack on Sunday.",
     "missile attack", None),
    ("4 April 2024\n\nDrones\n\nOvernight, Russian drones attacked energy facilities in the Poltava region, "
     "Ukraine's air force said.", "drones attacked", "RUS"),
    ("9 June 2024\n\nGaza\n\nThe Gaza health ministry said Israeli jets struck a school in Nuseirat.",
     "jets struck", "ISR"),
]


@pytest.mark.parametrize(("text", "words", "attacker"), EXAMPLES)
def test_labelled_examples(resources, text, words, attacker):
    records = analyze(RawDocument(content=text, format="text", source_path="example.txt"), resources)
    event = next(e for e in records.events if words in e.evidence[0].text and e.type == "ASSAULT")
    assert (event.actor.country if event.actor else None) == attacker


def test_a_participle_after_a_verb_of_saying_belongs_to_the_reported_clause(resources):
    text = ("14 September 2022\n\nBorder\n\nAzerbaijani drones struck near the town, the ministry said, "
            "wounding several civilians.")
    events = analyze(RawDocument(content=text, format="text", source_path="a.txt"), resources).events
    assert events and all(e.actor is not None and e.actor.country == "AZE" for e in events if e.type == "ASSAULT")
    assert not any(e.actor and "inistry" in (e.actor.text or e.actor.name) for e in events)
