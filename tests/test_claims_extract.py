"""Claims: cues and stances, speakers, denials linked in and across documents, figure attribution."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsledger.claims.cues import load_cues
from newsledger.claims.extract import attribute, extract_claims
from newsledger.linking.contradictions import claims_conflict, contradiction_key
from newsledger.nlp import AnalyzedDoc
from newsledger.records import Claim, Document, Figure, Span, stable_id


@pytest.fixture(scope="module")
def nlp(resources):
    return resources.nlp


@pytest.fixture(scope="module")
def claims_of(nlp, resources) -> Callable[..., list[Claim]]:
    def run(text: str, doc_id: str = "d") -> list[Claim]:
        return extract_claims(AnalyzedDoc(Document(id=doc_id, text=text), nlp(text)), resources.cues, resources.actors)

    return run


def only(claims: list[Claim], cue: str | None = None) -> Claim:
    chosen = [c for c in claims if cue is None or c.cue == cue]
    assert len(chosen) == 1, [(c.cue, c.speaker.name, c.content) for c in claims]
    return chosen[0]


def test_cue_table_has_a_source_column_and_known_stances() -> None:
    book = load_cues()
    assert book.verbs["say"].stance == "assert" and book.verbs["deny"].stance == "deny"
    assert {c.stance for c in book.verbs.values()} <= {"assert", "deny", "call_for", "accuse", "offer"}
    assert "allegation" in book.claim_nouns and "baseless" in book.falsity


def test_said_with_clause_wire_style(claims_of) -> None:
    text = ("KYIV, March 3 (Reuters) - Ukraine's defence ministry said Russian forces had shelled "
            "Kharkiv overnight, killing four civilians.")
    claim = only(claims_of(text))
    assert claim.speaker.name == "Ukraine Ministry of Defence" and claim.speaker.sector == "MIL"
    assert claim.speaker.text == "Ukraine's defence ministry"
    assert (claim.cue, claim.stance) == ("said", "assert")
    assert claim.content == "Russian forces had shelled Kharkiv overnight, killing four civilians"
    assert claim.evidence.text == text[claim.evidence.start:claim.evidence.end]
    assert claim.id == stable_id("clm", "d", claim.evidence.start, claim.evidence.end)


def test_told_leaves_the_listener_out(claims_of) -> None:
    claim = only(claims_of("Kremlin spokesman Dmitry Peskov told reporters that Russia had no plans to attack."))
    assert claim.cue == "told" and claim.content == "Russia had no plans to attack"
    assert claim.speaker.name == "Dmitry Peskov" and claim.speaker.country == "RUS"


def test_claimed_and_denied_it_are_linked(claims_of) -> None:
    text = "Georgia claimed that a Russian helicopter had violated its airspace. Russia has denied it."
    claim, denial = claims_of(text)
    assert (claim.speaker.name, claim.stance) == ("Georgia", "assert")
    assert (denial.speaker.name, denial.stance, denial.cue) == ("Russia", "deny", "denied")
    assert denial.contradicts == (claim.id,) and claim.contradicts == (denial.id,)


@pytest.mark.parametrize(
    ("denial", "cue"),
    [
        ("Azerbaijan denied the report.", "denied"),
        ("Azerbaijan rejected the allegation as \"cheap propaganda\".", "rejected"),
        ("Azerbaijan dismissed the report as \"completely unfounded\".", "dismissed"),
        ("Azerbaijan called the reports baseless.", "called"),
        ("Azerbaijan rejected the accusations.", "rejected"),
        ("Azerbaijan's defence ministry described the claims as disinformation.", "described"),
        ("Azerbaijan said the reports were false.", "said"),
    ],
)
def test_denial_forms_answer_the_claim_before(claims_of, denial: str, cue: str) -> None:
    claims = claims_of("Armenian officials said Azerbaijani drones had struck a school in Martuni. " + denial)
    claim, answer = claims
    assert answer.stance == "deny" and answer.cue == cue
    assert answer.speaker.country == "AZE"
    assert answer.contradicts == (claim.id,)


def test_denies_that_keeps_its_content(claims_of) -> None:
    claim = only(claims_of("Ethiopia's government denies that its troops committed abuses in Tigray."))
    assert claim.stance == "deny" and claim.content == "its troops committed abuses in Tigray"


@pytest.mark.parametrize(
    "text",
    [
        "Russian Foreign Minister Sergei Lavrov did not say when talks would resume.",
        "Russia has rejected a proposal for a UN inquiry.",
        "The fighting has claimed more than 5,000 lives.",
        "More than 200 soldiers and civilians are said to have lost their lives.",
        "The region is part of Azerbaijan according to international law.",
    ],
)
def test_no_claim(claims_of, text: str) -> None:
    assert claims_of(text) == []


def test_accused_of(claims_of) -> None:
    claim = only(claims_of("Iran's foreign minister accused Israel of trying to widen the war."))
    assert claim.stance == "accuse" and claim.content == "Israel of trying to widen the war"


def test_according_to(claims_of) -> None:
    claim = only(claims_of("According to the UN refugee agency, more than 100,000 people have fled the region."))
    assert claim.cue == "according to" and claim.speaker.sector == "IGO"
    assert claim.content == "more than 100,000 people have fled the region"


def test_trailing_attribution_and_the_statement_inside(claims_of) -> None:
    text = ("The Defence Ministry in Baku reported on Friday that 12 soldiers had been killed in the "
            "clashes, Reuters writes.")
    outer = only(claims_of(text), "writes")
    inner = only(claims_of(text), "reported")
    assert outer.speaker.name == "Reuters" and "12 soldiers" in outer.content
    assert inner.speaker.name == "Azerbaijan Ministry of Defence"
    assert inner.content == "12 soldiers had been killed in the clashes"


def test_inverted_trailer(claims_of) -> None:
    claim = only(claims_of("Shelling continued on the outskirts of the city, writes the AP news agency."))
    assert claim.speaker.name == "AP" and claim.content == "Shelling continued on the outskirts of the city"


@pytest.mark.parametrize(
    ("text", "cue", "stance"),
    [
        ("Serbia's president announced that the army would be put on full alert.", "announced", "assert"),
        ("Sudan's army chief vowed to fight until the last soldier.", "vowed", "assert"),
        ("The European Union called for an immediate ceasefire in the region.", "called for", "call_for"),
        ("The Red Cross urged both sides to protect civilians.", "urged", "call_for"),
        ("Kazakhstan offered to host talks between the two sides.", "offered", "offer"),
        ("Qatar's prime minister made the offer during a visit to Cairo.", "offered", "offer"),
        ("Both sides reiterated calls for a humanitarian corridor.", "called for", "call_for"),
        ("The White House condemned the attack on the convoy.", "condemned", "accuse"),
    ],
)
def test_cues_and_stances(claims_of, text: str, cue: str, stance: str) -> None:
    claim = only(claims_of(text))
    assert (claim.cue, claim.stance) == (cue, stance)


def test_ready_to_host_is_an_offer(claims_of) -> None:
    claim = only(claims_of("The Russian foreign minister said Moscow was ready to host talks."))
    assert claim.stance == "offer" and claim.speaker.name == "Sergei Lavrov"


def test_quotation_then_he_said(claims_of) -> None:
    text = ("Prime Minister Nikol Pashinyan vowed to defend the border. "
            "\u201cWe will not give up a single village,\u201d he said.")
    first, second = claims_of(text)
    assert second.speaker.name == "Nikol Pashinyan" and second.speaker.text == "he"
    assert second.content == "We will not give up a single village"


def test_dash_quotes_with_attribution_and_continuation(claims_of) -> None:
    text = ("\u2013 The ceasefire will not hold without observers, says the Caucasus expert at NUPI, "
            "Helge Blakkisrud, to NRK.\n"
            "\u2013 Both sides are rearming, says the NUPI researcher.\n"
            "\u2013 The next weeks will be decisive.")
    first, second, third = claims_of(text)
    assert first.cue == "says" and first.speaker.name == "Helge Blakkisrud"
    assert first.speaker.role == "expert, NUPI"
    assert first.content == "The ceasefire will not hold without observers"
    assert second.speaker.name == "Helge Blakkisrud"
    assert third.cue == "quotation" and third.speaker.name == "Helge Blakkisrud"


def test_it_is_further_stated_continues_the_statement(claims_of) -> None:
    text = ("Foreign fighters are being sent to the front, a statement from the Russian Foreign Ministry said.\n"
            "\u2013 We are deeply concerned, it is further stated.")
    first, second = claims_of(text)
    assert second.speaker.name == first.speaker.name == "Russia Ministry of Foreign Affairs"
    assert second.content == "We are deeply concerned"


def test_issued_a_statement_saying(claims_of) -> None:
    claim = only(claims_of("The Kremlin issued a statement saying the two leaders had discussed a truce."))
    assert claim.speaker.name == "Russia" and claim.content == "the two leaders had discussed a truce"


def test_furious_saying_is_an_accusation(claims_of) -> None:
    claim = only(claims_of("Greece is furious at Turkey's drilling, saying that the move violates its waters."))
    assert claim.stance == "accuse" and claim.speaker.name == "Greece"
    assert "Turkey" in claim.evidence.text


def test_hit_back_criticising(claims_of) -> None:
    claims = claims_of("Mr Macron hit back, criticising \"reckless statements\" from Ankara.")
    claim = only(claims)
    assert claim.stance == "accuse" and claim.speaker.name == "Emmanuel Macron"


def test_coordinated_speakers_give_one_claim_each(claims_of) -> None:
    claims = claims_of("Putin and Macron call for a complete cessation of hostilities.")
    assert sorted(c.speaker.name for c in claims) == ["Emmanuel Macron", "Vladimir Putin"]
    assert all(c.stance == "call_for" for c in claims)
    assert len({c.id for c in claims}) == 2


def test_source_quoted_by_an_agency(claims_of) -> None:
    claim = only(claims_of("Interfax quoted a Russian defence ministry source as saying the drones were destroyed."))
    assert claim.speaker.name == "Russia Ministry of Defence" and claim.content == "the drones were destroyed"


def test_pronoun_in_a_relative_clause_is_the_clause_subject(claims_of) -> None:
    text = "Armenia's defence ministry released footage of a drone it said had been downed over Goris."
    claim = only(claims_of(text))
    assert claim.speaker.name == "Armenia Ministry of Defence"
    assert "drone" in claim.content and "Goris" in claim.content


def test_local_media_and_coordinated_outlets(claims_of) -> None:
    claims = claims_of("Both the Russian news agency Interfax and the broadcaster Sputnik Armenia confirmed the truce.")
    assert {c.speaker.name for c in claims} == {"Interfax", "Sputnik Armenia"}
    local = only(claims_of("Local media reported heavy explosions near the airport."))
    assert local.speaker.sector == "MED"


def figure(doc_id: str, text: str, number: str, kind: str = "killed") -> Figure:
    start = text.index(number)
    quantity = Span.of(doc_id, text, start, start + len(number))
    return Figure(stable_id("fig", doc_id, start), doc_id, quantity, kind, 1, 1, "exact", quantity=quantity)


def test_attribute_figures_to_the_innermost_reporter(resources, claims_of) -> None:
    text = ("The Defence Ministry in Baku reported that 12 soldiers had been killed, Reuters writes. "
            "According to local officials, 30 people were wounded. Five houses burned down.")
    claims = claims_of(text)
    figures = [figure("d", text, "12"), figure("d", text, "30", "injured"), figure("d", text, "Five")]
    figs, claims = attribute(figures, claims, resources.actors)
    assert figs[0].attributed_to.name == "Azerbaijan Ministry of Defence"
    assert figs[1].attributed_to.text == "local officials"
    assert figs[2].attributed_to is None
    reporter = only(claims, "reported")
    assert reporter.about == (figs[0].id,)
    assert set(only(claims, "writes").about) == {figs[0].id}


def test_denial_is_about_the_figures_of_the_claim_it_answers(resources, claims_of) -> None:
    text = "Armenia said 40 civilians had been killed in the strike. Azerbaijan has denied it."
    claims = claims_of(text)
    figs, claims = attribute([figure("d", text, "40")], claims, resources.actors)
    claim, denial = claims
    assert figs[0].attributed_to.name == "Armenia"
    assert claim.about == denial.about == (figs[0].id,)


def test_conflict_across_documents(claims_of) -> None:
    first = claims_of("Armenia's defence ministry said an SU-25 jet had been shot down by a Turkish F-16.", "a")
    second = claims_of("Armenia claimed that a Turkish F-16 shot down its SU-25 jet. Turkey has denied it.", "b")
    context = {c.id: c for c in [*first, *second]}
    denial = next(c for c in second if c.stance == "deny")
    assert {"su-25", "f-16"} <= contradiction_key(denial, context)
    assert claims_conflict(first[0], denial, context)
    assert claims_conflict(denial, first[0], context)
    unrelated = claims_of("Russia said the talks in Moscow would start on Friday.", "c")[0]
    assert not claims_conflict(unrelated, denial, context)
    assert not claims_conflict(first[0], second[0], context)


def test_quoted_paragraph_continues_the_last_speaker(claims_of) -> None:
    text = ("The Georgian interior ministry said three border guards had been detained.\n"
            "\u201cThis is an unacceptable provocation.\u201d\n"
            "- 4,400 sq km of territory\n")
    claims = claims_of(text)
    assert [c.cue for c in claims] == ["said", "quotation"]
    assert claims[1].speaker.name == claims[0].speaker.name
    assert claims[1].content == "This is an unacceptable provocation"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["Russia", "said", "denied", "it", "\u2013", ",", ".", "\u201c", "\u201d", "\n",
                                 "according to", "the report", "he", "told", "Mr Lavrov", "as", "propaganda"]),
                max_size=25))
def test_any_text_gives_valid_spans_and_unique_ids(claims_of, words: list[str]) -> None:
    text = " ".join(words)
    claims = claims_of(text)
    assert len({c.id for c in claims}) == len(claims)
    for claim in claims:
        assert claim.evidence.text == text[claim.evidence.start:claim.evidence.end]
        assert claim.content in text


def test_according_to_the_statement_looks_back(claims_of) -> None:
    text = ("A statement from Ankara said the talks had been useful.\n"
            "Both sides will meet again next month, according to the statement.")
    first, second = claims_of(text)
    assert second.cue == "according to" and second.speaker.name == first.speaker.name == "Turkey"
