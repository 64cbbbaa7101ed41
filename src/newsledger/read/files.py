"""Reading stage: files, folders, URLs and stdin in, `RawDocument`s out.

Every input is decoded (UTF-8, then a declared or detected legacy encoding),
repaired for mojibake with ftfy, newline-normalised and NFC-normalised. Inputs
that cannot be used become `ReadFailure`s naming the file (and line or record)
with a clear reason; one bad input never stops the others.

Formats, by extension (`formats.FORMATS`): ``.txt``/``.text``/``.md``/none
(plain text), ``.html``/``.htm``/``.xhtml``, ``.json`` (an object, a list of
objects, or a wrapper such as ``{"articles": [...]}``), ``.jsonl``/``.ndjson``
(one object a line, optionally gzip-compressed) and ``.csv`` (with a header
row), read by `parse`; feeds (``.rss``, ``.atom``, and ``.xml`` whose root is
rss, feed or RDF) are read by `feeds` and web archives (``.warc``,
``.warc.gz``) by `warc`. ``http://`` and ``https://`` paths are fetched by
`urls`; ``-`` reads stdin and sniffs the format.

Every input is bounded by `Settings.max_input_bytes`, except JSONL and WARC,
which stream one line or record at a time: there the bound applies to each
line or record, and the file may be any size.
"""

from __future__ import annotations

import logging
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, Literal, TextIO

from .encoding import check_text
from .formats import Item, ReadFailure, file_format, os_reason, sniff_format
from .parse import parse_data, parse_text, read_jsonl
from .urls import read_url
from .warc import read_warc
from ..errors import InputError
from ..records import RawDocument
from ..settings import Settings

log = logging.getLogger(__name__)

STDIN = "<stdin>"
URL = re.compile(r"^https?://", re.IGNORECASE)


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
            yield from read_url(given, settings.max_input_bytes)
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


def read_stream(stream: TextIO | BinaryIO, settings: Settings | None = None) -> Iterator[Item]:
    """Read a whole stream (stdin), sniffing whether it is a feed, HTML, JSONL, JSON or text."""
    settings = settings or Settings()
    limit = settings.max_input_bytes
    source = STDIN
    try:
        binary = getattr(stream, "buffer", stream)
        data = binary.read(limit + 1)
    except (OSError, ValueError, AttributeError) as exc:  # closed, detached or missing stream
        yield ReadFailure(source, os_reason(exc))
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
    yield from parse_text(text, sniff_format(text), source)


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
        yield ReadFailure(str(root), os_reason(exc))
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
        return iter([ReadFailure(str(folder), os_reason(exc))])
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
        return ReadFailure(source, os_reason(exc))
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
        not_file, handle = os_reason(exc), None
    if handle is None:
        yield ReadFailure(source, str(not_file))
        return
    with handle:
        if fmt == "warc":
            yield from read_warc(handle, source, limit)
        else:
            yield from read_jsonl(handle, source, limit)
