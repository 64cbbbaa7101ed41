"""Tests of feeds (RSS, Atom, RDF), WARC archives and URLs as inputs."""

from __future__ import annotations

import gzip
import http.server
import io
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsledger.errors import FormatError, InputError
from newsledger.read.feeds import fragment_text, is_feed
from newsledger.read.files import read_file, read_paths
from newsledger.read.formats import ReadFailure, file_format
from newsledger.read.urls import read_url
from newsledger.records import RawDocument
from newsledger.settings import Settings

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example Wire</title><language>en</language>
<item><title>Shelling in Northtown</title><link>https://example.org/2021/03/07/shelling</link>
<pubDate>Sun, 07 Mar 2021 23:30:00 +0400</pubDate>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>Shelling hit Northtown on Sunday, officials said.</p>
<p>Two people were killed &amp; <b>five</b> injured.<br>More later.</p><script>track()</script>]]></content:encoded>
</item>
<item><title>Talks resume</title><link>https://example.org/talks</link>
<description>Negotiators met in Southport &amp; agreed to meet again.</description></item>
<item><title>Only a title</title><link>https://example.org/empty</link></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
<title>Eastland Monitor</title>
<entry><title>Ceasefire holds</title><link href="https://monitor.example/ceasefire"/>
<updated>2021-03-09T08:00:00+02:00</updated>
<summary>Brief.</summary>
<content type="html">&lt;p&gt;The ceasefire held overnight in Šuša, observers said.&lt;/p&gt;</content></entry>
</feed>
""".encode()

RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://rdf.example/"><title>RDF News</title><link>https://rdf.example/</link></channel>
<item rdf:about="https://rdf.example/1"><title>Aid convoy</title><link>https://rdf.example/1</link>
<dc:date>2021-03-10</dc:date><description>An aid convoy reached the valley.</description></item>
</rdf:RDF>
"""


def docs(items):
    return [i for i in items if isinstance(i, RawDocument)]


def failures(items):
    return [i for i in items if isinstance(i, ReadFailure)]


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


# --- feeds --------------------------------------------------------------------


def test_rss_entries_become_documents_with_feed_metadata(tmp_path):
    path = write(tmp_path, "wire.rss", RSS)
    items = list(read_file(path))
    first, second = docs(items)
    assert first.content == (
        "Shelling hit Northtown on Sunday, officials said.\n\nTwo people were killed & five injured.\nMore later."
    )
    assert (first.format, first.title, first.url) == ("text", "Shelling in Northtown", "https://example.org/2021/03/07/shelling")
    # The entry's own time zone is kept, so the local publication day survives.
    assert first.published == "2021-03-07T23:30:00+04:00"
    assert (first.source_name, first.language, first.source_path) == ("Example Wire", "en", str(path))
    assert second.content == "Negotiators met in Southport & agreed to meet again."
    [empty] = failures(items)
    assert empty.source == f"{path}[entry 2]" and "no content or summary" in empty.reason
    assert empty.code == FormatError.code


def test_atom_content_is_preferred_to_summary_and_updated_dates_it(tmp_path):
    [doc] = list(read_file(write(tmp_path, "monitor.atom", ATOM)))
    assert doc.content == "The ceasefire held overnight in Šuša, observers said."
    assert (doc.title, doc.url, doc.source_name) == ("Ceasefire holds", "https://monitor.example/ceasefire", "Eastland Monitor")
    assert doc.published == "2021-03-09T08:00:00+02:00"


def test_xml_files_are_read_when_their_root_is_a_feed(tmp_path):
    [doc] = list(read_file(write(tmp_path, "rdf.xml", RDF)))
    assert (doc.title, doc.source_name, doc.published) == ("Aid convoy", "RDF News", "2021-03-10T00:00:00")
    [bad] = list(read_file(write(tmp_path, "sitemap.xml", b'<?xml version="1.0"?><urlset><url/></urlset>')))
    assert bad.code == FormatError.code and "not an RSS or Atom feed" in bad.reason


