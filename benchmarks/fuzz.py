"""Fuzz the reading, cleaning and per-document stages with mutated real inputs.

Seeds are the bundled articles (examples/karabakh) and, when present, the
article-extraction benchmark pages (../shared/eval/article_extraction/html).
Each round wraps a seed in one input format (text, HTML, JSON, JSONL, CSV,
RSS, Atom, WARC), mutates the content or the file's bytes (truncation, random
bytes, bit flips, encoding changes, mojibake, huge lines, deeply nested tags,
tag soup, control characters, number soup, repetition) and runs

    read.read_file -> clean.clean -> pipeline.analyze_batch -> Ledger.add_many

The contract under test: reading and analysis return documents or failures and
never raise; every stored span quotes its document; a batch is stored whole or
not at all. Any exception is a finding: it is counted, deduplicated by stage,
type and the innermost newsledger frame, and its input is saved for replay.

Usage: python benchmarks/fuzz.py --minutes 5 [--seed 0] [--out fuzz.json] [--save-dir fuzz-findings]
       python benchmarks/fuzz.py --replay fuzz-findings/<file>
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import logging
import random
import resource
import signal
import sys
import tempfile
import time
import traceback
import zlib
from collections import Counter
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsledger.prepare.clean import clean  # noqa: E402
from newsledger.ledger import Ledger  # noqa: E402
from newsledger.analysis import DocFailure, analyze_batch  # noqa: E402
from newsledger.resources import Resources  # noqa: E402
from newsledger.read.files import ReadFailure, read_file  # noqa: E402
from newsledger.records import DocRecords, RawDocument  # noqa: E402
from newsledger.settings import Settings  # noqa: E402

SEEDS = ROOT / "examples" / "karabakh"
HTML_PAGES = ROOT.parent / "shared" / "eval" / "article_extraction" / "html"
FORMATS = ("text", "html", "json", "jsonl", "csv", "rss", "atom", "warc", "warc.gz", "jsonl.gz")
SUFFIX = {"text": ".txt", "html": ".html", "json": ".json", "jsonl": ".jsonl", "csv": ".csv", "rss": ".rss",
          "atom": ".atom", "warc": ".warc", "warc.gz": ".warc.gz", "jsonl.gz": ".jsonl.gz"}
CODECS = ("cp1252", "latin-1", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1251", "mac_roman", "utf-8-sig",
          "koi8_r", "shift_jis", "iso8859_9")
TAGS = ("div", "b", "span", "table", "ul", "li", "p", "a", "font", "section", "td", "blockquote")
ODD = ("\x00", "\x1b[31m", "\x0c", "\u2028", "\u202e", "\u200b", "\ufeff", "\u0301" * 50, "\ud7ff", "\U0001f4a5",
       "\r", "\r\n", "\t" * 40, "\x85", "\xa0", "&amp;", "&#0;", "&#xD800;", "]]>", "<!--", "<![CDATA[")
NUMBERS = ("at least 10,000,000,000,000 people were killed", "1e309 injured", "-5 civilians died", "0.5 soldiers",
           "31/02/2020", "on 99 Octember 2020", "between 7 and 3 were wounded", "dozens of hundreds of thousands",
           "9" * 400, "killed 1,2,3,4,5,6,7", "at least ½ died", "killed on 0000-00-00", "in 1 BC", "on 2020-10-32")
MAX_LINE = 1_500_000
# The time limit of an input grows with its size: a rate well below the pipeline's (several
# thousand characters a second on one core) means time growing faster than the input.
CHARS_PER_SECOND = 2_000
# Peak memory this far above the loaded pipeline's is a finding (once: the peak only grows).
MEMORY_ALARM_MB = 3_000


class InputTimeout(BaseException):
    """One input took longer than the per-input limit (a BaseException, so no stage catches it)."""


def _alarm(signum: int, frame: object) -> None:
    raise InputTimeout("input took longer than the per-input limit")


def seed_texts() -> list[str]:
    """The bundled seed articles as text."""
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def seed_pages(limit: int = 60) -> list[bytes]:
    """Up to `limit` real HTML pages (decompressed), if the benchmark pages are present."""
    pages = sorted(HTML_PAGES.glob("*.html.gz"))[:limit] if HTML_PAGES.is_dir() else []
    return [gzip.decompress(p.read_bytes()) for p in pages]


# --- content mutations (on text) ----------------------------------------------


def truncate(rng: random.Random, text: str) -> str:
    return text[: rng.randint(0, len(text))]


def huge_line(rng: random.Random, text: str) -> str:
    token = rng.choice(("word ", "x", "killed ", "12 ", "Stepanakert, ", "<b>", "&nbsp;"))
    # Mostly long lines; one in ten near or past the parser's 1,000,000-character limit.
    length = rng.randint(1_000, MAX_LINE) if rng.random() < 0.1 else rng.randint(1_000, 100_000)
    line = token * (length // len(token))
    at = rng.randint(0, len(text))
    return text[:at] + line + text[at:]


def nested(rng: random.Random, text: str) -> str:
    tag, depth = rng.choice(TAGS), rng.choice((50, 500, 5_000, 30_000))
    at = rng.randint(0, len(text))
    closing = f"</{tag}>" * depth if rng.random() < 0.7 else ""
    return text[:at] + f"<{tag}>" * depth + text[at : at + 300] + closing + text[at + 300 :]


def tag_soup(rng: random.Random, text: str) -> str:
    bits = ["<p>", "</div>", "<script>", "</script>", "<style>", "<!--", "-->", "<![CDATA[", "]]>", "<br/>",
            "<table><tr><td>", "</td>", "<a href='", "'>", "<img src=x onerror=1>", "<html>", "</body>", "<?xml ?>",
            "<!DOCTYPE html>", "<svg><foreignObject>", "<math>", "<template>", "<noscript>", "&", "<", ">"]
    for _ in range(rng.randint(1, 40)):
        at = rng.randint(0, len(text))
        text = text[:at] + rng.choice(bits) + text[at:]
    return text


def odd_chars(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 30)):
        at = rng.randint(0, len(text))
        text = text[:at] + rng.choice(ODD) + text[at:]
    return text


def number_soup(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 10)):
        at = rng.randint(0, len(text))
        text = text[:at] + " " + rng.choice(NUMBERS) + ". " + text[at:]
    return text


def repeat(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    lines[i:i] = [lines[i]] * rng.choice((2, 50, 2_000))
    return "\n".join(lines)


def shuffle_lines(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    rng.shuffle(lines)
    return "\n".join(lines)


TEXT_MUTATIONS = (truncate, huge_line, nested, tag_soup, odd_chars, number_soup, repeat, shuffle_lines)


# --- byte mutations (on the file) ---------------------------------------------


def cut_bytes(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randint(0, len(data))]


def random_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 50)):
        at = rng.randint(0, len(out))
        out[at:at] = rng.randbytes(rng.randint(1, 16))
    return bytes(out)


def flip_bits(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        if out:
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def recode(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", errors="replace")
    return text.encode(rng.choice(CODECS), errors="replace")


def mojibake(rng: random.Random, data: bytes) -> bytes:
    return data.decode("utf-8", errors="replace").encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")


def splice(rng: random.Random, data: bytes) -> bytes:
    a, b = sorted(rng.randint(0, len(data)) for _ in range(2))
    return data[:a] + data[b:] + data[a:b]


def wrap_gzip(rng: random.Random, data: bytes) -> bytes:
    return gzip.compress(data)


BYTE_MUTATIONS = (cut_bytes, random_bytes, flip_bits, recode, mojibake, splice, wrap_gzip)


# --- formats ------------------------------------------------------------------


def as_format(fmt: str, texts: list[str], pages: list[bytes], rng: random.Random) -> bytes:
    """Wrap seed texts (or a page) in one input format."""
    title = texts[0].split("\n", 1)[0][:120]
    if fmt == "text":
        return texts[0].encode("utf-8", errors="surrogatepass")
    if fmt == "html":
        if pages and rng.random() < 0.6:
            return rng.choice(pages)
        body = "".join(f"<p>{p}</p>\n" for p in texts[0].split("\n") if p.strip())
        return f"<html><head><title>{title}</title></head><body><article>{body}</article></body></html>".encode(
            "utf-8", errors="surrogatepass"
        )
    records = [{"title": t.split("\n", 1)[0][:120], "text": t, "date": "2020-10-0%d" % rng.randint(1, 9),
                "url": f"https://example.org/{i}"} for i, t in enumerate(texts)]
    if fmt == "json":
        return json.dumps(records if len(records) > 1 else records[0]).encode()
    if fmt in ("jsonl", "jsonl.gz"):
        data = "".join(json.dumps(r) + "\n" for r in records).encode()
        return gzip.compress(data) if fmt == "jsonl.gz" else data
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows(records)
        return out.getvalue().encode("utf-8", errors="surrogatepass")
    if fmt in ("rss", "atom"):
        return feed_bytes(fmt, records)
    return warc_bytes(records, pages, rng, compress=fmt == "warc.gz")


def feed_bytes(fmt: str, records: list[dict]) -> bytes:
    """A small RSS 2.0 or Atom feed of the records, the text as escaped HTML paragraphs."""
    from xml.sax.saxutils import escape

    def html(text: str) -> str:
        return escape("".join(f"<p>{p}</p>" for p in text.split("\n") if p.strip()))

    if fmt == "rss":
        items = "".join(
            f"<item><title>{escape(r['title'])}</title><link>{r['url']}</link><pubDate>Mon, 05 Oct 2020 10:00:00 +0400"
            f"</pubDate><description>{html(r['text'])}</description></item>" for r in records
        )
        return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'.encode(
            "utf-8", errors="surrogatepass"
        )
    entries = "".join(
        f'<entry><title>{escape(r["title"])}</title><link href="{r["url"]}"/><updated>2020-10-05T10:00:00Z</updated>'
        f'<content type="html">{html(r["text"])}</content></entry>' for r in records
    )
    return f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title>{entries}</feed>'.encode(
        "utf-8", errors="surrogatepass"
    )


def warc_bytes(records: list[dict], pages: list[bytes], rng: random.Random, compress: bool) -> bytes:
    """A WARC with one HTML response per record (or a real page), and an image response."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for r in records:
        body = rng.choice(pages) if pages and rng.random() < 0.5 else f"<html><body><p>{r['text']}</p></body></html>".encode(
            "utf-8", errors="surrogatepass"
        )
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(r["url"], "response", payload=io.BytesIO(body), http_headers=headers))
    image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://example.org/i.png", "response", payload=io.BytesIO(b"\x89PNG"), http_headers=image))
    return buffer.getvalue()


