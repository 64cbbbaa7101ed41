"""Feed reader: RSS, Atom and RDF feeds (feedparser), one document per entry.

Each entry becomes one `RawDocument` with the entry's title, link (`url`), date,
the feed's title as `source_name` and the longest of its content or summary as
text. Entry HTML is a fragment, not a page, so it is turned into paragraphs here
rather than sent to the page extractor (which discards short fragments as
boilerplate). The date is the entry's `published`, else its `updated` (Atom
requires only `updated`; RSS 1.0 `dc:date` lands there too).
"""

from __future__ import annotations

import email.utils
import html as html_lib
import io
import logging
import re
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from xml.sax import SAXParseException

import feedparser
import lxml.html
from lxml import etree

from .encoding import SNIFF_BYTES, repair_text, wide_codec
from .formats import EMPTY, Item, ReadFailure
from ..errors import FormatError
from ..records import RawDocument

log = logging.getLogger(__name__)

FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
# The root element after an optional BOM, XML declaration, comments, processing instructions and doctype.
XML_ROOT = re.compile(
    r"^(?:\ufeff|\xef\xbb\xbf)?(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*<(?:[\w.-]+:)?([\w.-]+)",
    re.DOTALL | re.IGNORECASE,
)
BLOCK_TAGS = frozenset(
    "p div li ul ol h1 h2 h3 h4 h5 h6 blockquote pre table tr section article header footer figure figcaption aside dl dt dd".split()
)
DROP_TAGS = ("script", "style", "noscript", "template")
TAG = re.compile(r"<[^>]*>")
SPACES = re.compile(r"[^\S\n]+")
BLANK_RUNS = re.compile(r"\n\s*\n\s*")


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
