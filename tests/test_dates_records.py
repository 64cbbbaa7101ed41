import pytest

from newsledger.nlp import AnalyzedDoc
from newsledger.dates.records import anchored_timexes, date_records, with_publication_date
from newsledger.records import Document, Event, Figure, Period, PublishedDate, Span

TEXT = (
    "More than 100 deaths have been reported since Sunday. "
    "Shelling hit the town on Wednesday, officials said."
)


@pytest.fixture(scope="module")
def nlp(resources):
    return resources.nlp


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


def test_publication_date_inferred_only_without_metadata(resources, nlp):
    given = PublishedDate("2021-05-05", "2021-05-05", "day", "metadata")
    adoc = _adoc(nlp, given)
    assert with_publication_date(adoc, resources.dating) is adoc
    text = "US Secretary of State Antony Blinken spoke by phone with both leaders on Tuesday."
    bare = AnalyzedDoc(Document(id="b", text=text), nlp(text))
    inferred = with_publication_date(bare, resources.dating).document.published
    assert inferred is not None and inferred.method in ("text", "inferred")
    assert "2021-01-26" <= inferred.start and (inferred.end is None or inferred.end <= "2025-01-20")
    assert inferred.evidence


STORY = (
    "Shelling hit the town on Wednesday, officials said.\n\n"
    "On Sunday, gunmen attacked a convoy. Two drivers were killed.\n\n"
    "Troops have been fighting rebels in the hills.\n\n"
    "The two countries fought a war over the region.\n\n"
    "Talks will be held in Geneva."
)


def _story_event(name, words, status="asserted"):
    start = STORY.index(words)
    return Event(name, ("s",), (Span.of("s", STORY, start, start + len(words)),), "ASSAULT", status)


def test_every_event_gets_the_nearest_date_and_says_where_it_came_from(nlp):
    published = PublishedDate("2024-05-15", "2024-05-15", "day", "metadata")
    adoc = AnalyzedDoc(Document(id="s", text=STORY, published=published), nlp(STORY))
    events = [
        _story_event("own", "Shelling hit the town"),
        _story_event("carried", "Two drivers were killed"),
        _story_event("window", "Troops have been fighting rebels"),
        _story_event("history", "fought a war", "historical"),
        _story_event("plan", "Talks will be held", "planned"),
    ]
    _, dated = date_records(adoc, [], events)
    by = {e.id: e for e in dated}
    assert (by["own"].date.start, by["own"].date_source) == ("2024-05-15", "sentence")  # Wednesday: publication day
    assert (by["carried"].date.start, by["carried"].date_source) == ("2024-05-12", "paragraph")
    window = by["window"]
    assert window.date_source == "reporting" and window.date.precision == "week"
    assert window.date.start <= "2024-05-12" and window.date.end == "2024-05-15"
    assert by["history"].date.start is None and by["history"].date_source is None  # the text gives no time
    assert by["plan"].date_source == "document" and by["plan"].date.start == "2024-05-15"


def test_without_publication_the_latest_day_named_gives_the_period(nlp):
    text = "On 3 March 2024 rebels seized the town. Fighting went on in the hills."
    adoc = AnalyzedDoc(Document(id="n", text=text), nlp(text))
    start = text.index("Fighting")
    event = Event("e", ("n",), (Span.of("n", text, start, start + 8),), "ASSAULT", "asserted")
    _, (dated,) = date_records(adoc, [], [event])
    assert (dated.date.start, dated.date.end, dated.date.precision) == ("2024-03-01", "2024-03-31", "month")
    assert dated.date_source == "document"


def test_a_datelines_filing_date_does_not_date_the_events(resources):
    from newsledger.analysis import analyze
    from newsledger.records import RawDocument

    text = ("16 November 2023\n\nMali army takes Kidal\n\nBAMAKO, Nov 16 (Reuters) - Malian soldiers took control "
            "of the northern town of Kidal on Tuesday, the army said, capturing a rebel stronghold.")
    events = analyze(RawDocument(content=text, format="text", source_path="a.txt"), resources).events
    body = [e for e in events if e.evidence[0].start >= text.index("BAMAKO")]
    assert body and all(e.date.start == "2023-11-14" for e in body)


def test_a_finer_day_of_the_sentence_within_the_evidence_s_own_expression_dates_the_act(nlp):
    text = "The army column set out from Gao in early October and seized the town of Anefis on October 7."
    adoc = AnalyzedDoc(Document(id="d", text=text, published=PublishedDate("2023-11-16", "2023-11-16", "day",
                                                                           "metadata")), nlp(text))
    event = Event("e", ("d",), (Span.of("d", text, 0, text.index(" on October 7")),), "ASSAULT", "asserted")
    _, (dated,) = date_records(adoc, [], [event])
    assert (dated.date.start, dated.date.end) == ("2023-10-07", "2023-10-07")


