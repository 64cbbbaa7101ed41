"""Where events happened, when their own clause does not say: the paragraph, else the theatre.

`events.where.event_place` reads the place of the event's own clause ("shelled the
town of X", "clashed in Y"). This stage fills the others, in order: a place named in the
event's sentence; the place its paragraph opens with, else the nearest one it names; for the lead
paragraph's events, the place its headline names ("Soldier killed in Ruma gunfight"); the document's
main theatre (the place most of its violent events happened at, else its most named place). A clause's
place that is only a region or country gives way to a town or province of that country its sentence
names, a province to a town near it the event's own words name; a place "30 km south of X" is that
point. Never a place of events: a dateline, a name that describes an actor or a clock
("Tripoli-based", "Sanaa time"), and, for violence, where the wounded were taken. Diplomacy and statements keep only the place their own clause gives: talks hosted in
Moscow are not the theatre of the fighting they are about. `Event.place_source` says where the place came
from and `Event.geo_precision` is ACLED's: 1 the place itself, 2 near it or within a
region, 3 a region or country.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from spacy.tokens import Doc, Token

from ..nlp import DATELINE, AnalyzedDoc
from .words import CARRY_VERBS
from .index import distance_km
from .offsets import offset_place
from ..records import Event, Mention, Place, Span

# Events that happen on the ground, so the places around them are theirs.
GROUND_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST", "RETREAT", "CONCEDE", "MOBILIZE"})
_K = TypeVar("_K")
# Statuses of events that took place (not plans or calls): they may happen at the theatre.
REPORTED_STATUSES = frozenset({"asserted", "claimed", "denied", "historical"})
VIOLENT_ACLED = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"})
_BASE_PRECISION = {"exact": 1, "admin": 2, "region": 3, "country": 3}
_TOWARDS = frozenset({"to", "towards", "toward", "into"})
_DESCRIBING = re.compile(r"-(?:based|led|backed|allied|aligned|born|affiliated|sponsored)\b|\s+time\b")
# What may come before the place a paragraph opens with.
_OPENING = re.compile(r"\s*(?:(?:In|At|Near|Around|Outside)\s+)?(?:the\s+)?$")
# The headline is looked for this near the start of the text (a scraped page may open with a byline).
HEADLINE_CHARS = 600
# The most words a section heading has ("Daraa governorate", "Situation in North Kivu").
HEADING_WORDS = 8
# Marks of a clause that tells what came before or after another, or why: its places are not the other's
# ("while working in the fields of X" tells where, so "while", "as" and "when" are not among them).
_BACKDROP_MARKS = frozenset("after before since until because although though once".split())
# Farther than this from every other place of a text: another continent, not another front.
STRAY_KM = 3000.0
# A town this near a province's point may be in it (most first-level divisions of conflict countries are
# under 300 km across).
PROVINCE_KM = 150.0
# A place that qualifies what talks are about ("Nagorno-Karabakh peace talks"), not where they are held.
_TOPIC_AFTER = re.compile(r"(?i)^[\s'’s-]*(?:peace|ceasefire|cease-fire|truce|talks|negotiations|conflict|crisis|war|"
                          r"deal|process|settlement|dispute|issue|question)\b")
_LOCATIVE_BEFORE = re.compile(r"(?i)\b(?:in|at|to|near|from)\s+(?:the\s+)?(?:\w+\s+of\s+)?$")
# "the capital" the text does not name there ("the capital, Kyiv" names it: the sentence's place is
# read instead; "the capital of X" is X's); "in the capital" is the city itself, "the capital's
# suburbs" or "near the capital" its area.
# "The Libyan capital" is Libya's, whatever the text's leading country: the adjective is read as a demonym.
_CAPITAL = re.compile(r"(?i)\b(?P<inside>(?:in|at|inside)\s+)?the\s+(?:(?:country|nation)['’]s\s+|"
                      r"(?P<adjective>(?-i:[A-Z])[\w-]+)\s+)?"
                      r"capital(?:\s+city)?\b(?![\s,]+(?:(?-i:[A-Z])|of\b))")  # "the capital of Nagorno-Karabakh" is another's


# What joins a town to the division that locates it: "Sebba, in the Yagha province", "Kolofata, Mayo-Sava".
_LOCATED_IN = re.compile(r",\s+(?:(?:in|of)\s+(?:the\s+)?)?")
# What joins a division to the whole its "of" names: "the Sadarak district of Nakhchivan".
_OF_WHOLE = re.compile(r"\s+of\s+(?:the\s+)?")


@dataclass(frozen=True)
class _Named:
    """A place mention with a position, as the fallbacks use it."""

    start: int
    end: int
    place: Place
    subject: bool = False  # the subject of a verb: "Kyiv rarely comments" is a government, maybe not a place
    destination: bool = False  # "flights were diverted to X", "taken to a hospital in X": not where it happened
    # the clause of circumstance it sits in ("..., after Putin announced the meeting in Moscow"), as characters
    backdrop: tuple[int, int] | None = None


def is_violent(event: Event) -> bool:
    """True for an attack, clash or other political violence (PLOVER ASSAULT or a violent ACLED type)."""
    return event.type == "ASSAULT" or event.acled_type in VIOLENT_ACLED


def place_events(adoc: AnalyzedDoc, mentions: Sequence[Mention], events: Sequence[Event],
                 capitals: Mapping[str, Place] | None = None) -> list[Event]:
    """Give each event a place: its clause's, else its sentence's or paragraph's, else the theatre's.

    Args:
        adoc: the analysed document.
        mentions: the document's mentions; its place mentions are the candidates.
        events: the document's events, some with the place of their own clause.
        capitals: each country's capital (`PlaceIndex.capitals`): "the capital" of an event's sentence
            is the capital of the country its place is in, else of the country the text names most.

    Returns:
        The events with `place`, `place_source` and `geo_precision` set where the text gives a place.
    """
    text = adoc.document.text
    datelines = [m.span("city") for m in DATELINE.finditer(text)]
    found = [n for n in _named_places(mentions, adoc.doc) if not _dateline(n, datelines)
             and not _describes(text, n.end)]
    countries = {n.place.country for n in found if n.place.precision == "country"}
    local = {n.place for n in found if n.place.precision != "country"}
    named = [n for n in found if not _stray(n.place, local, countries)]
    # A place on another continent than all the others, in a country the text never names, is a misreading
    # of a village name the gazetteer lacks ("Kanan" read as a town in Japan): the event looks around instead.
    events = [replace(e, place=None) if e.type in GROUND_TYPES and _stray(e.place, local, countries) else e
              for e in events]
    sentences = [(s.start_char, s.end_char) for s in adoc.doc.sents]
    paragraphs = _paragraphs(adoc.document.text)
    demonyms = {e.start_char: e.ent_id_.partition(":")[2] for e in adoc.doc.ents if e.ent_id_.startswith("demonym:")}
    capital = _Capital(capitals or {}, _main_country(found), demonyms)
    placed = [_place_event(e, adoc.document.id, text, named, sentences, paragraphs, capital) for e in events]
    placed = [_measured(e, text, named, sentences) for e in placed]
    placed = _from_headline(placed, adoc.document.title, text, named, paragraphs)
    placed = _under_headings(placed, adoc.document.title, text, named, paragraphs)
    theatre = main_theatre(placed, named)
    if theatre is None:
        return placed
    return [_at_theatre(e, theatre) if not _usable(e.place) and _fits_theatre(e) else e for e in placed]


def main_theatre(events: Sequence[Event], named: Sequence[_Named]) -> Place | None:
    """The place of most violent events of the document, else its most named place below country level."""
    own = [e.place for e in events if is_violent(e) and _usable(e.place) and e.status != "historical"]
    if own:
        # "Jamrud tehsil" and "Jamrud" are one point of two names: count the point, name it as first told
        first = {_point(p): p for p in reversed(own)}
        return first[_most_common(Counter(_point(p) for p in own))]
    local = Counter(n.place for n in named if n.place.precision != "country")
    if local:
        return _most_common(local)
    countries = Counter(n.place for n in named)
    return _most_common(countries) if countries else None


def _stray(place: Place | None, local: set[Place], countries: set[str | None]) -> bool:
    """True for a place far from every other place of the document, in a country it does not name."""
    if place is None or place.lat is None or place.lon is None or place.precision not in ("exact", "admin"):
        return False
    if place.country in countries:
        return False
    others = [o for o in local if o != place and o.lat is not None and o.lon is not None]
    return len(others) >= 2 and all(
        distance_km(place.lat, place.lon, o.lat, o.lon) > STRAY_KM for o in others)  # type: ignore[arg-type]


def _point(place: Place) -> tuple[float | None, float | None] | Place:
    """A town and the district it seats share a point; regions and countries count by name."""
    located = place.lat is not None and place.lon is not None and place.precision in ("exact", "admin")
    return (place.lat, place.lon) if located else place


def _most_common(counts: Counter[_K]) -> _K:
    # Ties go to the place named first (Counter keeps insertion order).
    best = max(counts.values())
    return next(p for p, n in counts.items() if n == best)


@dataclass(frozen=True)
class _Capital:
    """What "the capital" of an event's sentence stands for, in one document."""

    capitals: Mapping[str, Place]
    country: str | None  # the country the text names most (None: no country, or a tie)
    demonyms: Mapping[int, str]  # the country of each demonym of the text, by its first character

    def of(self, event: Event, span: Span, text: str, sentences: Sequence[tuple[int, int]]) -> tuple[Place, int] | None:
        """The capital the event's sentence names, with ACLED's geo precision; None if it names none."""
        bounds = _around(span.start, sentences)
        if not self.capitals or bounds is None:
            return None
        found = _CAPITAL.search(text, bounds[0], bounds[1])
        if found is not None and found["adjective"]:
            country = self.demonyms.get(found.start("adjective"))  # not a demonym ("the Islamic capital"): none
        else:
            country = event.place.country if event.place is not None else self.country
        place = self.capitals.get(country) if found and country else None
        if place is None or found is None:
            return None
        whole = found["inside"] and not text.startswith(("'s", "’s"), found.end())  # not "in the capital's suburbs"
        return place, 1 if whole else 2


