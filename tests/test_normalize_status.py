"""Status phrases → status codes (normalize/status.py)."""

from __future__ import annotations

import json

import pytest

from kotoex.normalize.status import StatusMatch, StatusVocab, is_indicator_template, parse_status

# (cell, expected code) – exact phrases, case, punctuation, Finnish and Swedish
CODE_CASES: list[tuple[str, str]] = [
    ("Toteutuu", "implemented"),
    ("Toteutuu.", "implemented"),
    ("Toteutunut.", "implemented"),
    ("Toteutettu.", "implemented"),
    ("Toteutunut suunnitellusti.", "implemented"),
    ("Valmis.", "implemented"),
    ("Valmis", "implemented"),
    ("Toteutui", "implemented"),
    ("Toteutunut kokonaan.", "implemented"),
    ("Genomförd.", "implemented"),
    ("Förverkligad", "implemented"),
    ("Genomfört", "implemented"),
    ("Klar.", "implemented"),
    ("Toteutuu osin.", "partially_implemented"),
    ("Toteutuu osin", "partially_implemented"),
    ("TOTEUTUU OSIN", "partially_implemented"),
    ("toteutuu osin:", "partially_implemented"),
    ("Toteutuu osittain", "partially_implemented"),
    ("Osittain toteutunut.", "partially_implemented"),
    ("Toteutunut osittain.", "partially_implemented"),
    ("Osittain toteutettu", "partially_implemented"),
    ("Osin toteutunut", "partially_implemented"),
    ("Delvis genomförd.", "partially_implemented"),
    ("Delvis förverkligad", "partially_implemented"),
    ("Ei toteudu", "not_implemented"),
    ("Ei toteudu.", "not_implemented"),
    ("EI TOTEUDU", "not_implemented"),
    ("Ei toteutunut.", "not_implemented"),
    ("Ei toteutettu", "not_implemented"),
    ("Toteutumatta", "not_implemented"),
    ("Inte genomförd.", "not_implemented"),
    ("Ej genomförd", "not_implemented"),
    ("Jatkuva.", "ongoing"),
    ("Jatkuva", "ongoing"),
    ("Jatkuu", "ongoing"),
    ("Käynnissä.", "ongoing"),
    ("Kesken.", "ongoing"),
    ("Toteutumassa.", "ongoing"),
    ("Pågår.", "ongoing"),
    ("Pågående", "ongoing"),
    ("Fortlöpande.", "ongoing"),
    ("Ei aloitettu.", "planned"),
    ("Suunnitteilla.", "planned"),
    ("Aloitetaan", "planned"),
    ("Valmisteilla", "planned"),
    ("Planerad", "planned"),
    ("Inte påbörjad.", "planned"),
    ("Ej påbörjad", "planned"),
    # trailing punctuation variants
    ("Toteutuu:", "implemented"),
    ("Toteutuu,", "implemented"),
    ("Toteutuu –", "implemented"),
]

# OCR damage: fuzzy matching of the leading tokens
OCR_CASES: list[tuple[str, str]] = [
    ("Toteutuu 0sin", "partially_implemented"),
    ("Toteutuu 0sin.", "partially_implemented"),
    ("Tot eutuu", "implemented"),
    ("Toteutunut osittaln", "partially_implemented"),
    ("Toteutunut osittaln. Kerhot jatkuvat.", "partially_implemented"),
    ("Kaynnissa.", "ongoing"),
    ("Genomford", "implemented"),
    ("Pagar.", "ongoing"),
    ("Delvis genomf0rd", "partially_implemented"),
    ("Toteutuuosin", "partially_implemented"),
    ("Ei toteudu", "not_implemented"),
    ("Ei toteutunu", "not_implemented"),
]

# free text that must never become a status
UNKNOWN_CASES: list[str] = [
    "Syksyllä järjestettiin harrastuskokeiluja kuudessa lajissa.",
    "Toteutettiin yhdessä järjestöjen kanssa.",
    "Valmistavan opetuksen ryhmiä oli kolme.",
    "Tre invandrarföreningar fick verksamhetsbidrag.",
    "Kunta- ja palvelurakennemuutos on käynnissä.",
    "Ei",
    "Osallisena Suomessa -hanke",
    "Toteutumisen seuranta vuosittain",
    "Genomgång av rutinerna",
]


@pytest.mark.parametrize("cell,code", CODE_CASES)
def test_status_phrase_codes(cell: str, code: str) -> None:
    m = parse_status(cell)
    assert m.code == code
    assert m.method == "exact"
    assert m.raw == cell.strip()
    assert m.detail is None or cell.startswith(m.raw)


@pytest.mark.parametrize("cell,code", OCR_CASES)
def test_status_ocr_damage(cell: str, code: str) -> None:
    m = parse_status(cell)
    assert m.code == code
    assert m.method in ("exact", "fuzzy")
    if m.method == "fuzzy":
        assert m.score is not None and m.score >= 88


