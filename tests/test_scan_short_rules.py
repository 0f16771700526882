"""A scanned grid whose faint row rules the uneven lighting kept under the left columns only (word boxes, rule
pieces and fills as OCR gave them on a tuning scan): the table's shaded heading rows and one stray rule reach the
action column, the row rules do not. The rows are cut by their gaps, not merged between the few rules that reach."""
from __future__ import annotations

from kotoex.extract.columns import default_vocab
from kotoex.extract.layout import group_lines
from kotoex.extract.pdf import Fill, Page, Rule, Word
from kotoex.extract.table import cut_bands
from kotoex.extract.table_header import build_header, find_header


def _line(top: float, items, bold: bool = False, size: float = 9.4) -> list[Word]:
    return [Word(t, x0, x1, top, top + size, size, bold, 1, 95.0) for t, x0, x1 in items]


def _page():
    L = _line
    head = L(156.6, [("TAVOITTEET", 35, 79), ("VASTUU", 177, 206), ("KUMPPANIT", 298, 340),
                     ("KEHITTÄMISTOIMENPITEET", 411, 508), ("AJANKOHTA", 624, 667), ("SEURANTA", 689, 728)], bold=True)
    body = (L(177.4, [("Alkuvaiheen", 35, 88), ("ohjaus", 91, 119), ("ja", 121, 130), ("neuvonta", 132, 173)], bold=True)
            + L(200.1, [("Espooseen", 36, 73), ("Maahanmuuttajapalvelut", 178, 267), ("Konsernihallinto,", 298, 358),
                        ("1.1.1", 412, 429), ("Monikielisen", 432, 476), ("2022-2023", 625, 664),
                        ("Neuvontakontaktien", 689, 761)])
            + L(209.9, [("oikea-aikaista", 35, 85), ("väestötietovirasto", 298, 363), ("palvelukanavien", 412, 470),
                        ("kanavittain,", 689, 731)])
            + L(219.3, [("omalla", 35, 59), ("(InfoFinland)", 298, 343), ("videoneuvonta.", 481, 537)])
            + L(239.5, [("Maahanmuuttajapalvelut,", 178, 269), ("TE-toimisto,", 298, 341), ("1.1.2", 412, 429),
                        ("Alkukartoituksen", 432, 492), ("Jatkuva", 624, 651), ("Alkukartoitusten", 689, 748)])
            + L(249.1, [("työllisyyspalvelut", 176, 240), ("laatiminen", 412, 449), ("keskimääräinen", 689, 745)])
            + L(258.4, [("kuluessa", 412, 443), ("alkamisesta.", 493, 538)])
            + L(278.6, [("Konsernihallinto", 178, 235), ("Henkilöstöpalvelut,", 298, 367), ("1.1.3", 412, 429),
                        ("Selkokielisen", 432, 479), ("2023", 625, 643), ("Koulutukseen", 689, 737)])
            + L(288.2, [("työväenopisto", 297, 349), ("henkilöstön", 412, 453), ("määrä", 689, 711)])
            + L(297.8, [("asiakaspalvelussa.", 412, 478)])
            + L(317.7, [("Kansainvälistä", 36, 87), ("Kaupunginhallitus", 177, 242), ("Uudenmaan", 298, 341),
                        ("1.2.1", 412, 429), ("Kuntapaikkojen", 432, 487), ("Vuosittain", 624, 660),
                        ("Toteutuneet", 688, 732)])
            + L(327.6, [("vastaanotto", 35, 78), ("Maahanmuuttovirasto", 298, 377), ("oleskeluluvan", 412, 461),
                        ("suhteessa", 689, 725)])
            + L(346.5, [("sote-uudistuksen", 35, 96)])
            + L(366.9, [("Sosiaali-", 177, 207), ("Järjestöt", 297, 328), ("1.2.2", 412, 429),
                        ("Alkuterveystarkastusten", 432, 520), ("2022-2023", 625, 664), ("Kolmen", 689, 715)])
            + L(376.3, [("yhteistyössä", 177, 222), ("saatavuuden", 412, 458), ("terveystarkastuksen", 689, 762)])
            + L(435.1, [("Kielitaito", 35, 74), ("ja", 77, 85), ("osaaminen", 87, 134)], bold=True)
            + L(457.9, [("Aikuiset", 35, 64), ("Espoon", 178, 203), ("Varhaiskasvatus,", 298, 359), ("2.1.1", 412, 429),
                        ("Lastenhoidollisen", 432, 494), ("2022-2024", 625, 665), ("Opiskelijamäärä", 689, 746)])
            + L(467.7, [("kielikoulutukseen", 35, 98), ("kaikille", 412, 437)])
            + L(506.8, [("Henkilöstöpalvelut", 177, 244), ("Työllisyyspalvelut,", 298, 364), ("2.1.2", 412, 429),
                        ("Kieliharjoittelupaikkojen", 432, 518), ("2023", 625, 643), ("Kieliharjoittelijoiden", 689, 760)])
            + L(516.0, [("työväenopisto", 298, 349), ("työyhteisöissä.", 411, 465)]))
    rules = [Rule(32.6, 152.4, 806.2, 152.4), Rule(32.4, 172.3, 806.6, 172.3),
             Rule(34.8, 233.9, 77.8, 233.9), Rule(131.8, 233.9, 177.1, 233.9), Rule(208.8, 233.9, 229.9, 233.9),
             Rule(69.4, 273.2, 91.4, 273.2), Rule(152.9, 273.2, 228.2, 273.2), Rule(269.0, 273.2, 289.7, 273.2),
             Rule(32.9, 312.4, 71.0, 312.4), Rule(85.4, 312.4, 151.7, 312.4), Rule(235.0, 312.4, 257.3, 312.4),
             Rule(32.4, 361.3, 72.7, 361.3), Rule(199.4, 361.3, 226.1, 361.3), Rule(320.4, 361.3, 375.6, 361.3),
             Rule(40.8, 400.4, 203.8, 400.4), Rule(32.4, 501.4, 199.0, 501.4), Rule(285.8, 501.5, 368.4, 501.5),
             Rule(359.3, 531.0, 467.5, 531.0), Rule(482.6, 531.0, 533.8, 531.0)]
    fills = [Fill(30.72, 174.72, 804.48, 195.84, (230, 230, 230)), Fill(30.72, 428.16, 804.48, 453.12, (230, 230, 230))]
    page = Page(1, 842.04, 595.44, head + body, rules=rules, fills=fills, ocr=True)
    lines = group_lines(head + body)
    header = build_header(lines[0], find_header(lines[0], default_vocab(), below=lines[1:]), page, lines[1:])
    return page, header, body


def test_row_rules_kept_under_the_left_columns_only_leave_the_rows_to_their_gaps():
    page, header, body = _page()
    assert header.roles[-3:] == ["text", "schedule", "indicator"]
    bands = cut_bands(page, header, body, 168.0, 596.0)
    band_of = {w.text: i for i, b in enumerate(bands) for w in b.words}
    ids = ["1.1.1", "1.1.2", "1.1.3", "1.2.1", "1.2.2", "2.1.1", "2.1.2"]
    assert len({band_of[i] for i in ids}) == len(ids)
    assert band_of["Monikielisen"] == band_of["videoneuvonta."] == band_of["Neuvontakontaktien"]
    assert band_of["Kieliharjoittelupaikkojen"] == band_of["työyhteisöissä."]
