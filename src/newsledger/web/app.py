"""The FastAPI application: JSON API under /api/, the dashboard pages, bundled static assets.

`create_app(db_path)` builds the app; `serve(db_path, host, port)` runs it with uvicorn.
Each request opens its own `Ledger` (SQLite connections are not shared between
threads). Errors come back as JSON `{"error": message, "detail": ...}` under /api/,
and as an HTML page elsewhere.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import LedgerError, NewsledgerError
from ..ledger import Ledger, is_database_url
from ..ledger.connect import DAMAGED_HINT, connect, writable
from ..resources import Resources
from ..settings import Settings
from . import api, pages
from .common import ApiError, make_templates
from .ingest import IngestWorker
from .security import Guard, SearchGate, allowed_host_names

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
MAX_INGEST_BYTES = 2_000_000
"""Default size limit of one article posted to `POST /api/documents`."""
SEARCH_SLOTS = max(1, min(4, (os.cpu_count() or 2) // 2))
"""Searches the server runs at once by default: half the cores (1 to 4), so reads keep a core."""
SEARCH_BUDGET_S = 1.0
"""Seconds one search may run by default before it is stopped."""
MAX_MESSAGE_CHARS = 2000
"""Error messages are cut to this length (they may quote what the client sent)."""


def create_app(db_path: str | Path, allow_ingest: bool = False, max_ingest_bytes: int = MAX_INGEST_BYTES,
               resources: Resources | None = None, *, ingest_token: str | None = None,
               allowed_hosts: Iterable[str] = (), served_host: str | None = None,
               search_slots: int = SEARCH_SLOTS, search_budget: float = SEARCH_BUDGET_S,
               ingest_process: bool = False) -> FastAPI:
    """Build the dashboard and HTTP API over one ledger file.

    Args:
        db_path: the SQLite ledger; it must exist unless `allow_ingest` (then it is created).
        allow_ingest: accept `POST /api/documents`; without it the app is read-only (403).
        max_ingest_bytes: the largest request body `POST /api/documents` accepts (else 413).
        resources: loaded pipeline resources to analyse posted articles; loaded on first use if None.
        ingest_token: when set, `POST /api/documents` requires `Authorization: Bearer <token>` (else 401).
        allowed_hosts: Host names answered besides the loopback names and `served_host` (else 421).
        served_host: the address the server listens on.
        search_slots: searches run at once; one more is answered 503 at once.
        search_budget: seconds one search may run before it is stopped (503).
        ingest_process: ingest posted articles in a child process (as `serve` does), so that their
            analysis and linking never compete with reads for this process's interpreter lock.

    Returns:
        The FastAPI application.

    Raises:
        LedgerError: the ledger does not exist (and ingest is off), cannot be opened, or is damaged.
    """
    path = str(db_path)
    is_file = path != ":memory:" and not is_database_url(path)
    if not allow_ingest and is_file and not Path(path).exists():
        raise LedgerError(f"no ledger at {path}: run `newsledger ingest PATH --db {path}` first")
    read_only = not allow_ingest and is_file and not writable(path)
    with Ledger(path, read_only=read_only):
        pass  # fail now, not on the first request, and apply pending migrations once
    if is_file:
        _refuse_damaged(path)
    app = FastAPI(
        title="newsledger",
        summary="Documents, figures, claims, events, stories and tallies of a newsledger ledger.",
        version=_version(),
        # The interactive docs pages load their scripts from a CDN: the app stays offline.
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.db_path = path
    app.state.read_only = read_only
    app.state.allow_ingest = allow_ingest
    app.state.max_ingest_bytes = max_ingest_bytes
    app.state.ingest_token = ingest_token
    app.state.resources = resources or Resources(Settings(db_path=path))
    app.state.ingest_lock = threading.Lock()
    app.state.analysis_lock = threading.Lock()
    app.state.ingest_worker = IngestWorker(app.state.resources.settings) if allow_ingest and ingest_process else None
    if app.state.ingest_worker is not None:
        app.router.on_shutdown.append(app.state.ingest_worker.close)
    app.state.search_slots = threading.BoundedSemaphore(search_slots)
    app.state.search_budget = search_budget
    app.state.templates = make_templates()
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticAssets(directory=STATIC_DIR), name="static")
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(NewsledgerError, _library_error)
    # The last added is the outermost: Guard sees every request first.
    app.add_middleware(SearchGate, slots=app.state.search_slots)
    app.add_middleware(Guard, allowed=allowed_host_names(served_host, allowed_hosts))
    return app


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8000, allow_ingest: bool = False,
          max_ingest_bytes: int = MAX_INGEST_BYTES, ingest_token: str | None = None,
          allowed_hosts: Iterable[str] = ()) -> None:
    """Serve the dashboard and API with uvicorn until interrupted.

    Raises:
        LedgerError: the ledger does not exist (and ingest is off), cannot be opened, or is damaged.
    """
    import uvicorn

    app = create_app(db_path, allow_ingest=allow_ingest, max_ingest_bytes=max_ingest_bytes,
                     ingest_token=ingest_token, allowed_hosts=allowed_hosts, served_host=host, ingest_process=True)
    log.info("serving %s on http://%s:%d/ (ingest %s)", db_path, host, port, "on" if allow_ingest else "off")
    uvicorn.run(app, host=host, port=port, log_level="warning")


class StaticAssets(StaticFiles):
    """The bundled assets; a path the file system cannot even look up (a NUL byte) is not found, not a 500."""

    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        """Find the file of `path`, or nothing."""
        if "\x00" in path:
            return "", None
        try:
            return super().lookup_path(path)
        except (ValueError, OSError):
            return "", None


def _refuse_damaged(path: str) -> None:
    """Refuse to serve a ledger SQLite's quick_check finds damaged."""
    conn = connect(path, read_only=True)
    try:
        rows = [row[0] for row in conn.execute("PRAGMA quick_check(20)")]
    except sqlite3.DatabaseError as exc:
        rows = [str(exc)]
    finally:
        conn.close()
    if rows != ["ok"]:
        raise LedgerError(f"the ledger {path} is damaged ({'; '.join(rows)[:500]}): "
                          + DAMAGED_HINT.format(path=path))


