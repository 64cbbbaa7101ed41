"""Tests of `newsledger.watch`: polling a folder and ingesting files once they are stable."""

from __future__ import annotations

import queue
import threading
from pathlib import Path

import pytest

from newsledger.ledger import Ledger
from newsledger.resources import Resources
from newsledger.watch import WatchBatch, snapshot, stable_files, watch

ARTICLE = "Shelling hit Northtown on Sunday, the Westland health ministry said.\n"
OTHER = "Negotiators from Westland and Eastland met in Southport on Monday.\n"


def test_a_file_is_taken_once_it_is_unchanged_between_two_polls():
    taken: dict[str, tuple[int, int]] = {}
    first = {"a.txt": (10, 1)}
    assert stable_files({}, first, taken) == []
    growing = {"a.txt": (20, 2)}
    assert stable_files(first, growing, taken) == []
    assert stable_files(growing, growing, taken) == ["a.txt"]
    assert stable_files(growing, growing, {"a.txt": (20, 2)}) == []
    changed = {"a.txt": (25, 3)}
    assert stable_files(changed, changed, {"a.txt": (20, 2)}) == ["a.txt"]


def test_snapshot_skips_hidden_and_unknown_files(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("<p>x</p>")
    (tmp_path / ".a.txt.tmp").write_text("partial")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / "a.txt").write_text("abc")
    found = snapshot(tmp_path)
    assert sorted(Path(p).name for p in found) == ["a.txt", "b.html"]
    assert found[str(tmp_path / "a.txt")][0] == 3


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources()


def test_watch_ingests_files_dropped_into_the_folder_until_stopped(tmp_path, resources):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "first.txt").write_text(ARTICLE)
    db = tmp_path / "ledger.db"
    batches: queue.Queue[WatchBatch] = queue.Queue()
    stop = threading.Event()
    result: list[int] = []
    thread = threading.Thread(
        target=lambda: result.append(watch(folder, db, poll_seconds=0.05, stop=stop, on_batch=batches.put, resources=resources))
    )
    thread.start()
    try:
        first = batches.get(timeout=60)
        assert [Path(p).name for p in first.paths] == ["first.txt"]
        assert first.report.added == 1 and first.totals["documents"] == 1

        # Written under a hidden name and renamed: never seen half-written.
        hidden = folder / ".second.txt.part"
        hidden.write_text(OTHER)
        hidden.rename(folder / "second.txt")
        second = batches.get(timeout=60)
        assert [Path(p).name for p in second.paths] == ["second.txt"] and second.report.added == 1

        (folder / "copy.txt").write_text(ARTICLE)
        copy = batches.get(timeout=60)
        assert copy.report.added == 0 and copy.report.already_known == 1
    finally:
        stop.set()
        thread.join(timeout=60)
    assert not thread.is_alive() and result == [3]
    assert batches.empty()
    with Ledger(db) as ledger:
        assert ledger.stats()["documents"] == 2
