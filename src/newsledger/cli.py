"""The `newsledger` command line: a thin layer over the library.

Exit codes: 0 success; 1 some inputs failed (the rest was processed) or an
evaluation fell below its floor; 2 usage error; 3 a newsledger error stopped
the command (unusable ledger, missing model, malformed gold file).
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

import click
from tqdm import tqdm

from . import views
from .errors import NewsledgerError
from .ledger import Ledger, is_database_url
from .ledger.check import check_ledger, summary as check_summary
from .ledger.connect import DAMAGED_HINT, writable
from .ledger.search import QueryRejected
from .ledger.export import export as export_ledger
from .linking import LinkReport, figure_conflicts, link as run_link
from .ingest import IngestReport, ingest as run_ingest, reanalyze as run_reanalyze
from .resources import Resources
from .settings import Settings

_DB_KEY = "newsledger.db_path"


def _remember_db(ctx: click.Context, _param: click.Parameter, value: str) -> str:
    # ctx.meta is shared by the whole command chain: the group's error handler names the ledger.
    ctx.meta[_DB_KEY] = value
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

log = logging.getLogger(__name__)


JSON_OPTION = click.option(
    "--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), help="Also write scores as JSON."
)


class LedgerCommandError(click.ClickException):
    """A library error shown to the user, with exit code 3."""

    exit_code = 3


def _library(call: Any, *args: Any) -> Any:
    """Call a library function, showing its errors as a command error (exit code 3)."""
    try:
        return call(*args)
    except NewsledgerError as exc:
        raise LedgerCommandError(str(exc)) from exc


def _write_json(path: Path | None, payload: dict[str, Any]) -> None:
    if path:
        path.write_text(json.dumps(payload, indent=2), encoding="utf-8")


def _print_metrics(metrics: Any, verbose: bool) -> None:
    """One line per metric (score, hits, total); with `verbose`, every miss under it."""
    for metric in metrics:
        shown = "-" if metric.score is None else f"{metric.score:.3f}"
        click.echo(f"{metric.name:<22} {shown:>6} {metric.hits:>5} {metric.total:>5}")
        if verbose:
            for miss in metric.misses:
                click.echo(f"    miss: {miss}")


def _open(db_path: str, must_exist: bool = True) -> Ledger:
    """Open the ledger; one the user cannot write is opened read-only (reading commands only need that)."""
    is_file = db_path != ":memory:" and not is_database_url(db_path)
    if must_exist and is_file and not Path(db_path).exists():
        raise LedgerCommandError(f"no ledger at {db_path}: run `newsledger ingest PATH --db {db_path}` first")
    read_only = must_exist and is_file and not writable(db_path)
    try:
        return Ledger(db_path, read_only=read_only)
    except NewsledgerError as exc:
        raise LedgerCommandError(str(exc)) from exc


class _Commands(click.Group):
    """The command group: a ledger SQLite cannot read ends any command with exit code 3 and advice."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except sqlite3.Error as exc:
            db_path = _db_of(ctx)
            log.debug("ledger error", exc_info=True)
            raise LedgerCommandError(f"the ledger {db_path} is damaged or unreadable ({exc}): "
                                     + DAMAGED_HINT.format(path=db_path)) from exc


def _db_of(ctx: click.Context) -> str:
    return str(ctx.meta.get(_DB_KEY) or Settings().db_path)


@click.group(cls=_Commands)
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


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@click.option("--batch-size", default=Settings().batch_size, show_default=True, help="Documents per batch.")
@click.option("--workers", default=Settings().workers, show_default=True,
              help="Processes analysing documents (0: one per core, at most 4, as free memory allows; "
                   "a small input stays in one process).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default=Settings().engine, show_default=True,
              help="Analyse on this machine or on a Dask cluster.")
@click.option("--scheduler", default=Settings().scheduler, show_default=True,
              help="With --engine dask: scheduler address (tcp://host:8786) or `local`.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, summary only.")
