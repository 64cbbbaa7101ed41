"""Watch a folder and ingest files as they appear, by polling (no extra dependency).

Each poll lists the readable files under the folder (recursively, hidden
entries skipped, as `read.iter_files` does) with their size and modification
time. A file is taken once it looks the same in two polls in a row, so one
still being written is left for later; writers that can should write under a
hidden name (``.name.tmp``) and rename, which is atomic. A file is ingested
again only when its size or time changes; content that is already in the
ledger is skipped by its content hash anyway.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .ledger import Ledger
from .ingest import IngestReport, ingest
from .resources import Resources
from .read.files import iter_files
from .settings import Settings

log = logging.getLogger(__name__)

Signature = tuple[int, int]


@dataclass(frozen=True)
class WatchBatch:
    """The files one poll ingested, what the ingest did, and the ledger's totals after it."""

    paths: tuple[str, ...]
    report: IngestReport
    totals: dict[str, int]


def watch(
    folder: str | Path,
    ledger_path: str | Path,
    settings: Settings | None = None,
    poll_seconds: float = 2.0,
    stop: threading.Event | None = None,
    on_batch: Callable[[WatchBatch], None] | None = None,
    resources: Resources | None = None,
) -> int:
    """Ingest the files of `folder` into a ledger as they appear, until `stop` is set.

    Args:
        folder: the folder to watch (recursively); files already there are ingested first.
        ledger_path: the SQLite ledger file (created if missing).
        settings: options for reading and analysis.
        poll_seconds: seconds between two looks at the folder.
        stop: an event that ends the loop; without one it runs until interrupted.
        on_batch: called after each ingest with the files taken and the report.
        resources: loaded resources to reuse; loaded here from `settings` if None.

    Returns:
        The number of files ingested.
    """
    stop = stop or threading.Event()
    resources = resources or Resources(settings or Settings())
    taken: dict[str, Signature] = {}
    previous: dict[str, Signature] = {}
    count = 0
    with Ledger(ledger_path) as ledger:
        while True:
            current = snapshot(folder)
            ready = stable_files(previous, current, taken)
            previous = current
            if ready:
                report = ingest(ready, ledger, resources)
                taken.update((path, current[path]) for path in ready)
                count += len(ready)
                log.info("ingested %d files: %d documents added", len(ready), report.added)
                if on_batch:
                    on_batch(WatchBatch(tuple(ready), report, ledger.stats()))
            if stop.wait(poll_seconds):
                return count


def snapshot(folder: str | Path) -> dict[str, Signature]:
    """Size and modification time (ns) of each readable file under `folder`."""
    files: dict[str, Signature] = {}
    for path in iter_files([folder]):
        try:
            info = os.stat(path)
        except OSError:
            continue  # removed or renamed since the listing
        files[str(path)] = (info.st_size, info.st_mtime_ns)
    return files


def stable_files(
    previous: Mapping[str, Signature], current: Mapping[str, Signature], taken: Mapping[str, Signature]
) -> list[str]:
    """Files unchanged since the previous poll and not yet ingested in this state, in path order."""
    return sorted(
        path for path, sig in current.items() if previous.get(path) == sig and taken.get(path) != sig
    )
