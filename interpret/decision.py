"""Minutes extracts and decisions (päätöspöytäkirja, pöytäkirjanote, protokollsutdrag) → Decision.

The page header (before the title) gives the municipality, the deciding body, the § number, the
date and the diary number; the title is the largest text on the first page; the body text is
split into sections by their headings (Päätös, Päätösehdotus, Käsittely, Jakelu...). Amounts,
the period and the funder are read from the body, people from "role Firstname Lastname" phrases
and signatures. Dates and § numbers quoted in the body belong to other decisions and are not used
for the decision's own.

Provenance (``Decision.provenance``) gives, per field, the boxes of the lines it was read from
(PDF points, origin top-left, one box per page): body / section / date / diary_number from their
header lines, title from the title lines, decision_text from its paragraph lines, funder and each
amount / person (``amounts`` and ``people``: one box per item, in order) from the lines their text
spans in the body.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kotoex.extract.layout import BULLET_CHARS, Line, clean_join, group_lines, join_hyphenated
from kotoex.extract.pdf import Page
from kotoex.interpret.measures import CellText
from kotoex.models.document import Amount, Decision, DecisionPeriod, Person
from kotoex.normalize.amounts import find_amounts, find_grouped_numbers, find_percentages
from kotoex.normalize.dates import NUM_DATE, find_date_ranges, parse_fi_date
from kotoex.normalize.municipalities import lookup_municipality

# ------------------------------------------------------------------------------ line handling

_PAGE_NO = re.compile(r"^(\d{1,3}(\s*\(\s*\d{1,3}\s*\))?|\d{1,3}\s*/\s*\d{1,3}|sivu\s+\d+.*|page\s+\d+.*)$", re.I)

# section headings of Finnish / Swedish minutes
_SECTION = {
    "päätös": "decision", "beslut": "decision", "päätökset": "decision",
    "päätösehdotus": "proposal", "ehdotus": "proposal", "esitys": "proposal", "beslutsförslag": "proposal",
    "förslag": "proposal", "kaupunginjohtajan päätösehdotus": "proposal", "esittelijän ehdotus": "proposal",
    "käsittely": "handling", "behandling": "handling",
    "perustelut": "grounds", "motivering": "grounds", "selostus": "grounds", "asian tausta": "grounds",
    "liitteet": "attachments", "liite": "attachments", "bilagor": "attachments", "oheismateriaali": "attachments",
    "tiedoksi": "distribution", "jakelu": "distribution", "täytäntöönpano": "distribution", "för kännedom": "distribution",
    "delges": "distribution", "muutoksenhaku": "appeal", "muutoksenhakuohje": "appeal", "oikaisuvaatimusohje": "appeal",
    "ändringssökande": "appeal", "valmistelija": "preparer", "lisätiedot": "preparer", "valmistelija / lisätiedot": "preparer",
    "valmistelijat": "preparer", "esittelijä": "presenter", "föredragande": "presenter", "beredare": "preparer",
    "pöytäkirjan tarkastus": "appeal", "allekirjoitus": "signature",
}
_NOT_BODY = {"attachments", "distribution", "appeal", "preparer", "signature"}


_WS = re.compile(r"\s+")


def _line_spans(lines: list[Line]) -> tuple[str, list[tuple[int, int]]]:
    """``clean_join`` of the lines' texts, with each line's (start, end) character span in it."""
    out, spans = "", []
    for ln in lines:
        p = _WS.sub(" ", ln.text).strip()
        if p and p[0] in BULLET_CHARS and (len(p) == 1 or p[1] == " "):
            p = p[1:].strip()
        if not p:
            spans.append((len(out), len(out)))
            continue
        left = out.rstrip()
        out = join_hyphenated(out, p) if out else p
        start = len(left)
        if left.endswith("-") and out[start - 1: start] != "-":
            start -= 1  # a line-break hyphen was removed: the next line's text starts in its place
        spans.append((start, len(out)))
    return out.strip(), spans


def _boxes(lines: list[Line]) -> list[dict]:
    return CellText(list(lines)).boxes()


@dataclass
class _Para:
    lines: list[Line]

    @property
    def text(self) -> str:
        return clean_join([ln.text for ln in self.lines])

    @property
    def page(self) -> int:
        return self.lines[0].page

    def lines_at(self, a: int, b: int) -> list[Line]:
        """The lines whose text overlaps characters a..b of :attr:`text` (all lines if unmapped)."""
        text, spans = _line_spans(self.lines)
        if text != self.text:
            return list(self.lines)
        hit = [ln for ln, (s, e) in zip(self.lines, spans) if s < max(b, a + 1) and e > a]
        return hit or list(self.lines)


class _Joined:
    """Paragraph texts joined with spaces, mapping character spans back to lines."""

    def __init__(self, paras: list[_Para]):
        self.paras = paras
        self.starts: list[int] = []
        parts, pos = [], 0
        for p in paras:
            t = p.text
            self.starts.append(pos)
            parts.append(t)
            pos += len(t) + 1
        self.text = " ".join(parts)

    def lines_at(self, a: int, b: int) -> list[Line]:
        out: list[Line] = []
        for p, s in zip(self.paras, self.starts):
            e = s + len(p.text)
            if s < max(b, a + 1) and e > a:
                out += p.lines_at(max(0, a - s), min(len(p.text), b - s))
        return out


def _content_lines(pages: list[Page]) -> list[Line]:
    out: list[Line] = []
    for p in pages:
        for ln in group_lines(p.words):
            t = ln.text.strip()
            near_edge = ln.top < 0.08 * p.height or ln.bottom > 0.92 * p.height
            if near_edge and _PAGE_NO.match(t):
                continue
            out.append(ln)
    return out


def _body_size(lines: list[Line]) -> float:
    sizes: dict[float, int] = {}
    for ln in lines:
        k = round(ln.size, 1)
        sizes[k] = sizes.get(k, 0) + len(ln.text)
    return max(sizes, key=sizes.get) if sizes else 10.0


def _paragraphs(lines: list[Line]) -> list[_Para]:
    """Lines → paragraphs, split at vertical gaps, page breaks, headings and bullets."""
    paras: list[_Para] = []
    cur: list[Line] = []
    for ln in lines:
        if cur:
            prev = cur[-1]
            h = max(1.0, prev.bottom - prev.top)
            gap = ln.top - prev.bottom
            new = gap > 0.6 * h or ln.bold != prev.bold or abs(ln.size - prev.size) > 0.8 or ln.bullet or _section_of(ln.text) is not None
            if ln.page != prev.page:
                # a paragraph continues over a page break unless the new page starts with a heading
                new = ln.bold != prev.bold or abs(ln.size - prev.size) > 0.8 or _section_of(ln.text) is not None \
                    or prev.text.rstrip().endswith((".", ":"))
            if new:
                paras.append(_Para(cur))
                cur = []
        cur.append(ln)
    if cur:
        paras.append(_Para(cur))
    return paras


def _section_of(text: str) -> str | None:
    t = re.sub(r"\s+", " ", text.strip().rstrip(":").strip()).lower()
    return _SECTION.get(t)


# ------------------------------------------------------------------------------ header fields

_HEADER_LINE = re.compile(
    r"^(?P<body>.*?)\s*(?:§\s*(?P<sec1>\d{1,4})\s*(?P<date1>\d{1,2}\.\d{1,2}\.\d{4})"
    r"|(?P<date2>\d{1,2}\.\d{1,2}\.\d{4})\s*§\s*(?P<sec2>\d{1,4}))\s*(?P<rest>.*)$")
# the same fields run together without spaces: "Kansliapäällikkö24228.08.2023"
_RUN_TOGETHER = re.compile(r"^(?P<body>.*?[A-Za-zÅÄÖåäö)])\s*§?\s*(?P<digits>\d{2,7})\.(?P<month>\d{1,2})\.(?P<year>\d{4})\s*(?P<rest>.*)$")
_DIARY = [
    re.compile(r"\b(?:Dnro|Dno|Diaarinumero|Diarienummer|Asianro|Asianumero|DNo|Dnr)\.?\s*:?\s*([A-ZÅÄÖ0-9][\w:/.\-]*\d)", re.I),
    re.compile(r"\b([A-ZÅÄÖ]{2,}[:/]\s?\d+(?:/[\d.]+)*/\d{4})\b"),
    re.compile(r"\b([A-ZÅÄÖ]{2,5}\s\d{4}-\d{3,7})\b"),
    re.compile(r"(?<![\w./-])(\d+(?:/[\d.]+)+/\d{4})\b"),
    re.compile(r"(?<![\w./-])(\d{1,6}-\d{4})(?![\w-])"),
]
_DOC_KIND = re.compile(r"\b(päätöspöytäkirja|pöytäkirjanote|pöytäkirja|viranhaltijapäätös|päätös|protokollsutdrag|"
                       r"protokoll|tjänsteinnehavarbeslut|beslut|ote)\b", re.I)


def _split_run_together(m: re.Match) -> tuple[str, str, str] | None:
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


def _parse_header(lines: list[str], src: dict | None = None) -> dict:
    """Header fields from the header lines; ``src`` (if given) receives each field's line index."""
    out: dict = {}
    src = {} if src is None else src
    for i, t in enumerate(lines):
        t = t.strip()
        m = _HEADER_LINE.match(t)
        if m and "section" not in out:
            sec = m.group("sec1") or m.group("sec2")
            date = m.group("date1") or m.group("date2")
            body = _clean_body(m.group("body"))
            src.update(section=i, date=i, body=i)
            if not body and i > 0:
                body = _clean_body(lines[i - 1])
                src["body"] = i - 1
            out.update(section=sec, date=parse_fi_date(date), body=body or None)
            continue
        if "section" not in out and ("§" in t or NUM_DATE.search(t) is None):
            m2 = _RUN_TOGETHER.match(t.replace("§", ""))
            if m2 and m2.group("body").strip():
                split = _split_run_together(m2)
                if split:
                    body = _clean_body(m2.group("body"))
                    out.update(section=split[0], date=split[1], body=body or None)
                    src.update(section=i, date=i, body=i)
                    continue
        if "section" not in out:
            m3 = _RUN_TOGETHER.match(t)
            if m3 and "§" in t:
                split = _split_run_together(m3)
                if split:
                    out.update(section=split[0], date=split[1], body=_clean_body(m3.group("body")) or None)
                    src.update(section=i, date=i, body=i)
                    continue
    for i, t in enumerate(lines):
        if "diary_number" in out:
            break
        if NUM_DATE.fullmatch(t.strip()):
            continue
        for rx in _DIARY:
            m = rx.search(t)
            if m:
                cand = m.group(1)
                if NUM_DATE.fullmatch(cand) or parse_fi_date(cand):
                    continue
                out["diary_number"] = cand
                src["diary_number"] = i
                break
    return out


