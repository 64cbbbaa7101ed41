"""Temporal expressions: find them in a text and read what each means, before any anchoring.

A grammar of regular expressions over the cleaned text finds dates, weekdays,
months, years and their ranges ("1988-94", "between 1991 and 1994", "the early
1990s", "since Sunday"), periods counted from now ("last week", "late last
month", "three years ago", "the turn of the year"), durations ("nearly two
weeks", "the fourth consecutive day"), vague references ("now", "recently")
and recurrences ("every day"). Each match becomes an unanchored meaning (`Expr`);
longer matches win over shorter ones. spaCy's DATE entities the grammar misses
are kept as `Unknown`. The verb governing each expression gives the tense of
its clause (`tense.clause_tense`), which later decides which way an
underspecified one points (`anchor.resolve`).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc

from ..nlp import doc_ents, doc_text
from .tense import Tense, clause_tense

Kind = Literal["date", "duration", "set", "relative", "range"]

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
    "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a couple of": 2,
}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
}
CENTURY_WORDS = {"nineteenth": 19, "twentieth": 20, "twenty-first": 21}
UNIT_DAYS = {"day": 1, "night": 1, "week": 7, "month": 30, "year": 365, "decade": 3652, "hour": 0}
UNIT_CODES = {"day": "D", "night": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE", "hour": "TH"}
SEASONS = {"spring": ("SP", 3), "summer": ("SU", 6), "autumn": ("FA", 9), "fall": ("FA", 9), "winter": ("WI", 12)}

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)")
_MONTH_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_NUM = r"(?:\d+|a\s+couple\s+of|a\s+few|few|several|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + ")"
_PART = (r"(?:early|mid|mid-|late|(?:at\s+)?the\s+(?:end|start|beginning|middle)\s+of"
         r"|end\s+of|start\s+of|beginning\s+of)")
_ORDINAL = r"(?:\d+(?:st|nd|rd|th)|" + "|".join(ORDINALS) + ")"
# A bare year must follow one of these words (or be a DATE entity): "2000 soldiers" is no year.
_CUE_WINDOW = 64
_YEAR_CUE = re.compile(
    r"(?i:\b(?:in|since|of|by|until|till|from|before|after|during|between|to|through|early|late|mid|the|a|an|its|"
    r"his|her|their|our|circa|around|year|fiscal|summer|spring|autumn|fall|winter|season)\s*-?)$"
)
_MONTH_ALONE_CUE = re.compile(r"(?i:\b(?:in|since|until|till|by|through|of|from|to|during|before|after|early|late|mid|"
                              r"last|next|this|each|every|that|end|start|beginning|middle)\s*-?)$")


@dataclass(frozen=True)
class Calendar:
    """A calendar date, perhaps partial: 2020, May 2010, Sept. 27 (no year), the 1990s, the 20th century."""

    year: int | None
    month: int | None = None
    day: int | None = None
    unit: str = "year"
    season: str | None = None
    part: str | None = None


@dataclass(frozen=True)
class Weekday:
    """A day of the week: "on Wednesday", "late Thursday", "next Monday", "Tuesday this week"."""

    weekday: int
    shift: str | None = None
    part: str | None = None
    daypart: str | None = None
    week: int | None = None


@dataclass(frozen=True)
class Shift:
    """A period counted from the anchor: yesterday, last week, this year, three years ago, late last month.

    `offset` None means "the one the tense points to" (the end of the year).
    """

    unit: str
    offset: int | None
    part: str | None = None
    season: str | None = None
    night: bool = False
    month: int | None = None


@dataclass(frozen=True)
class Ref:
    """A vague reference to now, the past or the future."""

    value: str


@dataclass(frozen=True)
class Duration:
    """A length of time, in days (low..high), with its TimeML label ("nearly two weeks": 9..14, P2W)."""

    low: int
    high: int
    label: str
    ordinal: int | None = None
    back: bool = False


@dataclass(frozen=True)
class Every:
    """A recurrence: every day, each season, annually."""

    label: str


@dataclass(frozen=True)
class Unknown:
    """A temporal expression the grammar recognises but cannot give a value."""

    text: str


@dataclass(frozen=True)
class Between:
    """A range between two expressions; `last` None means up to the anchor ("since 1994")."""

    first: Expr
    last: Expr | None


Expr = Calendar | Weekday | Shift | Ref | Duration | Every | Unknown | Between


@dataclass(frozen=True)
class Found:
    """One temporal expression in a text: offsets, meaning, the tense of its clause, and sub-parts of a range."""

    start: int
    end: int
    expr: Expr
    tense: Tense | None = None
    parts: tuple[Found, ...] = ()


# --- the grammar ------------------------------------------------------------------------------------

Builder = Callable[[re.Match[str], str, Doc | None], Expr | None]


def _full_date(m: re.Match[str], text: str, doc: Doc | None) -> Expr | None:
    month = _month(m["m"] or m["m2"])
    day = _day_number(m["d"] or m["d2"])
    year = int(m["y"] or m["y2"])
    return Calendar(year, month, day, "day") if _valid(year, month, day) else None


def _iso_date(m: re.Match[str], text: str, doc: Doc | None) -> Expr | None:
    year, month, day = int(m["y"]), int(m["m"]), int(m["d"])
    return Calendar(year, month, day, "day") if _valid(year, month, day) else None


def _month_year(m: re.Match[str], text: str, doc: Doc | None) -> Expr | None:
    return Calendar(int(m["y"]), _month(m["m"]), None, "month", part=_part(m["part"]))


def _day_span(m: re.Match[str], text: str, doc: Doc | None) -> Expr | None:
    month = _month(m["m"] or m["m2"] or m["m3"] or m["m4"])
    first = _day_number(m["d1"] or m["d3"] or m["d5"] or m["d7"])
    last = _day_number(m["d2"] or m["d4"] or m["d6"] or m["d8"])
    year = int(m["y"]) if m["y"] else None
    if not (first < last and _valid(year or 2000, month, last)):
        return None
    return Between(Calendar(year, month, first, "day"), Calendar(year, month, last, "day"))


def _month_day(m: re.Match[str], text: str, doc: Doc | None) -> Expr | None:
    month = _month(m["m"] or m["m2"])
    day = _day_number(m["d"] or m["d2"])
    return Calendar(None, month, day, "day") if _valid(2000, month, day) else None


def _month_alone(m: re.Match[str], text: str, doc: Doc | None) -> Expr | None:
    name = m["m"]
    cue = _MONTH_ALONE_CUE.search(text[max(0, m.start() - _CUE_WINDOW) : m.start()])
    if not (m["part"] or m["rel"]) and name in ("May", "March") and not cue:
        return None
    rel = (m["rel"] or "").lower()
    if rel in ("last", "next"):
        return Shift("month", -1 if rel == "last" else 1, _part(m["part"]), month=_month(name))
    return Calendar(None, _month(name), None, "month", part=_part(m["part"]))


def _year_range(m: re.Match[str], text: str, doc: Doc | None) -> Expr | None:
    first = int(m["y1"])
    last_text = m["y2"]
    last = int(last_text) if len(last_text) == 4 else (first // 100) * 100 + int(last_text)
    worded = re.search(r"[a-z]", m.group(0)[m.end("y1") - m.start() : m.start("y2") - m.start()])
    if last <= first or last - first > 100 or (worded and not m["pre"]):
        return None
    return Between(Calendar(first), Calendar(last))


def _decade(m: re.Match[str], text: str, doc: Doc | None) -> Expr | None:
    return Calendar(int(m["dec"]), unit="decade", part=_part(m["part"]))


def _century(m: re.Match[str], text: str, doc: Doc | None) -> Expr | None:
    number = int(m["n"]) if m["n"] else CENTURY_WORDS[(m["w"] or "").lower()]
    return Calendar((number - 1) * 100, unit="century", part=_part(m["part"]))


def _year(m: re.Match[str], text: str, doc: Doc | None) -> Expr | None:
    # The cue ends where the year starts: a short window keeps the search linear in the text.
    before, after = text[max(0, m.start("y") - _CUE_WINDOW) : m.start("y")], text[m.end() : m.end() + 3]
    cued = m["part"] or _YEAR_CUE.search(before) or after.startswith(("'s", "’s", "-", "–"))
    if before.endswith(("$", "€", "£", "#", ",", ".")) or after.lstrip().startswith(("%", "per")):
        return None
    label = _entity_label(doc, m.start("y"), m.end("y"))
    if label in ("CARDINAL", "QUANTITY", "MONEY", "PERCENT") or not cued and label != "DATE":
        return None
    return Calendar(int(m["y"]), part=_part(m["part"]))


def _weekday(m: re.Match[str], text: str, doc: Doc | None) -> Expr | None:
    shift = " ".join((m["shift"] or "").lower().split()) or None
    shift = {"this past": "last", "this coming": "next"}.get(shift or "", shift)
    part = (m["part"] or "").lower() or None
    week = {"this": 0, "last": -1, "next": 1}.get((m["wk"] or "").lower())
    daypart = (m["dp"] or "").lower() or None
    if m["over"]:  # "overnight on Friday": Friday night into Saturday; "overnight into Friday": the night before
        daypart = "overnight into" if (m["into"] or "").lower() == "into" else "overnight"
    return Weekday(WEEKDAYS.index(m["wd"].lower()), shift, part, daypart, week)


def _day_word(m: re.Match[str], text: str, doc: Doc | None) -> Expr | None:
    word = " ".join(m.group(0).lower().split())
    if word in ("overnight", "last night"):
        return Shift("day", -1, night=True)
    if word == "tonight":
        return Shift("day", 0, night=True)
    offset = {"the day before yesterday": -2, "yesterday": -1, "tomorrow": 1}.get(word, 0)
    part = "earlier" if word.startswith("earlier") else "later" if word.startswith("later") else None
    return Shift("day", offset, part)


def _period(m: re.Match[str], text: str, doc: Doc | None) -> Expr | None:
    rel = " ".join((m["rel"] or "").lower().split())
    unit = m["unit"].lower().split()[-1]
    part = _part(m["part"])
    if not rel or rel == "the":
        if part is None:
            return None
        rel = "the"
    if rel == "the same":
        return Unknown(m.group(0))
    if rel in ("the past", "the last") and part is None and unit in UNIT_DAYS:
        # "in the past week" is the seven days up to now, not the previous calendar week.
        return Duration(UNIT_DAYS[unit], UNIT_DAYS[unit], _duration_label(1, unit), back=True)
    offset: int | None = {
        "this": 0, "the current": 0, "current": 0, "last": -1, "the past": -1, "the last": -1, "the previous": -1,
        "previous": -1, "past": -1, "next": 1, "the next": 1, "the coming": 1, "coming": 1,
    }.get(rel)
    if unit in SEASONS:
        return Shift("season", offset, part, season=unit)
    if unit == "weekend":
        return Shift("weekend", offset, part)
    return Shift(unit, offset, part)


def _ago(m: re.Match[str], text: str, doc: Doc | None) -> Expr | None:
    count = _count(m["n"])
    unit = m["unit"].lower().rstrip("s")
    if count is None:
        return Ref("PAST_REF")
    if unit == "decade":
        return Shift("year", -10 * count)
    return Shift(unit, -count)


def _duration(m: re.Match[str], text: str, doc: Doc | None) -> Expr | None:
    unit = m["unit"].lower().rstrip("s")
    count = _count(m["n"])
    qualifier = " ".join((m["q"] or "").lower().split())
    back = qualifier in ("the past", "the last", "the previous")
    if count is None:
        return Duration(0, 0, f"PX{UNIT_CODES[unit]}", back=back)
    size = count * UNIT_DAYS[unit]
    low, high = _duration_bounds(qualifier, size, unit)
    return Duration(low, high, _duration_label(count, unit), back=back)


def _consecutive(m: re.Match[str], text: str, doc: Doc | None) -> Expr | None:
    groups = m.groupdict()
    raw = (groups["ord"] or groups.get("ord2") or "").lower()
    number = int(raw[:-2]) if raw[:-2].isdigit() else ORDINALS[raw]
    unit = (groups["unit"] or groups.get("unit2") or "day").lower()
    size = number * UNIT_DAYS[unit]
    return Duration(size, size, _duration_label(number, unit), ordinal=number)


def _ref(value: str) -> Builder:
    return lambda m, text, doc: Ref(value)


def _every(m: re.Match[str], text: str, doc: Doc | None) -> Expr | None:
    word = m.group(0).lower().split()[-1]
    code = {"daily": "P1D", "day": "P1D", "nightly": "P1D", "night": "P1D", "morning": "XXXX-XX-XXTMO",
            "evening": "XXXX-XX-XXTEV", "weekly": "P1W", "week": "P1W", "weekend": "XXXX-WXX-WE",
            "monthly": "P1M", "month": "P1M"}.get(word, "P1Y")
    return Every(code)


def _turn_of_year(m: re.Match[str], text: str, doc: Doc | None) -> Expr | None:
    return Shift("year", None, "turn")


def _starting(first: str, pattern: str) -> re.Pattern[str]:
    """A pattern behind a lookahead for the characters its matches can start with (`first` must hold them all).

    The same matches: a position no match can start at fails at its first character instead of
    trying every optional prefix of the pattern there.
    """
    return re.compile(rf"(?={first}){pattern}")


_CENTURY = re.compile(r"(?:(?i:the)\s+)?(?:(?P<part>(?i:early|mid|late))\s+)?(?:(?P<n>\d{1,2})(?:st|nd|rd|th)"
                      r"|(?P<w>(?i:nineteenth|twentieth|twenty-first)))[\s-]+(?i:century)\b")
_CONSECUTIVE = re.compile(rf"(?i:\b(?P<ord>{_ORDINAL})\s+(?:consecutive|straight|successive)"
                          r"\s+(?P<unit>day|night|week|month)\b)")
# Words without which a pattern cannot match: a text without them is not scanned with it.
_NEEDS: dict[re.Pattern[str], re.Pattern[str]] = {
    _CENTURY: re.compile(r"(?i:century)"), _CONSECUTIVE: re.compile(r"(?i:consecutive|straight|successive)"),
}

GRAMMAR: tuple[tuple[re.Pattern[str], Builder], ...] = (
    # "21-27 September 2024", "Sept. 21-27": the days a weekly report covers
    # "between 8 and 10 March", "from 8 to 10 March" (ACLED's notes give a range of days so)
    (_starting("[MTWFSJAOND0-9]", rf"(?:(?P<d1>{_DAY})\s*[-–]\s*(?P<d2>{_DAY})\s+(?P<m>{_MONTH})"
                rf"|(?P<m2>{_MONTH})\s+(?P<d3>{_DAY})\s*[-–]\s*(?P<d4>{_DAY})"
                rf"|(?<=(?i:between) )(?P<d5>{_DAY})\s+(?i:and)\s+(?P<d6>{_DAY})\s+(?P<m3>{_MONTH})"
                rf"|(?<=(?i:from) )(?P<d7>{_DAY})\s+(?i:to|until|till|through)\s+(?P<d8>{_DAY})\s+(?P<m4>{_MONTH}))"
                rf"\b(?:,?\s+(?P<y>{_YEAR})\b)?"),
     _day_span),
    (_starting("[MTWFSJAOND0-9]", rf"(?:{_WEEKDAY},?\s+)?(?:(?P<m>{_MONTH})\s+(?P<d>{_DAY}),?\s+(?P<y>{_YEAR})"
                rf"|(?P<d2>{_DAY})\s+(?:of\s+)?(?P<m2>{_MONTH}),?\s+(?P<y2>{_YEAR}))\b"), _full_date),
    (re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"), _iso_date),
    (_starting("(?i:[emlatsbjfond])", rf"(?:(?P<part>(?i:{_PART}))\s*)?(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR})\b"),
     _month_year),
    (_starting("[MTWFSJAOND0-9]", rf"(?:{_WEEKDAY},?\s+)?(?:(?P<m>{_MONTH})\s+(?P<d>{_DAY})"
                rf"|(?P<d2>{_DAY})\s+(?:of\s+)?(?P<m2>{_MONTH}))\b(?![.,]?\d)"), _month_day),
    (_starting("(?i:[emlatsbnjfond])", rf"(?:(?P<part>(?i:{_PART}))\s*)?"
               rf"(?:(?P<rel>(?i:last|next|this|this\s+past))\s+)?\b(?P<m>{_MONTH_FULL})\b"), _month_alone),
    (re.compile(rf"\b(?:(?P<pre>(?i:between|from))\s+)?(?P<y1>{_YEAR})"
                rf"\s*(?:[-–—/]|(?i:\s(?:and|to|until|till|through)\s))"
                rf"\s*(?P<y2>{_YEAR}|\d\d)\b(?![-–]\d)"), _year_range),
    (_starting("(?i:[teml12])", r"(?:(?i:the)\s+)?(?:(?P<part>(?i:early|mid|late))\s*-?\s*)?\b"
               r"(?P<dec>(?:1[5-9]|20)\d0)'?s\b"), _decade),
    (_CENTURY, _century),
    (_starting("(?i:[emlatsb12])", rf"(?:(?P<part>(?i:{_PART}))\s*)?\b(?P<y>{_YEAR})\b(?![-–/]\d)"), _year),
    (_starting("(?i:[lentmwfso])", rf"(?:(?P<over>(?i:overnight))\s+(?:(?P<into>(?i:on|into))\s+)?)?"
                rf"(?:(?P<part>(?i:late|early|earlier|later))\s+(?:(?i:on)\s+)?)?"
                rf"(?:(?P<shift>(?i:last|next|this\s+past|this\s+coming|this))\s+)?\b(?P<wd>{_WEEKDAY})\b"
                rf"(?:\s+(?P<dp>(?i:morning|afternoon|evening|night)))?"
                rf"(?:,?\s+(?P<wk>(?i:this|last|next))\s+(?i:week)\b)?"),
     _weekday),
    (re.compile(r"(?i:\b(?:the\s+day\s+before\s+yesterday|yesterday|today|tomorrow|tonight|last\s+night|overnight"
                r"|(?:earlier|later)\s+today)\b)"), _day_word),
    (re.compile(r"(?i:(?:at\s+)?the\s+turn\s+of\s+the\s+year)"), _turn_of_year),
    (re.compile(rf"(?i:\b(?:(?P<part>{_PART}|earlier|later)\s+)?(?P<rel>this|last|next|the\s+past|the\s+last|"
                r"the\s+previous|the\s+coming|the\s+next|the\s+current|the\s+same|the|current|coming|previous)?\s*"
                r"(?P<unit>week|weekend|month|year|fiscal\s+year|financial\s+year|summer|winter|spring|autumn|fall"
                r"|decade|century|quarter)\b)"), _period),
    (_starting(r"(?i:[\daotfsenh])", rf"(?i:\b(?P<n>{_NUM})\s+(?P<unit>days?|weeks?|months?|years?|decades?)\s+ago\b)"),
     _ago),
    (_starting(r"(?i:[\dnarsmoltufeh])",
               rf"(?i:\b(?:(?P<q>nearly|almost|about|around|roughly|some|approximately|more\s+than|over|at\s+least"
                rf"|less\s+than|under|up\s+to|the\s+past|the\s+last|the\s+next|the\s+first|the\s+previous|another)\s+)?"
                rf"(?P<n>{_NUM})[\s-]+(?P<unit>days?|nights?|weeks?|months?|years?|decades?|hours?)\b(?!\s+ago))"),
     _duration),
    (_CONSECUTIVE, _consecutive),
    # "For a tenth day", "the third week of fighting": a count of days of a conflict.
    (re.compile(rf"(?i:(?<=\bfor\s)an?\s+(?P<ord>{_ORDINAL})\s+(?P<unit>day|night|week)\b"
                rf"|(?<=\bthe\s)(?P<ord2>{_ORDINAL})\s+(?P<unit2>day|week|month)\b(?=\s+of\s+(?:the\s+)?"
                r"(?:fighting|war|clashes|hostilities|conflict|offensive|shelling|invasion)))"),
     _consecutive),
    (re.compile(r"(?i:\b(?:right\s+now|now|currently|at\s+present|presently|nowadays|these\s+days|at\s+the\s+moment)\b)"
                r"(?!-)"), _ref("PRESENT_REF")),
    (re.compile(r"(?i:\b(?:recently|lately|(?:in\s+)?the\s+past|at\s+the\s+time|formerly|previously"
                r"|in\s+recent\s+(?:days|weeks|months|years))\b)"), _ref("PAST_REF")),
    (re.compile(r"(?i:\b(?:(?:in\s+)?the\s+(?:near\s+)?future|soon"
                r"|in\s+the\s+coming\s+(?:days|weeks|months|years))\b)"),
     _ref("FUTURE_REF")),
    (re.compile(r"(?i:\b(?:every|each)\s+(?:day|night|week|month|year|morning|evening|season|summer|winter|spring"
                r"|autumn|weekend)\b|\b(?:daily|nightly|weekly|monthly|annually|yearly)\b)"), _every),
)

_SINCE = re.compile(r"(?i:\bsince\s+)$")
_RANGE_GAP = re.compile(r"\s*(?:-|–|—|\bto\b|\band\b|\buntil\b|\btill\b|\bthrough\b)\s*")
_RANGE_OPEN = re.compile(r"(?i:\b(?:between|from)\s+)$")
# Unknown expressions worth handing to dateparser: those naming a month, a year or "ago".
FALLBACK_WORTHY = re.compile(rf"{_MONTH}|\b{_YEAR}\b|(?i:\bago\b)")
# A year written out.
YEAR = re.compile(rf"\b{_YEAR}\b")


def find_timexes(text: str, doc: Doc | None = None) -> list[Found]:
    """Find every temporal expression in a text, with its meaning and the tense of its clause.

    Args:
        text: the cleaned text.
        doc: its spaCy parse (tense, entity checks, and DATE entities the grammar missed); optional.

    Returns:
        Non-overlapping expressions in text order.
    """
    candidates: list[tuple[int, int, int, Expr, tuple[Found, ...]]] = []
    for priority, (pattern, build) in enumerate(GRAMMAR):
        needs = _NEEDS.get(pattern)
        if needs is not None and not needs.search(text):
            continue
        for m in pattern.finditer(text):
            expr = build(m, text, doc)
            if expr is not None and m.end() > m.start():
                start, end = _trim(text, m.start(), m.end())
                candidates.append((start, end, priority, expr, _range_parts(m, expr)))
    chosen = _no_overlaps(candidates)
    chosen = _merge_ranges(_wrap_since(chosen, text), text)
    if doc is not None:
        chosen = sorted(chosen + _entity_fallback(doc, chosen), key=lambda f: f.start)
        chosen = [_with_tense(found, doc) for found in chosen]
    return chosen


def _range_parts(m: re.Match[str], expr: Expr) -> tuple[Found, ...]:
    if isinstance(expr, Between) and "y1" in m.re.groupindex:
        last = expr.last or expr.first
        return (Found(m.start("y1"), m.end("y1"), expr.first), Found(m.start("y2"), m.end("y2"), last))
    return ()


def _no_overlaps(candidates: list[tuple[int, int, int, Expr, tuple[Found, ...]]]) -> list[Found]:
    taken: list[Found] = []
    for start, end, _, expr, parts in sorted(candidates, key=lambda c: (c[0] - c[1], c[2], c[0])):
        if all(end <= f.start or start >= f.end for f in taken):
            taken.append(Found(start, end, expr, parts=parts))
    return sorted(taken, key=lambda f: f.start)


def _wrap_since(found: list[Found], text: str) -> list[Found]:
    out = []
    for f in found:
        head = _SINCE.search(text[max(0, f.start - 10) : f.start])
        if head and isinstance(f.expr, Calendar | Weekday | Shift):
            out.append(Found(f.start - len(head.group(0)), f.end, Between(f.expr, None), parts=(f,)))
        else:
            out.append(f)
    return out


def _merge_ranges(found: list[Found], text: str) -> list[Found]:
    """Join "between A and B", "from A to B" and "A–B" of two dates into one range."""
    out: list[Found] = []
    for f in found:
        prev = out[-1] if out else None
        if prev is not None and _joinable(prev, f, text):
            opener = _RANGE_OPEN.search(text[max(0, prev.start - 10) : prev.start])
            start = prev.start - (len(opener.group(0)) if opener else 0)
            out[-1] = Found(start, f.end, Between(prev.expr, f.expr), parts=(prev, f))
        else:
            out.append(f)
    return out


def _joinable(a: Found, b: Found, text: str) -> bool:
    if not (isinstance(a.expr, Calendar | Weekday) and isinstance(b.expr, Calendar | Weekday)):
        return False
    gap = text[a.end : b.start]
    if not _RANGE_GAP.fullmatch(gap):
        return False
    dash = gap.strip() in ("-", "–", "—")
    return dash or bool(_RANGE_OPEN.search(text[max(0, a.start - 10) : a.start]))


def _entity_fallback(doc: Doc, found: list[Found]) -> list[Found]:
    extra = []
    for ent in doc_ents(doc):
        if ent.label_ != "DATE" or any(ent.end_char > f.start and ent.start_char < f.end for f in found):
            continue
        extra.append(Found(ent.start_char, ent.end_char, Unknown(ent.text)))
    return extra


def _with_tense(found: Found, doc: Doc) -> Found:
    tense = clause_tense(doc, found.start, found.end)
    parts = tuple(Found(p.start, p.end, p.expr, tense, p.parts) for p in found.parts)
    expr = Ref("PRESENT_REF") if _generic_today(found, doc) else found.expr
    return Found(found.start, found.end, expr, tense, parts)


def _generic_today(found: Found, doc: Doc) -> bool:
    """ "Faster than can be done today": today as the present age, not the day."""
    if found.expr != Shift("day", 0) or doc_text(doc)[found.start : found.end].lower() != "today":
        return False
    span = doc.char_span(found.start, found.end, alignment_mode="expand")
    if span is None:
        return False
    head = span.root.head
    modal = any(c.tag_ == "MD" and c.lower_ in ("can", "could", "may", "might") for c in head.children)
    than = any(t.lower_ == "than" for t in doc[max(0, span.start - 5) : span.start])
    return modal or than


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in " \t\n,":
        end -= 1
    return start, end


# --- small helpers -------------------------------------------------------------------------------------


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _day_number(text: str) -> int:
    return int(re.match(r"\d+", text).group(0))  # type: ignore[union-attr]


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _part(text: str | None) -> str | None:
    if not text:
        return None
    words = text.lower().replace("-", " ").split()
    for key in ("early", "mid", "late", "end", "start", "middle", "beginning", "earlier", "later"):
        if key in words:
            return {"middle": "mid", "beginning": "start"}.get(key, key)
    return None


def _count(text: str) -> int | None:
    words = " ".join(text.lower().split())
    if words.isdigit():
        return int(words)
    return NUMBERS.get(words)


def _duration_bounds(qualifier: str, size: int, unit: str) -> tuple[int, int]:
    """Days a duration may cover, loosely as news counts: "nearly two weeks" 8..16, "a week" 5..9."""
    slack = max(1, round(size * 0.25)) if unit != "day" else 1
    if qualifier in ("nearly", "almost"):
        return int(size * 0.6), size + max(1, size // 7)
    if qualifier in ("about", "around", "roughly", "some", "approximately"):
        return size - slack, size + slack
    if qualifier in ("more than", "over", "at least"):
        return size, round(size * 1.5) + 1
    if qualifier in ("less than", "under", "up to"):
        return int(size * 0.5), size
    return max(0, size - slack), size + slack


def _duration_label(count: int, unit: str) -> str:
    if unit == "decade":
        return f"P{count * 10}Y"
    if unit == "hour":
        return f"PT{count}H"
    return f"P{count}{UNIT_CODES[unit]}"


def _entity_label(doc: Doc | None, start: int, end: int) -> str:
    """The spaCy entity label over a character range ("" when none or no parse)."""
    span = doc.char_span(start, end, alignment_mode="expand") if doc is not None else None
    return next((t.ent_type_ for t in span if t.ent_type_), "") if span is not None else ""
