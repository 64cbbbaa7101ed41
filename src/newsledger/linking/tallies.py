"""Tallies: the figures of one episode, kind, group and side reconciled into low / best / high.

The rule, in the spirit of UCDP's low/best/high estimates:

1. Historical figures (about an earlier war) and figures of documents outside any
   episode stay out. The rest are keyed by (episode, kind, group, side).
2. Cumulative figures (running totals "since the fighting began") win. Each reporter's
   latest running total supersedes its older ones (latest by publication date, then the
   larger count). A reporter is the figure's `attributed_to` actor; an unattributed figure
   is the reporting document's own count, one reporter per document.
   - best: the latest total of the most-cited reporter (cited by the most documents;
     ties go to the more recent, then the larger figure). Its point value is the count for
     exact and "at least" figures, the upper bound for "up to", the middle of an
     approximate range, and the lower bound of a vague amount ("dozens").
   - low: the smallest lower bound among the reporters' latest totals.
   - high: the largest upper bound among them (an open-ended figure counts at its lower bound).
3. With no cumulative figure, incident figures (one attack, one day) are summed over
   periods that are known and distinct (no two overlap); reports of the same period are
   bounded as in 2 and then added up. Incident figures whose period is unknown or overlaps
   another cannot be summed without double counting and are ignored, unless nothing else
   is left: then the largest stands alone as a lower bound, with an open high.

`as_of` is the latest date of the figures used (the end of their publication range,
else the end of their period); `note` says which rule applied and what was set aside.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from ..records import Actor, Figure, PublishedDate, Tally

_Key = tuple[str, str, str, str]


def reconcile(
    figures: Sequence[Figure],
    episode_of: Mapping[str, str],
    doc_dates: Mapping[str, PublishedDate | None],
) -> list[Tally]:
    """Reconcile figures into one tally per episode, kind, group and side.

    Args:
        figures: figures of any documents.
        episode_of: the episode id of each document id; figures of other documents are left out.
        doc_dates: the publication date of each document (orders running totals, gives `as_of`).

    Returns:
        The tallies, ordered by episode, kind, group and side.
    """
    buckets: dict[_Key, list[Figure]] = defaultdict(list)
    for fig in figures:
        episode = episode_of.get(fig.doc_id)
        if episode is None or fig.historical:
            continue
        buckets[(episode, fig.kind, fig.group, side_key(fig.side))].append(fig)
    tallies = []
    for key in sorted(buckets):
        figs = sorted(buckets[key], key=lambda f: (figure_date(f, doc_dates), f.doc_id, f.evidence.start, f.id))
        tallies.append(_tally(key, figs, doc_dates))
    return tallies


def side_key(side: Actor | None) -> str:
    """The identity of a side for grouping: its country, else its id or name."""
    if side is None:
        return ""
    return side.country or side.id or side.name.casefold()


def reporter_key(fig: Figure) -> str:
    """Who reported a figure: the attributed actor, else the document itself."""
    if fig.attributed_to is None:
        return f"doc:{fig.doc_id}"
    return fig.attributed_to.id or fig.attributed_to.name.casefold()


def figure_date(fig: Figure, doc_dates: Mapping[str, PublishedDate | None]) -> str:
    """The date a figure was current: its document's publication (range end), else its period end."""
    published = doc_dates.get(fig.doc_id)
    if published is not None and (published.end or published.start):
        return (published.end or published.start or "")[:10]
    return (fig.period.end or "")[:10] if fig.period else ""


def point(fig: Figure) -> int:
    """The single value a figure stands for (see the module rule)."""
    if fig.high is None or fig.qualifier in ("exact", "at_least", "vague"):
        return fig.low
    if fig.qualifier == "at_most":
        return fig.high
    return round((fig.low + fig.high) / 2)


