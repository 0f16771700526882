"""Confidence: the pure scoring functions, the flag for exports, and the pipeline wiring."""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from conftest import SAMPLES
from kotoex.confidence import (
    DECISION_FIELDS, Confidence, DocEvidence, body_factor, document_confidence, document_factors, document_problems,
    flag_low_confidence, fuzzy_factor, measure_confidence,
)


def _m(**kw) -> Confidence:
    base = dict(path="grid", header_roles=("text", "responsible", "status"), text="Toimenpiteen kuvaus tässä",
                bodies=[("exact", None)], responsible_column=True, responsible_raw="Sivistystoimiala",
                status=("implemented", "exact", None, "Toteutuu"))
    base.update(kw)
    return measure_confidence(**base)


def test_clean_grid_row_is_fully_confident():
    c = _m()
    assert c.value == 1.0 and c.factors == ()


def test_path_orders_grid_over_borderless_over_narrative():
    assert _m().value > _m(path="borderless").value > _m(path="narrative", header_roles=()).value
    assert _m(path="something-new").value < 1.0


@pytest.mark.parametrize("signal", [
    dict(merged_across_pages=True), dict(ocr=True), dict(text="x"), dict(text="a" * 2000),
    dict(header_roles=("goal", "responsible")), dict(responsible_raw=None, bodies=[]),
    dict(status=("unknown", "none", None, "jotain muuta")), dict(status=("unknown", "none", None, None)),
    dict(status=("implemented", "fuzzy", 91.0, "Toteutu")), dict(bodies=[("none", None)]),
    dict(bodies=[("fuzzy", 92.0)]), dict(bodies=[("rule", None)]),
    dict(goal="edistäminen"), dict(section="muuttavat)"), dict(goal="Omankielinen neuvonta 7. Turvallisuuden edistäminen"),
    dict(header_roles=("goal", "text", "responsible", "status"), goal=None), dict(ocr=True, ocr_word_conf=31.0),
])
def test_each_doubt_lowers_confidence_and_says_why(signal):
    c = _m(**signal)
    assert 0.0 <= c.value < 1.0
    assert c.factors and all(0 < f.factor < 1 for f in c.factors)
    assert all(f.as_dict()["signal"] for f in c.factors)


def test_fragments_of_headings_are_told_from_whole_headings():
    from kotoex.confidence import fragment_reason

    for whole in ("Työllisyyden edistäminen", "3. Osaamisen vahvistaminen", "Alle 3 v maassa olleet maahanmuuttajat",
                  "S2-opetus", "2020 tavoitteet", None, ""):
        assert fragment_reason(whole) == "", whole
    for piece in ("edistäminen", "osallistuvat oman asuinalueensa", "efter integrationsutbildningen.", ") ja muut",
                  "Kuvalliset asumisohjeet 3. Osaamisen vahvistaminen"):
        assert fragment_reason(piece), piece
    # the factor names the field, so the review report points at it
    assert _m(goal="edistäminen").fields() == {"goal"}


def test_ocr_word_confidence_only_counts_when_low():
    assert _m(ocr=True, ocr_word_conf=92.0).value == _m(ocr=True).value
    assert _m(ocr=True, ocr_word_conf=10.0).value < _m(ocr=True, ocr_word_conf=50.0).value < _m(ocr=True).value


def test_body_methods_are_ranked():
    assert body_factor("exact") > body_factor("lemma") > body_factor("rule") > body_factor("fuzzy", 90) \
        > body_factor("none")
    assert fuzzy_factor(100) > fuzzy_factor(95) > fuzzy_factor(90) >= 0.75
    # the weakest body decides, however many good ones there are
    assert _m(bodies=[("exact", None), ("none", None)]).value == _m(bodies=[("none", None)]).value


def test_status_unknown_with_text_is_worse_than_empty_cell():
    assert _m(status=("unknown", "none", None, "tekstiä")).value < _m(status=("unknown", "none", None, "")).value


def test_signals_multiply_and_stay_in_range():
    c = _m(path="narrative", header_roles=(), merged_across_pages=True, ocr=True, text="x",
           bodies=[("none", None)], status=("unknown", "none", None, "???"))
    assert 0.0 < c.value < 0.25
    assert {"text", "responsible", "status"} <= c.fields()


