"""Rows of scanned tables, each case with the word boxes and rules OCR gave on a tuning scan:

* a tightly set borderless table: rows ~0.45 em apart part where every opened column starts a new text,
  but a wrapped line continuing in lower case as far below stays in its row; a speck between two rows
  closes no gap;
* a list item's bullet opens its column like a word;
* a bold group heading whose last word reaches over the next column's start: a band of its own, and no
  wrapped header label;
* a speck right of a ruled table's row rules is no list item; a bullet OCR read as letters is a bullet.
"""
from __future__ import annotations

from kotoex.extract.columns import default_vocab
from kotoex.extract.layout import group_lines
from kotoex.extract.pdf import Fill, Page, Rule, Word
from kotoex.extract.table import cut_bands
from kotoex.extract.table_header import build_header, find_header


def _line(page: int, top: float, size: float, items, bold: bool = False) -> list[Word]:
    return [Word(t, x0, x1, top, top + size, size, bold, page, 95.0) for t, x0, x1 in items]


def _header(page: Page, words: list[Word]):
    lines = group_lines(words)
    return build_header(lines[0], find_header(lines[0], default_vocab(), below=lines[1:]), page, lines[1:])


def _firsts(bands) -> list[str]:
    return [b.lines[0].text for b in bands]


def test_a_tightly_set_scanned_table_parts_rows_where_every_opened_column_starts_anew():
    """Two rows 0.49 em apart (under the 0.5 em OCR'd wrapped lines may lie apart), the second with an empty
    goal cell: its action, responsible and schedule cells start with capitals, so a row starts."""
    L = _line
    head = L(1, 377.4, 8.9, [("TAVOITE", 51.1, 80.2), ("KEHITTÄMISTOIMENPIDE", 180.2, 263.5),
                             ("VASTUUTAHOT", 375.4, 426.7), ("AJANKOHTA", 486.2, 526.3)])
    body = (L(1, 391.3, 8.9, [("Työllistämisen", 51.1, 99.4), ("edistäminen", 101.8, 143.8),
                              ("Kaupunkiorganisaatioiden", 181.2, 268.6), ("ulkomaalaistaustaisten", 271.2, 349.2),
                              ("Henkilöstöpalvelut", 375.6, 438.2), ("2021", 486.5, 503.3)])
            + L(1, 400.8, 8.4, [("kaupunkiorganisaatiossa", 51.4, 135.1), ("työntekijöiden", 180.7, 229.0),
                                ("määrän", 231.6, 257.0), ("kartoittaminen", 259.7, 309.4)])
            + L(1, 413.6, 8.9, [("Työkokeilu-", 180.7, 219.6), ("ja", 221.8, 227.8), ("työpaikkojen", 229.9, 273.4),
                                ("tarjoaminen", 275.5, 316.1), ("Henkilöstöpalvelut", 375.6, 438.2),
                                ("Jatkuva", 485.8, 511.4)]))
    page = Page(1, 595.44, 842.04, head + body, ocr=True)
    bands = cut_bands(page, _header(page, head), body, 387.0, 430.0)
    assert _firsts(bands) == ["Työllistämisen edistäminen Kaupunkiorganisaatioiden ulkomaalaistaustaisten "
                              "Henkilöstöpalvelut 2021",
                              "Työkokeilu- ja työpaikkojen tarjoaminen Henkilöstöpalvelut Jatkuva"]


def test_a_speck_between_two_scanned_rows_closes_no_gap():
    """A lone 'Z' the scan has between two rows, overlapping both lines: the gap is measured without it."""
    L = _line
    head = L(2, 560.0, 8.9, [("TAVOITE", 51.1, 80.2), ("KEHITTÄMISTOIMENPIDE", 180.2, 263.5),
                             ("VASTUUTAHOT", 375.4, 426.7), ("AJANKOHTA", 486.2, 526.3)])
    body = (L(2, 589.0, 8.9, [("Perhekoulu", 51.6, 90.0), ("”Vaasanmallin”", 182.4, 233.8), ("kehittäminen", 236.6, 281.3),
                              ("Maahanmuuttajaopetuksen", 376.8, 469.2), ("2020", 487.7, 504.7)])
            + L(2, 598.2, 8.4, [("kehittämistyöryhmä", 376.8, 444.5)])
            + L(2, 605.1, 8.9, [("Z", 530.2, 531.6)])
            + L(2, 611.6, 8.9, [("Mallin", 182.4, 201.6), ("käyttöönotto", 204.2, 247.4),
                                ("Maahanmuuttajaopetuksen", 376.8, 469.2), ("2021", 487.7, 504.2)])
            + L(2, 620.8, 8.4, [("kehittämistyöryhmä", 376.8, 444.5)]))
    page = Page(2, 595.44, 842.04, head + body, ocr=True)
    bands = cut_bands(page, _header(page, head), body, 585.0, 632.0)
    band_of = {w.text: i for i, b in enumerate(bands) for w in b.words}
    assert len(bands) == 2 and band_of["Perhekoulu"] != band_of["Mallin"]


