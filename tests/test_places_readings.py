"""Which place a name stands for where the text itself decides it (places/readings.py)."""

from __future__ import annotations

import pytest

from newsledger.nlp import AnalyzedDoc
from newsledger.places.extract import distance_km, extract_places
from newsledger.records import Document, Place, content_id

TOLERANCE_KM = 25.0


def _places(resources, nlp, text: str) -> dict[str, Place]:
    mentions = extract_places(AnalyzedDoc(Document(content_id(text), text), nlp(text)), resources.places)
    return {m.evidence.text: m.place for m in mentions}


def _near(place, lat: float, lon: float) -> bool:
    return place is not None and place.lat is not None and distance_km(place.lat, place.lon, lat, lon) <= TOLERANCE_KM


@pytest.mark.parametrize(("text", "name", "lat", "lon"), [
    # five Petropavlivkas in Ukraine: the one east of Kupiansk, not the largest
    ("Ukraine's General Staff said its forces repelled Russian assaults near Petropavlivka, east of Kupiansk, on "
     "Tuesday.", "Petropavlivka", 49.72, 37.71),
    # with a distance, within it and some: the town of Dobropillia, not the village beside it
    ("A Russian missile slammed into the center of Dobropillia, about 20 miles north of Pokrovsk, in Ukraine's "
     "Donetsk region.", "Dobropillia", 48.47, 37.09),
])
def test_a_name_told_by_its_bearing_from_a_place_is_the_one_near_it(resources, nlp, text, name, lat, lon):
    assert _near(_places(resources, nlp, text).get(name), lat, lon)
