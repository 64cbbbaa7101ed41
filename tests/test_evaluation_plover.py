"""The PLOVER gold scorer: reading the gold, version names, the top event, accuracy floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.errors import GoldError
from newsledger.evaluation.plover import (
    PloverRecord,
    evaluate_plover,
    load_plover,
    plover_type,
    score_record,
    top_event,
)
from newsledger.records import Actor, Event, Span
from newsledger.resources import Resources
from newsledger.settings import Settings

PLOVER_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "plover_gsr"

# The gold's own shape: a JSON list with trailing commas, 0.5b1 type names, CAMEO codes.
SMALL_GOLD = """[
{"id": "DOC-1", "event": "DOCUMENT", "eventText": "internal documentation",},
{"id": "G-1", "event": "DEMAND", "text": "The United States demanded that Iran release the sailors.",
 "source": [{"actorText": "United States", "code": "USA"},],
 "target": [{"actorText": "Iran", "code": "IRN"}],},
{"id": "G-2", "event": "FIGHT", "text": "Japanese troops shelled the town of Hill on Monday.",
 "source": [{"actorText": "Japanese troops", "code": "JAP", "sector": "MIL"}], "target": "",},
{"id": "G-3", "event": "INVESTIGATE", "text": "The UN sent inspectors to Iraq.",
 "source": [{"actorText": "UN", "code": "IGO"}],},
]"""


@pytest.fixture(scope="module")
def rules_only():
    """Resources whose events come from the dependency rules alone (no sub-type classifier)."""
    return Resources(Settings(event_classifier=False))


def _event(type_: str, status: str = "asserted", confidence: float = 0.5, start: int = 0, mode: str | None = None,
           actor: Actor | None = None) -> Event:
    span = Span("d", start, start + 1, "x")
    return Event(f"e{start}{type_}", ("d",), (span,), type_, status, mode=mode, actor=actor, confidence=confidence)


def test_load_plover_reads_trailing_commas_maps_names_and_codes(tmp_path):
    path = tmp_path / "gold.txt"
    path.write_text(SMALL_GOLD, encoding="utf-8")
    records = load_plover(path)
    assert [r.id for r in records] == ["G-1", "G-2", "G-3"]  # DOCUMENT skipped
    assert [r.type for r in records] == ["REQUEST", "ASSAULT", "INVESTIGATE"]
    assert records[0].sources == ("USA",) and records[0].targets == ("IRN",)
    assert records[1].sources == ("JPN",) and records[1].targets == ()


def test_load_plover_accepts_the_folder(tmp_path):
    (tmp_path / "PLOVER_GSR_CAMEO.txt").write_text(SMALL_GOLD, encoding="utf-8")
    assert len(load_plover(tmp_path)) == 3


def test_load_plover_rejects_a_broken_file(tmp_path):
    path = tmp_path / "gold.txt"
    path.write_text('{"not": "a list"}', encoding="utf-8")
    with pytest.raises(GoldError):
        load_plover(path)
    with pytest.raises(GoldError):
        load_plover(tmp_path / "missing.txt")


def test_plover_type_applies_the_future_tense_convention():
    assert plover_type(_event("CONSULT", "planned")) == "AGREE"
    assert plover_type(_event("AID", "planned")) == "AGREE"
    assert plover_type(_event("ASSAULT", "planned")) == "THREATEN"
    assert plover_type(_event("SANCTION", "planned")) == "THREATEN"
    assert plover_type(_event("ASSAULT", "asserted", mode="destroy")) == "COERCE"
    assert plover_type(_event("ASSAULT", "asserted", mode="aerial")) == "ASSAULT"
    assert plover_type(_event("REQUEST", "requested")) == "REQUEST"


def test_top_event_is_the_most_confident_then_the_first():
    first, strong, late = _event("ACCUSE", confidence=0.7, start=5), _event("ASSAULT", confidence=0.9, start=9), \
        _event("CONSULT", confidence=0.7, start=20)
    assert top_event([first, strong, late]) is strong
    assert top_event([late, first]) is first
    assert top_event([]) is None


def test_score_record_compares_type_and_codes():
    record = PloverRecord("G", "text", "ACCUSE", ("USA",), ("IGO",))
    hit = score_record(record, [_event("ACCUSE", actor=Actor("United States", country="USA"))])
    assert hit.type_ok and hit.actor_ok and hit.target_ok is False
    miss = score_record(record, [])
    assert (miss.predicted, miss.type_ok, miss.actor_ok) == (None, False, False)
    unscored = score_record(PloverRecord("G", "text", "ACCUSE"), [])
    assert unscored.actor_ok is None and unscored.target_ok is None


def test_evaluate_plover_on_a_small_gold(tmp_path, rules_only):
    path = tmp_path / "gold.txt"
    path.write_text(SMALL_GOLD, encoding="utf-8")
    score = evaluate_plover(path, rules_only)
    assert len(score.results) == 2 and [r.id for r in score.apart] == ["G-3"]
    assert score.type_accuracy == 1.0
    assert score.actor_accuracy == 1.0
    summary = score.as_dict()
    assert summary["sentences"] == 2 and summary["per_type"]["REQUEST"] == {"hits": 1, "total": 1}


@pytest.mark.skipif(not PLOVER_DIR.exists(), reason="PLOVER gold not available")
def test_plover_gold_accuracy_floors(rules_only):
    score = evaluate_plover(PLOVER_DIR, rules_only)
    assert len(score.results) == 313 and len(score.apart) == 9
    # Measured: type 0.831, actor country 0.843, target country 0.529 (actor misses left: events
    # with no actor at all, bombs with no named perpetrator, and gold codes of IGO for NGOs).
    assert score.type_accuracy >= 0.81
    assert score.actor_accuracy >= 0.83
    assert score.target_accuracy >= 0.51
