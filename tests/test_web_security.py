"""The server under hostile requests: links, Host and Origin checks, headers, search bounds, damaged ledgers.

The ledgers here are built from invented records (no NLP), except where a posted
article must go through the pipeline.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from conftest import build_records
from fastapi.testclient import TestClient

from newsledger.cli import cli
from newsledger.prepare.clean import Cleaned
from newsledger.errors import LedgerError
from newsledger.ledger import Ledger, SqliteLedger
from newsledger.ledger.search import SearchTimeout
from newsledger.prepare.metadata import describe, web_url
from newsledger.records import RawDocument
from newsledger.web import create_app, queries, running
from newsledger.web import api as web_api
from newsledger.web.ingest import Stored

TEMPLATES = Path(__file__).resolve().parents[1] / "src" / "newsledger" / "web" / "templates"
HOSTILE_URLS = [
    "javascript:alert(document.domain)//",
    "JaVaScRiPt:alert(1)",
    "  javascript:alert(1)",
    "\x01\x02javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "https://example.org/\x00x",
]
HEADERS = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


def make_ledger(path: Path, count: int = 3, url: str | None = None) -> str:
    """A ledger of `count` invented documents that all mention Northtown; the first has `url`."""
    with Ledger(path) as ledger:
        for i in range(count):
            records = build_records(suffix=f" Report {i} of the day.")
            if i == 0 and url is not None:
                records = replace(records, document=replace(records.document, url=url))
            ledger.add(records)
    return str(path)


@pytest.fixture(scope="module")
def ledger_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    return make_ledger(tmp_path_factory.mktemp("sec") / "sec.db", 60, url=HOSTILE_URLS[0])


@pytest.fixture(scope="module")
def client(ledger_path: str) -> TestClient:
    return TestClient(create_app(ledger_path))


def first_doc(path: str) -> str:
    with Ledger(path) as ledger:
        return next(d.id for d in ledger.documents() if d.url)


# -- links -------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_only_http_and_https_urls_are_links(url):
    assert web_url(url) is None


@pytest.mark.parametrize("url", ["https://example.org/a?b=c#d", "HTTP://Example.org/", "  https://example.org/x \n"])
def test_web_urls_are_kept(url):
    assert web_url(url) == url.strip()


@pytest.mark.parametrize("url", HOSTILE_URLS[:4])
def test_a_non_web_url_is_kept_as_text_not_as_the_url(url):
    raw = RawDocument(content="x", format="text", url=url)
    doc = describe(raw, Cleaned(text="Some text of an article about a town.", removed=()))
    assert doc.url is None
    assert doc.source_path == url.strip()


def test_document_page_never_links_a_stored_javascript_url(client, ledger_path):
    page = client.get(f"/documents/{first_doc(ledger_path)}")
    assert page.status_code == 200
    hrefs = [html.unescape(h) for h in re.findall(r'href="([^"]*)"', page.text)]
    assert not [h for h in hrefs if "script:" in h.lower()]
    assert "javascript:alert(document.domain)//" in html.unescape(page.text)  # shown as text


# -- headers and hosts ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/api/stats", "/static/app.js", "/nothing", "/api/documents?limit=0",
                                  "/documents?page=0"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    for name, value in HEADERS.items():
        assert response.headers[name] == value
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp


def test_templates_have_no_inline_script_style_or_handler():
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template.name
        assert not re.search(r"<style|\sstyle=|\son[a-z]+=|javascript:", text, re.IGNORECASE), template.name


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "", "[::2]:80"])
def test_a_foreign_host_is_refused(client, host):
    response = client.get("/api/stats", headers={"host": host})
    assert response.status_code == 421
    assert "--allowed-host" in response.json()["error"]
    assert response.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost", "[::1]:8000"])
def test_loopback_hosts_are_answered(client, host):
    assert client.get("/api/stats", headers={"host": host}).status_code == 200


def test_allowed_and_served_hosts_are_answered(ledger_path):
    app = TestClient(create_app(ledger_path, allowed_hosts=["news.example"], served_host="10.1.2.3"))
    assert app.get("/api/stats", headers={"host": "NEWS.example:80"}).status_code == 200
    assert app.get("/api/stats", headers={"host": "10.1.2.3:8000"}).status_code == 200
    assert app.get("/api/stats", headers={"host": "other.example"}).status_code == 421


# -- ingest from other origins ------------------------------------------------------------------


@pytest.fixture
def ingesting(ledger_path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """An ingesting app over a copy of the ledger, whose analysis is replaced by a stub that stores nothing."""
    copy = tmp_path / "copy.db"
    shutil.copy(ledger_path, copy)
    known = build_records().document
    monkeypatch.setattr(web_api, "analyse_article", lambda *args: Stored(False, known, {}))
    return TestClient(create_app(copy, allow_ingest=True, ingest_token=None))


ARTICLE = json.dumps({"text": "Invented article text about shelling in Northtown."})


def test_ingest_takes_only_json(ingesting):
    for kind in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None):
        headers = {"content-type": kind} if kind else {}
        response = ingesting.post("/api/documents", content=ARTICLE, headers=headers)
        assert response.status_code == 415, kind
        assert "application/json" in response.json()["error"]
    ok = ingesting.post("/api/documents", content=ARTICLE, headers={"content-type": "application/json; charset=utf-8"})
    assert ok.status_code == 200


@pytest.mark.parametrize("headers", [
    {"origin": "http://evil.example"},
    {"origin": "http://testserver:9999"},
    {"origin": "null"},
    {"sec-fetch-site": "cross-site"},
    {"sec-fetch-site": "same-site"},
])
def test_ingest_from_another_origin_is_refused(ingesting, headers):
    response = ingesting.post("/api/documents", content=ARTICLE, headers={"content-type": "application/json", **headers})
    assert response.status_code == 403
    assert "refused" in response.json()["error"]


def test_ingest_from_the_same_origin_is_taken(ingesting):
    headers = {"content-type": "application/json", "origin": "http://testserver", "sec-fetch-site": "same-origin"}
    assert ingesting.post("/api/documents", content=ARTICLE, headers=headers).status_code == 200


def test_ingest_token_is_required_when_set(ledger_path, tmp_path, monkeypatch):
    copy = tmp_path / "copy.db"
    shutil.copy(ledger_path, copy)
    monkeypatch.setattr(web_api, "analyse_article", lambda *args: Stored(False, build_records().document, {}))
    app = TestClient(create_app(copy, allow_ingest=True, ingest_token="s3cret"))
    for auth in (None, "Bearer wrong", "s3cret", "Bearer s3cret2"):
        headers = {"content-type": "application/json", **({"authorization": auth} if auth else {})}
        assert app.post("/api/documents", content=ARTICLE, headers=headers).status_code == 401
    headers = {"content-type": "application/json", "authorization": "Bearer s3cret"}
    assert app.post("/api/documents", content=ARTICLE, headers=headers).status_code == 200


def test_analysis_runs_outside_the_ingest_lock(ingesting, monkeypatch):
    state = ingesting.app.state
    seen = []

    def analyse(*args):
        seen.append(state.ingest_lock.locked())
        return Stored(False, build_records().document, {})

    monkeypatch.setattr(web_api, "analyse_article", analyse)
    assert ingesting.post("/api/documents", content=ARTICLE, headers={"content-type": "application/json"}).is_success
    assert seen == [False]


def test_cross_origin_fetch_to_a_running_server_stores_nothing(ledger_path, tmp_path):
    """What a page on another origin's `fetch(..., {mode: "no-cors"})` sends: text/plain with its Origin."""
    copy = tmp_path / "copy.db"
    shutil.copy(ledger_path, copy)
    with running(create_app(copy, allow_ingest=True)) as url:
        before = httpx.get(f"{url}/api/stats").json()["documents"]
        for headers in ({"content-type": "text/plain;charset=UTF-8", "origin": "http://localhost:9999"},
                        {"content-type": "application/json", "origin": "http://localhost:9999"},
                        {"content-type": "application/json", "origin": url, "host": "evil.example"}):
            response = httpx.post(f"{url}/api/documents", content=ARTICLE, headers=headers)
            assert response.status_code in (403, 415, 421), headers
        assert httpx.get(f"{url}/api/stats").json()["documents"] == before


