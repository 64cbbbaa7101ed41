"""Reading stage: files, folders, URLs and stdin in, `RawDocument`s out.

Every input is decoded (UTF-8, then a declared or detected legacy encoding),
repaired for mojibake with ftfy, newline-normalised and NFC-normalised. Inputs
that cannot be used become `ReadFailure`s naming the file (and line or record)
with a clear reason; one bad input never stops the others.

Formats, by extension: ``.txt``/``.text``/``.md``/none (plain text),
``.html``/``.htm``/``.xhtml``, ``.json`` (an object, a list of objects, or a
wrapper such as ``{"articles": [...]}``), ``.jsonl``/``.ndjson`` (one object a
line, optionally gzip-compressed) and ``.csv`` (with a header row); feeds
(``.rss``, ``.atom``, and ``.xml`` whose root is rss, feed or RDF) and web
archives (``.warc``, ``.warc.gz``) are read by `read_feeds`. ``http://`` and
``https://`` paths are fetched; ``-`` reads stdin and sniffs the format.

Every input is bounded by `Settings.max_input_bytes`, except JSONL and WARC,
which stream one line or record at a time: there the bound applies to each
line or record, and the file may be any size.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import logging
import os
import re
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal, TextIO

from .encoding import BINARY, BINARY_MAGIC, SNIFF_BYTES, WIDE_BOMS, check_text, decode, repair_text, wide_codec
from ..errors import FormatError, InputError
from ..records import RawDocument
from ..settings import Settings

log = logging.getLogger(__name__)

STDIN = "<stdin>"

FORMATS: Mapping[str, str] = {
    **dict.fromkeys(("", ".txt", ".text", ".md"), "text"),
    **dict.fromkeys((".html", ".htm", ".xhtml"), "html"),
    **dict.fromkeys((".jsonl", ".ndjson"), "jsonl"),
    ".json": "json",
    ".csv": "csv",
    **dict.fromkeys((".rss", ".atom"), "feed"),
    ".xml": "xml",
    ".warc": "warc",
}
# Compressed formats that stream; other `.gz` files are not read.
COMPRESSED: Mapping[str, str] = {".warc.gz": "warc", ".jsonl.gz": "jsonl", ".ndjson.gz": "jsonl"}
URL = re.compile(r"^https?://", re.IGNORECASE)
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

EMPTY = "empty file"
HTML_HINT = re.compile(r"<(?:html|body|article|div|p|br)[\s/>]", re.IGNORECASE)


@dataclass(frozen=True)
class ReadFailure:
    """An input that could not be read: where, why, and the matching error code."""

    source: str
    reason: str
    code: str = InputError.code


Item = RawDocument | ReadFailure


def read_paths(
    paths: Sequence[str],
    settings: Settings | None = None,
    stdin: TextIO | BinaryIO | None = None,
) -> Iterator[RawDocument | ReadFailure]:
    """Read files, folders (recursively), http(s) URLs and ``-`` (stdin) lazily, in a deterministic order.

    Args:
        paths: file or folder paths or URLs as the user gave them; ``-`` means stdin.
        settings: options; `max_input_bytes` bounds each input (each line or record
            of a JSONL or WARC file, which stream).
        stdin: the stream ``-`` reads from (default: `sys.stdin`).

    Returns:
        An iterator of `RawDocument`s and, for each unusable input, a `ReadFailure`.
    """
    settings = settings or Settings()
    for given in paths:
        if given == "-":
            yield from read_stream(stdin if stdin is not None else sys.stdin, settings)
            continue
        if not given:
            yield ReadFailure(given, "empty path")
            continue
        if URL.match(given):
            yield from _feeds().read_url(given, settings.max_input_bytes)
            continue
        for entry in _walk(Path(given)):
            if isinstance(entry, ReadFailure):
                yield entry
            else:
                yield from read_file(entry, settings)


def read_file(path: Path | str, settings: Settings | None = None) -> Iterator[RawDocument | ReadFailure]:
    """Read one file into documents; never raises for a bad file.

    Args:
        path: the file; its extension picks the format (`file_format`).
        settings: options; files over `max_input_bytes` are refused unread,
            except JSONL and WARC files, where the bound applies to each line or record.

    Returns:
        An iterator of `RawDocument`s (several for JSON lists, JSONL and CSV)
        and `ReadFailure`s for the file or for single bad records.
    """
    settings = settings or Settings()
    path = Path(path)
    source = str(path)
    fmt = file_format(path.name)
    if fmt is None:
        yield ReadFailure(source, f"unsupported file type '{path.suffix}'")
        return
    if fmt in ("jsonl", "warc"):
        yield from _read_streaming(path, fmt, settings.max_input_bytes)
        return
    data = _read_bounded(path, settings.max_input_bytes)
    if isinstance(data, ReadFailure):
        yield data
    else:
        yield from parse_data(data, fmt, source)


def file_format(name: str) -> str | None:
    """The format a file name's extension stands for, or None when it is not read."""
    lower = name.lower()
    for suffix, fmt in COMPRESSED.items():
        if lower.endswith(suffix):
            return fmt
    return FORMATS.get(Path(lower).suffix)


