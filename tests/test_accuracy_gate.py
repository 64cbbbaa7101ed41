"""Accuracy gates: the seed-gold scores must not fall below the floors measured when they were set.

Floors are the measured scores (rounded down); raise them when the pipeline improves.
"""

from pathlib import Path

import pytest

from newsledger.evaluation.seed import run_seed_eval

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "seed-gold-public.json"
SEEDS = ROOT / "examples" / "karabakh"

FLOORS = {
    "debris_removed": 1.0,
    "lines_kept": 1.0,
    "source": 1.0,
    "figures_recall": 1.0,
    "figures_precision": 1.0,
    "figures_attribution": 1.0,
    "not_figures_absent": 1.0,
    "claims_recall": 1.0,
}


@pytest.fixture(scope="module")
def seed_score():
    return run_seed_eval(GOLD, SEEDS)


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_seed_gold_floor(seed_score, metric):
    result = seed_score.get(metric)
    assert result.score is not None and result.score >= FLOORS[metric] - 1e-9, result.misses
