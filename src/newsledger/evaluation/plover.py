"""Score event typing and actor coding against the PLOVER gold standard records.

The gold (`PLOVER_GSR_CAMEO.txt`, openeventdata/PLOVER, CC BY-SA 4.0) is a JSON list with
trailing commas: one record per sentence, with the event type in PLOVER 0.5b1 names and
the source and target actors as lists of `{"actorText", "code", "sector"}`, where `code`
is an ISO 3166 alpha-3 country (a few CAMEO spellings: JAP, ITL) or `IGO`/`NGO`.

Each sentence runs through `events.extract_events`; the top event (highest confidence,
then earliest) is compared with the gold: its type, its actor's country (or sector, for
IGO and NGO) against the gold sources, its target's against the gold targets. Version
names map to today's types (DEMAND → REQUEST, DISAPPROVE → ACCUSE, FIGHT → ASSAULT);
INVESTIGATE has no current type and is counted apart; DOCUMENT records are skipped.
PLOVER codes a cooperative action announced for the future (an offer, a promise, "will
visit") as AGREE and a hostile one as THREATEN; our events keep the action's own type
with status `planned`, so `plover_type` applies that convention before comparing. 0.5b1
also coded the destruction of property as COERCE (today an ASSAULT mode).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import GoldError
from ..events.extract import extract_events
from ..nlp import analyze_texts
from ..records import Actor, Document, Event
from ..resources import Resources

GOLD_FILE = "PLOVER_GSR_CAMEO.txt"
LEGACY_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT"}
SKIPPED_TYPES = frozenset({"DOCUMENT"})
APART_TYPES = frozenset({"INVESTIGATE"})
# CAMEO country codes that differ from ISO 3166 alpha-3.
CAMEO_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})
_TRAILING_COMMA = re.compile(r",(\s*[\]}])")


@dataclass(frozen=True)
class PloverRecord:
    """One gold sentence: its id, text, type (today's name) and actor codes."""

    id: str
    text: str
    type: str
    sources: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()


@dataclass(frozen=True)
class PloverResult:
    """What we found for one gold sentence."""

    id: str
    gold: str
    predicted: str | None
    actor: str | None
    target: str | None
    type_ok: bool
    actor_ok: bool | None
    target_ok: bool | None


@dataclass(frozen=True)
class PloverScore:
    """Type, actor and target accuracy over the gold, with the confusions behind the misses."""

    results: tuple[PloverResult, ...]
    apart: tuple[PloverResult, ...] = ()
    confusion: tuple[tuple[str, str, int], ...] = field(default_factory=tuple)

    @property
    def type_accuracy(self) -> float:
        """Share of sentences whose top event has the gold type."""
        return _share(r.type_ok for r in self.results)

    @property
    def actor_accuracy(self) -> float:
        """Share of sentences with gold sources whose top event's actor has one of their codes."""
        return _share(r.actor_ok for r in self.results if r.actor_ok is not None)

    @property
    def target_accuracy(self) -> float:
        """Share of sentences with gold targets whose top event's target has one of their codes."""
        return _share(r.target_ok for r in self.results if r.target_ok is not None)

    def per_type(self) -> dict[str, tuple[int, int]]:
        """Hits and totals by gold type."""
        out: dict[str, list[int]] = {}
        for r in self.results:
            counts = out.setdefault(r.gold, [0, 0])
            counts[0] += r.type_ok
            counts[1] += 1
        return {k: (v[0], v[1]) for k, v in sorted(out.items())}

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready summary: accuracies, counts, per-type hits and the commonest confusions."""
        return {
            "sentences": len(self.results),
            "type_accuracy": round(self.type_accuracy, 4),
            "actor_accuracy": round(self.actor_accuracy, 4),
            "target_accuracy": round(self.target_accuracy, 4),
            "per_type": {k: {"hits": h, "total": t} for k, (h, t) in self.per_type().items()},
            "scored_apart": {r.id: r.predicted for r in self.apart},
            "confusion": [{"gold": g, "predicted": p, "count": n} for g, p, n in self.confusion],
        }


def _share(values: Iterable[bool | None]) -> float:
    items = [bool(v) for v in values]
    return sum(items) / len(items) if items else 0.0


def load_plover(path: Path) -> list[PloverRecord]:
    """Read the gold file (or the folder holding it), tolerating trailing commas.

    Raises:
        GoldError: the file is missing or is not a list of records.
    """
    path = Path(path)
    if path.is_dir():
        path = path / GOLD_FILE
    try:
        raw = json.loads(_TRAILING_COMMA.sub(r"\1", path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise GoldError(f"cannot read PLOVER gold {path}: {exc}") from exc
    if not isinstance(raw, list):
        raise GoldError(f"{path}: expected a list of records")
    records = []
    for item in raw:
        if not isinstance(item, dict) or item.get("event") in SKIPPED_TYPES or not item.get("text"):
            continue
        type_ = LEGACY_TYPES.get(item["event"], item["event"])
        records.append(PloverRecord(item["id"], item["text"].strip(" {}"), type_,
                                    _codes(item.get("source")), _codes(item.get("target"))))
    return records


def _codes(actors: Any) -> tuple[str, ...]:
    if not isinstance(actors, list):
        return ()
    codes = (str(a.get("code") or "").upper() for a in actors if isinstance(a, dict))
    return tuple(dict.fromkeys(CAMEO_CODES.get(c, c) for c in codes if c))


def plover_type(event: Event) -> str:
    """The type PLOVER 0.5b1 gives an event: planned cooperation is AGREE, a planned hostile act THREATEN."""
    if event.status == "planned" and event.type not in ("AGREE", "THREATEN"):
        return "AGREE" if event.type in COOPERATIVE else "THREATEN"
    if event.type == "ASSAULT" and event.mode == "destroy":
        return "COERCE"  # 0.5b1 coded destruction of property as COERCE (mode "destroy")
    return event.type


def top_event(events: Sequence[Event]) -> Event | None:
    """The event a one-sentence coder would report: the most confident, then the first."""
    if not events:
        return None
    return min(events, key=lambda e: (-e.confidence, e.evidence[0].start))


def evaluate_plover(path: Path, resources: Resources | None = None) -> PloverScore:
    """Run event extraction over every gold sentence and score it.

    Args:
        path: the gold file, or the folder holding `PLOVER_GSR_CAMEO.txt`.
        resources: loaded resources to reuse (the model, the event tables; `settings.event_classifier`
            False: the rules alone); loaded here when None.

    Returns:
        A `PloverScore` (type, actor and target accuracy, per-type hits, confusions).
    """
    records = load_plover(path)
    resources = resources or Resources()
    documents = [Document(id=r.id, text=r.text) for r in records]
    results = [score_record(r, extract_events(adoc, resources.events)) for r, adoc in zip(
        records, analyze_texts(resources.nlp, documents), strict=True)]
    scored = tuple(r for r, rec in zip(results, records, strict=True) if rec.type not in APART_TYPES)
    apart = tuple(r for r, rec in zip(results, records, strict=True) if rec.type in APART_TYPES)
    misses = Counter((r.gold, r.predicted or "-") for r in scored if not r.type_ok)
    confusion = tuple((g, p, n) for (g, p), n in misses.most_common())
    return PloverScore(scored, apart, confusion)


def score_record(record: PloverRecord, events: Sequence[Event]) -> PloverResult:
    """Compare the top event of one sentence with its gold record."""
    top = top_event(events)
    predicted = plover_type(top) if top else None
    actor = top.actor if top else None
    target = top.target if top else None
    return PloverResult(
        record.id, record.type, predicted, _code(actor), _code(target), predicted == record.type,
        _matches(actor, record.sources) if record.sources else None,
        _matches(target, record.targets) if record.targets else None,
    )


def _code(actor: Actor | None) -> str | None:
    if actor is None:
        return None
    return actor.country or actor.sector


def _matches(actor: Actor | None, codes: Sequence[str]) -> bool:
    return actor is not None and (actor.country in codes or actor.sector in codes)


def records_by_id(records: Iterable[PloverRecord]) -> dict[str, PloverRecord]:
    """Index gold records by id (for reports that show the sentence behind a miss)."""
    return {r.id: r for r in records}
