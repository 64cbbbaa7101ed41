"""Score event dates and places against gold: when and where, as a coder would record them.

The gold is a JSON file `{"documents": [{"file", "split", "events": [...]}]}`, files relative
to the gold's folder. Each gold event has a `trigger` (text of the document that the event's
evidence overlaps), its true `date` as `[start, end]` (one day, or the range the text leaves
open), `violent`, `historical`, and a `place` with `lat`/`lon` (null when there is none to
geocode). A gold event is matched to the document's event whose evidence overlaps the
trigger most. Scores, per split:

- dated, placed: share of all our events with a date, and of our violent events with a place;
- date_right: share of matched non-historical gold events whose date range overlaps the true one;
- place_right: share of matched violent gold events with a place that ours puts within 25 km;
- where dates and places came from (sentence, paragraph, fallback) and at which precision.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import GoldError
from ..places.events import is_violent
from ..places.index import distance_km
from ..records import DocRecords, Event, RawDocument

NEAR_KM = 25.0


@dataclass(frozen=True)
class GoldEvent:
    """One event a coder would record: where in the text, when and where it happened."""

    file: str
    split: str
    trigger: str
    start: str
    end: str
    violent: bool
    historical: bool
    place: str | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class Judged:
    """A gold event and what we found for it."""

    gold: GoldEvent
    event: Event | None
    date_right: bool | None
    place_km: float | None


@dataclass
class SplitScore:
    """The scores of one split (dev, heldout, all)."""

    events: int = 0
    dated: int = 0
    violent: int = 0
    placed: int = 0
    judged: list[Judged] = field(default_factory=list)
    date_sources: Counter[str] = field(default_factory=Counter)
    place_sources: Counter[str] = field(default_factory=Counter)

    def _share(self, hits: int, total: int) -> float | None:
        return hits / total if total else None

    def as_dict(self) -> dict[str, Any]:
        """The numbers of the split, JSON-ready."""
        dates = [j.date_right for j in self.judged if j.date_right is not None]
        places = [j for j in self.judged if j.gold.violent and j.gold.lat is not None]
        near = [j for j in places if j.place_km is not None and j.place_km <= NEAR_KM]
        return {
            "events": self.events, "dated": self._share(self.dated, self.events),
            "violent_events": self.violent, "violent_placed": self._share(self.placed, self.violent),
            "gold_events": len(self.judged), "matched": sum(j.event is not None for j in self.judged),
            "date_right": self._share(sum(dates), len(dates)), "date_judged": len(dates),
            "place_within_25km": self._share(len(near), len(places)), "place_judged": len(places),
            "date_sources": dict(self.date_sources), "place_sources": dict(self.place_sources),
        }


def load_gold(path: Path) -> list[GoldEvent]:
    """Read a when/where gold file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [_gold_event(doc, item) for doc in data["documents"] for item in doc["events"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise GoldError(f"{path}: not a when/where gold file ({exc})") from exc


def _gold_event(doc: dict[str, Any], item: dict[str, Any]) -> GoldEvent:
    start, end = item["date"]
    return GoldEvent(doc["file"], doc.get("split", "dev"), item["trigger"], start, end, bool(item.get("violent")),
                     bool(item.get("historical")), item.get("place"), item.get("lat"), item.get("lon"))


def evaluate_when_where(gold_path: Path, with_misses: bool = False, resources: Any = None) -> dict[str, Any]:
    """Run the pipeline on the gold's documents and score dates and places.

    Returns:
        `{"scores": {split: numbers}}` for each split and "all"; with `with_misses`, also
        `"misses"`: the gold events whose date or place is wrong, except those of held-out
        splits (any split named `heldout...`): they are never listed, so nobody tunes on them.
    """
    from ..resources import Resources
    from ..analysis import analyze

    gold = load_gold(gold_path)
    resources = resources or Resources()
    records = {}
    for name in dict.fromkeys(g.file for g in gold):
        try:
            text = (gold_path.parent / name).read_text(encoding="utf-8")
        except OSError as exc:
            raise GoldError(f"{gold_path}: cannot read {name} ({exc})") from exc
        records[name] = analyze(RawDocument(content=text, format="text", source_path=name), resources)
    result: dict[str, Any] = {"scores": score(gold, records)}
    if with_misses:
        result["misses"] = misses([g for g in gold if not g.split.startswith("heldout")], records)
    return result


def score(gold: Sequence[GoldEvent], records: dict[str, DocRecords]) -> dict[str, dict[str, Any]]:
    """Score analysed documents against gold events; keys: each split and "all"."""
    splits: dict[str, SplitScore] = {}
    for name, rec in records.items():
        split = next(g.split for g in gold if g.file == name)
        for key in (split, "all"):
            _count_events(splits.setdefault(key, SplitScore()), rec.events)
    for g in gold:
        judged = _judge(g, records[g.file])
        for key in (g.split, "all"):
            splits[key].judged.append(judged)
    return {key: s.as_dict() for key, s in splits.items()}


def _count_events(split: SplitScore, events: Iterable[Event]) -> None:
    for e in events:
        split.events += 1
        split.dated += bool(e.date.start or e.date.end)
        split.date_sources[f"{e.date_source or 'none'}/{e.date.precision or '-'}"] += 1
        if is_violent(e):
            split.violent += 1
            split.placed += e.place is not None
            split.place_sources[f"{e.place_source or 'none'}/{e.geo_precision or '-'}"] += 1


def _judge(gold: GoldEvent, rec: DocRecords) -> Judged:
    text = rec.document.text
    at = text.find(gold.trigger)
    if at < 0:
        raise GoldError(f"{gold.file}: trigger {gold.trigger!r} is not in the cleaned text")
    event = _match(rec.events, at, at + len(gold.trigger))
    if event is None:
        return Judged(gold, None, None if gold.historical else False, None)
    date_right = None if gold.historical else _overlaps(event, gold)
    place_km = None
    if event.place is not None and event.place.lat is not None and gold.lat is not None and gold.lon is not None:
        place_km = distance_km(event.place.lat, event.place.lon, gold.lat, gold.lon)  # type: ignore[arg-type]
    return Judged(gold, event, date_right, place_km)


def _match(events: Sequence[Event], start: int, end: int) -> Event | None:
    def overlap(e: Event) -> int:
        return max((min(end, s.end) - max(start, s.start) for s in e.evidence), default=0)

    best = max(events, key=overlap, default=None)
    return best if best is not None and overlap(best) > 0 else None


def _overlaps(event: Event, gold: GoldEvent) -> bool:
    start, end = event.date.start, event.date.end or event.date.start
    if start is None or end is None:
        return False
    return start <= gold.end and gold.start <= end


def misses(gold: Sequence[GoldEvent], records: dict[str, DocRecords]) -> list[str]:
    """One line per gold event whose date or place is wrong or missing."""
    lines = []
    for g in gold:
        j = _judge(g, records[g.file])
        place_bad = g.violent and g.lat is not None and (j.place_km is None or j.place_km > NEAR_KM)
        if j.event is None or j.date_right is False or place_bad:
            found = "no event" if j.event is None else (
                f"{j.event.date.start}..{j.event.date.end} ({j.event.date_source}), "
                f"{j.event.place.name if j.event.place else '-'} ({j.event.place_source})")
            lines.append(f"{g.file}: {g.trigger!r}: gold {g.start}..{g.end} {g.place}; ours {found}")
    return lines