def test_a_wrapped_line_continuing_in_lower_case_stays_in_its_row_of_a_scanned_table():
    """A scanned row whose lines lie 0.44 em apart where they go on in lower case: one row."""
    L = _line
    head = L(3, 48.1, 8.8, [("Tavoite", 48.5, 75.8), ("Toimenpide", 131.5, 175.9), ("Vastuutaho", 243.1, 286.1),
                            ("Toteutuminen", 354.0, 406.1), ("2020", 408.7, 426.5), ("Seuranta", 473.8, 508.1)],
                bold=True)
    body = (L(3, 65.0, 8.8, [("Työelämään", 131.8, 175.0), ("valmentavan", 177.4, 222.7),
                             ("Työllisyyspalvelut,", 243.1, 306.5), ("Keski-", 309.6, 331.4), ("Ei", 354.5, 361.0),
                             ("aloitettu.", 363.6, 393.1), ("Ryhmiin", 474.0, 502.3)])
            + L(3, 75.3, 8.8, [("ryhmätoiminnan", 131.0, 188.4), ("Suomen", 243.4, 272.6), ("Yhteisöjen", 275.0, 312.0),
                               ("Toimintaan", 354.2, 392.6), ("haettiin", 395.3, 420.5),
                               ("osallistuneiden", 473.8, 526.3)])
            + L(3, 88.0, 8.8, [("käynnistäminen", 132.0, 187.2), ("hankerahoitusta,", 354.5, 412.8),
                               ("mutta", 415.7, 435.6), ("määrä", 473.8, 496.3)])
            + L(3, 98.3, 8.8, [("maahanmuuttajanaisille.", 132.0, 217.4), ("hakemus", 354.5, 386.6)]))
    page = Page(3, 595.44, 842.04, head + body, ocr=True)
    bands = cut_bands(page, _header(page, head), body, 58.0, 110.0)
    assert len(bands) == 1


def test_a_bullet_opens_its_column_as_a_word_does():
    """A scanned row 0.46 em under the last, its action cell a bulleted list: the bullet's column opens."""
    L = _line
    head = L(3, 136.2, 10.7, [("VASTUU", 51.1, 93.6), ("AJANKOHTA", 207.6, 270.2), ("SEURANTA", 278.4, 335.0),
                              ("KEHITTÄMISTOIMENPITEET", 408.5, 553.4), ("TAVOITE", 638.2, 682.6)])
    body = (L(3, 204.2, 11.2, [(".Kotouttamispalvelut", 49.4, 149.0), ("2019", 208.1, 231.4), ("Mallia", 278.2, 308.6),
                               ("Säännöllisen", 408.7, 469.7), ("Kokonaisvaltaisen", 638.6, 725.0)])
            + L(3, 215.5, 11.2, [("toimijaa", 277.9, 316.8), ("terveystietomallin", 408.5, 494.9),
                                 ("edistävän", 638.4, 684.5)])
            + L(3, 226.8, 11.2, [("käyttöönotto", 407.3, 469.2), ("olemassa", 638.4, 682.3)])
            + L(3, 243.2, 11.7, [("Vastaanottopalvelut", 51.1, 147.8), ("2021", 208.1, 230.4), ("Tehtyjen", 277.7, 319.9),
                                 ("•", 409.4, 412.8), ("Maahantulon", 420.0, 483.1), ("Maahantulon", 638.6, 702.0)])
            + L(3, 255.4, 11.2, [("terveystarkastusten", 277.9, 373.7), ("tiedotteen", 418.8, 468.0),
                                 ("terveystarkastukset", 638.4, 733.7)]))
    page = Page(3, 842.04, 595.44, head + body, ocr=True)
    bands = cut_bands(page, _header(page, head), body, 195.0, 270.0)
    assert [b.lines[0].words[0].text for b in bands] == [".Kotouttamispalvelut", "Vastaanottopalvelut"]


def _p716_header_words() -> list[Word]:
    return _line(1, 254.5, 13.4, [("MÅL", 41.0, 71.0), ("ANSVARIG", 192.0, 259.9), ("ÅTGÄRD", 346.8, 401.0),
                                  ("TIDSPLAN", 528.0, 594.0), ("STATUS", 635.8, 685.0), ("31.12.2021", 689.8, 757.2)],
                 bold=True)


def test_a_group_heading_under_a_scanned_header_reaching_over_the_next_label_is_no_label():
    """'1. Språk och utbildning' right under the header, its last word ending past ANSVARIG's start: a heading,
    so the header ends above it."""
    head = _p716_header_words()
    heading = (_line(1, 274.9, 13.4, [("1.", 43.0, 53.0)])
               + _line(1, 274.8, 13.4, [("Språk", 58.6, 96.2), ("och", 99.8, 122.6), ("utbildning", 126.7, 194.4)],
                       bold=True))
    page = Page(1, 842.04, 595.44, head + heading, ocr=True)
    assert _header(page, head + heading).bottom < 270


