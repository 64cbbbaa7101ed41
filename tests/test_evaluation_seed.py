import json

import pytest

from newsledger.errors import GoldError
from newsledger.evaluation.seed import claim_matches, event_matches, figure_matches, load_gold, score
from newsledger.records import Actor, Claim, DocRecords, Document, Event, Figure, Mention, Place, PublishedDate, Span

TEXT = "Armenpress said seven civilians had been killed. Turkey denied it as propaganda. Martakert 4,400 sq km"


def _fig(low, high, kind="killed", group="civilians", reporter=None, start=16, end=21):
    span = Span.of("d", TEXT, 16, 47)
    return Figure(
        id=f"f{low}",
        doc_id="d",
        evidence=span,
        kind=kind,
        low=low,
        high=high,
        qualifier="exact",
        group=group,
        attributed_to=Actor(reporter) if reporter else None,
        quantity=Span.of("d", TEXT, start, end),
    )


GOLD = {
    "docs": {
        "001": {
            "file": "a.txt",
            "source": "BBC",
            "published_window": ["2020-09-30", "2020-10-01"],
            "episode": "x",
            "boilerplate_lines": ["[ad_1]"],
            "must_keep": ["Turkey denied it"],
            "figures": [
                {"kind": "killed", "low": 7, "high": 7, "group": "civilians", "reporter": ["armenpress"], "quote": "q"},
                {"kind": "injured", "low": 2, "high": 2, "group": "any", "optional": True, "reporter": [], "quote": "o"},
            ],
            "not_figures": ["4,400 sq km"],
            "claims": [{"speaker": ["turkey"], "stance": "deny", "content": ["propaganda"]}],
            "events": [{"types": ["ASSAULT"], "actor": ["TUR"], "target": [], "quote": "e"}],
            "places": [["Martakert", 40.2167, 46.8167]],
        }
    }
}


def _records(figures=(), claims=(), events=(), mentions=(), source="BBC News", published=None):
    doc = Document("d", TEXT, ("[ad_1]",), source_name=source, published=published)
    return DocRecords(doc, tuple(mentions), tuple(figures), tuple(claims), tuple(events))


def test_perfect_records_score_one():
    span = Span.of("d", TEXT, 49, 79)
    claim = Claim("c", "d", span, Actor("Turkey", text="Turkey"), "denied", "deny", "it as propaganda")
    event = Event("e", ("d",), (span,), "ASSAULT", "claimed", actor=Actor("Turkey", country="TUR"))
    place = Mention("m", "d", Span.of("d", TEXT, 81, 90), "place", place=Place("Martakert", "AZE", 40.22, 46.82))
    pub = PublishedDate("2020-09-29", "2020-10-02", "day", "inferred")
    rec = _records([_fig(7, 7, reporter="Armenpress")], [claim], [event], [place], published=pub)
    result = score(GOLD, {"a.txt": rec})
    for name in ("source", "published", "debris_removed", "lines_kept", "figures_recall", "figures_precision",
                 "figures_attribution", "not_figures_absent", "claims_recall", "events_recall", "places_recall"):
        assert result.get(name).score == 1.0, name


def test_misses_are_counted():
    wrong = _fig(50, 60, reporter="Reuters")
    on_area = _fig(4400, 4400, start=90, end=101)
    rec = _records([wrong, on_area], source=None)
    result = score(GOLD, {"a.txt": rec})
    assert result.get("source").score == 0.0
    assert result.get("published").score == 0.0
    assert result.get("figures_recall").score == 0.0
    assert result.get("figures_precision").score == 0.0
    assert result.get("not_figures_absent").score == 0.0
    assert result.get("claims_recall").score == 0.0
    assert json.loads(json.dumps(result.as_dict()))["figures_recall"]["total"] == 1


def test_matching_rules():
    assert figure_matches(_fig(90, 110, group="military"), {"kind": "killed", "low": 100, "high": None, "group": "any"})
    assert not figure_matches(_fig(90, 99), {"kind": "killed", "low": 100, "high": None, "group": "any"})
    assert not figure_matches(_fig(7, 7, kind="injured"), {"kind": "killed", "low": 7, "high": 7, "group": "any"})
    span = Span.of("d", TEXT, 0, 10)
    accuse = Claim("c", "d", span, Actor("Mevlut Cavusoglu"), "accused", "accuse", "occupation")
    assert claim_matches(accuse, {"speaker": ["cavusoglu"], "stance": "assert", "content": ["occupation"]})
    assert not claim_matches(accuse, {"speaker": ["cavusoglu"], "stance": "deny", "content": []})
    ev = Event("e", ("d",), (span,), "REQUEST", "requested", actor=Actor("Russia", country="RUS"))
    assert event_matches(ev, {"types": ["REQUEST"], "actor": ["RUS", "FRA"], "target": []})
    assert not event_matches(ev, {"types": ["REQUEST"], "actor": ["RUS"], "target": ["ARM"]})


def test_gold_errors(tmp_path):
    bad = tmp_path / "gold.json"
    bad.write_text("{not json")
    with pytest.raises(GoldError):
        load_gold(bad)
    with pytest.raises(GoldError):
        score(GOLD, {})
