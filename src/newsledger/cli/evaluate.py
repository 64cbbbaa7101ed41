"""Commands that score the pipeline against gold data: eval and eval-*."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .common import JSON_OPTION, write_json
from ..resources import Resources
from ..settings import Settings


def print_metrics(metrics: Any, verbose: bool) -> None:
    """One line per metric (score, hits, total); with `verbose`, every miss under it."""
    for metric in metrics:
        shown = "-" if metric.score is None else f"{metric.score:.3f}"
        click.echo(f"{metric.name:<22} {shown:>6} {metric.hits:>5} {metric.total:>5}")
        if verbose:
            for miss in metric.misses:
                click.echo(f"    miss: {miss}")


@click.command("eval")
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
    from ..evaluation.seed import SeedScore, run_seed_eval
    from ..evaluation.tallies import run_tally_eval

    result = run_seed_eval(gold_path, docs_dir)
    if tallies_path is not None:
        result = SeedScore(result.metrics + run_tally_eval(tallies_path, docs_dir).metrics)
    click.echo(f"{'metric':<22} {'score':>6} {'hits':>5} {'total':>5}")
    print_metrics(result.metrics, verbose)
    write_json(json_path, result.as_dict())


@click.command("eval-tallies")
@click.option("--gold", "gold_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--docs", "docs_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@JSON_OPTION
@click.option("--verbose", "-v", is_flag=True, help="List every miss.")
def eval_tallies(gold_path: Path, docs_dir: Path, json_path: Path | None, verbose: bool) -> None:
    """Ingest the gold's documents into a throwaway ledger and score its tallies (low / best / high / as of).

    Example: newsledger eval-tallies --gold tests/gold/tallies-sample.json --docs examples/karabakh
    """
    from ..evaluation.tallies import run_tally_eval

    result = run_tally_eval(gold_path, docs_dir)
    print_metrics(result.metrics, verbose)
    write_json(json_path, result.as_dict())


@click.command("eval-figures")
@click.argument("passages", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--split", type=click.Choice(["dev", "heldout"]), help="Only the passages of this split.")
@JSON_OPTION
@click.option("--verbose", "-v", is_flag=True, help="List every miss.")
def eval_figures(passages: Path, split: str | None, json_path: Path | None, verbose: bool) -> None:
    """Score per-figure reporter, side, group and running-total decisions on test passages.

    Example: newsledger eval-figures corpora/figures/sentences.jsonl --split dev
    """
    from ..evaluation.figures import evaluate_figures

    result = evaluate_figures(passages, split)
    print_metrics(result.metrics, verbose)
    write_json(json_path, result.as_dict())


@click.command("eval-extraction")
@click.argument("bench_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@JSON_OPTION
def eval_extraction(bench_dir: Path, json_path: Path | None) -> None:
    """Token-level precision, recall and F1 of cleaned HTML against the benchmark's gold.

    Example: newsledger eval-extraction ../shared/eval/article_extraction
    """
    from ..evaluation.extraction import evaluate_extraction

    result = evaluate_extraction(bench_dir)
    click.echo(
        f"documents {result.n_docs}  precision {result.precision:.3f}  recall {result.recall:.3f}  F1 {result.f1:.3f}"
    )
    write_json(json_path, {"n_docs": result.n_docs, "precision": result.precision, "recall": result.recall, "f1": result.f1})


@click.command("eval-timex")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@JSON_OPTION
def eval_timex(folder: Path, json_path: Path | None) -> None:
    """Accuracy of normalised DATE values against TimeML gold (e.g. TempEval-3 platinum).

    Example: newsledger eval-timex ../shared/eval/tempeval3_platinum
    """
    from ..evaluation.timex import evaluate_timex

    result = evaluate_timex(folder)
    click.echo(
        f"{result.gold} gold DATEs: recall {result.recall:.3f}, value accuracy on found "
        f"{result.accuracy_found:.3f}, value accuracy over all gold DATEs {result.accuracy:.3f}"
    )
    fields = ("gold", "found", "correct", "recall", "accuracy_found", "accuracy")
    write_json(json_path, {name: getattr(result, name) for name in fields})


@click.command("eval-plover")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--rules-only", is_flag=True, help="Events from the dependency rules alone (no ACLED sub-type classifier).")
@JSON_OPTION
def eval_plover(path: Path, rules_only: bool, json_path: Path | None) -> None:
    """Event-type and actor/target country accuracy on PLOVER gold sentences.

    Example: newsledger eval-plover ../shared/eval/plover_gsr
    """
    from ..evaluation.plover import evaluate_plover

    resources = Resources(Settings(event_classifier=not rules_only))
    result = evaluate_plover(path, resources)
    click.echo(
        f"{len(result.results)} sentences: type accuracy {result.type_accuracy:.3f}, actor country accuracy "
        f"{result.actor_accuracy:.3f}, target country accuracy {result.target_accuracy:.3f}"
    )
    for gold, (hits, total) in result.per_type().items():
        click.echo(f"  {gold:<10} {hits:>3}/{total}")
    write_json(json_path, result.as_dict())


@click.command("eval-events")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--rules-only", is_flag=True, help="Type events with the dependency rules alone (no classifier).")
@JSON_OPTION
def eval_events(path: Path, rules_only: bool, json_path: Path | None) -> None:
    """ACLED sub-type precision, recall, F1 and confusion on a TSV of text<TAB>sub-type (NONE: no event).

    Example: newsledger eval-events corpora/acled_types/train.tsv
    """
    from ..evaluation.events import evaluate_events

    resources = Resources(Settings(event_classifier=not rules_only))
    result = evaluate_events(path, resources)
    click.echo(f"{len(result.gold)} snippets: weighted F1 {result.weighted_f1:.3f}, accuracy {result.accuracy:.3f}")
    click.echo(f"  {'sub-type':<36} {'P':>5} {'R':>5} {'F1':>5} {'n':>4}")
    for c in result.per_class():
        click.echo(f"  {c.label:<36} {c.precision:5.2f} {c.recall:5.2f} {c.f1:5.2f} {c.support:4d}")
    click.echo("confusion (gold -> predicted: count), off-diagonal:")
    for gold, row in result.confusion().items():
        misses = ", ".join(f"{p} {n}" for p, n in sorted(row.items(), key=lambda kv: -kv[1]) if p != gold)
        if misses:
            click.echo(f"  {gold}: {misses}")
    write_json(json_path, result.as_dict())


@click.command("eval-when-where")
@click.argument("gold_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@JSON_OPTION
@click.option("--verbose", "-v", is_flag=True, help="List every gold event whose date or place is wrong.")
def eval_when_where(gold_path: Path, json_path: Path | None, verbose: bool) -> None:
    """Share of events dated and placed, and of gold dates and places (25 km) we get right, per split.

    Example: newsledger eval-when-where corpora/events_when_where/gold.json
    """
    from ..evaluation.when_where import evaluate_when_where

    result = evaluate_when_where(gold_path, verbose)
    for split, numbers in result["scores"].items():
        shown = {k: f"{v:.3f}" if isinstance(v, float) else v for k, v in numbers.items()}
        click.echo(f"{split}: " + ", ".join(f"{k} {v}" for k, v in shown.items()))
    for line in result.get("misses", []):
        click.echo(f"    miss: {line}")
    write_json(json_path, result)


COMMANDS = (
    eval_command, eval_tallies, eval_figures, eval_extraction, eval_timex, eval_plover, eval_events, eval_when_where,
)
