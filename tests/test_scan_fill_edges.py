"""A zebra table whose light shading the scan gave shifted down against its rows (word boxes and fills as OCR gave
them on a tuning scan): each shaded band starts in the middle of its row's first line. The rows are cut at the
lines' edges, not through the first line (which would go to the row above)."""
from __future__ import annotations

from kotoex.extract.columns import default_vocab
from kotoex.extract.layout import group_lines
from kotoex.extract.pdf import Fill, Page, Word
from kotoex.extract.table import cut_bands
from kotoex.extract.table_header import build_header, find_header


def _line(top: float, bottom: float, items) -> list[Word]:
    return [Word(t, x0, x1, top, bottom, bottom - top, False, 1, 95.0) for t, x0, x1 in items]


def test_shading_shifted_into_a_rows_first_line_cuts_no_row_through_it():
    L = _line
    head = L(365.4, 375.2, [("TAVOITTEET", 48, 90), ("KEHITTÄMISTOIMENPIDE", 182, 265), ("VASTUU", 384, 411),
                            ("AJANKOHTA", 498, 538)])
    body = (L(379.4, 388.9, [("Työllistämisen", 48, 96), ("edistäminen", 99, 140), ("Kaupunkiorganisaatioiden", 183, 270),
                             ("Henkilöstöpalvelut", 383, 447), ("2021", 498, 515)])
            + L(388.9, 397.7, [("kaupunkiorganisaatiossa", 47, 132), ("työntekijöiden", 183, 231)])
            + L(402.2, 411.6, [("Työkokeilu-", 183, 221), ("tarjoaminen", 277, 318), ("Henkilöstöpalvelut", 384, 447),
                               ("Jatkuva", 498, 523)])
            + L(415.7, 425.2, [("Toisen", 48, 70), ("kotimaisen", 72, 109), ("Olemassa", 183, 216),
                               ("saavutettavuuden", 280, 342), ("Vaasan", 384, 409), ("2020", 498, 516)])
            + L(424.5, 433.6, [("mahdollistaminen", 48, 108), ("lisääminen", 183, 219)])
            + L(438.2, 447.7, [("Ulkomaalaistaustaisten", 48, 127), ("Jalkautuminen", 182, 231), ("Welcome", 384, 415),
                               ("Jatkuva", 498, 523)])
            + L(447.5, 456.3, [("työntekijöiden", 48, 96), ("työllistäviin", 183, 221)])
            + L(456.2, 465.3, [("kotoutumisen", 48, 94), ("tukeminen", 97, 133)])
            + L(469.9, 479.0, [("Perusopetuksen", 48, 102), ("Kieli-", 183, 199), ("järjestäminen", 330, 376),
                               ("Vaasan", 384, 409), ("Jatkuva", 498, 523)])
            + L(478.8, 488.2, [("koulutuksen", 48, 89), ("gymnasium", 384, 423)])
            + L(487.7, 497.1, [("tukeminen", 48, 84), ("perusopetuksen", 384, 438)]))
    fills = [Fill(44.16, 385.92, 556.8, 399.36, (230, 230, 230)), Fill(44.16, 420.48, 556.8, 433.92, (230, 230, 230)),
             Fill(44.16, 476.16, 556.8, 497.28, (230, 230, 230))]
    page = Page(1, 595.44, 842.04, head + body, fills=fills, ocr=True)
    lines = group_lines(head + body)
    header = build_header(lines[0], find_header(lines[0], default_vocab(), below=lines[1:]), page, lines[1:])
    bands = cut_bands(page, header, body, 377.0, 530.0)
    band_of = {w.text: i for i, b in enumerate(bands) for w in b.words}
    assert band_of["Työllistämisen"] == band_of["kaupunkiorganisaatiossa"]
    assert band_of["Toisen"] == band_of["mahdollistaminen"] != band_of["Työkokeilu-"]
    assert band_of["Perusopetuksen"] == band_of["tukeminen"] != band_of["Ulkomaalaistaustaisten"]
    assert len({band_of[w] for w in ("Työllistämisen", "Työkokeilu-", "Toisen", "Ulkomaalaistaustaisten",
                                     "Perusopetuksen")}) == 5
