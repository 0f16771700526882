"""tesseract's hOCR → :class:`OcrLine` / :class:`OcrWord` (pixels) → :class:`~kotoex.extract.pdf.Word` (points).

* Word boxes mimic pdfium's loose glyph boxes (ascender to descender, ~1.16 x the font size), placed
  on the baseline tesseract reports for the line, so that lines of one font have one size.
* ``bold`` is estimated from stroke thickness: the mean horizontal ink run inside a word, relative to
  the line height, compared with the page median.
"""
from __future__ import annotations

import html
import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from ..pdf import Word

# Word.size (pdfium's loose glyph box) over tesseract's line height (x_size): measured on the
# corpus scans against the same documents' text layers (DejaVu Sans: glyph box 1.164 em).
SIZE_PER_XSIZE = 1.175
ASCENT_SHARE = 0.797  # share of the glyph box above the baseline (DejaVu Sans: 0.928 / 1.164)
EM_TO_XSIZE = 0.908  # em estimates (word_em) are scaled to tesseract's x_size unit, then by SIZE_PER_XSIZE
BOLD_RATIO = 1.25  # a word whose stroke weight is this much above the page median is bold

_TITLE_NUM = re.compile(r"(\w+)\s+([-\d.\s]+)")


def _title(attrs: str) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for part in attrs.split(";"):
        part = part.strip()
        m = _TITLE_NUM.match(part)
        if m:
            try:
                out[m.group(1)] = [float(v) for v in m.group(2).split()]
            except ValueError:
                pass
    return out


_ELEM = re.compile(r"<span class=['\"](ocr_line|ocr_caption|ocr_header|ocr_textfloat|ocrx_word)['\"][^>]*?"
                   r"title=['\"]([^'\"]*)['\"][^>]*>")
_TAGS = re.compile(r"<[^>]+>")


@dataclass
class OcrWord:
    text: str
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels
    conf: float


@dataclass
class OcrLine:
    box: tuple[float, float, float, float]
    baseline: tuple[float, float]  # slope, offset from the box bottom
    x_size: float
    x_descenders: float
    words: list[OcrWord] = field(default_factory=list)

    def baseline_at(self, x: float) -> float:
        slope, off = self.baseline
        return self.box[3] + off + slope * (x - self.box[0])


def parse_hocr(text: str) -> list[OcrLine]:
    """Lines with their words from tesseract's hOCR (only the attributes kotoex uses)."""
    lines: list[OcrLine] = []
    for m in _ELEM.finditer(text):
        kind = m.group(1)
        attrs = _title(m.group(2))
        box = tuple(attrs.get("bbox", [0, 0, 0, 0])[:4])
        if kind != "ocrx_word":
            bl = attrs.get("baseline", [0.0, 0.0])
            xs = attrs.get("x_size", [0.0])[0]
            xd = attrs.get("x_descenders", [0.0])[0]
            lines.append(OcrLine(box, (bl[0], bl[1] if len(bl) > 1 else 0.0), xs, xd))
            continue
        end = text.find("</span>", m.end())
        inner = text[m.end():end if end >= 0 else len(text)]
        word = html.unescape(_TAGS.sub("", inner)).strip()
        if not word or not lines:
            continue
        conf = attrs.get("x_wconf", [0.0])[0]
        lines[-1].words.append(OcrWord(unicodedata.normalize("NFC", word), box, conf))
    return [ln for ln in lines if ln.words]


def _stroke(bw: np.ndarray, box: tuple[float, float, float, float]) -> float | None:
    """Mean horizontal ink run (stroke width, pixels) inside a word box."""
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    region = bw[max(0, y0):max(0, y1) + 1, max(0, x0):max(0, x1) + 1] > 0
    if region.size == 0:
        return None
    ink = int(region.sum())
    starts = int(np.count_nonzero(region[:, 1:] & ~region[:, :-1])) + int(np.count_nonzero(region[:, 0]))
    if ink < 20 or starts == 0:
        return None
    return ink / starts


_NOISE = re.compile(r"^[\W_]{1,3}$")

# A word box with almost no ink in it is a speck of the scan (or nothing) tesseract read as a mark or a
# letter: less ink than a tenth of a line-height square, or under 5% of its box inked (printed words: 10-45%).
SPECK_INK = 0.01
SPECK_DENSITY = 0.05


def _speck(w: OcrWord, bw: np.ndarray | None, line_height: float) -> bool:
    if bw is None or line_height <= 0:
        return False
    x0, y0, x1, y1 = (int(round(v)) for v in w.box)
    area = max(1, (x1 - x0 + 1) * (y1 - y0 + 1))
    ink = int(np.count_nonzero(bw[max(0, y0):max(0, y1) + 1, max(0, x0):max(0, x1) + 1]))
    return ink < SPECK_INK * line_height ** 2 or ink < SPECK_DENSITY * area


def _dot(w: OcrWord, bw: np.ndarray | None, line_height: float) -> bool:
    """A filled round blob of a list bullet's size (a third of a line height, its box mostly ink), whatever
    tesseract read it as ("«" at 21% confidence): kept for :func:`~.correct.correct_bullets` to judge."""
    if bw is None or line_height <= 0:
        return False
    x0, y0, x1, y1 = (int(round(v)) for v in w.box)
    wd, ht = x1 - x0 + 1, y1 - y0 + 1
    if not (0.2 * line_height <= wd <= 0.55 * line_height and 0.7 <= wd / ht <= 1.4):
        return False
    return int(np.count_nonzero(bw[max(0, y0):y1 + 1, max(0, x0):x1 + 1])) >= 0.5 * wd * ht


