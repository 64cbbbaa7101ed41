from pathlib import Path

import pytest

from newsledger.places.events import is_violent, main_theatre, place_events
from newsledger.places.index import distance_km
from newsledger.nlp import AnalyzedDoc, load_pipeline
from newsledger.records import Event, Mention, Place, Span

TEXT = (
    "Rebels shelled Sake on Saturday, killing five civilians.\n\n"
    "Troops fought them in the hills on Sunday. A bomb hit a camp near Goma.\n\n"
    "Five soldiers were killed, the army said.\n\n"
    "Ministers met for talks on the crisis.\n\n"
    "The Caucasus has seen wars before."
)
SAKE = Place("Sake", "COD", -1.574, 29.043, 205970, "exact")
GOMA = Place("Goma", "COD", -1.679, 29.228, 216281, "exact")
CAUCASUS = Place("Caucasus", None, 42.0, 44.5, None, "region")
UNKNOWN = Place("the South Hospital")


@pytest.fixture(scope="module")
def adoc():
    nlp = load_pipeline()
    from newsledger.records import Document

    return AnalyzedDoc(Document(id="d", text=TEXT), nlp(TEXT))


def _span(words):
    start = TEXT.index(words)
    return Span.of("d", TEXT, start, start + len(words))


def _mention(words, place):
    return Mention(f"m{TEXT.index(words)}", "d", _span(words), "place", place=place)


def _event(name, words, type_="ASSAULT", status="asserted", place=None):
    return Event(name, ("d",), (_span(words),), type_, status, place=place)


MENTIONS = (_mention("Sake", SAKE), _mention("Goma", GOMA), _mention("Caucasus", CAUCASUS))


def test_sentence_paragraph_and_theatre_in_that_order(adoc):
    events = [
        _event("own", "Rebels shelled Sake", place=SAKE),
        _event("paragraph", "Troops fought them in the hills"),
        _event("sentence", "A bomb hit a camp"),
        _event("theatre", "Five soldiers were killed"),
        _event("talks", "Ministers met for talks", type_="CONSULT"),
        _event("gazetteer-less", "Rebels shelled Sake", place=UNKNOWN),
    ]
    by = {e.id: e for e in place_events(adoc, MENTIONS, events)}
    assert (by["own"].place, by["own"].place_source, by["own"].geo_precision) == (SAKE, "sentence", 1)
    assert (by["sentence"].place, by["sentence"].place_source) == (GOMA, "sentence")
    # The nearest place of the paragraph, one step less precise.
    assert (by["paragraph"].place, by["paragraph"].place_source, by["paragraph"].geo_precision) == (GOMA, "paragraph", 2)
    # No place in its paragraph: the place of most violent events, as a coarse location.
    assert (by["theatre"].place, by["theatre"].place_source, by["theatre"].geo_precision) == (SAKE, "theatre", 3)
    # Diplomacy keeps only the place its own clause names: talks are not held at the front.
    assert by["talks"].place is None and by["talks"].place_source is None
    assert by["gazetteer-less"].place == SAKE  # an unlocated name gives way to a located one in its sentence


def test_regions_stay_areas_and_plans_get_no_theatre(adoc):
    events = [
        _event("war", "The Caucasus has seen wars", status="historical"),
        _event("vow", "Five soldiers were killed", status="planned"),
        _event("hit", "Rebels shelled Sake", place=SAKE),
    ]
    by = {e.id: e for e in place_events(adoc, MENTIONS, events)}
    assert by["war"].place == CAUCASUS and by["war"].geo_precision == 3  # a region is an area, not a point
    assert by["vow"].place is None


def test_no_theatre_without_places_and_violence_is_assault():
    assert main_theatre([], []) is None
    assert is_violent(Event("e", ("d",), (), "ASSAULT", "asserted"))
    assert not is_violent(Event("e", ("d",), (), "CONSULT", "asserted"))


def test_the_theatre_counts_a_town_and_the_district_it_seats_as_one_point():
    jamrud = Place("Jamrud", "PAK", 34.0, 71.38, 1177662, "exact")
    tehsil = Place("Jamrud tehsil", "PAK", 34.0, 71.38, None, "admin")
    landi = Place("Landi Kotal", "PAK", 34.1, 71.14, 1172451, "exact")
    events = [Event(f"e{i}", ("d",), (), "ASSAULT", "asserted", place=p, acled_type="Battles")
              for i, p in enumerate([tehsil, landi, jamrud, landi])]
    assert main_theatre(events, []) == tehsil  # two of four at its point, named as first told
    # regions and countries are not merged by their points
    north, country = Place("northern Pakistan", "PAK", 30.0, 70.0, None, "region"), Place("Pakistan", "PAK", 30.0,
                                                                                         70.0, None, "country")
    events = [Event(f"e{i}", ("d",), (), "ASSAULT", "asserted", place=p, acled_type="Battles")
              for i, p in enumerate([north, landi, country, landi])]
    assert main_theatre(events, []) == landi


