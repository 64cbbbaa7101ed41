"""Decoding and repair of text of unknown encoding.

UTF-8 first (with or without BOM; BOM-less UTF-16 from its NUL pattern), then a
charset declared in an HTML/XML header, then charset-normalizer on a sample;
mojibake is repaired with ftfy and the result NFC-normalised. Binary data is
refused with `InputError`.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import ftfy
from charset_normalizer import from_bytes
from ftfy.badness import is_bad
from ftfy.chardata import CONTROL_CHARS as FTFY_CONTROL_CHARS

from ..errors import InputError

BINARY = "binary file (not text)"

BINARY_MAGIC = (b"%PDF-", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"\x7fELF")

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# UTF-16 and UTF-32 (whose BOMs start like UTF-16's) cannot be split into lines byte-wise.
WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

MAX_CONTROL_RATIO = 0.02

SNIFF_BYTES = 4096

DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)"""
    rb"""|<\?xml[^>]{0,200}?encoding\s*=\s*["']([a-z0-9_.:-]+)""",
    re.IGNORECASE,
)

# C0 controls other than tab, newline, vertical tab, form feed, carriage return and escape.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")

SURROGATES = re.compile(r"[\ud800-\udfff]")

# Characters that some ftfy fixer would change; text without them (and without
# mojibake) only needs NFC, which is much faster than running every fixer.
FTFY_TRIGGERS = re.compile("[\x80-\x9f\ud800-\udfff%s]" % "".join(re.escape(chr(c)) for c in sorted(FTFY_CONTROL_CHARS)))

LINE_BREAKS = ("\r\n", "\r", "\u2028", "\u2029")

DETECT_SAMPLE = 1 << 17

# Repair only what is broken: mojibake, C1 controls, terminal escapes, line breaks.
# Quotes, dashes, ligatures, widths and HTML entities are left as they are, so
# correct UTF-8 text passes through unchanged.
FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    normalization="NFC",
    explain=False,
)


def decode_bytes(data: bytes) -> str:
    """Decode bytes of unknown encoding and repair mojibake; raises `InputError` for binary data."""
    return repair_text(decode(data))


def repair_text(text: str) -> str:
    """Fix mojibake, line breaks and stray controls, and NFC-normalise; correct text is unchanged."""
    for line_break in LINE_BREAKS:
        text = text.replace(line_break, "\n")
    if FTFY_TRIGGERS.search(text) or _has_mojibake(text):
        text = ftfy.fix_text(text, FTFY_CONFIG)
    elif not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return SURROGATES.sub("\ufffd", text)


def _has_mojibake(text: str) -> bool:
    """Tell whether ftfy would find mojibake, checking the same line segments it fixes."""
    if text.isascii():
        return False
    start = 0
    while start < len(text):
        end = min(text.find("\n", start) + 1 or len(text), start + FTFY_CONFIG.max_decode_length)
        segment = text[start:end]
        if not segment.isascii() and is_bad(segment):
            return True
        start = end
    return False


def decode(data: bytes, charset: str | None = None) -> str:
    """Decode without repairing; raises `InputError` when the bytes are not text.

    `charset` is one declared outside the bytes (an HTTP Content-Type); it
    outranks a declaration inside them but, like it, only when the bytes are not UTF-8.
    """
    if data.startswith(BINARY_MAGIC):
        raise InputError(BINARY)
    for bom, codec in BOMS:
        if data.startswith(bom):
            return check_text(_strict(data, codec))
    wide = wide_codec(data)
    if wide:
        return check_text(_strict(data, wide))
    if b"\x00" in data:
        raise InputError(BINARY)
    try:
        return check_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    text = _declared(data, charset)
    if text is None:
        text = _detected(data)
    return check_text(text)


def _strict(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(BINARY) from exc


def check_text(text: str) -> str:
    """Refuse decoded text that is mostly control characters (a binary file that happened to decode)."""
    if "\x00" in text:
        raise InputError(BINARY)
    sample = text[:65536]
    if sample and len(CONTROL_CHARS.findall(sample)) > MAX_CONTROL_RATIO * len(sample):
        raise InputError(BINARY)
    return text


def wide_codec(data: bytes) -> str | None:
    """Guess BOM-less UTF-16 from the NUL bytes of ASCII characters falling on one parity."""
    sample = data[:SNIFF_BYTES]
    pairs = len(sample) // 2
    if pairs < 2 or len(data) % 2:
        return None
    even = sample[0 : 2 * pairs : 2].count(0)
    odd = sample[1 : 2 * pairs : 2].count(0)
    if odd > 0.3 * pairs and even < 0.02 * pairs:
        return "utf-16-le"
    if even > 0.3 * pairs and odd < 0.02 * pairs:
        return "utf-16-be"
    return None


def _declared(data: bytes, charset: str | None = None) -> str | None:
    """Decode with the given charset or the one an HTML or XML header declares, if it fits the bytes."""
    name = charset
    if name is None:
        match = DECLARED_CHARSET.search(data[:SNIFF_BYTES])
        if not match:
            return None
        name = (match.group(1) or match.group(2)).decode("ascii")
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    if codec.startswith("utf"):
        return None
    # Browsers read latin-1 and ASCII declarations as windows-1252 (WHATWG Encoding).
    if codec in ("latin-1", "iso8859-1", "ascii"):
        codec = "cp1252"
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _detected(data: bytes) -> str:
    """Decode with the encoding charset-normalizer finds in a sample of the data."""
    # Detection over a whole large file is slow and memory-hungry; a sample cut
    # after a newline byte (never inside a character in the legacy encodings) suffices.
    cut = data.rfind(b"\n", 0, DETECT_SAMPLE) + 1 if len(data) > DETECT_SAMPLE else len(data)
    sample = data[: cut or DETECT_SAMPLE]
    codec = _detect_codec(sample)
    if codec is not None and sample is not data:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            codec = _detect_codec(data)
    if codec is None:
        raise InputError(BINARY)
    return data.decode(codec)


def _detect_codec(data: bytes) -> str | None:
    """Return charset-normalizer's encoding, preferring windows-1252 when the evidence is a tie."""
    best = from_bytes(data).best()
    if best is None:
        return None
    # Short inputs give no language evidence and many code pages fit equally;
    # windows-1252 is then by far the likeliest for scraped news text.
    if best.encoding != "cp1252" and best.coherence == 0:
        western = from_bytes(data, cp_isolation=["cp1252"]).best()
        if western is not None and western.chaos <= best.chaos:
            return western.encoding
    return best.encoding
