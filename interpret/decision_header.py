"""The page header of a minutes extract or decision: body, § number, date, diary number, municipality.

"Sosiaali- ja terveyslautakunta 24.03.2021 § 47", "Kaupunginhallitus § 88 15.02.2021" and the
same fields run together without spaces ("Kansliapäällikkö24228.08.2023") give the body, the §
and the date; a labelled or shaped diary number ("Dnro 1234/2021", "TKU/2023/1234") the diary
number. The words (document kinds, diary labels, "kaupunki" / "kunta") are in ``data/decision.json``.
"""
from __future__ import annotations

import re

from kotoex.extract.layout import group_lines
from kotoex.extract.pdf import Page
from kotoex.interpret.lexicon import compiled
from kotoex.normalize.dates import NUM_DATE, parse_fi_date
from kotoex.normalize.municipalities import lookup_municipality

_HEADER_LINE = re.compile(
    r"^(?P<body>.*?)\s*(?:§\s*(?P<sec1>\d{1,4})\s*(?P<date1>\d{1,2}\.\d{1,2}\.\d{4})"
    r"|(?P<date2>\d{1,2}\.\d{1,2}\.\d{4})\s*§\s*(?P<sec2>\d{1,4}))\s*(?P<rest>.*)$")
# the same fields run together without spaces: "Kansliapäällikkö24228.08.2023"
_RUN_TOGETHER = re.compile(r"^(?P<body>.*?[A-Za-zÅÄÖåäö)])\s*§?\s*(?P<digits>\d{2,7})\.(?P<month>\d{1,2})\.(?P<year>\d{4})\s*(?P<rest>.*)$")
# diary numbers by their shape, after the labelled one ("Dnro ...")
_DIARY_SHAPES = [
    re.compile(r"\b([A-ZÅÄÖ]{2,}[:/]\s?\d+(?:/[\d.]+)*/\d{4})\b"),
    re.compile(r"\b([A-ZÅÄÖ]{2,5}\s\d{4}-\d{3,7})\b"),
    re.compile(r"(?<![\w./-])(\d+(?:/[\d.]+)+/\d{4})\b"),
    re.compile(r"(?<![\w./-])(\d{1,6}-\d{4})(?![\w-])"),
]


def _diary_patterns() -> list[re.Pattern[str]]:
    labelled = compiled(r"\b(?:{})\.?\s*:?\s*([A-ZÅÄÖ0-9][\w:/.\-]*\d)", "decision", ("diary_labels",))
    return [labelled, *_DIARY_SHAPES]


def split_run_together(m: re.Match) -> tuple[str, str, str] | None:
    """"24228.08.2023" → ("242", "2023-08-28"): the day takes two digits when the month has two."""
    digits, month, year = m.group("digits"), m.group("month"), m.group("year")
    order = (2, 1) if len(month) == 2 else (1, 2)
    for n in order:
        if len(digits) <= n:
            continue
        sec, day = digits[:-n], digits[-n:]
        iso = parse_fi_date(f"{day}.{month}.{year}")
        if iso and not sec.startswith("0"):
            return sec, iso, f"{day}.{month}.{year}"
    return None


def _section_line(lines: list[str], i: int) -> dict | None:
    """Body, § number and date from header line ``i`` (None if it has none); "_body_line": its index."""
    t = lines[i].strip()
    m = _HEADER_LINE.match(t)
    if m:
        body, body_line = clean_body(m.group("body")), i
        if not body and i > 0:
            body, body_line = clean_body(lines[i - 1]), i - 1
        return {"section": m.group("sec1") or m.group("sec2"), "date": parse_fi_date(m.group("date1") or m.group("date2")),
                "body": body or None, "_body_line": body_line}
    if "§" in t or NUM_DATE.search(t) is None:
        m2 = _RUN_TOGETHER.match(t.replace("§", ""))
        if m2 and m2.group("body").strip():
            split = split_run_together(m2)
            if split:
                return {"section": split[0], "date": split[1], "body": clean_body(m2.group("body")) or None, "_body_line": i}
    m3 = _RUN_TOGETHER.match(t)
    if m3 and "§" in t:
        split = split_run_together(m3)
        if split:
            return {"section": split[0], "date": split[1], "body": clean_body(m3.group("body")) or None, "_body_line": i}
    return None


def _diary_number(lines: list[str]) -> tuple[str, int] | None:
    """The first diary number in the header lines, with its line index."""
    for i, t in enumerate(lines):
        if NUM_DATE.fullmatch(t.strip()):
            continue
        for rx in _diary_patterns():
            m = rx.search(t)
            if m:
                cand = m.group(1)
                if NUM_DATE.fullmatch(cand) or parse_fi_date(cand):
                    continue
                return cand, i
    return None


def parse_header(lines: list[str], src: dict | None = None) -> dict:
    """Header fields (body, section, date, diary_number) from the header lines' texts.

    ``src`` (if given) receives each field's line index.
    """
    out: dict = {}
    src = {} if src is None else src
    for i in range(len(lines)):
        found = _section_line(lines, i)
        if found:
            src.update(section=i, date=i, body=found.pop("_body_line"))
            out.update(found)
            break
    diary = _diary_number(lines)
    if diary:
        out["diary_number"], src["diary_number"] = diary
    return out


def clean_body(s: str) -> str:
    """The deciding body's name from a header fragment, without the document kind and the municipality."""
    s = re.sub(r"\s+", " ", s or "").strip(" ,:;-–")
    s = compiled(r"\b({})\b", "decision", ("document_kinds",)).sub("", s).strip(" ,:;-–")
    s = re.sub(r"\b\d+\s*\(\s*\d+\s*\)\s*$", "", s).strip()
    # the municipality's own name on the same line ("Turun kaupunki Kaupunginhallitus")
    s = compiled(r"^[A-ZÅÄÖ][\w-]*\s+({})\s+", "decision", ("municipality_words",)).sub("", s).strip()
    if not s or not re.search(r"[A-Za-zÅÄÖåäö]{3,}", s):
        return ""
    if s.isupper():
        s = s.capitalize()
    return s


def header_municipality(pages: list[Page]) -> tuple[str, str] | None:
    """The issuing municipality from the first lines of the first page ("Turun kaupunki", "ROVANIEMEN KAUPUNKI")."""
    if not pages:
        return None
    rx = compiled(r"([A-ZÅÄÖ][\w-]+)\s+({})\b", "decision", ("municipality_words", "municipality_genitives"))
    for ln in group_lines(pages[0].words)[:8]:
        m = rx.search(ln.text)
        if m:
            hit = lookup_municipality(m.group(1))
            if hit:
                return hit
    return None
