"""Places: find place names in a document, resolve them to coordinates, say how precise they are.

Names are looked up in the `PlaceIndex` of `places.index` (the curated gazetteer,
which wins, and a compact GeoNames extract, read once per process); its public
names are re-exported here.

Candidates are spaCy entities (the entity ruler's place rows; names the model
labels GPE, FAC or LOC; names it mislabels as ORG or PERSON when the words
around them say place) and "the town/village/city of X" phrases. A name that
fits several places is decided by the document (`places.readings`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.tokens import Doc, Span as SpacySpan, Token

from ..nlp import CALENDAR_WORDS, AnalyzedDoc, doc_ents, doc_text
from .index import (
    ARABIC_ARTICLES,
    EXTRACT_COLUMNS,
    EXTRACT_FILE,
    NAME_PARTICLES,
    POSSESSIVES,
    PlaceIndex,
    Site,
    distance_km,
    fold,
    load_place_index,
    place_key,
    without_article,
)
from .readings import (
    FOCUS_SHARE, NO_CONTEXT, Context, Found, best_reading, display_name, qualified_pair, reading_score, resolve_all,
)
from ..records import Mention, Place, Span, stable_id
from .words import (
    ADMIN_NOUNS, AREA_NOUNS, DIRECTIONS, LIST_WORDS, SETTLEMENT_NOUNS, UNKNOWN_PLACE_NOUNS, VILLAGE_TITLES,
    according_to, described_as_place, division_after, honorific_before, listed_after_place, locative_before,
    names_a_thing, speaks,
)

__all__ = [
    "EXTRACT_COLUMNS", "EXTRACT_FILE", "Context", "Found", "NO_CONTEXT", "PlaceIndex", "Site", "distance_km",
    "document_context", "extract_places", "fold", "places_and_context", "load_place_index", "place_key", "resolve_place",
]

# Where a candidate comes from, strongest first: the entity ruler (curated rows), a "town of X"
# phrase, the model's GPE/FAC, its LOC or an "area/outskirts/vicinity of X" phrase (`AREA_NOUNS`), its
# ORG-like labels, its PERSON label, a proper noun outside any entity.
SOURCE_OF_LABEL = {
    "GPE": "model", "FAC": "model", "LOC": "loc", "ORG": "org", "NORP": "org", "PRODUCT": "org",
    "EVENT": "org", "WORK_OF_ART": "org", "PERSON": "person",
}
SOURCE_RANK = {
    "ruler": 0, "text": 0, "pattern": 1, "model": 2, "loc": 3, "area": 3, "org": 4, "person": 5, "caps": 6,
}
FIRM_SOURCES = frozenset({"ruler", "text", "pattern", "model"})
# Longest all-capital name the model's own entities may be: "NIU" is an acronym, "BAKU" a dateline.
ACRONYM_LENGTH = 3
MAX_NAME_WORDS = 4
# A capitalised name, its words joined by spaces or hyphens: "Khan Younis", "Rostov-on-Don", "al-Bab".
_CONNECTOR = f"(?:{'|'.join(sorted(ARABIC_ARTICLES | NAME_PARTICLES, key=lambda w: (-len(w), w)))})-"
_LEADING_CONNECTOR = re.compile(rf"^{_CONNECTOR}")
NAME_RE = re.compile(rf"(?:{_CONNECTOR})?[A-Z][\w'’]*(?:[ -](?:{_CONNECTOR})*[A-Z][\w'’]*)*")
# A name's best reading counts towards the document's countries when it leads the next by this much.
CLEAR_MARGIN = 1.0
# Below this, a town found only by one of its alternate GeoNames names needs the document's support.
ALTERNATE_NAME_POPULATION = 100_000
# Below this (GeoNames' villages, the extract's `village` rows), a place needs the document's support.
VILLAGE_POPULATION = 10_000


def resolve_place(
    text: str, index: PlaceIndex, adoc: AnalyzedDoc | None = None, *, context: Context | None = None
) -> Place | None:
    """Resolve a place name to a place, using the document around it when given.

    Args:
        text: the name as written: "Martakert", "the town of Hadrut", "Donetsk region",
            "northern Gaza", "Paris, Texas".
        index: the place index (`Resources.places`).
        adoc: the analysed document the name comes from; its countries, places and
            qualifiers decide between places of the same name.
        context: `document_context(adoc)`, to reuse across many names of one document
            (it is computed from `adoc` otherwise).

    Returns:
        The place, or None when the name is not a known place, is written in lowercase,
        or is an English word (Nice, Split) or rare alternate spelling that the
        document does not support as a place.
    """
    found, qualifier = _read_text(text, index), None
    if found is None and "," in text:  # "Paris, Texas"; but "Washington, D.C." is one name
        head, _, tail = text.partition(",")
        found, qualifier = _read_text(head, index), _read_text(tail, index)
    if found is None:
        return None
    if context is None:
        context = document_context(adoc, index) if adoc is not None else NO_CONTEXT
    if found.key not in context.accepted and not (_plain_word_ok(found) and _credible(found, context)):
        return None
    pair = qualified_pair(found, qualifier, context) if qualifier else None
    site = pair[0] if pair else best_reading(found.sites, found.key, context)
    return site.to_place(display_name(found, site), found.precision)


def extract_places(adoc: AnalyzedDoc, index: PlaceIndex) -> list[Mention]:
    """Find and resolve every place mention of a document.

    Args:
        adoc: the analysed document.
        index: the place index (`Resources.places`).

    Returns:
        One `Mention(kind="place")` per mention, in text order; its evidence spans the
        name ("Donetsk region", "northern Gaza"; not "the town of"). A name that a
        "village of X" phrase gives but no gazetteer knows has a place without coordinates.
    """
    return places_and_context(adoc, index)[0]


def places_and_context(adoc: AnalyzedDoc, index: PlaceIndex) -> tuple[list[Mention], Context]:
    """`extract_places` with the `document_context` it resolved them in, for later stages to reuse."""
    document, doc = adoc.document, adoc.doc
    founds = _accepted(doc, _candidates(doc, index), index)
    context = _context(founds, doc, index)
    mentions, readings = [], {}
    chosen, decided = resolve_all(doc, founds, context)
    for i, (found, site) in enumerate(zip(founds, chosen, strict=True)):
        start, end = doc[found.start].idx, doc[found.end - 1].idx + len(doc[found.end - 1])
        if site is None:
            place = Place(doc[found.start:found.end].text, precision=found.precision)  # type: ignore[arg-type]
        else:
            place = site.to_place(display_name(found, site), found.precision)
            if i in decided:
                readings[start] = place
        evidence = Span.of(document.id, document.text, start, end)
        mentions.append(Mention(stable_id("men", document.id, start, end), document.id, evidence, "place",
                                place=place))
    return mentions, replace(context, readings=readings)


def document_context(adoc: AnalyzedDoc, index: PlaceIndex) -> Context:
    """Return the countries and unambiguous places a document names, for disambiguation."""
    founds = _accepted(adoc.doc, _candidates(adoc.doc, index), index)
    return _context(founds, adoc.doc, index)


# --- finding candidates -------------------------------------------------------------------------


def _candidates(doc: Doc, index: PlaceIndex) -> list[Found]:
    """Return the candidate place names of a document, in order, one reading per span, no overlaps."""
    best: dict[tuple[int, int], Found] = {}
    for found in [*_entity_candidates(doc, index), *_pattern_candidates(doc, index), *_proper_nouns(doc, index)]:
        span = (found.start, found.end)
        if span not in best or SOURCE_RANK[found.source] < SOURCE_RANK[best[span].source]:
            best[span] = found
    out: list[Found] = []
    for found in sorted(best.values(), key=lambda f: (f.start, -(f.end - f.start))):
        if not out or found.start >= out[-1].end:
            out.append(found)
    return out


def _entity_candidates(doc: Doc, index: PlaceIndex) -> Iterator[Found]:
    ents = doc_ents(doc)
    for k, ent in enumerate(ents):
        if k + 1 < len(ents) and (joined := _joined_entities(doc, ent, ents[k + 1], index)) is not None:
            yield _widened(doc, joined)  # it outlasts the two parts, which still yield their own readings
        ruler_id = ent.ent_id_
        if ruler_id and not ruler_id.startswith("place:"):
            continue  # an actor of the dictionary
        source = "ruler" if ruler_id else SOURCE_OF_LABEL.get(ent.label_)
        if source is None or not _looks_like_a_name(ent.text, bool(ruler_id)) or names_a_thing(doc, ent.end):
            continue
        found = _read_span(doc, ent.start, ent.end, index, titled=True) or _hyphen_joined(doc, ent, index)
        if found is None and not ruler_id:
            whole = _with_left_words(doc, ent, index)
            parts = [whole] if whole is not None else list(_listed_parts(doc, ent, source, index))
            if not parts and (loose := _read_loose(doc, ent.start, ent.end, index)) is not None:
                parts = [replace(loose, source=source)]
            yield from parts
            continue
        if found is None or (found.key in index.not_places and not ruler_id):
            continue
        yield _widened(doc, replace(found, source=source))


def _joined_entities(doc: Doc, ent: SpacySpan, after: SpacySpan, index: PlaceIndex) -> Found | None:
    """'[Mocímboa da] [Praia]': a name the model split into two entities side by side (the second may be a
    curated place), whole in the gazetteer under its own name; it reads with the label of its second part."""
    if after.start != ent.end or any(e.ent_id_ and not e.ent_id_.startswith("place:") for e in (ent, after)) or (
            source := SOURCE_OF_LABEL.get(after.label_)) is None:
        return None  # an actor of the dictionary is no part of a place's name
    found = _read_span(doc, ent.start, after.end, index)
    if found is None or found.key in index.not_places or not any(found.key in s.primary for s in found.sites):
        return None
    return replace(found, source=source)


def _hyphen_joined(doc: Doc, ent: SpacySpan, index: PlaceIndex) -> Found | None:
    """'Hpa-an': the tokenizer splits a hyphenated name and the model keeps only its first part."""
    end = ent.end
    if end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_:
        return _read_span(doc, ent.start, end + 2, index)
    return None


def _with_left_words(doc: Doc, ent: SpacySpan, index: PlaceIndex) -> Found | None:
    """'Dera [Ismail Khan]': a name of several words the model cut short, whole in the gazetteer.

    A name of three words or more that the gazetteer knows whole is no person's; it counts as the
    model's own place reading."""
    start = ent.start
    while start > 0 and ent.start - start < 2 and doc[start - 1].is_title and doc[start - 1].pos_ == "PROPN" and (
            not doc[start - 1].ent_type_):
        start -= 1
    if start == ent.start or ent.end - start < 3:
        return None
    found = _read_span(doc, start, ent.end, index)
    return replace(found, source="model") if found is not None and found.precision is None else None


