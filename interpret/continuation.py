"""Continuation of table rows: does a row band continue the row above it, or start a measure?

A row cut by a page break (or, in a borderless table, at a paragraph gap) arrives as a second band
whose cells carry on the cells above. The decision reads only the band's cells, the previous row and
how the band was cut; it is made in :func:`continues_previous`.
"""
from __future__ import annotations

from dataclasses import replace

from kotoex.extract.layout import BULLET_CHARS, Line, clean_join
from kotoex.extract.table import ROW_ID, Band, Header, header_cells
from kotoex.extract.table_settings import TableSettings

from .headings import ends_sentence
from .ids import reads_as_next
from .rows import CellText, Context, Row


def has_id(cells: dict[str, CellText]) -> bool:
    """The row carries its own number: an id cell, or a measure number opening its action text."""
    if "id" in cells and cells["id"].text.strip():
        return True
    txt = cells.get("text")
    return bool(txt and txt.lines and ROW_ID.match(txt.lines[0].text))


def _row_number(cells: dict[str, CellText]) -> str | None:
    """The row's number as read: its id cell, or the measure number opening its action text."""
    if "id" in cells and cells["id"].text.strip():
        return cells["id"].text.strip()
    txt = cells.get("text")
    m = ROW_ID.match(txt.lines[0].text) if txt and txt.lines else None
    return m["id"] if m else None


def misread_next_number(prev: Row, cells: dict[str, CellText]) -> bool:
    """On a scan, the band opens (its id cell or action text) with a number whose dots OCR lost ("113") and
    whose digits are the id after the previous row's ("1.1.2"): a row of its own."""
    cell = cells.get("id") or cells.get("text")
    if not cell or not cell.lines:
        return False
    w = cell.lines[0].words[0]
    return w.conf is not None and reads_as_next(_row_number(prev.cells), w.text)


def starts_lower(cell: CellText | None) -> bool:
    """The cell's first line opens with a lower-case letter: the rest of a sentence."""
    if not cell or not cell.lines:
        return False
    t = cell.lines[0].text.lstrip()
    return bool(t) and t[0].islower()


def _empty(cell: CellText | None) -> bool:
    return cell is None or not cell.lines


def continues_previous(prev: Row | None, header: Header, cells: dict[str, CellText], band: Band, *,
                       first_on_page: bool, after_headings: bool, ids_used: bool) -> bool:
    """Whether the band (its ``cells`` by role) is the rest of ``prev``, the row read before it.

    ``first_on_page``: the band is the first row of a table region that continues the table of the
    page before; ``after_headings``: headings came between ``prev`` and the band (never a merge);
    ``ids_used``: the document numbers its rows (a row without a number then continues).
    """
    if prev is None or after_headings:
        return False
    if prev.header is not header and prev.header.roles != header.roles:
        return False
    if first_on_page and _empty(prev.cells.get("text")) and not has_id(prev.cells):
        return True  # the row above was cut before its action text: this is the rest of it
    if has_id(cells) or misread_next_number(prev, cells):
        return False  # a row with its own number starts a measure, even if its text is on the next page
    text = cells.get("text")
    if ids_used and not first_on_page and not band.ruled and _scanned(band) and _full_row(header, cells):
        return False  # its number lost by the scan: every column opens on the band's first line, capitalised
    if ids_used and (first_on_page or not band.ruled):
        return True
    if ids_used and starts_lower(text) and all(starts_lower(c) for c in cells.values() if not _empty(c)):
        return True  # numbered rows: an unnumbered band opening in lower case is the rest of a sentence (a
        # scanned zebra fill cut in two)
    if not first_on_page:
        # a borderless row cut at a paragraph gap: no measure text of its own
        return not band.ruled and _empty(text) and "goal" not in cells
    if band.open_top and not _full_row(header, cells):
        return True  # (a first band opening every column with a capital is a row of its own: a zebra table's
        # unshaded first row, whose shading starts below it, looks open at the top as a cut row does)
    if _more_list_items(prev, header, cells):
        return True  # more items of the list above: the row's own key cells are all empty
    if _empty(text):
        return True
    own = [c for r, c in cells.items() if r not in SPANNING and not _empty(c)]
    if sum(1 for c in own if not starts_lower(c)) >= 2 and not any(starts_lower(c) for c in own):
        return False  # a row of its own under a goal or section cell going on from the page before
    return any(starts_lower(c) for c in cells.values())


