"""The JSON API under /api/: listings with filters and pagination, one document, ingest.

Records are serialised with `records.as_dict` (the LEDGER.md shapes). Listings answer
`{"items": [...], "total": n, "limit": n, "offset": n}`. Handlers are plain `def`s,
so FastAPI runs each in a worker thread, which opens its own ledger.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError, model_validator

from .. import views
from ..errors import InputError
from ..ledger import listing
from ..ledger.search import MAX_SEARCH_CHARS, MAX_SEARCH_TERMS
from ..records import PLOVER_TYPES, EventStatus, FigureKind, Group, Stance, as_dict
from . import charts, names, queries, theatre
from .common import ApiError, checked_scope, open_ledger, search_errors
from .ingest import Stored, analyse_article, store_records
from .security import check_post

router = APIRouter(prefix="/api", tags=["ledger"])

DATE = r"^\d{4}-\d{2}-\d{2}$"
MAX_LIMIT = 500
MAX_PROBLEMS = 20
"""Validation problems reported in one 422 answer."""
MAX_OFFSET = 1_000_000_000
"""The largest `offset` accepted (a bigger one is a 422, not an overflow deep in SQLite)."""

def scope_params(
    doc: Annotated[str | None, Query(description="Only records of this document id.")] = None,
    story: Annotated[str | None, Query(description="Only records of the documents of this story id.")] = None,
    episode: Annotated[str | None, Query(description="Only records of the documents of this episode id.")] = None,
    date_from: Annotated[str | None, Query(alias="from", pattern=DATE, description="On or after YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, Query(alias="to", pattern=DATE, description="On or before YYYY-MM-DD.")] = None,
) -> queries.Scope:
    """The document, story, episode and date filters every listing shares."""
    return checked_scope(doc, story, episode, date_from, date_to)


def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")] = 0,
) -> tuple[int, int]:
    """Pagination: how many items, from where."""
    return limit, offset


Scope = Annotated[queries.Scope, Depends(scope_params)]
Paging = Annotated[tuple[int, int], Depends(page_params)]


def _page(items: list[Any], paging: tuple[int, int], serialise: Any = as_dict) -> dict[str, Any]:
    page = queries.paginate(items, *paging)
    return {"items": [serialise(i) for i in page.items], "total": page.total, "limit": page.limit,
            "offset": page.offset}


def _only_doc(scope: queries.Scope) -> bool:
    """True when a scope narrows by document at most: the database can then filter and page alone."""
    return scope == queries.Scope(doc_id=scope.doc_id)


def _sql_page(items: list[Any], total: int, paging: tuple[int, int]) -> dict[str, Any]:
    return {"items": [as_dict(i) for i in items], "total": total, "limit": paging[0], "offset": paging[1]}


def _event_type(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if value.upper() not in PLOVER_TYPES:
        raise ApiError(422, f"type: unknown event type {value!r}; expected one of {', '.join(PLOVER_TYPES)}",
                       {"type": value})
    return value.upper()


@router.get("/stats", summary="Count the records of each kind")
def stats(request: Request) -> dict[str, int]:
    """The number of documents, mentions, figures, claims, events, stories and tallies."""
    with open_ledger(request) as ledger:
        return ledger.stats()


@router.get("/documents", summary="List or search documents")
def documents(
    request: Request, scope: Scope, paging: Paging,
    q: Annotated[str | None, Query(description='FTS5 query: words, "phrases", AND/OR/NOT, prefix*; at most '
                                               f'{MAX_SEARCH_CHARS} characters and {MAX_SEARCH_TERMS} terms.')]
    = None,
) -> dict[str, Any]:
    """Documents in id order, or the best full-text matches of `q` first (each with a `snippet`)."""
    if q is not None and not q.strip():
        raise ApiError(400, "q: empty search query", {"q": q})
    if not q:
        with open_ledger(request) as ledger:
            page = queries.list_documents(ledger, scope, None, *paging)
    else:
        with open_ledger(request) as ledger:
            page = search_errors(lambda: queries.list_documents(ledger, scope, q, *paging,
                                                                budget=request.app.state.search_budget), q)
    items = []
    for hit in page.items:
        item = as_dict(hit.document)
        if hit.snippet is not None:
            item["snippet"] = hit.snippet.replace("\x02", "[").replace("\x03", "]")
        items.append(item)
    return {"items": items, "total": page.total, "limit": page.limit, "offset": page.offset}


@router.get("/documents/{doc_id}", summary="One document with its annotations")
def document(request: Request, doc_id: str) -> dict[str, Any]:
    """The document, every record extracted from it, and the spans to highlight in its text."""
    with open_ledger(request) as ledger:
        found = queries.document_view(ledger, doc_id)
    if found is None:
        raise ApiError(404, f"no document {doc_id!r}", {"id": doc_id})
    return {
        "document": as_dict(found.document),
        "figures": [as_dict(f) for f in found.figures],
        "claims": [as_dict(c) for c in found.claims],
        "events": [as_dict(e) for e in found.events],
        "mentions": [as_dict(m) for m in found.mentions],
        "spans": [{"start": m.start, "end": m.end, "kind": m.kind, "id": m.record_id, "label": m.label,
                   "text": found.document.text[m.start : m.end]} for m in found.marks],
    }


@router.get("/figures", summary="List reported counts of people")
def figures(
    request: Request, scope: Scope, paging: Paging,
    kind: FigureKind | None = None,
    group: Group | None = None,
    reporter: Annotated[str | None, Query(description="Words in the name of who reported it.")] = None,
    side: Annotated[str | None, Query(description="Words or code of whose people they are.")] = None,
    place: Annotated[str | None, Query(description="Words in the place name.")] = None,
) -> dict[str, Any]:
    """Figures (killed, injured, ...) dated by their period, else by their document's publication."""
    flt = views.FigureFilter(scope.doc_id, kind, group, reporter)
    with open_ledger(request) as ledger:
        if _only_doc(scope) and not (reporter or side or place):
            return _sql_page(*listing.record_page(ledger, "figures", {"kind": kind, '"group"': group}, *paging,
                                                  doc_id=scope.doc_id), paging)
        found = queries.list_figures(ledger, flt, scope, side=side, place=place)
    return _page(found, paging)


