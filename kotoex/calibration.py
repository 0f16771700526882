"""Calibration: evidence factors -> a confidence that is an estimated probability of being right.

A measure's and a document's confidence are a logistic model over the logarithms of their
evidence factors (kotoex/confidence.py, kotoex/evidence.py)::

    confidence = 1 / (1 + exp(-(bias + sum_i w_i * log(factor_i))))

with every weight ``w_i >= 0``, so a doubt can only lower a confidence. A measure's features are its
field confidences (``text``, ``section``, ...), except that a signal common enough in the tuning data
has a weight of its own (``signal_weights``: ``goal:empty_column`` is nearly always a wrong goal,
``section:far`` nearly never a wrong section, though both lower the same field); its factor then
leaves its field's feature. The weights are fitted by
``benchmarks/confidence_ranking.py --tune DIR --fit`` on generated variants (never on the documents
the figures are reported on) and stored in ``kotoex/data/confidence_weights.json`` with the seeds
they were fitted on. Every input is kept in the output (``provenance.field_confidence`` and
``confidence_factors`` of a measure, ``confidence_factors`` of a document), so a confidence can be
recomputed from the JSON alone (:func:`measure_features`, :func:`document_features`).
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

WEIGHTS_FILE = Path(__file__).resolve().parent / "data" / "confidence_weights.json"
EPS = 0.02  # a factor is never taken below this (log stays finite)

MEASURE_FIELDS = ("text", "section", "goal", "responsible", "status", "schedule", "themes", "id")
MEASURE_FEATURES = MEASURE_FIELDS + ("record", "document")
DOC_FEATURES = ("language", "wordlike", "title", "structure", "coverage", "rows", "pages", "measures")
# document factor signal -> feature (several signals may share one)
DOC_SIGNAL_FEATURE = {
    "language": "language", "letter_salad": "wordlike", "title": "title", "structure": "structure",
    "coverage": "coverage", "tabular_unexplained": "coverage", "inner_gaps": "rows",
    "pages_without_text": "pages", "ocr_pages": "pages", "measures": "measures",
}
DEFAULT = {
    "measure": {"bias": 3.0, "weights": dict.fromkeys(MEASURE_FEATURES, 1.0)},
    "document": {"bias": 3.0, "weights": dict.fromkeys(DOC_FEATURES, 1.0)},
    "fitted_on": None,
}


@lru_cache(maxsize=4)
def load_weights(path: str | None = None) -> dict[str, Any]:
    """The fitted weights (``kotoex/data/confidence_weights.json``, or ``path``); the defaults if absent."""
    p = Path(path) if path else WEIGHTS_FILE
    if not p.exists():
        return DEFAULT
    data = json.loads(p.read_text(encoding="utf-8"))
    for kind in ("measure", "document"):
        if kind not in data or "bias" not in data[kind] or "weights" not in data[kind]:
            raise ValueError(f"{p}: '{kind}' needs 'bias' and 'weights'")
    return data


def _log(v: float | None) -> float:
    return math.log(max(EPS, min(1.0, 1.0 if v is None else float(v))))


def logistic(features: Mapping[str, float], model: Mapping[str, Any]) -> float:
    """``sigmoid(bias + sum w * x)`` over the features the model knows (others are ignored), then
    the model's isotonic map (``isotonic``: [[score, confidence], ...], linear between knots) if it
    has one; never exactly 0 or 1."""
    weights = {**model["weights"], **model.get("signal_weights", {})}
    z = float(model["bias"]) + sum(float(w) * features.get(k, 0.0) for k, w in weights.items())
    p = 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))
    knots = model.get("isotonic")
    if knots:
        p = interpolate(p, knots)
    return max(0.005, min(0.995, p))


def interpolate(x: float, knots: Sequence[Sequence[float]]) -> float:
    """Piecewise-linear through ``knots`` (sorted by x), flat beyond the ends."""
    if x <= knots[0][0]:
        return float(knots[0][1])
    for (x0, y0), (x1, y1) in zip(knots, knots[1:]):
        if x <= x1:
            return float(y0 if x1 == x0 else y0 + (y1 - y0) * (x - x0) / (x1 - x0))
    return float(knots[-1][1])


def fit_isotonic(scores: Sequence[float], y: Sequence[int], min_count: int = 30) -> list[list[float]]:
    """Pooled adjacent violators: knots (mean score, share right) of monotone blocks of at least
    ``min_count`` items (smaller blocks are pooled with a neighbour), and (0, 0)."""
    pts = sorted(zip(scores, y))
    blocks: list[list[float]] = []  # [sum score, sum y, n]
    for sc, t in pts:
        blocks.append([sc, float(t), 1.0])
        while len(blocks) > 1 and (blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]
                                   or blocks[-2][2] < min_count):
            b = blocks.pop()
            blocks[-1] = [blocks[-1][0] + b[0], blocks[-1][1] + b[1], blocks[-1][2] + b[2]]
    if len(blocks) > 1 and blocks[-1][2] < min_count:
        b = blocks.pop()
        blocks[-1] = [blocks[-1][0] + b[0], blocks[-1][1] + b[1], blocks[-1][2] + b[2]]
    knots = [[round(b[0] / b[2], 4), round(b[1] / b[2], 4)] for b in blocks]
    # below the lowest block's mean score the map falls linearly to 0 (not flat at that block's
    # share right: the lower half of the block would be overconfident, the upper half cautious)
    return ([[0.0, 0.0]] if knots and knots[0][0] > 0 else []) + knots


def measure_features(field_confidence: Mapping[str, Mapping[str, Any]], factors: Iterable[Mapping[str, Any]],
                     document_evidence: float | None, signals: Iterable[str] = ()) -> dict[str, float]:
    """Log-factor features of a measure: one per field (its field confidence), the record-level
    factors (path, OCR: ``field`` null) and the document's evidence. A factor whose signal is in
    ``signals`` (the model's ``signal_weights``) is a feature of its own; its field's feature is
    then the log of the field's other factors."""
    own = set(signals) - set(MEASURE_FEATURES)
    x = {name: _log((field_confidence.get(name) or {}).get("value")) for name in MEASURE_FIELDS}
    x["record"] = 0.0
    other: dict[str, float] = {}  # per field: the logs of its factors without a weight of their own
    split: set[str] = set()  # fields with a factor that has a weight of its own
    for f in factors:
        field, signal, lf = f.get("field") or "record", str(f.get("signal", "")), _log(f.get("factor"))
        if signal in own:
            x[signal] = x.get(signal, 0.0) + lf
            split.add(field)
        else:
            other[field] = other.get(field, 0.0) + lf
    for field in split | {"record"}:
        x[field] = other.get(field, 0.0)
    x["document"] = _log(document_evidence)
    return x


def document_features(factors: Iterable[Mapping[str, Any]]) -> dict[str, float]:
    """Log-factor features of a document from its ``confidence_factors`` (signal -> feature)."""
    x = dict.fromkeys(DOC_FEATURES, 0.0)
    for f in factors:
        name = DOC_SIGNAL_FEATURE.get(str(f.get("signal", "")).split(":")[0])
        if name:
            x[name] += _log(f.get("factor"))
    return x


def measure_value(field_confidence, factors, document_evidence, weights: Mapping | None = None) -> float:
    w = weights or load_weights()
    x = measure_features(field_confidence, factors, document_evidence, w["measure"].get("signal_weights", ()))
    return round(logistic(x, w["measure"]), 3)


def document_value(factors, weights: Mapping | None = None) -> float:
    w = weights or load_weights()
    return round(logistic(document_features(factors), w["document"]), 3)


# ------------------------------------------------------------------------------------- fitting

def fit_logistic(rows: Sequence[Mapping[str, float]], y: Sequence[int], names: Sequence[str], *,
                 l2: float = 1.0, prior: float = 1.0, iters: int = 4000, lr: float = 0.05) -> dict[str, Any]:
    """Logistic regression with weights >= 0 (projected gradient, Adam steps), an L2 pull of every
    weight towards ``prior`` (so a feature that never varies in the tuning data keeps a sensible
    weight), the bias free. ``y``: 1 = right. Returns {bias, weights}."""
    import numpy as np

    X = np.array([[r.get(k, 0.0) for k in names] for r in rows], dtype=float)
    t = np.array(y, dtype=float)
    n, d = X.shape
    w = np.full(d, prior)
    b = math.log((t.mean() + 1e-3) / (1 - t.mean() + 1e-3))
    m = np.zeros(d + 1)
    v = np.zeros(d + 1)
    for k in range(1, iters + 1):
        p = 1 / (1 + np.exp(-np.clip(X @ w + b, -40, 40)))
        g_w = X.T @ (p - t) / n + l2 * (w - prior) / n
        g_b = float((p - t).mean())
        g = np.append(g_w, g_b)
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        step = lr * (m / (1 - 0.9 ** k)) / (np.sqrt(v / (1 - 0.999 ** k)) + 1e-8)
        w = np.maximum(0.0, w - step[:d])
        b -= step[d]
    return {"bias": round(float(b), 4), "weights": {k: round(float(x), 4) for k, x in zip(names, w)}}


def reliability(conf: Sequence[float], right: Sequence[bool], edges: Sequence[float] = (
        0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0001)) -> list[dict[str, Any]]:
    """Bins of confidence with their count, mean confidence and observed share right."""
    out = []
    for lo, hi in zip(edges, edges[1:]):
        idx = [i for i, c in enumerate(conf) if lo <= c < hi]
        if not idx:
            continue
        mc = sum(conf[i] for i in idx) / len(idx)
        acc = sum(1 for i in idx if right[i]) / len(idx)
        out.append({"bin": f"{lo:.2f}-{min(hi, 1.0):.2f}", "n": len(idx), "confidence": round(mc, 3),
                    "accuracy": round(acc, 3), "gap": round(acc - mc, 3)})
    return out
