"""Header rows as OCR reads them on a dark band (word boxes as a tuning scan gave them):

* a label whose box tesseract stretched over the next label (printed words never overlap) is a cell of
  its own, ending where its letters would;
* a year glued to the label before it ("TOTEUTUMINEN2023": the space lost) names the column as
  "Toteutuminen 2023" does;
* a header repeating an earlier one but for one column's start (a box stretched left) takes its columns.
"""
from __future__ import annotations

from kotoex.extract.columns import default_vocab
from kotoex.extract.layout import Line
from kotoex.extract.pdf import Word
from kotoex.extract.table_header import find_header


def _words(items, top: float = 64.5, size: float = 9.0) -> list[Word]:
    return [Word(t, x0, x1, top, top + size, size, True, 3, conf) for t, x0, x1, conf in items]


def test_a_label_box_stretched_over_the_next_label_is_a_cell_of_its_own():
    line = Line(_words([('"TAVOITE', 57.1, 99.4, 50.0), ("KEHITTÄMISTOIMENPIDE", 211.4, 510.0, 92.0),
                        ("VASTUUTAHOT", 438.2, 505.2, 74.0), ("TOTEUTUMINEN", 564.2, 637.0, 95.0),
                        ("2023", 641.0, 661.0, 96.0)]))
    cells = find_header(line, default_vocab())
    assert [c[0] for c in cells] == ["goal", "text", "responsible", "status"]
    assert cells[1][3] <= cells[2][2]  # the stretched label ends before the next one starts


def test_a_year_glued_to_a_label_names_its_column():
    vocab = default_vocab()
    assert vocab.role_of("TOTEUTUMINEN2023") == vocab.role_of("Toteutuminen 2023") == "status"
    assert vocab.role_of("Tilanne2022") == "status"


def test_a_repeated_header_with_one_column_start_misplaced_takes_the_earlier_columns():
    """Page 3 of tuning scan jyvaskyla 782: every label read, but 'TOTEUTUMINEN2023' boxed from 531 pt, 33 pt
    left of its letters; the responsible column's last word ('piiri', 521-536) then straddled into the status
    column and read as text across both (the row lost). The header repeats page 2's: its columns are taken."""
    from kotoex.extract.pdf import Page
    from kotoex.extract.table_header import build_header, realign_header

    def header(page, items):
        line = Line(_words(items))
        return build_header(line, find_header(line, default_vocab()), Page(page, 842.04, 595.44, line.words))

    earlier = header(2, [('"TAVOITE', 58.1, 99.4, 58.0), ("KEHITTÄMISTOIMENPIDE", 211.4, 325.9, 90.0),
                         ("VASTUUTAHOT", 436.6, 503.3, 91.0), ("TOTEUTUMINEN", 564.2, 637.0, 95.0),
                         ("2023", 641.0, 661.0, 96.0)])
    misplaced = header(3, [('"TAVOITE', 57.1, 99.4, 50.0), ("KEHITTÄMISTOIMENPIDE", 211.4, 510.0, 92.0),
                           ("VASTUUTAHOT", 438.2, 505.2, 74.0), ("TOTEUTUMINEN2023", 530.9, 666.5, 79.0)])
    assert misplaced.roles == earlier.roles == ["goal", "text", "responsible", "status"]
    fixed = realign_header(misplaced, earlier)
    assert fixed is not None and fixed.page == 3 and abs(fixed.columns[3].text_x0 - 564.2) < 2.0
    assert realign_header(earlier, earlier) is None  # the same columns: nothing to take
