"""Provenance of decisions and practices: the words inside each field's box reproduce its value.

The page words whose centre lies in a provenance box (read independently with
``kotoex.extract.open_document`` + ``iter_pages``) are joined and compared with the field:

* header fields and the title: the value's letters / digits appear among the box words (rapidfuzz
  partial_ratio >= 90 after normalising); the ISO date appears printed as d.m.yyyy in the box;
* decision_text and practice text / title / region heading: rapidfuzz ratio >= 90 between the
  value and the box words (whitespace, hyphens and bullets dropped);
* each amount: its raw string occurs in its box's words; each person's name and the funder's stem
  occur in theirs.

samples/turku_decision_2023.pdf always runs; corpus PDFs carry the ``shared`` marker and skip where the shared corpus is absent.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from conftest import CORPUS, SAMPLES
from kotoex.extract import iter_pages, open_document
from kotoex.extract.layout import BULLET_CHARS, group_lines
from kotoex.interpret.decision import parse_decision
from kotoex.interpret.practices import parse_practices
from kotoex.normalize.dates import parse_fi_date

LAYOUTS = ("wp-grid-land", "wp-open-port", "wp-shade-land")
DECISION_PDFS = [SAMPLES / "turku_decision_2023.pdf"] + [
    pytest.param(CORPUS / f"{name}__{layout}.pdf", marks=pytest.mark.shared)
    for name in ("turku_decision_2023", "dev_rovaniemi_decision_2021") for layout in LAYOUTS]
PRACTICE_PDFS = [CORPUS / f"kuntaliitto_collection_2017__{layout}.pdf" for layout in LAYOUTS]
HEADER_FIELDS = ("body", "section", "diary_number", "title")


def _pages(pdf: Path) -> dict:
    if not pdf.exists():
        pytest.skip(f"not available: {pdf}")
    doc = open_document(pdf)
    try:
        return {p.number: p for p in iter_pages(doc)}
    finally:
        doc.close()


def _box_words(pages: dict, b: dict) -> str:
    x0, y0, x1, y1 = b["bbox"]
    assert x0 <= x1 and y0 <= y1, b
    words = [w for w in pages[b["page"]].words if x0 <= (w.x0 + w.x1) / 2 <= x1 and y0 <= w.mid_y <= y1]
    return " ".join(ln.text for ln in group_lines(words))


def _boxes_words(pages: dict, boxes: list[dict]) -> str:
    return " ".join(_box_words(pages, b) for b in boxes)


def _alnum(s: str | None) -> str:
    """Lowercase letters and digits separated by single spaces (punctuation dropped)."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w]+", " ", (s or "").lower())).strip()


def _squash(s: str | None) -> str:
    """For whole-text comparison: no whitespace, hyphens, dashes or bullets."""
    s = "".join(ch for ch in (s or "") if ch not in BULLET_CHARS and ch not in "\u00ad-‐‑–—")
    return re.sub(r"\s+", "", s).lower()


def _ws(s: str | None) -> str:
    return re.sub(r"\s+", " ", s or "").strip()


def _check_prov(prov: dict | None) -> dict:
    assert prov is not None
    assert prov["path"] == "text" and prov["coord_origin"] == "top-left"
    return prov["fields"]


