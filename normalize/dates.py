"""Finnish (and Swedish) dates: "28.08.2023", "1.9.2023-31.8.2024", "28. elokuuta 2023" -> ISO strings.

Pure functions, no kotoex imports.
"""
from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    "tammikuu": 1, "helmikuu": 2, "maaliskuu": 3, "huhtikuu": 4, "toukokuu": 5, "kesäkuu": 6,
    "heinäkuu": 7, "elokuu": 8, "syyskuu": 9, "lokakuu": 10, "marraskuu": 11, "joulukuu": 12,
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7, "augusti": 8,
    "september": 9, "oktober": 10, "november": 11, "december": 12,
}

# d.m.yyyy with optional spaces after the dots; not part of a longer number or dotted code
NUM_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?![\d])")
_WORD_DATE = re.compile(r"(?<!\d)(\d{1,2})\.?\s+(" + "|".join(_MONTHS) + r")[a-zåäö]*\s+(\d{4})\b", re.I)
_DASH = r"\s*[-–—]\s*"
# "1.9.2023-31.8.2024", "1.9.–31.12.2023" (start without year), "1.9.2023 - 31.8.2024"
RANGE = re.compile(
    r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.(?:\s?(\d{4}))?" + _DASH + r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?!\d)")


def _iso(d: int, m: int, y: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def parse_fi_date(text: str) -> str | None:
    """The first date in ``text`` as ISO "YYYY-MM-DD" ("28.08.2023" -> "2023-08-28"), else None."""
    if not text:
        return None
    m = NUM_DATE.search(text)
    if m:
        iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            return iso
    m = _WORD_DATE.search(text)
    if m:
        return _iso(int(m.group(1)), _MONTHS[m.group(2).lower()], int(m.group(3)))
    return None


def find_dates(text: str) -> list[tuple[str, str, tuple[int, int]]]:
    """Every d.m.yyyy date in the text: (iso, raw, span)."""
    out = []
    for m in NUM_DATE.finditer(text or ""):
        iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            out.append((iso, m.group(0), m.span()))
    return out


def find_date_ranges(text: str) -> list[tuple[str, str, str, tuple[int, int]]]:
    """Every date range "1.9.2023-31.8.2024" in the text: (start_iso, end_iso, raw, span).

    A start without a year ("1.9.–31.12.2023") takes the end's year.
    """
    out = []
    for m in RANGE.finditer(text or ""):
        d1, m1, y1, d2, m2, y2 = m.groups()
        end = _iso(int(d2), int(m2), int(y2))
        start = _iso(int(d1), int(m1), int(y1 or y2))
        if start and end and start <= end:
            out.append((start, end, m.group(0), m.span()))
    return out
