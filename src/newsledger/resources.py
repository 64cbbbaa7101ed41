"""Read-only resources of one process: the spaCy model, the relevance gate, the event classifier, lexicons.

Loaded once per process (each on first use) and passed into the stages; two `Resources` built
from different settings or files give their stages different material in one process.
"""

from __future__ import annotations

from functools import cached_property

from spacy.language import Language

from .events import DeFacto, load_de_facto, load_event_typer
from .lexicon import load_actors
from .nlp import load_pipeline
from .prepare import Gate, load_gate
from .settings import Settings


class Resources:
    """Read-only resources of one process, each loaded on first use."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()

    @cached_property
    def nlp(self) -> Language:
        """The pinned spaCy pipeline with our entity ruler."""
        return load_pipeline(self.settings)

    @cached_property
    def gate(self) -> Gate:
        """The relevance gate's cues."""
        return load_gate()

    @cached_property
    def event_typer(self) -> Language | None:
        """The ACLED sub-type classifier combined with the event rules; None when settings turn it off."""
        return load_event_typer() if self.settings.event_classifier else None

    @cached_property
    def media_names(self) -> dict[str, str]:
        """Known news outlets and agencies: lowercase name or alias → canonical name."""
        names: dict[str, str] = {}
        for actor in load_actors():
            if actor.sector == "MED" or actor.kind == "media":
                for alias in (actor.name, *actor.aliases):
                    names.setdefault(alias.lower(), actor.name)
        return names

    @cached_property
    def de_facto(self) -> tuple[DeFacto, ...]:
        """De facto authorities: how texts name them and their display names."""
        return load_de_facto()