def test_a_bold_heading_reaching_over_the_next_column_is_a_band_of_its_own():
    """'2. Arbete och sysselsättning' set under a row's last lines, its last word over the responsible column's
    start though starting left of it: the heading is cut from the row above and the row below."""
    L = _line
    head = _p716_header_words()
    body = (L(2, 253.3, 12.9, [("på", 339.4, 352.6), ("modersmålet.", 356.4, 432.0), ("stadiet", 627.6, 665.3)])
            + L(2, 266.5, 12.9, [("handleder", 627.4, 684.0), ("för", 687.6, 703.4)])
            + L(2, 280.3, 12.4, [("examensutbildning", 627.4, 732.7), ("(Hux).", 737.3, 771.1)])
            + L(2, 299.4, 13.4, [("2.", 34.3, 45.1)])
            + L(2, 299.4, 13.4, [("Arbete", 49.2, 92.6), ("och", 97.0, 119.5), ("sysselsättning", 123.6, 215.5)], bold=True)
            + L(2, 319.8, 12.9, [("Invandrare", 34.1, 95.0), ("får", 99.1, 115.0), ("TE-byrån,", 184.3, 239.3),
                                 ("6.", 339.6, 348.7), ("Kartläggning", 353.3, 426.5), ("2020-2021", 520.8, 580.1),
                                 ("Genomförd.", 627.4, 692.2)]))
    page1 = Page(1, 842.04, 595.44, head, ocr=True)
    page2 = Page(2, 842.04, 595.44, body, ocr=True)
    bands = cut_bands(page2, _header(page1, head), body, 240.0, 350.0)
    assert "2. Arbete och sysselsättning" in _firsts(bands)
    assert _firsts(bands)[-1].startswith("Invandrare")


def test_a_speck_right_of_a_ruled_tables_rules_is_no_list_item():
    """A dash-like speck beyond the right end of a scanned grid's row rules, level with a rule: dropped, so
    no empty list item opens the row below."""
    L = _line
    head = L(2, 196.0, 8.9, [("OSA-ALUE", 73.0, 118.0), ("OHJELMAKAUDEN", 231.0, 300.0), ("TAVOITTEET", 303.0, 350.0)],
             bold=True)
    body = (L(2, 633.8, 8.9, [("Maahanmuuttajatyön", 73.2, 154.3), ("hallinnointi", 157.0, 199.9), ("•", 231.8, 234.5),
                              ("Kotouttamistyön", 239.8, 302.9), ("johtoryhmä", 304.3, 348.5)])
            + L(2, 642.8, 8.9, [("koordinointi", 73.0, 119.0), ("kotouttamistyön", 238.8, 300.5)])
            + L(2, 651.2, 8.9, [("-", 567.4, 569.0)])
            + L(2, 658.6, 8.9, [("•", 231.8, 234.5), ("Poikkihallinnollinen,", 240.0, 316.8), ("Verso", 488.4, 510.2)])
            + L(2, 667.8, 8.9, [("vastaa", 238.8, 263.5), ("keskitetysti", 265.7, 309.4)]))
    rules = [Rule(69.84, 630.12, 524.64, 630.12), Rule(70.08, 654.84, 524.64, 654.84),
             Rule(70.08, 679.68, 524.64, 679.68)]
    page = Page(2, 595.44, 842.04, head + body, rules=rules, ocr=True)
    bands = cut_bands(page, _header(page, head), body, 628.0, 682.0)
    assert not any(w.text == "-" for b in bands for w in b.words)
    assert _firsts(bands)[-1].startswith("• Poikkihallinnollinen")


def test_a_bullet_ocr_read_as_letters_is_a_bullet():
    """A list's first bullet read as 'kos', ending where the next items' bullets end, its text where theirs
    starts: the list under the heading keeps all three items."""
    from kotoex.interpret.headings import heading_blocks

    L = _line
    lines = group_lines(
        L(3, 550.5, 11.7, [("4.7.", 79.0, 98.6), ("Maahanmuuttajatyön", 103.0, 223.0), ("hallinnointi", 226.6, 292.1),
                           ("ja", 294.5, 305.5), ("koordinointi", 309.4, 379.2)], bold=True)
        + L(3, 566.6, 10.0, [("kos", 70.6, 86.6), ("Kotoutumispalvelut", 93.1, 177.1), ("koordinoi", 179.8, 220.3)])
        + L(3, 579.3, 10.0, [("•", 83.8, 86.6), ("Tulkkauspalvelujen", 92.6, 175.9), ("hankinta.", 179.0, 218.6)])
        + L(3, 591.8, 10.0, [("•", 83.8, 86.6), ("Keskitetty", 93.1, 136.6), ("valtionkorvausten", 139.0, 216.2)]))
    blocks = heading_blocks(lines, default_vocab(), 10.0)
    lists = [b for b in blocks if b.kind == "list"]
    assert len(lists) == 1 and len(lists[0].items) == 3