def _listed_parts(doc: Doc, ent: SpacySpan, source: str, index: PlaceIndex) -> Iterator[Found]:
    """'between [Afgoye and Lafoole]' taken for one name: each name of the list, as the model labelled it."""
    if not any(t.lower_ in LIST_WORDS for t in ent):
        return
    i = ent.start
    while i < ent.end:
        end = i
        while end < ent.end and doc[end].is_title and doc[end].pos_ == "PROPN":
            end += 1
        found = _read_span(doc, i, end, index) if end > i else None
        if found is not None and found.key not in index.not_places:
            yield replace(found, source=source)
        i = max(end, i + 1)


def _proper_nouns(doc: Doc, index: PlaceIndex) -> Iterator[Found]:
    """Yield places among capitalised proper nouns the model left out of its entities.

    A whole run of them may be a GeoNames name ("Goma and Bunia"); a curated name may
    also sit inside a run, as in a headline written in title case ("Shelling Near
    Stepanakert Continues").
    """
    i = 0
    while i < len(doc):
        end = i
        while end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN" and _unlabelled(doc[end]):
            end += 1
            # "Tal al-Sultan", "Deir el-Balah": the lower-case article joins the run, which is read whole
            if end + 2 < len(doc) and doc[end].lower_ in ARABIC_ARTICLES and doc[end + 1].text == "-" and (
                    doc[end + 2].is_title and not doc[end].whitespace_ and not doc[end + 1].whitespace_):
                end += 2
        # A capitalised word opening a sentence is no name by its capital alone, unless the words after it
        # describe a place ("Marka, the regional capital, saw ...", "Daraa governorate").
        if end > i and (sites := index.lookup(key := place_key(doc[i:end].text))) and (
                not doc[i].is_sent_start or described_as_place(doc, end) or division_after(doc, end)):
            if key not in index.not_places:
                yield Found(i, end, key, sites, "caps")
        elif end - i > 1 and doc[i].lower_ in VILLAGE_TITLES and (found := _read_span(doc, i, end, index, True)):
            yield replace(found, source="caps")  # "Barangay Kitango", if near the document's other places
        elif end - i > 1:
            yield from _curated_inside(doc, i, end, index)
        i = end + 1


