"""newsledger: turn conflict reporting into a ledger analysts can trust.

    >>> from newsledger import analyze, RawDocument
    >>> records = analyze(RawDocument(content=text, format="text"))
    >>> records.document.title, records.figures
"""

from .ledger import Ledger
from .pipeline import Resources, analyze, ingest
from .records import (
    Actor,
    Claim,
    DateRange,
    DocRecords,
    Document,
    Event,
    Figure,
    Mention,
    Place,
    PublishedDate,
    RawDocument,
    Span,
    Story,
    Tally,
)
from .settings import Settings

__all__ = [
    "Actor",
    "Claim",
    "DateRange",
    "DocRecords",
    "Document",
    "Event",
    "Figure",
    "Ledger",
    "Mention",
    "Place",
    "PublishedDate",
    "RawDocument",
    "Resources",
    "Settings",
    "Span",
    "Story",
    "Tally",
    "analyze",
    "ingest",
]
