"""Anchoring: what a temporal expression denotes on a given publication day, in TimeML notation.

News style decides the direction of underspecified expressions: "on Wednesday"
in a past or present clause is the most recent Wednesday on or before the
anchor, in a future clause the next one; "June" likewise. Labels use TimeML:
2020-09-30, 2020-W40, 2020-09, 2020-SU, 2020, 199 (a decade), 19 (a century),
PRESENT_REF/PAST_REF/FUTURE_REF, P2W for durations, XXXX-WXX-3 for a
Wednesday with no anchor, XXXX when unknown. Publication-date inference
(`publication.py`) resolves the same meanings on many candidate days.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from threading import Lock

from dateparser.date import DateData, DateDataParser

from ..records import PRECISIONS, DateRange, Precision, Span
from .timex import (
    FALLBACK_WORTHY, SEASONS, Between, Calendar, Duration, Every, Expr, Kind, Ref, Shift, Tense, Unknown, Weekday,
)

# Parts of a period as fractions of it, wide enough for loose usage: "late last month" may be the 19th.
PART_BOUNDS = {"early": (0.0, 0.4), "start": (0.0, 0.25), "mid": (0.25, 0.75), "late": (0.55, 1.0), "end": (0.7, 1.0)}
# The parsers are shared within a process; the per-call base must not change under another thread.
_PARSER_LOCK = Lock()
# A parser is made with a base so that it reads relative dates from a base at all; each call sets its own.
_UNSET_BASE = datetime(2000, 1, 1)


@dataclass(frozen=True)
class Timex:
    """A normalised temporal expression.

    `value` is the calendar range it denotes on the anchor (empty when it cannot
    be resolved, or for durations and sets); `label` the value in TimeML notation;
    `kind` date (absolute), relative (resolved from the anchor), range, duration
    or set; `parts` the ends of a range as timexes of their own.
    """

    span: Span
    value: DateRange
    label: str
    kind: Kind
    parts: tuple[Timex, ...] = ()


# --- anchoring ----------------------------------------------------------------------------------------


def resolve(expr: Expr, anchor: date | None, tense: Tense | None = None) -> tuple[DateRange, str]:
    """Anchor a meaning on a day: return the calendar range it denotes and its TimeML label.

    Args:
        expr: the meaning of an expression.
        anchor: the publication day; None leaves relative expressions unresolved.
        tense: the tense of its clause, which decides the direction of "Wednesday" or "June".

    Returns:
        (value, label); the value is empty (`DateRange()`) when there is nothing to anchor.
    """
    if isinstance(expr, Calendar):
        return _resolve_calendar(expr, anchor, tense)
    if isinstance(expr, Weekday):
        return _resolve_weekday(expr, anchor, tense)
    if isinstance(expr, Shift):
        return _resolve_shift(expr, anchor, tense)
    if isinstance(expr, Ref):
        return _resolve_ref(expr, anchor)
    if isinstance(expr, Duration):
        if expr.back and anchor is not None and expr.high:
            return DateRange((anchor - timedelta(expr.high)).isoformat(), anchor.isoformat(), "day"), expr.label
        return DateRange(), expr.label
    if isinstance(expr, Every):
        return DateRange(), expr.label
    if isinstance(expr, Between):
        return _resolve_between(expr, anchor, tense)
    return DateRange(), "XXXX"


def kind_of(expr: Expr) -> Kind:
    """Return the kind of a meaning: date, relative, range, duration or set."""
    if isinstance(expr, Between):
        return "range"
    if isinstance(expr, Duration):
        return "duration"
    if isinstance(expr, Every):
        return "set"
    if isinstance(expr, Calendar) and expr.year is not None or isinstance(expr, Unknown):
        return "date"
    return "relative"


def _resolve_calendar(expr: Calendar, anchor: date | None, tense: Tense | None) -> tuple[DateRange, str]:
    year = expr.year
    if year is None:
        if anchor is None:
            return DateRange(), f"XXXX-{expr.month:02d}" + (f"-{expr.day:02d}" if expr.day else "")
        year = _year_for(expr.month or 1, expr.day or 1, anchor, tense)
    if expr.unit == "day":
        day = date(year, expr.month or 1, expr.day or 1)
        return _range(day, day, "day"), day.isoformat()
    if expr.unit == "month":
        first, last = _month_bounds(year, expr.month or 1)
        first, last = _narrow(first, last, expr.part)
        return _range(first, last, "month"), f"{year}-{expr.month:02d}"
    if expr.unit == "decade":
        first, last = _narrow(date(year, 1, 1), date(year + 9, 12, 31), expr.part)
        return _range(first, last, "year"), str(year // 10)
    if expr.unit == "century":
        first, last = _narrow(date(max(year, 1), 1, 1), date(year + 99, 12, 31), expr.part)
        return _range(first, last, "year"), f"{year // 100:02d}"
    first, last = _narrow(date(year, 1, 1), date(year, 12, 31), expr.part)
    return _range(first, last, "year"), str(year)


def _year_for(month: int, day: int, anchor: date, tense: Tense | None) -> int:
    """The year of a month (and day) named without one: the last such before the anchor, or the next."""
    this_year = (month, day) if day else (month, 1)
    if tense == "future":
        return anchor.year if this_year >= (anchor.month, anchor.day if day else 1) else anchor.year + 1
    return anchor.year if this_year <= (anchor.month, anchor.day if day else 31) else anchor.year - 1


def _resolve_weekday(expr: Weekday, anchor: date | None, tense: Tense | None) -> tuple[DateRange, str]:
    if anchor is None:
        return DateRange(), f"XXXX-WXX-{expr.weekday + 1}"
    day = weekday_date(expr, anchor, tense)
    if expr.daypart == "overnight":
        return _range(day, day + timedelta(1), "day"), f"{day.isoformat()}TNI"
    if expr.daypart == "overnight into":
        return _range(day - timedelta(1), day, "day"), f"{(day - timedelta(1)).isoformat()}TNI"
    return _range(day, day, "day"), day.isoformat()


def weekday_date(expr: Weekday, anchor: date, tense: Tense | None) -> date:
    """The day a weekday expression names, seen from the anchor (news style: the last one, unless future)."""
    wanted = expr.weekday
    if expr.week is not None or expr.shift == "this":
        monday = anchor - timedelta(anchor.weekday()) + timedelta(7 * (expr.week or 0))
        return monday + timedelta(wanted)
    if expr.shift == "next":
        return anchor + timedelta((wanted - anchor.weekday() - 1) % 7 + 1)
    if expr.shift == "last":
        return anchor - timedelta((anchor.weekday() - wanted - 1) % 7 + 1)
    if tense == "future":
        return anchor + timedelta((wanted - anchor.weekday()) % 7)
    return anchor - timedelta((anchor.weekday() - wanted) % 7)


def _resolve_shift(expr: Shift, anchor: date | None, tense: Tense | None) -> tuple[DateRange, str]:
    if anchor is None:
        return DateRange(), _unresolved_label(expr)
    if expr.unit == "day":
        day = anchor + timedelta(expr.offset or 0)
        if expr.night:
            return _range(day, day + timedelta(1), "day"), f"{day.isoformat()}TNI"
        return _range(day, day, "day"), day.isoformat()
    if expr.unit in ("week", "weekend"):
        return _resolve_week(expr, anchor)
    if expr.unit == "season":
        return _resolve_season(expr, anchor, tense)
    if expr.part == "turn":
        return _turn_of_year(anchor, tense)
    offset = _offset_by_tense(expr, anchor, tense) if expr.offset is None else expr.offset
    first, last, label = _period_bounds(expr.unit, anchor, offset, expr.month)
    if expr.part in ("earlier", "later") and offset == 0:
        first, last = (first, anchor) if expr.part == "earlier" else (anchor, last)
    else:
        first, last = _narrow(first, last, expr.part)
    precision: Precision = "month" if expr.unit in ("month", "quarter") else "year"
    return _range(first, last, precision), label


def _resolve_week(expr: Shift, anchor: date) -> tuple[DateRange, str]:
    monday = anchor - timedelta(anchor.weekday()) + timedelta(7 * (expr.offset or 0))
    iso = monday.isocalendar()
    if expr.unit == "weekend":
        return _range(monday + timedelta(5), monday + timedelta(6), "week"), f"{iso[0]}-W{iso[1]:02d}-WE"
    first, last = monday, monday + timedelta(6)
    if expr.part in ("earlier", "later") and not expr.offset:
        first, last = (first, anchor) if expr.part == "earlier" else (anchor, last)
    return _range(first, last, "week"), f"{iso[0]}-W{iso[1]:02d}"


def _resolve_season(expr: Shift, anchor: date, tense: Tense | None) -> tuple[DateRange, str]:
    """This summer is the one of the anchor's year; last summer the last one over; next the next to come."""
    code, first_month = SEASONS[expr.season or "summer"]
    starts = [date(year, first_month, 1) for year in range(anchor.year - 2, anchor.year + 2)]
    bounds = [(start, _add_months(start, 3) - timedelta(1)) for start in starts]
    if expr.offset == -1 or expr.offset is None and tense == "past":
        first, last = [b for b in bounds if (b[1] < anchor if expr.offset == -1 else b[0] <= anchor)][-1]
    elif expr.offset == 1 or expr.offset is None and tense == "future":
        first, last = next(b for b in bounds if (b[0] > anchor if expr.offset == 1 else b[1] >= anchor))
    else:
        first, last = next(b for b in bounds if b[1] >= anchor or b[1].year == anchor.year)
    return _range(first, last, "month"), f"{first.year}-{code}"


