import pytest

from newsledger.mentions import extract_actor_mentions
from newsledger.nlp import AnalyzedDoc, load_pipeline
from newsledger.records import Document


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _mentions(nlp, text):
    return extract_actor_mentions(AnalyzedDoc(Document(id="d", text=text), nlp(text)))


def test_office_holders_and_organisations_resolve(nlp):
    text = "Russian Foreign Minister Sergei Lavrov spoke to Reuters. Nato officials met in Brussels."
    found = {m.evidence.text: m.actor for m in _mentions(nlp, text)}
    assert found["Sergei Lavrov"].country == "RUS"
    assert found["Reuters"].sector == "MED"
    assert any(a.name.upper().startswith("NATO") or "North Atlantic" in a.name for a in found.values())


def test_spans_quote_the_text_and_places_are_not_actors(nlp):
    text = "The Kremlin said shelling hit Stepanakert overnight."
    mentions = _mentions(nlp, text)
    assert all(text[m.evidence.start : m.evidence.end] == m.evidence.text for m in mentions)
    assert all(m.kind == "actor" for m in mentions)
    assert "Stepanakert" not in {m.evidence.text for m in mentions}
    kremlin = next(m for m in mentions if "Kremlin" in m.evidence.text)
    assert kremlin.actor.country == "RUS"
