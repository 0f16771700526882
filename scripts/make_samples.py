#!/usr/bin/env python3
"""Generate the bundled sample PDFs in ``samples/`` from the seed text documents.

The seeds (``/work/shared/seeds/*.txt`` by default, or ``--seeds DIR``) are text
conversions of real municipal PDFs; tables appear there as tab-separated rows with
HTML fragments.  This script re-typesets them with reportlab:

* ``turku_report_2013.pdf``      <- 000_c8387b2cfbedc428.txt  (A4 landscape, ruled 4-column tables)
* ``turku_decision_2023.pdf``    <- 001_e0cf00d586191b3d.txt  (A4 portrait, minutes extract)
* ``jarvenpaa_targets_2020.pdf`` <- 003_caeb9e2db717c079.txt  (A4 portrait, ruled 3-column table + bullets)

The output is deterministic (reportlab ``invariant=1``): running the script twice
gives byte-identical files.  Text is kept exactly as in the seeds (HTML tags are
stripped, entities decoded, list markers turned into bullets).

Usage::

    python scripts/make_samples.py [--seeds DIR] [--out DIR]
"""
from __future__ import annotations

import argparse
import html
import os
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

rl_config.invariant = 1

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = Path("/work/shared/seeds")
DEFAULT_OUT = ROOT / "samples"

# --------------------------------------------------------------------------- fonts

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
FONT_BOLD_ITALIC = "DejaVuSans-BoldOblique"

_FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
    FONT_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}


def _font_dirs() -> list[Path]:
    dirs = [
        Path("/usr/share/fonts/truetype/dejavu"),
        Path("/usr/share/fonts/dejavu"),
        Path("/usr/share/fonts/TTF"),
        Path("/usr/local/share/fonts"),
    ]
    try:  # matplotlib ships DejaVu
        import matplotlib  # type: ignore

        dirs.append(Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf")
    except Exception:
        pass
    import reportlab

    dirs.append(Path(reportlab.__file__).parent / "fonts")
    return dirs


def register_fonts() -> None:
    """Register DejaVu Sans (regular/bold/oblique/bold-oblique) as one family."""
    found: dict[str, Path] = {}
    for name, fname in _FONT_FILES.items():
        for d in _font_dirs():
            p = d / fname
            if p.is_file():
                found[name] = p
                break
    if FONT not in found:
        sys.exit(
            "make_samples: DejaVuSans.ttf not found (install fonts-dejavu-core or matplotlib); "
            "the samples need a Unicode TrueType font so that ä/ö/å are real text"
        )
    for name in _FONT_FILES:
        path = found.get(name) or found.get(FONT_BOLD if "Bold" in name else FONT) or found[FONT]
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )


# --------------------------------------------------------------------------- styles


def make_styles(base: float = 8.5) -> dict[str, ParagraphStyle]:
    lead = round(base * 1.22, 2)
    body = ParagraphStyle("body", fontName=FONT, fontSize=base, leading=lead)
    return {
        "body": body,
        "cell": ParagraphStyle("cell", parent=body, spaceAfter=2),
        "cellb": ParagraphStyle("cellb", parent=body, fontName=FONT_BOLD, spaceAfter=1),
        "bullet": ParagraphStyle(
            "bullet", parent=body, leftIndent=10, bulletIndent=2, bulletFontName=FONT, spaceAfter=1
        ),
        "bullet2": ParagraphStyle(
            "bullet2", parent=body, leftIndent=22, bulletIndent=12, bulletFontName=FONT, spaceAfter=1
        ),
        "title": ParagraphStyle(
            "title", parent=body, fontName=FONT_BOLD, fontSize=17, leading=21, spaceAfter=10
        ),
        "sub": ParagraphStyle("sub", parent=body, spaceAfter=7),
        "small": ParagraphStyle("small", parent=body, fontSize=base - 1.5, leading=lead - 1.5),
        "h1": ParagraphStyle(
            "h1", parent=body, fontName=FONT_BOLD, fontSize=18, leading=23, spaceBefore=6, spaceAfter=8
        ),
        "h2": ParagraphStyle(
            "h2", parent=body, fontName=FONT_BOLD, fontSize=13, leading=17, spaceBefore=10, spaceAfter=6
        ),
        "h3": ParagraphStyle(
            "h3", parent=body, fontName=FONT_BOLD, fontSize=10.5, leading=14, spaceBefore=8, spaceAfter=4
        ),
        "para": ParagraphStyle("para", parent=body, spaceAfter=6),
        "right": ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
    }


