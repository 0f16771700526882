"""Practice collections ("Kunnat kotouttavat") → Practice objects.

Heading levels come from font size (and weight): the smallest heading size above the body text
that is used most is the practice title level, the next larger size the municipality / region
level; anything larger is a document or chapter title and closes the current region. The table
of contents (dot leaders, "Sisällys") is skipped. A practice's text runs from its title to the
next heading, across page breaks, with hyphenation undone. Its municipalities come from the region
heading ("Iisalmi ja Ylä-Savon kunnat", "Pargas", "Jakobstadsregion"); a heading that names no
place ("Infopankki") gives none.

Provenance (``Practice.provenance``): the boxes of the title line(s), the text lines and the region
heading line(s), in PDF points with a top-left origin, one box per page.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from kotoex.extract.furniture import content_lines
from kotoex.extract.layout import Line, clean_join
from kotoex.extract.pdf import Page
from kotoex.interpret.lexicon import compiled
from kotoex.interpret.measures import CellText
from kotoex.models import Problem, provenance
from kotoex.models.document import Municipality, Practice
from kotoex.normalize.language import detect_language
from kotoex.normalize.municipalities import resolve_heading

# ------------------------------------------------------------------------------ lines

_TOC_ENTRY = re.compile(r"(\.{3,}|…{2,}|(\s\.){3,}|_{3,})\s*\d{1,4}\s*$")
_ONE_LEVEL = re.compile(r"^([^:–—]+)[:–—]\s*(.+)$")  # "Espoo: Maahanmuuttajien rekrytointimalli"


def _toc_heading(text: str) -> bool:
    return compiled("^({})$", "practices", ("toc_headings",)).match(text) is not None


def _lines(pages: list[Page]) -> list[Line]:
    """All text lines in reading order without page numbers, running headers/footers and TOC entries."""
    return [ln for ln in content_lines(pages, running=True) if not _TOC_ENTRY.search(ln.text.strip())]


def _q(x: float) -> float:
    return round(x * 2) / 2  # sizes to half points


@dataclass(frozen=True)
class Levels:
    """Font sizes of the body text, the practice titles and the region headings (None: not used)."""

    body: float
    practice: float | None
    region: float | None

    @property
    def bold_only(self) -> bool:
        return self.practice is None

    def kind(self, ln: Line) -> str:
        """"practice", "region", "title" (document or chapter title) or "text"."""
        s = _q(ln.size)
        if self.practice is None:
            return "practice" if ln.bold and len(ln.text) < 120 and not ln.text.rstrip().endswith(".") else "text"
        if self.practice - 0.25 <= s <= self.practice + 0.25:
            return "practice"
        if self.region is not None and abs(s - self.region) <= 0.25:
            return "region"
        if s > (self.region or self.practice) + 0.25:
            return "title"
        return "text"


def _levels(lines: list[Line]) -> Levels:
    """Body, practice-title and region-heading sizes from the size distribution."""
    chars: Counter[float] = Counter()
    for ln in lines:
        chars[_q(ln.size)] += len(ln.text)
    body = chars.most_common(1)[0][0] if chars else 10.0
    heads: Counter[float] = Counter()
    for ln in lines:
        s = _q(ln.size)
        if s > body + 0.6 and len(ln.text.strip()) > 1:
            heads[s] += 1
    if not heads:
        # headings only by weight: bold body-size lines that are short
        return Levels(body, None, None)
    sizes = sorted(heads)  # ascending
    # the practice level: the smallest heading size used more than once; the region level the next one
    repeated = [s for s in sizes if heads[s] >= 2] or sizes
    practice = repeated[0]
    larger = [s for s in repeated if s > practice] or [s for s in sizes if s > practice]
    return Levels(body, practice, larger[0] if larger else None)


# ------------------------------------------------------------------------------ parsing


@dataclass
class _Draft:
    """One practice as read: its title and text lines and the region heading above it."""

    region: str | None
    region_lines: list[Line]
    title_lines: list[Line]
    title: str
    text_lines: list[Line] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)


def _drafts(lines: list[Line], levels: Levels) -> list[_Draft]:
    """Practices in reading order: a title starts one, text lines extend it, any heading ends it."""
    drafts: list[_Draft] = []
    region: str | None = None
    region_lines: list[Line] = []
    cur: _Draft | None = None
    prev_kind = None
    in_toc = False
    for ln in lines:
        k = levels.kind(ln)
        t = ln.text.strip()
        if k != "text" and _toc_heading(t):
            in_toc, cur, prev_kind = True, None, k
            continue
        if k == "text" and in_toc:
            continue
        if k != "text":
            in_toc = False
        if k == "title":
            region, cur, region_lines = None, None, []
        elif k == "region":
            if prev_kind == "region" and region is not None:
                region, region_lines = f"{region} {t}", region_lines + [ln]
            else:
                region, region_lines = t, [ln]
            cur = None
        elif k == "practice":
            if prev_kind == "practice" and cur is not None and not cur.text_lines:
                cur.title = clean_join([cur.title, t])
                cur.title_lines.append(ln)
            else:
                cur = _Draft(region, region_lines, [ln], t, pages=[ln.page])
                drafts.append(cur)
        elif cur is not None:
            cur.text_lines.append(ln)
            if ln.page not in cur.pages:
                cur.pages.append(ln.page)
        prev_kind = k
    return drafts


def _municipalities(d: _Draft, one_level: bool) -> list[Municipality]:
    """From the region heading, or with one heading level from a "Place: title" prefix."""
    if d.region:
        return [Municipality(name=n, code=c) for n, c in resolve_heading(d.region)]
    m = _ONE_LEVEL.match(d.title) if one_level else None
    return [Municipality(name=n, code=c) for n, c in resolve_heading(m.group(1))] if m else []


def _practice(d: _Draft, one_level: bool) -> Practice:
    text = clean_join([ln.text.strip() for ln in d.text_lines]) or None
    fields = {"title": CellText(d.title_lines).boxes()}
    if text is not None:
        fields["text"] = CellText(d.text_lines).boxes()
    if d.region and d.region_lines:
        fields["region_heading"] = CellText(d.region_lines).boxes()
    return Practice(municipalities=_municipalities(d, one_level), region_heading=d.region, title=d.title,
                    text=text, language=detect_language(f"{d.title} {text or ''}"), pages=d.pages,
                    provenance=provenance("text", fields))


def parse_practices(pages: list[Page]) -> tuple[list[Practice], list[Problem]]:
    """Practices of a collection with their region heading, municipalities, text and language."""
    warnings: list[Problem] = []
    lines = _lines(pages)
    if not lines:
        return [], [Problem.of("practices_none", "practices: no text on any page")]
    levels = _levels(lines)
    if levels.bold_only:
        warnings.append(Problem.of("practices_no_heading_sizes", "practices: no heading sizes above the body text; "
                                   "practice titles taken from bold lines"))
    out: list[Practice] = []
    for d in _drafts(lines, levels):
        out.append(_practice(d, one_level=levels.bold_only or levels.region is None))
        if out[-1].text is None:
            warnings.append(Problem.of("practice_no_text", f"practices: '{d.title}' on page {d.pages[0]} has no text",
                                       d.pages[0]))
    if not out:
        warnings.append(Problem.of("practices_none", "practices: no practice headings found"))
    return out, warnings
