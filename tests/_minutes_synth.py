"""Minutes and agendas in other publishing systems' layouts, written with reportlab, with their gold.

Held-out material for the minutes reader (issue 13): none of these layouts is Lapua's.

* ``salo_kh``: Finnish board minutes, each item opened by a one-row header table (body | date | §),
  items flowing several to a page, inline headings in a left column ("Päätösehdotus  Kaupunginjohtaja:
  ..."), "Dnro" labels, a fax number and dotted thousands in the text.
* ``hml_kv``: Finnish council minutes whose items carry their processing history before the § line
  and print the board's earlier stages before the council's own; an index page; reference lists.
* ``nykarleby_vn``: Swedish protocol, "41 §", "Förslag" / "Välfärdsnämndens beslut:", "Dnr VN 12/2023".
* ``kuopio_sivla``: Finnish agenda ("Esityslista"), "§ 21 Title" on one line, no decisions.
* ``sjk_kh``: a page per item whose page header is the item's stamp (body · § · date), repeated on its
  continuation pages; no meeting header; one column; "Ehdotus:" / "Päätös:" with a colon.
* ``pedersore_ks``: Swedish, items headed "Kommunstyrelsen § 41" without a date, the date only in the
  page header ("Datum 12.03.2024"), "Beredning:" / "Kommundirektörens förslag:" / "Beslut:".

:func:`build_all` writes the PDFs into a folder and returns ``{stem: gold}``.
"""
from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

W, H = A4
FONT, BOLD = "Helvetica", "Helvetica-Bold"


class Writer:
    """A tiny page writer: running header, wrapped paragraphs, page breaks."""

    def __init__(self, path: Path, header, left: float = 57, text_x: float = 57, size: float = 10):
        self.c = canvas.Canvas(str(path), pagesize=A4)
        self.header, self.left, self.text_x, self.size = header, left, text_x, size
        self.page = 0
        self.y = 0.0
        self.new_page()

    def new_page(self):
        if self.page:
            self.c.showPage()
        self.page += 1
        self.header(self.c, self.page)
        self.y = H - 110

    def need(self, h: float):
        if self.y - h < 60:
            self.new_page()

    def line(self, text: str, x: float | None = None, bold: bool = False, size: float | None = None):
        size = size or self.size
        self.need(size * 1.4)
        self.c.setFont(BOLD if bold else FONT, size)
        self.c.drawString(self.left if x is None else x, self.y, text)
        self.y -= size * 1.4

    def para(self, text: str, x: float | None = None, bold: bool = False, width: float | None = None,
             gap: float = 6, label: str | None = None, label_x: float | None = None):
        x = self.text_x if x is None else x
        width = width or (W - 50 - x)
        lines = simpleSplit(text, BOLD if bold else FONT, self.size, width)
        for k, ln in enumerate(lines):
            self.need(self.size * 1.4)
            if k == 0 and label:
                self.c.setFont(BOLD, self.size)
                self.c.drawString(self.left if label_x is None else label_x, self.y, label)
            self.c.setFont(BOLD if bold else FONT, self.size)
            self.c.drawString(x, self.y, ln)
            self.y -= self.size * 1.4
        self.y -= gap

    def space(self, h: float = 8):
        self.y -= h

    def header_row(self, cells: list[str], xs: list[float]):
        """A one-row table with ruled cells."""
        self.need(40)
        top, h = self.y + 12, 20
        self.c.setLineWidth(0.6)
        self.c.rect(self.left - 4, top - h, W - 50 - self.left + 4, h)
        for x in xs[1:]:
            self.c.line(x - 4, top, x - 4, top - h)
        self.c.setFont(BOLD, self.size)
        for text, x in zip(cells, xs):
            self.c.drawString(x, self.y - 2, text)
        self.y -= 30

    def save(self):
        self.c.showPage()
        self.c.save()


def _gold(kind, muni, body, date, items):
    return {"doc_type": kind, "municipality": muni, "body": body, "date": date,
            "items": [{"section": s, "title": t, "diary_number": d, "integration_related": i} for s, t, d, i in items]}


