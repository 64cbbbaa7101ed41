"""Write a pattern-held-out split (train.tsv, test.tsv) to a folder: every fifth pattern of each label is
kept out of training, so the test part measures phrasings the model never saw (the hash dev split of
train.tsv shares patterns with its train part). Used to choose the thresholds of event_types.py:

    python scripts/acled_corpus/template_split.py /tmp/split
    PYTHONPATH=src python scripts/train_event_types.py --corpus /tmp/split/train.tsv --all --out /tmp/split/model
    # then score /tmp/split/test.tsv with that model (evaluation.events.evaluate_events, Resources.events.typer)
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_train import COUNTRIES, TEMPLATES, expand  # noqa: E402


def main(out: Path) -> None:
    """Write the two parts."""
    rng = random.Random(99)
    parts: dict[str, list[tuple[str, str]]] = {"train": [], "test": []}
    for label, templates in TEMPLATES.items():
        for k, template in enumerate(templates):
            held = k % 5 == 2
            n = 4 if held else (12 if label == "NONE" else 6)
            for country in random.Random(k).sample(list(COUNTRIES), n):
                parts["test" if held else "train"].append((expand(template, rng, country), label))
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in parts.items():
        (out / f"{name}.tsv").write_text("".join(f"{t}\t{y}\n" for t, y in rows), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
