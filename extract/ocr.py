"""OCR for pages without a usable text layer: scanned images → the same :class:`Page` data.

The chain for one page, all in pixels of the rendered image until the last step:

``render (pypdfium2) → estimate_skew → rotate → find_rules → blank the rules → tesseract (hOCR)
→ words (baseline, glyph box, stroke weight) → post-correction → PDF points``

* Coordinates: a page read by OCR is reported in its *deskewed* frame: the rendered image rotated
  about its centre by the measured skew, same size, divided by the render scale. Words and rules
  share this frame, so ruled tables come out axis-aligned as in a born-digital PDF; a point of the
  original scan is found with :func:`to_original` (at most a few points away near the corners).
* Word boxes mimic pdfium's loose glyph boxes (ascender to descender, ~1.16 x the font size), placed
  on the baseline tesseract reports for the line, so that lines of one font have one size.
* ``bold`` is estimated from stroke thickness: the mean horizontal ink run inside a word, relative to
  the line height, compared with the page median.
* Results are cached as JSON per (file sha256, page, settings, tesseract version), so a rerun of a
  batch does not OCR again.

Tesseract runs in process through tesserocr (its wheel carries tesseract 5.5; the model is loaded
once per language, not per call) and falls back to the ``tesseract`` binary (``OMP_THREAD_LIMIT=1``:
on small machines its threads fight and a page takes several times longer). Either way the language
data comes from the system: ``scripts/install-system-deps.sh`` installs tesseract with fin and swe.
A document is read in one language where it can be: its first pages decide which (function words),
since a single model reads about twice as fast as ``fin+swe`` and gets that language's letters right.
"""
from __future__ import annotations

import hashlib
import html
import json
import logging
import math
import os
import re
import resource
import shutil
import statistics
import subprocess
import threading
import time
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from .pdf import Fill, Page, Rule, Word, file_sha256, open_document

log = logging.getLogger(__name__)

OCR_VERSION = "17"  # bump when the OCR output for the same input changes (invalidates caches)

# Word.size (pdfium's loose glyph box) over tesseract's line height (x_size): measured on the
# corpus scans against the same documents' text layers (DejaVu Sans: glyph box 1.164 em).
SIZE_PER_XSIZE = 1.175
ASCENT_SHARE = 0.797  # share of the glyph box above the baseline (DejaVu Sans: 0.928 / 1.164)
EM_TO_XSIZE = 0.908  # em estimates (word_em) are scaled to tesseract's x_size unit, then by SIZE_PER_XSIZE
BOLD_RATIO = 1.25  # a word whose stroke weight is this much above the page median is bold


@dataclass(frozen=True)
class OcrSettings:
    lang: str = "fin+swe"
    dpi: int = 300
    cache_dir: Path | None = None  # default: $KOTOEX_CACHE/ocr or ~/.cache/kotoex/ocr
    page_timeout: float = 60.0  # seconds for one page's tesseract run
    max_pages: int | None = None  # OCR at most this many pages of a document
    deskew: bool = True
    psm: int = 6  # tesseract page segmentation mode; measured end to end on the corpus scans: 6 (one block) 0.98, 4 (one column) 0.93
    remove_rules: bool = True  # blank drawn lines before OCR (they otherwise become "|" and glue to words)
    use_cache: bool = True
    engine: str = "auto"  # auto (tesserocr if installed, else the tesseract binary) | tesserocr | cli

    def resolved_cache_dir(self) -> Path:
        if self.cache_dir is not None:
            return Path(self.cache_dir)
        env = os.environ.get("KOTOEX_CACHE")
        if env:
            return Path(env) / "ocr"
        return Path.home() / ".cache" / "kotoex" / "ocr"


@dataclass
class PageOcr:
    """What OCR of one page produced, beyond the Page itself."""
    number: int
    seconds: float
    angle: float = 0.0
    cached: bool = False
    error: str | None = None
    tesseract_cpu: float = 0.0  # CPU seconds tesseract used
    lang: str = ""


@dataclass
class OcrReport:
    pages: list[Page]
    warnings: list[str] = field(default_factory=list)
    details: list[PageOcr] = field(default_factory=list)


# ------------------------------------------------------------------------------------ tesseract

class OcrTimeout(RuntimeError):
    """Tesseract did not finish a page within its time budget."""


@dataclass(frozen=True)
class Engine:
    """One way of running tesseract: in process through tesserocr, or the ``tesseract`` binary."""
    name: str  # "tesserocr" | "cli"
    version: str
    tessdata: str | None  # folder of the *.traineddata files
    langs: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.version} ({self.name})"


_TESSDATA_GLOBS = ("/usr/share/tesseract-ocr/*/tessdata", "/usr/share/tessdata", "/usr/local/share/tessdata",
                   "/opt/homebrew/share/tessdata", "/usr/local/share/tesseract-ocr/*/tessdata")


@lru_cache(maxsize=1)
def _cli_info() -> tuple[str | None, str | None, tuple[str, ...]]:
    """(version, tessdata folder, languages) of the ``tesseract`` binary, or Nones."""
    exe = shutil.which("tesseract")
    if not exe:
        return None, None, ()
    try:
        v = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=20)
        m = re.search(r"tesseract\s+v?(\d+[\w.\-]*)", v.stdout + v.stderr)
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None, None, ()
    out = langs.stdout.splitlines()
    where = re.search(r'"([^"]+)"', out[0]) if out else None
    names = tuple(ln.strip() for ln in out[1:] if ln.strip())
    return (m.group(1) if m else "unknown"), (where.group(1).rstrip("/") if where else None), names


def _tessdata_dir() -> str | None:
    """Where the language data is: $TESSDATA_PREFIX, the folder the tesseract binary reports, or a usual place."""
    env = os.environ.get("TESSDATA_PREFIX")
    if env and Path(env).is_dir():
        return env.rstrip("/")
    cli_dir = _cli_info()[1]
    if cli_dir and Path(cli_dir).is_dir():
        return cli_dir
    import glob

    for pattern in _TESSDATA_GLOBS:
        for d in sorted(glob.glob(pattern), reverse=True):
            if any(Path(d).glob("*.traineddata")):
                return d
    return None