# --------------------------------------------------------------------------- HTML cells


def esc(text: str) -> str:
    """Escape plain text for a reportlab Paragraph."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def norm_ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# list markers in seed lists without <li>: an en dash / hyphen followed by a space, at
# the start or right after whitespace or punctuation ("...valmiudet;– selvitetään").
_DASH_SPLIT = re.compile(r"(?:^|(?<=[\s;.,:]))[–-]\s+")
_DASH_START = re.compile(r"^[–-]\s+")


def _split_numbered(text: str) -> list[str]:
    """Split '1. foo 2. bar 3. baz' at consecutive item numbers, keeping the numbers."""
    text = norm_ws(text)
    cuts = []
    n = 1
    pos = 0
    while True:
        m = re.compile(r"(?:^|(?<=\s))%d\.\s" % n).search(text, pos)
        if not m:
            break
        cuts.append(m.start())
        pos = m.end()
        n += 1
    if not cuts:
        return [text] if text else []
    parts = []
    if cuts[0] > 0 and text[: cuts[0]].strip():
        parts.append(text[: cuts[0]].strip())
    for a, b in zip(cuts, cuts[1:] + [len(text)]):
        parts.append(text[a:b].strip())
    return [p for p in parts if p]


class CellParser(HTMLParser):
    """Turn a seed cell (HTML fragment) into blocks: ('p', markup) / ('li', markup).

    Markup keeps <b>/<i> as reportlab inline tags; everything else is text.
    Lists without <li> (``<ul style="list-style-type: none"> – a – b``) are split at
    the dash markers; ``<ol>`` without <li> at the item numbers (kept in the text).
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.buf: list[str] = []
        self.lists: list[str] = []  # stack of 'ul'/'ol'
        self.in_p = False
        self.in_li = False

    # -- helpers
    def _text(self) -> str:
        s = norm_ws("".join(self.buf))
        self.buf = []
        # drop empty inline tags left by whitespace-only content
        s = re.sub(r"<(b|i)>\s*</\1>", " ", s)
        return norm_ws(s)

    def flush(self) -> None:
        s = self._text()
        if not s:
            return
        if self.in_li:
            self.blocks.append(("li", s))
        elif self.in_p:
            if _DASH_START.match(s):
                self.blocks.append(("li", _DASH_START.sub("", s, count=1)))
            else:
                self.blocks.append(("p", s))
        elif self.lists and self.lists[-1] == "ul":
            items = [norm_ws(x) for x in _DASH_SPLIT.split(s)]
            lead, items = items[0], items[1:]
            if lead:
                self.blocks.append(("p", lead))
            self.blocks.extend(("li", x) for x in items if x)
        elif self.lists and self.lists[-1] == "ol":
            self.blocks.extend(("p", x) for x in _split_numbered(s))
        else:
            if _DASH_START.match(s):
                self.blocks.append(("li", _DASH_START.sub("", s, count=1)))
            else:
                self.blocks.append(("p", s))

    # -- HTMLParser interface
    def handle_starttag(self, tag, attrs):
        if tag in ("b", "strong"):
            self.buf.append("<b>")
        elif tag in ("i", "em"):
            self.buf.append("<i>")
        elif tag == "br":
            self.flush()
        elif tag == "p":
            self.flush()
            self.in_p = True
        elif tag in ("ul", "ol"):
            self.flush()
            self.lists.append(tag)
        elif tag == "li":
            self.flush()
            self.in_li = True

    def handle_endtag(self, tag):
        if tag in ("b", "strong"):
            self.buf.append("</b>")
        elif tag in ("i", "em"):
            self.buf.append("</i>")
        elif tag == "p":
            self.flush()
            self.in_p = False
        elif tag in ("ul", "ol"):
            self.flush()
            if self.lists:
                self.lists.pop()
        elif tag == "li":
            self.flush()
            self.in_li = False

    def handle_data(self, data):
        self.buf.append(esc(data))

    def close(self):
        super().close()
        self.flush()


