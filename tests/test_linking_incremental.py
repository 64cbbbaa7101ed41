"""Incremental linking: new documents placed into the stories already linked, and when it falls back."""

from __future__ import annotations

import pytest

from newsledger.ledger import TABLES, Ledger
from newsledger.linking import link
from newsledger.linking import state as link_state
from newsledger.linking.incremental import RELINK_GROWTH
from newsledger.linking.state import DocRow, LinkState, mark_started
from newsledger.records import (
    Claim, DocRecords, Document, Event, Figure, Mention, PublishedDate, Span, content_id, stable_id,
)

from fictional import EASTLAND, FREEDONIA, NORTHTOWN, RURITANIA, STRELSAU, WESTLAND

NAMES = {"Westland": (WESTLAND, None), "Eastland": (EASTLAND, None), "Ruritania": (RURITANIA, None),
         "Freedonia": (FREEDONIA, None), "Northtown": (None, NORTHTOWN), "Strelsau": (None, STRELSAU)}

SHOT_DOWN = ("Westland said a Westland MiG-29 was shot down by an Eastland missile over Northtown. "
             "At least {n} civilians have been killed since the fighting began, Westland said.")
DENIAL = ("Eastland denied that a Westland MiG-29 was shot down by its forces over Northtown. "
          "Eastland said {n} civilians had been killed since the fighting began.")
SHELLING = ("Eastland artillery shelled Northtown overnight and the hospital was hit, Westland said. "
            "Residents of Northtown fled to shelters.")
TALKS = ("Ruritania and Freedonia opened border talks in Strelsau on trade and fishing quotas, "
         "Ruritania said after the first round in Strelsau.")


def article(template: str, day: str | None, n: int) -> DocRecords:
    """A document over `template` (report `n`) with its mentions, and its event, figure and claim if any."""
    text = template.format(n=n + 3) + f" Report {n}."
    doc_id = content_id(text)

    def span(phrase: str, at: int | None = None) -> Span:
        start = text.index(phrase) if at is None else at
        return Span.of(doc_id, text, start, start + len(phrase))

    mentions = []
    for name, (actor, place) in NAMES.items():
        at = text.find(name)
        while at >= 0:
            mentions.append(Mention(stable_id("men", doc_id, at), doc_id, span(name, at),
                                    "actor" if actor else "place", actor=actor, place=place))
            at = text.find(name, at + 1)
    events, figures, claims = [], [], []
    if "shot down" in text:
        events.append(Event(stable_id("evt", doc_id, text.index("shot down")), (doc_id,), (span("shot down"),),
                            "ASSAULT", "denied" if template is DENIAL else "claimed", actor=EASTLAND,
                            target=WESTLAND, place=NORTHTOWN))
        said = span(text[: text.index(".")])
        speaker = EASTLAND if template is DENIAL else WESTLAND
        claims.append(Claim(stable_id("clm", doc_id, 0), doc_id, said, speaker, "said",
                            "deny" if template is DENIAL else "assert",
                            "a Westland MiG-29 was shot down over Northtown"))
        killed = span(f"{n + 3} civilians")
        figures.append(Figure(stable_id("fig", doc_id, killed.start), doc_id, killed, "killed", n + 3, n + 3, "exact",
                              "civilians", cumulative=True, attributed_to=speaker))
    when = PublishedDate(day, day, "day", "text", (day,)) if day else None
    document = Document(doc_id, text, title=None, published=when)
    return DocRecords(document, tuple(mentions), tuple(figures), tuple(claims), tuple(events))


def corpus() -> list[DocRecords]:
    """Twenty-four documents of March 2021 (a shoot-down, its denial, shelling, unrelated talks), two of May."""
    templates = (SHOT_DOWN, DENIAL, SHELLING, TALKS)
    may = [article(SHELLING, "2021-05-01", 101), article(SHELLING, "2021-05-04", 102)]
    return [article(templates[i % 4], f"2021-03-{1 + i % 12:02d}", i) for i in range(24)] + may


def dump(ledger: Ledger) -> dict[str, list[dict]]:
    return {table: list(ledger.scan_dicts(table)) for table in TABLES}


def merged_reports(state: dict[str, list[dict]]) -> dict[str, tuple]:
    return {e["id"]: (frozenset(e["doc_ids"]), frozenset(map(str, e["evidence"])), e["status"], e["place"], e["date"])
            for e in state["events"]}


def linked(first: list[DocRecords], then: list[DocRecords]) -> tuple[Ledger, object]:
    """A ledger linked after `first`, then after `then` (incremental when it can be)."""
    ledger = Ledger()
    ledger.add_many(first)
    link(ledger)
    ledger.add_many(then)
    return ledger, link(ledger)


@pytest.mark.parametrize("later", [
    [article(SHOT_DOWN, "2021-03-13", 40), article(DENIAL, "2021-03-14", 41), article(TALKS, "2021-03-13", 42)],
    # Out of date order: the new documents come before linked ones, whose stories are replayed.
    [article(SHOT_DOWN, "2021-03-02", 50), article(SHELLING, "2021-03-06", 51), article(DENIAL, "2021-03-09", 52)],
    [article(TALKS, "2021-03-01", 60), article(DENIAL, "2021-03-12", 61), article(SHOT_DOWN, "2021-04-30", 62)],
    # Bridging: shelling of May 2nd brings the report of May 4th within two days of the story of May 1st.
    [article(SHELLING, "2021-05-02", 100)],
], ids=["later", "earlier", "spread", "bridging"])
def test_linking_after_each_ingest_equals_linking_once_with_the_frozen_idf(later):
    first = corpus()
    ledger, report = linked(first, later)
    assert report.incremental, report.reason
    with Ledger() as once:
        once.add_many(first + later)
        link(once, idf=link_state.load(ledger).idf)
        now, one = dump(ledger), dump(once)
        assert {t: rows for t, rows in now.items() if t != "events"} == {
            t: rows for t, rows in one.items() if t != "events"}
        # A merged event lists its reports in the order they were merged: a report older than the
        # linked ones comes last, as with a full link after each ingest. The same reports merge.
        assert merged_reports(now) == merged_reports(one)
        # The new documents really joined what was there, and merged with its events.
        stories = {s.id: s for s in ledger.stories()}
        assert any(len(s.doc_ids) > 1 and {r.document.id for r in later} & set(s.doc_ids) for s in stories.values())
    ledger.close()


