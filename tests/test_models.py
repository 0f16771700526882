"""The pydantic models, the exported JSON Schema and the contract stay in step."""
import json

import jsonschema
import pytest
from pydantic import ValidationError

from conftest import ROOT
from kotoex.models import Document, Measure, Source, json_schema

SCHEMA_FILE = ROOT / "models" / "document.schema.json"


def test_exported_schema_matches_models():
    # regenerate with: python scripts/export_schema.py
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == json_schema()


def test_minimal_document_validates_against_schema():
    doc = Document(source=Source(file="x.pdf", sha256="0" * 64, pages=1))
    data = json.loads(doc.model_dump_json())
    jsonschema.validate(data, json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    assert data["schema_version"] == "1"
    assert data["decision"] is None and data["measures"] == [] and data["practices"] == []


def test_contract_objects_reject_unknown_fields():
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Measure(text="x", colour="red")


def test_codes_are_closed_sets():
    with pytest.raises(ValidationError):
        Measure(text="x", status={"raw": "x", "code": "done"})
    with pytest.raises(ValidationError):
        Measure(text="x", responsible={"raw": "x", "bodies": [{"name": "X", "code": "mun.nothing", "role": "lead"}]})


def test_municipality_code_is_three_digits():
    with pytest.raises(ValidationError):
        Document.model_validate({"source": {"file": "a", "sha256": "", "pages": 0},
                                 "document": {"municipalities": [{"name": "Turku", "code": "853x"}]}})


def test_problem_records_carry_pages_as_numbers():
    from kotoex.models import PROBLEM_KINDS, Problem, messages

    p = Problem.of("no_text", "pages 3-4, 7: no text", [7, 3, 4])
    assert (p.kind, p.page, p.pages, p.severity) == ("no_text", 3, [3, 4, 7], "info")
    assert Problem.of("max_pages", "x", 5).pages == [5]
    assert Problem.of("no_table_header", "x").page is None
    assert all(sev in ("info", "warning", "error") for sev, _ in PROBLEM_KINDS.values())
    with pytest.raises(KeyError):
        Problem.of("no_such_kind", "x")
    with pytest.raises(ValidationError):
        Problem(kind="Not A Code", message="x")
    assert messages([p]) == ["pages 3-4, 7: no text"]


def test_documents_warnings_are_their_problems_messages():
    from conftest import SAMPLES
    from kotoex import extract_pdf

    doc = extract_pdf(SAMPLES / "turku_report_2013.pdf")
    assert doc.problems and doc.warnings == [p.message for p in doc.problems]
    p = doc.problems[0]
    assert p.kind == "unmatched_body" and isinstance(p.page, int) and str(p.page) in p.message
    data = json.loads(doc.model_dump_json())
    jsonschema.validate(data, json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    assert set(data["problems"][0]) == {"kind", "page", "pages", "message", "severity"}


def test_provenance_is_typed_and_reads_like_its_json():
    from kotoex.models import Box, MeasureProvenance, Provenance, provenance

    prov = provenance("text", {"title": [{"page": 2, "bbox": [1.0, 2.0, 3.5, 4.0]}], "amounts": [None]})
    assert type(prov) is Provenance and isinstance(prov.fields["title"][0], Box)
    assert json.loads(prov.model_dump_json()) == {"path": "text", "coord_origin": "top-left",
                                                  "fields": {"title": [{"page": 2, "bbox": [1.0, 2.0, 3.5, 4.0]}],
                                                             "amounts": [None]}}
    # code written against the JSON reads the model the same way
    assert prov["fields"]["title"][0]["bbox"][2] == 3.5 and prov.get("path") == "text" and "fields" in prov
    m = provenance("grid", {}, [{"signal": "ocr", "factor": 0.8, "field": None, "note": "read by OCR"}])
    assert type(m) is MeasureProvenance and m["confidence_factors"][0]["signal"] == "ocr"
    with pytest.raises(ValidationError):
        Provenance(path="text", coord_origin="bottom-left")
    with pytest.raises(ValidationError):
        Measure(text="x", provenance={"path": "grid", "fields": {"text": [{"page": 1, "bbox": [1, 2]}]}})
