import pytest

from conftest import corpus_pages

from kotoex.interpret.decision import header_municipality, parse_decision
from kotoex.interpret.decision_header import parse_header
from kotoex.normalize.amounts import find_amounts, find_grouped_numbers, find_percentages, parse_fi_number
from kotoex.normalize.dates import find_date_ranges, find_dates, parse_fi_date

from _synth import make_pages


# ---------------------------------------------------------------- pure functions

def test_parse_fi_date():
    assert parse_fi_date("28.08.2023") == "2023-08-28"
    assert parse_fi_date("päätetty 1.9.2023 kokouksessa") == "2023-09-01"
    assert parse_fi_date("28. elokuuta 2023") == "2023-08-28"
    assert parse_fi_date("31.2.2023") is None
    assert parse_fi_date("ROI/812/02.05.00/2021") is None
    assert [d for d, _, _ in find_dates("11.11.2019 § 136 ja 30.11.2020")] == ["2019-11-11", "2020-11-30"]


def test_date_ranges():
    r = find_date_ranges("ajalle 1.9.2023-31.8.2024. Toteutusaika on 1.3.2021–28.2.2023 ja 1.9.–31.12.2023")
    assert [(a, b) for a, b, _, _ in r] == [("2023-09-01", "2024-08-31"), ("2021-03-01", "2023-02-28"),
                                            ("2023-09-01", "2023-12-31")]


def test_parse_fi_number():
    assert parse_fi_number("12 345,67") == 12345.67
    assert parse_fi_number("189\u00a0000") == 189000.0
    assert parse_fi_number("0,2") == 0.2
    assert parse_fi_number("1.234.567,89") == 1234567.89
    assert parse_fi_number("abc") is None


def test_find_amounts():
    text = ("myönsi 189 000 euroa, noin 1,2 milj. euroa, 940\u00a0000 € ja 12 345,67 € sekä 0,2 milj. euroa; "
            "vuonna 2021 yhteensä 130 henkilöä")
    vals = [v for v, _, _ in find_amounts(text)]
    assert vals == [189000.0, 1200000.0, 940000.0, 12345.67, 200000.0]
    assert find_amounts("189 000 euroa")[0][1] == "189 000 euroa"
    assert [v for v, _, _ in find_percentages("avustus on 70 % kustannuksista")] == [70.0]
    assert [v for v, _, _ in find_grouped_numbers("osuus on 98 100, josta 68 670 on avustusta, 1.9.2023")] == [98100.0, 68670.0]


def test_header_run_together():
    h = parse_header(["Turun kaupunki§Päätöspöytäkirja1", "Konsernihallinto", "Kansliapäällikkö24228.08.2023",
                       "5652-2023 (00 01 05)"])
    assert h == {"body": "Kansliapäällikkö", "section": "242", "date": "2023-08-28", "diary_number": "5652-2023"}


def test_header_variants():
    h = parse_header(["ROVANIEMEN KAUPUNKI PÖYTÄKIRJANOTE 1 (2)", "Sosiaali- ja terveyslautakunta 24.03.2021 § 47",
                       "ROI/812/02.05.00/2021"])
    assert (h["body"], h["section"], h["date"], h["diary_number"]) == (
        "Sosiaali- ja terveyslautakunta", "47", "2021-03-24", "ROI/812/02.05.00/2021")
    h = parse_header(["Helsingin kaupunki Pöytäkirja 5/2021", "Kaupunginhallitus", "§ 88 15.02.2021",
                       "HEL 2021-001234 T 00 01 06"])
    assert (h["body"], h["section"], h["date"], h["diary_number"]) == ("Kaupunginhallitus", "88", "2021-02-15", "HEL 2021-001234")


def test_synthetic_decision_approved_only_uses_proposal():
    pages = make_pages([[
        ("Esimerkkilän kunta Pöytäkirjanote", 9, False),
        ("Kunnanhallitus 12.05.2022 § 77", 9, False),
        ("Dnro 45/00.01/2022", 8.5, False),
        ("Kotoutumishankkeen käynnistäminen", 16, True),
        ("Perustelut", 9, True),
        ("Kunta on saanut Pohjois-Savon ELY-keskukselta 50 000 euroa ajalle 1.6.2022-31.5.2023.", 9, False),
        ("Kokouksessaan 3.3.2021 § 12 kunnanhallitus päätti hakea avustusta.", 9, False),
        ("Päätösehdotus", 9, True),
        ("Esittelijä: kunnanjohtaja Maija Meikäläinen", 9, False),
        ("Kunnanhallitus päättää käynnistää hankkeen.", 9, False),
        ("Päätös", 9, True),
        ("Hyväksyttiin.", 9, False),
    ]])
    d, w = parse_decision(pages)
    assert (d.body, d.section, d.date, d.diary_number) == ("Kunnanhallitus", "77", "2022-05-12", "45/00.01/2022")
    assert d.title == "Kotoutumishankkeen käynnistäminen"
    assert d.decision_text == "Kunnanhallitus päättää käynnistää hankkeen."
    assert [a.value for a in d.amounts] == [50000.0]
    assert d.period.start_date == "2022-06-01" and d.period.end_date == "2023-05-31"
    assert d.funder == "Pohjois-Savon ELY-keskus"
    assert ("Maija Meikäläinen", "kunnanjohtaja") in [(p.name, p.role) for p in d.people]


