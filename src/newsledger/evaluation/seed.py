"""Score the pipeline against a seed-gold file (format of `seed-gold-public.json`).

Every field the gold has is scored: outlet, publication window, debris removed,
lines kept, figures (precision/recall, attribution), numbers that must not be
figures, claims, events, places and episodes. Matching rules follow the gold
file's own "about" text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import GoldError
from ..places.index import distance_km
from ..records import Claim, DocRecords, Event, Figure, Mention

PLACE_TOLERANCE_KM = 25.0


@dataclass(frozen=True)
class Metric:
    """One scored quantity: hits out of total, and the items that failed."""

    name: str
    hits: int
    total: int
    misses: tuple[str, ...] = ()

    @property
    def score(self) -> float | None:
        """hits / total, or None when there was nothing to score."""
        return self.hits / self.total if self.total else None


@dataclass(frozen=True)
class SeedScore:
    """All metrics of one evaluation run."""

    metrics: tuple[Metric, ...] = field(default_factory=tuple)

    def get(self, name: str) -> Metric:
        """Return the metric called `name`."""
        for metric in self.metrics:
            if metric.name == name:
                return metric
        raise KeyError(name)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form: one entry per metric."""
        return {
            m.name: {"score": m.score, "hits": m.hits, "total": m.total, "misses": list(m.misses)}
            for m in self.metrics
        }


def load_gold(path: Path) -> dict[str, Any]:
    """Read a gold file and check its shape."""
    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GoldError(f"cannot read gold file {path}: {exc}") from exc
    if not isinstance(gold, dict) or not isinstance(gold.get("docs"), dict):
        raise GoldError(f"{path}: expected an object with a 'docs' mapping")
    for key, doc in gold["docs"].items():
        if "file" not in doc:
            raise GoldError(f"{path}: gold doc {key!r} has no 'file'")
    return gold


def score(gold: dict[str, Any], results: dict[str, DocRecords]) -> SeedScore:
    """Score pipeline results (keyed by file name) against the gold.

    Args:
        gold: a loaded gold file.
        results: the records of each document, keyed by the file name the gold uses.

    Returns:
        A `SeedScore` with one `Metric` per scored field.
    """
    pairs = []
    for key, g in sorted(gold["docs"].items()):
        if g["file"] not in results:
            raise GoldError(f"gold doc {key} ({g['file']}) was not found among the analysed documents")
        pairs.append((key, g, results[g["file"]]))
    metrics = [
        _source(pairs),
        _published(pairs),
        _lines(pairs, "boilerplate_lines", removed=True),
        _lines(pairs, "must_keep", removed=False),
        *_figures(pairs),
        _not_figures(pairs),
        _claims(pairs),
        _events(pairs),
        _places(pairs),
        _episodes(pairs),
    ]
    return SeedScore(tuple(metrics))


def _source(pairs: Sequence[tuple[str, dict, DocRecords]]) -> Metric:
    hits, total, misses = 0, 0, []
    for key, g, rec in pairs:
        if "source" not in g:
            continue
        total += 1
        got = (rec.document.source_name or "").lower()
        if got and (g["source"].lower() == got or g["source"].lower() in got.split()):
            hits += 1
        else:
            misses.append(f"{key}: {rec.document.source_name!r} != {g['source']!r}")
    return Metric("source", hits, total, tuple(misses))


def _published(pairs: Sequence[tuple[str, dict, DocRecords]]) -> Metric:
    """A publication range is right when it contains the whole gold window."""
    hits, total, misses = 0, 0, []
    for key, g, rec in pairs:
        if "published_window" not in g:
            continue
        total += 1
        low, high = g["published_window"]
        pub = rec.document.published
        if pub and pub.start and pub.end and pub.start <= low and pub.end >= high:
            hits += 1
        else:
            got = f"{pub.start}..{pub.end}" if pub else None
            misses.append(f"{key}: {got} does not contain {low}..{high}")
    return Metric("published", hits, total, tuple(misses))


