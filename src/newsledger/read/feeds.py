"""Feed and web-archive readers: RSS/Atom/RDF feeds, WARC files and http(s) URLs.

`read.py` dispatches here by extension or by sniffing the content.

- Feeds (feedparser): each entry becomes one `RawDocument` with the entry's
  title, link (`url`), date, the feed's title as `source_name` and the longest
  of its content or summary as text. Entry HTML is a fragment, not a page, so it
  is turned into paragraphs here rather than sent to the page extractor (which
  discards short fragments as boilerplate). The date is the entry's
  `published`, else its `updated` (Atom requires only `updated`; RSS 1.0
  `dc:date` lands there too).
- WARC (warcio): each `response` (or `resource`) record with status 200 and an
  HTML content type becomes a `RawDocument` with `url` from WARC-Target-URI.
  WARC-Date is when the page was crawled, not when it was published, so it is
  never used as `published`. Records stream one at a time; a truncated or
  corrupt archive yields the records before the damage and then a failure.
- URLs: fetched with urllib under a timeout and a size cap; what comes back is
  parsed by `read.py` according to its content type.
"""

from __future__ import annotations

import email.utils
import html as html_lib
import io
import logging
import re
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from email.message import Message
from typing import Any, BinaryIO
from xml.sax import SAXParseException

import feedparser
import lxml.html
from lxml import etree
from warcio.archiveiterator import ArchiveIterator

from .encoding import SNIFF_BYTES, decode, repair_text, wide_codec
from ..errors import FormatError, InputError
from .files import EMPTY, ReadFailure, parse_data
from ..records import RawDocument

log = logging.getLogger(__name__)

Item = RawDocument | ReadFailure

FETCH_TIMEOUT = 20.0
USER_AGENT = "newsledger (news ledger ingest)"
FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
# The root element after an optional BOM, XML declaration, comments, processing instructions and doctype.
XML_ROOT = re.compile(
    r"^(?:\ufeff|\xef\xbb\xbf)?(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*<(?:[\w.-]+:)?([\w.-]+)",
    re.DOTALL | re.IGNORECASE,
)
HTML_TYPES = ("text/html", "application/xhtml+xml")
ARCHIVE_RECORDS = ("response", "resource")
BLOCK_TAGS = frozenset(
    "p div li ul ol h1 h2 h3 h4 h5 h6 blockquote pre table tr section article header footer figure figcaption aside dl dt dd".split()
)
DROP_TAGS = ("script", "style", "noscript", "template")
TAG = re.compile(r"<[^>]*>")
SPACES = re.compile(r"[^\S\n]+")
BLANK_RUNS = re.compile(r"\n\s*\n\s*")
CHUNK = 1 << 16
GZIP_WBITS = 16 + zlib.MAX_WBITS


class TruncatedInput(Exception):
    """A WARC file ends inside a record or a gzip member."""


# --- feeds --------------------------------------------------------------------


def is_feed(data: bytes) -> bool:
    """Tell whether bytes are an XML document whose root is rss, feed (Atom) or RDF (RSS 1.0)."""
    head = data[:SNIFF_BYTES]
    codec = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else wide_codec(head)
    # Tag names are ASCII, so latin-1 reads them from any ASCII-compatible encoding.
    text = head.decode(codec or "latin-1", errors="ignore")
    match = XML_ROOT.match(text)
    return bool(match) and match.group(1).lower() in FEED_ROOTS


def read_feed(data: bytes, source: str) -> Iterator[Item]:
    """Read an RSS, Atom or RDF feed: one document per entry, failures for entries without text.

    Args:
        data: the feed's bytes; feedparser finds the encoding itself.
        source: the file path or URL, for `source_path` and messages.

    Returns:
        An iterator of `RawDocument`s and `ReadFailure`s.
    """
    try:
        # A file object, never bytes or str: feedparser opens a str that looks like a URL or a path.
        parsed = feedparser.parse(io.BytesIO(data))
    except Exception as exc:  # feedparser's lenient parsers can fail on odd input in many ways
        yield ReadFailure(source, f"unreadable feed: {exc}", FormatError.code)
        return
    entries = list(parsed.get("entries", []))
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not entries:
        reason = "feed has no entries" if parsed.get("version") else "not an RSS or Atom feed"
        yield ReadFailure(source, reason + (f" ({problem})" if problem else ""), FormatError.code)
        return
    if isinstance(problem, SAXParseException) and _ends_early(problem, data):
        # The lenient parser keeps what it saw; the last entry may be cut off, so it is dropped.
        yield ReadFailure(source, f"truncated feed ({problem}): its last entry was skipped", FormatError.code)
        entries = entries[:-1]
    elif problem:
        log.info("%s: feed is not well-formed (%s); read leniently", source, problem)
    channel = parsed.get("feed", {})
    for index, entry in enumerate(entries):
        yield _entry_document(entry, channel, source, index)


