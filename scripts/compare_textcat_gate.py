"""The alternative to the cue gate: a spaCy bag-of-words `textcat` trained on the relevance corpus.

Trains on corpora/relevance/train.jsonl (20 epochs, seed 0) and prints held-out recall and
precision at several thresholds, to compare with `scripts/eval_gate.py`. Nothing is shipped:
at equal held-out recall (1.0) the cue gate is more precise (0.93 against 0.81 at 0.3), so
newsledger uses the cue gate (see `relevance.py`).

Usage: python scripts/compare_textcat_gate.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import spacy
from spacy.training import Example

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "relevance"
TEXTCAT = {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 2,
           "no_output_layer": False}


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (CORPUS / name).read_text(encoding="utf-8").splitlines() if line]


def main() -> None:
    """Train, then print recall and precision on the held-out part."""
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat", config={"model": TEXTCAT})
    for label in ("conflict", "other"):
        textcat.add_label(label)
    examples = [Example.from_dict(nlp.make_doc(row["text"]), {"cats": {
        "conflict": row["label"] == "conflict", "other": row["label"] != "conflict"}}) for row in _rows("train.jsonl")]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(0)
    for _ in range(20):
        rng.shuffle(examples)
        for i in range(0, len(examples), 8):
            nlp.update(examples[i : i + 8], sgd=optimizer, drop=0.2)
    scored = [(nlp(row["text"]).cats["conflict"], row["label"]) for row in _rows("heldout.jsonl")]
    conflict = [s for s, label in scored if label == "conflict"]
    for threshold in (0.5, 0.3, 0.2):
        passed = [label for s, label in scored if s >= threshold]
        recall = sum(s >= threshold for s in conflict) / len(conflict)
        print(f"threshold {threshold}: recall {recall:.3f}, precision {passed.count('conflict') / max(1, len(passed)):.3f}")


if __name__ == "__main__":
    main()
