"""Places: finding place names, choosing between places of one name, precision, and no false places."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newsledger.errors import FormatError
from newsledger.lexicon import data_path
from newsledger.nlp import AnalyzedDoc
from newsledger.places.extract import (
    EXTRACT_COLUMNS,
    EXTRACT_FILE,
    distance_km,
    document_context,
    extract_places,
    load_place_index,
    place_key,
    resolve_place,
)
from newsledger.records import Document, Place, content_id, stable_id

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "seed-gold-public.json"
SEEDS = ROOT / "examples" / "karabakh"
TOLERANCE_KM = 25.0


@pytest.fixture(scope="module")
def nlp(resources):
    return resources.nlp


def _adoc(nlp, text: str) -> AnalyzedDoc:
    return AnalyzedDoc(Document(content_id(text), text), nlp(text))


def _places(resources, nlp, text: str) -> dict[str, Place]:
    """Map each mention's words to its place (the last one where words repeat)."""
    return {m.evidence.text: m.place for m in extract_places(_adoc(nlp, text), resources.places)}


def _near(place: Place | None, lat: float, lon: float) -> bool:
    return place is not None and place.lat is not None and distance_km(place.lat, place.lon, lat, lon) <= TOLERANCE_KM


def test_gold_places_of_the_seeds_resolve_within_25_km(resources, nlp):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["docs"]
    for doc in gold.values():
        mentions = extract_places(_adoc(nlp, (SEEDS / doc["file"]).read_text(encoding="utf-8")), resources.places)
        for name, lat, lon in doc["places"]:
            named = [m.place for m in mentions if name.lower() in (m.place.name.lower(), m.evidence.text.lower())]
            assert any(_near(p, lat, lon) for p in named), (doc["file"], name, named)


def test_seed_articles_name_only_real_places(resources, nlp):
    allowed = {
        "Nagorno-Karabakh", "Armenia", "Azerbaijan", "Russia", "France", "United States", "Turkey", "Ankara",
        "Baku", "Stepanakert", "Caucasus", "Tonashen", "Martakert", "northern Syria", "Syria", "Libya",
        "Moscow", "Tehran", "Geneva", "Yerevan", "Sweden", "Hadrut", "Ukraine", "Vienna",
    }
    for path in sorted(SEEDS.glob("*.txt")):
        names = {m.place.name for m in extract_places(_adoc(nlp, path.read_text(encoding="utf-8")), resources.places)}
        assert names <= allowed, (path.name, names - allowed)
        assert "Minsk" not in names


def test_town_of_phrase_gives_the_town_without_the_phrase(resources, nlp):
    found = _places(resources, nlp, "Troops captured him in the small community of Jesus Maria, in Sinaloa.")
    assert found["Jesus Maria"].country == "MEX"
    found = _places(resources, nlp, "Shelling hit the town of Martakert and the village of Tonashen overnight.")
    assert _near(found["Martakert"], 40.2167, 46.8167) and found["Martakert"].precision == "exact"
    assert _near(found["Tonashen"], 40.303, 46.691)


def test_nagorno_karabakh_is_a_region(resources, nlp):
    found = _places(resources, nlp, "Fighting resumed in Nagorno-Karabakh on Sunday.")
    karabakh = found["Nagorno-Karabakh"]
    assert (karabakh.precision, karabakh.country) == ("region", "AZE") and _near(karabakh, 39.83, 46.77)


def test_provinces_news_names_alone_resolve_to_the_province(resources, nlp):
    found = _places(resources, nlp, "Gunmen killed 12 farmers in Borno state, and fighting spread in North Kivu.")
    assert (found["Borno"].country, found["Borno"].precision) == ("NGA", "admin") and _near(found["Borno"], 11.66, 13.19)
    assert found["North Kivu"].country == "COD"


