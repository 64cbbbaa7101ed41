"""Dates: temporal expressions anchored on the publication day, and publication dates inferred from the text.

`normalize_timexes` finds every temporal expression (`timex.find_timexes`) and
anchors it on the publication day (`anchor.resolve`).

`infer_published` dates an article that has no date in its metadata, as a
range that must contain the true day, with the evidence for each bound:

1. A dated line at the top ("30 September 2020", "Published: ...") is taken as is.
2. Absolute bounds: office holders named with their title ("Secretary of State
   Antony Blinken": within his tenure, from `data/actors.tsv`), and calendar
   dates in past or future clauses ("in 2020 after a short war": 2020 or later).
3. Relative evidence anchored on a well-known event of `data/dated_events.tsv`
   whose place the article names: "the conflict broke out on Sunday" puts that
   Sunday on the event's onset; "nearly two weeks of clashes" and "the fourth
   consecutive day" count days from it; "on Wednesday" in a past clause falls
   within the six days before publication; "late Thursday" and "earlier
   Wednesday" are reported within a day or two; "erupted late last month"
   puts the onset in the month before. Each candidate publication day is
   checked against every piece of evidence; the range is the span of the days
   that pass. An event is used only when some phrase ties the article to its
   onset and every piece of evidence agrees with it; else the absolute bounds stand.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from spacy.tokens import Doc, Span as SpacySpan, Token

from ..lexicon import normalize_name
from ..nlp import AnalyzedDoc, doc_ents
from ..records import PublishedDate, Span
from .calendar import CalendarEvent, DatingTables, load_calendar
from .anchor import Timex, kind_of, parse_with_dateparser, resolve
from .timex import Between, Calendar, Duration, Expr, Found, Shift, Tense, Unknown, Weekday, find_timexes

__all__ = ["CalendarEvent", "DatingTables", "Timex", "infer_published", "load_calendar", "normalize_timexes"]

# How long after its onset an article can still anchor its weekdays on an event.
HORIZON_DAYS = 400
# The lede reports the newest development: a past weekday there is at most this many days old.
LEDE_CHARS = 500
LEDE_DAYS = 2
CONFLICT_NOUNS = frozenset(
    "fighting fight conflict war clash clashes hostilities offensive counteroffensive operation operations attack "
    "attacks assault invasion shelling violence escalation battle battles incursion strikes bombardment combat "
    "raid raids uprising coup insurgency flare-up skirmishes blockade".split()
)
# Verbs of fighting stand for the nouns an event is named by ("forces fought for a tenth day").
VERB_NOUNS = {"fought": "fighting", "fight": "fighting", "clashed": "clashes", "shelled": "shelling",
              "attacked": "attack", "battled": "battle"}
CEASEFIRE_NOUNS = frozenset("ceasefire cease-fire truce armistice agreement deal pause".split())
ONSET_LEMMAS = frozenset("erupt begin start launch initiate flare ignite break resume invade".split())
CEASEFIRE_LEMMAS = frozenset("take come sign agree announce reach broker declare begin start enter".split())
END_LEMMAS = frozenset("fall topple oust collapse capture seize".split())
CASUALTY_WORDS = re.compile(
    r"(?i:\b(?:killed|deaths?|dead|died|wounded|injured|casualties|fighting|clashes|attacks?)\b)"
)
_NOUN = r"(?P<noun>" + "|".join(sorted(CONFLICT_NOUNS)) + ")"
# "Nearly two weeks of clashes", "a week into the war", "two weeks after the war began".
_CONFLICT_AFTER = re.compile(
    rf"(?i:^\s+(?P<pre>of|into|after|since)\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}?{_NOUN}\b"
    r"(?P<verb>\s+(?:began|broke\s+out|erupted|started|was\s+launched))?)"
)
_WORD = re.compile(r"[\w-]+")
_TITLES = (
    ("defence", re.compile(r"(?i:defen[cs]e\s+(?:minister|secretary|chief)|minister\s+of\s+(?:national\s+)?defen[cs]e"
                           r"|secretary\s+of\s+(?:state\s+for\s+)?defen[cs]e|armed\s+forces\s+minister"
                           r"|minister\s+of\s+the\s+armed\s+forces)")),
    ("foreign", re.compile(r"(?i:foreign\s+(?:minister|secretary)|minister\s+of\s+foreign\s+affairs"
                           r"|foreign\s+affairs\s+minister|secretary\s+of\s+state(?!\s+for))")),
    ("vice_president", re.compile(r"(?i:vice[\s-]+president)")),
    ("prime_minister", re.compile(r"(?i:prime\s+minister|premier|\bPM)")),
    ("president", re.compile(r"(?i:presidents?|head\s+of\s+state)")),
    ("monarch", re.compile(r"(?i:king|queen|monarch)")),
)
# Words before a title that say the office is not held at publication ("former US President").
_FORMER = re.compile(r"(?i:\b(?:former|ex|then|late|erstwhile|one-time|future|incoming|would-be)\b)")
# A future in the past ("said talks would resume in 2021") says nothing of the publication date.
_WOULD = re.compile(r"(?i:\bwould\b|'d\b)")
# "YEREVAN, Sept 30 (Reuters) -": a wire dateline names the day of filing, without the year.
_WIRE_DATELINE = re.compile(r"(?:^|\n)\s*[A-Z][A-Z .'-]{2,30},\s*$")
_DATELINE = re.compile(r"(?im)^\W{0,3}(?:(?:published|updated|posted|date)\s*:?\s*)?(?P<date>[^\n]{6,40}?)\s*$")

Days = tuple[date, date]
Check = Callable[[date], bool]


@dataclass(frozen=True)
class Cue:
    """A relative temporal expression as evidence: its meaning and what the sentence says about it."""

    found: Found
    text: str
    sentence: int
    role: str | None = None
    weak: bool = False
    close: int | None = None
    fighting: bool = False
    duration: Duration | None = None
    nouns: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Constraint:
    """One check on candidate publication days, with the evidence it stands for."""

    evidence: str
    check: Check
    soft: bool = False
    links: bool = False


# --- timexes ----------------------------------------------------------------------------------------


def normalize_timexes(adoc: AnalyzedDoc, anchor: str | None, found: Sequence[Found] | None = None) -> list[Timex]:
    """Find and normalise every temporal expression of a document.

    Args:
        adoc: the analysed document.
        anchor: the publication day (YYYY-MM-DD); None leaves relative expressions
            ("on Wednesday", "last week") unresolved, with labels like XXXX-WXX-3.
        found: the document's `find_timexes`, when the caller has them (found here if None).

    Returns:
        The timexes in text order.
    """
    day = date.fromisoformat(anchor[:10]) if anchor else None
    text = adoc.document.text
    found = find_timexes(text, adoc.doc) if found is None else found
    return [_to_timex(f, adoc.document.id, text, day) for f in found]


def _to_timex(found: Found, doc_id: str, text: str, anchor: date | None) -> Timex:
    expr = found.expr
    if isinstance(expr, Unknown):
        expr = parse_with_dateparser(expr.text, anchor, found.tense) or expr
    value, label = resolve(expr, anchor, found.tense)
    parts = tuple(_to_timex(part, doc_id, text, anchor) for part in found.parts)
    return Timex(Span.of(doc_id, text, found.start, found.end), value, label, kind_of(expr), parts)


# --- the calendar of dated events -------------------------------------------------------------------


# --- publication date ---------------------------------------------------------------------------------


def infer_published(
    adoc: AnalyzedDoc, tables: DatingTables, found: Sequence[Found] | None = None
) -> PublishedDate | None:
    """Infer the publication date of an article without one, as a range with its evidence.

    Args:
        adoc: the analysed document; nothing is inferred when `document.published` is set.
        tables: the calendar of dated events and the office holders' tenures (`Resources.dating`).
        found: the document's `find_timexes`, when the caller has them (found here if None).

    Returns:
        A `PublishedDate` with method "text" (a dated line at the top) or "inferred"
        (a range narrowed by the evidence listed), or None when the text gives no clue.
    """
    if adoc.document.published is not None:
        return None
    text, doc = adoc.document.text, adoc.doc
    stated = _dateline(text)
    if stated is not None:
        return stated
    found = find_timexes(text, doc) if found is None else found
    bounds, evidence = _absolute_bounds(adoc, found, tables)
    cues = [_cue(f, text, doc) for f in found if _is_relative(f)]
    narrowed = _narrow_with_events(text, cues, bounds, tables)
    if narrowed is not None:
        days, more = narrowed
        return _published(days, evidence + more)
    hull = (min(b[0] for b in bounds), max(b[1] for b in bounds))
    return None if hull == (date.min, date.max) else _published(hull, evidence)


def _published(days: Days, evidence: list[str]) -> PublishedDate:
    start = None if days[0] == date.min else days[0].isoformat()
    end = None if days[1] == date.max else days[1].isoformat()
    width = (days[1] - days[0]).days + 1 if start and end else 10**6
    precision = "day" if width == 1 else "week" if width <= 7 else "month" if width <= 31 else "year"
    return PublishedDate(start, end, precision, "inferred", tuple(evidence))  # type: ignore[arg-type]


def _dateline(text: str) -> PublishedDate | None:
    """A line at the top that is only a date (with its year), or "Published: <date>"."""
    for line in _DATELINE.finditer(text[:300]):
        timexes = find_timexes(line["date"])
        if len(timexes) == 1 and isinstance(timexes[0].expr, Calendar) and timexes[0].expr.unit == "day":
            expr = timexes[0].expr
            if expr.year is not None and len(line["date"]) - (timexes[0].end - timexes[0].start) <= 12:
                day = date(expr.year, expr.month or 1, expr.day or 1).isoformat()
                return PublishedDate(day, day, "day", "text", (f"dated line: {line.group(0).strip()!r}",))
    return None


# --- absolute bounds: office holders and calendar dates -------------------------------------------


def _absolute_bounds(adoc: AnalyzedDoc, found: Sequence[Found], tables: DatingTables) -> tuple[list[Days], list[str]]:
    """Intersect tenures of titled office holders and bounds from dated clauses, skipping contradictions."""
    allowed: list[Days] = [(date.min, date.max)]
    evidence: list[str] = []
    for note, days in [*_office_bounds(adoc.doc, tables), *_dated_bounds(adoc.document.text, found)]:
        narrower = _intersect(allowed, days)
        if narrower:
            allowed = narrower
            evidence.append(note)
        else:
            evidence.append(f"ignored, contradicts the rest: {note}")
    return allowed, evidence


def _office_bounds(doc: Doc, tables: DatingTables) -> Iterable[tuple[str, list[Days]]]:
    """The tenure of each office holder named with the title of that office."""
    rows, by_name = tables.tenures, tables.holders_by_name
    seen: set[str] = set()
    for ent in doc_ents(doc):
        ids = {ent.ent_id_} if ent.ent_id_ else {e.id for e in by_name.get(normalize_name(ent.text), ())}
        if ent.label_ != "PERSON" or len(ids) != 1 or (actor_id := ids.pop()) not in rows or actor_id in seen:
            continue
        title, office = _title_before(ent)
        tenures = [r for r in rows[actor_id] if office and _office_of(r.role or "") == office]
        if not tenures:
            continue
        seen.add(actor_id)
        days = [(date.fromisoformat(r.start), _day_before(r.end)) for r in tenures if r.start]
        shown = ", ".join(f"{r.start}..{_day_before(r.end) if r.end else ''}" for r in tenures)
        yield f"office: {title} {ent.text!r} is {tenures[0].role} {shown}", days


def _title_before(ent: SpacySpan) -> tuple[str, str | None]:
    """The title written before a name, skipping other names of a list ("Presidents Putin, Macron and Trump")."""
    doc = ent.doc
    i = ent.start - 1
    while i >= ent.sent.start and (doc[i].ent_type_ == "PERSON" or doc[i].lower_ in (",", "and", "&")):
        i -= 1
    words = doc[max(ent.sent.start, i - 5) : i + 1].text
    for office, pattern in _TITLES:
        match = None
        for match in pattern.finditer(words):
            pass
        if match and not words[match.end() :].strip() and not _FORMER.search(words[: match.start()]):
            return match.group(0), office
    return "", None


def _office_of(role: str) -> str | None:
    for office, pattern in _TITLES:
        if pattern.search(role):
            return office
    return None


def _dated_bounds(text: str, found: Sequence[Found]) -> Iterable[tuple[str, list[Days]]]:
    """A calendar date in a past clause bounds publication from below; in a future clause, from above."""
    for f in found:
        expr = f.expr.first if isinstance(f.expr, Between) and f.expr.last is None else f.expr
        since = expr is not f.expr
        if not _absolute(expr) or not (since or f.tense in ("past", "future")):
            continue
        value, _ = resolve(expr, None, f.tense)
        if value.start is None or value.end is None:
            continue
        words = text[f.start : f.end]
        if since or f.tense == "past":
            latest = resolve(expr.last, None)[0].start if isinstance(expr, Between) and expr.last else value.start
            yield f"past: {words!r} → on or after {latest}", [(date.fromisoformat(latest or value.start), date.max)]
        elif not _WOULD.search(_sentence_of(text, f.start)):
            yield f"future: {words!r} → on or before {value.end}", [(date.min, date.fromisoformat(value.end))]


def _sentence_of(text: str, position: int) -> str:
    start = max(text.rfind(".", 0, position), text.rfind("\n", 0, position)) + 1
    end = min((i for i in (text.find(".", position), text.find("\n", position)) if i >= 0), default=len(text))
    return text[start:end]


def _absolute(expr: object) -> bool:
    if isinstance(expr, Between):
        return _absolute(expr.first) and (expr.last is None or _absolute(expr.last))
    return isinstance(expr, Calendar) and expr.year is not None


# --- relative evidence and the calendar ---------------------------------------------------------------


def _is_relative(found: Found) -> bool:
    expr = found.expr.first if isinstance(found.expr, Between) and found.expr.last is None else found.expr
    if isinstance(expr, Calendar):
        return expr.year is None
    return isinstance(expr, Weekday | Shift | Duration)


def _cue(found: Found, text: str, doc: Doc) -> Cue:
    """Read what the sentence says about a relative expression: onset, closeness, fighting, duration."""
    since = isinstance(found.expr, Between)
    inner = found.parts[0] if since and found.parts else found
    span = doc.char_span(inner.start, inner.end, alignment_mode="expand")
    if span is None:
        return Cue(inner, text[found.start : found.end], 0)
    sentence = span.sent.text
    words = {w.lower() for w in _WORD.findall(sentence)}
    in_sentence = frozenset({VERB_NOUNS.get(w, w) for w in words}) & CONFLICT_NOUNS
    role, nouns = _role(span) if isinstance(inner.expr, Weekday | Calendar | Shift) else (None, frozenset())
    weak = role is None and since and bool(CASUALTY_WORDS.search(sentence))
    if weak:
        role, nouns = "onset", in_sentence
    duration = None
    if isinstance(inner.expr, Duration):
        duration, nouns = _conflict_duration(inner.expr, inner.end, text, span, in_sentence)
    close = None
    if isinstance(inner.expr, Weekday):
        late = inner.expr.part == "late" or inner.expr.daypart in ("night", "evening")
        close = 1 if inner.expr.part == "earlier" else 2 if late else None
    elif _WIRE_DATELINE.search(text[max(0, inner.start - 40) : inner.start]):
        close = 1
    fighting = bool(CASUALTY_WORDS.search(sentence))
    return Cue(inner, text[found.start : found.end], span.sent.start_char, role, weak, close, fighting, duration, nouns)


def _role(span: SpacySpan) -> tuple[str | None, frozenset[str]]:
    """Whether an expression dates the onset of fighting, a ceasefire or an end, and the nouns naming it."""
    token: Token = span.root
    for _ in range(3):
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            break
    words = {t.lower_ for t in token.children if t.dep_ in ("nsubj", "nsubjpass", "dobj")}
    if token.dep_ in ("acl", "relcl"):
        words.add(token.head.lower_)
    lemma = token.lemma_
    if lemma == "break" and not any(c.lower_ == "out" for c in token.children):
        return None, frozenset()
    if lemma in ONSET_LEMMAS and words & CONFLICT_NOUNS:
        return "onset", frozenset(words & CONFLICT_NOUNS)
    if lemma in CEASEFIRE_LEMMAS and words & CEASEFIRE_NOUNS:
        return "ceasefire", frozenset(words & CEASEFIRE_NOUNS)
    if lemma in END_LEMMAS:
        return "end", frozenset({lemma})
    return None, frozenset()


def _conflict_duration(
    duration: Duration, end: int, text: str, span: SpacySpan, in_sentence: frozenset[str]
) -> tuple[Duration | None, frozenset[str]]:
    """ "Nearly two weeks of clashes", "the war has lasted a month", "the fourth consecutive day" of fighting."""
    if duration.ordinal is not None:
        return (duration, in_sentence) if in_sentence else (None, frozenset())
    after = _CONFLICT_AFTER.search(text[end : end + 60])
    if after and (after["pre"].lower() in ("of", "into") or after["verb"]):
        return duration, frozenset({after["noun"].lower()})
    verb = span.root.head
    subjects = {t.lower_ for t in verb.children if t.dep_ in ("nsubj", "nsubjpass")} & CONFLICT_NOUNS
    if verb.lemma_ in ("last", "rage", "enter", "drag", "continue") and subjects:
        return duration, frozenset(subjects)
    return None, frozenset()


def _narrow_with_events(
    text: str, cues: list[Cue], bounds: list[Days], tables: DatingTables
) -> tuple[Days, list[str]] | None:
    """Try each calendar event group the article names; keep the days every piece of evidence allows."""
    lowered = text.lower()
    groups: dict[str, list[CalendarEvent]] = {}
    for event, places in tables.calendar_places:
        if places.search(lowered):
            groups.setdefault(event.group, []).append(event)
    for strict in (True, False):
        results = [r for events in groups.values() if (r := _solve(events, cues, bounds, strict)) is not None]
        if results:
            days = (min(r[0][0] for r in results), max(r[0][1] for r in results))
            return days, [note for r in results for note in r[1]]
    return None


def _solve(
    events: list[CalendarEvent], cues: list[Cue], bounds: list[Days], strict: bool
) -> tuple[Days, list[str]] | None:
    """The days one event group allows, given every constraint (or only the hard ones when not strict)."""
    onset = min(events, key=lambda e: e.start)
    tests = _tests(events, onset.start, cues)
    if not any(t.links for t in tests):
        return None
    used = [t for t in tests if strict or not t.soft]
    first, last = onset.start - timedelta(1), onset.start + timedelta(HORIZON_DAYS)
    # The checks are pure: those tying the day to the event, which few days pass, run first to reject the rest early.
    checks = [t.check for t in sorted(used, key=lambda t: not t.links)]
    days = [d for b in _intersect(bounds, [(first, last)]) for d in _days(b) if all(c(d) for c in checks)]
    if not days:
        return None
    notes = [f"event: {onset.name}, began {onset.start} ({onset.start:%A}); {onset.source}"]
    return (days[0], days[-1]), list(dict.fromkeys(notes + [t.evidence for t in used]))


def _tests(events: list[CalendarEvent], onset: date, cues: list[Cue]) -> list[Constraint]:
    """Every constraint the relative evidence puts on the publication day, under one event group."""
    tests: list[Constraint] = []
    weekdays = [c for c in cues if isinstance(c.found.expr, Weekday)]
    for cue in cues:
        tests += _cue_tests(cue, events, onset, weekdays)
    if len(weekdays) > 1:
        shown = ", ".join(dict.fromkeys(c.text for c in weekdays))
        tests.append(Constraint(f"weekdays within one week: {shown}", lambda p: _week_span(weekdays, p) <= 6, True))
    lede = next((c for c in weekdays if c.found.start < LEDE_CHARS and c.found.tense != "future" and not c.role), None)
    if lede is not None:
        note = f"lede: {lede.text!r} is at most {LEDE_DAYS} days old"
        tests.append(Constraint(note, lambda p: (p - _day(lede, p)).days <= LEDE_DAYS, soft=True))
    return tests


def _cue_tests(cue: Cue, events: list[CalendarEvent], onset: date, weekdays: list[Cue]) -> list[Constraint]:
    """Constraints from one expression: the day it names, the days it counts, how fresh it is."""
    tests = []
    if cue.role:
        starts = [e.start for e in events if e.kind == cue.role and e.nouns & cue.nouns]
        if starts:
            note = f"{cue.role}: {cue.text!r} names the {cue.role} day"
            tests.append(Constraint(note, _on_any(cue, starts), soft=cue.weak, links=True))
    first = min(events, key=lambda e: e.start)
    if cue.duration is not None and first.nouns & cue.nouns:
        ref = next((w for w in weekdays if w.sentence == cue.sentence and not w.role), None)
        note = f"duration: {cue.text!r} of fighting from the onset {onset} to {ref.text if ref else 'publication'}"
        tests.append(Constraint(note, _elapsed(cue.duration, onset, first.end, ref), links=True))
    if isinstance(cue.found.expr, Weekday) or cue.found.expr.__class__ is Calendar:
        where = "after" if cue.found.tense == "future" else "before"
        note = f"{cue.text!r} ({cue.found.tense or 'past'}) falls in the week {where} publication"
        tests.append(Constraint(note, lambda p: _fits_tense(cue, p)))
        if cue.close is not None:
            note = f"reported soon after: {cue.text!r} (≤{cue.close} days)"
            tests.append(Constraint(note, lambda p: 0 <= (p - _day(cue, p)).days <= (cue.close or 0), soft=True))
        if cue.fighting and cue.found.tense != "future" and not cue.role:
            note = f"fighting on {cue.text!r} is after the onset"
            tests.append(Constraint(note, lambda p: _day(cue, p) >= onset, soft=True))
    return tests


def _on_any(cue: Cue, starts: list[date]) -> Check:
    def check(p: date) -> bool:
        first, last = _days_of(cue.found.expr, _anchor(cue, p), cue.found.tense)
        if first is None or last is None:
            return False
        return any(first <= s <= last for s in starts)

    return check


def _elapsed(duration: Duration, onset: date, end: date | None, ref: Cue | None) -> Check:
    """Days of fighting counted from the onset: they must also fit before the event's end."""
    low, high = (duration.ordinal - 2, duration.ordinal) if duration.ordinal else (duration.low, duration.high)
    if end is not None and (end - onset).days + 1 < low:
        return lambda p: False

    def check(p: date) -> bool:
        day = _day(ref, p) if ref is not None else p
        return low <= (day - onset).days <= high

    return check


