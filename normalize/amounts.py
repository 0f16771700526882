"""Finnish and Swedish number and money formats.

"12 345,67", "189 000 euroa", "940 000 €", "1.250.000 €" (dots as thousands), "0,2 milj. euroa",
"41,3 m€", "12 500 euro", "5 miljoner euro", "70 %". Pure functions, no kotoex imports.

Spaces inside numbers may be ordinary, no-break (U+00A0), narrow no-break (U+202F) or thin
(U+2009) spaces; zero-width characters a publishing system puts after commas ("8.602,\u200b09 €")
are read through. Not money: telephone and fax numbers (a first group with a leading zero,
"029 564 2760", or a "puh."/"fax" cue before), IBANs and business ids (letters or a hyphen
glued to the digits), diary numbers and dates (dots and hyphens that are not thousands groups).
"""
from __future__ import annotations

import re

_SP = "[ \u00a0\u202f\u2009]"
_ZW = "[\u200b\u200c\u200d\u2060\u00ad]*"
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\u00ad]")
_DEC = rf"(?:,{_ZW}\d+)?"
# "1 250 000" (first group without a leading zero: "029 564 2760" is a phone), "1.250.000", "1250000"
NUMBER = (rf"(?:[1-9]\d{{0,2}}(?:{_SP}{_ZW}\d{{3}})+(?!{_SP}?\d)|[1-9]\d{{0,2}}(?:\.{_ZW}\d{{3}})+(?![.\d])|\d+)"
          rf"{_DEC}")
_MULT = {"milj": 1e6, "miljoona": 1e6, "miljoonaa": 1e6, "miljoner": 1e6, "miljon": 1e6, "mn": 1e6,
         "me": 1e6, "m": 1e6, "mrd": 1e9, "miljardia": 1e9, "miljarder": 1e9,
         "t": 1e3, "tuhatta": 1e3, "tuh": 1e3, "tusen": 1e3, "te": 1e3, "k": 1e3}
_MULT_RE = (r"(?:milj\.?|miljoonaa|miljoona|miljoner|miljon|mn\b|miljardia|miljarder|mrd\.?|tuhatta|tuh\.?|tusen|"
            r"t\.|[mMkKtT](?=€|e\b|eur\b|EUR\b))")
_CUR_RE = r"(?:euroa|euron|eurolla|eurosta|euroon|euro|eur\b|€|e\b)"
_BEFORE = rf"(?<![\d,.\w/-])(?<!\d{_SP})"  # not glued to a word, nor the last group of a longer number
MONEY = re.compile(rf"{_BEFORE}(?P<num>{NUMBER})(?:{_SP}*(?P<mult>{_MULT_RE}))?{_SP}*(?P<cur>{_CUR_RE})", re.I)
MONEY_PREFIX = re.compile(rf"(?P<cur>€|EUR){_SP}*(?P<num>{NUMBER})(?![\d.,]\d)")
PERCENT = re.compile(rf"{_BEFORE}(?P<num>{NUMBER}){_SP}*(?:%|prosenttia|prosentin|procent)", re.I)
# a number written with thousands groups ("98 100", "12 345,67"), not a date, a code or a phone number
GROUPED = re.compile(rf"(?<![\d,.:/\w-])(?P<num>[1-9]\d{{0,2}}(?:{_SP}\d{{3}})+(?:,\d+)?)(?![\d.,]\d)(?!{_SP}?\d)")
_PHONE_CUE = re.compile(r"(puh(elin)?|tel(efon)?|fax|faksi|gsm|vaihde|växel|mobil|p\.)\s*[.:]?\s*$", re.I)


def parse_fi_number(text: str) -> float | None:
    """"12 345,67" -> 12345.67, "189 000" -> 189000.0, "0,2" -> 0.2, "1.250.000" -> 1250000.0; None if not a number."""
    if text is None:
        return None
    s = _INVISIBLE.sub("", str(text).strip())
    s = re.sub(rf"{_SP}+", "", s)
    s = s.rstrip(".")
    if re.fullmatch(r"[-−]?\d{1,3}(\.\d{3})+(,\d+)?", s):  # "1.234.567,89"
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


