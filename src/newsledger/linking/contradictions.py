"""Contradictions across documents: claims that deny one another, and figures that disagree.

Claims: a denial in one document and a claim it conflicts with in another (decided by
`claims_conflict`, which compares content words; a denial that points back, as in
"Turkey denied it", borrows the words of the claim it answers in its own document)
are linked both ways: each lists the other in `contradicts`. Only claims of the same
episode are compared when episodes are known. Across documents the overlap must also
tell: once words found in the claims of most documents of the episode ("Armenian",
"said") are set aside, the two must still share two words, or one name or number.
Links inside one document come from the claims stage (`link_denials`, which reads the
document's own wording; figure attribution uses them) and are kept; links to other
documents are linking's alone: recomputed on every run, so linking twice gives the same claims. Reprints
of one statement are tested once: claims alike in everything the test reads (stance,
speaker, episode, words and names) form a kind, and kinds are compared pairwise.

Figures: two figures of the same episode, kind, group and side, given by different
reporters for the same period, conflict when their ranges do not meet ("at least 100"
against "80"). The same period means two running totals published the same day (the
same publication range, at most `SAME_DAY_WIDTH` days wide: "Wednesday night or
Thursday"), or two incident figures with the same known period. The ledger has no table for these;
`figure_conflicts(ledger)` computes them on demand.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..claim_words import keywords, names
from ..ledger import Ledger
from ..records import Actor, Claim, Figure, FigureKind, Group, PublishedDate
from .days import day_range, show, width
from .tallies import reporter_key, side_key

SAME_DAY_WIDTH = 2

_NAME = re.compile(r"\b[A-Z][\w\-]+")


@dataclass(frozen=True)
class FigureConflict:
    """Two figures of the same kind, group, side and period whose ranges do not meet."""

    episode_id: str | None
    kind: FigureKind
    group: Group
    side: Actor | None
    period: str
    figure_ids: tuple[str, str]
    doc_ids: tuple[str, str]
    note: str


def find_contradictions(
    claims: Sequence[Claim],
    figures: Sequence[Figure],
    episode_of: Mapping[str, str] | None = None,
    doc_dates: Mapping[str, PublishedDate | None] | None = None,
) -> tuple[list[Claim], list[FigureConflict]]:
    """Link conflicting claims across documents and find disagreeing figures.

    Args:
        claims: the claims to compare, of any documents.
        figures: the figures to compare.
        episode_of: the episode id of each document id; claims and figures of different
            episodes are not compared.
        doc_dates: publication dates, to tell which running totals are of the same day.

    Returns:
        The claims (same order) with `contradicts` holding their same-document links and
        every conflicting claim of another document, and the figure conflicts.
    """
    return (link_claims(claims, episode_of or {}),
            conflicting_figures(figures, episode_of or {}, doc_dates or {}))


def contradiction_key(claim: Claim, context: Mapping[str, Claim] | None = None) -> frozenset[str]:
    """The content words a claim is about; a denial that points back borrows its target's words."""
    words = keywords(claim.content)
    if claim.stance == "deny" and context:
        for other in claim.contradicts:
            if other in context:
                words |= keywords(context[other].content)
    return frozenset(words)


def conflict_names(claim: Claim, context: Mapping[str, Claim] | None = None) -> frozenset[str]:
    """The capitalised words of a claim and of the claims it answers, stemmed as `contradiction_key` stems."""
    answered = (context[i].content for i in claim.contradicts if context and i in context)
    return frozenset(names([claim.content, *answered]))


def words_conflict(key_a: frozenset[str], key_b: frozenset[str], names_a: frozenset[str],
                   names_b: frozenset[str]) -> bool:
    """The word test of `claims_conflict`, from each claim's `contradiction_key` and `conflict_names`."""
    shared = key_a & key_b
    numbered = any(any(ch.isdigit() for ch in w) for w in shared)
    named = shared & names_a & names_b
    return numbered and len(shared) >= 2 or bool(named) and len(shared) >= 3


