"""Reconciling figures into tallies: series, supersession, open bounds, incidents, blocs, invariants."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsledger.linking.blocs import Member
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
    assert set(t.figure_ids) == {old.id, new.id}
    assert t.as_of == "2021-03-05" and t.episode_id == "epi_1"
    assert [[p.value for p in s.points] for s in t.series] == [[50, 80]]


def test_a_later_smaller_report_of_the_same_reporter_is_a_revision_the_note_names():
    t = tally(fig("doc_02", 80), fig("doc_05", 60))
    assert t.best == 60 and "revised downward" in t.note and "Westland Ministry of Health" in t.note


def test_best_is_the_newest_total_and_the_range_spans_recent_reporters():
    ministry = [fig("doc_03", 70), fig("doc_04", 80, start=1)]
    agency = fig("doc_05", 120, reporter=AGENCY, start=2)
    t = tally(*ministry, agency)
    assert (t.low, t.best, t.high) == (80, 120, 120)
    assert "120" in t.note and "Eastland News Agency" in t.note
    stale = tally(fig("doc_01", 30), fig("doc_20", 200, reporter=AGENCY, start=1))
    assert (stale.low, stale.best, stale.high) == (200, 200, 200)


def test_an_open_bound_stays_open_and_is_never_capped():
    assert point(fig("doc_01", 90, 110, qualifier="approx")) == 100
    assert point(fig("doc_01", 1, 40, qualifier="at_most")) == 40
    t = tally(fig("doc_04", 100, None, qualifier="at_least"))
    assert (t.low, t.best, t.high) == (100, 100, None)


def test_a_later_larger_total_is_not_dropped_as_an_incident_of_an_older_smaller_one():
    older = fig("doc_02", 100, None, qualifier="at_least", reporter=None)
    later = fig("doc_09", 360, 440, qualifier="approx", reporter=None, start=1)
    t = tally(older, later)
    assert (t.low, t.best, t.high) == (360, 400, 440) and t.as_of == "2021-03-09"


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


def test_incidents_inside_a_running_total_do_not_add_to_it():
    total = fig("doc_05", 40)
    t = tally(total, fig("doc_04", 3, cumulative=False, start=7))
    assert t.best == 40 and "inside the running totals" in t.note


def test_incidents_outside_the_running_totals_raise_low():
    total = fig("doc_05", 10)
    bigger = fig("doc_04", 25, cumulative=False, start=7)
    later = fig("doc_08", 4, cumulative=False, start=8)
    t = tally(total, bigger)
    assert (t.low, t.best, t.high) == (25, 25, None) and "outside every running total (25)" in t.note
    assert tally(total, later).low == 10


def test_incident_figures_are_summed_over_distinct_periods_and_the_largest_of_overlapping_ones():
    day1, day2 = Period("2021-03-01", "2021-03-01", "day"), Period("2021-03-02", "2021-03-02", "day")
    week = Period("2021-03-01", "2021-03-07", "week")
    figures = [
        fig("doc_02", 5, cumulative=False, period=day1),
        fig("doc_02", 7, cumulative=False, period=day1, reporter=AGENCY, start=1),
        fig("doc_03", 4, cumulative=False, period=day2, start=2),
        fig("doc_03", 2, cumulative=False, start=3),
    ]
    t = tally(*figures)
    assert (t.low, t.best, t.high) == (7 + 4, 7 + 4, None) and len(t.figure_ids) == 4
    overlapping = tally(fig("doc_02", 5, cumulative=False, period=day1),
                        fig("doc_08", 9, cumulative=False, period=week, start=1))
    assert (overlapping.low, overlapping.best, overlapping.high) == (9, 9, None)


def test_undated_incidents_are_never_summed():
    t = tally(fig("doc_02", 3, cumulative=False), fig("doc_03", 14, cumulative=False, reporter=AGENCY, start=1))
    assert (t.low, t.best, t.high) == (14, 14, None)


def test_a_mixed_group_counts_toward_all_groups():
    t = tally(fig("doc_03", 200, group="mixed"))
    assert t.group == "any" and t.best == 200


CONFLICT = (Member("westland-war", "WLD", "WLD", True, "2020-01-01", None),
            Member("westland-war", "WLD", "act_wl_moh", False, "2020-01-01", None),
            Member("westland-war", "ELD", "ELD", True, "2020-01-01", None))


def test_sides_are_belligerent_blocs_from_the_conflicts_file(monkeypatch):
    monkeypatch.setattr("newsledger.linking.blocs.load_conflicts", lambda: CONFLICT)
    monkeypatch.setattr("newsledger.linking.blocs._leads", lambda members, actors: {"WLD": WESTLAND, "ELD": EASTLAND})
    ally = Actor("Westland Ministry of Health", "act_wl_moh", "XXX", "GOV")
    found = reconcile([fig("doc_03", 9, side=ally), fig("doc_04", 5, side=WESTLAND, start=1)], EPISODES, DATES)
    assert [(t.side.name if t.side else None, t.best, len(t.figure_ids)) for t in found] == [("Westland", 5, 2)]


def test_a_both_sides_total_is_the_sum_of_the_sides_when_newer(monkeypatch):
    monkeypatch.setattr("newsledger.linking.blocs.load_conflicts", lambda: CONFLICT)
    monkeypatch.setattr("newsledger.linking.blocs._leads", lambda members, actors: {"WLD": WESTLAND, "ELD": EASTLAND})
    overall = fig("doc_02", 30, reporter=None)
    west, east = fig("doc_06", 25, side=WESTLAND, start=1), fig("doc_07", 20, side=EASTLAND, reporter=AGENCY, start=2)
    both = next(t for t in reconcile([overall, west, east], EPISODES, DATES) if t.side is None)
    assert both.best == 45 and "sum" in both.note
    newer = fig("doc_09", 50, reporter=None, start=3)
    both = next(t for t in reconcile([overall, west, east, newer], EPISODES, DATES) if t.side is None)
    assert both.best == 50


def test_as_of_leaves_out_later_reports():
    figures = [fig("doc_02", 50), fig("doc_09", 80, start=1)]
    (t,) = reconcile(figures, EPISODES, DATES, as_of="2021-03-05")
    assert t.best == 50 and t.as_of == "2021-03-02"


# --- invariants (issue 14, point 6) ----------------------------------------------------------------

REPORTERS = (MINISTRY, AGENCY, None)
_figure = st.builds(
    lambda day, low, width, qualifier, cumulative, who, start: fig(
        f"doc_{day:02d}", low, None if qualifier == "at_least" else low + width, qualifier=qualifier,
        cumulative=cumulative, reporter=REPORTERS[who], start=start),
    st.integers(1, 28), st.integers(0, 500), st.integers(0, 50), st.sampled_from(["exact", "approx", "at_least"]),
    st.booleans(), st.integers(0, 2), st.integers(0, 10_000),
)
_figures = st.lists(_figure, min_size=1, max_size=8, unique_by=lambda f: f.id)


def _one(figures):
    found = reconcile(figures, EPISODES, DATES)
    assert len(found) == 1
    return found[0]


@settings(max_examples=150, deadline=None)
@given(_figures, st.randoms())
def test_reconciliation_does_not_depend_on_arrival_order(figures, rnd):
    shuffled = list(figures)
    rnd.shuffle(shuffled)
    assert _one(figures) == _one(shuffled)


@settings(max_examples=150, deadline=None)
@given(_figures)
def test_bounds_are_ordered_and_every_tally_lists_its_figures(figures):
    t = _one(figures)
    assert t.low <= t.best and (t.high is None or t.best <= t.high)
    assert set(t.figure_ids) == {f.id for f in figures}


@settings(max_examples=150, deadline=None)
@given(_figures, st.integers(0, 2), st.integers(1, 100))
def test_a_later_larger_running_total_never_lowers_best_or_high(figures, who, extra):
    before = _one(figures)
    top = max(max(f.low, f.high or f.low) for f in figures)
    later = fig("doc_29", top + extra, reporter=REPORTERS[who], start=99_999)
    after = _one([*figures, later])
    assert after.best >= before.best
    assert before.high is None or after.high is None or after.high >= before.high


@settings(max_examples=150, deadline=None)
@given(_figures, st.integers(0, 10_000))
def test_a_report_older_than_its_series_latest_never_lowers_best(figures, low):
    before = _one(figures)
    totals = [f for f in figures if f.cumulative]
    if not totals:
        return
    newest = max(totals, key=lambda f: f.doc_id)
    day = int(newest.doc_id[-2:])
    if day == 1 or newest.attributed_to is None:
        return  # an unattributed figure is its own document's series: another document's is another series
    older = fig(f"doc_{day - 1:02d}", low, reporter=newest.attributed_to, start=99_998)
    assert _one([*figures, older]).best >= before.best or older.low > before.best


def test_without_a_known_conflict_the_blocs_come_from_who_fights_whom(monkeypatch):
    from newsledger.linking.blocs import episode_blocs
    from newsledger.records import Event

    monkeypatch.setattr("newsledger.linking.blocs.load_conflicts", lambda: ())
    span = Span("doc_03", 0, 5, "words")
    events = [Event(f"evt_{i}", ("doc_03",), (span,), "ASSAULT", "asserted", actor=WESTLAND, target=EASTLAND)
              for i in range(2)]
    blocs = episode_blocs([], events, "2021-03-03")
    assert blocs.bloc_of(WESTLAND) != blocs.bloc_of(EASTLAND) and blocs.bloc_of(AGENCY) == "ELD"
    west, east = fig("doc_03", 9, side=WESTLAND), fig("doc_04", 5, side=EASTLAND, start=1)
    found = reconcile([west, east], EPISODES, DATES, events)
    assert sorted((t.side.name if t.side else "", t.best) for t in found) == [("", 14), ("Eastland", 5), ("Westland", 9)]
