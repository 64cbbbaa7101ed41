"""Stories and episodes: which documents report the same developments, and which belong to one episode.

A *story* gathers documents of one news cycle that report the same developments. A
document joins a story when its publication range lies within `STORY_GAP_DAYS` of the
story (and the story stays within `STORY_SPAN_DAYS`), the two concern the same conflict,
and its words and entities are similar enough: TF-IDF cosine over content words plus
actor, place and event features (counted `similarity.ENTITY_WEIGHT` times), with
`STORY_MIN_SIMILARITY` for dated documents and the stricter `UNDATED_MIN_SIMILARITY`
when either date is unknown or wider than `STORY_DATE_DAYS` (time then tells little,
though ranges further apart than the gap still rule a pair out).

An *episode* gathers stories of one bout of a conflict. Dates are the main separator:
stories with publication ranges no wider than `EPISODE_DATE_DAYS` are chained in date
order, a story joining the episode of the same conflict whose span it comes within
`EPISODE_GAP_DAYS` of. Same conflict means a country profile (countries of the actors
and places mentioned) with cosine at least `CONFLICT_MIN_SIMILARITY`, so identical
actors years apart still make two episodes. A story whose range is wider joins the
episode of its conflict within the gap of that range only when there is exactly one;
an undated story joins the only episode of its conflict; otherwise it stands apart.

Ids come from content, so re-linking gives the same ids and later documents join
existing stories: a story's id derives from its earliest document, an episode's from
the first document of the story that started it.

`narrow_dates` proposes a publication range for documents whose own range is wide or
unknown, from the narrowly dated documents of their story (their span widened by
`STORY_SPAN_DAYS` on each side, intersected with what the document already knew).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from ..records import PRECISIONS, DateRange, PublishedDate, Story, stable_id
from .days import UNKNOWN_WIDTH, Days, gap, hull, shift, show, width
from .similarity import Idf, SimilarityIndex, Vector, cosine, shared_features, tfidf_vectors
from .summary import DocSummary

STORY_GAP_DAYS = 2
STORY_SPAN_DAYS = 7
# A publication range within a week still places a document in time (inferred ranges are often 2–4 days).
STORY_DATE_DAYS = 7
STORY_MIN_SIMILARITY = 0.3
UNDATED_MIN_SIMILARITY = 0.35
EPISODE_GAP_DAYS = 60
EPISODE_DATE_DAYS = 92
CONFLICT_MIN_SIMILARITY = 0.3

_SHOWN = 5
# Above this many members to compare, `_best_story` goes through the similarity index.
_DIRECT_MEMBERS = 64
# A bound on the rounding difference between an indexed score and `cosine` (sums of ~100 products).
_ROUNDING = 1e-9

# --- stories --------------------------------------------------------------------------------------


@dataclass
class _Group:
    """A story or episode being built: its documents, span and profile."""

    doc_ids: list[str]
    days: Days | None
    countries: Counter[str]
    reach: Days | None = None


def group_stories(
    docs: Sequence[DocSummary], explain: list[str] | None = None, idf: Idf | None = None,
    fixed: Mapping[str, str] | None = None,
) -> list[Story]:
    """Group documents that report the same developments into stories.

    Args:
        docs: one summary per document (see `summary.summarize`).
        explain: when given, one line per decision is appended ("doc X joined story S: ...").
        idf: the idf to weigh words with (by default that of `docs`; see `similarity.Idf`).
        fixed: documents whose story an earlier link decided, each with the first document
            of that story: they join it without a decision. An incremental link replays the
            documents from the first new one on with the earlier ones fixed (see `incremental`).

    Returns:
        The stories, earliest first, with `episode_id` None (see `group_episodes`).
    """
    vectors = tfidf_vectors(docs, idf)
    by_id = {d.id: d for d in docs}
    placed = _Placed(SimilarityIndex(docs, vectors), by_id)
    fixed = fixed or {}
    ordered = sorted(docs, key=DocSummary.order)
    placed.index.expect([d.id for d in ordered if d.id not in fixed])
    groups: list[_Group] = []
    active: list[_Group] = []  # stories a document of the current date may still join
    for doc in ordered:
        if doc.days is not None:
            cutoff = shift(doc.days[0], -STORY_SPAN_DAYS)
            active = [g for g in active if g.reach is None or g.reach[1] >= cutoff]
        if doc.id in fixed:
            first = fixed[doc.id]
            best = None if first == doc.id else (placed.group_of[first], 0.0, first)
        else:
            best = _best_story(doc, groups if doc.days is None else active, vectors, by_id, placed)
        if best is None:
            groups.append(_Group([doc.id], _story_days(doc), Counter(dict(doc.countries)), doc.days))
            active.append(groups[-1])
            placed.add(doc.id, groups[-1], len(groups) - 1)
            _note(explain if doc.id not in fixed else None,
                  f"doc {doc.id} starts story {_story_id(groups[-1])}: no story of the same conflict within "
                  f"{STORY_GAP_DAYS} days with enough shared words and entities")
            continue
        group, score, other = best
        group.doc_ids.append(doc.id)
        group.days = hull(group.days, _story_days(doc))
        group.reach = hull(group.reach, doc.days)
        group.countries.update(dict(doc.countries))
        placed.add(doc.id, group, placed.rank[id(group)])
        _note(explain if doc.id not in fixed else None,
              f"doc {doc.id} joined story {_story_id(group)}: similarity {score:.2f} with doc {other} "
              f"({shared_features(vectors[doc.id], vectors[other])}); dates {show(doc.days)} vs "
              f"{show(by_id[other].days)}")
    return [_story(g, by_id) for g in groups]


class _Placed:
    """The documents already in a story: their story, its rank among stories and theirs in it.

    The story by document id for the story loop; ranks and days as arrays by index position,
    so that `_best_indexed` filters every scored document at once.
    """

    def __init__(self, index: SimilarityIndex, by_id: Mapping[str, DocSummary]) -> None:
        self.index = index
        self.group_of: dict[str, _Group] = {}
        self.rank: dict[int, int] = {}
        n = len(index.ids)
        self.story = np.full(n, -1, dtype=np.int64)  # rank of each position's story; -1 not placed yet
        self.member = np.zeros(n, dtype=np.int64)  # its place among its story's documents
        days = [by_id[i].days for i in index.ids]
        # Open bounds as date.min / date.max ordinals, as `gap` reads them; undated documents match any range.
        self.dated = np.array([d is not None for d in days], dtype=bool)
        self.start = np.array([d[0].toordinal() if d else 0 for d in days], dtype=np.int64)
        self.end = np.array([d[1].toordinal() if d else 0 for d in days], dtype=np.int64)

    def add(self, doc_id: str, group: _Group, rank: int) -> None:
        """Record that `doc_id` is the latest member of `group`, the `rank`-th story created."""
        self.group_of[doc_id] = group
        self.rank[id(group)] = rank
        pos = self.index.position[doc_id]
        self.story[pos] = rank
        self.member[pos] = len(group.doc_ids) - 1


def _best_story(
    doc: DocSummary, groups: Sequence[_Group], vectors: Mapping[str, Vector], by_id: Mapping[str, DocSummary],
    placed: _Placed | None = None,
) -> tuple[_Group, float, str] | None:
    """The most similar compatible story, with the score and the closest member.

    Every member of every compatible story is compared (single link); with many members,
    `placed` narrows the comparison to those whose indexed cosine comes near the best,
    which picks the same member as comparing them all.
    """
    if placed is not None and (doc.days is None or sum(len(g.doc_ids) for g in groups) > _DIRECT_MEMBERS):
        return _best_indexed(doc, groups, vectors, placed)
    best: tuple[_Group, float, str] | None = None
    for group, threshold, members in _compatible(doc, groups, by_id):
        for member in members:
            score = cosine(vectors[doc.id], vectors[member])
            if score >= threshold and (best is None or score > best[1]):
                best = (group, score, member)
    return best


def _compatible(
    doc: DocSummary, groups: Iterable[_Group], by_id: Mapping[str, DocSummary]
) -> Iterator[tuple[_Group, float, list[str]]]:
    """The stories `doc` may join, with the similarity each needs and the members it may be compared with."""
    countries = Counter(dict(doc.countries))
    for group in groups:
        threshold = _threshold(doc, countries, group)
        if threshold is None:
            continue
        # Even wide ranges rule out documents of other times.
        members = [m for m in group.doc_ids
                   if doc.days is None or by_id[m].days is None or gap(doc.days, by_id[m].days) <= STORY_GAP_DAYS]
        yield group, threshold, members


def _threshold(doc: DocSummary, countries: Counter[str], group: _Group) -> float | None:
    """The similarity `doc` (with its `countries` counted) needs to join `group`.

    None when their dates or conflicts rule it out.
    """
    dated = width(doc.days) <= STORY_DATE_DAYS
    if dated and group.days is not None:
        if gap(doc.days, group.days) > STORY_GAP_DAYS or width(hull(doc.days, group.days)) > STORY_SPAN_DAYS:
            return None
    if conflict_similarity(countries, group.countries) < CONFLICT_MIN_SIMILARITY:
        return None
    return STORY_MIN_SIMILARITY if dated and group.days is not None else UNDATED_MIN_SIMILARITY


def _best_indexed(
    doc: DocSummary, groups: Sequence[_Group], vectors: Mapping[str, Vector], placed: _Placed,
) -> tuple[_Group, float, str] | None:
    """`_best_story` through the similarity index: exact cosines only for members within rounding of the best.

    The same choice as comparing every member: the same members pass (story threshold,
    member dates), and among equal cosines the earliest story and member win.
    """
    scores = placed.index.scores(doc.id)
    of_rank = {placed.rank[id(g)]: g for g in groups}
    allowed = np.zeros(len(placed.rank) + 1, dtype=bool)  # the last entry answers for -1, not placed
    allowed[list(of_rank)] = True
    near = np.flatnonzero((scores >= STORY_MIN_SIMILARITY - _ROUNDING) & allowed[placed.story])
    if not len(near):
        return None
    countries = Counter(dict(doc.countries))
    thresholds = {rank: _threshold(doc, countries, of_rank[rank]) for rank in np.unique(placed.story[near]).tolist()}
    needed = np.full(len(allowed), np.inf)
    for rank, threshold in thresholds.items():
        if threshold is not None:
            needed[rank] = threshold - _ROUNDING
    keep = scores[near] >= needed[placed.story[near]]
    if doc.days is not None:
        start, end = doc.days[0].toordinal(), doc.days[1].toordinal()
        keep &= ~placed.dated[near] | ((placed.start[near] - end <= STORY_GAP_DAYS)
                                       & (start - placed.end[near] <= STORY_GAP_DAYS))
    near = near[keep]
    if not len(near):
        return None
    near = near[scores[near] >= scores[near].max() - 2 * _ROUNDING]  # the others' exact cosines are lower
    best: tuple[_Group, float, str] | None = None
    for pos in sorted(near.tolist(), key=lambda p: (placed.story[p], placed.member[p])):
        member = placed.index.ids[pos]
        rank = int(placed.story[pos])
        score = cosine(vectors[doc.id], vectors[member])
        if score >= thresholds[rank] and (best is None or score > best[1]):  # type: ignore[operator]
            best = (of_rank[rank], score, member)
    return best


def _story_days(doc: DocSummary) -> Days | None:
    """The document's range when it is narrow enough to place a story in time."""
    return doc.days if width(doc.days) <= STORY_DATE_DAYS else None