def test_a_town_s_other_name_does_not_take_a_province_s_name(resources, nlp):
    # GeoNames gives Santa Fe de Antioquia the alternate name "Antioquia"; news means the department
    found = _places(resources, nlp, "Colombia's army said fighting in Antioquia and Jalisco's cartels worry Mexico.")
    assert (found["Antioquia"].country, found["Antioquia"].precision) == ("COL", "admin")
    assert (found["Jalisco"].country, found["Jalisco"].precision) == ("MEX", "admin")
    # the division's capital keeps the name: "Raqqa" is the city
    assert _places(resources, nlp, "Strikes hit Raqqa in Syria on Monday.")["Raqqa"].precision == "exact"


def test_seas_and_lakes_are_areas_without_a_country(resources, nlp):
    found = _places(resources, nlp, "Houthi rebels fired a missile at a vessel in the Red Sea, the US military said.")
    sea = found["Red Sea"]
    assert (sea.precision, sea.country) == ("region", None) and _near(sea, 20.28, 38.51)


@pytest.mark.parametrize(
    ("text", "name", "lat", "lon"),
    [
        ("Russian forces shelled Bakhmut and Avdiivka overnight, Ukrainian officials said.", "Bakhmut", 48.594, 37.999),
        ("Russian forces shelled Bakhmut and Avdiivka overnight, Ukrainian officials said.", "Avdiivka", 48.140, 37.750),
        ("Missiles struck Kharkiv, Ukraine's second city, on Friday.", "Kharkiv", 49.982, 36.255),
        ("Israeli strikes on Khan Younis and Rafah killed dozens, Gaza's health ministry said.", "Khan Younis",
         31.340, 34.306),
        ("Israeli strikes on Khan Younis and Rafah killed dozens, Gaza's health ministry said.", "Rafah", 31.297, 34.244),
        ("The RSF besieged El Fasher as fighting spread to Omdurman, across the Nile from Khartoum.", "El Fasher",
         13.628, 25.349),
        ("The RSF besieged El Fasher as fighting spread to Omdurman, across the Nile from Khartoum.", "Omdurman",
         15.645, 32.478),
        ("Government jets bombed Idlib and rebel-held districts of Aleppo, Syrian activists said.", "Idlib",
         35.931, 36.634),
        ("Government jets bombed Idlib and rebel-held districts of Aleppo, Syrian activists said.", "Aleppo",
         36.201, 37.161),
    ],
)
def test_towns_of_other_wars_resolve(resources, nlp, text, name, lat, lon):
    place = _places(resources, nlp, text).get(name)
    assert _near(place, lat, lon), place
    assert place.precision == "exact"


def test_rafah_in_gaza_not_in_egypt(resources, nlp):
    assert _places(resources, nlp, "Israeli strikes on Khan Younis and Rafah killed dozens.")["Rafah"].country == "PSE"


def test_paris_texas_and_paris(resources, nlp):
    texas = _places(resources, nlp, "She grew up in Paris, Texas, before moving to Dallas.")
    assert texas["Paris"].country == "USA" and _near(texas["Paris"], 33.661, -95.556)
    assert (texas["Texas"].country, texas["Texas"].precision) == ("USA", "admin")
    assert _places(resources, nlp, "Macron hosted the talks in Paris on Monday.")["Paris"].country == "FRA"


def test_georgia_the_country_or_the_us_state_by_context(resources, nlp):
    state = _places(resources, nlp, "Protesters gathered in Atlanta, Georgia, on Saturday.")["Georgia"]
    assert (state.country, state.precision) == ("USA", "admin")
    country = _places(resources, nlp, "Russian troops remain in Abkhazia, and Georgia has protested to Moscow.")["Georgia"]
    assert (country.country, country.precision) == ("GEO", "country")


def test_tripoli_in_lebanon_or_libya_by_context(resources, nlp):
    lebanon = "Lebanese troops deployed in Tripoli after clashes; Beirut called for calm."
    libya = "Forces loyal to the government in Tripoli pushed towards Sirte, the Libyan army said."
    assert _places(resources, nlp, lebanon)["Tripoli"].country == "LBN"
    assert _places(resources, nlp, libya)["Tripoli"].country == "LBY"
    assert _places(resources, nlp, "Clashes erupted in Tripoli, Lebanon's second city.")["Tripoli"].country == "LBN"