# ------------------------------------------------------------------------------------------ salo

def salo_kh(path: Path) -> dict:
    def header(c, n):
        c.setFont(BOLD, 10)
        c.drawString(57, H - 45, "SALON KAUPUNKI")
        c.drawString(260, H - 45, "PÖYTÄKIRJA 14/2023")
        c.drawString(470, H - 45, f"Sivu {n}")
        c.setFont(FONT, 9)
        c.drawString(57, H - 58, "Kaupunginhallitus")
        c.drawString(260, H - 58, "11.09.2023")
    w = Writer(path, header, left=57, text_x=170)
    w.line("Kaupunginhallitus", bold=True, size=14)
    w.para("11.09.2023 klo 16.00-18.10", label="Kokousaika", label_x=57)
    w.para("Kaupungintalo, Tehdaskatu 2", label="Kokouspaikka", label_x=57)
    w.para("Anna Laine, puheenjohtaja; Pekka Salo; Liisa Koski; Juho Aalto", label="Läsnä", label_x=57)
    w.new_page()
    items = []

    def item(sec, title, dno, paras, proposal, decision, related, presenter="Kaupunginjohtaja"):
        w.header_row(["Kaupunginhallitus", "11.09.2023", f"§ {sec}"], [57, 300, 470])
        for k, ln in enumerate(simpleSplit(title, BOLD, 11, 400)):
            w.line(ln, bold=True, size=11)
        if dno:
            w.line(f"Dnro {dno}", x=57, size=9)
        w.space(6)
        w.para("hallintojohtaja Matti Virtanen, puh. 044 123 4567, matti.virtanen@salo.fi", label="Valmistelija")
        for p in paras:
            w.para(p)
        w.para(f"{presenter}: {proposal}", label="Päätösehdotus")
        w.para(decision, label="Päätös")
        w.space(10)
        items.append((str(sec), title, dno, related))

    item(201, "Kokouksen laillisuus ja päätösvaltaisuus", None,
         ["Kokous on kuntalain mukaan laillinen ja päätösvaltainen, kun enemmän kuin puolet jäsenistä on läsnä."],
         "Todetaan kokous lailliseksi ja päätösvaltaiseksi.", "Hyväksyttiin.", False)
    item(202, "Pöytäkirjan tarkastajien valinta", None,
         ["Pöytäkirjan tarkastaa kaksi kokouksessa valittua jäsentä."],
         "Valitaan pöytäkirjan tarkastajiksi Liisa Koski ja Juho Aalto.", "Hyväksyttiin.", False)
    item(203, "Salon kaupungin kotouttamisohjelma 2023-2026", "512/00.01.02/2023",
         ["Kotoutumisen edistämisestä annetun lain mukaan kunnalla on oltava kotouttamisohjelma, joka "
          "hyväksytään kunnanvaltuustossa ja tarkistetaan vähintään kerran valtuustokaudessa.",
          "Ohjelma on valmisteltu yhteistyössä TE-toimiston, ELY-keskuksen, järjestöjen ja maahanmuuttajien "
          "kanssa. Ohjelman painopisteitä ovat alkuvaiheen ohjaus, kielikoulutus ja työllistyminen."],
         "Kaupunginhallitus esittää valtuustolle, että se hyväksyy liitteenä olevan kotouttamisohjelman.",
         "Hyväksyttiin.", True)
    item(204, "Katujen talvikunnossapidon urakka 2023-2026", "633/02.08.00/2023",
         ["Tekninen lautakunta on kilpailuttanut katujen talvikunnossapidon. Tarjouksia saatiin neljä.",
          "Kokonaishankinnan arvo on 1.250.000 € kolmen vuoden ajalta. Tarjoukset voi lähettää myös "
          "faksilla numeroon 029 564 2760, Y-tunnus 1234567-8."],
         "Kaupunginhallitus hyväksyy Salon Tiepalvelu Oy:n tarjouksen.", "Hyväksyttiin.", False)
    item(205, "Talousarvion toteutuminen tammi-heinäkuussa 2023", "140/02.02.01/2023",
         ["Toimintakulut ovat toteutuneet 58,1 prosenttisesti. Sosiaalipalveluiden menot ylittyvät noin 0,2 milj. €.",
          "Hyvinvointipalveluissa on lisätty resursseja muun muassa maahanmuuttajapalveluiden neuvontaan. "
          "Verotulojen arvioidaan kertyvän 41,3 m€, mikä on 13.500.000 € edellisvuotta enemmän."],
         "Kaupunginhallitus merkitsee talousarvion toteutumisen tiedoksi.", "Hyväksyttiin.", False)
    item(206, "Osaamiskeskushankkeen rahoitushakemus", "701/02.05.00/2023",
         ["Hankkeen tavoitteena on nopeuttaa maahanmuuttajien työllistymistä ja tunnistaa maahanmuuttajien "
          "osaaminen. Hanke tarjoaa maahanmuuttajille kielikoulutusta työpaikoilla.",
          "Hankkeen kokonaiskustannusarvio on 450 000 euroa, josta valtionavustus 80 %."],
         "Kaupunginhallitus päättää hakea valtionavustusta osaamiskeskushankkeelle.", "Hyväksyttiin.", True)
    item(207, "Ilmoitusasiat", None,
         ["Tarkastuslautakunnan pöytäkirja 12.6.2023:", "§ 34: Vuoden 2022 arviointikertomus",
          "§ 35: Tilintarkastuskertomus 2022"],
         "Merkitään ilmoitusasiat tiedoksi.", "Hyväksyttiin.", False)
    w.save()
    return _gold("minutes", "Salon kaupunki", "Kaupunginhallitus", "2023-09-11", items)


