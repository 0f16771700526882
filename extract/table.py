"""Measure tables in any layout: header row by its words, columns by position, rows by rules or gaps.

The same chain of pure functions reads ruled grids, shaded tables and borderless tables:

``find_header(line) → build_header(...) → row_separators(...) → cut_bands(...) → band_cells(...)``

* A header row is a text line whose cells (word groups split by column-wide gaps) name known
  column roles (:mod:`kotoex.extract.columns`, ``data/columns.json``, extendable by the user).
* Columns start where their header text starts; drawn vertical rules, where present, refine the
  boundaries.
* Rows are cut at drawn horizontal rules or at the edges of filled cells where the table has
  them, otherwise at vertical gaps wider than a paragraph gap.
* A band whose text flows across column boundaries (a full-width row: target group, goal,
  theme) is reported as spanning, for the interpreter to read as a heading.

Header rows are read in :mod:`kotoex.extract.table_header` (re-exported here).

Every distance, share and count used here is a field of :class:`~kotoex.extract.table_settings.TableSettings`;
each function takes one as ``settings`` (default: :data:`DEFAULT_TABLE_SETTINGS`).
"""
from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field, replace
from typing import Sequence

from .layout import BULLET_CHARS, Line, group_lines, speck_line
from .pdf import Page, Rule, Word
from .table_header import (
    ROW_ID, Column, Header, _is_mark, _row_number, align_header, build_header, complete_header, find_header,
    header_cells, merge_wrapped_header, roles_by_content,
)
from .table_gaps import _flow_pair, _flows, _heading_across, gap_separators, word_column
from .table_settings import DEFAULT_TABLE_SETTINGS, TableSettings

__all__ = [  # the header functions (table_header.py) are part of this module's interface
    "ROW_ID", "Band", "Column", "Header", "align_header", "band_cells", "build_header", "complete_header", "cut_bands",
    "find_header",
    "gap_separators", "header_cells", "median_size", "merge_wrapped_header", "roles_by_content", "row_separators",
]

_DEF = DEFAULT_TABLE_SETTINGS


# ------------------------------------------------------------------------------------ row bands

@dataclass
class Band:
    """A horizontal slice of a table body: one row, or a full-width (spanning) row."""
    page: int
    top: float
    bottom: float
    words: list[Word]
    spanning: bool = False
    cells: list[list[Line]] = field(default_factory=list)  # per column index
    ruled: bool = False  # cut by drawn rules or fills (not by gaps)
    open_top: bool = False  # no rule above: continues a row cut by a page break (ruled tables)
    below_table: bool = False  # under the bottom border of a drawn table: free text, not a row

    @property
    def lines(self) -> list[Line]:
        return group_lines(self.words)


def _key_span(header: Header, settings: TableSettings) -> tuple[float, float]:
    """The x-range used to decide whether a rule separates rows: the measure-text column."""
    idx = header.index("text")
    if idx is None:
        idx = header.index("goal") or 0
    c = header.columns[idx]
    x0 = c.text_x0
    x1 = c.x1 if c.x1 != float("inf") else x0 + settings.key_column_width
    return x0, min(x1, x0 + settings.key_column_max_width)


def horizontal_rules(page: Page, settings: TableSettings = _DEF) -> list[Rule]:
    """The page's horizontal rules; on a page read by OCR the pieces of a rule broken on the scan joined.

    A faint rule (the border of a shaded band, a light grid) binarises into pieces on one line with
    gaps between them, none of which may cover a column alone. Pieces within ``rule_merge`` of one
    line that cover at least ``broken_rule_share`` of the stretch from the first to the last are one
    rule over that stretch; pieces spread thinner stay as they are (rules under some columns only)."""
    rules = [r for r in page.rules if r.horizontal]
    if not page.ocr or len(rules) < 2:
        return rules
    rules.sort(key=lambda r: r.top)
    groups: list[list[Rule]] = [[rules[0]]]
    for r in rules[1:]:
        if r.top - groups[-1][0].top <= settings.rule_merge:
            groups[-1].append(r)
        else:
            groups.append([r])
    out: list[Rule] = []
    for g in groups:
        x0, x1 = min(r.x0 for r in g), max(r.x1 for r in g)
        covered, reach = 0.0, x0
        for r in sorted(g, key=lambda r: r.x0):
            covered += max(0.0, r.x1 - max(r.x0, reach))
            reach = max(reach, r.x1)
        if len(g) > 1 and covered >= settings.broken_rule_share * (x1 - x0):
            out.append(Rule(x0, min(r.top for r in g), x1, max(r.bottom for r in g)))
        else:
            out.extend(g)
    return out


