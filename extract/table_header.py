"""Table header rows: a line whose cells name known columns, its columns, and its carrying onto a page.

``find_header(line) → build_header(...)`` (then :func:`align_header` for a header carried onto the
next, scanned page, and :func:`complete_header` for one repeated there with labels the scan lost). Cells are matched by their words (:mod:`kotoex.extract.columns`); where two or
more cells name known columns, the others are read by what stands under them (:func:`roles_by_content`).
Every distance is a field of :class:`~kotoex.extract.table_settings.TableSettings`.
"""
from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass, replace
from typing import Sequence

from .columns import ColumnVocab, column_roles
from .layout import BULLET_CHARS, Line
from .pdf import Page, Word
from .table_settings import DEFAULT_TABLE_SETTINGS, TableSettings

_DEF = DEFAULT_TABLE_SETTINGS

# a measure's own number at the start of a cell: "1.2", "2.1.3", "12.", "A1", "1.2.kehittämis"
ROW_ID = re.compile(r"^(?P<id>(?:[A-ZÅÄÖ]{1,2}\s?\.?\s?)?\d{1,2}(?:\.\d{1,2}){0,3})(?:\.?(?=\s|$)|\.(?=[^\W\d_]))")

# a row number as OCR may read it: digits with their dots dropped or read as ":" ";" ","
_ROW_NUMBER_READ = re.compile(rf"{ROW_ID.pattern}|^\d[\d.:;,]{{0,7}}$")


_EDGE_NOISE = "[]|{}()\"'«»"  # what OCR reads a rule stub or speck touching a label as


def _is_mark(w: Word, settings: TableSettings = _DEF) -> bool:
    """A lone dash, colon, bar or the like: no letters or digits, at most a couple of characters."""
    return len(w.text) <= settings.mark_max_chars and not any(ch.isalnum() for ch in w.text)


# ---------------------------------------------------------------------------------- header rows

@dataclass
class Column:
    role: str | None
    label: str
    x0: float  # left boundary (inclusive)
    x1: float  # right boundary (exclusive)
    text_x0: float  # where the header text starts


@dataclass
class Header:
    page: int
    top: float
    bottom: float
    columns: list[Column]
    size: float

    @property
    def roles(self) -> list[str | None]:
        return [c.role for c in self.columns]

    def column_of(self, x: float) -> int:
        for i in range(len(self.columns) - 1, -1, -1):
            if x >= self.columns[i].x0:
                return i
        return 0

    def index(self, role: str) -> int | None:
        for i, c in enumerate(self.columns):
            if c.role == role:
                return i
        return None


def header_cells(line: Line, settings: TableSettings = _DEF) -> list[list[Word]]:
    """Split a line's words into cells at gaps wider than a word space (OCR'd boxes stretched over the next
    word cut back: :func:`_unstretched`)."""
    words = _unstretched(line.words)
    cells: list[list[Word]] = [[words[0]]]
    for a, b in zip(words, words[1:]):
        if b.x0 - a.x1 > settings.cell_gap_em * max(a.size, b.size):
            cells.append([])
        cells[-1].append(b)
    return cells


def _unstretched(words: list[Word]) -> list[Word]:
    """An OCR'd word whose box reaches over the next word's start (tesseract stretched it over ink beside it, a
    dark band's ragged edge: printed words never overlap) ends where its letters would at the line's width per
    letter (its other words' median), and no further than that next word."""
    widths = [(w.x1 - w.x0) / len(w.text) for w, b in zip(words, [*words[1:], None])
              if w.text and (b is None or w.x1 <= b.x0)]
    if not widths or not any(a.conf is not None and a.x1 > b.x0 for a, b in zip(words, words[1:])):
        return words
    per_letter = statistics.median(widths)
    out = list(words)
    for k, (a, b) in enumerate(zip(words, words[1:])):
        if a.conf is not None and a.x1 > b.x0:
            out[k] = replace(a, x1=max(a.x0, min(b.x0, a.x0 + per_letter * len(a.text))))
    return out