def test_a_new_document_can_change_the_story_of_a_later_linked_one():
    may_1, may_4 = (article(SHELLING, day, n).document.id for day, n in (("2021-05-01", 101), ("2021-05-04", 102)))
    ledger, report = linked(corpus(), [article(SHELLING, "2021-05-02", 100)])
    with Ledger() as before:
        before.add_many(corpus())
        link(before)
        assert before.document(may_1).story_id != before.document(may_4).story_id  # three days apart
    assert report.incremental and ledger.document(may_1).story_id == ledger.document(may_4).story_id
    ledger.close()


def test_a_given_idf_weighs_the_words():
    from newsledger.linking.similarity import Idf, tfidf_vectors
    from newsledger.linking.summary import summarize

    doc = summarize(article(TALKS, "2021-03-01", 1).document)
    own = tfidf_vectors([doc])[doc.id]
    frozen = tfidf_vectors([doc], Idf({"border": 1, "trade": 50}, 100))[doc.id]
    assert frozen["border"] > own["border"] and frozen["trade"] < frozen["border"]


def test_an_incremental_link_equals_a_full_relink_with_the_stored_idf():
    first, later = corpus(), [article(SHOT_DOWN, "2021-03-05", 70), article(DENIAL, "2021-03-11", 71)]
    ledger, report = linked(first, later)
    assert report.incremental and report.stories == len(ledger.stories())
    state = dump(ledger)
    idf = link_state.load(ledger).idf
    again = link(ledger, idf=idf)
    assert not again.incremental and again.reason == "full relink requested"
    assert dump(ledger) == state and link_state.load(ledger).idf == idf
    ledger.close()


def test_the_report_says_why_a_link_was_full():
    docs = corpus()
    with Ledger() as ledger:
        ledger.add_many(docs[:22])
        assert link(ledger).reason == "no complete link state stored"
        ledger.add_many(docs[22:])  # 4 of 22: within the share
        assert link(ledger).incremental
        grown = [article(SHELLING, "2021-03-20", 80 + i) for i in range(int(RELINK_GROWTH * 22) + 1)]
        ledger.add_many(grown)
        report = link(ledger)
        assert not report.incremental and "more than 20%" in report.reason
        assert link(ledger, full=True).reason == "full relink requested"


def test_an_undated_new_document_gives_a_full_link():
    docs = corpus()
    with Ledger() as ledger:
        ledger.add_many(docs)
        link(ledger)
        ledger.add(article(SHOT_DOWN, None, 90))
        report = link(ledger)
        assert not report.incremental and "undated: it may join any story" in report.reason


def test_undated_linked_documents_keep_their_story_only_when_no_changed_story_could_hold_them():
    docs = corpus() + [article(TALKS, None, 91)]  # undated, about Ruritania and Freedonia
    with Ledger() as ledger:
        ledger.add_many(docs)
        link(ledger)
        ledger.add(article(SHELLING, "2021-03-07", 92))  # Westland and Eastland: nothing in common
        assert link(ledger).incremental
        ledger.add(article(TALKS, "2021-03-08", 93))  # could change what the undated talks report joins
        report = link(ledger)
        assert not report.incremental and "undated document" in report.reason


def test_a_link_killed_while_writing_leaves_no_state_to_trust():
    docs = corpus()
    with Ledger() as ledger:
        ledger.add_many(docs[:20])
        link(ledger)
        mark_started(ledger)
        ledger.add_many(docs[20:])
        report = link(ledger)
        assert not report.incremental and report.reason == "no complete link state stored"
        assert link_state.load(ledger) is not None


def test_the_link_command_links_incrementally_or_in_full(tmp_path):
    from click.testing import CliRunner

    from newsledger.cli import cli

    db = str(tmp_path / "l.db")
    with Ledger(db) as ledger:
        ledger.add_many(corpus())
        link(ledger)
    result = CliRunner().invoke(cli, ["link", "--db", db])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("linked (incremental: 0 new documents")
    result = CliRunner().invoke(cli, ["link", "--db", db, "--full"])
    assert result.exit_code == 0 and "linked (full: full relink requested)" in result.output


def test_the_link_state_round_trips_through_its_json():
    docs = corpus()
    with Ledger() as ledger:
        ledger.add_many(docs)
        link(ledger)
        stored = link_state.load(ledger)
        rows = link_state.load_rows(ledger)
        assert isinstance(stored, LinkState) and stored.documents == len(docs)
        assert LinkState.from_json(stored.to_json()) == stored
        assert set(rows) == {d.document.id for d in docs}
        for doc_id, row in rows.items():
            assert DocRow.from_json(row.to_json()) == row
            assert row.to_json() == ledger.link_docs()[doc_id]
            assert row.summary(doc_id).days == row.days
