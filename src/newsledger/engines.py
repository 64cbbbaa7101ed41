"""Where the per-document stages run: in this process, in a local process pool, or on a Dask cluster.

`analysis.analyze_batch` is a pure function of a batch of raw documents and
read-only `Resources`, so an engine may run batches anywhere as long as it gives
the results back in input order: the ledger, the ingest report and linking are
then the same whatever the engine and the number of workers. Each worker process
loads its `Resources` once (`worker_resources` caches them per process: a pool
worker when it starts, a Dask worker on its first batch) and analyses whole batches. Reading, the ledger writes and linking stay
in the calling process: SQLite has one writer, and linking needs every document.

Engines: `InProcess` (workers=1: no process, no pickling, the path tests use),
`ProcessPool` (workers>1: `concurrent.futures` with spawned processes) and
`DaskEngine` (a `distributed` cluster: a scheduler address, or a local cluster).
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import lru_cache
from typing import Any, Protocol, TypeVar

from .errors import NewsledgerError
from .analysis import DocFailure, analyze_batch
from .ledger.codec import EncodedRecords, encode
from .resources import Resources
from .records import DocRecords, RawDocument
from .settings import Settings

log = logging.getLogger(__name__)

ENGINES = ("local", "dask")
MAX_AUTO_WORKERS = 4
# What one worker process holds at peak (model, lexicons, a batch): measured 0.5-0.9 GB.
WORKER_MEMORY = 1_000_000_000
# Batches queued per worker: enough to keep every worker busy while the caller stores results.
QUEUED_PER_WORKER = 2
# Conflict enough for the relevance gate to let it through to every stage.
_WARM_UP = RawDocument(
    content="Officials in Geneva said on Monday that 12 people were killed when artillery shelled the town.",
    format="text",
)

C = TypeVar("C")
Result = DocRecords | EncodedRecords | DocFailure


class _Future(Protocol):
    def result(self) -> list[Result]: ...


class Engine:
    """Runs `analyze_batch` over batches, giving the results back in input order.

    Use as a context manager, or call `close()`; `workers` is how many batches
    may be analysed at the same time.
    """

    workers: int = 1

    def map_batches(self, items: Iterable[tuple[C, Sequence[RawDocument]]]) -> Iterator[tuple[C, list[Result]]]:
        """Analyse each (context, raws) item; yield (context, results) in input order.

        The context travels with its batch untouched (e.g. the read failures of the
        batch). At most `workers * QUEUED_PER_WORKER` batches are in flight, so a
        large input is never read far ahead of what has been stored.
        """
        window: deque[tuple[C, _Future | list[Result]]] = deque()
        for context, raws in items:
            window.append((context, self._submit(list(raws)) if raws else []))
            if len(window) >= self.workers * QUEUED_PER_WORKER:
                yield self._collect(*window.popleft())
        while window:
            yield self._collect(*window.popleft())

    def close(self) -> None:
        """Release the workers; closing twice is harmless."""

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _submit(self, raws: list[RawDocument]) -> _Future:
        raise NotImplementedError

    def _collect(self, context: C, pending: _Future | list[Result]) -> tuple[C, list[Result]]:
        return context, pending if isinstance(pending, list) else pending.result()


class InProcess(Engine):
    """Analyse batches one after another in this process, with the caller's resources."""

    def __init__(self, resources: Resources) -> None:
        self.resources = resources

    def map_batches(self, items: Iterable[tuple[C, Sequence[RawDocument]]]) -> Iterator[tuple[C, list[Result]]]:
        """Analyse each batch when it is asked for (nothing runs ahead of the caller)."""
        for context, raws in items:
            yield context, analyze_batch(list(raws), self.resources) if raws else []