def test_a_422_does_not_echo_a_large_body(ingesting):
    big = json.dumps({"text": "a", "html": "<p>" + "b" * 1_500_000 + "</p>", "title": ["x"] * 50_000})
    response = ingesting.post("/api/documents", content=big, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert len(response.content) < 20_000
    broken = ingesting.post("/api/documents", content="{" + "x" * 1_500_000,
                            headers={"content-type": "application/json"})
    assert broken.status_code == 422 and len(broken.content) < 20_000


# -- search --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("query", "words"), [("a " * 2000, "too long"), ("t* " * 166, "too many"),
                                              ("w " * 40, "too many terms"), ("x* " * 9, "prefix")],
                         ids=["a-2000", "t-prefix-166", "w-40", "x-prefix-9"])
def test_an_oversized_search_is_422_with_a_message(client, query, words):
    api = client.get("/api/documents", params={"q": query})
    assert api.status_code == 422 and words in api.text
    page = client.get("/search", params={"q": query})
    assert page.status_code == 422 and words in page.text
    assert len(page.text) < 50_000


def test_search_makes_snippets_only_for_the_page_shown(client, monkeypatch):
    calls = []
    original = SqliteLedger.search

    def spy(self, query, limit=20, **kwargs):
        calls.append((limit, kwargs.get("snippets", True), kwargs.get("doc_ids")))
        return original(self, query, limit, **kwargs)

    monkeypatch.setattr(SqliteLedger, "search", spy)
    body = client.get("/api/documents", params={"q": "Northtown", "limit": 5, "offset": 10}).json()
    assert body["total"] == 60 and len(body["items"]) == 5
    assert all(item["snippet"] for item in body["items"])
    with_snippets = [c for c in calls if c[1]]
    assert with_snippets and all(c[2] is not None and len(c[2]) <= 5 for c in with_snippets)


