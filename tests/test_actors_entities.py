"""Actor resolution: dictionary names, grammar of titles and appositions, offices on a date, coreference."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from newsledger.actors.index import build_index
from newsledger.actors.entities import is_person, resolve_actor
from newsledger.lexicon import ActorEntry
from newsledger.nlp import AnalyzedDoc
from newsledger.records import Actor, Document, PublishedDate


@pytest.mark.parametrize(
    ("words", "name", "country", "sector"),
    [
        ("Turkey", "Turkey", "TUR", "GOV"),
        ("Turkey, a staunch ally of Azerbaijan,", "Turkey", "TUR", "GOV"),
        ("Moscow", "Russia", "RUS", "GOV"),
        ("the Kremlin", "Russia", "RUS", "GOV"),
        ("Azerbaijani authorities", "Azerbaijan", "AZE", "GOV"),
        ("the Georgian government", "Georgia", "GEO", "GOV"),
        ("Armenia's defence ministry", "Armenia Ministry of Defence", "ARM", "MIL"),
        ("The Azerbaijani Defense Ministry", "Azerbaijan Ministry of Defence", "AZE", "MIL"),
        ("a statement from the Russian Foreign Ministry", "Russia Ministry of Foreign Affairs", "RUS", "GOV"),
        ("the foreign ministry in Baku", "Azerbaijan Ministry of Foreign Affairs", "AZE", "GOV"),
        ("State news agency Armenpress", "Armenpress", "ARM", "MED"),
        ("the Reuters news agency", "Reuters", "GBR", "MED"),
    ],
)
def test_dictionary_actors(resources, words: str, name: str, country: str, sector: str) -> None:
    actor = resolve_actor(words, index=resources.actors)
    assert (actor.name, actor.country, actor.sector) == (name, country, sector)
    assert actor.text == words.strip(",")
    assert actor.id


def test_ministry_of_a_de_facto_authority_follows_the_dictionary_convention(resources) -> None:
    actor = resolve_actor("the Defense Ministry in Nagorno-Karabakh", index=resources.actors)
    assert actor.id == "agency:nkr-mod"
    assert actor.name == "Nagorno-Karabakh Ministry of Defence"
    officials = resolve_actor("Nagorno-Karabakh officials", index=resources.actors)
    assert officials.id == "state:nkr"


def test_ministry_missing_from_the_dictionary_is_composed(resources) -> None:
    actor = resolve_actor("Austria's interior ministry", index=resources.actors)
    assert (actor.name, actor.country, actor.sector, actor.id) == ("Austria Ministry of Interior", "AUT", "GOV", None)


def test_collective_media_keeps_country_and_sector(resources) -> None:
    actor = resolve_actor("Armenian media", index=resources.actors)
    assert (actor.country, actor.sector, actor.text) == ("ARM", "MED", "Armenian media")


def test_named_outlet_after_a_collective_noun(resources) -> None:
    actor = resolve_actor("the Georgian broadcaster Imedi TV", index=resources.actors)
    assert (actor.name, actor.country, actor.sector) == ("Imedi TV", "GEO", "MED")


@pytest.mark.parametrize(
    ("words", "name", "role_start"),
    [
        ("Turkish Foreign Minister Mevlut Cavusoglu", "Mevlut Cavusoglu", "Minister of Foreign Affairs"),
        ("Mr Lavrov", "Sergei Lavrov", "Minister of Foreign Affairs"),
        ("Putin", "Vladimir Putin", "President"),
        ("President Ilham Aliyev", "Ilham Aliyev", "President"),
    ],
)
def test_office_holders_by_name(resources, words: str, name: str, role_start: str) -> None:
    actor = resolve_actor(words, when="2020-10-01", index=resources.actors)
    assert actor.name == name and actor.sector == "GOV"
    assert actor.role.startswith(role_start)
    assert is_person(actor, resources.actors)


def test_office_without_a_name_respects_tenure(resources) -> None:
    assert resolve_actor("the Turkish foreign minister", when="2020-10-01", index=resources.actors).name == "Mevlut Cavusoglu"
    assert resolve_actor("the Turkish foreign minister", when="2024-01-15", index=resources.actors).name == "Hakan Fidan"
    assert resolve_actor("the president of Armenia", when="2019-06-01", index=resources.actors).name == "Armen Sarkissian"


def test_person_with_appositive_role(resources) -> None:
    actor = resolve_actor("Ilnur Cevik, an adviser to Turkish President Recep Tayyip Erdogan", index=resources.actors)
    assert actor.name == "Ilnur Cevik"
    assert actor.role == "adviser to Turkish President"
    assert (actor.country, actor.sector) == ("TUR", "GOV")


def test_description_before_the_name(resources) -> None:
    actor = resolve_actor("the regional analyst at Crisis Group, Olesya Vartanyan", index=resources.actors)
    assert actor.name == "Olesya Vartanyan"
    assert actor.role == "analyst, Crisis Group"
    assert actor.country is None


def test_unknown_official_with_title_and_country(resources) -> None:
    actor = resolve_actor("Armenia's human rights defender Anahit Manasyan", index=resources.actors)
    assert actor.name == "Anahit Manasyan"
    assert actor.country == "ARM"


def test_unknown_phrase_falls_back_to_its_words(resources) -> None:
    actor = resolve_actor("One fighter", index=resources.actors)
    assert actor.name == "One fighter" and actor.id is None and actor.text == "One fighter"


def test_pronouns_and_descriptions_look_back(resources) -> None:
    minister = resolve_actor("Sergei Lavrov", index=resources.actors)
    ministry = resolve_actor("Azerbaijan's defence ministry", index=resources.actors)
    recent = [minister, ministry]
    assert resolve_actor("he", recent=recent, index=resources.actors).name == "Sergei Lavrov"
    assert resolve_actor("it", recent=recent, index=resources.actors).name == "Azerbaijan Ministry of Defence"
    assert resolve_actor("the ministry", recent=recent, index=resources.actors).id == ministry.id
    assert resolve_actor("he", recent=recent, index=resources.actors).text == "he"
    office = resolve_actor("his office", recent=recent, index=resources.actors)
    assert office.name == "Office of Sergei Lavrov" and office.country == "RUS"


def test_description_matches_role_of_an_unknown_person(resources) -> None:
    expert = resolve_actor("the Caucasus expert at NUPI, Helge Blakkisrud", index=resources.actors)
    later = resolve_actor("the NUPI researcher", recent=[expert], index=resources.actors)
    assert later.name == "Helge Blakkisrud"
    assert resolve_actor("Blakkisrud", recent=[expert], index=resources.actors).name == "Helge Blakkisrud"


def test_description_of_another_country_does_not_borrow(resources) -> None:
    aliyev = resolve_actor("President Ilham Aliyev", when="2020-10-01", index=resources.actors)
    other = resolve_actor("the Russian president", when="2020-10-01", recent=[aliyev], index=resources.actors)
    assert other.name == "Vladimir Putin"


def test_proper_name_is_not_a_description(resources) -> None:
    army = resolve_actor("Sudan's army", index=resources.actors)
    rsf = resolve_actor("The Rapid Support Forces", recent=[army], index=resources.actors)
    assert rsf.name == "Rapid Support Forces" and rsf.sector == "MIL"


def test_custom_dictionary(resources) -> None:
    rows = [
        ActorEntry("state:WLD", "Westland", ("Westport",), "WLD", "GOV", "state", None, None, None, "test"),
        ActorEntry("demonym:WLD", "Westlandic", (), "WLD", None, "demonym", None, None, None, "test"),
        ActorEntry("person:jo-ray", "Jo Ray", ("Ray",), "WLD", "GOV", "person", "President of Westland",
                   "2019-01-01", "2021-01-01", "test"),
        ActorEntry("person:al-ma", "Al Ma", (), "WLD", "GOV", "person", "President of Westland",
                   "2021-01-01", None, "test"),
    ]
    index = build_index(rows)
    assert resolve_actor("Westport", index=index).id == "state:WLD"
    assert resolve_actor("Westlandic officials", index=index).name == "Westland"
    assert resolve_actor("the Westlandic president", when="2020-05-01", index=index).name == "Jo Ray"
    assert resolve_actor("the Westlandic president", when="2022-05-01", index=index).name == "Al Ma"
    assert is_person(Actor("Al Ma", "person:al-ma"), index)


def test_publication_date_stands_in_for_when(resources, nlp_free_doc) -> None:
    assert resolve_actor("the Turkish foreign minister", nlp_free_doc("2021-03-01"), index=resources.actors).name == "Mevlut Cavusoglu"
    assert resolve_actor("the Turkish foreign minister", nlp_free_doc("2024-03-01"), index=resources.actors).name == "Hakan Fidan"


@pytest.fixture
def nlp_free_doc():
    """An analysed document whose parse is not needed: only its publication date is read."""

    def make(day: str) -> AnalyzedDoc:
        document = Document(id="d", text="", published=PublishedDate(day, day, "day", "metadata"))
        return AnalyzedDoc(document, Doc(Vocab()))

    return make


@pytest.mark.parametrize(
    ("words", "actor_id"),
    [
        ("U.S.", "state:USA"),
        ("the U.S. government", "state:USA"),
        ("U.N.", "org:un"),
        ("the U.N. war crimes court", "org:un"),
        ("J.D. Vance", "person:jd-vance"),
    ],
)
def test_abbreviations_resolve_with_or_without_dots(resources, words: str, actor_id: str) -> None:
    assert resolve_actor(words, when="2025-06-01", index=resources.actors).id == actor_id


def test_a_comma_inside_a_number_does_not_split_the_phrase(resources) -> None:
    actor = resolve_actor("Some 800,000 Iraqi Kurds", index=resources.actors)
    assert actor.country == "IRQ" and "800" not in actor.name
    assert resolve_actor("Up to 1,000 ethnic Turks", index=resources.actors).country == "TUR"


def test_an_organisation_named_after_a_city_wins_over_the_city(resources) -> None:
    assert resolve_actor("the Minsk group's", index=resources.actors).id == "org:osce-minsk-group"
    assert resolve_actor("the Minsk Group's co-chairs", index=resources.actors).id == "org:osce-minsk-group"
    assert resolve_actor("Minsk", index=resources.actors).id == "state:BLR"


@pytest.mark.parametrize(
    ("words", "country"),
    [("Bosnian Serbs", "BIH"), ("Croatian Serbs", "HRV"), ("Bosnian Serb forces", "BIH"), ("Serbs", "SRB")],
)
def test_an_ethnic_group_qualified_by_a_demonym_belongs_to_that_country(resources, words: str, country: str) -> None:
    assert resolve_actor(words, index=resources.actors).country == country


@pytest.mark.parametrize(
    ("words", "country"),
    [("Greek Cypriot leaders", "CYP"), ("Turkish Cypriots", "CYP"), ("Hezbollah guerrillas", "LBN"),
     ("Rohingya refugees", "MMR"), ("President Abdelaziz Bouteflika", "DZA"), ("Vietnamese-led forces", "VNM")],
)
def test_peoples_groups_and_leaders_of_more_states_resolve(resources, words: str, country: str) -> None:
    assert resolve_actor(words, when="2005-01-01", index=resources.actors).country == country


def test_a_question_word_opening_a_sentence_is_not_the_acronym_it_spells(resources):
    assert resolve_actor("Who", index=resources.actors).id is None
    assert resolve_actor("WHO", index=resources.actors).name == "World Health Organization"
