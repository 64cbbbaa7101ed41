"""Every command on a damaged, foreign or read-only ledger: exit code 3 and advice, never a traceback;
a read-only ledger is read without writing (run as a user who cannot write it, where one is available)."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import build_records

from newsledger.cli import cli
from newsledger.ledger import Ledger
from newsledger.linking import link

SRC = Path(__file__).resolve().parents[1] / "src"
READING = [["stats"], ["search", "Northtown"], ["figures"], ["claims"], ["events"], ["stories"], ["tallies"],
           ["contradictions"], ["link"], ["export", "--out", "{out}"], ["show", "doc_x"]]


def make(path: Path, count: int = 60) -> str:
    with Ledger(path) as ledger:
        for i in range(count):
            ledger.add(build_records(suffix=f" Report {i} " + f"filler{i} " * 40))
        link(ledger)
        ledger._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return str(path)


def corrupt(path: str) -> None:
    size = os.path.getsize(path)
    with open(path, "r+b") as handle:
        for offset in range(4096 * 2, size, 4096 * 3):
            handle.seek(offset)
            handle.write(b"\xc3" * 3000)


@pytest.fixture(scope="module")
def damaged(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = make(tmp_path_factory.mktemp("damaged") / "bad.db")
    corrupt(path)
    return path


@pytest.mark.parametrize("args", READING, ids=lambda a: a[0])
def test_reading_a_damaged_ledger_is_exit_3_with_advice(damaged, tmp_path, args):
    argv = [a.format(out=tmp_path / "out") for a in args]
    result = CliRunner().invoke(cli, [*argv, "--db", damaged])
    if args[0] == "show" and result.exit_code == 1:
        pytest.skip("the damaged pages did not hold what `show` reads")
    assert result.exit_code == 3, result.output
    assert "newsledger check" in result.output or "damaged" in result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


def test_ingesting_into_a_damaged_ledger_is_exit_3(damaged, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Shelling killed four civilians in Northtown on Monday, the Westland ministry said.")
    result = CliRunner().invoke(cli, ["ingest", str(article), "--db", damaged, "--quiet"])
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("content", [b"", b"SQLite format 3\x00" + b"\x00" * 80, b"hello\n" * 1000])
def test_a_file_that_is_not_a_ledger_is_exit_3(tmp_path, content):
    path = tmp_path / "odd.db"
    path.write_bytes(content)
    result = CliRunner().invoke(cli, ["stats", "--db", str(path)])
    assert result.exit_code in (0, 3), result.output  # an empty file is an empty ledger
    assert "Traceback" not in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_ledger_that_is_not_a_regular_file_is_exit_3(tmp_path):
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    for target in (str(fifo), str(tmp_path), "/dev/zero"):
        result = CliRunner().invoke(cli, ["stats", "--db", target])
        assert result.exit_code == 3 and "not a regular file" in result.output, target


def test_another_sqlite_database_is_exit_3(tmp_path):
    import sqlite3

    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    result = CliRunner().invoke(cli, ["search", "x", "--db", str(path)])
    assert result.exit_code == 3 and "not a newsledger ledger" in result.output


# -- read-only ledgers -------------------------------------------------------------------------


def _unprivileged() -> list[str] | None:
    """A command prefix that runs Python as someone who cannot write a read-only file, or None."""
    if os.geteuid() != 0:
        return []
    probe = [sys.executable, "-c", "pass"]
    if shutil.which("runuser") and subprocess.run(["runuser", "-u", "nobody", "--", *probe],
                                                  capture_output=True).returncode == 0:
        return ["runuser", "-u", "nobody", "--"]
    # Root without the capabilities that override file permissions is held to them like any user.
    drop = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]
    if shutil.which("setpriv") and subprocess.run([*drop, *probe], capture_output=True).returncode == 0:
        return drop
    return None


@pytest.fixture(scope="module")
def read_only() -> Iterator[tuple[list[str], Path]]:
    """A ledger in a folder nobody can write (the WAL ledger has no -shm file), and how to run as a user."""
    prefix = _unprivileged()
    if prefix is None:
        pytest.skip("no way to run as a user who cannot write the ledger")
    folder = Path(tempfile.mkdtemp(prefix="newsledger-ro-"))
    try:
        path = Path(make(folder / "ro.db", 8))
        assert not path.with_name("ro.db-shm").exists()
        path.chmod(0o444)
        folder.chmod(0o555)
        yield prefix, path
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


def _run(prefix: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run([*prefix, sys.executable, "-m", "newsledger", *args], capture_output=True, text=True,
                          env=env, timeout=120, cwd="/")


def test_a_read_only_ledger_can_be_read(read_only, tmp_path):
    prefix, path = read_only
    before = path.read_bytes()
    stats = _run(prefix, "stats", "--db", str(path))
    assert stats.returncode == 0, stats.stderr
    assert re.search(r"^documents +8\b", stats.stdout, re.M), stats.stdout
    found = _run(prefix, "search", "Northtown", "--db", str(path))
    assert found.returncode == 0 and "8 documents" in found.stdout, found.stderr
    checked = _run(prefix, "check", "--db", str(path))
    assert checked.returncode == 0 and "ledger ok" in checked.stdout, checked.stdout + checked.stderr
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["ro.db"]
    assert not stat.S_IWUSR & path.stat().st_mode


def test_writing_to_a_read_only_ledger_is_exit_3(read_only):
    prefix, path = read_only
    result = _run(prefix, "link", "--db", str(path))
    output = result.stdout + result.stderr
    assert result.returncode == 3, output
    assert "Traceback" not in output and ("not writable" in output or "readonly" in output)
