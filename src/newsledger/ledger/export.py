"""Export the ledger to the LEDGER.md contract: one file per record type and a manifest.

Files are written in a deterministic order (documents by id; records by document,
then by the start of their evidence), each to a temporary name first, with the
manifest last: a directory with a manifest holds a complete export.
"""

from __future__ import annotations

import csv
import json
import logging
import os
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import IO, Any, Literal

from .contract import FILES, FORMAT, VERSION
from .field_export import export_field
from .formats import FIELD_FORMATS
from .base import TABLES, Ledger

log = logging.getLogger(__name__)

ExportFormat = Literal["jsonl", "csv", "acled", "ucdp", "geojson"]
CSV_NOTE = {
    "strings": "plain text",
    "null": "empty cell",
    "other values": "JSON text (numbers, booleans, lists and nested objects such as evidence spans)",
}


def export(ledger: Ledger, out_dir: Path, fmt: ExportFormat = "jsonl") -> dict[str, Any]:
    """Write the whole ledger to `out_dir` in the LEDGER.md v1 layout.

    Args:
        ledger: the ledger to read (in one snapshot, so all files agree).
        out_dir: the directory to write; created if missing, files in it replaced.
        fmt: "jsonl" (one JSON object per line) or "csv" (one row per record); "acled", "ucdp"
            or "geojson" write a field format instead (see `field_export`, docs/exports.md).

    Returns:
        The manifest, as written to `out_dir/manifest.json`.
    """
    if fmt in FIELD_FORMATS:
        return export_field(ledger, out_dir, fmt)
    if fmt not in ("jsonl", "csv"):
        raise ValueError(f"unknown export format {fmt!r}; expected jsonl, csv, {', '.join(FIELD_FORMATS)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    with ledger.snapshot():
        for table in TABLES:
            counts[table] = _write_file(out_dir / f"{table}.{fmt}", table, ledger.scan_dicts(table), fmt)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "newsledger_version": _package_version(),
        "file_format": fmt,
        "counts": counts,
        "files": [f"{table}.{fmt}" for table in TABLES],
    }
    if fmt == "csv":
        manifest["csv_cells"] = CSV_NOTE
    _replace(out_dir / "manifest.json", lambda handle: handle.write(_dumps(manifest, indent=2) + "\n"))
    log.info("exported %s to %s: %s", ledger.path, out_dir, counts)
    return manifest


def _write_file(path: Path, table: str, records: Iterator[dict[str, Any]], fmt: ExportFormat) -> int:
    count = 0

    def write(handle: IO[str]) -> None:
        nonlocal count
        rows = (_ordered(table, record) for record in records)
        if fmt == "jsonl":
            for row in rows:
                handle.write(_dumps(row) + "\n")
                count += 1
            return
        writer: csv.DictWriter[str] | None = None
        header = [spec.name for spec in FILES[table]]
        for row in rows:
            if writer is None:
                header += [key for key in row if key not in header]
                writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
                writer.writeheader()
            writer.writerow({key: _cell(value) for key, value in row.items()})
            count += 1
        if writer is None:
            csv.writer(handle, lineterminator="\n").writerow(header)

    _replace(path, write)
    return count


def _ordered(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """Put the contract's fields first, in LEDGER.md order, then any extra fields."""
    ordered = {spec.name: row[spec.name] for spec in FILES[table] if spec.name in row}
    ordered.update((key, value) for key, value in row.items() if key not in ordered)
    return ordered


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return _dumps(value)


def _dumps(value: Any, indent: int | None = None) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, indent=indent)


def _replace(path: Path, write: Callable[[IO[str]], object]) -> None:
    """Write through a temporary file and rename, so a reader never sees half a file."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        write(handle)
    os.replace(tmp, path)


def _package_version() -> str:
    try:
        return metadata.version("newsledger")
    except metadata.PackageNotFoundError:
        return "unknown"
