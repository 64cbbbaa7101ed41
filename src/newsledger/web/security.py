"""What every response of the server goes through: the Host check, security headers, JSON for any failure.

`Guard` wraps the whole ASGI application, so nothing escapes it:

- a request whose `Host` is not the served host (or one allowed with `--allowed-host`)
  is refused with 421 before it reaches a route, which defeats DNS rebinding;
- every response carries a `default-src 'self'` content security policy (no inline
  script or style), `X-Frame-Options: DENY`, `nosniff` and a referrer policy;
- an unexpected error becomes a JSON 500 (a damaged ledger says so), never a
  plain-text page or a dropped connection.

`SearchGate` lets a few searches run at once and answers the others 503 straight from
the event loop, before they take a worker thread. `check_post` holds the rules of `POST /api/documents` against cross-site ingest.
"""

from __future__ import annotations

import hmac
import json
import logging
import sqlite3
import threading
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

from starlette.requests import Request

from .common import ApiError

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "testserver")
"""Host names always answered: the loopback names, and the name Starlette's TestClient sends
(a single-label name no public DNS hands out, so no page can rebind it)."""
WILDCARDS = ("0.0.0.0", "::", "")
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
JSON_TYPES = ("application/json",)
SEARCH_PATHS = ("/api/documents", "/search")


def allowed_host_names(served: str | None, extra: Iterable[str] = ()) -> frozenset[str]:
    """The Host names to answer: loopback names, the served host (unless a wildcard), and `extra`."""
    names = set(LOCAL_HOSTS)
    if served and served not in WILDCARDS:
        names.add(served.strip("[]").lower())
    names.update(name.strip().strip("[]").lower() for name in extra if name.strip())
    return frozenset(names)


def host_name(header: str) -> str:
    """The host name of a Host header, lowercase, without port or IPv6 brackets ("" when malformed)."""
    try:
        return (urlsplit(f"//{header}").hostname or "").lower()
    except ValueError:
        return ""


class Guard:
    """ASGI middleware: Host check, security headers, and a JSON 500 for anything unexpected."""

    def __init__(self, app: App, allowed: frozenset[str]) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = _header(scope, b"host")
        if host is None or host_name(host) not in self.allowed:
            shown = (host or "")[:100]
            await _send_json(send, 421, f"this server does not answer for host {shown!r}: open it by its own "
                             "address, or start it with --allowed-host NAME", {"host": shown})
            return
        started = False

        async def secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        try:
            await self.app(scope, receive, secured)
        except Exception as exc:  # the last line of defence: answer JSON, keep serving
            log.exception("%s %s failed", scope.get("method"), scope.get("path"))
            if not started:
                await _send_json(send, 500, _failure(exc), None)


class SearchGate:
    """ASGI middleware: a search (`q` on a search path) runs only while it holds one of `slots`."""

    def __init__(self, app: App, slots: threading.BoundedSemaphore) -> None:
        self.app = app
        self.slots = slots

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") not in SEARCH_PATHS or not _has_query(scope):
            await self.app(scope, receive, send)
            return
        if not self.slots.acquire(blocking=False):
            await _send_json(send, 503, "too many searches at once: try again in a moment", {"retry_after_s": 1},
                             [(b"retry-after", b"1")])
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self.slots.release()


def _has_query(scope: Scope) -> bool:
    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("q", [])
    return any(v.strip() for v in values)


def _failure(exc: Exception) -> str:
    if isinstance(exc, sqlite3.DatabaseError):
        return (f"the ledger is damaged or unreadable ({exc}): stop the server, run `newsledger check`, "
                "and restore the ledger from a backup")
    return f"internal error ({type(exc).__name__}); the server log has the details"


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


async def _send_json(send: Send, status: int, message: str, detail: Any,
                     extra: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps({"error": message, "detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *HEADERS,
               *(extra or [])]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def check_post(request: Request, token: str | None) -> None:
    """Refuse an ingest request that is not JSON from this origin (with the token when one is set).

    Raises:
        ApiError: 401 without the token, 403 from another origin or site, 415 when not application/json.
    """
    if token is not None:
        given = request.headers.get("authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            raise ApiError(401, "this server requires its ingest token: send `Authorization: Bearer TOKEN`")
    origin = request.headers.get("origin")
    if origin is not None and urlsplit(origin).netloc.lower() != request.headers.get("host", "").lower():
        raise ApiError(403, f"cross-origin ingest refused: origin {origin[:100]!r} is not this server")
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        raise ApiError(403, f"cross-site ingest refused (Sec-Fetch-Site: {site[:40]})")
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in JSON_TYPES:
        raise ApiError(415, f"POST /api/documents takes application/json, not {kind[:60] or 'no content type'!r}")