# ---------------------------------------------------------------- corpus PDFs

@pytest.mark.shared
@pytest.mark.parametrize("layout", ["wp-grid-land", "wp-open-port", "wp-shade-land"])
def test_turku_decision(layout):
    pages = corpus_pages(f"turku_decision_2023__{layout}.pdf")
    d, _ = parse_decision(pages)
    assert (d.body, d.section, d.date, d.diary_number) == ("Kansliapäällikkö", "242", "2023-08-28", "5652-2023")
    assert d.title.startswith("Maahanmuuttajien neuvonta- ja ohjauspalveluiden kehittäminen Varsinais-Suomessa")
    assert d.decision_text.startswith("Päätin, että Turku perustaa")
    assert d.decision_text.endswith("omarahoitusosuudella.")
    assert sorted(a.value for a in d.amounts) == [70.0, 29430.0, 68670.0, 98100.0, 189000.0, 270000.0]
    assert (d.period.start_date, d.period.end_date) == ("2023-09-01", "2024-08-31")
    assert d.funder == "Hämeen ELY-keskus"
    assert [(p.name, p.role) for p in d.people] == [("Mika Helva", "palvelujohtaja"), ("Mika Salonen", "hankepäällikkö"),
                                                    ("Tuomas Heikkinen", "kansliapäällikkö")]
    assert header_municipality(pages) == ("Turku", "853")


@pytest.mark.shared
@pytest.mark.parametrize("layout", ["wp-grid-land", "wp-open-port", "wp-shade-land"])
def test_rovaniemi_decision(layout):
    pages = corpus_pages(f"dev_rovaniemi_decision_2021__{layout}.pdf")
    d, _ = parse_decision(pages)
    assert (d.body, d.section, d.date, d.diary_number) == ("Sosiaali- ja terveyslautakunta", "47", "2021-03-24",
                                                          "ROI/812/02.05.00/2021")
    assert sorted(a.value for a in d.amounts) == [80.0, 31400.0, 75400.0, 301600.0, 377000.0, 1200000.0]
    assert (d.period.start_date, d.period.end_date) == ("2021-03-01", "2023-02-28")
    assert d.funder == "Lapin ELY-keskus"
    assert d.decision_text.startswith("Sosiaali- ja terveyslautakunta hyväksyi päätösehdotuksen")
    assert {p.name for p in d.people} >= {"Heikki Rautio", "Johanna Kallio", "Päivi Alatalo", "Sanna Ylitalo"}
    assert header_municipality(pages) == ("Rovaniemi", "698")


# ---------------------------------------------------------------- steps of the decision reader


def test_section_headings_from_the_vocabulary():
    from kotoex.interpret.decision import section_of

    assert section_of("Päätösehdotus:") == "proposal"
    assert section_of("Valmistelija / lisätiedot") == "preparer"
    assert section_of("För kännedom") == "distribution"
    assert section_of("Päätösehdotuksen perustelut") is None


def test_funders():
    from kotoex.interpret.money import find_funder

    text = "Kaupunki on saanut Varsinais-Suomen ELY-keskukselta avustusta."
    name, (a, b) = find_funder(text)
    assert name == "Varsinais-Suomen ELY-keskus" and text[a:b] == "Varsinais-Suomen ELY-kesku"
    assert find_funder("Opetushallitukselta haettava avustus")[0] == "Opetushallitus"
    assert find_funder("Työ- ja elinkeinoministeriön myöntämä")[0] == "Työ- ja elinkeinoministeriö"
    assert find_funder("Hanke rahoitetaan omin varoin.") is None


def test_amounts_labels_and_counts():
    from kotoex.interpret.money import find_decision_amounts

    text = ("Hankkeen kokonaiskustannusarvio on 45 000 ja siihen osallistuu 1 200 henkilöä. "
            "Valtionavustus on 70 % eli 31 500 euroa.")
    found = [(am.value, am.currency, am.label) for am, _ in find_decision_amounts(text)]
    assert found == [(45000.0, "EUR", "kokonaiskustannusarvio"), (70.0, None, "avustusosuus"),
                     (31500.0, "EUR", "valtionavustus")]
    am, (a, b) = find_decision_amounts(text)[2]
    assert text[a:b] == am.raw == "31 500 euroa"


