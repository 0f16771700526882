"""One page through the OCR chain, all in pixels of the rendered image until the last step:

``render (pypdfium2) → turn upright (sideways or upside-down scans) → estimate_skew → rotate → lighten
dark fills → find_rules → blank the rules → tesseract (hOCR) → re-read uncovered regions → words
(baseline, glyph box, stroke weight) → post-correction → PDF points``

A page turned a quarter (a landscape table fed through the scanner) is found from the direction of
its text lines (:func:`~.image.is_sideways`, a few milliseconds); tesseract's orientation detection
(OSD) then says which way to turn it. An upside-down page reads as words tesseract has little
confidence in; OSD is asked only then. Words of a turned page are in the upright frame (width and
height swapped for a quarter turn).
"""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from ..pdf import Fill, Page, Rule, Word
from .correct import drop_rule_residue, postcorrect_lines
from .engine import OcrEngine, get_engine, run_tesseract
from .hocr import OcrLine, parse_hocr, words_from_lines
from .image import (
    binarize, estimate_skew, find_fills, find_rules, is_sideways, lighten_fills, local_ink, render_gray, rotate, turn,
)
from .recover import recover_uncovered
from .results import PageOcr
from .settings import OcrSettings

Probe = Callable[[Sequence[str]], "str | None"]  # words of the top of a page → the language to read it in

UPSIDE_DOWN_CONF = 50.0  # median word confidence below which a page may be upside down
MIN_OSD_CONF = 2.0  # OSD's confidence needed to turn a page


@dataclass
class _Prepared:
    """A page image ready for tesseract: deskewed, fills lightened, rules found and blanked."""
    img: np.ndarray
    bw: np.ndarray
    angle: float
    rules: list[Rule] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)
    blank: bool = False


def _prepare(gray: np.ndarray, settings: OcrSettings, scale: float) -> _Prepared:
    angle = estimate_skew(gray) if settings.deskew else 0.0
    if abs(angle) < 0.02:
        angle = 0.0
    gray = rotate(gray, angle)
    bw = binarize(gray)
    if np.count_nonzero(bw) < 0.0005 * bw.size:  # blank page
        return _Prepared(gray, bw, angle, blank=True)
    img = gray
    lit = lighten_fills(gray, bw, scale)
    if lit is not None:  # text on dark fills becomes dark on white, for tesseract and the rules alike
        img, bw = lit, binarize(lit)
    rules, line_mask = find_rules(bw | local_ink(img), scale)
    fills = find_fills(img, bw, scale)
    line_mask &= bw  # blank what the global threshold sees as ink: the halo local contrast adds may be letters
    if settings.remove_rules and rules:
        import cv2

        grow = cv2.dilate(line_mask, np.ones((3, 3), np.uint8))
        img = img.copy()
        img[grow > 0] = 255
        bw = bw.copy()
        bw[grow > 0] = 0
    if settings.clean_paper:
        img = img.copy()
        img[bw == 0] = 255  # what is not ink is white paper: the scan's grain, shading and halo gone
    return _Prepared(img, bw, angle, rules, fills)


def probe_band(bw: np.ndarray, share: float = 0.3) -> int | None:
    """The row that ends the top part of a page holding about ``share`` of its ink, at a blank gap
    between text lines; None if there is no such gap before 60% of the ink."""
    ink = np.count_nonzero(bw, axis=1)
    total = int(ink.sum())
    if not total:
        return None
    cum = np.cumsum(ink)
    start = int(np.searchsorted(cum, share * total))
    stop = int(np.searchsorted(cum, 0.6 * total))
    blank = np.flatnonzero(ink[start:stop] <= 0.0005 * bw.shape[1])
    return int(start + blank[0]) if blank.size else None


def _blanked(img: np.ndarray, y0: int, y1: int) -> np.ndarray:
    out = img.copy()
    out[y0:y1] = 255
    return out


def _lines(prep: _Prepared, settings: OcrSettings, lang: str, engine: OcrEngine | None, dpi: int,
           probe: Probe | None) -> tuple[list[OcrLine], str, float]:
    """Tesseract's lines of a prepared page, the language they were read in and the CPU seconds.

    With ``probe`` (a document whose language is not yet known) the top of the page is read first; the
    probe tells from its words which language to read the page in. If that is ``lang``, the rest of the
    page is read and joined to the top; if another, the page is read in it (the top part is the only
    reading spent).
    """
    def run(img: np.ndarray, lg: str) -> tuple[list[OcrLine], float]:
        hocr, cpu = run_tesseract(img, lang=lg, psm=settings.psm, dpi=dpi, timeout=settings.page_timeout,
                                  engine=engine)
        return parse_hocr(hocr), cpu

    cut = probe_band(prep.bw) if probe is not None else None
    if cut is None:
        lines, cpu = run(prep.img, lang)
        return lines, lang, cpu
    top, cpu = run(_blanked(prep.img, cut, prep.img.shape[0]), lang)
    chosen = probe([w.text for ln in top for w in ln.words]) or lang
    if chosen == lang:
        rest, cpu2 = run(_blanked(prep.img, 0, cut), lang)
        return top + rest, lang, cpu + cpu2
    lines, cpu2 = run(prep.img, chosen)
    return lines, chosen, cpu + cpu2


