"""Decisions (minutes extracts) in header formats other than the seed's, written with reportlab, with their gold.

Held-out material for the decision reader (issue 14, "Decision headers other than the seed's"):

* ``kouvola_oneline``: the meeting word, the date and the § on one line ("Kokous 5.10.2022 · § 312")
  under the body's name; a "Dnro" diary number under the title; "Päätös Hyväksyttiin." (the
  proposal is the decision); a phone number in the preparer line.
* ``mikkeli_table``: a one-row header table (body | date | §) with ruled cells, a prefix-Dno-year-number
  diary number, the board changed the proposal (the decision is the one made).
* ``seinajoki_stages``: the board's earlier stage (§ 180) printed before the council's (§ 45) of the same
  matter: the last stage is the decision.
* ``vaasa_sv``: a Swedish protocol extract: "Kommunstyrelsen § 55 20.02.2023", "Dnr KS 123/2023",
  "Förslag" / "Beslut Enligt förslag." (the proposal approved as such).
* ``porvoo_sv_inline``: Swedish, "Sammanträde 8.3.2022 · 41 §" under the body, "Förslag till beslut",
  a decision changed at the meeting, amounts in Swedish words ("45 000 euro").

:func:`build_all` writes the PDFs into a folder and returns ``{stem: gold}``; gold fields are the
Decision's body, section, date, diary_number, the start of its decision_text and its amounts' values.
"""
from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

W, H = A4
FONT, BOLD = "Helvetica", "Helvetica-Bold"


class _Page:
    def __init__(self, path: Path, label_x: float = 57, text_x: float = 57, size: float = 10):
        self.c = canvas.Canvas(str(path), pagesize=A4)
        self.label_x, self.text_x, self.size = label_x, text_x, size
        self.y = H - 50

    def need(self, h: float):
        if self.y - h < 60:
            self.c.showPage()
            self.y = H - 60

    def line(self, text: str, x: float | None = None, bold: bool = False, size: float | None = None):
        size = size or self.size
        self.need(size * 1.5)
        self.c.setFont(BOLD if bold else FONT, size)
        self.c.drawString(self.label_x if x is None else x, self.y, text)
        self.y -= size * 1.5

    def title(self, text: str, size: float = 15):
        for ln in simpleSplit(text, BOLD, size, W - 120):
            self.line(ln, bold=True, size=size)
        self.y -= 6

    def para(self, text: str, label: str | None = None, heading: bool = False, gap: float = 7):
        """A paragraph; ``label`` beside its first line (side-label layout) or above it (``heading``)."""
        if label and heading:
            self.line(label, bold=True)
            label = None
        x = self.text_x
        for k, ln in enumerate(simpleSplit(text, FONT, self.size, W - 55 - x)):
            self.need(self.size * 1.45)
            if k == 0 and label:
                self.c.setFont(BOLD, self.size)
                self.c.drawString(self.label_x, self.y, label)
            self.c.setFont(FONT, self.size)
            self.c.drawString(x, self.y, ln)
            self.y -= self.size * 1.45
        self.y -= gap

    def header_row(self, cells: list[str], xs: list[float]):
        top, h = self.y + 13, 21
        self.c.setLineWidth(0.6)
        self.c.rect(xs[0] - 5, top - h, W - 50 - xs[0] + 5, h)
        for x in xs[1:]:
            self.c.line(x - 5, top, x - 5, top - h)
        self.c.setFont(FONT, self.size)
        for text, x in zip(cells, xs):
            self.c.drawString(x, self.y - 2, text)
        self.y -= 30

    def save(self):
        self.c.showPage()
        self.c.save()


def _gold(body, section, date, dno, decision_start, amounts):
    return {"body": body, "section": section, "date": date, "diary_number": dno,
            "decision_start": decision_start, "amounts": sorted(amounts)}


