"""The curated data files (gazetteer, actor dictionary) as frozen, validated records.

Both files are UTF-8 TSV with a header row and a `source` column; their columns
are described in `data/README.md`. Loading validates every row and raises
`FormatError` naming the file, line and field at the first bad value. Nothing is
cached here: `Dictionaries` holds both files and the indexes built from them, and
`resources.Resources` loads it once and passes it to the stages.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import TypeVar

from .errors import FormatError
from .records import PLACE_PRECISIONS, Actor, Place
from .records import SECTORS as ALL_SECTORS

GAZETTEER_COLUMNS = (
    "id", "name", "aliases", "country", "lat", "lon", "geonameid", "feature", "precision", "admin1", "source",
)
ACTOR_COLUMNS = ("id", "name", "aliases", "country", "sector", "kind", "role", "start", "end", "source")
FEATURES = frozenset({
    "country", "capital", "city", "town", "village", "province", "district", "territory",
    "region", "mountain", "river", "lake", "sea", "corridor",
})
PRECISIONS = frozenset(PLACE_PRECISIONS)
SECTORS = frozenset(ALL_SECTORS)
KINDS = frozenset({"state", "org", "person", "demonym", "agency", "media"})
_ISO3 = re.compile(r"[A-Z]{3}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WORD_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-"})


@dataclass(frozen=True)
class GazetteerEntry:
    """One place of the gazetteer: names, coordinates and how precise they are."""

    id: str
    name: str
    aliases: tuple[str, ...]
    country: str | None
    lat: float
    lon: float
    geonameid: int | None
    feature: str
    precision: str
    admin1: str | None
    source: str

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by the aliases."""
        return (self.name, *self.aliases)

    def to_place(self) -> Place:
        """Return the ledger record of this place."""
        return Place(self.name, self.country, self.lat, self.lon, self.geonameid, self.precision)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ActorEntry:
    """One row of the actor dictionary: an actor, or one tenure of an office holder.

    Rows sharing an `id` are the same actor (a person holding several offices,
    or one office twice); they agree on name, kind and country.
    """

    id: str
    name: str
    aliases: tuple[str, ...]
    country: str | None
    sector: str | None
    kind: str
    role: str | None
    start: str | None
    end: str | None
    source: str

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by the aliases."""
        return (self.name, *self.aliases)

    def active_on(self, day: str) -> bool:
        """Whether the tenure covers `day` (YYYY-MM-DD); open ends count as covering."""
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    def to_actor(self, text: str | None = None) -> Actor:
        """Return the ledger record of this actor, with the words used in the text."""
        return Actor(self.name, self.id, self.country, self.sector, self.role, text)  # type: ignore[arg-type]


def data_path(filename: str) -> Path:
    """Return the path of a file shipped in `newsledger/data/`."""
    return Path(str(resources.files("newsledger") / "data" / filename))


def load_gazetteer(path: Path | None = None) -> tuple[GazetteerEntry, ...]:
    """Load and validate the gazetteer.

    Args:
        path: a gazetteer TSV; the bundled `data/gazetteer.tsv` when None.

    Returns:
        Every place, in file order.

    Raises:
        FormatError: a column is missing or a value is malformed.
    """
    source = path or data_path("gazetteer.tsv")
    entries = tuple(_gazetteer_entry(row, where) for row, where in _read_tsv(source, GAZETTEER_COLUMNS))
    _check_unique_ids(entries, source)
    return entries


def load_actors(path: Path | None = None) -> tuple[ActorEntry, ...]:
    """Load and validate the actor dictionary.

    Args:
        path: an actor TSV; the bundled `data/actors.tsv` when None.

    Returns:
        Every row, in file order (an office holder has one row per tenure).

    Raises:
        FormatError: a column is missing, a value is malformed, or rows of one id disagree.
    """
    source = path or data_path("actors.tsv")
    entries = tuple(_actor_entry(row, where) for row, where in _read_tsv(source, ACTOR_COLUMNS))
    _check_actor_ids(entries, source)
    return entries


@dataclass(frozen=True)
class Dictionaries:
    """The actor dictionary and the gazetteer, with the name indexes several stages read (built on first use)."""

    actors: tuple[ActorEntry, ...]
    gazetteer: tuple[GazetteerEntry, ...]

    @classmethod
    def load(cls, actors: Path | None = None, gazetteer: Path | None = None) -> Dictionaries:
        """Load both files (the bundled ones where a path is None)."""
        return cls(load_actors(actors), load_gazetteer(gazetteer))

    @cached_property
    def actors_by_name(self) -> Mapping[str, tuple[ActorEntry, ...]]:
        """Every actor row under each of its normalised names."""
        return index_by_name(self.actors)

    @cached_property
    def actors_by_id(self) -> Mapping[str, ActorEntry]:
        """The last row of each actor id (an office holder's latest tenure comes last)."""
        return {entry.id: entry for entry in self.actors}

    @cached_property
    def states(self) -> Mapping[str, ActorEntry]:
        """State rows by lowercase id ("state:arm")."""
        return {a.id.lower(): a for a in self.actors if a.kind == "state"}

    @cached_property
    def places_by_name(self) -> Mapping[str, tuple[GazetteerEntry, ...]]:
        """Every gazetteer row under each of its normalised names."""
        return index_by_name(self.gazetteer)

    @cached_property
    def places_by_id(self) -> Mapping[str, GazetteerEntry]:
        """Gazetteer rows by id."""
        return {entry.id: entry for entry in self.gazetteer}


def normalize_name(text: str) -> str:
    """Return the lookup key of a name: casefolded, dashes and apostrophes unified, spaces collapsed."""
    if text.isascii() and text.isalpha():
        return text.lower()  # one plain word (most calls): nothing to unify, and casefold is lower in ASCII
    text = text.translate(_APOSTROPHES).translate(_DASHES)
    return " ".join(_WORD_HYPHEN.sub(" ", text).casefold().split())


def spelling_variants(text: str) -> tuple[str, ...]:
    """Return the spellings of a name news uses: hyphen, space or en dash; Defence or Defense; ' or ’.

    The written form comes first; the order of the rest is stable.
    """
    forms = [text]
    for expand in (_hyphen_forms, _defence_forms, _apostrophe_forms):
        forms = [variant for form in forms for variant in expand(form)]
    return tuple(dict.fromkeys(forms))


E = TypeVar("E", GazetteerEntry, ActorEntry)


def index_by_name(entries: Iterable[E]) -> Mapping[str, tuple[E, ...]]:
    """Map the normalized form of every name and alias to the entries bearing it, in file order.

    Names are pooled per id, so every tenure of an office holder is found by
    any alias written on any of their rows.
    """
    rows = list(entries)
    keys: dict[str, dict[str, None]] = {}
    for entry in rows:
        keys.setdefault(entry.id, {}).update(dict.fromkeys(normalize_name(n) for n in entry.names))
    index: dict[str, list[E]] = {}
    for entry in rows:
        for key in keys[entry.id]:
            index.setdefault(key, []).append(entry)
    return {key: tuple(found) for key, found in index.items()}


def _hyphen_forms(text: str) -> list[str]:
    if not _WORD_HYPHEN.search(text):
        return [text]
    return [text, _WORD_HYPHEN.sub(" ", text), _WORD_HYPHEN.sub("–", text)]


def _defence_forms(text: str) -> list[str]:
    american = text.replace("Defence", "Defense").replace("defence", "defense")
    return [text] if american == text else [text, american]


def _apostrophe_forms(text: str) -> list[str]:
    return [text] if "'" not in text else [text, text.replace("'", "’")]


def _read_tsv(path: Path, columns: tuple[str, ...]) -> Iterable[tuple[dict[str, str], str]]:
    """Yield each row with its location ("file:line") after checking the header and field count."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FormatError(f"cannot read data file {path}: {exc}") from exc
    reader = csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, [])
    missing = [c for c in columns if c not in header]
    if missing:
        raise FormatError(f"{path.name}: missing columns {missing} (header {header})")
    for line, fields in enumerate(reader, start=2):
        if not any(fields):
            continue
        where = f"{path.name}:{line}"
        if len(fields) != len(header):
            raise FormatError(f"{where}: {len(fields)} fields, expected {len(header)}")
        yield dict(zip(header, fields, strict=True)), where


def _gazetteer_entry(row: dict[str, str], where: str) -> GazetteerEntry:
    lat = _number(row, "lat", where, -90.0, 90.0)
    lon = _number(row, "lon", where, -180.0, 180.0)
    geonameid = row["geonameid"].strip()
    if geonameid and not geonameid.isdigit():
        raise FormatError(f"{where}: geonameid {geonameid!r} is not a positive integer")
    return GazetteerEntry(
        id=_required(row, "id", where),
        name=_required(row, "name", where),
        aliases=_aliases(row),
        country=_country(row, where),
        lat=lat,
        lon=lon,
        geonameid=int(geonameid) if geonameid else None,
        feature=_choice(row, "feature", FEATURES, where),
        precision=_choice(row, "precision", PRECISIONS, where),
        admin1=row["admin1"].strip() or None,
        source=_required(row, "source", where),
    )


def _actor_entry(row: dict[str, str], where: str) -> ActorEntry:
    start, end = _date(row, "start", where), _date(row, "end", where)
    if start and end and end < start:
        raise FormatError(f"{where}: tenure ends ({end}) before it starts ({start})")
    sector = row["sector"].strip()
    return ActorEntry(
        id=_required(row, "id", where),
        name=_required(row, "name", where),
        aliases=_aliases(row),
        country=_country(row, where),
        sector=_choice(row, "sector", SECTORS, where) if sector else None,
        kind=_choice(row, "kind", KINDS, where),
        role=row["role"].strip() or None,
        start=start,
        end=end,
        source=_required(row, "source", where),
    )


def _required(row: dict[str, str], column: str, where: str) -> str:
    value = row[column].strip()
    if not value:
        raise FormatError(f"{where}: {column} is empty")
    return value


def _aliases(row: dict[str, str]) -> tuple[str, ...]:
    return tuple(a.strip() for a in row["aliases"].split("|") if a.strip())


def _country(row: dict[str, str], where: str) -> str | None:
    value = row["country"].strip()
    if value and not _ISO3.fullmatch(value):
        raise FormatError(f"{where}: country {value!r} is not an ISO 3166 alpha-3 code")
    return value or None


def _choice(row: dict[str, str], column: str, allowed: frozenset[str], where: str) -> str:
    value = row[column].strip()
    if value not in allowed:
        raise FormatError(f"{where}: {column} {value!r} is not one of {sorted(allowed)}")
    return value


def _number(row: dict[str, str], column: str, where: str, low: float, high: float) -> float:
    try:
        value = float(row[column])
    except ValueError:
        raise FormatError(f"{where}: {column} {row[column]!r} is not a number") from None
    if not low <= value <= high:
        raise FormatError(f"{where}: {column} {value} is outside [{low}, {high}]")
    return value


def _date(row: dict[str, str], column: str, where: str) -> str | None:
    value = row[column].strip()
    if not value:
        return None
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        date.fromisoformat(value)
    except ValueError:
        raise FormatError(f"{where}: {column} {value!r} is not a date YYYY-MM-DD") from None
    return value


def _check_unique_ids(entries: tuple[GazetteerEntry, ...], source: Path) -> None:
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            raise FormatError(f"{source.name}: id {entry.id!r} is used twice")
        seen.add(entry.id)


def _check_actor_ids(entries: tuple[ActorEntry, ...], source: Path) -> None:
    """Rows of one id must name the same actor, and one office's tenures must not overlap."""
    first: dict[str, ActorEntry] = {}
    for entry in entries:
        head = first.setdefault(entry.id, entry)
        if (head.name, head.kind, head.country) != (entry.name, entry.kind, entry.country):
            raise FormatError(f"{source.name}: rows of id {entry.id!r} disagree on name, kind or country")
    tenures: dict[tuple[str, str | None], list[ActorEntry]] = {}
    for entry in entries:
        tenures.setdefault((entry.id, entry.role), []).append(entry)
    for (actor_id, role), group in tenures.items():
        if any(_overlap(a, b) for i, a in enumerate(group) for b in group[i + 1 :]):
            raise FormatError(f"{source.name}: tenures of {actor_id!r} as {role!r} overlap")


def _overlap(a: ActorEntry, b: ActorEntry) -> bool:
    if a.start is None or b.start is None:
        return False
    return a.start < (b.end or "9999-12-31") and b.start < (a.end or "9999-12-31")