def parse_cell(raw: str) -> list[tuple[str, str]]:
    raw = raw.strip()
    if not raw:
        return []
    if "<" not in raw:
        # plain cell: " - " starts a bullet item (as in the seed's plain-text rows)
        text = html.unescape(raw)
        parts = [norm_ws(x) for x in re.split(r"(?<=\s)[–-]\s+", text)]
        blocks = [("p", esc(parts[0]))] if parts[0] else []
        blocks += [("li", esc(x)) for x in parts[1:] if x]
        return blocks
    p = CellParser()
    p.feed(raw)
    p.close()
    return p.blocks


def plain(raw: str) -> str:
    """Cell text without tags (for classification)."""
    return norm_ws(html.unescape(re.sub(r"<[^>]+>", " ", raw)))


def blocks_to_flowables(blocks, st, style="cell"):
    out = []
    for kind, text in blocks:
        if kind == "li":
            out.append(Paragraph(text, st["bullet"], bulletText="•"))
        elif kind == "li2":
            out.append(Paragraph(text, st["bullet2"], bulletText="–"))
        elif kind == "b":
            out.append(Paragraph(text, st["cellb"]))
        else:
            out.append(Paragraph(text, st[style]))
    return out


# --------------------------------------------------------------------------- page decoration


def page_number_footer(canvas, doc):
    canvas.saveState()
    canvas.setFont(FONT, 7.5)
    w, _h = doc.pagesize
    canvas.drawRightString(w - doc.rightMargin, 10 * mm, str(canvas.getPageNumber()))
    canvas.restoreState()


def frame_width(pagesize, margins) -> float:
    """Usable width inside SimpleDocTemplate's frame (6 pt padding on each side)."""
    return pagesize[0] - margins[0] - margins[1] - 12


def build(path: Path, story, pagesize, margins, title, on_page=page_number_footer, **kw):
    left, right, top, bottom = margins
    doc = SimpleDocTemplate(
        str(path),
        pagesize=pagesize,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        title=title,
        author="kotoex samples",
        creator="kotoex scripts/make_samples.py",
        producer="ReportLab",
        subject="",
        invariant=1,
        **kw,
    )
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)


# =========================================================================== 000: Turku report

MEASURE_ID = re.compile(r"^(\d+\.\d+)")
# "1.1 Kehittämis ehdotus", "1.2.kehittämis ehdotus", "2.1 Kehittämistoimenpide", ...
MEASURE_LABEL = re.compile(
    r"^(\d+\.\d+\.?\s*[Kk]ehittämis\s?(?:ehdotus|toimenpide))\s+(.*)$", re.S
)
STATUS_LEAD = re.compile(r"^(Ei toteudu\.?|Toteutuu osin\.?|Toteutuu\.?)\s+(.+)$", re.S)
HEADER = ["KEHITTÄMISTOIMENPITEET", "VASTUUTAHO", "RAPORTOINTI", "SEURANTA"]


def read_rows(lines):
    rows = []
    for line in lines:
        if "\t" not in line:
            continue
        cells = line.rstrip("\n").split("\t")
        cells += [""] * (4 - len(cells))
        rows.append([c.strip() for c in cells[:4]])
    return rows


def is_label(cells) -> bool:
    t = plain(cells[0])
    return (
        bool(t)
        and not any(plain(c) for c in cells[1:])
        and t.upper() == t
        and re.fullmatch(r"[A-ZÄÖÅ]+", t) is not None
    )


def measure_cell_blocks(raw: str):
    """First column: '1.1 Kehittämisehdotus' line, then text paragraphs and bullets."""
    blocks = parse_cell(raw)
    if blocks and blocks[0][0] == "p":
        m = MEASURE_LABEL.match(blocks[0][1])
        if m:
            rest = norm_ws(m.group(2))
            blocks = [("p", m.group(1))] + ([("p", rest)] if rest else []) + blocks[1:]
    return blocks


