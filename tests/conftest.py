"""Shared fixtures: an in-memory ledger and a small document with one record of each type."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newsledger.events.extract import extract_events
from newsledger.ledger import Ledger
from newsledger.nlp import AnalyzedDoc
from newsledger.resources import Resources
from newsledger.records import (
    Actor,
    Claim,
    DateRange,
    DocRecords,
    Document,
    Event,
    Figure,
    Mention,
    Period,
    Place,
    PublishedDate,
    Span,
    content_id,
    stable_id,
)

# Invented wording and places: fixtures must not depend on the seed articles.
SAMPLE_TEXT = (
    "PORTVILLE, 12 March 2021 (Example News) - At least 12 civilians were killed and 30 injured "
    "in shelling of Northtown on Sunday, the Westland health ministry said. "
    "Eastland's defence ministry denied the report, calling it a fabrication."
)
MINISTRY = Actor("Westland Ministry of Health", "act_wl_moh", "WLD", "GOV")
NORTHTOWN = Place("Northtown", "WLD", 40.1, 45.2, None, "exact")


def build_records(text: str = SAMPLE_TEXT, title: str = "Shelling in Northtown", suffix: str = "") -> DocRecords:
    """Build a document and one mention, figure, claim and event over `text + suffix`.

    `text` must keep the sample's phrases; a distinct `suffix` gives a distinct document.
    """
    text += suffix
    doc_id = content_id(text)

    def span(phrase: str) -> Span:
        start = text.index(phrase)
        return Span.of(doc_id, text, start, start + len(phrase))

    document = Document(
        id=doc_id, text=text, removed=("Share this article",), title=title,
        source_name="Example News", language="en",
        published=PublishedDate("2021-03-12", "2021-03-12", "day", "text", ("12 March 2021",)),
        source_path=f"examples/{doc_id}.txt",
    )
    moh = span("Westland health ministry")
    mentions = (
        Mention(stable_id("men", doc_id, moh.start), doc_id, moh, "actor", actor=MINISTRY),
        Mention(stable_id("men", doc_id, span("Northtown").start), doc_id, span("Northtown"), "place", place=NORTHTOWN),
    )
    killed = span("At least 12 civilians were killed")
    figure = Figure(
        stable_id("fig", doc_id, killed.start), doc_id, killed, "killed", 12, None, "at_least", "civilians",
        place=NORTHTOWN, period=Period("2021-03-07", "2021-03-07", "day", "on Sunday"), attributed_to=MINISTRY,
        quantity=span("At least 12"),
    )
    denial = span("Eastland's defence ministry denied the report")
    speaker = Actor("Eastland Ministry of Defence", "act_el_mod", "ELD", "MIL", text="Eastland's defence ministry")
    claim = Claim(
        stable_id("clm", doc_id, denial.start), doc_id, denial, speaker, "denied", "deny", "the report",
        about=(figure.id,),
    )
    shelling = span("shelling of Northtown")
    event = Event(
        stable_id("evt", doc_id, shelling.start), (doc_id,), (shelling,), "ASSAULT", "claimed",
        acled_type="Explosions/Remote violence", acled_sub_type="Shelling/artillery/missile attack",
        place=NORTHTOWN, date=DateRange("2021-03-07", "2021-03-07", "day"), attributed_to=MINISTRY, confidence=0.7,
    )
    return DocRecords(document, mentions, (figure,), (claim,), (event,))


@pytest.fixture
def ledger() -> Iterator[Ledger]:
    """A fresh in-memory ledger."""
    with Ledger() as fresh:
        yield fresh


@pytest.fixture
def sample_records() -> DocRecords:
    """One document with two mentions (actor, place) and one figure, claim and event."""
    return build_records()


@pytest.fixture
def make_records() -> Callable[..., DocRecords]:
    """A factory: `make_records(suffix=" Update 2.")` builds records like `sample_records` for another document."""
    return build_records


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory) -> str:
    """A ledger of the bundled sample, ingested once per run through the CLI (read it; do not add to it)."""
    from click.testing import CliRunner

    from newsledger.cli import cli

    db = str(tmp_path_factory.mktemp("sample") / "k.db")
    seeds = Path(__file__).resolve().parents[1] / "examples" / "karabakh"
    result = CliRunner().invoke(cli, ["ingest", "-q", str(seeds), "--db", db])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="session")
def resources() -> Resources:
    """The bundled resources, loaded once for the session (modules may override with their own)."""
    return Resources()


@pytest.fixture(scope="session")
def rule_tables(resources):
    """The events stage's tables without the sub-type classifier: the dependency rules alone."""
    return dataclasses.replace(resources.events, typer=None)


@pytest.fixture(scope="session")
def nlp(resources):
    return resources.nlp


@pytest.fixture(scope="session")
def events_of(nlp, rule_tables):
    """The events the dependency rules find in a text (no classifier), optionally with a publication day."""
    def run(text: str, published: str | None = None, doc_id: str = "d") -> list[Event]:
        date = PublishedDate(published, published, "day", "metadata") if published else None
        return extract_events(AnalyzedDoc(Document(id=doc_id, text=text, published=date), nlp(text)), rule_tables)

    return run
