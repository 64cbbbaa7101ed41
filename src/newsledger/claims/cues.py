"""The claim cue table (`data/claim_cues.tsv`): reporting verbs and nouns, carriers, light verbs, falsity words."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

CUES_FILE = "claim_cues.tsv"


@dataclass(frozen=True)
class Cue:
    """One row of the cue table."""

    word: str
    pos: str
    role: str
    label: str
    stance: str
    needs: str


@dataclass(frozen=True)
class CueBook:
    """The cue table, split by the job each word does."""

    verbs: Mapping[str, Cue]
    nouns: Mapping[str, Cue]
    carriers: Mapping[str, Cue]
    light_verbs: frozenset[str]
    claim_nouns: frozenset[str]
    falsity: frozenset[str]


def load_cues(path: Path | None = None) -> CueBook:
    """Read the cue table (the bundled `data/claim_cues.tsv` when `path` is None)."""
    source = path or resources.files("newsledger").joinpath("data", CUES_FILE)
    text = source.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    rows = [Cue(r["word"], r["pos"], r["role"], r["label"], r["stance"], r["needs"])
            for r in csv.DictReader(lines, delimiter="\t")]
    return CueBook(
        verbs={c.word: c for c in rows if c.role == "cue" and c.pos in ("VERB", "ADP")},
        nouns={c.word: c for c in rows if c.role == "cue" and c.pos == "NOUN"},
        carriers={c.word: c for c in rows if c.role == "carrier"},
        light_verbs=frozenset(c.word for c in rows if c.role == "light_verb"),
        claim_nouns=frozenset(c.word for c in rows if c.role == "claim_noun"),
        falsity=frozenset(c.word for c in rows if c.role == "falsity"),
    )
