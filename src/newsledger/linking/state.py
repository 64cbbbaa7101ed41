"""The link state: what a link stores for the next, incremental one, as typed records with their JSON form.

A full link stores a `LinkState` (the idf it weighed words with and how many documents it
linked); every link stores one `DocRow` per document it linked (its publication date, the
countries it mentions and the event features it was grouped with). A link marks the state
incomplete before it writes (`mark_started`) and complete once done, so a link killed
half-way leaves no state the next one would trust. The ledger keeps the JSON; only this
module reads or writes it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..ledger import Ledger
from ..records import PublishedDate, as_dict, decoder
from .days import Days, day_range
from .similarity import Idf
from .summary import DocSummary, event_features


@dataclass(frozen=True)
class DocRow:
    """The stored row of a linked document: enough to regroup episodes and replay stories without its text."""

    published: PublishedDate | None
    countries: tuple[tuple[str, int], ...]
    events: tuple[str, ...]

    @classmethod
    def of(cls, summary: DocSummary) -> DocRow:
        """The row of a summarized document."""
        return cls(summary.published, summary.countries, event_features(summary))

    @functools.cached_property
    def days(self) -> Days | None:
        """The publication range as days, or None when unknown."""
        return day_range(self.published)

    def summary(self, doc_id: str) -> DocSummary:
        """A summary from the row: dates and countries, no words (enough for episodes)."""
        return DocSummary(doc_id, None, self.published, (), self.countries)

    def to_json(self) -> dict[str, Any]:
        """The JSON value the ledger stores."""
        return {"published": as_dict(self.published) if self.published else None,
                "countries": [list(c) for c in self.countries], "events": list(self.events)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DocRow:
        """The row from the JSON value the ledger stores."""
        published = decoder(PublishedDate)(data["published"]) if data["published"] else None
        return cls(published, tuple((c, n) for c, n in data["countries"]), tuple(data["events"]))


@dataclass(frozen=True)
class LinkState:
    """What the last full link left: the idf it weighed words with and the number of documents it linked."""

    idf: Idf
    documents: int

    def to_json(self) -> dict[str, Any]:
        """The named JSON values the ledger stores."""
        return {"idf": {"df": dict(self.idf.df), "n": self.idf.n}, "full_link": {"documents": self.documents}}

    @classmethod
    def from_json(cls, values: Mapping[str, Any]) -> LinkState:
        """The state from the named JSON values the ledger stores."""
        return cls(Idf(values["idf"]["df"], values["idf"]["n"]), values["full_link"]["documents"])


def load(ledger: Ledger) -> LinkState | None:
    """The state the last full link stored, or None when no complete state is stored."""
    if not ledger.link_state("complete"):
        return None
    idf, full = ledger.link_state("idf"), ledger.link_state("full_link")
    return LinkState.from_json({"idf": idf, "full_link": full}) if idf and full else None


def load_rows(ledger: Ledger) -> dict[str, DocRow]:
    """The stored row of every linked document, by document id."""
    return {doc_id: DocRow.from_json(data) for doc_id, data in ledger.link_docs().items()}


def save(ledger: Ledger, state: LinkState | None, rows: Iterable[tuple[str, DocRow]]) -> None:
    """Mark the state complete, with a new `state` after a full link (None keeps the stored one), and new rows."""
    values: dict[str, Any] = {"complete": True, **(state.to_json() if state is not None else {})}
    ledger.save_link_state(values, ((doc_id, row.to_json()) for doc_id, row in rows))


def mark_started(ledger: Ledger) -> None:
    """Record that a link is writing: a link killed now leaves no state the next one would trust."""
    ledger.save_link_state({"complete": False})
