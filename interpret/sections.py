"""Section numbers of minutes ("§ 47"): the "§" that OCR reads as "$", "8" or "S", repaired.

A rule of decision documents, applied to the lines of pages read by OCR (a text layer has the sign
right), before any interpretation looks for the minutes header.
"""
from __future__ import annotations

import re
from typing import Sequence

from kotoex.extract.layout import group_lines
from kotoex.extract.pdf import Page

# the sign as OCR misreads it, and the sign itself, standing before a section number
_SIGN_LOOKALIKES = ("$", "8", "S", "§", "$$", "88")

_DATE = re.compile(r"^\d{1,2}\.\d{1,2}\.(\d{4}|\d{2})[.,]?$")
_SECTION_NO = re.compile(r"^\d{1,4}[.,:]?$")
_GLUED_SECTION = re.compile(r"^[8S$](\d{1,3})$")


def correct_section_signs(tokens: list[str]) -> list[str]:
    """The section sign of minutes ("§ 47") that OCR reads as "$", "8" or "S".

    "$" before a number is always "§"; "8" or "S" only in the minutes-header pattern where a date
    stands next to "§ number" ("24.03.2021 8 47", "8 242 28.08.2023"), so amounts with a space as
    thousands separator ("8 242 euroa") stay.
    """
    out = list(tokens)
    for i, t in enumerate(tokens):
        # the sign glued to its number: "24.03.2021 847" at the end of a line, or "847 24.03.2021"
        m = _GLUED_SECTION.match(t)
        if m and ((i > 0 and _DATE.match(tokens[i - 1]) and i == len(tokens) - 1)
                  or (i + 1 < len(tokens) and _DATE.match(tokens[i + 1]))):
            out[i] = "§" + m.group(1)
    for i, t in enumerate(tokens[:-1]):
        if t not in _SIGN_LOOKALIKES or not _SECTION_NO.match(tokens[i + 1]):
            continue
        if t == "$" or t == "$$":
            out[i] = "§"
            continue
        before = tokens[i - 1] if i > 0 else ""
        after = tokens[i + 2] if i + 2 < len(tokens) else ""
        if _DATE.match(before) or _DATE.match(after):
            out[i] = "§"
    return out


def repair_section_signs(pages: Sequence[Page]) -> Sequence[Page]:
    """:func:`correct_section_signs` on every line of the OCR'd pages, in place; other pages are left alone."""
    for page in pages:
        if not page.ocr:
            continue
        for ln in group_lines(page.words):
            for w, t in zip(ln.words, correct_section_signs([w.text for w in ln.words])):
                w.text = t
    return pages
