"""Pages → raw measures: table rows with their section, goal, id and cells by role.

Walks the document top to bottom keeping one piece of state (:class:`_State`): the active table
header, the :class:`~kotoex.interpret.rows.Context` the headings give (section, numbered goals,
current goal) and the rows read so far. Text outside table rows is read by
:mod:`kotoex.interpret.headings`; each row band becomes a row, or is merged into the one above
when it continues it (:mod:`kotoex.interpret.continuation`); :func:`_finish` turns rows into
measures. Geometry comes from :class:`~kotoex.extract.table_settings.TableSettings`.

The output is plain data (:class:`RawMeasure`); normalising codes is the next layer's job.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import islice

from kotoex.extract.columns import ColumnVocab, default_vocab
from kotoex.extract.furniture import drop_furniture
from kotoex.extract.layout import BULLET_CHARS, Line, aligned_bullets, clean_join, group_lines, speck_line, wraps_range
from kotoex.extract.pdf import Page, Word
from kotoex.extract.table import (
    ROW_ID, Band, Header, align_header, band_cells, build_header, complete_header, cut_bands, find_header,
    header_cells, median_size, merge_wrapped_header, row_separators,
)
from kotoex.extract.table_header import header_from_label, realign_header
from kotoex.extract.table_settings import DEFAULT_TABLE_SETTINGS, TableSettings
from kotoex.models import Problem

from .continuation import (
    continues_previous, goal_line_goes_on, goal_rest, has_id, misread_next_number, spanning_rest,
)
from .headings import GOAL_INLINE, heading_like, read_headings
from .ids import repair_id_sequence, repair_ids
from .rows import CellText, Context, RawMeasure, Row
from .table_problems import implausible, unrecognised_headers

__all__ = ["CellText", "RawMeasure", "read_measures"]


@dataclass
class _State:
    vocab: ColumnVocab
    body_size: float
    settings: TableSettings
    header: Header | None = None
    context: Context = field(default_factory=Context)
    rows: list[Row] = field(default_factory=list)
    pending: list[Line] = field(default_factory=list)  # heading-stream lines not yet read
    span_lines: set[int] = field(default_factory=set)  # id() of pending lines from full-width table rows
    since_row: bool = False  # headings were seen since the last row
    ids_used: bool = False
    warnings: list[Problem] = field(default_factory=list)
    lines_of: dict[int, list[Line]] = field(default_factory=dict)  # each page's lines (furniture dropped)
    header_pages: set[int] = field(default_factory=set)  # pages with a recognised header or a carried table
    seen_headers: list[Header] = field(default_factory=list)  # the header rows read so far, latest last
    ended: Header | None = None  # a drawn table whose end was free text at the foot of the page before


def _read_headings(st: _State) -> None:
    """Read the pending heading-stream lines into the context (and narrative measures)."""
    lines, st.pending = st.pending, []
    if not lines:
        return
    span_lines, st.span_lines = st.span_lines, set()
    st.context, narrative = read_headings(lines, st.context, st.vocab, st.body_size, span_lines, st.settings)
    st.rows.extend(Row({}, set(m.pages), Context(), st.header, fixed=[m]) for m in narrative)


# ---------------------------------------------------------------------------------------- rows

def _role_cells(band: Band, header: Header) -> dict[str, CellText]:
    out: dict[str, CellText] = {}
    for col, lines in zip(header.columns, band.cells):
        if col.role in ("section", "goal"):
            lines = [ln for ln in lines if not speck_line(ln)]  # it would start a section or goal of its own
        if col.role and lines:
            out[col.role] = CellText(list(lines))
    return out


def _continues_free_list(st: _State, band: Band) -> bool:
    """A short bullet item below narrative bullets is one more item, not a table row."""
    bullets = [ln for ln in st.pending if ln.words[0].text in BULLET_CHARS]
    if not bullets:
        return False
    first = band.lines[0]
    return first.words[0].text in BULLET_CHARS and abs(first.x0 - bullets[-1].x0) <= st.settings.list_indent_slack


def _label_band(st: _State, band: Band) -> bool:
    """A band opening with a label (ASIAKASKOHDERYHMÄ, TAVOITTEET, "Tavoite: ...") is no measure."""
    lines = band.lines
    if not lines:
        return False
    first = lines[0]
    t = first.text.strip()
    head = first.words[0].text
    v = st.vocab
    return (v.is_label(t, v.section_labels) or v.is_label(t, v.goal_labels) or bool(GOAL_INLINE.match(t))
            or (first.bold and (v.is_label(head, v.section_labels) or v.is_label(head, v.goal_labels))))


def _heading_row(st: _State, band: Band, header: Header) -> bool:
    """A row with text in its first column only, all of it heading-like: a group heading inside the table.
    Specks of a scan beside it (a line of lone characters or marks: ":", "'") are none of its text."""
    cells = [[ln for ln in c if not speck_line(ln)] for c in band.cells]
    first = cells[0] if cells else []
    if not first or sum(1 for c in cells if c) != 1:
        return False
    s = st.settings
    if not all(heading_like(ln, st.body_size, s) for ln in first):
        return False
    return header.columns[0].role != "text" or all(ln.size > s.heading_size_ratio * st.body_size for ln in first) \
        or (len(first) <= s.heading_row_max_lines and sum(len(ln.words) for ln in first) <= s.heading_row_max_words)


def _add_row(st: _State, band: Band, first_on_page: bool) -> None:
    header = st.header
    assert header is not None
    cells = _role_cells(band, header)
    if not cells:
        return
    if has_id(cells):
        st.ids_used = True
    prev = st.rows[-1] if st.rows else None
    if st.since_row and (goal := goal_rest(st.context, cells, band.page)) is not None:
        st.context = goal  # an inline goal's sentence going on over the page break: no row
        return
    if continues_previous(prev, header, cells, band, first_on_page=first_on_page, after_headings=st.since_row,
                          ids_used=st.ids_used):
        for role, c in cells.items():
            prev.cells.setdefault(role, CellText()).lines.extend(c.lines)
        prev.pages.add(band.page)
        prev.merged = True
        return
    if prev is not None and first_on_page:
        for role, owner, c in spanning_rest(prev, cells):
            owner.cells[role].lines.extend(c.lines)
            owner.pages.add(band.page)
            cells = {r: x for r, x in cells.items() if r != role}
    if prev is not None and "id" not in cells and misread_next_number(prev, cells):
        cells = _number_apart(cells)
    goal_from = None
    if "goal" not in cells and header.index("goal") is not None and prev is not None and not st.since_row \
            and prev.header.index("goal") is not None:
        goal_from = prev.goal_from or prev  # a goal cell spanning several rows
    section_from = None
    if "section" not in cells and header.index("section") is not None and prev is not None and not st.since_row \
            and prev.header.index("section") is not None and prev.fixed is None:
        section_from = prev.section_from or (prev if "section" in prev.cells else None)
    if st.context.goal and not st.context.goal_used:
        st.context = replace(st.context, goal_used=True)
    st.rows.append(Row(cells, {band.page}, st.context, header, goal_from=goal_from, section_from=section_from,
                       ruled=band.ruled, slot_pitch=_line_pitch(band, st.settings)))
    st.since_row = False


def _number_apart(cells: dict[str, CellText]) -> dict[str, CellText]:
    """The row number opening the action text (read without its dots: "113") as the row's id cell."""
    lines = cells["text"].lines
    first = lines[0]
    rest = [Line(first.words[1:])] if len(first.words) > 1 else []
    return {**cells, "id": CellText([Line(first.words[:1])]), "text": CellText(rest + lines[1:])}


