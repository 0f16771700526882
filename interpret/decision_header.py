"""The page header of a minutes extract or decision: body, § number, date, diary number, municipality.

The header is read by the patterns of its fields, not by line positions: a line with one § number
("§ 47", Swedish "41 §") and one date, in any order and with any separators ("Kokous 12.9.2022 ·
§ 245", "Kommunstyrelsen § 55 20.02.2023", the cells of a one-row header table "Body | date | § n")
is a stamp; what is left of it once the document kind, the municipality and header labels (the
meeting word "Kokous", "Sammanträde", "Datum": ``header_labels`` of ``data/minutes.json``) are
taken out is the body, else the nearest line above that names a body. A line that reads as a
sentence ("Kaupunginhallitus päätti 9.5.2022 § 131 hakea...") is no stamp. The same fields run
together without spaces ("Kansliapäällikkö24228.08.2023") are split. Without a stamp: the § and the
date on lines of their own ("Pvm 21.04.2023" / "§ 77"), or a header table of labels over values
("Toimielin | Kokouspäivä | Pykälä", ``header_field_labels`` of ``data/decision.json``). Several stamps (a council's
stage printed after the board's earlier stage of the same matter): the last one is the decision's.
Diary numbers are read by :mod:`kotoex.interpret.diary` (shared with the minutes reader). The
document kinds and "kaupunki" / "kunta" are in ``data/decision.json``.
"""
from __future__ import annotations

import re

from kotoex.extract.layout import group_lines
from kotoex.extract.pdf import Page
from kotoex.interpret.diary import find_diary_span
from kotoex.interpret.lexicon import compiled, vocabulary
from kotoex.interpret.minutes_lines import vocab as meeting_vocab
from kotoex.interpret.minutes_split import names_a_body
from kotoex.normalize.dates import NUM_DATE, parse_fi_date
from kotoex.normalize.municipalities import lookup_municipality

_SEC = re.compile(r"§\s*(?P<a>\d{1,4})(?![\d,/]|\.\d|\s*:)|(?<![\d.,/])(?P<b>\d{1,4})\s*§(?!\s*:)")
_SEPARATORS = re.compile(r"[·|•,;/–—]|\s-\s|\bklo\s*[\d.:]+(?:\s*[-–]\s*[\d.:]+)?", re.I)
# the same fields run together without spaces: "Kansliapäällikkö24228.08.2023"
# (glued to the body or to a §, and ending the line but for a short remark)
_RUN_TOGETHER = re.compile(r"^(?P<body>.*?[A-Za-zÅÄÖåäö)])(?:\s*§\s*)?(?P<digits>\d{2,7})\.(?P<month>\d{1,2})\."
                           r"(?P<year>\d{4})\s*(?P<rest>.{0,40})$")


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


_PAGE_OF = re.compile(r"(?<![\d.])\d{1,4}\s*(?:\(\s*\d{1,4}\s*\)|/\s*\d{1,4}(?![\d/.])|(?:of|av|\()\s*\d{1,4}\b)", re.I)


def _field_labels(kinds: tuple[str, ...] = ("body", "date", "section")) -> re.Pattern[str]:
    words = [w for k in kinds for w in vocabulary("decision")["header_field_labels"][k] if w != "§"]
    return re.compile(rf"(?<![\wåäöÅÄÖ])(?:{'|'.join(map(re.escape, words))})(?![\wåäöÅÄÖ])\s*:?", re.I)


def _without_labels(text: str) -> str:
    """A header fragment without header labels ("Kokous", "Sammanträde", "Datum", "Päätöspäivä"), page
    numbers ("1 (2)", "Sivu 1 / 2") and separators."""
    s = _PAGE_OF.sub(" ", text)
    s = _SEPARATORS.sub(" ", s)
    s = meeting_vocab().header_label.sub(" ", s)
    s = _field_labels().sub(" ", s)
    return " ".join(s.split()).strip(" ,:;-–")


def stamp(text: str) -> dict | None:
    """{"section", "date", "body" (or None)} of a header line holding one § number and one date, any order;
    None for other lines and for sentences that quote a § and a date."""
    t = " ".join(text.split())
    secs, dates = list(_SEC.finditer(t)), list(NUM_DATE.finditer(t))
    if len(secs) != 1 or len(dates) != 1 or len(t) > 110:
        return None
    date = parse_fi_date(dates[0].group(0))
    if not date:
        return None
    (a1, b1), (a2, b2) = sorted([secs[0].span(), dates[0].span()])
    rest = _without_labels(f"{t[:a1]} {t[b1:a2]} {t[b2:]}")
    body = clean_body(rest) if rest else ""
    if rest and not body and re.search(r"[a-zåäö]{3,}", rest):
        return None
    if body and not names_a_body(body):
        return None  # a sentence: "Kaupunginhallitus päätti 9.5.2022 § 131 hakea..."
    return {"section": secs[0].group("a") or secs[0].group("b"), "date": date, "body": body or None}


