"""PDF → positioned words and drawn graphics, one page at a time, with pypdfium2.

Everything here returns plain data (:class:`Page`, :class:`Word`, :class:`Rule`, :class:`Fill`)
in PDF points with the origin at the top left of the page, so the layers above never touch a PDF
library. pypdfium2 reads a page's characters and boxes in about 10 ms where pdfplumber needs over
100 ms (see ``benchmarks/``), and it also reads files whose cross-reference table is broken.
"""
from __future__ import annotations

import ctypes
import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from itertools import compress
from pathlib import Path
from typing import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .errors import CorruptPdfError, EmptyPdfError, EncryptedPdfError, NotAPdfError

log = logging.getLogger(__name__)

BULLET = "•"


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # loose glyph box height, a proxy of the font size (the em size where the box is a glyph's own: _size)
    bold: bool
    page: int  # 1-based
    conf: float | None = None  # OCR only: tesseract's word confidence, 0..100

    @property
    def mid_y(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class Rule:
    """A visible straight line: a stroked segment or a thin filled rectangle."""
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


@dataclass(slots=True)
class Fill:
    """A filled rectangle (a shaded cell, a zebra row, a header band)."""
    x0: float
    top: float
    x1: float
    bottom: float
    color: tuple[int, int, int]


@dataclass(slots=True)
class Page:
    number: int  # 1-based
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)
    image_cover: float = 0.0  # share of the page area covered by images
    bad_glyphs: int = 0  # characters that are not text: (cid:NN), private use, U+FFFD
    ocr: bool = False  # words came from OCR, not from the PDF's text layer

    @property
    def has_text(self) -> bool:
        return sum(len(w.text) for w in self.words) >= 20 and self.bad_glyphs < 0.2 * max(1, sum(len(w.text) for w in self.words))


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def open_document(path: str | Path) -> pdfium.PdfDocument:
    """Open a PDF with pypdfium2, turning its failures into kotoex's errors."""
    path = Path(path)
    with open(path, "rb") as f:
        head = f.read(1024)
    if not head:
        raise EmptyPdfError(f"{path.name}: the file is empty (0 bytes)")
    if b"%PDF-" not in head:
        kind = "an image" if head[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xe1", b"GIF8") else "not a PDF"
        raise NotAPdfError(f"{path.name}: {kind} (no %PDF- header)")
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        # pdfium's error code can be left over from an earlier document in the same process, so
        # "password" is believed only when the file really carries an encryption dictionary
        if "password" in str(e).lower() and _has_encrypt_dict(path):
            raise EncryptedPdfError(f"{path.name}: the PDF is encrypted and needs a password") from e
        raise CorruptPdfError(f"{path.name}: pdfium cannot read the file (damaged or not a complete PDF)") from e
    if len(doc) == 0:
        doc.close()
        raise EmptyPdfError(f"{path.name}: the PDF has no pages")
    return doc


def _has_encrypt_dict(path: Path) -> bool:
    size = path.stat().st_size
    with open(path, "rb") as f:
        if size <= 4 << 20:
            return b"/Encrypt" in f.read()
        head = f.read(1 << 20)
        f.seek(max(0, size - (1 << 20)))
        return b"/Encrypt" in head or b"/Encrypt" in f.read()


def iter_pages(doc: pdfium.PdfDocument, max_pages: int | None = None) -> Iterator[Page]:
    """Yield each page as plain data, closing pdfium's page objects as it goes."""
    n = len(doc) if max_pages is None else min(len(doc), max_pages)
    for i in range(n):
        page = doc[i]
        try:
            yield read_page(page, i + 1)
        finally:
            page.close()


def read_page(page: pdfium.PdfPage, number: int) -> Page:
    width, height = page.get_size()  # as displayed: /Rotate 90 or 270 swaps the stored sides
    out = Page(number=number, width=width, height=height)
    to_display = display_transform(page.get_rotation(), width, height)
    textpage = page.get_textpage()
    try:
        out.words, out.bad_glyphs = _words(textpage, to_display, number)
    finally:
        textpage.close()
    _graphics(page, out, to_display)
    return out


Box = tuple[float, float, float, float]


def display_transform(rotation: int, width: float, height: float):
    """Map a box in PDF page space (left, bottom, right, top; origin bottom left, before the page's
    ``/Rotate``) to the page as displayed (x0, top, x1, bottom; origin top left).

    Office suites store landscape sections as portrait pages whose content is drawn turned a
    quarter and shown upright by ``/Rotate 90``; pdfium reports characters and graphics in the
    stored orientation, so without this every word of such a page is a column of single letters.
    ``width``/``height`` are the displayed size.
    """
    rotation %= 360
    if rotation == 90:  # stored left edge shows at the top, stored bottom edge at the left
        return lambda l, b, r, t: (b, l, t, r)
    if rotation == 180:
        return lambda l, b, r, t: (width - r, b, width - l, t)
    if rotation == 270:  # stored right edge shows at the top, stored top edge at the left
        return lambda l, b, r, t: (width - t, height - r, width - b, height - l)

    def upright(l, b, r, t):
        return (l, height - t, r, height - b)

    upright.upright_height = height  # lets the per-character loop inline the mapping
    return upright


# ----------------------------------------------------------------------------------------- text

_CID = re.compile(r"\(cid:\d+\)")
_INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u202a\u202b\u202c\u202d\u202e")
_BOLD_KEYS = (b"bold", b"black", b"heavy")


def _plain(name: str, restype, *argtypes):
    """pdfium's function ``name`` with plain C types, so handles come back as hashable ints."""
    fn = getattr(pdfium_c, name, None)
    if fn is None:  # an older pdfium: the caller falls back to the per-character call
        return None
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, ctypes.c_void_p).value)


