"""Responsible bodies → canonical names, codes and roles (normalize/bodies.py),
plus the gold check of bodies and statuses against the development corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kotoex.normalize.bodies import (
    BODY_CODES,
    BodyMatch,
    BodySettings,
    Lexicon,
    lemmatize_name,
    parse_responsible,
)
from kotoex.normalize.status import STATUS_CODES, parse_status
from conftest import CORPUS


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return Lexicon.load()


# (name as printed, expected code) – one body per cell
CODE_CASES: list[tuple[str, str]] = [
    # education
    ("Sivistystoimiala", "mun.education"),
    ("sivistystoimialan", "mun.education"),
    ("Sivistystoimialalla", "mun.education"),
    ("Sivistyspalvelut", "mun.education"),
    ("Sivistyspalv.", "mun.education"),
    ("Opetustoimi", "mun.education"),
    ("Perusopetus", "mun.education"),
    ("perusopetuksen", "mun.education"),
    ("Varhaiskasvatus", "mun.education"),
    ("Päivähoito", "mun.education"),
    ("Lukiokoulutus", "mun.education"),
    ("Vaasan lyseon lukio", "mun.education"),
    ("Espoon työväenopisto", "mun.education"),
    ("Jyväskylän kansalaisopisto", "mun.education"),
    ("Vaasan kaupungin opistot", "mun.education"),
    ("Bildningsväsendet", "mun.education"),
    ("Jakobstads medborgarinstitut", "mun.education"),
    ("Vasa gymnasium", "mun.education"),
    ("Småbarnspedagogiken", "mun.education"),
    # social and health
    ("Hyvinvointitoimiala", "mun.social_health"),
    ("Hyvinvointitoimialan", "mun.social_health"),
    ("Sosiaali- ja terveystoimi", "mun.social_health"),
    ("Sosiaalitoimisto", "mun.social_health"),
    ("Terveyskeskus", "mun.social_health"),
    ("terveyskeskuksen", "mun.social_health"),
    ("Terveyspalvelut", "mun.social_health"),
    ("Neuvolapalvelut", "mun.social_health"),
    ("neuvolapalveluiden", "mun.social_health"),
    ("Ulkomaalaistoimisto", "mun.social_health"),
    ("Vastaanottopalvelut", "mun.social_health"),
    ("Sosiaalityö", "mun.social_health"),
    ("Mielenterveys- ja päihdepalvelut", "mun.social_health"),
    ("Perusturvakeskus", "mun.social_health"),
    ("Social- och hälsovården", "mun.social_health"),
    ("Socialväsendet", "mun.social_health"),
    # leisure and culture
    ("Vapaa-aikatoimiala", "mun.leisure_culture"),
    ("Liikuntapalvelut", "mun.leisure_culture"),
    ("Kulttuuri- ja kirjastotoimi", "mun.leisure_culture"),
    ("Nuorisopalvelut", "mun.leisure_culture"),
    ("Museopalvelut", "mun.leisure_culture"),
    ("Jyväskylän kaupunginkirjasto", "mun.leisure_culture"),
    ("Kulturtjänsterna", "mun.leisure_culture"),
    ("Fritidsväsendet", "mun.leisure_culture"),
    # urban environment
    ("Ympäristötoimiala", "mun.urban_environment"),
    ("Kaupunkiympäristön toimiala", "mun.urban_environment"),
    ("Tekninen virasto", "mun.urban_environment"),
    ("Kaavoitus", "mun.urban_environment"),
    # property and housing
    ("Kiinteistötoimiala", "mun.property_housing"),
    ("Kiinteistötoimi", "mun.property_housing"),
    ("Asumispalvelut", "mun.property_housing"),
    ("Tilalaitos", "mun.property_housing"),
    ("Kaupungin vuokrataloyhtiöt", "mun.property_housing"),
    ("Jyväskylän Vuokra-asunnot Oy", "mun.property_housing"),
    ("Espoon Asunnot Oy", "mun.property_housing"),
    ("Hyresbostadsbolaget", "mun.property_housing"),
    # central administration, HR
    ("Konsernihallinto", "mun.central_admin"),
    ("konsernihallinnon", "mun.central_admin"),
    ("Hallintopalvelut", "mun.central_admin"),
    ("Kaupunginkanslia", "mun.central_admin"),
    ("Digitaaliset palvelut", "mun.central_admin"),
    ("Stadskansliet", "mun.central_admin"),
    ("Henkilöstökeskus", "mun.hr"),
    ("Henkilöstöpalvelut", "mun.hr"),
    ("Personalavdelningen", "mun.hr"),
    # integration services, employment
    ("Maahanmuuttajapalvelut", "mun.integration_services"),
    ("maahanmuuttajapalveluiden", "mun.integration_services"),
    ("Kotouttamispalvelut", "mun.integration_services"),
    ("Welcome office", "mun.integration_services"),
    ("International House Helsinki", "mun.integration_services"),
    ("Maahanmuuttajatoimisto", "mun.integration_services"),
    ("Maahanmuuttajatoimisto Verso", "mun.integration_services"),
    ("Integrationsenheten", "mun.integration_services"),
    ("Integrationskoordinatorn", "mun.integration_services"),
    ("Työllisyyspalvelut", "mun.employment"),
    ("Sysselsättningstjänsterna", "mun.employment"),
    # council and the city as a whole
    ("Kaupunginhallitus", "mun.council_board"),
    ("Kaupunginvaltuusto", "mun.council_board"),
    ("Sivistyslautakunta", "mun.council_board"),
    ("Stadsstyrelsen", "mun.council_board"),
    ("Kaupunki", "mun.all"),
    ("Toimialat", "mun.all"),
    ("Palveluita tuottavat toimialat", "mun.all"),
    ("Palvelualueet", "mun.all"),
    ("Järvenpää", "mun.all"),
    ("Järvenpään kaupunki", "mun.all"),
    ("Alla sektorer", "mun.all"),
    ("Vasa stad", "mun.all"),
    # state
    ("TE-toimisto", "state.employment"),
    ("TE-toimiston", "state.employment"),
    ("Uudenmaan TE-toimisto", "state.employment"),
    ("Työvoimatoimisto", "state.employment"),
    ("työvoimatoimiston", "state.employment"),
    ("Työhallinto", "state.employment"),
    ("Työvoiman palvelukeskus", "state.employment"),
    ("TE-byrån", "state.employment"),
    ("ELY-keskus", "state.ely"),
    ("Uudenmaan ELY-keskus", "state.ely"),
    ("Varsinais-Suomen ELY-keskuksen", "state.ely"),
    ("KEHA-keskus", "state.ely"),
    ("Kela", "state.other"),
    ("Kelan", "state.other"),
    ("Poliisi", "state.other"),
    ("Maahanmuuttovirasto", "state.other"),
    ("Migri", "state.other"),
    ("Opetushallitus", "state.other"),
    ("Digi- ja väestötietovirasto", "state.other"),
    ("Työ- ja elinkeinoministeriö", "state.other"),
    # regional
    ("Länsi-Uudenmaan hyvinvointialue", "regional.wellbeing"),
    ("Länsi-Uudenmaan hyvinvointialueen", "regional.wellbeing"),
    ("Keusote", "regional.wellbeing"),
    ("Keski-Uudenmaan sote-kuntayhtymä", "regional.wellbeing"),
    ("Österbottens välfärdsområde", "regional.wellbeing"),
    ("Pohjanmaan liitto", "regional.council"),
    ("Pohjanmaan liiton", "regional.council"),
    ("Österbottens förbund", "regional.council"),
    # third sector, religious, education institutions, networks
    ("Järjestöt", "ngo"),
    ("Yhdistykset", "ngo"),
    ("yhdistysten", "ngo"),
    ("Maahanmuuttajayhdistykset", "ngo"),
    ("maahanmuuttaja-yhdistykset", "ngo"),
    ("Espoon Järjestöjen Yhteisö ry", "ngo"),
    ("Keski-Suomen Yhteisöjen Tuki ry", "ngo"),
    ("MLL:n Uudenmaan piiri", "ngo"),
    ("Urheiluseurat", "ngo"),
    ("urheiluseurojen", "ngo"),
    ("Föreningar", "ngo"),
    ("Idrottsföreningar", "ngo"),
    ("Seurakunnat", "religious"),
    ("Jyväskylän seurakunnan", "religious"),
    ("Församlingarna", "religious"),
    ("Helsingin yliopisto", "edu_institution"),
    ("Aalto-yliopisto", "edu_institution"),
    ("Laurea-ammattikorkeakoulu", "edu_institution"),
    ("Jyväskylän ammattikorkeakoulun", "edu_institution"),
    ("Gradia", "edu_institution"),
    ("Yrkesakademin i Österbotten", "edu_institution"),
    ("Yrkeshögskolan Novia", "edu_institution"),
    ("Maahanmuuttajaneuvosto", "network"),
    ("Monikulttuurisuusneuvosto", "network"),
    ("Aluekumppanuus", "network"),
    ("Poikkihallinnollinen työryhmä", "network"),
    ("LY-verkosto", "network"),
    ("Tukea ja tekoja -verkosto", "network"),
    ("Kotoutumisen edistämisen ohjausryhmä", "network"),
    ("Integrationsrådet", "network"),
    # OCR damage (lost diacritics, broken letters)
    ("Henkilostopalvelut", "mun.hr"),
    ("Tyovoimatoimisto", "state.employment"),
    ("Sivistystoimla", "mun.education"),
    ("kulttuuri- ja kirjastqtoim_i", "mun.leisure_culture"),
    ("Maahanmuuttajapalvelnt", "mun.integration_services"),
]

# printed names that must stay unmapped ("other"; the pipeline warns)
UNMAPPED: list[str] = [
    "Matti Meikäläinen",
    "Asuntojen omistajatahot",
    "Kaikki",
    "Hankkeen projektipäällikkö",
    "Jokin outo taho",
    "Syksyllä 2021",
]


@pytest.mark.parametrize("name,code", CODE_CASES)
def test_body_codes(name: str, code: str, lex: Lexicon) -> None:
    bodies = parse_responsible(name, lexicon=lex)
    assert [b.code for b in bodies] == [code], bodies
    assert bodies[0].role == "lead"


@pytest.mark.parametrize("name", UNMAPPED)
def test_unmapped_names(name: str, lex: Lexicon) -> None:
    bodies = parse_responsible(name, lexicon=lex)
    assert [b.code for b in bodies] == ["other"]
    assert bodies[0].method in ("none", "rule")


def test_unknown_name_reports_method_none(lex: Lexicon) -> None:
    assert lex.classify("Matti Meikäläinen") == ("other", "none", None)


@pytest.mark.parametrize(
    "printed,base",
    [
        ("Hyvinvointitoimialan", "Hyvinvointitoimiala"),
        ("TE-toimiston", "TE-toimisto"),
        ("sivistystoimialan päivähoidon", "Sivistystoimialan päivähoito"),
        ("Jyväskylän Vuokra-asunnot Oy:n", "Jyväskylän Vuokra-asunnot Oy"),
        ("Länsi-Uudenmaan hyvinvointialueen", "Länsi-Uudenmaan hyvinvointialue"),
        ("Konsernihallinto (viestintä)", "Konsernihallinto"),
        ("Kulturtjänsterna (stadsbiblioteket)", "Kulturtjänsterna"),
        ("TE-byrån", "TE-byrån"),
        ("Jyväskylän seurakunnan", "Jyväskylän seurakunta"),
        ("etnisten yhdistysten puheenjohtajaverkoston", "Etnisten yhdistysten puheenjohtajaverkosto"),
        ("kaupungin toimialojen", "Kaupungin toimialat"),
        ("yhdistysten", "Yhdistykset"),
        ("urheiluseurojen", "Urheiluseurat"),
        ("neuvolapalveluiden", "Neuvolapalvelut"),
        ("perusopetuksen", "Perusopetus"),
        ("Jyväskylän ammattikorkeakoulun", "Jyväskylän ammattikorkeakoulu"),
        ("konsernihallinnon", "Konsernihallinto"),
        ("Pohjanmaan liiton", "Pohjanmaan liitto"),
        ("Sivistystoimialalla", "Sivistystoimiala"),
        ("Gradia", "Gradia"),
        ("Matti Meikäläinen", "Matti Meikäläinen"),
    ],
)
def test_lemmatize_name(printed: str, base: str, lex: Lexicon) -> None:
    assert lemmatize_name(printed, lexicon=lex) == base


def _triples(bodies: list[BodyMatch]) -> list[tuple[str, str, str]]:
    return [(b.name, b.code, b.role) for b in bodies]


@pytest.mark.parametrize(
    "raw,partners,expected",
    [
        ("Työvoimatoimisto yhteistyössä hyvinvointitoimialan kanssa", None,
         [("Työvoimatoimisto", "state.employment", "lead"), ("Hyvinvointitoimiala", "mun.social_health", "partner")]),
        ("Hyvinvointitoimialan neuvolatoiminta yhteistyössä sivistystoimialan päivähoidon kanssa", None,
         [("Hyvinvointitoimialan neuvolatoiminta", "mun.social_health", "lead"),
          ("Sivistystoimialan päivähoito", "mun.education", "partner")]),
        ("Maahanmuuttajapalvelut yhdessä Jyväskylän Vuokra-asunnot Oy:n kanssa", None,
         [("Maahanmuuttajapalvelut", "mun.integration_services", "lead"),
          ("Jyväskylän Vuokra-asunnot Oy", "mun.property_housing", "partner")]),
        ("Kotoutumisen koordinoinnista vastaava työntekijä yhdessä kaupungin toimialojen sekä yhdistysten kanssa.", None,
         [("Kotoutumisen koordinoinnista vastaava työntekijä", "mun.integration_services", "lead"),
          ("Kaupungin toimialat", "mun.all", "partner"), ("Yhdistykset", "ngo", "partner")]),
        ("Sysselsättningstjänsterna i samarbete med TE-byrån och Yrkesakademin i Österbotten", None,
         [("Sysselsättningstjänsterna", "mun.employment", "lead"), ("TE-byrån", "state.employment", "partner"),
          ("Yrkesakademin i Österbotten", "edu_institution", "partner")]),
        ("Integrationsenheten tillsammans med föreningarna", None,
         [("Integrationsenheten", "mun.integration_services", "lead"), ("Föreningarna", "ngo", "partner")]),
        ("Työvoimatoimisto, sivistystoimiala hyvinvointitoimiala", None,
         [("Työvoimatoimisto", "state.employment", "lead"), ("Sivistystoimiala", "mun.education", "lead"),
          ("Hyvinvointitoimiala", "mun.social_health", "lead")]),
        ("Konsernihallinto, kansainvälinen kohtauspaikka Hyvinvointitoimiala, vapaa-aikatoimiala sivistystoimiala", None,
         [("Konsernihallinto", "mun.central_admin", "lead"),
          ("Kansainvälinen kohtauspaikka", "mun.integration_services", "lead"),
          ("Hyvinvointitoimiala", "mun.social_health", "lead"), ("Vapaa-aikatoimiala", "mun.leisure_culture", "lead"),
          ("Sivistystoimiala", "mun.education", "lead")]),
        ("Liikuntapalvelut, kulttuuri- ja kirjastotoimi, Vaasan kaupungin opistot sekä sosiaali- ja terveystoimi", None,
         [("Liikuntapalvelut", "mun.leisure_culture", "lead"), ("Kulttuuri- ja kirjastotoimi", "mun.leisure_culture", "lead"),
          ("Vaasan kaupungin opistot", "mun.education", "lead"), ("Sosiaali- ja terveystoimi", "mun.social_health", "lead")]),
        ("Kiinteistötoimi / asumispalvelut", None,
         [("Kiinteistötoimi", "mun.property_housing", "lead"), ("Asumispalvelut", "mun.property_housing", "lead")]),
        ("Ympäristötoimiala, Tiedonkeruu: konsernihallinto", None,
         [("Ympäristötoimiala", "mun.urban_environment", "lead"), ("Konsernihallinto", "mun.central_admin", "lead")]),
        ("Vastuu: sivistystoimi; Yhteistyö: järjestöt", None,
         [("Sivistystoimi", "mun.education", "lead"), ("Järjestöt", "ngo", "partner")]),
        ("Maahanmuuttajapalvelut", "Konsernihallinto, Digi- ja väestötietovirasto (InfoFinland)",
         [("Maahanmuuttajapalvelut", "mun.integration_services", "lead"),
          ("Konsernihallinto", "mun.central_admin", "partner"),
          ("Digi- ja väestötietovirasto", "state.other", "partner")]),
        ("Maahanmuuttajapalvelut, työllisyyspalvelut | TE-toimisto, Kela", None,
         [("Maahanmuuttajapalvelut", "mun.integration_services", "lead"), ("Työllisyyspalvelut", "mun.employment", "lead"),
          ("TE-toimisto", "state.employment", "partner"), ("Kela", "state.other", "partner")]),
        ("Kotouttamispalvelut, LY-verkosto, Pohjanmaan Yhdistykset ry, Ehjä ry, Pohjanmaan liiton digituki", None,
         [("Kotouttamispalvelut", "mun.integration_services", "lead"), ("LY-verkosto", "network", "lead"),
          ("Pohjanmaan Yhdistykset ry", "ngo", "lead"), ("Ehjä ry", "ngo", "lead"),
          ("Pohjanmaan liitto", "regional.council", "lead")]),
        ("Hyvinvointitoimiala koordinoi viranomaisyhteistyötä", None,
         [("Hyvinvointitoimiala", "mun.social_health", "lead")]),
        ("Tukea ja tekoja -verkosto", None, [("Tukea ja tekoja -verkosto", "network", "lead")]),
        ("Sosiaali-\nja terveystoimi", None, [("Sosiaali- ja terveystoimi", "mun.social_health", "lead")]),
        ("Kotoutumisen kokemus-\nasiantuntijatoiminnan\nkehittämistyöryhmä", None,
         [("Kotoutumisen kokemusasiantuntijatoiminnan kehittämistyöryhmä", "network", "lead")]),
        ("Hyvinvointitoimiala\nvapaa-aikatoimiala\nsivistystoimiala", None,
         [("Hyvinvointitoimiala", "mun.social_health", "lead"), ("Vapaa-aikatoimiala", "mun.leisure_culture", "lead"),
          ("Sivistystoimiala", "mun.education", "lead")]),
        ("Helsingin kaupungin kasvatuksen ja koulutuksen toimiala", None,
         [("Helsingin kaupungin kasvatuksen ja koulutuksen toimiala", "mun.education", "lead")]),
        ("Welcome office", None, [("Welcome Office", "mun.integration_services", "lead")]),
        ("Kaupunki ja työhallinto", None, [("Kaupunki", "mun.all", "lead"), ("Työhallinto", "state.employment", "lead")]),
        ("Kelan ja TE-toimiston kanssa", None,
         [("Kela", "state.other", "partner"), ("TE-toimisto", "state.employment", "partner")]),
        ("Sivistystoimi, sivistystoimi", None, [("Sivistystoimi", "mun.education", "lead")]),
    ],
)
def test_parse_responsible_cells(raw: str, partners: str | None, expected: list, lex: Lexicon) -> None:
    assert _triples(parse_responsible(raw, partners, lexicon=lex)) == expected


@pytest.mark.parametrize("raw", [None, "", "   ", " | "])
def test_empty_cells(raw: str | None, lex: Lexicon) -> None:
    assert parse_responsible(raw, lexicon=lex) == []


def test_lexicon_extension(tmp_path: Path) -> None:
    extra = tmp_path / "my_lexicon.jsonl"
    extra.write_text(
        "\n".join(
            [
                "# a user's additions",
                json.dumps({"name": "Kotikulma", "code": "ngo", "aliases": ["Koti-kulma"]}),
                json.dumps({"head_suffix": ["hanke"], "code": "other"}),
            ]
        ),
        encoding="utf-8",
    )
    lex = Lexicon.load(extra_files=[extra])
    assert _triples(parse_responsible("Koti-kulma", lexicon=lex)) == [("Kotikulma", "ngo", "lead")]
    assert lex.classify("Osallisena Suomessa -hanke")[:2] == ("other", "rule")
    assert Lexicon.load().classify("Kotikulma") == ("other", "none", None)


def test_lexicon_rejects_unknown_code(tmp_path: Path) -> None:
    extra = tmp_path / "bad.jsonl"
    extra.write_text(json.dumps({"name": "X", "code": "mun.nonsense"}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError):
        Lexicon.load(extra_files=[extra])


def test_fuzzy_cutoff_setting(lex: Lexicon) -> None:
    strict = BodySettings(fuzzy_cutoff=99.5)
    assert parse_responsible("Maahanmuuttajapalvelnt", lexicon=lex)[0].method == "fuzzy"
    assert parse_responsible("Maahanmuuttajapalvelnt", lexicon=lex, settings=strict)[0].method != "fuzzy"


def test_codes_come_from_the_contract() -> None:
    from kotoex.models import BodyCode, StatusCode

    assert BODY_CODES == tuple(c.value for c in BodyCode)
    assert STATUS_CODES == tuple(c.value for c in StatusCode)


def test_packaged_data_is_consistent(lex: Lexicon) -> None:
    assert all(code in BODY_CODES for _, code in lex.entries.values())
    assert all(rule.code in BODY_CODES for rule in lex.rules)


# ---------------------------------------------------------------------------
# gold corpus

def _gold_measures() -> list[tuple[str, int, dict]]:
    if not CORPUS.is_dir():
        return []
    out = []
    for path in sorted(CORPUS.glob("*__wp-grid-land.gold.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for i, m in enumerate(doc.get("measures", [])):
            out.append((path.name.split("__")[0], i, m))
    return out


_GOLD = _gold_measures()


def _skip_if_no_corpus() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not available ({CORPUS})")


_RESP = [(d, i, m["responsible"]) for d, i, m in _GOLD if (m.get("responsible") or {}).get("raw")]
_STAT = [(d, i, m["status"]) for d, i, m in _GOLD if m.get("status")]


@pytest.mark.parametrize("doc,idx,resp", _RESP or [pytest.param(None, None, None, marks=pytest.mark.skip)],
                         ids=[f"{d}-{i}" for d, i, _ in _RESP] or None)
@pytest.mark.shared
def test_gold_body_codes(doc: str, idx: int, resp: dict, lex: Lexicon) -> None:
    _skip_if_no_corpus()
    got = sorted({b.code for b in parse_responsible(resp["raw"], lexicon=lex)})
    assert got == sorted({b["code"] for b in resp["bodies"]})


@pytest.mark.parametrize("doc,idx,resp", _RESP or [pytest.param(None, None, None, marks=pytest.mark.skip)],
                         ids=[f"{d}-{i}" for d, i, _ in _RESP] or None)
@pytest.mark.shared
def test_gold_bodies_full(doc: str, idx: int, resp: dict, lex: Lexicon) -> None:
    """Names and roles too, in order."""
    _skip_if_no_corpus()
    got = _triples(parse_responsible(resp["raw"], lexicon=lex))
    assert got == [(b["name"], b["code"], b["role"]) for b in resp["bodies"]]


@pytest.mark.parametrize("doc,idx,status", _STAT or [pytest.param(None, None, None, marks=pytest.mark.skip)],
                         ids=[f"{d}-{i}" for d, i, _ in _STAT] or None)
@pytest.mark.shared
def test_gold_status(doc: str, idx: int, status: dict) -> None:
    _skip_if_no_corpus()
    cell = " ".join(x for x in (status["raw"], status["detail"]) if x)
    m = parse_status(cell)
    assert m.code == status["code"]
    assert m.raw == status["raw"]
    assert m.detail == (status["detail"] or None)


# ---------------------------------------------------------------------------
# bodies beyond the lexicon (issue 17): registers, kinds of body, lines, years


@pytest.mark.parametrize("cell", ["Hämeen liitto\nTyöllisyyspalvelut\nHAMK", "Hämeen liitto Työllisyyspalvelut HAMK"])
def test_cell_with_a_body_a_line(cell: str, lex: Lexicon) -> None:
    got = [(b.name, b.code) for b in parse_responsible(cell, lexicon=lex)]
    assert got == [("Hämeen liitto", "regional.council"), ("Työllisyyspalvelut", "mun.employment"),
                   ("Hämeen ammattikorkeakoulu", "edu_institution")]


@pytest.mark.parametrize("cell,expected", [
    ("Vaasan kaupungin\nsivistystoimi", ["mun.education"]),  # one name wrapped over two lines
    ("Pohjanmaan\nhyvinvointialue", ["regional.wellbeing"]),
    ("Yrkesakademin i\nÖsterbotten, TE-byrån", ["edu_institution", "state.employment"]),
    ("Kotouttamis-\npalvelut ja Welcome Office", ["mun.integration_services"]),
])
def test_wrapped_names_stay_whole(cell: str, expected: list[str], lex: Lexicon) -> None:
    bodies = parse_responsible(cell, lexicon=lex)
    assert sorted({b.code for b in bodies}) == expected
    assert all(b.method != "fuzzy" for b in bodies)


@pytest.mark.parametrize("name,code", [
    ("Satakuntaliiton", "regional.council"),                    # one-word regional council, inflected
    ("Kymenlaakson liitolle", "regional.council"),
    ("Österbottens förbund", "regional.council"),
    ("Folkhälsans förbund", "ngo"),                             # a förbund that is no region
    ("Nokian Asunnot Oy", "mun.property_housing"),              # municipal housing company by pattern
    ("Porvoon Kodit Oy", "mun.property_housing"),
    ("Nokian Renkaat Oyj", "other"),                            # a company
    ("Punaisen Ristin Kauhavan osasto", "ngo"),                 # a place inside a name is not the city
    ("Kauhavan Martat", "ngo"),
    ("Kauhavan kaupunki", "mun.all"),
    ("Sivistys- ja kulttuuripalvelut", "mun.education"),         # the first element leads
    ("Kulttuuri- ja sivistyspalvelut", "mun.leisure_culture"),
    ("Päijät-Hämeen hyvinvointikuntayhtymä", "regional.wellbeing"),
    ("Peruspalvelukuntayhtymä Kallio", "regional.wellbeing"),
    ("Ammattiopisto Luovi", "edu_institution"),                 # a kind word before a proper name
    ("Osuuskunta Mäntyharjun Kylät", "other"),
    ("Eksoten", "regional.wellbeing"),                          # brand name of a wellbeing county, inflected
    ("Seinäjoen yliopistokeskus", "edu_institution"),
    ("Monikulttuurinen neuvontakeskus", "mun.integration_services"),
])
def test_kinds_of_body(name: str, code: str, lex: Lexicon) -> None:
    assert [b.code for b in parse_responsible(name, lexicon=lex)] == [code]


def test_swedish_register_names_keep_their_language(lex: Lexicon) -> None:
    assert [b.name for b in parse_responsible("Österbottens välfärdsområde", lexicon=lex)] == ["Österbottens välfärdsområde"]
    assert [b.name for b in parse_responsible("Pohjanmaan hyvinvointialueen", lexicon=lex)] == ["Pohjanmaan hyvinvointialue"]


def test_a_kind_word_does_not_swallow_the_next_body(lex: Lexicon) -> None:
    got = [(b.name, b.code) for b in parse_responsible("Koulutuskeskus Tavastia Hämeen TE-toimisto", lexicon=lex)]
    assert got == [("Koulutuskeskus Tavastia", "edu_institution"), ("Hämeen TE-toimisto", "state.employment")]


@pytest.mark.parametrize("name,year,code", [
    ("TE-palvelut", 2024, "state.employment"),
    ("TE-palvelut", 2025, "mun.employment"),        # employment areas took over on 1.1.2025
    ("TE-palvelut", None, "state.employment"),
    ("Pirkanmaan TE-toimiston", 2026, "mun.employment"),
    ("Työllisyysalue", 2025, "mun.employment"),
    ("Lapin elinvoimakeskus", 2026, "state.ely"),   # the state's centres from 2026
    ("Lapin elinvoimakeskus", 2023, "mun.central_admin"),
    ("Kela", 2025, "state.other"),
])
def test_codes_by_the_documents_year(name: str, year: int | None, code: str, lex: Lexicon) -> None:
    assert [b.code for b in parse_responsible(name, lexicon=lex, year=year)] == [code]


def test_gazetteers_are_consistent(lex: Lexicon) -> None:
    assert len({v for k, v in lex.gazetteer.items() if v[1] == "regional.council" and "förbund" not in v[0]}) == 18
    counties = {v[0] for v in lex.gazetteer.values() if v[0].endswith("hyvinvointialue")}
    assert len(counties) == 21
    assert all(code in BODY_CODES for _, code in lex.gazetteer.values())


def test_suggest_code_names_its_basis(lex: Lexicon) -> None:
    from kotoex.normalize.bodies import suggest_code

    s = suggest_code("Koulutuskeskus Tavastian", lexicon=lex)
    assert (s.name, s.code) == ("Koulutuskeskus Tavastia", "edu_institution") and "gazetteer_education" in s.basis
    s = suggest_code("Raahen Vuokratalot Oy", lexicon=lex)
    assert s.code == "mun.property_housing" and "housing" in s.basis
    assert suggest_code("TE-palvelut", lexicon=lex, year=2025).code == "mun.employment"
    assert suggest_code("Zorblax", lexicon=lex) is None


def test_a_lost_hyphen_still_finds_the_register_name(lex: Lexicon) -> None:
    assert [(b.name, b.code) for b in parse_responsible("Yrkeshögskolan Novia, TE byrån", lexicon=lex)] == \
        [("Yrkeshögskolan Novia", "edu_institution"), ("TE-byrån", "state.employment")]


def test_a_stray_dash_after_a_place_in_the_genitive(lex: Lexicon) -> None:
    got = [(b.name, b.code) for b in parse_responsible("Henkilöstöpalvelut, Espoon — työväenopisto", lexicon=lex)]
    assert got == [("Henkilöstöpalvelut", "mun.hr"), ("Espoon työväenopisto", "mun.education")]
    assert [b.code for b in parse_responsible("Espoo — Vantaa", lexicon=lex)] == ["mun.all", "mun.all"]


def test_a_legal_form_ends_one_name(lex: Lexicon) -> None:
    assert [b.name for b in parse_responsible("Kuopion Setlementti Puijola ry", lexicon=lex)] == \
        ["Kuopion Setlementti Puijola ry"]
    assert [(b.name, b.code) for b in parse_responsible("Sivistystoimi MLL ry", lexicon=lex)] == \
        [("Sivistystoimi", "mun.education"), ("MLL ry", "ngo")]


@pytest.mark.parametrize("name,code", [
    ("Sibbo kommuns bildningsväsende", "mun.education"),     # Swedish unit head nouns: -väsende, -sektor, -verk
    ("Socialsektorn i Malax", "mun.social_health"),          # "<unit> i <municipality>"
    ("Tekniska verket", "mun.urban_environment"),
    ("Kultur- och fritidsenheten", "mun.leisure_culture"),
])
def test_swedish_municipal_units(name: str, code: str, lex: Lexicon) -> None:
    assert [b.code for b in parse_responsible(name, lexicon=lex)] == [code]
