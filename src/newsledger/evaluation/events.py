"""Score ACLED sub-types on a corpus of snippets: per-class P/R/F1, weighted F1, confusion matrix.

A corpus is a TSV of `text<TAB>ACLED sub-type` (`NONE` for a non-event; more columns are
ignored; a first row whose second field is `label` is a header). Each snippet runs through the
per-document pipeline (`analysis.analyze_batch`, the real system with its resources); the
prediction is the sub-type of its top ACLED event (of the events that carry an ACLED sub-type, the
most confident, then the first: the event an ACLED coder would pick), `NONE` when none carries one.
Events without an ACLED sub-type (a meeting, an accusation, a statement of support) are not what
ACLED codes, so they never hide one that is: "Foro Penal denounced the forced disappearance of a
union leader" is coded as the disappearance. Paragraphs the classifier reads as non-events carry
no ACLED sub-type (`events.types.retype`), so a non-event still reads `NONE`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import GoldError
from ..records import DocRecords, RawDocument
from .plover import top_event

NONE = "NONE"


@dataclass(frozen=True)
class ClassScore:
    """Precision, recall and F1 of one label, with its gold support."""

    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class EventTypeScore:
    """Gold and predicted labels of a corpus, and the scores drawn from them."""

    gold: tuple[str, ...]
    predicted: tuple[str, ...]

    @property
    def labels(self) -> list[str]:
        """Every label seen in gold or prediction, NONE last."""
        every = set(self.gold) | set(self.predicted)
        return sorted(every - {NONE}) + ([NONE] if NONE in every else [])

    def per_class(self) -> list[ClassScore]:
        """Scores of each label (F1 0 where a label is never predicted or never gold)."""
        pairs = Counter(zip(self.gold, self.predicted, strict=True))
        gold_n, pred_n = Counter(self.gold), Counter(self.predicted)
        out = []
        for label in self.labels:
            hits = pairs[(label, label)]
            p = hits / pred_n[label] if pred_n[label] else 0.0
            r = hits / gold_n[label] if gold_n[label] else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            out.append(ClassScore(label, p, r, f, gold_n[label]))
        return out

    @property
    def weighted_f1(self) -> float:
        """F1 of each gold label weighted by its support (scikit-learn's 'weighted' average)."""
        total = len(self.gold)
        return sum(c.f1 * c.support for c in self.per_class()) / total if total else 0.0

    @property
    def accuracy(self) -> float:
        """Share of snippets whose prediction is the gold label."""
        return sum(g == p for g, p in zip(self.gold, self.predicted, strict=True)) / len(self.gold) if self.gold else 0.0

    def confusion(self) -> dict[str, dict[str, int]]:
        """gold label → predicted label → count (only non-zero cells)."""
        out: dict[str, dict[str, int]] = {}
        for (g, p), n in sorted(Counter(zip(self.gold, self.predicted, strict=True)).items()):
            out.setdefault(g, {})[p] = n
        return out

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready summary."""
        return {
            "snippets": len(self.gold),
            "weighted_f1": round(self.weighted_f1, 4),
            "accuracy": round(self.accuracy, 4),
            "per_class": {c.label: {"precision": round(c.precision, 4), "recall": round(c.recall, 4),
                                    "f1": round(c.f1, 4), "support": c.support} for c in self.per_class()},
            "confusion": self.confusion(),
        }


def load_corpus(path: Path) -> list[tuple[str, str]]:
    """(text, label) rows of a corpus TSV.

    Raises:
        GoldError: the file cannot be read or a row has fewer than two fields.
    """
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"cannot read corpus {path}: {exc}") from exc
    rows = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) < 2:
            raise GoldError(f"{path}:{n}: expected text<TAB>label")
        if n == 1 and fields[1].strip().lower() == "label":
            continue
        rows.append((fields[0].strip(), fields[1].strip() or NONE))
    return rows


def predicted_sub_type(records: DocRecords | Any) -> str:
    """The ACLED sub-type of a document's top ACLED event; NONE without one (or for a failed document)."""
    top = top_event([e for e in getattr(records, "events", ()) if e.acled_sub_type])
    return (top.acled_sub_type if top is not None else None) or NONE


def score(gold: Sequence[str], predicted: Sequence[str]) -> EventTypeScore:
    """Scores of predicted labels against gold ones (same order, same length)."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels, {len(predicted)} predictions")
    return EventTypeScore(tuple(gold), tuple(predicted))


def evaluate_events(path: Path, resources: Any = None, batch: int = 32) -> EventTypeScore:
    """Run every snippet of a corpus through the pipeline and score its top event's ACLED sub-type.

    Args:
        path: the corpus TSV.
        resources: loaded `Resources` to reuse; loaded here when None.
        batch: snippets analysed at once.
    """
    from ..resources import Resources  # the pipeline imports the evaluation's siblings
    from ..analysis import analyze_batch  # the pipeline imports the evaluation's siblings

    rows = load_corpus(path)
    resources = resources or Resources()
    predicted: list[str] = []
    for at in range(0, len(rows), batch):
        raws = [RawDocument(content=text, format="text") for text, _ in rows[at:at + batch]]
        predicted += [predicted_sub_type(r) for r in analyze_batch(raws, resources)]
    return score([label for _, label in rows], predicted)
