import pytest

from newsledger.errors import InputError
from newsledger.ledger import Ledger
from newsledger.resources import Resources
from newsledger.analysis import analyze, analyze_batch
from newsledger.ingest import batched, ingest
from newsledger.analysis import DocFailure
from newsledger.records import DocRecords, RawDocument

ARTICLE = (
    "Clashes resume near the border\n\n"
    "[ad_1]\n\n"
    "Heavy clashes resumed overnight near the border town, the defence ministry said on Friday.\n\n"
    "Please enter your comment!\n"
)


@pytest.fixture(scope="module")
def resources():
    return Resources()


def test_analyze_cleans_and_describes(resources):
    records = analyze(RawDocument(content=ARTICLE, format="text", source_path="a.txt"), resources)
    doc = records.document
    assert "[ad_1]" in doc.removed and "[ad_1]" not in doc.text
    assert "Heavy clashes resumed overnight" in doc.text
    assert doc.language == "en"
    assert doc.source_path == "a.txt"


def test_analyze_rejects_debris_only_input(resources):
    with pytest.raises(InputError):
        analyze(RawDocument(content="[ad_1]\nPlease enter your comment!\n", format="text"), resources)


def test_batch_keeps_order_and_reports_failures_in_place(resources):
    raws = [
        RawDocument(content="First article about shelling in the north, officials said.", format="text"),
        RawDocument(content="[ad_1]", format="text", source_path="debris.txt"),
        RawDocument(content="Second article about talks in Geneva on Thursday.", format="text"),
    ]
    out = analyze_batch(raws, resources)
    assert isinstance(out[0], DocRecords) and "shelling" in out[0].document.text
    assert isinstance(out[1], DocFailure) and out[1].source == "debris.txt"
    assert isinstance(out[2], DocRecords) and "Geneva" in out[2].document.text


def test_ingest_is_idempotent(tmp_path, resources):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    ledger = Ledger(":memory:")
    first = ingest([str(path), str(path)], ledger, resources)
    assert (first.added, first.already_known, first.ok) == (1, 1, True)
    second = ingest([str(path)], ledger, resources)
    assert (second.added, second.already_known) == (0, 1)


def test_batched():
    assert list(batched(range(5), 2)) == [[0, 1], [2, 3], [4]]
    assert list(batched([], 3)) == []
