"""Contradictions across documents, and `link()` end to end on an in-memory ledger."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsledger.ledger import TABLES, Ledger
from newsledger.linking import figure_conflicts, find_contradictions, link
from newsledger.records import (
    Actor, Claim, DocRecords, Document, Event, Figure, Mention, PublishedDate, Span, content_id, stable_id,
)

from fictional import EASTLAND, NORTHTOWN, WESTLAND

WESTLAND_MOD = Actor("Westland Ministry of Defence", "mod:WLD", "WLD", "MIL")
WESTLAND_MOH = Actor("Westland Ministry of Health", "moh:WLD", "WLD", "GOV")

TEXT_A = (
    "Westland's defence ministry said a Westland MiG-29 was shot down by an Eastland missile over Northtown "
    "on Tuesday. At least 12 civilians have been killed since the fighting began, the Westland health ministry said."
)
TEXT_B = (
    "Eastland denied that a Westland MiG-29 was shot down by its forces over Northtown. The Westland health "
    "ministry said 15 civilians have been killed since the fighting began, while Eastland said 2 civilians had "
    "been killed. Westland said the MiG-29 pilot from Northtown died."
)
TEXT_C = (
    "Westland and Eastland clashed again near Northtown, Westland said, years after the MiG-29 was shot down. "
    "In the earlier war 3,000 people were killed."
)
TEXT_D = (
    "Wreckage of the Westland MiG-29 shot down over Northtown was shown by Eastland, and Westland said "
    "the Northtown airfield was closed."
)


class Builder:
    """Records over one text, each with a span found by its phrase."""

    def __init__(self, text: str, day: str) -> None:
        self.text, self.id = text, content_id(text)
        self.document = Document(self.id, text, published=PublishedDate(day, day, "day", "text", (day,)))
        self.mentions: list[Mention] = []
        self.figures: list[Figure] = []
        self.claims: list[Claim] = []
        self.events: list[Event] = []
        for name, actor, place in (("Westland", WESTLAND, None), ("Eastland", EASTLAND, None),
                                   ("Northtown", None, NORTHTOWN)):
            at = text.find(name)
            while at >= 0:
                self.mentions.append(Mention(stable_id("men", self.id, at), self.id, self.span(name, at),
                                             "actor" if actor else "place", actor=actor, place=place))
                at = text.find(name, at + 1)

    def span(self, phrase: str, at: int | None = None) -> Span:
        start = self.text.index(phrase) if at is None else at
        return Span.of(self.id, self.text, start, start + len(phrase))

    def figure(self, phrase: str, low: int, reporter: Actor, *, historical: bool = False) -> Figure:
        span = self.span(phrase)
        fig = Figure(stable_id("fig", self.id, span.start), self.id, span, "killed", low, low, "exact",
                     "civilians", cumulative=not historical, historical=historical, attributed_to=reporter)
        self.figures.append(fig)
        return fig

    def claim(self, phrase: str, content: str, speaker: Actor, stance: str, cue: str = "said") -> Claim:
        span = self.span(phrase)
        claim = Claim(stable_id("clm", self.id, span.start), self.id, span, speaker, cue,
                      stance, content, about=tuple(e.id for e in self.events))  # type: ignore[arg-type]
        self.claims.append(claim)
        return claim

    def event(self, phrase: str, status: str = "claimed") -> Event:
        span = self.span(phrase)
        event = Event(stable_id("evt", self.id, span.start), (self.id,), (span,), "ASSAULT",
                      status, actor=EASTLAND, target=WESTLAND, place=NORTHTOWN)  # type: ignore[arg-type]
        self.events.append(event)
        return event

    def records(self) -> DocRecords:
        return DocRecords(self.document, tuple(self.mentions), tuple(self.figures), tuple(self.claims),
                          tuple(self.events))


def doc_a() -> Builder:
    a = Builder(TEXT_A, "2021-03-12")
    a.event("shot down")
    a.claim("Westland's defence ministry said a Westland MiG-29 was shot down by an Eastland missile over Northtown",
            "a Westland MiG-29 was shot down by an Eastland missile over Northtown", WESTLAND_MOD, "assert")
    a.figure("At least 12 civilians have been killed", 12, WESTLAND_MOH)
    return a


def doc_b() -> Builder:
    b = Builder(TEXT_B, "2021-03-13")
    b.event("shot down", status="denied")
    b.claim("Eastland denied that a Westland MiG-29 was shot down by its forces over Northtown",
            "that a Westland MiG-29 was shot down by its forces over Northtown", EASTLAND, "deny", "denied")
    b.figure("15 civilians have been killed", 15, WESTLAND_MOH)
    b.figure("2 civilians had been killed", 2, EASTLAND)
    return b


def doc_c() -> Builder:
    c = Builder(TEXT_C, "2024-05-02")
    c.event("clashed", status="asserted")
    c.figure("3,000 people were killed", 3000, WESTLAND, historical=True)
    return c


@pytest.fixture
def linked_ledger() -> Ledger:
    with Ledger() as ledger:
        ledger.add_many([doc_a().records(), doc_b().records(), doc_c().records()])
        yield ledger


def dump(ledger: Ledger) -> dict[str, list[dict]]:
    return {table: list(ledger.scan_dicts(table)) for table in TABLES}


# -- find_contradictions ---------------------------------------------------------------------------


def test_denial_in_one_document_contradicts_the_claim_in_another_both_ways():
    a, b = doc_a(), doc_b()
    claims, _ = find_contradictions(a.claims + b.claims, [])
    assert claims[0].contradicts == (b.claims[0].id,)
    assert claims[1].contradicts == (a.claims[0].id,)
    again, _ = find_contradictions(claims, [])
    assert again == claims


def test_no_link_across_episodes_or_for_the_same_speaker():
    a, b = doc_a(), doc_b()
    episodes = {a.id: "epi_1", b.id: "epi_2"}
    claims, _ = find_contradictions(a.claims + b.claims, [], episode_of=episodes)
    assert all(not c.contradicts for c in claims)
    same_speaker = replace(b.claims[0], speaker=WESTLAND_MOD)
    claims, _ = find_contradictions([a.claims[0], same_speaker], [])
    assert all(not c.contradicts for c in claims)


def test_same_document_links_are_kept_and_stale_cross_links_dropped():
    a, b = doc_a(), doc_b()
    local = replace(a.claims[0], content="Northtown airfield was closed", contradicts=("clm_elsewhere",))
    stale = replace(b.claims[0], contradicts=(local.id,))
    claims, _ = find_contradictions([local, stale], [])
    assert claims[0].contradicts == ("clm_elsewhere",)  # unknown ids are not ours to judge
    assert claims[1].contradicts == ()


def test_figures_of_one_day_from_different_reporters_that_disagree_conflict():
    b = doc_b()
    _, conflicts = find_contradictions([], b.figures, doc_dates={b.id: b.document.published})
    assert len(conflicts) == 1
    conflict = conflicts[0]
    assert set(conflict.figure_ids) == {f.id for f in b.figures}
    assert "Westland Ministry of Health: 15" in conflict.note and "Eastland: 2" in conflict.note
    # Different days are not the same period: running totals grow.
    a = doc_a()
    dates = {a.id: a.document.published, b.id: b.document.published}
    _, conflicts = find_contradictions([], [a.figures[0], b.figures[1]], doc_dates=dates)
    assert conflicts == []


def test_overlapping_ranges_do_not_conflict():
    b = doc_b()
    agreeing = replace(b.figures[1], low=10, high=20)
    _, conflicts = find_contradictions([], [b.figures[0], agreeing], doc_dates={b.id: b.document.published})
    assert conflicts == []


# -- link() ------------------------------------------------------------------------------------------


def test_link_groups_merges_tallies_and_links_claims(linked_ledger):
    a, b, c = doc_a(), doc_b(), doc_c()
    report = link(linked_ledger)
    assert (report.stories, report.episodes, report.merged_events, report.contradictions) == (2, 2, 1, 1)
    assert report.figure_conflicts == 1
    docs = {d.id: d for d in linked_ledger.documents()}
    assert docs[a.id].story_id == docs[b.id].story_id != docs[c.id].story_id
    assert docs[a.id].episode_id == docs[b.id].episode_id != docs[c.id].episode_id

    events = linked_ledger.events()
    merged = [e for e in events if len(e.doc_ids) > 1]
    assert len(events) == 2 and merged[0].id == a.events[0].id
    assert merged[0].doc_ids == (a.id, b.id) and len(merged[0].evidence) == 2
    assert [e.id for e in linked_ledger.events(doc_id=b.id)] == [a.events[0].id]

    claims = {c.id: c for c in linked_ledger.claims()}
    assert claims[a.claims[0].id].contradicts == (b.claims[0].id,)
    assert claims[b.claims[0].id].contradicts == (a.claims[0].id,)
    assert claims[b.claims[0].id].about == (a.events[0].id,)  # repointed to the merged event

    tallies = linked_ledger.tallies(episode_id=docs[a.id].episode_id)
    assert [(t.low, t.best, t.high) for t in tallies] == [(2, 15, 15)]
    assert linked_ledger.tallies(episode_id=docs[c.id].episode_id) == []  # historical only
    assert any(line.startswith(f"doc {b.id} joined story") for line in report.explanations)
    assert len(figure_conflicts(linked_ledger)) == 1


def test_linking_twice_gives_the_same_ledger(linked_ledger):
    first = link(linked_ledger)
    state = dump(linked_ledger)
    assert link(linked_ledger).incremental  # nothing new: nothing to relink
    assert dump(linked_ledger) == state
    second = link(linked_ledger, full=True)
    assert dump(linked_ledger) == state and not second.incremental
    assert (first.stories, first.episodes, first.merged_events, first.tallies, first.contradictions) == (
        second.stories, second.episodes, second.merged_events, second.tallies, second.contradictions)


def test_a_later_document_joins_the_existing_story_and_event(linked_ledger):
    link(linked_ledger)
    before = {d.id: d.story_id for d in linked_ledger.documents()}
    d = Builder(TEXT_D, "2021-03-13")
    d.event("shot down")
    linked_ledger.add(d.records())
    link(linked_ledger)
    a = doc_a()
    docs = {doc.id: doc for doc in linked_ledger.documents()}
    assert docs[d.id].story_id == before[a.id] == docs[a.id].story_id
    merged = [e for e in linked_ledger.events() if e.id == a.events[0].id]
    assert merged and d.id in merged[0].doc_ids and len(merged[0].doc_ids) == 3


def test_reprinted_claims_are_linked_with_every_reprint_of_the_denial():
    def claim(doc: str, stance: str, speaker: Actor, content: str) -> Claim:
        span = Span(doc, 0, len(content), content)
        return Claim(stable_id("clm", doc, stance), doc, span, speaker, "said", stance, content)  # type: ignore[arg-type]

    said = "a Westland MiG-29 was shot down over Northtown"
    claims = [claim(f"doc_{i}", "assert", WESTLAND, said) for i in range(3)]
    claims += [claim(f"doc_{i}", "deny", EASTLAND, said) for i in range(2, 5)]
    # Other documents, so that the claim's words are not common to most of them.
    claims += [claim(f"doc_{i}", "assert", WESTLAND, f"talks resumed in round {i}") for i in range(5, 11)]
    linked, _ = find_contradictions(claims, [])
    by_doc = {(c.doc_id, c.stance): c for c in linked}
    denials = {c.id for c in linked if c.stance == "deny"}
    # Every pair of documents, never a claim with a denial of its own document.
    assert set(by_doc[("doc_0", "assert")].contradicts) == denials
    assert set(by_doc[("doc_2", "assert")].contradicts) == denials - {by_doc[("doc_2", "deny")].id}
    assert len(by_doc[("doc_4", "deny")].contradicts) == 3


def test_explanations_of_a_much_reprinted_claim_are_bounded():
    from newsledger.linking.derive import EXPLAINED_PER_CLAIM, _contradiction_pairs

    def claim(doc: str, stance: str, speaker: Actor, others: list[str]) -> Claim:
        content = "a Westland MiG-29 was shot down over Northtown"
        span = Span(doc, 0, len(content), content)
        return Claim(stable_id("clm", doc, stance), doc, span, speaker, "said", stance, content,  # type: ignore[arg-type]
                     contradicts=tuple(others))

    denials = [claim(f"doc_d{i:02}", "deny", EASTLAND, []) for i in range(EXPLAINED_PER_CLAIM + 5)]
    # The lowest id: each pair is explained from the claim whose id sorts first.
    first = replace(claim("doc_a", "assert", WESTLAND, [d.id for d in denials]), id="clm_0")
    explain: list[str] = []
    assert _contradiction_pairs([first, *denials], explain) == EXPLAINED_PER_CLAIM + 5
    assert len(explain) == EXPLAINED_PER_CLAIM + 1
    assert explain[-1] == "claim clm_0 contradicts 5 more claims of other documents"
