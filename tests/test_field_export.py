"""ACLED, UCDP GED and GeoJSON exports: columns, value domains, coordinates in the right order, deaths bounds."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from newsledger.cli import cli
from newsledger.ledger import Ledger
from newsledger.ledger.acled import inter_code, interaction, load_sub_types
from newsledger.ledger.field_export import export_field
from newsledger.ledger.formats import check_rows, columns_markdown, load_columns, load_countries, sentence_bounds
from newsledger.ledger.ucdp import deaths, sides, type_of_violence
from newsledger.lexicon import load_gazetteer
from newsledger.records import (
    Actor, DateRange, DocRecords, Document, Event, Figure, Mention, Place, PublishedDate, Span, content_id, stable_id,
)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "karabakh"
NOW = datetime(2024, 1, 2, tzinfo=timezone.utc)
# ONTOLOGY.md's 25 ACLED sub-event types, written out independently of the data file.
ACLED_SUB_TYPES = {
    "Armed clash", "Government regains territory", "Non-state actor overtakes territory", "Chemical weapon",
    "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade",
    "Sexual violence", "Attack", "Abduction/forced disappearance", "Peaceful protest", "Protest with intervention",
    "Excessive force against protesters", "Violent demonstration", "Mob violence", "Agreement", "Arrests",
    "Change to group/activity", "Disrupted weapons use", "Headquarters or base established",
    "Looting/property destruction", "Non-violent transfer of territory", "Other",
}
STEPANAKERT = Place("Stepanakert", "AZE", 39.8177, 46.7528, 174875, "exact")
FOREST = Place("Somewhere", None, None, None, None, None)
ARMY = Actor("Westland", "state:WLD", "AZE", "MIL")
CIVILIANS = Actor("civilians", None, None, "CVL")
TEXT = (
    "Officials said on Monday that at least 12 civilians were killed when artillery hit Stepanakert on 3 May. "
    "Envoys met in the capital to discuss a truce. The army denied shelling the valley. "
    "Between 4 and 10 soldiers died in a clash near Stepanakert, a spokesman said."
)


def _records() -> DocRecords:
    doc_id = content_id(TEXT)

    def span(phrase: str) -> Span:
        start = TEXT.index(phrase)
        return Span.of(doc_id, TEXT, start, start + len(phrase))

    doc = Document(doc_id, TEXT, title="Artillery hits town", source_name="Example Wire", language="en",
                   published=PublishedDate("2023-05-04", "2023-05-04", "day", "metadata"))
    shelling = Event(stable_id("evt", 1), (doc_id,), (span("artillery hit Stepanakert"),), "ASSAULT", "asserted",
                     acled_type="Explosions/Remote violence", acled_sub_type="Shelling/artillery/missile attack",
                     actor=ARMY, target=CIVILIANS, place=STEPANAKERT, date=DateRange("2023-05-03", "2023-05-03", "day"))
    clash = Event(stable_id("evt", 2), (doc_id,), (span("a clash near Stepanakert"),), "ASSAULT", "claimed",
                  acled_type="Battles", acled_sub_type="Armed clash", actor=ARMY,
                  target=Actor("Eastern rebels", None, "AZE", "REB"), place=STEPANAKERT)
    talks = Event(stable_id("evt", 3), (doc_id,), (span("Envoys met"),), "CONSULT", "asserted", place=STEPANAKERT)
    denied = Event(stable_id("evt", 4), (doc_id,), (span("shelling the valley"),), "ASSAULT", "denied",
                   acled_type="Explosions/Remote violence", acled_sub_type="Shelling/artillery/missile attack",
                   actor=ARMY, place=STEPANAKERT)
    nowhere = Event(stable_id("evt", 5), (doc_id,), (span("Envoys met"),), "ASSAULT", "asserted",
                    acled_type="Battles", acled_sub_type="Armed clash", actor=ARMY, place=FOREST)
    figures = (
        Figure(stable_id("fig", 1), doc_id, span("at least 12 civilians were killed"), "killed", 12, None, "at_least",
               "civilians"),
        Figure(stable_id("fig", 2), doc_id, span("Between 4 and 10 soldiers died"), "killed", 4, 10, "approx",
               "military", side=ARMY),
    )
    mention = Mention(stable_id("men", 1), doc_id, span("Stepanakert"), "place", place=STEPANAKERT)
    return DocRecords(doc, (mention,), figures, (), (shelling, clash, talks, denied, nowhere))


@pytest.fixture
def small(tmp_path):
    with Ledger(tmp_path / "small.db") as ledger:
        ledger.add(_records())
        yield ledger


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_data_file_lists_the_codebooks_columns_and_the_25_sub_types():
    acled = load_columns("acled")
    assert acled[0].source == "ACLED Codebook 2023" and load_columns("ucdp")[0].source == "UCDP GED Codebook version 24.1"
    sub = next(c for c in acled if c.column == "sub_event_type")
    assert set(sub.domain.removeprefix("one of: ").split("|")) == ACLED_SUB_TYPES
    assert set(load_sub_types()) == ACLED_SUB_TYPES
    domains = {c.column: c.domain for c in acled}
    assert domains["time_precision"] == "int 1..3" and domains["geo_precision"] == "int 1..3"
    ucdp = {c.column: c.domain for c in load_columns("ucdp")}
    assert ucdp["date_prec"] == "int 1..5" and ucdp["where_prec"] == "int 1..7"
    assert {"side_a", "side_b", "best", "low", "high", "deaths_civilians", "source_article"} <= set(ucdp)
    assert load_countries()["AZE"].iso_numeric == 31 and load_countries()["ARM"].ucdp_region == "Europe"


def test_docs_tables_are_generated_from_the_data_file():
    doc = (ROOT / "docs" / "exports.md").read_text(encoding="utf-8")
    assert columns_markdown(load_columns()) in doc, "run scripts/build_export_docs.py"


def test_check_rows_catches_values_out_of_domain():
    columns = [c for c in load_columns("acled") if c.column in ("time_precision", "latitude", "sub_event_type")]
    ok = {"time_precision": 2, "sub_event_type": "Armed clash", "latitude": 39.8}
    assert check_rows(columns, [ok]) == []
    for bad in ({"time_precision": 4}, {"latitude": 146.7}, {"sub_event_type": "Shelling"}, {"time_precision": None}):
        assert check_rows(columns, [{**ok, **bad}]), bad


def test_acled_rows_from_a_small_ledger(small, tmp_path):
    manifest = export_field(small, tmp_path, "acled", NOW)
    rows = _csv(tmp_path / "acled.csv")
    assert [r["sub_event_type"] for r in rows] == ["Shelling/artillery/missile attack", "Armed clash"]  # by date
    shelling, clash = rows
    assert (float(shelling["latitude"]), float(shelling["longitude"])) == (39.8177, 46.7528)
    assert shelling["event_date"] == "2023-05-03" and shelling["time_precision"] == "1" and shelling["geo_precision"] == "1"
    assert shelling["fatalities"] == "12" and shelling["civilian_targeting"] == "Civilian targeting"
    assert (shelling["actor1"], shelling["inter1"], shelling["actor2"], shelling["inter2"], shelling["interaction"]) == (
        "Military Forces of Westland", "1", "Civilians (Azerbaijan)", "7", "17")
    assert shelling["iso"] == "31" and shelling["country"] == "Azerbaijan" and shelling["source"] == "Example Wire"
    assert "artillery hit Stepanakert" in shelling["notes"] and "Envoys" not in shelling["notes"]
    # Undated: the publication day, week precision; the killed figure of its sentence, low end.
    assert clash["event_date"] == "2023-05-04" and clash["time_precision"] == "2" and clash["fatalities"] == "4"
    assert (clash["inter2"], clash["interaction"]) == ("2", "12")
    assert manifest["left_out"]["acled.csv"] == {
        "no coordinates": 1, "not a type this format codes": 1, "status denied": 1}


def test_ucdp_rows_from_a_small_ledger(small, tmp_path):
    export_field(small, tmp_path, "ucdp", NOW)
    shelling, clash = _csv(tmp_path / "ucdp_ged.csv")
    assert (float(shelling["latitude"]), float(shelling["longitude"])) == (39.8177, 46.7528)
    assert shelling["type_of_violence"] == "3" and shelling["side_b"] == "Civilians"
    assert shelling["side_a"] == "Government of Westland" and shelling["where_prec"] == "1"
    assert (shelling["date_start"], shelling["date_end"], shelling["date_prec"]) == ("2023-05-03", "2023-05-03", "1")
    assert (shelling["deaths_civilians"], shelling["low"], shelling["best"], shelling["high"]) == ("12", "12", "12", "12")
    assert clash["type_of_violence"] == "1" and clash["side_b"] == "Eastern rebels"
    assert (clash["low"], clash["best"], clash["high"], clash["deaths_a"]) == ("4", "7", "10", "7")
    assert (clash["date_start"], clash["date_end"], clash["date_prec"]) == ("2023-04-28", "2023-05-04", "3")


def test_geojson_puts_longitude_first(small, tmp_path):
    manifest = export_field(small, tmp_path, "geojson", NOW)
    for name in ("places", "events", "figures"):
        data = json.loads((tmp_path / f"{name}.geojson").read_text())
        assert data["type"] == "FeatureCollection" and data["features"], name
        for feature in data["features"]:
            assert feature["geometry"] == {"type": "Point", "coordinates": [46.7528, 39.8177]}
    figures = json.loads((tmp_path / "figures.geojson").read_text())["features"]
    assert {f["properties"]["place_from"] for f in figures} == {"event in the same sentence"}
    assert manifest["counts"]["events.geojson"] == 4 and manifest["left_out"]["events.geojson"] == {"no coordinates": 1}


def test_interaction_codes():
    assert [inter_code(a) for a in (None, ARMY, CIVILIANS)] == [0, 1, 7]
    assert inter_code(Actor("Free Hills Militia", sector="REB")) == 3
    assert inter_code(Actor("X", role="ethnic militia")) == 4
    assert inter_code(Actor("Separatist forces", sector="MIL")) == 2
    assert inter_code(Actor("Observer mission", sector="IGO")) == 8
    assert inter_code(Actor("Daily Wire", sector="MED")) == 7


def test_news_media_are_never_a_side_in_violence():
    wire = Actor("Example Wire", sector="MED")
    event = Event("e", ("d",), (), "ASSAULT", "asserted", acled_type="Battles", acled_sub_type="Armed clash",
                  actor=wire, target=ARMY)
    assert sides(event, type_of_violence(event)) == (("Government of Westland", ARMY), ("Unknown", None))
    assert (interaction(1, 0), interaction(7, 2), interaction(1, 1)) == (10, 27, 11)


def test_sentence_bounds():
    text = "First one. Second “quoted.” Third\nline four."
    assert text[slice(*sentence_bounds(text, text.index("Second"), text.index("Second") + 6))] == "Second “quoted.” "
    assert text[slice(*sentence_bounds(text, 0, 3))] == "First one. "
    assert text[slice(*sentence_bounds(text, text.index("four"), text.index("four") + 1))] == "line four."


@given(st.lists(st.tuples(st.integers(0, 10**6), st.one_of(st.none(), st.integers(0, 10**6)),
                          st.sampled_from(["exact", "at_least", "approx", "vague"]),
                          st.sampled_from(["civilians", "military", "any"])), max_size=6))
def test_deaths_keep_low_best_high_in_order(specs):
    doc_span = Span("d", 0, 1, "x")
    figures = [Figure(f"f{i}", "d", doc_span, "killed", low, None if high is None else low + high, q, group, side=ARMY)
               for i, (low, high, q, group) in enumerate(specs)]
    dead = deaths(figures, ARMY, None)
    assert dead.low <= dead.best <= dead.high
    assert dead.a + dead.b + dead.civilians + dead.unknown == dead.best


@pytest.fixture(scope="module")
def sample_exports(tmp_path_factory):
    root = tmp_path_factory.mktemp("field")
    db = str(root / "k.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", "-q", str(SEEDS), "--db", db]).exit_code == 0
    for fmt in ("acled", "ucdp", "geojson"):
        result = runner.invoke(cli, ["export", "--db", db, "--format", fmt, "--out", str(root / fmt)])
        assert result.exit_code == 0, result.output
    return root


def _gazetteer_point(name: str) -> tuple[float, float] | None:
    return next(((e.lat, e.lon) for e in load_gazetteer() if e.name == name), None)


def test_sample_acled_values(sample_exports):
    rows = _csv(sample_exports / "acled" / "acled.csv")
    assert rows and list(rows[0]) == [c.column for c in load_columns("acled")]
    assert {r["sub_event_type"] for r in rows} <= ACLED_SUB_TYPES
    assert all(r["time_precision"] in "123" and r["geo_precision"] in "123" for r in rows)
    assert "Martakert" in {r["location"] for r in rows}
    for row in rows:
        point = _gazetteer_point(row["location"])
        assert point is None or (float(row["latitude"]), float(row["longitude"])) == pytest.approx(point, abs=1e-3)
    manifest = json.loads((sample_exports / "acled" / "manifest.json").read_text())
    assert manifest["codebook"] == "ACLED Codebook 2023" and sum(manifest["left_out"]["acled.csv"].values()) > 0


def test_sample_ucdp_values(sample_exports):
    rows = _csv(sample_exports / "ucdp" / "ucdp_ged.csv")
    assert rows and list(rows[0]) == [c.column for c in load_columns("ucdp")]
    for row in rows:
        assert 1 <= int(row["date_prec"]) <= 5 and 1 <= int(row["where_prec"]) <= 7
        assert int(row["low"]) <= int(row["best"]) <= int(row["high"])
        assert row["date_start"] <= row["date_end"] and row["type_of_violence"] in "123"
        point = _gazetteer_point(row["where_coordinates"])
        assert point is None or (float(row["latitude"]), float(row["longitude"])) == pytest.approx(point, abs=1e-3)


def test_sample_geojson_values(sample_exports):
    places = json.loads((sample_exports / "geojson" / "places.geojson").read_text())["features"]
    by_name = {f["properties"]["name"]: f["geometry"]["coordinates"] for f in places}
    lon, lat = by_name["Stepanakert"]
    assert lat == pytest.approx(39.82, abs=0.02) and lon == pytest.approx(46.75, abs=0.02)
    for name in ("places", "events", "figures"):
        data = json.loads((sample_exports / "geojson" / f"{name}.geojson").read_text())
        kind = load_columns(f"geojson_{name}")
        assert check_rows(kind, [f["properties"] for f in data["features"]]) == []
        for feature in data["features"]:
            lon, lat = feature["geometry"]["coordinates"]
            assert -180 <= lon <= 180 and -90 <= lat <= 90
    manifest = json.loads((sample_exports / "geojson" / "manifest.json").read_text())
    assert manifest["left_out"]["events.geojson"]["no coordinates"] > 0


def test_an_event_dated_before_the_formats_years_is_left_out_not_a_failed_export(tmp_path):
    records = _records()
    shelling = records.events[0]
    medieval = replace(shelling, id=stable_id("evt", 6), date=DateRange("1300-01-01", "1399-12-31", "year"),
                       status="historical")
    with Ledger(tmp_path / "old.db") as ledger:
        ledger.add(replace(records, events=(*records.events, medieval)))
        for fmt in ("acled", "ucdp"):
            manifest = export_field(ledger, tmp_path / fmt, fmt, NOW)
            assert manifest["left_out"][f"{'acled' if fmt == 'acled' else 'ucdp_ged'}.csv"][
                "year outside the format's"] == 1


def test_a_library_error_in_a_command_is_a_message_and_exit_code_3(tmp_path, monkeypatch):
    from newsledger.errors import FormatError

    def broken(*args, **kwargs):
        raise FormatError("acled.csv: 1 values outside the format")

    monkeypatch.setattr("newsledger.cli.export.export_ledger", broken)
    with Ledger(tmp_path / "l.db"):
        pass
    result = CliRunner().invoke(cli, ["export", "--db", str(tmp_path / "l.db"), "--format", "acled", "--out",
                                      str(tmp_path / "out")])
    assert result.exit_code == 3 and "values outside the format" in result.output and "Traceback" not in result.output