def _curated_inside(doc: Doc, start: int, end: int, index: PlaceIndex) -> Iterator[Found]:
    """Yield the longest curated place names inside a run of capitalised words."""
    i = start
    while i < end:
        for j in range(min(end, i + MAX_NAME_WORDS), i, -1):
            key = place_key(doc[i:j].text)
            sites = tuple(s for s in index.lookup(key) if s.curated)
            if sites and key not in index.not_places:
                yield Found(i, j, key, sites, "caps")
                i = j - 1
                break
        i += 1


def _looks_like_a_name(text: str, curated: bool) -> bool:
    """A place name has a capital; the model's own names start with one and are not short acronyms."""
    if text[:4].lower() == "the ":
        text = text[4:]
    text = _LEADING_CONNECTOR.sub("", text)  # "al-Busayrah"
    letters = [ch for ch in text if ch.isalpha()]
    if not any(ch.isupper() for ch in letters):
        return False
    if curated:
        return True
    return letters[0].isupper() and not (len(letters) <= ACRONYM_LENGTH and text.isupper())


def _widened(doc: Doc, found: Found) -> Found:
    """Take in the words the model leaves out: "northern Gaza", "Zaporizhzhia oblast"."""
    if found.precision is not None:
        return found
    after = doc[found.end] if found.end < len(doc) else None
    if after is not None and after.lower_ in ADMIN_NOUNS and all(
            s.precision == "exact" or s.precision == "admin" and not s.curated for s in found.sites):
        return replace(found, end=found.end + 1, name=doc[found.start:found.end + 1].text, precision="admin")
    before = doc[found.start - 1] if found.start > 0 else None
    if before is not None and before.is_lower and before.lower_ in DIRECTIONS:
        return replace(found, start=found.start - 1, name=doc[found.start - 1:found.end].text, precision="region")
    return found