class ProcessPool(Engine):
    """Analyse batches in `workers` spawned processes, each loading its resources once."""

    def __init__(self, settings: Settings, workers: int) -> None:
        self.workers = workers
        context = multiprocessing.get_context("spawn")  # no inherited state, same on every OS
        self._pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(settings,))
        self._settings = settings

    def close(self) -> None:
        """Stop the worker processes; batches not started are dropped."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _submit(self, raws: list[RawDocument]) -> _Future:
        return self._pool.submit(analyze_remote, raws, self._settings)

    def _collect(self, context: C, pending: _Future | list[Result]) -> tuple[C, list[Result]]:
        try:
            return super()._collect(context, pending)
        except BrokenProcessPool as exc:
            raise NewsledgerError(f"a worker process died (out of memory?): {exc}") from exc


class DaskEngine(Engine):
    """Analyse batches on the workers of a Dask distributed cluster.

    Each Dask worker process loads its resources on its first batch and keeps
    them; run workers with one thread each (`--nthreads 1`), as spaCy pipelines
    are not meant to be shared between threads.
    """

    def __init__(self, settings: Settings, scheduler: str, workers: int) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise NewsledgerError("the dask engine needs dask[distributed]: pip install 'newsledger[dask]'") from exc
        self._settings = settings
        self._cluster: Any = None
        if scheduler in ("", "local"):
            # A cluster we start and stop ourselves: its own logs (INFO lines, and the tracebacks of comms
            # closing as it shuts down on a loaded machine) are noise to the user; failures of analysis
            # still come back as exceptions through the futures.
            self._cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                silence_logs=logging.CRITICAL,
            )
            self._client = Client(self._cluster)
        else:
            try:
                self._client = Client(scheduler, timeout="30s")
            except OSError as exc:
                raise NewsledgerError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        self.workers = max(1, len(self._client.scheduler_info().get("workers", {})) or workers)
        log.info("dask engine: %s, %d workers", self._client.scheduler_info().get("address"), self.workers)

    def close(self) -> None:
        """Disconnect from the scheduler; a local cluster is shut down."""
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def _submit(self, raws: list[RawDocument]) -> _Future:
        # pure=False: the same batch submitted twice is analysed twice, never served from another run.
        return self._client.submit(analyze_remote, raws, self._settings, pure=False)


def make_engine(kind: str, scheduler: str | None, settings: Settings, resources: Resources | None = None) -> Engine:
    """Build the engine for a run; close it (or use `with`) when done.

    Args:
        kind: "local" (in this process when `settings.workers` resolves to 1, else a
            process pool) or "dask".
        scheduler: with "dask", a scheduler address ("tcp://host:8786") or "local"
            to start a local cluster of `settings.workers` processes.
        settings: run options; `workers` is 0 for one per CPU core.
        resources: the caller's loaded resources, used by the in-process engine.

    Returns:
        An `Engine`.

    Raises:
        NewsledgerError: an unknown kind, dask not installed, or the scheduler cannot be reached.
    """
    workers = resolve_workers(settings.workers)
    if kind == "dask":
        return DaskEngine(settings, scheduler or "local", workers)
    if kind != "local":
        raise NewsledgerError(f"unknown engine {kind!r}; expected one of {', '.join(ENGINES)}")
    if workers == 1:
        return InProcess(resources or Resources(settings))
    return ProcessPool(settings, workers)


def resolve_workers(workers: int) -> int:
    """Return the number of worker processes: `workers`, or for 0 what the machine offers.

    That is one per CPU core this process may use, at most `MAX_AUTO_WORKERS`, and no
    more than the available memory holds at `WORKER_MEMORY` bytes each.
    """
    if workers < 0:
        raise NewsledgerError(f"workers must be 0 (as many as the machine offers) or more, not {workers}")
    if workers:
        return workers
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, MAX_AUTO_WORKERS, _available_memory() // WORKER_MEMORY))


def _available_memory() -> int:
    """Bytes of physical memory available now; a large number where the system does not say."""
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return MAX_AUTO_WORKERS * WORKER_MEMORY


@lru_cache(maxsize=2)
def worker_resources(settings: Settings) -> Resources:
    """Return this process's resources for these settings, created once per worker process."""
    return Resources(settings)


def _start_worker(settings: Settings) -> None:
    """Pool initializer: leave Ctrl-C to the parent (which stops the pool), then load every resource.

    Analysing one sentence loads the model, lexicons and gazetteer now, while the
    parent is still reading, rather than in the middle of the first batch.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    analyze_batch([_WARM_UP], worker_resources(settings))


def analyze_remote(raws: list[RawDocument], settings: Settings) -> list[Result]:
    """Analyse a batch in a worker process with that process's resources (see `worker_resources`).

    Records come back encoded as ledger rows (`codec.encode`): cheaper to send, and the
    process that stores them has no encoding left to do.
    """
    _return_free_memory()
    return [encode(r) if isinstance(r, DocRecords) else r for r in analyze_batch(raws, worker_resources(settings))]


def _return_free_memory() -> None:
    """Give the memory the previous batch freed back to the system (glibc only; elsewhere nothing).

    A worker unpickles each batch and pickles its records: large short-lived objects that
    leave glibc's heap fragmented, so without this a worker's resident memory grows batch
    after batch (0.47 to 0.8 GB over 10k documents) although Python holds no more objects.
    """
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (AttributeError, OSError):
        pass

