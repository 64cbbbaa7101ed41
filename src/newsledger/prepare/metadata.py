"""Document metadata: title, outlet, language and an explicit publication date.

Each value comes from the strongest evidence available, in order: the source's
own metadata (JSON fields, HTML meta tags), the URL, then the text itself
(a "Title – Outlet" suffix, a "CITY (Outlet) –" dateline, a "source : X"
footer, an interview credited "to OUTLET"). Dates are only taken from
metadata or the URL here; inference from the text is a later stage.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from urllib.parse import urlparse, urlsplit

import dateparser
import py3langid

from .clean import Cleaned
from ..records import Document, PublishedDate, RawDocument

TITLE_SUFFIX = re.compile(r"^(?P<title>.{12,}?)\s+[-–—|]\s+(?P<outlet>[A-Z][\w.&' ]{0,30}?)\s*$")
# A title made from the text: a headline-length first line, or the lede cut at a clause mark.
HEADLINE_MAX = 100
TITLE_MIN = 30
LEDE_SENTENCE = re.compile(r".+?[.!?](?=\s+[A-Z\"“‘(]|\s*$)")
LEDE_DATELINE = re.compile(r"^[A-Z][A-Za-z .,'-]{1,40}\([^()]{1,40}\)\s*[-–—:]\s*")
LEDE_CLAUSE = re.compile(r"[,;:]\s|\s[–—-]\s")
DATELINE = re.compile(
    r"^\s*[A-Z][A-Z .'-]{2,30}\s*\((?P<outlet>[A-Z][\w.&' -]{1,40})\)\s*[-–—:]", re.MULTILINE
)
SOURCE_FOOTER = re.compile(r"^\W*source\s*:\s*(?P<outlet>[^\n]{2,60}?)\s*$", re.IGNORECASE)
# "told BBC Arabic he was…", "says the expert, Helge Blakkisrud, to VG." — an outlet's own interview.
INTERVIEW_CREDIT = re.compile(
    r"\b(?:told|(?:interview|speaking) (?:with|to)|to)\s+(?P<outlet>[A-Z][A-Za-z]*(?:\s+[A-Z][A-Za-z]*){0,2})"
)
URL_DATE = (
    re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)(?:/|$)"),
    re.compile(r"/(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:[/_-]|$)"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)"),
)
# Browsers drop tabs and newlines anywhere in a URL and C0 controls or spaces at its ends.
URL_DROPPED = re.compile(r"[\t\n\r]")
URL_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
URL_ENDS = "".join(map(chr, range(0x21)))
WEB_SCHEMES = ("http", "https")
# Site names that differ from their domain's second-level label.
DOMAIN_OUTLETS = {
    "bbc": "BBC",
    "apnews": "AP",
    "aljazeera": "Al Jazeera",
    "nytimes": "The New York Times",
    "washingtonpost": "The Washington Post",
    "theguardian": "The Guardian",
    "reuters": "Reuters",
    "cnn": "CNN",
    "vg": "VG",
    "armenpress": "Armenpress",
    "france24": "France 24",
    "dw": "DW",
    "aa": "Anadolu Agency",
}


def describe(raw: RawDocument, cleaned: Cleaned, media_names: Mapping[str, str] | None = None) -> Document:
    """Build the `Document` of a cleaned article with its metadata.

    Args:
        raw: the article as read, with whatever metadata its source gave.
        cleaned: the cleaning stage's output for `raw`.
        media_names: known outlet names and aliases (lowercase) mapped to their
            canonical name; an interview credit ("told BBC Arabic") naming one
            is taken as the publisher, as the weakest evidence.

    Returns:
        A `Document` whose id is the content hash of `raw`.
    """
    title, title_outlet = split_title(raw.title or cleaned.title)
    title = title or title_from_text(cleaned.text)
    given_url = raw.url or cleaned.url
    url = web_url(given_url)
    source_name = (
        raw.source_name
        or cleaned.site_name
        or outlet_from_url(given_url)
        or title_outlet
        or outlet_from_text(cleaned.text, cleaned.removed, media_names)
    )
    return Document(
        id=raw.id,
        text=cleaned.text,
        removed=cleaned.removed,
        title=title,
        source_name=source_name,
        language=raw.language or detect_language(cleaned.text),
        published=published_date(raw.published or cleaned.published, given_url),
        # A non-web "URL" (javascript:, data:, file:) is never a link; it is kept as text where nothing else is.
        source_path=raw.source_path or (given_url.strip() if given_url and url is None else None) or None,
        url=url,
    )


def web_url(value: str | None) -> str | None:
    """Return `value` as an http(s) URL safe to use as a link, or None when it is anything else.

    Tabs and newlines are dropped and the ends stripped as a browser would, so
    "  JaVa\\tScript:..." is seen for what it is; a URL with other control
    characters, another scheme or no host is refused.
    """
    if not value:
        return None
    url = URL_DROPPED.sub("", value).strip(URL_ENDS)
    if URL_CONTROL.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.netloc:
        return None
    return url


def split_title(title: str | None) -> tuple[str | None, str | None]:
    """Split "Headline – Outlet" into the headline and the outlet, when it has that shape."""
    if not title:
        return None, None
    title = " ".join(title.split())
    match = TITLE_SUFFIX.match(title)
    if match and len(match["outlet"].split()) <= 3:
        return match["title"], match["outlet"].strip()
    return title, None


def title_from_text(text: str) -> str | None:
    """A title for a document whose metadata and layout give none: its first line when that
    reads as a headline, else the lede's first sentence, cut to its first clause when long."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if not first:
        return None
    if len(first) <= HEADLINE_MAX and not first.endswith((".", ",", ";", ":")) and len(first.split()) >= 3:
        return first
    first = LEDE_DATELINE.sub("", first, count=1) or first
    sentence = LEDE_SENTENCE.match(first)
    lede = sentence.group(0).strip() if sentence else first
    if len(lede) > HEADLINE_MAX:
        clause = LEDE_CLAUSE.search(lede, TITLE_MIN)
        lede = lede[: clause.start()] if clause and clause.start() <= HEADLINE_MAX else lede
    if len(lede) > HEADLINE_MAX:
        lede = lede[: lede.rfind(" ", 0, HEADLINE_MAX)].rstrip(",;:") + "…"
    return lede.rstrip(".")


