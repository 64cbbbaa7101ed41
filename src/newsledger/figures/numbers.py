"""Counts in running text: "54", "Eleven", "some 30,000", "1.5 million", "dozens", "half of ... 140,000".

`find_quantities` reads a sentence's tokens and returns every count it states, each as a
`Quantity` with a low–high range and a qualifier. It knows nothing about people: deciding
whether a count is a count of killed or displaced people is figures.py's job. It does drop
what is plainly not a count: measures ("4,400 sq km", "two weeks", "11 a.m."), money,
percentages without a base, years and year ranges ("1994", "1988-94"), decimals.

Ranges chosen for hedges (documented in data/quantity_words.tsv):
  exact "54"                  → 54..54
  at_least "more than 100"    → 100..None (the stated number is the low bound)
  approx "about 100"          → 90..110 (±10 %)
  near "nearly 100"           → 90..100
  at_most "up to 100"         → 1..100 (a report of deaths implies at least one)
  range "50 to 60"            → 50..60, qualifier approx
  vague "dozens"              → 24..99, "hundreds" 200..999, "several" 3..9 (see the data file)
  fraction "half of 140,000"  → 70,000, qualifier approx (±10 %)
"""

from __future__ import annotations

import csv
import math
import re
from fractions import Fraction
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from ..records import Qualifier

ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "mln": 1_000_000, "billion": 1_000_000_000,
    "bn": 1_000_000_000,
}
MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)

_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_SUFFIXED = re.compile(r"^(\d+(?:\.\d+)?)(million|mln|bn|billion|thousand)$")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_DASHES = frozenset({"-", "–", "—"})
_MAX_PHRASE = 4
# Larger numbers ("999…9" runs, scraped ids) count nothing, and would not fit a 64-bit integer column.
MAX_QUANTITY = 10**15
_FRACTION_WINDOW = 6


@dataclass(frozen=True)
class Quantity:
    """A count found in a token sequence: token range [start, end), value range and qualifier.

    `head` is the token that carries the count in a dependency parse (the last number word);
    `base` is, for a fraction ("half of the town's 140,000 residents"), the base number's token.
    """

    start: int
    end: int
    low: int
    high: int | None
    qualifier: Qualifier
    head: int
    base: int | None = None
    vague: bool = False


@dataclass(frozen=True)
class QuantityWords:
    """The curated phrase tables of data/quantity_words.tsv, keyed by lowercase word tuples."""

    hedges: dict[tuple[str, ...], str]
    posts: dict[tuple[str, ...], str]
    vague: dict[tuple[str, ...], tuple[int, int]]
    fractions: dict[tuple[str, ...], float]
    units: frozenset[str]
    currency: frozenset[str]


@dataclass(frozen=True)
class _Core:
    low: float
    high: float
    end: int
    head: int
    vague: bool = False