def _ev(**kw) -> DocEvidence:
    base = dict(status="ok", doc_type="measure_report", n_pages=4, n_measures=20, headers_found=2, tokens=2000,
                function_share=0.08, wordlike_share=0.95, title=(1.0, ""), coverage=(0.9, 800))
    base.update(kw)
    return DocEvidence(**base)


def test_document_confidence_comes_from_evidence_not_from_measures():
    good = document_confidence(_ev(), [0.9] * 20)
    assert good.value > 0.8
    assert document_confidence(_ev(status="failed"), []).value == 0.0
    # no measures in a measure document: never 1.0, below 0.5 whatever else
    assert document_confidence(_ev(n_measures=0, coverage=(1.0, 0)), []).value < 0.5
    # no evidence at all (an unknown type, little text) is low, not 1.0
    assert document_confidence(_ev(doc_type="other", n_measures=0, tokens=10), []).value < 0.5
    # each piece of evidence against the result lowers it, and says why
    for bad in (dict(function_share=0.005), dict(wordlike_share=0.3), dict(title=(0.2, "digits")),
                dict(headers_found=0), dict(coverage=(0.3, 900)), dict(tabular_pages=(2, 3, 4), explained_pages=(2,)),
                dict(gap_measures=10), dict(blank_pages=2), dict(ocr_pages=4)):
        c = document_confidence(_ev(**bad), [0.9] * 20)
        assert c.value < good.value, bad
        assert [f for f in c.factors if f.factor < 1 and not f.signal.startswith("measures:")], bad
    assert document_confidence(_ev(doc_type="decision", n_measures=0, decision={"body": "x"}), []).value < \
        document_confidence(_ev(doc_type="decision", n_measures=0, decision={k: "x" for k in DECISION_FIELDS}), []).value


def test_evidence_calls_for_warnings():
    kinds = lambda ev: [k for k, _, _ in document_problems(ev, document_factors(ev))]  # noqa: E731
    assert kinds(_ev()) == []
    assert kinds(_ev(n_measures=0, tabular_pages=(2, 3), explained_pages=())) == ["tabular_unexplained"]
    assert "letter_salad" in kinds(_ev(wordlike_share=0.2))
    assert kinds(_ev(doc_type="other", n_measures=0, tokens=5000)) == ["unknown_long_text"]


def test_text_and_title_evidence():
    from kotoex.evidence import text_evidence, title_plausibility
    from kotoex.normalize.language import function_words

    fw = function_words()
    fi = text_evidence("Kaupunki järjestää ohjausta ja neuvontaa, jotta kaikki saavat tiedon omalla kielellään "
                       "ja palvelut ovat saavutettavia myös niille, jotka ovat juuri muuttaneet".split(), fw)
    salad = text_evidence("K a u p u n k i j ä r j e s t ä ä o h j a u s t a tkrs mnvp".split(), fw)
    assert fi.function_share > 0.1 and fi.wordlike_share > 0.9
    assert salad.wordlike_share < 0.2 and salad.function_share < 0.1
    assert title_plausibility("Integrationsprogrammet 2020–2023 – uppföljning 2021")[0] == 1.0
    assert title_plausibility("Kotouttamisohjelma 2022–2025")[0] == 1.0
    assert title_plausibility("1 2 3 4 5 6 7 8 9 0")[0] < 0.5
    assert title_plausibility("a b c d e f g h")[0] < 0.5


def test_field_confidences_name_their_signal():
    c = _m(goal="edistäminen", section_missing=True, section=None, theme=("text", 0.45), themed=True)
    assert _m(theme=("goal", 0.2)).field_confidence()["themes"]["signal"] == "theme:from_context"
    fc = c.field_confidence()
    assert set(fc) == {"text", "section", "goal", "responsible", "status", "schedule", "themes", "id"}
    assert fc["goal"] == {"value": 0.6, "signal": "goal:fragment"}
    assert fc["section"]["signal"] == "section:missing" and fc["section"]["value"] < 1
    assert fc["themes"]["signal"] == "theme:confidence" and fc["themes"]["value"] == 0.45
    assert fc["text"] == {"value": 1.0, "signal": "evidence:none_against"}
    # a measure without a theme where themes were looked for, a schedule cell that gave no dates
    fc2 = _m(themed=True, schedule=("joskus", False)).field_confidence()
    assert fc2["themes"]["signal"] == "theme:none" and fc2["schedule"]["signal"] == "schedule:unparsed"


