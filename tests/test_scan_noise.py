"""Scan noise on unseen layouts: specks read as marks, bullets read as specks, a misread "#" header,
a shaded header hiding its rules, bullets just left of a shifted column boundary. Synthetic words
and images, no tesseract."""
from __future__ import annotations

import numpy as np

from kotoex.extract.columns import default_vocab
from kotoex.extract.layout import Line, group_lines
from kotoex.extract.ocr import OcrLine, OcrWord, words_from_lines
from kotoex.extract.ocr.correct import correct_bullets
from kotoex.extract.pdf import BULLET, Page, Rule, Word
from kotoex.extract.table import Band, band_cells
from kotoex.extract.table_header import Column, Header, build_header, find_header


def _w(text: str, x0: float, x1: float, top: float = 100.0, size: float = 10.0, conf: float | None = 95.0) -> Word:
    return Word(text, x0, x1, top, top + size, size, False, 1, conf)


def _line(*words: Word) -> Line:
    return Line(list(words))


def test_specks_are_dropped_and_a_bullet_read_as_a_low_confidence_mark_is_kept():
    bw = np.zeros((400, 1200), np.uint8)
    bw[110:140, 100:200] = 255  # the word "Teksti": a block of ink
    bw[121:131, 300:310] = 255  # a bullet: a filled blob a third of the line high
    bw[125:127, 500:502] = 255  # a speck
    line = OcrLine((90, 100, 700, 150), (0.0, -10.0), 30.0, 8.0, [
        OcrWord("Teksti", (100, 110, 200, 140), 95), OcrWord("«", (300, 121, 310, 131), 21),
        OcrWord("+", (500, 125, 501, 126), 40), OcrWord("=", (600, 105, 615, 145), 62)])
    words = words_from_lines([line], bw, 300 / 72, 1)
    assert [w.text for w in words] == ["Teksti", "«"]  # the speck and the "=" over blank paper are gone


def test_a_bullet_read_with_a_speck_beside_it_is_a_bullet_after_a_column_gutter():
    words = [_w("Valo", 600, 640), _w("—*", 648, 654, conf=64), _w("Koulutettujen", 660, 720)]
    correct_bullets(words)
    assert words[1].text == BULLET
    inline = [_w("A", 600, 606), _w("—*", 609, 615), _w("B", 620, 626)]  # a word space before it: text
    correct_bullets(inline)
    assert inline[1].text == "—*"


def test_a_bullet_left_of_a_column_boundary_goes_with_the_text_it_marks():
    header = Header(1, 80, 90, [Column("section", "Teema", float("-inf"), 313.0, 55.0),
                                Column("text", "Tavoitteet", 313.0, float("inf"), 316.0)], 10.0)
    words = [_w("Hallinnointi", 55, 110), _w(BULLET, 312.5, 315.5), _w("Johtoryhmä", 325, 380),
             _w(BULLET, 312.5, 315.5, top=113), _w("Vaikutuksia", 325, 380, top=113)]
    band = Band(1, 95, 130, words)
    band_cells(band, header)
    assert [ln.text for ln in band.cells[0]] == ["Hallinnointi"]
    assert [ln.text for ln in band.cells[1]] == [f"{BULLET} Johtoryhmä", f"{BULLET} Vaikutuksia"]


def _header_and_below(first: str) -> tuple[Line, list[Line]]:
    header = _line(_w(first, 35, 41), _w("Tavoite", 71, 101), _w("Vastuutahot", 203, 252),
                   _w("Toimenpiteet", 443, 492))
    rows = [[_w(f"1.1.{k}", 35, 57, top=120 + 30 * k), _w("Tavoitteen", 71, 120, top=120 + 30 * k),
             _w("Palvelut", 203, 240, top=120 + 30 * k), _w("Toimenpide", 443, 490, top=120 + 30 * k)]
            for k in range(1, 5)]
    return header, group_lines([w for r in rows for w in r])


def test_a_misread_number_sign_over_row_numbers_is_the_id_column():
    for first in ("*", "4", "H"):
        header, below = _header_and_below(first)
        cells = find_header(header, default_vocab(), below=below)
        assert cells is not None and [c[0] for c in cells] == ["id", "goal", "responsible", "text"], first
    # a mark over no row numbers is no column
    header = _line(_w("*", 35, 41), _w("Tavoite", 71, 101), _w("Vastuutahot", 203, 252), _w("Toimenpiteet", 443, 492))
    below = group_lines([_w("Tavoitteen", 71, 120, top=150), _w("Palvelut", 203, 240, top=150)])
    assert [c[0] for c in find_header(header, default_vocab(), below=below)] == ["goal", "responsible", "text"]


