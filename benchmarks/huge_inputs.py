"""Huge inputs: memory and time of reading a large JSONL file and cleaning a large HTML page.

Checks, each in a fresh subprocess so that its peak RSS is its own:

- ``jsonl``: a generated JSONL file of `--jsonl-mb` megabytes (seed articles, one
  object a line) is read with `read.read_file` to the end. JSONL streams line by
  line, so peak memory must stay flat whatever the file size (each line is bounded
  by `max_input_bytes`, the file is not).
- ``gzip-jsonl``: the same file gzip-compressed.
- ``html``: a generated page of `--html-mb` megabytes (under the 50 MB limit) is
  read and cleaned (`pipeline.prepare`: trafilatura, debris rules, metadata).
- ``html-over``: a page just over `max_input_bytes` is refused unread, with its message.

Manual check with a real 1 GB file (about 2 minutes to generate and read):

    python benchmarks/huge_inputs.py --jsonl-mb 1024 --html-mb 45 --out benchmarks/results/huge-inputs.json

Usage: python benchmarks/huge_inputs.py [--jsonl-mb 200] [--html-mb 45] [--workdir /tmp/huge] [--only jsonl]
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SEEDS = ROOT / "examples" / "karabakh"
MB = 1 << 20


def write_jsonl(path: Path, megabytes: float) -> int:
    """Write seed articles as JSONL lines until the file reaches `megabytes`; return the line count."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    target, size, lines = int(megabytes * MB), 0, 0
    with path.open("w", encoding="utf-8") as out:
        while size < target:
            text = texts[lines % len(texts)]
            line = json.dumps({"title": f"Article {lines}", "text": f"{text}\nUpdate {lines}."}) + "\n"
            out.write(line)
            size += len(line.encode("utf-8"))
            lines += 1
    return lines


def write_html(path: Path, megabytes: float) -> None:
    """Write one HTML page of about `megabytes`: seed paragraphs repeated inside an article."""
    paragraphs = [line for p in sorted(SEEDS.glob("*.txt")) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    target = int(megabytes * MB)
    with path.open("w", encoding="utf-8") as out:
        out.write("<html><head><title>Huge page</title></head><body><nav>Home | World</nav><article>\n")
        size, i = 0, 0
        while size < target:
            chunk = f"<p>{paragraphs[i % len(paragraphs)]}</p>\n"
            out.write(chunk)
            size += len(chunk)
            i += 1
        out.write("</article><footer>Share this article</footer></body></html>\n")


def measure(kind: str, path: Path) -> dict:
    """Run one check in a subprocess and return its report (with peak RSS)."""
    result = subprocess.run([sys.executable, __file__, "--child", kind, str(path)], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        return {"check": kind, "error": result.stderr[-2000:]}
    return json.loads(result.stdout.strip().splitlines()[-1])


def child(kind: str, path: Path) -> None:
    """The measured side: read (and for HTML, clean) one file and print a JSON line."""
    from newsledger.analysis import DocFailure, prepare
    from newsledger.resources import Resources
    from newsledger.read.files import ReadFailure, read_file
    from newsledger.records import RawDocument

    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.monotonic()
    docs = failures = chars = 0
    reasons: list[str] = []
    resources = Resources()
    for item in read_file(path):
        if isinstance(item, ReadFailure):
            failures += 1
            reasons.append(item.reason)
            continue
        docs += 1
        chars += len(item.content)
        if kind.startswith("html") and isinstance(item, RawDocument):
            prepared = prepare(item, resources)
            chars = len(prepared.text) if not isinstance(prepared, DocFailure) else -1
    report = {
        "check": kind, "file_mb": round(path.stat().st_size / MB, 1), "documents": docs, "failures": failures,
        "reasons": reasons[:3], "chars": chars, "seconds": round(time.monotonic() - started, 1),
        "rss_after_imports_mb": round(baseline, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(report))


def main() -> None:
    """Command line: --jsonl-mb, --html-mb, --workdir, --only, --out."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jsonl-mb", type=float, default=200)
    parser.add_argument("--html-mb", type=float, default=45)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/newsledger-huge"))
    parser.add_argument("--only", choices=["jsonl", "gzip-jsonl", "html", "html-over"], action="append")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    checks = args.only or ["jsonl", "gzip-jsonl", "html", "html-over"]
    args.workdir.mkdir(parents=True, exist_ok=True)
    reports = []
    try:
        if {"jsonl", "gzip-jsonl"} & set(checks):
            jsonl = args.workdir / "big.jsonl"
            lines = write_jsonl(jsonl, args.jsonl_mb)
            if "jsonl" in checks:
                reports.append({**measure("jsonl", jsonl), "lines": lines})
            if "gzip-jsonl" in checks:
                packed = args.workdir / "big.jsonl.gz"
                with jsonl.open("rb") as src, gzip.open(packed, "wb", compresslevel=1) as dst:
                    shutil.copyfileobj(src, dst, 16 * MB)
                reports.append({**measure("gzip-jsonl", packed), "lines": lines})
            jsonl.unlink(missing_ok=True)
        if "html" in checks:
            page = args.workdir / "big.html"
            write_html(page, args.html_mb)
            reports.append(measure("html", page))
        if "html-over" in checks:
            from newsledger.settings import Settings

            page = args.workdir / "over.html"
            write_html(page, Settings().max_input_bytes / MB + 1)
            reports.append(measure("html-over", page))
    finally:
        shutil.rmtree(args.workdir, ignore_errors=True)
    text = json.dumps(reports, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