def claims_conflict(a: Claim, b: Claim, context: Mapping[str, Claim] | None = None) -> bool:
    """True when one claim denies what the other asserts, possibly across documents.

    The two must differ in stance (one a denial), come from different speakers and
    share content words: at least two, one of them carrying a number ("su-25", "f-16",
    "40"), or at least three, one of them a name written capitalised in both ("Syria").

    Args:
        a, b: the claims.
        context: claims by id, so that a denial such as "Turkey has denied it" borrows the
            words of the claim it answers (its `contradicts`, filled by the claims stage's `link_denials`).
    """
    if (a.stance == "deny") == (b.stance == "deny") or a.speaker.name == b.speaker.name:
        return False
    return words_conflict(contradiction_key(a, context), contradiction_key(b, context),
                          conflict_names(a, context), conflict_names(b, context))


def link_claims(claims: Sequence[Claim], episode_of: Mapping[str, str]) -> list[Claim]:
    """Return the claims with cross-document contradictions linked both ways."""
    doc_of = {c.id: c.doc_id for c in claims}
    # Only the claims stage's own links (inside one document) feed the comparison.
    base = [replace(c, contradicts=tuple(i for i in c.contradicts if doc_of.get(i, c.doc_id) == c.doc_id))
            for c in claims]
    context = {c.id: c for c in base}
    keys = [contradiction_key(c, context) for c in base]
    common = _common_words(base, keys, episode_of)
    # Telling words only: words common in the episode can never make a link on their own.
    telling = [key - common.get(episode_of.get(c.doc_id, ""), frozenset()) for c, key in zip(base, keys)]
    kinds = _kinds(base, keys, telling, context, episode_of)
    index: dict[str, list[_Kind]] = defaultdict(list)
    for kind in kinds:
        if not kind.denial:
            for word in kind.telling:
                index[word].append(kind)
    found: dict[int, set[int]] = defaultdict(set)
    for denial in kinds:
        if not denial.denial:
            continue
        for other in {id(k): k for word in denial.telling for k in index.get(word, ())}.values():
            if _kinds_conflict(denial, other):
                for i in denial.members:
                    for j in other.members:
                        if base[i].doc_id != base[j].doc_id:
                            found[i].add(j)
                            found[j].add(i)
    return [replace(c, contradicts=c.contradicts + tuple(base[j].id for j in sorted(found[i])))
            if found[i] else c for i, c in enumerate(base)]


@dataclass(frozen=True)
class _Kind:
    """Claims alike in all the contradiction test looks at: reprints of one statement, mostly.

    A pair of claims of two kinds conflicts exactly when the kinds do (and the documents differ),
    so each pair of kinds is tested once however many reprints each has.
    """

    denial: bool
    speaker: str
    episode: str | None
    telling: frozenset[str]
    key: frozenset[str]
    names: frozenset[str]
    stems: frozenset[str]
    members: list[int] = field(default_factory=list, compare=False, hash=False)


def _kinds(
    claims: Sequence[Claim], keys: Sequence[frozenset[str]], telling: Sequence[frozenset[str]],
    context: Mapping[str, Claim], episode_of: Mapping[str, str],
) -> list[_Kind]:
    """Group the claims (by position) into kinds, in order of their first claim."""
    kinds: dict[_Kind, _Kind] = {}
    for i, claim in enumerate(claims):
        texts = [claim.content, *(context[c].content for c in claim.contradicts if c in context)]
        kind = _Kind(claim.stance == "deny", claim.speaker.name, episode_of.get(claim.doc_id), telling[i], keys[i],
                     frozenset(w.lower() for text in texts for w in _NAME.findall(text)),
                     conflict_names(claim, context))
        kinds.setdefault(kind, kind).members.append(i)
    return list(kinds.values())


def _kinds_conflict(denial: _Kind, other: _Kind) -> bool:
    """Whether claims of these kinds (from different documents) contradict each other."""
    if denial.episode is not None and other.episode is not None and denial.episode != other.episode:
        return False
    if denial.speaker == other.speaker or other.denial:
        return False
    return _telling(denial.telling & other.telling, denial.names | other.names) and words_conflict(
        denial.key, other.key, denial.stems, other.stems)


