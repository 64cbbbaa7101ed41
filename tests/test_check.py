"""`newsledger check`: a sound ledger passes; a damaged file, a missing migration, a record off the
contract and a span that does not quote its document are each found, with exit code 3."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner
from conftest import build_records

from newsledger.cli import cli
from newsledger.ledger import Ledger
from newsledger.ledger.check import check_ledger
from newsledger.linking import link


def make(path: Path, count: int = 40) -> str:
    with Ledger(path) as ledger:
        for i in range(count):
            ledger.add(build_records(suffix=f" Report {i} " + f"filler{i} " * 40))
        link(ledger)
    return str(path)


def run(path: str):
    return CliRunner().invoke(cli, ["check", "--db", path])


def test_a_sound_ledger_passes(tmp_path):
    path = make(tmp_path / "ok.db")
    result = run(path)
    assert result.exit_code == 0, result.output
    assert "ledger ok" in result.output and "40 documents" in result.output
    report = check_ledger(path, full=True)
    assert report.ok and report.counts["figures"] == 40


def test_a_damaged_file_is_exit_3_without_a_traceback(tmp_path):
    path = make(tmp_path / "bad.db")
    with Ledger(path) as ledger:
        ledger._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = os.path.getsize(path)
    with open(path, "r+b") as handle:
        for offset in range(4096 * 2, size, 4096 * 3):
            handle.seek(offset)
            handle.write(b"\x5a" * 3000)
    result = run(path)
    assert result.exit_code == 3
    assert "integrity" in result.output and "damaged" in result.output and "Traceback" not in result.output


def test_a_file_that_is_not_a_database_is_exit_3(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"not a database at all\n" * 500)
    result = run(str(path))
    assert result.exit_code == 3 and "not a database" in result.output


def test_a_missing_migration_is_found(tmp_path):
    path = make(tmp_path / "old.db", 3)
    with Ledger(path) as ledger:
        last = ledger._conn.execute("SELECT name FROM _migrations ORDER BY rowid DESC LIMIT 1").fetchone()[0]
        ledger._conn.execute("DELETE FROM _migrations WHERE name = ?", (last,))
    result = run(path)
    assert result.exit_code == 3 and f"not applied: {last}" in result.output


def test_a_span_that_does_not_quote_its_document_is_found(tmp_path):
    path = make(tmp_path / "span.db", 3)
    with Ledger(path) as ledger:
        figure_id, data = ledger._conn.execute("SELECT id, data FROM figures LIMIT 1").fetchone()
        record = json.loads(data)
        record["evidence"]["text"] = "words the document never had"
        ledger._conn.execute("UPDATE figures SET data = ? WHERE id = ?", (json.dumps(record), figure_id))
    report = check_ledger(path)
    assert not report.ok and any(figure_id in p and "evidence" in p for p in report.spans)
    assert run(path).exit_code == 3


def test_a_record_off_the_contract_is_found(tmp_path):
    path = make(tmp_path / "contract.db", 3)
    with Ledger(path) as ledger:
        claim_id, data = ledger._conn.execute("SELECT id, data FROM claims LIMIT 1").fetchone()
        record = json.loads(data)
        record["stance"] = "shrug"
        ledger._conn.execute("UPDATE claims SET data = ? WHERE id = ?", (json.dumps(record), claim_id))
    report = check_ledger(path)
    assert any(claim_id in p and "stance" in p for p in report.contract)
    assert run(path).exit_code == 3


def test_check_never_writes_the_ledger(tmp_path):
    path = make(tmp_path / "same.db", 3)
    with Ledger(path) as ledger:
        ledger._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = Path(path).read_bytes()
    assert run(path).exit_code == 0
    assert Path(path).read_bytes() == before


def test_check_of_a_missing_file_is_exit_3(tmp_path):
    assert run(str(tmp_path / "none.db")).exit_code == 3
    assert not (tmp_path / "none.db").exists()
