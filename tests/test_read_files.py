"""Tests of the reading stage: formats, encodings, bad inputs, stdin, folders."""

from __future__ import annotations

import gzip
import io
import json
import os
import tempfile
from pathlib import Path

import ftfy
import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from newsledger.errors import FormatError, InputError
from newsledger.read.encoding import FTFY_CONFIG, decode, decode_bytes, repair_text
from newsledger.read.files import iter_files, read_file, read_paths
from newsledger.read.formats import ReadFailure, sniff_format
from newsledger.records import RawDocument
from newsledger.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "read"
SEEDS = Path(__file__).parents[1] / "examples" / "karabakh"


def docs(items):
    return [i for i in items if isinstance(i, RawDocument)]


def failures(items):
    return [i for i in items if isinstance(i, ReadFailure)]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# --- formats ------------------------------------------------------------------


def test_text_file_is_read_as_text():
    [doc] = list(read_file(FIXTURES / "article.txt"))
    assert doc.format == "text"
    assert doc.content.startswith("Shelling hit Stepanakert overnight")
    assert doc.source_path == str(FIXTURES / "article.txt")
    assert doc.id.startswith("doc_")


def test_html_file_keeps_markup_for_the_cleaner():
    [doc] = list(read_file(FIXTURES / "article.html"))
    assert doc.format == "html"
    assert "<p>Negotiators met in Moscow on Friday.</p>" in doc.content


@pytest.mark.parametrize("name", ["notes.md", "notes.text", "NOTES", "notes.TXT"])
def test_markdown_plain_and_extensionless_files_are_text(tmp_path, name):
    path = write(tmp_path, name, b"Some article text.\n")
    [doc] = list(read_file(path))
    assert (doc.format, doc.content) == ("text", "Some article text.\n")


def test_json_object_with_aliased_metadata():
    [doc] = list(read_file(FIXTURES / "article.json"))
    assert doc.format == "text"
    assert doc.content == "Heavy fighting broke out along the line of contact on Sunday."
    assert doc.title == "Border clashes reported"
    assert doc.url == "https://example.org/news/border-clashes"
    assert doc.published == "2020-09-27"
    assert doc.source_name == "Example Wire"
    assert doc.language == "en"


def test_json_wrapper_list_reads_each_article_and_reports_the_one_without_body():
    path = FIXTURES / "newsapi.json"
    items = list(read_file(path))
    [doc] = docs(items)
    assert doc.content == "Officials said two villages were shelled."
    assert (doc.source_name, doc.published) == ("Example Times", "2020-10-01T08:00:00Z")
    [bad] = failures(items)
    assert bad.source == f"{path}[articles.1]"
    assert "no article text" in bad.reason
    assert bad.code == FormatError.code


def test_json_list_of_objects_keeps_order(tmp_path):
    records = [{"text": f"Article {i}.", "title": f"T{i}"} for i in range(3)]
    path = write(tmp_path, "list.json", json.dumps(records).encode())
    assert [d.title for d in read_file(path)] == ["T0", "T1", "T2"]


def test_json_body_with_markup_is_html(tmp_path):
    path = write(tmp_path, "wp.json", json.dumps({"content": {"rendered": "<p>Hello <b>there</b></p>"}}).encode())
    [doc] = list(read_file(path))
    assert (doc.format, doc.content) == ("html", "<p>Hello <b>there</b></p>")


def test_malformed_json_gives_parser_message_and_position(tmp_path):
    path = write(tmp_path, "bad.json", b'{"text": "a",\n "title": "b"\n "url": "c"}')
    [bad] = list(read_file(path))
    assert bad.source == str(path)
    assert bad.reason.startswith("invalid JSON at line 3, column 2: Expecting ','")
    assert bad.code == FormatError.code


def test_json_scalar_top_level_is_a_failure(tmp_path):
    [bad] = list(read_file(write(tmp_path, "n.json", b"42")))
    assert "expected an object or a list of objects" in bad.reason


