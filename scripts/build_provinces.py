"""Add the first-level divisions of scripts/provinces_input.tsv to the gazetteer (input and output).

News places many events only by province ("in Borno state", "North Kivu province"), and the GeoNames
extract holds populated places only. Each division of the input names a town inside it; the town's
GeoNames admin1 code gives the division, placed at the median of the extract's places with that
code (as the extract's US states are; the extract's own second-level divisions are not counted). A division
whose name is also a place of its country in the index with 10,000 people or more ("Kaduna", "Idlib"), as its
own name or as the division's capital, is left out: the town keeps the name, and "Kaduna state" already reads as
that town's region. Another town's alternate name does not keep it (Santa Fe de Antioquia's "Antioquia").
Rows are written to scripts/gazetteer_input.tsv and src/newsledger/data/gazetteer.tsv (replacing the ones an
earlier run wrote), offline, from files in the repository:

    .venv/bin/python scripts/build_provinces.py
"""

from __future__ import annotations

import csv
import re
import statistics
import sys
from pathlib import Path

from newsledger.lexicon import Dictionaries, data_path
from newsledger.places.words import ADMIN_NOUNS
from newsledger.places.index import DIVISION_FEATURES, EXTRACT_FILE, _read_extract, fold, load_place_index, place_key

ROOT = Path(__file__).resolve().parents[1]
INPUT = ROOT / "scripts" / "provinces_input.tsv"
TARGETS = (ROOT / "scripts" / "gazetteer_input.tsv", ROOT / "src" / "newsledger" / "data" / "gazetteer.tsv")
SOURCE = "GeoNames (CC BY 4.0) admin1 of {capital}; point: median of its places; name curated"
MARK = "; point: median of its places; name curated"
# The extract's features of places of 10,000 people or more: such a town keeps a division's name.
TOWNS = frozenset({"town", "city"})


def _names(row: dict[str, str]) -> set[str]:
    return {place_key(fold(n)) for n in (row["name"], row["asciiname"], *row["alternates"].split("|")) if n}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-")


def _bare(name: str) -> str:
    words = name.split()
    return " ".join(words[:-1]) if len(words) > 1 and words[-1].lower() in ADMIN_NOUNS else name


def build() -> list[str]:
    """The gazetteer rows of the input's divisions (a warning on stderr for each one left out)."""
    extract = list(_read_extract(data_path(EXTRACT_FILE)))  # the extract's one reader, header checked
    index = load_place_index(dictionaries=Dictionaries.load())
    features = {int(r["geonameid"]): r["feature"] for r in extract}
    out = []
    for row in csv.DictReader((line for line in INPUT.open(encoding="utf-8") if not line.startswith("#")),
                              delimiter="\t"):
        country, name, capital = row["country"], row["name"], row["capital"]
        key, own = place_key(_bare(name)), f"place:{country.lower()}-{_slug(_bare(name))}"
        towns = [r for r in extract if r["country"] == country and place_key(fold(capital)) in _names(r)]
        capitals = {int(r["geonameid"]) for r in towns}
        # A town of the division's name keeps it ("Kaduna", and the capital "Raqqa" of Ar Raqqah); a hamlet
        # does not ("Sinaloa", a village of Sinaloa's 3 million people), nor a town other than the capital that
        # has it only as another name (Santa Fe de Antioquia is no "Antioquia" of the news). An earlier run's
        # own row is no obstacle.
        if any(site.country == country and site.id != own and (site.curated or features.get(site.geonameid) in TOWNS
                                                               and (key in site.primary or site.geonameid in capitals))
               for site in index.lookup(key)):
            print(f"skipped {name} ({country}): the index already has a town of that name there", file=sys.stderr)
            continue
        if not towns:
            print(f"skipped {name} ({country}): its capital {capital} is not in the extract", file=sys.stderr)
            continue
        code = max(towns, key=lambda r: int(r["population"] or 0))["admin1"]
        # populated places only: the extract's second-level divisions sit at medians of their own
        places = [r for r in extract if r["country"] == country and r["admin1"] == code
                  and r["feature"] not in DIVISION_FEATURES]
        lat = statistics.median(float(r["lat"]) for r in places)
        lon = statistics.median(float(r["lon"]) for r in places)
        aliases = "|".join(a for a in row["aliases"].split("|") if a and a.split()[-1].lower() not in ADMIN_NOUNS)
        out.append("\t".join([own, _bare(name), aliases, country,
                              f"{lat:.4f}", f"{lon:.4f}", "", "province", "admin", _bare(name),
                              SOURCE.format(capital=capital)]) + "\n")
    return out


def main() -> None:
    """Write the rows into both gazetteer files."""
    rows = build()
    for path in TARGETS:
        kept = [line for line in path.read_text(encoding="utf-8").splitlines(keepends=True) if MARK not in line]
        path.write_text("".join(kept) + "".join(rows), encoding="utf-8")
    print(f"wrote {len(rows)} divisions", file=sys.stderr)


if __name__ == "__main__":
    main()
