import pytest

from newsledger.nlp import AnalyzedDoc, load_pipeline
from newsledger.record_dates import anchored_timexes, date_records, with_publication_date
from newsledger.records import Document, Event, Figure, Period, PublishedDate, Span

TEXT = (
    "More than 100 deaths have been reported since Sunday. "
    "Shelling hit the town on Wednesday, officials said."
)


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _adoc(nlp, published):
    return AnalyzedDoc(Document(id="d", text=TEXT, published=published), nlp(TEXT))


def _figure():
    span = Span.of("d", TEXT, 0, 52)
    return Figure("f", "d", span, "killed", 100, None, "at_least", period=Period(label="since Sunday"), cumulative=True)


def _event():
    return Event("e", ("d",), (Span.of("d", TEXT, 54, 88),), "ASSAULT", "asserted")


def test_exact_day_dates_periods_and_events(nlp):
    adoc = _adoc(nlp, PublishedDate("2020-10-01", "2020-10-01", "day", "metadata"))
    figures, events = date_records(adoc, [_figure()], [_event()])
    assert (figures[0].period.start, figures[0].period.end) == ("2020-09-27", "2020-10-01")
    assert figures[0].period.label == "since Sunday"
    assert (events[0].date.start, events[0].date.end) == ("2020-09-30", "2020-09-30")


def test_uncertain_day_keeps_only_what_both_ends_agree_on(nlp):
    # Published Thursday or Friday: "on Wednesday" is the same day either way, "since Sunday" ends on the later day.
    adoc = _adoc(nlp, PublishedDate("2020-10-01", "2020-10-02", "day", "inferred"))
    figures, events = date_records(adoc, [_figure()], [_event()])
    assert (figures[0].period.start, figures[0].period.end) == ("2020-09-27", "2020-10-02")
    assert events[0].date.start == "2020-09-30"
    assert events[0].date_source == "sentence"
    # Across a week boundary "on Wednesday" could be two different days: no false day, but the reporting window.
    wide = _adoc(nlp, PublishedDate("2020-10-01", "2020-10-08", "week", "inferred"))
    assert "Wednesday" not in {t.span.text for t in anchored_timexes(wide)}
    _, events = date_records(wide, [], [_event()])
    assert events[0].date.precision != "day" and events[0].date_source == "reporting"
    assert events[0].date.start <= "2020-09-30" <= events[0].date.end


def test_publication_date_inferred_only_without_metadata(nlp):
    given = PublishedDate("2021-05-05", "2021-05-05", "day", "metadata")
    adoc = _adoc(nlp, given)
    assert with_publication_date(adoc) is adoc
    text = "US Secretary of State Antony Blinken spoke by phone with both leaders on Tuesday."
    bare = AnalyzedDoc(Document(id="b", text=text), nlp(text))
    inferred = with_publication_date(bare).document.published
    assert inferred is not None and inferred.method in ("text", "inferred")
    assert "2021-01-26" <= inferred.start and (inferred.end is None or inferred.end <= "2025-01-20")
    assert inferred.evidence
