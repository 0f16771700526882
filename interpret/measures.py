"""Pages → raw measures: table rows with their section, goal, id and cells by role.

Walks the document top to bottom keeping one piece of state (:class:`_State`): the active table
header, the current section (target group / theme), the numbered goals and the current goal.
Text outside table rows (headings, label rows such as ASIAKASKOHDERYHMÄ / TAVOITTEET, "Tavoite:"
rows, full-width rows inside a table) updates that state; each row band becomes a measure, or is
merged into the one above when it continues it across a page break.

The output is plain data (:class:`RawMeasure`); normalising codes is the next layer's job.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kotoex.extract.layout import BULLET_CHARS, Line, clean_join, group_lines
from kotoex.extract.pdf import Page, Word
from kotoex.extract.columns import ColumnVocab, default_vocab
from kotoex.extract.table import (
    Band, Header, align_header, build_header, cut_bands, drop_furniture, find_header,
    median_size,
    ROW_ID, merge_wrapped_header,
)

NUMBERED_ITEM = re.compile(r"^(?P<n>\d{1,2})[.)]\s+(?P<rest>.*)$")
GOAL_INLINE = re.compile(r"^(tavoite|tavoitteet|tavoitteena|mål|målsättning)\s*:\s*(?P<rest>.*)$", re.I)
CROSS_REF = re.compile(r"^(kohda?t?|ks\.?|katso|vrt\.?|se|se även|jfr)\s+\d", re.I)
HEADING_NUMBER = re.compile(r"^(\d{1,2}(\.\d{1,2})*\.?|[IVX]{1,4}\.)\s+(?=\S)")
ROLE_FIELDS = ("id", "text", "goal", "responsible", "partners", "schedule", "status", "indicator", "section")


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
            b = out.setdefault(ln.page, [ln.x0, ln.top, ln.x1, ln.bottom])
            b[0], b[1], b[2], b[3] = min(b[0], ln.x0), min(b[1], ln.top), max(b[2], ln.x1), max(b[3], ln.bottom)
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


@dataclass
class _Row:
    cells: dict[str, CellText]
    pages: set[int]
    section: str | None
    goals: dict[str, str]
    goal: str | None
    header: Header
    merged: bool = False
    goal_from: "_Row | None" = None  # a goal cell spanning rows: the row that holds it
    ruled: bool = True
    slot_pitch: float = 10.0
    fixed: list["RawMeasure"] | None = None  # measures read from narrative text, not from a table row
    section_boxes: list[dict] = field(default_factory=list)  # provenance of a section read from a heading
    goal_boxes: list[dict] = field(default_factory=list)  # ... of a goal read from a heading / "Tavoite:" row
    goals_boxes: dict[str, list[dict]] = field(default_factory=dict)  # ... of numbered goals, by number


@dataclass
class _State:
    vocab: ColumnVocab
    body_size: float
    header: Header | None = None
    section: str | None = None
    goals: dict[str, str] = field(default_factory=dict)
    goal: str | None = None
    section_boxes: list[dict] = field(default_factory=list)
    goal_boxes: list[dict] = field(default_factory=list)
    goals_boxes: dict[str, list[dict]] = field(default_factory=dict)
    rows: list[_Row] = field(default_factory=list)
    pending: list[Line] = field(default_factory=list)  # heading-stream lines not yet read
    span_lines: set[int] = field(default_factory=set)  # id() of pending lines from full-width table rows
    since_row: bool = False  # headings were seen since the last row
    ids_used: bool = False
    warnings: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------ heading stream

HEADING_MAX_WORDS = 16
SPAN_HEADING_MAX_WORDS = 32  # a full-width row inside a table is a group heading by its place: it may be a sentence


def _heading_like(ln: Line, body_size: float, max_words: int = HEADING_MAX_WORDS) -> bool:
    words = [w for w in ln.words if w.text not in BULLET_CHARS]
    return bool(words) and len(words) <= max_words and (ln.bold or ln.size > 1.15 * body_size)


def _read_headings(st: _State) -> None:
    """Update section / goals / goal from the pending heading-stream lines."""
    lines, st.pending = st.pending, []
    if not lines:
        return
    span_lines, st.span_lines = st.span_lines, set()
    mode: str | None = None
    buf: list[Line] = []

    def flush() -> None:
        nonlocal mode, buf
        texts = [ln.text for ln in buf]
        if mode == "section" and texts:
            st.section, st.goals, st.goal = clean_join(texts), {}, None
            st.section_boxes, st.goals_boxes, st.goal_boxes = CellText(list(buf)).boxes(), {}, []
        elif mode == "goals" and texts:
            items: list[list[str]] = []
            item_lines: list[list[Line]] = []
            nums: list[str | None] = []
            for ln, t in zip(buf, texts):
                m = NUMBERED_ITEM.match(t)
                if m:
                    items.append([m["rest"]])
                    item_lines.append([ln])
                    nums.append(m["n"])
                elif items:
                    items[-1].append(t)
                    item_lines[-1].append(ln)
                else:
                    items.append([t])
                    item_lines.append([ln])
                    nums.append(None)
            st.goals = {n: clean_join(parts) for n, parts in zip(nums, items) if n}
            st.goal = clean_join(items[0]) if len(items) == 1 else None
            st.goals_boxes = {n: CellText(lns).boxes() for n, lns in zip(nums, item_lines) if n}
            st.goal_boxes = CellText(item_lines[0]).boxes() if len(items) == 1 else []
        elif mode == "goal_inline" and texts:
            st.goal = clean_join(texts)
            st.goal_boxes = CellText(list(buf)).boxes()
        elif mode == "heading" and texts:
            text = HEADING_NUMBER.sub("", clean_join(texts)).strip()
            if text:
                st.section, st.goals, st.goal = text, {}, None
                st.section_boxes, st.goals_boxes, st.goal_boxes = CellText(list(buf)).boxes(), {}, []
        mode, buf = None, []

    items: list[list[Line]] = []
    list_x0 = 0.0

    def flush_list() -> None:
        nonlocal items
        for it in items:
            text = clean_join([ln.text for ln in it])
            if not text or CROSS_REF.match(text):
                continue
            boxes = {"text": CellText(it).boxes()}
            if st.section and st.section_boxes:
                boxes["section"] = list(st.section_boxes)
            raw = RawMeasure(id=None, text=text, section=st.section, goal=None, cells={},
                             pages=sorted({ln.page for ln in it}), boxes=boxes, path="narrative")
            st.rows.append(_Row({}, set(raw.pages), st.section, {}, None, st.header, fixed=[raw]))  # type: ignore[arg-type]
        items = []

    for ln in lines:
        t = ln.text.strip()
        first = ln.words[0].text
        if mode in ("heading", "list") and (first in BULLET_CHARS or (mode == "list" and ln.x0 > list_x0 + 2)):
            # a heading followed by a bullet list: one measure per item (narrative targets)
            if mode == "heading":
                flush()
                mode, list_x0 = "list", ln.x0
            if first in BULLET_CHARS and abs(ln.x0 - list_x0) <= 2:
                items.append([ln])
            elif items:
                items[-1].append(ln)  # a wrapped line or a sub-item
            continue
        if mode == "list":
            flush_list()
            mode = None
        if st.vocab.is_label(t, st.vocab.section_labels) or (t.isupper() and len(ln.words) == 1 and ln.bold
                                                             and not st.vocab.is_label(t, st.vocab.goal_labels)
                                                             and st.vocab.role_of(t) is None and len(t) > 6):
            flush()
            mode = "section"
            continue
        if st.vocab.is_label(t, st.vocab.goal_labels):
            flush()
            mode = "goals"
            continue
        m = GOAL_INLINE.match(t)
        if m:
            flush()
            mode = "goal_inline"
            buf = [Line(_strip_prefix(ln.words, m["rest"]))] if m["rest"] else []
            continue
        if mode in ("section", "goals", "goal_inline"):
            buf.append(ln)
            continue
        if _heading_like(ln, st.body_size, SPAN_HEADING_MAX_WORDS if id(ln) in span_lines else HEADING_MAX_WORDS):
            if mode == "heading" and buf and abs(buf[-1].size - ln.size) < 0.5 and ln.top - buf[-1].bottom < ln.size:
                buf.append(ln)  # a heading wrapped onto two lines
            else:
                flush()
                mode, buf = "heading", [ln]
            continue
        flush()  # a plain paragraph: ends any heading, keeps the state
    if mode == "list":
        flush_list()
    else:
        flush()


def _strip_prefix(words: list[Word], rest: str) -> list[Word]:
    n = len(rest.split())
    return words[len(words) - n:] if n else []


# ---------------------------------------------------------------------------------------- rows

def _role_cells(band: Band, header: Header) -> dict[str, CellText]:
    out: dict[str, CellText] = {}
    for col, lines in zip(header.columns, band.cells):
        if col.role and lines:
            out[col.role] = CellText(list(lines))
    return out


def _starts_lower(cell: CellText | None) -> bool:
    if not cell or not cell.lines:
        return False
    t = cell.lines[0].text.lstrip()
    return bool(t) and t[0].islower()


def _has_id(cells: dict[str, CellText]) -> bool:
    if "id" in cells and cells["id"].text.strip():
        return True
    txt = cells.get("text")
    return bool(txt and txt.lines and ROW_ID.match(txt.lines[0].text))


def _is_continuation(st: _State, cells: dict[str, CellText], band: Band, first_on_page: bool) -> bool:
    if not st.rows or st.since_row:
        return False
    prev = st.rows[-1]
    if prev.header is not st.header and prev.header.roles != st.header.roles:
        return False
    prev_text = prev.cells.get("text")
    if first_on_page and (prev_text is None or not prev_text.lines) and not _has_id(prev.cells):
        return True  # the row above was cut before its action text: this is the rest of it
    if _has_id(cells):
        return False  # a row with its own number starts a measure, even if its text is on the next page
    text = cells.get("text")
    if st.ids_used and not _has_id(cells) and (first_on_page or not band.ruled):
        return True
    if not first_on_page:
        # a borderless row cut at a paragraph gap: no measure text of its own
        return not band.ruled and (text is None or not text.lines) and "goal" not in cells
    if band.open_top:
        return True
    ti = st.header.index("text")
    keys = [c.role for c in st.header.columns[:ti or 0] if c.role in ("id", "section", "goal")]
    if keys and not any(k in cells for k in keys) and text is not None and text.lines \
            and text.lines[0].words[0].text in BULLET_CHARS:
        return True  # more items of the list above: the row's own key cells are all empty
    if text is None or not text.lines:
        return True
    return any(_starts_lower(c) for c in cells.values())


def _continues_free_list(st: _State, band: Band) -> bool:
    """A short bullet item below narrative bullets is one more item, not a table row."""
    bullets = [ln for ln in st.pending if ln.words[0].text in BULLET_CHARS]
    if not bullets:
        return False
    first = band.lines[0]
    return first.words[0].text in BULLET_CHARS and abs(first.x0 - bullets[-1].x0) <= 2


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


def _add_row(st: _State, band: Band, first_on_page: bool) -> None:
    header = st.header
    assert header is not None
    cells = _role_cells(band, header)
    if not cells:
        return
    if _has_id(cells):
        st.ids_used = True
    if _is_continuation(st, cells, band, first_on_page):
        prev = st.rows[-1]
        for role, c in cells.items():
            prev.cells.setdefault(role, CellText()).lines.extend(c.lines)
        prev.pages.add(band.page)
        prev.merged = True
        return
    goal_cell = cells.get("goal")
    goal_from = None
    if goal_cell is None and header.index("goal") is not None and st.rows \
            and st.rows[-1].header.index("goal") is not None and not st.since_row:
        prev = st.rows[-1]
        goal_from = prev.goal_from or prev  # a goal cell spanning several rows
    pitch = _line_pitch(band)
    st.rows.append(_Row(cells, {band.page}, st.section, dict(st.goals), st.goal, header, goal_from=goal_from,
                        ruled=band.ruled, slot_pitch=pitch,
                        section_boxes=list(st.section_boxes), goal_boxes=list(st.goal_boxes),
                        goals_boxes=dict(st.goals_boxes)))
    st.since_row = False


def _line_pitch(band: Band) -> float:
    lines = group_lines(band.words)
    pitches = [b.top - a.top for a, b in zip(lines, lines[1:]) if 0 < b.top - a.top < 2.0 * a.size]
    return min(pitches) if pitches else (lines[0].size * 1.15 if lines else 10.0)


# ---------------------------------------------------------------------------------------- pages

def read_measures(pages: list[Page], vocab: ColumnVocab | None = None) -> tuple[list[RawMeasure], list[str], dict]:
    """All measures of a document, in document order, with warnings and facts about the tables."""
    vocab = vocab or default_vocab()
    all_words = [w for p in pages for w in p.words]
    st = _State(vocab=vocab, body_size=median_size(all_words))
    facts = {"headers": 0, "roles": set(), "ruled": 0, "borderless": 0}
    for page in pages:
        words = drop_furniture(page)
        lines = group_lines(words)
        headers: list[tuple[int, Header]] = []
        skip = -1
        for i, ln in enumerate(lines):
            if i <= skip:
                continue
            cells = find_header(ln, vocab)
            if not cells:
                merged = merge_wrapped_header(ln, lines[i + 1:i + 3])
                cells = find_header(merged, vocab) if merged else None
                if cells:
                    skip = max(k for k in range(i, min(len(lines), i + 3)) if lines[k].top < merged.bottom)
                    ln = merged
            if cells:
                headers.append((i, build_header(ln, cells, page, lines[i + 1:i + 4])))
        # regions: [start, first header) then each header's body
        bounds = [h.top for _, h in headers] + [page.height + 1]
        first_top = bounds[0]
        pre_words = [w for w in words if w.bottom <= first_top + 0.5]
        if st.header is not None and pre_words:
            _table_region(st, page, align_header(st.header, page), pre_words, 0.0, first_top, facts, carried=True)
        else:
            st.pending.extend(ln for ln in lines if ln.bottom <= first_top + 0.5)
            if st.pending:
                st.since_row = True
        for k, (_, header) in enumerate(headers):
            facts["headers"] += 1
            facts["roles"].update(r for r in header.roles if r)
            # a header repeated at the top of a page with no heading before it continues the table
            _read_headings(st)
            st.header = header
            body_top, body_bottom = header.bottom + 0.5, bounds[k + 1]
            body_words = [w for w in words if body_top <= w.mid_y < body_bottom]
            _table_region(st, page, header, body_words, body_top, body_bottom, facts, carried=False)
    _read_headings(st)
    # an action column is a list column where most of its cells are bullet lists: then every cell
    # of it is split into one measure per item, a leading item without a bullet included
    starts: dict[tuple, list[bool]] = {}
    for row in st.rows:
        if row.fixed is not None:
            continue
        txt = row.cells.get("text")
        if txt and txt.lines:
            starts.setdefault(tuple(row.header.roles), []).append(txt.lines[0].words[0].text in BULLET_CHARS)
    list_tables = {k for k, v in starts.items() if sum(v) >= max(1, 0.5 * len(v))}
    measures = [m for row in st.rows
                for m in _finish(row, st, row.fixed is None and tuple(row.header.roles) in list_tables)]
    facts["roles"] = sorted(facts["roles"])
    return measures, st.warnings, facts


def _table_region(st: _State, page: Page, header: Header, words: list[Word], top: float, bottom: float,
                  facts: dict, carried: bool) -> None:
    bands = cut_bands(page, header, words, top, bottom)
    first = True
    for band in bands:
        if band.below_table or _continues_free_list(st, band):
            st.pending.extend(band.lines)
            st.since_row = True
            if band.below_table:
                st.header = None  # the drawn table ended: what follows on later pages is not its rows
            continue
        lines_by_col = [c for c in band.cells if c]
        only_first = len(lines_by_col) == 1 and band.cells[0]
        heading_row = only_first and all(_heading_like(ln, st.body_size) for ln in band.cells[0]) \
            and (header.columns[0].role != "text" or all(ln.size > 1.15 * st.body_size for ln in band.cells[0])
                 or (len(band.cells[0]) <= 2 and sum(len(ln.words) for ln in band.cells[0]) <= 14))
        if band.spanning or heading_row or _label_band(st, band):
            lines = band.lines
            st.pending.extend(lines)
            if band.spanning:
                st.span_lines.update(id(ln) for ln in lines)
            st.since_row = True
            continue
        if st.pending:
            _read_headings(st)
        facts["ruled" if band.ruled else "borderless"] += 1
        _add_row(st, band, first_on_page=first and (carried or not st.since_row))
        first = False


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
    if not rest or vocab.is_label(rest.replace(" ", ""), vocab.measure_labels, cutoff=85):
        return mid, texts[1:], list(cell.lines[1:])  # "1.2 Kehittämis ehdotus" is a label line, not text
    first = cell.lines[0]
    n_rest = len(rest.split())
    rest_line = Line(first.words[len(first.words) - n_rest:]) if 0 < n_rest <= len(first.words) else first
    return mid, [rest] + texts[1:], [rest_line] + list(cell.lines[1:])


def _bullet_items(lines: list[Line]) -> list[list[Line]]:
    items: list[list[Line]] = []
    for ln in lines:
        if ln.words[0].text in BULLET_CHARS or not items:
            items.append([ln])
        else:
            items[-1].append(ln)
    return items


def _finish(row: _Row, st: _State, list_column: bool = False) -> list[RawMeasure]:
    if row.fixed is not None:
        return row.fixed
    cells = row.cells
    text_cell = cells.get("text") or CellText()
    mid: str | None = None
    if "id" in cells and cells["id"].text:
        m = ROW_ID.match(cells["id"].text)
        mid = re.sub(r"\s+", "", m["id"]).rstrip(".") if m else cells["id"].text.strip()
        text_lines = [ln.text for ln in text_cell.lines]
        text_objs = list(text_cell.lines)
    else:
        mid, text_lines, text_objs = _split_id(text_cell, st.vocab)
    boxes = {role: c.boxes() for role, c in cells.items()}
    if text_cell.lines:
        boxes["text"] = CellText(text_objs).boxes()
    if "section" in cells and cells["section"].text:
        section = cells["section"].text
    else:
        section = row.section
        boxes.pop("section", None)
        if section and row.section_boxes:
            boxes["section"] = list(row.section_boxes)
    goal_row = row.goal_from or row
    if "goal" in goal_row.cells:
        goal, goal_boxes = goal_row.cells["goal"].text, goal_row.cells["goal"].boxes()
    else:
        goal, goal_boxes = row.goal, list(row.goal_boxes)
    if mid and row.goals:
        key = mid.split(".")[0]
        if key in row.goals:
            goal, goal_boxes = row.goals[key], list(row.goals_boxes.get(key, []))
    elif not goal and len(row.goals) == 1:
        key = next(iter(row.goals))
        goal, goal_boxes = row.goals[key], list(row.goals_boxes.get(key, []))
    boxes.pop("goal", None)
    if goal and goal_boxes:
        boxes["goal"] = goal_boxes
    base = {role: c.text for role, c in cells.items() if role not in ("text", "id", "goal", "section")}
    common = dict(section=section, goal=goal, pages=sorted(row.pages), merged_across_pages=row.merged,
                  header_roles=tuple(r for r in row.header.roles if r), path="grid" if row.ruled else "borderless")

    # one measure per action where the action cell is a list of bullets
    items: list[list[Line]] = []
    if text_cell.lines:
        if list_column:
            items = _bullet_items(text_cell.lines)
        elif text_cell.lines[0].words[0].text in BULLET_CHARS:
            items = _bullet_items(text_cell.lines)  # a cell that is a list of two or more actions
    if len(items) > 1:
        first_top = min(ln.top for ln in text_cell.lines)
        per_item: list[dict[str, str]] = [dict(base) for _ in items]
        item_boxes: list[dict[str, list[dict]]] = [{**boxes, "text": CellText(it).boxes()} for it in items]
        sched = cells.get("schedule")
        if sched and len(sched.lines) >= 2:
            # one schedule entry a line; the entry on line k (counted from the top of the action
            # cell) belongs to action k; a single entry is shared by all the row's actions
            sched_lines: list[list[Line]] = [[] for _ in items]
            for i in range(len(items)):
                per_item[i]["schedule"] = ""
            for ln in sched.lines:
                slot = round((ln.top - first_top) / row.slot_pitch)
                if 0 <= slot < len(items):
                    per_item[slot]["schedule"] = clean_join([per_item[slot]["schedule"], ln.text])
                    sched_lines[slot].append(ln)
            for i in range(1, len(items)):  # the last entry holds for the actions below it
                if not per_item[i]["schedule"] and per_item[i - 1]["schedule"]:
                    per_item[i]["schedule"] = per_item[i - 1]["schedule"]
                    sched_lines[i] = sched_lines[i - 1]
            for i, lns in enumerate(sched_lines):
                if lns:
                    item_boxes[i]["schedule"] = CellText(lns).boxes()
                else:
                    item_boxes[i].pop("schedule", None)
        # bullet lists in the responsible / indicator columns go one per action only where the row
        # is laid out per action: two or more columns carry one entry per action
        lists = {}
        for role in ("responsible", "indicator"):
            c = cells.get(role)
            if c and c.lines and c.lines[0].words[0].text in BULLET_CHARS:
                groups = _bullet_items(c.lines)
                if len(groups) == len(items):
                    lists[role] = groups
        if len(lists) + (1 if sched and len(sched.lines) >= 2 else 0) >= 2:
            for role, groups in lists.items():
                for i, g in enumerate(groups):
                    per_item[i][role] = clean_join([ln.text for ln in g])
                    item_boxes[i][role] = CellText(g).boxes()
        out = []
        for it, fields, ibox in zip(items, per_item, item_boxes):
            out.append(RawMeasure(id=None, text=clean_join([ln.text for ln in it]), cells=fields, boxes=ibox,
                                  **common))
        return out
    text = clean_join(text_lines)
    if not text and not any(base.values()):
        return []
    return [RawMeasure(id=mid, text=text, cells=base, boxes=boxes, **common)]