def row_separators(page: Page, header: Header, top: float, bottom: float,
                   settings: TableSettings = _DEF) -> list[float] | None:
    """y positions of drawn row boundaries within [top, bottom], or None if the table has none."""
    kx0, kx1 = _key_span(header, settings)
    need = settings.rule_min_overlap * (kx1 - kx0)
    reach = settings.rule_reach
    ys: list[float] = []
    for r in horizontal_rules(page, settings):
        if top - reach <= r.top <= bottom + reach:
            if min(r.x1, kx1) - max(r.x0, kx0) >= need:
                ys.append(r.top)
    for f in page.fills:
        if f.bottom < top - reach or f.top > bottom + reach:
            continue
        if min(f.x1, kx1) - max(f.x0, kx0) >= need:
            ys.extend([f.top, f.bottom])
    if not ys:
        return None
    ys.sort()
    out: list[float] = []
    for y in ys:
        if not out or y - out[-1] > settings.rule_merge:
            out.append(y)
    return out




def _near_column_boundary(x: float, header: Header, settings: TableSettings) -> bool:
    return any(abs(x - c.x0) <= settings.column_rule_slack_x for c in header.columns[1:])


def _column_vrules(page: Page, header: Header, settings: TableSettings) -> list[Rule]:
    """The page's vertical rules on a column boundary, but for those ending within the header row on its own
    page (no more than ``header_rule_em`` below its text: the edge of a shaded header cell, such as a
    narrow "#" cell's on a dark band, is no rule between the body's columns)."""
    end = header.bottom + settings.header_rule_em * header.size if header.page == page.number else float("-inf")
    return [r for r in page.rules if not r.horizontal and r.bottom > end
            and _near_column_boundary(r.x0, header, settings)]


def _inner_vrules(page: Page, header: Header, top: float, bottom: float, settings: TableSettings) -> bool:
    """Drawn rules between columns cross the body: a real grid, whatever rows this page holds."""
    return any(r.top < bottom and r.bottom > top for r in _column_vrules(page, header, settings))


def _has_interior(page: Page, seps: list[float], words: list[Word], header: Header, settings: TableSettings) -> bool:
    """Some drawn rule separates two table rows: text above it, and a row of several columns below.

    The bottom border of a boxed table followed by the next table's heading does not count (nor a speck
    the scan has beside that heading: a line of lone characters or marks, :func:`~.layout.speck_line`),
    nor one where the box's sides end, followed by text with no drawn rule beside it (the page's prose).
    """
    top = min(w.top for w in words)
    for i, y in enumerate(seps):
        if y <= top:
            continue
        nxt = seps[i + 1] if i + 1 < len(seps) else float("inf")
        closes = _box_closes(page, y, settings)
        below = [w for ln in group_lines([w for w in words if y < w.mid_y < nxt])
                 if not _flows(ln, header, settings) and not speck_line(ln)
                 and not (closes and _no_rule_beside(page, ln))
                 for w in ln.words]  # a heading running across the columns is no row, nor a speck of the scan
        if len({header.column_of(w.x0) for w in below}) >= 2:
            return True
    return False


