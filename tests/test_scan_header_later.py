"""Header rows that lost labels on a scan's dark band, completed from a header row of another page:

* a table's first header row ("#" and "MÅL" not read, tuning scan pietarsaari 711: the id and goal columns ran
  into the action column) from a later one it repeats, as a later one is from an earlier one;
* a header row OCR read one label of ("Kehittämistoimenpide" alone, jyvaskyla 710: read as a heading, the
  rows under it lost), set like a header, over a row opening in two columns.
"""
from __future__ import annotations

from kotoex.extract.pdf import Page, Word
from kotoex.interpret.measures import read_measures


def _line(page: int, top: float, items, bold: bool = False, size: float = 11.3) -> list[Word]:
    return [Word(t, x0, x1, top, top + size, size, bold, page, 95.0) for t, x0, x1 in items]


def _row(page: int, top: float, number: str, dx: float) -> list[Word]:
    L = _line
    return (L(page, top, [(number, 73 + dx, 77 + dx), ("Alla", 100 + dx, 119 + dx), ("vuxna", 122 + dx, 151 + dx),
                          ("Språkundervisning", 232 + dx, 323 + dx), ("i", 326 + dx, 329 + dx),
                          ("Jakobstads", 388 + dx, 441 + dx), ("Genomförd.", 521 + dx, 578 + dx),
                          ("Fortlöpande", 679 + dx, 738 + dx)])
            + L(page, top + 11.5, [("invandrare", 100 + dx, 152 + dx), ("svenska", 232 + dx, 270 + dx),
                                   ("medborgarinstitut", 389 + dx, 477 + dx)]))


def test_a_first_header_missing_labels_is_completed_from_a_later_one():
    head1 = _line(1, 289.4, [("ÅTGÄRD", 231, 277), ("ANSVARIG", 389, 447), ("STATUS", 522, 565),
                             ("TIDSPLAN", 679, 736)], bold=True)
    head2 = _line(2, 80.0, [("MÅL", 104, 129), ("ÅTGÄRD", 235, 281), ("ANSVARIG", 392, 450), ("STATUS", 526, 569),
                            ("TIDSPLAN", 683, 739)], bold=True)
    p1 = Page(1, 842.04, 595.44, head1 + _row(1, 309.0, "1", 0) + _row(1, 340.0, "2", 0), ocr=True)
    p2 = Page(2, 842.04, 595.44, head2 + _row(2, 99.9, "3", 3.5) + _row(2, 131.0, "4", 3.5), ocr=True)
    measures, _, _ = read_measures([p1, p2])
    assert [m.id for m in measures] == ["1", "2", "3", "4"]
    assert measures[0].goal == "Alla vuxna invandrare"
    assert measures[0].text == "Språkundervisning i svenska"


def test_a_header_row_read_as_its_one_label_is_the_header_of_another_page():
    def row(page: int, top: float, dx: float) -> list[Word]:
        return _line(page, top, [("Asiakaskontaktien", 35 + dx, 124 + dx), ("Maahanmuuttajapalvelut", 144 + dx, 266 + dx),
                                 ("Toteutunut.", 290 + dx, 346 + dx), ("Kuntaan", 481 + dx, 521 + dx),
                                 ("muuttaneet", 524 + dx, 580 + dx), ("Monikulttuurisen", 619 + dx, 703 + dx),
                                 ("neuvonnan", 706 + dx, 760 + dx)])

    lone = _line(1, 269.7, [("Kehittämistoimenpide", 620, 738)], bold=True)
    heading = _line(1, 246.9, [("Alkuvaiheen", 38, 115), ("ohjaus", 119, 159)], bold=True)
    full = _line(2, 60.0, [("Mittarit", 37, 82), ("Vastuu", 146, 184), ("Tilanne", 292, 333), ("31.12.2022", 336, 395),
                           ("Tavoite", 482, 522), ("Kehittämistoimenpide", 622, 741)], bold=True)
    p1 = Page(1, 842.04, 595.44, heading + lone + row(1, 293.1, 0) + row(1, 330.0, 0), ocr=True)
    p2 = Page(2, 842.04, 595.44, full + row(2, 80.0, 2) + row(2, 117.0, 2), ocr=True)
    measures, _, _ = read_measures([p1, p2])
    assert len(measures) == 4
    assert measures[0].text == "Monikulttuurisen neuvonnan" and measures[0].section == "Alkuvaiheen ohjaus"
    assert measures[0].goal == "Kuntaan muuttaneet"
