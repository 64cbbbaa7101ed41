"""Ingest one posted article: analyse it, store it, and relink the ledger."""

from __future__ import annotations

from dataclasses import dataclass

from ..ledger import Ledger
from ..linking import link
from ..pipeline import Resources, analyze
from ..records import DocRecords, Document, RawDocument


@dataclass(frozen=True)
class Stored:
    """What ingesting one article did: whether it was new, the stored document, record counts."""

    added: bool
    document: Document
    counts: dict[str, int]


def raw_article(text: str | None = None, html: str | None = None, title: str | None = None, url: str | None = None,
                published: str | None = None, source: str | None = None) -> RawDocument:
    """A raw document from the fields of a posted article (exactly one of text or html)."""
    content, fmt = (html, "html") if html else (text or "", "text")
    return RawDocument(content=content, format=fmt, url=url or None, title=title or None,  # type: ignore[arg-type]
                       published=published or None, source_name=source or None)


def analyse_article(db_path: str, fields: dict[str, str | None], resources: Resources) -> DocRecords | Stored:
    """Analyse one posted article; an article already in the ledger comes back as `Stored` unanalysed.

    Args:
        db_path: the ledger file (only read here).
        fields: the posted fields (see `raw_article`).
        resources: loaded pipeline resources (the spaCy model loads on first use).

    Raises:
        InputError: the article has no text left after cleaning.
    """
    raw = raw_article(**fields)
    with Ledger(db_path) as ledger:
        known = ledger.document(raw.id)
    if known is not None:
        return Stored(False, known, {})
    return analyze(raw, resources)


def store_records(db_path: str, records: DocRecords) -> Stored:
    """Store an analysed article, then link the ledger's documents again (hold the app's ingest lock)."""
    with Ledger(db_path) as ledger:
        added = ledger.add(records)
        if added:
            link(ledger)
        stored = ledger.document(records.document.id) or records.document
    counts = {"mentions": len(records.mentions), "figures": len(records.figures),
              "claims": len(records.claims), "events": len(records.events)}
    return Stored(added, stored, counts)