@lru_cache(maxsize=4)
def get_engine(kind: str = "auto") -> Engine | None:
    """The tesseract engine to use: ``auto`` prefers tesserocr (in process, no start-up per call, tesseract
    5.5 built in) and falls back to the binary; ``tesserocr`` / ``cli`` ask for one. None if unusable."""
    if kind not in ("auto", "tesserocr", "cli"):
        raise ValueError(f"unknown OCR engine {kind!r} (auto, tesserocr, cli)")
    if kind in ("auto", "tesserocr"):
        try:
            import tesserocr
        except ImportError:
            tesserocr = None
        tessdata = _tessdata_dir() if tesserocr is not None else None
        if tesserocr is not None and tessdata:
            m = re.search(r"tesseract\s+v?(\d+[\w.\-]*)", tesserocr.tesseract_version())
            langs = tuple(sorted(p.stem for p in Path(tessdata).glob("*.traineddata")))
            if langs:
                return Engine("tesserocr", m.group(1) if m else "unknown", tessdata, langs)
        if kind == "tesserocr":
            return None
    version, tessdata, langs = _cli_info()
    if version is None:
        return None
    try:
        if int(version.split(".")[0]) < 4:
            return None
    except ValueError:
        pass
    return Engine("cli", version, tessdata, langs)


def tesseract_available(kind: str = "auto") -> bool:
    """True if tesseract 4 or later can be run here (through tesserocr or the binary)."""
    return get_engine(kind) is not None


def tesseract_version(kind: str = "auto") -> str | None:
    """The engine's tesseract version and how it runs, e.g. ``5.5.4 (tesserocr)``."""
    eng = get_engine(kind)
    return eng.label if eng else None


def _usable_lang(lang: str, engine: Engine) -> tuple[str, list[str]]:
    """The requested languages that are installed ('fin+swe'), and the missing ones."""
    have = set(engine.langs)
    want = [x for x in lang.split("+") if x]
    ok = [x for x in want if x in have]
    missing = [x for x in want if x not in have]
    if not ok:
        ok = ["eng"] if "eng" in have else sorted(have - {"osd"})[:1]
    return "+".join(ok), missing


_TESS_VARS = {"tessedit_do_invert": "0"}  # no second reading of each line as white-on-black (slow; not in reports)
_api_lock = threading.Lock()


@lru_cache(maxsize=4)
def _api(tessdata: str, lang: str):
    """One initialised tesserocr API per language set, kept for the process (init costs ~0.1 s per language)."""
    import tesserocr

    api = tesserocr.PyTessBaseAPI(path=tessdata, lang=lang, oem=tesserocr.OEM.LSTM_ONLY)
    for k, v in _TESS_VARS.items():
        api.SetVariable(k, v)
    return api


