"""Word sizes from any producer: a word's size is its loose box height, or the em size where the
box is only the glyph's outline (LibreOffice's embedded fonts), so words of one line agree."""
import pytest
from conftest import CORPUS

from kotoex.extract.layout import group_lines
from kotoex.extract.pdf import iter_pages, open_document


def _lines(name: str):
    doc = open_document(CORPUS / name)
    page = next(iter_pages(doc, 1))
    return group_lines(page.words)


@pytest.mark.shared
def test_libreoffice_words_of_a_line_have_one_size():
    lines = [ln for ln in _lines("dev_rovaniemi_decision_2021__lo-grid.pdf") if len(ln.words) >= 4]
    assert len(lines) > 10
    for ln in lines:
        sizes = {round(w.size, 1) for w in ln.words}
        assert len(sizes) == 1, (ln.text, sizes)  # the loose boxes ranged 5.7-7.7 pt on one line
    title = next(ln for ln in lines if ln.text.startswith("KotoRova"))
    assert round(title.size, 1) == 24.0


@pytest.mark.shared
def test_fonts_with_metrics_keep_their_loose_box():
    for ln in _lines("dev_rovaniemi_decision_2021__wp-grid-land.pdf"):
        for w in ln.words:
            assert w.size == pytest.approx(w.bottom - w.top)


def test_an_accent_over_the_ascent_does_not_raise_a_words_size(tmp_path):
    """DejaVu's "å" rises over the font's ascent: its loose box is ~1 pt taller than its neighbours'.
    The word's size comes from its lowest character box, so "åren" is as large as "aren" (a line of
    Swedish prose once read as a heading, 9.5 pt over a body of 8.5)."""
    pytest.importorskip("reportlab")
    from pathlib import Path

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    ttf = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not ttf.is_file():
        pytest.skip("DejaVuSans.ttf not installed")
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(ttf)))
    path = tmp_path / "accents.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont("DejaVuSans", 8.5)
    c.drawString(50, 700, "Programmet följs upp årligen och åtgärderna ÅR ÄR aren")
    c.save()
    (line,) = group_lines(next(iter_pages(open_document(path), 1)).words)
    sizes = {w.text: round(w.size, 1) for w in line.words}
    assert len(set(sizes.values())) == 1, sizes
    assert line.bottom - line.top > sizes["aren"]  # the accents still widen the boxes