def _read_span(doc: Doc, start: int, end: int, index: PlaceIndex, titled: bool = False) -> Found | None:
    """Read tokens as a place name: the name itself, "X region", "northern X" or "the town of X"; with
    `titled`, also "Barangay X" (a mention `_accepted` checks; a bare name to resolve is never read so)."""
    if start < end and doc[start].lower_ == "the":
        start += 1
    if end - start > 1 and doc[end - 1].like_num:
        end -= 1  # "shelled Orikhiv 17 times": the model takes the count into the name
    precision = None
    if end - start > 2 and doc[start + 1].lower_ == "of" and doc[start].lower_ in SETTLEMENT_NOUNS | ADMIN_NOUNS:
        precision = "admin" if doc[start].lower_ in ADMIN_NOUNS else None
        start += 2
    if start >= end:
        return None
    key = place_key(doc[start:end].text)
    if sites := index.lookup(key):
        return Found(start, end, key, sites, precision=precision)
    bare = without_article(key)
    if bare and (sites := index.lookup(bare)):
        return Found(start, end, bare, sites, precision=precision)
    tail = _division_tail(doc, start, end)
    if tail and end - start > tail:
        key = place_key(doc[start:end - tail].text)
        if sites := index.lookup(key):
            return Found(start, end, key, sites, name=doc[start:end].text, precision="admin")
    # "Qaryut village", "Zaporizhzhia city": the place itself (a name with "City" in it was looked up whole first)
    if end - start > 1 and (doc[end - 1].lower_ in UNKNOWN_PLACE_NOUNS or doc[end - 1].lower_ == "city"):
        key = place_key(doc[start:end - 1].text)
        if sites := index.lookup(key):
            return Found(start, end, key, sites, name=doc[start:end - 1].text)
    if end - start > 1 and doc[start].lower_ in DIRECTIONS:
        key = place_key(doc[start + 1:end].text)
        if sites := index.lookup(key):
            return Found(start, end, key, sites, name=doc[start:end].text, precision="region")
    if titled and end - start > 1 and doc[start].lower_ in VILLAGE_TITLES:  # "Barangay Kitango": the village
        key = place_key(doc[start + 1:end].text)
        if sites := index.lookup(key):
            return Found(start, end, key, sites, name=doc[start + 1:end].text)
    return None