def test_calibration_data_file_loads_and_is_monotone():
    from kotoex.calibration import DOC_FEATURES, MEASURE_FEATURES, MEASURE_FIELDS, WEIGHTS_FILE, load_weights, measure_value

    assert WEIGHTS_FILE.exists()
    w = load_weights()
    assert set(w["measure"]["weights"]) == set(MEASURE_FEATURES)
    assert set(w["document"]["weights"]) == set(DOC_FEATURES)
    assert all(v >= 0 for k in ("measure", "document") for v in w[k]["weights"].values())
    assert all(v >= 0 for v in w["measure"].get("signal_weights", {}).values())
    assert not set(w["measure"].get("signal_weights", {})) & set(MEASURE_FEATURES)
    assert w["fitted_on"]["seeds"] and w["fitted_on"]["measures"] > 100
    clean = {k: {"value": 1.0, "signal": "evidence:none_against"} for k in MEASURE_FIELDS}
    doubt = dict(clean, goal={"value": 0.6, "signal": "goal:fragment"})
    assert 0 < measure_value(doubt, [], 1.0) < measure_value(clean, [], 1.0) < 1
    assert measure_value(clean, [], 0.3) < measure_value(clean, [], 1.0)


def test_signal_weights_split_a_field():
    """A signal with a weight of its own is a feature of its own; the field keeps its other factors."""
    from kotoex.calibration import logistic, measure_features

    clean = {k: {"value": 1.0, "signal": "evidence:none_against"} for k in ("text", "goal", "section")}
    fc = dict(clean, goal={"value": 0.68, "signal": "goal:missing"})
    factors = [{"signal": "goal:empty_column", "factor": 0.85, "field": "goal"},
               {"signal": "goal:missing", "factor": 0.8, "field": "goal"},
               {"signal": "ocr", "factor": 0.8, "field": None}]
    pooled = measure_features(fc, factors, 1.0)
    assert pooled["goal"] == pytest.approx(math.log(0.68)) and pooled["record"] == pytest.approx(math.log(0.8))
    split = measure_features(fc, factors, 1.0, signals=["goal:empty_column", "ocr"])
    assert split["goal:empty_column"] == pytest.approx(math.log(0.85)) and split["goal"] == pytest.approx(math.log(0.8))
    assert split["ocr"] == pytest.approx(math.log(0.8)) and split["record"] == 0.0
    model = {"bias": 3.0, "weights": {"goal": 1.0, "record": 1.0}, "signal_weights": {"goal:empty_column": 10.0}}
    assert logistic(split, model) < logistic(pooled, model) < logistic(measure_features(clean, [], 1.0), model)


def test_flag_low_confidence_never_drops_rows():
    rows = [{"id": 1, "confidence": 0.95}, {"id": 2, "confidence": 0.5}, {"id": 3, "confidence": None},
            {"id": 4}, {"id": 5, "confidence": "bad"}, {"id": 6, "confidence": 0.8}]
    out = flag_low_confidence(rows, 0.8)
    assert [r["id"] for r in out] == [1, 2, 3, 4, 5, 6]
    assert [r["low_confidence"] for r in out] == [False, True, True, True, True, False]
    assert "low_confidence" not in rows[0]  # input untouched
    assert all(r["low_confidence"] is False for r in flag_low_confidence(rows, None))
    assert flag_low_confidence([], 0.5) == []


def test_pipeline_sets_measure_and_document_confidence():
    from kotoex import extract_pdf
    from kotoex.calibration import measure_value

    doc = extract_pdf(SAMPLES / "turku_report_2013.pdf")
    assert doc.confidence is not None and 0.7 < doc.confidence < 1.0
    assert all(m.confidence is not None and 0 < m.confidence < 1 for m in doc.measures)
    evidence = 1.0
    for f in doc.confidence_factors:
        if not f.signal.startswith("measures:"):
            evidence *= f.factor
    for m in doc.measures:  # the confidence is recomputed from what the JSON holds
        fc = {k: v.model_dump() for k, v in m.provenance.field_confidence.items()}
        assert set(fc) >= {"text", "section", "goal", "responsible", "status", "themes"}
        assert all(v["signal"] for v in fc.values())
        assert m.confidence == pytest.approx(measure_value(
            fc, [f.model_dump() for f in m.provenance.confidence_factors], evidence), abs=0.002)
    # the measure whose body matched nothing has a doubted responsible field
    unmatched = [m for m in doc.measures if any(f.signal == "body:none" for f in m.provenance.confidence_factors)]
    assert unmatched and all(m.provenance.field_confidence["responsible"].signal == "body:none" for m in unmatched)
    assert all(m.confidence < max(x.confidence for x in doc.measures) for m in unmatched)
    decision = extract_pdf(SAMPLES / "turku_decision_2023.pdf")
    assert decision.confidence is not None and decision.confidence > 0.7