@click.option("--no-gate", is_flag=True, help="Analyse every article: no relevance gate.")
def ingest(paths: tuple[str, ...], db_path: str, batch_size: int, workers: int, engine: str, scheduler: str,
           quiet: bool, no_gate: bool) -> None:
    """Read articles into the ledger; already known documents are skipped.

    PATHS are files (.txt .html .json .jsonl .csv .rss .atom .warc), folders (recursive),
    feed URLs, or - for stdin.

    Example: newsledger ingest examples/karabakh --db karabakh.db --workers 2
    """
    settings = Settings(db_path=db_path, batch_size=batch_size, workers=workers, engine=engine, scheduler=scheduler,
                        gate=not no_gate)
    resources = Resources(settings)
    with _open(db_path, must_exist=False) as ledger:
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
        click.echo(_linked_line(report.linked))
    click.echo(f"ledger {db_path}: " + ", ".join(f"{v} {k}" for k, v in totals.items()))
    for failure in report.failures:
        click.echo(f"FAILED {failure.source}: {failure.reason}", err=True)


@cli.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "acled", "ucdp", "geojson"]), default="jsonl",
              show_default=True, help="jsonl/csv: the LEDGER.md files; acled, ucdp, geojson: field formats (docs/exports.md).")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path))
def export(db_path: str, fmt: str, out_dir: Path) -> None:
    """Write the ledger as LEDGER.md files plus manifest.json, or as ACLED, UCDP GED or GeoJSON files.

    Example: newsledger export --db karabakh.db --format jsonl --out out/
    """
    with _open(db_path) as ledger:
        manifest = export_ledger(ledger, out_dir, fmt)
    counts = manifest.get("counts", {})
    click.echo(f"wrote {out_dir}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))


@cli.command()
@click.argument("doc_id")
@DB_OPTION
@click.option("--plain", is_flag=True, help="Text without the ⟦…⟧ marks of extracted facts.")
@click.option("--facts", "facts_table", is_flag=True,
              help="Plain text, then a table of every marked fact: label, kind, id, offsets, its sentence.")
def show(doc_id: str, db_path: str, plain: bool, facts_table: bool) -> None:
    """Print one document: metadata, text with its facts marked, facts, removed lines.

    Figures are marked ⟦F1:…⟧, claims ⟦C1:…⟧ and events ⟦E1:…⟧ in the text; overlapping
    facts share one mark (⟦C3,E5:…⟧) rather than nesting.

    Example: newsledger show doc_0123456789abcdef --db karabakh.db
    """
    with _open(db_path) as ledger:
        doc = ledger.document(doc_id)
        if doc is None:
            raise click.ClickException(f"no document {doc_id!r} in {db_path}")
        figures, claims, events = (
            ledger.figures(doc_id=doc_id),
            ledger.claims(doc_id=doc_id),
            ledger.events(doc_id=doc_id),
        )
    published = doc.published
    click.echo(f"id:        {doc.id}")
    click.echo(f"title:     {doc.title}")
    click.echo(f"outlet:    {views.outlet_label(doc.source_name)}")
    click.echo(f"language:  {doc.language}")
    click.echo(f"published: {f'{published.start}..{published.end} ({published.method})' if published else None}")
    click.echo(f"story:     {doc.story_id}  episode: {doc.episode_id}")
    click.echo(f"source:    {doc.source_path or doc.url}")
    marks = [] if plain or facts_table else views.merge_marks(views.document_marks(figures, claims, events, doc.id))
    click.echo("\n" + views.annotate(doc.text, marks) + "\n")
    if facts_table:
        for line in views.fact_table(views.fact_rows(doc.text, figures, claims, events, doc.id)):
            click.echo(line)
        click.echo("")
    for prefix, records, line in (
        ("F", figures, views.figure_line),
        ("C", claims, views.claim_line),
        ("E", events, views.event_line),
    ):
        for i, record in enumerate(records, 1):
            click.echo(f"{prefix}{i}  {line(record)}")
    click.echo(f"removed ({len(doc.removed)}):")
    for line in doc.removed:
        click.echo(f"  - {line}")


@cli.command()
@DB_OPTION
@click.option("--kind", type=click.Choice(["killed", "injured", "displaced", "missing", "detained"]))
@click.option("--group", type=click.Choice(["civilians", "military", "mixed", "journalists", "children", "any"]))
@click.option("--reporter", help="Words in the name of who reported it.")
@click.option("--doc", "doc_id", help="Only this document.")
def figures(db_path: str, kind: str | None, group: str | None, reporter: str | None, doc_id: str | None) -> None:
    """List reported counts of people killed, injured, displaced, missing or detained.

    Example: newsledger figures --kind killed --group civilians --db karabakh.db
    """
    with _open(db_path) as ledger:
        found = views.filter_figures(
            ledger.figures(doc_id=doc_id, kind=kind, group=group), views.FigureFilter(doc_id, kind, group, reporter)
        )
    for fig in found:
        click.echo(
            f"{fig.id}  {views.figure_line(fig)}\n    {fig.doc_id}#{fig.evidence.start}-{fig.evidence.end}  «{fig.evidence.text}»"
        )
    click.echo(f"{len(found)} figures")


@cli.command()
@DB_OPTION
@click.option("--stance", type=click.Choice(["assert", "deny", "call_for", "accuse", "offer"]))
@click.option("--speaker", help="Words in the speaker's name.")
@click.option("--doc", "doc_id", help="Only this document.")
def claims(db_path: str, stance: str | None, speaker: str | None, doc_id: str | None) -> None:
    """List who said what, with stance and the claims each one contradicts.

    Example: newsledger claims --stance deny --db karabakh.db
    """
    with _open(db_path) as ledger:
        found = views.filter_claims(
            ledger.claims(doc_id=doc_id, stance=stance), views.ClaimFilter(doc_id, stance, speaker)
        )
    for claim in found:
        click.echo(
            f"{claim.id}  {views.claim_line(claim)}\n"
            f"    {claim.doc_id}#{claim.evidence.start}-{claim.evidence.end}  «{claim.evidence.text}»"
        )
    click.echo(f"{len(found)} claims")


@cli.command()
@DB_OPTION
@click.option("--type", "type_", help="PLOVER type, e.g. ASSAULT.")
@click.option("--actor", help="Words or code (ISO3, sector) of the actor or target.")
@click.option("--place", help="Words in the place name.")
@click.option("--status", type=click.Choice(["asserted", "claimed", "denied", "requested", "planned", "historical"]))
@click.option("--from", "date_from", help="Events on or after YYYY-MM-DD.")
@click.option("--to", "date_to", help="Events on or before YYYY-MM-DD.")
@click.option("--doc", "doc_id", help="Only this document.")
def events(
    db_path: str,
    type_: str | None,
    actor: str | None,
    place: str | None,
    status: str | None,
    date_from: str | None,
    date_to: str | None,
    doc_id: str | None,
) -> None:
    """List events: who did what to whom, where and when, with PLOVER and ACLED types.

    Example: newsledger events --type ASSAULT --actor AZE --db karabakh.db
    """
    flt = views.EventFilter(doc_id, type_, actor, place, status, date_from, date_to)
    with _open(db_path) as ledger:
        found = views.filter_events(ledger.events(doc_id=doc_id), flt)
    for event in found:
        spans = ", ".join(f"{s.doc_id}#{s.start}-{s.end}" for s in event.evidence)
        click.echo(f"{event.id}  {views.event_line(event)}\n    {spans}")
    click.echo(f"{len(found)} events")


@cli.command()
@click.argument("query")
@DB_OPTION
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10_000))
def search(query: str, db_path: str, limit: int) -> None:
    """Full-text search over document titles and text (SQLite FTS5 syntax).

    Example: newsledger search 'ceasefire AND Moscow' --db karabakh.db
    """
    with _open(db_path) as ledger:
        try:
            hits = ledger.search(query, limit=limit)
        except QueryRejected as exc:
            raise click.BadParameter(str(exc), param_hint="QUERY") from exc
        except NewsledgerError as exc:
            raise click.ClickException(str(exc)) from exc
    for hit in hits:
        click.echo(f"{hit.doc_id}  {hit.title or ''}\n    {hit.snippet}")
    click.echo(f"{len(hits)} documents")


