"""Rows of a table without rules: cuts at vertical gaps between text lines, and which column a word and a
line of words belong to.

:func:`gap_separators` cuts a borderless table's rows at gaps wider than a paragraph gap, at tighter gaps
where the next line opens columns (a tightly set table), at bold headings across or alone between rows, and
above row numbers; :func:`word_column` and :func:`_flows` place words in columns and tell text flowing across
a column boundary (a full-width row). Used by :mod:`kotoex.extract.table`; settings in
:class:`~kotoex.extract.table_settings.TableSettings`.
"""
from __future__ import annotations

import statistics

from .layout import BULLET_CHARS, Line, group_lines, speck_line
from .pdf import Word
from .table_header import ROW_ID, Header, _is_mark
from .table_settings import DEFAULT_TABLE_SETTINGS, TableSettings

_DEF = DEFAULT_TABLE_SETTINGS


def gap_separators(words: list[Word], size: float, header: Header | None = None,
                   settings: TableSettings = _DEF, capital_gap_em: float | None = None) -> list[float]:
    """Row boundaries of a borderless table.

    The middle of every vertical gap wider than ``row_gap_em`` (or than ``row_gap_aligned_em`` where
    the line below opens two or more columns at once, the action column among them: the row gap of
    a tightly set table), and the top of every row number:
    each entry of an id column, or a measure number opening a line of the action column, starts a
    row even where the gap above it is no wider than a paragraph gap.
    With ``capital_gap_em`` (pages read by OCR, whose wrapped lines may lie ~0.47 em apart), a gap wider than
    that also cuts where every column the line below opens starts a new text (a capital, digit or bullet, no
    word continuing in lower case): a tightly set scanned table's rows ~0.45 em apart.
    """
    lines = group_lines(words)
    solid = [ln for ln in lines if not speck_line(ln)]  # a scan's speck between two rows closes no gap
    out = []
    for k, (a, b) in enumerate(zip(solid, solid[1:])):
        gap = b.top - a.bottom
        if gap > settings.row_gap_em * size or (
                header is not None and gap > settings.row_gap_aligned_em * size and _opens_columns(b, header, settings)) \
                or (capital_gap_em is not None and header is not None and gap > capital_gap_em * size
                    and _opens_columns(b, header, settings) and _opens_new_texts(b, header, settings)) \
                or (header is not None and gap > settings.row_gap_aligned_em * size and _labelled_span(a, b, header, settings)) \
                or (header is not None and gap > 0 and (_heading_across(a, b, header, settings)
                                                         or _heading_across(b, a, header, settings)
                                                         or _heading_alone(solid[k - 1] if k else None, a, b, header,
                                                                           settings)
                                                         or _heading_alone(a, b, solid[k + 2] if k + 2 < len(solid)
                                                                           else None, header, settings))):
            out.append((a.bottom + b.top) / 2)
    if header is not None:
        anchors = _id_anchors(words, header, settings)
        if len(anchors) >= 2:
            for y in anchors[1:]:
                above = [ln.bottom for ln in lines if ln.bottom <= y + settings.anchor_slack]
                cut = (max(above) + y) / 2 if above else y - settings.anchor_fallback
                if not any(abs(cut - o) < settings.anchor_merge_em * size for o in out):
                    out.append(cut)
            out.sort()
        for cut in _aligned_openings(lines, header, size, settings):
            if not any(abs(cut - o) < settings.anchor_merge_em * size for o in out):
                out.append(cut)
        out.sort()
    return out


def _labelled_span(a: Line, b: Line, header: Header, settings: TableSettings) -> bool:
    """``b`` opens the first column, which ``a`` has no word in, and its text runs on across the other columns:
    a full-width row with its label in the first column ("Kaupungin arvot | Asukaslähtöisyys, Rohkeus, …" under
    a table's rows), never the rest of the row above."""
    return len(header.columns) > 2 and header.column_of(b.x0) == 0 \
        and all(header.column_of(w.x0) != 0 for w in a.words) and _flows(b, header, settings)


