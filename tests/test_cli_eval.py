import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsledger.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SHARED_EVAL = ROOT.parent / "shared" / "eval"


def test_eval_prints_a_table_and_writes_json(tmp_path):
    out = tmp_path / "scores.json"
    result = CliRunner().invoke(
        cli,
        ["eval", "--gold", str(ROOT / "tests/gold/seed-gold-public.json"), "--docs", str(ROOT / "examples/karabakh"),
         "--json", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert "figures_recall" in result.output and "claims_recall" in result.output
    scores = json.loads(out.read_text())
    assert scores["debris_removed"]["score"] == 1.0


def test_eval_refuses_a_malformed_gold_file(tmp_path):
    gold = tmp_path / "gold.json"
    gold.write_text('{"docs": {"001": {}}}')
    result = CliRunner().invoke(cli, ["eval", "--gold", str(gold), "--docs", str(ROOT / "examples/karabakh")])
    assert result.exit_code == 3
    assert "no 'file'" in result.output


@pytest.mark.skipif(not (SHARED_EVAL / "plover_gsr").exists(), reason="PLOVER gold not available")
def test_eval_plover_reports_accuracies(tmp_path):
    out = tmp_path / "plover.json"
    result = CliRunner().invoke(cli, ["eval-plover", str(SHARED_EVAL / "plover_gsr"), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "type accuracy" in result.output
    assert json.loads(out.read_text())["sentences"] > 300
