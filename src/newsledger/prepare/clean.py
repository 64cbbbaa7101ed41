"""Cleaning: the article text out of an HTML page or a scraped plain-text file.

HTML goes through trafilatura (main text and metadata). Plain text, and
trafilatura's output too, goes through line-based debris rules: ad shortcodes,
comment forms, photo captions and credits, "read more" teasers with their
headlines, promotional lines, a repeated title, and source footers.

Every removed line is kept verbatim in `Cleaned.removed`; every other line
survives unchanged (only surrounding whitespace is stripped and runs of blank
lines are collapsed), so later stages and gold quotes can find it as a substring.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import lxml.etree
import lxml.html
import trafilatura
from trafilatura.metadata import extract_metadata

from newsledger.dates.timex import MONTHS, WEEKDAYS
from newsledger.records import RawDocument

LOGGER = logging.getLogger(__name__)

# Precision mode sometimes drops the whole body of a page; when it keeps less
# than this share of what the balanced mode found, the balanced output wins.
_XML_INCOMPATIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_PRECISION_FALLBACK_RATIO = 0.2
# The bound on trafilatura's text: this many times the page's visible text, plus this many characters.
_BOUND_FACTOR = 1.25
_BOUND_MARGIN = 100

_TITLE_MAX_WORDS = 30
_HEADLINE_MAX_WORDS = 20
_HEADLINE_MAX_CHARS = 160
_MAX_TEASER_HEADLINES = 5
_CAPTION_MAX_WORDS = 60
_CREDIT_MAX_WORDS = 8
_PROMO_MAX_WORDS = 15
_FOOTER_LINES = 3
_TITLE_REPEAT_WINDOW = 3

_BULLET = re.compile(r"^[•·▪●◦‣∙*\-–—]\s+")
_FINAL_PUNCT = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
# A title may end with "?" or "!", not with a full stop or a clause mark.
_NOT_TITLE_END = re.compile(r"[.:;,][\"'”’)\]]*$")
_DATE_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_LINE_WORD = re.compile(r"[^\W\d_]+")
# The words a line that only dates a page may hold besides numbers.
_DATE_WORDS = frozenset(MONTHS) | frozenset(WEEKDAYS) | frozenset(
    "mon tue tues wed thu thur thurs fri sat sun published updated posted last date on at am pm gmt utc st nd rd th".split()
)

_AD_SHORTCODE = re.compile(
    r"^(?:\[/?(?:ad|ads|adsense|advert|advertisement|advertising)(?:[_\-\s]?\w+)?\]\s*)+$",
    re.IGNORECASE,
)

_FORM_PHRASE = (
    r"please enter your (?:comment|name|e-?mail(?: address)?)(?: here)?"
    r"|you have entered an incorrect e-?mail address"
    r"|leave a (?:reply|comment|response)(?: to [\w .'-]{1,40}?)?(?: cancel reply)?"
    r"|cancel reply"
    r"|your e-?mail address will not be published"
    r"|required fields are marked"
    r"|save my name,? e-?mail,? and website in this browser for the next time i comment"
    r"|notify me of (?:follow-up comments|new comments|new posts)(?: by e-?mail| via e-?mail)?"
    r"|(?:post|submit|add) (?:a |your )?comment"
    r"|(?:view|show|read|load|hide) (?:all |the )?(?:\d+ )?comments?"
    r"|you must be logged in to post a comment"
    r"|this site uses akismet to reduce spam"
    r"|learn how your comment data is processed"
    r"|comments? (?:are|is) closed"
    r"|\d*\s*comments?|no comments(?: yet)?"
    r"|be the first to comment"
    r"|join the (?:discussion|conversation)"
    r"|(?:name|e-?mail|website|comment)\s*\*"
)
_COMMENT_FORM = re.compile(rf"^(?:(?:{_FORM_PHRASE})[\s.!?*:]*)+$", re.IGNORECASE)

# BBC-style labels glued to their text: "image copyrightEPA", "media captionTanks...".
_CAPTION_LABEL = re.compile(
    r"^(?:image|media|video|photo|picture)\s?(?:copyright|caption|source)(?-i:(?![a-z]))",
    re.IGNORECASE,
)
_PHOTO_CREDIT_LINE = re.compile(
    r"^(?:photo|image|picture|foto)s?\s*(?:credit|courtesy|by|source)\b", re.IGNORECASE
)
# A caption that ends with its credit: "... Photo: NAME / AGENCY", "(AP Photo/NAME)".
_CREDIT_TAIL = (
    re.compile(
        r"(?:^|[\s(])(?:photo|foto|photograph|picture|image|credit|illustration)s?"
        r"(?:\s+by)?\s*:\s*(?P<tail>[^.!?:]{1,80}?)\)?\.?$",
        re.IGNORECASE,
    ),
    re.compile(
        r"\((?:[\w.]+\s)?(?:photo|foto|picture|image)s?\s*(?:by\s+|/\s*|:\s*)(?P<tail>[^()]{1,80})\)$",
        re.IGNORECASE,
    ),
    re.compile(r"\b(?:REUTERS|AFP|EPA|AP|ANADOLU)/(?P<tail>[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3})$"),
)
_AGENCY_END = re.compile(
    r"\b(?:getty images|shutterstock|istock(?:photo)?|alamy|afp|reuters|epa|ap photo|"
    r"associated press|anadolu(?: agency)?|xinhua|tass|sputnik|ria novosti|pa media|"
    r"pa images|bloomberg|eyevine|sipa|zuma press|ap)\)?$",
    re.IGNORECASE,
)
_CREDIT_JOINERS = frozenset({"via", "for", "by", "and", "/", "|", "©", "-", "–", "(", ")"})
_CREDIT_MARKERS = frozenset({"/", "via", "©"})

_TEASER_TRIGGER = re.compile(
    r"^(?:(?:also read|read also|read more|more to read|read next|see also|further reading|"
    r"related(?: articles?| stories| news| coverage| content| posts?| reading| topics| links?)?|"
    r"more on this(?: story| topic)?|more stories|recommended(?: for you| stories| reading)?|"
    r"you (?:may|might) also (?:like|be interested in|read)|must read|don'?t miss|"
    r"most read|most popular|top stories|latest news|trending(?: now)?)"
    r"(?:\s*[:\-–—|»>]+\s*(?P<rest>.*)|\s*)"
    # "Also on rt.com Headline...": the site name is separator enough.
    r"|also on \w[\w-]*\.[a-z]{2,}\b[\s:\-–—|»>]*(?P<site_rest>.*))$",
    re.IGNORECASE,
)
_TEASER_REST_MAX_WORDS = 30

_PROMO = re.compile(
    r"^(?:"
    r".{0,40}\b(?:discount|promo|coupon|voucher) codes?"
    r"|(?:an? )?(?:business |commercial )?(?:collaboration|partnership|cooperation) with [\w.-]+\.[a-z]{2,}"
    r"|(?:sponsored|paid|partner) (?:content|post|article)|sponsored(?: by .{1,40})?|advertorial"
    r"|advertisement|advertising|ads?"
    r"|(?:story|article) continues (?:below|after)(?: (?:this )?(?:advertisement|ad))?"
    r"|continue reading(?: below| the main story)?"
    r"|scroll (?:down )?to continue(?: with content)?"
    r"|share (?:this (?:article|story|post|page|video)|on|via)\b.*"
    r"|follow us\b.*"
    r"|follow (?:[\w@.']+ ){0,4}on (?:twitter|facebook|instagram|telegram|x|google news|linkedin|youtube|tiktok)\b.*"
    r"|click here\b.*"
    r"|download (?:the|our) .{0,30}app\b.*"
    r"|join (?:us on|our) (?:telegram|whatsapp|facebook|discord)\b.*"
    r"|(?:subscribe|sign up|register)(?: now| today| here| for free)?"
    r"(?: (?:to|for) (?:our|the|a|my) (?:free |daily |weekly )?(?:[\w'-]+ ){0,3}"
    r"(?:newsletters?|e-?mails?|alerts|updates|briefing|digest|channel))?"
    r"|(?=.*\b(?:subscribe|sign up|inbox)\b).{0,100}\bnewsletters?"
    r"|like this (?:story|article|post)\?.{0,60}"
    r"|write to .{1,60} at \S+@\S+"
    r")[\s.!:*]*$",
    re.IGNORECASE,
)
_SOCIAL_ONLY = re.compile(
    r"^(?:(?:share|tweet|e-?mail|print|facebook|twitter|whatsapp|linkedin|pinterest|reddit|"
    r"telegram|copy link|messenger|flipboard|comments?)[\s|·•,/]*)+$",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)\s|copyright\s*(?:©|\(c\)|\d{4}))|\ball rights reserved\b", re.IGNORECASE)
_COPYRIGHT_MAX_WORDS = 40
_TAGS = re.compile(r"^(?:tags?|topics|filed under|categories|disclaimer)\s*:", re.IGNORECASE)

_SOURCE_FOOTER = re.compile(
    r"^(?:sources?|via|originally published (?:on|in|at|by)|"
    r"this (?:article|story) (?:was )?(?:first|originally) (?:appeared|published) (?:on|in|at))"
    r"\s*[:\-–]\s*\S.{0,80}$",
    re.IGNORECASE,
)
_CREDITS_FOOTER = re.compile(
    r"^\(?(?:reporting|writing|editing|additional reporting|compiled|edited|written)\s+by\b.{0,240}$",
    re.IGNORECASE,
)
_WIRE_FOOTER = (
    re.compile(r"^\(?with (?:agency )?(?:inputs?|reporting) from .{1,80}$", re.IGNORECASE),
    re.compile(r"^[(\-–—]\s*(?:AFP|AP|Reuters|Xinhua|TASS|Anadolu|IANS|PTI|ANI|dpa)\s*\)?$"),
)
_FOOTER_MAX_WORDS = 40


@dataclass(frozen=True)
class Cleaned:
    """The cleaned text of one article, what was removed, and metadata found on the way."""

    text: str
    removed: tuple[str, ...]
    title: str | None = None
    published: str | None = None
    site_name: str | None = None
    url: str | None = None


def clean(raw: RawDocument) -> Cleaned:
    """Clean one raw document, HTML or plain text.

    Args:
        raw: the decoded document as read from its source.

    Returns:
        The cleaned text, the removed debris lines and what metadata the page gave.
    """
    if raw.format == "html":
        return clean_html(raw.content, url=raw.url)
    return clean_text(raw.content)


def clean_text(text: str) -> Cleaned:
    """Remove scraping debris from plain text, line by line.

    Args:
        text: the article as scraped, lines separated by newlines.

    Returns:
        The kept lines (blank-line runs collapsed), the removed lines verbatim in
        order, and the leading title line when the text starts with one.
    """
    lines = [line.strip() for line in text.splitlines()]
    debris = _mark_debris(lines)
    title = _leading_title(lines, debris)
    return Cleaned(
        text=_join_kept(lines, debris),
        removed=tuple(line for line, gone in zip(lines, debris) if gone),
        title=title,
    )


def clean_html(html: str, url: str | None = None) -> Cleaned:
    """Extract the article text and metadata of an HTML page.

    Args:
        html: the decoded page.
        url: the page's address, when known; it helps resolve the canonical URL.

    Returns:
        The article text (paragraphs separated by blank lines) after the debris
        rules, the lines those rules removed, and the page's title, date
        (YYYY-MM-DD), site name and URL when trafilatura finds them.
    """
    # lxml refuses text nodes with these characters (trafilatura then raises); they carry no text.
    body, meta = _extract_html(_XML_INCOMPATIBLE.sub("", html), url)
    paragraphs = "\n\n".join(line for line in body.splitlines() if line.strip())
    cleaned = clean_text(paragraphs)
    date = getattr(meta, "date", None)
    return Cleaned(
        text=cleaned.text,
        removed=cleaned.removed,
        title=_or_none(getattr(meta, "title", None)),
        published=date if isinstance(date, str) and _DATE_ISO.match(date) else None,
        site_name=_or_none(getattr(meta, "sitename", None)),
        url=_or_none(getattr(meta, "url", None)) or url,
    )


def _extract_html(html: str, url: str | None) -> tuple[str, object | None]:
    """Return trafilatura's main text of a page and its metadata document."""
    precise = _bare(html, url, favor_precision=True, with_metadata=True)
    meta = precise
    if precise is None:  # the metadata readers failed on a malformed page: the text may still be there
        precise = _bare(html, url, favor_precision=True)
    precise_text = (precise.text or "") if precise is not None else ""
    body = precise_text
    # The balanced mode (a third of the cost) can only win where precision kept little of the
    # page's text: its output is never longer than that text (`_text_bound`).
    if len(precise_text) < _PRECISION_FALLBACK_RATIO * _text_bound(html):
        balanced = _bare(html, url)
        balanced_text = (balanced.text or "") if balanced is not None else ""
        if len(precise_text) < _PRECISION_FALLBACK_RATIO * len(balanced_text):
            LOGGER.debug("precision mode kept too little (%d chars); using balanced mode", len(precise_text))
            body = balanced_text
    if not body:
        # Both modes refuse pages under trafilatura's size floor; a short brief is
        # still an article, so take the paragraphs its baseline finds.
        body = trafilatura.baseline(html)[1]
    return body, meta if meta is not None else _metadata_only(html, url)