def _clean_body(s: str) -> str:
    s = re.sub(r"\s+", " ", s or "").strip(" ,:;-–")
    s = _DOC_KIND.sub("", s).strip(" ,:;-–")
    s = re.sub(r"\b\d+\s*\(\s*\d+\s*\)\s*$", "", s).strip()
    # the municipality's own name on the same line ("Turun kaupunki Kaupunginhallitus")
    s = re.sub(r"^[A-ZÅÄÖ][\w-]*\s+(kaupunki|kunta|stad|kommun)\s+", "", s, flags=re.I).strip()
    if not s or not re.search(r"[A-Za-zÅÄÖåäö]{3,}", s):
        return ""
    if s.isupper():
        s = s.capitalize()
    return s


def header_municipality(pages: list[Page]) -> tuple[str, str] | None:
    """The issuing municipality from the first lines of the first page ("Turun kaupunki", "ROVANIEMEN KAUPUNKI")."""
    if not pages:
        return None
    lines = group_lines(pages[0].words)[:8]
    for ln in lines:
        m = re.search(r"([A-ZÅÄÖ][\w-]+)\s+(kaupunki|kaupungin|kunta|kunnan|stad|kommun)\b", ln.text, re.I)
        if m:
            hit = lookup_municipality(m.group(1))
            if hit:
                return hit
    return None