def load_quantity_words() -> QuantityWords:
    """Read data/quantity_words.tsv."""
    text = resources.files("newsledger").joinpath("data/quantity_words.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader((line for line in text.splitlines() if not line.startswith("#")), delimiter="\t")
    tables: dict[str, dict] = {"hedge": {}, "post": {}, "vague": {}, "fraction": {}, "unit": {}, "currency": {}}
    for row in rows:
        key = tuple(row["phrase"].lower().split())
        category = row["category"]
        if category == "vague":
            tables[category][key] = (int(row["value"]), int(row["value2"]))
        elif category == "fraction":
            tables[category][key] = float(Fraction(row["value"]))
        else:
            tables[category][key] = row["value"]
    return QuantityWords(
        hedges=tables["hedge"], posts=tables["post"], vague=tables["vague"], fractions=tables["fraction"],
        units=frozenset(k[0] for k in tables["unit"]), currency=frozenset(k[0] for k in tables["currency"]),
    )


def parse_number(word: str) -> float | None:
    """Value of one token written as a number: "30,000", "54", "1.5", "4.5million", "eleven", "twenty-five"."""
    w = word.lower()
    if _DIGITS.match(w):
        return float(w.replace(",", ""))
    suffixed = _SUFFIXED.match(w)
    if suffixed:
        return float(suffixed.group(1)) * SCALES[suffixed.group(2)]
    if w in ONES:
        return float(ONES[w])
    if w in TENS:
        return float(TENS[w])
    tens, _, ones = w.partition("-")
    if tens in TENS and ones in ONES and 0 < ONES[ones] < 10:
        return float(TENS[tens] + ONES[ones])
    return None


def find_quantities(words: Sequence[str], table: QuantityWords) -> list[Quantity]:
    """Find every count stated in a sentence's tokens.

    Args:
        words: the tokens of one sentence, as written (case is ignored).
        table: the hedges, vague and fractional quantity words (`load_quantity_words`).

    Returns:
        The quantities in text order; token indices are positions in `words`.
    """
    low = [w.lower() for w in words]
    found: list[Quantity] = []
    i = 0
    while i < len(low):
        quantity, stop = _quantity_at(low, i, table)
        if quantity is not None:
            found.append(quantity)
        i = max(stop, i + 1)
    return found


def _quantity_at(words: list[str], i: int, table: QuantityWords) -> tuple[Quantity | None, int]:
    """The quantity starting at token i, and where scanning resumes (past blocked numbers too)."""
    hedge, j = _phrase(words, i, table.hedges)
    if hedge is None:
        j = i
    fraction = _fraction(words, j, table)
    if fraction is not None:
        quantity, end = fraction
        if quantity is not None and hedge is not None:
            quantity = Quantity(i, quantity.end, quantity.low, quantity.high, "approx", quantity.head, quantity.base)
        return quantity, end
    core = _core(words, j, table, allow_range=hedge != "between")
    if core is None:
        return None, (i + 1 if hedge is not None else _blocked_end(words, i))
    if hedge is None and _is_year(words, j, core):
        return None, _blocked_end(words, j)
    if _is_measure(words, j, core, table):
        return None, core.end
    if hedge == "between":
        core = _between(words, core)
    post, end = _post(words, core.end, table)
    low, high, qualifier = _range(core, post or hedge)
    return Quantity(i if hedge else j, end, low, high, qualifier, core.head, vague=core.vague), end


def _phrase(words: list[str], i: int, phrases: dict[tuple[str, ...], str]) -> tuple[str | None, int]:
    """Longest phrase of `phrases` starting at token i, and the token after it."""
    for n in range(_MAX_PHRASE, 0, -1):
        key = tuple(words[i:i + n])
        if len(key) == n and key in phrases:
            return phrases[key], i + n
    return None, i


def _post(words: list[str], k: int, table: QuantityWords) -> tuple[str | None, int]:
    """A hedge after the number: "or more", "or so", "100-plus", "100+"."""
    if k + 1 < len(words) and words[k] in _DASHES and words[k + 1] == "plus":
        return "at_least", k + 2
    post, end = _phrase(words, k, table.posts)
    return (post, end) if post is not None else (None, k)


def _core(words: list[str], i: int, table: QuantityWords, allow_range: bool = True) -> _Core | None:
    """A number or vague amount at token i, with a range "50-60" / "two or three" folded in."""
    core = _vague(words, i, table) or _exact(words, i)
    if core is None or core.vague or not allow_range:
        return core
    k = core.end
    ranged = k + 1 < len(words) and (words[k] in _DASHES or words[k] in ("to", "or"))
    if ranged and (i == 0 or words[i - 1] != "from"):
        upper = _exact(words, k + 1)
        if upper is not None and upper.low > core.low:
            return _Core(core.low, upper.low, upper.end, upper.head)
    return core


def _exact(words: list[str], i: int) -> _Core | None:
    """A number in digits and/or words: "54", "1.5 million", "two hundred and fifty", "a dozen"."""
    n = len(words)
    if i + 2 < n and words[i] == "half" and words[i + 1] in ("a", "an") and words[i + 2] in SCALES:
        value = SCALES[words[i + 2]] / 2
        return _Core(value, value, i + 3, i + 2)
    total, current, last, head, k = 0.0, None, "", None, i
    if i + 1 < n and words[i] in ("a", "an") and (words[i + 1] in SCALES or words[i + 1] == "dozen"):
        current, last, k = 1.0, "ones", i + 1
    while k < n:
        w = words[k]
        step = _number_step(w, current, last)
        if step is None:
            if w in _DASHES or w == "and":
                if current is not None and k + 1 < n and _joins(words, k):
                    k += 1
                    continue
            break
        kind, value = step
        if kind == "scale":
            total, current = total + (current or 0.0) * value, 0.0
        elif kind == "hundred":
            current = (current or 0.0) * value
        else:
            current = (current or 0.0) + value
        last, head, k = kind, k, k + 1
    if head is None:
        return None
    value = total + (current or 0.0)
    if not math.isfinite(value) or value > MAX_QUANTITY or (value != int(value) and value < 1000):
        return None
    return _Core(value, value, k, head)


def _number_step(word: str, current: float | None, last: str) -> tuple[str, float] | None:
    """How one more word extends a number being read, or None when it ends it."""
    if current is not None and last in ("hundred", "ones", "tens", "digit", "scale") and word in SCALES:
        if SCALES[word] == 100:
            return ("hundred", 100.0) if last != "hundred" and current < 100 else None
        return "scale", float(SCALES[word])
    if word == "dozen" and current is not None and last in ("ones", "tens", "digit"):
        return "hundred", 12.0
    value = parse_number(word)
    if value is None:
        return None
    if not word[0].isalpha():
        return ("digit", value) if current is None else None
    if current is None or last in ("hundred", "scale"):
        return ("tens" if word in TENS else "ones"), value
    if last == "tens" and value < 10 and word in ONES:
        return "ones", value
    return None


def _joins(words: list[str], k: int) -> bool:
    """True when "-" or "and" at k continues a number word ("twenty-five", "two hundred and fifty")."""
    before, after = words[k - 1], words[k + 1]
    if words[k] == "and":
        return before in ("hundred", "thousand") and (after in ONES or after in TENS)
    return before in TENS and after in ONES and 0 < ONES[after] < 10


def _vague(words: list[str], i: int, table: QuantityWords) -> _Core | None:
    """A vague amount at token i ("dozens", "tens of thousands", "several hundred")."""
    for n in range(_MAX_PHRASE, 0, -1):
        key = tuple(words[i:i + n])
        if len(key) == n and key in table.vague:
            low, high = table.vague[key]
            end = i + n
            if key[-1] == "of":
                return _Core(low, high, end - 1, end - 2, vague=True)
            if end < len(words) and (words[end] in SCALES or words[end] == "dozen"):
                scale = SCALES.get(words[end], 12)
                return _Core(low * scale, high * scale, end + 1, end, vague=True)
            return _Core(low, high, end, end - 1, vague=True)
    return None


def _fraction(words: list[str], i: int, table: QuantityWords) -> tuple[Quantity | None, int] | None:
    """A share of a stated base ("half of Karabakh's 140,000 residents", "20 percent of the 5,000").

    Returns None when there is no share at i; (None, end) for a share whose base the sentence
    does not give ("90 percent of its women"), which is no count; else the quantity.
    """
    share, k = _share(words, i, table)
    if share is None or _exact(words, i) is not None and words[i] == "half":
        return None
    head = k - 1
    if k < len(words) and words[k] == "of":
        k += 1
    elif not (words[i] == "half" and k < len(words) and words[k] in ("the", "its", "their")):
        return None, k
    for b in range(k, min(len(words), k + _FRACTION_WINDOW)):
        base = _exact(words, b)
        if base is not None:
            if _is_year(words, b, base):
                break
            value = share * base.low
            quantity = Quantity(i, base.end, round(value * 0.9), round(value * 1.1), "approx", head, base.head)
            return quantity, base.end
        if words[b] in (",", ";", ".", "and", "or"):
            break
    return None, k


def _share(words: list[str], i: int, table: QuantityWords) -> tuple[float | None, int]:
    """The share at token i: a fraction word, or N percent / per cent / %."""
    for n in range(3, 0, -1):
        key = tuple(words[i:i + n])
        if len(key) == n and key in table.fractions:
            return table.fractions[key], i + n
    number = parse_number(words[i]) if i < len(words) else None
    if number is None or i + 1 >= len(words):
        return None, i
    if words[i + 1] in ("percent", "%", "pc"):
        return number / 100, i + 2
    if words[i + 1:i + 3] == ["per", "cent"]:
        return number / 100, i + 3
    return None, i


def _between(words: list[str], core: _Core) -> _Core:
    """Fold "between 50 and 60" into one range."""
    k = core.end
    if k + 1 < len(words) and words[k] == "and":
        upper = _exact(words, k + 1)
        if upper is not None:
            return _Core(core.low, upper.low, upper.end, upper.head)
    return core


def _range(core: _Core, qualifier: str | None) -> tuple[int, int | None, Qualifier]:
    """Low, high and qualifier of a number under a hedge (see the module docstring)."""
    low, high = core.low, core.high
    if qualifier == "at_least":
        return round(low), None, "at_least"
    if qualifier == "at_most":
        return 1, round(high), "at_most"
    if core.vague:
        return round(low), round(high), "vague"
    if qualifier == "approx":
        return round(low * 0.9), round(high * 1.1), "approx"
    if qualifier == "near":
        return round(low * 0.9), round(high), "approx"
    if low != high:
        return round(low), round(high), "approx"
    return round(low), round(high), "exact"


def _is_measure(words: list[str], i: int, core: _Core, table: QuantityWords) -> bool:
    """True when the number is money, a measure or a time ("$5 million", "4,400 sq km", "12-year-old")."""
    if i > 0 and words[i - 1] in table.currency:
        return True
    k = core.end
    if k < len(words) and words[k] in _DASHES:
        k += 1
    return k < len(words) and (words[k] in table.units or words[k].startswith("year"))


def _is_year(words: list[str], i: int, core: _Core) -> bool:
    """A bare four-digit year ("in 1994", "1988-94"); "2000 people" stays a count."""
    if not (core.end == i + 1 and _YEAR.match(words[i])):
        return False
    after = words[core.end] if core.end < len(words) else ""
    return not after.isalpha() or after in MONTHS


def _blocked_end(words: list[str], i: int) -> int:
    """Skip the rest of a year range like "1988-94" so its tail is not read as a count."""
    if _YEAR.match(words[i]) and i + 2 < len(words) and words[i + 1] in _DASHES and words[i + 2].isdigit():
        return i + 3
    return i + 1
