"""A/B: the same ingest, one checkout against another, alternated in one run on one machine.

Each round ingests the corpus into a fresh ledger once with checkout A and once with
checkout B (the order alternates between rounds), each in its own child process running
`newsledger ingest` from that checkout's `src/` with the same interpreter and settings.
The child's wall time and CPU time (user + system, all its processes) are recorded;
the report gives each checkout's median, so a slower round on a shared machine moves
both sides alike. Use it to show that a change (a refactor, say) costs nothing.

Usage: python benchmarks/ab.py --a /path/to/old-checkout --b . --corpus /tmp/corpus-300 --rounds 3
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run_once(checkout: Path, corpus: Path, workers: int) -> tuple[float, float]:
    """Ingest the corpus with one checkout into a fresh ledger; return (wall seconds, CPU seconds)."""
    env = {**os.environ, "PYTHONPATH": str(checkout / "src")}
    with tempfile.TemporaryDirectory() as tmp:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        began = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "newsledger", "ingest", str(corpus), "--db", f"{tmp}/ab.db",
             "--workers", str(workers)],
            env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=checkout,
        )
        wall = time.perf_counter() - began
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--a", type=Path, required=True, help="checkout A (e.g. a worktree of the old commit)")
    parser.add_argument("--b", type=Path, required=True, help="checkout B")
    parser.add_argument("--corpus", type=Path, required=True, help="a corpus folder (benchmarks/make_corpus.py)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    docs = sum(1 for p in args.corpus.rglob("*") if p.is_file() and p.name != "manifest.json")
    times: dict[str, list[tuple[float, float]]] = {"A": [], "B": []}
    for n in range(args.rounds):
        order = ("A", "B") if n % 2 == 0 else ("B", "A")
        for side in order:
            times[side].append(run_once(args.a if side == "A" else args.b, args.corpus, args.workers))
            print(f"round {n + 1} {side}: wall {times[side][-1][0]:.1f} s, CPU {times[side][-1][1]:.1f} s",
                  file=sys.stderr)
    print(f"{docs} documents, {args.rounds} rounds, workers {args.workers}; medians:")
    for side in ("A", "B"):
        wall = statistics.median(t[0] for t in times[side])
        cpu = statistics.median(t[1] for t in times[side])
        print(f"  {side} ({args.a if side == 'A' else args.b}): wall {wall:.1f} s ({docs / wall:.1f} docs/s), "
              f"CPU {cpu:.1f} s")
    ratio = statistics.median(t[0] for t in times["B"]) / statistics.median(t[0] for t in times["A"])
    print(f"  B / A wall time: {ratio:.3f}")


if __name__ == "__main__":
    main()