# ------------------------------------------------------------------------------------- hämeenlinna

def hml_kv(path: Path) -> dict:
    def header(c, n):
        c.setFont(FONT, 9)
        c.drawString(57, H - 40, "Hämeenlinnan kaupunki")
        c.drawString(300, H - 40, "Pöytäkirja 7/2023")
        c.drawString(500, H - 40, f"{n}")
        c.drawString(57, H - 52, "Kaupunginvaltuusto")
        c.drawString(300, H - 52, "25.09.2023")
    w = Writer(path, header, left=57, text_x=150)
    titles = {158: "Kokouksen laillisuus ja päätösvaltaisuus", 159: "Pöytäkirjantarkastajien valinta",
              160: "Hämeenlinnan kotoutumisohjelma 2024-2027", 161: "Valtuustoaloite leikkipuistojen kunnostamisesta",
              162: "Ilmoitusasiat"}
    w.line("Käsitellyt asiat", bold=True, size=11)
    for sec, t in titles.items():
        w.line(f"§ {sec}   {t}", bold=True)
    items = []

    def start(sec, dno, history=()):
        w.new_page()
        for h in history:
            w.line(h, bold=True, size=9)
        w.space(4)
        w.line(f"§ {sec}", bold=True, size=11)
        w.line(titles[sec], bold=True, size=11)
        if dno:
            w.line(dno, size=9)
        w.space(6)

    start(158, None)
    w.para("Valtuuston kokous on kutsuttu koolle hallintosäännön mukaisesti.")
    w.line("Päätösehdotus", x=150, bold=True)
    w.para("Kokous todetaan lailliseksi ja päätösvaltaiseksi.")
    w.line("Päätös", x=150, bold=True)
    w.para("Hyväksyttiin.")
    items.append(("158", titles[158], None, False))
    start(159, None)
    w.para("Puheenjohtaja ehdottaa pöytäkirjantarkastajiksi valtuutetut Sari Niemi ja Olli Heino.")
    w.line("Päätös", x=150, bold=True)
    w.para("Hyväksyttiin.")
    items.append(("159", titles[159], None, False))

    start(160, "HML-Dno-2023-481", ["Hyvinvointilautakunta, § 6, 22.08.2023", "Kaupunginhallitus, § 258, 28.08.2023",
                                    "Kaupunginvaltuusto, § 160, 25.09.2023"])
    w.line("Hyvinvointilautakunta, 22.08.2023, § 6", bold=True)
    w.para("Valmistelija: kotoutumiskoordinaattori Aino Mäki, aino.maki@hameenlinna.fi")
    w.para("Kotoutumislain mukaan kunnan on laadittava kotoutumisohjelma. Ohjelmassa kuvataan maahanmuuttajien "
           "palvelut, kotoutumisen tuki ja pakolaisten vastaanotto. Kaupunki on sitoutunut ottamaan vastaan "
           "kiintiöpakolaisia ja tarjoamaan kuntapaikkoja.")
    w.line("Ehdotus", x=150, bold=True)
    w.para("Hyvinvointilautakunta esittää kaupunginhallitukselle ohjelman hyväksymistä.")
    w.line("Päätös", x=150, bold=True)
    w.para("Hyvinvointilautakunta hyväksyi ehdotuksen.")
    w.line("Kaupunginhallitus, 28.08.2023, § 258", bold=True)
    w.line("Ehdotus", x=150, bold=True)
    w.para("Kaupunginhallitus esittää valtuustolle kotoutumisohjelman hyväksymistä.")
    w.line("Päätös", x=150, bold=True)
    w.para("Kaupunginhallitus hyväksyi ehdotuksen yksimielisesti.")
    w.line("Kaupunginvaltuusto, 25.09.2023, § 160", bold=True)
    w.line("Ehdotus", x=150, bold=True)
    w.para("Kaupunginvaltuusto hyväksyy Hämeenlinnan kotoutumisohjelman vuosille 2024-2027.")
    w.line("Päätös", x=150, bold=True)
    w.para("Kaupunginvaltuusto hyväksyi kotoutumisohjelman vuosille 2024-2027.")
    items.append(("160", titles[160], "HML-Dno-2023-481", True))

    start(161, "HML-Dno-2023-377", ["Kaupunginhallitus, § 240, 14.08.2023"])
    w.line("Kaupunginhallitus, 14.08.2023, § 240", bold=True)
    w.para("Valtuutettu Kari Lehto ym. ovat jättäneet aloitteen leikkipuistojen kunnostamisesta. Kaupunki "
           "kunnostaa vuosittain kolme leikkipuistoa, joihin on varattu 250 000 euroa.")
    w.line("Päätös", x=150, bold=True)
    w.para("Kaupunginhallitus esitti vastauksen valtuustolle.")
    w.line("Kaupunginvaltuusto, 25.09.2023, § 161", bold=True)
    w.line("Ehdotus", x=150, bold=True)
    w.para("Valtuusto merkitsee vastauksen tiedoksi ja toteaa aloitteen loppuun käsitellyksi.")
    w.line("Päätös", x=150, bold=True)
    w.para("Hyväksyttiin.")
    items.append(("161", titles[161], "HML-Dno-2023-377", False))

    start(162, None)
    w.para("Tarkastuslautakunnan pöytäkirja 5.6.2023")
    w.line("§ 34: Vuoden 2022 arviointikertomus", x=150)
    w.line("§ 35: Tilintarkastuskertomus vuodelta 2022", x=150)
    w.line("Päätös", x=150, bold=True)
    w.para("Merkittiin tiedoksi.")
    items.append(("162", titles[162], None, False))
    w.new_page()
    w.line("Oikaisuvaatimusohje", bold=True, size=11)
    w.para("Tähän päätökseen tyytymätön voi tehdä kirjallisen oikaisuvaatimuksen. Kirjaamo, puhelin 03 621 2111, "
           "faksi 03 621 2222.")
    w.save()
    return _gold("minutes", "Hämeenlinnan kaupunki", "Kaupunginvaltuusto", "2023-09-25", items)