def test_talks_about_a_place_are_not_held_there():
    nlp = load_pipeline()
    from newsledger.records import Document

    text = "Russia offers to host Nagorno-Karabakh peace talks. The leaders met in Moscow for talks."
    adoc = AnalyzedDoc(Document(id="d", text=text), nlp(text))
    karabakh = Place("Nagorno-Karabakh", "AZE", 39.83, 46.77, None, "region")
    moscow = Place("Moscow", "RUS", 55.75, 37.62, 524901, "exact")

    def talks(words, place):
        start = text.index(words)
        return Event(words, ("d",), (Span.of("d", text, start, start + len(words)),), "CONSULT", "asserted",
                     place=place)

    about, held = place_events(adoc, [], [talks("Russia offers to host", karabakh), talks("The leaders met", moscow)])
    assert about.place is None
    assert held.place == moscow and held.place_source == "sentence"


def test_a_place_on_another_continent_is_a_misreading(adoc):
    # "Kanan" read as a town in Japan in a text whose other places are all in Congo.
    stray = Place("Kano", "JPN", 34.49, 135.64, 9288247, "exact")
    bukavu = Place("Bukavu", "COD", -2.51, 28.86, 217831, "exact")
    mentions = (*MENTIONS, _mention("Goma", bukavu))
    events = [_event("own", "Rebels shelled Sake", place=stray), _event("talks", "Ministers met for talks", "CONSULT",
                                                                        place=stray)]
    by = {e.id: e for e in place_events(adoc, mentions, events)}
    assert by["own"].place == SAKE and by["own"].place_source == "sentence"
    assert by["talks"].place == stray  # only events on the ground are checked


CAPITAL_TEXT = (
    "Rebels shelled Sake on Saturday. Drones struck the capital's northern suburbs on Sunday.\n\n"
    "Gunmen attacked a market in the capital, Kinshasa, on Monday. Protesters marched in the capital on Tuesday.\n\n"
    "Ministers met in the capital for talks."
)
KINSHASA = Place("Kinshasa", "COD", -4.322, 15.307, 2314302, "exact")


def _capital_doc(text):
    from newsledger.records import Document

    return AnalyzedDoc(Document(id="d", text=text), load_pipeline()(text))


def _at(words, type_="ASSAULT", place=None):
    start = CAPITAL_TEXT.index(words)
    return Event(words, ("d",), (Span.of("d", CAPITAL_TEXT, start, start + len(words)),), type_, "asserted", place=place)


def test_the_capital_is_the_capital_of_the_country_the_text_is_about():
    sake = Mention("m0", "d", Span.of("d", CAPITAL_TEXT, 15, 19), "place", place=SAKE)
    adoc = _capital_doc(CAPITAL_TEXT)
    events = [_at("Drones struck"), _at("Gunmen attacked a market"), _at("Protesters marched", "PROTEST"),
              _at("Ministers met", "CONSULT"), _at("Rebels shelled Sake", place=Place("DR Congo", "COD", -2.9, 23.6, None, "country"))]
    by = {e.id: e for e in place_events(adoc, [sake], events, {"COD": KINSHASA})}
    # The area of the capital ("its suburbs"), then the city itself ("in the capital").
    assert (by["Drones struck"].place, by["Drones struck"].geo_precision) == (KINSHASA, 2)
    assert (by["Protesters marched"].place, by["Protesters marched"].geo_precision) == (KINSHASA, 1)
    # "the capital, Kinshasa" names it: the rule leaves the sentence to its named place (none indexed here).
    assert by["Gunmen attacked a market"].place_source != "sentence" or by["Gunmen attacked a market"].place != KINSHASA
    # Talks keep only their own clause's place; a country-level place of a clause with no capital gives
    # way to the town of that country its sentence names.
    assert by["Ministers met"].place is None
    assert (by["Rebels shelled Sake"].place, by["Rebels shelled Sake"].place_source) == (SAKE, "sentence")
    # Without the capitals it falls back to the nearest place of its paragraph, as before.
    plain = {e.id: e for e in place_events(adoc, [sake], events)}
    assert (plain["Drones struck"].place, plain["Drones struck"].place_source) == (SAKE, "paragraph")