_text_object = _plain("FPDFText_GetTextObject", ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
_object_font = _plain("FPDFTextObj_GetFont", ctypes.c_void_p, ctypes.c_void_p)
_font_name = _plain("FPDFFont_GetBaseFontName", ctypes.c_ulong, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_ulong)
_name_buf = ctypes.create_string_buffer(256)
_font_flags = ctypes.c_int()
_matrix = pdfium_c.FS_MATRIX()
_font_size = getattr(pdfium_c, "FPDFText_GetFontSize", None)
_char_matrix = getattr(pdfium_c, "FPDFText_GetMatrix", None)


def _em(raw, i: int) -> float | None:
    """The em size of character ``i``: its font size times the text matrix's vertical scale (None
    where pdfium has neither). Both are its text object's, so a page looks them up once per object."""
    if _font_size is None or _char_matrix is None:
        return None
    fs = _font_size(raw, i)
    if fs <= 0 or not _char_matrix(raw, i, ctypes.byref(_matrix)):
        return None
    return fs * (_matrix.c * _matrix.c + _matrix.d * _matrix.d) ** 0.5


def _size(box: float, em: float | None) -> float:
    """A word's size: its loose box height, unless that is well under the em size of its first
    character. A loose box spans the font's ascent and descent, not less than the em (1.0-1.35 em
    in every corpus, sample and real PDF); a smaller box is the glyph's own outline (fonts without
    those metrics, as LibreOffice embeds them), whose height varies with the letters ("neuvonta"
    5.7 pt, "Perustelut" 7.5 pt at 8.5 pt), so the em size is the word's size there."""
    return em if em is not None and box < 0.97 * em else box


def _codes(raw, start: int, count: int, out: list[int]) -> None:
    """The Unicode values of characters ``start .. start+count`` in one call where pdfium's text
    of the range has exactly one UTF-16 unit per character (no control character left out, no
    surrogate pair); otherwise the range is halved, and short ranges are read per character."""
    if count <= 0:
        return
    if count > 16:
        buf = (ctypes.c_ushort * (count + 1))()
        if pdfium_c.FPDFText_GetText(raw, start, count, buf) == count + 1:
            try:
                text = ctypes.string_at(buf, 2 * count).decode("utf-16-le")
            except UnicodeDecodeError:  # a lone surrogate half
                text = ""
            if len(text) == count:
                codes = list(map(ord, text))
                if "\ufffe" in text:  # pdfium's text has U+FFFE where a line-end hyphen (U+0002) is
                    get = pdfium_c.FPDFText_GetUnicode
                    codes = [get(raw, start + k) if u == 0xFFFE else u for k, u in enumerate(codes)]
                out.extend(codes)
                return
        half = count // 2
        _codes(raw, start, half, out)
        _codes(raw, start + half, count - half, out)
        return
    get = pdfium_c.FPDFText_GetUnicode
    out.extend(get(raw, i) for i in range(start, start + count))


class _Bold:
    """Is a character's font bold (by its base font name: pdfium's weight reads 400 for bold
    subsets)? Looked up per text object, once per word where the word is one object."""

    def __init__(self, raw) -> None:
        self.raw = raw
        self.handle = ctypes.cast(raw, ctypes.c_void_p).value if _font_name else None
        self.by_object: dict[int, bool] = {}
        self.by_name: dict[bytes, bool] = {}
        self.last = False  # a character without a font keeps the previous character's (as pdfium's buffer did)

    def _name(self, name: bytes) -> bool:
        bold = self.by_name.get(name)
        if bold is None:
            lname = name.lower()
            bold = self.by_name[name] = any(k in lname for k in _BOLD_KEYS)
        return bold

    def _object(self, obj: int | None) -> bool:
        if not obj:
            return self.last
        bold = self.by_object.get(obj)
        if bold is None:
            font = _object_font(obj)
            if font and _font_name(font, _name_buf, 256):
                bold = self._name(_name_buf.value)
            else:
                bold = self.last
            self.by_object[obj] = bold
        return bold

    def _char(self, i: int) -> bool:
        if self.handle is None:
            if pdfium_c.FPDFText_GetFontInfo(self.raw, i, _name_buf, 256, ctypes.byref(_font_flags)):
                self.last = self._name(_name_buf.value)
            return self.last
        self.last = self._object(_text_object(self.handle, i))
        return self.last

    def word(self, first: int, last: int, indices: list[int], first_object: int | None = None) -> bool:
        """More than half of the word's characters bold (``first_object``: the text object of
        ``first`` where the caller has it)."""
        if self.handle is not None and len(indices) > 1:
            a = _text_object(self.handle, first) if first_object is None else first_object
            b = _text_object(self.handle, last)
            if a and a == b:  # one text object: its characters are consecutive, one font
                self.last = self._object(a)
                return self.last
        return sum(1 for i in indices if self._char(i)) * 2 > len(indices)


def _surrogates(codes: list[int], i: int) -> tuple[int, int]:
    """The character of a UTF-16 high half at ``i`` joined with the low half after it (and that
    index, which is then skipped), or U+FFFD for a lone half."""
    code = codes[i]
    low = codes[i + 1] if i + 1 < len(codes) and code <= 0xDBFF else 0
    if 0xDC00 <= low <= 0xDFFF:
        return 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00), i + 1
    return 0xFFFD, -1


