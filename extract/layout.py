"""Words → text lines, and joining lines into clean text (hyphenation, bullets, whitespace)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .pdf import BULLET, Word
from .text import join_hyphenated  # noqa: F401  (also imported from here by interpret)

BULLET_CHARS = {BULLET, "–", "-", "—", "▪", "■", "○", "◦", "*", "·", "", "➢", "►", "‣", "⁃"}


@dataclass(slots=True)
class Line:
    words: list[Word] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def size(self) -> float:
        return max(w.size for w in self.words)

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
    """
    lines: list[Line] = []
    for w in sorted(words, key=lambda w: (round(w.mid_y, 0), w.x0)):
        if lines:
            last = lines[-1]
            ref = last.words[-1]
            h = min(ref.bottom - ref.top, w.bottom - w.top)
            overlap = min(ref.bottom, w.bottom) - max(ref.top, w.top)
            if overlap > min_overlap * h:
                last.words.append(w)
                continue
        lines.append(Line([w]))
    for ln in lines:
        ln.words.sort(key=lambda w: w.x0)
    lines.sort(key=lambda ln: (ln.top, ln.x0))
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
        out = join_hyphenated(out, p) if out else p
    return out.strip()
