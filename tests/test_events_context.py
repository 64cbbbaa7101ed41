"""Event places read from the event's clause (events/context.py: event_place) on invented examples."""

from __future__ import annotations

import pytest

from newsledger.analysis import analyze
from newsledger.records import RawDocument

# (text, the event's words, the place it happened at)
EXAMPLES = [
    ("7 May 2024\n\nCrossing seized\n\nIsraeli tanks took control of the Gaza side of the Rafah border crossing on "
     "Tuesday, the military said.", "took control", "Rafah"),
    ("15 May 2024\n\nDrones\n\nOvernight, Russian drones attacked energy facilities in the Poltava region, "
     "Ukraine's air force said.", "drones attacked", "Poltava"),
    ("3 June 2024\n\nSudan\n\nThe army shelled the eastern part of Omdurman on Monday, residents said.",
     "shelled", "Omdurman"),
]


@pytest.mark.parametrize(("text", "words", "place"), EXAMPLES)
def test_the_clause_place_is_the_whole_not_its_part(resources, text, words, place):
    records = analyze(RawDocument(content=text, format="text", source_path="example.txt"), resources)
    event = next(e for e in records.events if words in e.evidence[0].text)
    assert event.place is not None and event.place.name.startswith(place)