def cut_bands(page: Page, header: Header, words: list[Word], top: float, bottom: float,
              settings: TableSettings = _DEF) -> list[Band]:
    """Cut the words of a table body (between ``top`` and ``bottom``) into row bands."""
    if not words:
        return []
    seps = row_separators(page, header, top, bottom, settings)
    if seps is not None:
        words = _inside_rules(page, header, words, top, bottom, settings)
        if not words:
            return []
    if seps is not None and not _has_interior(page, seps, words, header, settings) \
            and not _inner_vrules(page, header, top, bottom, settings):
        seps = None  # only an outer border: the rows inside are told apart by gaps
    if seps is not None and page.ocr and page.fills:
        seps = _fill_edges_off_lines(page, seps, words, settings)
    if seps is not None and page.ocr and _rules_short_of_key(page, header, seps, words, bottom, settings):
        seps = None  # the scan kept the row rules under some columns only: rows by gaps, not by the few that reach
    ruled = seps is not None
    numbered = _numbered_row_cuts(words, header, seps, settings) if ruled and page.ocr else []
    opened = [y for y, _, second in numbered if second] + (_heading_cuts(words, header, seps, settings)
                                                          if ruled and page.ocr else [])
    if opened:
        seps = sorted(seps + opened)
    if seps is None:
        gaps = replace(settings, row_gap_aligned_em=settings.row_gap_aligned_em_ocr) if page.ocr else settings
        seps = gap_separators(words, median_size(words, settings), header, gaps,  # the body's size, not the header's
                              capital_gap_em=settings.row_gap_aligned_em if page.ocr else None)
    edges = [top] + [y for y in seps if top < y < bottom] + [bottom]
    bands: list[Band] = []
    mids = [(w.top + w.bottom) / 2 for w in words]  # Word.mid_y, once per word
    for a, b in zip(edges, edges[1:]):
        ws = [w for w, mid in zip(words, mids) if a <= mid < b]
        if ws:
            bands.append(Band(page.number, a, b, ws, ruled=ruled))
    if ruled and bands:
        first_rule = seps[0] if seps else None
        bands[0].open_top = first_rule is None or first_rule > min(w.top for w in bands[0].words)
        _spread_merged_cells(page, header, bands, settings, bottom, opened, [y for y, _, _ in numbered])
        bands = [b for b in bands if b.words]  # a band whose only words were a merged cell's
        bands[-1:] = _split_tail(page, bands[-1], header, settings) if bands else []
    for band in bands:
        band_cells(band, header, settings)
    _return_overflow(bands, header, settings)
    bands = [b for b in bands if b.words and not (ruled and min(w.top for w in b.words) > seps[-1]
                                                  and all(speck_line(ln) for ln in b.lines))]
    # specks under a drawn table's last rule (a lone "i" of the scan) are no free text ending the table
    for band in bands:
        if ruled and not band.spanning:
            band.spanning = _full_width_cell(page, header, band, settings)
        if ruled and min(w.top for w in band.words) > seps[-1] and _no_rule_beside(page, band) \
                and (band.spanning or _one_cell_not_action(band, header)):
            band.below_table = True  # free text under the table, not an unruled last row
    return bands


def _one_cell_not_action(band: Band, header: Header) -> bool:
    """The band's text stands in one cell: the first column's, or another that is not the action column (in a
    table that draws only its header or group bands, a row's action alone under the last of them is a row)."""
    filled = [k for k, c in enumerate(band.cells) if c]
    return len(filled) <= 1 and (not filled or filled[0] == 0 or header.columns[filled[0]].role != "text")


def _fill_edges_off_lines(page: Page, seps: list[float], words: list[Word], settings: TableSettings) -> list[float]:
    """On a scan, a shaded band's edge that runs through a line of the table (a quarter of the line's height or more
    on either side; no drawn rule there) moves out of it: a top edge to the line's top, a bottom edge to its bottom.
    The shading was found shifted or cut short against its row: no row is cut in the middle of a line."""
    merge = settings.rule_merge
    rules = [r.top for r in horizontal_rules(page, settings)]
    lines = group_lines(words)
    out: list[float] = []
    for y in seps:
        top = any(abs(f.top - y) <= merge for f in page.fills)
        if top != any(abs(f.bottom - y) <= merge for f in page.fills) and not any(abs(r - y) <= merge for r in rules):
            for ln in lines:
                q = (ln.bottom - ln.top) / 4
                if ln.top + q < y < ln.bottom - q:
                    y = ln.top - 0.5 if top else ln.bottom + 0.5
                    break
        out.append(y)
    out.sort()
    return [y for i, y in enumerate(out) if i == 0 or y - out[i - 1] > merge]