def find_header(line: Line, vocab: ColumnVocab, settings: TableSettings = _DEF,
                below: Sequence[Line] = ()) -> list[tuple[str | None, str, float, float]] | None:
    """If ``line`` is a table header row, its cells as (role, label, x0, x1); else None.

    With the lines ``below`` it, cells whose words name no column are read by what stands under
    them (:func:`roles_by_content`) where two or more cells name known columns."""
    if len(line.words) > settings.header_max_words or len(line.words) < settings.header_min_words:
        return None
    cells = header_cells(line, settings)
    if len(cells) < 2:
        return None
    lead, cells[0] = _unlabelled_id_cell(cells[0], below, settings, _misread_lead(cells[0], vocab, settings))
    out = [lead] if lead else []
    for k, ws in enumerate(cells):
        label = " ".join(w.text for w in _strip_marks(ws, settings))
        role = vocab.role_of(label) or vocab.role_of(label.strip(_EDGE_NOISE))  # "[Nr": a rule stub read as "["
        if role is None and all(_is_mark(w, settings) for w in ws) and not (k == 0 and below):
            continue  # ":" or "—" between two labels (OCR noise, a rule stub) is no column
        if role is None and k > 0 and len(label) <= settings.inner_cell_min_chars - 1 and ws[0].conf is not None:
            continue  # a lone OCR'd character between two labels ("3", "E": a speck read as one) is no column
        if role is None and k == 0 and len(cells) > 1 and len(label) <= settings.inner_cell_min_chars - 1 \
                and ws[0].conf is not None and below and not any(ln.words[0].x1 < cells[1][0].x0 for ln in below):
            continue  # nor one before the first label with nothing standing under it (a speck in the margin)
        out.append((role, label, ws[0].x0, ws[-1].x1))
    out = _lead_id_cell(out, below, settings)
    if below and None in [r for r, *_ in out] and len({r for r, *_ in out if r}) >= 2 and _set_as_header(line, out):
        out = roles_by_content(out, below, settings)
    roles = [r for r, *_ in out if r]
    if len(roles) < settings.header_role_share * len(out):
        return None
    if len(set(column_roles([r for r, *_ in out]))) < 2 + (None in [r for r, *_ in out]):
        return None  # "Päätavoitteet | Tavoitteet": two goals columns, the last one lists the measures
    if not ({"text", "goal"} & set(roles)):
        return None
    return out


def _unlabelled_id_cell(first: list[Word], below: Sequence[Line], settings: TableSettings = _DEF,
                        misread: bool = False) -> tuple[tuple[str | None, str, float, float] | None, list[Word]]:
    """Row numbers standing left of the first header label with no label of their own are the id column.

    On a scan the "Nr" of a dark shaded header cell may be lost, or read into the first label ("Nr Mål",
    a word of a character or two over the numbers, or with ``misread`` an OCR'd word of a few characters
    naming nothing before a label naming a column on its own: "IRON TAvoiTE"): where most lines below that
    open left of the label open with a lone row number, those numbers' column is the id column. On a scan
    a number whose dots OCR dropped or misread ("112", "1:2.3") counts as a row number too. Returns the id
    cell (or None) and the first cell's words without the one read into it."""
    if not below:
        return None, first
    short = len(first) > 1 and (len(first[0].text) <= settings.lead_cell_max_chars or misread)
    label = first[1] if short else first[0]
    if not short and len(first[0].text) <= settings.lead_cell_max_chars:
        return None, first  # a lone short first cell: the lead cell rule reads it
    left = [ln.words for ln in below[:settings.content_lines] if ln.words[0].x1 < label.x0]
    lone = [ws[0] for ws in left if len(ws) > 1 and ws[1].x0 >= label.x0 - settings.column_start_slack]
    nums = [w for w in lone if _row_number(w)]
    if misread:  # under a misread label a lone short token may be a misread number too ("Ja": "1.2")
        nums = [w for w in lone if _row_number(w) or len(w.text) <= settings.lead_word_max_chars_ocr] \
            if 2 * len(nums) >= len(lone) else nums
    if sum(map(_row_number, nums)) < 2 - short or len(nums) < settings.content_role_share * len(left):
        return None, first
    x0, x1 = min(w.x0 for w in nums), max(w.x1 for w in nums)
    if short:
        return ("id", first[0].text, min(x0, first[0].x0), max(x1, first[0].x1)), first[1:]
    return ("id", "", x0, x1), first


