"""Does confidence rank errors, and is it calibrated? Fit on tuning variants, report on held-out ones.

usage: python benchmarks/confidence_ranking.py [--tune DIR[:GLOB,...]]... [--heldout DIR[:GLOB,...]]...
           [--fit kotoex/data/confidence_weights.json --seeds 700-708] [--as-is] [--cache DIR [--reuse]]
           [--score PATH/score.py] [--workers N] [--json OUT.json] [--verbose]

* Each ``NAME.pdf`` with a ``NAME.gold.json`` of a set (``DIR:*__lo-grid,*__scan-open`` keeps the
  names matching the globs) is processed with ``kotoex.pipeline.process_file`` (scans through OCR);
  ``--cache`` keeps the JSON, ``--reuse`` reads it back.
* Measures are paired with gold by the scorer's own matching (``score.match`` on the text, threshold
  0.6). A predicted measure is **wrong** if it has no gold partner or if any field the scorer scores
  for that document (``score.MEASURE_FIELDS`` with the scorer's relevance rules, theme included) is
  wrong. A document **failed** if its score (mean of ``score.score_doc``) is below 0.8.
* Confidences are recomputed from the evidence in the JSON (``provenance.field_confidence``,
  ``confidence_factors``) with the weights file, or taken as they are (``--as-is``). ``--fit``
  fits the weights on the ``--tune`` sets first (kotoex/calibration.py).
* Printed per group (tuning, held-out) and per set: measure and document ROC AUC (probability that a
  wrong one has a lower confidence than a right one; 0.5 = no ranking) and reliability tables (bins
  of confidence: count, mean confidence, observed share right; bins of 20+ items off by more than
  0.10 are marked). Figures: benchmarks/CONFIDENCE.md.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import math
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from statistics import mean

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT_SCORE = ROOT.parent / "shared" / "tools" / "score.py"


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("kotoex_shared_score", path)
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def relevant_fields(score, gm: list[dict]) -> dict[str, list[int]]:
    """Per scored field, the gold measures it is scored on (the rules of ``score.score_measures``)."""
    codes = score.codes
    out = {}
    for name in score.MEASURE_FIELDS:
        rel = [i for i, g in enumerate(gm) if not (name == "status" and g.get("status") is None)
               and not (name == "schedule" and g.get("schedule") is None and not any(x.get("schedule") for x in gm))
               and not (name == "id" and not any(x.get("id") for x in gm))
               and not (name == "goal" and not any(x.get("goal") for x in gm))
               and not (name == "indicator" and not any(x.get("indicator") for x in gm))
               and not (name == "theme" and not g.get("themes"))
               and not (name in ("responsible", "body_codes") and not any(codes(x) for x in gm))]
        if rel:
            out[name] = rel
    return out


def judge_measures(score, gold: dict, pred: dict) -> list[dict]:
    """One row per predicted measure: confidence, right/wrong and the wrong fields."""
    gm, pm = gold.get("measures") or [], pred.get("measures") or []
    pairs = score.match(gm, pm, lambda m: m.get("text"), 0.6)
    by_pred = {j: i for i, j in pairs}
    rel = relevant_fields(score, gm)
    rows = []
    for j, p in enumerate(pm):
        i = by_pred.get(j)
        if i is None:
            wrong = ["unmatched"]
        else:
            wrong = [name for name, idx in rel.items() if i in idx and not score.MEASURE_FIELDS[name](gm[i], p)]
        rows.append({"confidence": p.get("confidence"), "wrong": wrong, "id": p.get("id"),
                     "text": (p.get("text") or "")[:60],
                     "factors": [f["signal"] for f in (p.get("provenance") or {}).get("confidence_factors", [])]})
    return rows


def _process(pdf: str) -> tuple[str, dict]:
    from kotoex.pipeline import process_file
    from kotoex.writers import document_json

    return pdf, json.loads(document_json(process_file(Path(pdf))))


def auc(wrong: list[float], right: list[float]) -> float | None:
    if not wrong or not right:
        return None
    wins = sum(1.0 if w < r else 0.5 if w == r else 0.0 for w in wrong for r in right)
    return wins / (len(wrong) * len(right))


def _ranks(xs: list[float]) -> list[float]:
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    ranks = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def pearson(xs: list[float], ys: list[float]) -> float | None:
    if len(xs) < 3:
        return None
    mx, my = mean(xs), mean(ys)
    sx = sum((x - mx) ** 2 for x in xs) ** 0.5
    sy = sum((y - my) ** 2 for y in ys) ** 0.5
    if not sx or not sy:
        return None
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / (sx * sy)


def spearman(xs: list[float], ys: list[float]) -> float | None:
    return pearson(_ranks(xs), _ranks(ys))


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


# ------------------------------------------------------------------------------ data sets

def _spec(text: str) -> tuple[Path, list[str]]:
    """'DIR' or 'DIR:GLOB,GLOB' (file-name stems, e.g. '*__lo-grid')."""
    d, _, pats = text.partition(":")
    return Path(d), [p for p in pats.split(",") if p] or ["*"]


def collect(spec: str, score, cache: Path | None, workers: int, reuse: bool) -> dict:
    """Process (or read from ``cache``) every PDF of a set with a gold; rows of measures and documents."""
    d, pats = _spec(spec)
    names = sorted({g.name[: -len(".gold.json")] for p in pats for g in d.glob(p + ".gold.json")})
    names = [n for n in names if (d / f"{n}.pdf").exists()]
    out_dir = cache / d.name if cache else None
    todo = [n for n in names if not (reuse and out_dir and (out_dir / f"{n}.json").exists())]
    preds: dict[str, dict] = {}
    if todo:
        with ProcessPoolExecutor(max_workers=max(1, workers)) as ex:
            for pdf, pred in ex.map(_process, [str(d / f"{n}.pdf") for n in todo]):
                preds[Path(pdf).stem] = pred
                if out_dir:
                    out_dir.mkdir(parents=True, exist_ok=True)
                    (out_dir / f"{Path(pdf).stem}.json").write_text(json.dumps(pred, ensure_ascii=False), "utf-8")
    for n in names:
        if n not in preds:
            preds[n] = json.loads((out_dir / f"{n}.json").read_text(encoding="utf-8"))
    measures, docs = [], []
    for n in names:
        gold = json.loads((d / f"{n}.gold.json").read_text(encoding="utf-8"))
        pred = preds[n]
        rows = judge_measures(score, gold, pred)
        for r, m in zip(rows, pred.get("measures") or []):
            r["doc"] = n
            r["m"] = m
        measures.extend(rows)
        s = score.score_doc(gold, pred)
        vals = [v for k, v in s.items() if not k.startswith("_")]
        docs.append({"name": n, "score": sum(vals) / len(vals) if vals else 0.0, "pred": pred,
                     "status": pred.get("status"), "n": len(rows), "wrong": sum(1 for r in rows if r["wrong"])})
    return {"spec": spec, "measures": measures, "docs": docs}


def rescore(data: dict, weights: dict | None, as_is: bool, features_only: bool = False) -> None:
    """Confidences from the stored evidence with ``weights`` (``as_is``: the values in the JSON)."""
    from kotoex.calibration import document_features, logistic, measure_features

    for doc in data["docs"]:
        pred = doc["pred"]
        factors = pred.get("confidence_factors") or []
        ev = 1.0
        for f in factors:
            if not str(f.get("signal", "")).startswith("measures:") and f.get("factor") is not None:
                ev *= float(f["factor"])
        doc["evidence"] = ev
        doc["features"] = document_features([f for f in factors if not str(f.get("signal")).startswith("measures:")])
    by_doc = {d["name"]: d for d in data["docs"]}
    for r in data["measures"]:
        prov = r["m"].get("provenance") or {}
        own = (weights or {}).get("measure", {}).get("signal_weights", ()) if not as_is else ()
        r["features"] = measure_features(prov.get("field_confidence") or {}, prov.get("confidence_factors") or [],
                                         by_doc[r["doc"]]["evidence"], own)
        if features_only:
            continue
        r["conf"] = (r["m"].get("confidence") or 0.0) if as_is or weights is None else \
            logistic(r["features"], weights["measure"])
    if features_only:
        return
    for doc in data["docs"]:
        confs = [r["conf"] for r in data["measures"] if r["doc"] == doc["name"]]
        if confs:
            doc["features"]["measures"] = math.log(max(0.02, sum(confs) / len(confs)))
        doc["conf"] = (doc["pred"].get("confidence") or 0.0) if as_is or weights is None else \
            0.0 if doc["status"] == "failed" else logistic(doc["features"], weights["document"])


def fit(tune: list[dict], names_m, names_d, l2: float | None = None, cross_fit: int = 0) -> dict:
    from kotoex.calibration import DEFAULT, fit_logistic, load_weights

    ms = [r for d in tune for r in d["measures"]]
    signals = own_signals(ms)
    for d in tune:
        rescore(d, {"measure": {"signal_weights": dict.fromkeys(signals, 1.0)}}, False, features_only=True)
    w = {"measure": _fit_measures(ms, names_m, signals, l2, cross_fit)}
    for d in tune:
        rescore(d, {"measure": w["measure"], "document": load_weights()["document"]}, False)
    ds = [x for d in tune for x in d["docs"] if x["status"] != "failed"]
    y_d = [int(x["score"] >= DOC_FAIL_BELOW) for x in ds]
    if len(y_d) - sum(y_d) < MIN_FAILED_TO_FIT:
        # too few failing tuning documents to fit a bias: the prior model (bias 3 = odds of 20 to 1 for a
        # document without doubt, one log factor each), so evidence against a document keeps its weight
        w["document"] = dict(DEFAULT["document"], note=f"prior: {len(y_d) - sum(y_d)} failing tuning documents, "
                                                      f"fewer than {MIN_FAILED_TO_FIT}")
    else:
        w["document"] = fit_logistic([x["features"] for x in ds], y_d, names_d, l2=50.0)
    return w


def _measure_logistic(ms: list[dict], y: list[int], names_m, signals: list[str], l2: float | None = None) -> dict:
    """The measure model without its isotonic map: field features and the signals with a weight of their own,
    every weight pulled towards 1 (the factor as designed)."""
    from kotoex.calibration import fit_logistic

    m = fit_logistic([r["features"] for r in ms], y, list(names_m) + signals,
                     l2=MEASURE_L2 if l2 is None else l2, lr=0.1)
    return {"bias": m["bias"], "weights": {k: m["weights"][k] for k in names_m},
            "signal_weights": {k: m["weights"][k] for k in signals}}


def seed_of(name: str) -> str:
    """The generator seed of a variant's name (``...__var703__scan`` -> "703"); the name itself otherwise."""
    m = re.search(r"__var(\d+)", name)
    return m.group(1) if m else name


