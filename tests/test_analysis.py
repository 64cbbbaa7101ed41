"""The per-document pipeline: batches analysed in order, failures in place, memory flat over a stream."""

from __future__ import annotations

import gc
import random
import string

from spacy.tokens import Doc

from newsledger.analysis import DocFailure, analyze_batch
from newsledger.records import DocRecords, RawDocument


def _article(rng: random.Random) -> str:
    """A conflict report naming people and places no vocabulary has seen."""
    names = ["".join(rng.choices(string.ascii_lowercase, k=9)).capitalize() for _ in range(12)]
    return (
        f"Fighters attacked the village of {names[0]} on Monday, killing 4 civilians, officials said. "
        f"Commander {names[1]} {names[2]} told reporters that troops clashed with militants near {names[3]}. "
        + " ".join(f"{n} was shelled." for n in names[4:])
    )


def test_batches_keep_order_and_failures_in_place(resources):
    raws = [
        RawDocument(content="Troops shelled the town of Avdiivka on Monday, killing 3 civilians, officials said.", format="text"),
        RawDocument(content="", format="text"),
        RawDocument(content="Police arrested 12 protesters in Yerevan on Tuesday, the ministry said.", format="text"),
    ]
    results = analyze_batch(raws, resources)
    assert [type(r) for r in results] == [DocRecords, DocFailure, DocRecords]
    assert "Avdiivka" in results[0].document.text and "Yerevan" in results[2].document.text


def test_new_words_do_not_stay_in_the_vocabulary(resources):
    """A stream of unseen names leaves the model's string store as it found it (spaCy's memory zone)."""
    rng = random.Random(3)
    analyze_batch([RawDocument(content=_article(rng), format="text")], resources)  # lazy tables built
    strings = len(resources.nlp.vocab.strings)
    typer_strings = len(resources.events.typer.vocab.strings)
    for _ in range(3):
        results = analyze_batch([RawDocument(content=_article(rng), format="text") for _ in range(4)], resources)
        assert all(isinstance(r, DocRecords) and r.events for r in results)
    assert len(resources.nlp.vocab.strings) == strings
    assert len(resources.events.typer.vocab.strings) == typer_strings


def test_parses_are_freed_without_the_cyclic_collector(resources):
    """Nothing of a batch's parses outlives it by a reference cycle (with the collector off, a cycle
    would keep every `Doc` and its arrays until Python happens to run a full collection)."""
    rng = random.Random(5)
    analyze_batch([RawDocument(content=_article(rng), format="text")], resources)  # lazy tables built

    def parses() -> int:
        return sum(1 for o in gc.get_objects() if isinstance(o, Doc))

    gc.collect()
    gc.disable()
    try:
        before = parses()
        for _ in range(3):
            analyze_batch([RawDocument(content=_article(rng), format="text") for _ in range(4)], resources)
        after = parses()
    finally:
        gc.enable()
    assert after - before < 4
