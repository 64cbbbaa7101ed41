"""Each closed vocabulary is defined once, in records.py; the contract, the API and the CLI offer exactly it."""

from __future__ import annotations

import ast
import typing
from pathlib import Path
from typing import Any

import click
import pytest
from fastapi import FastAPI

from newsledger import records
from newsledger.cli import cli
from newsledger.ledger import contract
from newsledger.ledger.export import ExportFormat
from newsledger.web.api import router

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "newsledger"

# Each vocabulary: its Literal in records and the tuple derived from it.
VOCABULARIES = {
    "SECTORS": records.Sector,
    "PRECISIONS": records.Precision,
    "PLACE_PRECISIONS": records.PlacePrecision,
    "FIGURE_KINDS": records.FigureKind,
    "QUALIFIERS": records.Qualifier,
    "GROUPS": records.Group,
    "STANCES": records.Stance,
    "EVENT_STATUSES": records.EventStatus,
    "DATE_METHODS": records.DateMethod,
    "DATE_SOURCES": records.DateSource,
    "PLACE_SOURCES": records.PlaceSource,
}

# Copies still written in modules whose owners convert them (the regroup of issue 13 is under way).
# This set may only shrink: a new copy anywhere else fails `test_no_vocabulary_is_written_twice`.
PENDING: set[tuple[str, str]] = set()


@pytest.mark.parametrize("name", sorted(VOCABULARIES))
def test_the_tuple_is_the_literal(name):
    assert getattr(records, name) == typing.get_args(VOCABULARIES[name])
    assert len(set(getattr(records, name))) == len(getattr(records, name))


@pytest.mark.parametrize("name", [*sorted(VOCABULARIES), "PLOVER_TYPES"])
def test_the_contract_uses_the_vocabulary(name):
    assert getattr(contract, name) == getattr(records, name)


def _field_values(specs: Any, field: str) -> tuple[Any, ...]:
    [spec] = [spec for spec in specs if spec.name == field]
    return spec.values


def test_the_contract_fields_take_the_vocabularies():
    assert _field_values(contract.FILES["figures"], "kind") == records.FIGURE_KINDS
    assert _field_values(contract.FILES["figures"], "qualifier") == records.QUALIFIERS
    assert _field_values(contract.FILES["figures"], "group") == records.GROUPS
    assert _field_values(contract.FILES["claims"], "stance") == records.STANCES
    assert _field_values(contract.FILES["events"], "status") == records.EVENT_STATUSES
    assert _field_values(contract.FILES["events"], "type") == records.PLOVER_TYPES
    assert _field_values(contract.FILES["tallies"], "kind") == records.FIGURE_KINDS
    assert _field_values(contract.SHAPES["actor"], "sector") == records.SECTORS
    assert _field_values(contract.SHAPES["place"], "precision") == records.PLACE_PRECISIONS
    assert _field_values(contract.SHAPES["published"], "method") == records.DATE_METHODS
    assert _field_values(contract.EXTRA_FIELDS["events"], "date_source") == records.DATE_SOURCES
    assert _field_values(contract.EXTRA_FIELDS["events"], "place_source") == records.PLACE_SOURCES


def _enum(schema: Any) -> list[str]:
    """The enum of a parameter schema, wherever pydantic put it (directly, or under anyOf with null)."""
    if "enum" in schema:
        return schema["enum"]
    return [value for option in schema.get("anyOf", []) for value in _enum(option)]


def _api_choices() -> dict[tuple[str, str], list[str]]:
    app = FastAPI()
    app.include_router(router)
    paths = app.openapi()["paths"]
    return {
        (path, param["name"]): _enum(param["schema"])
        for path, methods in paths.items()
        for param in methods.get("get", {}).get("parameters", [])
        if _enum(param["schema"])
    }


def test_the_api_offers_the_vocabularies():
    choices = _api_choices()
    assert choices[("/api/figures", "kind")] == list(records.FIGURE_KINDS)
    assert choices[("/api/figures", "group")] == list(records.GROUPS)
    assert choices[("/api/claims", "stance")] == list(records.STANCES)
    assert choices[("/api/events", "status")] == list(records.EVENT_STATUSES)


def _cli_choices(command: str, option: str) -> tuple[str, ...]:
    [param] = [p for p in cli.commands[command].params if option in p.opts]
    assert isinstance(param.type, click.Choice)
    return tuple(param.type.choices)


def test_the_cli_offers_the_vocabularies():
    assert _cli_choices("figures", "--kind") == records.FIGURE_KINDS
    assert _cli_choices("figures", "--group") == records.GROUPS
    assert _cli_choices("claims", "--stance") == records.STANCES
    assert _cli_choices("events", "--status") == records.EVENT_STATUSES
    assert _cli_choices("export", "--format") == typing.get_args(ExportFormat)


def _string_collections(tree: ast.AST) -> list[frozenset[str]]:
    """Every tuple, list or set literal made only of strings (two or more), as a set."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)) and len(node.elts) > 1:
            if all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
                found.append(frozenset(e.value for e in node.elts))  # type: ignore[attr-defined]
    return found


def test_no_vocabulary_is_written_twice():
    """Outside records.py no literal spells a whole vocabulary again (a subset, like ("GOV", "MIL"), is a rule)."""
    vocabularies = {name: frozenset(getattr(records, name)) for name in [*VOCABULARIES, "PLOVER_TYPES"]}
    copies = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "records.py" and path.parent == PACKAGE:
            continue
        module = ".".join(("newsledger", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")
        for values in _string_collections(ast.parse(path.read_text(encoding="utf-8"))):
            copies |= {(module, name) for name, vocabulary in vocabularies.items() if values == vocabulary}
    assert copies <= PENDING


def test_the_copy_finder_sees_a_copy():
    tree = ast.parse('KINDS = frozenset({"killed", "injured"})\nX = ("a", 1)\ndef f():\n    return ["b", "c"]\n')
    assert _string_collections(tree) == [frozenset({"killed", "injured"}), frozenset({"b", "c"})]
