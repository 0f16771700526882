"""Themes of measures and practices (normalize/themes.py; rules ../shared/spec/THEMES.md)."""
from __future__ import annotations

import json
import sys

import pytest

from conftest import CORPUS, ROOT, SAMPLES
from kotoex.models import ThemeCode
from kotoex.normalize.themes import (
    THEME_CODES, ThemeVocab, classify, classify_measure, classify_measures, classify_practice, default_vocab,
)
from kotoex.normalize.vocab import data_path


def primary(text, goal=None, section=None, language="fi"):
    return classify_measure(text, goal, section, language).primary


def test_codes_are_the_contracts():
    assert list(THEME_CODES) == [t.value for t in ThemeCode]


@pytest.mark.parametrize("text,expected", [
    # OUTPUT_SCHEMA.md key words and THEMES.md examples
    ("Alkukartoituksen ja kotoutumissuunnitelman laatiminen kunnan asiakkaille.", "initial_phase"),
    ("Rekrytointitapahtumat ja palkkatuen markkinointi yrityksille.", "employment"),
    ("Kielikahviloiden ja keskusteluryhmien järjestäminen kirjastoissa vapaaehtoisten tuella.", "language"),
    ("Oman äidinkielen opetuksen ryhmien ylläpitäminen.", "education"),
    ("Perhetyön ja nuorisotyön vahvistaminen.", "children_youth_family"),
    ("Traumatisoituneiden maahanmuuttajien tukemista edistävän koulutuksen järjestäminen kaupungin "
     "henkilöstölle", "health_wellbeing"),  # E4: trauma training is health first
    ("Ehkäistään asuinalueiden eriytymistä ja segregaatiota.", "housing"),
    ("Perustetaan maahanmuuttajaneuvosto.", "participation"),
    ("Yhdenvertaisuus- ja antirasismikoulutus kaupungin henkilöstölle.", "good_relations"),  # E4
    ("Kuntapaikkojen tarjoaminen kiintiöpakolaisille.", "refugees"),
    ("Selkokielisen asiakasviestinnän ohjeistus ja henkilöstön koulutus selkokielen käyttöön "
     "asiakaspalvelussa.", "service_access"),  # E2
    ("Ohjelman toimeenpanon seuranta ja vuosiraportti kaupunginhallitukselle.", "coordination"),
    ("S2-tuen vahvistaminen päiväkodeissa kiertävien S2-opettajien avulla.", "language"),  # E5
    ("Maahanmuuttajatoimisto Verson tilantarve huomioidaan kaupungin palvelujen tilasuunnittelussa.",
     "initial_phase"),  # E20
    ("Digiystävätoiminnan koordinointi", "participation"),  # E14
])
def test_finnish_examples(text, expected):
    assert primary(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Boenderådgivning för nyanlända, vid behov med tolk.", "housing"),  # E10, E1 (the interpreter adds nothing)
    ("Kartläggning av kompetens och tidigare utbildning som en del av den inledande kartläggningen.",
     "employment"),  # E8
    ("Psykosocialt stöd och samtalsgrupper för familjer som upplevt trauma.", "health_wellbeing"),  # E22
    ("Språkundervisning i svenska och finska med barnpassning för föräldrar som vårdar barn hemma.",
     "language"),  # E6
    ("Stöd till invandrarföreningar genom verksamhetsbidrag och avgiftsfria lokaler.", "participation"),
    ("Årlig uppföljning av integrationsprogrammet och rapport till stadsstyrelsen.", "coordination"),
    ("Fritidsverksamhet för barn och unga med invandrarbakgrund i samarbete med idrottsföreningar.",
     "children_youth_family"),  # E16 (the combo), E15 (partners add nothing)
])
def test_swedish_examples(text, expected):
    assert primary(text, language="sv") == expected


def test_rules_that_neutralise_words():
    # E1: the language a service is delivered in is not a theme
    r = classify_measure("Varhaiskasvatuksen palveluohjaus perheille omalla kielellä.")
    assert r.primary == "education" and "service_access" not in r.codes
    # E6: childcare with a language course adds nothing
    r = classify_measure("Lastenhoidollisen kielikoulutuksen laajentaminen kotona lapsiaan hoitaville vanhemmille.")
    assert r.codes == ["language"]


def test_stub_text_takes_the_goal():  # E23
    assert primary("Toiminnan kehittäminen", goal="Asumisneuvonta") == "housing"
    assert primary("Koulutusmallin kehittäminen ja kouluttaminen",
                   goal="Kotoutumisen kokemusasiantuntijatoiminta") == "participation"
    r = classify_measure("Toiminnan kehittäminen", goal="Asumisneuvonta")
    assert r.decided_by == "goal" and r.confidence < classify_measure("Asumisneuvonta nuorille").confidence


def test_evidence_names_the_words():
    r = classify_measure("Monikielisen kotoutumisneuvonnan palvelukanavien laajentaminen: chat-neuvonta.")
    assert r.codes[:2] == ["initial_phase", "service_access"]
    ev = r.evidence_for("initial_phase")
    assert ev and ev[0].field == "text" and ev[0].words == "kotoutumisneuvonnan"
    assert any(e.words == "palvelukanavien" for e in r.evidence_for("service_access"))
    assert all(e.theme in r.codes for e in r.evidence)
    assert 0 < r.confidence <= 1


