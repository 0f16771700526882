"""One page through the OCR chain, all in pixels of the rendered image until the last step:

``render (pypdfium2) → estimate_skew → rotate → lighten dark fills → find_rules → blank the rules
→ tesseract (hOCR) → re-read uncovered regions → words (baseline, glyph box, stroke weight)
→ post-correction → PDF points``
"""
from __future__ import annotations

import time

import numpy as np

from ..pdf import Page
from .correct import drop_rule_residue, postcorrect_lines
from .engine import get_engine, run_tesseract
from .hocr import parse_hocr, words_from_lines
from .image import binarize, estimate_skew, find_fills, find_rules, lighten_fills, local_ink, render_gray, rotate
from .recover import recover_uncovered
from .results import PageOcr
from .settings import OcrSettings


def ocr_page(pdf_page, number: int, settings: OcrSettings, lang: str) -> tuple[Page, PageOcr]:
    """OCR one pdfium page into a :class:`Page` (``ocr=True``) in the deskewed frame."""
    t0 = time.perf_counter()
    width, height = pdf_page.get_size()
    dpi = settings.dpi_for(width, height)  # capped in pixels (settings.max_pixels)
    scale = dpi / 72.0
    gray = render_gray(pdf_page, dpi)
    angle = estimate_skew(gray) if settings.deskew else 0.0
    if abs(angle) < 0.02:
        angle = 0.0
    gray = rotate(gray, angle)
    bw = binarize(gray)
    page = Page(number=number, width=width, height=height, image_cover=1.0, ocr=True)
    info = PageOcr(number, 0.0, round(angle, 3))
    if np.count_nonzero(bw) < 0.0005 * bw.size:  # blank page
        info.seconds = round(time.perf_counter() - t0, 3)
        return page, info
    img = gray
    lit = lighten_fills(gray, bw, scale)
    if lit is not None:  # text on dark fills becomes dark on white, for tesseract and the rules alike
        img, bw = lit, binarize(lit)
    page.rules, line_mask = find_rules(bw | local_ink(img), scale)
    page.fills = find_fills(img, bw, scale)
    line_mask &= bw  # blank what the global threshold sees as ink: the halo local contrast adds may be letters
    if settings.remove_rules and page.rules:
        import cv2

        grow = cv2.dilate(line_mask, np.ones((3, 3), np.uint8))
        img = img.copy()
        img[grow > 0] = 255
        bw = bw.copy()
        bw[grow > 0] = 0
    engine = get_engine(settings.engine)
    hocr, cpu = run_tesseract(img, lang=lang, psm=settings.psm, dpi=dpi, timeout=settings.page_timeout,
                              engine=engine)
    lines = parse_hocr(hocr)
    more, cpu_more = recover_uncovered(img, bw, lines, lang=lang, dpi=dpi, timeout=settings.page_timeout,
                                       engine=engine)
    lines += more
    info.tesseract_cpu = round(cpu + cpu_more, 3)  # the page pass plus any single-line passes
    info.lang = lang
    page.words = postcorrect_lines(drop_rule_residue(words_from_lines(lines, bw, scale, number), page.rules))
    # short horizontal "rules" inside a word's glyph box are letter strokes (the bars of "TT")
    page.rules = [r for r in page.rules if not (r.horizontal and r.x1 - r.x0 < 40 and any(
        w.top + 0.1 * w.size < r.top < w.bottom - 0.1 * w.size and w.x0 - 2 <= r.x0 and r.x1 <= w.x1 + 2
        for w in page.words))]
    info.seconds = round(time.perf_counter() - t0, 3)
    return page, info

