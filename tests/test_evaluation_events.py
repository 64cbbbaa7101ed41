"""The ACLED sub-type scorer: reading a corpus, per-class scores, weighted F1, confusion, the command."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from newsledger.cli import cli
from newsledger.errors import GoldError
from newsledger.evaluation.events import load_corpus, predicted_sub_type, score
from newsledger.records import DocRecords, Document, Event, Span


def test_per_class_scores_weighted_f1_and_confusion():
    gold = ["Armed clash", "Armed clash", "Arrests", "NONE"]
    pred = ["Armed clash", "Arrests", "Arrests", "Armed clash"]
    result = score(gold, pred)
    by = {c.label: c for c in result.per_class()}
    assert by["Armed clash"].precision == pytest.approx(0.5) and by["Armed clash"].recall == pytest.approx(0.5)
    assert by["Arrests"].precision == pytest.approx(0.5) and by["Arrests"].recall == pytest.approx(1.0)
    assert by["Arrests"].f1 == pytest.approx(2 / 3)
    assert by["NONE"].f1 == 0.0 and by["NONE"].support == 1
    # weighted by gold support: (0.5 * 2 + 2/3 * 1 + 0 * 1) / 4
    assert result.weighted_f1 == pytest.approx((1.0 + 2 / 3) / 4)
    assert result.accuracy == pytest.approx(0.5)
    assert result.confusion() == {"Armed clash": {"Armed clash": 1, "Arrests": 1}, "Arrests": {"Arrests": 1},
                                  "NONE": {"Armed clash": 1}}
    assert result.labels[-1] == "NONE" and result.labels.count("NONE") == 1


def test_score_refuses_lists_of_different_lengths():
    with pytest.raises(ValueError):
        score(["Attack"], [])


def test_load_corpus_skips_header_ignores_extra_columns(tmp_path):
    path = tmp_path / "c.tsv"
    path.write_text("text\tlabel\tcountry\n"
                    "Gunmen abducted two traders.\tAbduction/forced disappearance\tRuritania\n\n"
                    "The rains came early.\tNONE\n", encoding="utf-8")
    assert load_corpus(path) == [("Gunmen abducted two traders.", "Abduction/forced disappearance"),
                                 ("The rains came early.", "NONE")]
    path.write_text("Police arrested four men.\tArrests\n", encoding="utf-8")  # no header
    assert load_corpus(path) == [("Police arrested four men.", "Arrests")]


def test_load_corpus_rejects_a_row_without_label(tmp_path):
    path = tmp_path / "c.tsv"
    path.write_text("just text\n", encoding="utf-8")
    with pytest.raises(GoldError):
        load_corpus(path)


def test_prediction_is_the_sub_type_of_the_most_confident_acled_event():
    def event(i: int, sub: str | None, conf: float) -> Event:
        return Event(f"e{i}", ("d",), (Span("d", i, i + 1, "x"),), "ASSAULT", "asserted",
                     acled_sub_type=sub, confidence=conf)

    doc = Document(id="d", text="x" * 10)
    assert predicted_sub_type(DocRecords(doc, (), (), (), (event(0, "Armed clash", 0.5), event(3, "Grenade", 0.8)))) == "Grenade"
    # an event ACLED does not code (an accusation, a meeting) never hides one it does
    assert predicted_sub_type(DocRecords(doc, (), (), (), (event(0, None, 0.9), event(3, "Grenade", 0.8)))) == "Grenade"
    assert predicted_sub_type(DocRecords(doc, (), (), (), (event(0, None, 0.9),))) == "NONE"
    assert predicted_sub_type(DocRecords(doc, (), (), (), ())) == "NONE"


def test_eval_events_command_prints_scores_and_confusion(tmp_path):
    path = tmp_path / "c.tsv"
    path.write_text("Police in Northtown arrested twelve men suspected of smuggling weapons on Monday.\tArrests\n"
                    "The two football teams clashed in a thrilling cup final in Strelsau.\tNONE\n", encoding="utf-8")
    out = tmp_path / "s.json"
    result = CliRunner().invoke(cli, ["eval-events", str(path), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 snippets: weighted F1" in result.output and "Arrests" in result.output
    assert '"weighted_f1"' in out.read_text(encoding="utf-8")
