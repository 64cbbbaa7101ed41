import pytest

from newsledger.dates.anaphora import relative_day
from newsledger.dates.anchor import Timex
from newsledger.records import DateRange, Span

TEXT = "On Saturday, gunmen attacked a village. {} fighting erupted in the next county."


def _timex(text: str, day: str) -> Timex:
    start = text.index("Saturday")
    return Timex(Span.of("d", text, start, start + len("Saturday")), DateRange(day, day, "day"), day, "date")


@pytest.mark.parametrize(("words", "day"), [
    ("The following day,", "2024-01-28"),
    ("Hours later,", "2024-01-27"),
    ("The same evening,", "2024-01-27"),
    ("Two days later,", "2024-01-29"),
    ("The previous night,", "2024-01-26"),
])
def test_a_day_told_from_the_day_just_told(words, day):
    text = TEXT.format(words)
    start = text.index(words)
    assert relative_day(text, start, len(text), [_timex(text, "2024-01-27")]) == DateRange(day, day, "day")


def test_no_day_told_before_means_no_day():
    text = "The following day, fighting erupted."
    assert relative_day(text, 0, len(text), []) is None


def test_a_sentence_without_such_words_is_left_to_the_other_rules():
    text = TEXT.format("Then")
    assert relative_day(text, text.index("Then"), len(text), [_timex(text, "2024-01-27")]) is None
