"""Synthetic pages for pure tests: lines of text laid out as Words, no PDF needed."""
from __future__ import annotations

from kotoex.extract.pdf import Page, Word


def make_pages(pages: list[list[tuple[str, float, bool]]], *, width: float = 595, height: float = 842) -> list[Page]:
    """Each page is a list of (text, size, bold) lines, laid out top to bottom; a fourth value is a gap (points)
    above the line, more than the line pitch."""
    out = []
    for n, lines in enumerate(pages, start=1):
        words = []
        y = 50.0
        for text, size, bold, *gap in lines:
            y += gap[0] if gap else 0.0
            x = 48.0
            for w in text.split():
                wd = 0.5 * size * len(w)
                words.append(Word(w, x, x + wd, y, y + size, size, bold, n))
                x += wd + 0.3 * size
            y += size * 1.2 + (size * 0.9 if bold or size > 11 else 0)
        out.append(Page(number=n, width=width, height=height, words=words))
    return out