def test_jsonl_reads_each_line_skips_blank_lines_and_reports_missing_body():
    path = FIXTURES / "articles.jsonl"
    items = list(read_file(path))
    assert [type(i).__name__ for i in items] == ["RawDocument", "RawDocument", "ReadFailure", "RawDocument"]
    one, two, _, four = items
    assert (one.title, one.published, one.url) == ("One", "2020-10-03", "https://example.net/1")
    assert (two.format, two.source_name) == ("html", "Example Daily")
    assert (four.content, four.language) == ("The fourth article.", "en")
    assert items[2].source == f"{path}:4"
    assert all(d.source_path == str(path) for d in docs(items))


def test_jsonl_line_in_legacy_encoding_is_decoded_alone(tmp_path):
    good = json.dumps({"text": "plain"}).encode()
    legacy = '{"text": "caf\u00e9 \u201cquoted\u201d article"}'.encode("cp1252")
    path = write(tmp_path, "mixed.jsonl", good + b"\n" + legacy + b"\n")
    assert [d.content for d in read_file(path)] == ["plain", "caf\u00e9 \u201cquoted\u201d article"]


def test_jsonl_non_object_line_is_a_failure(tmp_path):
    path = write(tmp_path, "a.ndjson", b'[1, 2]\n{"text": "ok"}\n')
    first, second = read_file(path)
    assert first.source == f"{path}:1" and "expected an object" in first.reason
    assert second.content == "ok"


def test_csv_rows_with_quotes_multiline_fields_and_row_numbers():
    path = FIXTURES / "articles.csv"
    items = list(read_file(path))
    assert [type(i).__name__ for i in items] == ["RawDocument", "RawDocument", "ReadFailure", "RawDocument"]
    first, multi, empty, last = items
    assert (first.title, first.content, first.source_name) == ("Quoted, title", "First row text.", "Example Post")
    assert multi.content == "Line one.\nLine two."
    assert empty.source == f"{path}:5" and empty.code == FormatError.code
    assert (last.published, last.url) == ("2020-10-07", "https://example.org/4")


def test_csv_without_a_text_column_is_one_failure(tmp_path):
    path = write(tmp_path, "meta.csv", b"title,url\nA,https://x\nB,https://y\n")
    [bad] = list(read_file(path))
    assert bad.source == str(path) and "no article text column" in bad.reason


def test_csv_semicolon_delimiter_and_very_long_field(tmp_path):
    body = "word " * 40_000
    path = write(tmp_path, "long.csv", f"Title;Body\nLong one;{body}\n".encode())
    [doc] = list(read_file(path))
    assert doc.title == "Long one" and len(doc.content) == len(body)


# --- encodings ----------------------------------------------------------------


def test_correct_utf8_passes_through_unchanged(tmp_path):
    text = (
        "He said \u201cno\u201d \u2013 and \u2018maybe\u2019\u2014then left\u2026 "
        "\ufb01nal \uff21 &amp; &lt;b&gt; \u0531\u0580\u0581\u0561\u056d \u018fliyev "
        "\u0428\u0443\u0448\u0430 \u062d\u0644\u0628\u200f \u4e2d\u6587 caf\u00e9 \u00a0x\n"
    )
    path = write(tmp_path, "utf8.txt", text.encode("utf-8"))
    [doc] = list(read_file(path))
    assert doc.content == text
    assert decode_bytes(text.encode("utf-8")) == text
    # A stray terminal escape sends the text through every ftfy fixer; the rest must survive.
    assert decode_bytes(("\x1b[0m" + text).encode("utf-8")) == text


def test_seed_articles_are_read_unchanged():
    items = list(read_paths([str(SEEDS)]))
    assert not failures(items)
    assert len(items) == len(list(SEEDS.glob("*.txt"))) > 0
    for doc in items:
        assert doc.content == Path(doc.source_path).read_text(encoding="utf-8")


def test_cp1252_file_is_decoded():
    assert decode_bytes(b"caf\xe9 \x93quoted\x94") == "caf\u00e9 \u201cquoted\u201d"


def test_utf8_bom_is_stripped_and_mojibake_repaired():
    assert decode_bytes(b"\xef\xbb\xbf" + "don\u00e2\u20ac\u2122t".encode()) == "don\u2019t"


