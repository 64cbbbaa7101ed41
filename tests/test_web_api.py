"""The HTTP API and the server-rendered pages, with FastAPI's TestClient on the seed ledger."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from conftest import build_records
from fastapi.testclient import TestClient

from newsledger.ledger import Ledger
from newsledger.linking import link
from newsledger.records import as_dict
from newsledger.resources import Resources
from newsledger.ingest import ingest
from newsledger.web import create_app
from newsledger.web.common import annotated_html
from newsledger.views import Mark, overlaps
from newsledger.web.queries import segments

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "karabakh"
# Invented wording, so that ingest is tested on text that is not a seed.
ARTICLE = (
    "Shelling killed four civilians in Northtown on Monday, the Westland health ministry said. "
    "Eastland's army denied the report."
)


@pytest.fixture(scope="module")
def resources() -> Resources:
    """Pipeline resources shared by the module (the spaCy model loads once)."""
    return Resources()


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory, resources: Resources) -> str:
    """The seed articles ingested and linked, plus one invented document whose event has a place."""
    path = str(tmp_path_factory.mktemp("web") / "seed.db")
    with Ledger(path) as ledger:
        report = ingest([str(SEEDS)], ledger, resources)
        assert report.ok and report.added == 5
        ledger.add(build_records())
        link(ledger)
    return path


@pytest.fixture(scope="module")
def client(seed_db: str) -> TestClient:
    """A read-only app over the seed ledger."""
    return TestClient(create_app(seed_db))


@pytest.fixture(scope="module")
def counts(seed_db: str) -> dict[str, int]:
    with Ledger(seed_db) as ledger:
        return ledger.stats()


def _error(response, status: int) -> str:
    """Check a JSON error response and return its message."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "detail"}
    assert isinstance(body["error"], str) and body["error"]
    return body["error"]


def test_stats_and_openapi(client, counts):
    assert client.get("/api/stats").json() == counts
    schema = client.get("/openapi.json").json()
    for path in ("/api/documents", "/api/documents/{doc_id}", "/api/figures", "/api/claims", "/api/events",
                 "/api/stories", "/api/tallies", "/api/contradictions", "/api/episodes", "/api/places"):
        assert path in schema["paths"], path
    assert "post" in schema["paths"]["/api/documents"]
    assert not any(p.startswith("/map") or p == "/" for p in schema["paths"])


def test_documents_are_paginated(client, counts):
    first = client.get("/api/documents", params={"limit": 2}).json()
    second = client.get("/api/documents", params={"limit": 2, "offset": 2}).json()
    assert first["total"] == second["total"] == counts["documents"]
    assert (first["limit"], first["offset"], second["offset"]) == (2, 0, 2)
    assert len(first["items"]) == len(second["items"]) == 2
    assert not {d["id"] for d in first["items"]} & {d["id"] for d in second["items"]}
    assert {"id", "text", "removed", "published", "story_id", "episode_id"} <= set(first["items"][0])
    past = client.get("/api/documents", params={"offset": 1000}).json()
    assert past["items"] == [] and past["total"] == counts["documents"]


def test_documents_search_by_fts(client):
    body = client.get("/api/documents", params={"q": "Martakert"}).json()
    assert body["total"] == 1
    assert "[Martakert]" in body["items"][0]["snippet"]
    assert "Martakert" in body["items"][0]["text"]
    assert client.get("/api/documents", params={"q": "zzzunknownword"}).json()["total"] == 0


@pytest.mark.parametrize("query", ['"unbalanced', "AND", " "])
def test_bad_search_query_is_400(client, query):
    message = _error(client.get("/api/documents", params={"q": query}), 400)
    assert "search query" in message


def test_documents_filtered_by_episode_and_date(client, seed_db):
    with Ledger(seed_db) as ledger:
        story = next(s for s in ledger.stories() if len(s.doc_ids) > 1)
    body = client.get("/api/documents", params={"episode": story.episode_id}).json()
    assert set(story.doc_ids) <= {d["id"] for d in body["items"]}
    assert all(d["episode_id"] == story.episode_id for d in body["items"])
    dated = client.get("/api/documents", params={"from": "2021-01-01"}).json()["items"]
    assert dated and all(d["published"]["end"] >= "2021-01-01" for d in dated)


def test_one_document_with_annotations(client, seed_db):
    with Ledger(seed_db) as ledger:
        doc_id = ledger.figures()[0].doc_id
    body = client.get(f"/api/documents/{doc_id}").json()
    doc = body["document"]
    assert doc["id"] == doc_id
    assert body["figures"] and body["claims"] and body["mentions"]
    assert all(f["doc_id"] == doc_id for f in body["figures"])
    kinds = {s["kind"] for s in body["spans"]}
    assert {"figure", "claim", "place", "actor"} <= kinds
    for span in body["spans"]:
        assert span["text"] == doc["text"][span["start"] : span["end"]]
    figure_ids = {f["id"] for f in body["figures"]}
    assert figure_ids == {s["id"] for s in body["spans"] if s["kind"] == "figure"}


