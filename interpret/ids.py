"""Measure numbers read with their separators damaged by OCR, repaired by the shape of the table's other ids."""
from __future__ import annotations

import re
from collections import Counter

from .rows import RawMeasure

_DOTTED = re.compile(r"^\d(?:\.\d)+$")  # "1.2.3": single digits joined by dots
_DAMAGED = re.compile(r"^\d[\d.:;,]*\d$")  # digits with the dots lost or read as ":" ";" ","


def repair_ids(measures: list[RawMeasure], min_share: float = 0.8, min_ids: int = 3) -> None:
    """Ids such as "111", "1:21" or "1;2,3" become "1.1.1", "1.2.1", "1.2.3" where most ids of the
    document's well-read ids have that shape (single digits joined by dots, as many parts as the reading
    has digits).

    On a scan tesseract drops or misreads the small dots of a row number set in its own column; the
    digits are usually right. An id with a part of two digits read as such ("1.10") is left alone: only
    readings with a colon, semicolon or comma among their separators are changed, or with no separator
    at all where ids have three parts or more (a plain "12" may be a number of its own)."""
    ids = [m.id for m in measures if m.id]
    if len(ids) < min_ids:
        return
    shapes = Counter(i.count(".") + 1 for i in ids if _DOTTED.match(i))
    if not shapes:
        return
    parts, n = shapes.most_common(1)[0]
    if parts < 2 or n < min_ids or n < min_share * sum(shapes.values()):
        return
    for m in measures:
        i = m.id
        if not i or _DOTTED.match(i) or not _DAMAGED.match(i):
            continue
        digits = re.sub(r"\D", "", i)
        if len(digits) == parts and (re.search(r"[:;,]", i) or ("." not in i and parts >= 3)):
            m.id = ".".join(digits)