@router.get("/figures/{figure_id}", summary="One figure")
def figure(request: Request, figure_id: str) -> dict[str, Any]:
    """One figure by id."""
    with open_ledger(request) as ledger:
        found = ledger.figure(figure_id)
    if found is None:
        raise ApiError(404, f"no figure {figure_id!r}", {"id": figure_id})
    return as_dict(found)


@router.get("/claims", summary="List who said what")
def claims(
    request: Request, scope: Scope, paging: Paging,
    stance: Stance | None = None,
    speaker: Annotated[str | None, Query(description="Words or code in the speaker's name.")] = None,
    contradicted: Annotated[bool | None, Query(description="Only claims with (true) or without (false) "
                                                            "a contradicting claim.")] = None,
) -> dict[str, Any]:
    """Claims, dated by their document's publication."""
    with open_ledger(request) as ledger:
        if _only_doc(scope) and not speaker and contradicted is None:
            return _sql_page(*listing.record_page(ledger, "claims", {"stance": stance}, *paging,
                                                  doc_id=scope.doc_id), paging)
        found = queries.list_claims(ledger, views.ClaimFilter(scope.doc_id, stance, speaker), scope, contradicted)
    return _page(found, paging)


@router.get("/events", summary="List events")
def events(
    request: Request, scope: Scope, paging: Paging,
    type: Annotated[str | None, Query(description="PLOVER type, e.g. ASSAULT.")] = None,  # noqa: A002
    status: EventStatus | None = None,
    actor: Annotated[str | None, Query(description="Words or code of the actor or target.")] = None,
    place: Annotated[str | None, Query(description="Words in the place name.")] = None,
) -> dict[str, Any]:
    """Events: who did what to whom, where and when."""
    flt = views.EventFilter(scope.doc_id, _event_type(type), actor, place, status, scope.date_from, scope.date_to)
    with open_ledger(request) as ledger:
        if _only_doc(scope) and not (actor or place):
            return _sql_page(*listing.record_page(ledger, "events", {"type": flt.type, "status": status}, *paging,
                                                  doc_id=scope.doc_id), paging)
        found = queries.list_events(ledger, flt, scope)
    return _page(found, paging)


@router.get("/events/{event_id}", summary="One event")
def event(request: Request, event_id: str) -> dict[str, Any]:
    """One event by id."""
    with open_ledger(request) as ledger:
        found = ledger.event(event_id)
    if found is None:
        raise ApiError(404, f"no event {event_id!r}", {"id": event_id})
    return as_dict(found)


@router.get("/stories", summary="List stories")
def stories(request: Request, scope: Scope, paging: Paging) -> dict[str, Any]:
    """Stories (documents reporting the same developments), earliest first."""
    with open_ledger(request) as ledger:
        return _page(queries.list_stories(ledger, scope), paging)