def _phone_before(text: str, start: int) -> bool:
    return bool(_PHONE_CUE.search(text[max(0, start - 16): start]))


def find_amounts(text: str) -> list[tuple[float, str, tuple[int, int]]]:
    """Money amounts with a currency: (value in euros, raw text, span), in text order.

    "189 000 euroa" -> 189000.0, "0,2 milj. euroa" -> 200000.0, "41,3 m€" -> 41300000.0, "€ 5 000" -> 5000.0.
    """
    text = text or ""
    out: list[tuple[float, str, tuple[int, int]]] = []
    taken: list[tuple[int, int]] = []
    for m in MONEY.finditer(text):
        v = parse_fi_number(m.group("num"))
        if v is None or _phone_before(text, m.start()):
            continue
        cur = m.group("cur")
        if cur.lower() == "e" and not m.group("mult") and not re.search(r"\d" + _SP + r"*e$", m.group(0)):
            continue
        out.append((v * _mult(m.group("mult")), _INVISIBLE.sub("", m.group(0).strip()), m.span()))
        taken.append(m.span())
    for m in MONEY_PREFIX.finditer(text):
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
        if _phone_before(text, m.start()):
            continue
        v = parse_fi_number(m.group("num"))
        if v is not None:
            out.append((v, m.group("num"), m.span()))
    return out


# ------------------------------------------------------------------------- amount columns of a table

# a header's unit: "1000 €", "1 000 euroa", "t€", "tuhatta euroa", "milj. €", "M€", "TEUR", "tusen euro"
_UNIT_NUMBER = re.compile(rf"(?<![\d,.])(?P<num>1(?:{_SP}?[.]?0{{3}})+)(?![\d,]){_SP}*(?P<cur>{_CUR_RE})", re.I)
_UNIT_WORD = re.compile(rf"(?<![\w])(?P<mult>{_MULT_RE}){_SP}*(?P<cur>{_CUR_RE})", re.I)
_UNIT_GLUED = re.compile(r"(?<![\w])(?P<mult>[tkm])(?P<cur>eur|e)\b", re.I)  # "TEUR", "Me"
_UNIT_CURRENCY = re.compile(rf"(?<![\w]){_CUR_RE}", re.I)


def column_unit(header: str) -> float | None:
    """The factor a table column's header puts on the numbers under it, or None if it names no money unit.

    "1000 €" -> 1000.0, "TA 2024 (1 000 euroa)" -> 1000.0, "t€" / "tuhatta euroa" / "TEUR" -> 1000.0,
    "milj. €" / "M€" -> 1e6, "€" / "euroa" -> 1.0, "Tot-%" / "TA 2024" -> None. A year in the header
    is no unit.
    """
    h = _INVISIBLE.sub("", header or "")
    m = _UNIT_NUMBER.search(h)
    if m:
        return parse_fi_number(m.group("num"))
    m = _UNIT_WORD.search(h) or _UNIT_GLUED.search(h)
    if m:
        return _mult(m.group("mult"))
    return 1.0 if _UNIT_CURRENCY.search(h) else None


def cell_amount(cell: str, unit: float | None) -> float | None:
    """The amount in euros of a table cell under a header with ``unit`` (:func:`column_unit`).

    A bare number is scaled by the unit ("11 598" under "1000 €" -> 11598000.0, "-35 516" -> -35516000.0,
    "0,2" under "milj. €" -> 200000.0); a cell that writes its own currency keeps its own value
    ("5 000 €" -> 5000.0); a percentage, an empty cell, text, or a column without a unit gives None.
    """
    text = _INVISIBLE.sub("", cell or "").strip()
    if not text or "%" in text:
        return None
    own = find_amounts(text)
    if len(own) == 1 and own[0][1] == text:
        return own[0][0]
    if unit is None:
        return None
    neg = re.fullmatch(rf"[-−–]{_SP}*(.+)", text)
    body = neg.group(1) if neg else text
    if not re.fullmatch(rf"(?:{NUMBER})", body):
        return None
    v = parse_fi_number(body)
    return None if v is None else (-v if neg else v) * unit
