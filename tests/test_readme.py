"""Every example in the README runs, as written, on the bundled sample and says something.

Placeholders are replaced by local equivalents: `corpus/` by a copy of the sample, `inbox/` by
an empty folder, the Dask scheduler address by a local cluster, the PostgreSQL URL by the
throwaway server of the PostgreSQL tests. `serve` and `watch` are started, used and stopped.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import shlex

import pytest

try:  # the throwaway PostgreSQL server of the PostgreSQL tests, for the postgresql:// example
    from test_ledger_postgres import pg_url, server  # noqa: F401
except pytest.skip.Exception:
    pass

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
CLI = f"{sys.executable} -m newsledger"
# A listing that found nothing ends with "0 documents", "0 claims", ...
EMPTY_RESULT = re.compile(r"^0 (documents|figures|claims|events|stories|tallies)\b", re.M)
LONG_RUNNING = ("serve", "watch")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.S)


def _examples() -> list[str]:
    """Every command line of the README's bash blocks after the opening two, comments removed."""
    lines = []
    for block in _blocks("bash")[1:]:
        for line in block.splitlines():
            line = re.sub(r"\s{2,}#.*$", "", line).strip()
            if line and not line.startswith("#"):
                lines.append(line)
    return lines


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A folder laid out like the checkout, with the first README command's ledger in it."""
    work = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "examples", work / "examples")
    shutil.copytree(ROOT / "tests" / "gold", work / "tests" / "gold")
    shutil.copytree(ROOT / "corpora", work / "corpora")
    shutil.copytree(ROOT / "examples" / "karabakh", work / "corpus")
    # An off-topic article, which the relevance gate stores without analysing it (for `reanalyze`).
    (work / "corpus" / "cup-final.txt").write_text(
        "Rovers win the cup final\n\nRovers beat United 2-1 on Saturday to lift the county cup for the first time "
        "in a decade. The winning goal came in the last minute from a corner, and the captain said the squad had "
        "trained all season for a day like this. Tickets for the victory parade go on sale on Monday.\n\n"
        + "The manager praised a young goalkeeper who saved a penalty before half time, and said the squad "
        "would rest for two days before training for the league match next weekend. " * 6,
        encoding="utf-8")
    (work / "inbox").mkdir()
    first = _blocks("bash")[0].splitlines()[0].split("&&", 1)[1].strip()
    done = _run(first, work)
    assert done.returncode == 0, done.stderr
    return work


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}


def _local(command: str, work: Path) -> str:
    command = command.replace(".venv/bin/newsledger", CLI)
    if "--engine dask" in command:
        command = command.replace("tcp://host:8786", "local").replace("big.db", "dask.db")
    if "../shared/" in command:
        command = command.replace("../shared/", f"{ROOT.parent / 'shared'}/")
    return command


def _run(command: str, work: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(_local(command, work), shell=True, cwd=work, env=_env(), capture_output=True, text=True,
                          timeout=timeout)


def _subcommand(command: str) -> str:
    return command.split("newsledger", 1)[1].split()[0]


@pytest.mark.parametrize("command", [c for c in _examples() if _subcommand(c) not in LONG_RUNNING])
def test_readme_example_runs_and_finds_something(command, workdir, request):
    if "../shared/" in command and not (ROOT.parent / "shared" / "eval").exists():
        pytest.skip("../shared/eval is not beside this checkout")
    if "postgresql://" in command:
        pytest.importorskip("psycopg")
        url = request.getfixturevalue("pg_url")
        command = command.replace("postgresql://me@dbhost/news", shlex.quote(url))
    done = _run(command, workdir)
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    assert done.stdout.strip(), f"{command} printed nothing"
    assert not EMPTY_RESULT.search(done.stdout), f"{command} found nothing:\n{done.stdout}"
    assert "Traceback" not in done.stderr


def test_readme_serve_example_serves_the_sample(workdir):
    (command,) = [c for c in _examples() if _subcommand(c) == "serve"]
    port = _free_port()
    child = subprocess.Popen(f"exec {_local(command, workdir)} --port {port}", shell=True, cwd=workdir, env=_env(),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        body = _get_when_up(f"http://127.0.0.1:{port}/api/stats", child)
        assert '"documents":5' in body.replace(" ", "")
        assert "Nagorno-Karabakh" in _get_when_up(f"http://127.0.0.1:{port}/", child)
    finally:
        child.send_signal(signal.SIGINT)
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()  # never leave a watch running behind the test
            raise


def _get_when_up(url: str, child: subprocess.Popen, wait: float = 60) -> str:
    deadline = time.monotonic() + wait
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.read().decode()
        except OSError:
            if child.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"server did not answer {url}: {child.communicate()[1][-2000:]}") from None
            time.sleep(0.5)


def test_readme_watch_example_ingests_a_dropped_file(workdir):
    (command,) = [c for c in _examples() if _subcommand(c) == "watch"]
    db = workdir / "big.db"
    # Ctrl-C must reach the watch even when the test run itself was started in the background, where
    # the shell leaves SIGINT ignored and every child would inherit that.
    child = subprocess.Popen(f"exec {_local(command, workdir)} --poll 0.5", shell=True, cwd=workdir, env=_env(),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        time.sleep(2)
        sample = sorted((ROOT / "examples" / "karabakh").glob("*.txt"))[0]
        (workdir / "inbox" / "new.txt").write_text(sample.read_text(encoding="utf-8") + "\nA line only this copy has.\n",
                                                  encoding="utf-8")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and child.poll() is None:
            found = subprocess.run(f"{CLI} search 'only AND copy' --db {db}", shell=True, env=_env(),
                                   capture_output=True, text=True)
            if "1 documents" in found.stdout:
                break
            time.sleep(1)
        else:
            raise AssertionError(f"watch did not ingest the dropped file: {child.communicate()[1][-2000:]}")
    finally:
        child.send_signal(signal.SIGINT)
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()  # never leave a watch running behind the test
            raise


def test_readme_python_example_links_and_tallies(workdir):
    (code,) = _blocks("python")
    done = subprocess.run([sys.executable, "-c", code], cwd=workdir, env=_env(), capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert re.search(r"^[1-9]\d* stories, [1-9]\d* contradicting claim pairs$", done.stdout, re.M), done.stdout
    assert any(line.startswith("killed ") for line in lines), done.stdout
    assert not any(line.startswith("None ·") or line.startswith("doc_") for line in lines), done.stdout


def test_readme_examples_cover_every_command():
    shown = {_subcommand(c) for c in _examples()}
    assert {"documents", "show", "search", "stats", "claims", "tallies", "serve", "watch"} <= shown