@cli.command("watch")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@DB_OPTION
@click.option("--poll", default=2.0, show_default=True, help="Seconds between two looks at the folder.")
def watch_command(folder: str, db_path: str, poll: float) -> None:
    """Ingest new files of FOLDER as they appear (Ctrl-C stops).

    Example: newsledger watch inbox/ --db karabakh.db
    """
    from .watch import WatchBatch, watch

    def report(batch: WatchBatch) -> None:
        click.echo(f"{len(batch.paths)} files: {batch.report.added} documents added, {len(batch.report.failures)} failed")
        for failure in batch.report.failures:
            click.echo(f"FAILED {failure.source}: {failure.reason}", err=True)

    click.echo(f"watching {folder} into {db_path} (Ctrl-C stops)")
    try:
        count = _library(watch, folder, db_path, Settings(db_path=db_path), poll, None, report)
    except KeyboardInterrupt:
        return
    click.echo(f"{count} files ingested")


def _linked_line(linked: LinkReport) -> str:
    scope = "in the relinked episodes: " if linked.incremental else ""
    return (
        f"linked ({'incremental' if linked.incremental else 'full'}: {linked.reason}): {linked.stories} stories in "
        f"{linked.episodes} episodes; {scope}{linked.merged_events} events reported by several documents, "
        f"{linked.tallies} tallies, {linked.contradictions} contradictions"
    )


