"""Tallies: the figures of one episode, kind, group and victim side reconciled into low / best / high.

low / best / high mean what they mean for UCDP: best is the most reliable estimate, low and
high the range of the credible ones. The rules:

1. Historical figures (about an earlier war) and figures of documents outside any episode stay
   out. The rest are keyed by (episode, kind, group, side). The side is the victims' belligerent
   bloc (`blocs.py`: Armenia with the Karabakh authorities, Azerbaijan), else their country, else
   none (all sides); a mixed group ("soldiers and civilians") counts toward the all-groups tally.
2. Running totals form series: each reporter's totals over time (a reporter is the figure's
   `attributed_to`, else the reporting document itself). A reporter's latest total replaces its
   older ones, even when smaller (a revision, which the note reports).
3. best is the newest latest total (same day: the larger);
   low and high span the reporters' latest totals reported within `WINDOW_DAYS` of it. An open
   figure ("more than 100") leaves high open: nothing is ever capped at its count.
4. An incident figure (one attack, one day) is covered by a running total still standing (the latest
   of its reporter's series) when that total was reported no earlier, its period (if stated) began
   no later and it is not smaller. Uncovered
   incidents raise low to their sum (incidents of distinct, non-overlapping stated periods add up;
   the others count at the largest one); best is raised with it and high, then unknown, opens.
   With no running total, the incidents alone give low = best, high open.
5. A both-sides tally (no side) is the latest overall total, or the sum of each bloc's best
   when every bloc has a tally newer than that total.

`as_of` is the latest date of the figures used (publication, else period end); figures are
current at the end of their document's publication range.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta

from ..records import Actor, Event, Figure, PublishedDate, Series, SeriesPoint, Tally
from .blocs import Blocs, ConflictTable, episode_blocs, load_conflict_table
from .days import figure_date

_Key = tuple[str, str, str, str]
WINDOW_DAYS = 3


def reconcile(
    figures: Sequence[Figure],
    episode_of: Mapping[str, str],
    doc_dates: Mapping[str, PublishedDate | None],
    events: Sequence[Event] = (),
    as_of: str | None = None,
    conflicts: ConflictTable | None = None,
) -> list[Tally]:
    """Reconcile figures into one tally per episode, kind, group and side.

    Args:
        figures: figures of any documents.
        episode_of: the episode id of each document id; figures of other documents are left out.
        doc_dates: the publication date of each document (orders running totals, gives `as_of`).
        events: the episodes' events, for the blocs of episodes the conflicts file does not know.
        as_of: only figures current on or before this date (YYYY-MM-DD) count; None = all.
        conflicts: the conflicts file and actor entries (`blocs.load_conflict_table`); read here when None.

    Returns:
        The tallies, ordered by episode, kind, group and side.
    """
    by_episode: dict[str, list[Figure]] = defaultdict(list)
    for fig in figures:
        episode = episode_of.get(fig.doc_id)
        current = as_of is None or figure_date(fig, doc_dates.get(fig.doc_id)) <= as_of
        if episode is not None and not fig.historical and current:
            by_episode[episode].append(fig)
    events_of: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        for doc_id in event.doc_ids[:1]:
            if doc_id in episode_of:
                events_of[episode_of[doc_id]].append(event)
    tallies = []
    conflicts = conflicts or (load_conflict_table() if by_episode else None)
    for episode in sorted(by_episode):
        figs = by_episode[episode]
        when = max((figure_date(f, doc_dates.get(f.doc_id)) for f in figs), default="") or None
        tallies += _episode_tallies(episode, figs, episode_blocs(figs, events_of[episode], when, conflicts), doc_dates)
    return tallies


def _episode_tallies(episode: str, figs: list[Figure], blocs: Blocs,
                     doc_dates: Mapping[str, PublishedDate | None]) -> list[Tally]:
    buckets: dict[_Key, list[Figure]] = defaultdict(list)
    sides: dict[str, Actor] = {}
    for fig in figs:
        side = victim_side(fig.side, blocs)
        if side:
            sides.setdefault(side, blocs.lead.get(side) or fig.side)  # type: ignore[arg-type]
        buckets[(episode, fig.kind, "any" if fig.group == "mixed" else fig.group, side)].append(fig)
    tallies = {}
    for key in sorted(buckets):
        ordered = sorted(buckets[key],
                         key=lambda f: (figure_date(f, doc_dates.get(f.doc_id)), f.doc_id, f.evidence.start, f.id))
        tallies[key] = _tally(key, ordered, sides.get(key[3]), doc_dates)
    for key in sorted({(k[0], k[1], k[2], "") for k in tallies if k[3] in blocs.lead}):
        both = _both_sides(key, tallies, set(blocs.lead))
        if both is not None:
            tallies[key] = both
    return [tallies[k] for k in sorted(tallies)]


def victim_side(side: Actor | None, blocs: Blocs) -> str:
    """The key of a victim side: its bloc, else its country, id or name; "" = all sides."""
    if side is None:
        return ""
    return blocs.bloc_of(side) or side_key(side)


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


def point(fig: Figure) -> int:
    """The single value a figure stands for: the count; the top of "up to"; the middle of a range."""
    if fig.high is None or fig.qualifier in ("exact", "at_least", "vague"):
        return fig.low
    if fig.qualifier == "at_most":
        return fig.high
    return round((fig.low + fig.high) / 2)


def _top(fig: Figure) -> int | None:
    """A figure's upper bound; None when open ("more than 100")."""
    return None if fig.qualifier == "at_least" else fig.high


