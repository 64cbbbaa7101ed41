"""WARC reader (warcio): the HTML pages of a web archive, one record at a time.

Each `response` (or `resource`) record with status 200 and an HTML content type
becomes a `RawDocument` with `url` from WARC-Target-URI. WARC-Date is when the
page was crawled, not when it was published, so it is never used as
`published`. Records stream one at a time; a truncated or corrupt archive yields
the records before the damage and then a failure.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from .encoding import decode, repair_text
from .formats import EMPTY, HTML_TYPES, Item, ReadFailure, charset_of, media_type
from ..errors import FormatError, InputError
from ..records import RawDocument

ARCHIVE_RECORDS = ("response", "resource")
CHUNK = 1 << 16
GZIP_WBITS = 16 + zlib.MAX_WBITS


class TruncatedInput(Exception):
    """A WARC file ends inside a record or a gzip member."""


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
    if media_type(content_type) not in HTML_TYPES:
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