@cli.command()
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
    with _open(db_path) as ledger:
        report = _library(lambda: run_reanalyze(ledger, Resources(Settings(db_path=db_path)),
                                                everything=everything, threshold=threshold))
        click.echo(f"{report.read} documents not analysed: {report.added} analysed now, "
                   f"{report.passed_over} still passed over")
        if report.linked:
            click.echo(_linked_line(report.linked))


@cli.command("link")
@DB_OPTION
@click.option("--full", is_flag=True, help="Relink the whole ledger with a fresh idf (ingest links incrementally).")
def link_command(db_path: str, full: bool) -> None:
    """Link the ledger's documents into stories and episodes, and merge, tally and compare them.

    `ingest` links after storing; this links again, incrementally unless --full.

    Example: newsledger link --db karabakh.db --full
    """
    with _open(db_path) as ledger:
        click.echo(_linked_line(_library(run_link, ledger, full)))


@cli.command()
@DB_OPTION
def stats(db_path: str) -> None:
    """Summarise the ledger: dates covered, outlets, episodes, contradictions, then record counts.

    Example: newsledger stats --db karabakh.db
    """
    with _open(db_path) as ledger:
        summary = views.ledger_summary(ledger)
    dates = summary["dates"]
    undated = f" ({summary['undated']} undated)" if summary["undated"] else ""
    click.echo(f"documents      {summary['documents']}, published {dates[0]} to {dates[1]}{undated}"
               if dates else f"documents      {summary['documents']}, none dated")
    outlets = summary["outlets"]
    click.echo(f"outlets        {len(outlets)}: " + ", ".join(f"{name} ({n})" for name, n in outlets[:8])
               + (", …" if len(outlets) > 8 else ""))
    click.echo(f"episodes       {summary['episodes']} ({summary['records']['stories']} stories)")
    click.echo(f"contradictions {summary['contradictions']} pairs of claims")
    click.echo("records        " + ", ".join(f"{count} {name}" for name, count in summary["records"].items()))