@router.get("/episodes", summary="List episodes")
def episodes(request: Request, paging: Paging) -> dict[str, Any]:
    """Episodes with their date ranges and stories, earliest first."""
    with open_ledger(request) as ledger:
        found = queries.episodes(ledger)
    return _page(found, paging, lambda e: {
        "id": e.id, "title": e.title, "start": e.start, "end": e.end,
        "story_ids": [s.id for s in e.stories], "doc_count": e.doc_count,
    })


@router.get("/tallies", summary="List reconciled tallies")
def tallies(
    request: Request, paging: Paging,
    episode: Annotated[str | None, Query(description="Only this episode id.")] = None,
    kind: FigureKind | None = None,
    group: Group | None = None,
    side: Annotated[str | None, Query(description='Words or code of the side; "none" for tallies without one.')]
    = None,
    as_of: Annotated[str | None, Query(description="The tallies as they stood on this date (YYYY-MM-DD).",
                                       pattern=r"^\d{4}-\d{2}-\d{2}$")] = None,
) -> dict[str, Any]:
    """Figures reconciled per episode, kind, group and side: low / best / high, with each reporter's series."""
    with open_ledger(request) as ledger:
        return _page(queries.list_tallies(ledger, episode, kind, group, side, as_of), paging)


@router.get("/contradictions", summary="List contradictions")
def contradictions(
    request: Request, scope: Scope, paging: Paging,
    kind: Annotated[Literal["claims", "figures"] | None,
                    Query(description="claims: pairs of contradicting claims; figures: disagreeing figures.")] = None,
) -> dict[str, Any]:
    """Pairs of contradicting claims (the denial second) and figures that disagree beyond their ranges, of one episode.

    Linking compares claims and figures within an episode only, so an episode is required (see
    `/api/episodes`); `story` and `doc` narrow it to the pairs with a record of that story or document.
    The work is bounded by the episode's documents, never the whole ledger.
    """
    if scope.date_from or scope.date_to:
        raise ApiError(400, "contradictions take no date filter; use story or episode", None)
    if not scope.episode:
        raise ApiError(400, "contradictions are listed per episode: pass episode= (see /api/episodes)", None)
    with open_ledger(request) as ledger:
        chosen = theatre.pick_episode(queries.episodes_by_id(ledger, [scope.episode]), scope.episode)
        allowed = None if chosen is None else queries.scope_doc_ids(ledger, scope, chosen.stories)
        found = [] if chosen is None else [
            c for c in theatre.episode_contradictions(ledger, chosen)
            if (kind is None or c.kind == kind)
            and (allowed is None or any(r.doc_id in allowed for r in (*c.claims, *c.figures)))]
    return _page(found, paging, lambda c: {
        "kind": c.kind, "episode_id": c.episode_id, "claims": [as_dict(x) for x in c.claims],
        "figures": [as_dict(x) for x in c.figures], "note": c.note,
    })


@router.get("/places", summary="Places on the map")
def places(
    request: Request, paging: Paging,
    layer: Literal["all", "places", "events"] = "all",
    type: Annotated[str | None, Query(description="Only events of this PLOVER type.")] = None,  # noqa: A002
    countries: Annotated[bool, Query(description="Include places that are whole countries.")] = False,
) -> dict[str, Any]:
    """Mentioned places and event places with coordinates, one item per place and layer, biggest first."""
    event_type = _event_type(type)
    shown = layer if event_type is None else "events"
    with open_ledger(request) as ledger:
        mentioned, events, total = listing.place_page(
            ledger, mentioned=shown in ("all", "places"), events=shown in ("all", "events"), type=event_type,
            countries=countries, limit=paging[0], offset=paging[1])
    found = charts.place_markers(mentioned, "places", True) + charts.event_markers(events)
    return {"items": [asdict(m) for m in found], "total": total, "limit": paging[0], "offset": paging[1]}


def _episode(ledger: Any, episode_id: str | None) -> queries.Episode:
    pool = queries.episodes_by_id(ledger, [episode_id]) if episode_id else queries.top_episodes(ledger, 30)
    found = theatre.pick_episode(pool, episode_id)
    if found is None:
        raise ApiError(404, f"no episode {episode_id!r}" if episode_id else "the ledger has no episode yet",
                       {"episode": episode_id})
    return found


def _episode_head(episode: queries.Episode, records: theatre.EpisodeRecords) -> dict[str, Any]:
    name = names.episode_name(episode.start, episode.end, records.events, records.figures, records.mentions,
                              episode.title)
    return {"id": episode.id, "name": name, "start": episode.start, "end": episode.end,
            "documents": episode.doc_count, "documents_read": len(records.doc_ids), "truncated": records.truncated}