def _main_country(found: Sequence[_Named]) -> str | None:
    """The country most of a text's places are in, when one leads."""
    counts = Counter(n.place.country for n in found if n.place.country).most_common(2)
    if not counts or len(counts) == 2 and counts[0][1] == counts[1][1]:
        return None
    return counts[0][0]


def _place_event(
    event: Event, doc_id: str, text: str, named: Sequence[_Named], sentences: Sequence[tuple[int, int]],
    paragraphs: Sequence[tuple[int, int]], capital: _Capital,
) -> Event:
    if event.place is not None and event.type not in GROUND_TYPES and _names_a_topic(event, sentences, text):
        return replace(event, place=None)  # talks about a place are not held there
    span = next((s for s in event.evidence if s.doc_id == doc_id), None)
    grounded = span is not None and event.type in GROUND_TYPES and event.status != "requested"
    vague = event.place is None or event.place.precision == "country"
    at_capital = capital.of(event, span, text, sentences) if grounded and vague and span is not None else None
    if at_capital is not None:  # "struck the capital's suburbs": the country's capital, not the country
        return replace(event, place=at_capital[0], place_source="sentence", geo_precision=at_capital[1])
    finer = _finer(event, span, named, sentences, text) if grounded and _coarse(event.place) and span is not None else None
    if finer is not None:  # "stormed the town of X in northern Mozambique ... in Cabo Delgado province"
        return replace(event, place=finer, place_source="sentence", geo_precision=_base(finer))
    if _usable(event.place) or event.place is not None and event.type not in GROUND_TYPES:
        return replace(event, place_source=event.place_source or "sentence",
                       geo_precision=event.geo_precision or _base(event.place))  # type: ignore[arg-type]
    if span is None or not grounded:
        return event
    # A place the clause names but no gazetteer knows ("the South Hospital") gives way to a located one.
    # where the wounded were taken or flights diverted is no place of an attack (but is a deployment's)
    local = [n for n in named if n.place.precision != "country" and not (n.destination and is_violent(event))]
    # a place in a clause of circumstance the event is not in tells the circumstance, not the event's place
    own = [n for n in local if n.backdrop is None or n.backdrop[0] <= span.start < n.backdrop[1]]
    sentence = _nearest(span, own, _around(span.start, sentences))
    if sentence is not None:
        return replace(event, place=sentence, place_source="sentence", geo_precision=_base(sentence))
    bounds = _around(span.start, paragraphs)
    paragraph = _topic(local, bounds, text) or _nearest(span, own, bounds)
    if paragraph is not None:
        return replace(event, place=paragraph, place_source="paragraph", geo_precision=min(3, _base(paragraph) + 1))
    return event


