"""The dashboard: server-rendered HTML pages over the same queries as the API.

Overview, timeline, map, claims and contradictions, documents and search, and one
document with every extracted fact highlighted. Every number and event links to
`/documents/<id>#<start>-<end>`, which opens the document with that span highlighted.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from .. import views
from ..ledger.contract import PLOVER_TYPES, STANCES
from ..ledger.search import MAX_SEARCH_CHARS
from . import charts, names, queries, theatre
from .common import ApiError, annotated_html, open_ledger, search_errors

router = APIRouter(include_in_schema=False)

DOCS_PER_PAGE = 50
CLAIMS_PER_PAGE = 200
LISTED_EPISODES = 30
"""Episodes offered in an episode menu: the most reported ones."""
MAX_PAGE = 10_000_000
"""The highest page number accepted (a bigger one is a 422, not an overflow deep in SQLite)."""


def _render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status)


@router.get("/", response_class=HTMLResponse)
def overview(request: Request) -> HTMLResponse:
    """Episodes and stories, reconciled tallies per side and kind, latest documents."""
    with open_ledger(request) as ledger:
        stats = ledger.stats()
        found = queries.episodes(ledger)
        tallies = ledger.tallies()
        figures = {f.id: f for f in ledger.figures()}
        latest = queries.latest_documents(ledger, 8)
        contradictions = queries.contradictions(ledger, queries.Scope())
    by_episode: dict[str, list[Any]] = {}
    for tally in tallies:
        sources = [figures[i] for i in tally.figure_ids if i in figures]
        by_episode.setdefault(tally.episode_id, []).append((tally, _best_figure(tally, sources), sources))
    return _render(request, "overview.html", {
        "page": "overview", "stats": stats, "episodes": found, "tallies": by_episode,
        "latest": latest, "contradictions": len(contradictions),
    })


def _best_figure(tally: Any, sources: list[Any]) -> Any:
    """The figure that gave the tally its best value (the first source when none matches it)."""
    for figure in sources:
        if figure.low == tally.best or (figure.high is not None and figure.low <= tally.best <= figure.high):
            return figure
    return sources[0] if sources else None


@router.get("/timeline", response_class=HTMLResponse)
def timeline(request: Request, episode: str = "") -> HTMLResponse:
    """One episode's dated facts by day and type under its reported running totals (drawn from /api/timeline)."""
    with open_ledger(request) as ledger:
        shown, chosen, titles = _named_episodes(ledger, episode)
    name = titles[chosen.id] if chosen else "Timeline"
    return _render(request, "timeline.html", {
        "page": "timeline", "episodes": shown, "episode_id": chosen.id if chosen else "", "titles": titles,
        "name": name,
    })


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, episode: str = "") -> HTMLResponse:
    """One episode's places on an offline Leaflet map, opened on the theatre of its violence."""
    with open_ledger(request) as ledger:
        shown, chosen, titles = _named_episodes(ledger, episode)
    name = titles[chosen.id] if chosen else "Map"
    return _render(request, "map.html", {
        "page": "map", "episodes": shown, "episode_id": chosen.id if chosen else "", "titles": titles, "name": name,
    })


def _named_episodes(ledger: Any, episode_id: str) -> tuple[list[queries.Episode], queries.Episode | None,
                                                          dict[str, str]]:
    """The most reported episodes (and the chosen one) with their names; the chosen one; the names.

    Raises:
        ApiError: 404 when `episode_id` names no episode.
    """
    found = queries.episodes(ledger)
    chosen = theatre.pick_episode(found, episode_id or None)
    if episode_id and chosen is None:
        raise ApiError(404, f"no episode {episode_id!r} in the ledger")
    shown = sorted(found, key=lambda e: -e.doc_count)[:LISTED_EPISODES]
    if chosen is not None and chosen not in shown:
        shown.append(chosen)
    shown.sort(key=lambda e: (e.start or "9999", e.id))
    return shown, chosen, names.titles(ledger, shown)


@router.get("/claims", response_class=HTMLResponse)
def claims_page(
    request: Request,
    stance: str = "",
    speaker: str = "",
    episode: str = "",
) -> HTMLResponse:
    """Contradictions side by side (denials next to the claims they answer), then every claim."""
    stance = stance if stance in STANCES else ""
    scope = queries.Scope(episode=episode or None)
    with open_ledger(request) as ledger:
        pairs = queries.contradictions(ledger, scope)
        found = queries.list_claims(ledger, views.ClaimFilter(None, stance or None, speaker or None), scope)
        found_episodes = queries.episodes(ledger)
        docs = {d.id: d for d in ledger.documents()}
    return _render(request, "claims.html", {
        "page": "claims", "rebuttals": queries.rebuttals(pairs),
        "figure_pairs": [p for p in pairs if p.kind == "figures"],
        "docs": docs, "claims": found[:CLAIMS_PER_PAGE], "total": len(found),
        "stance": stance, "speaker": speaker, "episode": episode, "stances": STANCES, "episodes": found_episodes,
    })


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1) -> HTMLResponse:
    """Every document, a page at a time."""
    with open_ledger(request) as ledger:
        found = queries.list_documents(ledger, queries.Scope(), None, DOCS_PER_PAGE, (page - 1) * DOCS_PER_PAGE)
    return _render(request, "documents.html", {"page": "documents", "results": found, "number": page, "q": ""})


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = "") -> HTMLResponse:
    """Full-text search over every document (SQLite FTS5), best matches first."""
    error, results, status = None, None, 200
    if q.strip():
        try:
            with open_ledger(request) as ledger:
                results = search_errors(lambda: queries.list_documents(
                    ledger, queries.Scope(), q, DOCS_PER_PAGE, 0, budget=request.app.state.search_budget), q)
        except ApiError as exc:
            error, status = exc.message, exc.status
    # The query is shown back in the search box: only as much of it as the search would take.
    return _render(request, "documents.html", {"page": "search", "results": results, "number": 1,
                                               "q": q[:MAX_SEARCH_CHARS], "error": error}, status=status)


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str) -> HTMLResponse:
    """One document: the cleaned text with every fact highlighted, the facts, the removed debris."""
    with open_ledger(request) as ledger:
        found = queries.document_view(ledger, doc_id)
    if found is None:
        raise ApiError(404, f"no document {doc_id!r} in the ledger")
    places = [m for m in found.mentions if m.kind == "place"]
    actors = [m for m in found.mentions if m.kind == "actor"]
    return _render(request, "document.html", {
        "page": "document", "view": found, "doc": found.document,
        "text": annotated_html(found.document.text, found.marks), "places": places, "actors": actors,
    })
