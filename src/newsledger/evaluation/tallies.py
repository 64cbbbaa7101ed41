"""Score the ledger's tallies against gold tallies (format of `tests/gold/tallies-sample.json`).

The documents are ingested into a throwaway in-memory ledger and linked, so the tallies scored
are the ones `newsledger tallies` would show. Each gold episode is matched to the system episode
holding most of its documents. A gold row (kind, group, side) is found when a tally has the same
kind and group and its side names the gold side (ISO3 of a state, or a word of a non-state
bloc's id or name; null = the all-sides tally). Then low, best and high match within 10% (an
open bound only matches an open bound), and as_of within 3 days.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import GoldError
from ..records import Tally
from .seed import Metric, SeedScore

TOLERANCE = 0.10
AS_OF_DAYS = 3


def load_tally_gold(path: Path) -> dict[str, Any]:
    """Read a gold tally file and check its shape."""
    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GoldError(f"cannot read gold file {path}: {exc}") from exc
    if not isinstance(gold, dict) or not isinstance(gold.get("episodes"), dict) \
            or not isinstance(gold.get("docs_episode"), dict):
        raise GoldError(f"{path}: expected an object with 'episodes' and 'docs_episode' mappings")
    return gold


def run_tally_eval(gold_path: Path, docs_dir: Path, resources: Any = None) -> SeedScore:
    """Ingest `docs_dir` into an in-memory ledger, link it, and score its tallies against the gold."""
    from ..ledger import Ledger
    from ..resources import Resources
    from ..ingest import ingest

    gold = load_tally_gold(gold_path)
    with Ledger(":memory:") as ledger:
        ingest([str(docs_dir)], ledger, resources or Resources())
        episode_of_file = {Path(d.source_path or "").name: _episode(ledger, d.id) for d in ledger.documents()}
        tallies = ledger.tallies()
    return score_tallies(gold, episode_of_file, tallies)


def _episode(ledger: Any, doc_id: str) -> str | None:
    return next((s.episode_id for s in ledger.stories() if doc_id in s.doc_ids), None)


def score_tallies(gold: dict[str, Any], episode_of_file: dict[str, str | None], tallies: list[Tally]) -> SeedScore:
    """Score tallies against the gold, given the system episode of each gold document file."""
    found = [0, 0]
    fields = {name: [0, 0, []] for name in ("low", "best", "high", "as_of")}
    misses: list[str] = []
    for label, rows in gold["episodes"].items():
        files = [f for f, e in gold["docs_episode"].items() if e == label]
        votes = Counter(episode_of_file.get(f) for f in files if episode_of_file.get(f))
        episode = votes.most_common(1)[0][0] if votes else None
        for row in rows:
            tally = next((t for t in tallies if t.episode_id == episode and _same_key(t, row)), None)
            name = f"{label}: {row['kind']} {row['group']} side={row.get('side')}"
            if row.get("optional") and tally is None:
                continue
            found[1] += 1
            if tally is None:
                misses.append(name)
                continue
            found[0] += 1
            for field, ok in (("low", _close(tally.low, row["low"])), ("best", _close(tally.best, row["best"])),
                              ("high", _close(tally.high, row["high"])), ("as_of", _near(tally.as_of, row["as_of"]))):
                fields[field][1] += 1
                if ok:
                    fields[field][0] += 1
                else:
                    fields[field][2].append(f"{name}: {field} {getattr(tally, field)} (gold {row[field]})")
    metrics = [Metric("tallies_found", found[0], found[1], tuple(misses))]
    metrics += [Metric(f"tallies_{k}", v[0], v[1], tuple(v[2])) for k, v in fields.items()]
    return SeedScore(tuple(metrics))


def _same_key(tally: Tally, row: dict[str, Any]) -> bool:
    if tally.kind != row["kind"] or tally.group != row["group"]:
        return False
    want = row.get("side")
    if want is None or tally.side is None:
        return want is None and tally.side is None
    side, code = tally.side, want.lower()
    if (side.id or "").lower() == f"state:{code}" or (side.country or "").lower() == code and side.id is None:
        return True
    return not (side.id or "").startswith("state:") and (code in (side.id or "").lower() or code in side.name.lower())


def _close(value: int | None, gold: int | None) -> bool:
    if value is None or gold is None:
        return value is None and gold is None
    return abs(value - gold) <= TOLERANCE * max(gold, 1)


def _near(value: str | None, gold: str | None) -> bool:
    if not value or not gold:
        return not value and not gold
    return abs((date.fromisoformat(value[:10]) - date.fromisoformat(gold[:10])).days) <= AS_OF_DAYS