# ------------------------------------------------------------------------------ body fields

_MONEY_WORDS = re.compile(r"(euro|€|avustu|rahoitu|kustannu|osuu|määrärah|budjet|talousarvio|menot|tulot|hinta|"
                          r"maksu|palkka|summa|kulu)", re.I)
_LABEL_STEMS = [
    ("kokonaiskustannusarvio", "kokonaiskustannusarvio"), ("kustannusarvio", "kustannusarvio"),
    ("kokonaiskustannu", "kokonaiskustannus"), ("kokonaisbudjet", "kokonaisbudjetti"),
    ("omarahoitusosuu", "omarahoitusosuus"), ("omarahoitu", "omarahoitus"), ("omavastuu", "omavastuu"),
    ("valtionavustu", "valtionavustus"), ("erityisavustu", "valtionavustus"), ("valtionosuu", "valtionosuus"),
    ("avustusosuu", "avustusosuus"), ("avustu", "avustus"), ("rahoitusosuu", "rahoitusosuus"), ("rahoitu", "rahoitus"),
    ("määrärah", "määräraha"), ("talousarvio", "talousarvio"), ("budjet", "budjetti"), ("osuu", "osuus"),
    ("kustannu", "kustannus"), ("palkkakulu", "palkkakulut"), ("hinta", "hinta"),
]
_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9])")
_NOT_MONEY_AFTER = re.compile(r"^\s*(henkil|hlö|asiakas|asukas|kpl|kappale|tunti|päivä|vuo|kerta|opiskelija|lasta|"
                              r"työntekijä|osallistuja|km|m2|neliö|maahanmuuttaja|kävij|sivu)", re.I)


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENT_SPLIT.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _label(sentence: str, pos: int, percent: bool) -> str | None:
    """A short label for an amount: the nearest money word before it (or after it) in its sentence."""
    before = sentence[:pos].lower()
    after = sentence[pos:].lower()
    best = None
    for word in re.finditer(r"[a-zåäö-]+", before):
        w = word.group(0)
        for stem, label in _LABEL_STEMS:
            if stem in w:
                best = label
                break
    if percent and best in (None, "avustus", "valtionavustus"):
        return "avustusosuus" if "avust" in sentence.lower() else best
    if best is None:
        for word in re.finditer(r"[a-zåäö-]+", after):
            for stem, label in _LABEL_STEMS:
                if stem in word.group(0):
                    return label
    return best


