"""What the commands share: the --db and --json options, opening the ledger, showing library errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..errors import NewsledgerError
from ..ledger import Ledger, is_database_url
from ..ledger.connect import writable
from ..settings import Settings

DB_KEY = "newsledger.db_path"


def _remember_db(ctx: click.Context, _param: click.Parameter, value: str) -> str:
    # ctx.meta is shared by the whole command chain: the group's error handler names the ledger.
    ctx.meta[DB_KEY] = value
    return value


DB_OPTION = click.option(
    "--db",
    "db_path",
    default=Settings().db_path,
    show_default=True,
    envvar="NEWSLEDGER_DB",
    help="SQLite ledger file (env NEWSLEDGER_DB).",
    callback=_remember_db,
)

JSON_OPTION = click.option(
    "--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), help="Also write scores as JSON."
)


class LedgerCommandError(click.ClickException):
    """A library error shown to the user, with exit code 3."""

    exit_code = 3


def write_json(path: Path | None, payload: dict[str, Any]) -> None:
    """Write `payload` as indented JSON to `path`, when one is given."""
    if path:
        path.write_text(json.dumps(payload, indent=2), encoding="utf-8")


def open_ledger(db_path: str, must_exist: bool = True) -> Ledger:
    """Open the ledger; one the user cannot write is opened read-only (reading commands only need that)."""
    is_file = db_path != ":memory:" and not is_database_url(db_path)
    if must_exist and is_file and not Path(db_path).exists():
        raise LedgerCommandError(f"no ledger at {db_path}: run `newsledger ingest PATH --db {db_path}` first")
    read_only = must_exist and is_file and not writable(db_path)
    try:
        return Ledger(db_path, read_only=read_only)
    except NewsledgerError as exc:
        raise LedgerCommandError(str(exc)) from exc