# ----------------------------------------------------------------------------------------- nykarleby

def nykarleby_vn(path: Path) -> dict:
    def header(c, n):
        c.setFont(FONT, 9)
        c.drawString(57, H - 40, "NYKARLEBY STAD")
        c.drawString(280, H - 40, "PROTOKOLL 4/2023")
        c.drawString(480, H - 40, f"Sida {n}")
        c.drawString(57, H - 52, "Välfärdsnämnden")
        c.drawString(280, H - 52, "12.04.2023")
    w = Writer(path, header, left=57, text_x=57)
    w.line("Välfärdsnämnden", bold=True, size=13)
    w.para("Onsdag 12.04.2023 kl. 18.00-20.15", label="Tid", x=160)
    w.para("Stadshuset, Topeliusesplanaden 7", label="Plats", x=160)
    w.para("Maria Backlund, ordförande; Jonas Ek; Sara Holm; Peter Lind", label="Närvarande", x=160)
    items = []

    def item(sec, title, dno, paras, proposal, decision, related):
        w.space(14)
        w.line(f"{sec} §", bold=True, size=11)
        w.line(title, bold=True, size=11)
        if dno:
            w.line(f"Dnr {dno}", size=9)
        w.space(4)
        for p in paras:
            w.para(p)
        w.line("Förslag", bold=True)
        w.para(proposal)
        w.line("Välfärdsnämndens beslut:", bold=True)
        w.para(decision)
        items.append((str(sec), title, dno, related))

    item(41, "Laglighet och beslutförhet", None, ["Sammanträdet är lagligt sammankallat."],
         "Sammanträdet konstateras vara lagligt och beslutfört.", "Förslaget godkändes.", False)
    item(42, "Val av protokolljusterare", None, ["Protokollet justeras av två ledamöter."],
         "Till protokolljusterare väljs Jonas Ek och Sara Holm.", "Förslaget godkändes.", False)
    item(43, "Integrationsprogram för Nykarleby stad 2023-2026", "VN 12/2023",
         ["Enligt lagen om främjande av integration ska kommunen ha ett integrationsprogram. Programmet har "
          "beretts tillsammans med arbets- och näringsbyrån, föreningar och invandrare.",
          "Programmet omfattar vägledning, språkundervisning och sysselsättning för invandrare."],
         "Välfärdsnämnden föreslår för stadsstyrelsen att integrationsprogrammet godkänns.",
         "Förslaget godkändes.", True)
    item(44, "Mottagning av kvotflyktingar år 2024", "VN 19/2023",
         ["NTM-centralen har förfrågat om kommunplatser för kvotflyktingar år 2024. Staden har tagit emot "
          "flyktingar sedan 2015 och har goda erfarenheter av mottagningen."],
         "Välfärdsnämnden föreslår att staden erbjuder 20 kommunplatser för kvotflyktingar år 2024.",
         "Förslaget godkändes.", True)
    item(45, "Bokslut 2022 för välfärdsnämnden", "VN 5/2023",
         ["Välfärdsnämndens verksamhetskostnader uppgick till 12 500 euro under budget. Personalkostnaderna "
          "ökade med 45.000 €. Under året inleddes bland annat en språkcafé-verksamhet som även invandrare deltog i.",
          "Äldreomsorgen och barnskyddet stod för den största delen av kostnaderna."],
         "Välfärdsnämnden godkänner bokslutet för 2022.", "Förslaget godkändes.", False)
    item(46, "Reparation av simhallens omklädningsrum", "VN 21/2023",
         ["Simhallens omklädningsrum behöver renoveras. Kostnadsberäkningen är 1 250 000 euro."],
         "Välfärdsnämnden föreslår att renoveringen genomförs år 2024.", "Förslaget godkändes.", False)
    item(47, "Delgivningar", None, ["Stadsstyrelsens protokoll 3.4.2023."],
         "Delgivningarna antecknas för kännedom.", "Förslaget godkändes.", False)
    w.save()
    return _gold("minutes", "Nykarleby stad", "Välfärdsnämnden", "2023-04-12", items)


