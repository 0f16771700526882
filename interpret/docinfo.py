"""Document-level facts read from the pages: title, language, period and municipality mentions."""
from __future__ import annotations

import re

from kotoex.extract.layout import Line, clean_join, group_lines
from kotoex.extract.pdf import Page
from kotoex.extract.furniture import drop_furniture
from kotoex.extract.table import median_size

_YEAR_RANGE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)(?!\d)")


def page_text(page: Page) -> str:
    return "\n".join(ln.text for ln in group_lines(drop_furniture(page)))


def detect_title(pages: list[Page]) -> str | None:
    """The first run of largest-type lines on the first page with text."""
    for page in pages[:2]:
        words = drop_furniture(page)
        if not words:
            continue
        body = median_size(words)
        lines = [ln for ln in group_lines(words) if any(ch.isalpha() for ch in ln.text)]
        big = [ln for ln in lines if ln.size >= 1.25 * body]
        if not big:
            big = [ln for ln in lines[:3] if ln.bold]
        if not big:
            return None
        top_size = max(ln.size for ln in big)
        run: list[Line] = []
        for ln in lines:
            if abs(ln.size - top_size) < 0.6:
                if run and ln.top - run[-1].bottom > 1.2 * ln.size:
                    break
                run.append(ln)
            elif run:
                break
        text = clean_join([ln.text for ln in run])
        if text.isupper():
            text = text[:1] + text[1:].lower()
        return text or None
    return None


def detect_period(texts: list[str]) -> tuple[int, int] | None:
    """The first plausible programme or reporting period "YYYY–YYYY" in the given texts, in order."""
    for t in texts:
        for m in _YEAR_RANGE.finditer(t or ""):
            a, b = int(m.group(1)), int(m.group(2))
            if a < b <= a + 12:
                return a, b
    return None

