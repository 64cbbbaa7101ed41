"""Reading one input's bytes or text, in a known or sniffed format, into documents.

`parse_data` sends bytes to the reader of their format: feeds to `feeds`, the rest
decoded and read here. JSON (an object, a list of objects, or a wrapper such as
``{"articles": [...]}``), JSONL (one object a line, streamed, optionally
gzip-compressed) and CSV (with a header row) are read as records whose field
names are matched loosely; text and HTML become one document each.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import re
import zlib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, BinaryIO, Literal

from .encoding import BINARY, BINARY_MAGIC, SNIFF_BYTES, WIDE_BOMS, check_text, decode, repair_text, wide_codec
from .feeds import is_feed, read_feed
from .formats import EMPTY, HTML_HINT, Item, ReadFailure, malformed, os_reason, sniff_format
from ..errors import InputError
from ..records import RawDocument

STREAM_CHUNK = 1 << 16

# Field names are matched after lower-casing and dropping non-alphanumerics,
# so `published_at`, `publishedAt` and `Published-At` are one name.
TEXT_FIELDS = ("text", "body", "content", "articlebody", "maintext", "fulltext", "articletext", "bodytext")
HTML_FIELDS = ("html", "rawhtml", "bodyhtml", "contenthtml")
META_FIELDS: Mapping[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "url": ("url", "link", "canonicalurl", "permalink"),
    "published": ("published", "publishedat", "pubdate", "date", "datepublished", "publishdate", "publicationdate"),
    "source_name": ("source", "sourcename", "outlet", "site", "sitename", "publisher"),
    "language": ("language", "lang"),
}
BODY_HINT = "text, body, content, articleBody, html, raw_html"
# Keys under which JSON dumps (NewsAPI, WordPress exports, crawlers) wrap their list of articles.
WRAPPER_KEYS = ("articles", "items", "documents", "docs", "data", "results", "records", "entries", "posts")
# A nested value such as {"name": "BBC"} or {"rendered": "<p>..</p>"} stands for its inner string.
NESTED_KEYS = ("rendered", "name", "title", "$date", "value", "text")


def parse_data(
    data: bytes, fmt: str | None, source: str, url: str | None = None, charset: str | None = None
) -> Iterator[Item]:
    """Read the bytes of one input in a format of `FORMATS` (None: sniff it) into documents and failures.

    `url` is the address a fetched page came from; `charset` one declared outside the bytes.
    """
    feed = is_feed(data) if fmt in (None, "xml", "feed") else False
    if fmt == "xml" and not feed:
        yield malformed(source, "XML file is not an RSS or Atom feed (root is not rss, feed or RDF)")
    elif feed or fmt == "feed":
        yield from read_feed(data, source)
    elif fmt == "jsonl" and not data.startswith(WIDE_BOMS) and wide_codec(data) is None:
        # Line by line from the bytes, so that one undecodable line fails alone.
        yield from _jsonl_stream(io.BufferedReader(io.BytesIO(data)), source, len(data) + 1)
    else:
        try:
            text = decode(data, charset)
        except InputError as exc:
            yield ReadFailure(source, str(exc))
            return
        yield from parse_text(text, fmt or sniff_format(text), source, url)


def parse_text(text: str, fmt: str, source: str, url: str | None = None) -> Iterator[Item]:
    """Read decoded text in a format (json, jsonl, csv, html or text) into documents and failures."""
    if not text.strip():
        yield ReadFailure(source, EMPTY)
    elif fmt == "json":
        yield from _json_items(text, source)
    elif fmt == "jsonl":
        yield from _jsonl_items(enumerate(text.split("\n"), start=1), source)
    elif fmt == "csv":
        yield from _csv_items(text, source)
    else:
        content = repair_text(text)
        if content.strip():
            yield RawDocument(content=content, format="html" if fmt == "html" else "text", source_path=source, url=url)
        else:
            yield ReadFailure(source, EMPTY)


# --- structured formats -------------------------------------------------------


def _json_items(text: str, source: str) -> Iterator[Item]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        yield malformed(source, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
        return
    except (ValueError, RecursionError) as exc:
        yield malformed(source, f"invalid JSON: {exc or 'nested too deeply'}")
        return
    records = _json_records(value)
    if records is None:
        yield malformed(source, f"JSON top level is {_kind(value)}, expected an object or a list of objects")
        return
    if not records:
        yield malformed(source, "no records in JSON list")
    for where, record in records:
        yield _record(record, source, where)


def _json_records(value: Any) -> list[tuple[str, Any]] | None:
    if isinstance(value, list):
        return [(f"{i}", r) for i, r in enumerate(value)]
    if not isinstance(value, dict):
        return None
    if not _has_body_field(_normalised(value)):
        for key, inner in value.items():
            if isinstance(key, str) and key.lower() in WRAPPER_KEYS and isinstance(inner, list):
                return [(f"{key}.{i}", r) for i, r in enumerate(inner)]
    return [("", value)]


def _jsonl_items(lines: Iterable[tuple[int, bytes | str | None]], source: str, limit: int = 0) -> Iterator[Item]:
    seen = False
    lineno = 0
    try:
        for lineno, raw in lines:
            item = _jsonl_line(lineno, raw, source, limit)
            if item is not None:
                seen = True
                yield item
    except EOFError:
        yield ReadFailure(source, f"truncated compressed data after line {lineno}")
        return
    except (OSError, zlib.error) as exc:
        yield ReadFailure(source, f"read error after line {lineno}: {os_reason(exc)}")
        return
    if not seen:
        yield ReadFailure(source, EMPTY)


def _jsonl_line(lineno: int, raw: bytes | str | None, source: str, limit: int) -> Item | None:
    """One JSONL line as a document or a failure; None for a blank line."""
    where = f"{source}:{lineno}"
    if raw is None:
        return ReadFailure(where, f"line {lineno} too large (over the limit of {limit} bytes)")
    if not raw.strip():
        return None
    try:
        value = json.loads(raw if isinstance(raw, str) else _line_text(raw))
    except InputError:
        return ReadFailure(where, f"line {lineno} is not text (binary or undecodable)")
    except json.JSONDecodeError as exc:
        return malformed(where, f"invalid JSON at line {lineno}, column {exc.colno}: {exc.msg}")
    except (ValueError, RecursionError) as exc:
        return malformed(where, f"invalid JSON at line {lineno}: {exc or 'nested too deeply'}")
    return _record(value, source, "", where)


def read_jsonl(handle: io.BufferedReader, source: str, limit: int) -> Iterator[Item]:
    """Read a JSONL file (plain or gzip) one line at a time: any size, at most `limit` bytes a line."""
    if handle.peek(2)[:2] == b"\x1f\x8b":
        yield from _gzip_jsonl(handle, source, limit)
    else:
        yield from _jsonl_stream(handle, source, limit)


def _gzip_jsonl(handle: BinaryIO, source: str, limit: int) -> Iterator[Item]:
    try:
        with gzip.GzipFile(fileobj=handle) as unpacked:
            yield from _jsonl_stream(unpacked, source, limit)  # type: ignore[arg-type]
    except (OSError, EOFError, zlib.error) as exc:  # damage in the first block, before any line
        yield ReadFailure(source, f"unreadable gzip data: {os_reason(exc)}")


def _jsonl_stream(handle: io.BufferedReader, source: str, limit: int) -> Iterator[Item]:
    """Read JSONL from a binary stream line by line; a line over `limit` bytes fails alone, unread."""
    head = handle.peek(SNIFF_BYTES)[:SNIFF_BYTES]
    if head.startswith(WIDE_BOMS) or wide_codec(head) is not None:
        # UTF-16 cannot be split into lines byte-wise: such a file is read whole, under the limit.
        data = handle.read(limit + 1)
        if len(data) > limit:
            yield ReadFailure(source, f"UTF-16 JSONL too large to read whole (over the limit of {limit} bytes)")
        else:
            yield from parse_data(data, "jsonl", source)
        return
    if head.startswith(BINARY_MAGIC) or b"\x00" in head:
        yield ReadFailure(source, BINARY)
        return
    yield from _jsonl_items(_bounded_lines(handle, limit), source, limit)


def _bounded_lines(handle: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Yield (line number, line); None stands for a line over `limit` bytes, skipped without keeping it."""
    lineno = 0
    while line := handle.readline(limit + 1):
        lineno += 1
        if lineno == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8) :]
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = handle.readline(STREAM_CHUNK)
            yield lineno, None
        else:
            yield lineno, line