def _amounts(text: str) -> list[Amount]:
    return [am for am, _ in _amounts_with_spans(text)]


def _amounts_with_spans(text: str) -> list[tuple[Amount, tuple[int, int]]]:
    """Amounts in text order, each with the character span of its raw text in ``text``."""

    def raw_span(raw: str, a: int, b: int) -> tuple[int, int]:
        i = text.find(raw, a, b)
        return (i, i + len(raw)) if i >= 0 else (a, b)

    out: list[tuple[int, Amount, tuple[int, int]]] = []
    seen: set[float] = set()
    spans_taken: list[tuple[int, int]] = []
    for s0, s1 in _sentences(text):
        sent = text[s0:s1]
        money_sentence = bool(_MONEY_WORDS.search(sent))
        for v, raw, (a, b) in find_amounts(sent):
            spans_taken.append((s0 + a, s0 + b))
            if v <= 0:
                continue
            out.append((s0 + a, Amount(value=v, currency="EUR", label=_label(sent, a, False), raw=raw),
                        raw_span(raw, s0 + a, s0 + b)))
        if not money_sentence:
            continue
        for v, raw, (a, b) in find_percentages(sent):
            if re.search(r"(avustu|rahoitu|kustannu|osuu)", sent, re.I):
                out.append((s0 + a, Amount(value=v, currency=None, label=_label(sent, a, True), raw=raw),
                            raw_span(raw, s0 + a, s0 + b)))
        for v, raw, (a, b) in find_grouped_numbers(sent):
            if any(x <= s0 + a < y for x, y in spans_taken):
                continue
            rest = sent[b:]
            if _NOT_MONEY_AFTER.match(rest) or re.match(r"\s*(%|prosent|€|eur|milj|tuh)", rest, re.I):
                continue
            out.append((s0 + a, Amount(value=v, currency="EUR", label=_label(sent, a, False), raw=raw),
                        raw_span(raw, s0 + a, s0 + b)))
    out.sort(key=lambda t: t[0])
    result = []
    for _, am, span in out:
        key = (round(am.value, 2), am.currency)
        if key in seen:
            continue
        seen.add(key)
        result.append((am, span))
    return result


_PERIOD_CUE = re.compile(r"(ajalle|ajalla|ajanjakso|toteutusaika|hankeaika|hankekausi|kaudelle|kaudella|"
                         r"voimassa|perioden|tiden|välisenä aikana)", re.I)


