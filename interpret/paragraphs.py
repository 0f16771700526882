"""Lines → paragraphs of running text, with a map from characters of the joined text back to lines.

Used by the decision reader (and any reader of minutes): a paragraph ends at a vertical gap, a
change of weight or size, a bullet or a heading; it continues over a page break unless the new
page starts with a heading or the last line ended a sentence. :class:`Joined` joins paragraphs'
texts and finds the lines a span of the joined text came from, for provenance boxes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from kotoex.extract.layout import BULLET_CHARS, Line, clean_join, join_hyphenated
from kotoex.interpret.measures import CellText

_WS = re.compile(r"\s+")


def line_spans(lines: list[Line]) -> tuple[str, list[tuple[int, int]]]:
    """``clean_join`` of the lines' texts, with each line's (start, end) character span in it."""
    out, spans = "", []
    for ln in lines:
        p = _WS.sub(" ", ln.text).strip()
        if p and p[0] in BULLET_CHARS and (len(p) == 1 or p[1] == " "):
            p = p[1:].strip()
        if not p:
            spans.append((len(out), len(out)))
            continue
        left = out.rstrip()
        out = join_hyphenated(out, p) if out else p
        start = len(left)
        if left.endswith("-") and out[start - 1: start] != "-":
            start -= 1  # a line-break hyphen was removed: the next line's text starts in its place
        spans.append((start, len(out)))
    return out.strip(), spans


def boxes(lines: list[Line]) -> list[dict]:
    """Provenance boxes of lines: one per page."""
    return CellText(list(lines)).boxes()


def item_box(lines: list[Line]) -> dict | None:
    """One box for one list item (an amount, a person): its lines on the page where it starts."""
    if not lines:
        return None
    found = boxes([ln for ln in lines if ln.page == lines[0].page])
    return found[0] if found else None


@dataclass
class Para:
    lines: list[Line]

    @property
    def text(self) -> str:
        return clean_join([ln.text for ln in self.lines])

    def lines_at(self, a: int, b: int) -> list[Line]:
        """The lines whose text overlaps characters a..b of :attr:`text` (all lines if unmapped)."""
        text, spans = line_spans(self.lines)
        if text != self.text:
            return list(self.lines)
        hit = [ln for ln, (s, e) in zip(self.lines, spans) if s < max(b, a + 1) and e > a]
        return hit or list(self.lines)


class Joined:
    """Paragraph texts joined with spaces, mapping character spans back to lines."""

    def __init__(self, paras: list[Para]):
        self.paras = paras
        self.starts: list[int] = []
        self.lengths: list[int] = []  # of each paragraph's text (joined once here, not per look-up)
        parts, pos = [], 0
        for p in paras:
            t = p.text
            self.starts.append(pos)
            self.lengths.append(len(t))
            parts.append(t)
            pos += len(t) + 1
        self.text = " ".join(parts)

    def lines_at(self, a: int, b: int) -> list[Line]:
        out: list[Line] = []
        for p, s, n in zip(self.paras, self.starts, self.lengths):
            e = s + n
            if s < max(b, a + 1) and e > a:
                out += p.lines_at(max(0, a - s), min(n, b - s))
        return out


def body_size(lines: list[Line]) -> float:
    """The font size that carries most characters."""
    sizes: dict[float, int] = {}
    for ln in lines:
        k = round(ln.size, 1)
        sizes[k] = sizes.get(k, 0) + len(ln.text)
    return max(sizes, key=sizes.get) if sizes else 10.0


def paragraphs(lines: list[Line], is_heading: Callable[[str], bool]) -> list[Para]:
    """Lines → paragraphs, split at vertical gaps, page breaks, headings and bullets."""
    paras: list[Para] = []
    cur: list[Line] = []
    for ln in lines:
        if cur:
            prev = cur[-1]
            restyled = ln.bold != prev.bold or abs(ln.size - prev.size) > 0.8 or is_heading(ln.text)
            if ln.page != prev.page:
                # a paragraph continues over a page break unless the new page starts with a heading
                new = restyled or prev.text.rstrip().endswith((".", ":"))
            else:
                new = ln.top - prev.bottom > 0.6 * max(1.0, prev.bottom - prev.top) or restyled or ln.bullet
            if new:
                paras.append(Para(cur))
                cur = []
        cur.append(ln)
    if cur:
        paras.append(Para(cur))
    return paras


def _label_split(ln: Line, is_heading: Callable[[str], bool]) -> tuple[Line, Line] | None:
    """(label, text) of a line that starts with a heading set apart by a wide gap ("Päätös     3) oikeuttaa...")."""
    ws = ln.words
    height = max(1.0, ln.bottom - ln.top)
    for k in range(1, min(4, len(ws))):
        if ws[k].x0 - ws[k - 1].x1 > 1.5 * height:
            return (Line(ws[:k]), Line(ws[k:])) if is_heading(" ".join(w.text for w in ws[:k])) else None
    return None


def labels_to_row_start(lines: list[Line], pages: list, is_heading: Callable[[str], bool]) -> list[Line]:
    """Lines of a page laid out as a ruled table of label cells beside text cells, with each label cell's
    heading at the start of its row.

    A producer that centres a label cell vertically (LibreOffice) prints "Päätös" beside the middle of
    its text, so in reading order it falls inside the text. Where full-width horizontal rules cut the
    page into rows, a heading in the label column that has text of its row above it is moved to the
    row's start (split off its line first where the line runs on into the text cell). Other pages are
    left as they are.
    """
    rows = {p.number: sorted(r.top for r in p.rules if r.horizontal and r.x1 - r.x0 > 0.5 * p.width) for p in pages}

    def row_of(ln: Line) -> tuple[int, int] | None:
        cuts = rows.get(ln.page) or []
        if len(cuts) < 2:
            return None
        mid = (ln.top + ln.bottom) / 2
        return ln.page, sum(1 for c in cuts if c < mid)

    out: list[Line] = []
    row_start: dict[tuple[int, int], int] = {}  # row -> index in ``out`` of its first line
    for ln in lines:
        row = row_of(ln)
        parts = [ln]
        if row is not None and row in row_start:
            split = _label_split(ln, is_heading)
            if split:
                parts = list(split)
            if is_heading(parts[0].text) and parts[0].x0 < min(x.x0 for x in out[row_start[row]:]) - 20:
                out.insert(row_start[row], parts[0])
                out.extend(parts[1:])
                continue
        if row is not None:
            row_start.setdefault(row, len(out))
        out.extend([ln])
    return out