def test_people_from_phrases_and_signatures():
    from kotoex.interpret.paragraphs import Para
    from kotoex.interpret.people import find_people

    pages = make_pages([[("Hankkeen koordinaattorina toimii Maija Meikäläinen ja vastaavana Lapuan kaupunki.", 9, False),
                         ("Matti Virtanen", 9, False), ("Kaupunginjohtaja", 9, False)]])
    from kotoex.extract.layout import group_lines

    lines = group_lines(pages[0].words)
    where: list = []
    people = find_people([Para(lines[:1]), Para(lines[1:])], where)
    assert [(p.name, p.role) for p in people] == [("Maija Meikäläinen", "koordinaattori"),
                                                 ("Matti Virtanen", "kaupunginjohtaja")]
    assert [[ln.text for ln in ls] for ls in where][1] == ["Matti Virtanen", "Kaupunginjohtaja"]


# ---------------------------------------------------------------- header formats other than the seed's

def test_header_fields_by_their_patterns():
    from kotoex.interpret.decision_header import stamp
    # the meeting word, the date and the § on one line: the body is on the line above, not "Kokous"
    h = parse_header(["KOUVOLAN KAUPUNKI", "Pöytäkirjanote", "Kaupunginhallitus", "Kokous 12.9.2022 · § 245"])
    assert (h["body"], h["section"], h["date"]) == ("Kaupunginhallitus", "245", "2022-09-12")
    # a one-row header table read as one line; the Swedish "41 §"
    assert stamp("Sivistyslautakunta | 14.03.2023 | § 28") == {"section": "28", "date": "2023-03-14",
                                                                "body": "Sivistyslautakunta"}
    assert stamp("Sammanträde 8.3.2022 · 41 §") == {"section": "41", "date": "2022-03-08", "body": None}
    assert stamp("Kommunstyrelsen § 55 20.02.2023")["body"] == "Kommunstyrelsen"
    # a sentence quoting another decision is no stamp
    assert stamp("Kaupunginhallitus päätti 9.5.2022 § 131 hakea valtionavustusta") is None
    assert stamp("Hallintosäännön 33 §:n mukaan lautakunta päättää 1.1.2021 alkaen") is None
    # two stages in the header: the last one is the decision's
    h = parse_header(["Kaupunginhallitus 15.05.2023 § 180", "Kaupunginvaltuusto 12.06.2023 § 45"])
    assert (h["body"], h["section"], h["date"]) == ("Kaupunginvaltuusto", "45", "2023-06-12")


def test_header_fields_on_separate_lines_and_labelled_tables():
    h = parse_header(["OULUN KAUPUNKI", "Sivistys- ja kulttuurilautakunta", "Pöytäkirja 4/2023", "Pvm 21.04.2023", "§ 77"])
    assert (h["body"], h["section"], h["date"]) == ("Sivistys- ja kulttuurilautakunta", "77", "2023-04-21")
    h = parse_header(["Tampereen kaupunki", "Toimielin Kokouspäivä Pykälä", "Kasvatus- ja opetuslautakunta 8.2.2023 14"])
    assert (h["body"], h["section"], h["date"]) == ("Kasvatus- ja opetuslautakunta", "14", "2023-02-08")
    assert parse_header(["Tampereen kaupunki", "Kokous 8.2.2023", "Kotoutumisohjelma 2023"]).get("section") is None


def test_shared_diary_reader():
    from kotoex.interpret.diary import find_diary
    from kotoex.interpret.minutes_lines import find_diary as minutes_find_diary
    for text, dno in [("LPR/1234/00.04.01/2022", "LPR/1234/00.04.01/2022"), ("MIKDno-2023-412", "MIKDno-2023-412"),
                      ("Dnr KS 123/2023", "KS 123/2023"), ("Dnro KOU/2345/02.05.00/2022", "KOU/2345/02.05.00/2022"),
                      ("Kokous 12.9.2022", None), ("vuosille 2022-2025", None)]:
        assert find_diary(text) == dno == minutes_find_diary(text)
    assert find_diary("5652-2023 (00 01 05)") == "5652-2023"
    assert find_diary("hankeaika 2022-2024", header=True) is None


def test_amounts_of_past_years_are_history():
    from kotoex.interpret.money import find_decision_amounts
    text = ("Kaupungin osuus vuodelle 2022 on 7 150 euroa. Vuoden 2021 talousarviossa neuvontaan oli varattu "
            "38 000 euroa. Avustus on 228 800 euroa.")
    assert [a.value for a, _ in find_decision_amounts(text, 2022)] == [7150.0, 228800.0]
    assert [a.value for a, _ in find_decision_amounts(text)] == [7150.0, 38000.0, 228800.0]