def test_unknown_ids_are_404(client):
    assert "doc_nope" in _error(client.get("/api/documents/doc_nope"), 404)
    _error(client.get("/api/figures/fig_nope"), 404)
    _error(client.get("/api/events/evt_nope"), 404)
    _error(client.get("/api/nothing-here"), 404)


def test_one_figure_or_event_by_id(client, seed_db):
    with Ledger(seed_db) as ledger:
        figure, event = ledger.figures()[-1], ledger.events()[-1]
    assert client.get(f"/api/figures/{figure.id}").json() == as_dict(figure)
    assert client.get(f"/api/events/{event.id}").json() == as_dict(event)


def test_figures_filters(client, seed_db):
    killed = client.get("/api/figures", params={"kind": "killed", "limit": 500}).json()
    assert killed["total"] > 0 and all(f["kind"] == "killed" for f in killed["items"])
    civilians = client.get("/api/figures", params={"kind": "killed", "group": "civilians"}).json()["items"]
    assert civilians and all(f["group"] == "civilians" for f in civilians)
    assert len(civilians) < killed["total"]
    with Ledger(seed_db) as ledger:
        doc_id = ledger.figures()[0].doc_id
        in_doc = len(ledger.figures(doc_id=doc_id))
    assert client.get("/api/figures", params={"doc": doc_id}).json()["total"] == in_doc
    side = client.get("/api/figures", params={"side": "karabakh"}).json()["items"]
    assert side and all("karabakh" in f["side"]["name"].lower() for f in side)
    late = client.get("/api/figures", params={"from": "2020-10-05", "to": "2020-12-31"}).json()["items"]
    early = client.get("/api/figures", params={"to": "2020-10-01"}).json()["items"]
    assert late and early and not {f["id"] for f in late} & {f["id"] for f in early}


@pytest.mark.parametrize(("params", "status", "words"), [
    ({"kind": "eaten"}, 422, "kind"),
    ({"limit": 0}, 422, "limit"),
    ({"limit": 100000}, 422, "limit"),
    ({"offset": -1}, 422, "offset"),
    ({"from": "yesterday"}, 422, "from"),
    ({"from": "2020-02-31"}, 400, "not a calendar date"),
    ({"from": "2020-10-05", "to": "2020-10-01"}, 400, "after"),
])
def test_bad_parameters_say_what_is_wrong(client, params, status, words):
    assert words in _error(client.get("/api/figures", params=params), status)


def test_claims_filters(client):
    denials = client.get("/api/claims", params={"stance": "deny"}).json()["items"]
    assert denials and all(c["stance"] == "deny" for c in denials)
    contradicted = client.get("/api/claims", params={"contradicted": "true", "limit": 500}).json()["items"]
    assert contradicted and all(c["contradicts"] for c in contradicted)
    everyone = client.get("/api/claims", params={"limit": 500}).json()["items"]
    turkey = client.get("/api/claims", params={"speaker": "turkey", "limit": 500}).json()["items"]
    named = {c["id"] for c in everyone if c["speaker"]["name"] == "Turkey"}
    assert named and named <= {c["id"] for c in turkey} and len(turkey) < len(everyone)
    assert "stance" in _error(client.get("/api/claims", params={"stance": "shout"}), 422)


def test_events_filters(client):
    assault = client.get("/api/events", params={"type": "assault"}).json()["items"]
    assert assault and all(e["type"] == "ASSAULT" for e in assault)
    northtown = client.get("/api/events", params={"place": "northtown", "from": "2021-03-01", "to": "2021-03-31"})
    assert [e["place"]["name"] for e in northtown.json()["items"]] == ["Northtown"]
    assert client.get("/api/events", params={"place": "northtown", "to": "2021-03-01"}).json()["total"] == 0
    assert "unknown event type" in _error(client.get("/api/events", params={"type": "dance"}), 422)
    assert "status" in _error(client.get("/api/events", params={"status": "maybe"}), 422)


