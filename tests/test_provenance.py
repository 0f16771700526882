"""Provenance: the words inside each field's box reproduce the field's value.

For every measure of a real PDF, the page words whose centre lies in a provenance box (read
independently with ``kotoex.extract.iter_pages``) are joined and compared with the field's value
(rapidfuzz ratio >= 0.9 after dropping whitespace, hyphens and bullets). samples/*.pdf always run;
corpus PDFs skip where ../shared/corpus is absent; pages without a text layer are not checked.

Until ``kotoex/interpret/measures.py`` records heading boxes (section / goal read from heading
lines) and per-item boxes of bullet-split rows, the documents known to need that change are
xfail (non-strict); once the rows' ``Context`` has ``section_boxes`` the test is strict everywhere and also
requires a section / goal box on every measure whose section / goal came from the page.
"""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from conftest import CORPUS, SAMPLES
from kotoex.extract import iter_pages, open_document
from kotoex.extract.layout import BULLET_CHARS, group_lines
from kotoex.interpret import rows as rows_mod
from kotoex.pipeline import extract_pdf

HEADING_BOXES = "section_boxes" in {f.name for f in dataclasses.fields(rows_mod.Context)}
# documents whose boxes are only right with the measures.py change described above
NEEDS_MEASURES_CHANGE = {"turku_report_2013", "vaasa_programme_2019"}
PATHS = {"grid", "borderless", "narrative", "ocr"}

SAMPLE_PDFS = sorted(SAMPLES.glob("*.pdf"))
CORPUS_PDFS = sorted(p for p in CORPUS.glob("*.pdf") if "__scan" not in p.name) if CORPUS.is_dir() else []


def _norm(s: str | None) -> str:
    s = "".join(ch for ch in (s or "") if ch not in BULLET_CHARS and ch not in "\u00ad-‐‑–—")
    return re.sub(r"\s+", "", s).lower()


def _box_text(page, bbox) -> str:
    x0, y0, x1, y1 = bbox
    words = [w for w in page.words if x0 <= (w.x0 + w.x1) / 2 <= x1 and y0 <= w.mid_y <= y1]
    return " ".join(ln.text for ln in group_lines(words))


def _expected(m, role: str) -> str | None:
    raw = (m.responsible.raw or "") if m.responsible else ""
    parts = raw.split(" | ")
    values = {
        "text": m.text, "section": m.section, "goal": m.goal, "indicator": m.indicator,
        "schedule": m.schedule.raw if m.schedule else None,
        "status": " ".join(x for x in ((m.status.raw, m.status.detail) if m.status else ()) if x) or None,
        "responsible": parts[0] if raw else None, "partners": parts[1] if len(parts) > 1 else None,
    }
    return values.get(role)


def _pages(pdf: Path) -> dict:
    doc = open_document(pdf)
    try:
        return {p.number: p for p in iter_pages(doc)}
    finally:
        doc.close()


def _check(pdf: Path) -> tuple[int, list[tuple]]:
    doc = extract_pdf(pdf)
    pages = _pages(pdf)
    checked, bad = 0, []
    for m in doc.measures:
        prov = m.provenance
        assert prov is not None and prov["coord_origin"] == "top-left"
        assert prov["path"] in PATHS, prov["path"]
        fields = prov["fields"]
        assert "text" in fields, f"measure {m.id} {m.text[:40]!r} has no text box"
        for role, boxes in fields.items():
            for b in boxes:
                x0, y0, x1, y1 = b["bbox"]
                page = pages[b["page"]]
                assert b["page"] in m.pages or role in ("section", "goal"), (role, b, m.pages)
                assert 0 <= x0 <= x1 <= page.width + 1 and 0 <= y0 <= y1 <= page.height + 1, (role, b)
            exp = _expected(m, role)
            if exp is None or not all(pages[b["page"]].has_text and not pages[b["page"]].ocr for b in boxes):
                continue
            got = " ".join(_box_text(pages[b["page"]], b["bbox"]) for b in boxes)
            if m.id and role == "text" and not HEADING_BOXES:
                got = re.sub(r"^\s*" + re.escape(m.id) + r"\.?\s*", "", got)  # the id shares the text cell
            ratio = fuzz.ratio(_norm(exp), _norm(got)) / 100
            checked += 1
            if ratio < 0.9:
                bad.append((m.id, role, round(ratio, 2), exp[:60], got[:60]))
        if HEADING_BOXES:
            for role in ("section", "goal"):
                value = getattr(m, role)
                if value and role not in fields:
                    bad.append((m.id, role, 0.0, "missing box", value[:60]))
    return checked, bad


def _doc_name(pdf: Path) -> str:
    return pdf.stem.split("__")[0]


@pytest.mark.parametrize("pdf", SAMPLE_PDFS + CORPUS_PDFS, ids=lambda p: p.stem)
def test_boxes_reproduce_field_text(pdf, request):
    if not HEADING_BOXES and _doc_name(pdf) in NEEDS_MEASURES_CHANGE:
        request.applymarker(pytest.mark.xfail(reason="needs heading/per-item boxes in interpret/measures.py",
                                              strict=False))
    checked, bad = _check(pdf)
    assert not bad, f"{len(bad)} of {checked} boxes do not reproduce their field: {bad[:5]}"


def test_samples_have_boxes_for_every_cell_field():
    pdf = SAMPLES / "jarvenpaa_targets_2020.pdf"
    doc = extract_pdf(pdf)
    assert doc.measures
    roles = {r for m in doc.measures for r in m.provenance["fields"]}
    assert {"text"} <= roles
    for m in doc.measures:
        for role in ("indicator", "schedule"):
            if getattr(m, role):
                assert role in m.provenance["fields"], (m.id, role)