def _lines(pairs: Sequence[tuple[str, dict, DocRecords]], field_name: str, removed: bool) -> Metric:
    hits, total, misses = 0, 0, []
    for key, g, rec in pairs:
        for line in g.get(field_name, []):
            total += 1
            in_text = line in rec.document.text
            in_removed = any(line in r for r in rec.document.removed)
            if (removed and in_removed and not in_text) or (not removed and in_text):
                hits += 1
            else:
                misses.append(f"{key}: {line!r}")
    return Metric("debris_removed" if removed else "lines_kept", hits, total, tuple(misses))


def figure_matches(fig: Figure, gold: dict[str, Any]) -> bool:
    """A figure matches gold on kind, overlapping low–high range and group."""
    if fig.kind != gold["kind"]:
        return False
    if gold.get("group", "any") != "any" and fig.group != gold["group"]:
        return False
    return _overlap(fig.low, fig.high, gold["low"], gold.get("high"))


def _overlap(a_low: int, a_high: int | None, b_low: int, b_high: int | None) -> bool:
    a_top = a_high if a_high is not None else float("inf")
    b_top = b_high if b_high is not None else float("inf")
    return a_low <= b_top and b_low <= a_top


def _figures(pairs: Sequence[tuple[str, dict, DocRecords]]) -> list[Metric]:
    found_total = found_hits = gold_total = gold_hits = attr_total = attr_hits = 0
    misses: list[str] = []
    false: list[str] = []
    wrong_attr: list[str] = []
    for key, g, rec in pairs:
        gold_figs = g.get("figures", [])
        for fig in rec.figures:
            found_total += 1
            if any(figure_matches(fig, gf) for gf in gold_figs):
                found_hits += 1
            else:
                false.append(f"{key}: {fig.kind} {fig.low}-{fig.high} {fig.group} «{fig.evidence.text}»")
        for gf in gold_figs:
            match = next((f for f in rec.figures if figure_matches(f, gf)), None)
            if gf.get("optional") and match is None:
                continue
            gold_total += 1
            if match is None:
                misses.append(f"{key}: {gf['quote']}")
                continue
            gold_hits += 1
            if gf.get("reporter"):
                attr_total += 1
                name = _actor_words(match.attributed_to)
                if any(word in name for word in gf["reporter"]):
                    attr_hits += 1
                else:
                    wrong_attr.append(f"{key}: {gf['quote']} → {name or None}")
    return [
        Metric("figures_recall", gold_hits, gold_total, tuple(misses)),
        Metric("figures_precision", found_hits, found_total, tuple(false)),
        Metric("figures_attribution", attr_hits, attr_total, tuple(wrong_attr)),
    ]


def _actor_words(actor: Any) -> str:
    if actor is None:
        return ""
    return " ".join(filter(None, [actor.name, actor.text, actor.role, actor.country])).lower()


def _not_figures(pairs: Sequence[tuple[str, dict, DocRecords]]) -> Metric:
    """Numbers that must not become figures: no figure's quantity may overlap them."""
    hits, total, misses = 0, 0, []
    for key, g, rec in pairs:
        for item in g.get("not_figures", []):
            total += 1
            spots = _find_all(rec.document.text, item)
            bad = [f for f in rec.figures for s in spots if _span_overlaps(f, s, len(item))]
            if bad:
                misses.append(f"{key}: {item!r} became «{bad[0].evidence.text}»")
            else:
                hits += 1
    return Metric("not_figures_absent", hits, total, tuple(misses))


def _find_all(text: str, needle: str) -> list[int]:
    spots, start = [], text.find(needle)
    while start >= 0:
        spots.append(start)
        start = text.find(needle, start + 1)
    return spots


def _span_overlaps(fig: Figure, start: int, length: int) -> bool:
    span = fig.quantity or fig.evidence
    return span.start < start + length and start < span.end


def claim_matches(claim: Claim, gold: dict[str, Any]) -> bool:
    """A claim matches on speaker words, stance (deny vs not) and content words."""
    speaker = _actor_words(claim.speaker)
    if not any(word in speaker for word in gold["speaker"]):
        return False
    if (gold["stance"] == "deny") != (claim.stance == "deny"):
        return False
    content = f"{claim.content} {claim.evidence.text}".lower()
    return all(word in content for word in gold.get("content", []))