def _heading_across(a: Line, b: Line, header: Header, settings: TableSettings) -> bool:
    """``b`` is a bold heading running from the first column across the next (or over the next one's text
    start), and ``a`` a line not in bold:
    the heading is a band of its own however tightly it follows the row above (a scanned section heading
    set close under the last row) or precedes the next one (called with the lines swapped: a heading
    right under the header)."""
    return b.bold and not a.bold and header.column_of(b.x0) == 0 \
        and (_flows(b, header, settings) or _reaches_over(b, header))


def _reaches_over(ln: Line, header: Header) -> bool:
    """A word of the line runs past the start of the next column's text (a heading's last word over the
    boundary, though it starts left of it): no cell's text does."""
    cols = header.columns
    return any(k + 1 < len(cols) and w.x1 > cols[k + 1].text_x0 for w in ln.words for k in [header.column_of(w.x0)])


def _heading_alone(a: Line | None, b: Line, c: Line | None, header: Header, settings: TableSettings) -> bool:
    """``b`` is a bold line standing alone in the first column between two rows' lines whose first-column text
    is not bold, the line under it opening a row (a section row of a tightly set borderless table, as close to
    the rows around it as a cell's own lines are; a bold goal cell's lines are all bold, and a label block
    between two tables, ASIAKASKOHDERYHMÄ / its text / TAVOITTEET, opens no row): a band of its own. So is
    one ending the table's region under a row's line (the section row of the rows on the next page)."""
    def first_bold(ln: Line | None) -> bool:
        ws = [w for w in ln.words if header.column_of(w.x0) == 0] if ln is not None else []
        return bool(ws) and Line(ws).bold

    opens = a is not None if c is None else _opens_columns(c, header, settings) and not first_bold(c)
    return len(header.columns) > 1 and b.bold and header.column_of(b.x1) == 0 and opens and not first_bold(a) \
        and (a is None or any(header.column_of(w.x0) != 0 for w in a.words))


def _aligned_openings(lines: list[Line], header: Header, size: float, settings: TableSettings) -> list[float]:
    """Row starts where no gap crosses the whole table (a taller cell beside runs on): the action
    column and another column both start a paragraph on the same line, each after a step wider than
    the line pitch by ``row_gap_aligned_em``. The cut lies just above that line, so a taller
    neighbour's line beside it stays in the row above."""
    key = header.index("text")
    if key is None:
        return []
    last: dict[int, Line] = {}
    steps: list[float] = []
    opened: list[tuple[Line, set[int]]] = []
    for ln in lines:
        if _flows(ln, header, settings):
            last.clear()  # a full-width row: a new start for every column
            continue
        cols: dict[int, list[Word]] = {}
        for w in ln.words:
            cols.setdefault(header.column_of(w.x0), []).append(w)
        starts = set()
        for c, ws in cols.items():
            if all(_speck(w, settings) for w in ws) and not speck_line(ln):
                continue  # specks of a scan in a column beside text ("o s."): no line of the column's text
            if c in last:
                step = ws[0].top - last[c].top
                steps.append(step)
                starts.add((c, step))
            last[c] = Line(ws)
        opened.append((ln, starts))
    if not steps:
        return []
    pitch = statistics.median(steps)
    wide = pitch + settings.row_gap_aligned_em * size
    out = []
    for ln, starts in opened:
        cols = {c for c, step in starts if step > wide}
        if key in cols and len(cols) >= 2 and not _is_mark(ln.words[0], settings):
            out.append(ln.top - settings.anchor_slack)
    return out


def _speck(w: Word, settings: TableSettings) -> bool:
    """An OCR'd mark or lone character (punctuation after it aside: "o", "s."): a speck of the scan."""
    return w.conf is not None and (_is_mark(w, settings) or len(w.text.strip(".,:;'")) <= 1)