def test_decision_without_header_is_a_problem_and_partial():
    from kotoex.models import Source
    from kotoex.pipeline import build_document
    pages = make_pages([[
        ("Esimerkkilän kunta Pöytäkirjanote", 9, False),
        ("Kotoutumishankkeen käynnistäminen", 16, True),
        ("Perustelut", 9, True),
        ("Kunta on saanut avustusta 50 000 euroa.", 9, False),
        ("Päätösehdotus", 9, True),
        ("Kunnanhallitus päättää käynnistää hankkeen.", 9, False),
        ("Päätös", 9, True),
        ("Hyväksyttiin.", 9, False),
    ]])
    d, problems = parse_decision(pages)
    assert d.section is None and d.date is None
    assert any(p.kind == "decision_no_section" and "§ number and date and deciding body" in p.message for p in problems)
    doc = build_document(pages, source=Source(file="x.pdf", sha256="0" * 64, pages=1))
    assert doc.document.doc_type == "decision" and doc.status == "partial"


def test_held_out_decision_formats(tmp_path):
    """Decisions in header formats written for this test (tests/_decision_synth.py): the first set scored 0.54
    of fields before the header reader was rewritten; the blind sets, each written after the previous was fixed,
    0.75 and 0.76 on their first run."""
    import _decision_synth as synth
    from _decision_synth import build_all, field_scores

    from kotoex.extract import iter_pages, open_document
    golds = {**build_all(tmp_path), **build_all(tmp_path, synth.BLIND), **build_all(tmp_path, synth.BLIND2)}
    for stem, gold in golds.items():
        d, _ = parse_decision(list(iter_pages(open_document(tmp_path / f"{stem}.pdf"))))
        assert field_scores(gold, d) == dict.fromkeys(field_scores(gold, d), 1.0), stem


def test_repeated_header_is_no_later_stage():
    pages = make_pages([[
        ("Esimerkkilän kunta Pöytäkirjanote", 9, False),
        ("Kunnanhallitus 12.05.2022 § 77", 9, False),
        ("Kotoutumishankkeen käynnistäminen", 16, True),
        ("Päätösehdotus", 9, True),
        ("Kunnanhallitus päättää käynnistää hankkeen.", 9, False),
        ("Päätös", 9, True),
    ], [
        ("Kunnanhallitus 12.05.2022 § 77", 9, False),
        ("Kunnanhallitus päätti käynnistää hankkeen ja nimetä ohjausryhmän.", 9, False),
    ]])
    d, _ = parse_decision(pages)
    assert (d.body, d.section, d.date) == ("Kunnanhallitus", "77", "2022-05-12")
    assert d.decision_text == "Kunnanhallitus päätti käynnistää hankkeen ja nimetä ohjausryhmän."


def test_people_roles_with_their_unit_and_capitalised():
    from kotoex.interpret.paragraphs import Para
    from kotoex.interpret.people import find_people
    pages = make_pages([[("Valmistelija kotoutumispalvelujen päällikkö Sari Nurmela. Jäsen Pekka Rautiainen kannatti "
                          "ehdotusta.", 9, False)]])
    from kotoex.extract.layout import group_lines
    people = find_people([Para(group_lines(pages[0].words))])
    assert [(p.name, p.role) for p in people] == [("Sari Nurmela", "kotoutumispalvelujen päällikkö"),
                                                  ("Pekka Rautiainen", "jäsen")]


def test_label_cells_centred_in_ruled_rows(tmp_path):
    from _decision_synth import field_scores, ruled_label_cells

    from kotoex.extract import iter_pages, open_document
    gold = ruled_label_cells(tmp_path / "ruled.pdf")
    d, _ = parse_decision(list(iter_pages(open_document(tmp_path / "ruled.pdf"))))
    assert field_scores(gold, d) == dict.fromkeys(field_scores(gold, d), 1.0)
    assert d.decision_text.endswith("syksyllä 2023.")  # the "Tiedoksi" row is not part of it


def test_stamp_quoted_at_the_end_is_no_later_stage():
    pages = make_pages([[
        ("Esimerkkilän kunta Pöytäkirjanote", 9, False),
        ("Kunnanhallitus 12.05.2022 § 77", 9, False),
        ("Kotoutumishankkeen käynnistäminen", 16, True),
        ("Päätösehdotus", 9, True),
        ("Kunnanhallitus päättää käynnistää hankkeen.", 9, False),
        ("Päätös", 9, True),
        ("Kunnanhallitus päätti käynnistää hankkeen.", 9, False),
        ("Aiempi käsittely", 9, True),
        ("Kunnanhallitus 10.01.2022 § 5", 9, False),
    ]])
    d, _ = parse_decision(pages)
    assert (d.section, d.date, d.decision_text) == ("77", "2022-05-12", "Kunnanhallitus päätti käynnistää hankkeen.")