def _rules_short_of_key(page: Page, header: Header, seps: list[float], words: list[Word], bottom: float,
                        settings: TableSettings) -> bool:
    """On a scan, more lines of rule inside the table body stop short of its key column than reach it (uneven
    lighting lost the faint rules' right part): the drawn separators that remain miss most rows."""
    merge = settings.rule_merge
    kx0, kx1 = _key_span(header, settings)
    need = settings.rule_min_overlap * (kx1 - kx0)
    first = min(w.top for w in words)
    short: list[float] = []
    for r in horizontal_rules(page, settings):
        if first < r.top < bottom and min(r.x1, kx1) - max(r.x0, kx0) < need \
                and not any(abs(r.top - y) <= merge for y in (*seps, *short)) \
                and not any(abs(r.top - y) <= merge for f in page.fills for y in (f.top, f.bottom)):
            short.append(r.top)
    reaching = [y for y in seps if first < y < bottom
                and not any(abs(y - v) <= merge for f in page.fills for v in (f.top, f.bottom))]
    return len(short) >= 2 and len(short) > len(reaching)


def _numbered_row_cuts(words: list[Word], header: Header, seps: list[float],
                       settings: TableSettings) -> list[tuple[float, float, bool]]:
    """On a scan, the lines opening with a row number in the id column (reaching under its label, beside text of
    the next column), below another line: (the cut between the two lines, the line's top, whether the id column
    has words on a line above it between the same row separators). Such a second number is a row of its own however faint the
    rule above it printed (its pieces too few and short to join into one); no id cell is merged over any."""
    idx = header.index("id")
    if idx is None or idx + 1 >= len(header.columns):
        return []
    merge = settings.rule_merge
    cuts: list[tuple[float, float, bool]] = []
    lines = group_lines(words)
    for k in range(1, len(lines)):
        ln = lines[k]
        mine = [w for w in ln.words if header.column_of(w.x0) == idx]
        if len(mine) == 1 and _row_number(mine[0]) and mine[0].x1 >= header.columns[idx].text_x0 \
                and any(header.column_of(w.x0) == idx + 1 for w in ln.words):
            y = (lines[k - 1].bottom + ln.top) / 2
            above = max((s for s in seps if s < ln.top + merge), default=-math.inf)
            second = y > above + merge and any(
                header.column_of(w.x0) == idx and not _is_mark(w, settings) for a in lines[:k] if a.top > above
                for w in a.words)
            cuts.append((y, ln.top, second))
    return cuts


def _heading_cuts(words: list[Word], header: Header, seps: list[float], settings: TableSettings) -> list[float]:
    """On a scan, cuts around a bold heading running from the first column across the next inside a ruled band
    (shaded rows and the section row between them binarised into one fill): a band of its own, as in a
    borderless table (:func:`~.table_gaps._heading_across`), where the line beside it in no bold is a row's
    line, not running across the columns itself (a wrapped heading whose first line OCR read in no bold)."""
    lines = group_lines(words)
    merge = settings.rule_merge
    return [(a.bottom + b.top) / 2 for a, b in zip(lines, lines[1:])
            if b.top > a.bottom and not any(a.bottom - merge <= y <= b.top + merge for y in seps)
            and ((_heading_across(a, b, header, settings) and not _flows(a, header, settings))
                 or (_heading_across(b, a, header, settings) and not _flows(b, header, settings)))]


def _inside_rules(page: Page, header: Header, words: list[Word], top: float, bottom: float,
                  settings: TableSettings) -> list[Word]:
    """On a page read by OCR, the words of a ruled table but the marks or lone letters (punctuation after them
    aside) lying wholly outside where all its rules and fills start and end: a speck in the margin, read as a
    dash, "E" or "a:", is no word of the last column, one read as "j" no row number of the first. Lone letters
    only where the rules and fills reach from the first column's text start to the last one's (not rules of
    some columns only)."""
    reach = settings.rule_reach
    near = [r for r in (*page.rules, *page.fills) if r.top <= bottom + reach and r.bottom >= top - reach]
    if not page.ocr or not near:
        return words
    left, right = min(r.x0 for r in near) - reach, max(r.x1 for r in near) + reach
    whole = left <= header.columns[0].text_x0 and right >= header.columns[-1].text_x0

    def speck(w: Word) -> bool:
        core = w.text.strip(".,:;'")
        return _is_mark(w, settings) or (whole and len(core) == 1 and core.isalpha())

    return [w for w in words if not ((w.x0 > right or w.x1 < left) and speck(w))]