def test_stories_episodes_tallies(client, counts):
    stories = client.get("/api/stories").json()
    assert stories["total"] == counts["stories"]
    episode = stories["items"][0]["episode_id"]
    same = client.get("/api/stories", params={"episode": episode}).json()["items"]
    assert same and all(s["episode_id"] == episode for s in same)
    episodes = client.get("/api/episodes").json()["items"]
    assert sum(e["doc_count"] for e in episodes) == counts["documents"]
    tallies = client.get("/api/tallies", params={"limit": 500}).json()
    assert tallies["total"] == counts["tallies"] > 0
    tally = tallies["items"][0]
    assert tally["low"] <= tally["best"] and (tally["high"] is None or tally["best"] <= tally["high"])
    killed = client.get("/api/tallies", params={"kind": "killed"}).json()["items"]
    assert killed and all(t["kind"] == "killed" for t in killed)
    sideless = client.get("/api/tallies", params={"side": "none", "limit": 500}).json()["items"]
    assert sideless and all(t["side"] is None for t in sideless)
    assert "kind" in _error(client.get("/api/tallies", params={"kind": "x"}), 422)


def test_contradictions_are_listed_per_episode(client):
    episodes = [e["id"] for e in client.get("/api/episodes").json()["items"]]
    found = {e: client.get("/api/contradictions", params={"episode": e, "limit": 500}).json()["items"] for e in episodes}
    pairs = [c for items in found.values() for c in items if c["kind"] == "claims"]
    assert pairs and all(c["episode_id"] == e for e, items in found.items() for c in items)
    for pair in pairs:
        first, second = pair["claims"]
        assert second["id"] in first["contradicts"] and first["id"] in second["contradicts"]
        assert not (first["stance"] == "deny" and second["stance"] != "deny")
    episode = next(e for e, items in found.items() if any(c["kind"] == "claims" for c in items))
    doc = next(c["claims"][0]["doc_id"] for c in found[episode] if c["kind"] == "claims")
    narrowed = client.get("/api/contradictions", params={"episode": episode, "doc": doc, "limit": 500}).json()
    assert narrowed["items"] and all(doc in {x["doc_id"] for x in c["claims"] + c["figures"]} for c in narrowed["items"])
    assert client.get("/api/contradictions", params={"episode": episode, "story": "no-such-story"}).json()["items"] == []
    only_figures = client.get("/api/contradictions", params={"episode": episode, "kind": "figures"}).json()["items"]
    assert all(c["kind"] == "figures" and len(c["figures"]) == 2 for c in only_figures)
    # Without an episode the answer would read every claim of the ledger: refused, with the way out.
    assert "episode" in _error(client.get("/api/contradictions"), 400)
    assert "date" in _error(client.get("/api/contradictions", params={"episode": episode, "from": "2020-01-01"}), 400)
    _error(client.get("/api/contradictions", params={"episode": episode, "kind": "opinions"}), 422)


def test_places_for_the_map(client):
    places = client.get("/api/places", params={"layer": "places", "limit": 500}).json()["items"]
    assert places and all(p["layer"] == "places" and -90 <= p["lat"] <= 90 for p in places)
    assert places == sorted(places, key=lambda p: -p["count"])
    assert all(p["href"].startswith("/documents/") and re.search(r"#\d+-\d+$", p["href"]) for p in places)
    events = client.get("/api/places", params={"layer": "events"}).json()["items"]
    assert "Northtown" in {p["name"] for p in events}
    with_countries = client.get("/api/places", params={"layer": "places", "countries": "true", "limit": 500})
    assert len(with_countries.json()["items"]) > len(places)


def test_post_refused_when_read_only(client, counts):
    message = _error(client.post("/api/documents", json={"text": ARTICLE}), 403)
    assert "--allow-ingest" in message
    assert client.get("/api/stats").json()["documents"] == counts["documents"]


@pytest.fixture
def writable(seed_db: str, tmp_path: Path, resources: Resources) -> TestClient:
    """An app that accepts posted articles, over a copy of the seed ledger, with a 4 kB limit."""
    copy = tmp_path / "copy.db"
    shutil.copy(seed_db, copy)
    return TestClient(create_app(copy, allow_ingest=True, max_ingest_bytes=4000, resources=resources))


def test_post_too_large_is_413(writable):
    message = _error(writable.post("/api/documents", json={"text": "word " * 2000}), 413)
    assert "too large" in message
    chunked = writable.post("/api/documents", content=iter([b'{"text": "', b"x" * 5000, b'"}']),
                            headers={"content-type": "application/json"})
    _error(chunked, 413)


@pytest.mark.parametrize("body", [{}, {"text": "  "}, {"text": "a", "html": "<p>b</p>"}, {"title": "no text"}])
def test_post_invalid_article_is_422(writable, body):
    assert "text or html" in _error(writable.post("/api/documents", json=body), 422)


def test_post_not_json_is_422(writable):
    _error(writable.post("/api/documents", content=b"not json", headers={"content-type": "application/json"}), 422)