def make_input(rng: random.Random, texts: list[str], pages: list[bytes]) -> tuple[str, bytes, list[str]]:
    """One fuzzed input: its format, its bytes and the names of the mutations applied."""
    fmt = rng.choice(FORMATS)
    chosen = [rng.choice(texts) for _ in range(rng.randint(1, 3))]
    applied: list[str] = []
    for _ in range(rng.randint(0, 2)):
        mutation = rng.choice(TEXT_MUTATIONS)
        chosen[0] = mutation(rng, chosen[0])
        applied.append(mutation.__name__)
    data = as_format(fmt, chosen, pages, rng)
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        mutation = rng.choice(BYTE_MUTATIONS)
        data = mutation(rng, data)
        applied.append(mutation.__name__)
    return fmt, data, applied


# --- running ------------------------------------------------------------------


class Findings:
    """Exceptions by (stage, type, innermost newsledger frame), with counts and a saved example."""

    def __init__(self, save_dir: Path | None) -> None:
        self.save_dir = save_dir
        self.seen: dict[str, dict] = {}

    def add(self, stage: str, exc: BaseException, fmt: str, data: bytes, mutations: list[str]) -> None:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if "newsledger" in f.filename]
        where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
        key = f"{stage} {type(exc).__name__} {where}"
        entry = self.seen.setdefault(key, {"count": 0, "message": str(exc)[:300], "example": None})
        entry["count"] += 1
        if entry["example"] is None and self.save_dir:
            self.save_dir.mkdir(parents=True, exist_ok=True)
            path = self.save_dir / f"finding-{len(self.seen):03d}{SUFFIX[fmt]}"
            path.write_bytes(data)
            entry["example"] = str(path)
            entry["mutations"] = mutations
            entry["traceback"] = "".join(traceback.format_exception(exc))[-3000:]
        logging.warning("finding %s: %s", key, str(exc)[:200])


