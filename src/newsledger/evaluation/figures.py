"""Score per-figure decisions on short test passages (format of `corpora/figures/sentences.jsonl`).

Each line holds a passage (one to three sentences, with its publication date), its split
("dev" or "heldout": tune only on dev) and its gold figures: the quoted count, kind, victim
group, reporter (acceptable lowercase words of the reporter's name or words; empty = the
article's own voice, so no reporter), whether the reporter is anonymous, victim side (ISO3 of
a state, a word of a non-state side, or null when the text does not say) and whether it is a
running total. A gold figure is found when a figure of the same kind covers the quoted count;
each decision is then scored on the found figures.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import GoldError
from ..records import Actor, Figure, RawDocument
from .seed import Metric, SeedScore

DECISIONS = ("group", "reporter", "anonymous", "side", "cumulative")


def load_passages(path: Path, split: str | None = None) -> list[dict[str, Any]]:
    """Read the passages of a JSONL file, optionally only those of one split."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
        passages = [json.loads(line) for line in lines if line.strip()]
    except (OSError, ValueError) as exc:
        raise GoldError(f"cannot read passages {path}: {exc}") from exc
    return [p for p in passages if split is None or p.get("split") == split]


def evaluate_figures(path: Path, split: str | None = None, resources: Any = None) -> SeedScore:
    """Run the pipeline on each passage and score its figures' decisions."""
    from ..resources import Resources
    from ..analysis import analyze_batch

    passages = load_passages(path, split)
    resources = resources or Resources()
    raws = [RawDocument(content=p["text"], format="text", published=p.get("published"), source_path=p["id"])
            for p in passages]
    results = analyze_batch(raws, resources)
    pairs = [(p, getattr(r, "figures", ())) for p, r in zip(passages, results, strict=True)]
    return score_figures(pairs)


def score_figures(pairs: list[tuple[dict[str, Any], Any]]) -> SeedScore:
    """Score (passage, its figures) pairs: found, then each decision on found figures."""
    tallies: dict[str, list[Any]] = {name: [0, 0, []] for name in ("found", *DECISIONS)}
    for passage, figures in pairs:
        for gold in passage["figures"]:
            name = f"{passage['id']} {passage['conflict']}/{passage['style']}: {gold['quote']!r} {gold['kind']}"
            fig = _match(passage["text"], gold, figures)
            _count(tallies["found"], fig is not None, name)
            if fig is None:
                continue
            checks = {
                "group": (fig.group == gold["group"], fig.group),
                "reporter": (_reporter_ok(fig.attributed_to, gold["reporter"]), _label(fig.attributed_to)),
                "side": (_side_ok(fig.side, gold.get("side")), _label(fig.side)),
                "cumulative": (fig.cumulative == gold["cumulative"], fig.cumulative),
            }
            if gold.get("anonymous"):
                anonymous = bool(fig.attributed_to is not None and getattr(fig.attributed_to, "anonymous", False))
                checks["anonymous"] = (anonymous, anonymous)
            for decision, (ok, got) in checks.items():
                _count(tallies[decision], ok, f"{name}: {decision} {got} (gold {_gold_value(gold, decision)})")
    return SeedScore(tuple(Metric(f"figure_{k}", v[0], v[1], tuple(v[2])) for k, v in tallies.items()))


def _count(cell: list[Any], ok: bool, miss: str) -> None:
    cell[1] += 1
    if ok:
        cell[0] += 1
    else:
        cell[2].append(miss)


def _gold_value(gold: dict[str, Any], decision: str) -> Any:
    return True if decision == "anonymous" else gold.get(decision)


def _match(text: str, gold: dict[str, Any], figures: Any) -> Figure | None:
    at = text.find(gold["quote"])
    end = at + len(gold["quote"])
    for fig in figures:
        span = fig.quantity or fig.evidence
        if fig.kind == gold["kind"] and span.start < end and at < span.end:
            return fig
    return None


def _label(actor: Actor | None) -> str:
    if actor is None:
        return "None"
    return f"{actor.name} [{actor.country or '-'}]" + (f" «{actor.text}»" if actor.text and actor.text != actor.name else "")


def _reporter_ok(actor: Actor | None, words: list[str]) -> bool:
    if not words:
        return actor is None
    if actor is None:
        return False
    said = f"{actor.name} {actor.text or ''} {actor.id or ''}".lower()
    return any(w in said for w in words)


def _side_ok(side: Actor | None, code: str | None) -> bool:
    if code is None or side is None:
        return code is None and side is None
    want = code.lower()
    return (side.country or "").lower() == want and (side.id or "state:").startswith(("state:", "demonym:")) \
        or want in (side.id or "").lower() or want in side.name.lower()