def test_a_dateline_is_where_the_story_was_filed_not_where_events_happened():
    text = "KHARTOUM (Reuters) - Fighters killed 40 people in a village on Wednesday.\n\nShelling hit Sake."
    adoc = _capital_doc(text)
    khartoum = Place("Khartoum", "SDN", 15.55, 32.53, 379252, "exact")
    mentions = [Mention("m0", "d", Span.of("d", text, 0, 8), "place", place=khartoum),
                Mention("m1", "d", Span.of("d", text, text.index("Sake"), text.index("Sake") + 4), "place", place=SAKE)]
    start = text.index("Fighters killed")
    event = Event("e", ("d",), (Span.of("d", text, start, start + 15),), "ASSAULT", "asserted")
    placed = place_events(adoc, mentions, [event])[0]
    assert placed.place != khartoum


def _analyzed(resources, text):
    from newsledger.analysis import analyze
    from newsledger.records import RawDocument

    return analyze(RawDocument(content=text, format="text", source_path="example.txt"), resources)


def test_the_capital_a_demonym_names_is_that_country_s(resources):
    # The text names Egypt most, but "the Libyan capital" is Libya's.
    text = ("22 February 2024\n\nEgypt watches\n\nEgypt's army was on alert in Egypt and Egypt's envoy said Egypt "
            "would mediate. Fighting between two armed groups erupted overnight in the Libyan capital, residents said.")
    event = next(e for e in _analyzed(resources, text).events if "Fighting" in e.evidence[0].text)
    assert event.place is not None and (event.place.name, event.place.country) == ("Tripoli", "LBY")


def test_the_lead_happened_where_the_headline_says(resources):
    text = ("3 March 2024\n\nTwo soldiers killed in Gwoza ambush\n\nTwo soldiers were killed on Tuesday when "
            "militants opened fire on a patrol, the army said.\n\nIn Maiduguri, police arrested three suspects on "
            "Friday. Later, gunmen burned a church, residents said.")
    records = _analyzed(resources, text)
    assert records.document.title == "Two soldiers killed in Gwoza ambush"  # the date line is not the title
    lead = next(e for e in records.events if "opened fire" in e.evidence[0].text)
    assert (lead.place.name, lead.place_source, lead.geo_precision) == ("Gwoza", "headline", 1)
    # Only the lead: an event of a later paragraph with no place of its own is not the headline's.
    later = [e for e in records.events if "burned" in e.evidence[0].text]
    assert later and all(e.place_source != "headline" for e in later)


def test_a_paragraph_happens_where_it_opens(resources):
    text = ("14 November 2023\n\nFront line\n\nRussian shelling hit Kherson overnight, Ukraine's army said.\n\n"
            "Beryslav, a small river town upstream from Kherson, has come under fire since Russian forces withdrew "
            "to the left bank of the Dnipro. On Monday a drone attacked a car carrying two women.")
    event = next(e for e in _analyzed(resources, text).events if "attacked a car" in e.evidence[0].text)
    assert (event.place.name, event.place_source) == ("Beryslav", "paragraph")


def test_an_event_measured_from_a_town_happened_at_that_distance(resources):
    text = ("10 May 2024\n\nBurkina convoy hit\n\nOn Thursday a roadside bomb hit a supply convoy about 30 km south "
            "of Fada N'Gourma in eastern Burkina Faso, security sources said.")
    event = next(e for e in _analyzed(resources, text).events if e.type == "ASSAULT")
    assert event.place is not None and event.geo_precision == 2 and event.place.name.startswith("30 km south")
    assert 25 < distance_km(12.06, 0.36, event.place.lat, event.place.lon) < 35


@pytest.mark.parametrize(("text", "words", "wrong"), [
    # a dateline the parser hangs on the victims
    ("29 March 2021\n\nDozens killed in insurgent attack\n\nMAPUTO (AFP) - Dozens of people were killed when "
     "insurgents stormed a town in northern Mozambique, in Cabo Delgado province, the government said on Sunday.",
     "killed", "Maputo"),
    # a capital that speaks is no finer place for its sentence
    ("16 November 2023\n\nDrones\n\nKyiv rarely comments on attacks on Russian territory and says the damage is "
     "small compared with Russian strikes on Ukraine.", "strikes on Ukraine", "Kyiv"),
    # where flights were diverted
    ("22 February 2024\n\nClashes in Tripoli\n\nHeavy fighting hit Tripoli overnight.\n\nA mortar shell struck the "
     "parking area of Mitiga airport at about 3 a.m., damaging two aircraft. Flights were diverted to Misrata, about "
     "200 km to the east.", "struck the parking", "Misrata"),
    # a clock's zone
    ("8 February 2024\n\nStrikes in Yemen\n\nAt approximately 4:30 a.m. (Sanaa time) on Feb. 7, US forces "
     "conducted strikes against missiles near the port of Hodeidah.", "strikes", "Sanaa"),
    # a place in a clause that tells what came after
    ("9 October 2020\n\nTalks\n\nArmenian and Azerbaijani officials said heavy clashes continued overnight in "
     "Karabakh, after Putin announced a meeting in Moscow late Thursday.", "clashes continued", "Moscow"),
    # where people fled to
    ("21 January 2025\n\nClashes in Gedo\n\nJubaland troops attacked army positions in Beled Hawo on Monday.\n\n"
     "Residents said the fighting began in the early hours near the police station. Many families fled across the "
     "border into the Kenyan town of Mandera, residents said.",
     "fighting began", "Mandera"),
])
def test_names_that_are_no_place_of_the_event(resources, text, words, wrong):
    event = next(e for e in _analyzed(resources, text).events if words in e.evidence[0].text)
    assert event.place is not None and event.place.name != wrong


