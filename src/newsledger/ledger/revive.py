"""Rebuilding records from their stored `as_dict()` JSON, fast.

`reviver(cls)` walks a record type's hints once and returns a function equal to
`records.from_dict(cls, data)`; reading a large ledger rebuilds millions of records.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable
from dataclasses import MISSING, fields, is_dataclass
from typing import Any

from ..records import as_dict, from_dict


@functools.cache
def reviver(cls: type) -> Callable[[dict[str, Any]], Any]:
    """Return a function equal to `from_dict(cls, data)`, with the type hints walked once, not per record."""
    hints = typing.get_type_hints(cls)
    plan = [(f.name, _value_reviver(hints.get(f.name))) for f in fields(cls)]
    defaults = {f.name: f.default for f in fields(cls) if f.default is not MISSING}
    factories = [(f.name, f.default_factory) for f in fields(cls) if f.default_factory is not MISSING]
    # The records are plain frozen dataclasses (no __post_init__), checked when written: filling
    # the instance dict directly gives the object `cls(**kwargs)` would, without its slow __init__.
    if any(hasattr(cls, name) for name in ("__post_init__", "__slots__")):
        return functools.partial(from_dict, cls)

    def revive(data: dict[str, Any]) -> Any:
        values = {**defaults, **{name: None if data[name] is None else how(data[name])
                                 for name, how in plan if name in data}}
        for name, factory in factories:
            if name not in values:
                values[name] = factory()
        record = object.__new__(cls)
        record.__dict__.update(values)
        return record
    return revive


def _value_reviver(hint: Any) -> Callable[[Any], Any]:
    """How `records._revive` rebuilds a non-None value of this type hint."""
    args, origin = typing.get_args(hint), typing.get_origin(hint)
    if is_dataclass(hint):
        return reviver(hint)
    if origin is tuple:
        inner = _value_reviver(args[0] if args else None)
        if inner is _same:
            return tuple
        return lambda value: tuple(None if v is None else inner(v) for v in value)
    record = next((reviver(arg) for arg in args if is_dataclass(arg)), None)
    if record is None:
        return _same
    return lambda value: record(value) if isinstance(value, dict) else value


def _same(value: Any) -> Any:
    return value


def record_defaults(cls: type) -> dict[str, Any]:
    """The `as_dict()` form of each field default of a record type."""
    defaults: dict[str, Any] = {}
    for f in fields(cls):
        if f.default is not MISSING:
            value = f.default
        elif f.default_factory is not MISSING:
            value = f.default_factory()
        else:
            continue
        defaults[f.name] = as_dict(value) if is_dataclass(value) else list(value) if isinstance(value, tuple) else value
    return defaults
