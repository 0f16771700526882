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

from kotoex.extract.layout import Line, clean_join, group_lines
from kotoex.extract.pdf import Page
from kotoex.interpret.measures import CellText
from kotoex.models.document import Municipality, Practice
from kotoex.normalize.language import detect_language
from kotoex.normalize.municipalities import resolve_heading

# ------------------------------------------------------------------------------ language


# ------------------------------------------------------------------------------ lines

_PAGE_NO = re.compile(r"^(\d{1,3}(\s*\(\s*\d{1,3}\s*\))?|\d{1,3}\s*/\s*\d{1,3}|sivu\s+\d+.*|sida\s+\d+.*)$", re.I)
_TOC_ENTRY = re.compile(r"(\.{3,}|…{2,}|(\s\.){3,}|_{3,})\s*\d{1,4}\s*$")
_TOC_HEADING = re.compile(r"^(sisällys|sisällysluettelo|sisältö|innehåll|innehållsförteckning|contents|table of contents)$", re.I)


def _lines(pages: list[Page]) -> list[Line]:
    """All text lines in reading order without page numbers, running headers/footers and TOC entries."""
    per_page: list[list[Line]] = []
    edge_texts: Counter[str] = Counter()
    for p in pages:
        lines = group_lines(p.words)
        per_page.append(lines)
        for ln in lines:
            if ln.top < 0.07 * p.height or ln.bottom > 0.93 * p.height:
                edge_texts[re.sub(r"\d+", "#", ln.text.strip())] += 1
    running = {t for t, n in edge_texts.items() if n >= max(3, len(pages) // 2)}
    out: list[Line] = []
    for p, lines in zip(pages, per_page):
        for ln in lines:
            t = ln.text.strip()
            at_edge = ln.top < 0.07 * p.height or ln.bottom > 0.93 * p.height
            if at_edge and (_PAGE_NO.match(t) or re.sub(r"\d+", "#", t) in running):
                continue
            if _TOC_ENTRY.search(t):
                continue
            out.append(ln)
    return out


def _q(x: float) -> float:
    return round(x * 2) / 2  # sizes to half points


def _levels(lines: list[Line]) -> tuple[float, float | None, float | None]:
    """(body size, practice-title size, region-heading size) from the size distribution."""
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
        return body, None, None
    sizes = sorted(heads)  # ascending
    # the practice level: the smallest heading size used more than once; the region level the next one
    repeated = [s for s in sizes if heads[s] >= 2] or sizes
    practice = repeated[0]
    larger = [s for s in repeated if s > practice] or [s for s in sizes if s > practice]
    region = larger[0] if larger else None
    return body, practice, region


# ------------------------------------------------------------------------------ parsing

def parse_practices(pages: list[Page]) -> tuple[list[Practice], list[str]]:
    """Practices of a collection with their region heading, municipalities, text and language."""
    warnings: list[str] = []
    lines = _lines(pages)
    if not lines:
        return [], ["practices: no text on any page"]
    body, p_size, r_size = _levels(lines)
    bold_only = p_size is None
    if bold_only:
        warnings.append("practices: no heading sizes above the body text; practice titles taken from bold lines")

    def kind(ln: Line) -> str:
        s = _q(ln.size)
        if bold_only:
            return "practice" if ln.bold and len(ln.text) < 120 and not ln.text.rstrip().endswith(".") else "text"
        if s >= p_size - 0.25 and s <= p_size + 0.25:
            return "practice"
        if r_size is not None and abs(s - r_size) <= 0.25:
            return "region"
        if s > (r_size or p_size) + 0.25:
            return "title"
        return "text"

    practices: list[dict] = []
    region: str | None = None
    region_lines: list[Line] = []
    cur: dict | None = None
    prev_kind = None
    in_toc = False
    for ln in lines:
        k = kind(ln)
        t = ln.text.strip()
        if k != "text" and _TOC_HEADING.match(t):
            in_toc = True
            cur = None
            prev_kind = k
            continue
        if k == "text" and in_toc:
            continue
        if k != "text":
            in_toc = False
        if k == "title":
            region, cur = None, None
            region_lines = []
        elif k == "region":
            if prev_kind == "region" and region is not None:
                region = f"{region} {t}"
                region_lines = region_lines + [ln]
            else:
                region = t
                region_lines = [ln]
            cur = None
        elif k == "practice":
            if prev_kind == "practice" and cur is not None and not cur["lines"]:
                cur["title"] = clean_join([cur["title"], t])
                cur["title_lines"].append(ln)
            else:
                cur = {"region": region, "title": t, "lines": [], "pages": [ln.page],
                       "title_lines": [ln], "text_lines": [], "region_lines": region_lines}
                practices.append(cur)
        else:
            if cur is not None:
                cur["lines"].append(t)
                cur["text_lines"].append(ln)
                if ln.page not in cur["pages"]:
                    cur["pages"].append(ln.page)
        prev_kind = k

    out: list[Practice] = []
    for p in practices:
        text = clean_join(p["lines"]) or None
        munis = []
        if p["region"]:
            munis = [Municipality(name=n, code=c) for n, c in resolve_heading(p["region"])]
        elif bold_only or r_size is None:
            # one heading level: "Espoo: Maahanmuuttajien rekrytointimalli"
            m = re.match(r"^([^:–—]+)[:–—]\s*(.+)$", p["title"])
            if m:
                hits = resolve_heading(m.group(1))
                if hits:
                    munis = [Municipality(name=n, code=c) for n, c in hits]
        lang = detect_language(f"{p['title']} {text or ''}")
        if text is None:
            warnings.append(f"practices: '{p['title']}' on page {p['pages'][0]} has no text")
        fields = {"title": CellText(p["title_lines"]).boxes()}
        if text is not None:
            fields["text"] = CellText(p["text_lines"]).boxes()
        if p["region"] and p["region_lines"]:
            fields["region_heading"] = CellText(p["region_lines"]).boxes()
        out.append(Practice(municipalities=munis, region_heading=p["region"], title=p["title"], text=text,
                            language=lang, pages=p["pages"],
                            provenance={"path": "text", "coord_origin": "top-left", "fields": fields}))
    if not out:
        warnings.append("practices: no practice headings found")
    return out, warnings
