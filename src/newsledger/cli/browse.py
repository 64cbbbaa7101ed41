"""Commands that read the ledger: one document, the records of each kind, search, summaries, tallies."""

from __future__ import annotations

import click

from .common import DB_OPTION, open_ledger
from .. import views
from ..errors import NewsledgerError
from ..ledger.search import QueryRejected
from ..linking import figure_conflicts
from ..records import EVENT_STATUSES, FIGURE_KINDS, GROUPS, STANCES


@click.command()
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
    with open_ledger(db_path) as ledger:
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


@click.command()
@DB_OPTION
@click.option("--kind", type=click.Choice(FIGURE_KINDS))
@click.option("--group", type=click.Choice(GROUPS))
@click.option("--reporter", help="Words in the name of who reported it.")
@click.option("--doc", "doc_id", help="Only this document.")
def figures(db_path: str, kind: str | None, group: str | None, reporter: str | None, doc_id: str | None) -> None:
    """List reported counts of people killed, injured, displaced, missing or detained.

    Example: newsledger figures --kind killed --group civilians --db karabakh.db
    """
    with open_ledger(db_path) as ledger:
        found = views.filter_figures(
            ledger.figures(doc_id=doc_id, kind=kind, group=group), views.FigureFilter(doc_id, kind, group, reporter)
        )
    for fig in found:
        click.echo(
            f"{fig.id}  {views.figure_line(fig)}\n    {fig.doc_id}#{fig.evidence.start}-{fig.evidence.end}  «{fig.evidence.text}»"
        )
    click.echo(f"{len(found)} figures")


@click.command()
@DB_OPTION
@click.option("--stance", type=click.Choice(STANCES))
@click.option("--speaker", help="Words in the speaker's name.")
@click.option("--doc", "doc_id", help="Only this document.")
def claims(db_path: str, stance: str | None, speaker: str | None, doc_id: str | None) -> None:
    """List who said what, with stance and the claims each one contradicts.

    Example: newsledger claims --stance deny --db karabakh.db
    """
    with open_ledger(db_path) as ledger:
        found = views.filter_claims(
            ledger.claims(doc_id=doc_id, stance=stance), views.ClaimFilter(doc_id, stance, speaker)
        )
    for claim in found:
        click.echo(
            f"{claim.id}  {views.claim_line(claim)}\n"
            f"    {claim.doc_id}#{claim.evidence.start}-{claim.evidence.end}  «{claim.evidence.text}»"
        )
    click.echo(f"{len(found)} claims")


@click.command()
@DB_OPTION
@click.option("--type", "type_", help="PLOVER type, e.g. ASSAULT.")
@click.option("--actor", help="Words or code (ISO3, sector) of the actor or target.")
@click.option("--place", help="Words in the place name.")
@click.option("--status", type=click.Choice(EVENT_STATUSES))
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
    with open_ledger(db_path) as ledger:
        found = views.filter_events(ledger.events(doc_id=doc_id), flt)
    for event in found:
        spans = ", ".join(f"{s.doc_id}#{s.start}-{s.end}" for s in event.evidence)
        click.echo(f"{event.id}  {views.event_line(event)}\n    {spans}")
    click.echo(f"{len(found)} events")


@click.command()
@click.argument("query")
@DB_OPTION
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10_000))
def search(query: str, db_path: str, limit: int) -> None:
    """Full-text search over document titles and text (SQLite FTS5 syntax).

    Example: newsledger search 'ceasefire AND Moscow' --db karabakh.db
    """
    with open_ledger(db_path) as ledger:
        try:
            hits = ledger.search(query, limit=limit)
        except QueryRejected as exc:
            raise click.BadParameter(str(exc), param_hint="QUERY") from exc
        except NewsledgerError as exc:
            raise click.ClickException(str(exc)) from exc
    for hit in hits:
        click.echo(f"{hit.doc_id}  {hit.title or ''}\n    {hit.snippet}")
    click.echo(f"{len(hits)} documents")


@click.command()
@DB_OPTION
def stats(db_path: str) -> None:
    """Summarise the ledger: dates covered, outlets, episodes, contradictions, then record counts.

    Example: newsledger stats --db karabakh.db
    """
    with open_ledger(db_path) as ledger:
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


@click.command()
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
    with open_ledger(db_path) as ledger:
        found = views.filter_documents(ledger.document_headers(outlet=outlet, episode_id=episode), flt)
        page = found[offset : offset + limit]
        counts = ledger.record_counts([h.id for h in page])
    for head in page:
        n = counts[head.id]
        click.echo(f"{head.id}  {views.published_label(head.published)}  {views.outlet_label(head.source_name)}  "
                   f"{head.title or ''}\n    {n['figures']} figures, {n['claims']} claims, {n['events']} events")
    shown = f"{offset + 1}-{offset + len(page)} of " if len(page) < len(found) else ""
    click.echo(f"{shown}{len(found)} documents")


@click.command()
@DB_OPTION
def stories(db_path: str) -> None:
    """List stories (documents reporting the same developments) grouped by episode.

    Example: newsledger stories --db karabakh.db
    """
    with open_ledger(db_path) as ledger:
        found = sorted(ledger.stories(), key=lambda s: (s.episode_id or "", s.date.start or "", s.id))
    for story in found:
        click.echo(f"{story.episode_id}  {story.id}  {story.date.start}..{story.date.end}  {story.title or ''}")
        for doc_id in story.doc_ids:
            click.echo(f"    {doc_id}")
    click.echo(f"{len(found)} stories in {len({s.episode_id for s in found})} episodes")


@click.command()
@DB_OPTION
@click.option("--episode", help="Only this episode id.")
@click.option("--as-of", "as_of", help="The tallies as they stood on this date (YYYY-MM-DD), from the figures reported by then.")
def tallies(db_path: str, episode: str | None, as_of: str | None) -> None:
    """List reconciled figures per episode, kind, group and side: low / best / high.

    Example: newsledger tallies --db karabakh.db --as-of 2020-10-05
    """
    from ..linking.derive import tallies_as_of

    with open_ledger(db_path) as ledger:
        found = tallies_as_of(ledger, as_of, episode) if as_of else ledger.tallies(episode_id=episode)
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


@click.command()
@DB_OPTION
def contradictions(db_path: str) -> None:
    """List claims that contradict each other and figures that disagree beyond their ranges.

    Example: newsledger contradictions --db karabakh.db
    """
    with open_ledger(db_path) as ledger:
        claims = {c.id: c for c in ledger.claims()}
        conflicts = figure_conflicts(ledger)
    pairs = views.contradiction_pairs(claims)
    for first, second in pairs:
        click.echo(f"{views.claim_line(first)}\n  ⟂ {views.claim_line(second)}")
        click.echo(f"    {first.doc_id}#{first.evidence.start}  vs  {second.doc_id}#{second.evidence.start}")
    for conflict in conflicts:
        click.echo(f"figures: {conflict.note}  ({', '.join(conflict.figure_ids)})")
    click.echo(f"{len(pairs)} contradicting claim pairs, {len(conflicts)} conflicting figure pairs")


COMMANDS = (show, figures, claims, events, search, stats, documents, stories, tallies, contradictions)
