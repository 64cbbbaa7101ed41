"""Temporal normalisation scored on the TempEval-3 platinum test set (TimeML, CC BY 3.0).

Each `.tml` file holds one news article: its creation time (DCT) and, inside
`<TEXT>`, the gold TIMEX3 annotations. The text is read with the tags stripped
and XML entities decoded, keeping the character offsets of every gold TIMEX3,
so our spans and the gold spans index the same string.

Scoring, for gold TIMEX3s of type DATE (the creation time excluded): a gold
expression is *found* when one of our timexes overlaps its characters (the
one overlapping most; for a range, the end it overlaps). It is *correct* when
our TimeML label equals the gold `value` exactly. We report recall (found /
gold), accuracy on the found ones (correct / found) and accuracy over all gold
DATEs (correct / gold) — the last is the headline number.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from newsledger.dates.publication import Timex, normalize_timexes
from newsledger.errors import GoldError
from newsledger.nlp import AnalyzedDoc, load_pipeline
from newsledger.records import Document

_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class GoldTimex:
    """One gold TIMEX3: offsets into the stripped text, its type and TimeML value."""

    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class TimeMLDoc:
    """A TempEval document: name, creation day, stripped text and gold timexes."""

    name: str
    dct: str
    text: str
    timexes: tuple[GoldTimex, ...]


@dataclass(frozen=True)
class TimexMatch:
    """One gold DATE and what we said about it."""

    doc: str
    text: str
    gold: str
    ours: str | None

    @property
    def correct(self) -> bool:
        """Whether our label equals the gold value."""
        return self.ours == self.gold


@dataclass(frozen=True)
class TimexScore:
    """Recall and value accuracy of DATE expressions over the TempEval-3 platinum set."""

    n_docs: int
    gold: int
    found: int
    correct: int
    matches: tuple[TimexMatch, ...] = ()

    @property
    def recall(self) -> float:
        """Share of gold DATEs one of our timexes overlaps."""
        return self.found / self.gold if self.gold else 0.0

    @property
    def accuracy_found(self) -> float:
        """Share of the found DATEs whose value is right."""
        return self.correct / self.found if self.found else 0.0

    @property
    def accuracy(self) -> float:
        """Share of all gold DATEs whose value is right (missed ones count as wrong): the headline number."""
        return self.correct / self.gold if self.gold else 0.0


def read_tml(path: Path) -> TimeMLDoc:
    """Read one TimeML file: its creation time, the text inside <TEXT> without tags, and the TIMEX3s.

    Raises:
        GoldError: the file has no TEXT or no creation time.
    """
    source = path.read_text(encoding="utf-8")
    dct = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', source)
    body = re.search(r"<TEXT>(.*)</TEXT>", source, re.DOTALL)
    if dct is None or body is None:
        raise GoldError(f"{path.name}: no creation time or no TEXT element")
    dct_value = dict(_ATTR.findall(dct.group(0))).get("value", "")
    text, timexes = _strip(body.group(1))
    return TimeMLDoc(path.stem, dct_value[:10], text, tuple(timexes))


def _strip(body: str) -> tuple[str, list[GoldTimex]]:
    """Remove tags, decode entities, and keep where each TIMEX3 starts and ends in the result."""
    pieces: list[str] = []
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    timexes: list[GoldTimex] = []
    position = 0
    for tag in _TAG.finditer(body):
        chunk = html.unescape(body[position : tag.start()])
        pieces.append(chunk)
        length += len(chunk)
        position = tag.end()
        if tag.group(2) != "TIMEX3":
            continue
        if not tag.group(1):
            open_timex = (length, dict(_ATTR.findall(tag.group(3))))
        elif open_timex is not None:
            start, attrs = open_timex
            text = "".join(pieces)[start:length]
            timexes.append(GoldTimex(start, length, text, attrs.get("type", ""), attrs.get("value", "")))
            open_timex = None
    pieces.append(html.unescape(body[position:]))
    return "".join(pieces), timexes


def score_document(tml: TimeMLDoc, timexes: list[Timex]) -> list[TimexMatch]:
    """Match each gold DATE of a document with the timex overlapping it most and compare values."""
    matches = []
    for gold in tml.timexes:
        if gold.type != "DATE":
            continue
        ours = _best_overlap(gold, timexes)
        matches.append(TimexMatch(tml.name, gold.text, gold.value, ours.label if ours else None))
    return matches


def _best_overlap(gold: GoldTimex, timexes: list[Timex]) -> Timex | None:
    best, best_overlap = None, 0
    for timex in timexes:
        overlap = min(gold.end, timex.span.end) - max(gold.start, timex.span.start)
        if overlap > best_overlap:
            best, best_overlap = timex, overlap
    if best is not None and best.parts:
        return _best_overlap(gold, list(best.parts)) or best
    return best


def evaluate_timex(folder: Path) -> TimexScore:
    """Score temporal normalisation on the TempEval-3 platinum `.tml` files of a folder.

    Args:
        folder: the folder holding the `.tml` files.

    Returns:
        Counts of gold DATEs, found and correct, with every match for inspection.

    Raises:
        GoldError: the folder has no `.tml` file or a file is malformed.
    """
    paths = sorted(Path(folder).glob("*.tml"))
    if not paths:
        raise GoldError(f"no .tml files in {folder}")
    nlp = load_pipeline()
    matches: list[TimexMatch] = []
    for path in paths:
        tml = read_tml(path)
        document = Document(id=tml.name, text=tml.text)
        adoc = AnalyzedDoc(document, nlp(tml.text))
        matches += score_document(tml, normalize_timexes(adoc, tml.dct))
    found = sum(1 for m in matches if m.ours is not None)
    correct = sum(1 for m in matches if m.correct)
    return TimexScore(len(paths), len(matches), found, correct, tuple(matches))
