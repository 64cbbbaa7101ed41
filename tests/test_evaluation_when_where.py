import json

import pytest

from newsledger.errors import GoldError
from newsledger.evaluation.when_where import load_gold, misses, score
from newsledger.ledger.contract import validate_record
from newsledger.records import DateRange, DocRecords, Document, Event, Place, Span, as_dict

TEXT = "Rebels shelled Sake on Saturday. Ministers met in Kinshasa."


def _gold(tmp_path, events):
    (tmp_path / "a.txt").write_text(TEXT)
    path = tmp_path / "gold.json"
    path.write_text(json.dumps({"documents": [{"file": "a.txt", "split": "heldout", "events": events}]}))
    return path


def _records(date, place):
    span = Span.of("d", TEXT, 0, 20)
    event = Event("e", ("d",), (span,), "ASSAULT", "asserted", place=place, date=date, date_source="sentence",
                  place_source="sentence", geo_precision=1)
    return {"a.txt": DocRecords(Document(id="d", text=TEXT), events=(event,))}


def test_scores_dates_and_places_per_split(tmp_path):
    gold = load_gold(_gold(tmp_path, [{"trigger": "Rebels shelled Sake", "date": ["2024-02-17", "2024-02-17"],
                                       "violent": True, "place": "Sake", "lat": -1.574, "lon": 29.043}]))
    near = Place("Sake", "COD", -1.6, 29.1, precision="exact")
    right = score(gold, _records(DateRange("2024-02-12", "2024-02-18", "week"), near))["heldout"]
    assert right["dated"] == 1.0 and right["date_right"] == 1.0 and right["place_within_25km"] == 1.0
    assert right["date_sources"] == {"sentence/week": 1} and right["place_sources"] == {"sentence/1": 1}
    far = Place("Kinshasa", "COD", -4.3, 15.3, precision="exact")
    wrong = _records(DateRange("2024-02-18", "2024-02-19", "day"), far)
    numbers = score(gold, wrong)["all"]
    assert numbers["date_right"] == 0.0 and numbers["place_within_25km"] == 0.0
    assert len(misses(gold, wrong)) == 1


def test_trigger_must_be_in_the_text(tmp_path):
    gold = load_gold(_gold(tmp_path, [{"trigger": "not there", "date": ["2024-01-01", "2024-01-01"]}]))
    with pytest.raises(GoldError):
        score(gold, _records(DateRange(), None))


def test_contract_checks_the_new_event_fields_when_present():
    span = Span.of("d", TEXT, 0, 20)
    event = as_dict(Event("e", ("d",), (span,), "ASSAULT", "asserted", date_source="sentence", geo_precision=2))
    assert validate_record("events", event) == []
    assert validate_record("events", {**event, "geo_precision": 7})
    assert validate_record("events", {**event, "date_source": "guess"})
    older = {k: v for k, v in event.items() if k not in ("date_source", "place_source", "geo_precision")}
    assert validate_record("events", older) == []


def test_misses_never_list_a_held_out_split(tmp_path, resources):
    from newsledger.evaluation.when_where import evaluate_when_where

    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("3 March 2024\n\nClash\n\n" + TEXT)
    wrong = {"trigger": "Rebels shelled Sake", "date": ["2020-01-01", "2020-01-01"], "violent": True,
             "place": "Lima", "lat": -12.0, "lon": -77.0}
    docs = [{"file": name, "split": split, "events": [wrong]} for name, split in (("a.txt", "dev2"), ("b.txt", "heldout3"))]
    path = tmp_path / "gold.json"
    path.write_text(json.dumps({"documents": docs}))
    result = evaluate_when_where(path, with_misses=True, resources=resources)
    assert set(result["scores"]) == {"dev2", "heldout3", "all"}
    assert len(result["misses"]) == 1