def kouvola_oneline(path: Path) -> dict:
    p = _Page(path, label_x=57, text_x=175)
    p.line("KOUVOLAN KAUPUNKI", bold=True, size=9)
    p.line("Pöytäkirjanote", size=9)
    p.line("Kaupunginhallitus", size=9)
    p.line("Kokous 5.10.2022 · § 312", size=9)
    p.y -= 8
    p.title("Maahanmuuttajien neuvontapalvelun jatkaminen vuonna 2023")
    p.line("Dnro KOU/2345/02.05.00/2022", size=9)
    p.y -= 6
    p.para("kotoutumiskoordinaattori Leena Harju, puh. 020 615 7722", label="Valmistelija")
    p.para("Kaupunginhallitus päätti 14.3.2021 § 88 perustaa maahanmuuttajien neuvontapalvelun kokeiluna. "
           "Palvelu on tavoittanut vuonna 2022 noin 1 400 asiakasta. Palvelun kustannukset vuonna 2023 ovat "
           "arviolta 96 500 euroa, josta Kymenlaakson ELY-keskuksen valtionavustus kattaa 60 000 euroa.",
           label="Perustelut")
    p.para("Kaupunginjohtaja: Kaupunginhallitus päättää jatkaa maahanmuuttajien neuvontapalvelua vuonna 2023 "
           "ja osoittaa sen kaupungin osuuteen 36 500 euroa elinvoimapalveluiden määrärahoista.",
           label="Päätösehdotus")
    p.para("Hyväksyttiin.", label="Päätös")
    p.para("elinvoimapalvelut, talouspalvelut", label="Tiedoksi")
    p.save()
    return _gold("Kaupunginhallitus", "312", "2022-10-05", "KOU/2345/02.05.00/2022",
                 "Kaupunginhallitus päättää jatkaa maahanmuuttajien neuvontapalvelua", [96500.0, 60000.0, 36500.0])


def mikkeli_table(path: Path) -> dict:
    p = _Page(path, label_x=57, text_x=57)
    p.line("Mikkelin kaupunki", bold=True, size=11)
    p.y -= 8
    p.header_row(["Sivistyslautakunta", "14.03.2023", "§ 28"], [57, 300, 470])
    p.title("Kotoutumista tukevan kesätoiminnan järjestäminen 2023")
    p.line("MIKDno-2023-412", size=9)
    p.y -= 4
    p.para("Valmistelija: opetuspäällikkö Ville Kantola, ville.kantola@mikkeli.fi, puh. 044 794 2310")
    p.para("Perustelut", heading=True)
    p.para("Lautakunta on varannut vuoden 2023 talousarviossa kotoutumista tukevaan kesätoimintaan "
           "24 000 euroa. Toimintaan osallistuu arviolta 120 lasta ja nuorta.")
    p.para("Päätösehdotus", heading=True)
    p.para("Sivistystoimenjohtaja: Sivistyslautakunta päättää järjestää kesätoiminnan kesä- ja heinäkuussa 2023.")
    p.para("Käsittely", heading=True)
    p.para("Jäsen Outi Leinonen ehdotti, että toimintaa järjestetään myös elokuussa. Ehdotusta kannatettiin. "
           "Lautakunta hyväksyi yksimielisesti Leinosen ehdotuksen.")
    p.para("Päätös", heading=True)
    p.para("Sivistyslautakunta päätti järjestää kesätoiminnan kesä-, heinä- ja elokuussa 2023.")
    p.save()
    return _gold("Sivistyslautakunta", "28", "2023-03-14", "MIKDno-2023-412",
                 "Sivistyslautakunta päätti järjestää kesätoiminnan kesä-, heinä- ja elokuussa", [24000.0])