def _p742_page1(first_id: str = "LA") -> tuple[list[Word], list[Word], list[Rule]]:
    """Page 1 of a tuning scan: a dark header band whose "#" OCR read as "*", the first row's "1.1" read as
    "LA", the faint rule under that row broken into short pieces (under half its stretch)."""
    L = _line
    head = L(1, 221.1, 9.0, [("*", 74.4, 79.2), ("KEHITTÄMISTOIMENPITEET", 105.1, 204.0), ("TAVOITTEET", 273.1, 319.2),
                             ("TOTEUTUMINEN", 385.9, 445.0), ("2023", 448.1, 467.0), ("MITTARIT", 555.1, 589.0),
                             ("VASTUUTAHO", 657.1, 708.0)])
    body = L(1, 235.0, 9.0, [(first_id, 74.4, 85.0), ("Omakielisten", 105.1, 153.0), ("Tavoitteena", 273.1, 317.0),
                             ("Toteutuu", 385.0, 419.0), ("Omakielisten", 554.0, 604.0), ("Sivistystoimiala", 657.0, 715.0)])
    for k, (a, b) in enumerate([("suunnittelu", "vanhempien"), ("maahanmuuttajayhdistysten", "lapsen"),
                                ("hyödyntäen", "tukemiseen."), ("erikielisen", "halutaan"), ("asiantuntemusta.", "vanhemmuutta.")]):
        body += L(1, 244.0 + 9.0 * k, 9.0, [(a, 105.0, 170.0), (b, 273.0, 320.0)])
    for k, t in enumerate(["on", "vanhempien", "jotta", "syntyy", "edellytykset", "ja", "yhteensovittaminen)."]):
        body += L(1, 289.0 + 9.0 * k, 9.0, [(t, 273.0, 330.0)])
    body += L(1, 356.2, 9.0, [("1.2", 74.0, 85.0), ("Aamu-", 104.0, 129.0), ("Toteutuu", 385.0, 420.0),
                              ("Tilastoidaan", 553.0, 600.0), ("Vapaa-aikatoimiala,", 657.0, 731.0)])
    body += L(1, 365.6, 9.0, [("kehittäminen", 105.0, 154.0), ("yhteistyötapaamiset", 554.0, 631.0),
                              ("sivistystoimiala", 657.0, 714.0)])
    body += L(1, 405.9, 9.0, [("1.3", 74.0, 85.0), ("Kouluissa", 105.0, 139.0), ("Toteutuu", 385.0, 419.0),
                              ("Toimenpide", 554.0, 598.0), ("Sivistystoimiala", 657.0, 715.0)])
    pieces = [(84.7, 112.6), (137.3, 158.2), (181.0, 206.4), (231.8, 250.6), (274.3, 306.0), (331.2, 370.6),
              (412.6, 446.4), (505.4, 550.8), (610.3, 642.0), (699.1, 731.5)]
    rules = [Rule(71.3, 218.6, 771.8, 218.6), Rule(71.8, 232.7, 772.1, 232.7), Rule(91.9, 403.3, 771.4, 403.3),
             Rule(72.0, 443.9, 771.4, 443.9)] + [Rule(x0, 353.9, x1, 353.9) for x0, x1 in pieces]
    return head, body, rules


def test_a_scanned_hash_label_over_numbers_some_misread_is_the_id_column():
    """"#" of a dark header band read as "*", under it the first row's "1.1" read as "LA" and the next row's
    "1.2" fifteen lines down: half the lone tokens under the mark are row numbers, so the others are misread
    ones and the mark's column is the id column (before, the mark was dropped as no column)."""
    head, body, rules = _p742_page1()
    lines = group_lines(head + body)
    cells = find_header(lines[0], default_vocab(), below=lines[1:16])
    assert [c[0] for c in cells][:2] == ["id", "text"]


def test_a_second_row_number_in_a_ruled_band_of_a_scan_starts_a_row():
    """The faint rule between rows 1.1 and 1.2 binarised into short pieces covering under half its stretch:
    no rule, but "1.2" opening a line under the row numbered "LA" (a misread "1.1") in the same band starts a
    row of its own. A number alone in its band (no id above it between the rules) is cut by rules only."""
    head, body, rules = _p742_page1()
    page = Page(1, 842.04, 595.44, head + body, rules=rules, ocr=True)
    header = _header(page, head + body)
    bands = cut_bands(page, header, body, 232.0, 596.0)
    assert [b.lines[0].text[:12] for b in bands] == ["LA Omakielis", "1.2 Aamu- To", "1.3 Kouluiss"]
    assert [ln.text for ln in bands[1].lines] == ["1.2 Aamu- Toteutuu Tilastoidaan Vapaa-aikatoimiala,",
                                                  "kehittäminen yhteistyötapaamiset sivistystoimiala"]
    unnumbered = [w for w in body if w.text != "LA"]
    bands = cut_bands(page, header, unnumbered, 232.0, 596.0)
    assert [b.lines[0].text[:12] for b in bands] == ["Omakielisten", "1.3 Kouluiss"]


