import pytest

from newsledger.records import (
    Actor,
    Claim,
    Document,
    Event,
    Figure,
    Period,
    PublishedDate,
    Span,
    as_dict,
    content_id,
    from_dict,
    stable_id,
)


def test_span_of_quotes_the_text():
    span = Span.of("d", "Hello world", 6, 11)
    assert span.text == "world"


def test_ids_are_stable_and_content_based():
    assert content_id("a") == content_id("a") != content_id("b")
    assert stable_id("fig", "d", 1, 2) == stable_id("fig", "d", 1, 2)
    assert stable_id("fig", "d", 1, 2).startswith("fig_")
    assert stable_id("fig", "d", 12) != stable_id("fig", "d1", 2)


def test_round_trip_nested_records():
    span = Span.of("d", "Three civilians were killed.", 0, 15)
    fig = Figure(
        id="f",
        doc_id="d",
        evidence=span,
        kind="killed",
        low=3,
        high=3,
        qualifier="exact",
        group="civilians",
        side=Actor("Armenia", "ARM", "ARM", "GOV"),
        period=Period(label="since Sunday"),
        quantity=Span.of("d", span.text, 0, 5),
    )
    data = as_dict(fig)
    assert data["evidence"] == {"doc_id": "d", "start": 0, "end": 15, "text": "Three civilians"}
    assert data["period"]["label"] == "since Sunday"
    assert from_dict(Figure, data) == fig
    claim = Claim("c", "d", span, Actor("Turkey"), "denied", "deny", "x", about=("f",), contradicts=("c2",))
    assert from_dict(Claim, as_dict(claim)) == claim
    event = Event("e", ("d", "d2"), (span, span), "ASSAULT", "claimed", actor=Actor("Turkey", country="TUR"))
    assert from_dict(Event, as_dict(event)) == event
    doc = Document("d", "text", ("[ad_1]",), published=PublishedDate("2020-10-01", "2020-10-01", "day", "url", ("u",)))
    assert from_dict(Document, as_dict(doc)) == doc
    assert as_dict(doc)["removed"] == ["[ad_1]"]


def test_from_dict_fills_defaults_ignores_unknown_keys_and_refuses_missing_fields():
    event = from_dict(Event, {"id": "e", "doc_ids": ["d"], "evidence": [], "type": "ASSAULT", "status": "asserted",
                              "added_later": 1})
    assert event == Event("e", ("d",), (), "ASSAULT", "asserted") and isinstance(event.doc_ids, tuple)
    with pytest.raises(TypeError, match="text"):
        from_dict(Span, {"doc_id": "d", "start": 0, "end": 1})
