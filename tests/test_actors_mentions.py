import pytest

from newsledger.actors.entities import resolve_actor
from newsledger.actors.located import located_country
from newsledger.actors.mentions import extract_actor_mentions
from newsledger.nlp import AnalyzedDoc
from newsledger.records import Document


@pytest.fixture(scope="module")
def nlp(resources):
    return resources.nlp


def _mentions(resources, nlp, text):
    return extract_actor_mentions(AnalyzedDoc(Document(id="d", text=text), nlp(text)), resources.actors)


def test_office_holders_and_organisations_resolve(resources, nlp):
    text = "Russian Foreign Minister Sergei Lavrov spoke to Reuters. Nato officials met in Brussels."
    found = {m.evidence.text: m.actor for m in _mentions(resources, nlp, text)}
    assert found["Sergei Lavrov"].country == "RUS"
    assert found["Reuters"].sector == "MED"
    assert any(a.name.upper().startswith("NATO") or "North Atlantic" in a.name for a in found.values())


def test_spans_quote_the_text_and_places_are_not_actors(resources, nlp):
    text = "The Kremlin said shelling hit Stepanakert overnight."
    mentions = _mentions(resources, nlp, text)
    assert all(text[m.evidence.start : m.evidence.end] == m.evidence.text for m in mentions)
    assert all(m.kind == "actor" for m in mentions)
    assert "Stepanakert" not in {m.evidence.text for m in mentions}
    kremlin = next(m for m in mentions if "Kremlin" in m.evidence.text)
    assert kremlin.actor.country == "RUS"


def _doc(nlp, text):
    return AnalyzedDoc(Document(id="d", text=text), nlp(text))


@pytest.mark.parametrize(
    ("text", "words", "country"),
    [
        ("Gunmen stormed a police station in Kandahar on Friday.", "Gunmen", "AFG"),
        ("President Juan Perez announced early elections in Uruguay.", "President Juan Perez", "URY"),
        ("Striking dockers blocked the port of Mombasa for a second day.", "Striking dockers", "KEN"),
        ("Leaders of the Unity Bloc agreed to delay the march in Tbilisi.", "Leaders of the Unity Bloc", "GEO"),
        # the town says where the victims are; the demonym names the other party
        ("Russian shelling killed 12 people in Kherson on Monday.", "12 people in Kherson", "UKR"),
        ("A Russian missile hit an apartment block in Dnipro, killing 12 people.", "12 people", "UKR"),
        # a town the small model tags as a person's name
        ("Three villagers were killed by an Israeli airstrike in Khan Younis.", "Three villagers", "PSE"),
        # a curated town's own name, not another town's old spelling (Goris in Armenia, not Gori in Georgia)
        ("Drones struck near Goris on Tuesday, wounding several civilians.", "several civilians", "ARM"),
        # with no town or region in the sentence, its first country still places the actor
        ("Gunmen from Mali attacked a village in Niger, killing 9 people.", "9 people", "MLI"),
    ],
)
def test_an_actor_the_dictionary_cannot_place_takes_the_place_of_its_sentence(resources, nlp, text, words, country):
    assert resolve_actor(words, _doc(nlp, text), index=resources.actors).country == country


def test_without_a_country_in_the_sentence_the_documents_leading_country_places_the_actor(resources, nlp):
    adoc = _doc(nlp, "Protests spread across Kenya on Monday. Kenya's opposition called a strike. "
                     "Police fired tear gas at demonstrators.")
    assert located_country("Police", adoc, resources.actors) == "KEN"
    assert located_country("Police", _doc(nlp, "Police fired tear gas at demonstrators."), resources.actors) is None


def test_things_and_known_organisations_are_not_placed(resources, nlp):
    adoc = _doc(nlp, "The ministry offered concessions to farmers in Nepal.")
    assert resolve_actor("concessions", adoc, index=resources.actors).country is None
    envoy = _doc(nlp, "Jan Novak, the United Nations envoy, met rebel leaders in Mali.")
    assert resolve_actor("Jan Novak, the United Nations envoy", envoy, index=resources.actors).country is None


@pytest.mark.parametrize(
    ("text", "words", "country"),
    [
        ("Ethnic Hungarians in Romania protested against the language law.", "Ethnic Hungarians in Romania", "ROU"),
        ("Hundreds of ethnic Russians rallied in Riga on Saturday.", "Hundreds of ethnic Russians", "LVA"),
        ("Ethnic Serb militants attacked a border post in Kosovo.", "Ethnic Serb militants", "XKX"),
    ],
)
def test_an_ethnic_group_is_placed_where_it_lives_not_in_its_kin_state(resources, nlp, text, words, country):
    assert resolve_actor(words, _doc(nlp, text), index=resources.actors).country == country


def test_a_national_security_council_belongs_to_its_state(resources, nlp):
    turkish = resolve_actor("Turkey's National Security Council", index=resources.actors)
    assert (turkish.country, turkish.sector) == ("TUR", "GOV") and turkish.id != "org:unsc"
    assert resolve_actor("Iran's Supreme National Security Council", index=resources.actors).country == "IRN"
    assert resolve_actor("the UN Security Council", index=resources.actors).id == "org:unsc"
    assert resolve_actor("the Security Council", index=resources.actors).id == "org:unsc"
    adoc = _doc(nlp, "The National Security Council met in Ankara and condemned the attack.")
    assert resolve_actor("The National Security Council", adoc, index=resources.actors).country == "TUR"


def test_forces_led_by_a_state_act_for_it_but_forces_it_backs_do_not(resources):
    led = resolve_actor("Nigerian-led forces", index=resources.actors)
    assert (led.country, led.sector) == ("NGA", "MIL")
    assert resolve_actor("Syrian-backed militias", index=resources.actors).country != "SYR"


@pytest.mark.parametrize(("words", "name"), [("a Turkish F-16", "Turkey"), ("an Armenian SU-25 jet", "Armenia")])
def test_a_weapon_named_by_its_model_is_its_states(resources, nlp, words, name):
    adoc = _doc(nlp, f"Officials said {words} fired on the convoy.")
    assert resolve_actor(words, adoc, index=resources.actors).name == name