def _period(text: str, decision_text: str) -> DecisionPeriod | None:
    ranges = find_date_ranges(decision_text) or []
    if not ranges:
        all_ranges = find_date_ranges(text)
        cued = [r for r in all_ranges if _PERIOD_CUE.search(text[max(0, r[3][0] - 80): r[3][0]])]
        ranges = cued or all_ranges
    if not ranges:
        return None
    return DecisionPeriod(start_date=ranges[0][0], end_date=ranges[0][1])


_FUNDER_PATTERNS = [
    re.compile(r"\b((?:[A-ZÅÄÖ][a-zåäö]+n|[A-ZÅÄÖ][a-zåäö]+-[A-ZÅÄÖ][a-zåäö]+n)\s+ELY-kesku)(?:s|ks)"),
    re.compile(r"\b(Työ- ja elinkeinoministeri)"),
    re.compile(r"\b(Sosiaali- ja terveysministeri)"),
    re.compile(r"\b(Opetus- ja kulttuuriministeri)"),
    re.compile(r"\b(Opetushallitu)"),
    re.compile(r"\b(Maahanmuuttoviraston?|Sosiaali- ja terveysjärjestöjen avustuskeskus|STEA|Euroopan sosiaalirahasto|"
               r"ESR|AMIF|Turvapaikka-, maahanmuutto- ja kotouttamisrahasto)\b"),
    re.compile(r"\b(ELY-kesku)(?:s|ks)"),
    re.compile(r"\b(NTM-central)"),
]
_FUNDER_BASE = {"Työ- ja elinkeinoministeri": "Työ- ja elinkeinoministeriö",
                "Sosiaali- ja terveysministeri": "Sosiaali- ja terveysministeriö",
                "Opetus- ja kulttuuriministeri": "Opetus- ja kulttuuriministeriö",
                "Opetushallitu": "Opetushallitus", "Maahanmuuttovirasto": "Maahanmuuttovirasto",
                "Maahanmuuttoviraston": "Maahanmuuttovirasto"}


def _funder(text: str) -> str | None:
    hit = _funder_with_span(text)
    return hit[0] if hit else None


def _funder_with_span(text: str) -> tuple[str, tuple[int, int]] | None:
    for rx in _FUNDER_PATTERNS:
        m = rx.search(text)
        if m:
            f = m.group(1)
            if f.endswith("ELY-kesku"):
                f += "s"
            return _FUNDER_BASE.get(f, f), m.span(1)
    return None


_ROLE = (r"(?:[A-Za-zÅÄÖåäö]+-\s+ja\s+)?[A-Za-zÅÄÖåäö]*?(?:johtaja|päällikkö|päällikö|sihteeri|koordinaattori|asiantuntija|"
         r"suunnittelija|ohjaaja|esimies|pormestari|kirjaaja|lakimies|kehittäjä|rehtori|kamreeri|neuvoja|"
         r"vastaava|työntekijä|ylilääkäri|controller|direktör|chef|sekreterare|ordförande)")
_NAME = r"[A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?\s+[A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?"
_PERSON = re.compile(
    rf"\b(?P<role>{_ROLE})(?P<case>nä|na|ksi|n)?(?:\s+(?:toimii|toimi|on|alkaen|lukien|saakka|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}))*"
    rf"\s+(?P<name>{_NAME})\b")
_SIGNATURE_ROLE = re.compile(rf"^(?P<role>{_ROLE})$", re.I)
_NOT_NAMES = re.compile(r"(kaupunki|kunta|keskus|toimisto|ministeriö|lautakunta|hallitus|valtuusto|palvelut|ry\b)", re.I)


def _role_base(role: str, case: str | None) -> str:
    r = re.sub(r"\s+", " ", role).strip()
    r = r[0].lower() + r[1:] if r else r
    if r.endswith("päällikö"):
        r += "ö"
    return r


