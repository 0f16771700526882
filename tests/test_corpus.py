"""Acceptance figures on the shared development corpus (skipped where ../shared is absent)."""
from __future__ import annotations

import fnmatch
import importlib.util
import json

import pytest

from conftest import CORPUS, SCORER as SCORE
from kotoex.pipeline import process_file
from kotoex.writers import document_json

pytestmark = pytest.mark.shared

# Documents of the corpus that do not reach the bar yet, with the open issue that covers them.
# They run as non-strict xfails: a fix shows up as XPASS, and the entry is then removed.
KNOWN_GAPS: dict[str, str] = {}  # none at present (rotated pages, LibreOffice tables and the
# decision header formats of issue 14 reach the bar since they were fixed)


def _cases(names: list[str]) -> list:
    out = []
    for name in names:
        reason = next((r for pat, r in KNOWN_GAPS.items() if fnmatch.fnmatchcase(name, pat)), None)
        out.append(pytest.param(name, marks=pytest.mark.xfail(reason=reason, strict=False)) if reason else name)
    return out


@pytest.fixture(scope="module")
def score_mod():
    if not SCORE.exists():
        pytest.skip("shared scorer not available")
    spec = importlib.util.spec_from_file_location("kotoex_score", SCORE)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _score(score_mod, name: str) -> dict:
    pdf = CORPUS / f"{name}.pdf"
    if not pdf.exists():
        pytest.skip(f"{pdf} not available")
    gold = json.loads((CORPUS / f"{name}.gold.json").read_text(encoding="utf-8"))
    pred = json.loads(document_json(process_file(pdf)))
    return score_mod.score_doc(gold, pred)


def test_turku_grid_acceptance(score_mod):
    s = _score(score_mod, "turku_report_2013__wp-grid-land")
    assert s["measure_f1"] >= 0.97
    for f in ("m.text", "m.id", "m.section", "m.goal", "m.responsible", "m.indicator", "m.status"):
        assert s[f] >= 0.95, f
    for f in ("doc_type", "municipalities", "period", "language"):
        assert s[f] == 1.0, f


TEXT_LAYER = sorted(p.stem for p in CORPUS.glob("*.pdf") if "__scan" not in p.stem) if CORPUS.is_dir() else []


@pytest.mark.parametrize("name", _cases(TEXT_LAYER))
def test_text_layer_corpus(score_mod, name):
    s = _score(score_mod, name)
    assert s["doc_type"] == 1.0 and s["language"] == 1.0 and s["municipalities"] == 1.0
    if "measure_f1" in s:
        assert s["measure_f1"] >= 0.95
        for f in ("m.text", "m.id", "m.section", "m.goal", "m.responsible", "m.indicator", "m.schedule"):
            if f in s:
                assert s[f] >= 0.9, f
    if "practice_f1" in s:
        assert s["practice_f1"] >= 0.95 and s["p.municipalities"] >= 0.9 and s["p.text"] >= 0.9
    for k, v in s.items():
        if k.startswith("d."):
            assert v == 1.0, k


SCANS = sorted(p.stem for p in CORPUS.glob("*__scan.pdf")) if CORPUS.is_dir() else []


@pytest.mark.parametrize("name", _cases(SCANS))
def test_scans_are_read_by_ocr(score_mod, name):
    from kotoex.extract.ocr import tesseract_available

    if not tesseract_available():
        pytest.skip("tesseract with Finnish/Swedish data not installed (scripts/install-system-deps.sh)")
    s = _score(score_mod, name)
    assert s["doc_type"] == 1.0 and s["language"] == 1.0
    if "measure_f1" in s:
        assert s["measure_f1"] >= 0.85 and s["m.text"] >= 0.8
        if "m.status" in s:
            assert s["m.status"] >= 0.9
    if "d.amounts_f1" in s:
        assert s["d.amounts_f1"] >= 0.9
    if "practice_f1" in s:
        assert s["practice_f1"] >= 0.9


@pytest.mark.parametrize("name", SCANS[:1])
def test_scan_without_ocr_is_a_recorded_partial_result(name):
    from kotoex.pipeline import Settings

    doc = process_file(CORPUS / f"{name}.pdf", Settings(use_ocr=False))
    assert doc.status in ("partial", "failed")
    assert any("no usable text layer" in w for w in doc.warnings)  # never silent about missing content