def status_cell_blocks(raw: str):
    """Status column: status phrase paragraph, then detail paragraphs."""
    blocks = parse_cell(raw)
    if "<" not in raw and blocks and blocks[0][0] == "p":
        m = STATUS_LEAD.match(blocks[0][1])
        if m:
            blocks = [("p", m.group(1)), ("p", norm_ws(m.group(2)))] + blocks[1:]
    return blocks


def merge_continuation(prev_blocks, raw):
    """A seed row without measure id continues the measure above, in the same cell."""
    if not raw.strip():
        return prev_blocks
    add = parse_cell(raw)
    if "<" not in raw and prev_blocks and add and prev_blocks[-1][0] == add[0][0] == "p":
        # plain text that finishes the last sentence of the cell ("... sekä" + "Turun ...")
        joined = prev_blocks[-1][1] + " " + add[0][1]
        return prev_blocks[:-1] + [("p", joined)] + add[1:]
    return prev_blocks + add


def parse_report(text: str):
    lines = text.split("\n")
    first_tab = next(i for i, l in enumerate(lines) if "\t" in l)
    preamble = "\n".join(lines[:first_tab])
    rows = read_rows(lines[first_tab:])

    groups = []
    cur = None
    state = None
    for cells in rows:
        texts = [plain(c) for c in cells]
        if not any(texts) or all(re.fullmatch(r"-+", t or "-") for t in texts):
            continue  # empty row or '--' separator left by the text conversion
        if is_label(cells) and texts[0] != "TAVOITEET" and state in (None, "measures", "header"):
            cur = {"label": texts[0], "target": [], "goals_label": None, "goals": [], "measures": []}
            groups.append(cur)
            state = "label"
            continue
        if state == "label":
            cur["target"] = parse_cell(cells[0])
            state = "target"
            continue
        if state == "target" and texts[0] == "TAVOITEET":
            cur["goals_label"] = texts[0]
            state = "goals_label"
            continue
        if state == "goals_label":
            raw = cells[0]
            if "<" not in raw:
                cur["goals"] = [("p", esc(x)) for x in _split_numbered(html.unescape(raw))]
            else:
                cur["goals"] = parse_cell(raw)
            state = "goals"
            continue
        if state == "goals" and [t.upper() for t in texts] == HEADER:
            state = "header"
            continue
        if state in ("header", "measures"):
            if MEASURE_ID.match(texts[0]):
                cur["measures"].append(
                    [
                        measure_cell_blocks(cells[0]),
                        parse_cell(cells[1]),
                        status_cell_blocks(cells[2]),
                        parse_cell(cells[3]),
                    ]
                )
            else:
                if not cur["measures"]:
                    raise ValueError(f"continuation row before any measure: {texts}")
                m = cur["measures"][-1]
                for i in range(4):
                    m[i] = merge_continuation(m[i], cells[i])
            state = "measures"
            continue
        raise ValueError(f"unexpected row in state {state}: {texts}")
    return preamble, groups


def report_preamble(preamble: str, st):
    out = []
    paras = [p.strip() for p in re.split(r"\n\s*\n", preamble) if p.strip()]
    for i, p in enumerate(paras):
        bold = p.startswith("**") and p.endswith("**")
        p = p.strip("*")
        lines = [esc(l.strip()) for l in p.split("\n") if l.strip()]
        markup = "<br/>".join(lines)
        if bold:
            out.append(Paragraph(markup, st["title"]))
        elif p.startswith("Kaupunginvaltuusto") or p.startswith("Kaupunginhallitus"):
            out.append(Paragraph(markup, st["small"]))
        else:
            out.append(Paragraph(markup, st["sub"]))
    out.append(Spacer(1, 4))
    return out


def group_table(g, st, widths):
    full = sum(widths)
    data = []
    style = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    # full-width rows: target group label + text, goals label + goals
    for label, blocks in ((g["label"], g["target"]), (g["goals_label"] or "TAVOITEET", g["goals"])):
        r = len(data)
        data.append([[Paragraph(esc(label), st["cellb"])] + blocks_to_flowables(blocks, st), "", "", ""])
        style.append(("SPAN", (0, r), (-1, r)))
    # header row (not repeated on later pages)
    data.append([Paragraph(h, st["cellb"]) for h in HEADER])
    for m in g["measures"]:
        data.append([blocks_to_flowables(b, st) for b in m])
    kw = {"splitByRow": 1, "repeatRows": 0}
    try:
        return Table(data, colWidths=widths, style=TableStyle(style), splitInRow=1, **kw)
    except TypeError:  # reportlab < 3.6: no splitInRow
        return Table(data, colWidths=widths, style=TableStyle(style), **kw)


