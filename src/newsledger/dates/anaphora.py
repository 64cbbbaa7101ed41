"""Days a text tells relative to the day it has just told: "the following day", "hours later",
"the same evening", "two days later".

Such an expression names no calendar day of its own, so the time-expression reader leaves it
out; a report uses it right after a dated sentence ("On Saturday, gunmen attacked X. The
following day, fighting erupted in Y."), and the day it means is that day moved by its offset.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from ..records import DateRange
from .anchor import Timex

_PART = r"(?:day|morning|afternoon|evening|night)"
_RELATIVE = re.compile(
    rf"\b(?:(?P<same>(?:the\s+)?same\s+{_PART}|hours\s+later|later\s+that\s+{_PART})"
    rf"|(?P<next>(?:the\s+)?(?:following|next)\s+{_PART}|a\s+day\s+later|the\s+day\s+after)"
    rf"|(?P<before>(?:the\s+)?previous\s+{_PART}|the\s+day\s+before|a\s+day\s+earlier)"
    r"|(?P<count>two|three|four|five|[2-9])\s+days\s+(?P<way>later|earlier))\b",
    re.I,
)
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5}
# How far back the day an expression counts from may be told: the paragraph before, not the article's start.
REACH_CHARS = 1500


def relative_day(text: str, start: int, end: int, timexes: Sequence[Timex]) -> DateRange | None:
    """The day an expression of text[start:end] tells relative to the last day told before it, if any."""
    found = _RELATIVE.search(text, start, end)
    if found is None:
        return None
    offset = _offset(found)
    days = [t for t in timexes if t.span.end <= found.start() and found.start() - t.span.end <= REACH_CHARS
            and t.value.precision == "day" and t.value.start and t.value.start == (t.value.end or t.value.start)]
    if not days:
        return None
    day = (date.fromisoformat(days[-1].value.start) + timedelta(days=offset)).isoformat()  # type: ignore[arg-type]
    return DateRange(day, day, "day")


def _offset(found: re.Match[str]) -> int:
    if found.group("same"):
        return 0
    if found.group("next"):
        return 1
    if found.group("before"):
        return -1
    word = found.group("count").lower()
    count = _COUNTS.get(word) or int(word)
    return count if found.group("way").lower() == "later" else -count