_SKIP = frozenset((0, 0xFFFE, 0xFFFF))  # no character: pdfium's markers (U+FFFE: see _codes)
_SPACES = frozenset(c for c in range(0x3001) if chr(c).isspace())  # str.isspace's characters (none above U+3000)
_INVISIBLE_CODES = frozenset(map(ord, _INVISIBLE))
_loose_box = _plain("FPDFText_GetLooseCharBox", ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)


_ODD = frozenset(c for c in range(32) if c != 2 and c not in _SPACES) | _SKIP | _INVISIBLE_CODES  # and all >= U+D800


def _chars(codes: list[int]) -> tuple[list[int], list[str], list[bool], int]:
    """The characters that may be part of a word: their indices, their text, whether a space (or
    the page start) comes before each, and the count of characters that are not text."""
    present = set(codes)
    if max(present, default=0) < 0xD800 and present.isdisjoint(_ODD):
        # no character to skip, join or count as noise: every one but the spaces is kept, so a
        # space lies between two kept characters exactly where their indices are not consecutive
        mask = [c not in _SPACES for c in codes]
        keep = list(compress(range(len(codes)), mask))
        chars = list(map(chr, compress(codes, mask)))
        if 2 in present:  # pdfium reports a line-end hyphen as U+0002
            chars = ["-" if ch == "\x02" else ch for ch in chars]
        return keep, chars, [True, *(b - a > 1 for a, b in zip(keep, keep[1:]))][:len(keep)], 0
    keep: list[int] = []
    chars: list[str] = []
    spaced: list[bool] = []
    bad = 0
    space = True
    paired = -1  # index of a low surrogate already joined to the character before it
    for i, code in enumerate(codes):
        if code in _SKIP or i == paired:
            continue
        if 0xD800 <= code <= 0xDFFF:  # UTF-16 halves (an emoji in the font's map): one character, or U+FFFD
            code, paired = _surrogates(codes, i)
        if code in _SPACES:
            space = True
            continue
        if (code < 32 or code >= 0xE000) and (code == 0xFFFD or 0xE000 <= code <= 0xF8FF or (code < 32 and code != 2)):
            bad += 1  # not text: the replacement character, private use, a control character
        if code in _INVISIBLE_CODES:
            continue  # zero-width spaces/joiners, direction marks, BOM: no glyph, not part of the text
        keep.append(i)
        chars.append("-" if code == 2 else chr(code))  # pdfium reports a line-end hyphen as U+0002
        spaced.append(space)
        space = False
    return keep, chars, spaced, bad