def _ends_early(problem: SAXParseException, data: bytes) -> bool:
    """Tell whether the XML error is at the very end of the data (a cut-off file)."""
    lines = data.rstrip().count(b"\n") + 1
    return problem.getLineNumber() >= lines and "junk after document element" not in str(problem)


def _entry_document(entry: Any, channel: Any, source: str, index: int) -> Item:
    where = f"{source}[entry {index}]"
    body = _entry_body(entry)
    if body is None:
        return ReadFailure(where, "feed entry has no content or summary", FormatError.code)
    content = repair_text(fragment_text(body) if "<" in body else html_lib.unescape(body)).strip()
    if not content:
        return ReadFailure(where, EMPTY)
    return RawDocument(
        content=content,
        format="text",
        source_path=source,
        url=_clean(entry.get("link")),
        title=_clean(entry.get("title")),
        published=_entry_date(entry),
        source_name=_clean(channel.get("title")),
        language=_clean(entry.get("language") or channel.get("language")),
    )


def _entry_body(entry: Any) -> str | None:
    candidates = [c.get("value") for c in entry.get("content", []) if isinstance(c, dict)]
    candidates.append(entry.get("summary"))
    texts = [c for c in candidates if isinstance(c, str) and c.strip()]
    return max(texts, key=len) if texts else None


def _entry_date(entry: Any) -> str | None:
    """The entry's date as ISO 8601 in its own time zone (the local day is the publication day)."""
    for name in ("published", "updated"):
        raw = _clean(entry.get(name))
        if not raw:
            continue
        try:
            return email.utils.parsedate_to_datetime(raw).isoformat()  # RSS: RFC 822
        except (TypeError, ValueError, IndexError):
            pass
        try:
            return datetime.fromisoformat(raw.replace("Z", "+00:00")).isoformat()  # Atom: RFC 3339
        except ValueError:
            pass
        parsed = entry.get(f"{name}_parsed")
        if isinstance(parsed, time.struct_time):
            # feedparser read a looser format; it gives UTC only.
            return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", parsed)
        return raw
    return None


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = repair_text(value).strip()
    return text or None


def fragment_text(markup: str) -> str:
    """Turn an HTML fragment (a feed entry's body) into text: one paragraph per block, blank lines between."""
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):  # not parseable, or characters XML cannot hold
        return _paragraphs(html_lib.unescape(TAG.sub(" ", markup)))
    parts: list[str] = []
    # An explicit stack rather than recursion: entry bodies can nest deeper than Python's stack.
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        element, closing = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else None  # None: a comment or processing instruction
        if not closing and (tag is None or tag in DROP_TAGS):
            parts.append(element.tail or "")
        elif closing:
            parts.append("\n\n" if tag in BLOCK_TAGS else "")
            parts.append("" if element is root else element.tail or "")
        else:
            parts.append("\n\n" if tag in BLOCK_TAGS else "\n" if tag == "br" else "")
            parts.append(element.text or "")
            stack.append((element, True))
            stack.extend((child, False) for child in reversed(element))
    return _paragraphs("".join(parts))