def _story_id(group: _Group) -> str:
    return stable_id("sto", group.doc_ids[0])


def _story(group: _Group, by_id: Mapping[str, DocSummary]) -> Story:
    members = [by_id[d] for d in group.doc_ids]
    title = next((m.title for m in members if m.title), None)
    # Narrow dates place the story; wide ones are used only when nothing narrower is known.
    dated = ([m for m in members if width(m.days) <= STORY_DATE_DAYS]
             or [m for m in members if width(m.days) < UNKNOWN_WIDTH])
    span = None
    for m in dated:
        span = hull(span, m.days)
    precisions = [m.published.precision for m in dated if m.published and m.published.precision]
    precision = max(precisions, key=PRECISIONS.index) if precisions else None
    date_range = DateRange(span[0].isoformat(), span[1].isoformat(), precision) if span else DateRange()
    return Story(_story_id(group), None, tuple(group.doc_ids), title, date_range)


def conflict_similarity(a: Counter[str], b: Counter[str]) -> float:
    """Return the cosine of two country profiles; 1.0 when either is unknown (nothing to tell them apart)."""
    if not a or not b:
        return 1.0
    dot = sum(count * b[c] for c, count in a.items())
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


# --- episodes -------------------------------------------------------------------------------------


def group_episodes(
    stories: Sequence[Story], docs: Sequence[DocSummary], explain: list[str] | None = None
) -> dict[str, str]:
    """Group stories into episodes of a conflict, using dates as the main separator.

    Args:
        stories: the stories (see `group_stories`).
        docs: the summaries of their documents.
        explain: when given, one line per decision is appended.

    Returns:
        The episode id of each story id.
    """
    by_id = {d.id: d for d in docs}
    profiles = {s.id: _profile(s, by_id) for s in stories}
    spans = {s.id: _episode_days(s, by_id) for s in stories}
    loose = {s.id: _loose_days(s, by_id) for s in stories if spans[s.id] is None}
    dated = sorted((s for s in stories if spans[s.id] is not None), key=lambda s: (spans[s.id][0], s.id))
    rest = sorted((s for s in stories if s.id in loose), key=lambda s: (_start(loose[s.id]), s.id))
    episodes: list[_Group] = []
    episode_of: dict[str, str] = {}
    for story in dated:
        days, profile = spans[story.id], profiles[story.id]
        near = _near(days, profile, episodes)
        episode = min(near, key=lambda e: (gap(days, e.days), -conflict_similarity(profile, e.countries)),
                      default=None)
        how = f"dates {show(days)} within {EPISODE_GAP_DAYS} days of the episode span"
        _place(story, episode, days, profile, episodes, episode_of, explain, how)
    for story in rest:
        days, profile = loose[story.id], profiles[story.id]
        near = _near(days, profile, episodes)
        how = (f"range {show(days)} too wide to chain, within {EPISODE_GAP_DAYS} days of only this episode"
               if days else "undated, the only episode of this conflict")
        _place(story, near[0] if len(near) == 1 else None, days, profile, episodes, episode_of, explain, how)
    return episode_of