def _tally(key: _Key, figs: list[Figure], side: Actor | None, doc_dates: Mapping[str, PublishedDate | None]) -> Tally:
    dated = [(figure_date(f, doc_dates.get(f.doc_id)), f) for f in figs]
    totals = [(d, f) for d, f in dated if f.cumulative]
    series = _series(totals)
    incidents = [(d, f) for d, f in dated if not f.cumulative]
    # Only each reporter's latest total still stands: an older one a later report revised cannot cover incidents.
    current = {reporter_key(f): (d, f) for d, f in sorted(totals, key=lambda p: (p[0], point(p[1]), p[1].id))}
    floor, floor_figs = _floor(incidents, list(current.values()))
    if series:
        low, best, high, used, note = _from_series(series, totals)
    else:
        low = best = 0
        high, used, note = None, [], "no running total"
    if floor > low:
        low, high = floor, None if not series else high
        if high is not None and high < floor:
            high = None
        if floor > best:
            note = (f"best {floor} = {len(floor_figs)} incident figure(s) outside every running total "
                    f"({', '.join(str(f.low) for f in floor_figs)}), above the newest total ({best}); high unknown"
                    if series else f"best {floor} = low from {len(floor_figs)} incident figure(s) "
                    f"({', '.join(str(f.low) for f in floor_figs)}), no running total; high unknown")
        else:
            note += f"; {len(floor_figs)} incident(s) outside any running total raise low to {floor}"
        used = [*used, *floor_figs]
        best = max(best, floor)
    elif incidents:
        note += f"; {len(incidents)} incident figure(s) inside the running totals"
    dates = [figure_date(f, doc_dates.get(f.doc_id)) for f in used]
    return Tally(
        episode_id=key[0], kind=figs[0].kind, group=key[2], low=low, best=best, high=high, side=side,  # type: ignore[arg-type]
        as_of=max(dates, default="") or None, figure_ids=tuple(f.id for f in figs), note=note,
        series=tuple(series.values()),
    )


def _series(totals: list[tuple[str, Figure]]) -> dict[str, Series]:
    """Each reporter's running totals, oldest first (same day: smaller first)."""
    points: dict[str, list[tuple[str, Figure]]] = defaultdict(list)
    for d, fig in totals:
        points[reporter_key(fig)].append((d, fig))
    out = {}
    for reporter in sorted(points):
        ordered = sorted(points[reporter], key=lambda p: (p[0], point(p[1]), p[1].id))
        who = ordered[-1][1].attributed_to
        out[reporter] = Series(
            reporter=who.name if who else f"unattributed in {ordered[-1][1].doc_id}",
            reporter_id=who.id if who else None, anonymous=bool(who and who.anonymous),
            points=tuple(SeriesPoint(d or None, f.low, _top(f), point(f), f.id) for d, f in ordered))
    return out