def _boxes(raw, keep: list[int], to_display) -> tuple[list[float], list[float], list[float], list[float]]:
    """The loose boxes of characters ``keep`` as displayed (x0s, tops, x1s, bottoms): one pdfium call
    each, made by ``map`` into one buffer (a failed call keeps the box before it, as one reused
    rectangle would)."""
    m = len(keep)
    buf = (ctypes.c_float * (4 * m))()
    base = ctypes.addressof(buf)
    handle = ctypes.cast(raw, ctypes.c_void_p).value
    ok = list(map(_loose_box, [handle] * m, keep, range(base, base + 16 * m, 16)))
    flat = buf[:]
    if 0 in ok:
        for j, good in enumerate(ok):
            if not good:
                flat[4 * j:4 * j + 4] = flat[4 * j - 4:4 * j] if j else [0.0] * 4
    lefts, tops, rights, bottoms = flat[0::4], flat[1::4], flat[2::4], flat[3::4]
    flip = getattr(to_display, "upright_height", None)  # rotation 0: only y is turned
    if flip is None:
        shown = list(zip(*map(to_display, lefts, bottoms, rights, tops))) or [[], [], [], []]
        return list(shown[0]), list(shown[1]), list(shown[2]), list(shown[3])
    return lefts, [flip - t for t in tops], rights, [flip - b for b in bottoms]


def _words(textpage: pdfium.PdfTextPage, to_display, number: int) -> tuple[list[Word], int]:
    """The page's words: characters joined until a space, a new line or a gap wider than a space; a
    word's size from its lowest character box (an accent over the ascent, DejaVu's "å", widens only its
    own box). The text comes in bulk (:func:`_codes`), the boxes in one pass (:func:`_boxes`), the
    font once per word (:class:`_Bold`)."""
    raw = textpage.raw
    codes: list[int] = []
    _codes(raw, 0, textpage.count_chars(), codes)
    keep, chars, spaced, bad = _chars(codes)
    x0s, tops, x1s, bots = _boxes(raw, keep, to_display)
    if "\u00ad" in chars:  # an invisible (zero-width) soft hyphen is no character; a space before it stays
        drop = {j for j, ch in enumerate(chars) if ch == "\u00ad" and x1s[j] - x0s[j] <= 0}
        for j in sorted(drop):
            if spaced[j] and j + 1 < len(spaced):
                spaced[j + 1] = True
        keep, chars, spaced, x0s, tops, x1s, bots = (
            [v for j, v in enumerate(seq) if j not in drop] for seq in (keep, chars, spaced, x0s, tops, x1s, bots))
    heights = [b - t for t, b in zip(tops, bots)]
    bold_of = _Bold(raw)
    words: list[Word] = []
    normalize = unicodedata.normalize
    ems: dict[int, float | None] = {}  # by text object

    def emit(s: int, e: int) -> None:
        text = "".join(chars[s:e])
        if not text.isascii():
            text = normalize("NFC", text)
        top, bottom = min(tops[s:e]), max(bots[s:e])
        low = min(heights[s:e])
        if not low > 0:
            low = min([h for h in heights[s:e] if h > 0], default=0.0)
        first = keep[s]
        obj = (_text_object(bold_of.handle, first) or 0) if bold_of.handle is not None else None
        if obj:
            em = ems[obj] if obj in ems else ems.setdefault(obj, _em(raw, first))
        else:
            em = _em(raw, first)
        words.append(Word(text, min(x0s[s:e]), max(x1s[s:e]), top, bottom, _size(low if low > 0 else bottom - top, em),
                          bold_of.word(first, keep[e - 1], keep[s:e], obj), number))

    s = 0
    px0 = ptop = px1 = size = 0.0  # the character before: its box, max(its height, 1.0)
    for j, (space, x0, top, x1, h) in enumerate(zip(spaced, x0s, tops, x1s, heights)):
        # a space, a new line, or a gap wider than a space: a new word
        if j and (space or abs(top - ptop) > size * 0.5 or x0 - px1 > size * 0.3 or x0 < px0 - size * 0.5):
            emit(s, j)
            s = j
        px0, ptop, px1, size = x0, top, x1, 1.0 if 1.0 > h else h
    if keep:
        emit(s, len(keep))
    # drop words that are only control/replacement noise
    words = [w for w in words if w.text.strip()]
    bad += sum(len(_CID.findall(w.text)) for w in words)
    return words, bad


