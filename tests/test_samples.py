"""Regression on the bundled samples: outputs equal the reviewed golden JSON in samples/expected/.

Regenerate on purpose only: KOTOEX_REGEN_GOLDEN=1 python -m pytest tests/test_samples.py
A missing golden file fails.
"""
from __future__ import annotations

import json
import os

import jsonschema
import pytest

from conftest import ROOT, SAMPLES
from kotoex import extract_pdf, measures_frame
from kotoex.writers import document_json

EXPECTED = SAMPLES / "expected"
SCHEMA = json.loads((ROOT / "models" / "document.schema.json").read_text(encoding="utf-8"))
SAMPLE_PDFS = sorted(SAMPLES.glob("*.pdf"))


def _comparable(data: dict) -> dict:
    data = dict(data)
    data.pop("pipeline_version", None)
    return data


@pytest.fixture(scope="module")
def docs():
    return {p.stem: extract_pdf(p) for p in SAMPLE_PDFS}


def test_samples_exist():
    assert {p.stem for p in SAMPLE_PDFS} >= {"turku_report_2013", "turku_decision_2023", "jarvenpaa_targets_2020"}


@pytest.mark.parametrize("pdf", SAMPLE_PDFS, ids=lambda p: p.stem)
def test_sample_matches_golden(pdf, docs):
    got = json.loads(document_json(docs[pdf.stem]))
    golden = EXPECTED / f"{pdf.stem}.json"
    if os.environ.get("KOTOEX_REGEN_GOLDEN"):
        golden.write_text(document_json(docs[pdf.stem]), encoding="utf-8")
    assert golden.exists(), f"missing golden output {golden}; review and create it with KOTOEX_REGEN_GOLDEN=1"
    assert _comparable(got) == _comparable(json.loads(golden.read_text(encoding="utf-8")))


@pytest.mark.parametrize("pdf", SAMPLE_PDFS, ids=lambda p: p.stem)
def test_sample_validates_against_schema(pdf, docs):
    jsonschema.validate(json.loads(document_json(docs[pdf.stem])), SCHEMA)


def test_turku_report_values(docs):
    doc = docs["turku_report_2013"]
    d = doc.document
    assert (d.doc_type, d.language) == ("measure_report", "fi")
    assert [(m.name, m.code) for m in d.municipalities] == [("Turku", "853")]
    assert (d.period.start, d.period.end) == (2007, 2013)
    assert len(doc.measures) == 42
    m = next(m for m in doc.measures if m.id == "2.1" and m.section.startswith("Alle kouluikäiset"))
    assert m.text.startswith("Lapsen kielitaidon (kotikieli muu kuin suomi tai ruotsi)")
    assert m.goal.startswith("Tavoitteena on, että vanhemmat ymmärtävät")
    assert [(b.name, b.code, b.role) for b in m.responsible.bodies] == [
        ("Hyvinvointitoimialan neuvolatoiminta", "mun.social_health", "lead"),
        ("Sivistystoimialan päivähoito", "mun.education", "partner")]
    assert (m.status.raw, m.status.code) == ("Toteutuu", "implemented")
    assert m.pages == [1, 2]  # the row is broken across a page break and merged
    partial = next(m for m in doc.measures if m.status and m.status.raw == "Toteutuu osin.")
    assert partial.status.code == "partially_implemented" and partial.status.detail


def test_real_hyphens_survive_and_line_breaks_do_not(docs):
    texts = " ".join(m.text for m in docs["turku_report_2013"].measures)
    assert "ohjaus- ja koulutusjärjestelmän" in " ".join(m.goal or "" for m in docs["turku_report_2013"].measures)
    assert "Aamu- ja iltapäivätoiminnan" in texts


def test_decision_values(docs):
    doc = docs["turku_decision_2023"]
    dec = doc.decision
    assert doc.document.doc_type == "decision"
    assert (dec.body, dec.section, dec.date) == ("Kansliapäällikkö", "242", "2023-08-28")
    assert 189000.0 in [a.value for a in dec.amounts]


def test_targets_values(docs):
    doc = docs["jarvenpaa_targets_2020"]
    assert doc.document.doc_type == "annual_targets"
    assert len(doc.measures) == 39
    verso = [m for m in doc.measures if m.responsible.raw and "Verso" in m.responsible.raw]
    assert verso and all(b.code == "mun.integration_services" for m in verso for b in m.responsible.bodies)
    assert not any(m.text.startswith("kohdat") for m in doc.measures)  # cross-references are no measures


def test_measures_frame(docs):
    df = measures_frame(list(docs.values()))
    assert len(df) == sum(len(d.measures) for d in docs.values())
    assert set(df["municipality_code"].dropna()) <= {"853", "186"}
    assert df.loc[df["id"] == "1.2", "body_codes"].iloc[0] == "mun.leisure_culture;mun.education"