def _line_pitch(band: Band, s: TableSettings) -> float:
    lines = group_lines(band.words)
    pitches = [b.top - a.top for a, b in zip(lines, lines[1:]) if 0 < b.top - a.top < s.line_pitch_max_em * a.size]
    return min(pitches) if pitches else (lines[0].size * s.default_pitch_em if lines else s.default_size)


# ---------------------------------------------------------------------------------------- pages

def read_measures(pages: list[Page], vocab: ColumnVocab | None = None,
                  settings: TableSettings | None = None) -> tuple[list[RawMeasure], list[Problem], dict]:
    """All measures of a document, in document order, with problems (:mod:`.table_problems`: an
    unrecognised header row, implausible measures) and facts about the tables."""
    vocab = vocab or default_vocab()
    settings = settings or DEFAULT_TABLE_SETTINGS
    all_words = [w for p in pages for w in p.words]
    st = _State(vocab=vocab, body_size=median_size(all_words, settings), settings=settings)
    facts = {"headers": 0, "roles": set(), "ruled": 0, "borderless": 0}
    prepared = [_prepare(st, page) for page in pages]
    later = [h for _, _, headers in prepared for h in headers]  # every header as read, for scans' lost labels
    prepared = [_lone_labels(st, page, prep, later) if page.ocr else prep for page, prep in zip(pages, prepared)]
    for page, prep in zip(pages, prepared):
        _read_page(st, page, facts, prep, later)
    _read_headings(st)
    list_tables = _list_tables(st.rows, settings)
    measures = [m for row in st.rows
                for m in _finish(row, vocab, settings, row.fixed is None and tuple(row.header.roles) in list_tables)]
    repair_ids(measures)
    repair_id_sequence(measures, {p.number for p in pages if p.ocr})
    facts["roles"] = sorted(facts["roles"])
    st.warnings.extend(unrecognised_headers(pages, st.lines_of, st.header_pages, vocab, settings))
    st.warnings.extend(implausible(measures))
    return measures, st.warnings, facts


