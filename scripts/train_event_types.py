"""Train the ACLED sub-type classifier shipped in src/newsledger/data/event_types_textcat/.

spaCy `textcat` (exclusive classes: 25 ACLED sub-types and NONE) with a bag-of-words model over
unigrams and bigrams of what `event_types.features` reads of each snippet (lemmas, word classes and
modes of the event lexicon, trigger and rule-event types: each snippet is parsed by the pinned
pipeline and run through the rules), trained on the train part of corpora/acled_types/train.tsv (made from templates),
handwritten.tsv (written by hand, one snippet at a time) and independent/writer_*.tsv (twelve writers
who never saw the rest; see independent/README.md for which were held out when). The dev part (a fifth, chosen by a hash
of the text, so the split never changes) is held out for model selection and reported per class,
over all dev rows and over the hand-written ones alone (template text is easy); `--all` trains on
both once choices are made; `--model DIR` only scores an existing model on the dev part.
Fixed seed, one thread: the same corpus gives the same model. Beside it goes `words.txt`, the words of
the training features (seen at least twice, most frequent first), which the loader makes lasting
vocabulary entries (`events.types._warm`); `--model DIR --words` writes it for an existing model.

    PYTHONPATH=src python scripts/train_event_types.py [--corpus PATH ...] [--out DIR] [--epochs N]
        [--limit N] [--all] [--write-dev PATH] [--model DIR [--words]]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from collections import Counter
from pathlib import Path

import spacy
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

from newsledger.events.extract import extract_events
from newsledger.events.types import NONE, WORDS_FILE, features, load_acled_kinds
from newsledger.nlp import analyze_texts
from newsledger.records import Document
from newsledger.resources import Resources
from newsledger.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
CORPORA = (ROOT / "corpora" / "acled_types" / "train.tsv", ROOT / "corpora" / "acled_types" / "handwritten.tsv",
           *sorted((ROOT / "corpora" / "acled_types" / "independent").glob("writer_*.tsv")))
OUT = ROOT / "src" / "newsledger" / "data" / "event_types_textcat"
SEED = 15
BOW = {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 2,
       "no_output_layer": False, "length": 2**15}



def read_rows(path: Path) -> list[tuple[str, str]]:
    """(text, label) rows of a corpus TSV; a header row is skipped."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) >= 2 and fields[1] != "label" and fields[0].strip():
            rows.append((fields[0], fields[1]))
    return rows


def is_dev(text: str) -> bool:
    """The dev fifth: decided by a hash of the text alone."""
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % 5 == 0


def featurise(texts: list[str], resources: Resources) -> list[str]:
    """What the classifier reads of each snippet, as in use (rules only: `resources` without the classifier)."""
    tables = resources.events
    docs = [Document(id=f"train-{i}", text=t) for i, t in enumerate(texts)]
    return [features(adoc.doc.sents, extract_events(adoc, tables), tables.lexicon)
            for adoc in analyze_texts(resources.nlp, docs)]


def train(rows: list[tuple[str, str]], epochs: int, ngrams: int = 2) -> spacy.language.Language:
    """A blank English pipeline with a textcat trained on (features, label) rows."""
    fix_random_seed(SEED)
    labels = [*load_acled_kinds(), NONE]
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat", config={"model": {**BOW, "ngram_size": ngrams}})
    for label in labels:
        textcat.add_label(label)
    examples = [Example.from_dict(nlp.make_doc(t), {"cats": {k: float(k == y) for k in labels}})
                for t, y in rows]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(SEED)
    for _ in range(epochs):
        rng.shuffle(examples)
        for batch in minibatch(examples, size=16):
            nlp.update(batch, sgd=optimizer, drop=0.2)
    return nlp


def write_words(seen: list[str], out: Path, least: int = 2) -> int:
    """Write the words of the featurised texts `seen` met at least `least` times, most frequent first."""
    counts = Counter(word for text in seen for word in text.split())
    words = sorted((w for w, n in counts.items() if n >= least), key=lambda w: (-counts[w], w))
    (out / WORDS_FILE).write_text("".join(f"{w}\n" for w in words), encoding="utf-8")
    return len(words)