def _place(
    story: Story, episode: _Group | None, days: Days | None, profile: Counter[str],
    episodes: list[_Group], episode_of: dict[str, str], explain: list[str] | None, how: str,
) -> None:
    """Put a story in `episode`, or in a new episode when None, and explain why."""
    if episode is None:
        reason = _apart_reason(days, profile, episodes)
        episodes.append(_Group(list(story.doc_ids), days, Counter(profile)))
        episode_of[story.id] = _episode_id(episodes[-1])
        _note(explain, f"story {story.id} starts episode {episode_of[story.id]} ({show(days)}): {reason}")
        return
    span = episode.days
    episode.doc_ids.extend(story.doc_ids)
    if width(days) <= EPISODE_DATE_DAYS:  # a wide range must not stretch the episode
        episode.days = hull(episode.days, days)
    episode.countries.update(profile)
    episode_of[story.id] = _episode_id(episode)
    _note(explain, f"story {story.id} joined episode {episode_of[story.id]} ({show(span)}): {how}; same "
                   f"conflict (countries {_top(profile)})")


def _near(days: Days | None, profile: Counter[str], episodes: Sequence[_Group]) -> list[_Group]:
    """Episodes of the same conflict within the gap of `days` (all of them when undated)."""
    return [e for e in episodes if conflict_similarity(profile, e.countries) >= CONFLICT_MIN_SIMILARITY
            and (days is None or (e.days is not None and gap(days, e.days) <= EPISODE_GAP_DAYS))]


