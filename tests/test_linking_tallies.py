"""Reconciling figures into tallies: supersession, bounds, exclusions, incident sums."""

from __future__ import annotations

from newsledger.linking.tallies import point, reconcile
from newsledger.records import Actor, Figure, Period, PublishedDate, Span, stable_id

MINISTRY = Actor("Westland Ministry of Health", "act_wl_moh", "WLD", "GOV")
AGENCY = Actor("Eastland News Agency", "act_el_news", "ELD", "MED")
WESTLAND = Actor("Westland", "state:WLD", "WLD", "GOV")
EASTLAND = Actor("Eastland", "state:ELD", "ELD", "GOV")

DATES = {
    f"doc_{day:02d}": PublishedDate(f"2021-03-{day:02d}", f"2021-03-{day:02d}", "day", "text") for day in range(1, 31)
}
EPISODES = {doc: "epi_1" for doc in DATES} | {"doc_old": "epi_0"}


def fig(doc: str, low: int, high: int | None = None, *, qualifier: str = "exact", group: str = "civilians",
        kind: str = "killed", cumulative: bool = True, historical: bool = False,
        reporter: Actor | None = MINISTRY, side: Actor | None = None, period: Period | None = None,
        start: int = 0) -> Figure:
    """A figure of `doc`; an exact figure's high defaults to its low."""
    high = low if high is None and qualifier == "exact" else high
    span = Span(doc, start, start + 5, "words")
    return Figure(stable_id("fig", doc, start, low), doc, span, kind, low, high,  # type: ignore[arg-type]
                  qualifier, group, side=side, period=period, cumulative=cumulative,  # type: ignore[arg-type]
                  historical=historical, attributed_to=reporter)


def tally(*figures: Figure):
    found = reconcile(figures, EPISODES, DATES)
    assert len(found) == 1, found
    return found[0]


def test_a_newer_running_total_supersedes_the_same_reporters_older_one():
    old, new = fig("doc_02", 50), fig("doc_05", 80)
    t = tally(new, old)
    assert (t.low, t.best, t.high) == (80, 80, 80)
    assert t.figure_ids == (new.id,)
    assert t.as_of == "2021-03-05"
    assert "superseded" in t.note and t.episode_id == "epi_1"


def test_different_reporters_bound_the_range_and_the_most_cited_gives_best():
    ministry = [fig("doc_03", 70), fig("doc_04", 80, start=1)]
    agency = fig("doc_04", 120, reporter=AGENCY, start=2)
    t = tally(*ministry, agency)
    assert (t.low, t.best, t.high) == (80, 80, 120)
    assert set(t.figure_ids) == {ministry[1].id, agency.id}
    assert "Westland Ministry of Health" in t.note


def test_open_ended_and_approximate_figures():
    assert point(fig("doc_01", 90, 110, qualifier="approx")) == 100
    assert point(fig("doc_01", 1, 40, qualifier="at_most")) == 40
    t = tally(fig("doc_04", 100, None, qualifier="at_least"))
    assert (t.low, t.best, t.high) == (100, 100, 100)


def test_historical_figures_and_documents_outside_episodes_stay_out():
    current = fig("doc_04", 12)
    figures = [current, fig("doc_04", 30000, historical=True, start=9), fig("doc_unknown", 5)]
    t = tally(*figures)
    assert t.figure_ids == (current.id,) and t.best == 12


def test_tallies_are_kept_apart_by_episode_kind_group_and_side():
    figures = [
        fig("doc_04", 12), fig("doc_old", 7), fig("doc_04", 30, kind="injured", start=1),
        fig("doc_04", 40, group="military", start=2), fig("doc_04", 9, side=WESTLAND, start=3),
        fig("doc_04", 11, side=EASTLAND, start=4),
    ]
    found = reconcile(figures, EPISODES, DATES)
    keys = [(t.episode_id, t.kind, t.group, t.side.country if t.side else None) for t in found]
    assert keys == [
        ("epi_0", "killed", "civilians", None), ("epi_1", "injured", "civilians", None),
        ("epi_1", "killed", "civilians", None), ("epi_1", "killed", "civilians", "ELD"),
        ("epi_1", "killed", "civilians", "WLD"), ("epi_1", "killed", "military", None),
    ]


def test_running_totals_win_over_incident_figures():
    total = fig("doc_05", 40)
    t = tally(total, fig("doc_05", 3, cumulative=False, start=7))
    assert t.best == 40 and t.figure_ids == (total.id,) and "ignored" in t.note


def test_incident_figures_are_summed_over_distinct_periods_only():
    day1, day2 = Period("2021-03-01", "2021-03-01", "day"), Period("2021-03-02", "2021-03-02", "day")
    week = Period("2021-03-01", "2021-03-07", "week")
    figures = [
        fig("doc_02", 5, cumulative=False, period=day1),
        fig("doc_02", 7, cumulative=False, period=day1, reporter=AGENCY, start=1),
        fig("doc_03", 4, cumulative=False, period=day2, start=2),
        fig("doc_03", 2, cumulative=False, start=3),
    ]
    t = tally(*figures)
    assert (t.low, t.high) == (5 + 4, 7 + 4)
    assert t.best in (5 + 4, 7 + 4) and len(t.figure_ids) == 3
    assert "2 distinct period" in t.note and "1 figure(s)" in t.note
    overlapping = tally(fig("doc_02", 5, cumulative=False, period=day1),
                        fig("doc_08", 9, cumulative=False, period=week, start=1))
    assert (overlapping.low, overlapping.best, overlapping.high) == (9, 9, None)


def test_undated_incidents_are_never_summed():
    t = tally(fig("doc_02", 3, cumulative=False), fig("doc_03", 14, cumulative=False, reporter=AGENCY, start=1))
    assert (t.low, t.best, t.high) == (14, 14, None)
    assert "lower bound" in t.note