@pytest.mark.parametrize("cell", UNKNOWN_CASES)
def test_free_text_is_not_a_status(cell: str) -> None:
    m = parse_status(cell)
    assert m == StatusMatch(None, "unknown", cell, "none", None)


@pytest.mark.parametrize("cell", [None, "", "   ", "\n"])
def test_empty_cell(cell: str | None) -> None:
    assert parse_status(cell) == StatusMatch(None, "unknown", None, "none", None)


@pytest.mark.parametrize(
    "cell,raw,code,detail",
    [
        ("Toteutuu osin. Perusopetukseen valmentavia opintoja toteutetaan.", "Toteutuu osin.",
         "partially_implemented", "Perusopetukseen valmentavia opintoja toteutetaan."),
        ("Toteutuu omakielisen henkilökunnan avulla", "Toteutuu", "implemented",
         "omakielisen henkilökunnan avulla"),
        ("Toteutunut. Kompassi on vakiintunut.", "Toteutunut.", "implemented", "Kompassi on vakiintunut."),
        ("Toteutunut osittain. Alkukartoituksia tehtiin 112.", "Toteutunut osittain.",
         "partially_implemented", "Alkukartoituksia tehtiin 112."),
        ("Ei toteudu. x", "Ei toteudu.", "not_implemented", "x"),
        ("Toteutuu – jatkossa laajemmin", "Toteutuu –", "implemented", "jatkossa laajemmin"),
        ("Toteutuu:\nryhmiä oli kaksi", "Toteutuu:", "implemented", "ryhmiä oli kaksi"),
        ("Delvis genomförd. Språkcaféet träffades 24 gånger.", "Delvis genomförd.",
         "partially_implemented", "Språkcaféet träffades 24 gånger."),
        ("Toteutuu osana muuta toimintaa", "Toteutuu", "implemented", "osana muuta toimintaa"),
        ("Toteutuu 0sin. Lisää tekstiä.", "Toteutuu 0sin.", "partially_implemented", "Lisää tekstiä."),
        ("  Käynnissä.  ", "Käynnissä.", "ongoing", None),
    ],
)
def test_raw_and_detail(cell: str, raw: str, code: str, detail: str | None) -> None:
    m = parse_status(cell)
    assert (m.raw, m.code, m.detail) == (raw, code, detail)


@pytest.mark.parametrize(
    "text",
    [
        "Toteutuu / ei toteudu",
        "Toimenpide toteutuu / ei toteudu",
        "toteutuu/ei toteudu",
        "Toteutunut / ei toteutunut",
        "Tavoite toteutuu / toteutuu osin / ei toteudu",
        "Genomförd / inte genomförd",
        "Toteutuu / ei",
    ],
)
def test_indicator_templates(text: str) -> None:
    assert is_indicator_template(text)
    assert parse_status(text).code == "unknown"
    assert parse_status(text).raw is None


@pytest.mark.parametrize(
    "text", [None, "", "Toteutuu", "Toteutuu osin. 2/3 ryhmistä", "Kävijämäärä / vuosi", "S2 ylioppilaiden määrä / v"]
)
def test_not_indicator_templates(text: str | None) -> None:
    assert not is_indicator_template(text)


def test_vocab_extension(tmp_path) -> None:
    extra = tmp_path / "more_statuses.jsonl"
    extra.write_text(
        "# user phrases\n" + json.dumps({"phrase": "Hoidossa", "code": "ongoing", "lang": "fi"}) + "\n",
        encoding="utf-8",
    )
    vocab = StatusVocab.load(extra_files=[extra])
    assert parse_status("Hoidossa. Asia etenee.", vocab=vocab).code == "ongoing"
    assert parse_status("Hoidossa.").code == "unknown"


def test_vocab_rejects_unknown_code(tmp_path) -> None:
    extra = tmp_path / "bad.jsonl"
    extra.write_text(json.dumps({"phrase": "Hoidossa", "code": "done"}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError):
        StatusVocab.load(extra_files=[extra])


@pytest.mark.parametrize("cell,code,raw,detail", [
    ("s Toteutuu. Yrityskoordinaattori oli yhteydessä 64 yritykseen.", "implemented", "Toteutuu.",
     "Yrityskoordinaattori oli yhteydessä 64 yritykseen."),
    ("» Ei toteudu", "not_implemented", "Ei toteudu", None),
])
def test_a_speck_before_the_status_phrase_is_skipped(cell: str, code: str, raw: str, detail: str | None) -> None:
    m = parse_status(cell)
    assert (m.code, m.raw, m.detail) == (code, raw, detail)


def test_a_short_word_before_free_text_stays_free_text() -> None:
    assert parse_status("i samarbete med skolorna").code == "unknown"