def _from_series(series: Mapping[str, Series], totals: list[tuple[str, Figure]]
                 ) -> tuple[int, int, int | None, list[Figure], str]:
    by_id = {f.id: f for _, f in totals}
    latest = {r: s.points[-1] for r, s in series.items()}
    chosen = max(latest, key=lambda r: (latest[r].date or "", latest[r].value, r))
    best_point = latest[chosen]
    window = [p for p in latest.values() if _within(p.date, best_point.date)]
    low = min(p.low for p in window)
    high = None if any(p.high is None for p in window) else max(p.high for p in window)  # type: ignore[type-var]
    low = min(low, best_point.value)
    note = (f"best {best_point.value} = the newest running total ({series[chosen].reporter}, "
            f"{best_point.date or 'undated'}) of {len(series)} reporter(s); low/high span {len(window)} "
            f"reporter(s) within {WINDOW_DAYS} days")
    revised = [s.reporter for s in series.values() if len(s.points) > 1 and s.points[-1].value < max(
        p.value for p in s.points[:-1])]
    if revised:
        note += f"; revised downward by a later report: {', '.join(revised)}"
    return low, best_point.value, high, [by_id[p.figure_id] for p in window], note


def _within(day: str | None, newest: str | None) -> bool:
    if not day or not newest:
        return day == newest
    return date.fromisoformat(newest) - date.fromisoformat(day) <= timedelta(days=WINDOW_DAYS)


def _floor(incidents: list[tuple[str, Figure]], totals: list[tuple[str, Figure]]) -> tuple[int, list[Figure]]:
    """What incidents outside every running total add up to at least, and the incidents counted."""
    loose = [(d, f) for d, f in incidents if not any(_covers(td, t, d, f) for td, t in totals)]
    if not loose:
        return 0, []
    periods: dict[tuple[str, str], Figure] = {}
    for _, fig in loose:
        span = _span(fig)
        if span is not None and (span not in periods or fig.low > periods[span].low):
            periods[span] = fig
    distinct = [p for p in periods if not any(q != p and p[0] <= q[1] and q[0] <= p[1] for q in periods)]
    summed = sum(periods[p].low for p in distinct)
    largest = max((f for _, f in loose), key=lambda f: (f.low, f.id))
    if summed >= largest.low and distinct:
        return summed, [periods[p] for p in sorted(distinct)]
    return largest.low, [largest]


def _span(fig: Figure) -> tuple[str, str] | None:
    if fig.period and fig.period.start and fig.period.end:
        return fig.period.start[:10], fig.period.end[:10]
    return None


def _covers(total_date: str, total: Figure, incident_date: str, incident: Figure) -> bool:
    """A running total covers an incident it was reported after, whose period it contains, and not smaller."""
    if total_date and incident_date and total_date < incident_date:
        return False
    began = total.period.start[:10] if total.period and total.period.start else None
    happened = _span(incident)
    if began and happened and happened[0] < began:
        return False
    return point(total) >= incident.low


def _both_sides(key: _Key, tallies: Mapping[_Key, Tally], blocs: set[str]) -> Tally | None:
    """The all-sides tally as the sum of each bloc's when every bloc has one newer than the overall total."""
    parts = [tallies.get((key[0], key[1], key[2], b)) for b in sorted(blocs)]
    if any(p is None for p in parts):
        return None
    sides = [p for p in parts if p is not None]
    overall = tallies.get(key)
    newest_overall = overall.as_of or "" if overall else ""
    if overall is not None and not all((p.as_of or "") > newest_overall for p in sides):
        return None
    high = None if any(p.high is None for p in sides) else sum(p.high for p in sides)  # type: ignore[misc]
    best = sum(p.best for p in sides)
    note = (f"best {best} = the sum of each side's best ({' + '.join(str(p.best) for p in sides)}), "
            f"newer than any all-sides total")
    ids = tuple(dict.fromkeys(i for p in [*( [overall] if overall else []), *sides] for i in p.figure_ids))
    base = overall or replace(sides[0], side=None, series=())
    return replace(base, low=sum(p.low for p in sides), best=best, high=high, note=note, figure_ids=ids,
                   as_of=max(p.as_of or "" for p in sides) or None)
