"""What the events stage reads with: the trigger lexicon, its compiled patterns, the ACLED mapping,
the actor dictionary, the place index and the sub-type classifier. `Resources` builds it once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from spacy.language import Language

from ..actors.index import ActorIndex
from ..places.index import PlaceIndex
from .dep_patterns import PatternMatcher
from .patterns import Lexicon


@dataclass(frozen=True)
class AcledKind:
    """One ACLED sub-type: its event type, PLOVER type and mode, and the PLOVER types it may retype."""

    sub_type: str
    acled_type: str
    plover: str
    mode: str | None
    compatible: frozenset[str]


@dataclass(frozen=True)
class EventTables:
    """The events stage's read-only material (`typer` None: the rules alone type events)."""

    lexicon: Lexicon
    matcher: PatternMatcher
    kinds: Mapping[str, AcledKind]
    actors: ActorIndex
    places: PlaceIndex
    typer: Language | None = None
