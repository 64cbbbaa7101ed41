"""The registry of input formats, and the failure every reader returns.

A file's format comes from its name (`FORMATS`, `COMPRESSED`), a fetched body's
from its Content-Type (`HTML_TYPES`, `media_type`), and text without a name
(stdin) is sniffed (`sniff_format`). Formats: ``text``, ``html``, ``json``,
``jsonl``, ``csv`` (read by `parse`), ``feed`` and ``xml`` (by `feeds`) and
``warc`` (by `warc`). An input that cannot be used becomes a `ReadFailure`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import Literal

from ..errors import FormatError, InputError
from ..records import RawDocument

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
HTML_TYPES = ("text/html", "application/xhtml+xml")

EMPTY = "empty file"
HTML_HINT = re.compile(r"<(?:html|body|article|div|p|br)[\s/>]", re.IGNORECASE)


@dataclass(frozen=True)
class ReadFailure:
    """An input that could not be read: where, why, and the matching error code."""

    source: str
    reason: str
    code: str = InputError.code


Item = RawDocument | ReadFailure


def file_format(name: str) -> str | None:
    """The format a file name's extension stands for, or None when it is not read."""
    lower = name.lower()
    for suffix, fmt in COMPRESSED.items():
        if lower.endswith(suffix):
            return fmt
    return FORMATS.get(Path(lower).suffix)


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


def media_type(content_type: str) -> str:
    """The media type of a Content-Type header value, lower-cased, without parameters."""
    return content_type.split(";", 1)[0].strip().lower()


def charset_of(content_type: str) -> str | None:
    """The charset parameter of a Content-Type header value, if any."""
    message = Message()
    message["Content-Type"] = content_type
    charset = message.get_content_charset()
    return charset or None


def malformed(where: str, reason: str) -> ReadFailure:
    """A failure for input that is readable but not in the shape its format requires."""
    return ReadFailure(where, reason, FormatError.code)


def os_reason(exc: BaseException) -> str:
    """The reason an OS or stream error gives, for a failure message."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__
