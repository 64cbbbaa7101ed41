import copy
import dataclasses
import csv
import json

import pytest

from newsledger.errors import FormatError
from newsledger.ledger.contract import (
    FILES,
    SHAPES,
    check_spans,
    read_records,
    validate_export,
    validate_record,
)
from newsledger.ledger.export import export
from newsledger.records import DateRange, Story, Tally


@pytest.fixture
def full_ledger(ledger, sample_records, make_records):
    """A ledger with two documents (one without a published date), a story and a tally."""
    ledger.add(sample_records)
    other = make_records(suffix=" More later.")
    ledger.add(dataclasses.replace(other, document=dataclasses.replace(other.document, published=None)))
    doc_ids = tuple(d.id for d in ledger.documents())
    week = DateRange("2021-03-07", "2021-03-12", "week")
    ledger.replace_stories([Story("sto_1", "epi_1", doc_ids, "Shelling", week)])
    figure_ids = tuple(f.id for f in ledger.figures())
    ledger.replace_tallies([Tally("epi_1", "killed", "civilians", 12, 12, None, figure_ids=figure_ids, note="max")])
    ledger.set_document_links_many([(d, "sto_1", "epi_1") for d in doc_ids])
    return ledger


def lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_exported_line_keeps_the_contract(full_ledger, tmp_path):
    manifest = export(full_ledger, tmp_path, "jsonl")
    assert manifest["format"] == "newsledger-ledger" and manifest["version"] == 1
    assert manifest["counts"] == full_ledger.stats()
    assert manifest["files"] == [f"{name}.jsonl" for name in FILES]
    assert json.loads((tmp_path / "manifest.json").read_text()) == manifest
    for name in FILES:
        objects = lines(tmp_path / f"{name}.jsonl")
        assert len(objects) == manifest["counts"][name] > 0
        for obj in objects:
            assert validate_record(f"{name}.jsonl", obj) == []
    assert check_spans(tmp_path) == []
    assert validate_export(tmp_path) == []


def test_documents_carry_every_contract_field(full_ledger, sample_records, tmp_path):
    export(full_ledger, tmp_path)
    docs = {d["id"]: d for d in lines(tmp_path / "documents.jsonl")}
    doc = docs[sample_records.document.id]
    assert list(doc)[: len(FILES["documents"])] == [spec.name for spec in FILES["documents"]]
    assert doc["published"] == {
        "start": "2021-03-12", "end": "2021-03-12", "precision": "day", "method": "text", "evidence": ["12 March 2021"],
    }
    assert [d["published"] for d in docs.values()].count(None) == 1
    assert doc["removed"] == ["Share this article"] and doc["story_id"] == "sto_1" and doc["episode_id"] == "epi_1"


def test_records_are_ordered_by_document_then_span_start(full_ledger, tmp_path):
    export(full_ledger, tmp_path)
    mentions = lines(tmp_path / "mentions.jsonl")
    keys = [(m["doc_id"], m["evidence"]["start"]) for m in mentions]
    assert keys == sorted(keys) and len(keys) == 4
    assert [d["id"] for d in lines(tmp_path / "documents.jsonl")] == sorted(full_ledger.known_ids(k[0] for k in keys))


def test_export_is_deterministic(full_ledger, tmp_path):
    export(full_ledger, tmp_path / "a")
    export(full_ledger, tmp_path / "b")
    for name in FILES:
        assert (tmp_path / "a" / f"{name}.jsonl").read_bytes() == (tmp_path / "b" / f"{name}.jsonl").read_bytes()
    assert not list(tmp_path.glob("*/*.tmp"))


def test_csv_export_reads_back_as_the_jsonl_objects(full_ledger, tmp_path):
    manifest = export(full_ledger, tmp_path / "csv", "csv")
    export(full_ledger, tmp_path / "jsonl", "jsonl")
    assert manifest["file_format"] == "csv" and "null" in manifest["csv_cells"]
    for name in FILES:
        assert list(read_records(tmp_path / "csv", name)) == lines(tmp_path / "jsonl" / f"{name}.jsonl")
    with (tmp_path / "csv" / "figures.csv").open(encoding="utf-8", newline="") as handle:
        row = next(csv.DictReader(handle))
    assert json.loads(row["evidence"])["text"] == "At least 12 civilians were killed" and row["high"] == ""
    assert validate_export(tmp_path / "csv") == []


def test_empty_ledger_exports_empty_files_with_headers(ledger, tmp_path):
    manifest = export(ledger, tmp_path / "j")
    assert set(manifest["counts"].values()) == {0}
    assert (tmp_path / "j" / "figures.jsonl").read_text() == ""
    export(ledger, tmp_path / "c", "csv")
    assert (tmp_path / "c" / "tallies.csv").read_text().startswith("episode_id,kind,group,side,low,best,high")
    assert validate_export(tmp_path / "c") == []