def _read_loose(doc: Doc, start: int, end: int, index: PlaceIndex) -> Found | None:
    """Read tokens as another transliteration of a known name ("Garbaharey" for Garbahaarrey), the
    division noun after it aside; `_credible` then wants the document's countries or places."""
    if start < end and doc[start].lower_ == "the":
        start += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1  # "Timbuktu." where the model took the full stop in
    tail = _division_tail(doc, start, end)
    key = place_key(doc[start:end - tail].text) if end - tail > start else ""
    if key in index.not_places or not (sites := index.lookup_loose(key)):
        return None
    return Found(start, end, key, sites, name=doc[start:end].text if tail else None,
                 precision="admin" if tail else None, loose=True)


def _division_tail(doc: Doc, start: int, end: int) -> int:
    """How many tokens at the end of a span name a division: "Zurmi LGA", "Faskari Local Government Area"."""
    if end - start > 3 and doc[end - 3:end].text.lower() == "local government area":
        return 3
    return 1 if end - start > 1 and doc[end - 1].lower_ in ADMIN_NOUNS else 0


def _read_text(text: str, index: PlaceIndex) -> Found | None:
    """Read a bare name (as `resolve_place` gets it); lowercase text is never a place."""
    if not any(ch.isupper() for ch in text):
        return None
    doc = index.tokenizer(text.strip())
    return _read_span(doc, 0, len(doc), index) or _read_loose(doc, 0, len(doc), index) if len(doc) else None