def _page_headers(lines: list[Line], page: Page, vocab: ColumnVocab, s: TableSettings) -> list[Header]:
    """The table header rows of a page, top to bottom (a header wrapped onto the next lines included)."""
    headers: list[Header] = []
    skip = -1
    for i, ln in enumerate(lines):
        if i <= skip:
            continue
        cells = find_header(ln, vocab, s, lines[i + 1:i + 1 + s.content_lines])
        # a header whose labels wrap onto the lines below: read them together where that names more
        # columns ("Kehittämisen / näkökulmat" names one only as a whole)
        merged = merge_wrapped_header(ln, lines[i + 1:i + 1 + s.header_wrap_lines], s)
        wrapped = None
        if merged:
            bottom = merged.bottom
            wrapped = find_header(merged, vocab, s, list(islice((x for x in lines[i + 1:] if x.top >= bottom), s.content_lines)))
        if wrapped and _named(wrapped) > _named(cells or []):
            cells = wrapped
            skip = max(k for k in range(i, min(len(lines), i + 1 + s.header_wrap_lines))
                       if lines[k].top < merged.bottom)
            ln = merged
        if cells:
            below = max(i, skip) + 1  # after the wrapped lines read into it
            headers.append(build_header(ln, cells, page, lines[below:below + s.header_label_lines], s))
    return headers


def _named(cells: list) -> int:
    """How many of a header's cells name a column."""
    return sum(1 for c in cells if c[0])


def _prepare(st: _State, page: Page) -> tuple[list[Word], list[Line], list[Header]]:
    """A page's words (furniture dropped, on a scan bullets OCR misread made bullets), lines and header rows."""
    words = drop_furniture(page)
    if page.ocr:
        words = aligned_bullets(words, st.settings.bullet_align_slack)
    lines = group_lines(words)
    return words, lines, _page_headers(lines, page, st.vocab, st.settings)


def _lone_labels(st: _State, page: Page, prep: tuple[list[Word], list[Line], list[Header]],
                 found: list[Header]) -> tuple[list[Word], list[Line], list[Header]]:
    """A scanned page's header rows with those OCR read one label of (:func:`header_from_label`)."""
    words, lines, headers = prep
    extra = []
    for i, ln in enumerate(lines):
        if len(ln.words) > 3 or not (ln.bold or ln.text.isupper()) or any(h.top - 1 <= ln.top <= h.bottom
                                                                              for h in headers):
            continue  # set like a header (bold or capitals), and none of this page's header rows
        role = st.vocab.role_of(ln.text)
        new = role and header_from_label(ln, role, found, page.number, lines[i + 1] if i + 1 < len(lines) else None,
                                         st.settings)
        if new:
            extra.append(new)
    return (words, lines, sorted(headers + extra, key=lambda h: h.top)) if extra else prep