def test_declared_html_charset_is_used(tmp_path):
    html = '<html><head><meta charset="windows-1251"></head><body><p>\u0412\u043e\u0439\u043d\u0430</p></body></html>'
    path = write(tmp_path, "ru.html", html.encode("cp1251"))
    [doc] = list(read_file(path))
    assert doc.content == html


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_are_decoded(codec):
    text = "Shelling in \u0160u\u0161a on 8 October \u2013 officials.\n" * 3
    assert decode_bytes(text.encode(codec)) == text


def test_utf16_jsonl_is_read_line_by_line(tmp_path):
    lines = [json.dumps({"text": "\u0428\u0443\u0448\u0430"}, ensure_ascii=False), "{bad}"]
    path = write(tmp_path, "wide.jsonl", "\n".join(lines).encode("utf-16"))
    first, second = read_file(path)
    assert first.content == "\u0428\u0443\u0448\u0430"
    assert second.source == f"{path}:2"


def test_stray_controls_and_c1_bytes_are_repaired():
    assert decode_bytes("a\u0093quoted\u0094 \x1b[31mred\x1b[0m \ufeffb".encode()) == "a\u201cquoted\u201d red b"


def test_newlines_are_normalised_and_text_is_nfc():
    assert decode_bytes(b"one\r\ntwo\rthree\n") == "one\ntwo\nthree\n"
    assert decode_bytes("cafe\u0301".encode()) == "caf\u00e9"


@pytest.mark.parametrize(
    "data",
    [b"\x00\x01\x02\x03binary", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", b"\x89PNG\r\n\x1a\n\x00\x00", bytes(range(1, 32)) * 4],
)
def test_binary_data_raises_input_error(data):
    with pytest.raises(InputError, match="binary"):
        decode_bytes(data)


# --- bad inputs ---------------------------------------------------------------


def test_acceptance_folder_of_good_and_bad_inputs(tmp_path):
    folder = tmp_path / "in"
    write(folder, "binary.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)))
    write(folder, "empty.txt", b"   \n\t\n")
    write(folder, "zero.html", b"")
    write(folder, "legacy.txt", b"caf\xe9 \x93quoted\x94\r\n")
    write(folder, "mojibake.txt", "I don\u00e2\u20ac\u2122t know.".encode())
    lines = [json.dumps({"text": "First good line."}), '{"text": "broken" "x"}', json.dumps({"text": "Second good line."})]
    write(folder, "feed.jsonl", "\n".join(lines).encode())
    items = list(read_paths([str(folder)]))

    contents = {Path(d.source_path).name: d.content for d in docs(items) if "line" not in d.content}
    assert contents == {"legacy.txt": "caf\u00e9 \u201cquoted\u201d\n", "mojibake.txt": "I don\u2019t know."}
    assert [d.content for d in docs(items) if "line" in d.content] == ["First good line.", "Second good line."]
    reasons = {f.source: (f.reason, f.code) for f in failures(items)}
    assert reasons == {
        str(folder / "binary.txt"): ("binary file (not text)", InputError.code),
        str(folder / "empty.txt"): ("empty file", InputError.code),
        str(folder / "zero.html"): ("empty file", InputError.code),
        f"{folder / 'feed.jsonl'}:2": (
            "invalid JSON at line 2, column 19: Expecting ',' delimiter",
            FormatError.code,
        ),
    }


def test_file_over_the_limit_is_refused_unread(tmp_path):
    path = write(tmp_path, "big.txt", b"x" * 100)
    [bad] = list(read_file(path, Settings(max_input_bytes=10)))
    assert bad.reason == "file too large (100 bytes > limit of 10 bytes)"
    assert [d.content for d in read_file(path, Settings(max_input_bytes=100))] == ["x" * 100]


def test_missing_file_reports_the_os_reason(tmp_path):
    missing = tmp_path / "nope.txt"
    [bad] = list(read_paths([str(missing), str(FIXTURES / "article.txt")]))[:1]
    assert bad == ReadFailure(str(missing), "No such file or directory", InputError.code)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_unreadable_file_reports_permission_denied(tmp_path):
    path = write(tmp_path, "secret.txt", b"text")
    path.chmod(0)
    [bad] = list(read_file(path))
    assert bad.reason == "Permission denied"


def test_open_error_reports_the_os_reason(tmp_path, monkeypatch):
    path = write(tmp_path, "locked.txt", b"text")

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    assert list(read_file(path)) == [ReadFailure(str(path), "Permission denied", InputError.code)]


def test_unlistable_folder_is_reported_and_others_go_on(tmp_path, monkeypatch):
    write(tmp_path, "ok/a.txt", b"fine")
    locked = tmp_path / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(read_paths([str(tmp_path)]))
    assert items[0] == ReadFailure(str(locked), "Permission denied", InputError.code)
    assert [d.content for d in docs(items)] == ["fine"]


def test_folder_given_as_a_file_and_symlink_loops(tmp_path):
    write(tmp_path, "x/a.txt", b"once")
    (tmp_path / "x" / "loop").symlink_to(tmp_path / "x")
    [bad] = list(read_file(tmp_path / "x"))
    assert bad.reason == "is a directory"
    assert [d.content for d in read_paths([str(tmp_path / "x")])] == ["once"]


def test_empty_path_is_reported():
    assert list(read_paths([""])) == [ReadFailure("", "empty path", InputError.code)]


def test_explicit_unknown_extension_is_reported(tmp_path):
    path = write(tmp_path, "doc.xyz", b"text")
    [bad] = list(read_paths([str(path)]))
    assert bad.reason == "unsupported file type '.xyz'"


def test_one_bad_input_never_stops_the_others(tmp_path):
    bad = write(tmp_path, "bad.json", b"{")
    good = write(tmp_path, "good.txt", b"still read")
    items = list(read_paths([str(bad), str(tmp_path / "missing"), str(good)]))
    assert [type(i).__name__ for i in items] == ["ReadFailure", "ReadFailure", "RawDocument"]


# --- folders ------------------------------------------------------------------


def test_folder_recursion_is_sorted_and_skips_hidden_and_unknown_files():
    corpus = FIXTURES / "corpus"
    names = [Path(d.source_path).relative_to(corpus).as_posix() for d in read_paths([str(corpus)])]
    assert names == ["NOTES", "a.html", "c.md", "sub/b.txt"]
    assert [p.relative_to(corpus).as_posix() for p in iter_files([corpus])] == names


def test_paths_keep_the_order_given():
    paths = [str(FIXTURES / "article.json"), str(FIXTURES / "article.txt")]
    assert [d.source_path for d in read_paths(paths)] == paths


# --- stdin --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        ("Plain article text.\n", "text"),
        ("<html><body><p>Markup</p></body></html>", "html"),
        ("Intro line\n<p>paragraph</p>", "html"),
    ],
)
def test_stdin_text_and_html(data, fmt):
    [doc] = list(read_paths(["-"], stdin=io.StringIO(data)))
    assert (doc.format, doc.content, doc.source_path) == (fmt, data, "<stdin>")


