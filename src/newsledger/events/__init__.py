"""Events: who did what to whom (PLOVER and ACLED types), with their parties settled."""

from .extract import attribute_events, extract_events
from .parties import DeFacto, load_de_facto, settle_parties
from .types import load_event_typer

__all__ = ["DeFacto", "attribute_events", "extract_events", "load_de_facto", "load_event_typer", "settle_parties"]