def _row_number(w: Word) -> bool:
    """A row number, read loosely on a scan (dots dropped or misread: "112", "1:2.3")."""
    return bool((_ROW_NUMBER_READ if w.conf is not None else ROW_ID).fullmatch(w.text))


def _misread_lead(first: list[Word], vocab: ColumnVocab, settings: TableSettings = _DEF) -> bool:
    """An OCR'd first word of a few letters naming no column, before words naming one on their own ("IRON
    TAvoiTE": "NRO" of a dark header band misread, read into the next label's cell; a row's own number
    before its text, "2.2 Kehittämisehdotus", is none)."""
    w = first[0]
    return len(first) > 1 and w.conf is not None and w.text.isalpha() \
        and len(w.text) <= settings.lead_word_max_chars_ocr and vocab.role_of(w.text) is None \
        and vocab.role_of(" ".join(x.text for x in first[1:])) is not None


def _strip_marks(ws: list[Word], settings: TableSettings = _DEF) -> list[Word]:
    """A header cell's words without marks at its ends ("= Status 31.12.2021": a speck before the label)."""
    i, j = 0, len(ws)
    while i < j and _is_mark(ws[i], settings):
        i += 1
    while j > i and _is_mark(ws[j - 1], settings):
        j -= 1
    return ws[i:j] or ws


def _lead_id_cell(cells: list[tuple[str | None, str, float, float]], below: Sequence[Line],
                  settings: TableSettings = _DEF) -> list[tuple[str | None, str, float, float]]:
    """A first header cell of a mark or a character or two that names no column ("#" read as "*", "4" or
    "H") is the id column where row numbers stand under it; a mark that is not is no column."""
    if not cells or cells[0][0] is not None or len(cells[0][1]) > settings.lead_cell_max_chars:
        return cells
    if below and len(cells) > 1 and roles_by_content(cells[:2], below, settings, loose_ids=True)[0][0] == "id":
        return [("id",) + tuple(cells[0][1:]), *cells[1:]]
    if not any(ch.isalnum() for ch in cells[0][1]):
        return cells[1:]
    return cells


def _set_as_header(line: Line, cells: list[tuple[str | None, str, float, float]]) -> bool:
    """Set like a header row: bold or in capitals, no cell opening with a bullet (body text is not)."""
    labels = [c[1] for c in cells]
    caps = all(t.isupper() for t in labels if any(ch.isalpha() for ch in t))
    return (line.bold or caps) and not any(t[:1] in BULLET_CHARS for t in labels)


_YEARS = re.compile(r"^(?:(?:19|20)\d\d(?:\s?[-–—]\s?(?:(?:19|20)?\d\d)?)?|(?:vuosittain|jatkuva|jatkuvasti|"
                    r"årligen|fortlöpande|kontinuerligt|syksy|kevät|hösten|våren)\b.*)$", re.I)


