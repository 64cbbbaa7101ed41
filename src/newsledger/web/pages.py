"""The dashboard: server-rendered HTML pages over the same queries as the API.

Overview, timeline, map, claims and contradictions, documents and search, and one
document with every extracted fact highlighted. Every number and event links to
`/documents/<id>#<start>-<end>`, which opens the document with that span highlighted.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from ..ledger import listing
from ..records import STANCES
from ..ledger.search import MAX_SEARCH_CHARS
from . import names, queries, theatre
from .common import ApiError, annotated_html, open_ledger, search_errors

router = APIRouter(include_in_schema=False)

DOCS_PER_PAGE = 50
CLAIMS_PER_PAGE = 50
OVERVIEW_EPISODES = 10
MAX_CHIPS = 2000
"""Documents named under the overview's stories (the rest are counted, not listed)."""
"""Episodes on the overview: the most reported ones."""
LISTED_EPISODES = 30
"""Episodes offered in an episode menu: the most reported ones."""
MAX_PAGE = 10_000_000
"""The highest page number accepted (a bigger one is a 422, not an overflow deep in SQLite)."""


def _render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status)


@router.get("/", response_class=HTMLResponse)
def overview(request: Request) -> HTMLResponse:
    """The most reported episodes with their stories and reconciled tallies per side and kind; latest documents."""
    with open_ledger(request) as ledger:
        stats = ledger.stats()
        shown = queries.top_episodes(ledger, OVERVIEW_EPISODES)
        more_episodes = listing.episode_count(ledger) - len(shown)
        titles = names.titles(ledger, shown)
        tallies = [t for e in shown for t in ledger.tallies(episode_id=e.id)]
        figures = listing.records_by_id(ledger, "figures", [i for t in tallies for i in t.figure_ids])
        by_episode: dict[str, list[Any]] = {}
        for tally in tallies:
            sources = [figures[i] for i in tally.figure_ids if i in figures]
            by_episode.setdefault(tally.episode_id, []).append((tally, _best_figure(tally, sources), sources))
        # Pairs of the episodes shown (each read from its own documents): a count over the whole ledger would scan it.
        contradictions = sum(len(theatre.claim_contradictions(ledger, e)) for e in shown)
        latest = listing.latest_sources(ledger, 8)
        sources = listing.sources_by_id(ledger, [d for e in shown for s in e.stories for d in s.doc_ids][:MAX_CHIPS])
    return _render(request, "overview.html", {
        "page": "overview", "stats": stats, "episodes": shown, "more_episodes": more_episodes,
        "tallies": by_episode, "titles": titles, "latest": latest, "contradictions": contradictions,
        "sources": sources,
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
    """The most reported episodes (and the chosen one) for a menu; the chosen one; names by id.

    Menu entries are named from their stories alone; the chosen episode from its content.

    Raises:
        ApiError: 404 when `episode_id` names no episode.
    """
    shown = queries.top_episodes(ledger, LISTED_EPISODES)
    chosen = theatre.pick_episode(queries.episodes_by_id(ledger, [episode_id]) if episode_id else shown,
                                  episode_id or None)
    if episode_id and chosen is None:
        raise ApiError(404, f"no episode {episode_id!r} in the ledger")
    if chosen is not None and chosen not in shown:
        shown.append(chosen)
    shown.sort(key=lambda e: (e.start or "9999", e.id))
    labels = names.menu_labels(shown)
    if chosen is not None:
        labels.update(names.titles(ledger, [chosen]))
    return shown, chosen, labels


@router.get("/claims", response_class=HTMLResponse)
def claims_page(
    request: Request,
    stance: str = "",
    speaker: str = "",
    episode: str = "",
    outlet: str = "",
    sort: str = "document",
    dir: str = "asc",  # noqa: A002
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
) -> HTMLResponse:
    """Contradictions of one episode side by side, then who said what: a sortable, filterable, paged table."""
    stance = stance if stance in STANCES else ""
    sort = sort if sort in listing.CLAIM_ORDERS else "document"
    descending = dir == "desc"
    with open_ledger(request) as ledger:
        shown, chosen, titles = _named_episodes(ledger, episode)
        pairs = theatre.episode_contradictions(ledger, chosen) if chosen else []
        rows, total = listing.claim_page(ledger, stance=stance or None, speaker=speaker or None,
                                         episode_id=episode or None, outlet=outlet or None, order=sort,
                                         descending=descending, limit=CLAIMS_PER_PAGE,
                                         offset=(page - 1) * CLAIMS_PER_PAGE)
        against = listing.records_by_id(ledger, "claims", [i for r in rows for i in r.claim.contradicts])
        shown_claims = [c for p in pairs for c in p.claims]
        docs = listing.sources_by_id(ledger, [c.doc_id for c in shown_claims])
        outlets = listing.outlets(ledger)
    params = {"stance": stance, "speaker": speaker, "episode": episode, "outlet": outlet, "sort": sort,
              "dir": "desc" if descending else ""}
    return _render(request, "claims.html", {
        "page": "claims", "rebuttals": queries.rebuttals(pairs), "figure_pairs": [p for p in pairs if p.kind == "figures"],
        "docs": docs, "rows": rows, "against": against, "total": total, "number": page,
        "per_page": CLAIMS_PER_PAGE, "params": params, "stance": stance, "speaker": speaker, "episode": episode,
        "outlet": outlet, "outlets": outlets, "sort": sort, "descending": descending, "stances": STANCES,
        "episodes": shown, "titles": titles, "contradiction_episode": chosen,
    })


@router.get("/documents", response_class=HTMLResponse)
def documents_page(
    request: Request,
    outlet: str = "",
    episode: str = "",
    sort: str = "id",
    dir: str = "asc",  # noqa: A002
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
) -> HTMLResponse:
    """Every document, a sortable and filterable page at a time (titles, outlets, dates; never the texts)."""
    sort = sort if sort in listing.DOC_ORDERS else "id"
    descending = dir == "desc"
    with open_ledger(request) as ledger:
        rows, total = listing.document_page(ledger, outlet=outlet or None, episode_id=episode or None, order=sort,
                                            descending=descending, limit=DOCS_PER_PAGE,
                                            offset=(page - 1) * DOCS_PER_PAGE)
        shown = queries.top_episodes(ledger, LISTED_EPISODES)
        on_page = queries.episodes_by_id(ledger, {r.episode_id for r in rows if r.episode_id})
        titles = names.menu_labels([*shown, *on_page])
        outlets = listing.outlets(ledger)
    params = {"outlet": outlet, "episode": episode, "sort": sort, "dir": "desc" if descending else ""}
    return _render(request, "documents_table.html", {
        "page": "documents", "rows": rows, "total": total, "number": page, "per_page": DOCS_PER_PAGE,
        "params": params, "outlet": outlet, "episode": episode, "outlets": outlets, "episodes": shown,
        "titles": titles, "sort": sort, "descending": descending,
    })


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