def _measured(event: Event, text: str, named: Sequence[_Named], sentences: Sequence[tuple[int, int]]) -> Event:
    """'a bomb hit a convoy about 30 km south of X': the point its sentence measures from its place."""
    place = event.place
    if place is None or event.place_source != "sentence" or not event.evidence or place.lat is None:
        return event
    bounds = _around(event.evidence[0].start, sentences)
    if bounds is None:
        return event
    for n in named:
        if bounds[0] <= n.start < bounds[1] and (n.place.lat, n.place.lon) == (place.lat, place.lon):
            moved = offset_place(text, n.start, n.place)
            if moved is not None:
                return replace(event, place=moved, geo_precision=2)
    return event


def _coarse(place: Place | None) -> bool:
    return _usable(place) and place.precision in ("region", "country", "admin")  # type: ignore[union-attr]


def _finer(event: Event, span: Span, named: Sequence[_Named], sentences: Sequence[tuple[int, int]],
           text: str) -> Place | None:
    """A town or province of the event's country that its sentence names, nearest the event first.

    A province gives way only to a town near it that the event's own words name ("In Salahuddin, a
    bomb exploded against a patrol near Tuz Khurmatu"), or that the province locates ("15 km north of
    Sebba, in the Yagha province"), not to another clause's ("seized Panjshir weeks after taking
    Kabul"): the gazetteer does not say which province a town is in.
    """
    place = event.place
    if place is None or place.country is None:
        return None
    if place.precision == "admin":
        towns = [n for n in named if n.place.precision == "exact" and n.place.country == place.country
                 and not n.subject and _within(n.place, place, PROVINCE_KM)]
        # "the Sadarak district of Nakhchivan": the town its "of" names is the whole, not a finer place
        towns = [t for t in towns if not any(n.place == place and _OF_WHOLE.fullmatch(text, n.end, t.start)
                                             for n in named)]
        own = _nearest(span, towns, (span.start, span.end))
        if own is not None:
            return own
        bounds = _around(span.start, sentences) or (span.start, span.end)
        return next((t.place for t in towns for n in named if n.place == place and bounds[0] <= t.start < bounds[1]
                     and _LOCATED_IN.fullmatch(text, t.end, n.start)), None)
    finer = [n for n in named if n.place.precision in ("exact", "admin") and n.place.country == place.country
             and not n.subject]
    return _nearest(span, finer, _around(span.start, sentences))


