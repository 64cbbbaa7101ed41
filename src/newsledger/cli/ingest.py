"""Commands that fill the ledger: ingest, watch, reanalyze, link."""

from __future__ import annotations

import sys

import click
from tqdm import tqdm

from .common import DB_OPTION, LedgerCommandError, open_ledger
from ..errors import NewsledgerError
from ..ingest import IngestReport, ingest as run_ingest, reanalyze as run_reanalyze
from ..linking import LinkReport, link as run_link
from ..resources import Resources
from ..settings import Settings


@click.command()
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@click.option("--batch-size", default=Settings().batch_size, show_default=True, help="Documents per batch.")
@click.option("--store-docs", default=Settings().store_docs, show_default=True,
              help="Analysed documents stored per ledger transaction (an interrupted run analyses the unstored "
                   "ones again).")
@click.option("--workers", default=Settings().workers, show_default=True,
              help="Processes analysing documents (0: one per core, at most 4, as free memory allows; "
                   "a small input stays in one process).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default=Settings().engine, show_default=True,
              help="Analyse on this machine or on a Dask cluster.")
@click.option("--scheduler", default=Settings().scheduler, show_default=True,
              help="With --engine dask: scheduler address (tcp://host:8786) or `local`.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, summary only.")
@click.option("--no-gate", is_flag=True, help="Analyse every article: no relevance gate.")
def ingest(paths: tuple[str, ...], db_path: str, batch_size: int, store_docs: int, workers: int, engine: str,
           scheduler: str, quiet: bool, no_gate: bool) -> None:
    """Read articles into the ledger; already known documents are skipped.

    PATHS are files (.txt .html .json .jsonl .csv .rss .atom .warc), folders (recursive),
    feed URLs, or - for stdin.

    Example: newsledger ingest examples/karabakh --db karabakh.db --workers 2
    """
    settings = Settings(db_path=db_path, batch_size=batch_size, store_docs=store_docs, workers=workers, engine=engine,
                        scheduler=scheduler, gate=not no_gate)
    resources = Resources(settings)
    with open_ledger(db_path, must_exist=False) as ledger:
        bar = tqdm(unit="doc", desc="ingest", disable=quiet or None, file=sys.stderr)
        try:
            report = run_ingest(list(paths), ledger, resources, stdin=sys.stdin.buffer, on_progress=bar.update)
        except NewsledgerError as exc:
            raise LedgerCommandError(str(exc)) from exc
        finally:
            bar.close()
        _print_summary(report, ledger.stats(), db_path)
    if not report.ok:
        sys.exit(1)


def _print_summary(report: IngestReport, totals: dict[str, int], db_path: str) -> None:
    click.echo(
        f"read {report.read} documents: {report.added} added, "
        f"{report.already_known} already in the ledger, {len(report.failures)} inputs failed"
    )
    if report.passed_over:
        click.echo(f"relevance gate: {report.passed_over} documents stored not analysed (see `newsledger reanalyze`)")
    if report.counts:
        click.echo("extracted: " + ", ".join(f"{v} {k}" for k, v in sorted(report.counts.items())))
    if report.linked:
        click.echo(linked_line(report.linked))
    click.echo(f"ledger {db_path}: " + ", ".join(f"{v} {k}" for k, v in totals.items()))
    for failure in report.failures:
        click.echo(f"FAILED {failure.source}: {failure.reason}", err=True)


@click.command("watch")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@DB_OPTION
@click.option("--poll", default=2.0, show_default=True, help="Seconds between two looks at the folder.")
def watch_command(folder: str, db_path: str, poll: float) -> None:
    """Ingest new files of FOLDER as they appear (Ctrl-C stops).

    Example: newsledger watch inbox/ --db karabakh.db
    """
    from ..watch import WatchBatch, watch

    def report(batch: WatchBatch) -> None:
        click.echo(f"{len(batch.paths)} files: {batch.report.added} documents added, {len(batch.report.failures)} failed")
        for failure in batch.report.failures:
            click.echo(f"FAILED {failure.source}: {failure.reason}", err=True)

    click.echo(f"watching {folder} into {db_path} (Ctrl-C stops)")
    try:
        count = watch(folder, db_path, Settings(db_path=db_path), poll, None, report)
    except KeyboardInterrupt:
        return
    click.echo(f"{count} files ingested")


def linked_line(linked: LinkReport) -> str:
    """One line saying what linking did: stories, episodes, merged events, tallies, contradictions."""
    scope = "in the relinked episodes: " if linked.incremental else ""
    return (
        f"linked ({'incremental' if linked.incremental else 'full'}: {linked.reason}): {linked.stories} stories in "
        f"{linked.episodes} episodes; {scope}{linked.merged_events} events reported by several documents, "
        f"{linked.tallies} tallies, {linked.contradictions} contradictions"
    )


@click.command()
@DB_OPTION
@click.option("--all", "everything", is_flag=True, help="Analyse every document the gate passed over.")
@click.option("--below", "threshold", type=click.FloatRange(0, 1),
              help="Lower the gate to SCORE: analyse the passed-over documents scoring at least SCORE.")
def reanalyze(db_path: str, everything: bool, threshold: float | None) -> None:
    """Run the full pipeline on documents the relevance gate passed over, then link.

    Without options, documents the current gate now lets through (after the gate or
    its threshold changed) are analysed.

    Example: newsledger reanalyze --db news.db --below 0.2
    """
    with open_ledger(db_path) as ledger:
        report = run_reanalyze(ledger, Resources(Settings(db_path=db_path)), everything=everything,
                               threshold=threshold)
        click.echo(f"{report.read} documents not analysed: {report.added} analysed now, "
                   f"{report.passed_over} still passed over")
        if report.linked:
            click.echo(linked_line(report.linked))


@click.command("link")
@DB_OPTION
@click.option("--full", is_flag=True, help="Relink the whole ledger with a fresh idf (ingest links incrementally).")
def link_command(db_path: str, full: bool) -> None:
    """Link the ledger's documents into stories and episodes, and merge, tally and compare them.

    `ingest` links after storing; this links again, incrementally unless --full.

    Example: newsledger link --db karabakh.db --full
    """
    with open_ledger(db_path) as ledger:
        click.echo(linked_line(run_link(ledger, full)))


COMMANDS = (ingest, watch_command, reanalyze, link_command)