@contextmanager
def running(app: FastAPI, host: str = "127.0.0.1", port: int = 0, timeout: float = 15.0) -> Iterator[str]:
    """Run an app with uvicorn in a background thread; yield its base URL (for tests and scripts).

    Args:
        app: the application, e.g. from `create_app`.
        host: the interface to listen on.
        port: the port; 0 picks a free one.
        timeout: seconds to wait for the server to start.

    Raises:
        RuntimeError: the server did not start in time.
    """
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="newsledger-web", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError(f"the web server did not start on {host}:{port}")
        time.sleep(0.02)
    bound = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://{host}:{bound}"
    finally:
        server.should_exit = True
        thread.join(timeout)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsledger")
    except PackageNotFoundError:
        return "0"


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _error(request: Request, status: int, message: str, detail: Any = None) -> Response:
    message = message if len(message) <= MAX_MESSAGE_CHARS else message[:MAX_MESSAGE_CHARS] + "…"
    if _wants_json(request):
        return JSONResponse({"error": message, "detail": jsonable_encoder(detail)}, status_code=status)
    return request.app.state.templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return _error(request, exc.status, exc.message, exc.detail)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    messages = {404: f"nothing at {request.url.path[:200]}", 405: f"method {request.method} not allowed here"}
    return _error(request, exc.status_code, messages.get(exc.status_code, str(exc.detail)), exc.detail)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [_bounded(e) for e in exc.errors()[:20]]
    return _error(request, 422, "invalid request: " + "; ".join(_problem(e) for e in errors), errors)


def _bounded(error: dict[str, Any]) -> dict[str, Any]:
    """A validation error without its echo of a long input (a 422 must not send a 2 MB body back)."""
    out = {k: v for k, v in error.items() if k not in ("input", "ctx", "url")}
    if isinstance(error.get("input"), (str, int, float, bool)) and len(str(error["input"])) <= 200:
        out["input"] = error["input"]
    return out


def _problem(error: dict[str, Any]) -> str:
    """One validation error as 'where: what', e.g. 'query limit: Input should be ...'."""
    where = " ".join(str(part) for part in error.get("loc", ()))
    return f"{where}: {error.get('msg', 'invalid')}"


async def _library_error(request: Request, exc: Exception) -> Response:
    # JSON on every path: the ledger is unusable, so a page could not be rendered anyway.
    log.error("%s %s failed: %s", request.method, request.url.path, exc)
    return JSONResponse({"error": f"ledger error: {exc}", "detail": getattr(exc, "code", None)}, status_code=500)