def test_feed_root_sniffing():
    assert is_feed(RSS) and is_feed(ATOM) and is_feed(RDF)
    assert is_feed("\ufeff<!-- c --><!DOCTYPE rss><rss/>".encode("utf-16"))
    assert not is_feed(b"<html><body>rss</body></html>")
    assert not is_feed(b"feed me")


def test_truncated_feed_keeps_whole_entries_and_reports_the_cut(tmp_path):
    cut = RSS[: RSS.index(b"agreed")]
    items = list(read_file(write(tmp_path, "cut.rss", cut)))
    [bad] = failures(items)
    assert bad.code == FormatError.code and bad.reason.startswith("truncated feed")
    assert [d.title for d in docs(items)] == ["Shelling in Northtown"]


@pytest.mark.parametrize("data", [b"", b"\x00\x01binary", b"just some words", b"<rss><channel></channel></rss>"])
def test_unusable_feed_files_are_failures(tmp_path, data):
    [bad] = list(read_file(write(tmp_path, "bad.rss", data)))
    assert isinstance(bad, ReadFailure)


def test_feed_on_stdin_is_sniffed():
    items = list(read_paths(["-"], stdin=io.BytesIO(ATOM)))
    assert [d.title for d in items] == ["Ceasefire holds"]


def test_fragment_text_gives_paragraphs_and_drops_scripts():
    html = "Intro <div>Block one</div><ul><li>a</li><li>b</li></ul>x<br>y<style>p{}</style> &amp; z"
    assert fragment_text(html) == "Intro\n\nBlock one\n\na\n\nb\n\nx\ny & z"
    assert fragment_text("<p>unclosed <b>bold") == "unclosed bold"


# --- WARC ---------------------------------------------------------------------