def _apart_reason(days: Days | None, profile: Counter[str], others: Sequence[_Group]) -> str:
    same = [e for e in others if conflict_similarity(profile, e.countries) >= CONFLICT_MIN_SIMILARITY]
    near = _near(days, profile, others)
    if not same:
        return f"no earlier episode of the same conflict (countries {_top(profile)})"
    if len(near) > 1:
        return f"{'undated' if days is None else 'range too wide'}: {len(near)} episodes of this conflict could hold it"
    dated = [e for e in same if e.days is not None]
    if days is None or not dated:
        return "no dated episode of this conflict to compare with"
    nearest = min(dated, key=lambda e: gap(days, e.days))
    return f"{gap(days, nearest.days)} days from the nearest episode of this conflict ({show(nearest.days)})"


def _start(days: Days | None) -> date:
    return days[0] if days else date.max


def _profile(story: Story, by_id: Mapping[str, DocSummary]) -> Counter[str]:
    profile: Counter[str] = Counter()
    for doc_id in story.doc_ids:
        profile.update(dict(by_id[doc_id].countries))
    return profile


def _episode_days(story: Story, by_id: Mapping[str, DocSummary]) -> Days | None:
    """The span of the story's documents whose ranges are narrow enough to separate episodes."""
    span = None
    for doc_id in story.doc_ids:
        days = by_id[doc_id].days
        if width(days) <= EPISODE_DATE_DAYS:
            span = hull(span, days)
    return span