def _pattern_candidates(doc: Doc, index: PlaceIndex) -> Iterator[Found]:
    """Yield the names after "the town of", "the villages of X and Y", "the region of", "the area of"."""
    for token in doc[:-2]:
        if token.lower_ not in SETTLEMENT_NOUNS | ADMIN_NOUNS | AREA_NOUNS or doc[token.i + 1].lower_ != "of":
            continue
        precision = "admin" if token.lower_ in ADMIN_NOUNS else None
        source = "area" if token.lower_ in AREA_NOUNS else "pattern"
        i = token.i + 2
        while (end := _name_end(doc, i)) > i:
            key = place_key(doc[i:end].text)
            sites = index.lookup(key)
            # Only a town or village phrase makes an unknown name a place ("the port of Rockstar's game").
            if key not in index.not_places and (sites or token.lower_ in UNKNOWN_PLACE_NOUNS):
                yield Found(i, end, key, sites, source, precision=precision)
            if not (token.lower_.endswith("s") and end + 1 < len(doc) and doc[end].lower_ in LIST_WORDS):
                break
            i = end + 1 + (doc[end].text == "," and doc[end + 1].lower_ == "and")


def _name_end(doc: Doc, i: int) -> int:
    """Return the end of the capitalised name starting at token i (i when there is none)."""
    match = NAME_RE.match(doc_text(doc), doc[i].idx) if i < len(doc) else None
    if match is None:
        return i
    end_char = match.end() - (2 if match.group().endswith(POSSESSIVES) else 0)
    span = doc.char_span(match.start(), end_char, alignment_mode="contract")
    return span.end if span is not None and len(span) else i


# --- accepting candidates -----------------------------------------------------------------------


def _unlabelled(tok: Token) -> bool:
    """A token the model put in no entity, or in a date that names no day ("in Turbat" read as a DATE)."""
    return not tok.ent_type_ or tok.ent_type_ in ("DATE", "TIME") and tok.lower_ not in CALENDAR_WORDS and not any(
        c.isdigit() for c in tok.text)


def _accepted(doc: Doc, founds: list[Found], index: PlaceIndex) -> list[Found]:
    """Keep the candidates that are places here; the model's ORG and PERSON names need support."""
    context = _context(founds, doc, index)
    surnames = _surnames(doc)
    kept: list[Found] = []
    place_ends: set[int] = set()
    for found in founds:
        if honorific_before(doc, found.start) or (
                found.source != "pattern" and found.key in surnames and not _placed_by_words(doc, found)):
            continue
        if doc[found.start].lower_ in VILLAGE_TITLES:
            ok = context.near_anchor(found)  # "Barangay Poblacion": one of hundreds; the one near the others
        elif found.source in ("ruler", "pattern") or not found.sites:
            ok = True  # curated names and "the village of X" need nothing more
        elif found.source == "area":  # "the area of X": a place of the document's countries or places
            ok = any(s.curated or context.in_focus(s) for s in found.sites)
        elif not _plain_word_ok(found, doc) or not _credible(found, context):
            ok = False
        elif found.source == "model":
            ok = True
        else:
            ok = _model_missed_place(doc, found, context, place_ends)
        if ok:
            kept.append(found)
            place_ends.add(found.end)
    return kept


def _placed_by_words(doc: Doc, found: Found) -> bool:
    """'in Tsafe', 'Tsafe town': words that make a name a place even where a person bears it
    ('Alhaji Ibrahim Tsafe': people are often named after their towns)."""
    after = doc[found.end].lower_ if found.end < len(doc) else ""
    return locative_before(doc, found.start) or after in SETTLEMENT_NOUNS or division_after(doc, found.end)


def _plain_word_ok(found: Found, doc: Doc | None = None) -> bool:
    """A name that is also an English word (Nice, Split) must read as a proper noun, mid-sentence."""
    if any(s.curated or not s.common for s in found.sites):
        return True
    if doc is None:
        return False
    tokens = doc[found.start:found.end]
    # the division noun the model took into the name ("Hays district") is no part of it
    return found.source in ("model", "loc") and not tokens[0].is_sent_start and all(
        t.pos_ == "PROPN" or t.lower_ in ADMIN_NOUNS for t in tokens)