def _read_page(st: _State, page: Page, facts: dict, prep: tuple[list[Word], list[Line], list[Header]],
               found: list[Header]) -> None:
    """The rows and headings of one page: the region above its first header, then each header's body."""
    s = st.settings
    words, lines, headers = prep
    if page.ocr:
        headers = [_repeated(st, h, found) for h in headers]
    st.seen_headers.extend(headers)
    st.lines_of[page.number] = lines
    bounds = [h.top for h in headers] + [page.height + 1]
    first_top = bounds[0]
    pre_words = [w for w in words if w.bottom <= first_top + s.body_slack]
    if st.ended is not None and st.header is None and pre_words and _opens_drawn(st, page, st.ended, pre_words):
        st.header = st.ended  # the text that ended it was a heading row at the page's foot, the rows go on here
    st.ended = None
    if headers or st.header is not None:
        st.header_pages.add(page.number)
    if st.header is not None and pre_words:
        _table_region(st, page, align_header(st.header, page, s), pre_words, 0.0, first_top, facts, carried=True)
    else:
        st.pending.extend(ln for ln in lines if ln.bottom <= first_top + s.body_slack)
        if st.pending:
            st.since_row = True
    for k, header in enumerate(headers):
        facts["headers"] += 1
        facts["roles"].update(r for r in header.roles if r)
        # a header repeated at the top of a page with no heading before it continues the table
        _read_headings(st)
        st.header = header
        body_top, body_bottom = header.bottom + s.body_slack, bounds[k + 1]
        body_words = [w for w in words if body_top <= w.mid_y < body_bottom]
        _table_region(st, page, header, body_words, body_top, body_bottom, facts, carried=False)


def _statement_row(st: _State, band: Band, header: Header) -> bool:
    """A row whose first cell (not the action column) is a statement label: "Kaupungin arvot", "Visio"."""
    first = band.cells[0] if band.cells else []
    return bool(first) and header.columns[0].role != "text" and st.vocab.is_statement(" ".join(ln.text for ln in first))


def _opens_drawn(st: _State, page: Page, header: Header, words: list[Word]) -> bool:
    """The page's text opens inside drawn rows (rules or shading across ``header``'s key columns), or within
    ``resume_open_em`` above the first of them (an unshaded first row of zebra shading)."""
    top = min(w.top for w in words)
    seps = row_separators(page, header, 0.0, max(w.bottom for w in words), st.settings)
    return seps is not None and seps[0] - top <= st.settings.resume_open_em * st.body_size


def _repeated(st: _State, header: Header, found: list[Header]) -> Header:
    """A scanned header row as the latest earlier header it repeats names it, where that names more
    columns (labels OCR misread or lost on a dark band: :func:`complete_header`); else as the first later one
    of the ``found`` does (the table's first header, on its first page, may be the one OCR damaged); one whose
    every label was read but one column's start misplaced takes the latest earlier header's columns."""
    later = [h for h in found if h.page > header.page]
    for other in [*reversed(st.seen_headers), *later]:
        full = complete_header(header, other, st.settings)
        if full is not None:
            return full
    if st.seen_headers:  # every label read, one column's start OCR misplaced: the latest earlier header's
        return realign_header(header, st.seen_headers[-1], st.settings) or header
    return header


def _list_tables(rows: list[Row], s: TableSettings) -> set[tuple]:
    """Header roles of tables whose action column is a list column: most of its cells are bullet lists.

    Every cell of such a column is split into one measure per item, a leading item without a bullet
    included."""
    starts: dict[tuple, list[bool]] = {}
    for row in rows:
        if row.fixed is not None:
            continue
        txt = row.cells.get("text")
        if txt and txt.lines:
            starts.setdefault(tuple(row.header.roles), []).append(txt.lines[0].words[0].text in BULLET_CHARS)
    return {k for k, v in starts.items() if sum(v) >= max(1, s.list_column_share * len(v))}


