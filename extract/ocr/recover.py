"""Regions of ink that tesseract's block segmentation left unread (a title much larger than the
body text), found on the image and read again line by line."""
from __future__ import annotations

import numpy as np

from .engine import OcrEngine, run_tesseract
from .hocr import OcrLine, OcrWord, parse_hocr
from .image import components


def uncovered_regions(bw: np.ndarray, lines: list[OcrLine]) -> list[tuple[int, int, int, int]]:
    """Line-shaped regions of ink that no OCR word covers, as (x0, y0, x1, y1) pixel boxes.

    Tesseract's block segmentation (psm 6) can drop text much larger than the body text, such as
    a document title; those lines are found here and read again one by one.
    """
    import cv2

    heights = sorted(w.box[3] - w.box[1] for ln in lines for w in ln.words)
    if not heights:
        return []
    body = heights[len(heights) // 2]
    mask = bw.copy()
    pad = max(2, int(0.3 * body))
    for ln in lines:
        for w in ln.words:
            x0, y0, x1, y1 = (int(v) for v in w.box)
            mask[max(0, y0 - pad):y1 + pad, max(0, x0 - pad):x1 + pad] = 0
    # letters into line blobs: close gaps up to about one letter wide
    blobs = cv2.dilate(mask, np.ones((max(3, int(0.3 * body)), max(5, int(1.2 * body))), np.uint8))
    n, _, stats, _ = components(blobs, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, h, area = stats[i]
        ink = int(np.count_nonzero(mask[y:y + h, x:x + w]))
        if 1.3 * body <= h <= 8 * body and w >= 3 * h and ink >= 0.08 * w * h:
            out.append((int(x), int(y), int(x + w), int(y + h)))
    return out


def recover_uncovered(img: np.ndarray, bw: np.ndarray, lines: list[OcrLine], *, lang: str, dpi: int,
                      timeout: float, engine: OcrEngine | None = None) -> tuple[list[OcrLine], float]:
    """Read the regions of :func:`uncovered_regions` as single lines (psm 7), in page pixels.

    Returns the lines and the CPU seconds tesseract spent on them."""
    out: list[OcrLine] = []
    cpu = 0.0
    for x0, y0, x1, y1 in uncovered_regions(bw, lines)[:12]:
        m = max(4, (y1 - y0) // 4)
        crop = img[max(0, y0 - m):y1 + m, max(0, x0 - m):x1 + m]
        try:
            text, used = run_tesseract(crop, lang=lang, psm=7, dpi=dpi, timeout=timeout, engine=engine)
        except (RuntimeError, OSError):  # OcrTimeout included: the page's own reading stands
            continue
        cpu += used
        got = parse_hocr(text)
        dx, dy = max(0, x0 - m), max(0, y0 - m)
        for ln in got:
            words = [OcrWord(w.text, (w.box[0] + dx, w.box[1] + dy, w.box[2] + dx, w.box[3] + dy), w.conf)
                     for w in ln.words if w.conf >= 50 and any(ch.isalnum() for ch in w.text)]
            if words:
                b = ln.box
                out.append(OcrLine((b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy), ln.baseline, ln.x_size,
                                   ln.x_descenders, words))
    return out, cpu

