"""Read-only resources of one process: the spaCy model, the relevance gate, the dictionaries, the stages' tables.

Loaded once per `Resources` (each on first use) and passed into the stages as arguments: nothing is
cached at module level, so two `Resources` built from different dictionaries give different results
in one process.
"""

from __future__ import annotations

from functools import cached_property

from spacy.language import Language

from .actors.index import ActorIndex, build_index
from .claims.cues import CueBook, load_cues
from .dates import DatingTables
from .events import DeFacto, load_de_facto, load_event_typer
from .events.patterns import load_lexicon, pattern_matcher
from .events.tables import EventTables
from .events.types import load_acled_kinds
from .figures.kinds import FigureLexicon, load_figure_lexicon
from .figures.numbers import load_quantity_words
from .lexicon import Dictionaries
from .nlp import load_pipeline
from .places.index import PlaceIndex, load_place_index
from .prepare import Gate, load_gate
from .settings import Settings


class Resources:
    """Read-only resources of one process, each loaded on first use.

    Args:
        settings: run options (the model, whether the event classifier runs).
        dictionaries: the actor dictionary and gazetteer; the bundled ones when None.
    """

    def __init__(self, settings: Settings | None = None, dictionaries: Dictionaries | None = None) -> None:
        self.settings = settings or Settings()
        self._dictionaries = dictionaries

    @cached_property
    def dictionaries(self) -> Dictionaries:
        """The actor dictionary and the gazetteer."""
        return self._dictionaries or Dictionaries.load()

    @cached_property
    def nlp(self) -> Language:
        """The pinned spaCy pipeline with our entity ruler."""
        return load_pipeline(self.settings, dictionaries=self.dictionaries)

    @cached_property
    def gate(self) -> Gate:
        """The relevance gate's cues."""
        return load_gate(actors=self.dictionaries.actors, places=self.dictionaries.gazetteer)

    @cached_property
    def places(self) -> PlaceIndex:
        """The place index: the gazetteer and the GeoNames extract."""
        return load_place_index(dictionaries=self.dictionaries)

    @cached_property
    def actors(self) -> ActorIndex:
        """The actor dictionary as an index, with the place index that locates unplaced actors."""
        return build_index(self.dictionaries.actors, self.dictionaries, self.places)

    @cached_property
    def figures(self) -> FigureLexicon:
        """The figure lexicon, with the actor dictionary and quantity words."""
        return load_figure_lexicon(self.actors, load_quantity_words())

    @cached_property
    def cues(self) -> CueBook:
        """The claim cue table."""
        return load_cues()

    @cached_property
    def events(self) -> EventTables:
        """The event lexicon and patterns, the ACLED mapping and, when settings allow, the sub-type classifier."""
        lexicon = load_lexicon()
        typer = load_event_typer() if self.settings.event_classifier else None
        return EventTables(lexicon, pattern_matcher(lexicon), load_acled_kinds(), self.actors, self.places, typer)

    @cached_property
    def dating(self) -> DatingTables:
        """The calendar of dated events and the office holders' tenures."""
        return DatingTables.load(self.dictionaries)

    @cached_property
    def media_names(self) -> dict[str, str]:
        """Known news outlets and agencies: lowercase name or alias → canonical name."""
        names: dict[str, str] = {}
        for actor in self.dictionaries.actors:
            if actor.sector == "MED" or actor.kind == "media":
                for alias in (actor.name, *actor.aliases):
                    names.setdefault(alias.lower(), actor.name)
        return names

    @cached_property
    def de_facto(self) -> tuple[DeFacto, ...]:
        """De facto authorities: how texts name them and their display names."""
        return load_de_facto()