def test_common_words_and_headings_are_not_places(resources, nlp):
    text = "Young volunteers help to keep weapons near the front.\nRead More\nMounting civilian toll\nNice work, he said."
    assert _places(resources, nlp, text) == {}


def test_english_word_place_names_need_a_proper_noun_reading(resources, nlp):
    found = _places(resources, nlp, "A truck bomb exploded in Nice, France, and another in Split.")
    assert found["Nice"].country == "FRA" and found["Split"].country == "HRV"


def test_minsk_group_and_minsk_process_are_not_minsk(resources, nlp):
    text = "The Minsk Group co-chairs met in Vienna; the Minsk process has stalled and the Minsk agreements failed."
    assert set(_places(resources, nlp, text)) == {"Vienna"}


def test_demonyms_are_not_places(resources, nlp):
    assert _places(resources, nlp, "Turkish and Armenian officials traded accusations.") == {}


def test_surnames_and_titled_people_are_not_places(resources, nlp):
    text = "Analyst Sarah Lincoln said the truce was fragile. Lincoln added that Ms Paris agreed, in Kyiv."
    assert set(_places(resources, nlp, text)) == {"Kyiv"}


def test_directions_and_administrative_words_change_precision(resources, nlp):
    found = _places(resources, nlp, "Airstrikes in northern Gaza continued; shelling hit the Donetsk region and Zaporizhzhia oblast.")
    assert (found["northern Gaza"].precision, found["northern Gaza"].country) == ("region", "PSE")
    assert (found["Donetsk region"].precision, found["Donetsk region"].geonameid) == ("admin", None)
    assert found["Zaporizhzhia oblast"].precision == "admin" and _near(found["Zaporizhzhia oblast"], 47.85, 35.12)


def test_unknown_village_in_a_phrase_is_a_place_without_coordinates(resources, nlp):
    place = _places(resources, nlp, "Troops entered the village of Qorvantash at dawn.")["Qorvantash"]
    assert place.lat is None and place.name == "Qorvantash"


def test_mentions_carry_valid_spans_and_stable_ids(resources, nlp):
    text = "Azerbaijan said it shelled Stepanakert, the capital of Nagorno-Karabakh."
    adoc = _adoc(nlp, text)
    mentions = extract_places(adoc, resources.places)
    assert [m.evidence.text for m in mentions] == ["Azerbaijan", "Stepanakert", "Nagorno-Karabakh"]
    for m in mentions:
        assert m.kind == "place" and text[m.evidence.start:m.evidence.end] == m.evidence.text
        assert m.id == stable_id("men", adoc.document.id, m.evidence.start, m.evidence.end)
    assert extract_places(adoc, resources.places) == mentions


def test_resolve_place_reads_names_phrases_and_qualifiers(resources):
    assert _near(resolve_place("Martakert", resources.places), 40.2167, 46.8167)
    assert resolve_place("the town of Hadrut", resources.places).precision == "exact"
    assert resolve_place("Nagorno-Karabakh", resources.places).precision == "region"
    assert resolve_place("Paris, Texas", resources.places).country == "USA"
    assert resolve_place("Donetsk region", resources.places).precision == "admin"
    assert resolve_place("Khankendi", resources.places).name == "Stepanakert"


@pytest.mark.parametrize("text", ["mounting", "young", "Young", "Mounting", "Split", "Read More", "", "the"])
def test_resolve_place_refuses_words(resources, text):
    assert resolve_place(text, resources.places) is None


def test_resolve_place_uses_the_document(resources, nlp):
    adoc = _adoc(nlp, "Lebanese troops deployed in Tripoli after clashes; Beirut called for calm.")
    assert resolve_place("Tripoli", resources.places, adoc).country == "LBN"
    assert resolve_place("Tripoli", resources.places).country == "LBY"
    nice = _adoc(nlp, "A truck bomb exploded in Split on Sunday.")
    assert resolve_place("Split", resources.places, nice).country == "HRV"