def test_a_speck_before_a_header_label_does_not_hide_it():
    header = _line(_w("Nr", 75, 85), _w("=", 95, 99, conf=62), _w("Status", 105, 135), _w("31.12.2021", 138, 180),
                   _w("Mål", 275, 292), _w("Åtgärder", 520, 560))
    cells = find_header(header, default_vocab())
    assert [c[0] for c in cells] == ["id", "status", "goal", "text"]
    assert cells[1][1] == "Status 31.12.2021"


def test_rules_starting_just_under_a_shaded_header_bound_its_columns():
    line = _line(_w("Yhteistyötahot", 315, 374, top=168), _w("Toimenpiteet", 443, 492, top=168))
    page = Page(number=1, width=842, height=595, words=list(line.words),
                rules=[Rule(435.4, 195.6, 435.4, 417.8)])
    header = build_header(line, [("partners", "Yhteistyötahot", 315, 374), ("text", "Toimenpiteet", 443, 492)], page)
    assert header.columns[1].x0 == 435.4  # the rule, not 3 pt left of the header word


def _zebra_table(id_label: str, ids: list[str], extra_words=(), extra_rules=()):
    """A zebra table of four rows under a header of id, goal and action, whose only full rule lies above
    the header: (header, page, words)."""
    from kotoex.extract.pdf import Fill

    header = Header(1, 231, 242, [Column("id", id_label, float("-inf"), 95.0, 61.0),
                                  Column("goal", "Tavoite", 95.0, 310.0, 100.0),
                                  Column("text", "Toimenpiteet", 310.0, float("inf"), 312.0)], 10.0)
    words = []
    for n, y in zip(ids, (248.0, 297.0, 345.0, 383.0)):
        words += [_w(n, 61, 61 + 5.5 * len(n), top=y), _w("Toimenpide", 312, 360, top=y)]
    words += list(extra_words)
    page = Page(number=1, width=842, height=595, words=words, rules=[Rule(57, 229, 786, 229.5), *extra_rules],
                fills=[Fill(56, 244, 785, 292, (230, 230, 230)), Fill(56, 342, 785, 378, (230, 230, 230))])
    return header, page, words


def test_a_header_rule_alone_merges_no_cells_of_a_zebra_table():
    from kotoex.extract.table import cut_bands

    header, page, words = _zebra_table("Nro", ["1.1.1", "1.1.2", "1.1.3", "1.1.4"],
                                       [_w("Tavoite", 100, 130, top=248), _w("Toinen", 100, 130, top=383)])
    bands = cut_bands(page, header, words, 243.5, 596)
    ids = [[ln.text for ln in b.cells[0]] for b in bands]
    assert ids == [["1.1.1"], ["1.1.2"], ["1.1.3"], ["1.1.4"]]
    assert [[ln.text for ln in b.cells[1]] for b in bands] == [["Tavoite"], [], [], ["Toinen"]]


def test_a_carried_header_follows_the_shift_its_columns_agree_on_not_a_bullet_lists_word_starts():
    from kotoex.extract.table import align_header

    header = Header(1, 80, 90, [Column("goal", "Tavoite", float("-inf"), 278.0, 57.0),
                                Column("section", "Teema", 278.0, 457.0, 281.0),
                                Column("text", "Tavoitteet", 457.0, float("inf"), 460.0)], 10.0)
    # the next page lies 5 pt to the left; the bullets of the list column stand at 455, their words at 465,
    # more of them than the bullets: alone the list column would shift 5 pt to the right
    words = []
    for k, y in enumerate(range(100, 500, 12)):
        words.append(_w("•", 455, 459, top=y) if k % 3 == 0 else _w("jatkuu", 465, 500, top=y))
        if k % 3 == 0:
            words.append(_w("Teema", 276, 310, top=y))
    page = Page(number=2, width=842, height=595, words=words, ocr=True)
    moved = align_header(header, page)
    assert [round(c.text_x0) for c in moved.columns] == [52, 276, 455]


def test_an_inline_goal_label_read_with_a_quote_speck_before_it_is_a_goal_label():
    from kotoex.interpret.headings import label_kind

    line = _line(_w('"Tavoite:', 55, 100), _w("Hyvinvoinnin", 107, 180), _w("kehittäminen", 185, 250))
    assert label_kind(line, default_vocab()) == "goal_inline"


def test_rule_stubs_below_the_table_merge_no_cells_over_its_rows():
    from kotoex.extract.table import cut_bands

    # the dark "Nr" cell of the next table's header, further down, read as short rules over the id column
    stubs = [Rule(57, y, 94, y + 0.5) for y in (452.0, 455.0, 458.0)]
    header, page, words = _zebra_table("Nr", ["1", "2", "3", "4"], extra_rules=stubs)
    bands = cut_bands(page, header, words, 243.5, 440)
    assert [[ln.text for ln in b.cells[0]] for b in bands] == [["1"], ["2"], ["3"], ["4"]]