def _line_text(raw: bytes) -> str:
    try:
        return check_text(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return decode(raw)


def _csv_items(text: str, source: str) -> Iterator[Item]:
    # Article bodies easily exceed csv's default 128 KiB field limit; the
    # input as a whole is already bounded by `max_input_bytes`.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            yield malformed(source, "CSV has no header row")
        elif not _has_body_field({_key(h): h for h in header}):
            yield malformed(source, f"CSV header has no article text column (expected one of: {BODY_HINT})")
        else:
            yield from _csv_rows(reader, header, source)
    except csv.Error as exc:
        yield malformed(f"{source}:{reader.line_num}", f"malformed CSV at line {reader.line_num}: {exc}")


def _csv_rows(reader: Any, header: list[str], source: str) -> Iterator[Item]:
    seen = False
    start = reader.line_num + 1
    for row in reader:
        row_start, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        seen = True
        yield _record(dict(zip(header, row)), source, "", f"{source}:{row_start}")
    if not seen:
        yield malformed(source, "no records after the CSV header")


def _delimiter(text: str) -> str:
    end = text.find("\n")
    first = text if end < 0 else text[:end]
    if "," not in first:
        for candidate in ("\t", ";", "|"):
            if candidate in first:
                return candidate
    return ","


def _record(record: Any, source: str, index: str, where: str | None = None) -> Item:
    """Turn one JSON object or CSV row into a document, or a failure naming where it was."""
    where = where or (f"{source}[{index}]" if index else source)
    if not isinstance(record, dict):
        return malformed(where, f"record is {_kind(record)}, expected an object")
    keys = _normalised(record)
    body = _body(keys)
    if body is None:
        return malformed(where, f"record has no article text (expected one of: {BODY_HINT})")
    content, fmt = body
    meta = {name: _meta(keys, aliases) for name, aliases in META_FIELDS.items()}
    return RawDocument(content=content, format=fmt, source_path=source, where=where, **meta)


def _normalised(record: dict[Any, Any]) -> dict[str, Any]:
    keys: dict[str, Any] = {}
    for key, value in record.items():
        keys.setdefault(_key(str(key)), value)
    return keys


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9$]", "", name.lower())


