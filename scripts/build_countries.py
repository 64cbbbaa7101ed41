"""Write src/newsledger/data/countries.tsv: each gazetteer country with its ISO numeric code and regions.

The field exports need what the ledger's places do not carry: ACLED's `iso`
(ISO 3166-1 numeric) and `region`, and UCDP GED's `region`. Names and ISO3
codes come from the gazetteer's country rows; numeric codes from the CLDR
territory aliases that Babel ships (offline); the regions are curated below
from each codebook's list of regions. Run it after adding a country row:

    .venv/bin/python scripts/build_countries.py
"""

from __future__ import annotations

import csv
from pathlib import Path

from babel.core import get_global

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = ROOT / "src" / "newsledger" / "data" / "gazetteer.tsv"
OUTPUT = ROOT / "src" / "newsledger" / "data" / "countries.tsv"
SOURCE = "ISO 3166-1 numeric from CLDR (Unicode licence) via Babel; regions curated from the ACLED Codebook 2023 and UCDP GED Codebook 24.1"

ACLED_REGIONS = {
    "Western Africa": "BEN BFA CPV CIV GMB GHA GIN GNB LBR MLI MRT NER NGA SEN SLE TGO",
    "Middle Africa": "AGO CMR CAF TCD COG COD GNQ GAB STP",
    "Eastern Africa": "BDI COM DJI ERI ETH KEN MDG MUS RWA SYC SOM SSD SDN TZA UGA",
    "Southern Africa": "BWA SWZ LSO MWI MOZ NAM ZAF ZMB ZWE",
    "Northern Africa": "DZA EGY LBY MAR TUN ESH",
    "Middle East": "BHR IRN IRQ ISR JOR KWT LBN OMN PSE QAT SAU SYR TUR ARE YEM",
    "Caucasus and Central Asia": "ARM AZE GEO KAZ KGZ TJK TKM UZB",
    "South Asia": "AFG BGD BTN IND MDV NPL PAK LKA",
    "Southeast Asia": "BRN KHM IDN LAO MYS MMR PHL SGP THA TLS VNM",
    "East Asia": "CHN JPN MNG PRK KOR TWN",
    "Oceania": "AUS FJI KIR MHL FSM NRU NZL PLW PNG WSM SLB TON TUV VUT",
    "North America": "CAN USA",
    "Central America": "MEX BLZ CRI SLV GTM HND NIC PAN",
    "Caribbean": "ATG BHS BRB CUB DMA DOM GRD HTI JAM KNA LCA VCT TTO",
    "South America": "ARG BOL BRA CHL COL ECU GUY PRY PER SUR URY VEN",
}
# UCDP puts the Caucasus and Cyprus in Europe, Egypt in the Middle East, Central Asia and Oceania in Asia.
UCDP_BY_ACLED = {
    "Middle East": "Middle East", "Caucasus and Central Asia": "Asia", "South Asia": "Asia",
    "Southeast Asia": "Asia", "East Asia": "Asia", "Oceania": "Asia", "North America": "Americas",
    "Central America": "Americas", "Caribbean": "Americas", "South America": "Americas", "Europe": "Europe",
}
UCDP_EXCEPTIONS = {"ARM": "Europe", "AZE": "Europe", "GEO": "Europe", "EGY": "Middle East"}


def main() -> None:
    """Write the countries table."""
    aliases = get_global("territory_aliases")
    alpha2_to_numeric = {v[0]: k for k, v in aliases.items() if k.isdigit() and len(v) == 1}
    acled = {code: region for region, codes in ACLED_REGIONS.items() for code in codes.split()}
    with GAZETTEER.open(encoding="utf-8") as handle:
        countries = [(r["country"], r["name"]) for r in csv.DictReader(handle, delimiter="\t") if r["feature"] == "country"]
    with OUTPUT.open("w", encoding="utf-8", newline="") as out:
        out.write("iso3\tiso_numeric\tname\tacled_region\tucdp_region\tsource\n")
        for iso3, name in sorted(countries):
            alpha2 = aliases.get(iso3, [""])[0]
            numeric = str(int(alpha2_to_numeric[alpha2])) if alpha2 in alpha2_to_numeric else ""
            region = acled.get(iso3, "Europe")
            ucdp = UCDP_EXCEPTIONS.get(iso3) or UCDP_BY_ACLED.get(region, "Africa")
            out.write(f"{iso3}\t{numeric}\t{name}\t{region}\t{ucdp}\t{SOURCE}\n")


if __name__ == "__main__":
    main()