def seinajoki_stages(path: Path) -> dict:
    p = _Page(path, label_x=57, text_x=57)
    p.line("SEINÄJOEN KAUPUNKI          PÖYTÄKIRJANOTE", bold=True, size=9)
    p.y -= 8
    p.title("Seinäjoen kaupungin kotouttamisohjelma 2023-2026")
    p.line("SJK/1877/00.01.01/2023", size=9)
    p.y -= 6
    p.line("Kaupunginhallitus 15.05.2023 § 180", bold=True, size=10)
    p.para("Kotouttamisohjelma on valmisteltu yhteistyössä Etelä-Pohjanmaan hyvinvointialueen ja TE-toimiston "
           "kanssa. Ohjelman toimenpiteiden kustannukset katetaan talousarvion määrärahoista.")
    p.para("Päätösehdotus", heading=True)
    p.para("Kaupunginjohtaja: Kaupunginhallitus esittää kaupunginvaltuustolle, että se hyväksyy kotouttamisohjelman "
           "vuosille 2023-2026.")
    p.para("Päätös", heading=True)
    p.para("Ehdotus hyväksyttiin.")
    p.y -= 6
    p.line("Kaupunginvaltuusto 12.06.2023 § 45", bold=True, size=10)
    p.para("Päätösehdotus", heading=True)
    p.para("Kaupunginhallitus: Kaupunginvaltuusto hyväksyy Seinäjoen kaupungin kotouttamisohjelman vuosille "
           "2023-2026.")
    p.para("Päätös", heading=True)
    p.para("Kaupunginvaltuusto hyväksyi kotouttamisohjelman vuosille 2023-2026 ja edellytti, että ohjelman "
           "toteutumisesta raportoidaan valtuustolle vuosittain.")
    p.save()
    return _gold("Kaupunginvaltuusto", "45", "2023-06-12", "SJK/1877/00.01.01/2023",
                 "Kaupunginvaltuusto hyväksyi kotouttamisohjelman vuosille 2023-2026 ja edellytti", [])


def vaasa_sv(path: Path) -> dict:
    p = _Page(path, label_x=57, text_x=175)
    p.line("VASA STAD                    PROTOKOLLSUTDRAG", bold=True, size=9)
    p.line("Kommunstyrelsen § 55 20.02.2023", size=9)
    p.line("Dnr KS 123/2023", size=9)
    p.y -= 8
    p.title("Mottagande av statsunderstöd för integrationsprojektet Vasa tillsammans")
    p.para("integrationschef Maria Lindqvist, tfn 040 162 5511", label="Beredare")
    p.para("Närings-, trafik- och miljöcentralen i Södra Österbotten har beviljat staden statsunderstöd om "
           "högst 150 000 euro för projektet. Projektets totala kostnader är 187 500 euro, och stadens "
           "självfinansieringsandel är 37 500 euro.", label="Beredning")
    p.para("Stadsdirektören: Kommunstyrelsen beslutar att ta emot statsunderstödet och att genomföra projektet "
           "under tiden 1.4.2023-31.3.2025.", label="Förslag")
    p.para("Enligt förslag.", label="Beslut")
    p.save()
    return _gold("Kommunstyrelsen", "55", "2023-02-20", "KS 123/2023",
                 "Kommunstyrelsen beslutar att ta emot statsunderstödet", [150000.0, 187500.0, 37500.0])


def porvoo_sv_inline(path: Path) -> dict:
    p = _Page(path, label_x=57, text_x=57)
    p.line("Borgå stad", bold=True, size=9)
    p.line("Protokoll 3/2022", size=9)
    p.line("Social- och hälsovårdsnämnden", size=9)
    p.line("Sammanträde 8.3.2022 · 41 §", size=9)
    p.line("Dnr: 456/05.00.00/2022", size=9)
    p.y -= 8
    p.title("Tolktjänster för invandrare 2022")
    p.para("Ärendet", heading=True)
    p.para("Behovet av tolktjänster har ökat. För tolkning har 45 000 euro reserverats i budgeten för 2022.")
    p.para("Förslag till beslut", heading=True)
    p.para("Nämnden beslutar att upphandla tolktjänster för året 2022.")
    p.para("Beslut", heading=True)
    p.para("Nämnden beslutade att upphandla tolktjänster för åren 2022-2023 och att utreda distanstolkning.")
    p.save()
    return _gold("Social- och hälsovårdsnämnden", "41", "2022-03-08", "456/05.00.00/2022",
                 "Nämnden beslutade att upphandla tolktjänster för åren 2022-2023", [45000.0])


# ------------------------------------------------------------------ blind set: written after the fixes, never tuned on