def test_stdin_jsonl_bytes():
    stream = io.BytesIO(b'{"text": "one"}\n\n{"oops"}\n{"body": "two", "title": "T"}\n')
    items = list(read_paths(["-"], stdin=stream))
    assert [d.content for d in docs(items)] == ["one", "two"]
    [bad] = failures(items)
    assert bad.source == "<stdin>:3" and bad.code == FormatError.code


def test_stdin_binary_and_too_large():
    [bad] = list(read_paths(["-"], stdin=io.BytesIO(b"\x00\x01\x02")))
    assert bad == ReadFailure("<stdin>", "binary file (not text)", InputError.code)
    [big] = list(read_paths(["-"], Settings(max_input_bytes=5), stdin=io.BytesIO(b"123456789")))
    assert "too large" in big.reason


def test_sniff_format():
    assert sniff_format('[{"text": "a"}]') == "json"
    assert sniff_format('{\n  "text": "a"\n}') == "json"
    assert sniff_format("[Reuters] Fighting resumed.") == "text"
    assert sniff_format('{"a": 1}\n{"b": 2}\n') == "jsonl"


# --- properties ---------------------------------------------------------------


@given(st.binary(max_size=2048))
@hsettings(max_examples=300, deadline=None)
def test_decode_bytes_returns_text_or_raises_input_error(data):
    try:
        text = decode_bytes(data)
    except InputError:
        return
    assert isinstance(text, str)
    text.encode("utf-8")