def span_problems(records: DocRecords) -> list[str]:
    """Evidence spans that do not quote their document."""
    text = records.document.text
    problems = []
    for name in ("mentions", "figures", "claims", "events"):
        for record in getattr(records, name):
            spans = getattr(record, "evidence", None)
            for span in spans if isinstance(spans, tuple) else [spans]:
                if span is not None and span.doc_id == records.document.id and text[span.start : span.end] != span.text:
                    problems.append(f"{name} {record.id} {span.start}-{span.end}")
    return problems


def check_input(path: Path, fmt: str, data: bytes, mutations: list[str], ctx: dict) -> None:
    """Read, clean, analyse and store one input, recording every exception as a finding."""
    stats, findings, resources, ledger = ctx["stats"], ctx["findings"], ctx["resources"], ctx["ledger"]
    try:
        items = list(read_file(path, ctx["settings"]))
    except Exception as exc:  # a finding, not a crash of the fuzzer
        findings.add("read", exc, fmt, data, mutations)
        return
    raws = [i for i in items if isinstance(i, RawDocument)]
    stats["read_failures"] += len(items) - len(raws)
    stats["documents"] += len(raws)
    for raw in raws:
        try:
            clean(raw)
        except Exception as exc:
            findings.add("clean", exc, fmt, data, mutations)
    for raw in raws:
        try:
            [result] = analyze_batch([raw], resources)
        except Exception as exc:
            findings.add("pipeline", exc, fmt, raw.content.encode("utf-8", errors="surrogatepass"), mutations)
            continue
        if isinstance(result, DocFailure):
            stats["doc_failures"] += 1
            continue
        problems = span_problems(result)
        if problems:
            findings.add("spans", AssertionError("; ".join(problems[:5])), fmt, data, mutations)
            continue
        before = ledger.stats()
        try:
            ledger.add_many([result])
            stats["stored"] += 1
        except Exception as exc:
            findings.add("ledger", exc, fmt, data, mutations)
            if ledger.stats() != before:
                findings.add("ledger-partial", AssertionError("a failed add_many changed the ledger"), fmt, data, mutations)