def predict(nlp: spacy.language.Language, texts: list[str]) -> list[str]:
    """The top label of each (featurised) text."""
    return [max(d.cats, key=d.cats.get) for d in nlp.pipe(texts)]


def per_class(gold: list[str], guess: list[str]) -> tuple[dict[str, tuple[float, float, float, int]], float, float]:
    """(precision, recall, F1, support) per gold label, weighted F1 and accuracy."""
    hits = Counter(g for g, p in zip(gold, guess, strict=True) if g == p)
    support, guessed = Counter(gold), Counter(guess)
    table = {}
    for label in sorted(support):
        prec = hits[label] / guessed[label] if guessed[label] else 0.0
        rec = hits[label] / support[label]
        table[label] = (prec, rec, 2 * prec * rec / (prec + rec) if prec + rec else 0.0, support[label])
    weighted = sum(f * n for _, _, f, n in table.values()) / max(len(gold), 1)
    return table, weighted, sum(hits.values()) / max(len(gold), 1)


def report(name: str, gold: list[str], guess: list[str]) -> str:
    """A per-class table of one dev subset."""
    table, weighted, acc = per_class(gold, guess)
    lines = [f"{name}: {len(gold)} rows, accuracy {acc:.3f}, weighted F1 {weighted:.3f}",
             f"  {'label':<38} {'P':>5} {'R':>5} {'F1':>5} {'n':>4}"]
    lines += [f"  {label:<38} {p:5.2f} {r:5.2f} {f:5.2f} {n:4d}" for label, (p, r, f, n) in table.items()]
    return "\n".join(lines)


def read_corpora(paths: list[Path]) -> list[tuple[str, str, bool]]:
    """(text, label, hand-written) rows of several corpus TSVs; rows of train.tsv are the template ones."""
    return [(t, y, path.name != "train.tsv") for path in paths for t, y in read_rows(path)]


def main(argv: list[str] | None = None) -> None:
    """Train, report dev accuracy, save."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, nargs="+", default=list(CORPORA))
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--ngrams", type=int, default=2, help="longest word n-gram the model reads")
    ap.add_argument("--limit", type=int, default=0, help="train on the first N train rows only (tests)")
    ap.add_argument("--all", action="store_true", help="train on the dev part too")
    ap.add_argument("--write-dev", type=Path, help="write the dev part as a TSV (for newsledger eval-events)")
    ap.add_argument("--model", type=Path, help="score this trained model on the dev part; train nothing")
    ap.add_argument("--words", action="store_true", help="with --model: write its words file from the training rows")
    args = ap.parse_args(argv)
    rows = read_corpora(args.corpus)
    dev = [r for r in rows if is_dev(r[0])]
    train_rows = [(t, y) for t, y, _ in (rows if args.all else [r for r in rows if not is_dev(r[0])])]
    if args.limit:
        train_rows = train_rows[: args.limit]
    if args.write_dev:
        args.write_dev.write_text("".join(f"{t}\t{y}\n" for t, y, _ in dev), encoding="utf-8")
    began = time.perf_counter()
    parser = Resources(Settings(event_classifier=False))
    if args.model:
        nlp = spacy.load(args.model)
        if args.words:
            count = write_words(featurise([t for t, _ in train_rows], parser), args.model)
            print(f"wrote {count} words to {args.model / WORDS_FILE}", file=sys.stderr)
    else:
        seen = featurise([t for t, _ in train_rows], parser)
        nlp = train(list(zip(seen, (y for _, y in train_rows), strict=True)), args.epochs, args.ngrams)
        nlp.to_disk(args.out)
        write_words(seen, args.out)
        size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
        took = time.perf_counter() - began
        print(f"trained on {len(train_rows)} rows in {took:.1f} s (parsing included); model {size / 1e6:.2f} MB at {args.out}",
              file=sys.stderr)
    if not args.limit:
        guess = predict(nlp, featurise([t for t, _, _ in dev], parser))
        print(report("dev, all", [y for _, y, _ in dev], guess), file=sys.stderr)
        hand = [(y, g) for (_, y, h), g in zip(dev, guess, strict=True) if h]
        if hand:
            print(report("dev, hand-written only", [y for y, _ in hand], [g for _, g in hand]), file=sys.stderr)


if __name__ == "__main__":
    main()
