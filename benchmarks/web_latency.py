"""Latency and memory of every dashboard page and API route on a large synthetic ledger.

Builds (or reuses) a ledger of N small synthetic documents written directly through
`Ledger.add_many` (no NLP): each document has three place mentions, one figure, one
claim (every fifth contradicts the previous document's) and two events (an attack with
a date and a place, and talks in a far capital), in stories of 10 documents and episodes
of 100. Then it requests each route R times in-process (FastAPI's TestClient, no network)
with varying pages and ids, and reports p50 / p95 milliseconds per route and the process's
resident memory (RSS) after each route, to show whether memory grows with requests.

Usage: python benchmarks/web_latency.py --docs 100000 [--db /tmp/web100k.db] [--repeat 20]
       [--out benchmarks/results/web-latency-100000.md]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

from fastapi.testclient import TestClient

from newsledger.ledger import Ledger
from newsledger.records import (
    Actor,
    Claim,
    DateRange,
    DocRecords,
    Document,
    Event,
    Figure,
    Mention,
    Place,
    PublishedDate,
    Span,
    Story,
    Tally,
    stable_id,
)
from newsledger.web import create_app

TARGET_P95_MS = 300.0
DOCS_PER_STORY = 10
STORIES_PER_EPISODE = 10
TOWNS = [Place(f"Town{i}", "WLD", 40.0 + (i % 7) * 0.1, 45.0 + (i % 5) * 0.1, None, "exact") for i in range(40)]
REGION = Place("Highlands", "WLD", 40.2, 45.3, None, "region")
CAPITAL = Place("Farcity", "NLD", 52.0, 5.0, None, "exact")
EAST, WEST = Actor("Eastland", "act_e", "ELD", None), Actor("Westland", "act_w", "WLD", None)
OUTLETS = ["Example News", "Daily Example", "The Sample", "Wire Service", "Evening Post"]


def _day(n: int) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(1_600_000_000 + (n // 20) * 86400))


def synthetic(n: int) -> DocRecords:
    """One small synthetic document and its records."""
    town = TOWNS[n % len(TOWNS)]
    day = _day(n)
    text = (f"Report {n}. Shelling of {town.name} killed {n % 50 + 1} civilians, officials in the Highlands said. "
            f"Eastland's army attacked {town.name}. Talks were held in Farcity. Eastland denied the attack.")
    doc_id = f"doc_{n:016x}"

    def span(phrase: str) -> Span:
        start = text.index(phrase)
        return Span.of(doc_id, text, start, start + len(phrase))

    doc = Document(id=doc_id, text=text, title=None if n % 3 == 0 else f"Shelling of {town.name}, report {n}",
                   source_name=OUTLETS[n % len(OUTLETS)], language="en",
                   published=PublishedDate(day, day, "day", "text", ()))
    mentions = tuple(Mention(stable_id("men", doc_id, span(p.name).start), doc_id, span(p.name), "place", place=p)
                     for p in (town, REGION, CAPITAL))
    killed = span(f"killed {n % 50 + 1} civilians")
    figure = Figure(stable_id("fig", doc_id, killed.start), doc_id, killed, "killed", n % 50 + 1, None, "exact",
                    "civilians", place=Place(town.name), attributed_to=WEST)
    attack, talks = span(f"Eastland's army attacked {town.name}"), span("Talks were held in Farcity")
    events = (
        Event(stable_id("evt", doc_id, attack.start), (doc_id,), (attack,), "ASSAULT", "asserted", actor=EAST,
              target=WEST, place=town, date=DateRange(day, day, "day")),
        Event(stable_id("evt", doc_id, talks.start), (doc_id,), (talks,), "CONSULT", "asserted", actor=EAST,
              target=WEST, place=CAPITAL),
    )
    said = span("Eastland denied the attack")
    previous = stable_id("clm", f"doc_{n - 1:016x}", said.start) if n % 5 == 0 and n else None
    claim = Claim(stable_id("clm", doc_id, said.start), doc_id, said, EAST, "denied", "deny", "the attack",
                  contradicts=(previous,) if previous else ())
    return DocRecords(doc, mentions, (figure,), (claim,), events)


def build(path: str, count: int, batch: int = 1000) -> float:
    """Write `count` synthetic documents with their stories and tallies; return the seconds it took."""
    started = time.monotonic()
    with Ledger(path) as ledger:
        for first in range(0, count, batch):
            ledger.add_many(synthetic(n) for n in range(first, min(first + batch, count)))
        stories, tallies = [], []
        for s in range(0, count, DOCS_PER_STORY):
            ids = tuple(f"doc_{n:016x}" for n in range(s, min(s + DOCS_PER_STORY, count)))
            episode = f"epi_{s // (DOCS_PER_STORY * STORIES_PER_EPISODE):08x}"
            stories.append(Story(f"sto_{s:012x}", episode, ids, None, DateRange(_day(s), _day(s + 9), "day")))
        ledger.replace_stories(stories)
        for e in range(0, count, DOCS_PER_STORY * STORIES_PER_EPISODE):
            figure_ids = tuple(synthetic(n).figures[0].id for n in range(e, min(e + 3, count)))
            tallies.append(Tally(f"epi_{e // (DOCS_PER_STORY * STORIES_PER_EPISODE):08x}", "killed", "civilians",
                                 1, 10, 50, figure_ids=figure_ids))
        ledger.replace_tallies(tallies)
        ledger.set_document_links_many((d, s.id, s.episode_id) for s in stories for d in s.doc_ids)
    return time.monotonic() - started


def routes(count: int, rng: random.Random) -> dict[str, list[str]]:
    """Each route under test with `count`-dependent variants (pages, ids)."""
    episodes = max(1, count // (DOCS_PER_STORY * STORIES_PER_EPISODE))

    def doc() -> str:
        return f"doc_{rng.randrange(count):016x}"

    def epi() -> str:
        return f"epi_{rng.randrange(episodes):08x}"

    last_page = max(1, count // 50)
    return {
        "GET /": ["/"],
        "GET /timeline?episode": [f"/timeline?episode={epi()}" for _ in range(5)],
        "GET /map?episode": [f"/map?episode={epi()}" for _ in range(5)],
        "GET /claims": ["/claims"],
        "GET /claims?sort=date&dir=desc&page": [f"/claims?sort=date&dir=desc&page={rng.randint(1, last_page)}"
                                                for _ in range(5)],
        "GET /claims?episode&stance": [f"/claims?episode={epi()}&stance=deny" for _ in range(5)],
        "GET /documents?page": [f"/documents?page={rng.randint(1, last_page)}" for _ in range(5)],
        "GET /documents?sort=outlet&page": [f"/documents?sort=outlet&page={rng.randint(1, last_page)}"
                                            for _ in range(5)],
        "GET /documents/{id}": [f"/documents/{doc()}" for _ in range(5)],
        "GET /search?q": ["/search?q=Town7", "/search?q=shelling+AND+Farcity", "/search?q=report"],
        "GET /api/stats": ["/api/stats"],
        "GET /api/documents?offset": [f"/api/documents?offset={rng.randrange(count)}" for _ in range(5)],
        "GET /api/documents?q": ["/api/documents?q=Town3", "/api/documents?q=attacked"],
        "GET /api/documents/{id}": [f"/api/documents/{doc()}" for _ in range(5)],
        "GET /api/map?episode": [f"/api/map?episode={epi()}" for _ in range(5)],
        "GET /api/timeline?episode": [f"/api/timeline?episode={epi()}" for _ in range(5)],
        "GET /api/claims?doc": [f"/api/claims?doc={doc()}" for _ in range(5)],
        "GET /api/claims": ["/api/claims"],
        "GET /api/figures": ["/api/figures"],
        "GET /api/events": ["/api/events"],
        "GET /api/stories": ["/api/stories"],
        "GET /api/episodes": ["/api/episodes"],
        "GET /api/tallies?episode": [f"/api/tallies?episode={epi()}" for _ in range(5)],
        "GET /api/contradictions?episode": [f"/api/contradictions?episode={epi()}" for _ in range(5)],
        "GET /api/places": ["/api/places"],
    }


def rss_mb() -> float:
    """Resident memory of this process now, in MB (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096 / 1e6


def measure(db: str, repeat: int, count: int, budget_s: float, only: list[str] | None = None) -> list[dict[str, object]]:
    """Request every route (or those whose name contains one of `only`) `repeat` times.

    A route stops early once it has used `budget_s` seconds.
    """
    rng = random.Random(7)
    client = TestClient(create_app(db))
    out = []
    for name, urls in routes(count, rng).items():
        if only and not any(part in name for part in only):
            continue
        client.get(urls[0])  # warm: templates compiled, pages of the file cached
        times, statuses, spent = [], set(), 0.0
        before = rss_mb()
        for i in range(repeat):
            url = urls[i % len(urls)]
            t0 = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - t0
            statuses.add(response.status_code)
            times.append(elapsed * 1000)
            spent += elapsed
            if spent > budget_s and len(times) >= 3:
                break
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        out.append({"route": name, "n": len(times), "p50_ms": round(statistics.median(times), 1),
                    "p95_ms": round(p95, 1), "status": sorted(statuses), "rss_before_mb": round(before, 1),
                    "rss_after_mb": round(rss_mb(), 1)})
        print(f"{name:45s} p50 {out[-1]['p50_ms']:8.1f} p95 {out[-1]['p95_ms']:8.1f} ms  "
              f"RSS {before:7.1f} -> {rss_mb():7.1f} MB  {sorted(statuses)}", file=sys.stderr)
    return out


def table(rows: list[dict[str, object]], count: int, build_s: float | None) -> str:
    """The results as a Markdown table."""
    lines = [f"# Web latency, {count:,} synthetic documents", "",
             f"Build: {'reused' if build_s is None else f'{build_s:.0f} s'}; in-process TestClient; "
             f"target p95 < {TARGET_P95_MS:.0f} ms.", "",
             "| route | n | p50 ms | p95 ms | ok | RSS before → after (MB) | status |",
             "| --- | ---: | ---: | ---: | :-: | --- | --- |"]
    for r in rows:
        ok = "yes" if float(r["p95_ms"]) < TARGET_P95_MS else "**no**"  # type: ignore[arg-type]
        lines.append(f"| `{r['route']}` | {r['n']} | {r['p50_ms']} | {r['p95_ms']} | {ok} | "
                     f"{r['rss_before_mb']} → {r['rss_after_mb']} | {r['status']} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    """Build or reuse the ledger, measure every route, write the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--db", default=None, help="ledger path (built when missing)")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--route-budget", type=float, default=20.0, help="seconds per route at most")
    parser.add_argument("--out", default=None, help="Markdown table to write (a .json is written beside it)")
    parser.add_argument("--only", action="append", default=[], help="measure only routes containing this (repeatable)")
    args = parser.parse_args()
    db = args.db or f"/tmp/newsledger-web-{args.docs}.db"
    build_s = None
    if not Path(db).exists():
        build_s = build(db, args.docs)
        print(f"built {args.docs} documents in {build_s:.0f} s", file=sys.stderr)
    rows = measure(db, args.repeat, args.docs, args.route_budget, args.only)
    text = table(rows, args.docs, build_s)
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        Path(args.out).with_suffix(".json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