def roles_by_content(cells: list[tuple[str | None, str, float, float]], below: Sequence[Line],
                     settings: TableSettings = _DEF, loose_ids: bool = False
                     ) -> list[tuple[str | None, str, float, float]]:
    """Roles for header cells whose words name no column, from the text under them.

    A column whose lines are mostly years, ranges or recurrences ("2023–2024", "Vuosittain") is the
    schedule column, one whose lines mostly open with a row number ("A1", "T2.3", "1.2") the id
    column; without an action (or goals) column, the unnamed column holding the most words is it. With
    ``loose_ids`` (a lead cell of a misread "#" over it) a number whose dots OCR dropped or misread
    ("121", "1:21") counts as a row number too."""
    is_id = _ROW_NUMBER_READ.match if loose_ids else ROW_ID.match
    starts = [c[2] for c in cells]
    texts: list[list[str]] = [[] for _ in cells]
    ocr_short: list[str] = []  # lone short OCR'd tokens of the first column
    for ln in below[:settings.content_lines]:
        parts: dict[int, list[Word]] = {}
        for w in ln.words:
            k = max((i for i, x in enumerate(starts) if w.x0 >= x - settings.column_pad - settings.column_start_slack),
                    default=0)
            parts.setdefault(k, []).append(w)
        for k, ws in parts.items():
            texts[k].append(" ".join(w.text for w in ws))
            w = ws[0]
            if k == 0 and len(ws) == 1 and w.conf is not None and len(w.text) <= settings.lead_word_max_chars_ocr:
                ocr_short.append(w.text)
    out = list(cells)
    share = settings.content_role_share
    taken = {c[0] for c in cells if c[0]}
    for i, (role, label, x0, x1) in enumerate(cells):
        lines = texts[i]
        if role is not None or not lines:
            continue
        if "schedule" not in taken and sum(bool(_YEARS.match(t)) for t in lines) >= share * len(lines):
            out[i] = ("schedule", label, x0, x1)
            taken.add("schedule")
        elif "id" not in taken and i == 0 and _id_lines(lines, ocr_short if loose_ids else [], is_id) \
                >= share * len(lines):
            out[i] = ("id", label, x0, x1)
            taken.add("id")
    if not {"text", "goal"} & taken:
        free = [i for i, c in enumerate(out) if c[0] is None and texts[i]]
        if free:
            i = max(free, key=lambda k: sum(len(t.split()) for t in texts[k]))
            out[i] = ("text",) + tuple(out[i][1:])
    return out


def _id_lines(lines: list[str], ocr_short: list[str], is_id) -> int:
    """How many of a first column's lines are a lone row number; with ``ocr_short`` (the lone short tokens OCR
    read in it under a misread "#") those too where at least half of them are row numbers ("LA", "Eo": a
    scanned "1.1", "2.1" misread)."""
    ids = sum(bool(is_id(t)) and len(t.split()) == 1 for t in lines)
    misread = [t for t in ocr_short if not is_id(t)]
    return ids + len(misread) if ocr_short and 2 * ids >= len(ocr_short) else ids


def merge_wrapped_header(line: Line, below: list[Line], settings: TableSettings = _DEF) -> Line | None:
    """A header row whose cells wrap onto the next line(s), as one line of cells.

    Words of a following line (directly below, same weight) join the cell of the first line
    whose text starts left of them, so "Kehittämisen / näkökulmat" reads as one cell label.
    """
    cells = header_cells(line, settings)
    if len(cells) < 2:
        return None
    starts = [c[0].x0 for c in cells]
    merged: list[list[Word]] = [list(c) for c in cells]
    bottom = line.bottom
    used = 0
    for nxt in below[:settings.header_wrap_lines]:
        if nxt.top - bottom > settings.header_wrap_gap_em * line.size or nxt.bold != line.bold:
            break
        for w in nxt.words:
            j = max((k for k, x in enumerate(starts) if w.x0 >= x - settings.column_start_slack), default=None)
            if j is None:
                return None
            merged[j].append(w)
        bottom = nxt.bottom
        used += 1
    if not used:
        return None
    return Line([w for c in merged for w in c])