def _has_body_field(keys: Mapping[str, Any]) -> bool:
    return any(name in keys for name in TEXT_FIELDS + HTML_FIELDS)


def _body(keys: dict[str, Any]) -> tuple[str, Literal["text", "html"]] | None:
    for name in TEXT_FIELDS:
        text = _text_value(keys.get(name))
        if text is not None:
            # Some dumps put markup under `content`; the cleaner must see it as HTML.
            return text, "html" if HTML_HINT.search(text[:65536]) else "text"
    for name in HTML_FIELDS:
        text = _text_value(keys.get(name))
        if text is not None:
            return text, "html"
    return None


def _text_value(value: Any) -> str | None:
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        value = "\n\n".join(value)
    value = _scalar(value)
    if value is None:
        return None
    text = repair_text(value)
    return text if text.strip() else None


def _meta(keys: dict[str, Any], aliases: tuple[str, ...]) -> str | None:
    for name in aliases:
        value = _scalar(keys.get(name))
        if value is not None:
            text = repair_text(value).strip()
            if text:
                return text
    return None


def _scalar(value: Any) -> str | None:
    if isinstance(value, dict):
        inner = _normalised(value)
        value = next((inner[k] for k in NESTED_KEYS if k in inner), None)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    return value if isinstance(value, str) else None


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")
