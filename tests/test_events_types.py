"""The shipped ACLED sub-type classifier, its combination with the event rules, and its training script."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import spacy

from newsledger.events.types import NONE, classify, load_acled_kinds, load_event_typer
from newsledger.events.extract import extract_events
from newsledger.evaluation.plover import top_event
from newsledger.nlp import analyze_texts
from newsledger.records import Document



ROOT = Path(__file__).resolve().parents[1]
PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


@pytest.fixture(scope="module")
def nlp(resources):
    return resources.nlp


@pytest.fixture(scope="module")
def typer():
    return load_event_typer()


def _top(resources, text: str, nlp):
    adoc = next(analyze_texts(nlp, [Document(id="t", text=text)]))
    return top_event(extract_events(adoc, resources.events))


def test_mapping_names_the_25_acled_sub_types_with_plover_types():
    kinds = load_acled_kinds()
    assert len(kinds) == 25
    assert {"Armed clash", "Remote explosive/landmine/IED", "Excessive force against protesters",
            "Non-violent transfer of territory", "Headquarters or base established"} <= set(kinds)
    assert all(k.plover in PLOVER_TYPES and k.compatible <= PLOVER_TYPES for k in kinds.values())


def test_shipped_model_loads_with_26_labels(typer):
    labels = set(typer.get_pipe("textcat").labels)
    assert labels == set(load_acled_kinds()) | {NONE}
    scores = classify(typer, ["zzpassault"])[0]
    assert sum(scores.values()) == pytest.approx(1.0, abs=1e-3)


@pytest.mark.parametrize(("text", "expected"), [
    ("A roadside bomb exploded under a police truck near Northtown on Tuesday, killing three officers.",
     "Remote explosive/landmine/IED"),
    ("Warplanes bombed a crowded market in Northtown on Sunday, killing nine people, residents said.",
     "Air/drone strike"),
    ("Hundreds of nurses marched peacefully through Strelsau on Friday to demand higher wages.", "Peaceful protest"),
    ("Police in Strelsau arrested twelve men suspected of smuggling weapons, a spokesman said.", "Arrests"),
    ("Gunmen kidnapped fifteen passengers from a bus near Northtown and demanded a ransom.",
     "Abduction/forced disappearance"),
])
def test_top_event_of_clear_snippets_has_the_right_sub_type(resources, text, expected, nlp):
    top = _top(resources, text, nlp)
    assert top is not None and top.acled_sub_type == expected


def test_a_sports_clash_gets_no_acled_type(resources, nlp):
    top = _top(resources, "The two football teams clashed in a thrilling cup final in Strelsau on Saturday.", nlp)
    assert top is None or top.acled_sub_type is None


def test_classifier_adds_an_event_the_rules_miss_with_the_sentence_as_evidence(rule_tables, resources, nlp):
    text = "Dozens of residents of Northtown were treated for chlorine inhalation on Monday, doctors said."
    adoc = next(analyze_texts(nlp, [Document(id="t", text=text)]))
    assert not extract_events(adoc, rule_tables)
    made = extract_events(adoc, resources.events)
    assert [(e.type, e.mode, e.acled_sub_type) for e in made] == [("ASSAULT", "unconventional", "Chemical weapon")]
    assert made[0].evidence[0].text == text and made[0].status == "asserted"


def test_violence_a_sentence_tells_where_the_parse_lost_its_clause_is_an_event_ranked_below_the_rest(
        rule_tables, resources, nlp):
    # The parse reads "Gunmen armed with pistols shot dead ..." as a noun phrase: no rule finds the killing,
    # and the paragraph's grenade attack keeps the paragraph's own reading from making one.
    text = ("Marka saw two security incidents on Saturday. Gunmen armed with pistols shot dead a well-known clan "
            "elder near the main market and escaped. Later the same day, a hand grenade was thrown at a police "
            "checkpoint, wounding two officers.")
    adoc = next(analyze_texts(nlp, [Document(id="t", text=text)]))
    shooting = text.index("Gunmen")
    assert not [e for e in extract_events(adoc, rule_tables) if e.type == "ASSAULT" and e.evidence[0].start == shooting]
    events = extract_events(adoc, resources.events)
    made = [e for e in events if e.evidence[0].start == shooting]
    assert [(e.type, e.acled_sub_type) for e in made] == [("ASSAULT", "Attack")]
    assert made[0].evidence[0].text.endswith("escaped.")
    assert top_event(events) is not made[0]


def test_a_sentence_telling_more_of_an_event_makes_no_second_one(resources, nlp):
    text = ("Gunmen abducted 14 passengers from a bus near the town on Tuesday. "
            "The kidnappers have demanded a ransom of five million naira for each of them.")
    adoc = next(analyze_texts(nlp, [Document(id="t", text=text)]))
    events = extract_events(adoc, resources.events)
    assert [e.acled_sub_type for e in events if e.type == "ASSAULT"].count("Abduction/forced disappearance") == 1


def test_a_sure_classifier_outranks_a_rule_event_of_another_sub_type(rule_tables, resources, nlp):
    text = "Shopkeepers shut their stalls and bus drivers went on strike in Strelsau on Monday to protest fuel prices."
    adoc = next(analyze_texts(nlp, [Document(id="t", text=text)]))
    assert top_event(extract_events(adoc, rule_tables)).acled_sub_type != "Peaceful protest"
    top = top_event(extract_events(adoc, resources.events))
    assert (top.type, top.acled_sub_type) == ("PROTEST", "Peaceful protest")


def test_a_threat_read_as_other_keeps_its_plover_type_and_carries_the_acled_sub_type(rule_tables, resources, nlp):
    text = ("Armed men left leaflets in Northtown on Monday threatening anyone who works with the army "
            "and ordering residents to stay indoors after dark.")
    adoc = next(analyze_texts(nlp, [Document(id="t", text=text)]))
    assert top_event(extract_events(adoc, rule_tables)).acled_sub_type is None
    top = top_event(extract_events(adoc, resources.events))
    assert top.type in {"THREATEN", "REQUEST"} and top.acled_sub_type == "Other"


@pytest.mark.parametrize(("text", "expected"), [
    ("Rebel commanders accused the army of dropping barrels filled with chlorine on the village of Northtown, "
     "injuring dozens of residents.", "Chemical weapon"),
    ("Opposition groups accused security forces of shooting dead four demonstrators during a march in "
     "Strelsau on Sunday.", "Excessive force against protesters"),
])
def test_violence_the_classifier_is_sure_of_outranks_the_accusation_about_it(resources, text, expected, nlp):
    """An ACLED coder records the attack, not the accusation (before: the ACCUSE event ranked first)."""
    top = _top(resources, text, nlp)
    assert (top.type, top.acled_sub_type) == ("ASSAULT", expected)


def test_a_concession_keeps_its_rank_over_the_violence_in_its_clause(resources, nlp):
    top = _top(resources, "The rebels said they would free 12 soldiers whom they had abducted in an ambush in March.", nlp)
    assert top.type == "CONCEDE"


def _script():
    spec = importlib.util.spec_from_file_location("train_event_types", ROOT / "scripts" / "train_event_types.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_training_is_reproducible_and_the_dev_split_fixed(tmp_path):
    script = _script()
    rows = [("zzpassault zzmaerial warplane bomb market", "Air/drone strike"),
            ("zzpprotest march peacefully wage", "Peaceful protest"),
            ("zzpcoerce police arrest man", "Arrests"),
            ("football team win cup", NONE)] * 3
    first, second = script.train(rows, epochs=3), script.train(rows, epochs=3)
    probe = ["warplane bomb", "police arrest", "cup final"]
    assert [d.cats for d in first.pipe(probe)] == [d.cats for d in second.pipe(probe)]
    assert script.is_dev("same text") == script.is_dev("same text")
    corpus = script.read_rows(ROOT / "corpora" / "acled_types" / "train.tsv")
    dev_share = sum(script.is_dev(t) for t, _ in corpus) / len(corpus)
    assert 0.15 < dev_share < 0.25
    assert {y for _, y in corpus} == set(load_acled_kinds()) | {NONE}


def test_a_paragraph_without_words_is_no_event_and_never_reaches_the_classifier():
    from newsledger.events.types import classify, load_event_typer

    cats = classify(load_event_typer(), ["", "   ", "protesters clashed with police"])
    assert cats[0] == cats[1] == {"NONE": 1.0}
    assert len(cats[2]) > 1 and abs(sum(cats[2].values()) - 1) < 1e-3


def test_the_hand_written_corpus_covers_every_sub_type_and_stays_apart_from_the_templates():
    script = _script()
    path = ROOT / "corpora" / "acled_types" / "handwritten.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == ["text", "label", "country", "style"]
    rows = [line.split("\t") for line in lines[1:]]
    assert all(len(r) == 4 and r[0].strip() for r in rows)
    counts = {label: sum(r[1] == label for r in rows) for label in [*load_acled_kinds(), NONE]}
    assert set(counts) == {r[1] for r in rows}
    assert min(n for label, n in counts.items() if label != NONE) >= 60 and counts[NONE] >= 120
    assert len({r[2] for r in rows}) >= 25
    templates = {t for t, _ in script.read_rows(ROOT / "corpora" / "acled_types" / "train.tsv")}
    assert not templates & {r[0] for r in rows}
    read = script.read_corpora([ROOT / "corpora" / "acled_types" / "train.tsv", path])
    assert sum(hand for _, _, hand in read) == len(rows)


def test_the_dev_report_scores_each_class():
    script = _script()
    table, weighted, acc = script.per_class(["A", "A", "B", "C"], ["A", "B", "B", "C"])
    assert table["A"] == (1.0, 0.5, pytest.approx(2 / 3), 2) and table["B"][:2] == (0.5, 1.0)
    assert weighted == pytest.approx((2 / 3 * 2 + 2 / 3 + 1) / 4) and acc == 0.75


def test_the_independent_writers_sets_cover_every_label_and_share_no_text():
    script = _script()
    folder = ROOT / "corpora" / "acled_types" / "independent"
    paths = sorted(folder.glob("writer_*.tsv"))
    assert len(paths) == 12 and set(paths) <= set(script.CORPORA)  # the shipped model reads them all
    heldout = sorted((folder / "heldout").glob("writer_*.tsv"))
    assert len(heldout) == 6 and not set(heldout) & set(script.CORPORA)  # ... and never these
    paths += heldout
    seen = {t for t, _ in script.read_rows(ROOT / "corpora" / "acled_types" / "train.tsv")}
    seen |= {t for t, _ in script.read_rows(ROOT / "corpora" / "acled_types" / "handwritten.tsv")}
    labels = set(load_acled_kinds()) | {NONE}
    for path in paths:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0].split("\t") == ["text", "label", "country", "style"]
        rows = [line.split("\t") for line in lines[1:]]
        assert all(len(r) == 4 and r[0].strip() for r in rows), path.name
        counts = {label: sum(r[1] == label for r in rows) for label in labels}
        assert {r[1] for r in rows} == labels and min(counts.values()) >= 12 and counts[NONE] >= 40, path.name
        texts = {r[0] for r in rows}
        assert len(texts) == len(rows) and not texts & seen, path.name
        seen |= texts


def test_the_classifier_keeps_its_training_words_so_a_memory_zone_makes_none_again(typer):
    from newsledger.events.types import MODEL_DIR, WORDS_FILE
    from newsledger.lexicon import data_path

    words = (data_path(MODEL_DIR) / WORDS_FILE).read_text(encoding="utf-8").split()
    assert len(words) > 1000 and "zzpassault" in words
    known = " ".join(words[:50])
    size = len(typer.vocab)
    with typer.memory_zone():
        typer.tokenizer(known)
        assert len(typer.vocab) == size  # no word described afresh
        typer.tokenizer("qqzxunseenword")
        assert len(typer.vocab) == size + 1


def test_a_warmed_classifier_scores_as_a_cold_one(typer):
    from newsledger.events.types import MODEL_DIR
    from newsledger.lexicon import data_path

    cold = spacy.load(data_path(MODEL_DIR))
    texts = ["zzpassault zzmaerial warplane strike market zzegpe", "police arrest zze0 protester", "al-shabaab u.s. 0,0"]
    assert classify(typer, texts) == classify(cold, texts)