def _body_above(lines: list[str], i: int) -> tuple[str, int] | None:
    """The nearest of the three lines above line ``i`` that names a deciding body."""
    for k in range(i - 1, max(-1, i - 4), -1):
        labelled = _field_labels(("body",)).match(lines[k].strip())
        if labelled and lines[k].strip()[labelled.end():].strip():  # "Päätöksentekijä  Sosiaalijohtaja"
            return clean_body(lines[k].strip()[labelled.end():]), k
        cand = clean_body(_without_labels(lines[k]))
        if cand and meeting_vocab().body_word.search(cand) and names_a_body(cand) and not NUM_DATE.search(lines[k]):
            return cand, k
    return None


def _run_together(t: str, i: int) -> dict | None:
    for m in (_RUN_TOGETHER.match(t.replace("§", "")) if ("§" in t or NUM_DATE.search(t) is None) else None,
              _RUN_TOGETHER.match(t) if "§" in t else None):
        if m and m.group("body").strip():
            split = split_run_together(m)
            if split:
                return {"section": split[0], "date": split[1], "body": clean_body(m.group("body")) or None,
                        "_body_line": i}
    return None


def _section_line(lines: list[str], i: int) -> dict | None:
    """Body, § number and date from header line ``i`` (None if it has none); "_body_line": its index."""
    t = lines[i].strip()
    found = stamp(t)
    if found is None:
        return _run_together(t, i)
    found["_body_line"] = i
    if found["body"] is None:
        above = _body_above(lines, i)
        if above:
            found["body"], found["_body_line"] = above
    return found


def stamps(lines: list[str]) -> list[tuple[int, dict]]:
    """Every stamp of the lines with its line index, in order (the body's line in "_body_line")."""
    out = []
    for i in range(len(lines)):
        found = _section_line(lines, i)
        if found:
            out.append((i, found))
    return out


def _separate_lines(lines: list[str]) -> tuple[int, dict] | None:
    """The § and the date on lines of their own, at most three lines apart ("Pvm 21.04.2023" / "§ 77"), the
    body on a line above them."""
    sec = date = None
    for i, t in enumerate(lines):
        m = _SEC.fullmatch(_without_labels(t))
        lab = _field_labels(("section",)).match(t.strip())
        number = re.fullmatch(r"\d{1,4}", t.strip()[lab.end():].strip()) if lab else None
        if (m or number) and sec is None:  # "§ 77", "Pykälä 77", "Paragraf 88"
            sec = (i, number.group(0) if number else m.group("a") or m.group("b"))
        bare = _without_labels(t)
        d = NUM_DATE.fullmatch(bare)
        if d and date is None and parse_fi_date(d.group(0)):
            date = (i, parse_fi_date(d.group(0)))
    if sec is None or date is None or abs(sec[0] - date[0]) > 3:
        return None
    first = min(sec[0], date[0])
    above = _body_above(lines, first)
    return first, {"section": sec[1], "date": date[1], "body": above[0] if above else None,
                   "_body_line": above[1] if above else first}


def _field_label(word: str) -> str | None:
    w = word.lower().strip(":")
    return next((f for f, words in vocabulary("decision")["header_field_labels"].items() if w in words), None)


def _labelled_row(lines: list[str]) -> tuple[int, dict] | None:
    """A header table of labels over values ("Toimielin  Kokouspäivä  Pykälä" / "Lautakunta  8.2.2023  14"):
    the values line is cut at its date, its parts go to the labels in their order."""
    for i, t in enumerate(lines[:-1]):
        order = [_field_label(w) for w in t.split()]
        if None in order or "date" not in order or len(order) < 2:
            continue
        values = lines[i + 1]
        d = NUM_DATE.search(values)
        if not d or not parse_fi_date(d.group(0)):
            continue
        before, after = values[: d.start()].strip(), values[d.end():].strip()
        k = order.index("date")
        out = {"date": parse_fi_date(d.group(0)), "section": None, "body": None, "_body_line": i + 1}
        for field, part in ((order[k - 1] if k else None, before), (order[k + 1] if k + 1 < len(order) else None, after)):
            if field == "section" and re.fullmatch(r"§?\s*\d{1,4}\s*§?", part):
                out["section"] = part.strip("§ ")
            elif field == "body" and part:
                out["body"] = clean_body(part) or None
        if out["section"]:
            return i + 1, out
    return None


def _diary_number(lines: list[str]) -> tuple[str, int] | None:
    """The first diary number in the header lines, with its line index."""
    for i, t in enumerate(lines):
        if NUM_DATE.fullmatch(t.strip()):
            continue
        hit = find_diary_span(t, header=True)
        if hit:
            return hit[0], i
    return None


def parse_header(lines: list[str], src: dict | None = None) -> dict:
    """Header fields (body, section, date, diary_number) from the header lines' texts: the last stamp's.

    ``src`` (if given) receives each field's line index.
    """
    out: dict = {}
    src = {} if src is None else src
    found = stamps(lines) or [hit for hit in (_separate_lines(lines) or _labelled_row(lines),) if hit]
    if found:
        i, last = found[-1]
        last = dict(last)
        src.update(section=i, date=i, body=last.pop("_body_line"))
        out.update(last)
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