def _people(paras: list[_Para], where: list[list[Line]] | None = None) -> list[Person]:
    """People named in the paragraphs; ``where`` (if given) receives each person's source lines, in order."""
    people: list[Person] = []
    where = [] if where is None else where

    def add(name: str, role: str | None, lines: list[Line]):
        name = re.sub(r"\s+", " ", name).strip()
        if _NOT_NAMES.search(name) or lookup_municipality(name.split()[0]) or lookup_municipality(name.split()[-1]):
            return
        first, last = name.split()[0], name.split()[-1]
        for p in people:
            pf, pl = p.name.split()[0], p.name.split()[-1]
            if pf == first and (pl == last or last.startswith(pl[:-1]) or pl.startswith(last[:-1])):
                if p.role is None and role:
                    p.role = role
                return
        people.append(Person(name=name, role=role))
        where.append(lines)

    for para in paras:
        text = para.text
        for m in _PERSON.finditer(text):
            add(m.group("name"), _role_base(m.group("role"), m.group("case")), para.lines_at(*m.span()))
        # signature: a line with just a name followed by a line with just a role
        lines = [ln.text.strip() for ln in para.lines]
        for k, (a, b) in enumerate(zip(lines, lines[1:])):
            if re.fullmatch(_NAME, a) and _SIGNATURE_ROLE.match(b):
                add(a, _role_base(b, None), para.lines[k: k + 2])
    # signatures split over two one-line paragraphs
    for pa, pb in zip(paras, paras[1:]):
        a, b = pa.text.strip(), pb.text.strip()
        if len(pa.lines) == 1 and len(pb.lines) == 1 and re.fullmatch(_NAME, a) and _SIGNATURE_ROLE.match(b):
            add(a, _role_base(b, None), pa.lines + pb.lines)
    return people


_APPROVED_ONLY = re.compile(r"^(?:[\w -]+\s)?(hyväksyttiin|hyväksyi päätösehdotuksen|päätösehdotus hyväksyttiin|"
                            r"ehdotus hyväksyttiin|esitys hyväksyttiin|godkändes|förslaget godkändes)"
                            r"(\s+(yksimielisesti|sellaisenaan|muutoksitta|enhälligt))?\.?$", re.I)


def _is_signature_para(p: _Para) -> bool:
    t = p.text.strip()
    if re.fullmatch(_NAME, t):
        return True
    if _SIGNATURE_ROLE.match(t):
        return True
    if len(p.lines) == 2 and re.fullmatch(_NAME, p.lines[0].text.strip()) and _SIGNATURE_ROLE.match(p.lines[1].text.strip()):
        return True
    return False


