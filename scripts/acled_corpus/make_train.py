"""Write corpora/acled_types/train.tsv: ACLED-style snippets of the 25 sub-types and non-events.

Deterministic (fixed seed). Patterns are in templates_a.py to templates_e.py, actors and places of
the twenty training countries in countries.py. Usage: python scripts/acled_corpus/make_train.py
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from countries import COUNTRIES  # noqa: E402
from templates_a import TEMPLATES as A  # noqa: E402
from templates_b import TEMPLATES as B  # noqa: E402
from templates_c import TEMPLATES as C  # noqa: E402
from templates_d import TEMPLATES as D  # noqa: E402
from templates_e import TEMPLATES as E  # noqa: E402

SEED = 15
PER_TYPE = 100
NONE_COUNT = 260
OUT = Path(__file__).resolve().parents[2] / "corpora" / "acled_types" / "train.tsv"
MONTHS = "January February March April May June July August September October November December".split()
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
WIRE_DATES = ["on {d}", "late on {d}", "early on {d}", "on {d} morning", "on {d} night", "overnight", "this week",
              "last week", "on {d} evening", "earlier this month", "on {d}", "yesterday", "today"]
CIVILIANS = ["civilians", "villagers", "farmers", "displaced people", "residents"]
TEMPLATES = {label: [t for part in (A, B, C, D, E) for t in part.get(label, [])] for label in {**A, **B}}
_CHOICE = re.compile(r"\[([^\[\]]*)\]")
_SLOT = re.compile(r"\{(\w+)\}")


def expand(template: str, rng: random.Random, country: str) -> str:
    """Fill one pattern: alternatives first, then slots from the country's lists."""
    text = _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), template)
    info = COUNTRIES[country]
    town, admin = rng.choice(info["places"]).split("|")
    nsas = rng.sample(info["nsag"], 2)
    values = {
        "DA": f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2019, 2024)}",
        "DW": rng.choice(WIRE_DATES).format(d=rng.choice(DAYS)),
        "P": town, "A": admin, "C": country, "DEM": info["dem"],
        "MIL": rng.choice(info["mil"]), "POL": rng.choice(info["pol"]), "NSA": nsas[0], "NSA2": nsas[1],
        "MILITIA": rng.choice(info["militia"]), "PROT": rng.choice(info["prot"]), "ISSUE": rng.choice(info["issue"]),
        "GOV": rng.choice(info["gov"]), "N": str(rng.randint(2, 15)), "N2": rng.choice(["one", "two", "three", "1", "2", "4"]),
        "NB": str(rng.choice([20, 30, 40, 50, 60, 80, 100, 120, 150, 200, 300])), "CIV": rng.choice(CIVILIANS),
    }
    text = _SLOT.sub(lambda m: values[m.group(1)], text)
    text = re.sub(r"\s+", " ", text).replace(" ,", ",").replace(" .", ".").replace("( ", "(").strip()
    return _capitalise(text)


def _capitalise(text: str) -> str:
    """Sentence starts in capitals: 'bandits attacked ...' → 'Bandits attacked ...'."""
    return re.sub(r"(^|[.!?] )([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)


def style_of(text: str) -> str:
    """ACLED note, NGO report, wire copy or local media, from the snippet's shape."""
    if re.match(r"On \d", text):
        return "acled"
    if text.startswith("According to") or "rights group" in text or "UN " in text:
        return "ngo"
    if re.match(r"[A-Z][\w' -]+, [A-Z][\w /]+ - ", text):
        return "wire"
    return "local"


def snippets(label: str, templates: list[str], count: int, rng: random.Random) -> list[tuple[str, str, str, str]]:
    """`count` distinct snippets of one label, spread over patterns and countries."""
    countries = list(COUNTRIES)
    rows: dict[str, tuple[str, str, str, str]] = {}
    tries = 0
    while len(rows) < count and tries < count * 50:
        template = templates[tries % len(templates)]
        country = countries[(tries * 7 + rng.randrange(len(countries))) % len(countries)]
        tries += 1
        text = expand(template, rng, country)
        rows.setdefault(text, (text, label, country, style_of(text)))
    return list(rows.values())


def main() -> None:
    """Write the corpus."""
    rng = random.Random(SEED)
    rows = []
    for label, templates in TEMPLATES.items():
        rows += snippets(label, templates, NONE_COUNT if label == "NONE" else PER_TYPE, rng)
    rng.shuffle(rows)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as fh:
        fh.write("text\tlabel\tcountry\tstyle\n")
        for row in rows:
            fh.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main()