def test_post_ingests_and_lists_the_article(writable, counts):
    response = writable.post("/api/documents", json={
        "text": ARTICLE, "title": "Shelling in Northtown", "published": "2021-03-15", "source": "Example News",
        "url": "https://example.org/northtown",
    })
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["added"] is True and body["document"]["title"] == "Shelling in Northtown"
    doc_id = body["document"]["id"]
    assert body["counts"]["figures"] >= 1
    listed = writable.get("/api/documents", params={"limit": 500}).json()
    assert listed["total"] == counts["documents"] + 1
    assert doc_id in {d["id"] for d in listed["items"]}
    stored = writable.get(f"/api/documents/{doc_id}").json()
    assert stored["document"]["story_id"] is not None
    assert any(f["kind"] == "killed" and f["low"] == 4 for f in stored["figures"])
    assert writable.get("/api/documents", params={"q": "Northtown AND shelling"}).json()["total"] >= 1
    again = writable.post("/api/documents", json={"text": ARTICLE})
    assert again.status_code == 200 and again.json()["added"] is False


def test_create_app_refuses_a_missing_ledger(tmp_path):
    from newsledger.errors import LedgerError

    with pytest.raises(LedgerError, match="no ledger"):
        create_app(tmp_path / "missing.db")
    create_app(tmp_path / "new.db", allow_ingest=True)
    assert (tmp_path / "new.db").exists()


# -- pages ------------------------------------------------------------------------------------


def _text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_pages_render(client):
    for path, needle in [("/", "Episodes and tallies"), ("/timeline", 'id="timeline"'), ("/map", 'id="map"'),
                         ("/claims", "Contradictions"), ("/documents", "Documents"),
                         ("/search?q=Martakert", "Martakert")]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert needle in response.text, path
        assert "http://" not in response.text.replace('xmlns="http://www.w3.org/2000/svg"', ""), path
        assert "https://cdn" not in response.text


def test_overview_links_tallies_to_their_figures(client, seed_db):
    page = client.get("/").text
    links = re.findall(r'class="fig-link" href="(/documents/(doc_\w+)#(\d+)-(\d+))"', page)
    assert links
    with Ledger(seed_db) as ledger:
        evidence = {(f.doc_id, f.evidence.start, f.evidence.end) for f in ledger.figures()}
    assert all((doc, int(a), int(b)) in evidence for _, doc, a, b in links)


def test_document_page_text_is_exactly_the_cleaned_text(client, seed_db):
    with Ledger(seed_db) as ledger:
        doc = ledger.document(ledger.figures()[0].doc_id)
    page = client.get(f"/documents/{doc.id}").text
    article = re.search(r'<article class="doc-text" id="doc-text"[^>]*>(.*?)</article>', page, re.S).group(1)
    assert _text_of(article) == doc.text
    for kind in ("figure", "claim", "place", "actor"):
        assert f"m-{kind}" in article
    assert "<details" in page and "Removed by cleaning" in page


def test_page_errors_are_html(client):
    response = client.get("/documents/doc_nope")
    assert response.status_code == 404 and "text/html" in response.headers["content-type"]
    assert "doc_nope" in response.text
    bad = client.get("/search", params={"q": '"open'})
    assert bad.status_code == 400 and "invalid search query" in bad.text


def test_map_and_timeline_pages_name_the_episode_and_point_at_their_data(client):
    page = client.get("/map").text
    assert 'id="map"' in page and "/api/map?episode=epi_" in page and "/static/vendor/leaflet/leaflet.js" in page
    assert "<h1>epi_" not in page and "Nagorno-Karabakh" in page
    timeline = client.get("/timeline").text
    assert "/api/timeline?episode=epi_" in timeline
    assert client.get("/map", params={"episode": "epi_nope"}).status_code == 404


# -- pure helpers ----------------------------------------------------------------------------


def test_segments_cover_the_text_and_nest_marks():
    text = "Twelve soldiers were killed, the ministry said."
    marks = [Mark(0, 46, "claim", "c", "C1"), Mark(0, 6, "figure", "f", "F1"), Mark(32, 40, "actor", "a", "A")]
    pieces = segments(text, marks)
    assert "".join(text[a:b] for a, b, _ in pieces) == text
    assert {m.kind for m in pieces[0][2]} == {"claim", "figure"}
    assert _text_of(str(annotated_html(text, marks))) == text
    assert _text_of(str(annotated_html("a < b & c", [Mark(2, 3, "figure", "f", "<F>")]))) == "a < b & c"


def test_date_overlap():
    assert overlaps("2020-10-01", "2020-10-03", "2020-10-03", None)
    assert not overlaps("2020-10-01", "2020-10-03", "2020-10-04", None)
    assert overlaps("2020-10-01", None, None, "2020-10-01")
    assert not overlaps(None, None, "2020-01-01", None)
    assert overlaps(None, None, None, None)
