"""Bad input never crashes a batch and never writes partial records.

Property-based tests over the readers, the cleaning stage and the per-document
pipeline, on random and mutated inputs (the seed articles cut, spliced, sprinkled
with odd characters, numbers and markup). `benchmarks/fuzz.py` runs the same idea
for minutes at a time.
"""

from __future__ import annotations

import gzip
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsledger.prepare.clean import clean
from newsledger.errors import LedgerError
from newsledger.ledger import Ledger
from newsledger.analysis import DocFailure, analyze_batch
from newsledger.resources import Resources
from newsledger.read.files import ReadFailure, read_file
from newsledger.records import DocRecords, RawDocument

SEEDS = sorted((Path(__file__).parents[1] / "examples" / "karabakh").glob("*.txt"))
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in SEEDS]
ODD = ["\x00", "\x1b[0m", "\u2028", "\u202e", "\u200b", "\ufeff", "\u0301", "\r", "\t", "\xa0", "&amp;", "&#0;",
       "]]>", "<!--", "<", ">", "&", '"', "\U0001f4a5", "\x85", "\ud7ff"]
NUMBERS = ["at least 10,000,000,000 people were killed", "1e309 injured", "-5 civilians died", "31/02/2020",
           "between 7 and 3 were wounded", "9" * 60, "killed on 0000-00-00", "dozens of hundreds", "½ died"]
TAGS = ["<p>", "</p>", "<div>", "</div>", "<b>", "<br>", "<script>", "</script>", "<table><tr><td>", "<!--", "-->",
        "<![CDATA[", "<html>", "</body>", "<a href='x'>", "<title>", "<li>", "<h1>", "</h1>", "<svg>", "&nbsp;"]


@st.composite
def mutated_seed(draw: st.DrawFn, max_chars: int = 3000) -> str:
    """A slice of a seed article with a few insertions, cuts and repetitions."""
    text = draw(st.sampled_from(SEED_TEXTS))
    start = draw(st.integers(0, max(0, len(text) - 200)))
    text = text[start : start + max_chars]
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(text)))
        piece = draw(st.sampled_from(ODD) | st.sampled_from(NUMBERS) | st.sampled_from(TAGS) | st.text(max_size=20))
        text = text[:at] + piece + text[at:]
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    if draw(st.booleans()) and "\n" in text:
        lines = text.split("\n")
        i = draw(st.integers(0, len(lines) - 1))
        text = "\n".join(lines[:i] + [lines[i]] * draw(st.integers(2, 30)) + lines[i + 1 :])
    return text


html_soup = st.lists(st.sampled_from(TAGS) | st.sampled_from(ODD) | st.text(max_size=30), max_size=60).map("".join)


def spans_quote_their_document(records: DocRecords) -> bool:
    text = records.document.text
    for group in (records.mentions, records.figures, records.claims, records.events):
        for record in group:
            evidence = record.evidence if isinstance(record.evidence, tuple) else (record.evidence,)
            for span in evidence:
                if span.doc_id == records.document.id and text[span.start : span.end] != span.text:
                    return False
    return True


# --- readers ------------------------------------------------------------------


def feed(kind: str, text: str) -> bytes:
    from xml.sax.saxutils import escape

    body = escape("".join(f"<p>{line}</p>" for line in text.split("\n")))
    if kind == "rss":
        return f"<rss version='2.0'><channel><title>W</title><item><title>T</title><description>{body}</description></item></channel></rss>".encode(
            "utf-8", "replace"
        )
    return f"<feed xmlns='http://www.w3.org/2005/Atom'><title>A</title><entry><title>T</title><content type='html'>{body}</content></entry></feed>".encode(
        "utf-8", "replace"
    )


