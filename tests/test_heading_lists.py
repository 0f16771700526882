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