def test_place_key_folds_spelling_variants():
    assert place_key("Khān Yūnis") == place_key("Khan Yunis") == "khan yunis"
    assert place_key("Nagorno–Karabakh") == place_key("Nagorno-Karabakh") == place_key("nagorno karabakh")
    assert place_key("Lebanon’s") == place_key("the Lebanon") == "lebanon"


def test_curated_rows_win_over_the_extract():
    index = load_place_index()
    stepanakert = index.lookup("khankendi")
    assert len(stepanakert) == 1 and stepanakert[0].id == "place:stepanakert"
    assert index.lookup("tripoli")[0].id == "place:tripoli"


def test_extract_is_compact_and_well_formed():
    path = data_path(EXTRACT_FILE)
    assert path.stat().st_size < 5_000_000
    lines = gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()
    assert tuple(lines[0].split("\t")) == EXTRACT_COLUMNS and len(lines) > 40_000
    rows = [dict(zip(EXTRACT_COLUMNS, line.split("\t"), strict=True)) for line in lines[1:]]
    assert all(len(r["country"]) == 3 and r["country"].isupper() for r in rows)
    assert all(r["alternates"].isascii() for r in rows)
    small = {r["name"] for r in rows if int(r["population"]) < 15000 and r["country"] == "UKR"}
    assert "Krasnohorivka" in small


def test_second_level_divisions_of_conflict_countries_are_in_the_extract(resources):
    # a district no town is named after ("Agatu local government area", Burkina Faso's Yagha province) is an
    # area at the median of its places; a district named after its seat (Zurmi) is the seat's reading alone
    for key, country in (("agatu", "NGA"), ("yagha", "BFA"), ("masisi", "COD")):
        sites = [s for s in resources.places.lookup(key) if s.country == country]
        assert sites and all(s.precision == "admin" and not s.curated for s in sites), key
    zurmi = [s for s in resources.places.lookup("zurmi") if s.country == "NGA"]
    assert [s.precision for s in zurmi] == ["exact"]
    # a bearing is no district's name ("West" of West Delhi)
    assert not [s for key in ("west", "south east", "central") for s in resources.places.lookup(key)
                if s.precision == "admin" and not s.curated]


@pytest.mark.parametrize(("text", "name", "country"), [
    # a district near the document's other places, not a town of that name abroad (Bam in Iran)
    ("Burkina Faso's army has stepped up recruitment in Sanmatenga and Bam provinces after the attack on Kaya.",
     "Bam", "BFA"),
    ("Bandits killed the village head of Dauran in Zurmi LGA of Zamfara state, Nigerian police said.",
     "Zurmi LGA", "NGA"),
])
def test_a_district_reads_with_its_division_noun_and_near_the_document_s_places(resources, nlp, text, name, country):
    place = _places(resources, nlp, text).get(name)
    assert place is not None and place.country == country and place.precision == "admin", place


def test_malformed_extract_is_a_format_error(tmp_path):
    bad = tmp_path / "extract.tsv"
    bad.write_text("geonameid\tname\n1\tX\n", encoding="utf-8")
    with pytest.raises(FormatError):
        load_place_index(bad)


def test_resolve_place_reuses_a_document_context(resources, nlp):
    adoc = _adoc(nlp, "Lebanese troops deployed in Tripoli after clashes; Beirut called for calm.")
    context = document_context(adoc, resources.places)
    assert resolve_place("Tripoli", resources.places, context=context) == resolve_place("Tripoli", resources.places, adoc)
    assert context.focus["LBN"] >= 2


def test_a_settlement_noun_after_the_name_is_the_place_itself(resources, nlp):
    found = _places(resources, nlp, "Israeli settlers attacked farmers on the outskirts of Qaryut village, near "
                                    "Nablus, on Saturday.")
    assert (found["Qaryut village"].name, found["Qaryut village"].precision) == ("Qaryut", "exact")
    assert _near(found["Qaryut village"], 32.07, 35.29)
    found = _places(resources, nlp, "Fighting in South Kivu spread on Monday. Clashes erupted in Uvira territory.")
    assert (found["Uvira territory"].country, found["Uvira territory"].precision) == ("COD", "admin")
    found = _places(resources, nlp, "On 9 November, guided aerial bombs hit an industrial area of Zaporizhzhia city, "
                                    "damaging a warehouse used by a local charity.")
    assert found["Zaporizhzhia city"].precision == "exact" and _near(found["Zaporizhzhia city"], 47.85, 35.12)