def _numbered_rows(x_num: float = 34.0) -> list[Line]:
    rows = []
    for k, y in enumerate((246.0, 320.0, 395.0)):
        rows.append(_line(_w(str(k + 1), x_num, x_num + 5, top=y), _w("Alla", 56, 70, top=y),
                          _w("Språkundervisning", 254, 320, top=y)))
        rows.append(_line(_w("har", 56, 68, top=y + 10), _w("och", 254, 268, top=y + 10)))
    return rows


def test_row_numbers_left_of_the_first_label_are_the_id_column_of_a_header_that_lost_its_nr():
    header = _line(_w("Mål", 56, 70, top=228), _w("Ansvarig", 153, 190, top=228), _w("Åtgärd", 254, 285, top=228))
    cells = find_header(header, default_vocab(), below=_numbered_rows())
    assert [c[0] for c in cells] == ["id", "goal", "responsible", "text"] and cells[0][2] == 34.0
    # "Nr" read into the first label ("NE mål"): split off over the numbers
    merged = _line(_w("NE", 32, 44, top=228), _w("mål", 56, 70, top=228), _w("Ansvarig", 153, 190, top=228),
                   _w("Åtgärd", 254, 285, top=228))
    cells = find_header(merged, default_vocab(), below=_numbered_rows())
    assert [(c[0], c[1]) for c in cells[:2]] == [("id", "NE"), ("goal", "mål")]
    # no numbers standing left of the label: the header is as it was read
    plain = [_line(_w("Alla", 56, 70, top=y), _w("Text", 254, 280, top=y)) for y in (246.0, 260.0, 274.0)]
    assert [c[0] for c in find_header(header, default_vocab(), below=plain)] == ["goal", "responsible", "text"]


def test_a_misread_hash_header_over_row_numbers_with_damaged_dots_is_the_id_column():
    header = _line(_w("4", 35, 40, top=168), _w("Tavoite", 71, 110, top=168), _w("Vastuutahot", 203, 260, top=168),
                   _w("Toimenpiteet", 438, 500, top=168))
    below = [_line(_w("Alkuvaiheen", 34, 90, top=182), _w("ohjaus", 96, 125, top=182))]
    for k, (num, y) in enumerate([("121", 199.0), ("1:21", 233.0), ("12.2", 266.0), ("1.2.9", 300.0)]):
        below.append(_line(_w(num, 35, 55, top=y), _w("Espooseen", 71, 115, top=y), _w("Monikielisen", 438, 490, top=y)))
    cells = find_header(header, default_vocab(), below=below)
    assert [c[0] for c in cells] == ["id", "goal", "responsible", "text"]


def test_a_speck_in_a_goal_cell_is_no_goal_of_its_own():
    from kotoex.interpret.measures import _role_cells

    header = Header(1, 50, 60, [Column("goal", "Tavoite", float("-inf"), 278.0, 57.0),
                                Column("text", "Tavoitteet", 278.0, float("inf"), 281.0)], 10.0)
    speck, action = _w(":", 93, 95, top=66), _w("Terveystilan", 281, 340, top=66)
    band = Band(page=3, top=60, bottom=90, words=[speck, action],
                cells=[[_line(speck)], [_line(action)]])
    assert set(_role_cells(band, header)) == {"text"}
    band.cells[0] = [_line(_w("ä", 65, 70, top=66), _w("5", 75, 79, top=66))]  # lone characters: specks too
    assert set(_role_cells(band, header)) == {"text"}
    # a born-digital dash is kept (no OCR confidence): a cell's placeholder is the document's own text
    dash = Word("–", 93, 98, 66, 76, 10.0, False, 1, None)
    band.cells[0] = [_line(dash)]
    assert set(_role_cells(band, header)) == {"goal", "text"}


def test_a_lone_ocr_character_between_header_labels_is_no_column():
    header = _line(_w("Kehittämistoimenpiteet", 49, 160, top=50), _w("Vastuu", 230, 260, top=50),
                   _w("3", 353, 357, top=50), _w("Tilanne", 378, 414, top=50), _w("31.12.2022", 418, 460, top=50))
    cells = find_header(header, default_vocab())
    assert [c[0] for c in cells] == ["text", "responsible", "status"]


