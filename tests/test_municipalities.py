import pytest
from conftest import CORPUS

from kotoex.normalize.morphology import swedish_forms, weak_grade
from kotoex.normalize.municipalities import (finnish_forms, find_municipalities, lookup_municipality, region_members,
                                             resolve_heading)


@pytest.mark.parametrize("form,expected", [
    ("Turun", ("Turku", "853")), ("Turussa", ("Turku", "853")), ("Vaasan", ("Vaasa", "905")),
    ("Espoon", ("Espoo", "049")), ("Järvenpään", ("Järvenpää", "186")), ("Jyväskylän", ("Jyväskylä", "179")),
    ("Rovaniemen", ("Rovaniemi", "698")), ("Vasa", ("Vaasa", "905")), ("Jakobstads", ("Pietarsaari", "598")),
    ("Närpes", ("Närpiö", "545")), ("Turun kaupungin", ("Turku", "853")), ("Vasa stad", ("Vaasa", "905")),
    ("Helsingin", ("Helsinki", "091")), ("Lahden", ("Lahti", "398")), ("Oulun", ("Oulu", "564")),
    ("Kuopion", ("Kuopio", "297")), ("Joensuun", ("Joensuu", "167")), ("Porin", ("Pori", "609")),
    ("Tampereen", ("Tampere", "837")), ("Kokkolan", ("Kokkola", "272")), ("Mikkelin", ("Mikkeli", "491")),
    ("Hämeenlinnan", ("Hämeenlinna", "109")), ("Kauniaisten", ("Kauniainen", "235")),
    ("Paraisten", ("Parainen", "445")), ("Pargas", ("Parainen", "445")), ("Vantaan", ("Vantaa", "092")),
    ("Rovaniemellä", ("Rovaniemi", "698")), ("Seinäjoella", ("Seinäjoki", "743")), ("Iisalmen", ("Iisalmi", "140")),
    ("ROVANIEMEN KAUPUNKI", ("Rovaniemi", "698")), ("Turkuun", ("Turku", "853")), ("Pedersöre", ("Pedersöre", "599")),
    ("Espooseen", ("Espoo", "049")), ("Hangon", ("Hanko", "078")), ("Kurikan", ("Kurikka", "301")),
])
def test_lookup_forms(form, expected):
    assert lookup_municipality(form) == expected


def test_lookup_unknown():
    assert lookup_municipality("Infopankki") is None
    assert lookup_municipality("") is None
    assert lookup_municipality("Kuntaliitto") is None


def test_generated_forms():
    forms = finnish_forms("Järvenpää")
    assert {"järvenpään", "järvenpäässä", "järvenpäästä", "järvenpäälle"} <= forms
    assert "kiuruveden" in finnish_forms("Kiuruvesi")
    assert "outokummun" in finnish_forms("Outokumpu")


def test_weak_grade_one_table():
    """One gradation table for place names and body head nouns (normalize/morphology.py)."""
    assert [weak_grade(w) for w in ("Turku", "Hanko", "seurakunta", "Outokumpu", "kulta", "verkosto", "tie")] == \
        ["Turu", "Hango", "seurakunna", "Outokummu", "kulla", "verkosto", "tie"]
    assert "hangossa" in finnish_forms("Hanko") and "kurikassa" in finnish_forms("Kurikka")
    assert swedish_forms("Vasa") == {"vasa", "vasas"} and swedish_forms("Närpes") == {"närpes"}


def test_regions():
    ylasavo = [c for _, c in region_members("Ylä-Savo")]
    assert ylasavo == ["140", "239", "263", "402", "595", "762", "925"]
    assert region_members("Ylä-Savon kunnat") == region_members("Ylä-Savo")
    assert sorted(c for _, c in region_members("Jakobstadsregion")) == ["288", "440", "598", "599", "893"]
    assert region_members("Pietarsaaren seutu") == region_members("Jakobstadsregion")
    ps = {c for _, c in region_members("Pohjois-Savo")}
    assert {"297", "140", "749"} <= ps and "853" not in ps
    assert region_members("Infopankki") == []


def test_resolve_heading():
    codes = {c for _, c in resolve_heading("Iisalmi ja Ylä-Savon kunnat")}
    assert codes == {"140", "239", "263", "402", "595", "762", "925"}
    assert resolve_heading("Pargas") == [("Parainen", "445")]
    assert resolve_heading("Kuntaliitto ja MonikaNaiset Liitto ry") == []
    assert resolve_heading("Mänttä-Vilppula") == [("Mänttä-Vilppula", "508")]


def test_find_in_text_false_positives():
    text = ("Tämän lisäksi Turussa ja Vakka-Suomessa, Salossa, Raisiossa ja Loimaalla on omat ryhmät. "
            "Hankepäällikkönä Mika Salo. Salo on laaja metsä. Luoto näkyy. Kaupunki kuten Lahti ja Espoo.")
    found = find_municipalities(text)
    names = [n for n, _, _ in found]
    assert names[:4] == ["Turku", "Salo", "Raisio", "Loimaa"]
    assert dict((n, c) for n, _, c in found)["Salo"] == 1  # the surname and the sentence-initial word do not count
    assert "Luoto" not in names
    assert "Espoo" in names and "Lahti" in names


def test_find_counts_and_order():
    found = find_municipalities("Vantaalla ja Vantaan kaupungissa, Espoossa. Vantaa-info ei ole kunta.")
    assert found[0] == ("Vantaa", "092", 2)
    assert found[1][0] == "Espoo"


@pytest.mark.shared
def test_find_in_decision_pdf():
    from kotoex.extract import iter_pages, open_document
    from kotoex.extract.layout import group_lines
    pdf = CORPUS / "turku_decision_2023__wp-open-port.pdf"
    if not pdf.exists():
        pytest.skip("pdf absent")
    text = "\n".join(ln.text for p in iter_pages(open_document(pdf)) for ln in group_lines(p.words))
    found = find_municipalities(text)
    assert found[0][:2] == ("Turku", "853") and found[0][2] >= 5