def _turn_of_year(anchor: date, tense: Tense | None) -> tuple[DateRange, str]:
    new_year = date(anchor.year if tense == "past" or anchor.month == 1 else anchor.year + 1, 1, 1)
    return _range(new_year - timedelta(7), new_year + timedelta(6), "week"), new_year.isoformat()


def _offset_by_tense(expr: Shift, anchor: date, tense: Tense | None) -> int:
    first, last, _ = _period_bounds(expr.unit, anchor, 0, expr.month)
    first, last = _narrow(first, last, expr.part)
    if tense == "past" and first > anchor:
        return -1
    if tense == "future" and last < anchor:
        return 1
    return 0


def _period_bounds(unit: str, anchor: date, offset: int, month: int | None) -> tuple[date, date, str]:
    if unit == "month":
        if month is not None:
            year = anchor.year - (month >= anchor.month) if offset < 0 else anchor.year + (month <= anchor.month)
            first, last = _month_bounds(year, month)
            return first, last, f"{year}-{month:02d}"
        first = _add_months(date(anchor.year, anchor.month, 1), offset)
        return first, _add_months(first, 1) - timedelta(1), f"{first.year}-{first.month:02d}"
    if unit == "quarter":
        index = (anchor.month - 1) // 3 + offset
        year, quarter = anchor.year + index // 4, index % 4
        first = date(year, 3 * quarter + 1, 1)
        return first, _add_months(first, 3) - timedelta(1), f"{year}-Q{quarter + 1}"
    if unit == "decade":
        start = (anchor.year // 10 + offset) * 10
        return date(start, 1, 1), date(start + 9, 12, 31), str(start // 10)
    if unit == "century":
        start = (anchor.year // 100 + offset) * 100
        return date(max(start, 1), 1, 1), date(start + 99, 12, 31), f"{start // 100:02d}"
    year = anchor.year + offset
    return date(year, 1, 1), date(year, 12, 31), str(year)


def _resolve_ref(expr: Ref, anchor: date | None) -> tuple[DateRange, str]:
    if anchor is None:
        return DateRange(), expr.value
    day = anchor.isoformat()
    if expr.value == "PAST_REF":
        return DateRange(None, day, None), expr.value
    if expr.value == "FUTURE_REF":
        return DateRange(day, None, None), expr.value
    return DateRange(day, day, "day"), expr.value


def _resolve_between(expr: Between, anchor: date | None, tense: Tense | None) -> tuple[DateRange, str]:
    first, first_label = resolve(expr.first, anchor, tense)
    if expr.last is None:
        end = anchor.isoformat() if anchor else None
        return DateRange(first.start, end, first.precision), f"{first_label}/PRESENT_REF"
    last, last_label = resolve(expr.last, anchor, tense)
    precision = first.precision if _coarser(first.precision, last.precision) else last.precision
    return DateRange(first.start, last.end, precision), f"{first_label}/{last_label}"


def _unresolved_label(expr: Shift) -> str:
    labels = {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX"}
    return labels.get(expr.unit, "XXXX")


def _range(first: date, last: date, precision: Precision) -> DateRange:
    return DateRange(first.isoformat(), last.isoformat(), precision)


def _narrow(first: date, last: date, part: str | None) -> tuple[date, date]:
    if part not in PART_BOUNDS:
        return first, last
    low, high = PART_BOUNDS[part]
    days = (last - first).days
    return first + timedelta(round(days * low)), first + timedelta(round(days * high))


def _month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _coarser(a: Precision | None, b: Precision | None) -> bool:
    return PRECISIONS.index(a or "year") >= PRECISIONS.index(b or "year")


def parse_with_dateparser(text: str, anchor: date | None, tense: Tense | None) -> Calendar | None:
    """Read an expression the grammar left unknown with dateparser, relative to the anchor.

    Only expressions naming a month, a year or "ago" are tried: dateparser reads
    "the 99th day" as some day of last December.
    """
    if anchor is None or not FALLBACK_WORTHY.search(text):
        return None
    prefer = {"past": "past", "future": "future"}.get(tense or "", "current_period")
    data = _date_data(text, prefer, datetime.combine(anchor, datetime.min.time()))
    if data.date_obj is None:
        return None
    found = data.date_obj.date()
    if data.period in ("day", "time"):
        return Calendar(found.year, found.month, found.day, "day")
    if data.period == "month":
        return Calendar(found.year, found.month, None, "month")
    if data.period == "year":
        return Calendar(found.year)
    return None


def _date_data(text: str, prefer: str, base: datetime) -> DateData:
    """dateparser's reading of a text relative to a base, with one parser per preference.

    The base is set on the parser's settings for the call, as dateparser's own `search`
    does: settings that differ (one base per document) would make dateparser compile its
    English regexes again for each, and keep every copy for the life of the process.
    """
    parser = _date_parser(prefer)
    with _PARSER_LOCK:
        parser._settings.RELATIVE_BASE = base
        return parser.get_date_data(text)


@lru_cache(maxsize=4)
def _date_parser(prefer: str) -> DateDataParser:
    settings = {"PREFER_DATES_FROM": prefer, "RETURN_TIME_AS_PERIOD": True, "RELATIVE_BASE": _UNSET_BASE}
    return DateDataParser(languages=["en"], settings=settings)

