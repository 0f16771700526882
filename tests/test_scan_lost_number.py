"""A borderless table numbering its rows, scanned, where OCR lost one row's number (word boxes as OCR gave them on
a tuning scan): the unnumbered band opens every column on its first line with a capital, so it is a row of its own,
not the rest of the row above."""
from __future__ import annotations

from kotoex.extract.pdf import Page, Word
from kotoex.interpret.measures import read_measures


def _line(top: float, bottom: float, items) -> list[Word]:
    return [Word(t, x0, x1, top, bottom, bottom - top, False, 1, 95.0) for t, x0, x1 in items]


def _rows() -> list[Word]:
    L = _line
    return (L(615.7, 625.1, [("Nr", 42, 50), ("Mål", 65, 76), ("Åtgärder", 156, 186), ("Ansvarig", 274, 304),
                             ("Läge", 369, 384), ("2021", 387, 404), ("Tidtabell", 487, 516)])
            + L(634.7, 643.6, [("6", 42, 46), ("Invandrare", 64, 100), ("får", 103, 112), ("arbete", 114, 137),
                               ("Kartläggning", 156, 199), ("av", 201, 209), ("kompetens", 212, 249), ("TE-byrån,", 275, 307),
                               ("Genomförd.", 368, 408), ("Kompetensen", 411, 457), ("2020-2021", 487, 525)])
            + L(643.4, 652.7, [("som", 64, 78), ("motsvarar", 81, 115), ("tidigare", 156, 182), ("utbildning", 184, 218),
                               ("integrationsenheten", 275, 343), ("kartläggs", 369, 400), ("nu", 402, 410)])
            + L(652.5, 661.5, [("kompetens.", 63, 103), ("den", 156, 168), ("inledande", 171, 204),
                               ("kartläggningen.", 207, 259), ("kartläggningar.", 369, 420)])
            + L(661.6, 670.6, [("översatts", 369, 400), ("till", 402, 410), ("arabiska.", 413, 443)])
            + L(689.4, 698.3, [("Invandrare", 65, 100), ("får", 103, 112), ("arbete", 114, 137), ("Samarbete", 156, 193),
                               ("med", 195, 210), ("arbetsgivare", 212, 255), ("Sysselsättningstjänsterna", 275, 362),
                               ("Delvis", 369, 389), ("genomförd.", 391, 430), ("Fortlöpande", 488, 528)])
            + L(698.2, 707.5, [("som", 64, 78), ("motsvarar", 81, 115), ("att", 156, 166), ("ordna", 168, 187),
                               ("arbetsprövning", 189, 240), ("i", 275, 276), ("samarbete", 279, 315), ("med", 369, 383),
                               ("invandrarbakgrund", 386, 450)])
            + L(707.0, 716.3, [("kompetens.", 63, 103), ("läroavtalsplatser.", 156, 214), ("TE-byrån", 275, 305),
                               ("arbetsprövning", 369, 420)])
            + L(725.5, 734.2, [("Företagsbesöken", 369, 426), ("var", 428, 439), ("färre", 441, 458)])
            + L(744.0, 753.0, [("8", 42, 46), ("Invandrare", 64, 100), ("får", 103, 112), ("arbete", 114, 137),
                               ("Vägledning", 156, 199), ("Yrkeshögskolan", 275, 330), ("Inte", 369, 384),
                               ("påbörjad.", 386, 420), ("2022", 488, 505)]))


def test_a_scanned_row_whose_number_ocr_lost_is_a_row_of_its_own():
    measures, _, _ = read_measures([Page(1, 595.44, 842.04, _rows(), ocr=True)])
    assert [m.text.split()[0] for m in measures] == ["Kartläggning", "Samarbete", "Vägledning"]
    assert "Sysselsättningstjänsterna" not in measures[0].cells.get("responsible", "")
