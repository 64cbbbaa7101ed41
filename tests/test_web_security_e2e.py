"""In a real browser: a stored `javascript:` URL never runs, the pages live with the CSP, and another
origin's page cannot post to the ingest endpoint.

Skipped when /usr/bin/chromium is missing (scripts/install-browser installs it).
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import build_records

from newsledger.ledger import Ledger
from newsledger.linking import link
from newsledger.web import create_app, running

PAGES = ["/", "/timeline", "/map", "/claims", "/documents", "/search?q=Northtown"]
JS_URL = "  JaVaScript:alert(document.domain)//"

# The browser and its skip rules (no chromium, no playwright) are the dashboard tests' own.
from test_web_e2e import browser, sync_api  # noqa: E402,F401


@pytest.fixture(scope="module")
def ledger_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("e2e-sec") / "sec.db")
    with Ledger(path) as ledger:
        for i in range(4):
            records = build_records(suffix=f" Report {i} of the day.")
            if i == 0:
                records = replace(records, document=replace(records.document, url=JS_URL))
            ledger.add(records)
        link(ledger)
    return path


@pytest.fixture
def tab(browser) -> Iterator[object]:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_a_stored_javascript_url_is_text_and_never_runs(tab, ledger_path):
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with Ledger(ledger_path) as ledger:
        doc_id = next(d.id for d in ledger.documents() if d.url)
    with running(create_app(ledger_path)) as url:
        tab.goto(f"{url}/documents/{doc_id}")
        assert tab.locator("a[href*='script:' i]").count() == 0
        source = tab.get_by_text("alert(document.domain)", exact=False).first
        sync_api.expect(source).to_be_visible()
        source.click()
        tab.wait_for_timeout(300)
        assert tab.url.startswith(url)
    assert dialogs == []


def test_the_pages_live_with_the_content_security_policy(tab, ledger_path):
    violations: list[str] = []
    tab.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    with running(create_app(ledger_path)) as url:
        for path in PAGES:
            response = tab.goto(url + path)
            assert response is not None and response.status == 200, path
            assert "default-src 'self'" in response.headers["content-security-policy"]
        tab.goto(url + "/map")
        tab.wait_for_selector("#map[data-ready]")  # Leaflet, the borders and the markers drawn under the policy
        sync_api.expect(tab.locator("#map path.place-marker").first).to_be_attached()
        tab.goto(url + "/timeline")
        tab.wait_for_selector("#timeline[data-ready]")
        sync_api.expect(tab.locator("#timeline .mark").first).to_be_attached()
    assert violations == [] and errors == []


class _Attacker(http.server.BaseHTTPRequestHandler):
    """Serves a page that posts an article to the target with a "simple" (no-preflight) request."""

    target = ""

    def do_GET(self) -> None:  # noqa: N802 (the http.server name)
        body = (
            "<!doctype html><title>cat pictures</title><script>"
            "const article = JSON.stringify({text: 'Planted article about shelling in Northtown, officials said.',"
            " url: 'javascript:alert(document.domain)//'});"
            f"Promise.allSettled(["
            f"fetch('{self.target}/api/documents', {{method: 'POST', mode: 'no-cors', "
            "headers: {'Content-Type': 'text/plain'}, body: article}),"
            f"fetch('{self.target}/api/documents', {{method: 'POST', mode: 'cors', "
            "headers: {'Content-Type': 'application/json'}, body: article})"
            "]).then(() => { document.title = 'sent'; });"
            "</script>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_a_page_on_another_origin_cannot_ingest(tab, ledger_path, tmp_path):
    copy = tmp_path / "copy.db"
    copy.write_bytes(Path(ledger_path).read_bytes())
    with Ledger(copy) as ledger:
        before = ledger.stats()["documents"]
    with running(create_app(copy, allow_ingest=True)) as url:
        handler = type("Attacker", (_Attacker,), {"target": url})
        attacker = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=attacker.serve_forever, daemon=True)
        thread.start()
        try:
            tab.goto(f"http://localhost:{attacker.server_address[1]}/")
            tab.wait_for_function("document.title === 'sent'")
        finally:
            attacker.shutdown()
    with Ledger(copy) as ledger:
        assert ledger.stats()["documents"] == before
