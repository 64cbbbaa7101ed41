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


def _articles(folder, n):
    for i in range(n):
        (folder / f"a{i}.txt").write_text(f"Report {i}\n\nHeavy clashes resumed near town number {i}, the ministry said.\n")
    return str(folder)


class _CountingLedger:
    """A ledger that counts its write transactions (`add_many` calls) and the documents in each."""

    def __init__(self):
        self.ledger = Ledger(":memory:")
        self.stores: list[int] = []

    def add_many(self, batch):
        batch = list(batch)
        self.stores.append(len(batch))
        return self.ledger.add_many(batch)

    def __getattr__(self, name):
        return getattr(self.ledger, name)


def test_analysed_documents_are_stored_several_batches_a_transaction(tmp_path, resources):
    counting = _CountingLedger()
    settings = resources.settings.with_(batch_size=1, store_docs=2, workers=1)
    report = ingest([_articles(tmp_path, 5)], counting, Resources(settings), link_after=False)
    assert report.added == 5 and counting.stores == [2, 2, 1]
    assert counting.ledger.stats()["documents"] == 5


def test_documents_analysed_before_a_failing_batch_are_stored(tmp_path, resources):
    from newsledger.engines import InProcess

    class FailsOnThird(InProcess):
        def map_batches(self, items):
            for n, done in enumerate(super().map_batches(items)):
                if n == 2:
                    raise RuntimeError("worker lost")
                yield done

    ledger = Ledger(":memory:")
    settings = resources.settings.with_(batch_size=1, store_docs=10)
    with pytest.raises(RuntimeError, match="worker lost"):
        ingest([_articles(tmp_path, 5)], ledger, Resources(settings), engine=FailsOnThird(resources))
    assert ledger.stats()["documents"] == 2  # held, not yet stored, when the third batch failed
