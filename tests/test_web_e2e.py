"""End-to-end: the dashboard in a real browser (Debian's chromium driven by Playwright).

A uvicorn server on a free local port serves the seed ledger; every request the pages
make must stay on that server (the dashboard is offline). Skipped when /usr/bin/chromium
is missing: install it with scripts/install-browser.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsledger.ledger import Ledger
from newsledger.ingest import ingest
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
    sync_api.expect(page.get_by_role("heading", name=re.compile("Latest added documents"))).to_be_visible()


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
    _wait_until(page, "h => location.hash === h", other_href)
    assert "".join(page.locator("#doc-text mark.target").all_text_contents()) == text[a:b]


def _km(lat_a: float, lon_a: float, lat_b: float, lon_b: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat_a), math.radians(lat_b)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon_b - lon_a) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def test_map_opens_on_the_theatre_of_the_2020_episode(page, base_url):
    page.goto(base_url + "/map")
    page.wait_for_selector("#map[data-ready]")
    data = page.evaluate("fetch(document.getElementById('map').dataset.api).then(r => r.json())")
    assert data["episode"]["start"].startswith("2020")
    violent = [p for p in data["places"] if p["violent"] and p["precision"] != "country"]
    assert {"Martakert", "Nagorno-Karabakh"} <= {p["name"] for p in violent}
    box = page.evaluate("(() => { const b = document.getElementById('map').newsledgerMap.getBounds();"
                        " return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; })()")
    south, west, north, east = box
    for p in violent:
        assert south <= p["lat"] <= north and west <= p["lon"] <= east, p["name"]
    # No more than a few hundred kilometres around the places of violence.
    lats, lons = [p["lat"] for p in violent], [p["lon"] for p in violent]
    mid = (min(lats) + max(lats)) / 2
    assert (min(lats) - south) * 111.2 < 500 and (north - max(lats)) * 111.2 < 500
    assert _km(mid, west, mid, min(lons)) < 600 and _km(mid, east, mid, max(lons)) < 600
    for far in ("Moscow", "Geneva"):
        place = next(p for p in data["places"] if p["name"] == far)
        assert not (south <= place["lat"] <= north and west <= place["lon"] <= east), far
    labels = page.locator("#map .leaflet-tooltip.place-label:not(.label-hidden)")
    assert labels.count() >= 3
    # The most reported place of the theatre is labelled (a cluster's label names its lead: "Martakert +2").
    lead = max((p for p in violent if p["precision"] == "exact"), key=lambda p: (p["events"] + p["figures"], p["mentions"]))
    assert any(text.split(" +")[0] == lead["name"] for text in labels.all_inner_texts())
    # Zoom in with the control: the view shrinks and the markers are drawn again.
    before = page.evaluate("document.getElementById('map').newsledgerMap.getZoom()")
    page.locator(".leaflet-control-zoom-in").click()
    _wait_until(page, "z => document.getElementById('map').newsledgerMap.getZoom() > z", before)
    assert page.locator("#map path.place-marker").count() >= 3
    # A marker opens the facts at that place, each a link to its sentence.
    page.locator("#map-places button", has_text="Martakert").click()
    popup = page.locator(".leaflet-popup-content")
    sync_api.expect(popup).to_contain_text("Martakert")
    href = popup.locator("a").first.get_attribute("href")
    assert re.fullmatch(r"/documents/doc_\w+#\d+-\d+", href)


def test_map_draws_country_borders_and_areas(page, base_url):
    page.goto(base_url + "/map")
    page.wait_for_selector("#map[data-ready]")
    assert page.locator("#map path.country").count() > 100
    assert page.locator("#map path.area-region").count() >= 1  # a region is an area, not a point
    assert page.locator("#map path.country-named").count() >= 1


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
    page.wait_for_selector("#timeline[data-ready]")
    marks = page.locator("#timeline .mark")
    assert marks.count() > 0
    # The sample's attacks have no date of their own: they stand on the day of their first report.
    assert page.locator('#timeline .mark-reported[data-series="ASSAULT"]').count() >= 2
    marks.first.click()
    facts = page.locator(".timeline-facts a")
    assert facts.count() >= 1 and re.fullmatch(r"/documents/doc_\w+#\d+-\d+", facts.first.get_attribute("href"))
    assert page.locator("#timeline .step").count() >= 1  # the reporters' running totals above the marks
    page.goto(base_url + "/claims")
    pair = page.locator(".pair").first
    sync_api.expect(pair).to_be_visible()
    sync_api.expect(pair.locator(".side").last.locator(".stance")).to_have_text(re.compile("deny", re.I))
    table = page.locator("table.claims")
    sync_api.expect(table.locator("thead")).to_contain_text("Outlet")
    table.locator("thead a", has_text="Date").click()
    page.wait_for_url(re.compile(r"sort=date"))
    assert page.locator("table.claims tbody tr").count() > 10


RAW_ID = re.compile(r"\b(epi|sto|doc)_[0-9a-f]{8,}\b")


def test_no_page_shows_a_raw_id_as_a_title(page, base_url, seed_db):
    with Ledger(seed_db) as ledger:
        # Every document has a title now (inferred from the text when the page gave none): check them all.
        doc_paths = [f"/documents/{d.id}" for d in ledger.documents()]
    for path in ("/", "/timeline", "/map", "/claims", "/documents", *doc_paths):
        page.goto(base_url + path)
        headings = page.locator("title, h1, h2, h3, .episode h3, ol.stories li, table.documents td a").all_text_contents()
        assert headings
        shown = [h for h in headings if RAW_ID.search(h)]
        assert not shown, (path, shown)


@pytest.fixture(scope="module")
def hand_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from test_web_theatre import build_hand_ledger

    path = str(tmp_path_factory.mktemp("hand") / "hand.db")
    build_hand_ledger(path)
    with running(create_app(path)) as url:
        yield url


def test_timeline_shows_dated_attacks_and_zooms(browser, hand_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.goto(hand_url + "/timeline")
    tab.wait_for_selector("#timeline[data-ready]")
    attacks = tab.locator('#timeline .mark[data-series="ASSAULT"]')
    assert sorted(attacks.nth(i).get_attribute("data-day") for i in range(attacks.count())) == [
        "2021-03-07", "2021-03-09", "2021-03-12"]
    # The tally's low-best-high as of its day, drawn over the reporter's running totals.
    band = tab.locator("#timeline .tally-band")
    assert band.count() == 1 and "low 4, best 6, high 6 as of 2021-03-12" in band.locator("title").text_content()
    # Drag across the first days: the chart zooms onto them and the last attack leaves it.
    svg = tab.locator("#timeline svg").bounding_box()
    first = attacks.first.bounding_box()
    second = tab.locator('#timeline .mark[data-day="2021-03-09"][data-series="ASSAULT"]').bounding_box()
    y = svg["y"] + svg["height"] - 20
    tab.mouse.move(first["x"] - 10, y)
    tab.mouse.down()
    tab.mouse.move(second["x"] + second["width"] + 10, y, steps=5)
    tab.mouse.up()
    _wait_until(tab, "() => document.getElementById('timeline').dataset.to === '2021-03-09'")
    assert tab.locator('#timeline .mark[data-series="ASSAULT"]').count() == 2
    tab.get_by_role("button", name="Show all dates").click()
    assert tab.locator('#timeline .mark[data-series="ASSAULT"]').count() == 3
    context.close()
    assert not errors, errors


def _wait_until(page, predicate: str, arg=None, timeout: float = 15.0) -> None:
    """Poll a JavaScript predicate from Python.

    Playwright's `wait_for_function` polls through `eval`, which the pages' CSP (no
    'unsafe-eval') refuses once the predicate is not true at the first try.
    """
    deadline = time.monotonic() + timeout
    while not page.evaluate(predicate, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {predicate}")
        time.sleep(0.05)
