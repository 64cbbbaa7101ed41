"""The read commands a newcomer meets first: documents, stats, claims, titles, outlets, one contradiction count."""

import re
import pytest
from click.testing import CliRunner

from newsledger.cli import cli
from newsledger.ledger import Ledger
from newsledger.linking import link
from newsledger.views import count_contradictions

@pytest.fixture
def sample_db(seeded_db):
    return seeded_db


def _run(*args):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_documents_lists_ids_dates_outlets_titles_and_counts(sample_db):
    out = _run("documents", "--db", sample_db)
    rows = [line for line in out.splitlines() if line.startswith("doc_")]
    assert len(rows) == 5 and out.rstrip().endswith("5 documents")
    dates = [re.search(r"  (\d{4}-\d\d-\d\d)", row).group(1) for row in rows]
    assert dates == sorted(dates), "oldest first"
    assert all(re.search(r"\d+ figures, \d+ claims, \d+ events", line) for line in out.splitlines()[1::2][:5])
    for row in rows:  # every document has a title, never its id
        doc_id, rest = row.split("  ", 1)
        assert doc_id not in rest and len(rest.split("  ", 2)[-1]) > 10


def test_documents_filters_by_outlet_and_dates(sample_db):
    vg = _run("documents", "--outlet", "vg", "--db", sample_db)
    assert vg.rstrip().endswith("2 documents") and all("  VG  " in r for r in vg.splitlines() if r.startswith("doc_"))
    later = _run("documents", "--from", "2023-01-01", "--db", sample_db)
    assert later.rstrip().endswith("1 documents") and "2023-09" in later
    page = _run("documents", "--limit", "2", "--offset", "1", "--db", sample_db)
    assert page.rstrip().endswith("2-3 of 5 documents")


def test_an_unnamed_outlet_is_said_plainly(sample_db):
    out = _run("documents", "--db", sample_db)
    assert "outlet not stated" in out and "None" not in out and "unknown outlet" not in out


def test_stats_opens_with_what_an_analyst_asks(sample_db):
    out = _run("stats", "--db", sample_db)
    assert re.search(r"documents\s+5, published 2020-09-\d\d to 2023-09-\d\d", out)
    assert re.search(r"outlets\s+4: VG \(2\)", out)
    assert re.search(r"episodes\s+2 \(4 stories\)", out)
    assert re.search(r"contradictions [1-9]\d* pairs of claims", out)
    assert "figures" in out.splitlines()[-1]


def test_claims_print_their_evidence_sentence(sample_db):
    out = _run("claims", "--stance", "deny", "--db", sample_db)
    assert "«Turkey has denied it»" in out


def test_one_contradiction_count_for_link_stats_and_contradictions(sample_db):
    pairs = int(re.search(r"(\d+) contradicting claim pairs", _run("contradictions", "--db", sample_db)).group(1))
    stats = int(re.search(r"contradictions (\d+) pairs", _run("stats", "--db", sample_db)).group(1))
    linked = _run("link", "--full", "--db", sample_db)
    reported = int(re.search(r"(\d+) contradictions", linked).group(1))
    with Ledger(sample_db) as ledger:
        stored = count_contradictions(ledger.claims())
        assert link(ledger, full=True).contradictions == stored
    assert pairs == stats == reported == stored > 0


def test_stories_are_named_from_their_documents(sample_db):
    out = _run("stories", "--db", sample_db)
    for line in out.splitlines():
        if line.startswith("epi_"):
            title = line.split("  ", 3)[3].strip()
            assert title and "untitled" not in title and not title.startswith(("doc_", "sto_"))


def test_the_dashboard_shows_the_same_contradiction_count(sample_db):
    from fastapi.testclient import TestClient

    from newsledger.web import create_app

    pairs = int(re.search(r"(\d+) contradicting claim pairs", _run("contradictions", "--db", sample_db)).group(1))
    page = TestClient(create_app(sample_db)).get("/").text
    assert re.search(rf"<strong>{pairs}</strong> contradicting claim pairs", page)