def test_too_many_searches_at_once_are_503(client):
    slots = client.app.state.search_slots
    taken = 0
    while slots.acquire(blocking=False):
        taken += 1
    try:
        response = client.get("/api/documents", params={"q": "Northtown"})
        assert response.status_code == 503 and "too many searches" in response.json()["error"]
        assert client.get("/search", params={"q": "Northtown"}).status_code == 503
        assert client.get("/api/stats").status_code == 200
    finally:
        for _ in range(taken):
            slots.release()
    assert client.get("/api/documents", params={"q": "Northtown"}).status_code == 200


def test_a_search_over_its_time_budget_is_503(client, monkeypatch):
    def slow(*args, **kwargs):
        raise SearchTimeout("search stopped after 1 s: narrow the query")

    monkeypatch.setattr(queries, "list_documents", slow)
    response = client.get("/api/documents", params={"q": "Northtown"})
    assert response.status_code == 503 and "narrow the query" in response.json()["error"]


# -- numbers and paths ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", [
    "/api/documents?offset=9223372036854775808", "/api/documents?offset=-1", "/api/figures?limit=99999999999999999999",
    "/api/events?offset=1e400", "/documents?page=9223372036854775807", "/documents?page=0",
    "/api/documents?q=Northtown&offset=9223372036854775807",
])
def test_out_of_range_numbers_are_422(client, path):
    response = client.get(path)
    assert response.status_code == 422, response.text


@pytest.mark.parametrize("path", ["/static/app.js%00.txt", "/static/%00", "/static/..%2f..%2fpyproject.toml"])
def test_odd_static_paths_are_404(client, path):
    assert client.get(path).status_code == 404


# -- damaged ledgers -----------------------------------------------------------------------------


def corrupt(path: str) -> None:
    """Overwrite pages in the middle of an SQLite file (its header stays valid)."""
    with Ledger(path) as ledger:
        ledger._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = os.path.getsize(path)
    with open(path, "r+b") as handle:
        for offset in range(4096 * 2, size, 4096 * 3):
            handle.seek(offset)
            handle.write(b"\xa5" * 2000)


def test_serve_refuses_a_damaged_ledger(tmp_path):
    path = make_ledger(tmp_path / "bad.db", 60)
    corrupt(path)
    with pytest.raises(LedgerError, match="damaged|malformed"):
        create_app(path)
    result = CliRunner().invoke(cli, ["serve", "--db", path, "--port", "0"])
    assert result.exit_code == 3
    assert "newsledger check" in result.output and "Traceback" not in result.output


def test_a_ledger_damaged_while_served_gets_json_errors(tmp_path):
    path = make_ledger(tmp_path / "later.db", 60)
    client = TestClient(create_app(path))
    corrupt(path)
    for url in ("/api/stats", "/api/figures", "/", "/documents"):
        response = client.get(url)
        assert response.status_code == 500, url
        assert response.headers["content-type"].startswith("application/json")
        assert "newsledger check" in response.json()["error"]
        assert response.headers["x-content-type-options"] == "nosniff"


def test_serve_ingests_a_post_in_a_child_process(ledger_path, tmp_path):
    """`serve` analyses, stores and links a posted article in a worker process (reads keep this one)."""
    copy = tmp_path / "copy.db"
    shutil.copy(ledger_path, copy)
    app = create_app(copy, allow_ingest=True, ingest_process=True)
    try:
        client = TestClient(app)
        text = "Shelling killed four civilians in Southtown on Monday, the Westland health ministry said."
        response = client.post("/api/documents", json={"text": text, "url": " JAVASCRIPT:alert(1)"})
        assert response.status_code == 201, response.text
        document = response.json()["document"]
        assert document["url"] is None and document["source_path"] == "JAVASCRIPT:alert(1)"
        assert client.get("/api/stats").json()["documents"] == 61
        assert client.get(f"/api/documents/{document['id']}").json()["document"]["story_id"]
    finally:
        app.state.ingest_worker.close()
