"""Lists read under headings (narrative measures): a one-column table's header repeated over a list."""
from __future__ import annotations

from kotoex.extract.columns import default_vocab
from kotoex.extract.layout import group_lines
from kotoex.extract.pdf import Word
from kotoex.interpret.headings import heading_blocks, read_headings
from kotoex.interpret.rows import Context


def _line(top: float, size: float, items, bold: bool = False) -> list[Word]:
    return [Word(t, x0, x1, top, top + size, size, bold, 3) for t, x0, x1 in items]


def test_bullets_under_a_repeated_goals_label_stay_a_list_of_the_current_section():
    """The top of a page of a one-column table ("TAVOITTEET", repeated) over bullet rows and bold section
    rows (tuning variant jarvenpaa 733, a text PDF: 6 of 39 measures before, the label took every line after
    it as goal text)."""
    lines = group_lines(
        _line(67.3, 9.0, [("TAVOITTEET", 59.8, 121.6)], bold=True)
        + _line(83.5, 9.0, [("•", 59.8, 65.1), ("Terveystilan", 70.5, 125.8), ("parantaminen", 128.7, 192.0)])
        + _line(99.8, 9.5, [("Pakolaisten", 59.8, 122.3), ("vastaanotto", 125.6, 190.1)], bold=True)
        + _line(116.5, 9.0, [("•", 59.8, 65.1), ("Järvenpää", 70.1, 115.7), ("vastaanottaa", 118.5, 177.8)])
        + _line(132.7, 9.0, [("•", 59.8, 65.1), ("Vastaanotto", 70.6, 125.2), ("toiminta", 128.0, 165.6)]))
    blocks = heading_blocks(lines, default_vocab(), 9.0)
    assert [b.kind for b in blocks] == ["goals", "list", "heading", "list"]
    ctx, measures = read_headings(lines, Context(section="Peruspalvelut kotoutujan tukena"), default_vocab(), 9.0)
    assert [(m.text, m.section) for m in measures] == [
        ("Terveystilan parantaminen", "Peruspalvelut kotoutujan tukena"),
        ("Järvenpää vastaanottaa", "Pakolaisten vastaanotto"),
        ("Vastaanotto toiminta", "Pakolaisten vastaanotto")]
    assert ctx.section == "Pakolaisten vastaanotto"


def test_an_inline_goal_over_section_headings_holds_for_their_lists_until_a_numbered_heading():
    """"Tavoite: ..." under a goals label, then bold section rows with bullet lists (tuning scan jarvenpaa 733:
    the first section heading reset the goal, 0.883): the goal stands over each section until a numbered
    heading opens another part of the document."""
    lines = group_lines(
        _line(343.0, 9.0, [("TAVOITTEET", 62.0, 125.0)], bold=True)
        + _line(362.9, 9.0, [("Tavoite:", 62.0, 98.0), ("Maahanmuuttajataustaisten", 102.0, 228.0),
                             ("kuntalaisten", 232.0, 286.0), ("hyvinvointi", 290.0, 347.0)])
        + _line(378.6, 9.5, [("Kotoutumisen", 63.0, 137.0), ("alkuvaiheen", 141.0, 205.0), ("palvelut", 209.0, 253.0)],
                bold=True)
        + _line(395.6, 9.0, [("•", 63.0, 66.0), ("Maahan", 74.0, 108.0), ("ja", 111.0, 119.0), ("kuntaan", 123.0, 159.0)])
        + _line(428.1, 9.5, [("Peruspalvelut", 63.0, 137.0), ("kotoutujan", 140.0, 198.0), ("tukena", 201.0, 238.0)],
                bold=True)
        + _line(444.6, 9.0, [("•", 64.0, 66.0), ("Jokainen", 72.0, 111.0), ("pääsee", 115.0, 150.0)])
        + _line(470.1, 9.5, [("4.1.", 52.0, 76.0), ("Alkuvaiheen", 80.0, 159.0), ("palvelut", 165.0, 217.0)], bold=True)
        + _line(486.6, 9.0, [("•", 57.0, 61.0), ("Verso", 69.0, 100.0), ("antaa", 104.0, 130.0)]))
    _, measures = read_headings(lines, Context(), default_vocab(), 9.0)
    goal = "Maahanmuuttajataustaisten kuntalaisten hyvinvointi"
    assert [(m.text, m.section, m.goal) for m in measures] == [
        ("Maahan ja kuntaan", "Kotoutumisen alkuvaiheen palvelut", goal),
        ("Jokainen pääsee", "Peruspalvelut kotoutujan tukena", goal),
        ("Verso antaa", "Alkuvaiheen palvelut", None)]


def test_a_speck_of_the_scan_beside_a_list_ends_no_list():
    """A ':' OCR read in the margin between two bullet items (tuning scan jarvenpaa 783: the items after it were
    lost, read as plain paragraphs) is no line of the heading stream."""
    def ocr(top, items, bold=False):
        return [Word(t, x0, x1, top, top + 11.0, 11.0, bold, 5, 90.0) for t, x0, x1 in items]

    lines = group_lines(
        ocr(117.2, [("4.7.", 74.0, 94.0), ("Maahanmuuttajatyön", 98.0, 217.0), ("hallinnointi", 222.0, 284.0)], bold=True)
        + ocr(134.5, [("•", 79.0, 82.0), ("Kotoutumispalvelut", 89.0, 172.0), ("koordinoi", 174.0, 213.0)])
        + ocr(141.5, [(":", 18.0, 19.0)])
        + ocr(148.4, [("•", 79.0, 82.0), ("Tulkkauspalvelujen", 88.0, 170.0), ("hankinta.", 173.0, 212.0)])
        + ocr(162.0, [("•", 79.0, 82.0), ("Keskitetty", 89.0, 131.0), ("valtionkorvausten", 134.0, 210.0)]))
    _, measures = read_headings(lines, Context(), default_vocab(), 11.0)
    assert [m.text for m in measures] == ["Kotoutumispalvelut koordinoi", "Tulkkauspalvelujen hankinta.",
                                          "Keskitetty valtionkorvausten"]
