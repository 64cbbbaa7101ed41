"""Pieces shared by the API and the pages: errors, the per-request ledger, templates, HTML helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from urllib.parse import urlencode
from pathlib import Path
from typing import Any, TypeVar

from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from .. import views
from ..errors import LedgerError
from ..ledger import Ledger
from ..ledger.search import QueryRejected, SearchTimeout
from ..prepare.metadata import web_url
from ..records import Actor, PublishedDate
from . import names, queries

TEMPLATE_DIR = Path(__file__).parent / "templates"
T = TypeVar("T")


class ApiError(Exception):
    """A request that cannot be answered: its HTTP status, a message and optional detail."""

    def __init__(self, status: int, message: str, detail: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.detail = detail


@contextmanager
def open_ledger(request: Request) -> Iterator[Ledger]:
    """Open the app's ledger for this request only (call it in the thread that uses it)."""
    with Ledger(request.app.state.db_path, read_only=request.app.state.read_only) as ledger:
        yield ledger


def search_errors(run: Callable[[], T], query: str) -> T:
    """Run a search, turning its errors into answers: 422 over the bounds, 503 over time, 400 bad syntax."""
    shown = {"q": query[:200]}
    try:
        return run()
    except QueryRejected as exc:
        raise ApiError(422, str(exc), shown) from exc
    except SearchTimeout as exc:
        raise ApiError(503, str(exc), shown) from exc
    except LedgerError as exc:
        raise ApiError(400, str(exc), shown) from exc


def checked_scope(doc: str | None, story: str | None, episode: str | None, date_from: str | None,
                  date_to: str | None) -> queries.Scope:
    """Build a scope, refusing impossible dates and a range that ends before it starts (400)."""
    for name, value in (("from", date_from), ("to", date_to)):
        if value:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise ApiError(400, f"{name}: {value!r} is not a calendar date (YYYY-MM-DD)", {name: value}) from None
    if date_from and date_to and date_from > date_to:
        raise ApiError(400, f"from ({date_from}) is after to ({date_to})", {"from": date_from, "to": date_to})
    return queries.Scope(doc or None, story or None, episode or None, date_from or None, date_to or None)


def make_templates() -> Jinja2Templates:
    """The Jinja2 templates of the dashboard with their helper filters."""
    templates = Jinja2Templates(directory=str(TEMPLATE_DIR))
    env = templates.env
    env.filters.update(actor=views.actor_label, published=published_label, daterange=date_label,
                       high=high_label, snippet=snippet_html, weblink=web_url,
                       docname=names.document_name, shortdate=short_date)
    env.globals.update(href=queries.span_href, figure_line=views.figure_line, claim_line=views.claim_line,
                       event_line=views.event_line, place_label=views.place_label, actor_short=actor_short,
                       qs=query_string)
    return templates


def query_string(params: dict[str, Any], **changes: Any) -> str:
    """The query string of `params` with `changes` applied, empty values left out ('?a=1&b=2' or '')."""
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "", False)}
    return "?" + urlencode(merged) if merged else ""


def date_label(start: str | None, end: str | None = None) -> str:
    """A date range as text: one day, 'start – end', or 'undated'."""
    if not start and not end:
        return "undated"
    if not end or end == start:
        return start or end or ""
    return f"{start or '…'} – {end}"


def short_date(published: PublishedDate | None) -> str:
    """A publication date as a day (the first day of its range), or a dash."""
    return published.start if published is not None and published.start else "—"


def published_label(published: PublishedDate | None) -> str:
    """A publication date as text, with how it was found."""
    if published is None:
        return "undated"
    text = date_label(published.start, published.end)
    return f"{text} ({published.method})" if published.method else text


def high_label(high: int | None) -> str:
    """The upper bound of a range; None means open-ended."""
    return "open" if high is None else f"{high:,}"


def actor_short(actor: Actor | None) -> str:
    """An actor's name, or a dash."""
    return actor.name if actor is not None else "—"


def snippet_html(snippet: str) -> Markup:
    """A search snippet (matches between \\x02 and \\x03) as HTML with <mark> around the matches."""
    return Markup(str(escape(snippet)).replace("\x02", "<mark>").replace("\x03", "</mark>"))


def annotated_html(text: str, marks: Sequence[views.Mark]) -> Markup:
    """The document text as HTML, each piece covered by marks in a span with a class per kind.

    Nothing but the text itself is written between the tags, so the text content of
    the result is exactly `text` and character offsets in a URL can be found again.
    """
    out = []
    for start, end, covering in queries.segments(text, marks):
        piece = escape(text[start:end])
        if not covering:
            out.append(str(piece))
            continue
        kinds = sorted({m.kind for m in covering})
        classes = " ".join(f"m-{k}" for k in kinds)
        title = escape("\n".join(m.label for m in covering))
        ids = " ".join(m.record_id for m in covering)
        out.append(f'<span class="m {classes}" title="{title}" data-ids="{ids}">{piece}</span>')
    return Markup("".join(out))
