"""Header rows as OCR reads them on a dark band (word boxes as a tuning scan gave them):

* a label whose box tesseract stretched over the next label (printed words never overlap) is a cell of
  its own, ending where its letters would;
* a year glued to the label before it ("TOTEUTUMINEN2023": the space lost) names the column as
  "Toteutuminen 2023" does.
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