def _pdf(path, pages):
    """A PDF of ``pages``: each a function drawing on a reportlab canvas."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for draw in pages:
        draw(c)
        c.showPage()
    c.save()
    return path


SENTENCES = ("Kaupunki järjestää maahanmuuttajille ohjausta ja neuvontaa omalla kielellä",
             "Kotoutumista tuetaan yhteistyössä järjestöjen ja oppilaitosten kanssa",
             "Työllisyyspalveluiden saatavuutta parannetaan ja kielikoulutusta lisätään")


def test_letter_salad_document_is_doubted(tmp_path):
    """A reading order broken into letters: confidence below 0.5, status partial, a letter_salad warning."""
    import random

    from kotoex import extract_pdf

    rnd = random.Random(3)

    def page(c):
        c.setFont("Helvetica-Bold", 16)
        c.drawString(60, 790, "Kotouttamisohjelman seuranta 2022")
        c.setFont("Helvetica", 10)
        y = 760
        for k in range(40):
            letters = [ch for ch in rnd.choice(SENTENCES) if ch != " "]
            rnd.shuffle(letters)
            x = 60
            for ch in letters[:45]:  # one glyph at a time, apart: each letter a word of its own
                c.drawString(x, y, ch)
                x += 10.5
            y -= 17

    doc = extract_pdf(_pdf(tmp_path / "salad.pdf", [page, page]))
    assert doc.confidence < 0.5
    assert doc.status == "partial"
    assert any(p.kind == "letter_salad" and p.severity == "warning" for p in doc.problems)


def test_tabular_document_without_measures_is_doubted(tmp_path):
    """Ruled tables whose header names no measure column: no measures, confidence below 0.5, partial,
    a tabular_unexplained warning naming the pages."""
    from reportlab.platypus import Table, TableStyle

    from kotoex import extract_pdf

    def page(c):
        c.setFont("Helvetica-Bold", 14)
        c.drawString(60, 790, "Tilastokatsaus vuodelta 2022")
        rows = [["Kohde", "Luku A", "Luku B", "Huomio"]] + [
            [f"Alue {k}", str(100 + 7 * k), str(30 + 3 * k), "ennallaan" if k % 2 else "kasvanut"] for k in range(25)]
        t = Table(rows, colWidths=[140, 80, 80, 140])
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONT", (0, 0), (-1, -1), "Helvetica", 9)]))
        _, h = t.wrapOn(c, 500, 700)
        t.drawOn(c, 60, 760 - h)

    doc = extract_pdf(_pdf(tmp_path / "tables.pdf", [page, page, page]))
    assert doc.measures == []
    assert doc.confidence < 0.5
    assert doc.status == "partial"
    warn = [p for p in doc.problems if p.kind == "tabular_unexplained"]
    assert warn and warn[0].severity == "warning" and warn[0].pages == [1, 2, 3]


def test_id_doubts_from_the_documents_numbering():
    """OCR misreads of dotted ids ("1.1.2" as "1.4.2", "2.1.3" as "21") and ids lost under an id column are
    doubted; a numbering that restarts per table or goes up a level is not."""
    from kotoex.confidence import id_factors, id_shape

    assert id_shape("1.2.3") == "9.9.9" and id_shape("T1a") == "a9a" and id_shape(" 12 ") == "9"
    ids = ["1.1.1", "1.4.2", "1.1.3", "1.2.1", "1.2.2", "21", "2.1.1", "2.1.2", "2.2.1", None, "Edo", "2.9;A"]
    got = [[f.signal for f in fs] for fs in id_factors(ids, [True] * len(ids))]
    assert got[1] == ["id:sequence"] and got[5] == ["id:shape"] and got[9] == ["id:empty_column"]
    assert got[10] == got[11] == ["id:garbled"]
    assert not any(got[i] for i in (0, 2, 3, 4, 6, 7, 8))
    turku = ["1.1", "1.2", "1.3", "2.1", "2.2", "1.1", "1.2", "1.1", "1.2", "2.1", "3.1", "3.2", "1.1"]
    assert not any(id_factors(turku, [True] * len(turku)))


def test_an_id_the_numbering_repaired_says_so_and_is_doubted_a_little():
    from kotoex.confidence import ID_REPAIRED, id_factors

    ids = ["1.1", "1.2", "1.3", "2.1", "2.2"]
    got = id_factors(ids, [True] * 5, [None, "", "13", "2id", None])
    assert [[f.signal for f in fs] for fs in got] == [[], ["id:repaired"], ["id:repaired"], ["id:repaired"], []]
    assert 0 < ID_REPAIRED < 1 and got[3][0].factor == ID_REPAIRED and "'2id'" in got[3][0].note
    assert "none read" in got[1][0].note
    assert not any(id_factors([str(i) for i in range(1, 21)] + ["1", "2"], [False] * 22))
    # too few ids, or no usual shape: no doubt from the shape
    assert not any(id_factors(["1", "A", "2"], [False] * 3))
    assert not any(id_factors(["1", "A", "2", "B", "3"], [False] * 5))
    assert not any(id_factors(["A", "B", "C", "D", "E"], [False] * 5))  # letters as ids: no usual numbering
    assert not any(id_factors(["T1.1", "T1.2", "T2.1", "T2.2", "T3.1"], [False] * 5))  # a letter before the numbers


def test_a_responsible_cell_starting_in_lower_case_is_a_fragment():
    split = _m(responsible_column=True, responsible_raw="samarbete med integrationsenheten")
    whole = _m(responsible_column=True, responsible_raw="Jakobstads medborgarinstitut")
    assert split.field_confidence()["responsible"]["signal"] == "responsible:fragment"
    assert whole.field_confidence()["responsible"]["signal"] == "evidence:none_against"


def test_a_field_doubted_on_many_rows_is_doubted_on_the_others():
    from kotoex.confidence import document_field_doubts

    clean = {"id": {"value": 1.0, "signal": "evidence:none_against"}, "status": {"value": 1.0, "signal": "x"}}
    doubt = dict(clean, id={"value": 0.6, "signal": "id:garbled"})
    got = document_field_doubts([doubt, doubt, clean, clean])
    assert got[0] == got[1] == []
    assert [f.signal for f in got[2]] == ["id:doubted_in_document"] and got[2][0].factor == 0.75
    assert document_field_doubts([doubt] + [clean] * 4)[1] == []  # one in five: under a quarter
    assert document_field_doubts([doubt, clean, clean]) == [[], [], []]  # too few measures to tell


def _benchmark_module(name: str):
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, Path(__file__).resolve().parents[1] / "benchmarks" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_out_of_fold_scores_never_come_from_a_model_fitted_on_the_same_seed():
    cr = _benchmark_module("confidence_ranking")
    assert cr.seed_of("turku_report_2013__var713__scan") == "713"
    assert cr.seed_of("dev_espoo_programme_2022__lo-grid") == "dev_espoo_programme_2022__lo-grid"
    names = [f"doc{j}__var{s}{suffix}" for s in range(700, 707) for j in range(2) for suffix in ("", "__scan")]
    ms = [{"doc": n, "features": {}, "wrong": []} for n in names]
    seen: list[set] = []

    def fit_model(train):
        seen.append({cr.seed_of(r["doc"]) for r in train})
        return {"bias": float(len(seen)), "weights": {}}

    out = cr._per_fold(ms, 3, fit_model)
    folds = cr._folds(ms, 3)
    assert len(seen) == 3 and len(set(folds)) == 3
    by_seed: dict[str, set] = {}
    for r, f in zip(ms, folds):
        by_seed.setdefault(cr.seed_of(r["doc"]), set()).add(f)
    assert all(len(v) == 1 for v in by_seed.values())  # a seed's variants and scans stay in one fold
    for r, f, score in zip(ms, folds, out):
        model = int(round(math.log(score / (1 - score))))  # the bias of the model that scored it
        assert cr.seed_of(r["doc"]) not in seen[model - 1] and model - 1 == f
