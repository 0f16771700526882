"""Words → text lines, and joining lines into clean text (hyphenation, bullets, whitespace)."""
from __future__ import annotations

import operator
import re
import threading
from dataclasses import dataclass, field, replace

from .pdf import BULLET, Word
from .text import join_hyphenated  # noqa: F401  (also imported from here by interpret)

_TEXT, _X0, _X1, _TOP, _BOTTOM, _SIZE = (operator.attrgetter(k) for k in ("text", "x0", "x1", "top", "bottom", "size"))
BULLET_CHARS = {BULLET, "–", "-", "—", "▪", "■", "○", "◦", "*", "·", "", "➢", "►", "‣", "⁃"}
BULLET_LOOKALIKES = {"+", "*", "°", "«", "»", "·", "e", "¢", "©", "o", "®"}  # what OCR reads a list bullet as


@dataclass(slots=True)
class Line:
    words: list[Word] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(map(_TEXT, self.words))

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(map(_X1, self.words))

    @property
    def top(self) -> float:
        return min(map(_TOP, self.words))

    @property
    def bottom(self) -> float:
        return max(map(_BOTTOM, self.words))

    @property
    def size(self) -> float:
        return max(map(_SIZE, self.words))

    @property
    def bold(self) -> bool:
        real = [w for w in self.words if w.text not in BULLET_CHARS]
        return bool(real) and sum(len(w.text) for w in real if w.bold) * 2 > sum(len(w.text) for w in real)

    @property
    def page(self) -> int:
        return self.words[0].page

    @property
    def bullet(self) -> bool:
        return self.words[0].text in BULLET_CHARS and len(self.words) > 1

    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)


def group_lines(words: list[Word], *, split_gap: float | None = None, min_overlap: float = 0.5) -> list[Line]:
    """Group words into lines by vertical overlap, each sorted left to right.

    A word joins the line of the word before it (in reading order) when the two overlap vertically
    by more than ``min_overlap`` of the smaller one's height. With ``split_gap`` a line is also cut
    where two neighbouring words are further apart than that many points (so text from two
    columns on one baseline becomes two lines).

    The same words are grouped by several readers of a page (furniture, title, sections, doc
    type, measures), so the last few groupings are kept, keyed by the words' identities and
    boxes (a word moved since is grouped again); every call gets its own :class:`Line` objects.
    """
    if len(words) < _RECENT_MIN_WORDS:  # a cell or a band: cheaper to group again than to look up
        return _group_lines(words, split_gap, min_overlap)
    key = _Key((split_gap, min_overlap, len(words), *map(id, words), *map(_TOP, words), *map(_BOTTOM, words),
                *map(_X0, words), *map(_X1, words)))
    with _recent_lock:  # the kept lines hold their words, so the ids in a key stay theirs
        lines = _recent.pop(key, None)
        if lines is None:
            lines = _group_lines(words, split_gap, min_overlap)
        _recent[key] = lines  # the most recent last
        while len(_recent) > _RECENT_SIZE:
            _recent.pop(next(iter(_recent)))
    return [Line(list(ln.words)) for ln in lines]


class _Key:
    """A grouping's key (the words' identities and boxes, the options) with its hash computed once:
    the kept groupings are looked up, re-inserted and evicted by it."""
    __slots__ = ("parts", "hash")

    def __init__(self, parts: tuple) -> None:
        self.parts = parts
        self.hash = hash(parts)

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Key) and self.parts == other.parts


_RECENT_MIN_WORDS = 40
_RECENT_SIZE = 32
_recent: dict[_Key, list[Line]] = {}
_recent_lock = threading.Lock()


def _reading_order(w: Word) -> tuple[float, float]:
    return (round((w.top + w.bottom) / 2, 0), w.x0)  # (mid_y rounded, x0)