def run_tesseract(image: np.ndarray, *, lang: str, psm: int, dpi: int, timeout: float,
                  engine: Engine | None = None) -> tuple[str, float]:
    """OCR an 8-bit grayscale image; returns (hOCR text, CPU seconds tesseract used).

    Raises :class:`OcrTimeout` after ``timeout`` seconds and RuntimeError if tesseract fails.
    """
    engine = engine or get_engine()
    if engine is None:
        raise RuntimeError("tesseract is not available")
    image = np.ascontiguousarray(image, dtype=np.uint8)
    if engine.name == "tesserocr":
        with _api_lock:
            api = _api(engine.tessdata, lang)
            t0 = time.thread_time()
            api.SetPageSegMode(psm)
            api.SetImageBytes(image.tobytes(), image.shape[1], image.shape[0], 1, image.shape[1])
            api.SetSourceResolution(dpi)
            ok = api.Recognize(timeout=int(timeout * 1000))
            if not ok:
                api.Clear()
                raise OcrTimeout(f"tesseract did not finish within {timeout:g} s")
            text = api.GetHOCRText(0)
            api.Clear()
            return text, time.thread_time() - t0
    import cv2

    ok, pgm = cv2.imencode(".pgm", image)  # uncompressed: nothing to spend on encoding and decoding
    if not ok:
        raise RuntimeError("could not encode the page image")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # on small machines tesseract's threads fight
    cmd = ["tesseract", "stdin", "stdout", "-l", lang, "--psm", str(psm), "--dpi", str(dpi)]
    for k, v in _TESS_VARS.items():
        cmd += ["-c", f"{k}={v}"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        res = subprocess.run(cmd + ["hocr"], input=pgm.tobytes(), capture_output=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired as e:
        raise OcrTimeout(f"tesseract did not finish within {timeout:g} s") from e
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if res.returncode != 0:
        raise RuntimeError(f"tesseract failed ({res.returncode}): {res.stderr.decode('utf-8', 'replace')[-300:]}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return res.stdout.decode("utf-8", "replace"), cpu


# ------------------------------------------------------------------------------- which pages

_VOWEL = set("aeiouyäöåéüAEIOUYÄÖÅÉÜ")


def text_layer_quality(page: Page) -> float:
    """Share of a page's letter words that look like words of a Latin-script language (0..1).

    A text layer whose font maps glyphs to the wrong characters reads as 'Wxuxq' or '¨´ˆ˜': words
    without vowels, with symbols inside, or mixing case at random. Measured on the corpus text
    layers: real pages score 0.93-1.0, shifted or random character maps below 0.5.
    """
    good = total = 0
    for w in page.words:
        t = w.text.strip(".,;:()[]\"'!?–-/")
        if len(t) < 3 or any(ch.isdigit() for ch in t):
            continue
        total += 1
        letters = sum(ch.isalpha() for ch in t)
        if letters < 0.8 * len(t):
            continue
        if not any(ch in _VOWEL for ch in t):
            continue
        inner = t[1:]
        if any(ch.isupper() for ch in inner) and any(ch.islower() for ch in inner) and not t.isupper():
            if sum(ch.isupper() for ch in inner) > 1:
                continue
        if re.search(r"[bcdfghjklmnpqrstvwxzBCDFGHJKLMNPQRSTVWXZ]{5,}", t):
            continue
        good += 1
    return good / total if total else 1.0


def needs_ocr(page: Page) -> bool:
    """Whether a page's words must come from OCR.

    * no text layer (fewer than 20 characters) or mostly characters that are not text
      ((cid:NN), private use, U+FFFD) — :attr:`Page.has_text` is False;
    * a text layer of a few characters over a page-size image (a stamp or page number added to a
      scan);
    * a text layer that does not read as text (:func:`text_layer_quality` below 0.6 over at least
      20 words): a broken character map.
    """
    if page.ocr:
        return False
    if not page.has_text:
        # nothing drawn as an image: a blank page, not a scan (a file of thousands of blank pages
        # must not go to tesseract page by page)
        return page.image_cover > 0.05
    chars = sum(len(w.text) for w in page.words)
    if page.image_cover > 0.9 and chars < 200:
        return True
    letter_words = sum(1 for w in page.words if len(w.text) >= 3 and not any(c.isdigit() for c in w.text))
    return letter_words >= 20 and text_layer_quality(page) < 0.6


# --------------------------------------------------------------------------------- image steps

def render_gray(pdf_page, dpi: int) -> np.ndarray:
    """Render a pdfium page to an 8-bit grayscale array at ``dpi``."""
    bitmap = pdf_page.render(scale=dpi / 72, grayscale=True)
    try:
        arr = bitmap.to_numpy()
        if arr.ndim == 3:
            arr = arr[..., 0] if arr.shape[2] == 1 else np.asarray(bitmap.to_pil().convert("L"))
        return np.ascontiguousarray(arr)
    finally:
        bitmap.close()


def _components(mask: np.ndarray, connectivity: int = 8):
    """cv2.connectedComponentsWithStats with 16-bit labels (3-4x faster on a page), 32-bit if there are more."""
    import cv2

    try:
        return cv2.connectedComponentsWithStats(mask, connectivity=connectivity, ltype=cv2.CV_16U)
    except cv2.error:
        return cv2.connectedComponentsWithStats(mask, connectivity=connectivity, ltype=cv2.CV_32S)


def lighten_fills(gray: np.ndarray, bw: np.ndarray, scale: float, *, min_w_pt: float = 40.0,
                  min_h_pt: float = 6.0, solid_pt: float = 3.5) -> np.ndarray | None:
    """Dark filled areas (a header band, a shaded cell) made paper-white with their text dark.

    Tesseract thresholds a page globally, so text on a fill darker than the threshold is lost with
    the fill: white text on a dark band, and dark text on a mid-grey one. Fills are the ink that
    survives an opening with a square wider than any letter stroke (``solid_pt``); inside each,
    the grey values are stretched so the fill becomes white, after inverting when its text is lighter
    than the fill. Returns the new image, or None when the page has no such fill."""
    import cv2

    f = 4  # found at quarter resolution: fills are large
    small = cv2.resize(bw, (max(1, bw.shape[1] // f), max(1, bw.shape[0] // f)), interpolation=cv2.INTER_AREA)
    small = (small > 200).astype(np.uint8)
    k = max(2, int(round(solid_pt * scale / f)))
    solid = cv2.morphologyEx(small, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    if not solid.any():
        return None
    n, _, stats, _ = _components(solid, connectivity=4)
    out = None
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        if w * f < min_w_pt * scale or h * f < min_h_pt * scale or area < 0.6 * w * h:
            continue
        # the quarter-resolution box lies up to f pixels inside the fill's edge (more where the scan
        # blurred it): grow it by twice that, so no dark frame of the fill is left to look like a rule
        g = 2 * f + 2
        x0, y0 = max(0, x * f - g), max(0, y * f - g)
        x1, y1 = min(gray.shape[1], (x + w) * f + g), min(gray.shape[0], (y + h) * f + g)
        if out is None:
            out = gray.copy()
        inner = gray[y * f + 2 * f:(y + h) * f - 2 * f, x * f + 2 * f:(x + w) * f - 2 * f]  # clear of the edges
        if inner.size == 0:
            continue
        fill = float(np.median(inner))
        if fill > 200:
            continue
        light = np.count_nonzero(inner > fill + 60) > np.count_nonzero(inner < fill - 60)
        region = gray[y0:y1, x0:x1]
        r = region.astype(np.float32)
        if light:  # light text on the fill
            r = (255.0 - r) * (255.0 / max(1.0, 255.0 - fill))
            # paper in the grown margin would turn dark: it stays paper
            ring = np.ones(region.shape, bool)
            ring[y * f - y0:(y + h) * f - y0, x * f - x0:(x + w) * f - x0] = False
            r[ring & (region > (fill + 255) / 2)] = 255.0
        else:
            r = r * (255.0 / max(1.0, fill))
        out[y0:y1, x0:x1] = np.clip(r, 0, 255).astype(np.uint8)
    return out


def find_fills(gray: np.ndarray, bw: np.ndarray, scale: float, *, delta: float = 10.0, min_w_pt: float = 100.0,
               min_h_pt: float = 8.0) -> list[Fill]:
    """Light shaded bands (zebra rows, shaded cells) of a page image, as PDF-point rectangles.

    Only paper is looked at: ink and a margin around it are left out, and the mean grey of what is
    left, in 8-pixel blocks, is the background. In each row of blocks the paper level is its 98th
    percentile (at least the page's median background); the longest run at least ``delta`` grey levels darker (and ``min_w_pt`` wide) is
    shaded, and runs of consecutive rows over the same x-range make one fill. Row by row, so an
    uneven lighting across the page is no fill."""
    import cv2

    f = 8
    h, w = gray.shape[0] // f, gray.shape[1] // f
    if h < 2 or w < 2:
        return []
    paper_px = (cv2.dilate(bw, np.ones((5, 5), np.uint8)) == 0).astype(np.float32)
    total = cv2.blur(cv2.resize(gray.astype(np.float32) * paper_px, (w, h), interpolation=cv2.INTER_AREA), (3, 1))
    count = cv2.blur(cv2.resize(paper_px, (w, h), interpolation=cv2.INTER_AREA), (3, 1))
    seen = count > 0.05
    bg = np.where(seen, total / np.maximum(count, 1e-6), 0.0)
    min_w = min_w_pt * scale / f
    enough = seen.sum(axis=1) >= 0.3 * w
    if not enough.any():
        return []
    # the paper level of a row: its brightest blocks, or the page's usual background where a wide
    # shaded table leaves little paper in the row
    papers = np.zeros(h)
    papers[enough] = np.nanpercentile(np.where(seen, bg, np.nan)[enough], 98, axis=1)
    papers = np.maximum(papers, float(np.percentile(bg[seen], 60)))
    runs: list[tuple[int, int] | None] = []
    for y in range(h):
        ok = seen[y]
        if not enough[y]:
            runs.append(None)
            continue
        row = bg[y]
        dark = ok & (row < papers[y] - delta) & (row > 150)
        if dark.sum() < min_w / 2:
            runs.append(None)
            continue
        shaded = dark | ~ok  # unseen blocks (text) do not break a run
        edges = np.flatnonzero(np.diff(np.concatenate(([0], shaded.astype(np.int8), [0]))))
        best = None
        for a, b in zip(edges[::2], edges[1::2]):
            if dark[a:b].sum() >= 0.5 * (b - a) and (best is None or b - a > best[1] - best[0]):
                best = (int(a), int(b))
        runs.append(best if best and best[1] - best[0] >= min_w else None)
    out: list[Fill] = []
    y = 0
    while y < h:
        if runs[y] is None:
            y += 1
            continue
        y0, xs0, xs1 = y, [runs[y][0]], [runs[y][1]]
        y += 1
        while y < h and runs[y] is not None:
            a, b = float(np.median(xs0)), float(np.median(xs1))
            if min(runs[y][1], b) - max(runs[y][0], a) <= 0.8 * (b - a):
                break
            xs0.append(runs[y][0])
            xs1.append(runs[y][1])
            y += 1
        if (y - y0) * f >= min_h_pt * scale:
            out.append(Fill(float(np.median(xs0)) * f / scale, y0 * f / scale, float(np.median(xs1)) * f / scale,
                            y * f / scale, (230, 230, 230)))
    return out


def local_ink(gray: np.ndarray) -> np.ndarray:
    """Ink by local contrast (adaptive mean threshold): thin, light ruling lines that a global threshold
    breaks into pieces after blur and JPEG stay whole. Used to find rules, not to read text."""
    import cv2

    # 24 grey levels darker than the mean around: a hairline is; the edge of a light zebra shading is not
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 21, 24)


def binarize(gray: np.ndarray) -> np.ndarray:
    """Ink as 255, paper as 0 (Otsu)."""
    import cv2

    _, bw = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return bw


def _line_angles(bw: np.ndarray, min_len: int) -> list[tuple[float, float]]:
    """(angle in degrees, length) of long, thin, nearly horizontal ink components."""
    import cv2

    k = max(15, min_len // 6)
    mask = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    n, labels, stats, _ = _components(mask, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, h, area = stats[i]
        if w < min_len or h > max(12, w * 0.08):
            continue
        ys, xs = np.nonzero(labels[y:y + h, x:x + w] == i)
        if len(xs) < 20:
            continue
        # the centre line: mean y per column, fitted by least squares
        cols = np.bincount(xs, minlength=w)
        sums = np.bincount(xs, weights=ys, minlength=w)
        valid = cols > 0
        if valid.sum() >= 10:
            # columns where something touches the line (text, a crossing rule) would bias the fit
            typical = np.median(cols[valid])
            valid &= cols <= typical + 1
        cx = np.nonzero(valid)[0].astype(float)
        cy = sums[valid] / cols[valid]
        if len(cx) < 10:
            continue
        slope = np.polyfit(cx, cy, 1)[0]
        out.append((math.degrees(math.atan(slope)), float(w)))
    return out


def _profile_angle(bw: np.ndarray, limit: float = 3.0) -> float:
    """Skew of text lines by projection profiles: the rotation that makes row sums most peaked."""
    import cv2

    f = max(1, bw.shape[1] // 900)
    small = cv2.resize(bw, (bw.shape[1] // f, bw.shape[0] // f), interpolation=cv2.INTER_AREA)

    def score(a: float) -> float:
        rot = rotate(small, a, border=0)
        prof = rot.sum(axis=1, dtype=np.float64)
        return float(np.sum(np.diff(prof) ** 2))

    best = max(np.arange(-limit, limit + 1e-9, 0.25), key=score)
    fine = max(np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05), key=score)
    return float(fine)


def estimate_skew(gray: np.ndarray, *, limit: float = 5.0) -> float:
    """Skew angle in degrees (positive: the content is rotated clockwise, y grows downward).

    From drawn horizontal lines when the page has long ones (length-weighted median of their
    fitted slopes), else from text-line projection profiles. 0.0 when nothing is measurable.
    """
    bw = binarize(gray)
    min_len = max(40, gray.shape[1] // 6)
    angles = [(a, w) for a, w in _line_angles(bw, min_len) if abs(a) <= limit]
    if len(angles) >= 2 or (angles and angles[0][1] > gray.shape[1] * 0.4):
        angles.sort()
        total = sum(w for _, w in angles)
        acc = 0.0
        for a, w in angles:
            acc += w
            if acc >= total / 2:
                return float(a)
    if bw.mean() < 0.2:  # almost blank
        return 0.0
    return _profile_angle(bw, min(limit, 3.0))


def rotation_matrix(angle: float, width: int, height: int) -> np.ndarray:
    """2x3 affine matrix that removes a skew of ``angle`` degrees, rotating about the image centre."""
    a = math.radians(angle)
    c, s = math.cos(a), math.sin(a)
    cx, cy = width / 2.0, height / 2.0
    # rotate by -angle: x' = c*(x-cx) + s*(y-cy) + cx ; y' = -s*(x-cx) + c*(y-cy) + cy
    return np.array([[c, s, cx - c * cx - s * cy], [-s, c, cy + s * cx - c * cy]], dtype=np.float64)


def rotate(img: np.ndarray, angle: float, border: int = 255) -> np.ndarray:
    """Remove a skew of ``angle`` degrees (see :func:`estimate_skew`); same size, ``border`` fill."""
    import cv2

    if abs(angle) < 1e-3:
        return img
    h, w = img.shape[:2]
    return cv2.warpAffine(img, rotation_matrix(angle, w, h), (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=border)


def to_deskewed(x: float, y: float, angle: float, width: float, height: float) -> tuple[float, float]:
    """A point of the skewed original → the deskewed frame (any unit, same for all arguments)."""
    m = rotation_matrix(angle, 1, 1)  # only the rotation part is used
    a, b = m[0, 0], m[0, 1]
    cx, cy = width / 2.0, height / 2.0
    dx, dy = x - cx, y - cy
    return (a * dx + b * dy + cx, -b * dx + a * dy + cy)


def to_original(x: float, y: float, angle: float, width: float, height: float) -> tuple[float, float]:
    """A point of the deskewed frame → the skewed original: the inverse of :func:`to_deskewed`."""
    return to_deskewed(x, y, -angle, width, height)


def find_rules(bw: np.ndarray, scale: float, *, min_len_pt: float = 18.0, max_thick_pt: float = 3.5,
               gap_pt: float = 3.0, blank_min_pt: float = 40.0) -> tuple[list[Rule], np.ndarray]:
    """Drawn horizontal and vertical lines in a binarized, deskewed page image.

    Returns the rules in PDF points (each along its centre line, like :mod:`.pdf` reports them) and
    the ink mask of the lines (to blank them before OCR; horizontal ones only from ``blank_min_pt``
    long: shorter ones may be the joined bars of large letters, "TT"). Short gaps from scanning noise (up to
    ``gap_pt``) are bridged; text strokes are shorter than ``min_len_pt``.
    """
    import cv2

    min_len = max(8, int(round(min_len_pt * scale)))
    max_thick = max(2, int(round(max_thick_pt * scale)))
    gap = max(1, int(round(gap_pt * scale)))
    rules: list[Rule] = []
    full = np.zeros_like(bw)
    blank_min = max(min_len, int(round(blank_min_pt * scale)))
    for horizontal in (True, False):
        ksize = (min_len, 1) if horizontal else (1, min_len)
        mask = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, ksize))
        if horizontal:  # joined bars of large letters are horizontal; letter stems are shorter than min_len
            full |= cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (blank_min, 1)))
        else:
            full |= mask
        bridge = (gap, 1) if horizontal else (1, gap)
        joined = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, bridge))
        n, labels, stats, _ = _components(joined, connectivity=8)
        for i in range(1, n):
            x, y, w, h, area = stats[i]
            length, thick = (w, h) if horizontal else (h, w)
            if length < min_len:
                continue
            if thick > max_thick:
                # a filled block or a thick bar: keep only if it is still a line relative to its length
                if area < 0.5 * w * h or thick > 3 * max_thick:
                    continue
            if horizontal:
                yc = (y + h / 2.0) / scale
                rules.append(Rule(x / scale, yc, (x + w) / scale, yc))
            else:
                xc = (x + w / 2.0) / scale
                rules.append(Rule(xc, y / scale, xc, (y + h) / scale))
    rules.sort(key=lambda r: (not r.horizontal, r.top, r.x0))
    return rules, full


# ----------------------------------------------------------------------------------- hOCR → words

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

# Where a character's ink starts and ends relative to the baseline, in em (generic sans-serif:
# x-height 0.55, ascenders and capitals 0.73-0.76, descenders 0.24, capital umlauts 0.92). A word's
# ink height over its expected span gives the font size however many ascenders it has.
_TOPS = [("ÄÖÅÜÉÈ", 0.92), ("äöåüéèï", 0.79), ("bdfhklBDEFHIJKLMNPRTUVWXYZACGOQS0123456789§%&?!()[]{}/\\|", 0.75),
         ("tij", 0.70)]
_BOTTOMS = [("gjpqyQ()[]{}|", -0.21), (",;", -0.12)]


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
            if _NOISE.match(text) and text not in {"-", "–", "•", "§", "$", "%", "&", "+", "/", "*", "€"} and w.conf < 60:
                continue
            if text in {"|", "||", "l|", "|l"}:
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


# ------------------------------------------------------------------------------ post-correction

# Characters OCR confuses in this print (digit for letter and the reverse), tried only inside
# words that are otherwise letters, and accepted only when the result is a known vocabulary word.
_CONFUSIONS = {"0": "oO", "1": "lI", "5": "sS", "8": "B", "6": "b", "|": "lI", "!": "l", "€": "e", "@": "a"}


def _strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def domain_vocabulary() -> frozenset[str]:
    """Lower-case words of the domain vocabularies: column headers, status phrases, body names."""
    words: set[str] = set()

    def add(text: str) -> None:
        for t in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text.lower()):
            if len(t) >= 2:
                words.add(t)

    try:
        cols = json.loads(resources.files("kotoex.extract").joinpath("data/columns.json").read_text("utf-8"))
        for ws in cols.get("roles", {}).values():
            for w in ws:
                add(w)
        for key in ("section_labels", "goal_labels", "measure_labels"):
            for w in cols.get(key, []):
                add(w)
    except (OSError, ValueError, ModuleNotFoundError):
        pass
    for pkg, name, keys in (("kotoex.normalize", "data/statuses.jsonl", ("phrase",)),
                            ("kotoex.normalize", "data/bodies.jsonl", ("name", "aliases"))):
        try:
            text = resources.files(pkg).joinpath(name).read_text("utf-8")
        except (OSError, ModuleNotFoundError, FileNotFoundError):
            continue
        for line in text.splitlines():
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                obj = json.loads(line)
            except ValueError:
                continue
            for k in keys:
                v = obj.get(k)
                for s in (v if isinstance(v, list) else [v]):
                    if isinstance(s, str):
                        add(s)
    try:
        extra = resources.files("kotoex.extract").joinpath("data/ocr_words.txt").read_text("utf-8")
        for line in extra.splitlines():
            if line.strip() and not line.startswith("#"):
                add(line)
    except (OSError, FileNotFoundError, ModuleNotFoundError):
        pass
    return frozenset(words)


def _match_case(src: str, word: str) -> str:
    if src.isupper():
        return word.upper()
    if src[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


@lru_cache(maxsize=1)
def _accentless_index() -> dict[str, str]:
    idx: dict[str, str | None] = {}
    for w in domain_vocabulary():
        k = _strip_accents(w)
        if k != w:
            idx[k] = w if idx.get(k, w) == w else None
    return {k: v for k, v in idx.items() if v}


def correct_token(token: str, vocab: frozenset[str] | None = None) -> str:
    """Undo OCR character confusions in one token, only where the result is a vocabulary word.

    "0sin" → "osin", "Toteutuu" stays, "KEHITTAMISTOIMENPITEET" → "KEHITTÄMISTOIMENPITEET" (lost
    umlauts, only when the accent-less form is a known word and the token itself is not one).
    Free text is never changed into a different word.
    """
    vocab = domain_vocabulary() if vocab is None else vocab
    m = re.match(r"^([(\"'„«]*)(.*?)([.,:;)\"'»!?]*)$", token)
    if not m:
        return token
    pre, core, post = m.groups()
    if len(core) < 3:
        return token
    low = core.lower()
    if low in vocab:
        return token
    letters = sum(c.isalpha() for c in core)
    odd = [i for i, c in enumerate(core) if c in _CONFUSIONS]
    if odd and letters >= len(core) - len(odd) and letters >= 2 and len(odd) <= 2:
        cands = [core]
        for i in odd:
            cands = [c[:i] + r + c[i + 1:] for c in cands for r in _CONFUSIONS[core[i]]]
        for c in cands:
            if c.lower() in vocab:
                rest = [ch for i, ch in enumerate(core) if i not in odd and ch.isalpha()]
                if len(rest) >= 2 and all(ch.isupper() for ch in rest):
                    fixed = c.upper()
                else:
                    fixed = c.lower()
                    if core[0].isalpha() and core[0].isupper():
                        fixed = fixed[0].upper() + fixed[1:]
                return pre + fixed + post
    if core.isalpha():
        hit = _accentless_index().get(low)
        if hit and _strip_accents(hit) == low:
            return pre + _match_case(core, hit) + post
    return token


_DATE = re.compile(r"^\d{1,2}\.\d{1,2}\.(\d{4}|\d{2})[.,]?$")
_SECTION_NO = re.compile(r"^\d{1,4}[.,:]?$")
_GLUED_SECTION = re.compile(r"^[8S$](\d{1,3})$")


def correct_section_signs(tokens: list[str]) -> list[str]:
    """The section sign of minutes ("§ 47") that OCR reads as "$", "8" or "S".

    "$" before a number is always "§"; "8" or "S" only in the minutes-header pattern where a date
    stands next to "§ number" ("24.03.2021 8 47", "8 242 28.08.2023"), so amounts with a space as
    thousands separator ("8 242 euroa") stay.
    """
    out = list(tokens)
    for i, t in enumerate(tokens):
        # the sign glued to its number: "24.03.2021 847" at the end of a line, or "847 24.03.2021"
        m = _GLUED_SECTION.match(t)
        if m and ((i > 0 and _DATE.match(tokens[i - 1]) and i == len(tokens) - 1)
                  or (i + 1 < len(tokens) and _DATE.match(tokens[i + 1]))):
            out[i] = "§" + m.group(1)
    for i, t in enumerate(tokens[:-1]):
        if t not in ("$", "8", "S", "§", "$$", "88") or not _SECTION_NO.match(tokens[i + 1]):
            continue
        if t == "$" or t == "$$":
            out[i] = "§"
            continue
        before = tokens[i - 1] if i > 0 else ""
        after = tokens[i + 2] if i + 2 < len(tokens) else ""
        if _DATE.match(before) or _DATE.match(after):
            out[i] = "§"
    return out


def postcorrect(words: list[Word], vocab: frozenset[str] | None = None) -> list[Word]:
    """Post-correct OCR words in place (words of one line, left to right, or a whole page)."""
    for w in words:
        w.text = correct_token(w.text, vocab)
    return words


_BULLET_LOOKALIKES = {"+", "*", "°", "«", "»", "·", "e", "¢", "©", "o", "®"}


def correct_bullets(words: list[Word]) -> None:
    """A list bullet read as '+', '°', '«' …: a one-character word that starts a text flow
    (nothing just before it on its line) followed, after a word space, by a word starting with a
    letter or digit. It becomes '•' (kotoex.extract.pdf.BULLET), which the layers above drop."""
    from .layout import group_lines
    from .pdf import BULLET

    for ln in group_lines(words):
        for i, w in enumerate(ln.words[:-1]):
            if w.text not in _BULLET_LOOKALIKES:
                continue
            nxt = ln.words[i + 1]
            prev = ln.words[i - 1] if i > 0 else None
            gap_after = nxt.x0 - w.x1
            starts_flow = prev is None or w.x0 - prev.x1 > 1.5 * w.size
            if starts_flow and 0.15 * w.size < gap_after < 1.5 * w.size and nxt.text[:1].isalnum() \
                    and (w.text not in {"e", "o"} or w.x1 - w.x0 < 0.45 * w.size):
                w.text = BULLET


def drop_rule_residue(words: list[Word], rules: Sequence[Rule]) -> list[Word]:
    """Words that are only strokes ('|', '—', '_') lying on a drawn rule: pieces of the rule."""
    out = []
    for w in words:
        if re.fullmatch(r"[|!lI1\-–—_=~]+", w.text) and any(
                (not r.horizontal and w.x0 - 3 <= r.x0 <= w.x1 + 3 and r.top <= w.bottom and r.bottom >= w.top)
                or (r.horizontal and w.top - 3 <= r.top <= w.bottom + 3 and r.x0 <= w.x1 and r.x1 >= w.x0)
                for r in rules):
            continue
        out.append(w)
    return out


def postcorrect_lines(words: list[Word], vocab: frozenset[str] | None = None) -> list[Word]:
    """:func:`postcorrect` plus the corrections that need a word's neighbours on its line."""
    from .layout import group_lines

    postcorrect(words, vocab)
    for ln in group_lines(words):
        fixed = correct_section_signs([w.text for w in ln.words])
        for w, t in zip(ln.words, fixed):
            w.text = t
    correct_bullets(words)
    return words


# ------------------------------------------------------------------------------------ one page

def ocr_page(pdf_page, number: int, settings: OcrSettings, lang: str) -> tuple[Page, PageOcr]:
    """OCR one pdfium page into a :class:`Page` (``ocr=True``) in the deskewed frame."""
    t0 = time.perf_counter()
    width, height = pdf_page.get_size()
    scale = settings.dpi / 72.0
    gray = render_gray(pdf_page, settings.dpi)
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
    hocr, cpu = run_tesseract(img, lang=lang, psm=settings.psm, dpi=settings.dpi, timeout=settings.page_timeout,
                              engine=engine)
    lines = parse_hocr(hocr)
    more, cpu_more = recover_uncovered(img, bw, lines, lang=lang, dpi=settings.dpi, timeout=settings.page_timeout,
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


# ----------------------------------------------------------------------------------------- cache

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
    n, _, stats, _ = _components(blobs, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, h, area = stats[i]
        ink = int(np.count_nonzero(mask[y:y + h, x:x + w]))
        if 1.3 * body <= h <= 8 * body and w >= 3 * h and ink >= 0.08 * w * h:
            out.append((int(x), int(y), int(x + w), int(y + h)))
    return out


def recover_uncovered(img: np.ndarray, bw: np.ndarray, lines: list[OcrLine], *, lang: str, dpi: int,
                      timeout: float, engine: Engine | None = None) -> tuple[list[OcrLine], float]:
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


def _cache_key(sha: str, number: int, settings: OcrSettings, lang: str) -> str:
    key = json.dumps({"sha": sha, "page": number, "lang": lang, "dpi": settings.dpi, "deskew": settings.deskew,
                      "psm": settings.psm, "remove_rules": settings.remove_rules, "v": OCR_VERSION,
                      "tess": tesseract_version(settings.engine)}, sort_keys=True)
    return hashlib.sha256(key.encode()).hexdigest()[:20]


def _page_to_json(page: Page, info: PageOcr) -> dict:
    return {
        "number": page.number, "width": page.width, "height": page.height,
        "words": [[w.text, round(w.x0, 2), round(w.x1, 2), round(w.top, 2), round(w.bottom, 2), round(w.size, 2), w.bold,
                   w.conf] for w in page.words],
        "rules": [[round(r.x0, 2), round(r.top, 2), round(r.x1, 2), round(r.bottom, 2)] for r in page.rules],
        "fills": [[round(f.x0, 2), round(f.top, 2), round(f.x1, 2), round(f.bottom, 2)] for f in page.fills],
        "image_cover": page.image_cover, "info": asdict(info),
    }


def _page_from_json(d: dict) -> tuple[Page, PageOcr]:
    n = d["number"]
    page = Page(number=n, width=d["width"], height=d["height"], image_cover=d.get("image_cover", 1.0), ocr=True,
                words=[Word(*w[:7], n, w[7] if len(w) > 7 else None) for w in d["words"]],
                rules=[Rule(*r) for r in d["rules"]],
                fills=[Fill(*f, (230, 230, 230)) for f in d.get("fills", [])])
    info = PageOcr(**d["info"])
    info.cached = True
    return page, info


def _cache_load(path: Path) -> tuple[Page, PageOcr] | None:
    try:
        return _page_from_json(json.loads(path.read_text("utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _cache_save(path: Path, page: Page, info: PageOcr) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps(_page_to_json(page, info), ensure_ascii=False), "utf-8")
        os.replace(tmp, path)
    except OSError as e:
        log.warning("OCR cache not written (%s)", e)


def _rounded(page: Page, info: PageOcr) -> Page:
    """The page as the cache stores it (rounded coordinates), so a first run and a rerun agree."""
    return _page_from_json(_page_to_json(page, info))[0]


# ------------------------------------------------------------------------------------- documents

def _ranges(nums: Iterable[int]) -> str:
    """[1, 2, 3, 5] → "1-3, 5"."""
    spans: list[list[int]] = []
    for n in sorted(set(nums)):
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in spans)


_TESS_LANG = {"fin": "fi", "swe": "sv"}


@lru_cache(maxsize=1)
def _lang_words() -> dict[str, frozenset[str]]:
    """Tesseract code → function words, from the shared vocabulary normalize/data/function_words.json."""
    try:
        data = json.loads(resources.files("kotoex.normalize").joinpath("data/function_words.json").read_text("utf-8"))
    except (OSError, ValueError, ModuleNotFoundError):
        return {}
    return {code: frozenset(w.lower() for w in data.get(lang, [])) for code, lang in _TESS_LANG.items()}


def language_counts(words: Sequence[Word], langs: Sequence[str]) -> dict[str, int]:
    """Function words of each of ``langs`` (tesseract codes) among a page's words."""
    words_of = _lang_words()
    counts = {lang: 0 for lang in langs if lang in words_of}
    for w in words:
        t = w.text.lower().strip(".,:;()")
        for lang in counts:
            if t in words_of[lang]:
                counts[lang] += 1
    return counts


def dominant_language(counts: dict[str, int]) -> str | None:
    """The language (tesseract code) a page is clearly written in, from :func:`language_counts`, or None.

    "Clearly" is at least 8 function words and three times any other language. With a single
    language model tesseract reads that language's letters better (fin+swe reads Swedish 'å' as
    'ä'), and about twice as fast.
    """
    if len(counts) < 2:
        return None
    best = max(counts, key=counts.get)
    rest = max(v for k, v in counts.items() if k != best)
    return best if counts[best] >= 8 and counts[best] >= 3 * rest else None


def ocr_document(path: Path, pages: list[Page], settings: OcrSettings | None = None) -> OcrReport:
    """Like :func:`ocr_missing_pages`, with per-page details (time, skew, cache hit, error)."""
    settings = settings or OcrSettings()
    path = Path(path)
    todo = [p for p in pages if needs_ocr(p)]
    report = OcrReport(list(pages))
    if not todo:
        return report
    engine = get_engine(settings.engine)
    if engine is None:
        report.warnings.append(f"pages {_ranges(p.number for p in todo)}: no usable text layer and OCR is not available "
                               "(tesseract 5 is not installed: run scripts/install-system-deps.sh); their content is missing")
        return report
    if settings.max_pages is not None and len(todo) > settings.max_pages:
        skipped = todo[settings.max_pages:]
        todo = todo[:settings.max_pages]
        report.warnings.append(f"pages {_ranges(p.number for p in skipped)}: not read by OCR (limit of "
                               f"{settings.max_pages} OCR pages); their content is missing")
    lang, missing = _usable_lang(settings.lang, engine)
    if missing:
        report.warnings.append(f"OCR language data missing for {'+'.join(missing)}; read with {lang}")
    sha = file_sha256(path)
    cache_dir = settings.resolved_cache_dir()
    by_number = {p.number: i for i, p in enumerate(report.pages)}
    requested = lang.split("+")
    pdf = None

    def read(number: int, use_lang: str) -> tuple[Page, PageOcr] | None:
        nonlocal pdf
        cpath = cache_dir / sha[:2] / f"{sha}-p{number}-{_cache_key(sha, number, settings, use_lang)}.json"
        hit = _cache_load(cpath) if settings.use_cache else None
        if hit is not None:
            return hit
        if pdf is None:
            pdf = open_document(path)
        pdf_page = pdf[number - 1]
        try:
            new, info = ocr_page(pdf_page, number, settings, use_lang)
        except OcrTimeout:
            report.details.append(PageOcr(number, settings.page_timeout, error="timeout"))
            report.warnings.append(f"page {number}: OCR timed out after {settings.page_timeout:g} s; its content is missing")
            return None
        except (RuntimeError, OSError) as e:
            report.details.append(PageOcr(number, 0.0, error=str(e)))
            report.warnings.append(f"page {number}: OCR failed ({e}); its content is missing")
            return None
        finally:
            pdf_page.close()
        new = _rounded(new, info)
        if settings.use_cache:
            _cache_save(cpath, new, info)
        return new, info

    # The document's language is decided on its first pages: until then a page is read with the first
    # requested language alone (fin: function words of either language still come out right), then
    # again with the language it turns out to be in, or with all of them if it is mixed.
    decided = len(requested) < 2
    doc_lang = lang if decided else requested[0]
    try:
        for k, old in enumerate(todo):
            got = read(old.number, doc_lang)
            if got is None:
                continue
            new, info = got
            if not decided:
                counts = language_counts(new.words, requested)
                one = dominant_language(counts)
                again_lang = None
                if one is not None:
                    decided, doc_lang = True, one
                    again_lang = one if one != requested[0] else None
                elif any(counts.get(x, 0) for x in requested[1:]):
                    again_lang = lang  # mixed or too short to tell: read with every requested language
                if again_lang is not None:
                    again = read(old.number, again_lang)
                    if again is not None:
                        again[1].seconds = round(again[1].seconds + info.seconds, 3)
                        new, info = again
            new.image_cover = max(new.image_cover, old.image_cover)
            if old.has_text:
                # a few text-layer characters on a scan (a stamp): keep them, add OCR words elsewhere
                new.words = old.words + [w for w in new.words if not any(_overlaps(w, o) for o in old.words)]
            report.pages[by_number[old.number]] = new
            report.details.append(info)
    finally:
        if pdf is not None:
            pdf.close()
    snap_sizes(report.pages)
    done = [d for d in report.details if d.error is None]
    if done:
        med = statistics.median(d.seconds for d in done)
        langs = "/".join(sorted({d.lang or lang for d in done}, key=lambda x: -sum(1 for d in done if d.lang == x)))
        cached = sum(1 for d in done if d.cached)
        note = f"; {cached} of {len(done)} from the OCR cache" if cached else ""
        report.warnings.append(f"pages {_ranges(d.number for d in done)} were read by OCR (tesseract "
                               f"{engine.label}, {langs}); median {med:.1f} s/page when read{note}")
    for d in done:
        log.info("%s page %d: OCR %.2f s, skew %.2f°%s", path.name, d.number, d.seconds, d.angle,
                 " (cached)" if d.cached else "")
    return report


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
    from .layout import group_lines

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


def _overlaps(a: Word, b: Word) -> bool:
    return min(a.x1, b.x1) > max(a.x0, b.x0) and min(a.bottom, b.bottom) > max(a.top, b.top)


def ocr_missing_pages(path: Path, pages: list[Page], settings: OcrSettings | None = None) -> tuple[list[Page], list[str]]:
    """Replace every page that :func:`needs_ocr` by its OCR reading; returns (pages, warnings).

    Pages that need no OCR are returned as they are. Without tesseract the pages stay unread and a
    warning says so; a page whose OCR fails or times out likewise.
    """
    report = ocr_document(path, pages, settings)
    return report.pages, report.warnings


__all__ = ["OcrSettings", "OcrReport", "PageOcr", "needs_ocr", "ocr_missing_pages", "ocr_document", "ocr_page",
           "tesseract_available", "tesseract_version", "estimate_skew", "rotate", "rotation_matrix", "to_deskewed",
           "to_original", "find_rules", "parse_hocr", "words_from_lines", "correct_token", "text_layer_quality"]