@pytest.mark.parametrize(("text", "words", "name"), [
    # a count after a town is not part of its name
    ("14 November 2023\n\nFront line\n\nIn Ukraine's Zaporizhzhia region, Russian artillery shelled Orikhiv 17 "
     "times in the past 24 hours, officials said.", "shelled", "Orikhiv"),
    # a country-wide place gives way to a town of that country the sentence names
    ("10 January 2024\n\nRaids\n\nIn the occupied West Bank, Israeli forces arrested 15 Palestinians in overnight "
     "raids, most of them in Tulkarm, the Palestinian Prisoners' Society said.", "arrested", "Tulkarm"),
    # a deployment happens where the troops were sent
    ("14 February 2024\n\nTroops\n\nOn Wednesday the Ugandan army deployed an additional battalion to Kamwenge "
     "district to reinforce patrols.", "deployed", "Kamwenge district"),
    # a name that describes an actor ("Tripoli-based") places no event
    ("20 August 2023\n\nCalm returns to Zawiya\n\nA fragile calm returned to the city of Zawiya on Sunday.\n\n"
     "Heavy clashes broke out on Friday evening between a group affiliated with the Tripoli-based government and a "
     "rival armed faction, residents said.", "clashes broke out", "Zawiya"),
    # a report files its events under headings that name where they happened
    ("21 May 2025\n\nSouthern Syria Weekly Overview\n\nOverview\n\nProtests went on in Suwayda, in southern "
     "Syria, this week, and Suwayda's council met twice.\n\nDaraa governorate\n\nOn 16 May, unidentified gunmen "
     "shot dead a former commander as he left a mosque.", "shot dead", "Dar'a"),
    # a circumstance told at the same time tells where
    ("30 March 2025\n\nAbductions\n\nSix farmers were abducted on Monday while working in rice fields near "
     "Verrettes, residents said.", "abducted", "Verrettes"),
])
def test_the_event_s_place(resources, text, words, name):
    event = next(e for e in _analyzed(resources, text).events if words in e.evidence[0].text)
    assert event.place is not None and event.place.name == name


@pytest.mark.parametrize("text, trigger, name", [
    # a province gives way to a town the event's own words name near it
    ("Iraq's army said on Wednesday that in Salahuddin, a roadside bomb exploded against an army patrol near "
     "Tuz Khurmatu on Tuesday.", "exploded", "Tuz Khurmatu"),
    # not to a town another clause of its sentence names
    ("Afghanistan's Taliban seized Panjshir in September 2021, three weeks after taking Kabul.", "seized", "Panjshir"),
    # a province that locates a town of the sentence ("X, in the Y province") gives way to it
    ("Burkina Faso's army said that on Friday air strikes neutralised a group of terrorists travelling on "
     "motorbikes about 15 km north of Sebba, in the Yagha province.", "neutralised", "15 km north of Sebba"),
    # but a district does not give way to the town its "of" names: that is the whole it lies in
    ("Azerbaijan's defence ministry said Armenian forces had fired on its positions in the Sadarak district of "
     "Nakhchivan on Thursday evening.", "fired", "Sadarak district"),
])
def test_a_province_gives_way_only_to_a_town_the_event_names_in_it(resources, text, trigger, name):
    records = _analyzed(resources, "3 March 2024\n\nReport\n\n" + text)
    event = next(e for e in records.events if trigger in e.evidence[0].text)
    assert event.place is not None and event.place.name == name


def test_a_village_abroad_is_no_reading_of_a_name_in_a_text_about_another_country(resources):
    # GeoNames' Bagan of 2,000 people is in Russia; the village of Kurram the statement means is not in the gazetteer.
    path = Path(__file__).resolve().parents[1] / "corpora" / "events_when_where" / "dev8" / "109_pakistan_kurram.txt"
    records = _analyzed(resources, path.read_text(encoding="utf-8"))
    assert {e.place.country for e in records.events if e.place is not None} == {"PAK"}
