"""Measure the relevance gate on a labelled corpus: recall and precision on conflict articles.

Usage: PYTHONPATH=src python scripts/eval_gate.py corpora/relevance/heldout.jsonl [--threshold 0.5] [--misses]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from newsledger.prepare.relevance import load_gate, score
from newsledger.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="+", type=Path, help="JSONL files with text and label (conflict|other)")
    parser.add_argument("--threshold", type=float, default=Settings().gate_threshold)
    parser.add_argument("--misses", action="store_true", help="list conflict articles below and others above")
    args = parser.parse_args()
    gate = load_gate()
    rows = [json.loads(line) for path in args.corpus for line in path.read_text(encoding="utf-8").splitlines() if line]
    scored = [(score(gate, row["text"]), row) for row in rows]
    conflict = [s for s, row in scored if row["label"] == "conflict"]
    passed = [row for s, row in scored if s >= args.threshold]
    true_pos = sum(1 for row in passed if row["label"] == "conflict")
    result = {
        "documents": len(rows),
        "conflict": len(conflict),
        "threshold": args.threshold,
        "recall": round(true_pos / len(conflict), 4) if conflict else None,
        "precision": round(true_pos / len(passed), 4) if passed else None,
        "passed": len(passed),
        "lowest_conflict_score": min(conflict, default=None),
    }
    print(json.dumps(result, indent=2))
    if args.misses:
        for s, row in sorted(scored, key=lambda item: item[0]):
            wrong = (row["label"] == "conflict") != (s >= args.threshold)
            if wrong:
                print(f"{s:.3f} {row['label']:8} {row['style']:10} {row['topic']:16} {row['text'].splitlines()[0][:70]}")


if __name__ == "__main__":
    main()