def _paragraphs(text: str) -> str:
    lines = (SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


# --- WARC ---------------------------------------------------------------------


def read_warc(handle: io.BufferedReader, source: str, limit: int) -> Iterator[Item]:
    """Read the HTML pages of a WARC file (plain or gzip), one record at a time.

    Args:
        handle: the open file (compression is found from its first bytes).
        source: the file's path, for `source_path` and messages.
        limit: the largest record payload read; larger pages are refused.

    Returns:
        An iterator of `RawDocument`s (format html, `url` from WARC-Target-URI)
        and `ReadFailure`s for oversized records and for a truncated or corrupt archive.
    """
    stream = _Inflate(handle) if handle.peek(2)[:2] == b"\x1f\x8b" else _Counted(handle)
    reader = io.BufferedReader(stream, CHUNK)
    found = 0
    try:
        archive = ArchiveIterator(reader)
        for record in archive:
            item = _warc_item(record, source, limit)
            if item is not None:
                found += isinstance(item, RawDocument)
                yield item
            while record.raw_stream.read(CHUNK):
                pass  # skipped payloads are drained here so that a cut in them is seen too
            if record.raw_stream.limit > 0:
                raise TruncatedInput("the last record is cut off")
        if stream.truncated:
            raise TruncatedInput("the gzip data ends inside a member")
        if archive.offset < stream.count:
            raise TruncatedInput(f"unreadable data from byte {archive.offset} of the uncompressed stream")
    except TruncatedInput as exc:
        yield ReadFailure(source, f"truncated WARC ({exc}); {found} pages read before it", FormatError.code)
        return
    except Exception as exc:  # warcio raises assorted errors (ArchiveLoadFailed, zlib.error, AttributeError) on corrupt input
        yield ReadFailure(source, f"corrupt or not a WARC file ({exc or type(exc).__name__}); {found} pages read before it", FormatError.code)
        return
    if not found:
        yield ReadFailure(source, "no HTML pages in the WARC file", FormatError.code)


def _warc_item(record: Any, source: str, limit: int) -> Item | None:
    """The record's page as a document, a failure, or None for records that are not pages (skipped)."""
    if record.rec_type not in ARCHIVE_RECORDS:
        return None
    if record.rec_type == "response":
        if record.http_headers is None or record.http_headers.get_statuscode() != "200":
            return None  # redirects and error pages are not articles
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    if _media_type(content_type) not in HTML_TYPES:
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    where = f"{source}[{url}]"
    payload = record.content_stream().read(limit + 1)
    if len(payload) > limit:
        return ReadFailure(where, f"page too large (over the limit of {limit} bytes)")
    try:
        text = decode(payload, charset_of(content_type))
    except InputError as exc:
        return ReadFailure(where, str(exc))
    content = repair_text(text)
    if not content.strip():
        return ReadFailure(where, EMPTY)
    return RawDocument(content=content, format="html", source_path=source, url=url)


class _Counted(io.RawIOBase):
    """A pass-through reader that counts the bytes it delivered."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.count = 0
        self.truncated = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)


class _Inflate(_Counted):
    """Decompress concatenated gzip members; end early and set `truncated` when the data ends inside one.

    Ending rather than raising lets warcio deliver the records before the cut
    (it reads ahead in blocks, and would lose a block on an exception).
    """

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__(raw)
        self._inflater: Any = None
        self._pending = b""

    def readinto(self, buffer: Any) -> int:
        while True:
            if self._inflater is None:
                self._pending = self._pending or self._raw.read(CHUNK)
                if not self._pending:
                    return 0  # the end falls between members
                self._inflater = zlib.decompressobj(GZIP_WBITS)
            data = self._inflater.decompress(self._pending, len(buffer))
            self._pending = self._inflater.unconsumed_tail
            if self._inflater.eof:
                self._pending, self._inflater = self._inflater.unused_data, None
            elif not self._pending and not data:
                self._pending = self._raw.read(CHUNK)
                if not self._pending:
                    self.truncated = True
                    return 0
            if data:
                buffer[: len(data)] = data
                self.count += len(data)
                return len(data)


# --- URLs ---------------------------------------------------------------------


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


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def charset_of(content_type: str) -> str | None:
    """The charset parameter of a Content-Type header value, if any."""
    message = Message()
    message["Content-Type"] = content_type
    charset = message.get_content_charset()
    return charset or None


def fetched_format(fetched: Fetched) -> str | None:
    """The format of a fetched body by its content type: html, json, jsonl, None to sniff, or "unsupported"."""
    media = _media_type(fetched.content_type)
    if media in HTML_TYPES:
        return None if is_feed(fetched.data) else "html"  # feeds are often served as text/html
    if "ndjson" in media or "jsonl" in media:
        return "jsonl"
    if media.endswith("json"):
        return "json"
    if media in ("", "text/plain", "application/octet-stream") or media.endswith("xml"):
        return None
    return "unsupported"
