"""Linking never fails on a document: open and extreme date ranges, and a batch of general news.

A publication range may lack a start ("on or before 2020-12-31") or an end, or sit at the
ends of the calendar; linking must treat an open bound as open, never as a date to move.
The batch test ingests the article-extraction benchmark's bodies (general news of every
kind) as plain text and links them; it is skipped when ../shared/eval is absent.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import build_records
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsledger.cli import cli
from newsledger.ledger import Ledger
from newsledger.linking import link
from newsledger.linking.days import shift
from newsledger.records import DateRange, PublishedDate

BENCH = Path(__file__).resolve().parents[2] / "shared" / "eval" / "article_extraction"
# Days near both ends of the calendar and in the present: moving them by a week must not overflow.
DAYS = st.one_of(
    st.dates(min_value=date(1, 1, 1), max_value=date(1, 1, 20)),
    st.dates(min_value=date(9999, 12, 10), max_value=date(9999, 12, 31)),
    st.dates(min_value=date(2019, 1, 1), max_value=date(2021, 12, 31)),
)


@st.composite
def ranges(draw: st.DrawFn) -> tuple[str | None, str | None]:
    """A range with an open start, an open end, both ends, or neither, in order."""
    first, second = sorted((draw(DAYS), draw(DAYS)))
    start = draw(st.sampled_from([first.isoformat(), None]))
    end = draw(st.sampled_from([second.isoformat(), None]))
    return start, end


def _document(index: int, published: tuple[str | None, str | None], event_date: tuple[str | None, str | None]):
    records = build_records(suffix=f" Report number {index} followed.")
    start, end = published
    when = PublishedDate(start, end, "day", "text", ("drawn",)) if start or end else None
    events = tuple(replace(e, date=DateRange(*event_date, "day")) for e in records.events)
    figures = tuple(replace(f, period=None) for f in records.figures)
    return replace(records, document=replace(records.document, published=when), events=events, figures=figures)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(ranges(), ranges()), min_size=1, max_size=6), st.integers(0, 5))
def test_linking_takes_any_open_or_closed_ranges(drawn, split):
    """Full and incremental links of documents with random ranges finish with every document placed."""
    docs = [_document(i, published, event) for i, (published, event) in enumerate(drawn)]
    with Ledger(":memory:") as ledger:
        ledger.add_many(docs[:split])
        if split:
            link(ledger)
        ledger.add_many(docs[split:])
        link(ledger)
        link(ledger, full=True)
        assert all(d.story_id is not None for d in ledger.documents())
        for story in ledger.stories():
            assert story.date.start is None or date.fromisoformat(story.date.start) >= date(1, 1, 1)


def test_shift_keeps_open_bounds_open_and_stops_at_the_calendar_ends():
    assert shift(date.min, -7) == date.min and shift(date.max, 7) == date.max
    assert shift(date(1, 1, 3), -7) == date.min and shift(date(9999, 12, 30), 7) == date.max
    assert shift(date(2020, 12, 31), -7) == date(2020, 12, 31) - timedelta(days=7)


def test_the_general_news_of_the_extraction_benchmark_ingests_and_links(tmp_path):
    truth = BENCH / "ground-truth.json"
    if not truth.exists():
        pytest.skip("../shared/eval/article_extraction is absent")
    bodies = tmp_path / "bodies"
    bodies.mkdir()
    for key, item in json.loads(truth.read_text(encoding="utf-8")).items():
        if (item.get("articleBody") or "").strip():
            (bodies / f"{key}.txt").write_text(item["articleBody"], encoding="utf-8")
    db = str(tmp_path / "news.db")
    ingested = CliRunner().invoke(cli, ["ingest", str(bodies), "--db", db, "--quiet", "--workers", "1"])
    assert ingested.exit_code in (0, 1), ingested.output
    assert "Traceback" not in ingested.output and "linked" in ingested.output
    relinked = CliRunner().invoke(cli, ["link", "--full", "--db", db])
    assert relinked.exit_code == 0, relinked.output
    with Ledger(db) as ledger:
        assert ledger.stats()["documents"] >= 150
        assert all(d.story_id is not None for d in ledger.documents())