def make_turku_report(seed: Path, out: Path) -> None:
    st = make_styles(8.5)
    preamble, groups = parse_report(seed.read_text(encoding="utf-8"))
    pagesize = landscape(A4)
    margins = (18 * mm, 18 * mm, 16 * mm, 18 * mm)
    avail = frame_width(pagesize, margins)
    fr = [0.355, 0.205, 0.27, 0.17]
    widths = [round(avail * f, 1) for f in fr[:-1]]
    widths.append(round(avail - sum(widths), 1))
    story = report_preamble(preamble, st)
    for g in groups:
        story.append(group_table(g, st, widths))
        story.append(Spacer(1, 10))
    build(out, story, pagesize, margins, "Turun kaupungin kotouttamisohjelman kehittämistoimenpiteet")


# =========================================================================== 001: Turku decision


def parse_decision(text: str):
    lines = [l.rstrip() for l in text.split("\n")]
    # header block (lost its layout in the conversion)
    m1 = re.match(r"^(.*?)§(.*?)(\d+)$", lines[0].strip())
    org, doc_kind, page_no = m1.group(1).strip(), m1.group(2).strip(), m1.group(3)
    unit = lines[1].strip()
    m3 = re.match(r"^(\D+?)(\d+?)(\d{2}\.\d{2}\.\d{4})$", lines[2].strip())
    body, pykala, date = m3.group(1).strip(), m3.group(2), m3.group(3)
    rest = lines[3:]
    i = 0
    while not rest[i].strip():
        i += 1
    diary = rest[i].strip()
    paras = [p.strip() for p in re.split(r"\n\s*\n", "\n".join(rest[i + 1 :])) if p.strip()]
    return {
        "org": org,
        "doc_kind": doc_kind,
        "page_no": page_no,
        "unit": unit,
        "body": body,
        "pykala": pykala,
        "date": date,
        "diary": diary,
        "paras": paras,
    }


