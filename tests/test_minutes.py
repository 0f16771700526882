"""Minutes and agendas: items (§) read, integration items found, nothing invented (issue 13).

Held-out minutes in four other publishing systems' layouts are generated with reportlab
(tests/_minutes_synth.py); the real Lapua minutes of the shared material are checked where present.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from rapidfuzz import fuzz

from _minutes_synth import build_all
from conftest import CORPUS, REAL, ROOT
from kotoex.extract.text import clean_text
from kotoex.interpret.minutes_lines import find_diary, heading_kind
from kotoex.interpret.minutes_split import stamps_in
from kotoex.interpret.minutes_subject import integration_subject
from kotoex.pipeline import process_file


@pytest.fixture(scope="module")
def synth(tmp_path_factory):
    folder = tmp_path_factory.mktemp("minutes")
    gold = build_all(folder)
    docs = {stem: process_file(folder / f"{stem}.pdf").model_dump(mode="json") for stem in gold}
    return gold, docs


def _items(doc):
    return {it["section"]: it for it in doc["items"]}


def test_held_out_documents_and_items(synth):
    gold, docs = synth
    for stem, g in gold.items():
        doc = docs[stem]
        assert doc["document"]["doc_type"] == g["doc_type"], stem
        assert doc["document"]["date"] == g["date"], stem
        assert doc["measures"] == [], stem
        assert doc["decision"] is None
        items = _items(doc)
        assert list(items) == [i["section"] for i in g["items"]], stem  # no index entry, history or reference
        for gi in g["items"]:
            it = items[gi["section"]]
            assert it["body"] == g["body"]
            assert fuzz.ratio(it["title"].lower(), gi["title"].lower()) >= 95, (stem, it["title"])
            assert it["diary_number"] == gi["diary_number"], (stem, gi["section"])


def test_held_out_integration_precision_recall(synth):
    gold, docs = synth
    tp = fp = fn = 0
    for stem, g in gold.items():
        items = _items(docs[stem])
        for gi in g["items"]:
            got, want = items[gi["section"]]["integration_related"], gi["integration_related"]
            tp, fp, fn = tp + (got and want), fp + (got and not want), fn + (want and not got)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"integration_related on held-out minutes: precision {precision:.2f} recall {recall:.2f} ({tp + fn} items)")
    assert tp + fn == 11
    assert precision == 1.0 and recall == 1.0


def test_evidence_words_in_provenance(synth):
    _, docs = synth
    it = _items(docs["nykarleby_vn"])["44"]
    assert it["integration_related"]
    assert {"kvotflyktingar", "kommunplatser"} <= set(it["provenance"]["integration_evidence"])
    passing = _items(docs["nykarleby_vn"])["45"]  # "invandrare" once in a budget item
    assert not passing["integration_related"] and passing["provenance"]["integration_evidence"] == ["invandrare"]


def test_council_item_after_earlier_stages(synth):
    _, docs = synth
    it = _items(docs["hml_kv"])["160"]
    assert it["decision_text"] == "Kaupunginvaltuusto hyväksyi kotoutumisohjelman vuosille 2024-2027."
    assert it["proposal"].startswith("Kaupunginvaltuusto hyväksyy")
    assert it["history"][:2] == ["Hyvinvointilautakunta, § 6, 22.08.2023", "Kaupunginhallitus, § 258, 28.08.2023"]
    assert {"name": "Aino Mäki", "role": "kotoutumiskoordinaattori"} in it["people"]
    # the appeal instructions after the last item are not part of it, nor their phone numbers
    last = _items(docs["hml_kv"])["162"]
    assert "oikaisuvaatimus" not in (last["decision_text"] + json.dumps(last)).lower()


def test_agenda_has_no_decisions_and_swedish_sections(synth):
    _, docs = synth
    assert all(it["decision_text"] is None for it in docs["kuopio_sivla"]["items"])
    sv = _items(docs["nykarleby_vn"])["43"]
    assert sv["proposal"] == "Välfärdsnämnden föreslår för stadsstyrelsen att integrationsprogrammet godkänns."
    assert sv["decision_text"] == "Förslaget godkändes."
    for it in docs["nykarleby_vn"]["items"]:  # running header "NYKARLEBY STAD PROTOKOLL 4/2023 Sida n" not in text
        assert "PROTOKOLL" not in (it["proposal"] or "") + (it["decision_text"] or "")


def test_item_amounts_and_people(synth):
    _, docs = synth
    items = _items(docs["salo_kh"])
    assert sorted(a["value"] for a in items["205"]["amounts"]) == [200_000.0, 13_500_000.0, 41_300_000.0]
    assert [a["value"] for a in items["204"]["amounts"]] == [1_250_000.0]  # not the fax, not the business id
    assert items["203"]["people"] == [{"name": "Matti Virtanen", "role": "hallintojohtaja"}]
    assert items["203"]["proposal"].startswith("Kaupunginjohtaja: Kaupunginhallitus esittää")


# ------------------------------------------------------------------------------------ units

@pytest.mark.parametrize("text, dno", [
    ("LAPDno-2024-860", "LAPDno-2024-860"),
    ("NKBY/497/00.01.02/2022", "NKBY/497/00.01.02/2022"),
    ("Dnr KS 123/2023", "KS 123/2023"),
    ("Dnro 512/00.01.02/2023", "512/00.01.02/2023"),
    ("HML-Dno-2023-481", "HML-Dno-2023-481"),
    ("TRE:1234/02.05.00/2023", "TRE:1234/02.05.00/2023"),
    ("Kokous 12.3.2024", None),
])
def test_diary_numbers(text, dno):
    assert find_diary(text) == dno


def test_abbreviated_body_in_stamps():
    from kotoex.interpret.minutes_split import _same_body
    assert _same_body("Kh", "Kunnanhallitus") and _same_body("Sivltk", "Sivistyslautakunta")
    assert not _same_body("Kv", "Kaupunginhallitus") and not _same_body("Kh", "Kaupunginvaltuusto")


def test_history_stamps_and_references():
    assert [c.section for c in stamps_in("Hyvinvointilautakunta, § 6, 22.08.2023 / Kaupunginhallitus, § 258, 28.08.2023")] \
        == ["6", "258"]
    assert stamps_in("Sosiaali- ja terveyslautakunta 24.03.2021 § 47")[0].body == "Sosiaali- ja terveyslautakunta"
    assert stamps_in("Tämä lautakunnan päätös kumoaa sivistys- ja hyvinvointijohtajan 10.10.2024 § 19") == []
    assert heading_kind("Välfärdsnämndens beslut:") == "decision"
    assert heading_kind("Kaupunginhallituksen päätösehdotus") == "proposal"
    assert heading_kind("Förslag") == "proposal"


def test_subject_not_a_passing_mention():
    long_budget = ("Talousarvion toteutuminen. " * 40 + "Maahanmuuttajapalveluiden neuvontaan lisättiin resursseja. ")
    assert integration_subject("Talousarvion toteutuminen 2023", long_budget)[0] is False
    assert integration_subject("Kotouttamisohjelma 2024-2027", "Ohjelma hyväksytään.")[0] is True
    assert integration_subject("Integration av datasystem", "Systemen integreras. Integrationen klar.")[0] is False
    two_in_report = "Hyvinvointikertomus kuvaa väestön hyvinvointia. " * 40 + "maahanmuuttajat, maahanmuuttajien"
    assert integration_subject("Hyvinvointikertomus 2023", two_in_report)[0] is False
    notices = "ELY-keskuksen päätös kotoutumisen avustuksesta. Maahanmuuttajien neuvonta. Pakolaisten kuntapaikat."
    assert integration_subject("Ilmoitusasiat", notices)[0] is False  # a list of notices is about the list
    assert integration_subject("Osaamiskeskushanke", "Maahanmuuttajien työllistyminen ja maahanmuuttajille "
                                                      "kielikoulutusta työpaikoilla.")[0] is True


def test_clean_text():
    assert clean_text("myös,\u200b milloin\u00ad\u200e ") == "myös, milloin"
    assert clean_text("a\u00a0b  c\n d") == "a b c d"
    assert clean_text("a\u00a0b\n  c", keep_newlines=True) == "a b\nc"
    assert clean_text("e\u0301") == "é"
    assert clean_text(None) is None


# ------------------------------------------------------------------------------- real minutes

@pytest.mark.shared
def test_real_minutes_score(tmp_path):
    """The Lapua minutes (../shared/real/lapua) against their gold with the shared scorer."""
    lapua = REAL / "lapua"
    if not (lapua / "gold.json").exists():
        pytest.skip("real minutes not available")
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "kotoex.cli", "batch", str(lapua), "--out", str(out)],
                   check=False, capture_output=True, cwd=ROOT)
    res = tmp_path / "score.json"
    subprocess.run([sys.executable, str(REAL.parent / "tools" / "score_minutes.py"), str(lapua / "gold.json"),
                    str(out), "--json", str(res)], check=True, capture_output=True)
    score = json.loads(res.read_text())
    for key in ("doc_type", "body", "date", "municipality", "item_title", "item_dno"):
        assert score[key] >= 0.95, (key, score)
    assert score["item_f1"] >= 0.98 and score["invented_measures"] == 0
    # every item starts on its own page, not on the index page; agendas have no decisions
    gold = json.loads((lapua / "gold.json").read_text(encoding="utf-8"))
    starts = hits = 0
    for g in gold:
        items = {it["section"]: it for it in json.loads((out / (g["file"][:-4] + ".json")).read_text())["items"]}
        for gi in g["items"]:
            starts += 1
            hits += gi["section"] in items and items[gi["section"]]["pages"][0] == gi["page"]
        if g["doc_type"] == "agenda":
            assert all(it["decision_text"] is None for it in items.values())
    assert hits >= 0.98 * starts


@pytest.mark.shared
def test_decision_documents_stay_decisions():
    path = CORPUS / "turku_decision_2023__wp-open-port.pdf"
    if not path.exists():
        pytest.skip("corpus not available")
    doc = process_file(path)
    assert str(getattr(doc.document.doc_type, "value", doc.document.doc_type)) == "decision" and doc.items == []
