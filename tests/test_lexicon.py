"""The gazetteer and the actor dictionary: every row valid, coverage, spot checks, loader errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.errors import FormatError
from newsledger.lexicon import (
    ACTOR_COLUMNS,
    GAZETTEER_COLUMNS,
    data_path,
    index_by_name,
    load_actors,
    load_gazetteer,
    normalize_name,
    spelling_variants,
)

# The 193 UN member states (ISO 3166-1 alpha-3), kept here independently of the data.
UN_MEMBERS = frozenset(
    """AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA BRN
    BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK COD DNK DJI DMA DOM
    ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL
    IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI
    MYS MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN
    PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE
    SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR
    ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE""".split()
)
OTHER_STATES = frozenset({"XKX", "PSE", "TWN", "ESH"})
OFFICE_HOLDER_STATES = ("ARM", "AZE", "TUR", "RUS", "FRA", "USA", "GBR", "CHN", "IRN", "GEO")


@pytest.fixture(scope="module")
def places():
    return {entry.id: entry for entry in load_gazetteer()}


@pytest.fixture(scope="module")
def actors():
    return load_actors()


def _actor(actors, actor_id, role=None):
    rows = [a for a in actors if a.id == actor_id and (role is None or a.role == role)]
    assert rows, f"{actor_id} ({role}) is missing"
    return rows


# Every row


def test_every_row_loads_with_a_source(places, actors):
    assert len(places) > 400 and len(actors) > 500
    assert all(p.source for p in places.values())
    assert all(a.source for a in actors)


def test_every_country_code_in_the_data_has_a_country_row(places, actors):
    countries = {p.country for p in places.values() if p.feature == "country"}
    used = {p.country for p in places.values()} | {a.country for a in actors}
    assert used - {None} <= countries


def test_data_readme_documents_every_column():
    readme = data_path("README.md").read_text(encoding="utf-8")
    for column in set(GAZETTEER_COLUMNS) | set(ACTOR_COLUMNS):
        assert f"`{column}`" in readme, column


# Coverage


def test_every_un_member_is_a_country_a_capital_and_a_state(places, actors):
    assert len(UN_MEMBERS) == 193
    countries = {p.country for p in places.values() if p.feature == "country"}
    capitals = {p.country for p in places.values() if p.feature == "capital"}
    members = {a.country for a in actors if a.kind == "state" and a.role == "UN member state"}
    assert countries == UN_MEMBERS | OTHER_STATES
    assert capitals == UN_MEMBERS | OTHER_STATES
    assert members == UN_MEMBERS


def test_caucasus_places_are_covered(places):
    names = index_by_name(places.values())
    for name in ("Khankendi", "Aghdara", "Tonashen", "Hadrut", "Shushi", "Berdzor", "Lachin corridor", "Ganja",
                 "Tartar", "Barda", "Goris", "Kapan", "Fizuli", "Jabrayil", "Kalbajar", "Agdam", "Askeran",
                 "Martuni", "Sisian", "Nakhchivan", "Gyumri", "Vanadzor", "Tbilisi", "Geneva", "Vienna", "Sochi",
                 "Minsk", "Artsakh"):
        assert normalize_name(name) in names, name


@pytest.mark.parametrize("state", OFFICE_HOLDER_STATES)
def test_heads_and_ministers_are_listed_for_each_state(actors, state):
    roles = {a.role for a in actors if a.kind == "person" and a.country == state}
    assert any("Foreign" in r or "Secretary of State" in r for r in roles), roles
    assert any("Defen" in r or "Armed Forces" in r for r in roles), roles
    assert any(r.startswith(("President", "Prime Minister", "Premier", "Monarch")) for r in roles), roles


# Spot checks


@pytest.mark.parametrize(
    ("place_id", "lat", "lon", "tolerance"),
    [
        ("place:martakert", 40.2167, 46.8167, 0.001),
        ("place:tonashen", 40.303, 46.691, 0.001),
        ("place:nagorno-karabakh", 39.83, 46.77, 0.001),
        ("place:stepanakert", 39.815, 46.752, 0.01),
        ("place:yerevan", 40.177, 44.513, 0.01),
        ("place:baku", 40.377, 49.892, 0.01),
        ("place:geneva", 46.202, 6.146, 0.01),
        ("place:armenia", 40.0, 45.0, 1.0),
    ],
)
def test_coordinates(places, place_id, lat, lon, tolerance):
    place = places[place_id]
    assert abs(place.lat - lat) <= tolerance and abs(place.lon - lon) <= tolerance


def test_place_records_carry_geonames_ids(places):
    assert places["place:yerevan"].to_place().geonameid == 616052
    assert places["place:nagorno-karabakh"].precision == "region"
    assert places["place:martakert"].to_place().precision == "exact"


@pytest.mark.parametrize(
    ("actor_id", "day", "in_office"),
    [
        ("person:sergei-lavrov", "2020-10-01", True),
        ("person:mike-pompeo", "2020-10-01", True),
        ("person:mike-pompeo", "2021-06-01", False),
        ("person:antony-blinken", "2023-09-19", True),
        ("person:zohrab-mnatsakanyan", "2020-10-01", True),
        ("person:ararat-mirzoyan", "2020-10-01", False),
        ("person:ararat-mirzoyan", "2023-09-19", True),
        ("person:mevlut-cavusoglu", "2020-10-01", True),
        ("person:hakan-fidan", "2020-10-01", False),
        ("person:emmanuel-macron", "2020-10-01", True),
        ("person:armen-sarkissian", "2020-10-01", True),
        ("person:vahagn-khachaturyan", "2020-10-01", False),
        ("person:donald-trump", "2022-06-01", False),
        ("person:donald-trump", "2025-06-01", True),
    ],
)
def test_tenures(actors, actor_id, day, in_office):
    assert any(row.active_on(day) for row in _actor(actors, actor_id)) is in_office


def test_office_holders_resolve_by_alias_and_date(actors):
    rows = index_by_name(actors)[normalize_name("Erdoğan")]
    assert {r.role for r in rows} == {"President of Turkey", "Prime Minister of Turkey"}
    assert [r.role for r in rows if r.active_on("2020-09-30")] == ["President of Turkey"]


def test_karabakh_authorities_are_distinct_from_armenia(actors):
    (nkr,) = _actor(actors, "state:nkr")
    (armenia,) = _actor(actors, "state:ARM")
    assert (nkr.country, nkr.sector) == ("AZE", "REB")
    assert (armenia.country, armenia.sector) == ("ARM", "GOV")
    assert _actor(actors, "agency:nkr-mod")[0].sector == "REB"


def test_capitals_are_metonyms_of_their_states(actors):
    index = index_by_name(actors)
    for alias, state in (("Baku", "AZE"), ("the Kremlin", "RUS"), ("the White House", "USA"), ("Élysée", "FRA"),
                         ("Ankara", "TUR"), ("Yerevan", "ARM")):
        assert f"state:{state}" in {a.id for a in index[normalize_name(alias)]}, alias


# Helpers


def test_spelling_variants():
    assert spelling_variants("Nagorno-Karabakh") == ("Nagorno-Karabakh", "Nagorno Karabakh", "Nagorno–Karabakh")
    assert set(spelling_variants("Turkey's Defence Ministry")) == {
        "Turkey's Defence Ministry", "Turkey’s Defence Ministry",
        "Turkey's Defense Ministry", "Turkey’s Defense Ministry",
    }
    assert spelling_variants("Baku") == ("Baku",)


def test_normalize_name():
    assert normalize_name("  Nagorno–Karabakh’s ") == normalize_name("nagorno karabakh's") == "nagorno karabakh's"


# Loader errors


def _write(tmp_path: Path, header: tuple[str, ...], row: dict[str, str]) -> Path:
    path = tmp_path / "data.tsv"
    path.write_text("\t".join(header) + "\n" + "\t".join(row.get(c, "") for c in header) + "\n", encoding="utf-8")
    return path


GOOD_PLACE = {"id": "place:x", "name": "X", "country": "ARM", "lat": "40", "lon": "45", "feature": "town",
              "precision": "exact", "source": "curated"}
GOOD_ACTOR = {"id": "person:x", "name": "X", "country": "ARM", "sector": "GOV", "kind": "person", "role": "r",
              "start": "2020-01-01", "end": "2021-01-01", "source": "curated"}


def test_a_good_row_loads(tmp_path):
    (place,) = load_gazetteer(_write(tmp_path, GAZETTEER_COLUMNS, GOOD_PLACE))
    assert (place.lat, place.lon, place.geonameid, place.admin1) == (40.0, 45.0, None, None)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"lat": "95"}, "lat 95.0 is outside"),
        ({"lon": "east"}, "lon 'east' is not a number"),
        ({"country": "Arm"}, "not an ISO 3166 alpha-3"),
        ({"feature": "planet"}, "feature 'planet'"),
        ({"geonameid": "12a"}, "geonameid"),
        ({"source": ""}, "source is empty"),
    ],
)
def test_bad_gazetteer_rows_name_the_line(tmp_path, change, message):
    with pytest.raises(FormatError, match=rf"data\.tsv:2: .*{message}"):
        load_gazetteer(_write(tmp_path, GAZETTEER_COLUMNS, {**GOOD_PLACE, **change}))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"start": "2020-13-01"}, "not a date"),
        ({"end": "2020"}, "not a date"),
        ({"end": "2019-01-01"}, "ends .* before it starts"),
        ({"sector": "ARMY"}, "sector 'ARMY'"),
        ({"kind": "alien"}, "kind 'alien'"),
    ],
)
def test_bad_actor_rows_name_the_line(tmp_path, change, message):
    with pytest.raises(FormatError, match=rf"data\.tsv:2: .*{message}"):
        load_actors(_write(tmp_path, ACTOR_COLUMNS, {**GOOD_ACTOR, **change}))


def test_missing_column_is_refused(tmp_path):
    with pytest.raises(FormatError, match="missing columns"):
        load_gazetteer(_write(tmp_path, tuple(c for c in GAZETTEER_COLUMNS if c != "lat"), GOOD_PLACE))


def test_rows_of_one_actor_must_agree_and_not_overlap(tmp_path):
    header = "\t".join(ACTOR_COLUMNS)

    def load(*rows: dict[str, str]):
        path = tmp_path / f"actors{len(list(tmp_path.iterdir()))}.tsv"
        lines = ["\t".join(r.get(c, "") for c in ACTOR_COLUMNS) for r in rows]
        path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
        return load_actors(path)

    assert len(load(GOOD_ACTOR, {**GOOD_ACTOR, "start": "2022-01-01", "end": ""})) == 2
    with pytest.raises(FormatError, match="overlap"):
        load(GOOD_ACTOR, {**GOOD_ACTOR, "start": "2020-06-01", "end": ""})
    with pytest.raises(FormatError, match="disagree"):
        load(GOOD_ACTOR, {**GOOD_ACTOR, "name": "Y", "start": "2022-01-01", "end": ""})


# Heads of state and government beyond the conflict's parties, armed groups, peoples of one state.

MORE_HEADS_OF_STATE = ("DZA", "KGZ", "KEN", "ZMB", "HTI", "GRC", "CIV", "NGA", "ZAF", "UKR", "IDN", "BRA", "MEX")


@pytest.mark.parametrize("state", MORE_HEADS_OF_STATE)
def test_heads_of_state_or_government_of_more_states_are_listed(actors, state):
    roles = {a.role for a in actors if a.kind == "person" and a.country == state and a.start}
    assert any(r.startswith(("President", "Prime Minister", "Head of State")) for r in roles), roles


@pytest.mark.parametrize(
    ("actor_id", "day", "in_office"),
    [
        ("person:abdelaziz-bouteflika", "2010-01-01", True),
        ("person:abdelaziz-bouteflika", "2020-01-01", False),
        ("person:mwai-kibaki", "2010-01-01", True),
        ("person:jean-bertrand-aristide", "1998-01-01", False),
        ("person:jean-bertrand-aristide", "2002-01-01", True),
        ("person:volodymyr-zelensky", "2024-01-01", True),
    ],
)
def test_tenures_of_more_heads_of_state(actors, actor_id, day, in_office):
    assert any(row.active_on(day) for row in _actor(actors, actor_id)) is in_office


@pytest.mark.parametrize(
    ("name", "country", "sector"),
    [("Hezbollah", "LBN", "REB"), ("PKK", "TUR", "REB"), ("Houthis", "YEM", "REB"), ("UNITA", "AGO", "REB"),
     ("Tamil Tigers", "LKA", "REB"), ("Jewish settlers", "ISR", "CVL")],
)
def test_armed_groups_and_movements_carry_their_country(actors, name, country, sector):
    (row,) = {(r.country, r.sector) for r in index_by_name(actors)[normalize_name(name)]}
    assert row == (country, sector)


@pytest.mark.parametrize(
    ("name", "country"),
    [("Greek Cypriots", "CYP"), ("Turkish Cypriot", "CYP"), ("Rohingya", "MMR"), ("Yoruba", "NGA"),
     ("Chechens", "RUS"), ("Uighurs", "CHN")],
)
def test_peoples_living_in_one_state_lead_to_it(actors, name, country):
    rows = index_by_name(actors)[normalize_name(name)]
    assert {r.country for r in rows} == {country} and all(r.kind == "demonym" for r in rows)