@cli.command()
@DB_OPTION
@click.option("--outlet", help="Words in the outlet's name.")
@click.option("--episode", help="Only this episode id.")
@click.option("--from", "date_from", help="Published on or after YYYY-MM-DD.")
@click.option("--to", "date_to", help="Published on or before YYYY-MM-DD.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--offset", default=0, show_default=True, type=click.IntRange(0, None))
def documents(db_path: str, outlet: str | None, episode: str | None, date_from: str | None, date_to: str | None,
              limit: int, offset: int) -> None:
    """List documents, oldest first: id, publication date, outlet, title and record counts.

    Example: newsledger documents --outlet BBC --db karabakh.db
    """
    flt = views.DocumentFilter(outlet, episode, date_from, date_to)
    with _open(db_path) as ledger:
        found = views.filter_documents(ledger.document_headers(outlet=outlet, episode_id=episode), flt)
        page = found[offset : offset + limit]
        counts = ledger.record_counts([h.id for h in page])
    for head in page:
        n = counts[head.id]
        click.echo(f"{head.id}  {views.published_label(head.published)}  {views.outlet_label(head.source_name)}  "
                   f"{head.title or ''}\n    {n['figures']} figures, {n['claims']} claims, {n['events']} events")
    shown = f"{offset + 1}-{offset + len(page)} of " if len(page) < len(found) else ""
    click.echo(f"{shown}{len(found)} documents")


@cli.command()
@DB_OPTION
def stories(db_path: str) -> None:
    """List stories (documents reporting the same developments) grouped by episode.

    Example: newsledger stories --db karabakh.db
    """
    with _open(db_path) as ledger:
        found = sorted(ledger.stories(), key=lambda s: (s.episode_id or "", s.date.start or "", s.id))
    for story in found:
        click.echo(f"{story.episode_id}  {story.id}  {story.date.start}..{story.date.end}  {story.title or ''}")
        for doc_id in story.doc_ids:
            click.echo(f"    {doc_id}")
    click.echo(f"{len(found)} stories in {len({s.episode_id for s in found})} episodes")


@cli.command()
@DB_OPTION
@click.option("--episode", help="Only this episode id.")
@click.option("--as-of", "as_of", help="The tallies as they stood on this date (YYYY-MM-DD), from the figures reported by then.")
def tallies(db_path: str, episode: str | None, as_of: str | None) -> None:
    """List reconciled figures per episode, kind, group and side: low / best / high.

    Example: newsledger tallies --db karabakh.db --as-of 2020-10-05
    """
    from .linking.derive import tallies_as_of

    with _open(db_path) as ledger:
        found = _library(tallies_as_of, ledger, as_of, episode) if as_of else ledger.tallies(episode_id=episode)
    for tally in found:
        high = "open" if tally.high is None else tally.high
        click.echo(
            f"{tally.episode_id}  {tally.kind} {tally.group} side={views.actor_label(tally.side)}  "
            f"low {tally.low} · best {tally.best} · high {high}  as of {tally.as_of}  ({len(tally.figure_ids)} figures)"
        )
        click.echo(f"    {tally.note}")
        for series in tally.series:
            steps = " → ".join(f"{p.value} ({p.date or '?'})" for p in series.points)
            click.echo(f"    series {series.reporter}{' (anonymous)' if series.anonymous else ''}: {steps}")
    click.echo(f"{len(found)} tallies")


@cli.command()
@DB_OPTION
def contradictions(db_path: str) -> None:
    """List claims that contradict each other and figures that disagree beyond their ranges.

    Example: newsledger contradictions --db karabakh.db
    """
    with _open(db_path) as ledger:
        claims = {c.id: c for c in ledger.claims()}
        conflicts = figure_conflicts(ledger)
    pairs = views.contradiction_pairs(claims)
    for first, second in pairs:
        click.echo(f"{views.claim_line(first)}\n  ⟂ {views.claim_line(second)}")
        click.echo(f"    {first.doc_id}#{first.evidence.start}  vs  {second.doc_id}#{second.evidence.start}")
    for conflict in conflicts:
        click.echo(f"figures: {conflict.note}  ({', '.join(conflict.figure_ids)})")
    click.echo(f"{len(pairs)} contradicting claim pairs, {len(conflicts)} conflicting figure pairs")