def _split_tail(page: Page, band: Band, header: Header, settings: TableSettings) -> list[Band]:
    """An undrawn last row and the free text under it (a heading before the next table), apart.

    A drawn table's last row without a rule under it runs on to whatever follows. A gap wider than
    a row gap, after which a few lines start at the first column and stand in it alone (or run
    across the columns) with no rule or fill beside them, ends the row there: the rest is a band
    of its own (read as a heading or free text like any band)."""
    lines = group_lines(band.words)
    size = median_size(band.words, settings)
    for k in range(len(lines) - 1, 0, -1):
        if lines[k].top - lines[k - 1].bottom <= settings.row_gap_em * size:
            continue
        tail = lines[k:]
        cols = [{header.column_of(w.x0) for w in ln.words} for ln in tail]
        # each line in the first column, or running across the columns (a heading wrapped: its last word alone)
        if len(tail) > settings.heading_row_max_lines or header.column_of(tail[0].x0) != 0 \
                or not all(c == {0} or (len(c) > 1 and _flows(ln, header, settings)) for ln, c in zip(tail, cols)):
            return [band]
        cut = (lines[k - 1].bottom + lines[k].top) / 2
        head_words = [w for ln in lines[:k] for w in ln.words]
        tail_words = [w for ln in tail for w in ln.words]
        if not _no_rule_beside(page, Band(band.page, cut, band.bottom, tail_words)):
            return [band]
        return [Band(band.page, band.top, cut, head_words, ruled=band.ruled),
                Band(band.page, cut, band.bottom, tail_words, ruled=band.ruled)]
    return [band]


def _return_overflow(bands: list[Band], header: Header, settings: TableSettings) -> None:
    """Lines of a cell that ran over its row's lower edge go back to the row above.

    A cell spanning rows (a goal beside several measures) may be taller than the first row the
    table's fills or rules mark: its last lines then sit in the next band, above that band's own
    first line of action text (or opening in lower case: the rest of a sentence) and directly under
    the cell's lines in the band above, which reach that band's lowest line. Cells start level with
    their row's first line, so such lines are the rest of the cell above."""
    key = header.index("text")
    if key is None:
        return
    for prev, cur in zip(bands, bands[1:]):
        if prev.spanning or cur.spanning or not cur.cells[key] or prev.page != cur.page:
            continue
        key_top = cur.cells[key][0].top
        for i, lines in enumerate(cur.cells):
            if i == key or not lines or not prev.cells[i]:
                continue
            last = prev.cells[i][-1]
            if last.bottom < max(w.bottom for w in prev.words) - settings.rule_merge:
                continue  # the cell ended above the row's lowest line: not cut off
            over = []
            for ln in lines:
                t = ln.text.lstrip()
                if ln.top - last.bottom > settings.overflow_gap_em * ln.size \
                        or not (ln.top < key_top - settings.rule_merge or (t and t[0].islower())):
                    break
                over.append(ln)
                last = ln
            if over:
                moved = {id(w) for ln in over for w in ln.words}
                prev.cells[i] = prev.cells[i] + over
                prev.words = prev.words + [w for ln in over for w in ln.words]
                cur.cells[i] = lines[len(over):]
                cur.words = [w for w in cur.words if id(w) not in moved]


def _column_span(header: Header, i: int, settings: TableSettings) -> tuple[float, float]:
    """The x-range of column ``i`` where its text stands (unbounded edges replaced by the text start)."""
    c = header.columns[i]
    x1 = c.x1 if math.isfinite(c.x1) else c.text_x0 + settings.key_column_width
    x0 = c.x0 if math.isfinite(c.x0) else c.text_x0 - settings.column_pad
    return x0, x1


