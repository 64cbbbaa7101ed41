from newsledger.records import Actor, Claim, DateRange, Event, Figure, Place, Span
from newsledger.views import (
    ClaimFilter,
    EventFilter,
    FigureFilter,
    Mark,
    annotate,
    document_marks,
    fact_rows,
    fact_table,
    filter_claims,
    filter_events,
    filter_figures,
    figure_line,
    merge_marks,
)

TEXT = "Officials said 12 soldiers were killed in Avdiivka. Moscow denied it."


def _fig(kind="killed", group="military", reporter="Ukraine General Staff"):
    return Figure(
        "f1", "d", Span.of("d", TEXT, 15, 38), kind, 12, 12, "exact", group,
        attributed_to=Actor(reporter, country="UKR", sector="MIL"), quantity=Span.of("d", TEXT, 15, 17),
    )


def _claim():
    return Claim("c1", "d", Span.of("d", TEXT, 0, 50), Actor("Officials", text="Officials"), "said", "assert", "12 soldiers")


def _event(date="2023-10-11"):
    return Event(
        "e1", ("d",), (Span.of("d", TEXT, 15, 50),), "ASSAULT", "claimed",
        actor=Actor("Russia", country="RUS"), target=Actor("Ukraine", country="UKR"),
        place=Place("Avdiivka", "UKR", 48.14, 37.74), date=DateRange(date, date, "day"),
    )


def test_figure_filters():
    figs = [_fig(), _fig(kind="injured"), _fig(group="civilians", reporter="Reuters")]
    assert len(filter_figures(figs, FigureFilter(kind="killed"))) == 2
    assert len(filter_figures(figs, FigureFilter(reporter="general staff"))) == 2
    assert len(filter_figures(figs, FigureFilter(reporter="ukr", group="civilians"))) == 1
    assert filter_figures(figs, FigureFilter(doc_id="other")) == []


def test_claim_and_event_filters():
    assert filter_claims([_claim()], ClaimFilter(speaker="officials")) == [_claim()]
    assert filter_claims([_claim()], ClaimFilter(stance="deny")) == []
    events = [_event(), _event(date=None)]
    assert len(filter_events(events, EventFilter(actor="RUS"))) == 2
    assert len(filter_events(events, EventFilter(actor="UKR", type="assault"))) == 2
    assert len(filter_events(events, EventFilter(date_from="2023-10-01", date_to="2023-10-31"))) == 1
    assert filter_events(events, EventFilter(place="Bakhmut")) == []


def test_annotate_nests_and_keeps_text():
    marks = [m.tagged for m in document_marks([_fig()], [_claim()], [], "d")]
    out = annotate(TEXT, marks)
    assert out.startswith("⟦C1:Officials said ⟦F1:12⟧ soldiers")
    assert out.replace("⟦C1:", "").replace("⟦F1:", "").replace("⟧", "") == TEXT


def test_figure_line_mentions_open_ranges_and_reporter():
    fig = _fig()
    assert "killed 12 (exact) military" in figure_line(fig)
    open_ended = Figure("f", "d", fig.evidence, "killed", 100, None, "at_least")
    assert "killed 100+ (at_least)" in figure_line(open_ended)


def test_merged_marks_never_nest_and_keep_text():
    marks = merge_marks(document_marks([_fig()], [_claim()], [_event()], "d"))
    out = annotate(TEXT, marks)
    assert out.startswith("⟦C1,E1,F1:Officials said 12 soldiers were killed in Avdiivka⟧.")
    depth = 0
    for char in out:
        depth += {"⟦": 1, "⟧": -1}.get(char, 0)
        assert 0 <= depth <= 1
    assert annotate(TEXT, []) == TEXT
    spans = [(0, 5, "C1"), (0, 9, "C2"), (2, 4, "C3"), (2, 3, "E1"), (20, 25, "F2")]
    assert merge_marks([Mark(start, end, "claim", tag, tag, tag) for start, end, tag in spans]) == [
        (0, 9, "C1–C3,E1"), (20, 25, "F2")]


def test_annotate_keeps_paragraph_breaks_outside_marks():
    assert annotate("Title\n\nBody.", [(0, 7, "C1")]) == "⟦C1:Title⟧\n\nBody."


def test_fact_rows_give_each_fact_its_sentence():
    rows = fact_rows(TEXT, [_fig()], [_claim()], [_event()], "d")
    assert [r[0] for r in rows] == ["C1", "E1", "F1"]
    by_label = {r[0]: r for r in rows}
    assert by_label["F1"][1:4] == ("figure", "f1", "15-17")
    assert by_label["F1"][4] == "Officials said ⟦12⟧ soldiers were killed in Avdiivka."
    assert "Moscow" not in by_label["C1"][4]
    lines = fact_table(rows)
    assert len({line.index(row[2]) for line, row in zip(lines, rows)}) == 1  # the id column is aligned


def test_document_marks_serve_terminal_and_dashboard():
    from newsledger.records import Mention

    place = Place("Avdiivka", "UKR", 48.1, 37.7)
    mention = Mention("m1", "d", Span.of("d", TEXT, 42, 50), "place", place=place)
    marks = document_marks([_fig()], [_claim()], [_event()], "d", [mention])
    assert [(m.kind, m.tag) for m in marks][-1] == ("place", "")
    by_tag = {m.tag: m for m in marks if m.tag}
    assert by_tag["F1"].record_id == "f1" and by_tag["F1"].label.startswith("F1 killed 12")
    assert by_tag["C1"].tagged == (by_tag["C1"].start, by_tag["C1"].end, "C1")
    assert [m.start for m in marks] == sorted(m.start for m in marks)


def test_actor_and_place_words_are_one_filter_for_cli_and_web():
    from newsledger.views import actor_has, place_has

    side = Actor("Karabakh forces", country="ARM", sector="MIL", role="de facto")
    assert actor_has(side, "karabakh") and actor_has(side, "arm") and actor_has(side, "de facto")
    assert actor_has(None, None) and not actor_has(None, "arm") and not actor_has(side, "AZE")
    town = Place("Avdiivka", "UKR", 48.14, 37.74)
    assert place_has(town, "avdi") and place_has(town, "ukr") and not place_has(None, "ukr") and place_has(None, "")


def test_answered_pairs_put_the_denial_second():
    from dataclasses import replace

    from newsledger.views import answered_pairs, contradiction_pairs

    said = replace(_claim(), id="c2", contradicts=("c1",))
    denial = replace(_claim(), stance="deny", contradicts=("c2",))  # id c1: first in id order
    claims = {c.id: c for c in (said, denial)}
    assert contradiction_pairs(claims) == [(denial, said)]
    assert answered_pairs(claims) == [(said, denial)]
