"""The end of a table printed with an outer border only (word boxes and rules as OCR gave them on tuning scans):

* carried onto a page where no header repeats, it closes with a rule where the box's sides end; the page's
  prose under it is no row of the table, so that rule separates no two rows;
* under its rows, a full-width row labelled in the first column is a row of its own.
"""
from __future__ import annotations

from kotoex.extract.columns import default_vocab
from kotoex.extract.layout import group_lines
from kotoex.extract.pdf import Page, Rule, Word
from kotoex.extract.table import cut_bands
from kotoex.extract.table_header import align_header, build_header, find_header


def _line(page: int, top: float, items, bold: bool = False, size: float = 11.6) -> list[Word]:
    return [Word(t, x0, x1, top, top + size, size, bold, page, 95.0) for t, x0, x1 in items]


def _carried_header(page: Page):
    """The header row of the page before (goal, section, action), as the next page reads it."""
    head = _line(2, 222.4, [("TAVOITE", 51, 110), ("TEEMA", 205, 250), ("TOIMENPITEET", 328, 410)], bold=True)
    body = _line(2, 253.3, [("Maahanmuuttajataustaisten", 51, 191), ("Kotoutumisen", 205, 274), ("•", 330, 333),
                            ("Maahan", 341, 379), ("ja", 382, 391), ("kuntaan", 396, 435)])
    first = Page(2, 595.44, 842.04, head + body, ocr=True)
    lines = group_lines(head + body)
    header = build_header(lines[0], find_header(lines[0], default_vocab(), below=lines[1:]), first, lines[1:])
    assert header.roles == ["goal", "section", "text"]
    return align_header(header, page)


def test_the_rule_closing_a_box_over_the_pages_prose_separates_no_rows():
    """Two rows of the box's interior 6.9 pt apart, the box's bottom rule where its sides end, then the page's
    headings and bullet items running under the box from its left edge (one heading with a speck the scan has
    in the action column): the rows are cut by their gap."""
    L = _line
    rows = (L(3, 55.9, [("Hyvät", 205, 234), ("väestösuhteet", 237, 305), ("•", 329, 333), ("Syrjinnästä", 340, 395),
                        ("vapaa", 399, 429), ("kaupunki", 433, 478)])
            + L(3, 66.9, [("kotoutumisen", 205, 272), ("•", 329, 333), ("Tukea", 340, 369), ("ja", 373, 382),
                          ("tekoja", 386, 416)])
            + L(3, 79.0, [("edistäminen", 204, 266), ("yhteistyötä", 339, 394), ("koordinoivana", 399, 468)])
            + L(3, 145.8, [("Maahanmuuttajatyön", 205, 311), ("•", 329, 333), ("Kotouttamistyön", 341, 422),
                           ("johtoryhmä", 426, 483), ("vastaa", 487, 520)])
            + L(3, 157.1, [("hallinnointi", 205, 259), ("ja", 262, 271), ("kaupungin", 340, 391),
                           ("johtoryhmän", 394, 458)]))
    prose = (L(3, 383.7, [("4.1.", 52, 76), ("Alkuvaiheen", 80, 159), ("palvelut", 165, 217)], bold=True)
             + L(3, 400.9, [("•", 57, 61), ("Maahanmuuttajatoimisto", 69, 193), ("Verso", 197, 224), ("antaa", 228, 256),
                            ("palveluohjausta,", 260, 342), ("neuvoo", 346, 382), ("ja", 385, 394),
                            ("tiedottaa.", 397, 445)])
             + L(3, 427.8, [("•", 57, 60), ("Verson", 68, 102), ("palveluneuvonnan", 106, 197),
                            ("henkilöstöresurssin", 202, 297), ("riittävyttä", 302, 350),
                            ("tarkastellaan", 354, 419)])
             + L(3, 664.5, [("4.4.", 52, 76), ("Monialainen", 81, 159), ("viranomaistyö", 163, 256), ("i", 458, 460)],
                 bold=True))  # a speck of the scan beside a heading: a word in the action column
    rules = [Rule(45.6, 351.7, 557.3, 351.7), Rule(46.0, 51.4, 46.0, 352.8), Rule(556.4, 51.4, 556.4, 352.6)]
    page = Page(3, 595.44, 842.04, rows + prose, rules=rules, ocr=True)
    bands = cut_bands(page, _carried_header(page), rows + prose, 0.0, 843.0)
    band_of = {w.text: i for i, b in enumerate(bands) for w in b.words}
    assert band_of["Hyvät"] != band_of["Maahanmuuttajatyön"]
    assert band_of["Maahanmuuttajatyön"] == band_of["hallinnointi"]


def test_a_labelled_full_width_row_under_the_rows_is_cut_from_the_row_above():
    """Under the last row's bullet items (6.6 pt apart, as far as the items are), a line opening the first
    column, which the lines above leave empty, with text running across the other columns: a row of its own
    ("Kaupungin arvot | Asukaslähtöisyys, Rohkeus, …"), not more of the row above."""
    L = _line
    rows = (L(3, 379.0, [("Maahanmuuttajatyön", 205, 311), ("•", 329, 333), ("Kotouttamistyön", 341, 422),
                         ("johtoryhmä", 426, 483), ("vastaa", 487, 520)])
            + L(3, 390.3, [("koordinointi", 205, 263), ("kotouttamistyön", 340, 420), ("valvonnasta", 424, 484)])
            + L(3, 408.5, [("•", 329, 333), ("Poikkihallinnollinen,", 341, 438), ("moniammatillinen", 442, 532)])
            + L(3, 420.8, [("Verso", 340, 368), ("vastaa", 372, 404), ("keskitetysti", 408, 464)])
            + L(3, 438.9, [("•", 329, 333), ("Kotouttamistyön", 341, 422), ("vaikutuksia", 426, 483)])
            + L(3, 451.0, [("kustannukset,", 340, 410), ("korvaukset)", 414, 470)])
            + L(3, 468.8, [("Kaupungin", 50, 109), ("arvot", 114, 144), ("Asukaslähtöisyys,", 204, 292),
                           ("Rohkeus,", 297, 341), ("Vastuullisuus,", 345, 414), ("Oikeudenmukaisuus", 418, 519)]))
    page = Page(3, 595.44, 842.04, rows, ocr=True)
    bands = cut_bands(page, _carried_header(page), rows, 370.0, 500.0)
    band_of = {w.text: i for i, b in enumerate(bands) for w in b.words}
    assert band_of["Maahanmuuttajatyön"] == band_of["korvaukset)"] != band_of["Kaupungin"]