def outlet_from_url(url: str | None) -> str | None:
    """Name the outlet from a URL's domain ("www.bbc.co.uk" → "BBC")."""
    if not url:
        return None
    host = urlparse(url if "//" in url else f"//{url}").hostname or ""
    labels = [p for p in host.split(".") if p and p != "www"]
    if not labels:
        return None
    generic = {"co", "com", "org", "net", "gov", "ac", "news"}
    core = [p for p in labels[:-1] if p not in generic] or labels
    label = core[-1]
    return DOMAIN_OUTLETS.get(label, label.upper() if len(label) <= 3 else label.capitalize())


def outlet_from_text(text: str, removed: Iterable[str], media_names: Mapping[str, str] | None = None) -> str | None:
    """Name the outlet from a dateline, a source footer, or an interview credit."""
    head = text[:400]
    match = DATELINE.search(head)
    if match:
        return match["outlet"].strip()
    for line in reversed(list(removed)):
        footer = SOURCE_FOOTER.match(line)
        if footer:
            return footer["outlet"].strip()
    known = media_names or {}
    for credit in INTERVIEW_CREDIT.finditer(text):
        words = credit["outlet"].split()
        for n in range(len(words), 0, -1):
            candidate = " ".join(words[:n]).lower()
            if candidate in known:
                return known[candidate]
    return None


def detect_language(text: str) -> str | None:
    """Return the ISO 639-1 code of the text's language, or None for too little text."""
    if len(text.strip()) < 20:
        return None
    code, _score = py3langid.classify(text[:5000])
    return code


# The longest date string worth parsing ("Wednesday, 30 September 2020 14:05:33 GMT+04:00" is 45).
MAX_DATE_CHARS = 100


def published_date(value: str | None, url: str | None) -> PublishedDate | None:
    """Parse a publication date given by metadata, or else found in the URL."""
    if value:
        day = parse_date(value)
        if day:
            return PublishedDate(day, day, "day", "metadata", (f"metadata: {value}",))
    day = date_from_url(url)
    if day:
        return PublishedDate(day, day, "day", "url", (f"url: {url}",))
    return None


def parse_date(value: str) -> str | None:
    """Parse a date string in any common format into YYYY-MM-DD, or None."""
    value = value.strip()
    if len(value) > MAX_DATE_CHARS:
        return None  # not a date; dateparser's time grows with the length of what it is given
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    parsed = dateparser.parse(
        value,
        settings={"RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first", "STRICT_PARSING": False},
    )
    return parsed.date().isoformat() if parsed else None


def date_from_url(url: str | None) -> str | None:
    """Find a calendar date in a URL path (`/2020/10/5/`, `/2020-10-05/`, `20201004`)."""
    if not url:
        return None
    path = urlparse(url).path
    for pattern in URL_DATE:
        match = pattern.search(path)
        if match:
            try:
                return date(int(match["y"]), int(match["m"]), int(match["d"])).isoformat()
            except ValueError:
                continue
    return None