def _column_rules(page: Page, header: Header, i: int, settings: TableSettings) -> list[float]:
    """y positions of the drawn horizontal rules that cross column ``i`` (its own row boundaries)."""
    x0, x1 = _column_span(header, i, settings)
    need = settings.rule_min_overlap * (x1 - x0)
    return [r.top for r in horizontal_rules(page, settings) if min(r.x1, x1) - max(r.x0, x0) >= need]


def _closing_rule(page: Page, header: Header, y: float, settings: TableSettings) -> bool:
    """A drawn rule at ``y`` (the last band's bottom) across two columns or more: the table's bottom border."""
    merge = settings.rule_merge
    for r in horizontal_rules(page, settings):
        if abs(r.top - y) <= merge:
            spans = [_column_span(header, i, settings) for i in range(len(header.columns))]
            if sum(min(r.x1, x1) - max(r.x0, x0) >= settings.rule_min_overlap * (x1 - x0) for x0, x1 in spans) >= 2:
                return True
    return False


def _spread_merged_cells(page: Page, header: Header, bands: list[Band], settings: TableSettings,
                         bottom: float = math.inf, opened: Sequence[float] = (),
                         numbered: Sequence[float] = ()) -> None:
    """A cell merged over several rows (no rule of its column between them) belongs to the first of them.

    Word processors centre a merged cell's text vertically (LibreOffice) or set it at the top, so its
    words fall into any one of the rows it spans, or into two. Where a column has drawn rules of its
    own but none between two consecutive bands, the bands share that column's cell: its words go to
    the group's first band, where a cell spanning rows is read from (the rows below take the goal
    from there; the words' positions are kept, for provenance). No cell is merged over a cut in ``opened``
    (a row opened by its own number where the scan lost the rule), nor an id cell over one in ``numbered``
    (above a line opening with a row number: each row's number is its own)."""
    if len(bands) < 2:
        return
    merge = settings.rule_merge
    for i in range(len(header.columns)):
        ys = _column_rules(page, header, i, settings)
        cuts = (*opened, *numbered) if header.columns[i].role == "id" else opened
        if not any(bands[0].top + merge < y < bands[-1].bottom for y in ys) \
                and not (bands[-1].bottom < bottom - settings.default_size
                         and _closing_rule(page, header, bands[-1].bottom, settings)):
            continue  # no rule of its own under the header's (a zebra table's header rule), none beside these
            # bands (the next header's dark cells read as rules), no bottom border of its own: no merged cells
        groups: list[list[Band]] = [[bands[0]]]
        for prev, cur in zip(bands, bands[1:]):
            cut = any(prev.top + merge < y <= cur.top + merge for y in (*ys, *cuts))
            groups.append([cur]) if cut else groups[-1].append(cur)
        for g in groups:
            if len(g) < 2:
                continue
            mine = [w for b in g for w in b.words if header.column_of(w.x0) == i]
            if not mine:
                continue
            for b in g:
                b.words = [w for w in b.words if header.column_of(w.x0) != i] + (mine if b is g[0] else [])


def _full_width_cell(page: Page, header: Header, band: Band, settings: TableSettings) -> bool:
    """In a drawn table: no column rule crosses the band, or one filled cell covers two columns."""
    mid = (min(w.top for w in band.words) + max(w.bottom for w in band.words)) / 2
    if len(header.columns) < 2:
        return False
    vr = _column_vrules(page, header, settings)
    if vr:
        return not any(r.top <= mid <= r.bottom for r in vr)
    # fills alone do not tell: zebra rows are one fill across all columns; the words decide: a line or two in
    # bold, text running on over the column boundaries (a group name set across the table under its rules;
    # cells side by side with narrow gutters may look like one flow too, but a row is not all bold)
    lines = band.lines
    return len(lines) <= settings.heading_row_max_lines and all(ln.bold for ln in lines) \
        and _flows(lines[0], header, settings) \
        and all(len({header.column_of(w.x0) for w in ln.words}) == 1 or _flows(ln, header, settings) for ln in lines)