def warc_bytes(pages: list[tuple[str, str, bytes, str]], compress: bool) -> bytes:
    """A WARC of (url, status, body, content type) responses, plus a request record and a metadata record."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    # Fixed ids and dates (warcio draws random ones): the same bytes every run, so a cut lands in the same place.
    fixed = iter(range(len(pages) + 2))

    def headers_of() -> dict[str, str]:
        return {"WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{next(fixed):012d}>",
                "WARC-Date": "2020-10-02T12:00:00Z"}

    request = io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
    writer.write_record(writer.create_warc_record("https://example.org/", "request", payload=request,
                                                  warc_headers_dict=headers_of()))
    for url, status, body, content_type in pages:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                           warc_headers_dict=headers_of())
        writer.write_record(record)
    writer.write_record(writer.create_warc_record("https://example.org/", "metadata", payload=io.BytesIO(b"x: y"),
                                                  warc_headers_dict=headers_of()))
    return buffer.getvalue()


PAGE = "<html><body><article><p>Сообщение: shelling of Northtown.</p></article></body></html>"
PAGES = [
    ("https://example.org/a", "200 OK", b"<html><body><p>First page.</p></body></html>", "text/html"),
    ("https://example.org/logo.png", "200 OK", b"\x89PNG\r\n\x1a\n\x00", "image/png"),
    ("https://example.org/moved", "301 Moved Permanently", b"<html>moved</html>", "text/html"),
    ("https://example.org/b", "200 OK", PAGE.encode("cp1251"), "text/html; charset=windows-1251"),
]


@pytest.mark.parametrize("compress", [False, True])
def test_warc_html_responses_become_documents(tmp_path, compress):
    path = write(tmp_path, "crawl.warc.gz" if compress else "crawl.warc", warc_bytes(PAGES, compress))
    items = list(read_file(path))
    assert not failures(items)
    first, second = items
    assert (first.format, first.url, first.source_path) == ("html", "https://example.org/a", str(path))
    assert first.content == "<html><body><p>First page.</p></body></html>"
    # The charset comes from the HTTP header; WARC-Date (the crawl) is not a publication date.
    assert second.content == PAGE and second.published is None


def test_warc_files_are_found_in_folders(tmp_path):
    write(tmp_path, "crawl.warc.gz", warc_bytes(PAGES[:1], True))
    write(tmp_path, "other.gz", b"ignored")
    assert [d.url for d in read_paths([str(tmp_path)])] == ["https://example.org/a"]
    assert file_format("X.WARC.GZ") == "warc" and file_format("a.gz") is None


@pytest.mark.parametrize("compress", [False, True])
def test_truncated_warc_reads_the_pages_before_the_cut(tmp_path, compress):
    data = warc_bytes(PAGES[:1] + PAGES[3:] + PAGES[:1], compress)
    cut = data[: data.rindex(b"First page") if not compress else len(data) - 300]
    items = list(read_file(write(tmp_path, "cut.warc", cut)))
    [bad] = failures(items)
    assert bad.reason.startswith("truncated WARC") and bad.code == FormatError.code
    assert [d.url for d in docs(items)][:2] == ["https://example.org/a", "https://example.org/b"]


@pytest.mark.parametrize("data", [b"", b"not a warc\n\nat all", gzip.compress(b"hello"), b"\x1f\x8b\x08garbage"])
def test_corrupt_warc_is_one_failure(tmp_path, data):
    [bad] = list(read_file(write(tmp_path, "bad.warc", data)))
    assert isinstance(bad, ReadFailure) and bad.code == FormatError.code


def test_warc_page_over_the_limit_fails_alone(tmp_path):
    big = ("https://example.org/big", "200 OK", b"<p>" + b"x" * 5000 + b"</p>", "text/html")
    path = write(tmp_path, "mixed.warc", warc_bytes([big, PAGES[0]], False))
    items = list(read_file(path, Settings(max_input_bytes=1000)))
    assert [d.url for d in docs(items)] == ["https://example.org/a"]
    [bad] = failures(items)
    assert bad.source == f"{path}[https://example.org/big]" and "over the limit of 1000 bytes" in bad.reason


def test_warc_without_pages_is_reported(tmp_path):
    [bad] = list(read_file(write(tmp_path, "images.warc", warc_bytes(PAGES[1:2], False))))
    assert bad.reason == "no HTML pages in the WARC file"


# --- URLs ---------------------------------------------------------------------

ROUTES = {
    "/page": (200, "text/html; charset=windows-1251", PAGE.encode("cp1251")),
    "/feed": (200, "application/rss+xml", RSS),
    "/api": (200, "application/json", b'[{"text": "From the API.", "title": "T"}]'),
    "/image": (200, "image/png", b"\x89PNG\r\n\x1a\n"),
    "/big": (200, "text/plain", b"x" * 2000),
}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        if self.path == "/slow":
            time.sleep(1.5)
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/page")
            self.end_headers()
            return
        status, content_type, body = ROUTES.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the reader refused the body after its headers

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_page_keeps_its_final_url_and_header_charset(server):
    [doc] = list(read_paths([f"{server}/redirect"]))
    assert (doc.format, doc.content, doc.url, doc.source_path) == ("html", PAGE, f"{server}/page", f"{server}/redirect")


def test_url_feed_and_json(server):
    items = list(read_paths([f"{server}/feed", f"{server}/api"]))
    assert [d.title for d in docs(items)] == ["Shelling in Northtown", "Talks resume", "T"]
    assert docs(items)[0].source_path == f"{server}/feed"


def test_url_failures_are_reported(server):
    missing, image, big = read_paths([f"{server}/missing", f"{server}/image", f"{server}/big"], Settings(max_input_bytes=1000))
    assert missing == ReadFailure(f"{server}/missing", "HTTP error 404: Not Found", InputError.code)
    assert image.reason == "unsupported content type 'image/png'"
    assert big.reason == "too large (2000 bytes > limit of 1000 bytes)"


def test_url_timeout_and_unreachable_host(server):
    [slow] = list(read_url(f"{server}/slow", 1000, timeout=0.3))
    assert slow.reason.startswith("cannot fetch") and "timed out" in slow.reason
    [closed] = list(read_paths(["http://127.0.0.1:9/nothing"]))
    assert closed.reason.startswith("cannot fetch")
