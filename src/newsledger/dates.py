"""Dates: temporal expressions anchored on the publication day, and publication dates inferred from the text.

`normalize_timexes` finds every temporal expression (`timex.find_timexes`) and
anchors it on the publication day. `infer_published` dates an article that has
no metadata date: see `inference.py`.
"""

from __future__ import annotations

from datetime import date

from .nlp import AnalyzedDoc
from .records import DateRange, Span
from .timex import Found, Timex, Unknown, find_timexes, kind_of, parse_with_dateparser, resolve


def normalize_timexes(adoc: AnalyzedDoc, anchor: str | None) -> list[Timex]:
    """Find and normalise every temporal expression of a document.

    Args:
        adoc: the analysed document.
        anchor: the publication day (YYYY-MM-DD); None leaves relative expressions
            ("on Wednesday", "last week") unresolved, with labels like XXXX-WXX-3.

    Returns:
        The timexes in text order.
    """
    day = date.fromisoformat(anchor[:10]) if anchor else None
    text = adoc.document.text
    return [_to_timex(found, adoc.document.id, text, day) for found in find_timexes(text, adoc.doc)]


def _to_timex(found: Found, doc_id: str, text: str, anchor: date | None) -> Timex:
    expr = found.expr
    if isinstance(expr, Unknown):
        expr = parse_with_dateparser(expr.text, anchor, found.tense) or expr
    value, label = resolve(expr, anchor, found.tense)
    parts = tuple(_to_timex(part, doc_id, text, anchor) for part in found.parts)
    return Timex(Span.of(doc_id, text, found.start, found.end), value, label, kind_of(expr), parts)


def empty_range() -> DateRange:
    """An unknown date range."""
    return DateRange()