def test_a_speck_left_of_a_ruled_tables_rules_is_no_row_number():
    """A speck in the left margin of a scan read as "j", on a line of a ruled table's first row: wholly left
    of where the table's rules start, it is no word of the table (in the id column it opened a row); nor are
    specks right of where they end read as "E" or "a:" (trailing the responsible cell's text)."""
    head, body, rules = _p742_page1()
    header = _header(Page(1, 842.04, 595.44, head + body, rules=rules, ocr=True), head + body)
    body = body + _line(1, 262.0, 9.0, [("j", 49.0, 51.0)]) + _line(1, 366.0, 9.0, [("E", 787.0, 789.0)]) \
        + _line(1, 407.0, 9.0, [("a:", 802.0, 804.0)])
    page = Page(1, 842.04, 595.44, head + body, rules=rules, ocr=True)
    bands = cut_bands(page, header, body, 232.0, 596.0)
    assert len(bands) == 3 and not any(w.text in ("j", "E", "a:") for b in bands for w in b.words)
    assert bands[1].cells[-1][-1].text == "sivistystoimiala"


def _p743_head(page: int, top: float) -> list[Word]:
    d = 2.0 * (page - 1)  # page 2 is set 2 pt right of page 1
    return _line(page, top, 12.0, [("NR", 49.0 + d, 62.0 + d), ("TIDSPLAN", 83.0 + d, 128.0 + d), ("STATUS", 174.0 + d, 210.0 + d),
                                    ("ANSVARIG", 361.0 + d, 409.0 + d), ("ÅTGÄRD", 491.0 + d, 531.0 + d),
                                    ("MÅL", 679.0 + d, 698.0 + d)])


def test_a_speck_under_a_ruled_scanned_table_is_no_free_text_ending_it():
    """A lone "i" of the scan under a ruled table's last rule is no free text under the table (which ended the
    table, so the rows at the top of the next page were read as no table's rows): no band at all."""
    L = _line
    head = _p743_head(1, 281.3)
    body = (L(1, 307.7, 12.0, [("Fortlöpande", 84.0, 139.0), ("Genomförd.", 174.0, 229.0), ("Jakobstads", 360.0, 412.0),
                               ("Språkundervisning", 491.0, 579.0), ("Alla", 678.0, 695.0)])
            + L(1, 320.5, 12.0, [("Tre", 173.0, 188.0), ("grupper", 192.0, 229.0), ("medborgarinstitut", 361.0, 446.0),
                                 ("finska", 491.0, 518.0), ("har", 678.0, 695.0)])
            + L(1, 400.6, 12.0, [("Z", 49.0, 54.0), ("Årligen", 83.0, 116.0), ("Delvis", 174.0, 202.0),
                                 ("Kulturtjänsterna", 361.0, 437.0), ("Språkcaféer", 491.0, 548.0)])
            + L(1, 412.9, 12.0, [("Språkcaféet", 174.0, 230.0), ("(stadsbiblioteket),", 361.0, 446.0),
                                 ("stadsbiblioteket", 491.0, 566.0)]))
    speck = L(1, 555.9, 12.6, [("i", 798.0, 801.0)])
    rules = [Rule(44.2, y, 802.6, y) for y in (274.1, 300.4, 393.4, 473.8)]
    page = Page(1, 842.04, 595.44, head + body + speck, rules=rules, ocr=True)
    bands = cut_bands(page, _header(page, head + body), body + speck, 296.0, 596.4)
    assert _firsts(bands) == ["Fortlöpande Genomförd. Jakobstads Språkundervisning Alla",
                              "Z Årligen Delvis Kulturtjänsterna Språkcaféer"]
    assert not any(b.below_table for b in bands)


def test_a_speck_glued_before_a_word_of_a_scanned_row_makes_no_full_width_row():
    """'"Samarbete': a speck glued before the responsible cell's word stretches it left over the column
    boundary, a word space after the status cell's last word: the row's first line and that line set their
    cells side by side (words of different columns far apart), so the row is no full-width row (it was read as
    a heading, and the measure was lost). Full-width text under a row of cells still spans."""
    L = _line
    head = _p743_head(2, 345.7)
    body = (L(2, 213.2, 12.6, [("3", 50.0, 55.0), ("Fortlöpande", 85.0, 141.0), ("Fortlöpande.", 176.0, 234.0),
                               ("Bildningsväsendet", 363.0, 450.0), ("i", 453.0, 454.0), ("Handledning", 493.0, 552.0)])
            + L(2, 225.7, 12.5, [("Alla", 175.0, 192.0), ("elever", 196.0, 225.0), ("som", 228.0, 247.0),
                                 ("avslutade", 251.0, 297.0), ("den", 300.0, 318.0), ('"Samarbete', 343.2, 413.04),
                                 ("med", 416.64, 436.8), ("förberedande", 492.0, 556.0)])
            + L(2, 238.4, 12.4, [("förberedande", 175.0, 239.0), ("Yrkesakademin", 363.0, 434.0), ("grundskolan", 493.0, 550.0)]))
    page = Page(2, 842.04, 595.44, head + body, rules=[Rule(46.3, 206.4, 804.0, 206.4), Rule(46.3, 312.0, 804.0, 312.0)],
                ocr=True)
    header = _header(page, head + L(2, 371.8, 12.0, [("6", 50.0, 56.0), ("2020-2021", 85.0, 137.0), ("Genomförd.", 176.0, 231.0),
                                                       ("TE-byrån,", 362.0, 407.0), ("Kartläggning", 491.0, 552.0)]))
    bands = cut_bands(page, header, body, 200.0, 320.0)
    assert len(bands) == 1 and not bands[0].spanning
    free = L(2, 251.0, 12.4, [("Maahanmuuttajatoimisto", 81.0, 214.0), ("Verso", 218.0, 248.0), ("antaa", 252.0, 282.0),
                              ("palveluohjausta,", 285.0, 372.0), ("neuvoo", 376.0, 414.0)])
    bands = cut_bands(page, header, body + free, 200.0, 320.0)
    assert len(bands) == 1 and bands[0].spanning


