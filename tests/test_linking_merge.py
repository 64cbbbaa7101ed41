"""Merging reports of one event across documents."""

from __future__ import annotations

from dataclasses import replace

from newsledger.linking.merge import absorbed, merge_events
from newsledger.records import Actor, DateRange, Event, Place, PublishedDate, Span, stable_id

EASTLAND = Actor("Eastland", "state:ELD", "ELD", "GOV")
EASTLAND_ARMY = Actor("Eastland Armed Forces", "mil:ELD", "ELD", "MIL")
WESTLAND = Actor("Westland", "state:WLD", "WLD", "GOV")
NORTHTOWN = Place("Northtown", "WLD", 40.1, 45.2, 101, "exact")
SOUTHTOWN = Place("Southtown", "WLD", 40.0, 45.0, 102, "exact")
WEST_REGION = Place("West Province", "WLD", 40.0, 45.0, None, "region")


def event(doc: str, start: int = 0, *, type: str = "ASSAULT", status: str = "claimed",  # noqa: A002
          actor: Actor | None = EASTLAND, target: Actor | None = WESTLAND, place: Place | None = None,
          date: DateRange = DateRange(), confidence: float = 0.5) -> Event:
    words = "an Su-25 jet was shot down over the border"
    span = Span(doc, start, start + len(words), words)
    return Event(stable_id("evt", doc, start), (doc,), (span,), type, status,  # type: ignore[arg-type]
                 actor=actor, target=target, place=place, date=date, confidence=confidence)


DATES = {
    "doc_a": PublishedDate("2021-03-12", "2021-03-12", "day", "text"),
    "doc_b": PublishedDate("2021-03-13", "2021-03-13", "day", "text"),
    "doc_c": PublishedDate("2021-06-01", "2021-06-01", "day", "text"),
}
EPISODES = {"doc_a": "epi_1", "doc_b": "epi_1", "doc_c": "epi_1", "doc_x": "epi_2"}


def merge(*events: Event) -> list[Event]:
    return merge_events(events, EPISODES, DATES)


def test_same_event_in_two_documents_becomes_one_with_both_documents_and_spans():
    a, b = event("doc_a", 10), event("doc_b", 40, actor=EASTLAND_ARMY, place=NORTHTOWN, confidence=0.8)
    explain: list[str] = []
    merged = merge_events([b, a], EPISODES, DATES, explain)
    assert len(merged) == 1
    one = merged[0]
    assert one.id == a.id  # the earliest report keeps its id
    assert one.doc_ids == ("doc_a", "doc_b")
    assert one.evidence == a.evidence + b.evidence
    assert one.place == NORTHTOWN and one.confidence == 0.8
    assert absorbed([a, b], merged) == {b.id: a.id}
    assert explain and b.id in explain[0] and a.id in explain[0]


def test_merging_again_changes_nothing():
    events = [event("doc_a", 10), event("doc_b", 40, place=NORTHTOWN), event("doc_b", 90, type="CONSULT")]
    once = merge(*events)
    assert merge(*once) == once
    assert len(once) == 2


def test_incompatible_reports_stay_apart():
    a = event("doc_a", 10, place=NORTHTOWN)
    assert len(merge(a, event("doc_b", 5, type="PROTEST"))) == 2
    assert len(merge(a, event("doc_b", 5, actor=WESTLAND, target=EASTLAND))) == 2  # other side
    assert len(merge(a, event("doc_b", 5, place=SOUTHTOWN))) == 2  # two different towns
    assert len(merge(a, event("doc_a", 50))) == 1 + 1  # one document never reports an event twice
    assert len(merge(a, event("doc_x", 5))) == 2  # another episode
    assert len(merge(a, event("doc_c", 5))) == 2  # published months later, no event date
    assert len(merge(a, event("doc_b", 5, status="planned"))) == 2


def test_unknowns_and_coarse_places_are_compatible_and_filled_in():
    a = event("doc_a", 10, actor=None, place=WEST_REGION)
    b = event("doc_b", 10, place=NORTHTOWN, date=DateRange("2021-03-11", "2021-03-11", "day"))
    merged = merge(a, b)
    assert len(merged) == 1
    assert merged[0].actor == EASTLAND and merged[0].place == NORTHTOWN
    assert merged[0].date == DateRange("2021-03-11", "2021-03-11", "day")


