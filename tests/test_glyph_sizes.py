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