# ------------------------------------------------------------------------------------- graphics

def _rgb(getter, obj) -> tuple[int, int, int, int]:
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    if not getter(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
        return (0, 0, 0, 255)
    return (r.value, g.value, b.value, a.value)


def _is_white(c: tuple[int, int, int, int]) -> bool:
    return c[3] == 0 or min(c[:3]) >= 245


Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
MAX_FORM_DEPTH = 4  # form XObjects nested deeper than this are not read for graphics


def _times(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m: Matrix, l: float, b: float, r: float, t: float) -> tuple[float, float, float, float]:
    """The bounds of a box after the matrix ``m``."""
    if m == _IDENTITY:
        return l, b, r, t
    xs, ys = [], []
    for x, y in ((l, b), (l, t), (r, b), (r, t)):
        xs.append(m[0] * x + m[2] * y + m[4])
        ys.append(m[1] * x + m[3] * y + m[5])
    return min(xs), min(ys), max(xs), max(ys)


def _graphic_objects(page: pdfium.PdfPage):
    """Path and image objects with their bounds in page space, form XObjects included.

    pdfium reports the bounds of an object inside a form XObject in the form's own space, so the
    forms' matrices are composed on the way down (a page placed as a form, turned or scaled, is
    how some producers and tools store rotated or imposed pages).
    """
    want = (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE)
    l, b, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    fm = pdfium_c.FS_MATRIX()
    n = pdfium_c.FPDFPage_CountObjects(page.raw)
    stack = [(pdfium_c.FPDFPage_GetObject(page.raw, i), _IDENTITY, 0) for i in reversed(range(n))]
    while stack:
        obj, m, depth = stack.pop()
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            if depth >= MAX_FORM_DEPTH or not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(fm)):
                continue
            inner = _times((fm.a, fm.b, fm.c, fm.d, fm.e, fm.f), m)
            k = pdfium_c.FPDFFormObj_CountObjects(obj)
            stack.extend((pdfium_c.FPDFFormObj_GetObject(obj, j), inner, depth + 1) for j in reversed(range(k)))
        elif kind in want and pdfium_c.FPDFPageObj_GetBounds(obj, ctypes.byref(l), ctypes.byref(b), ctypes.byref(r), ctypes.byref(t)):
            yield obj, kind, _apply(m, l.value, b.value, r.value, t.value)


def _graphics(page: pdfium.PdfPage, out: Page, to_display) -> None:
    area = out.width * out.height or 1.0
    image_area = 0.0
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    for raw, kind, bounds in _graphic_objects(page):
        x0, top, x1, bot = to_display(*bounds)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            image_area += max(0.0, x1 - x0) * max(0.0, bot - top)
            continue
        pdfium_c.FPDFPath_GetDrawMode(raw, ctypes.byref(fill_mode), ctypes.byref(stroke))
        w, h = x1 - x0, bot - top
        filled = fill_mode.value != 0 and not _is_white(_rgb(pdfium_c.FPDFPageObj_GetFillColor, raw))
        stroked = bool(stroke.value) and not _is_white(_rgb(pdfium_c.FPDFPageObj_GetStrokeColor, raw))
        if not (filled or stroked):
            continue
        thin = min(w, h) <= 3.0
        if thin and max(w, h) > 6.0:
            # a line: stroked segment or hairline rectangle; report it along its centre
            if w >= h:
                y = (top + bot) / 2
                out.rules.append(Rule(x0, y, x1, y))
            else:
                x = (x0 + x1) / 2
                out.rules.append(Rule(x, top, x, bot))
        elif filled and 1.0 <= w <= 7.0 and 1.0 <= h <= 7.0 and abs(w - h) < 1.5:
            # a small filled square or disc: a list bullet drawn as a shape
            out.words.append(Word(BULLET, x0, x1, top - h, bot + h, 3 * h, False, out.number))
        elif filled and w > 6 and h > 6:
            out.fills.append(Fill(x0, top, x1, bot, _rgb(pdfium_c.FPDFPageObj_GetFillColor, raw)[:3]))
        elif stroked and w > 6 and h > 6 and pdfium_c.FPDFPath_CountSegments(raw) <= 6:
            # a stroked rectangle: its four edges are rules
            out.rules.extend([Rule(x0, top, x1, top), Rule(x0, bot, x1, bot), Rule(x0, top, x0, bot), Rule(x1, top, x1, bot)])
    out.image_cover = min(1.0, image_area / area)