def _opens_columns(ln: Line, header: Header, settings: TableSettings = _DEF) -> bool:
    """After a gap across the whole table, text starts in two or more columns at once, the key
    (action) column among them: a new row (a paragraph gap inside one cell opens one column; text
    running across the columns is a full-width row). A column whose first word on the line is a mark (", Kohmo") is no cell opening."""
    if _flows(ln, header, settings):
        return False  # a full-width row's text running across the columns
    by_col: dict[int, list[Word]] = {}
    for w in sorted(ln.words, key=lambda w: w.x0):
        by_col.setdefault(header.column_of(w.x0), []).append(w)
    cols = {c for c, ws in by_col.items() if not _is_mark(ws[0], settings) or _bullet_item(ws, settings)}
    key = header.index("text")
    return len(cols) >= 2 and (key is None or key in cols)


def _opens_new_texts(ln: Line, header: Header, settings: TableSettings) -> bool:
    """Every column's text on the line starts anew: its first word (after a bullet; marks aside) begins with a
    capital or a digit, none continues a sentence in lower case. A word is in the column :func:`word_column`
    reads it in (an OCR'd box stretched a hair left of the boundary opens the column it stands in)."""
    by_col: dict[int, list[Word]] = {}
    for w in sorted(ln.words, key=lambda w: w.x0):
        if not _is_mark(w, settings) or w.text in BULLET_CHARS:
            by_col.setdefault(word_column(w, header, settings), []).append(w)
    for ws in by_col.values():
        first = ws[1] if ws[0].text in BULLET_CHARS and len(ws) > 1 else ws[0]
        if first.text[:1].islower():
            return False
    return True


def _bullet_item(ws: list[Word], settings: TableSettings) -> bool:
    """A column's words on a line open with a bullet and go on with text: a list item opening the cell
    (a mark alone, or a ditto mark before a name, opens none)."""
    return ws[0].text in BULLET_CHARS and len(ws) > 1 and not _is_mark(ws[1], settings)


def _id_anchors(words: list[Word], header: Header, settings: TableSettings) -> list[float]:
    """Tops of the lines that open with a row number, in the id column or the action column."""
    idx = header.index("id")
    by_id = idx is not None
    if idx is None:
        idx = header.index("text")
    if idx is None:
        return []
    col_words = [w for w in words if header.column_of(w.x0) == idx]
    if not col_words:
        return []
    left = min(w.x0 for w in col_words)
    tops = []
    for ln in group_lines(words):
        mine = [w for w in ln.words if header.column_of(w.x0) == idx]
        if not mine or _flows(ln, header, settings):
            continue  # text running across columns is a full-width row (numbered goals), not a row start
        first = Line(mine)
        if by_id or (ROW_ID.match(first.text) and first.x0 <= left + settings.id_left_slack):
            tops.append(first.top)
    return tops


def _flow_pair(a: Word, b: Word, header: Header, settings: TableSettings) -> bool:
    """Two neighbouring words of a line, one text flow across a column boundary (a lone mark, such
    as a dash or OCR noise at the boundary, is no evidence of flowing text)."""
    return b.x0 - a.x1 < settings.flow_gap_em * max(a.size, b.size) \
        and word_column(a, header, settings) != word_column(b, header, settings) \
        and not _is_mark(a, settings) and not _is_mark(b, settings)


def word_column(w: Word, header: Header, settings: TableSettings = _DEF) -> int:
    """The column of a word: where it starts, but an OCR'd word whose box reaches over a column boundary
    with its middle beyond it, starting at most ``straddle_em`` before that column's text, is in the next
    column (tesseract may stretch a box left over the gutter: "15" at 432-452 where the status column's
    text starts at 443; a heading starting far left, in the first column, stays there)."""
    k = header.column_of(w.x0)
    if w.conf is None or k + 1 >= len(header.columns):
        return k
    nxt = header.columns[k + 1]
    if (w.x0 + w.x1) / 2 >= nxt.x0 and nxt.text_x0 - w.x0 <= settings.straddle_em * max(w.size, settings.default_size):
        return k + 1
    return k


def _flows(ln: Line, header: Header, settings: TableSettings = _DEF) -> bool:
    return any(_flow_pair(a, b, header, settings) for a, b in zip(ln.words, ln.words[1:]))