def parse_decision(pages: list[Page]) -> tuple[Decision, list[str]]:
    """Read a minutes extract or decision into a :class:`Decision`, with warnings."""
    warnings: list[str] = []
    lines = _content_lines(pages)
    if not lines:
        return Decision(), ["decision: no text on any page"]
    body_size = _body_size(lines)

    # the title: the first run of large (heading-size) lines on the first page with text
    first_page = lines[0].page
    title_idx: list[int] = []
    for i, ln in enumerate(lines):
        if ln.page != first_page:
            break
        big = ln.size >= body_size * 1.25 and len(ln.text) > 3
        if big and (not title_idx or i == title_idx[-1] + 1):
            title_idx.append(i)
        elif title_idx:
            break
    if title_idx:
        header_lines = lines[: title_idx[0]]
        title = clean_join([lines[i].text for i in title_idx])
        title_lines = [lines[i] for i in title_idx]
        rest = lines[title_idx[-1] + 1:]
    else:
        # no size difference: the header ends after the diary number line, the title follows
        header_lines, rest, title, title_lines = [], lines, None, []
        for i, ln in enumerate(lines[:12]):
            header_lines.append(ln)
            if _parse_header([x.text for x in header_lines]).get("diary_number"):
                rest = lines[i + 1:]
                break
        if rest and rest is not lines:
            title = rest[0].text
            title_lines = [rest[0]]
            rest = rest[1:]
        else:
            header_lines, rest = lines[:6], lines[6:]
        warnings.append(f"decision: no heading-size title on page {first_page}; title taken from the first line after the header")

    head_src: dict[str, int] = {}
    head = _parse_header([ln.text for ln in header_lines], head_src)
    if not head.get("section"):
        warnings.append(f"decision: no § number and date found in the header on page {first_page}")
    if not head.get("diary_number"):
        warnings.append(f"decision: no diary number found in the header on page {first_page}")

    paras = _paragraphs(rest)
    sections: dict[str, list[_Para]] = {}
    current = "grounds"
    ordered: list[tuple[str, _Para]] = []
    for p in paras:
        first = p.lines[0].text.strip()
        sec = _section_of(first)
        labelled = False
        if sec is None:
            # "Päätös Päätin, että..." run together, or "Esittelijä: ..." on one line
            m = re.match(r"^(Päätös|Beslut|Päätösehdotus|Ehdotus|Esittelijä|Föredragande)\b\s*:?\s*(?=[A-ZÅÄÖ])", first)
            if m and (p.lines[0].bold or m.group(1) in ("Päätös", "Beslut")) and len(first) > len(m.group(0)):
                sec = _section_of(m.group(1))
                labelled = sec is not None  # a side label on the first line of its section's text
        if sec is not None and (labelled or p.lines[0].bold or len(first.split()) <= 4):
            current = sec
            if len(p.lines) == 1 and _section_of(first) is not None:
                continue
        sections.setdefault(current, []).append(p)
        ordered.append((current, p))

    def section_paras(name: str) -> list[_Para]:
        ps = []
        for p in sections.get(name, []):
            if _is_signature_para(p):
                break
            ps.append(p)
        return ps

    def section_text(name: str) -> str | None:
        t = " ".join(p.text for p in section_paras(name)).strip()
        t = re.sub(r"^(Päätös|Beslut)\s*:?\s*(?=[A-ZÅÄÖ])", "", t)
        return t or None

    decision_text = section_text("decision")
    decision_lines = [ln for p in section_paras("decision") for ln in p.lines]
    proposal = sections.get("proposal", [])
    proposal_lines = [ln for p in proposal if not _is_signature_para(p) for ln in p.lines
                      if not re.match(r"^(Esittelijä|Föredragande|Valmistelija|Beredare)\b", ln.text.strip())]
    proposal_text = clean_join([ln.text for ln in proposal_lines]) or None
    if decision_text is None:
        decision_text = proposal_text
        decision_lines = proposal_lines
        if decision_text:
            warnings.append("decision: no Päätös section; the proposal is given as the decision text")
        else:
            warnings.append("decision: no decision text found")
    elif _APPROVED_ONLY.match(decision_text) and proposal_text:
        decision_text = proposal_text
        decision_lines = proposal_lines

    body = _Joined([p for sec, p in ordered if sec not in _NOT_BODY])
    everything = _Joined([p for _, p in ordered])
    body_text, all_text = body.text, everything.text
    amounts_at = _amounts_with_spans(body_text)
    amounts = [am for am, _ in amounts_at]
    period = _period(body_text, decision_text or "")
    funder_hit = _funder_with_span(body_text)
    funder_lines: list[Line] = body.lines_at(*funder_hit[1]) if funder_hit else []
    if funder_hit is None:
        funder_hit = _funder_with_span(all_text)
        funder_lines = everything.lines_at(*funder_hit[1]) if funder_hit else []
    funder = funder_hit[0] if funder_hit else None
    people_lines: list[list[Line]] = []
    people = _people([p for _, p in ordered], people_lines)

    fields: dict[str, list] = {}
    for name in ("body", "section", "date", "diary_number"):
        if head.get(name) and name in head_src:
            fields[name] = _boxes([header_lines[head_src[name]]])
    if title and title_lines:
        fields["title"] = _boxes(title_lines)
    if decision_text and decision_lines:
        fields["decision_text"] = _boxes(decision_lines)
    if amounts:
        fields["amounts"] = [_item_box(body.lines_at(*span)) for _, span in amounts_at]
    if funder and funder_lines:
        fields["funder"] = _boxes(funder_lines)
    if people:
        fields["people"] = [_item_box(ls) for ls in people_lines]

    d = Decision(
        body=head.get("body"), section=head.get("section"), date=head.get("date"),
        diary_number=head.get("diary_number"), title=title, decision_text=decision_text,
        amounts=amounts, period=period, funder=funder, people=people,
        provenance={"path": "text", "coord_origin": "top-left", "fields": fields},
    )
    return d, warnings


def _item_box(lines: list[Line]) -> dict | None:
    """One box for one list item (an amount, a person): its lines on the page where it starts."""
    if not lines:
        return None
    boxes = _boxes([ln for ln in lines if ln.page == lines[0].page])
    return boxes[0] if boxes else None
