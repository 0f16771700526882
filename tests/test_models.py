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