def test_unknown_format_is_refused(ledger, tmp_path):
    with pytest.raises(ValueError, match="xml"):
        export(ledger, tmp_path, "xml")


# -- the validator must be able to fail ---------------------------------------


@pytest.fixture
def exported(full_ledger, tmp_path):
    """The fullest exported object of each file (the one with fewest nulls)."""
    export(full_ledger, tmp_path)
    return {
        name: max(lines(tmp_path / f"{name}.jsonl"), key=lambda obj: sum(v is not None for v in obj.values()))
        for name in FILES
    }


def broken(obj, path, value):
    """A deep copy of `obj` with the dotted `path` set to `value` (or deleted when value is ...)."""
    obj = copy.deepcopy(obj)
    *parents, last = path.split(".")
    target = obj
    for key in parents:
        target = target[int(key)] if isinstance(target, list) else target[key]
    if value is ...:
        del target[last]
    else:
        target[last] = value
    return obj


@pytest.mark.parametrize(
    ("name", "path", "value", "problem"),
    [
        ("figures", "low", "12", "low: expected int, got str"),
        ("figures", "low", True, "low: expected int, got bool"),
        ("figures", "kind", "wounded", "not one of"),
        ("figures", "high", 3, "high 3 is below low 12"),
        ("figures", "evidence.text", ..., "evidence.text: missing"),
        ("figures", "period.start", "March 2021", "does not match"),
        ("figures", "attributed_to.sector", "ARMY", "attributed_to.sector"),
        ("figures", "cumulative", ..., "cumulative: missing"),
        ("mentions", "place", None, "place is null"),
        ("claims", "speaker.text", ..., "speaker.text: missing"),
        ("claims", "about", "fig_1", "about: expected list[str]"),
        ("events", "confidence", 1.5, "above 1"),
        ("events", "type", "attack", "not one of"),
        ("events", "confidence", float("nan"), "not a finite number"),
        ("events", "evidence", [], "at least one document and one evidence span"),
        ("events", "evidence.0.doc_id", "doc_other", "not in"),
        ("events", "place.lat", "40.1", "place.lat: expected number or null"),
        ("documents", "published.method", "guess", "published.method"),
        ("documents", "removed", [1], "removed[0]: expected str, got int"),
        ("documents", "text", None, "text: expected str, got null"),
        ("stories", "date", None, "date: expected date_range"),
        ("tallies", "best", 50, "outside low..high"),
    ],
)
def test_validator_catches_broken_records(exported, name, path, value, problem):
    obj = exported[name]
    if name == "mentions":
        obj = broken(obj, "kind", "place") if obj["kind"] == "actor" else obj
    if name == "tallies":
        obj = broken(obj, "high", 20)
    assert validate_record(name, obj) == []
    problems = validate_record(f"{name}.jsonl", broken(obj, path, value))
    assert any(problem in p for p in problems), problems


def test_validator_rejects_non_objects_and_unknown_files():
    assert validate_record("figures", ["not", "an", "object"]) == ["figures: expected an object, got list"]
    with pytest.raises(KeyError):
        validate_record("casualties.jsonl", {})


def test_contract_shapes_cover_the_nested_types():
    assert {"span", "actor", "place", "date_range", "published"} <= set(SHAPES)
    used = {t.removeprefix("list[").rstrip("]") for specs in FILES.values() for s in specs for t in s.types}
    assert used - {"str", "int", "number", "bool", "null"} <= set(SHAPES)


def test_check_spans_catches_a_span_that_does_not_quote_its_document(full_ledger, tmp_path):
    export(full_ledger, tmp_path)
    figures = lines(tmp_path / "figures.jsonl")
    figures[0]["evidence"]["start"] += 1
    figures[1]["quantity"]["text"] = "At most 12"
    (tmp_path / "figures.jsonl").write_text("".join(json.dumps(f) + "\n" for f in figures), encoding="utf-8")
    problems = check_spans(tmp_path)
    assert len(problems) == 2 and all(p.startswith("figures fig_") for p in problems)
    assert validate_export(tmp_path) == problems


def test_validate_export_catches_count_mismatch_and_bad_manifest(full_ledger, tmp_path):
    export(full_ledger, tmp_path)
    (tmp_path / "claims.jsonl").write_text("", encoding="utf-8")
    assert validate_export(tmp_path) == ["manifest counts 2 claims, the file has 0"]
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    (tmp_path / "manifest.json").write_text(json.dumps({**manifest, "version": 2}))
    with pytest.raises(FormatError, match="version 2"):
        validate_export(tmp_path)