def test_a_bracket_read_on_a_header_label_hides_no_role():
    header = _line(_w("[Nr", 54, 66, top=181), _w("Mål", 77, 95, top=181), _w("Åtgärder", 169, 210, top=181),
                   _w("Ansvar", 279, 310, top=181))
    assert [c[0] for c in find_header(header, default_vocab())] == ["id", "goal", "text", "responsible"]


def test_an_ocr_heading_wrapped_onto_a_line_measured_a_point_smaller_is_one_heading():
    from kotoex.interpret.headings import heading_blocks

    first = _line(*[_w(t, x, x + 40, top=334.6, size=11.75) for t, x in (("Alle", 92), ("3", 140), ("maassa", 180))])
    second = _line(_w("muuttavat)", 80, 130, top=347.3, size=10.37))
    for ln in (first, second):
        for w in ln.words:
            w.bold = True
    blocks = heading_blocks([first, second], default_vocab(), 9.4)
    assert [b.kind for b in blocks] == ["heading"] and len(blocks[0].lines) == 2


def test_an_ocr_box_stretched_over_the_gutter_belongs_to_the_column_it_mostly_covers():
    header = Header(1, 228, 238, [Column("id", "Nr", float("-inf"), 53.0, 34.0),
                                  Column("text", "Åtgärd", 53.0, 370.0, 56.0),
                                  Column("schedule", "Tidtabell", 370.0, 440.0, 373.0),
                                  Column("status", "Status", 440.0, float("inf"), 443.0)], 10.0)
    words = [_w("5", 34, 39, top=532), _w("Handledning", 56, 110, top=532), _w("Fortlöpande", 373, 420, top=532),
             _w("Alla", 443, 460, top=532), _w("15", 432, 451.7, top=574.5, size=5.8),
             _w("elever", 454.1, 477.4, top=574.5)]
    band = Band(page=1, top=530, bottom=590, words=words, ruled=True)
    band_cells(band, header)
    assert not band.spanning
    assert [ln.text for ln in band.cells[2]] == ["Fortlöpande"] and band.cells[3][-1].text == "15 elever"
    # a heading starting far left in the first column still flows over the boundary: a spanning row
    heading = [_w("Delaktighet,", 30, 85, top=600, size=12), _w("fritid", 88, 110, top=600, size=12)]
    band = Band(page=1, top=595, bottom=615, words=heading, ruled=True)
    band_cells(band, header)
    assert band.spanning


def test_a_bold_heading_set_close_under_a_borderless_row_starts_a_band_of_its_own():
    from kotoex.extract.table import gap_separators

    header = Header(1, 228, 238, [Column("id", "Nr", float("-inf"), 85.8, 52.0),
                                  Column("goal", "Mål", 85.8, 213.7, 88.8),
                                  Column("text", "Åtgärd", 213.7, float("inf"), 216.7)], 10.0)
    words = [_w("-", 53, 57, top=436.2, size=9.75), _w("Handledning", 216, 270, top=436.2, size=9.75),
             _w("handleder", 216, 260, top=474.9, size=9.75)]
    words += [_w(t, x0, x1, top=489.0, size=10.71) for t, x0, x1 in (("Arbete", 52.8, 84.7), ("och", 87.6, 104.6),
                                                                     ("sysselsättning", 107, 170))]
    for w in words[-3:]:
        w.bold = True
    cuts = gap_separators(words, 9.75, header)
    assert any(484.6 < y < 489.0 for y in cuts)


def test_an_unnumbered_band_opening_in_lower_case_continues_a_numbered_row_cut_by_a_zebra_fill():
    from kotoex.interpret.continuation import continues_previous
    from kotoex.interpret.rows import CellText, Context, Row

    header = Header(1, 50, 60, [Column("text", "Kehittämistoimenpiteet", float("-inf"), 225.0, 46.0),
                                Column("responsible", "Vastuu", 225.0, 373.0, 228.0),
                                Column("status", "Tilanne", 373.0, float("inf"), 376.0)], 10.0)
    prev = Row({"text": CellText([_line(_w("1.2", 46, 60, top=424), _w("Sosiaalikeskuksen", 62, 140, top=424))])},
               {3}, Context(), header)
    cells = {"text": CellText([_line(_w("maahanmuuttajien", 46, 120, top=463), _w("seulonta", 122, 160, top=463))]),
             "status": CellText([_line(_w("yhteistyönä.", 376, 430, top=463))])}
    band = Band(page=3, top=462.7, bottom=531.8, words=[], ruled=True)
    assert continues_previous(prev, header, cells, band, first_on_page=False, after_headings=False, ids_used=True)
    cells["status"] = CellText([_line(_w("Toteutuu.", 376, 420, top=463))])  # a cell of its own: a row
    assert not continues_previous(prev, header, cells, band, first_on_page=False, after_headings=False,
                                  ids_used=True)