def _p743v_head(page: int) -> list[Word]:
    """The header of a tuning scan's boxed, tightly set table (page 1's labels, as aligned on later pages)."""
    d = -0.24
    return _line(page, 20.0, 13.9, [("Tavoite", 38.0 + d, 77.0 + d), ("Vastuutahot", 217.2 + d, 282.0 + d),
                                     ("Toimenpiteet", 390.0 + d, 461.0 + d), ("Mittari", 660.0 + d, 696.0 + d)])


def test_a_bold_section_row_ending_a_scanned_page_under_a_row_is_a_band_of_its_own():
    """A bold line alone in the first column, the last of the page's table region, under a row's last lines
    (the section row of the rows on the next page): a band of its own, not the goal cell's last line
    ("Kuvalliset asumisohjeet Osaamisen vahvistaminen"), so the next page's rows take it as their section."""
    L = _line
    head = _p743v_head(2)
    body = (L(2, 327.6, 12.3, [("Kuvalliset", 37.0, 90.0), ("asumisohjeet", 93.0, 163.0), ("Pikipruukki", 217.0, 278.0),
                               ("Ohjeiden", 389.0, 437.0), ("visualisointi", 440.0, 504.0), ("Kuvallisten", 659.0, 718.0)])
            + L(2, 339.8, 12.4, [("käyttöönotto", 659.0, 725.0), ("osana", 729.0, 760.0)])
            + L(2, 352.5, 12.4, [("asumisen", 659.0, 708.0), ("neuvontaa", 712.0, 767.0)])
            + L(2, 371.6, 13.1, [("Osaamisen", 37.0, 104.0), ("vahvistaminen", 107.0, 197.0)], bold=True))
    rules = [Rule(32.9, 38.9, 32.9, 388.1), Rule(807.1, 38.6, 807.1, 387.8)]
    page = Page(2, 842.04, 595.44, head + body, rules=rules, ocr=True)
    bands = cut_bands(page, _header(page, head + body), body, 36.0, 596.4)
    assert _firsts(bands) == ["Kuvalliset asumisohjeet Pikipruukki Ohjeiden visualisointi Kuvallisten",
                              "Osaamisen vahvistaminen"]


def test_a_scanned_row_opening_a_column_a_hair_left_of_its_boundary_starts_anew():
    """A tightly set scanned row 0.50 em under the row above (under the 0.5 em wrapped OCR'd lines may lie
    apart), every column it opens starting with a capital; the indicator's "Käyttöönotto" box starts 0.12 pt
    left of the indicator column's boundary: it opens the indicator column (word_column), not the action
    column's text, so "ja" after it continues the indicator and the row is a row of its own."""
    L = _line
    head = _p743v_head(4)
    body = (L(4, 412.8, 12.3, [("Kaupungin", 35.0, 92.0), ("tilojen", 96.0, 129.0), ("Poikkihallinnollinen", 215.0, 319.0),
                               ("työryhmä", 323.0, 373.0), ("Toimijoiden", 387.0, 449.0), ("kartoittaminen", 453.0, 532.0),
                               ("Käyttöönotto", 657.0, 725.0), ("ja", 727.0, 738.0)])
            + L(4, 425.7, 12.4, [("käyttö", 34.0, 68.0), ("käyttäminen", 656.0, 722.0), ("sekä", 726.0, 750.0)])
            + L(4, 438.0, 12.5, [("olevien", 656.0, 694.0), ("tilojen", 698.0, 731.0), ("määrä", 735.0, 768.0)])
            + L(4, 456.7, 12.4, [("Poikkihallinnollinen", 214.56, 319.44), ("työryhmä", 323.04, 373.2),
                                 ("Sähköisen", 387.6, 441.36), ("varausjärjestelmän", 444.96, 546.48),
                                 ("käyttöönotto", 550.32, 617.28), ("Käyttöönotto", 656.64, 724.56), ("ja", 727.44, 738.0)])
            + L(4, 469.5, 12.5, [("käyttäminen", 656.0, 722.0), ("sekä", 726.0, 750.0), ("käytössä", 753.0, 799.0)]))
    rules = [Rule(32.9, 38.9, 32.9, 588.1), Rule(807.1, 38.6, 807.1, 587.8)]
    page = Page(4, 842.04, 595.44, head + body, rules=rules, ocr=True)
    header = _header(page, head + body)
    assert header.columns[3].x0 > 656.64
    bands = cut_bands(page, header, body, 36.0, 596.4)
    assert [b.lines[0].text[:20] for b in bands] == ["Kaupungin tilojen Po", "Poikkihallinnollinen"]


