"""End-to-end: the dashboard in a real browser (Debian's chromium driven by Playwright).

A uvicorn server on a free local port serves the seed ledger; every request the pages
make must stay on that server (the dashboard is offline). Skipped when /usr/bin/chromium
is missing: install it with scripts/install-browser.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsledger.ledger import Ledger
from newsledger.pipeline import ingest
from newsledger.web import create_app, running

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SEEDS = Path(__file__).resolve().parents[1] / "examples" / "karabakh"

if not CHROMIUM.exists():
    pytest.skip("/usr/bin/chromium is missing: run scripts/install-browser", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("e2e") / "seed.db")
    with Ledger(path) as ledger:
        assert ingest([str(SEEDS)], ledger).added == 5
    return path


@pytest.fixture(scope="module")
def base_url(seed_db: str) -> Iterator[str]:
    with running(create_app(seed_db)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, base_url: str) -> Iterator[object]:
    """A 1280×800 page that fails the test on a script error or on any request off the local server."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    errors: list[str] = []
    outside: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))

    def only_local(route):
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    tab.route("**/*", only_local)
    yield tab
    context.close()
    assert not errors, errors
    assert not outside, f"requests off the local server: {outside}"


def test_overview_shows_the_tallies(page, base_url):
    page.goto(base_url + "/")
    table = page.locator("table.tallies").first
    sync_api.expect(table).to_be_visible()
    sync_api.expect(table.locator("caption")).to_contain_text("low / best / high")
    rows = table.locator("tbody tr")
    assert rows.count() > 0
    kinds = {k.strip() for k in table.locator("td .kind").all_inner_texts()}
    assert "killed" in kinds
    best = rows.first.locator("td.best").inner_text()
    assert re.fullmatch(r"[\d,]+", best.strip())
    sync_api.expect(page.get_by_role("heading", name=re.compile("Latest documents"))).to_be_visible()


def test_clicking_a_figure_opens_its_sentence_highlighted(page, base_url, seed_db):
    page.goto(base_url + "/")
    link = page.locator("a.fig-link").first
    href = link.get_attribute("href")
    doc_id, start, end = re.fullmatch(r"/documents/(doc_\w+)#(\d+)-(\d+)", href).groups()
    link.click()
    page.wait_for_url(re.compile(rf"/documents/{doc_id}#{start}-{end}$"))
    target = page.locator("#doc-text mark.target")
    sync_api.expect(target.first).to_be_visible()
    with Ledger(seed_db) as ledger:
        text = ledger.document(doc_id).text
    assert "".join(target.all_text_contents()) == text[int(start) : int(end)]
    assert page.locator("#doc-text").text_content() == text
    sync_api.expect(target.first).to_be_in_viewport()
    sync_api.expect(page.locator("#target-status")).to_contain_text("Highlighted")
    # Another fact of the same document moves the highlight without reloading.
    other = page.locator(".facts a.claim-link").first
    other_href = other.get_attribute("href")
    other.click()
    a, b = map(int, re.fullmatch(r"#(\d+)-(\d+)", other_href).groups())
    page.wait_for_function("h => location.hash === h", arg=other_href)
    assert "".join(page.locator("#doc-text mark.target").all_text_contents()) == text[a:b]


def test_map_renders_markers_and_filters(page, base_url):
    page.goto(base_url + "/map")
    markers = page.locator("svg#map a.marker circle")
    assert markers.count() > 3
    sync_api.expect(markers.first).to_be_visible()
    assert page.locator("svg#map .countries path").count() > 10
    assert page.locator("svg#map .marker-label").count() >= 3
    table_rows = page.locator("table.markers tbody tr").count()
    page.locator("input[name=countries]").check()
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"countries=true"))
    assert page.locator("table.markers tbody tr").count() > table_rows
    page.locator("select[name=layer]").select_option("events")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"layer=events"))
    assert page.locator("svg#map a.marker-places").count() == 0


def test_search_finds_martakert(page, base_url):
    page.goto(base_url + "/")
    box = page.get_by_role("searchbox", name="Search documents")
    box.fill("Martakert")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=Martakert"))
    results = page.locator("ol.results li")
    assert results.count() == 1
    sync_api.expect(results.first.locator(".snippet mark")).to_have_text("Martakert")
    results.first.locator("a").first.click()
    page.wait_for_url(re.compile(r"/documents/doc_\w+$"))
    sync_api.expect(page.locator("#doc-text")).to_contain_text("Martakert")


def test_timeline_and_claims_pages(page, base_url):
    page.goto(base_url + "/timeline")
    assert page.locator(".timeline-chart a.dot").count() > 0
    assert page.locator("table.data tbody tr").count() >= page.locator(".timeline-chart a.dot").count()
    page.goto(base_url + "/claims")
    pair = page.locator(".pair").first
    sync_api.expect(pair).to_be_visible()
    sync_api.expect(pair.locator(".side").last.locator(".stance")).to_have_text(re.compile("deny", re.I))