def _tally(key: _Key, figs: list[Figure], doc_dates: Mapping[str, PublishedDate | None]) -> Tally:
    cumulative = [f for f in figs if f.cumulative]
    incidents = [f for f in figs if not f.cumulative]
    if cumulative:
        low, best, high, used, note = _running_totals(cumulative, doc_dates)
        if incidents:
            note += f"; {len(incidents)} incident figure(s) ignored (the running totals include them)"
    else:
        low, best, high, used, note = _incidents(incidents, doc_dates)
    dates = [figure_date(f, doc_dates) for f in used]
    return Tally(
        episode_id=key[0], kind=figs[0].kind, group=figs[0].group, low=low, best=best, high=high,
        side=next((f.side for f in figs if f.side is not None), None),
        as_of=max(dates) or None, figure_ids=tuple(f.id for f in used), note=note,
    )


def _running_totals(
    figs: list[Figure], doc_dates: Mapping[str, PublishedDate | None]
) -> tuple[int, int, int | None, list[Figure], str]:
    latest: dict[str, Figure] = {}
    for fig in figs:
        old = latest.get(reporter_key(fig))
        if old is None or (figure_date(fig, doc_dates), fig.low) >= (figure_date(old, doc_dates), old.low):
            latest[reporter_key(fig)] = fig
    low, best, high, chosen = _bounds(figs, latest, doc_dates)
    superseded = len(figs) - len(latest)
    note = (f"cumulative: latest running total of {len(latest)} reporter(s); best = {chosen} (most cited); "
            f"low/high = smallest/largest bound across reporters")
    if superseded:
        note += f"; {superseded} older total(s) superseded by the same reporter"
    return low, best, high, list(latest.values()), note


def _bounds(
    figs: Sequence[Figure], latest: Mapping[str, Figure], doc_dates: Mapping[str, PublishedDate | None]
) -> tuple[int, int, int, str]:
    """low/best/high over each reporter's figure in `latest`; best from the most-cited reporter."""
    cited = Counter(reporter_key(f) for f in {(reporter_key(f), f.doc_id): f for f in figs}.values())
    chosen = max(latest, key=lambda r: (cited[r], figure_date(latest[r], doc_dates), point(latest[r]), r))
    values = list(latest.values())
    low = min(f.low for f in values)
    high = max(f.high if f.high is not None else f.low for f in values)
    return low, point(latest[chosen]), high, _who(latest[chosen])


def _incidents(
    figs: list[Figure], doc_dates: Mapping[str, PublishedDate | None]
) -> tuple[int, int, int | None, list[Figure], str]:
    periods: dict[tuple[str, str], list[Figure]] = defaultdict(list)
    for fig in figs:
        if fig.period and fig.period.start and fig.period.end:
            periods[(fig.period.start[:10], fig.period.end[:10])].append(fig)
    distinct = [p for p in periods if not any(q != p and p[0] <= q[1] and q[0] <= p[1] for q in periods)]
    if not distinct:
        largest = max(figs, key=lambda f: (point(f), f.low))
        note = (f"incidents: {len(figs)} figure(s) with unknown or overlapping periods cannot be summed; "
                f"the largest ({_who(largest)}) stands as a lower bound")
        return largest.low, point(largest), None, [largest], note
    low = best = high = 0
    used: list[Figure] = []
    for period in sorted(distinct):
        group = periods[period]
        latest = {reporter_key(f): f for f in group}
        p_low, p_best, p_high, _ = _bounds(group, latest, doc_dates)
        low, best, high = low + p_low, best + p_best, high + p_high
        used += latest.values()
    note = f"incidents: summed over {len(distinct)} distinct period(s)"
    ignored = len(figs) - sum(len(periods[p]) for p in distinct)
    if ignored:
        note += f"; {ignored} figure(s) with unknown or overlapping periods ignored"
    return low, best, high, used, note


def _who(fig: Figure) -> str:
    return fig.attributed_to.name if fig.attributed_to else f"unattributed in {fig.doc_id}"
