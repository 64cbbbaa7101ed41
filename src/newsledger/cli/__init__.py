"""The `newsledger` command line: a thin layer over the library.

Exit codes: 0 success; 1 some inputs failed (the rest was processed) or an
evaluation fell below its floor; 2 usage error; 3 a newsledger error stopped
the command (unusable ledger, missing model, malformed gold file).

The commands live by concern: `ingest` fills the ledger (ingest, watch,
reanalyze, link), `browse` reads it (show, figures, claims, events, search,
stats, documents, stories, tallies, contradictions), `export` hands it on
(export, check, serve) and `evaluate` scores the pipeline (eval, eval-*);
`common` holds what they share.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from typing import Any

import click

from . import browse, evaluate, export, ingest
from .common import DB_KEY, LedgerCommandError
from ..errors import NewsledgerError
from ..ledger.connect import DAMAGED_HINT
from ..settings import Settings

log = logging.getLogger(__name__)


class _Commands(click.Group):
    """The command group: a library error or a ledger SQLite cannot read ends any command with exit code 3
    and a message (with advice for a damaged ledger), never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NewsledgerError as exc:
            log.debug("library error", exc_info=True)
            raise LedgerCommandError(f"{exc} [{exc.code}]") from exc
        except sqlite3.Error as exc:
            db_path = _db_of(ctx)
            log.debug("ledger error", exc_info=True)
            raise LedgerCommandError(f"the ledger {db_path} is damaged or unreadable ({exc}): "
                                     + DAMAGED_HINT.format(path=db_path)) from exc


def _db_of(ctx: click.Context) -> str:
    return str(ctx.meta.get(DB_KEY) or Settings().db_path)


@click.group(cls=_Commands, commands=[*ingest.COMMANDS, *browse.COMMANDS, *export.COMMANDS, *evaluate.COMMANDS])
@click.version_option(package_name="newsledger")
@click.option("--verbose", "-v", is_flag=True, help="Log library warnings (e.g. pages trafilatura discards).")
def cli(verbose: bool) -> None:
    """newsledger: turn conflict reporting into a ledger analysts can trust."""
    logging.basicConfig(level=logging.INFO if verbose else logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    if not verbose:
        # Dask configures its loggers at INFO when imported: a local cluster's start-up and shut-down chatter
        # (tracebacks of comms closing included) would bury the summary; failures of analysis still surface
        # as errors. Set through Dask's own configuration, so DASK_LOGGING__DISTRIBUTED still wins.
        os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "critical")


def main() -> None:
    """Entry point for `python -m newsledger`."""
    cli()