def test_district_seats_and_the_towns_of_more_conflict_countries_resolve(resources, nlp):
    found = _places(resources, nlp, "An Israeli drone strike on a car near Bint Jbeil killed two people. In Peru, "
                                    "gunmen fired on the police station in Kimbiri on Monday.")
    assert _near(found["Bint Jbeil"], 33.12, 35.43)  # a district seat GeoNames lists without a population
    assert _near(found["Kimbiri"], -12.62, -73.79)  # Peru's VRAEM


@pytest.mark.parametrize(("text", "name", "lat", "lon"), [
    # a town the model labels a date (no day or month in it) is still read after "in"
    ("Pakistan's army said that on Monday gunmen attacked a Frontier Corps check post in Turbat, leading to an "
     "exchange of fire.", "Turbat", 26.0, 63.05),
    # a hyphenated name the tokenizer splits, the model keeping only its first part
    ("Myanmar's resistance said clashes broke out on Thursday near Hpa-an, the Karen State capital.", "Hpa-an",
     16.89, 97.63),
    # "Local Government Area" as Nigerian statements write it
    ("Nigeria police said bandits abducted 17 people in a fresh attack in Faskari Local Government Area of Katsina "
     "State.", "Faskari Local Government Area", 11.72, 7.03),
    # a sentence-opening name the words after it describe as a town
    ("Somalia's army said al-Shabaab attacked Afgoye.\n\nMarka, the regional capital, saw two security incidents "
     "on Saturday.", "Marka", 1.715, 44.77),
    # a name set in its province, and one after "km north of"
    ("Burkina Faso's army said its troops held Djibo. Titao, in the Loroum province, remains under surveillance. "
     "Air strikes hit a group about 15 km north of Sebba.", "Titao", 13.77, -2.07),
    ("Burkina Faso's army said its troops held Djibo. Titao, in the Loroum province, remains under surveillance. "
     "Air strikes hit a group about 15 km north of Sebba.", "Sebba", 13.43, 0.53),
    # a name that is also an English word ("hays") is a place with its division noun after it
    ("Yemen's government said Huthi fighters attacked its positions in Hodeidah. Clashes also erupted in Hays district, "
     "in the south of Hodeida province, on Monday.", "Hays district", 13.93, 43.48),
    # a village of the text's country (a village abroad would need the text's support)
    ("Mali army communique\n\nThe army said terrorists abducted several civilians in the area of Inekar, in the "
     "Menaka region of Mali, on Tuesday.", "Inekar", 15.96, 3.14),
    # a village title before the name reads the village
    ("Maguindanao clash\n\nSoldiers of the 33rd Infantry Battalion clashed with armed men in Barangay Kitango, "
     "Datu Saudi-Ampatuan, Maguindanao del Sur, on Tuesday morning, the army said.", "Barangay Kitango", 6.95, 124.44),
    # a name told by its bearing from a place (places/readings.py): of five Petropavlivkas, the one east of Kupiansk
    ("Ukraine's General Staff said its forces repelled Russian assaults near Petropavlivka, east of Kupiansk, on "
     "Tuesday.", "Petropavlivka", 49.72, 37.71),
    # with a distance, within it and some: the town of Dobropillia, not the village beside it
    ("A Russian missile slammed into the center of Dobropillia, about 20 miles north of Pokrovsk, in Ukraine's "
     "Donetsk region.", "Dobropillia", 48.47, 37.09),
])
def test_a_name_described_or_located_as_a_place_is_one(resources, nlp, text, name, lat, lon):
    assert _near(_places(resources, nlp, text).get(name), lat, lon)


def test_arabic_articles_read_alike_whatever_letter_they_assimilate_to():
    assert place_key("Jisr al-Shughur") == place_key("Jisr ash Shughur")
    assert place_key("al-Raqqa") != place_key("Raqqa") and place_key("Tell as") == "tell as"


