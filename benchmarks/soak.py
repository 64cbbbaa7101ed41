"""Soak test: ingest a corpus, SIGKILL the ingest at random points, resume, check the ledger.

Generates N documents with benchmarks/make_corpus.py (seed sentences recombined,
plus benchmark HTML pages when present), runs ``python -m newsledger ingest`` as a
subprocess, kills it with SIGKILL `--kills` times (each after at least one more
batch is committed, at a random moment inside the next one), then runs it to
the end and checks that

- ``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check`` are clean;
- every document is stored exactly once (rows == distinct ids), and the stored
  ids are exactly the input ids less the documents the final run reported as
  failed (no article text after cleaning and the like);
- every figure, claim, mention and event row belongs to a stored document;
- the final run exits 0 (or 1 when some inputs were reported as failed).

Usage: python benchmarks/soak.py --n 3000 --kills 3 --workdir /tmp/soak [--seed 0] [--out soak.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_corpus import HTML_PAGES, make_corpus  # noqa: E402

from newsledger.read.files import read_paths  # noqa: E402
from newsledger.records import RawDocument  # noqa: E402

RECORD_TABLES = ("mentions", "figures", "claims", "event_docs")


def stored_count(db: Path) -> int:
    """Documents committed so far, read without disturbing the writer (WAL readers never block it)."""
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0  # the schema is not there yet


def ingest_command(folders: list[Path], db: Path, batch_size: int, workers: int) -> list[str]:
    """The ingest command line, run with this interpreter."""
    return [sys.executable, "-m", "newsledger", "ingest", *map(str, folders), "--db", str(db), "--quiet",
            "--batch-size", str(batch_size), "--store-docs", str(batch_size), "--workers", str(workers)]


def kill_run(command: list[str], db: Path, rng: random.Random, remaining: int, kills_left: int, log: Path,
             ceiling: int) -> dict:
    """Start an ingest, wait for at least one more committed batch, SIGKILL it at a random moment.

    The kill comes at once when `ceiling` documents are stored, so that the later kills still find
    work to interrupt: on a loaded machine a run could otherwise store its last batch and exit
    before the kill lands.
    """
    before = stored_count(db)
    # Aim the kill somewhere in this run's share of what is left, at least one batch past the start.
    target = min(before + max(1, rng.randint(1, max(1, remaining // (kills_left + 1)))), max(before + 1, ceiling))
    with log.open("ab") as out:
        process = subprocess.Popen(command, stdout=out, stderr=out, cwd=ROOT, env=_env())
    started = time.monotonic()
    while stored_count(db) < target and process.poll() is None:
        time.sleep(0.2)
    if process.poll() is not None:
        return {"killed": False, "exit": process.returncode, "stored_before": before, "stored_after": stored_count(db)}
    # Land inside the next batch (or its transaction) rather than right after a commit.
    wake = time.monotonic() + rng.uniform(0.0, 3.0)
    while time.monotonic() < wake and stored_count(db) < ceiling:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    return {"killed": True, "after_seconds": round(time.monotonic() - started, 1), "stored_before": before,
            "target": target, "stored_at_kill": stored_count(db)}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


def check_ledger(db: Path, expected: set[str], failed_sources: set[str], sources: dict[str, str]) -> dict:
    """Integrity, exactly-once storage and record ownership of the finished ledger."""
    with sqlite3.connect(db) as conn:
        integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        foreign = conn.execute("PRAGMA foreign_key_check").fetchall()
        rows, distinct = conn.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM documents").fetchone()
        stored = {row[0] for row in conn.execute("SELECT id FROM documents")}
        orphans = {
            table: conn.execute(f"SELECT COUNT(*) FROM {table} WHERE doc_id NOT IN (SELECT id FROM documents)").fetchone()[0]
            for table in RECORD_TABLES
        }
        counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("figures", "claims", "events", "stories")}
        unlinked = conn.execute("SELECT COUNT(*) FROM documents WHERE story_id IS NULL").fetchone()[0]
    failed_ids = {doc_id for doc_id, source in sources.items() if source in failed_sources}
    missing = expected - stored - failed_ids
    return {
        "integrity_check": integrity, "foreign_key_violations": len(foreign), "document_rows": rows,
        "distinct_ids": distinct, "input_ids": len(expected), "reported_failed": len(failed_ids),
        "missing": len(missing), "unexpected": len(stored - expected), "stored_failed": len(stored & failed_ids),
        "orphan_rows": orphans, "records": counts, "unlinked_documents": unlinked,
        "ok": integrity == ["ok"] and not foreign and rows == distinct and not missing and stored <= expected
        and not any(orphans.values()),
    }


def soak(n: int, kills: int, workdir: Path, seed: int, batch_size: int, workers: int, html: bool) -> dict:
    """Run the soak test; return the report."""
    rng = random.Random(seed)
    workdir.mkdir(parents=True, exist_ok=True)
    corpus, db, log = workdir / "corpus", workdir / "soak.db", workdir / "ingest.log"
    for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), log):
        stale.unlink(missing_ok=True)
    manifest = make_corpus(n, corpus, seed, html_dir=HTML_PAGES if html else None)
    folders = [corpus / "text", corpus / "html"]  # not manifest.json
    sources = {item.id: item.source_path for item in read_paths(list(map(str, folders))) if isinstance(item, RawDocument)}
    expected = set(sources)
    command = ingest_command(folders, db, batch_size, workers)
    started = time.monotonic()
    runs = []
    for k in range(kills):
        ceiling = len(expected) - batch_size * (kills - k)
        runs.append(kill_run(command, db, rng, len(expected) - stored_count(db), kills - k, log, ceiling))
    final_log = workdir / "final.log"
    with final_log.open("wb") as out:
        final = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env=_env())
    failed = {line.split(": ", 1)[0][len("FAILED "):] for line in final_log.read_text().splitlines() if line.startswith("FAILED ")}
    check = check_ledger(db, expected, failed, sources)
    return {
        "n": n, "seed": seed, "batch_size": batch_size, "workers": workers, "corpus": manifest,
        "kills": runs, "final_exit": final.returncode, "final_summary": final_log.read_text().splitlines()[:4],
        "seconds": round(time.monotonic() - started, 1), **check,
        "passed": check["ok"] and final.returncode in (0, 1) and all(r.get("killed") for r in runs),
    }


def main() -> None:
    """Command line: --n, --kills, --workdir, --seed, --batch-size, --workers, --no-html, --out."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="documents in the corpus")
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--workdir", type=Path, required=True, help="corpus, ledger and logs go here")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--no-html", action="store_true", help="text articles only")
    parser.add_argument("--out", type=Path, help="write the JSON report here too")
    args = parser.parse_args()
    report = soak(args.n, args.kills, args.workdir, args.seed, args.batch_size, args.workers, not args.no_html)
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    sys.exit(0 if report["passed"] else 1)


if __name__ == "__main__":
    main()
