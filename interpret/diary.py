"""Diary numbers (asianumero, diaarinumero, diarienummer) in any municipality's format.

One reader for the decision reader and the minutes reader: a number after a label ("Dnro",
"Dnr", "Diaarinumero"...) whatever its shape, else the first of the known forms without a label
(a city prefix with number, task-class code and year "LPR/1234/00.04.01/2022", a prefix-Dno-year-
number form "MIKDno-2023-412", "HEL 2023-001234", "KS 123/2023"...). Looser forms ("5652-2023")
only on a header line (``header=True``). A date is never a diary number. The labels and forms are
in ``data/diary.json``.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kotoex.normalize.dates import NUM_DATE, parse_fi_date

_DATA = Path(__file__).resolve().parent / "data" / "diary.json"


@dataclass(frozen=True)
class DiaryVocab:
    label: re.Pattern[str]
    patterns: tuple[re.Pattern[str], ...]
    header_patterns: tuple[re.Pattern[str], ...]


def _bounded(p: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w/.-])(?:{p})(?![\w/-])")


@cache
def diary_vocab(path: Path = _DATA) -> DiaryVocab:
    d = json.loads(path.read_text(encoding="utf-8"))
    labels = "|".join(d["labels"])
    return DiaryVocab(
        label=re.compile(rf"\b(?:{labels})\b\.?\s*:?\s*(?P<v>(?:[A-ZÅÄÖ]{{1,8}}[ /:-]?)?\d[\w:/.\-]*\d)", re.I),
        patterns=tuple(_bounded(p) for p in d["patterns"]),
        header_patterns=tuple(_bounded(p) for p in d.get("header_patterns", [])))


def _not_date(s: str) -> bool:
    return not NUM_DATE.fullmatch(s) and not parse_fi_date(s)


def find_diary_span(text: str, header: bool = False) -> tuple[str, tuple[int, int]] | None:
    """The diary number in ``text`` with its span: a labelled one first, else the first known form."""
    v = diary_vocab()
    m = v.label.search(text)
    if m and _not_date(m.group("v")):
        return m.group("v").strip(), m.span("v")
    for rx in v.patterns + (v.header_patterns if header else ()):
        for m in rx.finditer(text):
            if _not_date(m.group(0)):
                return m.group(0), m.span()
    return None


def find_diary(text: str, header: bool = False) -> str | None:
    """"Dnro 512/00.01.02/2023" -> "512/00.01.02/2023", "LPR/1234/00.04.01/2022" -> itself, "Kokous 12.3.2024" -> None."""
    hit = find_diary_span(text, header)
    return hit[0] if hit else None