# -------------------------------------------------------------------------------------------- kuopio

def kuopio_sivla(path: Path) -> dict:
    def header(c, n):
        c.setFont(FONT, 9)
        c.drawString(57, H - 40, "KUOPION KAUPUNKI")
        c.drawString(250, H - 40, "ESITYSLISTA 3/2024")
        c.drawString(500, H - 40, f"{n} (3)")
        c.drawString(57, H - 52, "Sivistyslautakunta")
        c.drawString(250, H - 52, "14.03.2024")
        c.drawString(57, 30, "Kuopion kaupunki, Suokatu 42, 70100 Kuopio, puh. 017 182 111")
    w = Writer(path, header, left=57, text_x=57)
    w.para("14.03.2024 klo 15.00", label="Aika", x=140)
    w.para("Kaupungintalo, valtuustosali", label="Paikka", x=140)
    items = []

    def item(sec, title, dno, paras, proposal, related):
        w.space(12)
        lines = simpleSplit(title, BOLD, 11, 420)
        w.need(40)
        w.c.setFont(BOLD, 11)
        w.c.drawString(57, w.y, f"§ {sec}")
        for k, ln in enumerate(lines):
            w.c.drawString(100, w.y, ln)
            w.y -= 15
        if dno:
            w.line(f"Dnro {dno}", x=100, size=9)
        w.space(4)
        for p in paras:
            w.para(p, x=100)
        w.line("Esittelijän ehdotus", x=100, bold=True)
        w.para(proposal, x=100)
        items.append((str(sec), title, dno, related))

    item(21, "Kokouksen avaus, laillisuus ja päätösvaltaisuus", None, ["Puheenjohtaja avaa kokouksen."],
         "Todetaan kokous lailliseksi ja päätösvaltaiseksi.", False)
    item(22, "Valmistava opetus lukuvuonna 2024-2025", "345/12.01.00/2024",
         ["Perusopetukseen valmistavaa opetusta järjestetään maahanmuuttajataustaisille oppilaille, joiden "
          "suomen kielen taito ei riitä perusopetuksessa opiskeluun. Ryhmiä on tarkoitus perustaa kolme."],
         "Sivistyslautakunta päättää järjestää valmistavaa opetusta kolmessa ryhmässä.", True)
    item(23, "Koulukuljetusten hankinta lukuvuosille 2024-2027", "118/02.08.00/2024",
         ["Kuljetusten arvioitu arvo on 45.000 € vuodessa ja lisäksi esikoulukuljetukset 12 500 euro. "
          "Hankinta kilpailutetaan avoimella menettelyllä."],
         "Sivistyslautakunta hyväksyy hankinta-asiakirjat.", False)
    item(24, "Kirjastojen aukioloajat kesällä 2024", "201/12.00.00/2024",
         ["Kirjastot ovat kesällä avoinna lyhennetyin aukioloajoin. Pääkirjaston monikulttuurinen "
          "satutunti jatkuu kesäkuun ajan."],
         "Sivistyslautakunta vahvistaa kirjastojen kesäaukioloajat.", False)
    item(25, "Ukrainasta paenneiden lasten varhaiskasvatus", "66/12.00.01/2024",
         ["Tilapäistä suojelua saavien perheiden lapsilla on oikeus varhaiskasvatukseen. Kuopiossa on noin "
          "120 tilapäistä suojelua saavaa lasta. Vastaanottokeskus ohjaa perheet palveluihin."],
         "Sivistyslautakunta merkitsee selvityksen tiedoksi.", True)
    item(26, "Muut asiat", None, ["Käsitellään muut esille tulevat asiat."], "Ei ehdotusta.", False)
    w.save()
    return _gold("agenda", "Kuopion kaupunki", "Sivistyslautakunta", "2024-03-14", items)