def _dated(nlp, text: str, published: str, start: int, end: int) -> tuple[str | None, str | None]:
    """The date range of an event whose evidence is text[start:end], in a text published that day."""
    adoc = AnalyzedDoc(Document(id="d", text=text, published=PublishedDate(published, published, "day", "metadata")),
                       nlp(text))
    event = Event("e", ("d",), (Span.of("d", text, start, end),), "ASSAULT", "asserted")
    _, (dated,) = date_records(adoc, [], [event])
    return dated.date.start, dated.date.end


def test_a_date_in_brackets_says_which_days_an_expression_means(nlp):
    text = "Clashes followed the abduction of three children from a cattle camp in the previous week (20-26 January)."
    assert _dated(nlp, text, "2024-02-07", text.index("the abduction"), text.index(" from")) == (
        "2024-01-20", "2024-01-26")


@pytest.mark.parametrize(("text", "day"), [
    # the day an army said something is not the day of what it said happened
    ("The army said on Tuesday that its forces killed 23 fighters in an operation carried out on Monday near the "
     "town.", "2024-11-04"),
    # unless the sentence tells no other day of the month before it
    ("Police said on Tuesday that gunmen killed 12 farmers near the town.", "2024-11-05"),
    ("The ministry said on Tuesday that gunmen killed 12 farmers near the town on 7 October.", "2024-10-07"),
])
def test_a_saying_s_day_dates_an_act_only_when_the_act_has_no_day_of_its_own(nlp, text, day):
    start = text.index("killed")
    assert _dated(nlp, text, "2024-11-06", start, start + len("killed 12")) == (day, day)


def test_a_range_open_at_one_end_dates_no_act(nlp):
    text = "The governor announced on Tuesday that 500 guards would be deployed to the town in the coming weeks."
    start = text.index("500 guards")
    assert _dated(nlp, text, "2025-02-12", start, text.index(" in the coming")) == ("2025-02-11", "2025-02-11")


def test_a_bracket_without_a_year_takes_the_year_of_the_expression_it_restates(nlp):
    # ACLED's notes: "Around 10 March 2025 (between 8 and 10 March)", read in a report of another year
    text = "Around 10 March 2025 (between 8 and 10 March), an IED exploded near a patrol."
    assert _dated(nlp, text, "2024-05-01", text.index("an IED"), text.index(" near")) == ("2025-03-08", "2025-03-10")


@pytest.mark.parametrize(("text", "words", "day"), [
    # an act told after "a day after" happened the day before the sentence's day
    ("Tanks took control of the crossing on Tuesday, a day after the army ordered civilians to leave the city.",
     "the army ordered civilians", "2024-05-06"),
    # not when its own clause names its day
    ("Rebels seized the town on Tuesday, two days after they shelled its outskirts on Sunday.",
     "they shelled its outskirts", "2024-05-05"),
])
def test_an_act_told_n_days_after_happened_n_days_before(nlp, text, words, day):
    adoc = AnalyzedDoc(Document(id="d", text=text, published=PublishedDate("2024-05-07", "2024-05-07", "day",
                                                                           "metadata")), nlp(text))
    event = Event("e", ("d",), (Span.of("d", text, text.index(words), text.index(words) + len(words)),), "ASSAULT",
                  "asserted")
    _, (dated,) = date_records(adoc, [], [event])
    assert (dated.date.start, dated.date.end) == (day, day)


@pytest.mark.parametrize(("heading", "start", "end", "precision"), [
    ("Weekly Conflict Overview: 21-27 September 2024", "2024-09-21", "2024-09-27", "week"),
    ("Situation report, 1 - 20 September 2024", "2024-09-01", "2024-09-20", "month"),
])
def test_the_days_a_report_says_it_covers_are_its_reporting_window(nlp, heading, start, end, precision):
    text = f"{heading}\n\nGunmen killed a village chief in an attack on his home, residents said."
    published = PublishedDate("2024-10-03", "2024-10-03", "day", "metadata")
    adoc = AnalyzedDoc(Document(id="w", text=text, published=published), nlp(text))
    at = text.index("Gunmen")
    event = Event("e", ("w",), (Span.of("w", text, at, at + 25),), "ASSAULT", "asserted")
    _, (dated,) = date_records(adoc, [], [event])
    assert (dated.date.start, dated.date.end, dated.date.precision, dated.date_source) == (
        start, end, precision, "reporting")


def test_an_editions_two_days_are_no_covered_period(nlp):
    text = "14-15 May 2024\n\nGunmen killed a village chief in an attack on his home, residents said."
    published = PublishedDate("2024-05-15", "2024-05-15", "day", "metadata")
    adoc = AnalyzedDoc(Document(id="w", text=text, published=published), nlp(text))
    at = text.index("Gunmen")
    event = Event("e", ("w",), (Span.of("w", text, at, at + 25),), "ASSAULT", "asserted")
    _, (dated,) = date_records(adoc, [], [event])
    assert dated.date_source == "reporting" and dated.date.start < "2024-05-14"