def _text_bound(html: str) -> float:
    """An upper bound on the length of the text trafilatura can extract from a page (infinite when unsure).

    Its text is the page's visible text, whitespace collapsed, with a line break between
    blocks and a mark before list items; the margins cover those marks many times over
    (on the article-extraction benchmark the balanced text reaches at most 96% of the
    visible text).
    """
    try:
        # A parser of its own (lxml parsers are not shared between threads), told the encoding
        # the text is given in rather than the one the page declares.
        tree = lxml.html.document_fromstring(html.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (lxml.etree.LxmlError, ValueError):
        return math.inf
    for hidden in tree.xpath("//script|//style|//noscript|//template"):
        hidden.drop_tree()
    return _BOUND_FACTOR * len(" ".join(tree.text_content().split())) + _BOUND_MARGIN


def _bare(html: str, url: str | None, **options: bool) -> object | None:
    """trafilatura's extraction, or None where a parser it calls fails on a malformed page.

    htmldate (reading the page's date) asserts on some broken trees, e.g. a paragraph inside an
    SVG element: one such page must not abort a batch, and its text is read without metadata.
    """
    try:
        return trafilatura.bare_extraction(html, url=url, include_comments=False, **options)
    except (AssertionError, TypeError, ValueError) as exc:
        LOGGER.debug("extraction failed (%s): %r", ", ".join(options), exc)
        return None


def _metadata_only(html: str, url: str | None) -> object | None:
    """Read the metadata of a page whose main text trafilatura could not extract."""
    try:
        return extract_metadata(html, default_url=url)
    except (AssertionError, TypeError, ValueError) as exc:
        LOGGER.debug("no metadata: %s", exc)
        return None


def _or_none(value: object) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def _mark_debris(lines: Sequence[str]) -> list[bool]:
    """Return, for each line, whether it is debris."""
    debris = [bool(line) and _is_debris_line(line) for line in lines]
    _mark_teasers(lines, debris)
    _mark_repeated_title(lines, debris)
    _mark_footers(lines, debris)
    return debris


def _content(line: str) -> str:
    """The line without a leading bullet and with single spaces, for matching."""
    return " ".join(_BULLET.sub("", line).split())


def _words(line: str) -> int:
    return len(line.split())


def _is_debris_line(line: str) -> bool:
    """Whether a line is debris on its own, whatever surrounds it."""
    content = _content(line)
    if not content:
        return False
    return (
        bool(_AD_SHORTCODE.match(content))
        or bool(_COMMENT_FORM.match(content))
        or _is_caption(content)
        or _is_promo(content)
    )


def _is_caption(content: str) -> bool:
    """Whether a line is a photo caption or a photo credit."""
    if _CAPTION_LABEL.match(content):
        return True
    words = _words(content)
    if _PHOTO_CREDIT_LINE.match(content) and words <= 12 and not _FINAL_PUNCT.search(content):
        return True
    if words <= _CAPTION_MAX_WORDS and any(_is_credit_tail(p.search(content)) for p in _CREDIT_TAIL):
        return True
    return words <= _CREDIT_MAX_WORDS and _looks_like_credit(content)


def _is_credit_tail(match: re.Match[str] | None) -> bool:
    """Whether a caption's tail reads like a credit (names, agencies), not prose."""
    if match is None:
        return False
    tail = match.group("tail").strip(" )")
    words = [w for w in re.split(r"[\s/|]+", tail) if w]
    if not words or len(words) > _CREDIT_MAX_WORDS or not tail[0].isupper():
        return False
    capitalised = sum(1 for w in words if w[0].isupper() or not w[0].isalpha())
    return capitalised * 2 >= len(words)


def _looks_like_credit(content: str) -> bool:
    """A short line of names ending with a photo agency: "Getty Images", "AFP via Getty Images".

    Without a credit marker ("/", "via", "©") only one to three words qualify, so
    that a headline such as "Talks Stall in Geneva - Reuters" is not taken for one.
    """
    if not _AGENCY_END.search(content) or _FINAL_PUNCT.search(content):
        return False
    tokens = re.findall(r"[\w'.-]+|[/|©()–-]", content)
    if not all(t.lower() in _CREDIT_JOINERS or t[0].isupper() or t[0].isdigit() for t in tokens):
        return False
    return len(tokens) <= 3 or any(t in _CREDIT_MARKERS for t in tokens)


def _is_promo(content: str) -> bool:
    """Whether a line is a promotion, a share bar, a subscription call or a copyright notice."""
    words = _words(content)
    if words <= _PROMO_MAX_WORDS and (_PROMO.match(content) or _SOCIAL_ONLY.match(content)):
        return True
    if words <= _COPYRIGHT_MAX_WORDS and _COPYRIGHT.search(content):
        return True
    return words <= _PROMO_MAX_WORDS * 2 and bool(_TAGS.match(content))


def _is_headline(line: str) -> bool:
    """Whether a line reads like a headline: short, with no final sentence punctuation."""
    content = _content(line)
    return (
        bool(content)
        and _words(content) <= _HEADLINE_MAX_WORDS
        and len(content) <= _HEADLINE_MAX_CHARS
        and not _FINAL_PUNCT.search(content)
    )


def _mark_teasers(lines: Sequence[str], debris: list[bool]) -> None:
    """Mark "read more" lines and the teaser headlines that follow a bare one."""
    for i, line in enumerate(lines):
        match = _TEASER_TRIGGER.match(_content(line)) if line else None
        if match is None:
            continue
        rest = (match.group("rest") or match.group("site_rest") or "").strip()
        if rest and _words(rest) > _TEASER_REST_MAX_WORDS:
            continue
        debris[i] = True
        if not rest:
            _mark_teaser_headlines(lines, debris, i + 1)


def _mark_teaser_headlines(lines: Sequence[str], debris: list[bool], start: int) -> None:
    """Mark the headline lines after a teaser trigger, up to the first real paragraph."""
    taken = 0
    for j in range(start, len(lines)):
        if not lines[j]:
            continue
        if taken >= _MAX_TEASER_HEADLINES or not _is_headline(lines[j]) or debris[j]:
            return
        debris[j] = True
        taken += 1


def _first_kept(lines: Sequence[str], debris: Sequence[bool], start: int = 0) -> int | None:
    return next((i for i in range(start, len(lines)) if lines[i] and not debris[i]), None)


def _mark_repeated_title(lines: Sequence[str], debris: list[bool]) -> None:
    """Mark copies of the first line that follow it closely (a scraped title twice)."""
    first = _first_kept(lines, debris)
    if first is None:
        return
    seen = 0
    for j in range(first + 1, len(lines)):
        if not lines[j]:
            continue
        if lines[j] == lines[first]:
            debris[j] = True
        seen += 1
        if seen >= _TITLE_REPEAT_WINDOW:
            return


def _mark_footers(lines: Sequence[str], debris: list[bool]) -> None:
    """Mark source and credit footers among the last lines of the text."""
    checked = 0
    for j in range(len(lines) - 1, -1, -1):
        if not lines[j] or debris[j]:
            continue
        content = _content(lines[j])
        if _words(content) > _FOOTER_MAX_WORDS or not _is_footer(content):
            return
        debris[j] = True
        checked += 1
        if checked >= _FOOTER_LINES:
            return


def _is_footer(content: str) -> bool:
    """Whether a closing line credits the source or the wire staff rather than reporting."""
    if _SOURCE_FOOTER.match(content) or any(p.match(content) for p in _WIRE_FOOTER):
        return True
    # "Reporting by state media was patchy." is prose; wire credits come in
    # parentheses, list several roles with ";", or carry no final full stop.
    return bool(_CREDITS_FOOTER.match(content)) and (
        content.startswith("(") or ";" in content or not _FINAL_PUNCT.search(content)
    )


def _leading_title(lines: Sequence[str], debris: Sequence[bool]) -> str | None:
    """The first kept line when it reads like a title and more text follows it.

    A line that is only a date ("16 November 2023", "Published: 2024-05-09") is the page's date,
    not its title: the title is the line after it.
    """
    first = _first_kept(lines, debris)
    if first is not None and _is_date_line(lines[first]):
        first = _first_kept(lines, debris, first + 1)
    if first is None:
        return None
    line = lines[first]
    has_more = any(line2 and not gone for line2, gone in zip(lines[first + 1 :], debris[first + 1 :]))
    if not has_more or _BULLET.match(line) or _words(line) > _TITLE_MAX_WORDS:
        return None
    return None if _NOT_TITLE_END.search(line) else line


def _is_date_line(line: str) -> bool:
    """Whether a line holds a date and nothing else ("Thu 16 Nov 2023, 10:42 GMT", "Published: 2024-05-09")."""
    words = _DATE_LINE_WORD.findall(line)
    return any(ch.isdigit() for ch in line) and all(w.lower() in _DATE_WORDS for w in words)


def _join_kept(lines: Sequence[str], debris: Sequence[bool]) -> str:
    """Join the kept lines, one blank line at most between them."""
    out: list[str] = []
    for line, gone in zip(lines, debris):
        if gone:
            continue
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)