@router.get("/map", summary="One episode's places, facts and theatre")
def map_data(
    request: Request,
    episode: Annotated[str | None, Query(description="Episode id; the most reported episode when absent.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Places returned, most facts first.")] = 200,
) -> dict[str, Any]:
    """Places of an episode with the events and figures there (each linking to its sentence) and the box
    of its theatre (south, west, north, east): the places of its violent events and figures."""
    with open_ledger(request) as ledger:
        chosen = _episode(ledger, episode)
        records = theatre.episode_records(ledger, chosen)
    places = theatre.map_places(records, limit + 1)
    return {"episode": _episode_head(chosen, records), "theatre": theatre.theatre(places[:limit]),
            "places": [asdict(p) for p in places[:limit]], "more_places": len(places) > limit}


@router.get("/timeline", summary="One episode's dated facts by day and type, and its tally series")
def timeline_data(
    request: Request,
    episode: Annotated[str | None, Query(description="Episode id; the most reported episode when absent.")] = None,
) -> dict[str, Any]:
    """Dated events and figures of an episode counted by day and type (each mark with its facts),
    and each reporter's running totals behind the episode's tallies."""
    with open_ledger(request) as ledger:
        chosen = _episode(ledger, episode)
        records = theatre.episode_records(ledger, chosen, published=True)
        tallies = ledger.tallies(episode_id=chosen.id)
    marks, undated = theatre.day_marks(records)
    return {"episode": _episode_head(chosen, records), "days": [asdict(m) for m in marks], "undated": undated,
            "series": [asdict(s) for s in theatre.tally_series(tallies, records)]}


class Article(BaseModel):
    """An article to ingest: its text or its HTML, and what is known about it."""

    text: str | None = Field(None, description="Plain text of the article.")
    html: str | None = Field(None, description="HTML of the article page (cleaned like a scraped page).")
    title: str | None = None
    url: str | None = None
    published: str | None = Field(None, description="Publication date as the source gives it, e.g. 2020-10-01.")
    source: str | None = Field(None, description="The outlet, e.g. BBC.")

    @model_validator(mode="after")
    def _one_body(self) -> Article:
        given = [name for name in ("text", "html") if (getattr(self, name) or "").strip()]
        if len(given) != 1:
            raise ValueError("give exactly one of text or html, not empty")
        return self


@router.post(
    "/documents",
    status_code=201,
    summary="Ingest an article",
    openapi_extra={"requestBody": {"required": True,
                                   "content": {"application/json": {"schema": Article.model_json_schema()}}}},
    responses={200: {"description": "Already in the ledger"}, 403: {"description": "Read-only server"},
               413: {"description": "Body too large"}, 422: {"description": "Invalid article"}},
)
async def post_document(request: Request) -> JSONResponse:
    """Analyse one article and store it (only when the server was started with --allow-ingest)."""
    state = request.app.state
    if not state.allow_ingest:
        raise ApiError(403, "this server is read-only: start it with --allow-ingest to add documents")
    check_post(request, state.ingest_token)
    body = await _read_body(request, state.max_ingest_bytes)
    try:
        article = Article.model_validate_json(body)
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_context=False, include_input=False)[:MAX_PROBLEMS]
        problems = "; ".join(f"{' '.join(map(str, e['loc'])) or 'body'}: {e['msg'][:200]}" for e in errors)
        raise ApiError(422, f"invalid article: {problems}", errors) from None
    try:
        result = await run_in_threadpool(_ingest, state, article)
    except InputError as exc:
        raise ApiError(422, f"cannot ingest the article: {exc}") from exc
    payload = {"added": result.added, "document": as_dict(result.document), "counts": result.counts}
    return JSONResponse(payload, status_code=201 if result.added else 200)


async def _read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it is known to exceed `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, f"article too large: {declared} bytes, the limit is {limit}", {"limit": limit})
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, f"article too large: over {limit} bytes", {"limit": limit})
        chunks.append(chunk)
    return b"".join(chunks)


def _ingest(state: Any, article: Article) -> Stored:
    if state.ingest_worker is not None:
        return state.ingest_worker.ingest(state.db_path, article.model_dump())
    # One analysis at a time (the spaCy model loads once), and apart from the write: a long
    # article being analysed holds no ledger lock, so other posts' writes and all reads go on.
    with state.analysis_lock:
        analysed = analyse_article(state.db_path, article.model_dump(), state.resources)
    if isinstance(analysed, Stored):
        return analysed
    with state.ingest_lock:
        return store_records(state.db_path, analysed)