def make_turku_decision(seed: Path, out: Path) -> None:
    st = make_styles(9.5)
    d = parse_decision(seed.read_text(encoding="utf-8"))
    pagesize = A4
    W, H = pagesize
    margins = (20 * mm, 18 * mm, 42 * mm, 20 * mm)
    indent = 42 * mm  # minutes layout: labels in the left column, text indented
    text_w = frame_width(pagesize, margins)

    def header(canvas, doc):
        canvas.saveState()
        x0, x1, x2, x3 = margins[0], margins[0] + 70 * mm, margins[0] + 118 * mm, W - margins[1]
        y = H - 16 * mm
        canvas.setFont(FONT_BOLD, 10)
        canvas.drawString(x0, y, d["org"])
        canvas.drawString(x1, y, d["doc_kind"])
        canvas.setFont(FONT, 9)
        canvas.drawRightString(x3, y, str(canvas.getPageNumber()))
        y -= 5 * mm
        canvas.drawString(x0, y, d["unit"])
        y -= 5 * mm
        canvas.drawString(x0, y, d["body"])
        canvas.drawString(x1, y, "§ " + d["pykala"])
        canvas.drawString(x2, y, d["date"])
        y -= 5 * mm
        canvas.setFont(FONT, 8)
        canvas.drawString(x2, y, d["diary"])
        y -= 3 * mm
        canvas.setLineWidth(0.5)
        canvas.line(x0, y, x3, y)
        canvas.restoreState()

    body = ParagraphStyle("dbody", parent=st["para"], leftIndent=indent, spaceAfter=8)
    title = ParagraphStyle("dtitle", parent=st["h2"], fontSize=12.5, leading=16, spaceBefore=2, spaceAfter=10)
    lbl = ParagraphStyle("dlbl", parent=st["body"], fontName=FONT_BOLD)
    tight = ParagraphStyle("dtight", parent=body, spaceAfter=0)

    paras = d["paras"]
    story = [Paragraph(esc(paras[0]), title)]
    k = 1
    while k < len(paras):
        p = paras[k]
        if p.startswith("Päätös"):
            story.append(
                Table(
                    [[Paragraph("Päätös", lbl), Paragraph(esc(p[len("Päätös") :].strip()), st["body"])]],
                    colWidths=[indent, text_w - indent],
                    style=TableStyle(
                        [
                            ("VALIGN", (0, 0), (-1, -1), "TOP"),
                            ("LEFTPADDING", (0, 0), (-1, -1), 0),
                            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                            ("TOPPADDING", (0, 0), (-1, -1), 0),
                            ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
                        ]
                    ),
                )
            )
        elif p == "Jakelu":
            rows = []
            k += 1
            while k < len(paras):
                for line in paras[k].split("\n"):
                    m = re.match(r"^(tied|tpv|oik|täyt)(.*)$", line.strip())
                    if m:
                        rows.append([Paragraph(m.group(1), st["body"]), Paragraph(esc(m.group(2).strip()), st["body"])])
                    elif line.strip():
                        rows.append(["", Paragraph(esc(line.strip()), st["body"])])
                k += 1
            block = [Spacer(1, 6), Paragraph("Jakelu", lbl)]
            block.append(
                Table(
                    rows,
                    colWidths=[14 * mm, text_w - indent - 14 * mm],
                    hAlign="RIGHT",
                    style=TableStyle(
                        [
                            ("LEFTPADDING", (0, 0), (-1, -1), 0),
                            ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                            ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
                        ]
                    ),
                )
            )
            story.append(KeepTogether(block))
            continue
        elif k + 1 < len(paras) and len(p) < 40 and len(paras[k + 1]) < 40 and paras[k + 1][0].islower():
            # signature: name line + title line
            story.append(Spacer(1, 14))
            story.append(Paragraph(esc(p), tight))
            story.append(Paragraph(esc(paras[k + 1]), body))
            k += 1
        else:
            story.append(Paragraph(esc(norm_ws(p)), body))
        k += 1
    build(
        out,
        story,
        pagesize,
        margins,
        f"{d['org']} {d['doc_kind']} {d['body']} § {d['pykala']} {d['date']}",
        on_page=header,
    )


# =========================================================================== 003: Järvenpää targets


def md_heading(line: str):
    m = re.match(r"^(#{1,6})\s+(.*)$", line)
    if not m:
        return None
    text = m.group(2).strip().strip("*").strip()
    level = len(m.group(1))
    if re.match(r"^\d+\.\d+\.?\s", text):
        level = 3
    elif re.match(r"^\d+\.\s", text):
        level = 2
    return min(level, 3), text