def _feeds() -> Any:
    # `read_feeds` builds on this module (`ReadFailure`, `parse_data`), so it is imported on use.
    from . import feeds

    return feeds


def read_stream(stream: TextIO | BinaryIO, settings: Settings | None = None) -> Iterator[Item]:
    """Read a whole stream (stdin), sniffing whether it is a feed, HTML, JSONL, JSON or text."""
    settings = settings or Settings()
    limit = settings.max_input_bytes
    source = STDIN
    try:
        binary = getattr(stream, "buffer", stream)
        data = binary.read(limit + 1)
    except (OSError, ValueError, AttributeError) as exc:  # closed, detached or missing stream
        yield ReadFailure(source, _os_reason(exc))
        return
    if len(data) > limit:
        yield ReadFailure(source, f"input too large (over the limit of {limit} bytes)")
        return
    if isinstance(data, bytes):
        yield from parse_data(data, None, source)
        return
    try:
        text = check_text(data)
    except InputError as exc:
        yield ReadFailure(source, str(exc))
        return
    yield from _parse_text(text, sniff_format(text), source)


def sniff_format(text: str) -> Literal["text", "html", "json", "jsonl"]:
    """Guess the format of text without a file name: HTML, JSONL, JSON or plain text."""
    lines = (line.lstrip() for line in text.splitlines())
    if text.strip() and all(line.startswith("{") for line in lines if line):
        return "jsonl"
    head = text.lstrip()[:65536]
    if head.startswith("<") or HTML_HINT.search(head):
        return "html"
    if head.startswith(("[", "{")):
        try:
            json.loads(text)
        except (ValueError, RecursionError):
            return "text"
        return "json"
    return "text"


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Yield the readable files under `paths`: folders recursively, sorted, hidden entries skipped.

    Files named explicitly are yielded as they are; inside folders, files with
    an unknown extension are skipped. Folders that cannot be listed are logged.
    """
    for given in paths:
        for entry in _walk(Path(given)):
            if isinstance(entry, ReadFailure):
                log.warning("%s: %s", entry.source, entry.reason)
            else:
                yield entry


def _walk(root: Path) -> Iterator[Path | ReadFailure]:
    try:
        is_dir = root.is_dir()
    except OSError as exc:
        yield ReadFailure(str(root), _os_reason(exc))
        return
    if not is_dir:
        yield root
        return
    # Depth-first with one sorted listing per level, so memory stays small and
    # the order equals sorting the files by their path components.
    stack = [_listing(root)]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
        elif isinstance(entry, ReadFailure):
            yield entry
        elif (kind := _entry_kind(entry)) == "dir":
            stack.append(_listing(Path(entry.path)))
        elif kind == "file" and file_format(entry.name) is not None:
            yield Path(entry.path)


def _listing(folder: Path) -> Iterator[os.DirEntry[str] | ReadFailure]:
    try:
        with os.scandir(folder) as scan:
            entries = sorted((e for e in scan if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as exc:
        return iter([ReadFailure(str(folder), _os_reason(exc))])
    return iter(entries)


def _entry_kind(entry: os.DirEntry[str]) -> Literal["dir", "file", "other"]:
    # Symlinked folders are not followed (they could loop back); symlinked files are read.
    try:
        if entry.is_dir(follow_symlinks=False):
            return "dir"
        return "file" if entry.is_file() else "other"
    except OSError:
        return "other"


def _read_bounded(path: Path, limit: int) -> bytes | ReadFailure:
    source = str(path)
    try:
        info = path.stat()
        if not_file := _not_a_file(info.st_mode):
            return ReadFailure(source, not_file)
        if info.st_size > limit:
            return ReadFailure(source, f"file too large ({info.st_size} bytes > limit of {limit} bytes)")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        return ReadFailure(source, _os_reason(exc))
    if len(data) > limit:
        return ReadFailure(source, f"file too large (over the limit of {limit} bytes)")
    return data


def _not_a_file(mode: int) -> str | None:
    # Reading a FIFO or a device can block forever (or never end): only regular files are read.
    if stat.S_ISDIR(mode):
        return "is a directory"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a regular file: pipe its content to `-` (stdin) instead"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file"
    if not stat.S_ISREG(mode):
        return "not a regular file"
    return None


def _read_streaming(path: Path, fmt: str, limit: int) -> Iterator[Item]:
    """Read a JSONL or WARC file one line or record at a time: any file size, at most `limit` bytes a part."""
    source = str(path)
    try:
        not_file = _not_a_file(path.stat().st_mode)
        handle = None if not_file else path.open("rb")
    except OSError as exc:
        not_file, handle = _os_reason(exc), None
    if handle is None:
        yield ReadFailure(source, str(not_file))
        return
    with handle:
        if fmt == "warc":
            yield from _feeds().read_warc(handle, source, limit)
        elif handle.peek(2)[:2] == b"\x1f\x8b":
            yield from _gzip_jsonl(handle, source, limit)
        else:
            yield from _jsonl_stream(handle, source, limit)


def _gzip_jsonl(handle: BinaryIO, source: str, limit: int) -> Iterator[Item]:
    try:
        with gzip.GzipFile(fileobj=handle) as unpacked:
            yield from _jsonl_stream(unpacked, source, limit)  # type: ignore[arg-type]
    except (OSError, EOFError, zlib.error) as exc:  # damage in the first block, before any line
        yield ReadFailure(source, f"unreadable gzip data: {_os_reason(exc)}")


def _os_reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def parse_data(
    data: bytes, fmt: str | None, source: str, url: str | None = None, charset: str | None = None
) -> Iterator[Item]:
    """Read the bytes of one input in a format of `FORMATS` (None: sniff it) into documents and failures.

    `url` is the address a fetched page came from; `charset` one declared outside the bytes.
    """
    feed = _feeds().is_feed(data) if fmt in (None, "xml", "feed") else False
    if fmt == "xml" and not feed:
        yield _malformed(source, "XML file is not an RSS or Atom feed (root is not rss, feed or RDF)")
    elif feed or fmt == "feed":
        yield from _feeds().read_feed(data, source)
    elif fmt == "jsonl" and not data.startswith(WIDE_BOMS) and wide_codec(data) is None:
        # Line by line from the bytes, so that one undecodable line fails alone.
        yield from _jsonl_stream(io.BufferedReader(io.BytesIO(data)), source, len(data) + 1)
    else:
        try:
            text = decode(data, charset)
        except InputError as exc:
            yield ReadFailure(source, str(exc))
            return
        yield from _parse_text(text, fmt or sniff_format(text), source, url)


def _parse_text(text: str, fmt: str, source: str, url: str | None = None) -> Iterator[Item]:
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
        yield _malformed(source, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
        return
    except (ValueError, RecursionError) as exc:
        yield _malformed(source, f"invalid JSON: {exc or 'nested too deeply'}")
        return
    records = _json_records(value)
    if records is None:
        yield _malformed(source, f"JSON top level is {_kind(value)}, expected an object or a list of objects")
        return
    if not records:
        yield _malformed(source, "no records in JSON list")
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
        yield ReadFailure(source, f"read error after line {lineno}: {_os_reason(exc)}")
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
        return _malformed(where, f"invalid JSON at line {lineno}, column {exc.colno}: {exc.msg}")
    except (ValueError, RecursionError) as exc:
        return _malformed(where, f"invalid JSON at line {lineno}: {exc or 'nested too deeply'}")
    return _record(value, source, "", where)


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
            yield _malformed(source, "CSV has no header row")
        elif not _has_body_field({_key(h): h for h in header}):
            yield _malformed(source, f"CSV header has no article text column (expected one of: {BODY_HINT})")
        else:
            yield from _csv_rows(reader, header, source)
    except csv.Error as exc:
        yield _malformed(f"{source}:{reader.line_num}", f"malformed CSV at line {reader.line_num}: {exc}")


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
        yield _malformed(source, "no records after the CSV header")


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
        return _malformed(where, f"record is {_kind(record)}, expected an object")
    keys = _normalised(record)
    body = _body(keys)
    if body is None:
        return _malformed(where, f"record has no article text (expected one of: {BODY_HINT})")
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


def _malformed(where: str, reason: str) -> ReadFailure:
    return ReadFailure(where, reason, FormatError.code)


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
