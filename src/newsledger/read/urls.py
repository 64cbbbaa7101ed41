"""URL reader: http(s) addresses fetched with urllib under a timeout and a size cap.

What comes back is read by `parse` according to its content type.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

from .feeds import is_feed
from .formats import HTML_TYPES, Item, ReadFailure, charset_of, media_type
from .parse import parse_data
from ..errors import FormatError

FETCH_TIMEOUT = 20.0
USER_AGENT = "newsledger (news ledger ingest)"


@dataclass(frozen=True)
class Fetched:
    """A fetched resource: its bytes, content type and final URL (after redirects)."""

    data: bytes
    content_type: str
    url: str


def read_url(url: str, limit: int, timeout: float = FETCH_TIMEOUT) -> Iterator[Item]:
    """Fetch an http(s) URL and read what comes back: a page, a feed, JSON, JSONL or text.

    Args:
        url: the address.
        limit: the most bytes read; a larger body is refused.
        timeout: seconds to wait for the connection and for each read.

    Returns:
        An iterator of `RawDocument`s (a page keeps its final URL as `url`) and `ReadFailure`s.
    """
    fetched = fetch(url, limit, timeout)
    if isinstance(fetched, ReadFailure):
        yield fetched
        return
    fmt = fetched_format(fetched)
    if fmt == "unsupported":
        yield ReadFailure(url, f"unsupported content type '{fetched.content_type}'", FormatError.code)
    else:
        yield from parse_data(fetched.data, fmt, url, fetched.url, charset_of(fetched.content_type))


def fetch(url: str, limit: int, timeout: float = FETCH_TIMEOUT) -> Fetched | ReadFailure:
    """Fetch an http(s) URL under a timeout and a size cap; never raises.

    Args:
        url: the address.
        limit: the most bytes read; a larger body is refused.
        timeout: seconds to wait for the connection and for each read.

    Returns:
        The `Fetched` body, or a `ReadFailure` naming the URL and the reason.
    """
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked by caller)
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                return ReadFailure(url, f"too large ({declared} bytes > limit of {limit} bytes)")
            data = response.read(limit + 1)
            content_type = response.headers.get("Content-Type") or ""
            final = response.geturl() or url
    except urllib.error.HTTPError as exc:
        return ReadFailure(url, f"HTTP error {exc.code}: {exc.reason}")
    except urllib.error.URLError as exc:
        return ReadFailure(url, f"cannot fetch: {exc.reason}")
    except (OSError, ValueError) as exc:  # timeouts, resets, malformed URLs and responses
        return ReadFailure(url, f"cannot fetch: {exc or type(exc).__name__}")
    if len(data) > limit:
        return ReadFailure(url, f"too large (over the limit of {limit} bytes)")
    return Fetched(data, content_type, final)


def fetched_format(fetched: Fetched) -> str | None:
    """The format of a fetched body by its content type: html, json, jsonl, None to sniff, or "unsupported"."""
    media = media_type(fetched.content_type)
    if media in HTML_TYPES:
        return None if is_feed(fetched.data) else "html"  # feeds are often served as text/html
    if "ndjson" in media or "jsonl" in media:
        return "jsonl"
    if media.endswith("json"):
        return "json"
    if media in ("", "text/plain", "application/octet-stream") or media.endswith("xml"):
        return None
    return "unsupported"
