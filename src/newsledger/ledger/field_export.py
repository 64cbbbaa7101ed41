"""Write the ledger in a format the field's tools already read: ACLED CSV, UCDP GED CSV or GeoJSON.

Every row is checked against its format's columns and value domains (export_formats.tsv)
before it is written: a row out of its domain is a bug, raised rather than exported.
The manifest names the codebook edition, counts the rows written and the records left out, by reason.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from ..errors import FormatError
from .acled import acled_rows
from .formats import FIELD_FORMATS, FieldColumn, build_context, check_rows, load_columns
from .geojson import collection, event_features, figure_features, place_features
from .base import Ledger
from .ucdp import ucdp_rows

FIELD_MANIFEST = "newsledger-field-export"
FILES = {
    "acled": ("acled.csv",),
    "ucdp": ("ucdp_ged.csv",),
    "geojson": ("places.geojson", "events.geojson", "figures.geojson"),
}


def export_field(ledger: Ledger, out_dir: Path, fmt: str, now: datetime | None = None) -> dict[str, Any]:
    """Write `fmt` ("acled", "ucdp" or "geojson") files and manifest.json to `out_dir`; return the manifest."""
    if fmt not in FIELD_FORMATS:
        raise ValueError(f"unknown field format {fmt!r}; expected one of {FIELD_FORMATS}")
    write = _replace
    now = now or datetime.now(timezone.utc)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with ledger.snapshot():
        events = list(ledger.scan("events"))
        figures = list(ledger.scan("figures"))
        doc_ids = {d for e in events for d in e.doc_ids} | {f.doc_id for f in figures}
        ctx = build_context(ledger.documents_by_id(doc_ids), figures, ledger.scan("tallies"), now)
        mentions = ledger.scan("mentions") if fmt == "geojson" else iter(())
        written: dict[str, tuple[int, Counter[str]]] = {}
        if fmt == "acled":
            rows, left = acled_rows(events, ctx)
            written["acled.csv"] = (_write_csv(out_dir / "acled.csv", load_columns("acled"), rows, write), left)
        elif fmt == "ucdp":
            rows, left = ucdp_rows(events, ctx)
            written["ucdp_ged.csv"] = (_write_csv(out_dir / "ucdp_ged.csv", load_columns("ucdp"), rows, write), left)
        else:
            for name, (features, left) in (
                ("places.geojson", place_features(mentions)),
                ("events.geojson", event_features(events)),
                ("figures.geojson", figure_features(figures, events, ctx)),
            ):
                written[name] = (_write_geojson(out_dir / name, features, write), left)
    columns = load_columns("geojson_events" if fmt == "geojson" else fmt)
    manifest = {
        "format": FIELD_MANIFEST,
        "file_format": fmt,
        "codebook": columns[0].source,
        "created": now.isoformat(timespec="seconds"),
        "files": list(FILES[fmt]),
        "counts": {name: count for name, (count, _) in written.items()},
        "left_out": {name: dict(sorted(left.items())) for name, (_, left) in written.items()},
        "columns_documented_in": "docs/exports.md",
    }
    write(out_dir / "manifest.json", lambda handle: handle.write(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"))
    return manifest


def _write_csv(path: Path, columns: tuple[FieldColumn, ...], rows: list[dict[str, Any]], write: Callable[..., None]) -> int:
    _check(path, columns, rows)

    def body(handle: IO[str]) -> None:
        writer = csv.DictWriter(handle, fieldnames=[c.column for c in columns], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    write(path, body)
    return len(rows)


def _write_geojson(path: Path, features: list[dict[str, Any]], write: Callable[..., None]) -> int:
    kind = path.stem
    _check(path, load_columns(f"geojson_{kind}"), [f["properties"] for f in features])
    write(path, lambda handle: handle.write(json.dumps(collection(features), ensure_ascii=False) + "\n"))
    return len(features)


def _check(path: Path, columns: tuple[FieldColumn, ...], rows: list[dict[str, Any]]) -> None:
    problems = check_rows(columns, rows)
    if problems:
        raise FormatError(f"{path.name}: {len(problems)} values outside the format: " + "; ".join(problems[:5]))


def _replace(path: Path, write: Callable[[IO[str]], object]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        write(handle)
    tmp.replace(path)
