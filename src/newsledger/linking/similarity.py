"""Similarity of documents for story grouping: TF-IDF vectors, cosines, and an inverted index.

Words and entity features are weighed by tf-idf. The idf is that of the documents linked
together, or a frozen `Idf` (stored by the last full link) so that an incremental link
weighs words exactly as a full link with that idf would.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
import numpy as np

from .summary import DocSummary

ENTITY_WEIGHT = 2.0
_SHOWN = 5


@dataclass(frozen=True)
class Idf:
    """Document frequencies of the terms of `n` documents: what tf-idf weighs words with.

    A term the frequencies do not know weighs as if one document had it (the rarest
    weight): a new place or name is the most telling feature a new document has.
    """

    df: Mapping[str, int]
    n: int

    @classmethod
    def of(cls, docs: Sequence[DocSummary]) -> Idf:
        """The document frequencies of `docs`."""
        return cls(Counter(term for doc in docs for term, _ in doc.terms), len(docs))

    def weight(self, term: str) -> float:
        """The smoothed inverse document frequency of a term."""
        return math.log(1 + self.n / self.df.get(term, 1))


Vector = Mapping[str, float]


def tfidf_vectors(docs: Sequence[DocSummary], idf: Idf | None = None) -> dict[str, Vector]:
    """Return a unit TF-IDF vector per document id.

    Args:
        docs: the documents to weigh.
        idf: the document frequencies to weigh words with; by default those of `docs`
            themselves (smoothed idf, so two documents still weigh words). An incremental
            link passes the frozen idf of the last full link.
    """
    idf = idf or Idf.of(docs)
    vectors: dict[str, Vector] = {}
    for doc in docs:
        raw = {}
        for term, count in doc.terms:
            tf = 1 + math.log(count)
            if ":" in term:  # actor, place and event features
                tf *= ENTITY_WEIGHT
            raw[term] = tf * idf.weight(term)
        vectors[doc.id] = _unit(raw)
    return vectors


def cosine(a: Vector, b: Vector) -> float:
    """Return the dot product of two unit vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(term, 0.0) for term, weight in a.items())


def _unit(vector: Mapping[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {k: v / norm for k, v in vector.items()} if norm else {}


def shared_features(a: Vector, b: Vector) -> str:
    """The strongest shared features, grouped, for explanations."""
    groups: dict[str, list[str]] = {}
    for _, term in sorted(((-a[t] * b[t], t) for t in a.keys() & b.keys())):
        label, name = _label(term)
        if len(groups.setdefault(label, [])) < _SHOWN:
            groups[label].append(name)
    return "; ".join(f"shared {label} {{{', '.join(names)}}}" for label, names in groups.items()) or "nothing shared"


def _label(term: str) -> tuple[str, str]:
    for prefix, label in (("actor:", "actors"), ("place:", "places"), ("event:", "events")):
        if term.startswith(prefix):
            return label, term[len(prefix):]
    return "words", term



class SimilarityIndex:
    """Cosines of one document with all others at once, through an inverted index of their terms.

    The terms most documents share ("said", "forces") would make every document's scores
    walk most of the index: their weights are held as one dense matrix instead, which scores
    `BATCH` documents at once (one matrix product), in the order `expect` announces. The
    sums run in another order than `cosine`, so scores may differ from it in the last bits;
    `_best_story` uses them only to pick the members worth an exact `cosine`.
    """

    BATCH = 64
    DENSE_SHARE = 0.05  # a term in at least this share of the documents is held densely...
    DENSE_CELLS = 4_000_000  # ...as long as the matrix stays within this many cells (32 MB)

    def __init__(self, docs: Sequence[DocSummary], vectors: Mapping[str, Vector]) -> None:
        """Index the vectors of `docs` (positions follow the order of `docs`)."""
        self.position = {d.id: i for i, d in enumerate(docs)}
        self.ids = [d.id for d in docs]
        self.vectors = vectors
        rows: dict[str, list[int]] = {}
        weights: dict[str, list[float]] = {}
        for i, doc in enumerate(docs):
            for term, weight in vectors[doc.id].items():
                rows.setdefault(term, []).append(i)
                weights.setdefault(term, []).append(weight)
        n = len(docs)
        common = sorted((t for t in rows if len(rows[t]) >= max(2, n * self.DENSE_SHARE)),
                        key=lambda t: (-len(rows[t]), t))[:self.DENSE_CELLS // max(n, 1)]
        self.dense_column = {t: k for k, t in enumerate(common)}
        self.dense = np.zeros((len(common), n))  # term by document
        for t, k in self.dense_column.items():
            self.dense[k, rows[t]] = weights[t]
        self.postings = {t: (np.array(rows[t], dtype=np.int64), np.array(weights[t]))
                         for t in rows if t not in self.dense_column}
        self._order: dict[str, int] = {}
        self._ahead: list[str] = []
        self._scored: dict[str, np.ndarray] = {}

    def expect(self, doc_ids: Sequence[str]) -> None:
        """Announce the order in which `scores` will be asked for, so that documents are scored in batches."""
        self._ahead = list(doc_ids)
        self._order = {d: i for i, d in enumerate(self._ahead)}
        self._scored = {}

    def scores(self, doc_id: str) -> np.ndarray:
        """The approximate cosine of the document with every indexed document, by position."""
        if doc_id not in self._scored:
            at = self._order.get(doc_id)
            batch = [doc_id] if at is None else self._ahead[at:at + self.BATCH]
            self._scored = dict(zip(batch, self._score(batch)))
        return self._scored[doc_id]

    def _score(self, doc_ids: Sequence[str]) -> np.ndarray:
        """Scores of several documents: one row each."""
        query = np.zeros((len(doc_ids), len(self.dense_column)))
        sparse: list[list[tuple[tuple[np.ndarray, np.ndarray], float]]] = []
        for j, doc_id in enumerate(doc_ids):
            sparse.append([])
            for term, weight in self.vectors[doc_id].items():
                if term in self.dense_column:
                    query[j, self.dense_column[term]] = weight
                elif term in self.postings:
                    sparse[j].append((self.postings[term], weight))
        out = query @ self.dense
        for j, parts in enumerate(sparse):
            if parts:
                rows = np.concatenate([p[0] for p, _ in parts])
                values = np.concatenate([p[1] * w for p, w in parts])
                out[j] += np.bincount(rows, weights=values, minlength=len(self.ids))
        return out