# Where a character's ink starts and ends relative to the baseline, in em (generic sans-serif:
# x-height 0.55, ascenders and capitals 0.73-0.76, descenders 0.24, capital umlauts 0.92). A word's
# ink height over its expected span gives the font size however many ascenders it has.
_TOPS = [("ÄÖÅÜÉÈ", 0.92), ("äöåüéèï", 0.79), ("bdfhklBDEFHIJKLMNPRTUVWXYZACGOQS0123456789§%&?!()[]{}/\\|", 0.75),
         ("tij", 0.70)]
_BOTTOMS = [("gjpqyQ()[]{}|", -0.21), (",;", -0.12)]


@lru_cache(maxsize=8192)  # called twice per word; a page repeats its words
def _char_span(text: str) -> tuple[float, float] | None:
    top, bottom, letters = 0.0, 0.0, 0
    for ch in text:
        if not ch.isalnum() and ch not in "§%&?!()[]{}/":
            continue
        letters += 1
        t = 0.55 if ch.isalpha() else 0.73
        for chars, v in _TOPS:
            if ch in chars:
                t = v
                break
        else:
            if ch.isupper():
                t = 0.75
        top = max(top, t)
        for chars, v in _BOTTOMS:
            if ch in chars:
                bottom = min(bottom, v)
    return (top, bottom) if letters >= 2 else None


def word_em(text: str, ink_height: float) -> float | None:
    """Font size (em, in the unit of ``ink_height``) from a word's ink height and its letters."""
    span = _char_span(text)
    if span is None or ink_height <= 0:
        return None
    return ink_height / (span[0] - span[1])


def _ink_height(w: OcrWord, ln: OcrLine) -> float:
    """A word's ink height for :func:`word_em`: down to the line's baseline when none of its letters is
    known to descend, since in some fonts a capital J or Q does (DejaVu) and in others not."""
    h = w.box[3] - w.box[1] + 1
    span = _char_span(w.text)
    if span is not None and span[1] == 0:
        base = ln.baseline_at((w.box[0] + w.box[2]) / 2)
        if w.box[1] + 0.5 * h < base < w.box[3]:
            return base - w.box[1] + 1
    return h


def words_from_lines(lines: list[OcrLine], bw: np.ndarray | None, scale: float, number: int) -> list[Word]:
    """OCR lines → :class:`Word` in PDF points, glyph boxes on the baseline, bold by stroke weight."""
    xs = [ln.x_size for ln in lines if ln.x_size > 0]
    med_x = statistics.median(xs) if xs else 0.0
    raw: list[tuple[OcrWord, OcrLine, float, float | None]] = []
    for ln in lines:
        h_ln = ln.x_size if 0 < ln.x_size < 2.5 * max(med_x, 1) else (ln.box[3] - ln.box[1])
        # a word glued to a stub of a ruling line ("|nro") has the line's height, not its letters'
        ems = [e for e in (word_em(w.text, _ink_height(w, ln)) for w in ln.words if "|" not in w.text) if e]
        if ems:
            h_ln = statistics.median(ems) * EM_TO_XSIZE
        for w in ln.words:
            bare = w.text.strip("|")
            if bare != w.text and any(c.isalpha() for c in bare) and "|" not in bare:
                w.text = bare  # the stub is no letter: tesseract writes a vertical bar as "|"
            text = w.text
            if _NOISE.match(text) and text not in {"-", "–", "•", "§", "$", "%", "&", "+", "/", "*", "€"} and w.conf < 60 \
                    and not _dot(w, bw, h_ln):
                continue
            if text in {"|", "||", "l|", "|l"} or _speck(w, bw, h_ln):
                continue
            stroke = _stroke(bw, w.box) if bw is not None else None
            raw.append((w, ln, h_ln, stroke / h_ln if stroke and h_ln > 0 else None))
    ratios = [r for w, _, _, r in raw if r is not None and sum(c.isalpha() for c in w.text) >= 3]
    med_ratio = statistics.median(ratios) if ratios else None
    out: list[Word] = []
    for w, ln, h_ln, ratio in raw:
        size_px = h_ln * SIZE_PER_XSIZE
        mid_x = (w.box[0] + w.box[2]) / 2
        base = ln.baseline_at(mid_x)
        if not (w.box[1] - 0.5 * size_px <= base <= w.box[3] + 0.5 * size_px):
            base = w.box[3]
        top = base - ASCENT_SHARE * size_px
        bottom = base + (1 - ASCENT_SHARE) * size_px
        bold = bool(med_ratio and ratio is not None and sum(c.isalnum() for c in w.text) >= 2
                    and ratio > BOLD_RATIO * med_ratio)
        out.append(Word(w.text, w.box[0] / scale, (w.box[2] + 1) / scale, top / scale, bottom / scale,
                        size_px / scale, bold, number, round(w.conf, 1)))
    return out

