"""The place index: every known place by normalised name, read once per process.

Two sources, merged into one in-memory `PlaceIndex`: the curated gazetteer
(`data/gazetteer.tsv`: countries, capitals, regions, the South Caucasus in depth),
which wins, and a compact GeoNames extract (`data/geonames_cities.tsv.gz`: towns of
15,000 people or more worldwide, and of 500 or more in countries at war; see
`scripts/build_geonames_extract.py`). A curated row with a GeoNames id stands in for
that GeoNames row and takes its other names.

It lives apart from `places` because loading is plain file reading and name
normalisation (spaCy gives only its tokenizer): `places` finds and disambiguates names in a
document against this index, and the evaluation measures distances with the same
`distance_km`.
"""

from __future__ import annotations

import csv
import gzip
import logging
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from spacy.tokenizer import Tokenizer

from ..errors import FormatError
from ..lexicon import Dictionaries, GazetteerEntry, data_path, normalize_name
from ..records import Place

log = logging.getLogger(__name__)

EXTRACT_FILE = "geonames_cities.tsv.gz"
EXTRACT_COLUMNS = (
    "geonameid", "name", "asciiname", "alternates", "country", "admin1", "lat", "lon", "population",
    "feature", "common", "source",
)
# Actor kinds whose names are never places, even where GeoNames has a village so named.
NOT_PLACE_KINDS = frozenset({"demonym", "person", "org", "agency", "media"})
POSSESSIVES = ("'s", "’s")
NO_APOSTROPHES = str.maketrans("", "", "'’‘ʼʻ`")
# News writes "Qamishli" and "al-Raqqa" where GeoNames has "Al Qamishli" and "Ar Raqqah".
ARABIC_ARTICLES = frozenset("al el ad an ar as ash at az".split())
# The small words inside Romance and other names: "Mocímboa da Praia", "Rostov-on-Don".
NAME_PARTICLES = frozenset("de del la le du des di da dos do on upon sur".split())
# An article that is not a name's last word ("ash shughur", not "tell as").
_ARTICLE = re.compile(r"(?<![^ ])(?:el|ad|adh|an|ar|as|ash|at|ath|az|ed|er|es|et|ez|en) (?=[^ ])")
MIN_BARE_NAME = 5
# Countries whose place names come from Arabic, where a final ta marbuta is written "-ah" or "-a"
# ("Al Hawijah" and "Hawija", "Darat 'Izzah" and "Darat Izza"): their names also index the "-a" form.
ARABIC_NAMED = frozenset("SYR IRQ YEM LBN JOR PSE SAU LBY EGY SDN TUN DZA MAR MRT ESH OMN ARE KWT QAT BHR".split())
_TA_MARBUTA = re.compile(r"(?<=[a-z]{3})ah\b")
# Population given to curated rows that GeoNames' populated places do not cover, by feature.
FEATURE_POPULATION = {
    "country": 10_000_000, "territory": 1_000_000, "region": 1_000_000, "province": 1_000_000,
    "capital": 1_000_000, "city": 100_000, "town": 10_000, "village": 1_000,
}
EARTH_RADIUS_KM = 6371.0
# Transliterations of one name disagree on doubled letters, on an "h" after a consonant ("Kyaukphyu" and
# "Kyaukpyu", "Bardhere" and "Baardheere", "Garbaharey" and "Garbahaarrey"), on "ou" for "u" ("Makhmour",
# "Makhmur"), on "q" for "k" and on spaces: the loose key folds those.
_NOT_LETTERS = str.maketrans({**dict.fromkeys(map(ord, " -'.,"), None), ord("q"): "k"})
_LOOSE = re.compile(r"(?<=[bcdgkpstz])h|(.)(?=\1)")
# A loose key shorter than this matches too many names.
MIN_LOOSE_KEY = 5
# Extract rows that are divisions (US states; second-level divisions of conflict countries), not points.
DIVISION_FEATURES = frozenset({"province", "district"})
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
        """Return the ledger record of this place, optionally renamed or with another precision."""
        # "Donetsk region" makes a town's point stand for its province; a region stays a region.
        if precision == self.precision or (precision == "admin" and self.precision != "exact"):
            precision = None
        # The GeoNames id names the town, not the province or the part of it the text means.
        geonameid = None if precision else self.geonameid
        return Place(name or self.name, self.country, self.lat, self.lon, geonameid,
                     precision or self.precision)  # type: ignore[arg-type]


