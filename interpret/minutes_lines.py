"""Lines of a meeting's minutes or agenda, with what a reader of minutes needs to know about each.

Each line keeps its page and position and whether it is page furniture (a running header or
footer, a page number). The meeting's vocabulary (document words, section headings, body words,
diary-number formats) is read from ``data/minutes.json``.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kotoex.extract.furniture import MARGINS, Margins, is_page_number, running_texts
from kotoex.extract.layout import Line, group_lines
from kotoex.extract.pdf import Page
from kotoex.extract.text import clean_text
from kotoex.interpret import diary
from kotoex.normalize.dates import NUM_DATE, parse_fi_date

_DATA = Path(__file__).resolve().parent / "data" / "minutes.json"
_RUNNING = Margins(top=MARGINS.top, bottom=MARGINS.bottom, min_running=2)


@dataclass
class MLine:
    text: str
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    furniture: bool  # running header/footer or page number
    line: Line

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)


@dataclass(frozen=True)
class Vocab:
    minutes: re.Pattern
    agenda: re.Pattern
    extract: re.Pattern
    index_heading: re.Pattern
    body_word: re.Pattern
    headings: tuple[tuple[str, re.Pattern], ...]
    not_text: frozenset[str]
    header_label: re.Pattern


def _words_rx(words: list[str], whole: bool = False) -> re.Pattern:
    alt = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    return re.compile(rf"^(?:{alt})$" if whole else rf"(?<![\wåäöÅÄÖ])(?:{alt})(?![\wåäöÅÄÖ])", re.I)


@cache
def vocab(path: Path = _DATA) -> Vocab:
    d = json.loads(path.read_text(encoding="utf-8"))
    heads = tuple((kind, re.compile(rf"^(?:{'|'.join(pats)})$", re.I)) for kind, pats in d["headings"].items())
    return Vocab(
        minutes=_words_rx(d["minutes_words"]), agenda=_words_rx(d["agenda_words"]),
        extract=_words_rx(d["extract_words"]), index_heading=_words_rx(d["index_headings"], whole=True),
        body_word=re.compile(rf"(?:{'|'.join(d['body_words'])})\b", re.I), headings=heads,
        not_text=frozenset(d["not_text"]),
        header_label=_words_rx(d.get("header_labels", [])),
    )


def prepare_lines(pages: list[Page]) -> list[MLine]:
    """All lines in reading order, furniture marked (not dropped)."""
    per_page = [group_lines(p.words) for p in pages]
    # minutes are often short: a margin line on two pages of three is already a running header
    repeated = running_texts(pages, per_page, _RUNNING) if len(pages) > 1 else set()
    out: list[MLine] = []
    for page, lines in zip(pages, per_page):
        inner = [ln for ln in lines if not _RUNNING.at_edge(ln, page)]
        for ln in lines:
            text = clean_text(ln.text) or ""
            if not text:
                continue
            edge = _RUNNING.at_edge(ln, page)
            furn = edge and (is_page_number(text) or re.sub(r"\d+", "#", ln.text.strip()) in repeated
                             or _set_apart(ln, inner))
            out.append(MLine(text, page.number, ln.x0, ln.x1, ln.top, ln.bottom, ln.size, ln.bold, furn, ln))
    return out


def _set_apart(ln: Line, inner: list[Line]) -> bool:
    """A margin line far from the page's text (a header or footer on a page that has no twin)."""
    if not inner:
        return False
    gap = min(abs(ln.top - o.bottom) if ln.top >= o.bottom else abs(o.top - ln.bottom) for o in inner)
    return gap > 2.5 * max(ln.bottom - ln.top, 1.0)


def heading_kind(text: str) -> str | None:
    """The section a heading line opens ("Päätösehdotus" -> proposal, "Välfärdsnämndens beslut:" -> decision)."""
    t = re.sub(r"\s+", " ", text.strip().rstrip(":").strip())
    if not t or len(t) > 60:
        return None
    for kind, rx in vocab().headings:
        if rx.match(t):
            return kind
    return None


def find_diary(text: str) -> str | None:
    """A diary number in ``text``: after a label (Dnro, Dnr, Diaarinumero...) or in a known format (shared
    with the decision reader: :mod:`kotoex.interpret.diary`, ``data/diary.json``)."""
    return diary.find_diary(text)


def meeting_body_date(lines: list[MLine], first_page: int) -> tuple[str | None, str | None, list[MLine]]:
    """The meeting's body and date from the first page's top lines (running header, title block)."""
    v = vocab()
    head = [ln for ln in lines if ln.page == first_page][:12]
    body = date = None
    used: list[MLine] = []
    for ln in head:
        t = ln.text
        d = NUM_DATE.search(t)
        stripped = _strip_doc_words(NUM_DATE.sub(" ", t))
        if body is None and v.body_word.search(stripped) and _short_name(stripped) and "§" not in stripped:
            body = stripped
            used.append(ln)
            if d and date is None:
                date = parse_fi_date(d.group(0))
        elif body is None and "§" in t and v.body_word.search(stripped):
            cand = re.sub(r"§\s*\d+|\d+\s*§", " ", stripped)
            cand = " ".join(cand.replace(",", " ").split())
            if cand:
                body = cand
                used.append(ln)
                if d and date is None:
                    date = parse_fi_date(d.group(0))
        if date is None and d and (ln.furniture or ln in used or _is_time_line(t)):
            date = parse_fi_date(d.group(0))
    return body, date, used


def _short_name(text: str) -> bool:
    """A body's name: capitalised, at most six words, at most two lower-case ones besides conjunctions
    ("Kasvatus- ja opetuslautakunnan suomenkielinen jaosto"; not "Kaupunginhallituksen kokous, kaupungintalo...")."""
    words = text.replace(",", " , ").split()
    if not words or not words[0][:1].isupper() or len(words) > 6 or "," in words:
        return False
    lower = [w for k, w in enumerate(words[1:], 1) if w[:1].islower() and w not in ("ja", "och")
             and not words[k - 1].endswith("-") and not (k >= 2 and words[k - 2].endswith("-"))]
    return len(lower) <= 2


_TIME_LINE = re.compile(r"^(aika|kokousaika|tid|sammanträdestid|mötestid|päivämäärä|datum)\b", re.I)


def _is_time_line(text: str) -> bool:
    return bool(_TIME_LINE.match(text.strip()))


_PAGE_OF = re.compile(r"\b\d{1,4}\s*\(\s*\d{1,4}\s*\)\s*$|\b\d{1,4}\s*/\s*\d{1,4}\s*$")
_MUNI_NAME = re.compile(r"^[A-ZÅÄÖ][\w-]*\s+(kaupunki|kunta|stad|kommun)\s*", re.I)


def _strip_doc_words(text: str) -> str:
    """"Lapuan kaupunki Pöytäkirja 12/2024 1 (19)" -> ""; "Sivistyslautakunta " -> "Sivistyslautakunta"."""
    v = vocab()
    s = _PAGE_OF.sub("", text)
    s = _MUNI_NAME.sub("", s.strip())
    for rx in (v.minutes, v.agenda, v.extract, v.header_label):
        s = rx.sub(" ", s)
    s = re.sub(r"\b\d{1,3}/\d{4}\b", " ", s)  # meeting number "12/2024"
    s = re.sub(r"\b(klo|kl\.?)\s*[\d.:]+(\s*[-–]\s*[\d.:]+)?", " ", s, flags=re.I)
    s = " ".join(s.split()).strip(" ,:;-–/|")
    if s.isupper():
        s = s.capitalize()
    return s