def peak_rss_mb() -> int:
    """The peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def expanded_size(data: bytes) -> int:
    """The size of the data once decompressed, when it is gzip."""
    if data[:2] != b"\x1f\x8b":
        return len(data)
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as unpacked:
            return sum(len(chunk) for chunk in iter(lambda: unpacked.read(1 << 20), b""))
    except (OSError, EOFError, ValueError, zlib.error):
        return len(data)


def run(minutes: float, seed: int, save_dir: Path | None, max_input_bytes: int, per_input: float = 120.0) -> dict:
    """Fuzz for `minutes`; return the report."""
    rng = random.Random(seed)
    texts, pages = seed_texts(), seed_pages()
    settings = Settings(max_input_bytes=max_input_bytes)
    resources = Resources(settings)
    resources.nlp  # loaded before the clock starts
    stats: Counter[str] = Counter()
    by_format: Counter[str] = Counter()
    findings = Findings(save_dir)
    slowest: list[tuple[float, str, list[str]]] = []
    start = time.monotonic()
    deadline = start + minutes * 60
    base_rss = peak_rss_mb()
    with tempfile.TemporaryDirectory() as tmp, Ledger(":memory:") as ledger:
        ctx = {"stats": stats, "findings": findings, "resources": resources, "ledger": ledger, "settings": settings}
        while time.monotonic() < deadline:
            fmt, data, mutations = make_input(rng, texts, pages)
            path = Path(tmp) / f"input{SUFFIX[fmt]}"
            path.write_bytes(data)
            began = time.monotonic()
            # An alarm turns a runaway input into a finding instead of a silent hang.
            signal.signal(signal.SIGALRM, _alarm)
            signal.setitimer(signal.ITIMER_REAL, per_input + expanded_size(data) / CHARS_PER_SECOND)
            try:
                check_input(path, fmt, data, mutations, ctx)
            except InputTimeout as exc:
                findings.add("slow", exc, fmt, data, mutations)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            took = time.monotonic() - began
            if peak_rss_mb() > base_rss + MEMORY_ALARM_MB and "memory" not in stats:
                stats["memory"] = 1
                findings.add("memory", MemoryError(f"peak RSS {peak_rss_mb()} MB"), fmt, data, mutations)
            slowest = sorted(slowest + [(round(took, 2), fmt, mutations)], reverse=True)[:5]
            stats["inputs"] += 1
            stats["bytes"] += len(data)
            by_format[fmt] += 1
        integrity = ledger.integrity()
    return {
        "minutes": round((time.monotonic() - start) / 60, 2), "seed": seed, "seed_texts": len(texts), "seed_pages": len(pages),
        **stats, "by_format": dict(by_format), "ledger_integrity": integrity or "ok",
        "rss_after_loading_mb": base_rss, "peak_rss_mb": peak_rss_mb(),
        "findings": findings.seen, "slowest_inputs": slowest,
    }


def replay(path: Path) -> None:
    """Run one saved input through the stages with tracebacks shown."""
    resources = Resources()
    for item in read_file(path):
        print(item if isinstance(item, ReadFailure) else f"document of {len(item.content)} chars")
        if isinstance(item, RawDocument):
            print(analyze_batch([item], resources)[0].__class__.__name__)


def main() -> None:
    """Command line: --minutes, --seed, --out, --save-dir, --max-input-bytes, --replay."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="write the JSON report here too")
    parser.add_argument("--save-dir", type=Path, default=Path("fuzz-findings"), help="inputs that raised are saved here")
    parser.add_argument("--max-input-bytes", type=int, default=Settings().max_input_bytes)
    parser.add_argument("--per-input", type=float, default=120.0, help="seconds before one input counts as a hang")
    parser.add_argument("--replay", type=Path, help="run one saved input and show what happens")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    for noisy in ("trafilatura", "htmldate", "courlan", "charset_normalizer", "newsledger"):
        logging.getLogger(noisy).setLevel(logging.CRITICAL)
    if args.replay:
        replay(args.replay)
        return
    report = run(args.minutes, args.seed, args.save_dir, args.max_input_bytes, args.per_input)
    text = json.dumps(report, indent=2, default=str)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
