"""Whether a trigger stands as an event (events/standing.py), on invented sentences; rules only."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("text", "place"), [
    ("Local sources report new attacks on Kramatorsk overnight.", "Kramatorsk"),
    ("Residents described fresh strikes on Kherson on Sunday.", "Kherson"),
])
def test_force_on_a_named_town_is_an_event_with_no_party_named(events_of, text, place):
    events = [e for e in events_of(text) if e.type == "ASSAULT"]
    assert events and events[0].place is not None and events[0].place.name == place


@pytest.mark.parametrize("text", [
    "Officials discussed the attacks in general terms.",
    "The report looks back on attacks over the past decade.",
])
def test_an_attack_named_with_no_place_struck_is_no_event_alone(events_of, text):
    assert not [e for e in events_of(text) if e.type == "ASSAULT"]


@pytest.mark.parametrize("text", [
    "On Thursday, clashes broke out at a checkpoint on the main road.",
    "Fighting erupted overnight in the hills.",
    "Heavy clashes continued overnight, officials said.",
])
def test_force_whose_own_verb_says_it_happened_is_an_event(events_of, text):
    events = [e for e in events_of(text) if e.type == "ASSAULT"]
    # the evidence reaches the verb that tells it happened (and the phrases of where and when after it)
    assert events and {"out", "erupted", "continued"} & set(events[0].evidence[0].text.replace(",", "").split())


@pytest.mark.parametrize("text", [
    "Clashes could break out again, analysts warned.",
    "Fighting did not erupt in the capital.",
    "The clashes broke the calm of the valley.",
])
def test_force_that_may_happen_or_did_not_is_no_event_alone(events_of, text):
    assert not [e for e in events_of(text) if e.type == "ASSAULT" and e.actor is None and e.target is None]


def test_force_on_a_village_the_gazetteer_lacks_is_an_event(events_of):
    assert [e for e in events_of("Residents reported a raid on Kapedo on Monday.") if e.type == "ASSAULT"]


@pytest.mark.parametrize(("text", "type_", "sub_type"), [
    ("Troops said they had neutralised a group of fighters near the border.", "ASSAULT", "Armed clash"),
    ("Troops neutralized an improvised explosive device on the road.", "COERCE", "Disrupted weapons use"),
])
def test_neutralising_fighters_is_force_and_a_bomb_a_disrupted_weapon(events_of, text, type_, sub_type):
    assert [e for e in events_of(text) if e.type == type_ and e.acled_sub_type == sub_type]


def test_neutralising_an_argument_is_no_event(events_of):
    assert not events_of("The decision neutralised the opposition's main argument.")


@pytest.mark.parametrize("text", [
    "Overnight shelling damaged a gas pipeline and around 20 houses, the governor said.",
    "On Thursday, military airstrikes targeted a militant gathering in the hills.",
    "On Monday, an exchange of fire between tribes broke out in the valley.",
    "Police operatives engaged the bandits in a fierce gun duel near the forest on Monday.",
    # the parser makes "shelling" the auxiliary of "damaged" here
    "Overnight on 10 to 11 November, shelling damaged a gas pipeline, a kindergarten and around 20 houses.",
])
def test_force_a_verb_of_damage_or_outbreak_tells_is_an_event(events_of, text):
    assert [e for e in events_of(text) if e.type == "ASSAULT"]


def test_drones_hitting_homes_is_an_attack(events_of):
    assert [e for e in events_of("Explosive-laden drones hit homes in the town on Tuesday.") if e.type == "ASSAULT"]


@pytest.mark.parametrize(("text", "assault"), [
    ("Regime forces targeted the town with rocket launchers at dawn.", True),
    ("Al-Shabaab militants targeted a police post on Tuesday.", True),
    ("The new sanctions targeted three banks in the capital.", False),
    ("The campaign targets young voters in the cities.", False),
])
def test_armed_men_or_weapons_targeting_something_is_force(events_of, text, assault):
    assert bool([e for e in events_of(text) if e.type == "ASSAULT"]) is assault


@pytest.mark.parametrize(("text", "mobilized"), [
    ("The army flew reinforcements into the peninsula on Saturday.", True),
    ("The pilot flew the plane to the capital on Monday.", False),
])
def test_flying_troops_in_is_a_deployment(events_of, text, mobilized):
    assert bool([e for e in events_of(text) if e.type == "MOBILIZE" and "flew" in e.evidence[0].text]) is mobilized


@pytest.mark.parametrize(("text", "clash"), [
    ("On 17 March 2025, troops engaged terrorists near the town, killing four of them.", True),
    ("The minister engaged community leaders in the capital on Monday.", False),
])
def test_troops_engaging_an_armed_group_is_a_clash(events_of, text, clash):
    found = [e for e in events_of(text) if e.type == "ASSAULT" and "engaged" in e.evidence[0].text]
    assert bool(found) is clash


@pytest.mark.parametrize("text", [
    "On 17 March 2025, troops on a clearance operation made contact with terrorists.",
    "In March, the army moved two battalions to the border.",
])
def test_a_month_named_march_is_no_protest(events_of, text):
    assert not [e for e in events_of(text) if e.type == "PROTEST"]


def test_a_march_is_still_a_protest(events_of):
    assert [e for e in events_of("On 3 March, hundreds of students marched through the city.") if e.type == "PROTEST"]


def test_fighting_that_began_or_started_happened_but_not_as_the_start_of_a_time(events_of):
    assert [e for e in events_of("Clashes started at dawn on Monday near the checkpoint.") if e.type == "ASSAULT"]
    assert [e for e in events_of("The fighting began shortly after midnight on Tuesday.") if e.type == "ASSAULT"]
    text = "Seven civilians and 80 soldiers had been killed since the fighting began."
    assert not [e for e in events_of(text) if "began" in e.evidence[0].text]


def test_clashes_reported_or_an_attack_recorded_happened_but_not_none_or_could_be(events_of):
    for text in ("On Friday, clashes were reported about 20 kilometres north of Woreta.",
                 "Another attack was recorded at a village south of Bokkos."):
        assert [e for e in events_of(text) if e.type == "ASSAULT"], text
    for text in ("No clashes were reported on Friday.", "Attacks could be recorded anywhere."):
        assert not [e for e in events_of(text) if e.type == "ASSAULT"], text
