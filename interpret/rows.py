"""Plain data of the measure reader: cell text, the context headings give, table rows, raw measures."""
from __future__ import annotations

from dataclasses import dataclass, field

from kotoex.extract.layout import Line, clean_join
from kotoex.extract.table import Header


@dataclass
class CellText:
    """The lines of one cell, kept for text, bullet splitting and provenance."""
    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        return clean_join([ln.text for ln in self.lines])

    def boxes(self) -> list[dict]:
        out: dict[int, list[float]] = {}
        for ln in self.lines:
            x0, top, x1, bottom = ln.x0, ln.top, ln.x1, ln.bottom  # each read once: a line's box spans its words
            b = out.setdefault(ln.page, [x0, top, x1, bottom])
            b[0], b[1], b[2], b[3] = min(b[0], x0), min(b[1], top), max(b[2], x1), max(b[3], bottom)
        return [{"page": p, "bbox": [round(v, 1) for v in b]} for p, b in sorted(out.items())]


@dataclass
class RawMeasure:
    id: str | None
    text: str
    section: str | None
    goal: str | None
    cells: dict[str, str]  # role → cell text (responsible, partners, status, indicator, schedule)
    pages: list[int]
    boxes: dict[str, list[dict]]  # role → [{page, bbox}] provenance
    merged_across_pages: bool = False
    header_roles: tuple[str, ...] = ()
    path: str = "grid"
    cell_lines: dict[str, str] = field(default_factory=dict)  # role → a body cell's lines joined by "\n"
    id_read: str | None = None  # the id as OCR read it, where the document's id sequence repaired it


@dataclass(frozen=True)
class Context:
    """What the headings read so far say about the rows below them (never changed: replaced).

    ``section`` is the target group or theme, ``goals`` the numbered goals of the section (by
    number), ``goal`` the one current goal; the ``*_boxes`` are their provenance. An inline goal followed by
    a section heading before any measure stands over that section and the next ones (``goal_over``)."""
    section: str | None = None
    goals: dict[str, str] = field(default_factory=dict)
    goal: str | None = None
    section_boxes: list[dict] = field(default_factory=list)
    goal_boxes: list[dict] = field(default_factory=list)
    goals_boxes: dict[str, list[dict]] = field(default_factory=dict)
    goal_used: bool = False  # a measure was read under ``goal``
    goal_over: bool = False  # ``goal`` was followed by a section before any measure: it holds over the sections


@dataclass
class Row:
    """One table row as read (possibly merged over a page break), or measures read from narrative text."""
    cells: dict[str, CellText]
    pages: set[int]
    context: Context
    header: Header | None
    merged: bool = False
    goal_from: "Row | None" = None  # a goal cell spanning rows: the row that holds it
    section_from: "Row | None" = None  # a section cell spanning rows: the row that holds it
    ruled: bool = True
    slot_pitch: float = 0.0  # the row's line pitch (table rows)
    fixed: list[RawMeasure] | None = None  # measures read from narrative text, not from a table row