def test_each_name_of_a_list_the_model_took_for_one_name_is_read(resources, nlp):
    text = ("Lower Shabelle bulletin\n\nOn Sunday morning, a roadside bomb struck a military pick-up on the road "
            "between Afgoye and Lafoole, killing two soldiers, Somali police said.")
    assert _near(_places(resources, nlp, text).get("Afgoye"), 2.14, 45.12)


def test_a_long_name_the_model_cut_short_is_read_whole(resources, nlp):
    text = ("Pakistan police said militants attacked a checkpost in Bannu.\n\nDera Ismail Khan has also witnessed "
            "a fresh wave of targeted attacks.")
    assert _near(_places(resources, nlp, text).get("Dera Ismail Khan"), 31.83, 70.90)


def test_a_town_a_person_is_named_after_is_still_a_place_where_the_words_say_so(resources, nlp):
    text = ("Zamfara, Nigeria\n\nSeven people were killed when gunmen invaded Tsafe town overnight. The chairman of the "
            "local government, Alhaji Ibrahim Tsafe, condemned the attack.")
    assert _near(_places(resources, nlp, text).get("Tsafe"), 11.96, 6.92)


def test_a_name_joined_by_an_article_is_read_whole_not_by_its_first_word(resources, nlp):
    text = ("Gaza update\n\nAn Israeli airstrike hit a home in the Tal al-Sultan neighbourhood of Rafah overnight, "
            "and another hit Deir al-Balah.")
    places = _places(resources, nlp, text)
    assert "Tal" not in places and places["Rafah"].country == "PSE"
    assert _near(places.get("Deir al-Balah"), 31.42, 34.35)


def test_another_transliteration_of_a_town_is_read_where_the_document_is(resources, nlp):
    text = ("Al-Shabaab militants fired mortar shells at Garbaharey in Somalia's Gedo region overnight, "
            "the Somali army said.")
    assert _near(_places(resources, nlp, text).get("Garbaharey"), 3.33, 42.22)
    # the same spelling in a report from elsewhere is no reading of the Somali town
    text = "Gunmen attacked a bus near Garbaharey on Monday, police in Bogota said, citing Colombian officials."
    assert "Garbaharey" not in _places(resources, nlp, text)


def test_a_name_the_model_splits_in_two_is_read_whole(resources, nlp):
    places = _places(resources, nlp, "Insurgents abducted four women on the outskirts of Mocímboa da Praia town.")
    assert places["Mocímboa da Praia"].country == "MOZ" and "Praia" not in places
    place = _places(resources, nlp, "In Sultan Kudarat province, troops encountered members of the NPA.")[
        "Sultan Kudarat province"]
    assert place.precision == "admin"


def test_the_area_of_a_known_place_of_the_document_s_country(resources, nlp):
    text = ("ELN fighters went house by house in the rural area of Tibú, in Colombia's Norte de Santander "
            "department, on Thursday.")
    assert _near(_places(resources, nlp, text).get("Tibú"), 8.64, -72.74)
    text = "Troops raided the Bagh Maidan area of Tirah valley in Pakistan's Khyber district."
    assert all(p.country in ("PAK", None) for p in _places(resources, nlp, text).values())


def test_a_name_with_an_arabic_article_in_lower_case_is_a_name(resources, nlp):
    text = "In Syria's Deir ez-Zor province, shells fell on houses in al-Busayrah overnight."
    assert _near(_places(resources, nlp, text).get("al-Busayrah"), 35.16, 40.43)


def test_a_town_told_by_its_direction_alone_may_lie_farther_than_one_near(resources, nlp):
    # Dabat lies some 55 km north of Gondar; another town has "Dabat" as another name 40 km from it
    text = ("Fano fighters clashed with government forces in Ethiopia's Amhara region. A drone strike killed eight "
            "people in a village near Dabat, north of Gondar.")
    assert _near(_places(resources, nlp, text).get("Dabat"), 12.98, 37.77)