def build_header(line: Line, cells: list[tuple[str | None, str, float, float]], page: Page,
                 below: list[Line] | None = None, settings: TableSettings = _DEF) -> Header:
    """Columns from the header cells, refined by drawn vertical rules crossing the header."""
    size = line.size
    top, bottom = line.top, line.bottom
    labels = [c[1] for c in cells]
    # a header cell may wrap onto following lines of the same (bold) style directly below
    def cell_of(w: Word) -> int:
        return max((i for i, c in enumerate(cells) if w.x0 >= c[2] - settings.column_start_slack), default=0)

    for nxt in below or []:
        if nxt.top - bottom > settings.header_wrap_gap_em * size or nxt.bold != line.bold or not line.bold:
            break
        if any(cell_of(a) != cell_of(b) and b.x0 - a.x1 < settings.header_wrap_flow_em * size
               for a, b in zip(nxt.words, nxt.words[1:])) \
                or any(cell_of(w) + 1 < len(cells) and w.x1 > cells[cell_of(w) + 1][2] for w in nxt.words):
            break  # running text across a column boundary (or over the next label's start): a group heading, no label
        if len(cells) > 1 and all(cell_of(w) == 0 for w in nxt.words) \
                and nxt.x0 >= cells[0][2] - settings.column_start_slack and cells[0][3] + nxt.words[0].x1 - nxt.words[0].x0 + settings.cell_gap_em * size < cells[1][2]:
            break  # its first word would have fit after the first label: a section row under the header, no wrap
        for w in nxt.words:
            labels[cell_of(w)] = f"{labels[cell_of(w)]} {w.text}"
        bottom = nxt.bottom
    # rules crossing the header, or starting just under it (on a scan, a shaded header hides its rules)
    reach = settings.header_rule_reach_em * size
    vrules = [r.x0 for r in page.rules if not r.horizontal and r.top <= (top + bottom) / 2 + reach
              and r.bottom >= (top + bottom) / 2]
    slack = settings.column_rule_slack
    columns: list[Column] = []
    for i, (role, _, x0, x1) in enumerate(cells):
        if i == 0:
            left = float("-inf")
        else:
            prev_x1 = cells[i - 1][3]
            between = [x for x in vrules if prev_x1 - slack <= x <= x0 + slack]
            left = max(between) if between else x0 - settings.column_pad
        columns.append(Column(role, labels[i], left, float("inf"), x0))
    for a, b in zip(columns, columns[1:]):
        a.x1 = b.x0
    for c, role in zip(columns, column_roles([c.role for c in columns])):
        c.role = role
    return Header(line.page, top, bottom, columns, size)


def _shifted(columns: Sequence[Column], shift: float) -> list[Column]:
    """``columns`` moved ``shift`` points to the right."""
    return [Column(c.role, c.label, c.x0 + shift, c.x1 + shift, c.text_x0 + shift) for c in columns]