def make_jarvenpaa(seed: Path, out: Path) -> None:
    st = make_styles(9)
    lines = seed.read_text(encoding="utf-8").split("\n")
    pagesize = A4
    margins = (20 * mm, 20 * mm, 18 * mm, 20 * mm)
    avail = frame_width(pagesize, margins)
    story = []
    toc_rows = []
    table_rows = []
    bullets: list[tuple[int, str]] = []

    def flush_toc():
        if toc_rows:
            story.append(
                Table(
                    toc_rows,
                    colWidths=[avail - 15 * mm, 15 * mm],
                    hAlign="LEFT",
                    style=TableStyle(
                        [
                            ("LEFTPADDING", (0, 0), (-1, -1), 0),
                            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                            ("TOPPADDING", (0, 0), (-1, -1), 1),
                            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                        ]
                    ),
                )
            )
            toc_rows.clear()

    def flush_bullets():
        for lvl, t in bullets:
            style = st["bullet"] if lvl == 0 else st["bullet2"]
            story.append(Paragraph(esc(t), style, bulletText="•" if lvl == 0 else "–"))
        if bullets:
            story.append(Spacer(1, 4))
        bullets.clear()

    def flush_table():
        if not table_rows:
            return
        w = [round(avail * 0.30, 1), round(avail * 0.24, 1)]
        w.append(round(avail - sum(w), 1))
        head, body = table_rows[0], table_rows[1:]
        data = [[Paragraph(esc(plain(c)), st["cellb"]) for c in head]]
        style = [
            ("BOX", (0, 0), (-1, -1), 0.6, colors.black),
            ("INNERGRID", (0, 0), (-1, 0), 0.6, colors.black),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
            ("LINEAFTER", (0, 0), (-2, -1), 0.6, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
        first_col_start = 1
        for cells in body:
            r = len(data)
            if plain(cells[0]) and not plain(cells[1]) and not plain(cells[2]):
                # full-width footer rows (city values / mission)
                blocks = parse_cell(cells[0])
                data.append([blocks_to_flowables(blocks, st), "", ""])
                style += [("SPAN", (0, r), (-1, r)), ("LINEABOVE", (0, r), (-1, r), 0.6, colors.black)]
                continue
            if plain(cells[0]):
                if r > first_col_start:
                    style.append(("LINEABOVE", (0, r), (0, r), 0.6, colors.black))
                first_col_start = r
                # two spaces in the seed separate two lines of the cell
                parts = [p for p in re.split(r"\s{2,}", plain(cells[0])) if p]
                col0 = [Paragraph(esc(p), st["cell"]) for p in parts]
            else:
                col0 = ""  # the first column spans the rows below it (no rule)
            data.append([col0, blocks_to_flowables(parse_cell(cells[1]), st), blocks_to_flowables(parse_cell(cells[2]), st)])
            style.append(("LINEABOVE", (1, r), (-1, r), 0.6, colors.black))
        try:
            t = Table(data, colWidths=w, style=TableStyle(style), splitByRow=1, splitInRow=1, repeatRows=0)
        except TypeError:
            t = Table(data, colWidths=w, style=TableStyle(style), splitByRow=1, repeatRows=0)
        story.append(t)
        story.append(Spacer(1, 8))
        table_rows.clear()

    i = 0
    while i < len(lines):
        raw_line = lines[i]
        line = raw_line.rstrip()
        s = line.strip()
        toc = re.match(r"^(\d+(?:\.\d+)*\.\s.*?\.{3,})\s*(\d+)$", s)
        if toc:
            flush_bullets()
            toc_rows.append([Paragraph(esc(toc.group(1)), st["body"]), Paragraph(toc.group(2), st["right"])])
            i += 1
            continue
        if "\t" in raw_line:
            flush_bullets()
            flush_toc()
            cells = raw_line.rstrip("\n").split("\t")
            cells += [""] * (3 - len(cells))
            table_rows.append(cells[:3])
            i += 1
            continue
        flush_table()
        if not s:
            flush_bullets()
            i += 1
            continue
        h = md_heading(s)
        if h:
            flush_bullets()
            flush_toc()
            level, text = h
            story.append(Paragraph(esc(text), st["h%d" % level]))
        elif re.match(r"^\s*[-*]\s", line):
            indent = len(line) - len(line.lstrip())
            bullets.append((1 if indent >= 2 else 0, re.sub(r"^\s*[-*]\s+", "", line)))
        elif re.fullmatch(r"\d{1,3}", s):
            pass  # stray page number left by the text conversion
        else:
            flush_bullets()
            flush_toc()
            story.append(Paragraph(esc(s), st["para"]))
        i += 1
    flush_table()
    flush_bullets()
    flush_toc()
    build(out, story, pagesize, margins, "Tarkennetut tavoitteet vuodelle 2020 – Kotouttamisohjelma 2018-2021")


# =========================================================================== main

SAMPLES = [
    ("000_c8387b2cfbedc428.txt", "turku_report_2013.pdf", make_turku_report),
    ("001_e0cf00d586191b3d.txt", "turku_decision_2023.pdf", make_turku_decision),
    ("003_caeb9e2db717c079.txt", "jarvenpaa_targets_2020.pdf", make_jarvenpaa),
]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=Path, default=Path(os.environ.get("KOTOEX_SEEDS", DEFAULT_SEEDS)))
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    register_fonts()
    args.out.mkdir(parents=True, exist_ok=True)
    for seed_name, out_name, fn in SAMPLES:
        seed = args.seeds / seed_name
        if not seed.is_file():
            print(f"missing seed {seed}", file=sys.stderr)
            return 1
        out = args.out / out_name
        fn(seed, out)
        print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