def _within(place: Place, other: Place, km: float) -> bool:
    return None not in (place.lat, place.lon, other.lat, other.lon) and distance_km(
        place.lat, place.lon, other.lat, other.lon) <= km  # type: ignore[arg-type]


def _from_headline(events: list[Event], title: str | None, text: str, named: Sequence[_Named],
                   paragraphs: Sequence[tuple[int, int]]) -> list[Event]:
    """Events of the lead paragraph that name no place happened where the headline says.

    A news story opens with what its headline announces ("Soldier injured in Ruma gunfight" /
    "A soldier was injured on Tuesday when gunmen opened fire on a patrol"); the lead is the
    first paragraph after the headline that reports an event.
    """
    start = text.find(title, 0, HEADLINE_CHARS) if title else -1
    if start < 0:
        return events
    end = start + len(title or "")
    place = next((n.place for n in named if start <= n.start and n.end <= end and n.place.precision != "country"), None)
    firsts = [e.evidence[0].start for e in events if _fits_theatre(e) and e.evidence and e.evidence[0].start >= end]
    lead = _around(min(firsts), paragraphs) if place is not None and firsts else None
    if place is None or lead is None:
        return events
    return [replace(e, place=place, place_source="headline", geo_precision=_base(place))
            if not _usable(e.place) and _fits_theatre(e) and e.evidence and lead[0] <= e.evidence[0].start < lead[1]
            else e for e in events]


def _under_headings(events: list[Event], title: str | None, text: str, named: Sequence[_Named],
                    paragraphs: Sequence[tuple[int, int]]) -> list[Event]:
    """Events under a section heading that names a place ("Daraa governorate", "North Kivu") happened
    there when their own paragraph names none: situation reports and weekly overviews file events so."""
    at = text.find(title, 0, HEADLINE_CHARS) if title else -1
    after_title = at + len(title or "") if at >= 0 else 0
    headings = [(start, end) for start, end in paragraphs if start >= after_title and _is_heading(text[start:end])]
    if not headings:
        return events
    out = []
    for e in events:
        if _usable(e.place) or not _fits_theatre(e) or not e.evidence:
            out.append(e)
            continue
        above = [h for h in headings if h[1] <= e.evidence[0].start]
        place = next((n.place for n in named if above and above[-1][0] <= n.start < above[-1][1]
                      and n.place.precision != "country"), None)
        out.append(e if place is None else replace(e, place=place, place_source="paragraph",
                                                    geo_precision=min(3, _base(place) + 1)))
    return out


def _is_heading(block: str) -> bool:
    """A short line of its own with no sentence end: 'Daraa governorate', 'Overview'."""
    block = block.strip()
    # a dateline ("NAY PYI TAW, 26 September") or a page's date line is no section heading
    return "\n" not in block and len(block.split()) <= HEADING_WORDS and block[:1].isupper() and (
        block[-1:] not in ".!?\"”'") and not block.isupper() and not any(c.isdigit() for c in block)