def _table_region(st: _State, page: Page, header: Header, words: list[Word], top: float, bottom: float,
                  facts: dict, carried: bool) -> None:
    bands = [part for band in cut_bands(page, header, words, top, bottom, st.settings)
             for part in _split_goal_lines(band, header, st.settings)]
    first = True
    for band in bands:
        if band.below_table or _continues_free_list(st, band):
            lines = band.lines  # (made afresh at each reading: kept, so their ids stay theirs)
            st.pending.extend(lines)
            st.since_row = True
            if band.below_table:
                st.header = None  # the drawn table ended: what follows on later pages is not its rows,
                # unless this was the last text on the page and the next page opens with its drawn rows
                st.ended = header if band is bands[-1] and bottom > page.height else None
                if st.ended is not None and band.spanning:  # a full-width row at the foot: may be a long heading
                    st.span_lines.update(id(ln) for ln in lines)
            continue
        if band.spanning or _heading_row(st, band, header) or _label_band(st, band):
            lines = band.lines
            st.pending.extend(lines)
            if band.spanning:
                st.span_lines.update(id(ln) for ln in lines)
            st.since_row = True
            continue
        if _statement_row(st, band, header):
            st.since_row = True  # values or a vision stated in the table: neither a measure nor a heading
            continue
        if st.pending:
            _read_headings(st)
        facts["ruled" if band.ruled else "borderless"] += 1
        _add_row(st, band, first_on_page=first and (carried or not st.since_row))
        first = False


def _split_goal_lines(band: Band, header: Header, s: TableSettings) -> list[Band]:
    """A band cut by gaps holding an inline goal line ("Tavoite: ...") opening in the first column with no
    other cell beside it, and more lines, is apart: the rows above, the goal line (a label band, read as the
    goal of the rows below it) and what follows (a goal row set as closely under the row above, or over the
    row below, as the lines of a cell are: a tightly set borderless table)."""
    lines = band.lines
    if band.ruled or len(lines) < 2:
        return [band]
    for i, ln in enumerate(lines):
        if GOAL_INLINE.match(ln.text.strip()) and header.column_of(ln.x0) == 0 \
                and len(header_cells(ln, s)) == 1:
            j = i + 1  # the goal's own wrapped lines: alone in the first column, before the next row opens, or
            # its sentence going on under it in lower case, one run of words however far across (a wide column)
            while j < len(lines) and lines[j].words[0].text not in BULLET_CHARS and (
                    header.column_of(lines[j].x1) == 0 or goal_line_goes_on(ln, lines[j - 1], lines[j], s)):
                j += 1
            end = lines[j - 1].bottom
            above = [w for w in band.words if w.mid_y < ln.top]
            parts = ([Band(band.page, band.top, ln.top, above)] if above else []) \
                + [Band(band.page, ln.top, end, [w for w in band.words if ln.top <= w.mid_y <= end])]
            rest = [w for w in band.words if w.mid_y > end]
            for part in parts:
                band_cells(part, header, s)
            if rest:
                tail = Band(band.page, end, band.bottom, rest)
                band_cells(tail, header, s)
                parts.extend(_split_goal_lines(tail, header, s))
            return parts
    return [band]


# ------------------------------------------------------------------------------------ finishing

def _split_id(cell: CellText, vocab: ColumnVocab) -> tuple[str | None, list[str], list[Line]]:
    """Take the measure's own number off the front of its text, and the label after it.

    Returns the id, the text lines and the :class:`Line` objects they were read from (for
    provenance: the id and a label line are not part of the text's box)."""
    texts = [ln.text for ln in cell.lines]
    if not texts:
        return None, [], []
    m = ROW_ID.match(texts[0])
    if not m:
        return None, texts, list(cell.lines)
    mid = re.sub(r"\s+", "", m["id"]).rstrip(".")
    rest = texts[0][m.end():].strip().lstrip(".").strip()
    if not rest or vocab.is_label(rest.replace(" ", ""), vocab.measure_labels, cutoff=vocab.measure_label_cutoff):
        return mid, texts[1:], list(cell.lines[1:])  # "1.2 Kehittämis ehdotus" is a label line, not text
    first = cell.lines[0]
    n_rest = len(rest.split())
    rest_line = Line(first.words[len(first.words) - n_rest:]) if 0 < n_rest <= len(first.words) else first
    return mid, [rest] + texts[1:], [rest_line] + list(cell.lines[1:])


def _row_id(cells: dict[str, CellText], vocab: ColumnVocab) -> tuple[str | None, list[str], list[Line]]:
    """The row's id (from its id column, else off the front of its action text) and the action's lines."""
    text_cell = cells.get("text") or CellText()
    if "id" in cells and cells["id"].text:
        m = ROW_ID.match(cells["id"].text)
        mid = re.sub(r"\s+", "", m["id"]).rstrip(".") if m else cells["id"].text.strip()
        return mid, [ln.text for ln in text_cell.lines], list(text_cell.lines)
    return _split_id(text_cell, vocab)


