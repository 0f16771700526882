"""Page furniture: page numbers and running headers / footers in a page's top and bottom margins.

One place for what the table reader (``drop_furniture``), the decision reader and the practice
reader (``content_lines``) leave out of a page's text:

* a page number is a line in the margins that matches one of the patterns in
  ``data/page_numbers.json`` as a whole ("12", "3 (4)", "3/12", "sivu 3", "- 3 -");
* a running header or footer is a margin line whose text (digits masked) repeats on at least
  ``min_running`` lines or half the pages, whichever is more; only readers that ask for it drop them.

The margins are a share of the page height (:class:`Margins`).
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .layout import Line, group_lines
from .pdf import Page, Word

_DATA = Path(__file__).resolve().parent / "data" / "page_numbers.json"


@dataclass(frozen=True)
class Margins:
    """The top and bottom margins, as shares of the page height, where furniture may sit."""

    top: float = 0.08
    bottom: float = 0.92
    min_running: int = 3  # a running header repeats on at least this many lines (and half the pages)

    def at_edge(self, line: Line, page: Page) -> bool:
        return line.top < self.top * page.height or line.bottom > self.bottom * page.height


MARGINS = Margins()


@cache
def _page_number() -> re.Pattern[str]:
    patterns = json.loads(_DATA.read_text(encoding="utf-8"))["patterns"]
    return re.compile("^(" + "|".join(f"(?:{p})" for p in patterns) + ")$", re.I)


def is_page_number(text: str) -> bool:
    """True for a line that is only a page number ("12", "3 (4)", "sivu 3 / 9")."""
    return _page_number().match(text.strip()) is not None


def _masked(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip())


def running_texts(pages: list[Page], lines: list[list[Line]], margins: Margins = MARGINS) -> set[str]:
    """Margin texts (digits masked as "#") repeated often enough to be running headers or footers."""
    seen: Counter[str] = Counter()
    for page, page_lines in zip(pages, lines):
        seen.update(_masked(ln.text) for ln in page_lines if margins.at_edge(ln, page))
    return {t for t, n in seen.items() if n >= max(margins.min_running, len(pages) // 2)}


def content_lines(pages: list[Page], *, running: bool = False, margins: Margins = MARGINS) -> list[Line]:
    """All text lines in reading order without page numbers (and running headers/footers if asked)."""
    per_page = [group_lines(p.words) for p in pages]
    repeated = running_texts(pages, per_page, margins) if running else set()
    out: list[Line] = []
    for page, page_lines in zip(pages, per_page):
        for ln in page_lines:
            if margins.at_edge(ln, page) and (is_page_number(ln.text) or _masked(ln.text) in repeated):
                continue
            out.append(ln)
    return out


def drop_furniture(page: Page, margins: Margins = MARGINS) -> list[Word]:
    """The page's words without page numbers in the top or bottom margin."""
    drop: set[int] = set()
    for ln in group_lines(page.words):
        if margins.at_edge(ln, page) and is_page_number(ln.text):
            drop.update(id(w) for w in ln.words)
    return [w for w in page.words if id(w) not in drop]