@pytest.mark.parametrize("pdf", DECISION_PDFS, ids=lambda p: p.stem)
def test_decision_boxes_hold_their_values(pdf: Path):
    pages = _pages(pdf)
    d, _ = parse_decision(list(pages.values()))
    fields = _check_prov(d.provenance)

    # every extracted scalar field has a box
    for name in ("body", "section", "date", "diary_number", "title", "decision_text", "funder"):
        if getattr(d, name):
            assert fields.get(name), f"{name} has no box"

    for name in HEADER_FIELDS:
        value = getattr(d, name)
        if not value:
            continue
        words = _alnum(_boxes_words(pages, fields[name]))
        assert fuzz.partial_ratio(_alnum(value), words) >= 90, (name, value, words)

    if d.date:
        words = _boxes_words(pages, fields["date"])
        printed = {parse_fi_date(m.group(0)) for m in re.finditer(r"\d{1,2}\.\d{1,2}\.\d{4}", words)}
        assert d.date in printed, (d.date, words)

    if d.decision_text:
        words = _boxes_words(pages, fields["decision_text"])
        assert fuzz.ratio(_squash(d.decision_text), _squash(words)) >= 90, (d.decision_text, words)

    if d.funder:
        words = _boxes_words(pages, fields["funder"])
        stem = d.funder[: max(4, len(d.funder) - 3)]  # "Lapin ELY-keskus" is read from "Lapin ELY-keskuksen"
        assert _ws(stem) in _ws(words), (d.funder, words)

    assert len(fields.get("amounts", [])) == len(d.amounts)
    for am, b in zip(d.amounts, fields.get("amounts", [])):
        assert b is not None, am
        words = _box_words(pages, b)
        assert _ws(am.raw) in _ws(words), (am.raw, words)

    assert len(fields.get("people", [])) == len(d.people)
    for person, b in zip(d.people, fields.get("people", [])):
        assert b is not None, person
        words = _box_words(pages, b)
        assert person.name in _ws(words), (person.name, words)


@pytest.mark.shared
def test_decision_amount_split_over_lines_gets_both_lines():
    """Rovaniemi: "noin 1,2" ends one line and "milj. euroa" starts the next."""
    pdf = CORPUS / "dev_rovaniemi_decision_2021__wp-open-port.pdf"
    pages = _pages(pdf)
    d, _ = parse_decision(list(pages.values()))
    i = next(k for k, am in enumerate(d.amounts) if am.raw == "1,2 milj. euroa")
    b = d.provenance["fields"]["amounts"][i]
    words = _box_words(pages, b)
    assert "1,2 milj. euroa" in words
    assert len(group_lines([w for w in pages[b["page"]].words
                            if b["bbox"][1] <= w.mid_y <= b["bbox"][3] and b["bbox"][0] <= (w.x0 + w.x1) / 2 <= b["bbox"][2]])) == 2


@pytest.mark.shared
@pytest.mark.parametrize("pdf", PRACTICE_PDFS, ids=lambda p: p.stem)
def test_practice_boxes_hold_their_values(pdf: Path):
    pages = _pages(pdf)
    ps, _ = parse_practices(list(pages.values()))
    assert ps
    for p in ps:
        fields = _check_prov(p.provenance)
        assert fields.get("title"), p.title
        words = _boxes_words(pages, fields["title"])
        assert fuzz.ratio(_squash(p.title), _squash(words)) >= 90, (p.title, words)
        if p.text:
            boxes = fields["text"]
            assert len({b["page"] for b in boxes}) == len(boxes)  # one box per page
            assert {b["page"] for b in boxes} <= set(p.pages)
            words = _boxes_words(pages, boxes)
            assert fuzz.ratio(_squash(p.text), _squash(words)) >= 90, (p.title, p.text[:80], words[:80])
        else:
            assert "text" not in fields
        if p.region_heading:
            words = _boxes_words(pages, fields["region_heading"])
            assert fuzz.ratio(_squash(p.region_heading), _squash(words)) >= 90, (p.region_heading, words)
        else:
            assert "region_heading" not in fields


def test_synthetic_practice_provenance():
    from _synth import make_pages

    pages = make_pages([[("Kemi", 14, True), ("Kielikahvila", 12, True),
                         ("Kirjasto järjestää kielikahvilaa, jossa maahan-", 9, False),
                         ("muuttajat harjoittelevat suomea.", 9, False),
                         ("Pargas", 14, True), ("Språkcafé", 12, True),
                         ("Staden ordnar språkcaféer för invandrare.", 9, False)]])
    ps, _ = parse_practices(pages)
    assert [p.title for p in ps] == ["Kielikahvila", "Språkcafé"]
    f = ps[0].provenance["fields"]
    assert set(f) == {"title", "text", "region_heading"}
    assert [b["page"] for b in f["text"]] == [1]
    # the text box spans both text lines and lies below the title, which lies below the region heading
    assert f["region_heading"][0]["bbox"][3] <= f["title"][0]["bbox"][1] <= f["text"][0]["bbox"][1]
    assert ps[1].provenance["fields"]["text"][0]["bbox"][1] > f["text"][0]["bbox"][3]
