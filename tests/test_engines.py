"""The ledger is the same whatever analyses the documents: this process, a process pool, or Dask.

Also: an ingest killed half-way resumes without duplicates or half-written documents.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from newsledger.errors import NewsledgerError
from newsledger.ledger import TABLES, Ledger
from newsledger.engines import InProcess, ProcessPool, make_engine, resolve_workers
from newsledger.resources import Resources
from newsledger.ingest import ingest
from newsledger.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "karabakh"
# Small batches, so several are in flight at once and the order of results matters.
SETTINGS = Settings(batch_size=2, workers=1)


def dump(ledger: Ledger) -> dict[str, list[dict]]:
    """Every record of every table, in export order (documents without their `added_at` time)."""
    return {table: list(ledger.scan_dicts(table)) for table in TABLES}


def corpus(tmp_path: Path) -> Path:
    """The seeds plus a duplicate and an empty file, so skips and failures are compared too."""
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(SEEDS.glob("*.txt")):
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "zz_copy.txt").write_bytes(sorted(SEEDS.glob("*.txt"))[0].read_bytes())
    (folder / "zz_empty.txt").write_text("[ad_1]\n")
    return folder


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources(SETTINGS)


@pytest.fixture(scope="module")
def reference(tmp_path_factory, resources):
    """The in-process run: its report and ledger contents."""
    folder = corpus(tmp_path_factory.mktemp("ref"))
    with Ledger(":memory:") as ledger:
        report = ingest([str(folder)], ledger, resources)
        return folder, report, dump(ledger)


def _summary(report) -> tuple:
    return report.read, report.added, report.already_known, [f.reason for f in report.failures], report.counts


def test_reference_run_stores_the_seeds_once(reference):
    _, report, tables = reference
    assert (report.read, report.added, report.already_known) == (7, 5, 1)
    assert [f.reason for f in report.failures] == ["no article text left after cleaning"]
    assert len(tables["documents"]) == 5 and tables["stories"]


def test_two_worker_processes_give_the_same_ledger(reference):
    folder, expected_report, expected = reference
    with make_engine("local", None, SETTINGS.with_(workers=2)) as engine, Ledger(":memory:") as ledger:
        assert isinstance(engine, ProcessPool)
        report = ingest([str(folder)], ledger, Resources(SETTINGS), engine=engine)
        assert dump(ledger) == expected
    assert _summary(report) == _summary(expected_report)


def test_dask_local_cluster_gives_the_same_ledger(reference):
    distributed = pytest.importorskip("distributed")
    folder, expected_report, expected = reference
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, make_engine("dask", cluster.scheduler_address, SETTINGS) as engine, Ledger(":memory:") as ledger:
        assert engine.workers == 2
        report = ingest([str(folder)], ledger, Resources(SETTINGS), engine=engine)
        assert dump(ledger) == expected
    assert _summary(report) == _summary(expected_report)


# The child waits after its first committed batch, so that the signal finds it with work
# left even when the test process is slow to read its output (a loaded CI machine).
_CHILD = """
import signal
import sys
import time
from newsledger.ledger import Ledger
from newsledger.resources import Resources
from newsledger.ingest import ingest
from newsledger.settings import Settings

def progress(n):
    print("stored", flush=True)
    time.sleep(30)

# A shell starting the tests in the background makes children ignore SIGINT: undo that, like a terminal.
signal.signal(signal.SIGINT, signal.default_int_handler)

if __name__ == "__main__":
    with Ledger(sys.argv[2]) as ledger:
        ingest([sys.argv[1]], ledger, Resources(Settings(batch_size=1, store_docs=1, workers=1)), on_progress=progress)
    print("done", flush=True)
"""


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill", "ctrl-c"])
def test_interrupted_ingest_resumes_without_duplicates(tmp_path, reference, resources, sig):
    folder, _, expected = reference
    db = tmp_path / "ledger.db"
    script = tmp_path / "child.py"
    script.write_text(_CHILD)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    child = subprocess.Popen([sys.executable, str(script), str(folder), str(db)], stdout=subprocess.PIPE, text=True,
                             env=env)
    try:
        assert child.stdout.readline().strip() == "stored"  # one batch committed, the next one under way
        child.send_signal(sig)
        child.wait(timeout=60)
    finally:
        child.kill()
    with Ledger(db) as ledger:
        partial = ledger.stats()["documents"]
        assert 1 <= partial < 5 and not ledger.integrity()
        report = ingest([str(folder)], ledger, resources)
        assert report.added == 5 - partial and report.linked is not None
        assert dump(ledger) == expected and not ledger.integrity()


def test_nothing_new_links_only_when_an_earlier_run_did_not(tmp_path, reference, resources):
    folder, _, expected = reference
    with Ledger(tmp_path / "l.db") as ledger:
        ingest([str(folder)], ledger, resources, link_after=False)
        assert all(doc["story_id"] is None for doc in ledger.scan_dicts("documents"))
        assert ingest([str(folder)], ledger, resources).linked is not None  # stored earlier, never linked
        assert dump(ledger) == expected
        assert ingest([str(folder)], ledger, resources).linked is None


def test_in_process_engine_for_one_worker(resources):
    assert isinstance(make_engine("local", None, SETTINGS, resources), InProcess)
    assert resolve_workers(3) == 3 and 1 <= resolve_workers(0) <= 4
    with pytest.raises(NewsledgerError):
        resolve_workers(-1)
    with pytest.raises(NewsledgerError, match="unknown engine"):
        make_engine("spark", None, SETTINGS)


def test_automatic_workers_follow_cores_and_memory(monkeypatch):
    from newsledger import engines as parallel

    monkeypatch.setattr(parallel, "_available_memory", lambda: 64 * parallel.WORKER_MEMORY)
    assert 1 <= parallel.resolve_workers(0) <= parallel.MAX_AUTO_WORKERS
    monkeypatch.setattr(parallel, "_available_memory", lambda: parallel.WORKER_MEMORY // 2)
    assert parallel.resolve_workers(0) == 1
    assert parallel.resolve_workers(3) == 3


def test_the_default_uses_the_machine_but_a_small_input_stays_in_process():
    from newsledger.engines import InProcess
    from newsledger.ingest import _engine
    from newsledger.settings import Settings

    assert Settings().workers == 0
    resources = Resources(Settings())
    with _engine(None, resources, small=True) as engine:
        assert isinstance(engine, InProcess)