def _section(row: Row, boxes: dict[str, list[dict]]) -> str | None:
    """The row's section: its own section cell, else the heading context's (``boxes`` follow)."""
    cells = (row.section_from or row).cells  # a section cell spanning rows: the row that holds it
    if "section" in cells and cells["section"].text:
        boxes["section"] = cells["section"].boxes()
        return cells["section"].text
    section = row.context.section
    boxes.pop("section", None)
    if section and row.context.section_boxes:
        boxes["section"] = list(row.context.section_boxes)
    return section


def _goal(row: Row, mid: str | None, boxes: dict[str, list[dict]]) -> str | None:
    """The row's goal: a numbered goal its id points at, its (spanning) goal cell, or the context's goal."""
    ctx = row.context
    goal_row = row.goal_from or row
    if "goal" in goal_row.cells:
        goal, goal_boxes = goal_row.cells["goal"].text, goal_row.cells["goal"].boxes()
    else:
        goal, goal_boxes = ctx.goal, list(ctx.goal_boxes)
    if mid and ctx.goals:
        key = mid.split(".")[0]
        if key in ctx.goals:
            goal, goal_boxes = ctx.goals[key], list(ctx.goals_boxes.get(key, []))
    elif not goal and len(ctx.goals) == 1:
        key = next(iter(ctx.goals))
        goal, goal_boxes = ctx.goals[key], list(ctx.goals_boxes.get(key, []))
    boxes.pop("goal", None)
    if goal and goal_boxes:
        boxes["goal"] = goal_boxes
    return goal


def _bullet_items(lines: list[Line]) -> list[list[Line]]:
    items: list[list[Line]] = []
    for ln in lines:
        if ln.words[0].text in BULLET_CHARS or not items:
            items.append([ln])
        else:
            items[-1].append(ln)
    return items


def _finish(row: Row, vocab: ColumnVocab, settings: TableSettings, list_column: bool = False) -> list[RawMeasure]:
    """A row's measures: one, or one per action where its action cell is a list of bullets."""
    if row.fixed is not None:
        return row.fixed
    cells = row.cells
    text_cell = cells.get("text") or CellText()
    mid, text_lines, text_objs = _row_id(cells, vocab)
    boxes = {role: c.boxes() for role, c in cells.items()}
    if text_cell.lines:
        boxes["text"] = CellText(text_objs).boxes()
    section = _section(row, boxes)
    goal = _goal(row, mid, boxes)
    base = {role: c.text for role, c in cells.items() if role not in ("text", "id", "goal", "section")}
    common = dict(section=section, goal=goal, pages=sorted(row.pages), merged_across_pages=row.merged,
                  header_roles=tuple(r for r in row.header.roles if r), path="grid" if row.ruled else "borderless")
    items: list[list[Line]] = []
    if text_cell.lines and (list_column or text_cell.lines[0].words[0].text in BULLET_CHARS):
        items = _bullet_items(text_cell.lines)  # a list column, or a cell that is a list of actions
    if len(items) > 1:
        fields, item_boxes = _per_action(row, items, base, boxes, settings)
        return [RawMeasure(id=None, text=clean_join([ln.text for ln in it]), cells=f, boxes=b, **common)
                for it, f, b in zip(items, fields, item_boxes)]
    text = clean_join(text_lines)
    if not text and not any(base.values()):
        return []
    lines = {r: "\n".join(ln.text for ln in c.lines) for r, c in cells.items()
             if r in ("responsible", "partners") and len(c.lines) > 1}  # bodies may stand a line each
    _labelled_parts(cells.get("responsible"), base, lines, vocab)
    return [RawMeasure(id=mid, text=text, cells=base, boxes=boxes, cell_lines=lines, **common)]