def align_header(header: Header, page: Page, settings: TableSettings = _DEF) -> Header:
    """A header carried over from an earlier page, shifted onto this page's drawn column rules.

    Scanned pages lie a few points apart from each other on the glass; the column boundaries read
    on one page then miss the rules and the words of the next. The shift is the median distance
    from the inner column boundaries to the nearest vertical rule of this page (within
    ``settings.align_reach``), used when at least half of the boundaries have one; otherwise the
    header is returned as it is."""
    reach = settings.align_reach
    inner = [c.x0 for c in header.columns[1:]]
    xs = sorted({round(r.x0, 1) for r in page.rules
                 if not r.horizontal and r.bottom - r.top > settings.align_min_rule})
    if not inner:
        return header
    offsets = []
    if xs:
        for x in inner:
            near = min(xs, key=lambda v: abs(v - x))
            if abs(near - x) <= reach:
                offsets.append(near - x)
    elif page.ocr:
        offsets = _text_start_offsets(header, page, settings)
    if len(offsets) < max(2, (len(inner) + 1) // 2):
        return header
    shift = statistics.median(offsets)
    if abs(shift) < settings.align_min_shift:
        return header
    cols = _shifted(header.columns, shift)
    return Header(header.page, header.top, header.bottom, cols, header.size)


def complete_header(header: Header, earlier: Header, settings: TableSettings = _DEF) -> Header | None:
    """``earlier``'s columns, shifted onto ``header``, where ``header`` repeats it with labels lost to a scan.

    OCR may misread or drop a label on a dark header band ("RAFUKTUINTI", a label not read at all), and
    the column it names is then unnamed or merged into its neighbour. A header on a later page whose
    every column starts where a column of an earlier header starts (within ``repeat_slack``, after the
    shift their named columns share) and names no column otherwise is that header again: where the
    earlier one names more columns, its columns are taken (at this header's place and height). None
    where the headers differ or the earlier one names no more."""
    named = [c for c in header.columns if c.role]
    if sum(1 for c in earlier.columns if c.role) <= len(named):
        return None
    shifts = []
    for c in named:
        k = earlier.index(c.role)
        if k is None:
            return None
        shifts.append(c.text_x0 - earlier.columns[k].text_x0)
    if not shifts:
        return None
    shift = statistics.median(shifts)
    if abs(shift) > settings.align_reach:
        return None
    starts = [c.text_x0 + shift for c in earlier.columns]
    for c in header.columns:
        k = min(range(len(starts)), key=lambda i: abs(starts[i] - c.text_x0))
        if abs(starts[k] - c.text_x0) > settings.repeat_slack or c.role not in (None, earlier.columns[k].role):
            return None
    cols = _shifted(earlier.columns, shift)
    return Header(header.page, header.top, header.bottom, cols, header.size)


def realign_header(header: Header, earlier: Header, settings: TableSettings = _DEF) -> Header | None:
    """``earlier``'s columns, shifted onto ``header``, where ``header`` repeats it (the same roles, every column
    but one starting where ``earlier``'s does, within ``repeat_slack`` after their median shift) but for one
    column starting further off: a label box OCR stretched over the dark band beside it ("TOTEUTUMINEN" read
    from 33 pt left of its letters). None where the headers agree, or differ in more than that."""
    if header.roles != earlier.roles or len(header.columns) < 3:
        return None
    shifts = [c.text_x0 - e.text_x0 for c, e in zip(header.columns, earlier.columns)]
    shift = statistics.median(shifts)
    off = sum(1 for d in shifts if abs(d - shift) > settings.repeat_slack)
    if off != 1 or abs(shift) > settings.align_reach:
        return None
    cols = _shifted(earlier.columns, shift)
    return Header(header.page, header.top, header.bottom, cols, header.size)


def header_from_label(line: Line, role: str, found: Sequence[Header], page: int, below: Line | None,
                      settings: TableSettings = _DEF) -> Header | None:
    """On a scan, a label line (set like a header) naming one column, the other labels of a dark band lost: the header of
    another page that has that column, not as its first, starting within ``align_reach`` of the label (the one
    naming most columns), shifted onto the label, where the line under it, within two lines, opens in two of
    its columns (a heading at the margin that happens to name a column is no header)."""
    for h in sorted(found, key=lambda h: -sum(1 for c in h.columns if c.role)):
        k = h.index(role)
        if h.page == page or not k or abs(line.x0 - h.columns[k].text_x0) > settings.align_reach:
            continue
        shift = line.x0 - h.columns[k].text_x0
        cols = _shifted(h.columns, shift)
        new = Header(page, line.top, line.bottom, cols, line.size)
        if below is not None and below.top - line.bottom < 2 * line.size \
                and len({new.column_of(w.x0) for w in below.words}) >= 2:
            return new
        return None
    return None


def _text_start_offsets(header: Header, page: Page, settings: TableSettings) -> list[float]:
    """A scan without column rules: per column, the shift onto where many words of the page begin.

    The page moved as a whole, so the shift most columns agree on (within twice the hit slack) is
    taken, and each column's best plateau near it: a column of bullet lists also has its words' starts
    a bullet's width right of the bullets, and alone would follow whichever of the two has more hits."""
    import numpy as np  # here only: a text PDF's run never needs numpy (start-up, issue 19)

    starts = np.array([w.x0 for w in page.words])
    reach = settings.align_reach
    steps = np.arange(-reach, reach + 0.01, settings.align_step)
    rows = [np.array([np.count_nonzero(np.abs(starts - (c.text_x0 + d)) <= settings.align_hit_slack) for d in steps])
            for c in header.columns if math.isfinite(c.text_x0)]
    if not rows:
        return []
    t = max(1, round(2 * settings.align_hit_slack / settings.align_step))
    windows = [slice(max(0, i - t), i + t + 1) for i in range(len(steps))]
    support = [(sum(int(h[w].max() >= settings.align_min_hits) for h in rows), sum(int(h[w].max()) for h in rows))
               for w in windows]
    top = max(support)
    tied = [i for i in range(len(steps)) if support[i] == top]
    best = windows[tied[len(tied) // 2]]  # the middle of the best run of shifts
    offsets = []
    for h in rows:
        hw, sw = h[best], steps[best]
        if hw.max() >= settings.align_min_hits:
            offsets.append(float(np.median(sw[hw == hw.max()])))  # the middle of the best plateau
    return offsets
