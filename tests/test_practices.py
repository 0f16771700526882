import glob
import json
from pathlib import Path

import pytest

from conftest import CORPUS, corpus_pages

from kotoex.interpret.doctype import classify_doc_type
from kotoex.interpret.practices import detect_language, parse_practices

from _synth import make_pages


def test_detect_language():
    assert detect_language("Kaupunki järjestää kursseja ja neuvontaa maahanmuuttajille, jotka ovat tulleet") == "fi"
    assert detect_language("Staden har tagit emot kvotflyktingar och erbjuder service för invandrare") == "sv"


def test_synthetic_collection():
    pages = make_pages([
        [("HYVÄT KÄYTÄNNÖT", 18, True),
         ("Sisällys", 14, True),
         ("• Kemi ..... 2", 9, False),
         ("Kemi", 14, True),
         ("Kielikahvila", 12, True),
         ("Kirjasto järjestää kielikahvilaa, jossa maahan-", 9, False),
         ("muuttajat harjoittelevat suomea.", 9, False),
         ("Pargas", 14, True),
         ("Språkcafé", 12, True),
         ("Staden ordnar språkcaféer för invandrare och det är populärt.", 9, False)],
        [("Infopankki", 14, True),
         ("Verkkopalvelu", 12, True),
         ("Sivusto kertoo palveluista ja on käytössä monessa kunnassa.", 9, False)],
    ])
    ps, w = parse_practices(pages)
    assert [p.title for p in ps] == ["Kielikahvila", "Språkcafé", "Verkkopalvelu"]
    assert ps[0].text == "Kirjasto järjestää kielikahvilaa, jossa maahanmuuttajat harjoittelevat suomea."
    assert [m.code for m in ps[0].municipalities] == ["240"]
    assert [m.code for m in ps[1].municipalities] == ["445"] and ps[1].language == "sv"
    assert ps[2].municipalities == [] and ps[2].region_heading == "Infopankki"


@pytest.mark.shared
@pytest.mark.parametrize("layout", ["wp-grid-land", "wp-open-port", "wp-shade-land"])
def test_kuntaliitto_collection(layout):
    ps, _ = parse_practices(corpus_pages(f"kuntaliitto_collection_2017__{layout}.pdf"))
    assert len(ps) == 52
    by_title = {p.title: p for p in ps}
    assert ps[0].title == "Neuvonta ja kotoutuminen" and ps[0].region_heading == "Espoo"
    assert [m.code for m in ps[0].municipalities] == ["049"]
    yhteis = by_title["Yhteistyö kotouttamisessa"]
    assert sorted(m.code for m in yhteis.municipalities) == ["140", "239", "263", "402", "595", "762", "925"]
    assert "Ylä-Savo koostuu seitsemästä kunnasta" in yhteis.text
    enheten = by_title["Enheten för alla invandrare"]
    assert enheten.language == "sv"
    assert sorted(m.code for m in enheten.municipalities) == ["288", "440", "598", "599", "893"]
    assert [m.code for m in by_title["Närsamhället stöder integrationen"].municipalities] == ["445"]
    assert by_title["Tietopaketti Suomesta ulkomaalaisille, www.infopankki.fi"].municipalities == []
    assert by_title["MoniNaisten Talo"].municipalities == []
    rekry = by_title["Maahanmuuttajien rekrytointimalli"]
    assert rekry.text.endswith("Vuonna 2016 rekrytointimallin kautta on aloittanut 13 työntekijää.")
    assert "Lisätiedot" not in by_title and "Sisällys" not in by_title


@pytest.mark.shared
def test_doc_types_of_corpus():
    files = sorted(glob.glob(str(CORPUS / "*__wp-grid-land.pdf")))
    if not files:
        pytest.skip("corpus absent")
    from kotoex.extract import iter_pages, open_document
    for f in files:
        gold = json.loads(Path(f.replace(".pdf", ".gold.json")).read_text(encoding="utf-8"))
        measures = gold["measures"]
        dt, _ = classify_doc_type(list(iter_pages(open_document(f))), has_measure_table=bool(measures),
                                  has_status_column=any(m.get("status") for m in measures))
        assert dt == gold["document"]["doc_type"], f