def oulu_split_lines(path: Path) -> dict:
    """The § and the date on separate header lines (a label column: "Pvm", "Pykälä")."""
    p = _Page(path, label_x=57, text_x=160)
    p.line("OULUN KAUPUNKI", bold=True, size=9)
    p.line("Sivistys- ja kulttuurilautakunta", size=9)
    p.line("Pöytäkirja 4/2023", size=9)
    p.line("Pvm 21.04.2023", size=9)
    p.line("§ 77", size=9)
    p.y -= 8
    p.title("Monikielisen kirjastopalvelun vakinaistaminen")
    p.line("Dnro OUKA/3321/12.00.01/2023", size=9)
    p.y -= 4
    p.para("Kirjasto on kokeillut monikielistä palvelua vuosina 2021-2022. Vakinaistamisen kustannukset ovat "
           "62 000 euroa vuodessa.", label="Perustelut")
    p.para("Sivistysjohtaja: Lautakunta päättää vakinaistaa monikielisen kirjastopalvelun 1.8.2023 alkaen.",
           label="Ehdotus")
    p.para("Ehdotus hyväksyttiin yksimielisesti.", label="Päätös")
    p.save()
    return _gold("Sivistys- ja kulttuurilautakunta", "77", "2023-04-21", "OUKA/3321/12.00.01/2023",
                 "Lautakunta päättää vakinaistaa monikielisen kirjastopalvelun", [62000.0])


def espoo_history(path: Path) -> dict:
    """The processing history above the title: the board's stage, then the council's (the decision)."""
    p = _Page(path, label_x=57, text_x=57)
    p.line("Espoon kaupunki     Pöytäkirjanote", bold=True, size=9)
    p.line("Kaupunginhallitus 10.10.2022 § 301", size=9)
    p.line("Kaupunginvaltuusto 31.10.2022 § 88", size=9)
    p.line("Asianumero: ESP/4455/00.01.00/2022", size=9)
    p.y -= 8
    p.title("Espoon kotouttamisohjelman 2022-2025 hyväksyminen")
    p.para("Valmistelu", heading=True)
    p.para("Ohjelman toimeenpanoon on varattu vuosittain 1,4 milj. euroa. Yhteyshenkilö puh. 09 816 52000.")
    p.para("Päätösehdotus", heading=True)
    p.para("Kaupunginvaltuusto hyväksyy Espoon kotouttamisohjelman vuosille 2022-2025.")
    p.para("Päätös", heading=True)
    p.para("Kaupunginvaltuusto hyväksyi ohjelman ja edellytti väliraporttia vuoden 2024 alussa.")
    p.save()
    return _gold("Kaupunginvaltuusto", "88", "2022-10-31", "ESP/4455/00.01.00/2022",
                 "Kaupunginvaltuusto hyväksyi ohjelman ja edellytti väliraporttia", [1400000.0])


def jakobstad_colon(path: Path) -> dict:
    """Swedish, headings with a colon on their text's line ("Förslag: ...", "Beslut: Förslaget godkändes.")."""
    p = _Page(path, label_x=57, text_x=57)
    p.line("JAKOBSTADS STAD", bold=True, size=9)
    p.line("PROTOKOLLSUTDRAG", size=9)
    p.line("Stadsstyrelsen 14.11.2022 § 311", size=9)
    p.y -= 8
    p.title("Integrationsprogram för Jakobstad 2023-2026")
    p.line("Dnr JAK/418/00.01.02/2022", size=9)
    p.y -= 4
    p.para("Beredning: Programmet har beretts av integrationsteamet. Programmets åtgärder kostar cirka "
           "1 250 000 euro under perioden. Kontaktperson tfn 06 786 1111.")
    p.para("Förslag: Stadsstyrelsen föreslår för stadsfullmäktige att programmet godkänns.")
    p.para("Beslut: Förslaget godkändes.")
    p.save()
    return _gold("Stadsstyrelsen", "311", "2022-11-14", "JAK/418/00.01.02/2022",
                 "Stadsstyrelsen föreslår för stadsfullmäktige att programmet godkänns", [1250000.0])


