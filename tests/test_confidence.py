"""Confidence: the pure scoring functions, the flag for exports, and the pipeline wiring."""
from __future__ import annotations

import pytest

from conftest import SAMPLES
from kotoex.confidence import (
    Confidence, body_factor, document_confidence, flag_low_confidence, fuzzy_factor, measure_confidence,
)


def _m(**kw) -> Confidence:
    base = dict(path="grid", header_roles=("text", "responsible", "status"), text="Toimenpiteen kuvaus tässä",
                bodies=[("exact", None)], responsible_column=True, responsible_raw="Sivistystoimiala",
                status=("implemented", "exact", None, "Toteutuu"))
    base.update(kw)
    return measure_confidence(**base)


def test_clean_grid_row_is_fully_confident():
    c = _m()
    assert c.value == 1.0 and c.factors == ()


def test_path_orders_grid_over_borderless_over_narrative():
    assert _m().value > _m(path="borderless").value > _m(path="narrative", header_roles=()).value
    assert _m(path="something-new").value < 1.0


@pytest.mark.parametrize("signal", [
    dict(merged_across_pages=True), dict(ocr=True), dict(text="x"), dict(text="a" * 2000),
    dict(header_roles=("goal", "responsible")), dict(responsible_raw=None, bodies=[]),
    dict(status=("unknown", "none", None, "jotain muuta")), dict(status=("unknown", "none", None, None)),
    dict(status=("implemented", "fuzzy", 91.0, "Toteutu")), dict(bodies=[("none", None)]),
    dict(bodies=[("fuzzy", 92.0)]), dict(bodies=[("rule", None)]),
    dict(goal="edistäminen"), dict(section="muuttavat)"), dict(goal="Omankielinen neuvonta 7. Turvallisuuden edistäminen"),
    dict(header_roles=("goal", "text", "responsible", "status"), goal=None), dict(ocr=True, ocr_word_conf=31.0),
])
def test_each_doubt_lowers_confidence_and_says_why(signal):
    c = _m(**signal)
    assert 0.0 <= c.value < 1.0
    assert c.factors and all(0 < f.factor < 1 for f in c.factors)
    assert all(f.as_dict()["signal"] for f in c.factors)


def test_fragments_of_headings_are_told_from_whole_headings():
    from kotoex.confidence import fragment_reason

    for whole in ("Työllisyyden edistäminen", "3. Osaamisen vahvistaminen", "Alle 3 v maassa olleet maahanmuuttajat",
                  "S2-opetus", "2020 tavoitteet", None, ""):
        assert fragment_reason(whole) == "", whole
    for piece in ("edistäminen", "osallistuvat oman asuinalueensa", "efter integrationsutbildningen.", ") ja muut",
                  "Kuvalliset asumisohjeet 3. Osaamisen vahvistaminen"):
        assert fragment_reason(piece), piece
    # the factor names the field, so the review report points at it
    assert _m(goal="edistäminen").fields() == {"goal"}


def test_ocr_word_confidence_only_counts_when_low():
    assert _m(ocr=True, ocr_word_conf=92.0).value == _m(ocr=True).value
    assert _m(ocr=True, ocr_word_conf=10.0).value < _m(ocr=True, ocr_word_conf=50.0).value < _m(ocr=True).value


def test_body_methods_are_ranked():
    assert body_factor("exact") > body_factor("lemma") > body_factor("rule") > body_factor("fuzzy", 90) \
        > body_factor("none")
    assert fuzzy_factor(100) > fuzzy_factor(95) > fuzzy_factor(90) >= 0.75
    # the weakest body decides, however many good ones there are
    assert _m(bodies=[("exact", None), ("none", None)]).value == _m(bodies=[("none", None)]).value


def test_status_unknown_with_text_is_worse_than_empty_cell():
    assert _m(status=("unknown", "none", None, "tekstiä")).value < _m(status=("unknown", "none", None, "")).value


def test_signals_multiply_and_stay_in_range():
    c = _m(path="narrative", header_roles=(), merged_across_pages=True, ocr=True, text="x",
           bodies=[("none", None)], status=("unknown", "none", None, "???"))
    assert 0.0 < c.value < 0.25
    assert {"text", "responsible", "status"} <= c.fields()


def test_document_confidence():
    assert document_confidence(status="failed", doc_type="other", measure_confidences=[]).value == 0.0
    ok = document_confidence(status="ok", doc_type="measure_report", measure_confidences=[1.0, 0.8])
    assert ok.value == pytest.approx(0.9)
    assert document_confidence(status="ok", doc_type="measure_report", measure_confidences=[1.0],
                               headers_found=0).value < ok.value
    assert document_confidence(status="partial", doc_type="measure_report", measure_confidences=[],
                               n_pages=4).value <= 0.5
    scanned = document_confidence(status="partial", doc_type="measure_report", measure_confidences=[1.0],
                                  n_pages=4, blank_pages=2)
    assert scanned.value == pytest.approx(0.75)
    ocr = document_confidence(status="ok", doc_type="measure_report", measure_confidences=[1.0], n_pages=4,
                              ocr_pages=4)
    assert ocr.value == pytest.approx(0.8)
    # near-empty pages without images explain "partial" and cost nothing
    assert document_confidence(status="partial", doc_type="decision", measure_confidences=[], n_pages=2,
                               empty_pages=1, decision={k: "x" for k in ("body", "section", "date", "diary_number",
                                                                        "title", "decision_text")}).value == 1.0
    assert document_confidence(status="ok", doc_type="decision", measure_confidences=[],
                               decision={"body": "x"}).value == pytest.approx(0.75)
    assert document_confidence(status="ok", doc_type="practice_collection", measure_confidences=[],
                               n_practices=0).value == 0.5


def test_flag_low_confidence_never_drops_rows():
    rows = [{"id": 1, "confidence": 0.95}, {"id": 2, "confidence": 0.5}, {"id": 3, "confidence": None},
            {"id": 4}, {"id": 5, "confidence": "bad"}, {"id": 6, "confidence": 0.8}]
    out = flag_low_confidence(rows, 0.8)
    assert [r["id"] for r in out] == [1, 2, 3, 4, 5, 6]
    assert [r["low_confidence"] for r in out] == [False, True, True, True, True, False]
    assert "low_confidence" not in rows[0]  # input untouched
    assert all(r["low_confidence"] is False for r in flag_low_confidence(rows, None))
    assert flag_low_confidence([], 0.5) == []


def test_pipeline_sets_measure_and_document_confidence():
    from kotoex import extract_pdf

    doc = extract_pdf(SAMPLES / "turku_report_2013.pdf")
    assert doc.confidence is not None and 0.5 < doc.confidence <= 1.0
    assert all(m.confidence is not None and 0 <= m.confidence <= 1 for m in doc.measures)
    for m in doc.measures:
        factors = m.provenance["confidence_factors"]
        product = 1.0
        for f in factors:
            product *= f["factor"]
        assert m.confidence == pytest.approx(product, abs=0.002)
    # the measure whose body matched nothing is among the least confident
    worst = min(doc.measures, key=lambda m: m.confidence)
    assert worst.confidence < 0.8
    assert any(f["signal"] == "body:none" for m in doc.measures for f in m.provenance["confidence_factors"])
    decision = extract_pdf(SAMPLES / "turku_decision_2023.pdf")
    assert decision.confidence is not None and decision.confidence > 0.7
