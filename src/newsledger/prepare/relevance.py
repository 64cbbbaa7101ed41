"""The relevance gate: a cheap score, before the spaCy pass, of whether an article reports conflict.

Conflict here means armed conflict, political violence, protest, displacement and the
diplomacy around them (ceasefire talks, sanctions over a war). The score reads words
only: cue words and phrases of `data/relevance_cues.tsv` (weighted; sports and
business words weigh against), the names of armed forces and armed groups of the
actor dictionary (`data/actors.tsv`, sectors MIL and REB) and of the disputed and
breakaway territories of the gazetteer (`data/gazetteer.tsv`, feature `territory`).
Each distinct cue counts its weight once, a little more when repeated, so one stray
"attack" or "war" in ordinary news scores low while a report of fighting scores high
whatever its style.
The summed weight maps to a score in [0, 1); `Settings.gate_threshold` decides.

Measured on `corpora/relevance/` (see `scripts/eval_gate.py`).
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from ..errors import FormatError
from ..lexicon import ActorEntry, GazetteerEntry, data_path, load_actors, load_gazetteer

CUES_FILE = "relevance_cues.tsv"
CUE_COLUMNS = ("cue", "weight", "group", "source")
# Names of armed actors weigh like a strong cue word: "the Arakan Army", "the Defence Ministry".
ACTOR_SECTORS = frozenset({"MIL", "REB"})
ACTOR_WEIGHT = 2.5
ACTOR_KINDS = frozenset({"org", "agency"})
# Names of disputed and breakaway territories ("Gaza Strip", "Transnistria") weigh like "war".
TERRITORY_WEIGHT = 1.5
# Summed cue weight at which the score reaches 1 - 1/e (about 0.63).
SCALE = 6.0
# A repeated cue adds this much of its weight per doubling of its count, at most `MAX_REPEAT` times.
REPEAT_GAIN = 0.35
MAX_REPEAT = 2.0
# Longer texts gather stray cues ("a price war", "a heart attack"): beyond this many words the
# summed weight is divided by the square root of the length ratio.
LONG_TEXT_WORDS = 400
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})


@dataclass(frozen=True)
class Gate:
    """The gate's cues: whole words and phrases, and word prefixes ("insurgen*"), with their weights.

    `longest` gives, for each word a phrase of several words starts with, the most words such a
    phrase has: most words start none, and are looked up alone.
    """

    phrases: Mapping[str, float]
    prefixes: Mapping[str, float]
    prefix_lengths: tuple[int, ...]
    longest: Mapping[str, int]


def load_gate(
    cues_path: Path | None = None,
    actors: Iterable[ActorEntry] | None = None,
    places: Iterable[GazetteerEntry] | None = None,
) -> Gate:
    """Load the gate's cues from the data files.

    Args:
        cues_path: a cue TSV; the bundled `data/relevance_cues.tsv` when None.
        actors: the actor dictionary; the bundled one when None.
        places: the gazetteer; the bundled one when None.

    Raises:
        FormatError: a row of the cue file is malformed.
    """
    phrases: dict[str, float] = {}
    prefixes: dict[str, float] = {}
    for entry in load_actors() if actors is None else actors:
        if entry.sector in ACTOR_SECTORS and entry.kind in ACTOR_KINDS:
            for name in entry.names:
                phrases.setdefault(" ".join(words(name)), ACTOR_WEIGHT)
    for place in load_gazetteer() if places is None else places:
        if place.feature == "territory":
            for name in place.names:
                phrases.setdefault(" ".join(words(name)), TERRITORY_WEIGHT)
    for cue, weight in _read_cues(cues_path or data_path(CUES_FILE)):
        if cue.endswith("*"):
            prefixes[cue[:-1]] = weight
        else:
            phrases[" ".join(words(cue))] = weight
    phrases.pop("", None)
    longest: dict[str, int] = {}
    for phrase in phrases:
        first, _, rest = phrase.partition(" ")
        if rest:
            longest[first] = max(longest.get(first, 1), rest.count(" ") + 2)
    return Gate(
        phrases=MappingProxyType(phrases),
        prefixes=MappingProxyType(prefixes),
        prefix_lengths=tuple(sorted({len(p) for p in prefixes}, reverse=True)),
        longest=MappingProxyType(longest),
    )


def words(text: str) -> list[str]:
    """The lowercase words of a text, as the gate matches them ("cease-fire", "don't" stay one word)."""
    return _WORD.findall(text.lower().translate(_APOSTROPHES))


def cue_counts(gate: Gate, text: str) -> dict[str, int]:
    """Count each cue of the gate in a text; the longest phrase at a position wins."""
    return _count_cues(gate, words(text))


def _count_cues(gate: Gate, tokens: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    i = 0
    while i < len(tokens):
        step = 1
        for n in range(min(gate.longest.get(tokens[i], 1), len(tokens) - i), 0, -1):
            phrase = " ".join(tokens[i : i + n]) if n > 1 else tokens[i]
            if phrase in gate.phrases:
                counts[phrase] = counts.get(phrase, 0) + 1
                step = n
                break
        else:
            prefix = _prefix(gate, tokens[i])
            if prefix is not None:
                counts[prefix + "*"] = counts.get(prefix + "*", 0) + 1
        i += step
    return counts


def score(gate: Gate, text: str, title: str | None = None) -> float:
    """Score how likely an article reports conflict, in [0, 1); the title counts as text."""
    tokens = words(f"{title}\n{text}" if title and not text.startswith(title) else text)
    counts = _count_cues(gate, tokens)
    total = sum(_weight(gate, cue) * (1 + REPEAT_GAIN * min(math.log2(n), MAX_REPEAT)) for cue, n in counts.items())
    total /= math.sqrt(max(1.0, len(tokens) / LONG_TEXT_WORDS))
    return round(1 - math.exp(-total / SCALE), 4) if total > 0 else 0.0


def _weight(gate: Gate, cue: str) -> float:
    return gate.prefixes[cue[:-1]] if cue.endswith("*") else gate.phrases[cue]


def _prefix(gate: Gate, token: str) -> str | None:
    """The longest cue prefix that starts this word, if any."""
    for length in gate.prefix_lengths:
        if len(token) >= length and token[:length] in gate.prefixes:
            return token[:length]
    return None


def _read_cues(path: Path) -> list[tuple[str, float]]:
    """Read (cue, weight) rows, refusing a malformed file with its name and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise FormatError(f"cannot read data file {path}: {exc}") from exc
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, [])
    if tuple(header) != CUE_COLUMNS:
        raise FormatError(f"{path.name}: header {header}, expected {list(CUE_COLUMNS)}")
    cues: list[tuple[str, float]] = []
    for line, fields in enumerate(reader, start=2):
        if not any(fields):
            continue
        if len(fields) != len(CUE_COLUMNS) or not fields[0].strip():
            raise FormatError(f"{path.name}:{line}: expected {len(CUE_COLUMNS)} fields with a cue")
        try:
            weight = float(fields[1])
        except ValueError:
            raise FormatError(f"{path.name}:{line}: weight {fields[1]!r} is not a number") from None
        cues.append((fields[0].strip().lower(), weight))
    return cues