def _labelled_parts(cell: CellText | None, base: dict[str, str], lines: dict[str, str], vocab: ColumnVocab) -> None:
    """A responsible cell that names its partners after a label ("Kumppanit: Kela, TE-toimisto",
    "Samarbete: ..."): the part after the label goes to that label's role (``cell_labels`` in
    columns.json), after any cell of that role; a leading "Vastuu:" label is dropped."""
    rx = vocab.cell_label_re
    if cell is None or rx is None or not cell.lines:
        return
    text = "\n".join(ln.text for ln in cell.lines)
    marks = [(m, vocab.cell_label_role(m["label"])) for m in rx.finditer(text)]
    marks = [(m, r) for m, r in marks if r]
    if not marks:
        return
    parts: dict[str, list[str]] = {"responsible": [text[:marks[0][0].start()]]}
    for k, (m, role) in enumerate(marks):
        end = marks[k + 1][0].start() if k + 1 < len(marks) else len(text)
        parts.setdefault(role, []).append(text[m.end():end])
    for role, chunks in parts.items():
        part_lines = [t.strip() for c in chunks for t in c.strip().rstrip(".;,").split("\n") if t.strip()]
        own = [] if role == "responsible" else [x for x in [base.get(role)] if x]
        value = ", ".join(own + [clean_join(part_lines)]) if part_lines else ", ".join(own)
        if value:
            base[role] = value
        else:
            base.pop(role, None)
        if len(part_lines) > 1 and not own:
            lines[role] = "\n".join(part_lines)
        elif role == "responsible" or not own:
            lines.pop(role, None)


def _schedule_slots(sched: CellText, text: CellText, pitch: float, n: int) -> tuple[list[str], list[list[Line]]]:
    """One schedule entry a line: the entry on line k (counted from the top of the action cell, over the pages
    of a row a page break cut) belongs to action k; the last entry holds for the actions below it. A range
    wrapped in a narrow column ("2023–" / "2024") is one entry, on its first line's action."""
    starts: dict[int, tuple[int, float]] = {}  # page -> (action lines on the pages before, its first one's top)
    for k, ln in enumerate(sorted(text.lines, key=lambda x: (x.page, x.top))):
        starts.setdefault(ln.page, (k, ln.top))
    texts = [""] * n
    lines: list[list[Line]] = [[] for _ in range(n)]
    prev, shift = None, 0  # a range left open at a line end ("2023–") is completed by the next line,
    for ln in sched.lines:  # and the entries below it move up a line
        before, first_top = starts.get(ln.page, (len(text.lines), ln.top))
        slot = before + round((ln.top - first_top) / pitch) - shift
        if prev is not None and 0 <= prev < n and lines[prev] and wraps_range(lines[prev][-1].text, ln.text):
            slot, shift = prev, shift + 1
        prev = slot
        if 0 <= slot < n:
            texts[slot] = clean_join([texts[slot], ln.text])
            lines[slot].append(ln)
    for i in range(1, n):
        if not texts[i] and texts[i - 1]:
            texts[i], lines[i] = texts[i - 1], lines[i - 1]
    return texts, lines


def _per_action(row: Row, items: list[list[Line]], base: dict[str, str], boxes: dict[str, list[dict]],
                settings: TableSettings) -> tuple[list[dict[str, str]], list[dict[str, list[dict]]]]:
    """Cell texts and boxes for each action of a list cell.

    A schedule cell of several lines gives one entry per action (a single entry is shared by all);
    bullet lists in the responsible / indicator columns go one per action only where the row is laid
    out per action: two or more columns carry one entry per action."""
    cells = row.cells
    per_item: list[dict[str, str]] = [dict(base) for _ in items]
    item_boxes: list[dict[str, list[dict]]] = [{**boxes, "text": CellText(it).boxes()} for it in items]
    sched = cells.get("schedule")
    by_line = sched is not None and len(sched.lines) >= settings.min_schedule_lines
    if by_line:
        texts, lines = _schedule_slots(sched, cells["text"], row.slot_pitch, len(items))
        for i, (t, lns) in enumerate(zip(texts, lines)):
            per_item[i]["schedule"] = t
            if lns:
                item_boxes[i]["schedule"] = CellText(lns).boxes()
            else:
                item_boxes[i].pop("schedule", None)
    lists = {}
    for role in ("responsible", "indicator"):
        c = cells.get(role)
        if c and c.lines and c.lines[0].words[0].text in BULLET_CHARS:
            groups = _bullet_items(c.lines)
            if len(groups) == len(items):
                lists[role] = groups
    if len(lists) + (1 if by_line else 0) >= 2:
        for role, groups in lists.items():
            for i, g in enumerate(groups):
                per_item[i][role] = clean_join([ln.text for ln in g])
                item_boxes[i][role] = CellText(g).boxes()
    return per_item, item_boxes
