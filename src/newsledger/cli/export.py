"""Commands that hand the ledger on: export it as files, check it, serve it over HTTP."""

from __future__ import annotations

import sys
import typing
from pathlib import Path

import click

from .common import DB_OPTION, LedgerCommandError, open_ledger
from ..errors import NewsledgerError
from ..ledger import is_database_url
from ..ledger.check import check_ledger, summary as check_summary
from ..ledger.export import ExportFormat, export as export_ledger

EXPORT_FORMATS = typing.get_args(ExportFormat)


@click.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="jsonl",
              show_default=True, help="jsonl/csv: the LEDGER.md files; acled, ucdp, geojson: field formats (docs/exports.md).")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path))
def export(db_path: str, fmt: str, out_dir: Path) -> None:
    """Write the ledger as LEDGER.md files plus manifest.json, or as ACLED, UCDP GED or GeoJSON files.

    Example: newsledger export --db karabakh.db --format jsonl --out out/
    """
    with open_ledger(db_path) as ledger:
        manifest = export_ledger(ledger, out_dir, fmt)
    counts = manifest.get("counts", {})
    click.echo(f"wrote {out_dir}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))


@click.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--allow-ingest", is_flag=True, help="Accept POST /api/documents (size-limited); read-only otherwise.")
@click.option("--ingest-token", envvar="NEWSLEDGER_INGEST_TOKEN", default=None,
              help="With --allow-ingest: require `Authorization: Bearer TOKEN` (env NEWSLEDGER_INGEST_TOKEN).")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="Also answer requests whose Host is NAME (repeatable); default: the served host and localhost.")
def serve(db_path: str, host: str, port: int, allow_ingest: bool, ingest_token: str | None,
          allowed_hosts: tuple[str, ...]) -> None:
    """Serve the dashboard and the JSON API over a ledger, offline.

    The ledger is checked first (exit 3 when damaged). Requests must name this
    server in their Host header (or an --allowed-host); POST /api/documents takes
    only application/json from this origin (and the token, when one is set).

    Example: newsledger serve --db karabakh.db --port 8000
    """
    from ..web import serve as serve_app

    if ingest_token is not None and not ingest_token.strip():
        raise click.BadParameter("the token is empty", param_hint="--ingest-token")
    click.echo(f"serving {db_path} on http://{host}:{port}/ (Ctrl-C stops)")
    try:
        serve_app(db_path, host=host, port=port, allow_ingest=allow_ingest, ingest_token=ingest_token,
                  allowed_hosts=allowed_hosts)
    except NewsledgerError as exc:
        raise LedgerCommandError(str(exc)) from exc


@click.command("check")
@DB_OPTION
@click.option("--full", is_flag=True, help="Run SQLite's integrity_check (every page) instead of quick_check.")
def check_command(db_path: str, full: bool) -> None:
    """Check a ledger: the file, its migrations, the export contract and every evidence span.

    Reads the ledger without writing it. Exit code 0 when sound, 3 when damaged or invalid.

    Example: newsledger check --db karabakh.db
    """
    if is_database_url(db_path) or not Path(db_path).is_file():
        raise LedgerCommandError(f"no ledger file at {db_path} (check reads SQLite ledger files)")
    report = check_ledger(db_path, full)
    for line in check_summary(report):
        click.echo(line)
    if not report.ok:
        sys.exit(LedgerCommandError.exit_code)


COMMANDS = (export, serve, check_command)