def _read(prep: _Prepared, settings: OcrSettings, lang: str, engine: OcrEngine | None, scale: float,
          number: int, vocab: frozenset[str] | None,
          probe: Probe | None = None) -> tuple[list[Word], list[Rule], float, str]:
    """Words and rules (PDF points) of a prepared page, tesseract's CPU seconds and the language read in."""
    dpi = int(round(scale * 72))
    lines, lang, cpu = _lines(prep, settings, lang, engine, dpi, probe)
    more, cpu_more = recover_uncovered(prep.img, prep.bw, lines, lang=lang, dpi=dpi,
                                       timeout=settings.page_timeout, engine=engine)
    lines += more
    words = postcorrect_lines(drop_rule_residue(words_from_lines(lines, prep.bw, scale, number), prep.rules), vocab)
    # short horizontal "rules" inside a word's glyph box are letter strokes (the bars of "TT")
    rules = [r for r in prep.rules if not (r.horizontal and r.x1 - r.x0 < 40 and any(
        w.top + 0.1 * w.size < r.top < w.bottom - 0.1 * w.size and w.x0 - 2 <= r.x0 and r.x1 <= w.x1 + 2
        for w in words))]
    return words, rules, cpu + cpu_more, lang


def _osd_turn(gray: np.ndarray, settings: OcrSettings, engine: OcrEngine | None, scale: float) -> int | None:
    """The clockwise turn OSD finds for a page image (at no more than ~150 dpi: as sure as at 300 dpi and
    twice as fast; at 75 dpi it is often wrong)."""
    import cv2

    if engine is None or not hasattr(engine, "orientation"):
        return None
    dpi = int(round(scale * 72))
    f = max(1, dpi // 150)
    small = cv2.resize(gray, (gray.shape[1] // f, gray.shape[0] // f), interpolation=cv2.INTER_AREA) if f > 1 else gray
    got = engine.orientation(small, dpi=max(1, dpi // f), timeout=settings.page_timeout)
    if got is None or got[1] < MIN_OSD_CONF:
        return None
    return got[0]


def _upright_turn(gray: np.ndarray, settings: OcrSettings, engine: OcrEngine | None, scale: float) -> int:
    """0, or the quarter turn that makes a sideways page upright (270 when OSD cannot tell: a landscape
    table is more often fed with its top to the left)."""
    if not settings.orient or not is_sideways(binarize(gray), scale):
        return 0
    got = _osd_turn(gray, settings, engine, scale)
    return got if got in (90, 270) else 270


def _looks_upside_down(words: list[Word]) -> bool:
    confs = [w.conf for w in words if w.conf is not None and len(w.text) >= 3]
    return len(confs) >= 10 and statistics.median(confs) < UPSIDE_DOWN_CONF


@dataclass
class Rendered:
    """A page rendered for OCR (pdfium's part, which must not run in two threads at once)."""
    gray: np.ndarray
    width: float  # the page's size in points
    height: float
    dpi: int
    seconds: float  # rendering took (part of the page's OCR time; a wait for a free thread is not)


def render_page(pdf_page, settings: OcrSettings) -> Rendered:
    t0 = time.perf_counter()
    width, height = pdf_page.get_size()
    dpi = settings.dpi_for(width, height)  # capped in pixels (settings.max_pixels)
    gray = render_gray(pdf_page, dpi)
    return Rendered(gray, width, height, dpi, time.perf_counter() - t0)


def ocr_page(pdf_page, number: int, settings: OcrSettings, lang: str,
             vocab: frozenset[str] | None = None, probe: Probe | None = None) -> tuple[Page, PageOcr]:
    """OCR one pdfium page into a :class:`Page` (``ocr=True``) in the upright, deskewed frame; words are
    post-corrected into ``vocab`` (default: :func:`~.correct.domain_vocabulary`). ``probe``: words of the
    top of the page → the language to read it in, or None for ``lang`` (see :func:`_lines`);
    :attr:`PageOcr.lang` says which was used."""
    return ocr_rendered(render_page(pdf_page, settings), number, settings, lang, vocab, probe)


def ocr_rendered(rendered: Rendered, number: int, settings: OcrSettings, lang: str,
                 vocab: frozenset[str] | None = None, probe: Probe | None = None) -> tuple[Page, PageOcr]:
    """:func:`ocr_page` after :func:`render_page`: no pdfium, so pages may be read in several threads."""
    t0 = time.perf_counter() - rendered.seconds
    width, height, gray = rendered.width, rendered.height, rendered.gray
    scale = rendered.dpi / 72.0
    engine = get_engine(settings.engine)
    quarter = _upright_turn(gray, settings, engine, scale)
    gray = turn(gray, quarter)
    prep = _prepare(gray, settings, scale)
    words: list[Word] = []
    rules: list[Rule] = []
    cpu = 0.0
    if not prep.blank:
        words, rules, cpu, lang = _read(prep, settings, lang, engine, scale, number, vocab, probe)
        again = _osd_turn(gray, settings, engine, scale) if settings.orient and _looks_upside_down(words) else None
        if again in (90, 180, 270):
            quarter = (quarter + again) % 360
            gray = turn(gray, again)
            prep = _prepare(gray, settings, scale)
            words, rules, cpu2, lang = _read(prep, settings, lang, engine, scale, number, vocab)
            cpu += cpu2
    if quarter in (90, 270):
        width, height = height, width
    page = Page(number=number, width=width, height=height, image_cover=1.0, ocr=True, words=words, rules=rules,
                fills=prep.fills)
    info = PageOcr(number, 0.0, round(prep.angle, 3), tesseract_cpu=round(cpu, 3), lang=lang if not prep.blank else "",
                   turn=quarter)
    info.seconds = round(time.perf_counter() - t0, 3)
    return page, info