def test_a_bold_section_row_inside_one_scanned_fill_is_a_band_of_its_own():
    """Two shaded rows of a zebra table and the shaded section row between them binarised into one fill: the
    bold section line running from the first column across the next is cut out as a band of its own (as in
    a borderless table), so the row under it is a row, not part of a heading. A wrapped heading whose first
    line OCR read in no bold stays whole (words of tuning scans)."""
    L = _line
    head = L(2, 52.0, 13.1, [("AJANKOHTA", 43.2, 112.2), ("TAVOITTEET", 120.2, 190.2), ("VASTUU", 276.2, 322.2),
                             ("KEHITTÄMISTOIMENPITEET", 433.2, 592.2), ("MITTARIT", 668.2, 724.2)], bold=True)
    body = (L(2, 253.7, 11.7, [("2019", 44.0, 68.0), ("Kuvalliset", 120.0, 167.0), ("asumisohjeet", 170.0, 234.0),
                               ("Pikipruukki", 276.0, 333.0), ("Ohjeiden", 433.0, 476.0), ("Kuvallisten", 668.0, 721.0)])
            + L(2, 265.6, 11.3, [("käyttöönotto", 668.0, 729.0), ("osana", 732.0, 760.0)])
            + L(2, 276.5, 11.9, [("asumisen", 668.0, 713.0), ("neuvontaa", 716.0, 766.0)])
            + L(2, 296.5, 12.5, [("Osaamisen", 43.0, 105.0), ("vahvistaminen", 107.0, 189.0)], bold=True)
            + L(2, 317.0, 11.8, [("Digiystävätoiminta", 119.0, 210.0), ("Kotouttamispalvelut,", 276.0, 376.0),
                                 ("Yhdistystoimijoiden", 432.0, 527.0), ("Koulutuksen", 676.0, 737.0)])
            + L(2, 328.5, 11.7, [("LY-verkosto,", 276.0, 336.0), ("toteutuminen", 668.0, 732.0)]))
    below = L(2, 375.0, 12.4, [("2020", 44.0, 68.0), ("Digiystävätoiminta", 120.0, 210.0), ("Kotouttamispalvelut,", 277.0, 376.0),
                               ("Vapaaehtoisten", 444.0, 519.0), ("Koulutuksen", 676.0, 737.0)])
    body += below
    fills = [Fill(38.4, 249.6, 796.8, 366.7, (230, 230, 230)), Fill(38.4, 370.0, 796.8, 400.0, (230, 230, 230))]
    page = Page(2, 842.04, 595.44, head + body, fills=fills, ocr=True)
    header = _header(page, head + body)
    bands = cut_bands(page, header, body, 66.0, 596.4)
    assert [b.lines[0].text[:20] for b in bands] == ["2019 Kuvalliset asum", "Osaamisen vahvistami",
                                                     "Digiystävätoiminta K", "2020 Digiystävätoimi"]
    wrapped = (body[:10] + L(2, 296.5, 11.7, [("Pitempään", 43.0, 103.0), ("maassa", 106.0, 150.0), ("(noin", 153.0, 180.0),
                                                ("3", 183.0, 189.0), ("vuotta)", 192.0, 232.0), ("olleet", 236.0, 268.0)])
               + L(2, 308.5, 11.7, [("heidän", 43.0, 81.0), ("perheensä.", 85.0, 146.0)], bold=True) + below)
    bands = cut_bands(Page(2, 842.04, 595.44, head + wrapped, fills=fills, ocr=True), header, wrapped, 66.0, 596.4)
    assert len(bands) == 2


def test_a_speck_beside_a_scanned_section_row_leaves_it_a_heading():
    """Section rows of a borderless scanned table with a speck of the scan beside them ("'" just above
    "Pakolaisten vastaanotto", ":" far right beside "Monialainen viranomaisyhteistyö"): the specks are none of
    the row's text, so the row is still a heading that gives the rows under it their section (the first was
    read as a goal, the second as a measure ":")."""
    from kotoex.interpret.measures import read_measures

    L = _line
    head = L(3, 20.0, 10.8, [("KOTOUTTAMISOHJELMA", 48.0, 168.0), ("2018-2021", 171.0, 225.0), ("OHJELMAKAUDEN", 351.0, 438.0),
                             ("TAVOITTEET", 442.0, 504.0)], bold=True)

    def row(top: float, goal: str) -> list[Word]:
        return (L(3, top, 11.1, [("Maahanmuuttajataustaisten", 48.0, 173.0), ("kuntalaisten", 177.0, 232.0), ("•", 351.0, 354.0),
                                 (goal, 360.0, 405.0), ("vastaanottaa", 409.0, 467.0), ("vuosittain", 471.0, 515.0)])
                + L(3, top + 11.6, 10.4, [("osallisuuden", 47.0, 103.0), ("kehittäminen", 107.0, 165.0)]))

    words = (head + L(3, 34.0, 11.0, [("Kotoutumisen", 48.0, 122.0), ("alkuvaiheen", 126.0, 191.0)], bold=True)
             + row(51.4, "Ohjaus") + L(3, 79.6, 10.9, [("'", 186.0, 188.0)])
             + L(3, 86.3, 10.9, [("Pakolaisten", 48.0, 109.0), ("vastaanotto", 113.0, 177.0)], bold=True)
             + row(109.3, "Järvenpää") + L(3, 167.1, 12.0, [(":", 749.0, 751.0)])
             + L(3, 175.5, 12.2, [("Monialainen", 48.0, 112.0), ("viranomaisyhteistyö", 116.0, 225.0)], bold=True)
             + row(199.4, "Maahanmuuttajien"))
    rules = [Rule(44.0, 16.0, 44.0, 518.2), Rule(801.0, 16.0, 801.0, 517.2)]
    measures, _, _ = read_measures([Page(3, 842.04, 595.44, words, rules=rules, ocr=True)])
    assert [(m.section, m.text.split()[0]) for m in measures] == [
        ("Kotoutumisen alkuvaiheen", "Ohjaus"), ("Pakolaisten vastaanotto", "Järvenpää"),
        ("Monialainen viranomaisyhteistyö", "Maahanmuuttajien")]