# ----------------------------------------------------------------------------------------- seinäjoki

def sjk_kh(path: Path) -> dict:
    """A page-per-item system: the item's stamp "body § n date" is the page header (repeated on its
    continuation pages), no meeting header of its own, single column, headings with a colon."""
    stamp = {"sec": 0}

    def header(c, n):
        c.setFont(BOLD, 9)
        c.drawString(57, H - 38, "SEINÄJOEN KAUPUNKI")
        c.drawString(260, H - 38, "PÖYTÄKIRJA 15/2023")
        c.drawString(480, H - 38, f"Sivu {n}")
        if stamp["sec"]:
            c.drawString(57, H - 52, "Kaupunginhallitus")
            c.drawString(260, H - 52, f"§ {stamp['sec']}")
            c.drawString(480, H - 52, "28.08.2023")
    w = Writer(path, header, left=57, text_x=57)
    w.line("PÖYTÄKIRJA", bold=True, size=16)
    w.para("Kaupunginhallituksen kokous, kaupungintalo, maanantaina klo 16.00", gap=12)
    items = []

    def item(sec, title, dno, paras, proposal, decision, related):
        stamp["sec"] = sec
        w.new_page()
        w.line(title, bold=True, size=11)
        if dno:
            w.line(f"Dno {dno}", size=9)
        w.space(6)
        for p in paras:
            w.para(p)
        w.para(f"Ehdotus: {proposal}")
        w.para(f"Päätös: {decision}")
        items.append((str(sec), title, dno, related))

    item(255, "Laillisuus ja päätösvaltaisuus", None, ["Kokous todettiin lailliseksi."],
         "Kokous todetaan lailliseksi ja päätösvaltaiseksi.", "Hyväksyttiin.", False)
    item(256, "Kuntapaikkojen osoittaminen pakolaisille vuodelle 2024", "SJK/1311/00.01.02/2023",
         ["Etelä-Pohjanmaan ELY-keskus on pyytänyt kuntaa osoittamaan kuntapaikkoja kiintiöpakolaisille. "
          "Kaupunki on vastaanottanut pakolaisia vuodesta 1992.",
          "§ 5 Kotoutumislain mukaan kunta ja ELY-keskus sopivat kuntapaikoista. Kustannukset korvataan "
          "valtion varoista laskennallisina korvauksina, yhteensä arviolta 350 000 euroa vuodessa."] * 3,
         "Kaupunginhallitus päättää osoittaa 40 kuntapaikkaa vuodelle 2024.", "Hyväksyttiin.", True)
    item(257, "Hyvinvointikertomus 2023", "SJK/988/00.01.02/2023",
         ["Hyvinvointikertomus kuvaa kuntalaisten hyvinvoinnin kehitystä. Väestö on ikääntynyt ja "
          "syntyvyys laskenut. Väestönkasvu on tullut muuttoliikkeestä, myös maahanmuuttajista.",
          "Kertomuksen mukaan liikunta-aktiivisuus on lisääntynyt ja tapaturmat vähentyneet."],
         "Kaupunginhallitus merkitsee hyvinvointikertomuksen tiedoksi.", "Hyväksyttiin.", False)
    item(258, "Kotoutumispalveluiden järjestäminen 1.1.2025 alkaen", "SJK/1420/00.01.02/2023",
         ["Kotoutumislain uudistuksen myötä vastuu kotoutumispalveluista siirtyy kunnille vuoden 2025 alussa. "
          "Palveluihin kuuluvat alkukartoitus, kotoutumissuunnitelma ja monikielinen neuvonta."],
         "Kaupunginhallitus hyväksyy kotoutumispalveluiden järjestämissuunnitelman.", "Hyväksyttiin.", True)
    item(259, "Vuokra-asuntojen rakentaminen Kiviristille", "SJK/702/10.03.00/2023",
         ["Kaupungin vuokrataloyhtiö rakentaa 48 asuntoa. Hankkeen kustannusarvio on 8,4 milj. euroa."],
         "Kaupunginhallitus antaa omistajaohjauksena suostumuksen hankkeelle.", "Hyväksyttiin.", False)
    w.save()
    return _gold("minutes", "Seinäjoen kaupunki", "Kaupunginhallitus", "2023-08-28", items)