def _fits_tense(cue: Cue, p: date) -> bool:
    first, last = _days_of(cue.found.expr, _anchor(cue, p), cue.found.tense)
    if first is None or last is None:
        return False
    if cue.found.tense == "future":
        return last >= p - timedelta(1)
    return first <= p


def _day(cue: Cue, p: date) -> date:
    first, _ = _days_of(cue.found.expr, _anchor(cue, p), cue.found.tense)
    return first or p


@lru_cache(maxsize=1 << 16)
def _days_of(expr: Expr, anchor: date, tense: Tense | None) -> tuple[date | None, date | None]:
    """The first and last day an expression names from an anchor day.

    Cached: the search for the publication day asks this for every cue, candidate
    day and constraint, and the answer depends on these three values only.
    """
    value, _ = resolve(expr, anchor, tense)
    first = date.fromisoformat(value.start) if value.start else None
    return first, date.fromisoformat(value.end) if value.end else None


def _anchor(cue: Cue, p: date) -> date:
    """Future mentions are read from the day before: a rewrite may run a day after the original."""
    return p - timedelta(1) if cue.found.tense == "future" else p


def _week_span(weekdays: list[Cue], p: date) -> int:
    days = [_day(c, p) for c in weekdays]
    return (max(days) - min(days)).days


# --- day ranges -------------------------------------------------------------------------------------


def _intersect(a: list[Days], b: list[Days]) -> list[Days]:
    out = [(max(x[0], y[0]), min(x[1], y[1])) for x in a for y in b]
    return [r for r in out if r[0] <= r[1]]


def _days(days: Days) -> Iterable[date]:
    first, last = days
    for offset in range((last - first).days + 1):
        yield first + timedelta(offset)


def _day_before(day: str | None) -> date:
    return date.fromisoformat(day) - timedelta(1) if day else date.max
