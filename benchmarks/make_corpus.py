"""Generate a reproducible benchmark corpus: seed sentences recombined into articles, plus real HTML pages.

Text articles are built from the real sentences of the bundled seed articles
(examples/karabakh): a title, an optional dateline, paragraphs of recombined
sentences and, sometimes, a line of scraping debris, so every stage of the
pipeline (cleaning, parsing, every extractor, linking) has real work. When the
article-extraction benchmark pages are present (../shared/eval/article_extraction/
html/*.html.gz, 181 news pages of all topics), a share of the corpus is those
pages; beyond 181 a page is reused with one paragraph of seed sentences inserted,
so every document is distinct. Without the pages the corpus is all text.

The same `--n` and `--seed` give byte-identical files.

Usage: python benchmarks/make_corpus.py --n 1000 --out /tmp/corpus-1k --seed 0
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "karabakh"
HTML_PAGES = ROOT.parent / "shared" / "eval" / "article_extraction" / "html"
# Inside a line a sentence ends at . ! ? (possibly behind a closing quote) before a capital or an opening quote.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[“\"‘(A-Z0-9–-])")
_FIRST_P_CLOSE = re.compile(rb"</p>", re.IGNORECASE)
MONTHS = "January February March April May June July August September October November December".split()
OUTLETS = ("Reuters", "AFP", "Associated Press", "BBC News", "Al Jazeera", "Eurasianet", "OC Media", "TASS")


def seed_pool(folder: Path = SEEDS) -> tuple[list[str], list[str]]:
    """Split the seed articles into sentences and debris lines (short lines with no sentence end)."""
    sentences: list[str] = []
    debris: list[str] = []
    for path in sorted(folder.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line:
                continue
            if len(line.split()) < 6 and not line.endswith((".", "?", "!", "”", '"')):
                debris.append(line)
                continue
            sentences += [s.strip() for s in _SENTENCE_END.split(line) if len(s.split()) >= 4]
    return sentences, debris


def text_article(rng: random.Random, sentences: list[str], debris: list[str]) -> str:
    """One article: title, optional dateline, 2-8 paragraphs of 1-4 seed sentences, sometimes debris."""
    short = [s for s in sentences if len(s.split()) <= 16] or sentences
    title = rng.choice(short).rstrip(".")
    lines = [title, ""]
    if rng.random() < 0.6:
        day, month, year = rng.randint(1, 28), rng.choice(MONTHS), rng.choice((2020, 2020, 2021, 2022, 2023))
        lines += [f"{day} {month} {year} ({rng.choice(OUTLETS)})", ""]
    if debris and rng.random() < 0.3:
        lines += [rng.choice(debris), ""]
    for _ in range(rng.randint(2, 8)):
        lines += [" ".join(rng.choice(sentences) for _ in range(rng.randint(1, 4))), ""]
    if debris and rng.random() < 0.3:
        lines.append(rng.choice(debris))
    return "\n".join(lines).rstrip() + "\n"


def html_variant(page: bytes, rng: random.Random, sentences: list[str], reuse: int) -> bytes:
    """The page itself on first use; later uses get a paragraph of seed sentences after the first </p>."""
    if reuse == 0:
        return page
    paragraph = " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 4)))
    insert = f"</p>\n<p>{paragraph}</p>".encode()
    match = _FIRST_P_CLOSE.search(page)
    if match is None:
        return page.replace(b"</body>", f"<p>{paragraph}</p></body>".encode(), 1) or page + insert
    return page[: match.start()] + insert + page[match.end() :]


def make_corpus(n: int, out: Path, seed: int = 0, html_share: float = 0.15, html_dir: Path | None = HTML_PAGES) -> dict:
    """Write `n` documents under `out` (text/ and html/) and a manifest; return the manifest."""
    rng = random.Random(seed)
    sentences, debris = seed_pool()
    pages = sorted(html_dir.glob("*.html.gz")) if html_dir and html_dir.is_dir() else []
    n_html = round(n * html_share) if pages else 0
    if out.exists():
        shutil.rmtree(out)
    (out / "text").mkdir(parents=True)
    (out / "html").mkdir()
    digest = hashlib.sha256()
    seen: set[str] = set()
    order = list(range(n))
    rng.shuffle(order)
    html_slots = set(order[:n_html])
    page_bytes = [gzip.decompress(p.read_bytes()) for p in pages]
    used = 0
    for i in range(n):
        if i in html_slots:
            data = html_variant(page_bytes[used % len(pages)], rng, sentences, used // len(pages))
            used += 1
            path = out / "html" / f"d{i:06d}.html"
        else:
            text = text_article(rng, sentences, debris)
            while text in seen:  # content ids must be distinct, or ingest skips the copy
                text = text_article(rng, sentences, debris)
            seen.add(text)
            data = text.encode("utf-8")
            path = out / "text" / f"d{i:06d}.txt"
        path.write_bytes(data)
        digest.update(path.name.encode() + b"\0" + data)
    manifest = {
        "n": n, "seed": seed, "html_share": html_share, "html_documents": n_html, "text_documents": n - n_html,
        "seed_sentences": len(sentences), "html_pages_available": len(pages),
        "words": sum(len(p.read_text(encoding="utf-8", errors="replace").split()) for p in (out / "text").iterdir()),
        "sha256": digest.hexdigest(),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def main() -> None:
    """Command line: --n, --out, --seed, --html-share, --no-html."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="number of documents")
    parser.add_argument("--out", type=Path, required=True, help="output folder (replaced)")
    parser.add_argument("--seed", type=int, default=0, help="random seed")
    parser.add_argument("--html-share", type=float, default=0.15, help="share of HTML pages when available")
    parser.add_argument("--no-html", action="store_true", help="text articles only, even if the pages exist")
    args = parser.parse_args()
    manifest = make_corpus(args.n, args.out, args.seed, args.html_share, None if args.no_html else HTML_PAGES)
    print(json.dumps(manifest, indent=2))


if __name__ == "__main__":
    main()
