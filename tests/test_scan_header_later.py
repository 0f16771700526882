"""A scanned table whose first header row lost labels on its dark band ("#" and "MÅL" not read, tuning scan
pietarsaari 711: the id and goal columns ran into the action column) is completed from a later header row it
repeats, as one repeated later is completed from an earlier one."""
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