def _topic(named: Sequence[_Named], bounds: tuple[int, int] | None, text: str) -> Place | None:
    """The place a paragraph opens with ("Marka, the regional capital, saw two incidents ...", "In Goris,
    ..."): what its later sentences report happened there, whatever else they mention on the way."""
    if bounds is None:
        return None
    first = next((n for n in named if bounds[0] <= n.start < bounds[1]), None)
    if first is None or not _OPENING.match(text, bounds[0], first.start):
        return None
    return first.place


def _names_a_topic(event: Event, sentences: Sequence[tuple[int, int]], text: str) -> bool:
    """True when the event's sentence names its place only as what talks are about."""
    place = event.place
    span = event.evidence[0] if event.evidence else None
    bounds = _around(span.start, sentences) if span is not None else None
    if place is None or bounds is None:
        return False
    sentence = text[bounds[0]:bounds[1]]
    found = [m for m in re.finditer(re.escape(place.name), sentence, re.IGNORECASE)]
    if not found or any(_LOCATIVE_BEFORE.search(sentence[:m.start()]) for m in found):
        return False
    return all(_TOPIC_AFTER.match(sentence[m.end():]) for m in found)


def _fits_theatre(event: Event) -> bool:
    return event.type in GROUND_TYPES and event.status in REPORTED_STATUSES


def _at_theatre(event: Event, theatre: Place) -> Event:
    return replace(event, place=theatre, place_source="theatre", geo_precision=3)


def _nearest(span: Span, named: Sequence[_Named], bounds: tuple[int, int] | None) -> Place | None:
    if bounds is None:
        return None
    start, end = bounds
    inside = [n for n in named if start <= n.start and n.end <= end]
    if not inside:
        return None
    return min(inside, key=lambda n: max(n.start - span.end, span.start - n.end, 0)).place


def _around(position: int, bounds: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    return next(((s, e) for s, e in bounds if s <= position < e), None)


def _named_places(mentions: Sequence[Mention], doc: Doc) -> list[_Named]:
    named = []
    for m in mentions:
        if m.kind == "place" and m.place is not None and _usable(m.place):
            span = doc.char_span(m.evidence.start, m.evidence.end, alignment_mode="expand")
            named.append(_Named(m.evidence.start, m.evidence.end, m.place,
                                subject=span is not None and span.root.dep_ == "nsubj",
                                destination=span is not None and _destination(span.root),
                                backdrop=_backdrop(span.root) if span is not None else None))
    return named


def _backdrop(tok: Token) -> tuple[int, int] | None:
    """The characters of the clause of circumstance a name sits in ('after X announced ... in Moscow')."""
    while tok.head.i != tok.i:
        if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _BACKDROP_MARKS for c in tok.children):
            return tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge)
        tok = tok.head
    return None


def _describes(text: str, end: int) -> bool:
    """'a Tripoli-based group', 'the Saudi-led coalition', '4:30 a.m. (Sanaa time)': a name that describes
    an actor or a clock, not a place of events."""
    return _DESCRIBING.match(text, end) is not None


def _destination(tok: Token) -> bool:
    """Whether a name lies under 'to' or 'into' on its way up to its verb ('diverted to X', 'taken to a hospital in
    X', 'fled into the town of X')."""
    while tok.head.i != tok.i and tok.pos_ not in ("VERB", "AUX"):
        if tok.dep_ == "prep" and tok.lower_ in _TOWARDS:  # a movement to it: not "according to", "calm returned to"
            return tok.head.lemma_.lower() in CARRY_VERBS
        tok = tok.head
    return False


def _dateline(named: _Named, datelines: Sequence[tuple[int, int]]) -> bool:
    """'KHARTOUM (Reuters) - ...': the city a story was filed from says where the reporter was, not where
    the events happened."""
    return any(start <= named.start and named.end <= end for start, end in datelines)


def _usable(place: Place | None) -> bool:
    return place is not None and place.lat is not None and place.lon is not None


def _base(place: Place) -> int:
    return _BASE_PRECISION.get(place.precision or "exact", 1)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Character ranges of the paragraphs (blocks between blank lines)."""
    bounds, start = [], 0
    while start < len(text):
        end = text.find("\n\n", start)
        end = len(text) if end < 0 else end
        if text[start:end].strip():
            bounds.append((start, end))
        start = end + 2
    return bounds
