"""The relevance gate: scoring, its labelled corpus, and gated documents in the pipeline and the ledger."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsledger.cli import cli
from newsledger.errors import FormatError
from newsledger.ledger import Ledger
from newsledger.ledger.contract import validate_export
from newsledger.ledger.export import export
from newsledger.ledger.migrations import MIGRATIONS, apply
from newsledger.linking import link
from newsledger.resources import Resources
from newsledger.analysis import analyze_batch
from newsledger.ingest import analyze_corpus, ingest, reanalyze
from newsledger.records import PublishedDate, RawDocument, as_dict
from newsledger.prepare.relevance import cue_counts, load_gate, score
from newsledger.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpora" / "relevance"
SEEDS = ROOT / "examples" / "karabakh"
THRESHOLD = Settings().gate_threshold

# Invented articles: places and outlets that do not exist.
CONFLICT = (
    "Shelling kills four in Northtown as talks stall\n\n"
    "Artillery shells hit a market in Northtown on Sunday, killing four civilians and wounding 11, "
    "the Westland health ministry said. Eastland's army denied targeting civilians and accused "
    "Westland troops of violating the ceasefire along the front line.\n"
)
ORDINARY = (
    "Northtown Rovers clash with city rivals in cup battle\n\n"
    "Northtown Rovers fought back from a goal down to beat their city rivals 2-1 in the cup on Saturday, "
    "their coach said the league leaders would face a tougher battle in the semi-final next month.\n"
    # Long enough (gate_min_words) for the gate to judge it rather than analyse it as a brief.
    "The winger who scored the equaliser had only returned from a knee injury a fortnight ago, and the "
    "crowd of nine thousand sang his name long after the final whistle. The club chairman thanked the "
    "supporters who travelled across the county on a cold afternoon and promised a new stand by next season. "
    "Ticket prices for the semi-final will stay the same, the club said, and the youth team will play "
    "its own final on the same ground on Sunday morning. The manager praised the goalkeeper, who saved a "
    "penalty in the first half, and said the squad would rest on Monday before training resumes on "
    "Tuesday. Local businesses reported a busy weekend, with cafes and pubs around the ground full from "
    "lunchtime, and the town council said it would consider a parade if the team went on to win the cup. "
    "The semi-final draw will be made on Thursday evening and shown live on the club's website.\n"
)
SHORT_ORDINARY = "Rovers beat United 2-1 in the county cup on Saturday, their coach said.\n"


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (CORPUS / name).read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def gate():
    return load_gate()


@pytest.fixture(scope="module")
def resources():
    return Resources()


def test_phrases_prefixes_and_actor_names_are_cues(gate):
    counts = cue_counts(gate, "Insurgents and the Russian Defence Ministry: a cease-fire, then air strikes, air strikes.")
    assert counts["insurgen*"] == 1
    assert counts["air strikes"] == 2 and "strikes" not in counts  # the longer phrase wins
    assert counts["cease-fire*"] == 1
    assert counts["russian defence ministry"] == 1  # from the actor dictionary (sector MIL)
    assert cue_counts(gate, "Shops reopened in the Gaza Strip.") == {"gaza strip": 1}  # a gazetteer territory


def test_conflict_scores_above_the_threshold_and_sports_metaphors_below(gate):
    assert score(gate, CONFLICT) >= THRESHOLD
    assert score(gate, ORDINARY) < THRESHOLD
    assert score(gate, "") == 0.0
    assert 0 <= score(gate, CONFLICT * 50) < 1


def test_a_malformed_cue_file_is_refused(tmp_path):
    bad = tmp_path / "cues.tsv"
    bad.write_text("cue\tweight\tgroup\tsource\nshelling\tmany\tviolence\tcurated\n")
    with pytest.raises(FormatError, match="cues.tsv:2"):
        load_gate(bad, actors=(), places=())


def test_corpus_rows_are_labelled_and_the_parts_are_distinct():
    train, heldout = _rows("train.jsonl"), _rows("heldout.jsonl")
    for row in train + heldout:
        assert set(row) == {"text", "label", "style", "topic", "country"}
        assert row["label"] in ("conflict", "other") and len(row["text"].split()) >= 30
    for rows in (train, heldout):
        labels = [row["label"] for row in rows]
        assert labels.count("conflict") >= 40 and labels.count("other") >= 40
    assert not {row["text"] for row in train} & {row["text"] for row in heldout}


def test_heldout_recall_and_the_seeds(gate):
    conflict = [row["text"] for row in _rows("heldout.jsonl") if row["label"] == "conflict"]
    recall = sum(score(gate, text) >= THRESHOLD for text in conflict) / len(conflict)
    assert recall >= 0.98
    seeds = sorted(SEEDS.glob("*.txt"))
    assert len(seeds) == 5
    assert all(score(gate, path.read_text(encoding="utf-8")) >= THRESHOLD for path in seeds)


def test_a_passed_over_document_is_kept_without_records(resources):
    out = analyze_batch([RawDocument(CONFLICT, "text"), RawDocument(ORDINARY, "text")], resources)
    conflict, ordinary = out
    assert conflict.document.analysed and conflict.document.relevance >= THRESHOLD and conflict.figures
    assert not ordinary.document.analysed and ordinary.document.relevance < THRESHOLD
    assert (ordinary.mentions, ordinary.figures, ordinary.claims, ordinary.events) == ((), (), (), ())
    assert "Rovers" in ordinary.document.text


def test_a_brief_is_analysed_whatever_its_score(resources):
    (brief,) = analyze_batch([RawDocument(SHORT_ORDINARY, "text")], resources)
    assert brief.document.relevance < THRESHOLD and brief.document.analysed
    assert len(ORDINARY.split()) >= Settings().gate_min_words > len(SHORT_ORDINARY.split())


def test_the_gate_can_be_turned_off():
    off = Resources(Settings(gate=False))
    (records,) = analyze_batch([RawDocument(ORDINARY, "text")], off)
    assert records.document.analysed and records.document.relevance is None


def test_passed_over_documents_are_searchable_exported_and_counted(tmp_path, resources):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(CONFLICT)
    (tmp_path / "in" / "b.txt").write_text(ORDINARY)
    with Ledger(tmp_path / "l.db") as ledger:
        report = ingest([str(tmp_path / "in")], ledger, resources)
        assert (report.added, report.passed_over) == (2, 1)
        (passed_over,) = ledger.unanalysed_documents()
        assert "Rovers" in passed_over.text and not passed_over.analysed
        assert ledger.document(passed_over.id).relevance == passed_over.relevance
        assert [hit.doc_id for hit in ledger.search("Rovers")] == [passed_over.id]
        assert ledger.unanalysed_documents(min_relevance=0.99) == []
        export(ledger, tmp_path / "out")
    assert validate_export(tmp_path / "out") == []
    docs = [json.loads(line) for line in (tmp_path / "out" / "documents.jsonl").read_text().splitlines()]
    assert sorted(d["analysed"] for d in docs) == [False, True]
    assert all(0 <= d["relevance"] < 1 for d in docs)


def test_reanalyze_gives_the_records_an_ungated_ingest_gives(tmp_path, resources):
    path = tmp_path / "b.txt"
    path.write_text(ORDINARY + "Police said two fans were detained after the match.\n")
    with Ledger(":memory:") as gated, Ledger(":memory:") as plain:
        ingest([str(path)], gated, resources)
        ingest([str(path)], plain, Resources(Settings(gate=False)))
        assert reanalyze(gated, resources).added == 0  # the gate still passes it over
        report = reanalyze(gated, resources, everything=True)
        assert (report.read, report.added) == (1, 1)
        assert gated.unanalysed_documents() == []
        for table in ("mentions", "figures", "claims", "events"):
            assert [as_dict(r) for r in gated.scan(table)] == [as_dict(r) for r in plain.scan(table)], table
        (doc,) = gated.documents()
        assert doc.analysed and doc.relevance is not None and doc.story_id is not None  # linked again


def test_reanalyze_below_lowers_the_bar(tmp_path, resources):
    with Ledger(":memory:") as ledger:
        (tmp_path / "b.txt").write_text(ORDINARY)
        ingest([str(tmp_path / "b.txt")], ledger, resources)
        (doc,) = ledger.unanalysed_documents()
        assert reanalyze(ledger, resources, threshold=doc.relevance + 0.01).added == 0
        assert reanalyze(ledger, resources, threshold=doc.relevance).added == 1


def test_the_seed_records_are_the_same_with_and_without_the_gate():
    gated = analyze_corpus([str(SEEDS)], Resources())
    plain = analyze_corpus([str(SEEDS)], Resources(Settings(gate=False)))
    assert len(gated) == len(plain) == 5
    for with_gate, without in zip(gated, plain, strict=True):
        assert with_gate.document.analysed and with_gate.document.relevance >= THRESHOLD
        assert without.document.relevance is None
        assert replace(with_gate, document=replace(with_gate.document, relevance=None)) == without


def test_the_migration_marks_earlier_documents_analysed(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    apply(conn, MIGRATIONS[:3])
    conn.execute("INSERT INTO documents (id, text, added_at) VALUES ('doc_1', 'Old text.', '2024-01-01')")
    conn.close()
    with Ledger(path) as ledger:
        assert ledger.migrated == ["004_relevance_gate", "005_listings"]
        (doc,) = ledger.documents()
        assert doc.analysed and doc.relevance is None


def test_cli_counts_passed_over_documents_and_reanalyzes(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "b.txt").write_text(ORDINARY)
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", "--quiet", str(tmp_path / "in"), "--db", db])
    assert result.exit_code == 0, result.output
    assert "relevance gate: 1 documents stored not analysed" in result.output
    result = runner.invoke(cli, ["reanalyze", "--db", db, "--all"])
    assert result.exit_code == 0, result.output
    assert "1 documents not analysed: 1 analysed now, 0 still passed over" in result.output
    ungated = runner.invoke(cli, ["ingest", "--quiet", "--no-gate", str(tmp_path / "in"), "--db", str(tmp_path / "d.db")])
    assert ungated.exit_code == 0 and "relevance gate" not in ungated.output


def test_ledger_lists_and_replaces_passed_over_documents(ledger, make_records):
    """Also run on PostgreSQL (imported by test_ledger_postgres)."""
    full = make_records(suffix=" One.")
    kept = make_records(suffix=" Two.")
    bare = replace(full.document, analysed=False, relevance=0.25)
    ledger.add_many([type(full)(bare), replace(kept, document=replace(kept.document, relevance=0.9))])
    assert [d.id for d in ledger.unanalysed_documents()] == [bare.id]
    assert ledger.unanalysed_documents(min_relevance=0.3) == []
    assert ledger.document(bare.id) == bare and ledger.document(kept.document.id).relevance == 0.9
    assert ledger.replace_documents([replace(full, document=replace(bare, analysed=True))]) == 1
    assert ledger.unanalysed_documents() == []
    assert ledger.document(bare.id).analysed and len(ledger.figures(doc_id=bare.id)) == len(full.figures)
    assert len(ledger.events(doc_id=bare.id)) == len(full.events)
    assert ledger.replace_documents([type(full)(bare)]) == 1  # back to bare: its records and events go
    assert ledger.figures(doc_id=bare.id) == [] and ledger.events(doc_id=bare.id) == []
    assert ledger.figures(doc_id=kept.document.id) and ledger.integrity() == []


def test_linking_accepts_a_document_published_before_an_unknown_start(ledger, make_records):
    """An inferred range with an open start ("on or before 29 November 2018") must not overflow the story cutoff."""
    records = make_records(suffix=" Open.")
    published = PublishedDate(None, "2018-11-29", "year", "inferred", ("on or before 29 November 2018",))
    ledger.add_many([replace(records, document=replace(records.document, published=published))])
    ledger.add_many([make_records(suffix=" Dated.")])
    assert link(ledger).stories >= 1
