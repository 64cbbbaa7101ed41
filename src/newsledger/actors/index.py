"""The actor dictionary as an index, and the words of a phrase matched against it.

`entities.resolve_actor` reads a phrase as `Word`s and looks for dictionary names in
them (`dictionary_matches`), longest first; `pick_row` chooses among the rows of one
name the one in office on a date.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..lexicon import ActorEntry, index_by_name, load_actors, normalize_name

_WORD = re.compile(r"[^\W_](?:[\w.’'&\-]*[^\W_])?(?:[’']s?)?")
_POSSESSIVE = re.compile(r"[’'](s)?$")
_PARTICLE = re.compile(r"(?:al|el|ad|ash|as|bin|ibn|ben|abu|de|di|da|del|van|von|der|le|la|du|dos)-[A-Z]")


@dataclass(frozen=True)
class ActorIndex:
    """The actor dictionary keyed by normalised alias and by id."""

    aliases: Mapping[str, tuple[ActorEntry, ...]]
    by_id: Mapping[str, tuple[ActorEntry, ...]]
    longest: int


@dataclass(frozen=True)
class Word:
    """A word of a phrase: its text, dictionary key, and whether it is possessive or capitalised."""

    text: str
    key: str
    possessive: bool
    capitalized: bool
    raw: str = ""


@dataclass(frozen=True)
class Match:
    """Dictionary rows named by words[start:end]."""

    start: int
    end: int
    entries: tuple[ActorEntry, ...]


def build_index(rows: Iterable[ActorEntry]) -> ActorIndex:
    """Index dictionary rows by every alias (spelling-normalised) and by id."""
    rows = tuple(rows)
    aliases: dict[str, list[ActorEntry]] = {}
    for name, entries in index_by_name(rows).items():
        for key in {name_key(name), name_key(re.sub(r"^the\s+", "", name))}:
            aliases.setdefault(key, [])
            aliases[key].extend(e for e in entries if e not in aliases[key])
    by_id: dict[str, list[ActorEntry]] = {}
    for row in rows:
        by_id.setdefault(row.id, []).append(row)
    longest = max((len(k.split()) for k in aliases), default=1)
    return ActorIndex({k: tuple(v) for k, v in aliases.items()}, {k: tuple(v) for k, v in by_id.items()}, longest)


@functools.cache
def actor_index() -> ActorIndex:
    """The index of the bundled actor dictionary, built once per process."""
    return build_index(load_actors())


def name_key(text: str) -> str:
    """The dictionary key of a name."""
    # Dots go so that "U.S." and "U.S" (a sentence-final dot taken off) find "US".
    return normalize_name(text.replace(".", "")).replace("defense", "defence")


def words_of(text: str) -> list[Word]:
    """The words of a phrase, with possessive endings taken off."""
    out = []
    for m in _WORD.finditer(text):
        raw = m.group()
        bare = _POSSESSIVE.sub("", raw) if len(raw) > 2 else raw
        out.append(Word(bare, name_key(bare), bare != raw, bare[:1].isupper() or bool(_PARTICLE.match(bare)), raw))
    return out


def dictionary_matches(words: Sequence[Word], index: ActorIndex) -> list[Match]:
    """Dictionary names in the words, longest first, left to right."""
    found, i = [], 0
    while i < len(words):
        for j in range(min(len(words), i + index.longest), i, -1):
            if not any(w.capitalized for w in words[i:j]):
                continue
            entries = index.aliases.get(" ".join(w.key for w in words[i:j]))
            if entries:
                found.append(Match(i, j, entries))
                i = j - 1
                break
        i += 1
    return found


def pick_row(entries: Sequence[ActorEntry], when: str | None) -> ActorEntry:
    """The row in office on `when`, else the latest tenure."""
    if when:
        current = [e for e in entries if e.active_on(when)]
        if current:
            return current[0]
    return max(entries, key=lambda e: (e.end is None, e.end or "", e.start or ""))