def _credible(found: Found, context: Context) -> bool:
    """A small town found only by an alternate spelling ('Siri' for Sire), or a village by any name, needs
    the document's countries or places: a village abroad is a misreading ("Suyan" in the Philippines read
    in a report from Papua New Guinea's highlands, whose settlement of that name the gazetteer lacks)."""
    if found.loose:
        return any(context.in_focus(s) for s in found.sites)
    if any(s.curated or found.key in s.primary and s.population >= VILLAGE_POPULATION
           or s.population >= ALTERNATE_NAME_POPULATION for s in found.sites):
        return True
    if not context.focus and all(found.key in s.primary for s in found.sites):
        return True  # a text that names no country: nothing to weigh a village against
    return any(context.in_focus(s) for s in found.sites)


def _model_missed_place(doc: Doc, found: Found, context: Context, place_ends: set[int]) -> bool:
    """Accept a name the model labelled LOC, ORG or PERSON when the document and its context say place.

    A GeoNames reading must lie in or near the countries and places the document is
    about (curated names need not). A name then passes with an administrative noun
    after it ("oblast") or a place right before it in a list ("Bakhmut and Avdiivka");
    otherwise a verb of speech after it ("Lincoln said") says person, and any label
    but ORG needs a locative preposition before it ("in", "near", "on").
    """
    if according_to(doc, found.start) or not any(s.curated or context.in_focus(s) for s in found.sites):
        return False
    if found.precision == "admin" or listed_after_place(doc, found.start, place_ends) or described_as_place(
            doc, found.end) or division_after(doc, found.end):
        return True  # "... province", "Bakhmut and Avdiivka", "Marka, the regional capital,", "Daraa governorate"
    if speaks(doc, found.end):
        return False
    return found.source == "org" or locative_before(doc, found.start)


def _surnames(doc: Doc) -> frozenset[str]:
    """Last names of the people a document names in full: "Harper" after "Tom Harper" is a person."""
    return frozenset(
        place_key(ent[-1].text) for ent in doc_ents(doc) if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].is_title
    )


# --- deciding -----------------------------------------------------------------------------------


def _focus(doc: Doc, firm: Iterable[Found], index: PlaceIndex) -> dict[str, float]:
    """Count the countries a document names: its clearly read places, states, ministries, demonyms."""
    counts: Counter[str] = Counter()
    for found in firm:
        site = _clear_reading(found)
        if site is not None and site.country:
            counts[site.country] += 1
    for ent in doc_ents(doc):
        country = index.actor_countries.get(ent.ent_id_) if ent.ent_id_ else None
        if country:
            counts[country] += 1
    return dict(counts)


def _firm(found: Found, doc: Doc) -> bool:
    """Whether a name stands on its own: curated, or the model's GPE, or a "town of X" phrase, and
    not an English word or a town found by a rare alternate spelling."""
    return found.source in FIRM_SOURCES and _plain_word_ok(found, doc) and _credible(found, NO_CONTEXT)


def _clear_reading(found: Found) -> Site | None:
    """Return the place a name stands for without context, when its other readings are far behind."""
    if len(found.sites) <= 1:
        return found.sites[0] if found.sites else None
    first, second = sorted((reading_score(s, found.key, NO_CONTEXT) for s in found.sites), reverse=True)[:2]
    return best_reading(found.sites, found.key, NO_CONTEXT) if first - second >= CLEAR_MARGIN else None


def _context(founds: list[Found], doc: Doc, index: PlaceIndex) -> Context:
    """Read where a document is from the names that stand on their own."""
    firm = [f for f in founds if f.sites and _firm(f, doc)]
    focus = _focus(doc, firm, index)
    clear = ((f, _clear_reading(f)) for f in firm if f.precision is None)
    anchors = tuple((f.key, s.lat, s.lon) for f, s in clear if s is not None and s.precision in ("exact", "admin"))
    top = max(focus.values(), default=0.0)
    points = tuple(index.country_points[c] for c, n in focus.items() if n >= FOCUS_SHARE * top
                   and c in index.country_points)
    return Context(focus, anchors, points, frozenset(f.key for f in founds))
