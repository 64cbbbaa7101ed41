"""Hostile command-line inputs and queries: FIFOs and devices, failures that name their line,
searches over the size bounds and past their time budget."""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import build_records

from newsledger.cli import cli
from newsledger.ledger import Ledger
from newsledger.ledger.search import QueryRejected, SearchTimeout, deadline, search_problem
from newsledger.analysis import DocFailure, prepare
from newsledger.resources import Resources
from newsledger.read.files import ReadFailure, read_file, read_paths
from newsledger.records import RawDocument

GOOD = "Shelling killed four civilians in Northtown on Monday, the Westland health ministry said."
DEBRIS = "[ad_1]"


# -- files that are not regular files ----------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    found: list[object] = []
    reader = threading.Thread(target=lambda: found.extend(read_paths([str(fifo)])), daemon=True)
    reader.start()
    reader.join(10)
    assert not reader.is_alive(), "reading a FIFO blocked"
    assert len(found) == 1 and isinstance(found[0], ReadFailure)
    assert "FIFO" in found[0].reason and "stdin" in found[0].reason
    jsonl = tmp_path / "pipe.jsonl"
    os.mkfifo(jsonl)
    assert [type(i) for i in read_file(jsonl)] == [ReadFailure]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_is_refused():
    items = list(read_paths(["/dev/zero"]))
    assert len(items) == 1 and isinstance(items[0], ReadFailure) and "device" in items[0].reason


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_ingest_of_a_fifo_reports_it_and_ends(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = CliRunner().invoke(cli, ["ingest", str(fifo), "--db", str(tmp_path / "l.db"), "--quiet"])
    assert result.exit_code == 1
    assert f"FAILED {fifo}: is a named pipe" in result.output


# -- failures name their line ------------------------------------------------------------------


def _write_csv(path: Path) -> None:
    path.write_text(f'title,text\nGood,"{GOOD}"\n"Two\nlines",{DEBRIS}\nLast,"{GOOD} Again."\n', encoding="utf-8")


def test_a_csv_row_that_fails_analysis_names_its_line(tmp_path):
    path = tmp_path / "rows.csv"
    _write_csv(path)
    raws = [i for i in read_file(path) if isinstance(i, RawDocument)]
    assert [r.where for r in raws] == [f"{path}:2", f"{path}:3", f"{path}:5"]
    assert all(r.source_path == str(path) for r in raws)
    failed = prepare(raws[1], Resources())
    assert isinstance(failed, DocFailure) and failed.source == f"{path}:3"


def test_a_jsonl_line_that_fails_analysis_names_its_line(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text(f'{{"text": "{GOOD}"}}\n\n{{"text": "{DEBRIS}"}}\n', encoding="utf-8")
    raws = [i for i in read_file(path) if isinstance(i, RawDocument)]
    failed = prepare(raws[1], Resources())
    assert isinstance(failed, DocFailure) and failed.source == f"{path}:3"


def test_ingest_reports_the_failing_csv_line(tmp_path):
    path = tmp_path / "rows.csv"
    _write_csv(path)
    result = CliRunner().invoke(cli, ["ingest", str(path), "--db", str(tmp_path / "l.db"), "--quiet"])
    assert result.exit_code == 1
    assert f"FAILED {path}:3:" in result.output


# -- search bounds -----------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["a " * 2000, "t* " * 166, "x " * 33, "p* " * 9, "q" * 501,
                                   "NEAR(" + "the " * 30 + ", 1000)"], ids=["a", "t*", "x", "p*", "q", "near"])
def test_oversized_queries_are_rejected_before_they_run(query):
    assert search_problem(query) is not None
    with Ledger(":memory:") as ledger, pytest.raises(QueryRejected):
        ledger.search(query)


@pytest.mark.parametrize("query", ['ceasefire AND "Northtown shelling"', "kill* OR wound*", "NEAR(a b c, 5)", "x " * 32])
def test_ordinary_queries_pass(query):
    assert search_problem(query) is None


def test_cli_search_over_the_bounds_is_a_usage_error(tmp_path):
    db = tmp_path / "l.db"
    with Ledger(db) as ledger:
        ledger.add(build_records())
    result = CliRunner().invoke(cli, ["search", "t* " * 166, "--db", str(db)])
    assert result.exit_code == 2 and "too many" in result.output
    assert CliRunner().invoke(cli, ["search", "Northtown", "--db", str(db)]).exit_code == 0


def test_a_statement_past_its_budget_is_interrupted():
    conn = sqlite3.connect(":memory:")
    endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
    with pytest.raises(SearchTimeout, match="narrow the query"), deadline(conn, 0.05):
        conn.execute(endless).fetchone()
    assert conn.execute("SELECT 1").fetchone() == (1,)  # the handler is gone: nothing else is interrupted


def test_a_search_past_its_budget_raises_search_timeout():
    with Ledger(":memory:") as ledger:
        ledger.add_many(build_records(suffix=f" Report {i} " + "Northtown words " * 200) for i in range(300))
        with pytest.raises(SearchTimeout):
            ledger.search("Northtown OR words OR report*", limit=1000, budget=0.0)
        assert ledger.search("Northtown", limit=5, budget=None)