def test_event_dates_must_overlap_and_are_intersected():
    week = DateRange("2021-03-08", "2021-03-14", "week")
    a = event("doc_a", 10, date=week)
    b = event("doc_b", 10, date=DateRange("2021-03-10", "2021-03-10", "day"))
    c = event("doc_c", 10, date=DateRange("2021-03-20", "2021-03-20", "day"))
    merged = merge(a, b, c)
    assert len(merged) == 2
    assert merged[0].date == DateRange("2021-03-10", "2021-03-10", "day")


def test_differing_statuses_merge_as_claimed():
    merged = merge(event("doc_a", 10, status="asserted"), event("doc_b", 10, status="denied"))
    assert [e.status for e in merged] == ["claimed"]
    same = merge(event("doc_a", 10, status="asserted"), event("doc_b", 10, status="asserted"))
    assert [e.status for e in same] == ["asserted"]


def test_an_event_joins_the_most_specific_match():
    loose = event("doc_a", 10, actor=None, target=None)
    exact = event("doc_a", 50, place=NORTHTOWN)
    report = event("doc_b", 10, place=NORTHTOWN)
    merged = merge(loose, exact, report)
    joined = [e for e in merged if "doc_b" in e.doc_ids]
    assert [e.id for e in joined] == [exact.id]
    assert replace(joined[0], doc_ids=("doc_a",), evidence=exact.evidence) == exact


def test_same_actors_alone_do_not_make_one_event():
    """Daily fighting between the same two armies is many events, not one."""
    a = event("doc_a", 10)
    b = replace(event("doc_b", 40), evidence=(Span("doc_b", 40, 69, "heavy clashes continued overnight"),))
    assert len(merge(a, b)) == 2


def test_skipping_merged_events_that_ended_before_gives_the_same_merge(monkeypatch):
    from newsledger.linking import merge as merge_module

    days = ["2021-03-01", "2021-03-02", "2021-03-20", "2021-04-15", None]
    # Actors of two countries, of none known, and none at all: the candidates left out by their
    # parties must be exactly those `_agreement` vetoes.
    gunmen = Actor("gunmen", None, None, "REB")
    actors = (EASTLAND, None, WESTLAND, gunmen, EASTLAND_ARMY)
    events = [event(f"doc_{i}", i, actor=actors[i % 5], target=(WESTLAND, None, EASTLAND, gunmen)[i % 4],
                    place=(NORTHTOWN, SOUTHTOWN, None)[i % 3],
                    date=DateRange(days[i % 5], days[i % 5], "day") if days[i % 5] else DateRange())
              for i in range(120)]
    episodes = {f"doc_{i}": "epi_1" for i in range(120)}
    explain: list[str] = []
    fast = merge_events(events, episodes, {}, explain)
    monkeypatch.setattr(merge_module._Bucket, "candidates",
                        lambda self, facts, known: sorted(i for group in self.every.values() for i in group))
    every: list[str] = []
    assert merge_events(events, episodes, {}, every) == fast
    assert every == explain
    assert len(fast) < len(events)


def test_reprints_merge_into_one_event_with_every_document_and_span_once_in_order():
    reprints = [event(f"doc_{i}", 10 * i) for i in range(6)]
    dates = {f"doc_{i}": PublishedDate("2021-03-12", "2021-03-12", "day", "text") for i in range(6)}
    episodes = {f"doc_{i}": "epi_1" for i in range(6)}
    merged = merge_events(reprints[::-1], episodes, dates)
    assert len(merged) == 1
    assert merged[0].doc_ids == tuple(f"doc_{i}" for i in range(6))
    assert merged[0].evidence == tuple(e.evidence[0] for e in reprints)


def test_an_event_with_no_actor_and_no_target_merges_with_nothing():
    a = event("doc_a", 10, actor=None, target=None)
    b = event("doc_b", 40, actor=None, target=None)
    assert merge(a, b) == [a, b]


def test_a_theatre_place_or_reporting_window_is_no_agreement():
    def report(doc: str, words: str, source: str) -> Event:
        span = Span(doc, 0, len(words), words)
        return Event(stable_id("evt", doc), (doc,), (span,), "ASSAULT", "claimed", actor=EASTLAND, target=WESTLAND,
                     place=NORTHTOWN, place_source=source)  # type: ignore[arg-type]

    stated = [report("doc_a", "troops shelled houses", "sentence"), report("doc_b", "artillery struck markets", "sentence")]
    assert len(merge(*stated)) == 1  # the same town named by both
    guessed = [replace(e, place_source="theatre") for e in stated]
    assert len(merge(*guessed)) == 2  # the same theatre: many attacks happen there
    windows = [replace(e, date=DateRange("2021-03-06", "2021-03-12", "week"), date_source="reporting")
               for e in guessed]
    assert len(merge(*windows)) == 2
