"""The article-extraction scorer, on hand-made inputs and on the benchmark itself when present."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from newsledger.prepare.clean import Cleaned
from newsledger.errors import GoldError, InputError
from newsledger.evaluation.extraction import (
    aggregate,
    evaluate_extraction,
    score_document,
    shingles,
    tokenize,
)

BENCH = Path(__file__).resolve().parents[2] / "shared" / "eval" / "article_extraction"
# Measured with clean_html: F1 0.9685 (precision 0.9637, recall 0.9733); floor a hair below.
F1_FLOOR = 0.966
# trafilatura 2.0.0 as published in the benchmark's README.
PUBLISHED_TRAFILATURA_F1 = 0.958


def test_tokenize_keeps_unicode_word_runs():
    assert tokenize("Hello, world! 3.5 km — Ünïcode_ok") == ["Hello", "world", "3", "5", "km", "Ünïcode_ok"]
    assert tokenize("") == []


def test_shingles_are_overlapping_four_grams():
    assert shingles("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    assert shingles("a b") == {("a", "b"): 1}
    assert not shingles("...")


def test_identical_texts_score_one():
    doc = score_document("x", "The army said five soldiers died.", "The army said five soldiers died!")
    assert (doc.tp, doc.fp, doc.fn) == (1.0, 0.0, 0.0)
    assert doc.precision == doc.recall == 1.0
    assert doc.exact


def test_counts_are_normalised_per_document():
    doc = score_document("x", "a b c d e", "a b c d")
    assert doc.tp == pytest.approx(0.5) and doc.fn == pytest.approx(0.5) and doc.fp == 0
    assert doc.precision == 1.0 and doc.recall == pytest.approx(0.5)
    assert not doc.exact


def test_extra_text_lowers_precision_only():
    doc = score_document("x", "one two three four", "one two three four five six")
    assert doc.recall == 1.0
    assert doc.precision == pytest.approx(1 / 3)


def test_disjoint_texts_score_zero():
    doc = score_document("x", "one two three four", "five six seven eight")
    assert doc.precision == 0.0 and doc.recall == 0.0


def test_aggregate_averages_per_document_and_skips_empty_predictions_for_precision():
    docs = [
        score_document("a", "one two three four", "one two three four"),
        score_document("b", "one two three four", ""),
    ]
    score = aggregate(docs)
    assert score.precision == 1.0
    assert score.recall == 0.5
    assert score.f1 == pytest.approx(2 / 3)
    assert score.accuracy == 0.5
    assert score.n_docs == 2


def test_aggregate_of_nothing():
    score = aggregate([])
    assert (score.precision, score.recall, score.f1, score.n_docs) == (0.0, 0.0, 0.0, 0)


def _strip_tags(html: str) -> Cleaned:
    return Cleaned(text=re.sub(r"<[^>]+>", " ", html), removed=())


def _write_bench(root: Path, pages: dict[str, tuple[str, str]]) -> Path:
    (root / "html").mkdir(parents=True)
    truth = {}
    for doc_id, (html, body) in pages.items():
        (root / "html" / f"{doc_id}.html.gz").write_bytes(gzip.compress(html.encode("utf-8")))
        truth[doc_id] = {"articleBody": body, "url": f"https://example.com/{doc_id}"}
    (root / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return root


def test_evaluate_extraction_on_a_tiny_bench(tmp_path):
    bench = _write_bench(tmp_path / "bench", {
        "a": ("<p>Rain fell on the town all day.</p>", "Rain fell on the town all day."),
        "b": ("<p>Menu Home</p><p>The bridge was closed for repairs.</p>", "The bridge was closed for repairs."),
    })
    score = evaluate_extraction(bench, clean_fn=_strip_tags)
    assert score.n_docs == 2
    assert score.recall == 1.0
    assert score.precision < 1.0
    assert [d.doc_id for d in score.per_doc] == ["a", "b"]
    assert score.per_doc[0].exact and not score.per_doc[1].exact


def test_missing_bench_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        evaluate_extraction(tmp_path / "nowhere", clean_fn=_strip_tags)


def test_missing_page_is_an_input_error(tmp_path):
    bench = _write_bench(tmp_path / "bench", {"a": ("<p>x</p>", "x")})
    truth = json.loads((bench / "ground-truth.json").read_text())
    truth["b"] = {"articleBody": "y"}
    (bench / "ground-truth.json").write_text(json.dumps(truth))
    with pytest.raises(InputError):
        evaluate_extraction(bench, clean_fn=_strip_tags)


def test_malformed_ground_truth_is_a_gold_error(tmp_path):
    bench = _write_bench(tmp_path / "bench", {"a": ("<p>x</p>", "x")})
    (bench / "ground-truth.json").write_text('["not", "a", "mapping"]')
    with pytest.raises(GoldError):
        evaluate_extraction(bench, clean_fn=_strip_tags)


@pytest.fixture
def bench() -> Path:
    if not (BENCH / "ground-truth.json").is_file():
        pytest.skip(f"article-extraction benchmark not found at {BENCH}")
    return BENCH


def test_scorer_reproduces_the_published_trafilatura_scores(bench):
    truth = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    output = json.loads((bench / "output" / "trafilatura.json").read_text(encoding="utf-8"))
    predicted = output.get("output", output)
    score = aggregate(
        score_document(k, v["articleBody"], predicted[k].get("articleBody") or "") for k, v in truth.items()
    )
    assert (round(score.f1, 3), round(score.precision, 3), round(score.recall, 3)) == (0.958, 0.938, 0.978)


def test_clean_html_beats_the_published_trafilatura_score(bench):
    score = evaluate_extraction(bench, workers=2)
    assert score.n_docs == 181
    assert score.f1 >= F1_FLOOR > PUBLISHED_TRAFILATURA_F1