def test_voikko_base_forms_are_used():
    from kotoex.normalize.morphology import voikko_morphology

    if voikko_morphology() is None:
        pytest.skip("Voikko (libvoikko + voikko-fi) not installed")
    # "seurataan" is found through its base form "seurata" (the pattern "=seurata" is a whole word)
    r = classify_measure("Kotouttamistyön vaikutuksia seurataan vuosittain.")
    assert r.primary == "coordination"
    assert any(e.words == "seurataan" for e in r.evidence_for("coordination"))


@pytest.mark.parametrize("text", ["Toiminnan kehittäminen", "Mallin käyttöönotto", "x", "Liittyminen 2020"])
def test_never_empty_for_a_measure_with_text(text):
    r = classify_measure(text)
    assert len(r.codes) >= 1 and r.codes[0] in THEME_CODES
    assert classify_measure("", None, None).codes == []


def test_neighbours_fill_a_measure_without_words():
    ms = [{"text": "Järjestöjen toiminnasta tiedottaminen", "goal": "A", "section": "S"},
          {"text": "Toimijoiden kartoittaminen", "goal": "B", "section": "S"}]
    r = classify_measures(ms)
    assert r[1].codes == ["participation"] and r[1].decided_by == "neighbours" and r[1].confidence == 0.3


def test_a_goal_shared_by_the_whole_document_is_not_read():
    goal = "Hyvien väestösuhteiden ja osallisuuden kehittäminen"
    ms = [{"text": t, "goal": goal} for t in ("Jokainen pääsee koulutuksella eteenpäin", "Maahanmuuttajien "
          "työllisyysaste nousee", "Terveyserojen kaventaminen", "Kuntapaikat täytetään", "Tulkkauspalvelujen hankinta")]
    got = [r.primary for r in classify_measures(ms)]
    assert got == ["education", "employment", "health_wellbeing", "refugees", "service_access"]
    assert classify_measure(ms[0]["text"], goal).primary != "education"  # alone, the goal would win


def test_practice_from_title_and_text():
    r = classify_practice("Maahanmuuttajien rekrytointimalli", "Yritykset ja työnantajat saavat tukea.")
    assert r.primary == "employment" and r.evidence[0].field == "text"


def test_a_users_data_file_extends_the_vocabulary(tmp_path):
    text = "Kotokummitoiminnan käynnistäminen"
    assert primary(text) != "good_relations"
    extra = tmp_path / "my_themes.jsonl"
    extra.write_text("# our own words\n" + json.dumps(  # longer than the packaged "kummitoimin": it wins
        {"id": "my.kummi", "themes": {"good_relations": 2.0}, "fi": ["kotokummitoimin"], "sv": ["integrationsfadder"]},
        ensure_ascii=False) + "\n", encoding="utf-8")
    vocab = ThemeVocab.load(extra_files=[extra])
    r = classify_measure(text, vocab=vocab)
    assert r.primary == "good_relations" and r.evidence[0].concept == "my.kummi"
    assert classify_measure("Integrationsfadder för nyanlända", language="sv", vocab=vocab).primary == "good_relations"


def test_bad_data_files_fail_loudly(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "x", "themes": {"no_such_code": 1}, "fi": ["abc"]}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown theme code"):
        ThemeVocab.load(extra_files=[bad])
    bad.write_text(json.dumps({"id": "x", "themes": {"housing": 1}}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="without fi/sv patterns"):
        ThemeVocab.load(extra_files=[bad])


def test_data_files_are_packaged():
    assert data_path("themes.json").is_file() and data_path("themes.jsonl").is_file()
    ids = [c.id for c in default_vocab().concepts]
    assert len(ids) == len(set(ids))


def test_classify_takes_fields():
    r = classify({"text": "Asumisneuvonta", "goal": None, "section": "Kieli ja koulutus"}, "fi")
    assert r.primary == "housing"


def test_samples_carry_themes():
    from kotoex.writers import document_json  # noqa: F401  (samples/expected is the pipeline's output)

    doc = json.loads((SAMPLES / "expected" / "turku_report_2013.json").read_text(encoding="utf-8"))
    assert all(m["themes"] and m["provenance"]["themes"] for m in doc["measures"])
    assert {m["themes"][0] for m in doc["measures"]} >= {"housing", "language", "initial_phase"}


@pytest.mark.shared
def test_dev_gold_primary_themes():
    """The full vocabulary on the dev gold (not the leave-one-document-out figure: benchmarks/themes_loo.py)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from themes_loo import load_documents

    docs = load_documents(CORPUS)
    ok = n = 0
    for d in docs.values():
        for m, r in zip(d["measures"], classify_measures(d["measures"], d["language"])):
            ok += r.primary == m["themes"][0]
            n += 1
    assert n >= 200 and ok / n >= 0.9
