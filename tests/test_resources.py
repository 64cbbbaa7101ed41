"""Resources are passed in: two `Resources` built from different dictionaries give different results."""

from __future__ import annotations

from newsledger.analysis import analyze
from newsledger.lexicon import ActorEntry, Dictionaries
from newsledger.records import RawDocument
from newsledger.resources import Resources

TEXT = "The Zorblax Brigade said its fighters had shelled the outskirts of Kharkiv on Monday, killing 4 soldiers."
BRIGADE = ActorEntry("org:zorblax", "Zorblax Brigade", ("Zorblax",), "UKR", "REB", "org", None, None, None, "test")


def _speakers(resources: Resources) -> set[tuple[str | None, str | None]]:
    records = analyze(RawDocument(content=TEXT, format="text", published="2024-03-01"), resources)
    return {(claim.speaker.id, claim.speaker.country) for claim in records.claims}


def test_two_resources_with_different_dictionaries_differ_in_one_process(resources):
    bundled = resources.dictionaries
    custom = Resources(dictionaries=Dictionaries(bundled.actors + (BRIGADE,), bundled.gazetteer))
    assert ("org:zorblax", "UKR") in _speakers(custom)
    assert ("org:zorblax", "UKR") not in _speakers(resources)
    # Each keeps its own: asking the first again gives its first answer.
    assert ("org:zorblax", "UKR") in _speakers(custom)


def test_dictionaries_index_what_they_hold():
    dictionaries = Dictionaries((BRIGADE,), ())
    assert dictionaries.actors_by_id["org:zorblax"] is BRIGADE
    assert dictionaries.actors_by_name["zorblax"] == (BRIGADE,)
    assert dictionaries.states == {} and dictionaries.places_by_name == {}
