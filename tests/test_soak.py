"""A small soak test: SIGKILL the ingest three times, resume, and check the ledger (benchmarks/soak.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SOAK = Path(__file__).parents[1] / "benchmarks" / "soak.py"


@pytest.fixture(scope="module")
def soak_module():
    spec = importlib.util.spec_from_file_location("soak", SOAK)
    module = importlib.util.module_from_spec(spec)
    sys.modules["soak"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
def test_killed_ingests_resume_into_a_sound_ledger_with_each_document_once(soak_module, tmp_path):
    report = soak_module.soak(n=60, kills=3, workdir=tmp_path, seed=1, batch_size=8, workers=1, html=False)
    assert [run["killed"] for run in report["kills"]] == [True, True, True]
    assert report["integrity_check"] == ["ok"] and report["foreign_key_violations"] == 0
    assert report["document_rows"] == report["distinct_ids"] == report["input_ids"] - report["reported_failed"]
    assert report["missing"] == report["unexpected"] == 0
    assert not any(report["orphan_rows"].values())
    assert report["final_exit"] in (0, 1) and report["passed"]