@dataclass(frozen=True)
class PlaceIndex:
    """Every place by normalised name (curated rows first, then by population), and what places are not."""

    by_key: Mapping[str, tuple[Site, ...]]
    not_places: frozenset[str]
    actor_countries: Mapping[str, str]
    country_points: Mapping[str, tuple[float, float]]
    # Each country's capital (the curated gazetteer's `capital` rows), for "the capital" of a text's country.
    capitals: Mapping[str, Place] = field(default_factory=dict)
    # The English tokenizer, to read a bare name the way the pipeline reads text.
    tokenizer: Tokenizer = field(compare=False, repr=False, default_factory=lambda: spacy.blank("en").tokenizer)
    # The names whose loose key differs from their key, by loose key (`loose_key`).
    by_loose: Mapping[str, tuple[Site, ...]] = field(default_factory=dict, compare=False, repr=False)

    def lookup(self, key: str) -> tuple[Site, ...]:
        """Return the places a normalised name may stand for."""
        return self.by_key.get(key, ())

    def lookup_loose(self, key: str) -> tuple[Site, ...]:
        """Return the places another transliteration of a normalised name may stand for (`loose_key`)."""
        loose = loose_key(key)
        if len(loose) < MIN_LOOSE_KEY:
            return ()
        return tuple(dict.fromkeys([*self.by_loose.get(loose, ()), *self.by_key.get(loose, ())]))


def place_key(text: str) -> str:
    """Return the lookup key of a place name: no diacritics, possessive or leading 'the'; normalised."""
    text = text.strip()
    for suffix in POSSESSIVES:
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    # Transliterations mark ayin and hamza with apostrophes news leaves out: Ts'khinvali, Ra's.
    text = text.translate(NO_APOSTROPHES)
    if text.isascii():
        # What normalize_name gives (word hyphens become spaces), at a fraction of the cost:
        # the index normalises some 200,000 names when it loads.
        key = " ".join(text.lower().replace("-", " ").split())
    else:
        key = normalize_name(fold(text))
    key = key[4:] if key.startswith("the ") else key
    # The Arabic article takes the sound of a "sun letter" after it, and spellings differ on showing it:
    # "Jisr al-Shughur" and GeoNames' "Jisr ash Shughur", "al-Raqqa" and "Ar Raqqah" read as one name.
    return _ARTICLE.sub("al ", key) if " " in key else key


def loose_key(key: str) -> str:
    """Return a place key with what transliterations disagree on folded: "kyaukphyu" -> "kyaukpyu"."""
    return _LOOSE.sub("", key.translate(_NOT_LETTERS).replace("ou", "u"))


def without_article(key: str) -> str | None:
    """Return an Arabic name's key without its article ("al qamishli" -> "qamishli"), if long enough."""
    head, _, rest = key.partition(" ")
    return rest if head in ARABIC_ARTICLES and len(rest) >= MIN_BARE_NAME else None


def fold(text: str) -> str:
    """Return the text without diacritics (Khān Yūnis -> Khan Yunis)."""
    if text.isascii():
        return text
    bare = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return bare.translate(LETTERS)


def load_place_index(extract: Path | None = None, dictionaries: Dictionaries | None = None) -> PlaceIndex:
    """Build the name index of the curated gazetteer and the GeoNames extract (`Resources` builds it once).

    Args:
        extract: a GeoNames extract (TSV, gzipped or not); the bundled one when None.
        dictionaries: the gazetteer and actor dictionary; the bundled ones when None.

    Returns:
        The index; a curated row with a geonameid stands in for that GeoNames row.

    Raises:
        FormatError: a data file is missing, malformed or has a bad value.
    """
    dictionaries = dictionaries or Dictionaries.load()
    curated, actors = dictionaries.gazetteer, dictionaries.actors
    not_places = frozenset(place_key(n) for a in actors if a.kind in NOT_PLACE_KINDS for n in a.names)
    by_key = _index_names(curated, _read_extract(extract or data_path(EXTRACT_FILE)), not_places)
    log.debug("place index: %d names", len(by_key))
    by_loose: dict[str, list[Site]] = {}
    for key, sites in by_key.items():
        if key.isascii() and (loose := loose_key(key)) != key and len(loose) >= MIN_LOOSE_KEY:
            by_loose.setdefault(loose, []).extend(sites)
    centroids = {e.country: (e.lat, e.lon) for e in curated if e.feature == "country" and e.country}
    capitals = {e.country: _curated_site(e, None).to_place() for e in curated if e.feature == "capital" and e.country}
    return PlaceIndex(by_key, not_places, {a.id: a.country for a in actors if a.country}, centroids, capitals,
                      by_loose={k: tuple(dict.fromkeys(v)) for k, v in by_loose.items()})


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance between two points in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


