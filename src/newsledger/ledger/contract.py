"""The export contract of LEDGER.md (v1) as data, and validators for an export directory.

`FILES` lists, for each export file, its required fields and their JSON types;
`SHAPES` does the same for the nested shapes (span, actor, place, date_range,
published, ...). A type is a JSON type name ("str", "int", "number", "bool",
"null"), a shape name, or "list[T]". Extra fields are allowed everywhere: the
contract only says what must be there.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..errors import FormatError
from ..records import (  # the vocabularies, each defined once in records
    DATE_METHODS, DATE_SOURCES, EVENT_STATUSES, FIGURE_KINDS, GROUPS, PLACE_PRECISIONS, PLACE_SOURCES, PLOVER_TYPES,
    PRECISIONS, QUALIFIERS, SECTORS, STANCES,
)

FORMAT = "newsledger-ledger"
VERSION = 1

DATE = r"\d{4}-\d{2}-\d{2}"
ISO3 = r"[A-Z]{3}"
ISO639_1 = r"[a-z]{2}"


@dataclass(frozen=True)
class FieldSpec:
    """One required field: its name, allowed types, and optional value constraints."""

    name: str
    types: tuple[str, ...]
    values: tuple[Any, ...] = ()
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None


def _f(name: str, types: str, **constraints: Any) -> FieldSpec:
    return FieldSpec(name, tuple(types.split("|")), **constraints)


_DATE_RANGE = (
    _f("start", "str|null", pattern=DATE),
    _f("end", "str|null", pattern=DATE),
    _f("precision", "str|null", values=PRECISIONS),
)
_ACTOR = (
    _f("name", "str"),
    _f("id", "str|null"),
    _f("country", "str|null", pattern=ISO3),
    _f("sector", "str|null", values=SECTORS),
)

SHAPES: Mapping[str, tuple[FieldSpec, ...]] = MappingProxyType({
    "span": (_f("doc_id", "str"), _f("start", "int", minimum=0), _f("end", "int", minimum=0), _f("text", "str")),
    "actor": _ACTOR,
    "speaker": (*_ACTOR, _f("text", "str")),
    "place": (
        _f("name", "str"),
        _f("country", "str|null", pattern=ISO3),
        _f("lat", "number|null", minimum=-90, maximum=90),
        _f("lon", "number|null", minimum=-180, maximum=180),
        _f("geonameid", "int|null"),
        _f("precision", "str|null", values=PLACE_PRECISIONS),
    ),
    "date_range": _DATE_RANGE,
    "period": (*_DATE_RANGE, _f("label", "str|null")),
    "published": (*_DATE_RANGE, _f("method", "str", values=DATE_METHODS), _f("evidence", "list[str]")),
})
"""The nested shapes of LEDGER.md ("speaker" is an actor with the words used, "period" a labelled range)."""

FILES: Mapping[str, tuple[FieldSpec, ...]] = MappingProxyType({
    "documents": (
        _f("id", "str"), _f("source_path", "str|null"), _f("url", "str|null"),
        _f("source_name", "str|null"), _f("title", "str|null"),
        _f("language", "str|null", pattern=ISO639_1), _f("text", "str"),
        _f("removed", "list[str]"), _f("published", "published|null"),
        _f("story_id", "str|null"), _f("episode_id", "str|null"),
        _f("analysed", "bool"), _f("relevance", "number|null", minimum=0, maximum=1),
    ),
    "mentions": (
        _f("id", "str"), _f("doc_id", "str"), _f("evidence", "span"),
        _f("kind", "str", values=("actor", "place")), _f("actor", "actor|null"), _f("place", "place|null"),
    ),
    "figures": (
        _f("id", "str"), _f("doc_id", "str"), _f("evidence", "span"),
        _f("kind", "str", values=FIGURE_KINDS), _f("low", "int", minimum=0), _f("high", "int|null", minimum=0),
        _f("qualifier", "str", values=QUALIFIERS), _f("group", "str", values=GROUPS),
        _f("side", "actor|null"), _f("place", "place|null"), _f("period", "period|null"),
        _f("cumulative", "bool"), _f("historical", "bool"), _f("attributed_to", "actor|null"),
    ),
    "claims": (
        _f("id", "str"), _f("doc_id", "str"), _f("evidence", "span"), _f("speaker", "speaker"),
        _f("cue", "str"), _f("stance", "str", values=STANCES), _f("content", "str"),
        _f("about", "list[str]"), _f("contradicts", "list[str]"),
    ),
    "events": (
        _f("id", "str"), _f("doc_ids", "list[str]"), _f("evidence", "list[span]"),
        _f("type", "str", values=PLOVER_TYPES), _f("mode", "str|null"),
        _f("acled_type", "str|null"), _f("acled_sub_type", "str|null"),
        _f("actor", "actor|null"), _f("target", "actor|null"), _f("place", "place|null"),
        _f("date", "date_range"), _f("status", "str", values=EVENT_STATUSES),
        _f("attributed_to", "actor|null"), _f("confidence", "number", minimum=0, maximum=1),
    ),
    "stories": (
        _f("id", "str"), _f("episode_id", "str|null"), _f("doc_ids", "list[str]"),
        _f("title", "str|null"), _f("date", "date_range"),
    ),
    "tallies": (
        _f("episode_id", "str"), _f("kind", "str", values=FIGURE_KINDS), _f("group", "str", values=GROUPS),
        _f("side", "actor|null"), _f("low", "int", minimum=0), _f("best", "int", minimum=0),
        _f("high", "int|null", minimum=0), _f("as_of", "str|null", pattern=DATE),
        _f("figure_ids", "list[str]"), _f("note", "str"),
    ),
})
"""Each export file (without extension) and its required fields, in the order files are written."""

EXTRA_FIELDS: Mapping[str, tuple[FieldSpec, ...]] = MappingProxyType({
    "events": (
        # Where the date came from: the event's sentence, its paragraph, the reporting window
        # before publication, or the document's period; null when undated.
        _f("date_source", "str|null", values=DATE_SOURCES),
        # Where the place came from: the event's sentence, its paragraph, the headline (events of the lead), or
        # the document's main theatre.
        _f("place_source", "str|null", values=PLACE_SOURCES),
        # ACLED's geo precision: 1 the place itself, 2 near it or within a region, 3 a region or country.
        _f("geo_precision", "int|null", minimum=1, maximum=3),
        # The actor is inferred from the document's context (the side it reports attacking that target or
        # area, or the only belligerent opposite the target), not named by the event's clause.
        _f("actor_inferred", "bool"),
    ),
})
"""Optional fields added after v1: checked when present, never required (older exports lack them)."""

_JSON_TYPES = {"str": str, "bool": bool, "int": int, "number": (int, float)}


def file_key(file_name: str) -> str:
    """Return the contract key of an export file name ("figures.jsonl" -> "figures")."""
    key = Path(file_name).name.split(".")[0]
    if key not in FILES:
        raise KeyError(f"{file_name!r} is not a ledger export file; expected one of {', '.join(FILES)}")
    return key


def validate_record(file_name: str, obj: Any) -> list[str]:
    """Check one exported object against the contract of its file.

    Args:
        file_name: the export file, with or without extension ("figures.jsonl", "figures").
        obj: the decoded JSON object.

    Returns:
        The problems found, each naming the record and the field; empty when valid.
    """
    key = file_key(file_name)
    if not isinstance(obj, dict):
        return [f"{key}: expected an object, got {_json_type(obj)}"]
    label = f"{key} {obj.get('id', '#')}"
    extras = tuple(spec for spec in EXTRA_FIELDS.get(key, ()) if spec.name in obj)
    problems = _check_fields(obj, FILES[key] + extras, "") or _cross_checks(key, obj)
    return [f"{label}: {problem}" for problem in problems]


def _check_fields(obj: dict[str, Any], specs: tuple[FieldSpec, ...], path: str) -> list[str]:
    problems: list[str] = []
    for spec in specs:
        where = f"{path}.{spec.name}" if path else spec.name
        if spec.name not in obj:
            problems.append(f"{where}: missing")
            continue
        problems += _check_field(obj[spec.name], spec, where)
    return problems


def _check_field(value: Any, spec: FieldSpec, where: str) -> list[str]:
    for type_name in spec.types:
        found = _check_type(value, type_name, where)
        if found is not None:
            return found + _check_constraints(value, spec, where)
    return [f"{where}: expected {' or '.join(spec.types)}, got {_json_type(value)}"]


def _check_type(value: Any, type_name: str, where: str) -> list[str] | None:
    """Problems of `value` as `type_name`, or None when it is not of that JSON kind at all."""
    if type_name == "null":
        return [] if value is None else None
    if type_name in _JSON_TYPES:
        is_bool = isinstance(value, bool)
        ok = isinstance(value, _JSON_TYPES[type_name]) and (is_bool == (type_name == "bool"))
        return [] if ok else None
    if type_name.startswith("list[") and type_name.endswith("]"):
        if not isinstance(value, list):
            return None
        inner = type_name[5:-1]
        problems: list[str] = []
        for i, item in enumerate(value):
            found = _check_type(item, inner, f"{where}[{i}]")
            problems += [f"{where}[{i}]: expected {inner}, got {_json_type(item)}"] if found is None else found
        return problems
    if not isinstance(value, dict):
        return None
    return _check_fields(value, SHAPES[type_name], where)


def _check_constraints(value: Any, spec: FieldSpec, where: str) -> list[str]:
    if value is None:
        return []
    if spec.values and value not in spec.values:
        return [f"{where}: {value!r} is not one of {', '.join(map(str, spec.values))}"]
    if spec.pattern and isinstance(value, str) and not re.fullmatch(spec.pattern, value):
        return [f"{where}: {value!r} does not match {spec.pattern}"]
    if isinstance(value, float) and not math.isfinite(value):
        return [f"{where}: {value} is not a finite number"]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if spec.minimum is not None and value < spec.minimum:
            return [f"{where}: {value} is below {spec.minimum}"]
        if spec.maximum is not None and value > spec.maximum:
            return [f"{where}: {value} is above {spec.maximum}"]
    return []


def _cross_checks(key: str, obj: dict[str, Any]) -> list[str]:
    """Rules that tie fields together; run once the types are right."""
    problems: list[str] = []
    spans = obj["evidence"] if key == "events" else [obj["evidence"]] if "evidence" in obj else []
    for span in spans:
        if span["end"] < span["start"]:
            problems.append(f"evidence ends before it starts ({span['start']}:{span['end']})")
        owners = obj["doc_ids"] if key == "events" else [obj["doc_id"]]
        if span["doc_id"] not in owners:
            problems.append(f"evidence is in document {span['doc_id']}, not in {', '.join(owners)}")
    if key == "events" and not (obj["doc_ids"] and obj["evidence"]):
        problems.append("an event needs at least one document and one evidence span")
    if key == "mentions" and obj[obj["kind"]] is None:
        problems.append(f"kind is {obj['kind']} but {obj['kind']} is null")
    if key in ("figures", "tallies") and obj["high"] is not None and obj["high"] < obj["low"]:
        problems.append(f"high {obj['high']} is below low {obj['low']}")
    if key == "tallies" and not obj["low"] <= obj["best"] <= (obj["high"] if obj["high"] is not None else obj["best"]):
        problems.append(f"best {obj['best']} is outside low..high")
    if key == "documents" and obj["source_path"] is None and obj["url"] is None:
        problems.append("neither source_path nor url is set")
    return problems


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    for name, kind in (("int", int), ("number", float), ("str", str), ("list", list), ("object", dict)):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def read_manifest(export_dir: Path) -> dict[str, Any]:
    """Read `manifest.json` of an export directory.

    Raises:
        FormatError: the manifest is missing, not JSON, or not a v1 ledger export.
    """
    path = Path(export_dir) / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FormatError(f"cannot read {path}: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise FormatError(f"{path} is not a {FORMAT} manifest")
    if manifest.get("version") != VERSION:
        raise FormatError(f"{path}: version {manifest.get('version')!r}, this newsledger reads version {VERSION}")
    return manifest


def read_records(export_dir: Path, key: str) -> Iterator[dict[str, Any]]:
    """Yield the objects of one export file (JSONL or CSV, as the manifest says).

    CSV cells are decoded back to JSON values: strings are plain, an empty cell is
    null where the field may be null, anything else is JSON text.

    Raises:
        FormatError: a line is not valid JSON.
    """
    file_format = read_manifest(export_dir).get("file_format", "jsonl")
    path = Path(export_dir) / f"{key}.{file_format}"
    with path.open(encoding="utf-8", newline="") as handle:
        if file_format == "csv":
            for row in csv.DictReader(handle):
                yield _decode_csv_row(key, row)
            return
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except ValueError as exc:
                raise FormatError(f"{path}:{number}: not valid JSON ({exc})") from exc


def _decode_csv_row(key: str, row: dict[str, str]) -> dict[str, Any]:
    specs = {spec.name: spec for spec in FILES[key]}
    decoded: dict[str, Any] = {}
    for name, cell in row.items():
        spec = specs.get(name)
        plain_text = spec is not None and set(spec.types) <= {"str", "null"}
        if cell == "" and (spec is None or "null" in spec.types):
            decoded[name] = None
        elif plain_text or (spec is None and not _looks_like_json(cell)):
            decoded[name] = cell
        else:
            try:
                decoded[name] = json.loads(cell)
            except ValueError as exc:
                raise FormatError(f"{key}.csv: field {name}: not valid JSON ({exc})") from exc
    return decoded


def _looks_like_json(cell: str) -> bool:
    try:
        json.loads(cell)
    except ValueError:
        return False
    return True


def check_spans(export_dir: Path) -> list[str]:
    """Check every evidence span of an export quotes its document: `text == doc.text[start:end]`.

    Returns:
        The problems found (unknown document, offsets out of range, text mismatch).
    """
    texts = {doc["id"]: doc["text"] for doc in read_records(export_dir, "documents")}
    problems: list[str] = []
    for key in ("mentions", "figures", "claims", "events"):
        for obj in read_records(export_dir, key):
            if "evidence" not in obj:
                problems.append(f"{key} {obj.get('id')}: no evidence")
            for span in _spans(obj):
                problems += _span_problems(f"{key} {obj.get('id')}", span, texts)
    return problems


def _spans(obj: dict[str, Any]) -> Iterator[Any]:
    """The evidence spans of a record, and any other span-shaped field (e.g. a figure's quantity)."""
    for name, value in obj.items():
        items = value if isinstance(value, list) else [value]
        for item in items:
            if name == "evidence" or _is_span(item):
                yield item


def _is_span(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"doc_id", "start", "end", "text"}


def _span_problems(label: str, span: Any, texts: dict[str, str]) -> list[str]:
    if not isinstance(span, dict):
        return [f"{label}: evidence is not a span"]
    text = texts.get(span.get("doc_id"))
    if text is None:
        return [f"{label}: evidence points to unknown document {span.get('doc_id')!r}"]
    start, end = span.get("start"), span.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
        return [f"{label}: evidence offsets {start}:{end} outside document of length {len(text)}"]
    if text[start:end] != span.get("text"):
        return [f"{label}: evidence text {span.get('text')!r} != document text {text[start:end]!r}"]
    return []


def validate_export(export_dir: Path, limit: int = 1000) -> list[str]:
    """Check a whole export: the manifest, every record of every file, and every span.

    Args:
        export_dir: the directory `export()` wrote.
        limit: stop collecting after this many problems.

    Returns:
        The problems found (at most `limit`); empty when the export keeps the contract.
    """
    manifest = read_manifest(export_dir)
    problems: list[str] = []
    for key in FILES:
        count = 0
        for obj in read_records(export_dir, key):
            count += 1
            problems += validate_record(key, obj)
            if len(problems) >= limit:
                return problems[:limit]
        expected = manifest.get("counts", {}).get(key)
        if expected != count:
            problems.append(f"manifest counts {expected} {key}, the file has {count}")
    return (problems + check_spans(export_dir))[:limit]
