"""The actor dictionary as an index, and the words of a phrase matched against it.

`entities.resolve_actor` reads a phrase as `Word`s and looks for dictionary names in
them (`dictionary_matches`), longest first; `pick_row` chooses among the rows of one
name the one in office on a date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from ..lexicon import ActorEntry, Dictionaries, index_by_name, normalize_name
from ..places.index import PlaceIndex

_WORD = re.compile(r"[^\W_](?:[\w.’'&\-]*[^\W_])?(?:[’']s?)?")
_POSSESSIVE = re.compile(r"[’'](s)?$")
_POSSESSIVE_ENDS = ("'", "’", "'s", "’s")  # what `_POSSESSIVE` can match: words without it skip the regex
_PARTICLE = re.compile(r"(?:al|el|ad|ash|as|bin|ibn|ben|abu|de|di|da|del|van|von|der|le|la|du|dos)-[A-Z]")


@dataclass(frozen=True)
class ActorIndex:
    """The actor dictionary keyed by normalised alias and by id, with the dictionaries and places it was built from."""

    aliases: Mapping[str, tuple[ActorEntry, ...]]
    by_id: Mapping[str, tuple[ActorEntry, ...]]
    longest: int
    dictionaries: Dictionaries
    # Where an actor stands: the countries of the places a sentence names (None: no place index given).
    places: PlaceIndex | None = None

    @cached_property
    def sides(self) -> Mapping[str, ActorEntry]:
        """Demonyms and state names (with capitals as metonyms) → the state whose people they are."""
        actors = self.dictionaries.actors
        states = {a.country: a for a in actors if a.kind == "state" and a.id == f"state:{a.country}"}
        index: dict[str, ActorEntry] = {}
        for entry in actors:
            target = states.get(entry.country or "") if entry.kind == "demonym" else entry
            if entry.kind in ("demonym", "state") and target is not None:
                for name in entry.names:
                    index.setdefault(normalize_name(name), target)
        return index

    @cached_property
    def first_words(self) -> frozenset[str]:
        """The first word of every alias key: a name can only start at a word whose key begins with one."""
        return frozenset(key.split(" ", 1)[0] for key in self.aliases)

    @cached_property
    def state_names(self) -> Mapping[str, str]:
        """Country of every one-word state name and demonym ('Serbian' -> SRB)."""
        return {normalize_name(name): a.country for a in self.dictionaries.actors
                if a.kind in ("state", "demonym") and a.country for name in a.names if " " not in name.strip()}


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


def build_index(
    rows: Iterable[ActorEntry], dictionaries: Dictionaries | None = None, places: PlaceIndex | None = None
) -> ActorIndex:
    """Index dictionary rows by every alias (spelling-normalised) and by id.

    `dictionaries` gives the gazetteer (the state a named place lies in; by default these rows and
    no places) and `places` the place index (where an unplaced actor stands).
    """
    rows = tuple(rows)
    dictionaries = dictionaries or Dictionaries(rows, ())
    aliases: dict[str, list[ActorEntry]] = {}
    for name, entries in index_by_name(rows).items():
        for key in {name_key(name), name_key(re.sub(r"^the\s+", "", name))}:
            aliases.setdefault(key, [])
            aliases[key].extend(e for e in entries if e not in aliases[key])
    by_id: dict[str, list[ActorEntry]] = {}
    for row in rows:
        by_id.setdefault(row.id, []).append(row)
    longest = max((len(k.split()) for k in aliases), default=1)
    return ActorIndex({k: tuple(v) for k, v in aliases.items()}, {k: tuple(v) for k, v in by_id.items()}, longest,
                      dictionaries, places)


def name_key(text: str) -> str:
    """The dictionary key of a name."""
    # Dots go so that "U.S." and "U.S" (a sentence-final dot taken off) find "US".
    return normalize_name(text.replace(".", "")).replace("defense", "defence")


def words_of(text: str) -> list[Word]:
    """The words of a phrase, with possessive endings taken off."""
    out = []
    for m in _WORD.finditer(text):
        raw = m.group()
        bare = _POSSESSIVE.sub("", raw) if len(raw) > 2 and raw.endswith(_POSSESSIVE_ENDS) else raw
        out.append(Word(bare, name_key(bare), bare != raw, bare[:1].isupper() or bool(_PARTICLE.match(bare)), raw))
    return out


def dictionary_matches(words: Sequence[Word], index: ActorIndex) -> list[Match]:
    """Dictionary names in the words, longest first, left to right."""
    found, i = [], 0
    keys = [w.key for w in words]
    while i < len(words):
        # A joined key begins with the first word of its first key: most words start no name.
        if keys[i].split(" ", 1)[0] in index.first_words:
            for j in range(min(len(words), i + index.longest), i, -1):
                if not any(w.capitalized for w in words[i:j]):
                    continue
                entries = index.aliases.get(" ".join(keys[i:j]))
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
