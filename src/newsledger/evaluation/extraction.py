"""Article-body extraction scored the way scrapinghub's article-extraction-benchmark scores it.

The benchmark (github.com/scrapinghub/article-extraction-benchmark, `evaluate.py`)
compares texts as multisets of shingles: `\\w+` tokens (Unicode), joined into
overlapping 4-grams. Per document, true positives, false positives and false
negatives are counted over shingles and normalised to sum to one, so long
articles weigh no more than short ones. Precision is the mean of per-document
precision over documents with something predicted; recall the mean of
per-document recall over documents with something to find; F1 is the harmonic
mean of those two means. Accuracy is the share of documents whose token lists
match exactly. On the benchmark's own `output/trafilatura.json` this gives its
published figures (F1 0.958, precision 0.938, recall 0.978).
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from newsledger.prepare.clean import Cleaned, clean_html
from newsledger.errors import GoldError, InputError

SHINGLE_SIZE = 4
_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class DocScore:
    """Shingle counts of one document, normalised to sum to one, and its accuracy."""

    doc_id: str
    tp: float
    fp: float
    fn: float
    exact: bool

    @property
    def precision(self) -> float:
        """Per-document precision, with the benchmark's conventions for empty texts."""
        return _ratio(self.tp, self.fp, self.fn, self.fp)

    @property
    def recall(self) -> float:
        """Per-document recall, with the benchmark's conventions for empty texts."""
        return _ratio(self.tp, self.fp, self.fn, self.fn)


@dataclass(frozen=True)
class ExtractionScore:
    """Macro-averaged precision, recall and F1 over the benchmark's documents."""

    precision: float
    recall: float
    f1: float
    n_docs: int
    accuracy: float = 0.0
    seconds: float = 0.0
    per_doc: tuple[DocScore, ...] = ()


def tokenize(text: str) -> list[str]:
    """Split text into the benchmark's tokens: runs of Unicode word characters."""
    return _TOKEN.findall(text or "")


def shingles(text: str, n: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Count the overlapping n-token shingles of a text (one short shingle if fewer tokens)."""
    tokens = tokenize(text)
    grams = (tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))
    return Counter(g for g in grams if g)


def score_document(doc_id: str, true: str, pred: str) -> DocScore:
    """Compare one predicted article body with the true one."""
    gold, guess = shingles(true), shingles(pred)
    tp = sum((gold & guess).values())
    fp = sum(guess.values()) - tp
    fn = sum(gold.values()) - tp
    total = tp + fp + fn
    if total:
        tp, fp, fn = tp / total, fp / total, fn / total
    return DocScore(doc_id, tp, fp, fn, exact=tokenize(true) == tokenize(pred))


def aggregate(scores: Iterable[DocScore], seconds: float = 0.0) -> ExtractionScore:
    """Average per-document scores the benchmark's way.

    Args:
        scores: one score per document.
        seconds: how long the extraction took, carried into the result.

    Returns:
        Mean precision (over documents with a prediction), mean recall (over
        documents with a true body), their harmonic mean, and exact-match accuracy.
    """
    docs = tuple(scores)
    precisions = [d.precision for d in docs if d.tp + d.fp > 0]
    recalls = [d.recall for d in docs if d.tp + d.fn > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = statistics.mean(float(d.exact) for d in docs) if docs else 0.0
    return ExtractionScore(precision, recall, f1, len(docs), accuracy, seconds, docs)


def evaluate_extraction(
    bench_dir: Path,
    clean_fn: Callable[[str], Cleaned] = clean_html,
    workers: int = 1,
) -> ExtractionScore:
    """Score an HTML cleaner on the article-extraction benchmark.

    Args:
        bench_dir: the benchmark folder, holding `ground-truth.json` and `html/<id>.html.gz`.
        clean_fn: the cleaner under test; takes decoded HTML and returns `Cleaned`.
            It must be a module-level function when `workers` > 1.
        workers: processes to run the cleaner in; 1 runs it in this process.

    Returns:
        Precision, recall, F1, accuracy, the number of documents, the seconds
        the extraction took and the per-document scores.

    Raises:
        InputError: the folder, the ground truth or a page is missing.
        GoldError: the ground truth is not the benchmark's JSON shape.
    """
    truth = _read_truth(bench_dir)
    ids = sorted(truth)
    paths = [_page_path(bench_dir, doc_id) for doc_id in ids]
    started = time.perf_counter()
    texts = _run(paths, clean_fn, workers)
    seconds = time.perf_counter() - started
    scores = [score_document(i, truth[i], text) for i, text in zip(ids, texts)]
    return aggregate(scores, seconds)


def _read_truth(bench_dir: Path) -> dict[str, str]:
    path = bench_dir / "ground-truth.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(f"no ground truth at {path}") from exc
    except json.JSONDecodeError as exc:
        raise GoldError(f"{path} is not JSON: {exc}") from exc
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise GoldError(f"{path} must map item ids to objects with 'articleBody'")
    return {key: str(value.get("articleBody") or "") for key, value in data.items()}


def _page_path(bench_dir: Path, doc_id: str) -> Path:
    path = bench_dir / "html" / f"{doc_id}.html.gz"
    if not path.is_file():
        raise InputError(f"benchmark page missing: {path}")
    return path


def _extract_page(path: Path, clean_fn: Callable[[str], Cleaned]) -> str:
    """Decode one gzipped page (the benchmark stores them as UTF-8) and clean it."""
    html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
    return clean_fn(html).text


def _run(paths: list[Path], clean_fn: Callable[[str], Cleaned], workers: int) -> list[str]:
    job = partial(_extract_page, clean_fn=clean_fn)
    if workers <= 1:
        return [job(p) for p in paths]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(job, paths, chunksize=4))


def _ratio(tp: float, fp: float, fn: float, miss: float) -> float:
    """The benchmark's precision_score / recall_score: tp / (tp + miss), with its edge cases."""
    if fp == fn == 0:
        return 1.0
    if tp == miss == 0:
        return 0.0
    return tp / (tp + miss)