def _loose_days(story: Story, by_id: Mapping[str, DocSummary]) -> Days | None:
    """The intersection of the story's wide ranges (all must hold), or None."""
    ranges = [by_id[d].days for d in story.doc_ids if by_id[d].days is not None]
    if not ranges:
        return None
    start, end = max(r[0] for r in ranges), min(r[1] for r in ranges)
    return (start, end) if start <= end else None


def _episode_id(group: _Group) -> str:
    return stable_id("epi", group.doc_ids[0])


def _top(profile: Counter[str]) -> str:
    return "{" + ", ".join(c for c, _ in profile.most_common(3)) + "}" if profile else "unknown"


def _note(explain: list[str] | None, line: str) -> None:
    if explain is not None:
        explain.append(line)


# --- publication dates from the story -------------------------------------------------------------


def narrow_dates(stories: Sequence[Story], docs: Sequence[DocSummary]) -> dict[str, PublishedDate]:
    """Propose narrower publication ranges for loosely dated documents from their story.

    A story is one news cycle, so a document that joined it was published within
    `STORY_SPAN_DAYS` of its narrowly dated members. The proposal intersects that window
    with the document's own range; nothing is proposed when the story has no narrowly
    dated member, when the result is not narrower, or when the two disagree.

    Returns:
        The proposed `PublishedDate` (method "inferred", with evidence) by document id.
    """
    by_id = {d.id: d for d in docs}
    out: dict[str, PublishedDate] = {}
    for story in stories:
        anchors = [by_id[d] for d in story.doc_ids if width(by_id[d].days) <= STORY_DATE_DAYS]
        if not anchors or len(anchors) == len(story.doc_ids):
            continue
        span = None
        for anchor in anchors:
            span = hull(span, anchor.days)
        window = (shift(span[0], -STORY_SPAN_DAYS), shift(span[1], STORY_SPAN_DAYS))
        for doc_id in story.doc_ids:
            proposal = _narrowed(by_id[doc_id], window, story.id, anchors)
            if proposal is not None:
                out[doc_id] = proposal
    return out


def _narrowed(doc: DocSummary, window: Days, story_id: str, anchors: Sequence[DocSummary]) -> PublishedDate | None:
    own = doc.days or (date.min, date.max)
    start, end = max(own[0], window[0]), min(own[1], window[1])
    if start > end or width((start, end)) >= width(doc.days) or width(doc.days) <= STORY_DATE_DAYS:
        return None
    kept = doc.published.evidence if doc.published else ()
    names = ", ".join(a.id for a in anchors[:_SHOWN])
    why = (f"story {story_id}: published with {names} ({show(window)} allows "
           f"{STORY_SPAN_DAYS} days either side of their dates)")
    precision = "week" if width((start, end)) <= 7 else "month"
    return PublishedDate(start.isoformat(), end.isoformat(), precision, "inferred", (*kept, why))