# ----------------------------------------------------------------------------------------- pedersöre

def pedersore_ks(path: Path) -> dict:
    """Swedish board minutes: items headed "Kommunstyrelsen § 41" (no date) with the title under it,
    the meeting date only in the page header, "Beredning:" / "Förslag:" / "Beslut:" with a colon."""
    def header(c, n):
        c.setFont(FONT, 9)
        c.drawString(57, H - 40, "PEDERSÖRE KOMMUN")
        c.drawString(250, H - 40, "SAMMANTRÄDESPROTOKOLL")
        c.drawString(480, H - 40, f"Sida {n}")
        c.drawString(57, H - 52, "Kommunstyrelsen")
        c.drawString(250, H - 52, "Datum 12.03.2024")
    w = Writer(path, header, left=57, text_x=57)
    items = []

    def item(sec, title, dno, paras, proposal, decision, related):
        w.space(16)
        w.line(f"Kommunstyrelsen § {sec}", bold=True, size=10)
        w.line(title, bold=True, size=11)
        if dno:
            w.line(f"Dnr {dno}", size=9)
        w.space(4)
        for k, p in enumerate(paras):
            w.para(f"Beredning: {p}" if k == 0 else p)
        w.para(f"Kommundirektörens förslag: {proposal}")
        w.para(f"Beslut: {decision}")
        items.append((str(sec), title, dno, related))

    item(41, "Sammanträdets laglighet och beslutförhet", None, ["Kallelsen har sänts ut i laga tid."],
         "Sammanträdet konstateras lagligt och beslutfört.", "Förslaget godkändes.", False)
    item(42, "Avtal om mottagning av personer som får tillfälligt skydd", "KS 88/2024",
         ["NTM-centralen föreslår ett avtal om kommunplatser för personer som får tillfälligt skydd. "
          "Kommunen ordnar boende, socialservice och handledning för de personer som flytt från Ukraina."],
         "Kommunstyrelsen godkänner avtalet om mottagning.", "Förslaget godkändes.", True)
    item(43, "Detaljplan för Sandsund centrum", "KS 301/2023",
         ["Planförslaget har varit framlagt. Kostnaderna för kommunaltekniken beräknas till 1,2 miljoner euro."],
         "Kommunstyrelsen föreslår att fullmäktige godkänner detaljplanen.", "Förslaget godkändes.", False)
    item(44, "Välfärdsberättelse 2023", "KS 12/2024",
         ["Välfärdsberättelsen beskriver invånarnas hälsa. Befolkningen har ökat genom inflyttning, bland annat "
          "av personer med utländsk bakgrund.", "Äldreomsorgen och skolhälsovården är de största områdena. " * 6],
         "Kommunstyrelsen antecknar välfärdsberättelsen för kännedom.", "Förslaget godkändes.", False)
    item(45, "Integrationsprogram 2024-2027", "KS 140/2023",
         ["Programmet har utarbetats i samarbete med föreningar och församlingar."],
         "Kommunstyrelsen föreslår att fullmäktige godkänner integrationsprogrammet.", "Förslaget godkändes.", True)
    item(46, "Anmälningsärenden", None, ["NTM-centralens beslut om statsunderstöd för integrationsfrämjande projekt."],
         "Anmälningsärendena antecknas för kännedom.", "Förslaget godkändes.", False)
    w.save()
    return _gold("minutes", "Pedersöre kommun", "Kommunstyrelsen", "2024-03-12", items)


BUILDERS = {"salo_kh": salo_kh, "hml_kv": hml_kv, "nykarleby_vn": nykarleby_vn, "kuopio_sivla": kuopio_sivla,
            "sjk_kh": sjk_kh, "pedersore_ks": pedersore_ks}


def build_all(folder: Path) -> dict[str, dict]:
    folder.mkdir(parents=True, exist_ok=True)
    return {stem: fn(folder / f"{stem}.pdf") for stem, fn in BUILDERS.items()}