def tampere_labelled_table(path: Path) -> dict:
    """A two-row header table: labels (Toimielin | Kokouspäivä | Pykälä) over values, no § sign."""
    p = _Page(path, label_x=57, text_x=57)
    p.line("Tampereen kaupunki", bold=True, size=10)
    p.y -= 6
    p.header_row(["Toimielin", "Kokouspäivä", "Pykälä"], [57, 300, 470])
    p.header_row(["Kasvatus- ja opetuslautakunta", "8.2.2023", "14"], [57, 300, 470])
    p.title("Valmistavan opetuksen ryhmien lisääminen")
    p.line("TRE:812/12.01.00/2023", size=9)
    p.para("Perustelut", heading=True)
    p.para("Valmistavaan opetukseen on tullut kevään aikana 45 uutta oppilasta. Kaksi uutta ryhmää maksaa "
           "180 000 euroa lukuvuodessa.")
    p.para("Päätösehdotus", heading=True)
    p.para("Lautakunta päättää perustaa kaksi uutta valmistavan opetuksen ryhmää.")
    p.para("Päätös", heading=True)
    p.para("Hyväksyttiin.")
    p.save()
    return _gold("Kasvatus- ja opetuslautakunta", "14", "2023-02-08", "TRE:812/12.01.00/2023",
                 "Lautakunta päättää perustaa kaksi uutta valmistavan opetuksen ryhmää", [180000.0])


# ------------------------------------------------------------------ second blind set (written after the first was fixed)

def lahti_running_header(path: Path) -> dict:
    """Every field in one running-header line with "|" separators and a "Sivu 1 / 2" page number."""
    p = _Page(path, label_x=57, text_x=57)
    p.line("Lahden kaupunki | Kaupunginhallitus | 3.4.2023 | § 122 | Sivu 1 / 2", size=8)
    p.y -= 10
    p.title("Kotoutumisen palvelukeskuksen perustaminen")
    p.line("Dnro LAH/1290/02.05.00/2023", size=9)
    p.para("Perustelut", heading=True)
    p.para("Palvelukeskuksen vuosikustannukset ovat 410 000 euroa, josta valtionavustus kattaa 300 000 euroa.")
    p.para("Päätösehdotus", heading=True)
    p.para("Kaupunginhallitus päättää perustaa kotoutumisen palvelukeskuksen 1.9.2023 alkaen.")
    p.para("Päätös", heading=True)
    p.para("Hyväksyttiin.")
    p.save()
    return _gold("Kaupunginhallitus", "122", "2023-04-03", "LAH/1290/02.05.00/2023",
                 "Kaupunginhallitus päättää perustaa kotoutumisen palvelukeskuksen", [410000.0, 300000.0])


def kokkola_paragraf(path: Path) -> dict:
    """Swedish labels on their own lines: "Datum 6.3.2023" and "Paragraf 88", no § sign."""
    p = _Page(path, label_x=57, text_x=160)
    p.line("KARLEBY STAD", bold=True, size=9)
    p.line("Protokollsutdrag", size=9)
    p.line("Stadsstyrelsen", size=9)
    p.line("Datum 6.3.2023", size=9)
    p.line("Paragraf 88", size=9)
    p.y -= 8
    p.title("Flyktingmottagning 2023")
    p.line("Dnr KAR/512/05.00.00/2023", size=9)
    p.para("Staden har anvisats 60 kvotflyktingar. Statens ersättning beräknas till 520 000 euro.",
           label="Beredning")
    p.para("Stadsstyrelsen beslutar att ta emot 60 kvotflyktingar år 2023.", label="Förslag")
    p.para("Stadsstyrelsen beslutade att ta emot 60 kvotflyktingar år 2023 och 20 år 2024.", label="Beslut")
    p.save()
    return _gold("Stadsstyrelsen", "88", "2023-03-06", "KAR/512/05.00.00/2023",
                 "Stadsstyrelsen beslutade att ta emot 60 kvotflyktingar år 2023 och 20 år 2024", [520000.0])


