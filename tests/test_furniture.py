"""Page furniture (extract/furniture.py) on PDFs generated with reportlab: page numbers and running
headers in the margins go, the same texts inside the page stay."""
from __future__ import annotations

from pathlib import Path

import pytest

from kotoex.extract import iter_pages, open_document
from kotoex.extract.furniture import Margins, content_lines, drop_furniture, is_page_number

pytest.importorskip("reportlab.pdfgen.canvas")

W, H = 595, 842
BODY = ["Kotouttamisohjelman toimenpiteet vuodelle 2024", "12", "Kaupunki järjestää kielikursseja."]


def _pdf(path: Path, n_pages: int, header: str | None, footer: str) -> list:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=(W, H))
    for k in range(1, n_pages + 1):
        c.setFont("Helvetica", 9)
        if header:
            c.drawString(60, H - 30, header)
        c.drawString(W / 2, 25, footer.format(k=k, n=n_pages))
        c.setFont("Helvetica", 11)
        for i, text in enumerate(BODY):
            c.drawString(60, H - 200 - 20 * i, text)
        c.showPage()
    c.save()
    return list(iter_pages(open_document(path)))


@pytest.mark.parametrize("text", ["12", "3 (12)", "3/12", "sivu 3", "Sida 2 av 9", "Page 4", "- 7 -"])
def test_page_number_forms(text):
    assert is_page_number(text)


@pytest.mark.parametrize("text", ["2024 toimenpiteet", "1234", "Liite 3", "3.12.2023"])
def test_not_page_numbers(text):
    assert not is_page_number(text)


@pytest.mark.parametrize("footer", ["{k}", "{k} ({n})", "sivu {k} / {n}", "- {k} -"])
def test_page_numbers_in_the_margin_go_the_same_text_inside_stays(tmp_path, footer):
    pages = _pdf(tmp_path / "p.pdf", 2, None, footer)
    for page in pages:
        kept = " ".join(w.text for w in drop_furniture(page))
        assert kept == " ".join(BODY)  # "12" in the body stays
    assert [ln.text for ln in content_lines(pages)] == BODY * 2


def test_running_header_goes_only_when_asked(tmp_path):
    pages = _pdf(tmp_path / "p.pdf", 4, "Espoon kaupunki · Kotouttamisohjelma 2024", "{k}")
    assert [ln.text for ln in content_lines(pages, running=True)] == BODY * 4
    plain = [ln.text for ln in content_lines(pages)]
    assert plain.count("Espoon kaupunki · Kotouttamisohjelma 2024") == 4 and len(plain) == 16


def test_margins_are_one_setting(tmp_path):
    pages = _pdf(tmp_path / "p.pdf", 1, None, "{k}")
    assert "1" in [w.text for w in drop_furniture(pages[0], Margins(top=0.0, bottom=1.0))]  # no margins: kept
    assert "1" not in [w.text for w in drop_furniture(pages[0])]
