"""Places: find place names in a document, resolve them to coordinates, say how precise they are.

Two sources of places, read once per process into one index keyed by normalised
name: the curated gazetteer (`data/gazetteer.tsv`: countries, capitals, regions,
the South Caucasus in depth), which wins, and a compact GeoNames extract
(`data/geonames_cities.tsv.gz`: towns of 15,000 people or more worldwide, and
of 500 or more in countries at war; see `scripts/build_geonames_extract.py`).

Candidates are spaCy entities (the entity ruler's place rows first, then names
the model labels GPE, LOC or FAC, then names it mislabels as ORG, PERSON, NORP
or PRODUCT when the context says place) and "the town/village/city of X"
phrases. A name matching several places is decided by the document: a
qualifier ("Paris, Texas"), the countries the document is about, the distance
to the other places it names, then population.
"""

from __future__ import annotations

import csv
import gzip
import logging
import math
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc

from .errors import FormatError
from .lexicon import GazetteerEntry, data_path, load_actors, load_gazetteer, normalize_name
from .nlp import AnalyzedDoc
from .records import Mention, Place, Span, stable_id

log = logging.getLogger(__name__)

EXTRACT_FILE = "geonames_cities.tsv.gz"
EXTRACT_COLUMNS = (
    "geonameid", "name", "asciiname", "alternates", "country", "admin1", "lat", "lon", "population",
    "feature", "common", "source",
)
STRONG_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Labels the small English model often gives to place names it does not know.
WEAK_LABELS = frozenset({"ORG", "PERSON", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART"})
# Actor kinds whose names are never places, even where GeoNames has a village so named.
NOT_PLACE_KINDS = frozenset({"demonym", "person", "org", "agency", "media"})
# A place name right before one of these names a thing: "the Minsk process", "Geneva Convention".
NAMED_AFTER = frozenset(
    "group process format agreement agreements accord accords protocol protocols declaration convention "
    "conventions treaty club memorandum".split()
)
HONORIFICS = frozenset("mr mrs ms miss dr sir dame lady lord prof professor madam mme mx rev".split())
LOCATIVES = frozenset(
    "in near at outside around into from towards toward across inside within to through via past beyond "
    "between on off along".split()
)
SETTLEMENT_NOUNS = frozenset(
    "town towns village villages city cities settlement settlements hamlet hamlets port suburb suburbs "
    "neighbourhood neighborhood neighbourhoods neighborhoods capital".split()
)
ADMIN_NOUNS = frozenset("region province oblast governorate district state county prefecture raion".split())
DIRECTIONS = frozenset(
    "north south east west northern southern eastern western central northeast northwest southeast southwest "
    "north-east north-west south-east south-west north-eastern north-western south-eastern south-western "
    "northeastern northwestern southeastern southwestern".split()
)
# Lowercase words that may sit inside a place name ("Rostov-on-Don", "Khan al-Ahmar").
NAME_CONNECTORS = frozenset("al el ad an ar as ash at az ad-dawr de del la le du des di da dos do on upon sur".split())
ARTICLES = ("the ",)
POSSESSIVES = ("'s", "’s")
# Population given to curated rows that GeoNames' populated places do not cover, by feature.
FEATURE_POPULATION = {
    "country": 10_000_000, "territory": 1_000_000, "region": 1_000_000, "province": 1_000_000,
    "capital": 1_000_000, "city": 100_000, "town": 10_000, "village": 1_000,
}
EARTH_RADIUS_KM = 6371.0
# Score weights (log10 population is about 3 for a village, 6-7 for a capital).
POPULATION_WEIGHT = 0.5
CURATED_BONUS = 1.0
PRIMARY_NAME_BONUS = 1.0
FOCUS_WEIGHT = 1.5
PROXIMITY_STEPS = ((50.0, 2.0), (150.0, 1.5), (400.0, 1.0), (1000.0, 0.5))
FOCUS_SHARE_FOR_WEAK = 0.5
# A name's best reading counts towards the document's countries when it leads the next by this much.
CLEAR_MARGIN = 1.0
LETTERS = str.maketrans({
    "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "Ae",
    "œ": "oe", "Œ": "Oe", "ı": "i", "ʼ": "'", "ʻ": "'",
})


@dataclass(frozen=True, slots=True)
class Site:
    """One place a name may stand for: a curated gazetteer row or a GeoNames extract row."""

    id: str
    name: str
    country: str | None
    admin1: str | None
    lat: float
    lon: float
    geonameid: int | None
    precision: str
    population: int
    curated: bool
    common: bool
    primary: frozenset[str]

    def to_place(self, name: str | None = None, precision: str | None = None) -> Place:
        """Return the ledger record of this place, optionally renamed or made less precise."""
        # "Donetsk region" makes a town's point stand for a province; a region stays a region.
        if precision == "admin" and self.precision != "exact" or precision == self.precision:
            precision = None
        # The GeoNames id names the town, not the province or the part of it the text means.
        geonameid = None if precision else self.geonameid
        return Place(name or self.name, self.country, self.lat, self.lon, geonameid,
                     precision or self.precision)  # type: ignore[arg-type]


@dataclass(frozen=True)
class PlaceIndex:
    """Every place by normalised name, curated rows first, then by population."""

    by_key: Mapping[str, tuple[Site, ...]]
    not_places: frozenset[str]
    actor_countries: Mapping[str, str]

    def lookup(self, key: str) -> tuple[Site, ...]:
        """Return the places a normalised name may stand for."""
        return self.by_key.get(key, ())


@dataclass(frozen=True)
class Found:
    """A place name found in a document, with the places it may stand for."""

    start: int
    end: int
    key: str
    sites: tuple[Site, ...]
    strong: bool
    name: str | None = None
    precision: str | None = None


@dataclass(frozen=True)
class Context:
    """What a document says about where it is: country weights and unambiguous points."""

    focus: Mapping[str, float]
    anchors: tuple[tuple[str, float, float], ...]
    accepted: frozenset[str]


NO_CONTEXT = Context({}, (), frozenset())


def place_key(text: str) -> str:
    """Return the lookup key of a place name: diacritics dropped, possessive and 'the' removed, normalised."""
    text = text.strip()
    for suffix in POSSESSIVES:
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    if text.isascii() and "`" not in text:
        # What normalize_name gives (word hyphens become spaces), at a fraction of the cost:
        # the index normalises some 200,000 names at load.
        key = " ".join(text.lower().replace("-", " ").split())
    else:
        key = normalize_name(fold(text))
    for article in ARTICLES:
        if key.startswith(article):
            key = key[len(article):]
    return key


def fold(text: str) -> str:
    """Return the text without diacritics (Khān Yūnis -> Khan Yunis)."""
    if text.isascii():
        return text
    bare = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return bare.translate(LETTERS)


@lru_cache(maxsize=4)
def load_place_index(extract: Path | None = None, gazetteer: Path | None = None) -> PlaceIndex:
    """Build the name index of the curated gazetteer and the GeoNames extract, once per process.

    Args:
        extract: a GeoNames extract (TSV, gzipped or not); the bundled one when None.
        gazetteer: a curated gazetteer TSV; the bundled `data/gazetteer.tsv` when None.

    Returns:
        The index; an extract row whose geonameid a curated row has is left out.

    Raises:
        FormatError: a data file is missing, malformed or has a bad value.
    """
    rows = list(_read_extract(extract or data_path(EXTRACT_FILE)))
    by_geonameid = {int(r["geonameid"]): r for r in rows}
    curated = load_gazetteer(gazetteer)
    taken = {e.geonameid for e in curated if e.geonameid}
    actors = load_actors()
    not_places = frozenset(place_key(n) for a in actors if a.kind in NOT_PLACE_KINDS for n in a.names)
    index: dict[str, list[Site]] = {}
    for entry in curated:
        site = _curated_site(entry, by_geonameid.get(entry.geonameid or 0))
        for key in dict.fromkeys(place_key(name) for name in entry.names):
            index.setdefault(key, []).append(site)
    for row in rows:
        if int(row["geonameid"]) in taken:
            continue
        site, keys = _extract_site(row)
        for key in keys:
            if key not in not_places:
                index.setdefault(key, []).append(site)
    ordered = {k: tuple(v) if len(v) == 1 else tuple(sorted(v, key=_site_order)) for k, v in index.items()}
    countries = {a.id: a.country for a in actors if a.country}
    log.debug("place index: %d names, %d extract rows", len(ordered), len(rows))
    return PlaceIndex(ordered, not_places, countries)


def resolve_place(text: str, adoc: AnalyzedDoc | None = None) -> Place | None:
    """Resolve a place name to a place, using the document around it when given.

    Args:
        text: the name as written ("Martakert", "the town of Hadrut", "Donetsk region", "northern Gaza").
        adoc: the analysed document the name comes from: its countries, places and
            qualifiers decide between places of the same name.

    Returns:
        The place, or None when the name is not a known place, is written in lowercase,
        or is an English word (Nice, Young) that the document does not use as a place.
    """
    index = load_place_index()
    found = _found_from_text(text, index)
    if found is None:
        return None
    context = document_context(adoc, index) if adoc is not None else NO_CONTEXT
    if not found.strong and found.key not in context.accepted:
        return None
    site = _best(found.sites, found.key, context)
    return site.to_place(_display_name(found, site), found.precision)


def extract_places(adoc: AnalyzedDoc) -> list[Mention]:
    """Find and resolve every place mention of a document.

    Args:
        adoc: the analysed document.

    Returns:
        One `Mention(kind="place")` per mention, in text order; its evidence spans
        the name ("Donetsk region", "northern Gaza"; not "the town of").
    """
    index = load_place_index()
    document, doc = adoc.document, adoc.doc
    founds = _accepted(doc, _candidates(doc, index), index)
    context = _context(founds, doc, index)
    chosen = _resolve_all(doc, founds, context)
    mentions = []
    for found, site in zip(founds, chosen, strict=True):
        start, end = doc[found.start].idx, doc[found.end - 1].idx + len(doc[found.end - 1])
        place = site.to_place(_display_name(found, site), found.precision) if site else Place(
            doc[found.start:found.end].text, precision=found.precision)  # type: ignore[arg-type]
        evidence = Span.of(document.id, document.text, start, end)
        mentions.append(Mention(stable_id("men", document.id, start, end), document.id, evidence, "place",
                                place=place))
    return mentions


def document_context(adoc: AnalyzedDoc, index: PlaceIndex | None = None) -> Context:
    """Return the countries and unambiguous places a document names, for disambiguation."""
    index = index or load_place_index()
    founds = _accepted(adoc.doc, _candidates(adoc.doc, index), index)
    return _context(founds, adoc.doc, index)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance between two points in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


# --- loading ------------------------------------------------------------------------------


def _read_extract(path: Path) -> Iterator[dict[str, str]]:
    try:
        raw = path.read_bytes()
        text = (gzip.decompress(raw) if path.suffix == ".gz" else raw).decode("utf-8")
    except (OSError, UnicodeDecodeError, gzip.BadGzipFile) as exc:
        raise FormatError(f"cannot read data file {path}: {exc}") from exc
    reader = csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, [])
    if tuple(header) != EXTRACT_COLUMNS:
        raise FormatError(f"{path.name}: header {header}, expected {list(EXTRACT_COLUMNS)}")
    for line, fields in enumerate(reader, start=2):
        if len(fields) != len(header) or not fields[0].isdigit():
            raise FormatError(f"{path.name}:{line}: malformed row")
        yield dict(zip(header, fields, strict=True))


def _extract_site(row: dict[str, str]) -> tuple[Site, list[str]]:
    """Return the site of an extract row and its name keys, the GeoNames name's first."""
    primary = frozenset(place_key(n) for n in (row["name"], row["asciiname"]) if n)
    keys = list(dict.fromkeys([*primary, *[place_key(n) for n in row["alternates"].split("|") if n]]))
    try:
        lat, lon, population = float(row["lat"]), float(row["lon"]), int(row["population"])
    except ValueError:
        raise FormatError(f"{EXTRACT_FILE}: bad number in row {row['geonameid']}") from None
    precision = "admin" if row["feature"] == "province" else "exact"
    # English-language ledgers read "Khan Yunis" more easily than GeoNames' "Khān Yūnis".
    site = Site(f"geonames:{row['geonameid']}", row["asciiname"] or row["name"], row["country"] or None,
                row["admin1"] or None,
                lat, lon, int(row["geonameid"]), precision, population, False, row["common"] == "1", primary)
    return site, keys


def _curated_site(entry: GazetteerEntry, geonames: dict[str, str] | None) -> Site:
    population = int(geonames["population"]) if geonames else FEATURE_POPULATION.get(entry.feature, 1_000_000)
    admin1 = geonames["admin1"] if geonames else None
    primary = frozenset({place_key(entry.name), place_key(fold(entry.name))})
    return Site(entry.id, entry.name, entry.country, admin1, entry.lat, entry.lon, entry.geonameid,
                entry.precision, population, True, False, primary)


def _site_order(site: Site) -> tuple[bool, int]:
    return (not site.curated, -site.population)


# --- finding candidates ---------------------------------------------------------------------


def _candidates(doc: Doc, index: PlaceIndex) -> list[Found]:
    """Return every candidate place name, one per span, the strongest reading of each."""
    best: dict[tuple[int, int], Found] = {}
    for found in [*_entity_candidates(doc, index), *_pattern_candidates(doc, index)]:
        span = (found.start, found.end)
        if span not in best or (found.strong and not best[span].strong):
            best[span] = found
    kept = sorted(best.values(), key=lambda f: (f.start, -(f.end - f.start)))
    out: list[Found] = []
    for found in kept:
        if not out or found.start >= out[-1].end:
            out.append(found)
    return out


def _entity_candidates(doc: Doc, index: PlaceIndex) -> Iterator[Found]:
    for ent in doc.ents:
        ruler_id = ent.ent_id_
        if ruler_id and not ruler_id.startswith("place:"):
            continue
        if ent.label_ not in STRONG_LABELS and ent.label_ not in WEAK_LABELS:
            continue
        if not any(ch.isupper() for ch in ent.text) or _is_named_thing(doc, ent.start, ent.end):
            continue
        found = _found_in_span(doc, ent.start, ent.end, index)
        if found is None or (found.key in index.not_places and not ruler_id):
            continue
        strong = bool(ruler_id) or ent.label_ in STRONG_LABELS
        before = doc[found.start - 1] if found.start > 0 else None
        if before is not None and before.is_lower and before.lower_ in DIRECTIONS and found.precision is None:
            text = doc[found.start - 1:found.end].text  # "northern Gaza": the model leaves the direction out
            yield Found(found.start - 1, found.end, found.key, found.sites, strong, text, "region")
        else:
            yield Found(found.start, found.end, found.key, found.sites, strong, found.name, found.precision)


def _found_in_span(doc: Doc, start: int, end: int, index: PlaceIndex) -> Found | None:
    """Read a span as a place name, with an administrative noun after it or a direction before it."""
    if doc[start].lower_ == "the":
        start += 1
    if start >= end:
        return None
    text = doc[start:end].text
    sites = index.lookup(place_key(text))
    if sites:
        after = doc[end] if end < len(doc) else None
        if after is not None and after.lower_ in ADMIN_NOUNS and all(s.precision == "exact" for s in sites):
            return Found(start, end + 1, place_key(text), sites, True, precision="admin")
        return Found(start, end, place_key(text), sites, True)
    last, first = doc[end - 1], doc[start]
    if end - start > 1 and last.lower_ in ADMIN_NOUNS:
        base = index.lookup(place_key(doc[start:end - 1].text))
        if base:
            return Found(start, end, place_key(doc[start:end - 1].text), base, True, precision="admin")
    if end - start > 1 and first.lower_ in DIRECTIONS:
        base = index.lookup(place_key(doc[start + 1:end].text))
        if base:
            return Found(start, end, place_key(doc[start + 1:end].text), base, True, name=text, precision="region")
    return None


def _pattern_candidates(doc: Doc, index: PlaceIndex) -> Iterator[Found]:
    """Yield the names after "the town of", "villages of X and Y", "the Idlib region of"..."""
    for token in doc[:-2]:
        if token.lower_ not in SETTLEMENT_NOUNS | ADMIN_NOUNS or doc[token.i + 1].lower_ != "of":
            continue
        precision = "admin" if token.lower_ in ADMIN_NOUNS else None
        i = token.i + 2
        while i < len(doc):
            end = _name_end(doc, i)
            if end == i:
                break
            text = doc[i:end].text
            key = place_key(text)
            if key not in index.not_places and not _honorific_before(doc, i):
                yield Found(i, end, key, index.lookup(key), True, precision=precision)
            if not (end + 1 < len(doc) and doc[end].lower_ in {",", "and", "or"} and token.lower_.endswith("s")):
                break
            i = end + 1 + (doc[end + 1].lower_ == "and")


def _name_end(doc: Doc, i: int) -> int:
    """Return the end of the capitalised name starting at token i (i when there is none)."""
    end = i
    while end < len(doc):
        token = doc[end]
        if token.is_title or (token.is_upper and token.is_alpha and len(token) > 1):
            end += 1
        elif end > i and end + 1 < len(doc) and _hyphen_joined(doc, end):
            end += 1
        else:
            break
    while end > i and not doc[end - 1].is_title and not doc[end - 1].is_upper:
        end -= 1
    return end


def _hyphen_joined(doc: Doc, i: int) -> bool:
    """Whether token i is a hyphen or connector inside a hyphenated name ("Rostov-on-Don", "al-Bab")."""
    token, before = doc[i], doc[i - 1]
    if token.text == "-":
        return not before.whitespace_ and not token.whitespace_
    return token.lower_ in NAME_CONNECTORS and (before.text == "-" or doc[i + 1].text == "-") and (
        not token.whitespace_ or doc[i + 1].text != "-")


def _found_from_text(text: str, index: PlaceIndex) -> Found | None:
    """Read a bare name (as `resolve_place` gets it) the way `_found_in_span` reads a span."""
    words = text.strip().split()
    while len(words) > 2 and words[1].lower() == "of" and words[0].lower().strip(",") in (
            SETTLEMENT_NOUNS | ADMIN_NOUNS) or (words and words[0].lower() == "the"):
        words = words[1:] if words[0].lower() == "the" else words[2:]
    if not words or not any(ch.isupper() for ch in " ".join(words)):
        return None
    key = place_key(" ".join(words))
    sites = index.lookup(key)
    if sites:
        strong = not any(s.common for s in sites) or any(s.curated for s in sites)
        return Found(0, len(words), key, sites, strong)
    if len(words) > 1 and words[-1].lower() in ADMIN_NOUNS and index.lookup(place_key(" ".join(words[:-1]))):
        key = place_key(" ".join(words[:-1]))
        return Found(0, len(words), key, index.lookup(key), True, precision="admin")
    if len(words) > 1 and words[0].lower() in DIRECTIONS and index.lookup(place_key(" ".join(words[1:]))):
        key = place_key(" ".join(words[1:]))
        return Found(0, len(words), key, index.lookup(key), True, name=" ".join(words), precision="region")
    return None


# --- accepting candidates -------------------------------------------------------------------


def _accepted(doc: Doc, founds: list[Found], index: PlaceIndex) -> list[Found]:
    """Keep the candidates that are places here; weak ones need a place-like context."""
    strong = [f for f in founds if f.strong and f.sites and _plausible(doc, f)]
    focus = _focus(doc, strong, index)
    top = max(focus.values(), default=0.0)
    place_ends = {f.end for f in strong}
    kept = []
    for found in founds:
        if _honorific_before(doc, found.start):
            continue
        if not found.sites:
            kept.append(found)  # "the village of X": a place, even one no gazetteer knows
        elif found.strong and _plausible(doc, found):
            kept.append(found)
        elif not found.strong and _weak_is_place(doc, found, focus, top, place_ends):
            kept.append(found)
    return kept


def _plausible(doc: Doc, found: Found) -> bool:
    """A name that is also an English word (Nice, Split) must read as a proper noun, mid-sentence."""
    if any(s.curated for s in found.sites) or not all(s.common for s in found.sites):
        return True
    tokens = doc[found.start:found.end]
    return not tokens[0].is_sent_start and all(t.pos_ == "PROPN" for t in tokens)


def _weak_is_place(
    doc: Doc, found: Found, focus: Mapping[str, float], top: float, place_ends: set[int]
) -> bool:
    """Accept a name the model labelled ORG or PERSON when the words around it say place.

    Place-like: a locative preposition before it ("in", "near", "on"), an administrative
    noun after it ("oblast"), a place before it in a list ("Bakhmut and Avdiivka"), or
    a reading in one of the countries the document is mostly about.
    """
    if all(s.common for s in found.sites) or _speaks(doc, found.end):
        return False
    if found.precision == "admin" or _locative_before(doc, found.start):
        return True
    if found.start >= 2 and doc[found.start - 1].lower_ in {"and", "or", ","} and found.start - 1 in place_ends:
        return True
    return top > 0 and any(focus.get(s.country or "", 0.0) >= FOCUS_SHARE_FOR_WEAK * top for s in found.sites)


def _is_named_thing(doc: Doc, start: int, end: int) -> bool:
    """Whether the name names a thing after it: "the Minsk process", "the Geneva peace process"."""
    if end < len(doc) and doc[end].lower_ in NAMED_AFTER:
        return True
    return end + 1 < len(doc) and doc[end].is_lower and doc[end + 1].lower_ in NAMED_AFTER


def _honorific_before(doc: Doc, i: int) -> bool:
    j = i - 1
    if j >= 0 and doc[j].text == ".":
        j -= 1
    return j >= 0 and doc[j].lower_.rstrip(".") in HONORIFICS


def _locative_before(doc: Doc, i: int) -> bool:
    j = i - 1
    if j >= 0 and doc[j].lower_ == "the":
        j -= 1
    return j >= 0 and doc[j].lower_ in LOCATIVES


def _speaks(doc: Doc, end: int) -> bool:
    """Whether a verb of speech follows the name: "Lincoln said" is a person."""
    return end < len(doc) and doc[end].lemma_ in {"say", "tell", "add", "write", "warn", "insist", "deny"}


# --- deciding ---------------------------------------------------------------------------------


def _focus(doc: Doc, strong: Iterable[Found], index: PlaceIndex) -> dict[str, float]:
    """Count the countries a document names: its unambiguous places, states and demonyms."""
    counts: Counter[str] = Counter()
    for found in strong:
        site = _clear_reading(found)
        if site is not None and site.country:
            counts[site.country] += 1
    for ent in doc.ents:
        country = index.actor_countries.get(ent.ent_id_) if ent.ent_id_ else None
        if country:
            counts[country] += 1
    return dict(counts)


def _clear_reading(found: Found) -> Site | None:
    """Return the place a name stands for without context, when its other readings are far behind."""
    if len(found.sites) == 1:
        return found.sites[0]
    first, second = sorted((_score(s, found.key, NO_CONTEXT) for s in found.sites), reverse=True)[:2]
    return _best(found.sites, found.key, NO_CONTEXT) if first - second >= CLEAR_MARGIN else None


def _context(founds: list[Found], doc: Doc, index: PlaceIndex) -> Context:
    focus = _focus(doc, [f for f in founds if f.strong], index)
    clear = ((f, _clear_reading(f)) for f in founds if f.sites and f.precision is None)
    anchors = tuple((f.key, s.lat, s.lon) for f, s in clear if s is not None and s.precision in ("exact", "admin"))
    return Context(focus, anchors, frozenset(f.key for f in founds))


def _resolve_all(doc: Doc, founds: list[Found], context: Context) -> list[Site | None]:
    """Choose a place for every candidate; a qualifier after a comma ("Paris, Texas") decides pairs."""
    chosen: list[Site | None] = [_best(f.sites, f.key, context) if f.sites else None for f in founds]
    for i in range(len(founds) - 1):
        first, second = founds[i], founds[i + 1]
        if second.start != first.end + 1 or doc[first.end].text != "," or not first.sites or not second.sites:
            continue
        pair = _qualified_pair(first, second, context)
        if pair:
            chosen[i], chosen[i + 1] = pair
    return chosen


def _qualified_pair(place: Found, qualifier: Found, context: Context) -> tuple[Site, Site] | None:
    """Return the best (place, qualifier) pair where the qualifier is the place's country or state."""
    pairs = [
        (a, b) for a in place.sites for b in qualifier.sites
        if b.precision in ("country", "admin") and a is not b and a.country == b.country
        and (b.precision == "country" or (a.admin1 is not None and a.admin1 == b.admin1))
    ]
    if not pairs:
        return None
    return max(pairs, key=lambda p: _score(p[0], place.key, context) + _score(p[1], qualifier.key, context))


def _best(sites: tuple[Site, ...], key: str, context: Context) -> Site:
    return max(sites, key=lambda s: _score(s, key, context))


def _score(site: Site, key: str, context: Context) -> float:
    """Score a reading of a name: population, curation, exact name, the document's countries and places."""
    score = POPULATION_WEIGHT * math.log10(max(site.population, 1))
    score += CURATED_BONUS if site.curated else 0.0
    score += PRIMARY_NAME_BONUS if key in site.primary else 0.0
    top = max(context.focus.values(), default=0.0)
    if top and site.country:
        score += FOCUS_WEIGHT * context.focus.get(site.country, 0.0) / top
    if site.precision == "exact":
        score += _proximity(site, key, context)
    return score


def _proximity(site: Site, key: str, context: Context) -> float:
    distances = [distance_km(site.lat, site.lon, lat, lon) for k, lat, lon in context.anchors if k != key]
    if not distances:
        return 0.0
    nearest = min(distances)
    return next((bonus for limit, bonus in PROXIMITY_STEPS if nearest <= limit), 0.0)


def _display_name(found: Found, site: Site) -> str | None:
    """The name a place record carries: the site's name, or "Donetsk region" / "northern Gaza"."""
    if found.name:
        return found.name
    if found.precision == "admin" and site.precision == "exact":
        return f"{site.name} region"
    return None