def kemi_officeholder(path: Path) -> dict:
    """An office-holder's decision: labelled lines "Päätöksentekijä", "Päätöspäivä", "§ 15"."""
    p = _Page(path, label_x=57, text_x=180)
    p.line("KEMIN KAUPUNKI", bold=True, size=9)
    p.line("Viranhaltijapäätös", size=9)
    p.para("Sosiaalijohtaja", label="Päätöksentekijä", gap=2)
    p.para("3.5.2023 § 15", label="Päätöspäivä", gap=2)
    p.para("KEMI/733/02.05.00/2023", label="Diaarinumero", gap=8)
    p.title("Tulkkauspalvelujen hankinta maahanmuuttajapalveluille")
    p.para("Tulkkauspalvelujen arvioitu hinta on 38 000 euroa vuodessa.", label="Perustelut")
    p.para("Päätän hankkia tulkkauspalvelut Tulkkikeskus Oy:ltä ajalle 1.6.2023-31.5.2024.", label="Päätös")
    p.save()
    return _gold("Sosiaalijohtaja", "15", "2023-05-03", "KEMI/733/02.05.00/2023",
                 "Päätän hankkia tulkkauspalvelut Tulkkikeskus Oy:ltä", [38000.0])


def ruled_label_cells(path: Path) -> dict:
    """A decision laid out as a ruled table of label cells beside text cells, each label centred vertically
    in its row (how LibreOffice prints such a table): "Päätös" stands beside the middle of its text."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(FONT, 9)
    c.drawString(57, H - 50, "Kaupunginhallitus 6.2.2023 § 40")
    c.drawString(57, H - 64, "JKL/77/02.05.00/2023")
    c.setFont(BOLD, 15)
    c.drawString(57, H - 92, "Kotoutumisen työllisyyspalvelujen laajentaminen")
    y = H - 115
    rows = [("Perustelut", ["Työllisyyspalvelut ovat tavoittaneet maahan muuttaneita hyvin. Palvelun",
                            "laajentaminen maksaa 85 000 euroa vuodessa."]),
            ("Päätösehdotus", ["Kaupunginhallitus päättää laajentaa palvelua."]),
            ("Päätös", ["Kaupunginhallitus päätti", "1) laajentaa palvelua 1.3.2023 alkaen,", "2) nimetä ohjausryhmän ja",
                        "3) raportoida valtuustolle syksyllä 2023."]),
            ("Tiedoksi", ["työllisyyspalvelut, talouspalvelut"])]
    c.setLineWidth(0.6)
    c.line(52, y, W - 50, y)
    for label, texts in rows:
        h = 14 * len(texts) + 10
        for k, t in enumerate(texts):
            c.setFont(FONT, 10)
            c.drawString(150, y - 14 - 14 * k, t)
        c.setFont(BOLD, 9)
        c.drawString(57, y - h / 2 - 3, label)
        y -= h
        c.line(52, y, W - 50, y)
    c.save()
    return _gold("Kaupunginhallitus", "40", "2023-02-06", "JKL/77/02.05.00/2023",
                 "Kaupunginhallitus päätti 1) laajentaa palvelua 1.3.2023 alkaen, 2) nimetä ohjausryhmän ja 3) raportoida "
                 "valtuustolle syksyllä 2023.", [85000.0])


BLIND2 = {f.__name__: f for f in (lahti_running_header, kokkola_paragraf, kemi_officeholder)}


BUILDERS = {f.__name__: f for f in (kouvola_oneline, mikkeli_table, seinajoki_stages, vaasa_sv, porvoo_sv_inline)}
BLIND = {f.__name__: f for f in (oulu_split_lines, espoo_history, jakobstad_colon, tampere_labelled_table)}


def build_all(folder: Path, builders: dict | None = None) -> dict[str, dict]:
    folder.mkdir(parents=True, exist_ok=True)
    return {stem: make(folder / f"{stem}.pdf") for stem, make in (builders or BUILDERS).items()}


FIELDS = ("body", "section", "date", "diary_number", "decision_text", "amounts")


def field_scores(gold: dict, d) -> dict[str, float]:
    """Per-field agreement (1.0/0.0; amounts: F1 of values) of a Decision with a gold dict."""
    out = {f: float(getattr(d, f) == gold[f]) for f in ("body", "section", "date", "diary_number")}
    text = " ".join((d.decision_text or "").split())
    out["decision_text"] = float(text.startswith(gold["decision_start"]))
    pred = {round(a.value, 2) for a in d.amounts}
    want = set(gold["amounts"])
    hit = len(pred & want)
    prec, rec = (hit / len(pred) if pred else float(not want)), (hit / len(want) if want else float(not pred))
    out["amounts"] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return out