@cli.command()
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
    from .web import serve as serve_app

    if ingest_token is not None and not ingest_token.strip():
        raise click.BadParameter("the token is empty", param_hint="--ingest-token")
    click.echo(f"serving {db_path} on http://{host}:{port}/ (Ctrl-C stops)")
    try:
        serve_app(db_path, host=host, port=port, allow_ingest=allow_ingest, ingest_token=ingest_token,
                  allowed_hosts=allowed_hosts)
    except NewsledgerError as exc:
        raise LedgerCommandError(str(exc)) from exc


@cli.command("check")
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


@cli.command("eval")
@click.option("--gold", "gold_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--docs", "docs_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@JSON_OPTION
@click.option("--verbose", "-v", is_flag=True, help="List every miss.")
@click.option("--tallies", "tallies_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Also score the tallies against this gold tally file (see eval-tallies).")
def eval_command(gold_path: Path, docs_dir: Path, json_path: Path | None, verbose: bool,
                 tallies_path: Path | None) -> None:
    """Run the pipeline on the gold's documents and score every field of the gold.

    Example: newsledger eval --gold ../shared/eval/seed-gold-public.json --docs ../shared/seeds
    """
    from .evaluation.seed import SeedScore, run_seed_eval
    from .evaluation.tallies import run_tally_eval

    result = _library(run_seed_eval, gold_path, docs_dir)
    if tallies_path is not None:
        result = SeedScore(result.metrics + _library(run_tally_eval, tallies_path, docs_dir).metrics)
    click.echo(f"{'metric':<22} {'score':>6} {'hits':>5} {'total':>5}")
    _print_metrics(result.metrics, verbose)
    _write_json(json_path, result.as_dict())


@cli.command("eval-tallies")
@click.option("--gold", "gold_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--docs", "docs_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@JSON_OPTION
@click.option("--verbose", "-v", is_flag=True, help="List every miss.")
def eval_tallies(gold_path: Path, docs_dir: Path, json_path: Path | None, verbose: bool) -> None:
    """Ingest the gold's documents into a throwaway ledger and score its tallies (low / best / high / as of).

    Example: newsledger eval-tallies --gold tests/gold/tallies-sample.json --docs examples/karabakh
    """
    from .evaluation.tallies import run_tally_eval

    result = _library(run_tally_eval, gold_path, docs_dir)
    _print_metrics(result.metrics, verbose)
    _write_json(json_path, result.as_dict())


@cli.command("eval-figures")
@click.argument("passages", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--split", type=click.Choice(["dev", "heldout"]), help="Only the passages of this split.")
@JSON_OPTION
@click.option("--verbose", "-v", is_flag=True, help="List every miss.")
def eval_figures(passages: Path, split: str | None, json_path: Path | None, verbose: bool) -> None:
    """Score per-figure reporter, side, group and running-total decisions on test passages.

    Example: newsledger eval-figures corpora/figures/sentences.jsonl --split dev
    """
    from .evaluation.figures import evaluate_figures

    result = _library(evaluate_figures, passages, split)
    _print_metrics(result.metrics, verbose)
    _write_json(json_path, result.as_dict())


@cli.command("eval-extraction")
@click.argument("bench_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@JSON_OPTION
def eval_extraction(bench_dir: Path, json_path: Path | None) -> None:
    """Token-level precision, recall and F1 of cleaned HTML against the benchmark's gold.

    Example: newsledger eval-extraction ../shared/eval/article_extraction
    """
    from .evaluation.extraction import evaluate_extraction

    result = _library(evaluate_extraction, bench_dir)
    click.echo(
        f"documents {result.n_docs}  precision {result.precision:.3f}  recall {result.recall:.3f}  F1 {result.f1:.3f}"
    )
    _write_json(json_path, {"n_docs": result.n_docs, "precision": result.precision, "recall": result.recall, "f1": result.f1})


@cli.command("eval-timex")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@JSON_OPTION
def eval_timex(folder: Path, json_path: Path | None) -> None:
    """Accuracy of normalised DATE values against TimeML gold (e.g. TempEval-3 platinum).

    Example: newsledger eval-timex ../shared/eval/tempeval3_platinum
    """
    from .evaluation.timex import evaluate_timex

    result = _library(evaluate_timex, folder)
    click.echo(
        f"{result.gold} gold DATEs: recall {result.recall:.3f}, value accuracy on found "
        f"{result.accuracy_found:.3f}, value accuracy over all gold DATEs {result.accuracy:.3f}"
    )
    fields = ("gold", "found", "correct", "recall", "accuracy_found", "accuracy")
    _write_json(json_path, {name: getattr(result, name) for name in fields})


@cli.command("eval-plover")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--rules-only", is_flag=True, help="Events from the dependency rules alone (no ACLED sub-type classifier).")
@JSON_OPTION
def eval_plover(path: Path, rules_only: bool, json_path: Path | None) -> None:
    """Event-type and actor/target country accuracy on PLOVER gold sentences.

    Example: newsledger eval-plover ../shared/eval/plover_gsr
    """
    from .evaluation.plover import evaluate_plover

    resources = Resources(Settings(event_classifier=not rules_only))
    result = _library(evaluate_plover, path, resources)
    click.echo(
        f"{len(result.results)} sentences: type accuracy {result.type_accuracy:.3f}, actor country accuracy "
        f"{result.actor_accuracy:.3f}, target country accuracy {result.target_accuracy:.3f}"
    )
    for gold, (hits, total) in result.per_type().items():
        click.echo(f"  {gold:<10} {hits:>3}/{total}")
    _write_json(json_path, result.as_dict())


@cli.command("eval-events")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--rules-only", is_flag=True, help="Type events with the dependency rules alone (no classifier).")
@JSON_OPTION
def eval_events(path: Path, rules_only: bool, json_path: Path | None) -> None:
    """ACLED sub-type precision, recall, F1 and confusion on a TSV of text<TAB>sub-type (NONE: no event).

    Example: newsledger eval-events corpora/acled_types/train.tsv
    """
    from .evaluation.events import evaluate_events
    from .resources import Resources
    from .settings import Settings

    resources = Resources(Settings(event_classifier=not rules_only))
    result = _library(evaluate_events, path, resources)
    click.echo(f"{len(result.gold)} snippets: weighted F1 {result.weighted_f1:.3f}, accuracy {result.accuracy:.3f}")
    click.echo(f"  {'sub-type':<36} {'P':>5} {'R':>5} {'F1':>5} {'n':>4}")
    for c in result.per_class():
        click.echo(f"  {c.label:<36} {c.precision:5.2f} {c.recall:5.2f} {c.f1:5.2f} {c.support:4d}")
    click.echo("confusion (gold -> predicted: count), off-diagonal:")
    for gold, row in result.confusion().items():
        misses = ", ".join(f"{p} {n}" for p, n in sorted(row.items(), key=lambda kv: -kv[1]) if p != gold)
        if misses:
            click.echo(f"  {gold}: {misses}")
    _write_json(json_path, result.as_dict())


@cli.command("eval-when-where")
@click.argument("gold_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@JSON_OPTION
@click.option("--verbose", "-v", is_flag=True, help="List every gold event whose date or place is wrong.")
def eval_when_where(gold_path: Path, json_path: Path | None, verbose: bool) -> None:
    """Share of events dated and placed, and of gold dates and places (25 km) we get right, per split.

    Example: newsledger eval-when-where corpora/events_when_where/gold.json
    """
    from .evaluation.when_where import evaluate_when_where

    result = _library(evaluate_when_where, gold_path, verbose)
    for split, numbers in result["scores"].items():
        shown = {k: f"{v:.3f}" if isinstance(v, float) else v for k, v in numbers.items()}
        click.echo(f"{split}: " + ", ".join(f"{k} {v}" for k, v in shown.items()))
    for line in result.get("misses", []):
        click.echo(f"    miss: {line}")
    _write_json(json_path, result)


def main() -> None:
    """Entry point for `python -m newsledger`."""
    cli()
