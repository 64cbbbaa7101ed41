"""Tally and figure-decision scoring: the gold tally files, the test passages, `tallies --as-of`."""

import json
from pathlib import Path

from click.testing import CliRunner

from newsledger.cli import cli
from newsledger.evaluation.figures import load_passages, score_figures
from newsledger.evaluation.tallies import score_tallies
from newsledger.records import Actor, Figure, Span, Tally

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_GOLD = ROOT / "tests/gold/tallies-sample.json"
PASSAGES = ROOT / "corpora/figures/sentences.jsonl"


def test_tally_scoring_matches_rows_by_kind_group_and_bloc():
    gold = {"docs_episode": {"a.txt": "e"}, "episodes": {"e": [
        {"kind": "killed", "group": "any", "side": None, "low": 100, "best": 400, "high": None, "as_of": "2020-10-10"},
        {"kind": "killed", "group": "military", "side": "ARM", "low": 350, "best": 350, "high": 350,
         "as_of": "2020-10-10"},
        {"kind": "missing", "group": "any", "side": None, "low": 1, "best": 1, "high": None, "as_of": None,
         "optional": True},
    ]}}
    armenia = Actor("Armenia", "state:ARM", "ARM", "GOV")
    tallies = [Tally("epi", "killed", "any", 100, 390, None, as_of="2020-10-09"),
               Tally("epi", "killed", "military", 350, 350, 400, side=armenia, as_of="2020-10-10")]
    score = score_tallies(gold, {"a.txt": "epi"}, tallies)
    assert score.get("tallies_found").score == 1.0
    assert score.get("tallies_best").score == 1.0 and score.get("tallies_as_of").score == 1.0
    assert score.get("tallies_high").hits == 1 and "400" in score.get("tallies_high").misses[0]


def test_figure_scoring_checks_each_decision():
    text = "A medical source said 12 soldiers were killed."
    passage = {"id": "p", "conflict": "c", "style": "wire", "text": text, "figures": [
        {"quote": "12", "kind": "killed", "group": "military", "reporter": ["medical source"], "anonymous": True,
         "side": "UKR", "cumulative": False}]}
    at = text.index("12")
    source = Actor("medical source", text="A medical source", anonymous=True)
    fig = Figure("f", "d", Span("d", at, at + 2, "12"), "killed", 12, 12, "exact", "military",
                 side=Actor("Ukraine", "state:UKR", "UKR", "GOV"), attributed_to=source, quantity=Span("d", at, at + 2, "12"))
    score = score_figures([(passage, [fig])])
    assert all(m.score == 1.0 for m in score.metrics)
    wrong = score_figures([(passage, [Figure("f", "d", fig.evidence, "killed", 12, 12, "exact", "any",
                                             cumulative=True, quantity=fig.quantity)])])
    assert wrong.get("figure_found").score == 1.0
    assert all(wrong.get(f"figure_{d}").score == 0.0 for d in ("group", "reporter", "anonymous", "side", "cumulative"))


def test_the_passages_cover_six_conflicts_five_styles_and_both_splits():
    passages = load_passages(PASSAGES)
    assert len({p["conflict"] for p in passages}) >= 6
    assert {"wire", "ministry", "UN/OCHA", "monitor", "local media"} <= {p["style"] for p in passages}
    assert load_passages(PASSAGES, "dev") and load_passages(PASSAGES, "heldout")
    assert all(f["quote"] in p["text"] for p in passages for f in p["figures"])


def test_sample_tallies_meet_their_gold_and_go_back_in_time(tmp_path):
    out = tmp_path / "tallies.json"
    result = CliRunner().invoke(cli, ["eval-tallies", "--gold", str(SAMPLE_GOLD), "--docs",
                                      str(ROOT / "examples/karabakh"), "--json", str(out)])
    assert result.exit_code == 0, result.output
    scores = json.loads(out.read_text())
    assert scores["tallies_found"]["score"] >= 0.9 and scores["tallies_best"]["score"] >= 0.9
    db = tmp_path / "k.db"
    assert CliRunner().invoke(cli, ["ingest", str(ROOT / "examples/karabakh"), "--db", str(db)]).exit_code == 0
    now = CliRunner().invoke(cli, ["tallies", "--db", str(db)]).output
    then = CliRunner().invoke(cli, ["tallies", "--db", str(db), "--as-of", "2020-10-05"]).output
    assert "best 400" in now and "best 400" not in then and "series" in now