def _box_closes(page: Page, y: float, settings: TableSettings) -> bool:
    """Drawn vertical rules end at ``y`` and none runs on below it: the bottom of a box."""
    reach = settings.rule_reach
    ends = False
    for r in page.rules:
        if not r.horizontal and r.top < y - reach:
            if r.bottom > y + reach:
                return False
            ends = ends or abs(r.bottom - y) <= reach
    return ends


def _no_rule_beside(page: Page, band: Band | Line) -> bool:
    """No drawn vertical rule or fill reaches into the band (or line): it lies outside the drawn table."""
    top = min(w.top for w in band.words)
    bottom = max(w.bottom for w in band.words)
    for r in page.rules:
        if not r.horizontal and r.top < bottom and r.bottom > top:
            return False
    return not any(f.top < bottom and f.bottom > top for f in page.fills)


def band_cells(band: Band, header: Header, settings: TableSettings = _DEF) -> None:
    """Fill ``band.cells`` (lines per column) and decide whether the band spans the columns."""
    n = len(header.columns)
    per_col: list[list[Word]] = [[] for _ in range(n)]
    for w, col in _word_columns(band.words, header, settings):
        per_col[col].append(w)
    band.cells = [group_lines(ws) if ws else [] for ws in per_col]
    # text flowing over a column boundary: a full-width row (unless two or more columns' text starts on
    # the line where their columns' text starts: a word filling a narrow cell up to its neighbour's is
    # no flow)
    second_x0 = header.columns[min(1, n - 1)].x0

    def at_text_start(w: Word) -> bool:
        return abs(w.x0 - header.columns[header.column_of(w.x0)].text_x0) <= settings.align_hit_slack

    lines = group_lines(band.words)
    cells_first = _side_by_side(lines[0], header, settings) and not _flows(lines[0], header, settings)
    for k, ln in enumerate(lines):
        pairs = list(zip(ln.words, ln.words[1:]))
        crossings = [b for a, b in pairs if header.column_of(a.x0) != header.column_of(b.x0)]
        side = sum(1 for b in crossings if at_text_start(b))
        if side >= 2 and 2 * side >= len(crossings):
            continue  # cells side by side, each starting where its column's text starts: no flow
        if k > 0 and cells_first and _side_by_side(ln, header, settings):
            continue  # on a scan, a later line of a row of cells whose own cells stand apart too: a speck glued
            # before a word ('"Samarbete') stretched it over a column boundary, no text across the columns
        if any(_flow_pair(a, b, header, settings) for a, b in pairs):
            band.spanning = True
            return
        if ln.x1 > second_x0 + settings.span_slack and header.column_of(ln.x0) == 0 and len(ln.words) == 1 and n > 1:
            band.spanning = True
            return


def _side_by_side(ln: Line, header: Header, settings: TableSettings) -> bool:
    """An OCR'd line with two neighbouring words in different columns ``cells_apart_em`` apart (cells side by side)."""
    return ln.words[0].conf is not None and any(
        header.column_of(a.x0) != header.column_of(b.x0) and b.x0 - a.x1 > settings.cells_apart_em * max(a.size, b.size)
        for a, b in zip(ln.words, ln.words[1:]))


def _word_columns(words: Sequence[Word], header: Header, settings: TableSettings) -> list[tuple[Word, int]]:
    """Each word with its column; a bullet goes with the word it marks (the next on its line, at most
    ``bullet_gap_em`` after it, in the next column), wherever the boundary falls between them."""
    col = {id(w): word_column(w, header, settings) for w in words}
    for ln in group_lines(list(words)):
        for a, b in zip(ln.words, ln.words[1:]):
            if a.text in BULLET_CHARS and col[id(b)] == col[id(a)] + 1 \
                    and b.x0 - a.x1 <= settings.bullet_gap_em * max(a.size, b.size):
                col[id(a)] = col[id(b)]
    return [(w, col[id(w)]) for w in words]


def median_size(words: Sequence[Word], settings: TableSettings = _DEF) -> float:
    sizes = [w.size for w in words if w.text not in BULLET_CHARS]
    return statistics.median(sizes) if sizes else settings.default_size