def _recall(
    pairs: Sequence[tuple[str, dict, DocRecords]],
    name: str,
    field_name: str,
    found: Callable[[DocRecords, Any], bool],
    label: Callable[[Any], str],
) -> Metric:
    """Share of the gold items of `field_name` that `found` finds; optional items only count when found."""
    hits, total, misses = 0, 0, []
    for key, g, rec in pairs:
        for item in g.get(field_name, []):
            ok = found(rec, item)
            if isinstance(item, dict) and item.get("optional") and not ok:
                continue
            total += 1
            if ok:
                hits += 1
            else:
                misses.append(f"{key}: {label(item)}")
    return Metric(name, hits, total, tuple(misses))


def _claims(pairs: Sequence[tuple[str, dict, DocRecords]]) -> Metric:
    return _recall(
        pairs,
        "claims_recall",
        "claims",
        lambda rec, gc: any(claim_matches(c, gc) for c in rec.claims),
        lambda gc: f"{gc['speaker'][0]} {gc['stance']} {gc.get('content')}",
    )


def event_matches(event: Event, gold: dict[str, Any]) -> bool:
    """An event matches on type and on actor/target country or sector codes."""
    if event.type not in gold["types"]:
        return False
    return _codes_match(event.actor, gold.get("actor", [])) and _codes_match(event.target, gold.get("target", []))


def _codes_match(actor: Any, codes: Iterable[str]) -> bool:
    codes = list(codes)
    if not codes:
        return True
    return actor is not None and (actor.country in codes or actor.sector in codes)


def _events(pairs: Sequence[tuple[str, dict, DocRecords]]) -> Metric:
    return _recall(
        pairs,
        "events_recall",
        "events",
        lambda rec, ge: any(event_matches(e, ge) for e in rec.events),
        lambda ge: ge["quote"],
    )


def _place_found(mentions: Iterable[Mention], name: str, lat: float, lon: float) -> bool:
    for m in mentions:
        p = m.place
        if m.kind != "place" or p is None or p.lat is None or p.lon is None:
            continue
        named = name.lower() in (p.name.lower(), m.evidence.text.lower())
        if named and distance_km(p.lat, p.lon, lat, lon) <= PLACE_TOLERANCE_KM:
            return True
    return False


def _places(pairs: Sequence[tuple[str, dict, DocRecords]]) -> Metric:
    return _recall(
        pairs,
        "places_recall",
        "places",
        lambda rec, gp: _place_found(rec.mentions, *gp),
        lambda gp: gp[0],
    )


def _episodes(pairs: Sequence[tuple[str, dict, DocRecords]]) -> Metric:
    """Pairs of gold docs: same gold episode ⇔ same episode_id."""
    hits, total, misses = 0, 0, []
    labelled = [(k, g["episode"], rec.document.episode_id) for k, g, rec in pairs if "episode" in g]
    for i, (k1, e1, got1) in enumerate(labelled):
        for k2, e2, got2 in labelled[i + 1 :]:
            total += 1
            if (e1 == e2) == (got1 is not None and got1 == got2):
                hits += 1
            else:
                misses.append(f"{k1}/{k2}")
    return Metric("episodes_pairwise", hits, total, tuple(misses))


def run_seed_eval(gold_path: Path, docs_dir: Path, resources: Any = None) -> SeedScore:
    """Run the pipeline on every document of `docs_dir` and score it against the gold.

    Args:
        gold_path: a gold file in the format of `seed-gold-public.json`.
        docs_dir: the folder holding the gold's documents (and possibly others,
            which take part in cross-document stages).
        resources: loaded pipeline resources to reuse, or None.

    Returns:
        The `SeedScore`.
    """
    from ..resources import Resources
    from ..ingest import analyze_corpus

    gold = load_gold(gold_path)
    results = analyze_corpus([str(docs_dir)], resources or Resources())
    by_file = {Path(rec.document.source_path or "").name: rec for rec in results}
    return score(gold, by_file)