def _group_lines(words: list[Word], split_gap: float | None, min_overlap: float) -> list[Line]:
    groups: list[list[Word]] = []
    cur: list[Word] = []
    rt = rb = 0.0  # top and bottom of the word before (the last one of the current line)
    for w in sorted(words, key=_reading_order):
        t, b = w.top, w.bottom
        if cur:
            h = b - t if b - t < rb - rt else rb - rt  # min(), max() spelt out: this loop is hot
            overlap = (b if b < rb else rb) - (t if t > rt else rt)
            if overlap > min_overlap * h:
                cur.append(w)
                rt, rb = t, b
                continue
        cur = [w]
        groups.append(cur)
        rt, rb = t, b
    for g in groups:
        if len(g) > 1:
            g.sort(key=_X0)
    groups.sort(key=lambda g: (min(map(_TOP, g)), g[0].x0))  # (line top, line x0)
    lines = [Line(g) for g in groups]
    if split_gap is None:
        return lines
    out: list[Line] = []
    for ln in lines:
        cur = [ln.words[0]]
        for a, b in zip(ln.words, ln.words[1:]):
            if b.x0 - a.x1 > split_gap:
                out.append(Line(cur))
                cur = []
            cur.append(b)
        out.append(Line(cur))
    return out


# ------------------------------------------------------------------------------- text joining
# join_hyphenated lives in extract/text.py (plain strings, usable by every layer)

_WS = re.compile(r"\s+")


def speck_line(ln: Line) -> bool:
    """An OCR'd line of marks only (":", ".", "%") or of lone characters ("N", "ä 5"): specks on the scan,
    no text of a cell."""
    return all(w.conf is not None for w in ln.words) and (
        not any(ch.isalnum() for ch in ln.text) or all(len(w.text) == 1 for w in ln.words))


def aligned_bullets(words: list[Word], slack: float = 1.5, gap_em: float = 1.5) -> list[Word]:
    """On a page read by OCR, a lone bullet look-alike ("+", "«", "©", "e*", "*'" …) standing where two or more of the
    page's bullets stand (within ``slack`` of their left edge: a list's bullets one under another), with a
    word opening in a letter or digit after it within ``gap_em``, is a bullet too (copied, as "•"), however
    close the text of the column before it runs (reading one line, OCR wants a gutter before a bullet)."""
    lines = group_lines(words)
    starts = [a.x0 for ln in lines for a, b in zip(ln.words, ln.words[1:])
              if a.text == BULLET and b.text[:1].isalnum()]
    if len(starts) < 2:
        return words
    swap: dict[int, Word] = {}
    for ln in lines:
        for a, b in zip(ln.words, ln.words[1:]):
            if a.conf is not None and _bullet_like(a.text) and b.text[:1].isalnum() \
                    and 0 < b.x0 - a.x1 < gap_em * a.size and sum(abs(x - a.x0) <= slack for x in starts) >= 2:
                swap[id(a)] = replace(a, text=BULLET)
    return [swap.get(id(w), w) for w in words] if swap else words


def _bullet_like(text: str) -> bool:
    """A look-alike, or two ("e*"), or one with a speck read beside it ("*'"): no letter but look-alikes."""
    return 0 < len(text) <= 2 and text != BULLET and any(c in BULLET_LOOKALIKES for c in text) \
        and all(c in BULLET_LOOKALIKES or not c.isalnum() for c in text)


def clean_join(parts: list[str]) -> str:
    """Join text lines into one string: hyphenation undone, bullets dropped, spaces normalised."""
    out = ""
    for p in parts:
        p = _WS.sub(" ", p).strip()
        if not p:
            continue
        if p[0] in BULLET_CHARS and (len(p) == 1 or p[1] == " "):
            p = p[1:].strip()
            if not p:
                continue
        if out and _OPEN_RANGE.search(out) and p[0].isdigit():
            out = out.rstrip() + p  # "2023–" / "2024": a year range wrapped in a narrow column
        else:
            out = join_hyphenated(out, p) if out else p
    return out.strip()


_OPEN_RANGE = re.compile(r"\d[–—]$")  # a line ending in a year and a range dash (the hyphen: join_hyphenated)


def wraps_range(left: str, right: str) -> bool:
    """``right`` completes a range that ``left`` leaves open ("2023–" then "2024"): one value."""
    left, right = left.strip(), right.strip()
    return bool(left and right and re.search(r"\d\s?[-–—]$", left) and right[0].isdigit())
