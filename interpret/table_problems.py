"""Silent failures of the table reader made visible: problems it reports with its measures.

* ``table_header_unrecognised``: a page holds a row laid out like a table header (several short
  cells, bold, upper case or shaded, with the lines below starting where its cells start) whose
  words name too few known columns, and no recognised header: that table's rows are not read as
  measures. The message names the cells, so a user can add the words (``--columns``).
* ``implausible_measures``: many of the table measures have no action text, or the same text:
  columns were most likely given the wrong roles.

Both are warnings: the pipeline makes an ``ok`` status ``partial`` where one is reported.
"""
from __future__ import annotations

from collections import Counter
from typing import Sequence

from kotoex.extract.columns import ColumnVocab
from kotoex.extract.layout import Line
from kotoex.extract.pdf import Page
from kotoex.extract.table import header_cells
from kotoex.extract.table_settings import TableSettings
from kotoex.models import Problem

from .rows import RawMeasure

HEADER_UNRECOGNISED = "table_header_unrecognised"
IMPLAUSIBLE = "implausible_measures"

_CELL_MAX_WORDS = 4  # a header cell names a column in a few words
_MIN_CELLS = 3
_BODY_LINES = 12  # lines below a header-like row looked at
_ALIGNED_LINES = 3  # ... of which at least this many start text at two or more of its inner cells
_EMPTY_SHARE = 0.3  # a share of table measures without action text (or repeating one) that is implausible
_MIN_MEASURES = 4


def _problem(kind: str, message: str, pages: Sequence[int] = ()) -> Problem:
    return Problem.of(kind, message, list(pages))  # severity from models/problem.py KINDS (warning)


def header_like(lines: list[Line], i: int, page: Page, settings: TableSettings) -> list[str] | None:
    """The cell labels of ``lines[i]`` if it is laid out like a table header row, else None."""
    ln = lines[i]
    if not settings.header_min_words <= len(ln.words) <= settings.header_max_words:
        return None
    cells = header_cells(ln, settings)
    if len(cells) < _MIN_CELLS or any(len(c) > _CELL_MAX_WORDS for c in cells):
        return None
    labels = [" ".join(w.text for w in c) for c in cells]
    shaded = any(f.top <= ln.top and f.bottom >= ln.bottom and f.x0 <= ln.x0 and f.x1 >= ln.x1 for f in page.fills)
    if not (ln.bold or shaded or all(t.isupper() for t in labels if any(ch.isalpha() for ch in t))):
        return None
    starts = [c[0].x0 for c in cells[1:]]
    slack = ln.size
    aligned = 0
    for below in lines[i + 1:i + 1 + _BODY_LINES]:
        hits = {k for k, x in enumerate(starts) for w in below.words if abs(w.x0 - x) <= slack}
        aligned += len(hits) >= 2
    return labels if aligned >= _ALIGNED_LINES else None


def unrecognised_headers(pages: list[Page], lines_of: dict[int, list[Line]], header_pages: set[int],
                         vocab: ColumnVocab, settings: TableSettings) -> list[Problem]:
    """One problem for the pages (without a recognised header) that show an unrecognised header row."""
    found: dict[int, list[str]] = {}
    for page in pages:
        if page.number in header_pages:
            continue
        lines = lines_of.get(page.number, [])
        for i in range(len(lines)):
            labels = header_like(lines, i, page, settings)
            if labels and sum(1 for t in labels if vocab.role_of(t)) < settings.header_role_share * len(labels):
                found[page.number] = labels
                break
    if not found:
        return []
    first = min(found)
    return [_problem(HEADER_UNRECOGNISED,
                     f"page {first}: a table header row '{' | '.join(found[first])}' was not recognised "
                     f"({len(found)} page(s)): its rows were not read as measures (column words can be added "
                     "with --columns)", list(found))]


def implausible(measures: list[RawMeasure]) -> list[Problem]:
    """A problem where many table measures have no action text or share one text."""
    table = [m for m in measures if m.path in ("grid", "borderless")]
    if len(table) < _MIN_MEASURES:
        return []
    empty = [m for m in table if len(m.text.strip()) < 3]
    counts = Counter(m.text.strip().lower() for m in table if len(m.text.strip()) >= 3)
    repeated = [m for m in table if counts[m.text.strip().lower()] > 1]
    out = []
    if len(empty) >= _EMPTY_SHARE * len(table):
        out.append(_problem(IMPLAUSIBLE, f"{len(empty)} of {len(table)} table measures have no action text: "
                                         "the columns may have been read with the wrong roles",
                            [p for m in empty for p in m.pages]))
    elif len(repeated) >= _EMPTY_SHARE * len(table):
        out.append(_problem(IMPLAUSIBLE, f"{len(repeated)} of {len(table)} table measures repeat another's text: "
                                         "the columns may have been read with the wrong roles",
                            [p for m in repeated for p in m.pages]))
    return out
