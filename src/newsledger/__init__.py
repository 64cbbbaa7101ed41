"""newsledger: turn conflict reporting into a ledger analysts can trust.

    >>> from newsledger import analyze, RawDocument
    >>> records = analyze(RawDocument(content=text, format="text"))
    >>> records.document.title, records.figures
    >>> with Ledger("news.db") as ledger:
    ...     ledger.add(records)
    ...     link(ledger)  # stories, episodes, tallies, contradictions
"""

from .ledger import Ledger
from .linking import LinkReport, link
from .resources import Resources
from .analysis import analyze
from .ingest import ingest
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
    "LinkReport",
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
    "link",
]
