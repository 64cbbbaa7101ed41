from pathlib import Path

from newsledger.events.parties import belligerents, load_de_facto, settle_parties
from newsledger.records import Actor, Event, Span
from newsledger.views import actor_label

ARM = Actor("Armenia", "state:ARM", "ARM", "GOV")
AZE = Actor("Azerbaijan", "state:AZE", "AZE", "GOV")
FRA = Actor("France", "state:FRA", "FRA", "GOV")
REUTERS = Actor("Reuters", "media:reuters", "GBR", "MED")


def _event(name, text, type_="ASSAULT", actor=None, target=None, status="asserted"):
    return Event(name, ("d",), (Span("d", 0, len(text), text),), type_, status, actor=actor, target=target)


def test_outlets_never_act_and_calls_to_both_sides_target_both():
    events = [
        _event("e1", "Reuters writes that Azerbaijan is fighting Armenian forces", actor=REUTERS, target=ARM),
        _event("e2", "Azerbaijan shelled Armenian positions", actor=AZE, target=ARM),
        _event("e3", "Armenia shelled a town", actor=ARM, target=AZE),
        _event("e4", "France urged both sides to stop the fighting", "REQUEST", actor=FRA, status="requested"),
        _event("e5", "Armenia urged both sides to talk", "REQUEST", actor=ARM, status="requested"),
        _event("e6", "both sides have accused the other", "ACCUSE", actor=Actor("both sides")),
    ]
    settled = settle_parties(events, load_de_facto())
    # The outlet does not act; the side the document reports attacking the same target does, marked inferred.
    assert settled[0].actor == AZE and settled[0].actor_inferred and settled[0].target == ARM
    calls = [e for e in settled if e.evidence[0].text.startswith("France")]
    assert {e.target.name for e in calls} == {"Armenia", "Azerbaijan"}
    assert len({e.id for e in calls}) == 2
    # A belligerent speaking of "both sides" is not a mediator: its event stays as it is.
    assert [e.target for e in settled if e.actor == ARM and e.type == "REQUEST"] == [None]
    assert [e.target for e in settled if e.type == "ACCUSE"] == [None]


def test_belligerents_need_two_sides():
    assert belligerents([_event("e", "Azerbaijan shelled a town", actor=AZE)]) == ()


def test_de_facto_actors_keep_their_coding_but_read_as_themselves():
    forces = Actor("ethnic Armenian forces", None, "AZE", "MIL", text="ethnic Armenian forces")
    state = Actor("Nagorno-Karabakh Republic", "state:nkr", "AZE", "REB")
    army = Actor("Azerbaijan armed forces", None, "AZE", "MIL", text="Azerbaijani forces")
    events = [_event("e", "ethnic Armenian forces fought Azerbaijani forces", actor=forces, target=army),
              _event("f", "the Nagorno-Karabakh Republic said", "ACCUSE", actor=state)]
    first, second = settle_parties(events, load_de_facto())
    assert (first.actor.country, first.actor.sector) == ("AZE", "MIL")
    assert actor_label(first.actor) == "Nagorno-Karabakh forces (de facto)"
    assert actor_label(second.actor) == "Nagorno-Karabakh authorities (de facto)"
    assert first.target.display is None and "[AZE/MIL]" in actor_label(first.target)


def test_de_facto_table_has_sources():
    rows = Path(__file__).parents[1].joinpath("src/newsledger/data/de_facto.tsv").read_text().splitlines()
    assert all(line.split("\t")[-1].strip() for line in rows[1:])
