"""Score ACLED types on real text: the PLOVER gold sentences whose PLOVER type maps clearly to ACLED.

The mapping follows the ontology's notes (../shared/ONTOLOGY.md): an ASSAULT is one of ACLED's three
types of political violence (Battles, Explosions/Remote violence, Violence against civilians); a
PROTEST is a Protest or a Riot; an AGREE sentence that names a ceasefire or truce is an Agreement; a
COERCE sentence that names an arrest or detention is an Arrest. Other sentences are left out: their
ACLED reading depends on what the gold does not record. A sentence scores when its top ACLED event
(as `newsledger eval-events` reads a snippet) falls in the gold's mapped set.

Usage: PYTHONPATH=src python scripts/eval_plover_acled.py ../shared/eval/plover_gsr
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from newsledger.analysis import analyze
from newsledger.evaluation.plover import load_plover, top_event
from newsledger.records import RawDocument
from newsledger.resources import Resources

VIOLENCE = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
_CEASEFIRE = re.compile(r"\b(?:cease-?fire|truce|armistice)", re.I)
_ARREST = re.compile(r"\b(?:arrest|detain|detention)", re.I)


def mapped(plover_type: str, text: str) -> tuple[str, frozenset[str]] | None:
    """The ACLED class name and the ACLED types or sub-types that are right for a gold sentence, if clear."""
    if plover_type == "ASSAULT":
        return "political violence", VIOLENCE
    if plover_type == "PROTEST":
        return "Protests or Riots", frozenset({"Protests", "Riots"})
    if plover_type == "AGREE" and _CEASEFIRE.search(text):
        return "Agreement", frozenset({"Agreement"})
    if plover_type == "COERCE" and _ARREST.search(text):
        return "Arrests", frozenset({"Arrests"})
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="the PLOVER gold folder or file")
    args = parser.parse_args()
    resources = Resources()
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for record in load_plover(args.path):
        target = mapped(record.type, record.text)
        if target is None:
            continue
        name, accepted = target
        records = analyze(RawDocument(content=record.text, format="text", source_path=f"{record.id}.txt"), resources)
        top = top_event([e for e in records.events if e.acled_sub_type])
        total[name] += 1
        right[name] += top is not None and (top.acled_type in accepted or top.acled_sub_type in accepted)
    for name in total:
        print(f"{name:20} {right[name]:4}/{total[name]:<4} {right[name] / total[name]:.3f}")
    print(f"{'all':20} {sum(right.values()):4}/{sum(total.values()):<4} {sum(right.values()) / sum(total.values()):.3f}")


if __name__ == "__main__":
    main()