def _fit_measures(ms: list[dict], names_m, signals: list[str], l2: float | None, cross_fit: int) -> dict:
    """The measure model on ``ms``: logistic, then the isotonic map fitted on its in-sample scores
    (``cross_fit`` 0) or on out-of-fold scores (``cross_fit`` k: the measures split by seed into k
    folds, each scored by a model fitted on the others, as documents the model has not seen are)."""
    from kotoex.calibration import fit_isotonic, logistic

    y = [0 if r["wrong"] else 1 for r in ms]
    m = _measure_logistic(ms, y, names_m, signals, l2)
    if cross_fit:
        scores = _out_of_fold(ms, names_m, signals, l2, cross_fit)
    else:
        scores = [logistic(r["features"], m) for r in ms]
    m["isotonic"] = fit_isotonic(scores, y, min_count=max(30, len(ms) // ISOTONIC_BLOCKS))
    return m


def _folds(ms: list[dict], k: int) -> list[int]:
    seeds = sorted({seed_of(r["doc"]) for r in ms})
    fold = {s: i % k for i, s in enumerate(seeds)}
    return [fold[seed_of(r["doc"])] for r in ms]


def _per_fold(ms: list[dict], k: int, fit_model) -> list[float]:
    """``logistic(features, fit_model(train))`` of every measure, ``train`` being the measures of the
    other folds (k folds by seed)."""
    from kotoex.calibration import logistic

    fold = _folds(ms, k)
    out = [0.0] * len(ms)
    for f in range(k):
        model = fit_model([r for r, g in zip(ms, fold) if g != f])
        for i, (r, g) in enumerate(zip(ms, fold)):
            if g == f:
                out[i] = logistic(r["features"], model)
    return out


def _out_of_fold(ms, names_m, signals, l2, k) -> list[float]:
    """The logistic score (no isotonic map) of every measure by a model fitted without its fold."""
    return _per_fold(ms, k, lambda train: _measure_logistic(train, [0 if r["wrong"] else 1 for r in train],
                                                            names_m, signals, l2))


def cross_validate(tune: list[dict], names_m, k: int, l2: float | None, cross_fit: int) -> list[float]:
    """Out-of-fold measure confidences on the tuning sets (k folds by seed) of the whole fitting recipe
    (signals, logistic, isotonic map): what the confidence would be on seeds it was not fitted on."""
    ms = [r for d in tune for r in d["measures"]]
    signals = own_signals(ms)
    for d in tune:
        rescore(d, {"measure": {"signal_weights": dict.fromkeys(signals, 1.0)}}, False, features_only=True)
    return _per_fold(ms, k, lambda train: _fit_measures(train, names_m, signals, l2, cross_fit))


def own_signals(ms: list[dict]) -> list[str]:
    """Measure signals common enough in the tuning data for a weight of their own: on at least
    MIN_SIGNAL_MEASURES measures of at least MIN_SIGNAL_DOCS documents (the rest stay in their field)."""
    from kotoex.calibration import MEASURE_FEATURES

    docs: dict[str, set] = {}
    count: dict[str, int] = {}
    for r in ms:
        for sig in {f["signal"] for f in (r["m"].get("provenance") or {}).get("confidence_factors", [])}:
            docs.setdefault(sig, set()).add(r["doc"])
            count[sig] = count.get(sig, 0) + 1
    return sorted(s for s in count if count[s] >= MIN_SIGNAL_MEASURES and len(docs[s]) >= MIN_SIGNAL_DOCS
                  and s not in MEASURE_FEATURES)


MIN_SIGNAL_MEASURES, MIN_SIGNAL_DOCS = 30, 3
MEASURE_L2 = 20.0  # chosen by --cv 5 on the tuning seeds: the best-ranking recipe with every bin calibrated out of fold
CROSS_FIT = 0  # folds by seed for the isotonic map (0: in-sample scores; --cv chose 0 on the final tuning outputs)
MIN_FAILED_TO_FIT = 10
ISOTONIC_BLOCKS = 20  # the isotonic map has at most about this many steps (each 1/20 of the tuning measures)


DOC_FAIL_BELOW = 0.8


def report(label: str, sets: list[dict]) -> dict:
    from kotoex.calibration import reliability

    ms = [r for d in sets for r in d["measures"]]
    ds = [x for d in sets for x in d["docs"]]
    right = [r["conf"] for r in ms if not r["wrong"]]
    wrong = [r["conf"] for r in ms if r["wrong"]]
    ok = [x["conf"] for x in ds if x["score"] >= DOC_FAIL_BELOW]
    bad = [x["conf"] for x in ds if x["score"] < DOC_FAIL_BELOW]
    out = {"label": label, "sets": [d["spec"] for d in sets], "n_right": len(right), "n_wrong": len(wrong),
           "measure_auc": auc(wrong, right), "n_docs": len(ds), "n_failed_docs": len(bad), "document_auc": auc(bad, ok),
           "measure_reliability": reliability([r["conf"] for r in ms], [not r["wrong"] for r in ms]),
           "document_reliability": reliability([x["conf"] for x in ds], [x["score"] >= DOC_FAIL_BELOW for x in ds]),
           "right_mean": mean(right) if right else None, "wrong_mean": mean(wrong) if wrong else None}
    print(f"\n== {label}: {', '.join(out['sets'])}")
    print(f"measures: right={len(right)} wrong={len(wrong)} mean confidence right={_fmt(out['right_mean'])} "
          f"wrong={_fmt(out['wrong_mean'])}  AUC={_fmt(out['measure_auc'])}")
    bins = out["measure_reliability"]
    out["measure_ece"] = sum(b["n"] * abs(b["gap"]) for b in bins) / max(1, sum(b["n"] for b in bins))
    out["measure_bins_off"] = sum(1 for b in bins if b["n"] >= 20 and abs(b["gap"]) > 0.10)
    print(f"measure calibration: mean |gap| over bins (ECE) {out['measure_ece']:.3f}; "
          f"bins of 20+ off by more than 0.10: {out['measure_bins_off']} of {sum(1 for b in bins if b['n'] >= 20)}")
    print(f"documents: {len(ds)} failed (score < {DOC_FAIL_BELOW})={len(bad)}  AUC={_fmt(out['document_auc'])}")
    out["per_set"] = []
    for d in sets:
        r_ = [r["conf"] for r in d["measures"] if not r["wrong"]]
        w_ = [r["conf"] for r in d["measures"] if r["wrong"]]
        ok_ = [x["conf"] for x in d["docs"] if x["score"] >= DOC_FAIL_BELOW]
        bad_ = [x["conf"] for x in d["docs"] if x["score"] < DOC_FAIL_BELOW]
        out["per_set"].append({"set": d["spec"], "measure_auc": auc(w_, r_), "n_right": len(r_), "n_wrong": len(w_),
                               "document_auc": auc(bad_, ok_), "n_docs": len(d["docs"]), "n_failed_docs": len(bad_)})
        print(f"  {d['spec']}: measures {len(r_)} right / {len(w_)} wrong, AUC {_fmt(auc(w_, r_))}; "
              f"documents {len(d['docs'])}, {len(bad_)} failed, AUC {_fmt(auc(bad_, ok_))}")
    for kind in ("measure", "document"):
        print(f"{kind} reliability: {'bin':>10s} {'n':>5s} {'conf':>6s} {'acc':>6s} {'gap':>6s}")
        for b in out[f"{kind}_reliability"]:
            flag = "  <-- off by > 0.10" if b["n"] >= 20 and abs(b["gap"]) > 0.10 else ""
            print(f"{'':22s}{b['bin']:>10s} {b['n']:5d} {b['confidence']:6.3f} {b['accuracy']:6.3f} {b['gap']:+6.3f}{flag}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tune", action="append", default=[], help="tuning set DIR[:GLOB,...] (repeatable)")
    ap.add_argument("--heldout", action="append", default=[], help="held-out set DIR[:GLOB,...] (repeatable)")
    ap.add_argument("--fit", type=Path, help="fit weights on --tune and write them here "
                                             "(kotoex/data/confidence_weights.json)")
    ap.add_argument("--seeds", default="", help="the seed range of the tuning set, stored with the fitted weights")
    ap.add_argument("--as-is", action="store_true", help="report the confidences in the JSON as they are")
    ap.add_argument("--cache", type=Path, help="keep the outputs here (DIR/<set folder>/<name>.json)")
    ap.add_argument("--reuse", action="store_true", help="read outputs from --cache where present")
    ap.add_argument("--score", type=Path, default=DEFAULT_SCORE, help="path of shared/tools/score.py")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--l2", type=float, default=None, help=f"L2 pull of the measure weights towards 1 (default {MEASURE_L2})")
    ap.add_argument("--cross-fit", type=int, default=CROSS_FIT, metavar="K",
                    help=f"fit the isotonic map on out-of-fold scores, K folds by seed (default {CROSS_FIT}; 0: in-sample)")
    ap.add_argument("--cv", type=int, default=0, metavar="K",
                    help="also report the tuning sets out of fold (K folds by seed): the recipe on seeds it was not fitted on")
    ap.add_argument("--json", type=Path, help="write all figures here")
    ap.add_argument("--verbose", action="store_true", help="list the documents and the wrong measures")
    a = ap.parse_args(argv)
    if not a.tune and not a.heldout:
        a.heldout = [str(DEFAULT_CORPUS)]
    from kotoex.calibration import DOC_FEATURES, MEASURE_FEATURES, load_weights

    score = load_scorer(a.score)
    tune = [collect(s, score, a.cache, a.workers, a.reuse) for s in a.tune]
    held = [collect(s, score, a.cache, a.workers, a.reuse) for s in a.heldout]
    weights = None if a.as_is else load_weights()
    if a.fit:
        weights = fit(tune, MEASURE_FEATURES, DOC_FEATURES, a.l2, a.cross_fit)
        weights["fitted_on"] = {"sets": a.tune, "seeds": a.seeds, "documents": sum(len(d["docs"]) for d in tune),
                                "measures": sum(len(d["measures"]) for d in tune),
                                "l2": MEASURE_L2 if a.l2 is None else a.l2, "cross_fit": a.cross_fit,
                                "tool": "benchmarks/confidence_ranking.py --fit"}
        a.fit.write_text(json.dumps(weights, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {a.fit}: {json.dumps(weights['measure'])}\n  {json.dumps(weights['document'])}")
    results = []
    if a.cv and tune:
        oof = cross_validate(tune, MEASURE_FEATURES, a.cv, a.l2, a.cross_fit)
        ms = [r for d in tune for r in d["measures"]]
        for r, c in zip(ms, oof):
            r["conf"] = c
        for d in tune:
            for x in d["docs"]:
                x["conf"] = 0.5  # documents are not cross-validated
        results.append(report(f"tuning, out of fold ({a.cv} folds by seed)", tune))
    for label, sets in (("tuning", tune), ("held-out", held)):
        if not sets:
            continue
        for d in sets:
            rescore(d, weights, a.as_is)
        if a.verbose:
            for d in sets:
                for x in sorted(d["docs"], key=lambda x: x["conf"]):
                    print(f"  {x['name']:50s} conf={x['conf']:.3f} score={x['score']:.3f} {x['status']} "
                          f"n={x['n']} wrong={x['wrong']}")
        results.append(report(label, sets))
    if a.json:
        a.json.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
