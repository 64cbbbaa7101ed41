"""Episode views: the map's theatre and markers, the timeline's marks, names, the paged tables.

A hand-made ledger (invented countries and towns) holds one episode: dated attacks in two
towns of Westland, figures there, and talks in a far-away capital, which must stay out of
the theatre the map opens on.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from newsledger.ledger import Ledger, listing
from newsledger.records import (
    Actor,
    Claim,
    DateRange,
    DocRecords,
    Document,
    Event,
    Figure,
    Mention,
    Place,
    PublishedDate,
    Series,
    SeriesPoint,
    Span,
    Story,
    Tally,
    content_id,
    stable_id,
)
from newsledger.web import create_app, names, queries, theatre

EAST = Actor("Eastland", "act_eastland", "ELD", None)
EAST_ARMY = Actor("Eastland armed forces", "act_eastland_army", "ELD", "MIL")
WEST = Actor("Westland", "act_westland", "WLD", None)
NORTHTOWN = Place("Northtown", "WLD", 40.1, 45.2, None, "exact")
SOUTHVALE = Place("Southvale", "WLD", 39.7, 45.6, None, "exact")
HIGHLANDS = Place("Highlands", "WLD", 39.9, 45.4, None, "region")
CAPITAL = Place("Farcity", "NLD", 52.0, 5.0, None, "exact")


def _doc(n: int, day: str, town: Place, outlet: str, title: str | None) -> DocRecords:
    text = (f"Report {n}. Shelling of {town.name} killed {n + 3} civilians on {day}, officials in the "
            f"Highlands said. Eastland's army attacked {town.name} again. Talks were held in Farcity. "
            f"Eastland denied the attack.")
    doc_id = content_id(text)

    def span(phrase: str) -> Span:
        start = text.index(phrase)
        return Span.of(doc_id, text, start, start + len(phrase))

    document = Document(id=doc_id, text=text, title=title, source_name=outlet, language="en",
                        published=PublishedDate(day, day, "day", "text", (day,)))
    mentions = tuple(
        Mention(stable_id("men", doc_id, span(p.name).start), doc_id, span(p.name), "place", place=p)
        for p in (town, HIGHLANDS, CAPITAL)
    )
    killed = span(f"killed {n + 3} civilians")
    figure = Figure(stable_id("fig", doc_id, killed.start), doc_id, killed, "killed", n + 3, None, "exact",
                    "civilians", place=Place(town.name), attributed_to=WEST)
    attack = span(f"Eastland's army attacked {town.name}")
    events = (
        Event(stable_id("evt", doc_id, attack.start), (doc_id,), (attack,), "ASSAULT", "asserted",
              actor=EAST_ARMY, target=WEST, place=town, date=DateRange(day, day, "day")),
        Event(stable_id("evt", doc_id, span("Talks were held").start), (doc_id,), (span("Talks were held in Farcity"),),
              "CONSULT", "asserted", actor=EAST, target=WEST, place=CAPITAL, date=DateRange(day, day, "day")),
    )
    said = span("Eastland denied the attack")
    claim = Claim(stable_id("clm", doc_id, said.start), doc_id, said, EAST, "denied", "deny", "the attack")
    return DocRecords(document, mentions, (figure,), (claim,), events)


def build_hand_ledger(path: str) -> None:
    """Write the hand-made episode (three reports of dated attacks, talks far away) to a new ledger."""
    batch = [
        _doc(1, "2021-03-07", NORTHTOWN, "Example News", "Shelling in Northtown"),
        _doc(2, "2021-03-09", SOUTHVALE, "Daily Example", None),
        _doc(3, "2021-03-12", NORTHTOWN, "Example News", "More shelling"),
    ]
    ids = tuple(r.document.id for r in batch)
    with Ledger(path) as ledger:
        ledger.add_many(batch)
        ledger.replace_stories([
            Story("sto_a", "epi_w", ids[:2], "Shelling in Northtown", DateRange("2021-03-07", "2021-03-09", "day")),
            Story("sto_b", "epi_w", ids[2:], None, DateRange("2021-03-12", "2021-03-12", "day")),
        ])
        ledger.set_document_links_many([(ids[0], "sto_a", "epi_w"), (ids[1], "sto_a", "epi_w"),
                                        (ids[2], "sto_b", "epi_w")])
        figures = [f for r in batch for f in r.figures]
        # Westland's reports as the series linking derives for a tally: the timeline draws these, not the figures.
        series = Series("Westland", WEST.id, points=tuple(
            SeriesPoint(r.document.published.start, f.low, f.high, f.low, f.id) for r in batch for f in r.figures))
        ledger.replace_tallies([Tally("epi_w", "killed", "civilians", 4, 6, 6, as_of="2021-03-12",
                                      figure_ids=tuple(f.id for f in figures), series=(series,))])


@pytest.fixture(scope="module")
def hand_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("theatre") / "hand.db")
    build_hand_ledger(path)
    return path


@pytest.fixture(scope="module")
def client(hand_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(hand_db)) as test_client:
        yield test_client


def test_date_span_in_words():
    assert names.date_span("2020-09-27", "2020-10-10") == "27 Sep – 10 Oct 2020"
    assert names.date_span("2020-10-03", "2020-10-09") == "3 – 9 Oct 2020"
    assert names.date_span("2020-10-09", None) == "9 Oct 2020"
    assert names.date_span("2019-12-30", "2020-01-02") == "30 Dec 2019 – 2 Jan 2020"
    assert names.date_span(None, None) == ""


def test_episode_named_by_place_dates_and_belligerents(hand_db):
    with Ledger(hand_db) as ledger:
        episode = queries.episodes(ledger)[0]
        titles = names.titles(ledger, [episode])
    assert titles["epi_w"] == "Northtown, 7 – 12 Mar 2021: Eastland vs Westland"
    assert titles["sto_a"] == "Shelling in Northtown"
    assert titles["sto_b"].startswith("Assault: Eastland armed forces → Westland at Northtown")
    assert not any(re.fullmatch(r"(epi|sto)_\w+", t) for t in titles.values())


def test_document_without_title_is_named_by_outlet_and_date(hand_db):
    with Ledger(hand_db) as ledger:
        untitled = next(d for d in ledger.documents() if d.title is None)
    assert names.document_name(untitled).startswith("Daily Example, 9 Mar 2021: Report 2.")


def test_map_api_fits_the_theatre_of_violence_not_the_talks(client):
    data = client.get("/api/map").json()
    assert data["episode"]["id"] == "epi_w" and data["episode"]["name"].startswith("Northtown")
    south, west, north, east = data["theatre"]
    for town in (NORTHTOWN, SOUTHVALE):
        assert south < town.lat < north and west < town.lon < east
    assert not (south < CAPITAL.lat < north and west < CAPITAL.lon < east)
    assert north - south < 4 and east - west < 5  # a few hundred kilometres, not a continent
    places = {p["name"]: p for p in data["places"]}
    assert places["Northtown"]["events"] == 2 and places["Northtown"]["figures"] == 2 and places["Northtown"]["violent"]
    assert places["Highlands"]["precision"] == "region" and not places["Farcity"]["violent"]
    assert all(re.fullmatch(r"/documents/doc_\w+#\d+-\d+", f["href"]) for p in data["places"] for f in p["facts"])
    assert len(client.get("/api/map", params={"limit": 2}).json()["places"]) == 2
    assert client.get("/api/map", params={"limit": 100_000}).status_code == 422


def test_timeline_api_counts_dated_attacks_by_day(client):
    data = client.get("/api/timeline", params={"episode": "epi_w"}).json()
    attacks = {d["day"]: d for d in data["days"] if d["series"] == "ASSAULT"}
    assert sorted(attacks) == ["2021-03-07", "2021-03-09", "2021-03-12"]
    assert all(d["count"] == 1 and d["facts"][0]["href"].startswith("/documents/") for d in attacks.values())
    assert data["series"] and data["series"][0]["reporter"] == "Westland"
    series = data["series"][0]
    assert [p["value"] for p in series["points"]] == [4, 5, 6]
    assert [p["day"] for p in series["points"]] == ["2021-03-07", "2021-03-09", "2021-03-12"]
    assert all(re.fullmatch(r"/documents/doc_\w+#\d+-\d+", p["href"]) for p in series["points"])
    # The tally's reconciled range, for the band drawn at its date.
    assert (series["low"], series["best"], series["high"], series["as_of"]) == (4, 6, 6, "2021-03-12")


def test_claims_table_sorted_filtered_and_paged_in_the_database(hand_db, client):
    with Ledger(hand_db) as ledger:
        rows, total = listing.claim_page(ledger, order="date", descending=True, limit=2, offset=0)
        rest, _ = listing.claim_page(ledger, order="date", descending=True, limit=2, offset=2)
        only, one = listing.claim_page(ledger, outlet="Daily Example")
    assert total == 3 and len(rows) == 2 and len(rest) == 1
    assert [r.source.published.start for r in rows + rest] == ["2021-03-12", "2021-03-09", "2021-03-07"]
    assert one == 1 and only[0].source.source_name == "Daily Example"
    page = client.get("/claims", params={"sort": "outlet"}).text
    assert "Daily Example" in page and 'aria-sort="ascending"' in page and "2021-03-09" in page


def test_documents_table_shows_names_not_ids(client):
    page = client.get("/documents", params={"sort": "date", "dir": "desc"}).text
    page = page[page.index("<table"):]
    assert "Daily Example, 9 Mar 2021" in page
    assert not re.search(r">doc_\w+</a>", page)
    assert page.index("More shelling") < page.index("Shelling in Northtown")


def test_theatre_falls_back_to_any_place_then_nothing():
    calm = theatre.MapPlace("Farcity", 52.0, 5.0, "exact", None, 1, 0, 1, False, (), 0)
    assert theatre.theatre([calm]) is not None
    assert theatre.theatre([]) is None


def test_undated_events_stand_on_the_day_of_their_first_report(hand_db):
    with Ledger(hand_db) as ledger:
        episode = queries.episodes(ledger)[0]
        records = theatre.episode_records(ledger, episode, published=True)
    dated, _ = theatre.day_marks(records)
    assert {m.group for m in dated if m.series == "ASSAULT"} == {"event"}
    undated = dataclasses.replace(records, events=[dataclasses.replace(e, date=DateRange()) for e in records.events])
    marks, left_out = theatre.day_marks(undated)
    reported = {m.day for m in marks if m.series == "ASSAULT" and m.group == "reported"}
    assert reported == {"2021-03-07", "2021-03-09", "2021-03-12"} and left_out == 0
    assert all(f.label.startswith("reported by ") for m in marks if m.group == "reported" for f in m.facts)
