"""Event places read from the event's own clause (events/where.py) on invented examples."""

from __future__ import annotations

import pytest

from newsledger.analysis import analyze
from newsledger.places.index import distance_km
from newsledger.records import RawDocument

# (text, the event's words, the place it happened at: its name, or its point)
EXAMPLES = [
    ("7 May 2024\n\nCrossing seized\n\nIsraeli tanks took control of the Gaza side of the Rafah border crossing on "
     "Tuesday, the military said.", "took control", "Rafah"),
    ("15 May 2024\n\nDrones\n\nOvernight, Russian drones attacked energy facilities in the Poltava region, "
     "Ukraine's air force said.", "drones attacked", "Poltava"),
    ("3 June 2024\n\nSudan\n\nThe army shelled the eastern part of Omdurman on Monday, residents said.",
     "shelled", "Omdurman"),
    # a target measured from a town: the point read from it, not the region the verb's phrase names
    ("1 October 2024\n\nMali army communique\n\nOn Monday, FAMa aerial vectors conducted strikes against a terrorist "
     "hideout about 20 km north of Anderamboukane, in the Menaka region.", "conducted strikes", "20 km north of"),
    # a name joined by an article is read whole: "Tal" alone is At Tall in Syria
    # a part of a town lies in it: Kyivskyi district of Poltava oblast is no part of Kharkiv
    ("4 March 2024\n\nKharkiv\n\nA Russian drone hit a bus in Kharkiv's Kyivskyi district on Monday, the governor "
     "said.", "drone hit", (49.98, 36.25)),
    # the clause's name is read where the text placed it: the Petropavlivka east of Kupiansk (lat 49.72)
    ("15 January 2025\n\nKharkiv oblast\n\nUkrainian forces repelled Russian assaults near Petropavlivka, east of "
     "Kupiansk, on Tuesday, the General Staff said.", "assaults", (49.72, 37.71)),
    # a coordinated act that names no place happened where the act before it did
    ("4 March 2024\n\nBurkina Faso\n\nGunmen stopped a bus near Kaya and abducted 14 passengers on Monday, "
     "residents said.", "abducted", "Kaya"),
    ("9 January 2024\n\nGaza\n\nRafah, on the border with Egypt, shelters a million people. Overnight, seven members "
     "of one family were killed when an Israeli airstrike hit their home in the Tal al-Sultan neighbourhood, medics "
     "said.", "killed", "Rafah"),
]


@pytest.mark.parametrize(("text", "words", "place"), EXAMPLES)
def test_the_clause_place_is_the_whole_not_its_part(resources, text, words, place):
    records = analyze(RawDocument(content=text, format="text", source_path="example.txt"), resources)
    event = next(e for e in records.events if words in e.evidence[0].text)
    assert event.place is not None
    if isinstance(place, str):
        assert event.place.name.startswith(place)
    else:  # where the name's reading lies
        assert event.place.lat is not None and distance_km(event.place.lat, event.place.lon, *place) <= 25


# (text, the event's words, the finer place, the coarser place the same clause names)
FINER = [
    ("3 March 2024\n\nShelling\n\nRussian forces shelled Kupiansk in northeastern Ukraine on Monday, officials said.",
     "shelled", "Kupyansk", "Ukraine"),
    ("14 September 2022\n\nBorder\n\nShelling also hit the village of Sotk, in Armenia's Gegharkunik province, "
     "setting homes on fire.", "Shelling", "Sotk", "Gegharkunik"),
    ("3 March 2024\n\nAmbush\n\nMilitants ambushed a convoy near Damboa in Borno state on Sunday.",
     "ambushed", "Damboa", "Borno"),
    # a place as fine as the object's, but where the fire came from
    ("14 November 2023\n\nNikopol\n\nAcross the Kakhovka reservoir, Russian forces shelled Nikopol on Sunday.",
     "shelled", "Nikopol", "Kakhovka"),
    # a division named before "local government area" (the parser's nominal modifier) is inside the state its
    # "of" names: the whole does not come first, as for "the Gaza side of the Rafah crossing"
    ("3 March 2024\n\nKaduna\n\nGunmen stormed Maro village in Kajuru local government area of Kaduna state on "
     "Saturday, police said.", "stormed", "Kajuru", "Kaduna"),
    # a named district is read whole, though the entity recogniser takes "Imam Sahib" for an organisation
    ("8 March 2024\n\nKunduz\n\nA bomb exploded in Imam Sahib district of Kunduz province on Friday, police said.",
     "exploded", "Imam Sahib district", "Kunduz province"),
    # of two places the clause's phrases name, the finer one
    ("22 April 2024\n\nClash\n\nIn Sultan Kudarat province, troops encountered rebels in the hinterlands of "
     "Palimbang on Sunday, the army said.", "encountered", "Palimbang", "Sultan Kudarat province"),
]


@pytest.mark.parametrize(("text", "words", "finer", "coarser"), FINER)
def test_the_object_town_wins_over_the_province_or_country_it_lies_in(resources, text, words, finer, coarser):
    records = analyze(RawDocument(content=text, format="text", source_path="example.txt"), resources)
    event = next(e for e in records.events if words in e.evidence[0].text)
    assert event.place is not None and event.place.name == finer != coarser


def test_an_unknown_district_gives_way_to_what_its_of_names(resources):
    text = ("8 March 2024\n\nKandahar\n\nGunmen attacked a checkpoint in Zzyzx district of Kandahar province on Friday, "
            "police said.")
    records = analyze(RawDocument(content=text, format="text", source_path="example.txt"), resources)
    event = next(e for e in records.events if "attacked" in e.evidence[0].text)
    assert event.place is not None and event.place.name.startswith("Kandahar")
