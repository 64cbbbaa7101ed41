"""Hostile searches and a large POST against `newsledger serve` on a 10k-document ledger.

Builds a synthetic ledger (documents of Zipf-distributed made-up words, written directly
through `Ledger.add_many`: no NLP, a few seconds), starts `python -m newsledger serve
--allow-ingest` on it in a child process, and measures:

1. each hostile search once, one at a time, through the API (`/api/documents?q=`) and the
   page (`/search?q=`): status and seconds;
2. the same searches, 45 at once (threads), while another thread times `/api/stats`
   every 50 ms: the worst search and the worst `/api/stats`;
3. one large article posted to `POST /api/documents` (`--post-chars`), while `/api/stats`
   and a search are timed every 100 ms until the post is answered.

Targets (issue 17): worst search under 2 s, `/api/stats` under 1 s during the parallel
replay, reads not blocked by the post. Wall-clock times: on a loaded machine they grow.

Usage: python benchmarks/hostile_search.py [--docs 10000] [--post-chars 300000]
       [--workdir /tmp/hostile] [--out benchmarks/results/hostile-search.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsledger.ledger import Ledger  # noqa: E402
from newsledger.linking import link  # noqa: E402
from newsledger.records import DocRecords, Document, PublishedDate, content_id  # noqa: E402

HOSTILE = [
    "a " * 2000,
    "t* " * 166,
    "t*",
    "a* b* c* d* e* f* g* h*",
    " OR ".join(["the", "of", "and", "to", "in", "a", "that", "for", "on", "with", "as", "was"] * 2),
    " ".join(["the", "of", "and", "to", "in", "a", "that", "for", "on", "with", "as", "was"] * 2),
    '"the of and to in a that for on with as was the of and to in a"',
    "NEAR(" + "the " * 30 + ", 1000)",
    "NEAR(the of and to in a that for, 1000)",
    '"the of" "and to" "in a" "that for" "on with" "as was" "the of" "and to"',
    "x" * 500,
    "ta* OR te* OR ti* OR to* OR tu* OR sa* OR se* OR si*",
    "(the OR of) AND (and OR to) AND (in OR a) NOT was",
    'title:"the" OR the*',
    '"unclosed',
    "w " * 40,
]
STATS_TARGET_S = 1.0
SEARCH_TARGET_S = 2.0
PARALLEL = 45


def build_ledger(path: Path, count: int, seed: int = 0) -> dict[str, Any]:
    """Write `count` synthetic documents (~250 Zipf-distributed words each) into a new ledger."""
    rng = random.Random(seed)
    common = ["the", "of", "and", "to", "in", "a", "that", "for", "on", "with", "as", "was", "said", "town"]
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocabulary = common + ["".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(20_000)]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    started = time.perf_counter()
    with Ledger(path) as ledger:
        for first in range(0, count, 500):
            batch = []
            for i in range(first, min(first + 500, count)):
                words = rng.choices(vocabulary, weights, k=250)
                text = f"Report {i}. " + " ".join(words) + "."
                day = f"2020-{(i % 12) + 1:02d}-{(i % 28) + 1:02d}"
                doc = Document(id=content_id(text), text=text, title=" ".join(words[:6]).capitalize(),
                               published=PublishedDate(day, day, "day", "metadata", (day,)))
                batch.append(DocRecords(doc))
            ledger.add_many(batch)
        built = time.perf_counter()
        link(ledger)  # a served ledger is linked: the first post then links incrementally
        stats = ledger.stats()
    return {"documents": stats["documents"], "stories": stats["stories"], "build_s": round(built - started, 2),
            "link_s": round(time.perf_counter() - built, 2), "size_mb": round(path.stat().st_size / 2**20, 1)}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    server = subprocess.Popen([sys.executable, "-m", "newsledger", "serve", "--db", str(db), "--port", str(port),
                               "--allow-ingest"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the server did not start")


def timed(client: httpx.Client, url: str, **params: Any) -> tuple[int, float, int]:
    """Status, seconds and body size of one GET."""
    started = time.perf_counter()
    response = client.get(url, params=params)
    return response.status_code, time.perf_counter() - started, len(response.content)


def shown(query: str) -> str:
    return query if len(query) <= 60 else f"{query[:40]}… ({len(query)} chars)"


def sequential(base: str) -> list[dict[str, Any]]:
    rows = []
    with httpx.Client(base_url=base, timeout=120) as client:
        for query in HOSTILE:
            for endpoint in ("/api/documents", "/search"):
                status, seconds, size = timed(client, endpoint, q=query)
                rows.append({"query": shown(query), "endpoint": endpoint, "status": status,
                             "seconds": round(seconds, 3), "bytes": size})
    return rows


def watch_stats(base: str, stop: threading.Event, every: float) -> list[float]:
    """Time /api/stats every `every` seconds until `stop` is set."""
    times = []
    with httpx.Client(base_url=base, timeout=120) as client:
        while not stop.is_set():
            status, seconds, _ = timed(client, "/api/stats")
            assert status == 200, status
            times.append(seconds)
            time.sleep(every)
    return times


def parallel(base: str) -> dict[str, Any]:
    queries = [HOSTILE[i % len(HOSTILE)] for i in range(PARALLEL)]
    stop = threading.Event()
    watcher = ThreadPoolExecutor(1)
    stats_future = watcher.submit(watch_stats, base, stop, 0.05)
    time.sleep(0.2)

    def one(query: str) -> tuple[int, float]:
        with httpx.Client(base_url=base, timeout=120) as client:
            status, seconds, _ = timed(client, "/api/documents", q=query)
            return status, seconds

    started = time.perf_counter()
    with ThreadPoolExecutor(PARALLEL) as pool:
        results = list(pool.map(one, queries))
    wall = time.perf_counter() - started
    time.sleep(0.2)
    stop.set()
    stats = stats_future.result()
    watcher.shutdown()
    seconds = [s for _, s in results]
    return {
        "requests": PARALLEL, "wall_s": round(wall, 3), "statuses": dict(Counter(str(s) for s, _ in results)),
        "worst_search_s": round(max(seconds), 3), "median_search_s": round(statistics.median(seconds), 3),
        "stats_calls": len(stats), "stats_max_s": round(max(stats), 3),
        "stats_median_s": round(statistics.median(stats), 3),
    }


def large_post(base: str, chars: int) -> dict[str, Any]:
    sentence = "Officials in the northern town said shelling damaged a school and two houses on Monday. "
    article = {"text": (sentence * (chars // len(sentence) + 1))[:chars], "title": "A very long report"}
    warm = time.perf_counter()
    with httpx.Client(base_url=base, timeout=900) as client:  # loads the spaCy model
        client.post("/api/documents", json={"text": "Warm-up: officials said the town was calm on Monday."})
    warm_s = time.perf_counter() - warm
    result: dict[str, Any] = {}

    def post() -> None:
        started = time.perf_counter()
        with httpx.Client(base_url=base, timeout=900) as client:
            response = client.post("/api/documents", json=article)
        result.update(status=response.status_code, seconds=round(time.perf_counter() - started, 2))

    poster = threading.Thread(target=post)
    poster.start()
    time.sleep(0.5)
    stats, searches = [], []
    with httpx.Client(base_url=base, timeout=120) as client:
        while poster.is_alive():
            stats.append(timed(client, "/api/stats")[1])
            searches.append(timed(client, "/api/documents", q="town AND said", limit=20)[1])
            time.sleep(0.1)
    poster.join()
    return {"warm_up_post_s": round(warm_s, 2), "chars": chars, "post_status": result.get("status"), "post_s": result.get("seconds"),
            "reads_during_post": len(stats), "stats_max_s": round(max(stats, default=0), 3),
            "search_max_s": round(max(searches, default=0), 3),
            "stats_median_s": round(statistics.median(stats), 3) if stats else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--post-chars", type=int, default=300_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/hostile"))
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "hostile-search.json")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    db = args.workdir / f"hostile-{args.docs}.db"
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)
    from newsledger.web.app import SEARCH_BUDGET_S, SEARCH_SLOTS

    report: dict[str, Any] = {"ledger": build_ledger(db, args.docs), "cpus": os.cpu_count(),
                              "search_slots": SEARCH_SLOTS, "search_budget_s": SEARCH_BUDGET_S,
                              "load_before": os.getloadavg()}
    port = free_port()
    server = start_server(db, port)
    base = f"http://127.0.0.1:{port}"
    try:
        report["sequential"] = sequential(base)
        report["worst_sequential_search_s"] = max(r["seconds"] for r in report["sequential"])
        report["parallel"] = parallel(base)
        args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")  # kept if the post fails
        report["large_post"] = large_post(base, args.post_chars)
    finally:
        server.terminate()
        server.wait(30)
    report["load_after"] = os.getloadavg()
    report["targets"] = {
        "worst_search_under_2s": max(report["worst_sequential_search_s"], report["parallel"]["worst_search_s"])
        < SEARCH_TARGET_S,
        "stats_under_1s_during_parallel": report["parallel"]["stats_max_s"] < STATS_TARGET_S,
        "stats_under_1s_during_large_post": report["large_post"]["stats_max_s"] < STATS_TARGET_S,
        "search_under_2s_during_large_post": report["large_post"]["search_max_s"] < SEARCH_TARGET_S,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: report[k] for k in ("ledger", "worst_sequential_search_s", "parallel", "large_post",
                                             "targets")}, indent=2))


if __name__ == "__main__":
    main()