# --- reading the data files ------------------------------------------------------------------


def _index_names(
    curated: Iterable[GazetteerEntry], rows: Iterable[dict[str, str]], not_places: frozenset[str]
) -> dict[str, tuple[Site, ...]]:
    """Map every name key to its sites: curated rows first, then GeoNames rows by population."""
    curated = list(curated)
    wanted = {entry.geonameid for entry in curated if entry.geonameid}
    # The rows are read one at a time (the extract holds some 104,000): only the curated rows'
    # GeoNames rows are kept, for their population and admin1.
    extract: list[tuple[Site, list[str]]] = []
    geonames: dict[int, dict[str, str]] = {}
    for row in rows:
        site, keys = _extract_site(row)
        extract.append((site, keys))
        if site.geonameid in wanted:
            geonames[site.geonameid] = row  # type: ignore[index]
    index: dict[str, list[Site]] = {}
    taken: dict[int, Site] = {}
    for entry in curated:
        site = _curated_site(entry, geonames.get(entry.geonameid or 0))
        taken.update({entry.geonameid: site} if entry.geonameid else {})
        for key in dict.fromkeys(place_key(name) for name in entry.names):
            index.setdefault(key, []).append(site)
    for site, keys in extract:
        # A curated row replaces the GeoNames row of its place, and takes its other names.
        site = taken.get(site.geonameid or 0, site)
        for key in keys:
            if key not in not_places and site not in index.get(key, ()):
                index.setdefault(key, []).append(site)
    return {k: tuple(v) if len(v) == 1 else tuple(sorted(v, key=_site_order)) for k, v in index.items()}


def _read_extract(path: Path) -> Iterator[dict[str, str]]:
    """Yield the rows of a GeoNames extract as dicts, checking its header and row shapes."""
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
    """Return the site of an extract row and its name keys."""
    primary = frozenset(place_key(n) for n in (row["name"], row["asciiname"]) if n)
    bare = [b for k in primary if (b := without_article(k))]
    keys = list(dict.fromkeys([*primary, *bare, *[place_key(n) for n in row["alternates"].split("|") if n]]))
    if row["country"] in ARABIC_NAMED:
        keys = list(dict.fromkeys([*keys, *(_TA_MARBUTA.sub("a", k) for k in keys)]))
    try:
        lat, lon, population = float(row["lat"]), float(row["lon"]), int(row["population"])
    except ValueError:
        raise FormatError(f"{EXTRACT_FILE}: bad number in row {row['geonameid']}") from None
    precision = "admin" if row["feature"] in DIVISION_FEATURES else "exact"
    # English-language ledgers read "Khan Yunis" more easily than GeoNames' "Khān Yūnis".
    site = Site(f"geonames:{row['geonameid']}", row["asciiname"] or row["name"], row["country"] or None,
                row["admin1"] or None, lat, lon, int(row["geonameid"]), precision, population, False,
                row["common"] == "1", primary)
    return site, keys


def _curated_site(entry: GazetteerEntry, geonames: dict[str, str] | None) -> Site:
    """Return the site of a curated row, with the population and admin1 of its GeoNames row if any."""
    population = int(geonames["population"]) if geonames else FEATURE_POPULATION.get(entry.feature, 1_000_000)
    admin1 = geonames["admin1"] if geonames else None
    primary = frozenset({place_key(entry.name)})
    return Site(entry.id, entry.name, entry.country, admin1, entry.lat, entry.lon, entry.geonameid,
                entry.precision, population, True, False, primary)


def _site_order(site: Site) -> tuple[bool, int]:
    return (not site.curated, -site.population)