SPANNING = ("goal", "section")  # columns whose cell may span several rows (merged), across a page break too


def spanning_rest(prev: Row, cells: dict[str, CellText]) -> list[tuple[str, Row, CellText]]:
    """The cells of a page's first row (one of its own) that go on with the goal or section cell spanning the rows
    above (lower case), each with the row whose cell their lines belong to: ``prev``, or the row it took it from."""
    out = []
    for role in SPANNING:
        owner = (prev.goal_from if role == "goal" else prev.section_from) or prev
        if starts_lower(cells.get(role)) and not _empty(owner.cells.get(role)):
            out.append((role, owner, cells[role]))
    return out


def _more_list_items(prev: Row, header: Header, cells: dict[str, CellText]) -> bool:
    """The key cells left of the action column (id, section, goal) are empty and the action opens with a bullet,
    as the action of ``prev`` has one (a list to go on: after an action without bullets, bulleted actions under
    the same spanning goal are rows of their own)."""
    ti = header.index("text")
    keys = [c.role for c in header.columns[:ti or 0] if c.role in ("id", "section", "goal")]
    text = cells.get("text")
    above = prev.cells.get("text")
    return bool(keys) and not any(k in cells for k in keys) and not _empty(text) \
        and text.lines[0].words[0].text in BULLET_CHARS \
        and not _empty(above) and any(ln.words[0].text in BULLET_CHARS for ln in above.lines)


def _scanned(band: Band) -> bool:
    return any(w.conf is not None for w in band.words)  # words read by OCR


def _full_row(header: Header, cells: dict[str, CellText]) -> bool:
    """Every column but the id opens on the band's first line (within half a line) with a capital letter or a
    digit: a row of its own whose number the scan lost, not the rest of a row cut at a paragraph gap."""
    roles = [c.role for c in header.columns if c.role != "id"]
    if len(roles) < 4 or any(_empty(cells.get(r)) for r in roles):
        return False
    firsts = [cells[r].lines[0] for r in roles]
    top = min(ln.top for ln in firsts)
    return all(ln.top - top <= (ln.bottom - ln.top) / 2 and (ln.text[:1].isupper() or ln.text[:1].isdigit())
               for ln in firsts)


def goal_line_goes_on(goal: Line, above: Line, ln: Line, s: TableSettings) -> bool:
    """``ln`` goes on with an inline goal line's text: one run of words aligned with it, in lower case or right
    under a line that ends no sentence (at the line pitch)."""
    return len(header_cells(ln, s)) == 1 and abs(ln.x0 - goal.x0) <= s.list_indent_slack and (
        ln.text[:1].islower() or (not ends_sentence(above) and ln.top - above.bottom <= s.list_wrap_gap_em * ln.size))


def goal_rest(ctx: Context, cells: dict[str, CellText], page: int) -> Context | None:
    """A band on ``page``, right after a goal that ends on an earlier page with no measure under it yet, holding
    one cell whose text opens in lower case (no number): the goal's sentence the page break cut. ``ctx`` with it
    added, or None."""
    filled = [c for c in cells.values() if not _empty(c)]
    if not ctx.goal or ctx.goal_used or not ctx.goal_boxes or ctx.goal_boxes[-1]["page"] >= page \
            or len(filled) != 1 or has_id(cells) or not starts_lower(filled[0]):
        return None
    return replace(ctx, goal=clean_join([ctx.goal, filled[0].text]), goal_boxes=ctx.goal_boxes + filled[0].boxes())
