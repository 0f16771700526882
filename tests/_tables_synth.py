"""Small measure-table PDFs drawn with reportlab, the way an office suite exports them.

Ruled grids, borderless rows with gaps, zebra fills, rows broken by a page break: the tests of the
table chain and the comparison report draw their fixtures here instead of reading the shared corpus.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PAGE_W, PAGE_H = 595.0, 842.0
SIZE, LEADING, PAD = 9.0, 11.0, 4.0
X0 = 50.0
WIDTHS = (40.0, 230.0, 140.0, 80.0)
HEADER = ("Nro", "Toimenpide", "Vastuutaho", "Aikataulu")


@dataclass
class Table:
    """What to draw on one page: a header (or none: carried from the page before) and rows of cells."""
    rows: list[tuple[str, ...]]
    header: tuple[str, ...] | None = HEADER
    style: str = "ruled"  # ruled | gaps | shaded
    top: float = 80.0
    top_rule: bool = True  # ruled: a rule above the first row of the page
    heading: str | None = None  # a bold heading line above the table
    widths: tuple[float, ...] = WIDTHS  # the columns' widths, one per header cell
    shade_first: bool = True  # shaded: the page's first row is shaded (then every other one)
    tail: str | None = None  # bold lines under the table (a heading whose rows follow on the next page)
    bold_rows: tuple[int, ...] = ()  # rows set in bold (group names)


def _cell_lines(text: str) -> list[str]:
    return text.split("\n") if text else []


def _draw_row(c, cells: tuple[str, ...], y: float, bold: bool = False, widths: tuple[float, ...] = WIDTHS) -> float:
    """Draw one row's cell texts from ``y`` (top, page coordinates); return the row's height."""
    n = max(1, max(len(_cell_lines(t)) for t in cells))
    c.setFont("Helvetica-Bold" if bold else "Helvetica", SIZE)
    x = X0
    for text, w in zip(cells, widths):
        for k, line in enumerate(_cell_lines(text)):
            c.drawString(x + PAD, PAGE_H - (y + PAD + SIZE + k * LEADING), line)
        x += w
    return n * LEADING + 2 * PAD


def _hrule(c, y: float, widths: tuple[float, ...] = WIDTHS) -> None:
    c.line(X0, PAGE_H - y, X0 + sum(widths), PAGE_H - y)


def _draw_table(c, t: Table) -> None:
    y = t.top
    if t.heading:
        c.setFont("Helvetica-Bold", 12)
        c.drawString(X0, PAGE_H - (y + 12), t.heading)
        y += 30
    ys = [y]
    if t.header:
        header_cells = tuple(h for h in t.header)
        y += _draw_row(c, header_cells, y, bold=True, widths=t.widths)
        ys.append(y)
    body_top = y
    for i, row in enumerate(t.rows):
        h = max(1, max(len(_cell_lines(x)) for x in row)) * LEADING + 2 * PAD
        if t.style == "shaded" and i % 2 == (0 if t.shade_first else 1):
            c.setFillGray(0.85)
            c.rect(X0, PAGE_H - (y + h), sum(t.widths), h, stroke=0, fill=1)
            c.setFillGray(0)
        _draw_row(c, row, y, bold=i in t.bold_rows, widths=t.widths)
        y += h
        ys.append(y)
        if t.style == "gaps":
            y += 1.6 * SIZE  # a row gap wider than any paragraph gap
    if t.style == "ruled":
        for k, yy in enumerate(ys):
            if yy == body_top and not t.top_rule and not t.header:
                continue
            if k == 0 and not t.top_rule:
                continue
            _hrule(c, yy, t.widths)
        top = ys[0] if t.top_rule or t.header else body_top
        x = X0
        for w in (0.0,) + t.widths:
            x += w
            c.line(x, PAGE_H - top, x, PAGE_H - ys[-1])
    if t.tail:
        c.setFont("Helvetica-Bold", SIZE)
        for k, line in enumerate(t.tail.split("\n")):
            c.drawString(X0 + PAD, PAGE_H - (y + (2 + k) * LEADING), line)


def draw_pdf(path: Path, pages: list[Table], title: str | None = None) -> Path:
    """Write ``pages`` (one table each) to ``path``; ``title`` above the first table."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
    for k, t in enumerate(pages):
        if title and k == 0:
            c.setFont("Helvetica-Bold", 16)
            c.drawString(X0, PAGE_H - 50, title)
        _draw_table(c, t)
        c.showPage()
    c.save()
    return path