def test_specks_beside_a_scanned_cells_text_hide_no_row_start():
    """A goal cell spanning two rows runs on beside them with no gap, so the second row starts where the action
    and status columns open a paragraph after a wider step than the line pitch; specks of the scan read as "o s."
    in the action column between the rows, on the goal's line, made the step look like a line's: they are no
    line of the column's text, and the row "Järjestöjen, ..." is a row of its own (words of a tuning scan)."""
    L = _line
    head = L(4, 245.0, 9.9, [("TAVOITTEET", 78.0, 131.0), ("KEHITTÄMISTOIMENPIDE", 203.0, 320.0), ("VASTUUTAHOT", 377.0, 440.0),
                             ("TOTEUTUMINEN", 506.0, 574.0), ("2023", 577.0, 600.0), ("MITTARIT", 680.0, 724.0)])
    body = (L(4, 268.3, 10.0, [("Järjestöjen", 77.0, 122.0), ("ja", 124.0, 132.0), ("Maahanmuuttajayhdistysten", 203.0, 323.0),
                               ("Kulttuuripalvelut,", 376.0, 449.0), ("Toteutunut.", 506.0, 555.0), ("Avustettujen", 679.0, 733.0)])
            + L(4, 278.4, 9.9, [("maahanmuuttajayhteisöjen", 78.0, 194.0), ("toiminta-avustukset,", 202.0, 290.0),
                                ("maahanmuuttajapalvelut", 377.0, 484.0), ("myönnettiin", 506.0, 557.0), ("yhdistysten", 680.0, 728.0)])
            + L(4, 288.7, 9.9, [("toimintaedellytykset", 78.0, 165.0), ("tarjoaminen", 202.0, 253.0), ("38", 506.0, 516.0),
                                ("500", 520.0, 535.0), ("euroa.", 538.0, 565.0)])
            + L(4, 298.8, 9.9, [("vahvistuvat,", 78.0, 129.0), ("ja", 132.0, 140.0), ("liittyvä", 203.0, 231.0),
                                ("neuvonta.", 234.0, 276.0), ("pidettiin", 506.0, 540.0), ("lokakuussa", 544.0, 591.0)])
            + L(4, 309.0, 12.5, [("osallistuvat", 78.0, 126.0), ("oman", 129.0, 152.0), ("o", 206.0, 215.0), ("s.", 230.0, 235.0),
                                 ("-", 459.0, 462.0)])
            + L(4, 317.1, 9.9, [("asuinalueensa", 78.0, 138.0), ("ja", 141.0, 149.0), ("Järjestöjen,", 201.0, 249.0),
                                ("seurakuntien", 252.0, 307.0), ("Monikulttuurisen", 377.0, 446.0), ("Toteutumassa.", 506.0, 569.0),
                                ("Vapaaehtöisten", 680.0, 740.0)])
            + L(4, 326.9, 9.9, [("kaupungin", 78.0, 122.0), ("kehittämiseen.", 125.0, 188.0), ("yhteinen", 300.0, 337.0),
                                ("verkosto", 376.0, 412.0), ("yhteinen", 506.0, 543.0), ("ilmoittautumislomake", 546.0, 638.0)])
            + L(4, 337.4, 9.4, [("koordinointi", 203.0, 252.0), ("Jyväskylän", 375.0, 420.0), ("koulutuskalenteri", 506.0, 579.0),
                                ("määrä", 680.0, 707.0)]))
    rules = [Rule(72.0, 240.0, 72.0, 500.0), Rule(770.0, 240.0, 770.0, 500.0)]
    page = Page(4, 842.04, 595.44, head + body, rules=rules, ocr=True)
    bands = cut_bands(page, _header(page, head + body), body, 256.0, 500.0)
    assert len(bands) == 2 and bands[1].cells[1][0].text.startswith("Järjestöjen,")
