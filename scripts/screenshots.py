#!/usr/bin/env python
"""Screenshot every dashboard page at 1280×800 into a folder (PNG), for review.

Builds the seed ledger from examples/karabakh in a temporary folder (or uses --db),
serves it on a free local port, and drives Debian's chromium with Playwright
(install it with scripts/install-browser).

Example: .venv/bin/python scripts/screenshots.py --out screenshots/
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from newsledger.ledger import Ledger
from newsledger.ingest import ingest
from newsledger.web import create_app, running

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def pages(ledger_path: str) -> list[tuple[str, str]]:
    """(file name, path) of each page to capture; the document page opens on its first figure."""
    with Ledger(ledger_path) as ledger:
        figures = ledger.figures()
        doc_id = figures[0].doc_id if figures else ledger.documents(limit=1)[0].id
        fragment = f"#{figures[0].evidence.start}-{figures[0].evidence.end}" if figures else ""
        later = max(ledger.stories(), key=lambda s: s.date.start or "", default=None)
    episode = f"?episode={later.episode_id}" if later is not None and later.episode_id else ""
    return [
        ("01-overview.png", "/"),
        ("02-timeline.png", "/timeline"),
        ("03-map.png", "/map"),
        ("04-map-later-episode.png", f"/map{episode}"),
        ("05-claims.png", "/claims"),
        ("06-claims-by-date.png", "/claims?sort=date&dir=desc#claims-h"),
        ("07-documents.png", "/documents?sort=date&dir=desc"),
        ("08-search-martakert.png", "/search?q=Martakert"),
        ("09-document-figure.png", f"/documents/{doc_id}{fragment}"),
        ("10-not-found.png", "/documents/doc_unknown"),
        ("11-timeline-later-episode.png", f"/timeline{episode}"),
    ]


def capture(db_path: str, out: Path, full_page: bool) -> list[Path]:
    """Serve the ledger and write one PNG per page; return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with running(create_app(db_path)) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        for name, path in pages(db_path):
            page.goto(base + path, wait_until="load")
            # The map and the timeline draw after their data arrive.
            for chart in ("#map", "#timeline"):
                if page.locator(chart).count():
                    page.wait_for_selector(f"{chart}[data-ready]", timeout=20_000)
            page.wait_for_timeout(300)
            target = out / name
            page.screenshot(path=str(target), full_page=full_page)
            written.append(target)
        browser.close()
    return written


def main() -> int:
    """Parse arguments, build the seed ledger when needed, capture the pages."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="screenshots", type=Path, help="Folder for the PNGs.")
    parser.add_argument("--db", help="Ledger to serve (default: build one from examples/karabakh).")
    parser.add_argument("--full-page", action="store_true", help="Capture whole pages, not just 1280×800.")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.stderr.write(f"{CHROMIUM} is missing: run scripts/install-browser\n")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        db_path = args.db
        if db_path is None:
            db_path = str(Path(tmp) / "seed.db")
            with Ledger(db_path) as ledger:
                ingest([str(ROOT / "examples" / "karabakh")], ledger)
        for path in capture(db_path, args.out, args.full_page):
            sys.stdout.write(f"{path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