def _common_words(
    claims: Sequence[Claim], keys: Sequence[frozenset[str]], episode_of: Mapping[str, str]
) -> dict[str, frozenset[str]]:
    """Per episode, the words in the claims of more than half of its documents (and of more than two)."""
    docs_with: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    docs: dict[str, set[str]] = defaultdict(set)
    for claim, key in zip(claims, keys):
        episode = episode_of.get(claim.doc_id, "")
        docs[episode].add(claim.doc_id)
        for word in key:
            docs_with[episode][word].add(claim.doc_id)
    return {
        episode: frozenset(w for w, ds in words.items() if len(ds) > max(2, len(docs[episode]) / 2))
        for episode, words in docs_with.items()
    }


def _telling(shared: frozenset[str], names: frozenset[str]) -> bool:
    """Whether the shared words, common ones removed, still pin one subject: two, or one name or number.

    `names` are the lowercased capitalised words of both claims and of the claims they answer.
    """
    if len(shared) >= 2:
        return True
    return any(any(ch.isdigit() for ch in w) or any(n.startswith(w) for n in names) for w in shared)


def conflicting_figures(
    figures: Sequence[Figure],
    episode_of: Mapping[str, str],
    doc_dates: Mapping[str, PublishedDate | None],
) -> list[FigureConflict]:
    """Return pairs of figures of the same key and period, from different reporters, that disagree."""
    buckets: dict[tuple[str, str, str, str, str], list[Figure]] = defaultdict(list)
    for fig in figures:
        period = _period(fig, doc_dates)
        if fig.historical or period is None:
            continue
        key = (episode_of.get(fig.doc_id, ""), fig.kind, fig.group, side_key(fig.side), period)
        buckets[key].append(fig)
    conflicts = []
    for key in sorted(buckets):
        figs = sorted(buckets[key], key=lambda f: (f.doc_id, f.evidence.start, f.id))
        for i, a in enumerate(figs):
            for b in figs[i + 1:]:
                if reporter_key(a) != reporter_key(b) and _disjoint(a, b):
                    conflicts.append(_conflict(key, a, b))
    return conflicts


def figure_conflicts(ledger: Ledger) -> list[FigureConflict]:
    """Compute the figure conflicts of a ledger (after `link`, which sets the episodes)."""
    with ledger.snapshot():
        docs = ledger.documents()
        figures = ledger.figures()
    episode_of = {d.id: d.episode_id for d in docs if d.episode_id}
    return conflicting_figures(figures, episode_of, {d.id: d.published for d in docs})


def _period(fig: Figure, doc_dates: Mapping[str, PublishedDate | None]) -> str | None:
    """The period a figure covers, as a comparable key; None when it cannot be pinned down."""
    if fig.cumulative:
        days = day_range(doc_dates.get(fig.doc_id))
        return f"total as of {show(days)}" if width(days) <= SAME_DAY_WIDTH else None
    if fig.period and fig.period.start and fig.period.end:
        return f"{fig.period.start}..{fig.period.end}"
    return None


def _disjoint(a: Figure, b: Figure) -> bool:
    a_high = a.high if a.high is not None else float("inf")
    b_high = b.high if b.high is not None else float("inf")
    return a_high < b.low or b_high < a.low


def _conflict(key: tuple[str, str, str, str, str], a: Figure, b: Figure) -> FigureConflict:
    def says(fig: Figure) -> str:
        who = fig.attributed_to.name if fig.attributed_to else f"doc {fig.doc_id}"
        high = "+" if fig.high is None else ("" if fig.high == fig.low else f"-{fig.high}")
        return f"{who}: {fig.low}{high}"
    return FigureConflict(
        episode_id=key[0] or None, kind=a.kind, group=a.group, side=a.side or b.side, period=key[4],
        figure_ids=(a.id, b.id), doc_ids=(a.doc_id, b.doc_id),
        note=f"{a.kind} {a.group} ({key[4]}): {says(a)} vs {says(b)}",
    )
