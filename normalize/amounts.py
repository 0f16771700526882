"""Finnish number and money formats: "12 345,67", "189 000 euroa", "940 000 €", "0,2 milj. euroa", "70 %".

Pure functions, no kotoex imports. Spaces inside numbers may be ordinary, no-break (U+00A0),
narrow no-break (U+202F) or thin (U+2009) spaces.
"""
from __future__ import annotations

import re

_SP = "[ \u00a0\u202f\u2009]"
NUMBER = rf"(?:\d{{1,3}}(?:{_SP}\d{{3}})+|\d+)(?:,\d+)?"
_MULT = {"milj": 1e6, "miljoona": 1e6, "miljoonaa": 1e6, "me": 1e6, "m": 1e6, "mrd": 1e9, "miljardia": 1e9,
         "t": 1e3, "tuhatta": 1e3, "tuh": 1e3, "te": 1e3, "k": 1e3}
_MULT_RE = r"(?:milj\.?|miljoonaa|miljoona|miljardia|mrd\.?|tuhatta|tuh\.?|t\.)"
_CUR_RE = r"(?:euroa|euron|eurolla|eurosta|euroon|euro|eur\b|€|e\b)"
MONEY = re.compile(
    rf"(?<![\d,.])(?P<num>{NUMBER})(?:{_SP}*(?P<mult>{_MULT_RE}))?{_SP}*(?P<cur>{_CUR_RE})", re.I)
MONEY_PREFIX = re.compile(rf"(?P<cur>€|EUR){_SP}*(?P<num>{NUMBER})(?!\d)")
PERCENT = re.compile(rf"(?<![\d,.])(?P<num>{NUMBER}){_SP}*(?:%|prosenttia|prosentin|procent)", re.I)
# a number written with thousands groups ("98 100", "12 345,67"), not a date or a code
GROUPED = re.compile(rf"(?<![\d,.:/])(?P<num>\d{{1,3}}(?:{_SP}\d{{3}})+(?:,\d+)?)(?![\d.,]\d)")


def parse_fi_number(text: str) -> float | None:
    """"12 345,67" -> 12345.67, "189 000" -> 189000.0, "0,2" -> 0.2; None if not a number."""
    if text is None:
        return None
    s = re.sub(rf"{_SP}+", "", str(text).strip())
    s = s.rstrip(".")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", s):  # "1.234.567,89"
        s = s.replace(".", "")
    s = s.replace(",", ".")
    if s.startswith("-") or s.startswith("−"):
        s = "-" + s[1:]
    try:
        return float(s)
    except ValueError:
        return None


def _mult(m: str | None) -> float:
    if not m:
        return 1.0
    return _MULT.get(m.lower().rstrip("."), 1.0)


def find_amounts(text: str) -> list[tuple[float, str, tuple[int, int]]]:
    """Money amounts with a currency: (value in euros, raw text, span), in text order.

    "189 000 euroa" -> 189000.0, "0,2 milj. euroa" -> 200000.0, "€ 5 000" -> 5000.0.
    """
    out: list[tuple[float, str, tuple[int, int]]] = []
    taken: list[tuple[int, int]] = []
    for m in MONEY.finditer(text or ""):
        v = parse_fi_number(m.group("num"))
        if v is None:
            continue
        cur = m.group("cur")
        if cur.lower() == "e" and not m.group("mult") and not re.search(r"\d" + _SP + r"*e$", m.group(0)):
            continue
        out.append((v * _mult(m.group("mult")), m.group(0).strip(), m.span()))
        taken.append(m.span())
    for m in MONEY_PREFIX.finditer(text or ""):
        if any(a <= m.start() < b for a, b in taken):
            continue
        v = parse_fi_number(m.group("num"))
        if v is not None:
            out.append((v, m.group(0), m.span()))
    out.sort(key=lambda t: t[2][0])
    return out


def find_percentages(text: str) -> list[tuple[float, str, tuple[int, int]]]:
    """"70 %", "80%", "25 prosenttia" -> (70.0, raw, span)."""
    out = []
    for m in PERCENT.finditer(text or ""):
        v = parse_fi_number(m.group("num"))
        if v is not None:
            out.append((v, m.group(0), m.span()))
    return out


def find_grouped_numbers(text: str) -> list[tuple[float, str, tuple[int, int]]]:
    """Numbers written with thousands groups and no unit after them ("yhteensä 98 100, josta")."""
    out = []
    for m in GROUPED.finditer(text or ""):
        v = parse_fi_number(m.group("num"))
        if v is not None:
            out.append((v, m.group("num"), m.span()))
    return out
