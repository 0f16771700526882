"""Does confidence rank errors? Run the pipeline on the development corpus and compare.

usage: python benchmarks/confidence_ranking.py [CORPUS_DIR] [--score PATH/score.py] [--workers N]
                                               [--json OUT.json] [--verbose]

* Each ``NAME.pdf`` with a ``NAME.gold.json`` is processed with ``kotoex.pipeline.process_file``
  (scans included: their pages go through OCR where the pipeline has it).
* Measures are paired with gold by the scorer's own matching (``score.match`` on the text, threshold
  0.6, imported from ``shared/tools/score.py`` by path). A predicted measure is **wrong** if it has
  no gold partner or if any field the scorer scores for that document (``score.MEASURE_FIELDS``,
  with the scorer's relevance rules) is wrong; else **right**.
* Printed: mean confidence of right and wrong measures, their difference, and the ROC AUC
  (probability that a random wrong measure has lower confidence than a random right one; 0.5 =
  no ranking); per document its confidence against its score (mean of ``score.score_doc``), with
  the Pearson and Spearman correlations over documents.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--score", type=Path, default=DEFAULT_SCORE, help="path of shared/tools/score.py")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--json", type=Path, help="write all figures and per-measure rows here")
    ap.add_argument("--verbose", action="store_true", help="list the wrong measures with their confidence")
    a = ap.parse_args(argv)
    if not a.corpus.is_dir():
        print(f"no corpus at {a.corpus}", file=sys.stderr)
        return 2
    score = load_scorer(a.score)
    golds = {g.name[: -len(".gold.json")]: g for g in sorted(a.corpus.glob("*.gold.json"))}
    pdfs = [str(a.corpus / f"{n}.pdf") for n in golds if (a.corpus / f"{n}.pdf").exists()]
    with ProcessPoolExecutor(max_workers=max(1, a.workers)) as ex:
        preds = dict(ex.map(_process, pdfs))

    right: list[float] = []
    wrong: list[float] = []
    docs = []
    all_rows = {}
    for pdf in pdfs:
        name = Path(pdf).stem
        gold = json.loads(golds[name].read_text(encoding="utf-8"))
        pred = preds[pdf]
        rows = judge_measures(score, gold, pred)
        all_rows[name] = rows
        for r in rows:
            c = r["confidence"] if r["confidence"] is not None else 0.0
            (wrong if r["wrong"] else right).append(c)
        s = score.score_doc(gold, pred)
        vals = [v for k, v in s.items() if not k.startswith("_")]
        doc_score = sum(vals) / len(vals) if vals else 0.0
        docs.append({"name": name, "confidence": pred.get("confidence") or 0.0, "score": doc_score,
                     "status": pred.get("status"), "measures": len(rows),
                     "wrong": sum(1 for r in rows if r["wrong"])})

    print(f"{'document':48s} {'conf':>6s} {'score':>6s}  measures wrong  status")
    for d in sorted(docs, key=lambda d: d["confidence"]):
        print(f"{d['name']:48s} {d['confidence']:6.3f} {d['score']:6.3f}  {d['measures']:8d} {d['wrong']:5d}  {d['status']}")
    if a.verbose:
        print("\nwrong measures (confidence, wrong fields, factors):")
        for name, rows in all_rows.items():
            for r in rows:
                if r["wrong"]:
                    print(f"  {r['confidence']!s:6s} {name[:36]:36s} {r['id']!s:6s} {','.join(r['wrong']):30s} "
                          f"{','.join(r['factors'])}  {r['text']!r}")
    mr = mean(right) if right else None
    mw = mean(wrong) if wrong else None
    a_ = auc(wrong, right)
    dc = [d["confidence"] for d in docs]
    ds = [d["score"] for d in docs]
    print()
    print(f"measures: right={len(right)} wrong={len(wrong)}  mean confidence right={_fmt(mr)} wrong={_fmt(mw)}"
          f"  difference={_fmt(mr - mw if mr is not None and mw is not None else None)}  auc={_fmt(a_)}")
    print(f"documents: {len(docs)}  mean confidence={_fmt(mean(dc) if dc else None)} mean score="
          f"{_fmt(mean(ds) if ds else None)}  pearson={_fmt(pearson(dc, ds))} spearman={_fmt(spearman(dc, ds))}")
    if a.json:
        a.json.write_text(json.dumps({"right_mean": mr, "wrong_mean": mw, "auc": a_, "n_right": len(right),
                                      "n_wrong": len(wrong), "docs": docs, "pearson": pearson(dc, ds),
                                      "spearman": spearman(dc, ds), "measures": all_rows},
                                     indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
