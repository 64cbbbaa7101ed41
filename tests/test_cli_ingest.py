from pathlib import Path

from click.testing import CliRunner

from newsledger.cli import cli
from newsledger.ledger import Ledger

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "karabakh"


def _ingest(args, input=None):
    return CliRunner().invoke(cli, ["ingest", "--quiet", *args], input=input)


def test_seeds_ingest_then_reingest_adds_nothing(tmp_path):
    db = str(tmp_path / "k.db")
    first = _ingest([str(SEEDS), "--db", db])
    assert first.exit_code == 0, first.output
    assert "5 added" in first.output
    second = _ingest([str(SEEDS), "--db", db])
    assert second.exit_code == 0, second.output
    assert "0 added, 5 already in the ledger" in second.output
    with Ledger(db) as ledger:
        assert ledger.stats()["documents"] == 5


def test_bad_inputs_are_reported_and_the_rest_ingested(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Shelling killed two civilians in the town on Monday, officials said.\n")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x89PNG\r\n\x1a\n" * 20)
    (folder / "empty.txt").write_text("")
    (folder / "zero.html").write_bytes(b"")
    (folder / "cp1252.txt").write_bytes("Le caf\xe9 a \x93ferm\xe9\x94 apr\xe8s les frappes.".encode("latin-1"))
    (folder / "feed.jsonl").write_text(
        '{"text": "Five soldiers were wounded near the border.", "title": "A"}\n'
        '{"text": "broken line", \n'
        '{"text": "Aid convoys reached the city on Tuesday.", "title": "B"}\n'
    )
    db = str(tmp_path / "b.db")
    result = _ingest([str(folder), "--db", db])
    assert result.exit_code == 1, result.output
    assert "4 added" in result.output
    for name in ("binary.txt", "empty.txt", "zero.html", "feed.jsonl:2"):
        assert name in result.output, name
    with Ledger(db) as ledger:
        texts = [d.text for d in ledger.documents()]
    assert any("café a “fermé”" in t for t in texts)


def test_stdin_is_read(tmp_path):
    db = str(tmp_path / "s.db")
    result = _ingest(["-", "--db", db], input="Two journalists were detained in the capital on Friday.\n")
    assert result.exit_code == 0, result.output
    assert "1 added" in result.output


def test_missing_path_fails_with_exit_1(tmp_path):
    result = _ingest([str(tmp_path / "nope.txt"), "--db", str(tmp_path / "n.db")])
    assert result.exit_code == 1
    assert "nope.txt" in result.output
