"""Stories and episodes, on invented documents about invented countries."""

from __future__ import annotations

from collections import Counter

from newsledger.linking.days import day_range, gap
from newsledger.linking.stories import conflict_similarity, group_episodes, group_stories, narrow_dates
from newsledger.linking.summary import mention_key, summarize
from newsledger.records import Document, Mention, PublishedDate, Span, content_id, stable_id

from fictional import EASTLAND, FREEDONIA, NORTHTOWN, RURITANIA, STRELSAU, WESTLAND


SHELLING = (
    "Eastland artillery shelled Northtown overnight and the regional hospital was hit, "
    "Westland officials said. Northtown residents fled to shelters as the shelling went on."
)
SHELLING_AGAIN = (
    "Shelling of Northtown by Eastland artillery continued, Westland said, and the hospital "
    "in Northtown was evacuated while shelters filled with residents."
)
TALKS = (
    "Ruritania and Freedonia opened border talks in Strelsau on trade and fishing quotas, "
    "Ruritania's foreign office said after the first round in Strelsau."
)


def published(start: str | None, end: str | None = None, precision: str = "day") -> PublishedDate | None:
    if start is None:
        return None
    return PublishedDate(start, end or start, precision, "text", (start,))  # type: ignore[arg-type]


def document(text: str, when: PublishedDate | None, tag: str = "") -> tuple[Document, list[Mention]]:
    """A document over `text + tag` with a mention of every known actor and place named in it."""
    body = text + tag
    doc_id = content_id(body)
    mentions = []
    for name, actor, place in (
        ("Westland", WESTLAND, None), ("Eastland", EASTLAND, None), ("Ruritania", RURITANIA, None),
        ("Freedonia", FREEDONIA, None), ("Northtown", None, NORTHTOWN), ("Strelsau", None, STRELSAU),
    ):
        at = body.find(name)
        while at >= 0:
            span = Span.of(doc_id, body, at, at + len(name))
            kind = "actor" if actor else "place"
            mentions.append(Mention(stable_id("men", doc_id, at), doc_id, span, kind, actor=actor, place=place))
            at = body.find(name, at + 1)
    return Document(doc_id, body, title=None, published=when), mentions


def summary(text: str, start: str | None, end: str | None = None, tag: str = "", precision: str = "day"):
    doc, mentions = document(text, published(start, end, precision), tag)
    return summarize(doc, mentions)


def link_all(*docs):
    explain: list[str] = []
    stories = group_stories(docs, explain)
    episodes = group_episodes(stories, docs, explain)
    story_of = {d: s.id for s in stories for d in s.doc_ids}
    return stories, {d.id: story_of[d.id] for d in docs}, {d.id: episodes[story_of[d.id]] for d in docs}, explain


def test_dates_helpers():
    a = day_range(published("2021-03-12"))
    b = day_range(published("2021-03-14", "2021-03-15"))
    assert gap(a, b) == 2 and gap(b, a) == 2 and gap(a, a) == 0
    assert day_range(None) is None


def test_same_developments_within_days_form_one_story():
    a = summary(SHELLING, "2021-03-12")
    b = summary(SHELLING_AGAIN, "2021-03-13")
    c = summary(TALKS, "2021-03-12")
    stories, story, episode, explain = link_all(a, b, c)
    assert story[a.id] == story[b.id] != story[c.id]
    # Same days, another conflict: another episode too.
    assert episode[a.id] == episode[b.id] != episode[c.id]
    joined = [line for line in explain if line.startswith(f"doc {b.id} joined")]
    assert joined and "northtown" in joined[0].lower() and "shared" in joined[0]


def test_story_id_comes_from_its_earliest_document_and_survives_later_documents():
    a = summary(SHELLING, "2021-03-12")
    b = summary(SHELLING_AGAIN, "2021-03-13")
    first, _, _, _ = link_all(a)
    again, story, _, _ = link_all(b, a)
    assert first[0].id == again[0].id == story[b.id] == stable_id("sto", a.id)
    assert again[0].doc_ids == (a.id, b.id)
    assert (again[0].date.start, again[0].date.end) == ("2021-03-12", "2021-03-13")


def test_identical_actors_years_apart_are_two_episodes():
    a = summary(SHELLING, "2021-03-12")
    b = summary(SHELLING_AGAIN, "2021-03-13")
    later = summary(SHELLING, "2024-05-02", tag=" Three years on.")
    _, story, episode, explain = link_all(a, b, later)
    assert story[later.id] != story[a.id]
    assert episode[a.id] == episode[b.id] != episode[later.id]
    later_story = stable_id("sto", later.id)
    assert any(line.startswith(f"story {later_story} starts episode") and "days from the nearest episode" in line
               for line in explain)


def test_same_episode_chains_developments_weeks_apart():
    a = summary(SHELLING, "2021-03-12")
    weeks = summary(SHELLING_AGAIN, "2021-04-20")
    _, story, episode, _ = link_all(a, weeks)
    assert story[a.id] != story[weeks.id]  # too far apart for one news cycle
    assert episode[a.id] == episode[weeks.id]


def test_wide_ranges_still_separate_years():
    a = summary(SHELLING, "2021-03-12")
    same_year = summary(SHELLING_AGAIN, "2021-01-01", "2021-06-30", precision="month")
    other_year = summary(SHELLING, "2024-01-01", "2024-12-31", tag=" Later.", precision="year")
    _, _, episode, _ = link_all(a, same_year, other_year)
    assert episode[same_year.id] == episode[a.id] != episode[other_year.id]