def warc(text: str, compress: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    body = f"<html><body><p>{text}</p></body></html>".encode("utf-8", "replace")
    writer.write_record(writer.create_warc_record("https://example.org/a", "response", payload=io.BytesIO(body), http_headers=headers))
    return buffer.getvalue()


WRAPPERS = {
    ".rss": lambda t: feed("rss", t),
    ".atom": lambda t: feed("atom", t),
    ".xml": lambda t: feed("rss", t),
    ".warc": lambda t: warc(t, False),
    ".warc.gz": lambda t: warc(t, True),
    ".jsonl": lambda t: (json.dumps({"text": t}) + "\n" + json.dumps({"body": t[::-1]})).encode(),
    ".jsonl.gz": lambda t: gzip.compress((json.dumps({"text": t}) + "\n").encode()),
    ".json": lambda t: json.dumps([{"text": t, "title": t[:40]}]).encode(),
    ".csv": lambda t: ("title,text\n" + json.dumps(t[:30]) + "," + json.dumps(t) + "\n").encode("utf-8", "replace"),
    ".html": lambda t: f"<html><body><article><p>{t}</p></article></body></html>".encode("utf-8", "replace"),
    ".txt": lambda t: t.encode("utf-8", "replace"),
}


@given(
    mutated_seed(800),
    st.sampled_from(sorted(WRAPPERS)),
    st.sampled_from(["none", "cut", "bytes", "flip", "utf-16", "cp1252"]),
    st.integers(0, 2**32 - 1),
)
@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
def test_readers_return_documents_or_failures_for_mutated_files(text, suffix, damage, seed):
    data = WRAPPERS[suffix](text)
    at = seed % (len(data) + 1)
    if damage == "cut":
        data = data[:at]
    elif damage == "bytes":
        data = data[:at] + seed.to_bytes(4, "little") * 3 + data[at:]
    elif damage == "flip" and data:
        data = data[: at % len(data)] + bytes([data[at % len(data)] ^ 0x55]) + data[at % len(data) + 1 :]
    elif damage in ("utf-16", "cp1252"):
        data = data.decode("utf-8", "replace").encode(damage, "replace")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        items = list(read_file(path))
    assert items and all(isinstance(i, (RawDocument, ReadFailure)) for i in items)
    for doc in items:
        if isinstance(doc, RawDocument):
            assert doc.content.strip() and doc.id  # the id hashes UTF-8: no lone surrogates


# --- cleaning -----------------------------------------------------------------


@given(mutated_seed())
@hsettings(max_examples=150, deadline=None)
def test_cleaning_text_keeps_only_lines_of_the_input(text):
    cleaned = clean(RawDocument(text, "text"))
    source_lines = {line.strip() for line in text.splitlines()}
    assert all(line in source_lines for line in cleaned.text.split("\n") if line)
    assert all(line in source_lines for line in cleaned.removed)


@given(html_soup | mutated_seed().map(lambda t: f"<html><body>{t}</body></html>"))
@hsettings(max_examples=80, deadline=None)
def test_cleaning_html_never_raises(html):
    cleaned = clean(RawDocument(html, "html"))
    assert isinstance(cleaned.text, str) and all(isinstance(line, str) for line in cleaned.removed)


# --- the per-document pipeline ------------------------------------------------


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources()


@given(st.lists(st.tuples(mutated_seed(1500), st.sampled_from(["text", "html"])), min_size=1, max_size=3))
@hsettings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_a_batch_of_mutated_documents_is_analysed_and_stored_whole(resources, batch):
    raws = [RawDocument(text, fmt) for text, fmt in batch]
    results = analyze_batch(raws, resources)
    assert len(results) == len(raws)
    assert all(isinstance(r, (DocRecords, DocFailure)) for r in results)
    records = [r for r in results if isinstance(r, DocRecords)]
    assert all(spans_quote_their_document(r) for r in records)
    with Ledger() as ledger:
        added = ledger.add_many(records)
        assert added == len({r.document.id for r in records})
        assert ledger.stats()["documents"] == added
        assert ledger.integrity() == []


def test_a_failed_batch_leaves_the_ledger_untouched(make_records):
    good = make_records(suffix=" First.")
    bad = make_records(suffix=" Second.")
    figure = bad.figures[0]
    broken = type(figure)(**{**figure.__dict__, "evidence": type(figure.evidence)(bad.document.id, 0, 5, "wrong")})
    bad = DocRecords(bad.document, bad.mentions, (broken,), bad.claims, bad.events)
    with Ledger() as ledger:
        with pytest.raises(LedgerError):
            ledger.add_many([good, bad])
        assert ledger.stats()["documents"] == 0 and ledger.integrity() == []


def test_documents_of_every_shape_in_one_batch(resources):
    raws = [
        RawDocument("", "text"),
        RawDocument("<p></p>" * 50, "html"),
        RawDocument("12 " * 3000, "text"),
        RawDocument("<div>" * 3000 + "Shelling killed 3 people." + "</div>" * 3000, "html"),
        RawDocument(SEED_TEXTS[0], "text"),
    ]
    results = analyze_batch(raws, resources)
    assert [type(r).__name__ for r in results][:2] == ["DocFailure", "DocFailure"]
    assert isinstance(results[-1], DocRecords) and results[-1].figures


def test_a_text_longer_than_the_parser_takes_fails_alone(resources):
    long_text = "Fighting continued near the town. " * 32_000
    results = analyze_batch([RawDocument(long_text, "text"), RawDocument(SEED_TEXTS[0], "text")], resources)
    assert isinstance(results[0], DocFailure) and isinstance(results[1], DocRecords)
    assert "too long" in results[0].reason


def test_an_html_page_over_the_limit_is_refused_before_cleaning(resources):
    page = "<html><body><article>" + "<p>Shelling hit the town again.</p>" * 40 + "</article></body></html>"
    small = Resources(resources.settings.with_(max_html_chars=len(page) - 1))
    results = analyze_batch([RawDocument(page, "html"), RawDocument(SEED_TEXTS[0], "text")], small)
    assert isinstance(results[0], DocFailure) and "max_html_chars" in results[0].reason
    assert isinstance(results[1], DocRecords)
    assert isinstance(analyze_batch([RawDocument(page, "html")], resources)[0], DocRecords)
