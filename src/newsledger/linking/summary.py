"""Document summaries: what linking needs of one document (its dates and what it is about).

A summary holds a document's publication date, its content words with actor, place and
event features, and the countries it mentions. Stories are grouped from full summaries;
episodes need only dates and countries, which the link state stores per document
(see `state.DocRow`).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from ..records import Document, Event, Mention, PublishedDate
from .days import Days, date_key, day_range

_WORD = re.compile(r"[^\W\d_][\w\-]*[^\W_]|\d[\w\-]*[a-z][\w\-]*", re.IGNORECASE)


@dataclass(frozen=True)
class DocSummary:
    """What linking needs of one document: its dates and what it is about.

    `terms` are (feature, count) pairs: content words, plus "actor:", "place:" and
    "event:" features; `countries` count the countries of the actors and places mentioned.
    """

    id: str
    title: str | None
    published: PublishedDate | None
    terms: tuple[tuple[str, int], ...] = ()
    countries: tuple[tuple[str, int], ...] = ()

    @functools.cached_property
    def days(self) -> Days | None:
        """The publication range as days, or None when unknown."""
        return day_range(self.published)

    def order(self) -> tuple[date, int, str]:
        """Where the document comes in linking's reading order (see `days.date_key`)."""
        return date_key(self.days, self.id)


def summarize(
    document: Document, mentions: Sequence[Mention] = (), events: Sequence[Event] = (),
    features: Sequence[str] | None = None, mention_keys: Sequence[tuple[str | None, str | None]] | None = None,
) -> DocSummary:
    """Summarize one document with its mentions and events for story grouping.

    `features`, when given, are the document's event features as an earlier link
    summarized them (see `event_features`), used instead of `events`: merging fills in
    what reports left unknown, so the stored events of a linked document may no longer
    give the features it was first grouped with. `mention_keys`, when given, are the
    mentions already reduced by `mention_key` (linking a large ledger streams its
    mentions rather than holding them all).
    """
    terms: Counter[str] = Counter(_words(" ".join(filter(None, (document.title, document.text)))))
    countries: Counter[str] = Counter()
    for key, country in (mention_keys if mention_keys is not None else map(mention_key, mentions)):
        if key:
            terms[key] += 1
        if country:
            countries[country] += 1
    # Presence, not count: a call for a ceasefire repeated five times is still one development.
    for feature in (features if features is not None else
                    [event_signature(e) for e in events if e.status != "historical"]):
        terms[feature] = 1
    return DocSummary(
        document.id, document.title, document.published,
        tuple(sorted(terms.items())), tuple(sorted(countries.items())),
    )


def event_features(summary: DocSummary) -> tuple[str, ...]:
    """The event features of a summary (what `summarize` takes back as `features`)."""
    return tuple(term for term, _ in summary.terms if term.startswith("event:"))


def event_signature(event: Event) -> str:
    """Return the feature of an event for story similarity: its type and the countries involved."""
    def who(actor: object) -> str:
        return getattr(actor, "country", None) or getattr(actor, "sector", None) or "?"
    return f"event:{event.type}:{who(event.actor)}>{who(event.target)}"


def mention_key(mention: Mention | Mapping[str, Any]) -> tuple[str | None, str | None]:
    """The feature a mention adds to a summary ("actor:…" or "place:…") and its country; (None, None) for none.

    `mention` is a record or its stored form (`Ledger.scan_dicts`): a full link reads every
    mention of the ledger, and rebuilding each record cost more than the rest of its summary.
    """
    actor, place = _field(mention, "actor"), _field(mention, "place")
    if actor is not None:
        if _field(actor, "sector") == "MED":  # the outlet or agency, not what the news is about
            return None, None
        name = _field(actor, "id") or _field(actor, "name").casefold()
        return f"actor:{name}", _field(actor, "country")
    if place is not None:
        return f"place:{_field(place, 'geonameid') or _field(place, 'name').casefold()}", _field(place, "country")
    return None, None


def _field(record: Any, name: str) -> Any:
    return record.get(name) if isinstance(record, Mapping) else getattr(record, name)


def _words(text: str) -> Iterable[str]:
    for word in _WORD.findall(text):
        lower = word.lower()
        if len(lower) > 2 and lower not in STOP_WORDS:
            yield lower[:-1] if len(lower) > 4 and lower.endswith("s") and not lower.endswith("ss") else lower