@given(
    st.binary(max_size=1024) | st.text(max_size=300).map(lambda t: t.encode("utf-8")),
    st.sampled_from([".txt", ".html", ".json", ".jsonl", ".csv", ".md", ""]),
)
@hsettings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_read_file_never_raises_on_arbitrary_bytes(data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        items = list(read_file(path))
    assert items and all(isinstance(i, (RawDocument, ReadFailure)) for i in items)
    for doc in docs(items):
        doc.id  # hashing needs encodable text


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200) | st.sampled_from(["don\u00e2\u20ac\u2122t", "Ã©t\u00e9", "\nÃ \u2122c\u00e9\u2014"]))
@hsettings(max_examples=300, deadline=None)
def test_repair_text_shortcut_agrees_with_full_ftfy(text):
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    assert repair_text(text) == ftfy.fix_text(text, FTFY_CONFIG)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)
json_records = st.dictionaries(
    st.sampled_from(["text", "body", "html", "title", "url", "date", "source", "lang", "other"]), json_values, max_size=6
)


@given(st.lists(json_records | json_values, max_size=5))
@hsettings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_read_file_never_raises_on_arbitrary_json_records(records):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "records.json"
        path.write_text(json.dumps(records), encoding="utf-8")
        items = list(read_file(path))
    assert all(isinstance(i, (RawDocument, ReadFailure)) for i in items)
    assert len(items) == max(len(records), 1)


# --- streaming JSONL ----------------------------------------------------------


def test_jsonl_streams_past_the_file_limit_with_a_limit_per_line(tmp_path):
    lines = [json.dumps({"text": f"Article number {i} " + "word " * 10}) for i in range(50)]
    lines[7] = json.dumps({"text": "long " * 100})
    path = write(tmp_path, "big.jsonl", ("\n".join(lines) + "\n").encode())
    limit = 200
    assert path.stat().st_size > 10 * limit
    items = list(read_file(path, Settings(max_input_bytes=limit)))
    assert len(docs(items)) == 49
    [bad] = failures(items)
    assert bad.source == f"{path}:8" and bad.reason == "line 8 too large (over the limit of 200 bytes)"
    assert docs(items)[7].content.startswith("Article number 8 ")


def test_jsonl_line_exactly_at_the_limit_is_read(tmp_path):
    line = json.dumps({"text": "x" * 20}).encode()
    path = write(tmp_path, "edge.jsonl", line + b"\n" + line)
    items = list(read_file(path, Settings(max_input_bytes=len(line))))
    assert len(docs(items)) == 2


def test_gzip_jsonl_streams_and_a_truncated_one_is_reported(tmp_path):
    lines = "".join(json.dumps({"text": f"Gzipped article {i}."}) + "\n" for i in range(2000)).encode()
    packed = gzip.compress(lines)
    items = list(read_file(write(tmp_path, "dump.jsonl.gz", packed)))
    assert len(docs(items)) == 2000 and not failures(items)
    path = write(tmp_path, "cut.ndjson.gz", packed[: len(packed) // 2])
    items = list(read_file(path))
    assert 0 < len(docs(items)) < 2000
    assert failures(items)[-1].source == str(path)
    assert failures(items)[-1].reason.startswith("truncated compressed data after line")


def test_binary_jsonl_is_refused(tmp_path):
    [bad] = list(read_file(write(tmp_path, "x.jsonl", b"\x00\x01\x02" * 10)))
    assert bad.reason == "binary file (not text)"


def test_truncated_json_file_is_reported(tmp_path):
    data = json.dumps([{"text": "one"}, {"text": "two"}]).encode()
    [bad] = list(read_file(write(tmp_path, "cut.json", data[:-5])))
    assert bad.code == FormatError.code and bad.reason.startswith("invalid JSON at line 1")


def test_a_charset_declared_outside_the_bytes_outranks_the_meta_tag():
    html = '<meta charset="windows-1252"><p>\u0412\u043e\u0439\u043d\u0430</p>'
    data = html.encode("cp1251")
    assert decode(data, "windows-1251") == html
    assert decode(html.encode("utf-8"), "windows-1251") == html  # valid UTF-8 stays UTF-8
