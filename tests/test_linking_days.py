"""Days: ranges, their order, and a figure's two dates (as of when, about when)."""

from __future__ import annotations

from datetime import date

from newsledger.linking.days import (
    UNKNOWN_WIDTH, date_key, day_range, figure_date, figure_span, gap, hull, shift, show, width,
)
from newsledger.records import DateRange, Figure, PublishedDate, Span

TEXT = "Shelling killed 12 civilians on Monday; the toll since September is 300."
WEEK = PublishedDate("2020-10-01", "2020-10-03", "day", "text", ())


def _figure(cumulative: bool, period: DateRange | None) -> Figure:
    return Figure("f", "d", Span.of("d", TEXT, 0, 28), "killed", 12, 12, "exact", "civilians",
                  cumulative=cumulative, period=period)


def test_ranges_measure_and_order_days():
    days = day_range(DateRange("2020-10-01", "2020-10-03"))
    assert days == (date(2020, 10, 1), date(2020, 10, 3)) and width(days) == 3
    assert day_range(DateRange(None, "2020-10-03")) == (date.min, date(2020, 10, 3))
    assert width(day_range(DateRange(None, "2020-10-03"))) == UNKNOWN_WIDTH
    assert gap(days, (date(2020, 10, 5), date(2020, 10, 5))) == 2 and gap(days, days) == 0
    assert hull(days, None) == days and show(days) == "2020-10-01..2020-10-03" and show(None) == "undated"
    assert shift(date.min, -7) == date.min and shift(date(2020, 10, 1), -1) == date(2020, 9, 30)
    # Earliest first, the narrower of two starting the same day first, undated last.
    keys = [date_key(None, "a"), date_key(days, "b"), date_key((days[0], days[0]), "c")]
    assert [k[2] for k in sorted(keys)] == ["c", "b", "a"]


def test_an_incident_is_about_its_period_and_current_as_of_its_report():
    monday = DateRange("2020-09-28", "2020-09-28", "day")
    incident = _figure(False, monday)
    assert figure_span(incident, WEEK) == ("2020-09-28", "2020-09-28")
    assert figure_date(incident, WEEK) == "2020-10-03"


def test_a_running_total_is_placed_at_its_report_by_both():
    total = _figure(True, DateRange("2020-09-27", "2020-10-02"))
    assert figure_span(total, WEEK) == ("2020-10-01", "2020-10-03")
    assert figure_date(total, WEEK) == figure_span(total, WEEK)[1]


def test_without_a_publication_date_a_figure_falls_back_to_its_period():
    incident = _figure(False, DateRange("2020-09-28", "2020-09-29"))
    assert figure_date(incident, None) == "2020-09-29"
    assert figure_span(_figure(True, None), None) == (None, None) and figure_date(_figure(True, None), None) == ""