def test_undated_document_joins_only_an_unambiguous_episode():
    a = summary(SHELLING, "2021-03-12")
    undated = summary("Westland and Eastland traded accusations over prisoners at the United Nations.", None)
    _, _, episode, _ = link_all(a, undated)
    assert episode[undated.id] == episode[a.id]
    later = summary(SHELLING, "2024-05-02", tag=" Again.")
    _, _, episode, explain = link_all(a, later, undated)
    assert episode[undated.id] not in (episode[a.id], episode[later.id])
    assert any("2 episodes of this conflict could hold it" in line for line in explain)


def test_dissimilar_documents_of_one_day_stay_apart():
    a = summary(SHELLING, "2021-03-12")
    other = summary("Westland's parliament passed a budget with higher pensions and teacher salaries.", "2021-03-12")
    stories, story, _, _ = link_all(a, other)
    assert len(stories) == 2 and story[a.id] != story[other.id]


def test_conflict_similarity_unknown_profile_is_no_objection():
    assert conflict_similarity(Counter(), Counter({"WLD": 3})) == 1.0
    assert conflict_similarity(Counter({"WLD": 3}), Counter({"RUR": 2})) == 0.0


def test_loosely_dated_documents_get_a_range_from_their_story():
    a = summary(SHELLING, "2021-03-12")
    month = summary(SHELLING_AGAIN, "2021-03-01", "2021-03-31", precision="month")
    undated = summary(SHELLING_AGAIN, None, tag=" No date.")
    stories, story, _, _ = link_all(a, month, undated)
    assert story[a.id] == story[month.id] == story[undated.id]
    proposals = narrow_dates(stories, [a, month, undated])
    assert set(proposals) == {month.id, undated.id}
    for proposal in proposals.values():
        # The story's dated member, a week either side: never a false precise day.
        assert (proposal.start, proposal.end, proposal.method) == ("2021-03-05", "2021-03-19", "inferred")
        assert a.id in proposal.evidence[-1]
    assert proposals[month.id].evidence[0] == "2021-03-01"  # the document's own evidence is kept


def test_no_date_is_proposed_without_a_narrowly_dated_member():
    month = summary(SHELLING, "2021-03-01", "2021-03-31", precision="month")
    undated = summary(SHELLING_AGAIN, None)
    stories, _, _, _ = link_all(month, undated)
    assert narrow_dates(stories, [month, undated]) == {}


def test_similarity_index_scores_are_the_cosines():
    from newsledger.linking.similarity import SimilarityIndex, cosine, tfidf_vectors

    docs = [summary(SHELLING, "2021-03-01"), summary(SHELLING_AGAIN, "2021-03-02"), summary(TALKS, None)]
    vectors = tfidf_vectors(docs)
    index = SimilarityIndex(docs, vectors)
    assert index.dense_column  # terms of two of the three documents are held densely
    alone = [index.scores(doc.id) for doc in docs]
    index.expect([d.id for d in docs][::-1])  # scored together, one batch
    for doc, scores in zip(docs, alone):
        assert abs(index.scores(doc.id) - scores).max() < 1e-15
        for other in docs:
            assert abs(scores[index.position[other.id]] - cosine(vectors[doc.id], vectors[other.id])) < 1e-12


def test_indexed_story_search_groups_as_comparing_every_member(monkeypatch):
    from newsledger.linking import stories

    texts = (SHELLING, SHELLING_AGAIN, TALKS)
    days = [f"2021-03-{d:02d}" for d in range(1, 9)] + [None]
    docs = [summary(texts[i % 3], days[i % len(days)], tag=f" Report {i}.") for i in range(90)]
    indexed = group_stories(docs)
    # Every member compared with `cosine`, as before the index.
    by_id = {d.id: d for d in docs}
    monkeypatch.setattr(stories, "_best_indexed",
                        lambda doc, groups, vectors, placed: stories._best_story(doc, groups, vectors, by_id))
    assert group_stories(docs) == indexed
    assert len(indexed) < len(docs)


def test_summary_from_mention_keys_equals_summary_from_mentions():
    # Linking streams mentions and keeps only their keys; the summary must not change.
    doc, mentions = document("Westland shelled Northtown; Eastland and Ruritania protested in Strelsau.",
                             published("2024-03-01"))
    from_keys = summarize(doc, (), mention_keys=[mention_key(m) for m in mentions])
    assert from_keys == summarize(doc, mentions)
    assert dict(from_keys.countries) and any(term.startswith("place:") for term, _ in from_keys.terms)


def test_a_stored_mention_gives_the_key_of_its_record(tmp_path):
    # A full link reads mentions in their stored form (`scan_dicts`), never rebuilding the records.
    from newsledger.ledger import Ledger
    from newsledger.records import DocRecords

    doc, mentions = document("Westland shelled Northtown; Eastland and Ruritania protested in Strelsau.",
                             published("2024-03-01"))
    assert any(m.actor for m in mentions) and any(m.place for m in mentions)
    with Ledger(tmp_path / "l.db") as ledger:
        ledger.add(DocRecords(doc, tuple(mentions)))
        rows = list(ledger.scan_dicts("mentions"))
    by_id = {m.id: mention_key(m) for m in mentions}
    assert {row["id"]: mention_key(row) for row in rows} == by_id
