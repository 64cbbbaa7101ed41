"""Actors: mentions of people, groups and states resolved against the actor dictionary."""

from .entities import is_person, resolve_actor
from .mentions import extract_actor_mentions

__all__ = ["extract_actor_mentions", "is_person", "resolve_actor"]
