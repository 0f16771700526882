"""Document-level size snapping: OCR measures a line's size to a few per cent, printed sizes differ
by 8 % or more; the lines of OCR'd pages that share a printed size get one size."""
from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from ..layout import group_lines
from ..pdf import Page
from .hocr import ASCENT_SHARE


def size_levels(sizes: Sequence[float], weights: Sequence[float] | None = None, tol: float = 0.06) -> list[float]:
    """The distinct text sizes of a document: peaks of the weighted size distribution.

    OCR measures a line's size to a few per cent; printed sizes differ by 8 % or more (9, 10, 11,
    12, 14 pt). Peaks are the heaviest sizes with no heavier size within ``tol`` of them.
    """
    if not sizes:
        return []
    weights = list(weights) if weights is not None else [1.0] * len(sizes)
    logs = np.log(np.asarray(sizes, dtype=float))
    wts = np.asarray(weights, dtype=float)
    bw = tol / 2.5
    density = np.array([float(np.sum(wts * np.exp(-0.5 * ((logs - x) / bw) ** 2))) for x in logs])
    peaks: list[float] = []
    for i in np.argsort(-density):
        x = logs[i]
        if all(abs(x - math.log(p)) > tol for p in peaks):
            # the peak's value: weighted mean of the sizes around it
            near = np.abs(logs - x) <= bw * 1.5
            peaks.append(float(np.exp(np.sum(logs[near] * wts[near]) / np.sum(wts[near]))))
    return sorted(peaks)


def snap_sizes(pages: Sequence[Page], tol: float = 0.06) -> None:
    """Give the lines of OCR'd pages that share a printed size one size (in place)."""
    lines = [ln for p in pages if p.ocr for ln in group_lines(p.words)]
    if not lines:
        return
    levels = size_levels([ln.size for ln in lines], [max(1, len(ln.text)) for ln in lines], tol)
    for ln in lines:
        best = min(levels, key=lambda v: abs(math.log(v / ln.size)))
        if abs(math.log(best / ln.size)) <= tol:
            factor = best / ln.size
            for w in ln.words:
                mid = w.bottom - (1 - ASCENT_SHARE) * w.size  # the baseline stays where it is
                w.size = round(w.size * factor, 2)
                w.top = round(mid - ASCENT_SHARE * w.size, 2)
                w.bottom = round(mid + (1 - ASCENT_SHARE) * w.size, 2)
