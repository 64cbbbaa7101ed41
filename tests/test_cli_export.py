import json

from click.testing import CliRunner

from newsledger.cli import cli
from newsledger.ledger.contract import check_spans, validate_record

FILES = ("documents", "mentions", "figures", "claims", "events", "stories", "tallies")


def test_export_jsonl_follows_the_contract(seeded_db, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["export", "--db", seeded_db, "--format", "jsonl", "--out", str(out)])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["format"] == "newsledger-ledger" and manifest["version"] == 1
    for name in FILES:
        lines = (out / f"{name}.jsonl").read_text().splitlines()
        for line in lines:
            assert validate_record(f"{name}.jsonl", json.loads(line)) == []
    docs = [json.loads(x) for x in (out / "documents.jsonl").read_text().splitlines()]
    assert len(docs) == 5
    assert all(d["language"] == "en" and d["removed"] for d in docs)
    assert check_spans(out) == []


def test_export_csv(seeded_db, tmp_path):
    out = tmp_path / "csv"
    result = CliRunner().invoke(cli, ["export", "--db", seeded_db, "--format", "csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "documents.csv").read_text().count("\n") >= 6


def test_show_search_stats(seeded_db):
    runner = CliRunner()
    stats = runner.invoke(cli, ["stats", "--db", seeded_db])
    assert stats.exit_code == 0 and "documents" in stats.output and " 5" in stats.output
    found = runner.invoke(cli, ["search", "Martakert", "--db", seeded_db])
    assert found.exit_code == 0, found.output
    assert "1 documents" in found.output
    doc_id = found.output.split()[0]
    shown = runner.invoke(cli, ["show", doc_id, "--db", seeded_db])
    assert shown.exit_code == 0, shown.output
    assert "Armenpress said seven civilians" in runner.invoke(cli, ["show", doc_id, "--plain", "--db", seeded_db]).output
    assert "  - Please enter your comment!" in shown.output
    assert "⟦C1:⟦" not in shown.output and "⟧⟧" not in shown.output
    table = runner.invoke(cli, ["show", doc_id, "--facts", "--db", seeded_db])
    assert table.exit_code == 0 and "\nC1  " in table.output and "claim" in table.output
    missing = runner.invoke(cli, ["show", "doc_nope", "--db", seeded_db])
    assert missing.exit_code == 1 and "no document" in missing.output


def test_read_commands_refuse_a_missing_ledger(tmp_path):
    result = CliRunner().invoke(cli, ["stats", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 3
    assert "no ledger" in result.output


def test_listings_and_marked_show(seeded_db):
    runner = CliRunner()
    killed = runner.invoke(cli, ["figures", "--kind", "killed", "--group", "civilians", "--db", seeded_db])
    assert killed.exit_code == 0, killed.output
    assert "killed 7 (exact) civilians" in killed.output
    by_reporter = runner.invoke(cli, ["figures", "--reporter", "armenpress", "--db", seeded_db])
    assert "80" in by_reporter.output and "figures" in by_reporter.output.splitlines()[-1]
    denials = runner.invoke(cli, ["claims", "--stance", "deny", "--db", seeded_db])
    assert denials.exit_code == 0 and "Turkey" in denials.output and "contradicts" in denials.output
    doc_id = killed.output.splitlines()[1].split()[0].split("#")[0]
    shown = runner.invoke(cli, ["show", doc_id, "--db", seeded_db])
    assert "⟦F" in shown.output and "⟦C" in shown.output
    plain = runner.invoke(cli, ["show", doc_id, "--plain", "--db", seeded_db])
    assert "⟦" not in plain.output.split("removed (")[0].split("\nF1")[0]


def test_cross_document_listings(seeded_db):
    runner = CliRunner()
    stories = runner.invoke(cli, ["stories", "--db", seeded_db])
    assert stories.exit_code == 0, stories.output
    assert stories.output.count("doc_") == 5
    tallies = runner.invoke(cli, ["tallies", "--db", seeded_db])
    assert tallies.exit_code == 0 and "best" in tallies.output
    conflicts = runner.invoke(cli, ["contradictions", "--db", seeded_db])
    assert conflicts.exit_code == 0, conflicts.output
    assert "Turkey" in conflicts.output and "SU-25" in conflicts.output
