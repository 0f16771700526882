#!/usr/bin/env python3
"""Render NEW test PDFs from the dev corpus gold files, with seed-driven layout variations.

kotoex scores ~1.0 on the dev corpus, whose four layouts it was developed on.  This script
re-typesets the *content* of the corpus documents (taken from their ``*__wp-grid-land.gold.json``)
in other layouts, so the pipeline can be tested on tables it has never seen:

* fonts (DejaVu Sans/Serif, Liberation Sans/Serif, DejaVu Sans Condensed), 7.5-11 pt, header row
  bold or not, header text in capitals or title case;
* column order (responsible before the measure, schedule last, shuffled), column subsets (the
  indicator or schedule column dropped -- the gold is changed to match), alternative header
  wordings (Toimenpide/Toimenpiteet/Kehittämistoimenpide, Vastuutaho/Vastuu/Vastuutahot,
  Aikataulu/Ajankohta, Seuranta/Mittari/Mittarit, Tilanne 31.12.2022/Toteutuminen 2023/...,
  Swedish Åtgärd/Ansvarig/Tidtabell/Status/Uppföljning/Mål);
* table styles: full grid, horizontal rules only, no rules, zebra shading with white gaps, header
  in a dark band with white text, outer border only;
* page: A4 portrait or landscape, margins, header row repeated on every page or only on the
  first, rows allowed to split across pages;
* ids in a "Nro" column or at the start of the measure text;
* sections as a heading above each table or as a full-width row; goals as "Tavoite: ..."
  full-width rows or a goal column (repeated, only on the group's first row, or one spanned cell);
* status phrase and detail in one paragraph or in two.

Every value the gold scores is rendered so that the gold stays correct: status cell =
``status.raw`` + " " + ``status.detail``; responsible cell = ``responsible.raw`` (a raw with
" | " is split into a responsible and a partners column); schedule cell = ``schedule.raw``;
indicator cell = ``indicator``.  The gold is copied with ``source`` updated and ``pages`` empty;
where a column is dropped, that field is set to null in the copy.

The text before the first table (title, dates, introduction -- what tells the document type,
municipality and period) is taken from the corpus's ``__wp-open-port.pdf`` and re-flowed.

Output: ``VARIANT.pdf`` + ``VARIANT.gold.json`` per variant, deterministic for a seed
(reportlab ``invariant=1``).  The variant name carries the document and the seed; the chosen
options are stored in the gold copy under ``_variant``.

With ``--scan`` every variant is also "printed and scanned": each page is rasterised in grayscale
with pypdfium2 (``--scan-dpi``, default 200 like the corpus's ``__scan.pdf``), degraded like an
office scanner -- toner spread, dust specks, skew of up to +-1.5 deg and a small shift per page,
gaussian blur, scanner levels (black point, tone curve, ink and paper grey: brightness/contrast),
uneven lighting, gaussian noise -- and written as an image-only PDF (one 8-bit grayscale JPEG per
page, quality 60-85, no text layer, page size of the variant up to whole pixels).  It is
``VARIANT__scan.pdf`` + ``VARIANT__scan.gold.json``: the variant's gold with ``source`` updated and
the degradation (see ``SCAN_RANGES``) stored under ``_variant.scan``.  All of it is drawn from the
document and the seed, so the output is deterministic too.  ``--scan-only`` keeps only the
scanned files.

Usage::

    python scripts/make_variants.py [--corpus DIR] [--out /tmp/kotoex_variants] [--per-doc 3]
                                    [--seed 0] [--docs turku_report_2013,...] [--decisions K]
                                    [--scan [--scan-dpi 200] [--scan-only] [--scan-sideways]] [--rotate]

With ``--lo`` every variant is also typeset by LibreOffice Writer (``VARIANT__lo.pdf``): the same
content and options written as HTML and converted with ``soffice --convert-to pdf``, so another
producer's fonts, spacing, cell padding and PDF structure (grid styles keep their cell borders, the
other styles come out borderless). With ``--rotate`` every variant also gets ``VARIANT__rot.pdf`` (+ gold): its pages stored turned a
quarter and shown upright by ``/Rotate`` (``scripts/pdf_rotate.py``).
"""
from __future__ import annotations

import argparse
import copy
import hashlib
import json
import random
import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.platypus import (CondPageBreak, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table,
                                TableStyle)

rl_config.invariant = 1

DEFAULT_CORPUS = Path("/work/shared/corpus")
DEFAULT_OUT = Path("/tmp/kotoex_variants")

MEASURE_DOCS = [
    "turku_report_2013",
    "vaasa_programme_2019",
    "jarvenpaa_targets_2020",
    "dev_espoo_programme_2022",
    "dev_jyvaskyla_report_2020",
    "dev_pietarsaari_uppfoljning_2021",
]
DECISION_DOCS = ["turku_decision_2023", "dev_rovaniemi_decision_2021"]

# where the introduction (taken from the open-port PDF) ends: the first line that is table
PREAMBLE_STOP = {
    "turku_report_2013": r"^ASIAKASKOHDERYHMÄ",
    "vaasa_programme_2019": r"^Työllistymisen edistäminen$",
    "jarvenpaa_targets_2020": r"^Kotouttamisohjelma 2018-2021 Kehittämisen",
    "dev_espoo_programme_2022": r"^Nro Toimenpide",
    "dev_jyvaskyla_report_2020": r"^Alkuvaiheen ohjaus ja palvelut$",
    "dev_pietarsaari_uppfoljning_2021": r"^Mål Åtgärd",
}

# --------------------------------------------------------------------------------------- fonts

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/liberation"),
             Path("/usr/share/fonts/dejavu"), Path("/usr/share/fonts/liberation"), Path("/usr/share/fonts/TTF")]

FAMILIES = {  # family -> (regular, bold, italic) file names
    "DejaVuSans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"),
    "DejaVuSerif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf"),
    "DejaVuSansCondensed": ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf",
                            "DejaVuSansCondensed-Oblique.ttf"),
    "LiberationSans": ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf", "LiberationSans-Italic.ttf"),
    "LiberationSerif": ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf"),
}
_registered: dict[str, bool] = {}


def _find_font(name: str) -> Path | None:
    for d in FONT_DIRS:
        p = d / name
        if p.exists():
            return p
    return None


def register_family(fam: str) -> bool:
    """Register a TTF family with reportlab (regular/bold/italic); False where its files are missing."""
    if fam in _registered:
        return _registered[fam]
    files = [_find_font(n) for n in FAMILIES[fam]]
    ok = all(files)
    if ok:
        names = [fam, fam + "-Bold", fam + "-Italic"]
        for n, f in zip(names, files):
            pdfmetrics.registerFont(TTFont(n, str(f)))
        registerFontFamily(fam, normal=fam, bold=fam + "-Bold", italic=fam + "-Italic", boldItalic=fam + "-Bold")
    _registered[fam] = ok
    return ok


def available_families() -> list[str]:
    return [f for f in FAMILIES if register_family(f)]


# ------------------------------------------------------------------------------- header words

LABELS = {
    "fi": {
        "id": ["Nro", "Nro", "#"],
        "goal": ["Tavoite", "Tavoitteet", "Tavoite"],
        "text": ["Toimenpide", "Toimenpiteet", "Kehittämistoimenpide", "Kehittämistoimenpiteet"],
        "responsible": ["Vastuutaho", "Vastuu", "Vastuutahot"],
        "partners": ["Kumppanit", "Yhteistyötahot"],
        "schedule": ["Aikataulu", "Ajankohta"],
        "indicator": ["Seuranta", "Mittari", "Mittarit"],
        "status": ["Tilanne 31.12.2022", "Toteutuminen 2023", "Arvio toteutumisesta", "Tilanne", "Toteutuminen"],
        "section": ["Painopiste", "Teema", "Kehittämisen näkökulmat"],
    },
    "sv": {
        "id": ["Nr", "Nr", "#"],
        "goal": ["Mål", "Mål"],
        "text": ["Åtgärd", "Åtgärder"],
        "responsible": ["Ansvarig", "Ansvar", "Ansvarig"],
        "partners": ["Samarbetspartner"],
        "schedule": ["Tidtabell", "Tidsplan"],
        "indicator": ["Indikator", "Mätare"],
        "status": ["Status", "Uppföljning 2021", "Läge 2021", "Status 31.12.2021"],
        "section": ["Insatsområde", "Tema"],
    },
}
GOAL_ROW_PREFIX = {"fi": "Tavoite", "sv": "Mål"}
WIDTH_WEIGHT = {"id": 0.55, "goal": 2.0, "section": 1.6, "text": 3.0, "responsible": 1.7, "partners": 1.6,
                "schedule": 0.9, "status": 3.0, "indicator": 1.7}
BAND_COLOURS = ["#1F3864", "#203764", "#2E5F3F", "#7A1E2C", "#3B3B3B", "#005A8C"]
SHADE_COLOURS = ["#EDEDED", "#E8EEF6", "#F2F2F2", "#E6F0E6", "#FBEFD9"]


# ----------------------------------------------------------------------------------- variant

@dataclass
class Options:
    font: str = "DejaVuSans"
    size: float = 9.0
    header_bold: bool = True
    header_case: str = "title"  # title | upper
    landscape: bool = True
    margin_mm: float = 18.0
    style: str = "grid"  # grid | hlines | none | zebra | band | outer
    band_colour: str = "#1F3864"
    shade_colour: str = "#EDEDED"
    repeat_header: bool = True
    split_rows: bool = False
    id_mode: str | None = None  # column | prefix | None (no ids in the document)
    section_mode: str = "heading"  # heading | row
    section_numbered: bool = False
    goal_mode: str | None = None  # row | column_repeat | column_first | column_span | None
    status_mode: str = "same"  # same | separate
    order: str = "canonical"  # canonical | resp_first | schedule_last | shuffle
    columns: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)
    grouped: bool = False  # vaasa / jarvenpaa: one row per goal with bulleted measures
    row_gap: str = "normal"  # cell padding above+below text: tight 0.6 em | normal 0.9 em | loose 1.3 em


def doc_features(gold: dict) -> dict:
    ms = gold["measures"]
    return {
        "id": any(m.get("id") for m in ms),
        "goal": any(m.get("goal") for m in ms),
        "status": any(m.get("status") for m in ms),
        "indicator": any(m.get("indicator") for m in ms),
        "schedule": any(m.get("schedule") for m in ms),
        "responsible": any(((m.get("responsible") or {}).get("raw")) for m in ms),
        "partners": any(" | " in (((m.get("responsible") or {}).get("raw")) or "") for m in ms),
    }


def choose_options(name: str, gold: dict, seed: int) -> Options:
    rnd = random.Random(f"{name}:{seed}")
    lang = gold["document"]["language"]
    feat = doc_features(gold)
    o = Options()
    fams = available_families()
    o.font = rnd.choice(fams)
    o.landscape = rnd.random() < 0.5
    o.size = rnd.choice([7.5, 8, 8.5, 9, 9.5, 10, 10.5, 11])
    o.header_bold = rnd.random() < 0.6
    o.header_case = rnd.choice(["title", "upper"])
    o.margin_mm = rnd.choice([12, 15, 18, 20, 25])
    o.style = rnd.choice(["grid", "hlines", "none", "zebra", "band", "outer"])
    o.band_colour = rnd.choice(BAND_COLOURS)
    o.shade_colour = rnd.choice(SHADE_COLOURS)
    o.repeat_header = rnd.random() < 0.6
    o.split_rows = rnd.random() < 0.5
    o.status_mode = rnd.choice(["same", "separate"])
    o.section_mode = rnd.choice(["heading", "row"])
    o.section_numbered = rnd.random() < 0.3
    o.order = rnd.choice(["canonical", "resp_first", "schedule_last", "shuffle"])
    o.row_gap = rnd.choice(["tight", "normal", "normal", "loose"])

    if name == "jarvenpaa_targets_2020":
        o.grouped = rnd.random() < 0.5
        o.goal_mode = rnd.choice(["column_span", "column_first", "row"])
        o.section_mode = rnd.choice(["column", "row"]) if not o.grouped else "column"
        if o.goal_mode == "column_span":
            o.split_rows = False  # reportlab mis-draws rows split inside a row-spanned cell
            # a goal cell spanning the table cannot cross full-width section rows: reportlab drew neither
            # the goal nor the later sections' names, and the gold asked for text that was not on the page
            o.section_mode = "column"
        o.labels = {
            # (not "Painopiste": that names a theme/section column in Finnish reports)
            "goal": rnd.choice(["Kotouttamisohjelma 2018-2021", "Kotouttamisohjelma 2018–2021", "Päätavoitteet"]),
            "section": rnd.choice(["Kehittämisen näkökulmat", "Osa-alue", "Teema"]),
            "text": rnd.choice(["Ohjelmakauden tavoitteet", "Tavoitteet 2018–2021", "Tavoitteet"]),
        }
        cols = (["goal"] if o.goal_mode != "row" else []) + (["section"] if o.section_mode == "column" else []) + ["text"]
        o.columns = cols
        o.order = "canonical"
        o.status_mode = "same"
        return o

    if name == "vaasa_programme_2019":
        o.grouped = rnd.random() < 0.5

    o.id_mode = rnd.choice(["column", "prefix"]) if feat["id"] else None
    if feat["goal"]:
        o.goal_mode = rnd.choice(["row", "column_repeat", "column_first", "column_span"])
        if o.goal_mode == "column_span":
            o.split_rows = False  # reportlab mis-draws rows split inside a row-spanned cell
    cols = []
    if o.id_mode == "column":
        cols.append("id")
    if o.goal_mode and o.goal_mode.startswith("column"):
        cols.append("goal")
    cols.append("text")
    if feat["responsible"]:
        cols.append("responsible")
        if feat["partners"]:
            cols.append("partners")
    if feat["schedule"]:
        cols.append("schedule")
    if feat["status"]:
        cols.append("status")
    if feat["indicator"]:
        cols.append("indicator")
    # column subsets: a monitoring or schedule column left out (the gold copy is changed to match)
    if feat["indicator"] and rnd.random() < 0.3:
        cols.remove("indicator")
        o.dropped.append("indicator")
    if feat["schedule"] and feat["indicator"] and "indicator" in cols and rnd.random() < 0.15:
        cols.remove("schedule")
        o.dropped.append("schedule")
    # column order
    fixed = [c for c in cols if c == "id"]
    rest = [c for c in cols if c != "id"]
    if o.order == "resp_first":
        rp = [c for c in rest if c in ("responsible", "partners")]
        others = [c for c in rest if c not in rp]
        at = others.index("text")
        rest = others[:at] + rp + others[at:]
    elif o.order == "schedule_last":
        if "schedule" in rest:
            rest = [c for c in rest if c != "schedule"] + ["schedule"]
        else:
            o.order = "canonical"
    elif o.order == "shuffle":
        rnd.shuffle(rest)
        # partners stays right after the responsible column: "Vastuutaho | Kumppanit"
        if "partners" in rest:
            rest.remove("partners")
            rest.insert(rest.index("responsible") + 1, "partners")
    o.columns = fixed + rest
    words = LABELS[lang]
    o.labels = {c: rnd.choice(words[c]) for c in o.columns}
    if name == "turku_report_2013" and rnd.random() < 0.3:
        o.labels["status"] = "Raportointi"
    return o


# ---------------------------------------------------------------------------- preamble text

def _words_lines(page) -> list[dict]:
    words = page.extract_words(extra_attrs=["size", "fontname"], keep_blank_chars=False, use_text_flow=False)
    lines: list[dict] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1]["top"] - w["top"]) < 0.5 * w["size"]:
            lines[-1]["words"].append(w)
        else:
            lines.append({"top": w["top"], "words": [w]})
    out = []
    for ln in lines:
        ws = sorted(ln["words"], key=lambda w: w["x0"])
        segs = [[ws[0]]]
        for a, b in zip(ws, ws[1:]):
            if b["x0"] - a["x1"] > 2.0 * a["size"]:
                segs.append([])
            segs[-1].append(b)
        size = max(w["size"] for w in ws)
        out.append({
            "top": ln["top"], "bottom": max(w["bottom"] for w in ws), "x0": ws[0]["x0"], "x1": ws[-1]["x1"],
            "size": size, "bold": all("Bold" in w["fontname"] for w in ws),
            "segs": [(" ".join(w["text"] for w in s), s[0]["x0"]) for s in segs],
            "text": " ".join(w["text"] for w in ws), "page_h": page.height, "page_w": page.width,
        })
    return out


_BLOCK_CACHE: dict = {}


def read_blocks(pdf_path: Path, stop: str | None = None, start: str | None = None) -> list[dict]:
    key = (str(pdf_path), stop, start)
    if key not in _BLOCK_CACHE:
        _BLOCK_CACHE[key] = _read_blocks(pdf_path, stop, start)
    return copy.deepcopy(_BLOCK_CACHE[key])


def _read_blocks(pdf_path: Path, stop: str | None = None, start: str | None = None) -> list[dict]:
    """Paragraphs of a PDF's text, in order, as dicts {kind: heading|para|bullet|multi, text, size}.

    Reading starts at the first line matching ``start`` (if given) and stops before the first
    line matching ``stop``.  Page numbers (a lone number at the foot) are left out.
    """
    import pdfplumber

    lines = []
    with pdfplumber.open(str(pdf_path)) as pdf:
        for page in pdf.pages:
            for ln in _words_lines(page):
                if re.fullmatch(r"\d{1,3}", ln["text"]) and ln["top"] > 0.85 * ln["page_h"]:
                    continue
                lines.append(ln)
    if start:
        i = next((k for k, ln in enumerate(lines) if re.search(start, ln["text"])), None)
        lines = lines[i:] if i is not None else []
    if stop:
        i = next((k for k, ln in enumerate(lines) if re.search(stop, ln["text"])), None)
        lines = lines[:i] if i is not None else lines
    if not lines:
        return []
    right = max(ln["x1"] for ln in lines)
    body = sorted(ln["size"] for ln in lines)[len(lines) // 2]
    blocks: list[dict] = []
    prev = None
    for ln in lines:
        text = ln["text"]
        bullet = text[:1] in "•◦-–" and len(text) > 2 and text[1] == " "
        heading = ln["size"] > body + 0.6 or ln["bold"]
        multi = len(ln["segs"]) > 1
        new = (prev is None or multi or bullet or heading != prev["heading"] or abs(ln["size"] - prev["size"]) > 0.3
               or ln["top"] - prev["bottom"] > 0.6 * ln["size"] or ln["top"] < prev["top"]
               or prev["x1"] < right - 0.2 * (right - 40) or prev["multi"])
        if new:
            kind = "multi" if multi else "bullet" if bullet else "heading" if heading else "para"
            blocks.append({"kind": kind, "text": text[2:] if bullet else text, "size": ln["size"],
                           "rel": ln["size"] / body, "segs": ln["segs"], "page_w": ln["page_w"],
                           "x0": ln["x0"]})
        else:
            t = blocks[-1]["text"]
            blocks[-1]["text"] = t[:-1] + text if t.endswith("-") and not t.endswith(" -") and text[:1].islower() \
                else t + " " + text
        prev = {"heading": heading, "size": ln["size"], "bottom": ln["bottom"], "top": ln["top"],
                "x1": ln["x1"], "multi": multi}
    return blocks


# ---------------------------------------------------------------------------------- styling

class Styles:
    def __init__(self, o: Options):
        f, s = o.font, o.size
        self.o = o
        lead = s * 1.2
        self.cell = ParagraphStyle("cell", fontName=f, fontSize=s, leading=lead)
        self.cell_bold = ParagraphStyle("cellb", parent=self.cell, fontName=f + "-Bold")
        white = o.style == "band"
        self.head = ParagraphStyle("head", parent=self.cell, fontName=f + ("-Bold" if o.header_bold else ""),
                                   textColor=colors.white if white else colors.black)
        self.section_row = ParagraphStyle("secrow", parent=self.cell, fontName=f + "-Bold", fontSize=s + 0.5,
                                          leading=(s + 0.5) * 1.2)
        self.goal_row = ParagraphStyle("goalrow", parent=self.cell)
        self.body = ParagraphStyle("body", fontName=f, fontSize=max(s, 8.5), leading=max(s, 8.5) * 1.25,
                                   spaceAfter=max(s, 8.5) * 0.6)
        self.small = ParagraphStyle("small", parent=self.body, fontSize=max(s - 1, 7.5), leading=max(s - 1, 7.5) * 1.2)
        self.h1 = ParagraphStyle("h1", fontName=f + "-Bold", fontSize=16, leading=19, spaceAfter=8, spaceBefore=4)
        self.h2 = ParagraphStyle("h2", fontName=f + "-Bold", fontSize=12.5, leading=15, spaceBefore=8, spaceAfter=5)
        self.h3 = ParagraphStyle("h3", fontName=f + "-Bold", fontSize=max(s + 1.5, 10), leading=max(s + 1.5, 10) * 1.2,
                                 spaceBefore=8, spaceAfter=4)
        self.bullet = ParagraphStyle("bullet", parent=self.body, leftIndent=14, bulletIndent=4, spaceAfter=2,
                                     bulletFontName=f, bulletFontSize=self.body.fontSize)
        self.cell_bullet = ParagraphStyle("cellbullet", parent=self.cell, leftIndent=s * 1.1, bulletIndent=0,
                                          bulletFontName=f, bulletFontSize=s)


def P(text: str | None, style) -> Paragraph:
    return Paragraph(escape(text or ""), style)


def header_text(label: str, o: Options) -> str:
    if o.header_case == "upper":
        return label.upper()
    return label[:1].upper() + label[1:]


def preamble_flowables(blocks: list[dict], st: Styles) -> list:
    out = []
    for b in blocks:
        if b["kind"] == "multi":
            # a line with tab-aligned parts (minutes header): a borderless row at the same proportions
            pw = b["page_w"]
            xs = [x for _, x in b["segs"]] + [pw - 49]
            widths = [max(20.0, (xs[i + 1] - xs[i])) for i in range(len(b["segs"]))]
            total = sum(widths)
            frac = [w / total for w in widths]
            out.append(("multi", [t for t, _ in b["segs"]], frac, b["rel"]))
        elif b["kind"] == "bullet":
            out.append(Paragraph(escape(b["text"]), st.bullet, bulletText="•"))
        elif b["kind"] == "heading":
            sty = st.h1 if b["rel"] > 1.6 else st.h2 if b["rel"] > 1.2 else st.h3
            out.append(P(b["text"], sty))
        else:
            out.append(P(b["text"], st.small if b["rel"] < 0.97 else st.body))
    return out


def resolve_multi(flows: list, st: Styles, width: float) -> list:
    out = []
    for f in flows:
        if isinstance(f, tuple) and f[0] == "multi":
            _, texts, frac, rel = f
            sty = st.small if rel < 0.97 else st.body
            t = Table([[P(x, sty) for x in texts]], colWidths=[width * q for q in frac])
            t.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("TOPPADDING", (0, 0), (-1, -1), 1)]))
            t.hAlign = "CENTER"
            out.append(t)
        else:
            out.append(f)
    return out


def table_style_cmds(o: Options, nrows: int, header_rows: int, span_rows: list[int], goal_rows: list[int]) -> list:
    c = []
    pad = max(2.5, o.size * 0.35)
    vpad = o.size * {"tight": 0.3, "normal": 0.45, "loose": 0.65}[o.row_gap]
    c += [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), pad),
          ("RIGHTPADDING", (0, 0), (-1, -1), pad), ("TOPPADDING", (0, 0), (-1, -1), vpad * 0.9),
          ("BOTTOMPADDING", (0, 0), (-1, -1), vpad * 1.1)]
    for r in span_rows + goal_rows:
        c.append(("SPAN", (0, r), (-1, r)))
    hs = (0, 0), (-1, header_rows - 1)
    if o.style == "grid":
        c += [("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
        if header_rows:
            c.append(("BACKGROUND", *hs, colors.HexColor(o.shade_colour)))
    elif o.style == "hlines":
        if header_rows:
            c += [("LINEABOVE", (0, 0), (-1, 0), 1.0, colors.black), ("LINEBELOW", *hs, 1.0, colors.black)]
        c.append(("LINEBELOW", (0, header_rows), (-1, -1), 0.4, colors.HexColor("#777777")))
    elif o.style == "none":
        pass
    elif o.style == "zebra":
        if header_rows:
            c.append(("BACKGROUND", *hs, colors.HexColor("#C9C9C9")))
        c.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.HexColor(o.shade_colour), colors.white]))
        c.append(("INNERGRID", (0, 0), (-1, -1), 1.5, colors.white))
    elif o.style == "band":
        if header_rows:
            c.append(("BACKGROUND", *hs, colors.HexColor(o.band_colour)))
        c.append(("LINEBELOW", (0, header_rows), (-1, -1), 0.3, colors.HexColor("#AAAAAA")))
    elif o.style == "outer":
        c.append(("BOX", (0, 0), (-1, -1), 0.8, colors.black))
    for r in span_rows:
        if o.style in ("grid", "zebra", "band"):
            c.append(("BACKGROUND", (0, r), (-1, r), colors.HexColor("#DDDDDD" if o.style != "band" else o.shade_colour)))
    return c


# ------------------------------------------------------------------------------ measure tables

def _sched(m):
    return (m.get("schedule") or {}).get("raw")


def _resp_parts(m) -> tuple[str, str]:
    raw = ((m.get("responsible") or {}).get("raw")) or ""
    if " | " in raw:
        a, b = raw.split(" | ", 1)
        return a, b
    return raw, ""


def cell_for(role: str, m: dict, o: Options, st: Styles, lang: str):
    if role == "id":
        return P(m.get("id") or "", st.cell)
    if role == "text":
        t = m.get("text") or ""
        if o.id_mode == "prefix" and m.get("id"):
            mid = m["id"]
            t = f"{mid}. {t}" if "." not in mid else f"{mid} {t}"
        return P(t, st.cell)
    if role == "goal":
        return P(m.get("goal") or "", st.cell)
    if role == "responsible":
        return P(_resp_parts(m)[0], st.cell)
    if role == "partners":
        return P(_resp_parts(m)[1], st.cell)
    if role == "schedule":
        return P(_sched(m) or "", st.cell)
    if role == "indicator":
        return P(m.get("indicator") or "", st.cell)
    if role == "status":
        s = m.get("status") or {}
        raw, det = s.get("raw"), s.get("detail")
        if o.status_mode == "separate" and raw and det:
            return [P(raw, st.cell), Spacer(1, o.size * 0.35), P(det, st.cell)]
        return P(" ".join(x for x in (raw, det) if x), st.cell)
    raise KeyError(role)


def _longest_word(cell) -> float:
    """Width of the longest word in a cell (a Paragraph or a list of them)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    paras = cell if isinstance(cell, list) else [cell]
    best = 0.0
    for p in paras:
        if not isinstance(p, Paragraph):
            continue
        sty = p.style
        text = re.sub(r"<[^>]+>", "", p.text)
        for w in text.split():
            best = max(best, stringWidth(w.replace("&amp;", "&"), sty.fontName, sty.fontSize))
    return best


def _col_widths(cols: list[str], width: float, o: Options | None = None, rows: list | None = None) -> list[float]:
    """Column widths by role weight, but never narrower than the column's longest word (word
    processors do not break words inside a cell unless they must)."""
    w = [WIDTH_WEIGHT[c] for c in cols]
    widths = [width * x / sum(w) for x in w]
    if not rows or o is None:
        return widths
    pad = 2 * max(2.5, o.size * 0.35) + 1.5
    need = [max((_longest_word(r[i]) for r in rows if i < len(r)), default=0.0) + pad for i in range(len(cols))]
    for _ in range(len(cols)):
        short = [i for i in range(len(cols)) if widths[i] < need[i]]
        if not short:
            break
        for i in short:
            widths[i] = need[i]
        fixed = set(short) | {i for i in range(len(cols)) if widths[i] <= need[i]}
        free = [i for i in range(len(cols)) if i not in fixed]
        rest = width - sum(widths[i] for i in fixed)
        if not free or rest <= 0:
            break
        tw = sum(w[i] for i in free)
        for i in free:
            widths[i] = max(need[i], rest * w[i] / tw)
    total = sum(widths)
    return [x * width / total for x in widths]


def group_vaasa(ms: list[dict]) -> list[list[dict]]:
    """Consecutive measures of one goal with the same responsible and indicator; schedules all
    equal or all given (so they can be listed one per bullet)."""
    groups: list[list[dict]] = []
    for m in ms:
        g = groups[-1] if groups else None
        key = lambda x: (x["section"], x["goal"], (x.get("responsible") or {}).get("raw"), x.get("indicator"))
        if g and key(g[0]) == key(m):
            sch = [_sched(x) for x in g + [m]]
            if len(set(sch)) == 1 or all(sch):
                g.append(m)
                continue
        groups.append([m])
    return groups


def measure_story(name: str, gold: dict, o: Options, st: Styles, width: float) -> list:
    lang = gold["document"]["language"]
    ms = gold["measures"]
    cols = o.columns
    head = [P(header_text(o.labels[c], o), st.head) for c in cols]
    widths = _col_widths(cols, width, o, [head] + [[cell_for(c, m, o, st, lang) for c in cols] for m in ms])
    story: list = []
    sections = list(dict.fromkeys(m["section"] for m in ms))

    def sec_title(sec):
        return f"{sections.index(sec) + 1}. {sec}" if o.section_numbered else sec

    def new_table_rows():
        return [head], [], []

    def flush(rows, spans, goals):
        if len(rows) <= 1:
            return
        t = Table(rows, colWidths=widths, repeatRows=1 if o.repeat_header else 0,
                  splitInRow=1 if o.split_rows else 0)
        t.setStyle(TableStyle(table_style_cmds(o, len(rows), 1, spans, goals)))
        t.hAlign = "CENTER"
        story.append(t)

    rows, spans, goals = new_table_rows()
    units = group_vaasa(ms) if o.grouped else [[m] for m in ms]
    cur_sec, cur_goal = object(), object()
    goal_start = None  # row index where the current goal's column cell starts (span mode)
    span_cmds: list = []

    def close_goal_span(end_row):
        if o.goal_mode == "column_span" and goal_start is not None and end_row > goal_start:
            gi = cols.index("goal")
            span_cmds.append((goal_start, end_row))

    for unit in units:
        m = unit[0]
        if m["section"] != cur_sec:
            close_goal_span(len(rows) - 1)
            goal_start = None
            if o.section_mode == "heading":
                flush(rows, spans, goals)
                _apply_spans(story, span_cmds, cols)
                span_cmds = []
                story.append(CondPageBreak(60))
                story.append(P(sec_title(m["section"]), st.h3))
                rows, spans, goals = new_table_rows()
            else:
                spans.append(len(rows))
                rows.append([P(sec_title(m["section"]), st.section_row)] + [""] * (len(cols) - 1))
            cur_sec, cur_goal = m["section"], object()
        if m.get("goal") != cur_goal:
            close_goal_span(len(rows) - 1)
            goal_start = None
            if o.goal_mode == "row" and m.get("goal"):
                goals.append(len(rows))
                rows.append([P(f"{GOAL_ROW_PREFIX[lang]}: {m['goal']}", st.goal_row)] + [""] * (len(cols) - 1))
            cur_goal = m.get("goal")
            first_of_goal = True
        else:
            first_of_goal = False
        row = []
        for c in cols:
            if c == "goal":
                if o.goal_mode == "column_repeat" or first_of_goal:
                    row.append(P(m.get("goal") or "", st.cell))
                else:
                    row.append("")
            elif len(unit) > 1 and c == "text":
                row.append([Paragraph(escape(x["text"]), st.cell_bullet, bulletText="•") for x in unit])
            elif len(unit) > 1 and c == "schedule":
                sch = [_sched(x) for x in unit]
                row.append(P(sch[0], st.cell) if len(set(sch)) == 1 else [P(s, st.cell) for s in sch])
            else:
                row.append(cell_for(c, m, o, st, lang))
        if first_of_goal:
            goal_start = len(rows)
        rows.append(row)
    close_goal_span(len(rows) - 1)
    flush(rows, spans, goals)
    _apply_spans(story, span_cmds, cols)
    return story


def _apply_spans(story, span_cmds, cols):
    """Spanned goal cells (rowspan) in the table just added."""
    if not span_cmds or not story or not isinstance(story[-1], Table):
        return
    gi = cols.index("goal")
    story[-1].setStyle(TableStyle([("SPAN", (gi, a), (gi, b)) for a, b in span_cmds]))


def jarvenpaa_story(gold: dict, o: Options, st: Styles, width: float, corpus: Path) -> list:
    """The 'Kootusti ohjelmakauden tavoitteet' table (goal, section, bulleted targets) with
    variations, then part 4 (headings with bullet lists) as prose."""
    ms = gold["measures"]
    table_ms = [m for m in ms if m.get("goal")]
    list_ms = [m for m in ms if not m.get("goal")]
    story: list = []
    cols = o.columns
    widths = _col_widths(cols, width, o, [[P(header_text(o.labels[c], o), st.head) for c in cols]] + [
        [P(m.get("goal") if c == "goal" else m["section"] if c == "section" else m["text"], st.cell) for c in cols]
        for m in table_ms])
    head = [P(header_text(o.labels[c], o), st.head) for c in cols]
    rows, spans, goalrows = [head], [], []
    goal = table_ms[0]["goal"]
    if o.goal_mode == "row":
        goalrows.append(len(rows))
        rows.append([P(f"Tavoite: {goal}", st.goal_row)] + [""] * (len(cols) - 1))
    first_data = len(rows)
    first_item = None  # the goal's cell is on the first row of measures (not on a section row before it)
    secs = list(dict.fromkeys(m["section"] for m in table_ms))
    for sec in secs:
        items = [m for m in table_ms if m["section"] == sec]
        units = [items] if o.grouped else [[m] for m in items]
        if o.section_mode == "row":
            spans.append(len(rows))
            rows.append([P(sec, st.section_row)] + [""] * (len(cols) - 1))
        for k, unit in enumerate(units):
            row = []
            first_item = len(rows) if first_item is None else first_item
            for c in cols:
                if c == "goal":
                    # shown on the first row of measures; after a full-width section row again (as the
                    # other programmes' tables do): a blank goal cell under a section band reads as "no goal"
                    show = len(rows) == first_item or (o.section_mode == "row" and k == 0)
                    show = show and o.goal_mode in ("column_first", "column_span")
                    row.append(P(goal, st.cell) if show else "")
                elif c == "section":
                    row.append(P(sec, st.cell) if k == 0 else "")
                else:
                    row.append([Paragraph(escape(x["text"]), st.cell_bullet, bulletText="•") for x in unit])
            rows.append(row)
    last_data = len(rows) - 1
    extra = [("Kaupungin arvot", "Asukaslähtöisyys, Rohkeus, Vastuullisuus, Oikeudenmukaisuus ja Tuloksellisuus"),
             ("Kaupungin toiminta-ajatus", "Järvenpään kaupunki turvaa perusedellytyksiä asukkaiden hyvälle elämälle, "
              "edistää yritysten ja yhteisöjen toimintamahdollisuuksia ja kantaa oman vastuunsa ympäristön "
              "hyvinvoinnista yhdessä kumppaneidensa kanssa")]
    t_extra = []
    for lab, txt in extra:
        t_extra.append(len(rows))
        if len(cols) == 1:
            # a one-column table has no cell for the text beside its label: both in the one cell
            # (a second cell made reportlab add an unsized column, the table grew wider than the
            # page and, centred, ran off its left edge)
            rows.append([[P(lab, st.cell_bold), P(txt, st.cell)]])
        else:
            rows.append([P(lab, st.cell_bold), P(txt, st.cell)] + [""] * (len(cols) - 2))
    t = Table(rows, colWidths=widths, repeatRows=1 if o.repeat_header else 0, splitInRow=1 if o.split_rows else 0)
    cmds = table_style_cmds(o, len(rows), 1, spans, goalrows)
    if o.goal_mode == "column_span" and "goal" in cols:
        cmds.append(("SPAN", (cols.index("goal"), first_data), (cols.index("goal"), last_data)))
    for r in t_extra:
        if len(cols) > 2:
            cmds.append(("SPAN", (1, r), (-1, r)))
    t.setStyle(TableStyle(cmds))
    t.hAlign = "CENTER"
    story.append(t)
    # part 4: intro text from the corpus PDF, then the refined targets as bullet lists
    story.append(Spacer(1, 10))
    mid = read_blocks(corpus / "jarvenpaa_targets_2020__wp-open-port.pdf", start=r"^4\. Tarkennetut tavoitteet",
                      stop=r"^4\.1\.")
    story += preamble_flowables(mid, st)
    secs = list(dict.fromkeys(m["section"] for m in list_ms))
    all_secs = ["Alkuvaiheen palvelut", "Peruspalvelut kotoutujan tukena", "Pakolaisten vastaanotto",
                "Monialainen viranomaistyö", "Osallisuus, vapaa-aika ja harrastaminen",
                "Hyvät väestösuhteet ja kotoutumisen edistäminen verkostoyhteistyönä",
                "Maahanmuuttajatyön hallinnointi ja koordinointi"]
    for i, sec in enumerate(all_secs, 1):
        story.append(P(f"4.{i}. {sec}", st.h3))
        items = [m for m in list_ms if m["section"] == sec]
        if not items and sec not in secs:
            story.append(Paragraph("kohdat 4.2., 4.5", st.bullet, bulletText="•"))
        for m in items:
            story.append(Paragraph(escape(m["text"]), st.bullet, bulletText="•"))
    return story


# ----------------------------------------------------------------------------------- render

def _footer(o: Options):
    def draw(canvas, doc):
        canvas.saveState()
        canvas.setFont(o.font, 8)
        w, h = doc.pagesize
        canvas.drawRightString(w - o.margin_mm * mm, 10 * mm, str(doc.page))
        canvas.restoreState()
    return draw


def _fits(name: str, gold: dict, o: Options, width: float) -> bool:
    if name == "jarvenpaa_targets_2020":
        return True
    st = Styles(o)
    lang = gold["document"]["language"]
    rows = [[P(header_text(o.labels[c], o), st.head) for c in o.columns]]
    rows += [[cell_for(c, m, o, st, lang) for c in o.columns] for m in gold["measures"]]
    pad = 2 * max(2.5, o.size * 0.35) + 1.5
    need = [max(_longest_word(r[i]) for r in rows) + pad for i in range(len(o.columns))]
    return sum(need) <= width * 0.9


def render_measure_doc(name: str, gold: dict, o: Options, corpus: Path, out_pdf: Path, producer: str = "reportlab") -> None:
    st = Styles(o)
    pagesize = landscape(A4) if o.landscape else A4
    m = o.margin_mm * mm
    doc = SimpleDocTemplate(str(out_pdf), pagesize=pagesize, leftMargin=m, rightMargin=m, topMargin=m,
                            bottomMargin=m + 4 * mm, title=gold["document"].get("title") or name, author="kotoex variants")
    width = pagesize[0] - 2 * m
    # a size whose longest words fit their columns (as an author would pick for a wide table);
    # a table too wide for portrait even at 7.5 pt goes landscape (no words broken inside a cell)
    size0 = o.size
    while o.size > 7.5 and not _fits(name, gold, o, width):
        o.size -= 0.5
    if not o.landscape and not _fits(name, gold, o, width):
        o.landscape, o.size = True, size0
        pagesize = landscape(A4)
        width = pagesize[0] - 2 * m
        doc = SimpleDocTemplate(str(out_pdf), pagesize=pagesize, leftMargin=m, rightMargin=m, topMargin=m,
                                bottomMargin=m + 4 * mm, title=gold["document"].get("title") or name,
                                author="kotoex variants")
        while o.size > 7.5 and not _fits(name, gold, o, width):
            o.size -= 0.5
    st = Styles(o)
    pre = read_blocks(corpus / f"{name}__wp-open-port.pdf", stop=PREAMBLE_STOP[name])
    story = resolve_multi(preamble_flowables(pre, st), st, width)
    story.append(Spacer(1, 6))
    if name == "jarvenpaa_targets_2020":
        story += resolve_multi(jarvenpaa_story(gold, o, st, width, corpus), st, width)
    else:
        story += measure_story(name, gold, o, st, width)
    if producer == "lo":
        lo_build(story, o, gold["document"].get("title") or name, out_pdf)
    else:
        doc.build(story, onFirstPage=_footer(o), onLaterPages=_footer(o))


def render_decision_doc(name: str, o: Options, corpus: Path, out_pdf: Path, producer: str = "reportlab") -> None:
    st = Styles(o)
    pagesize = A4
    m = o.margin_mm * mm
    doc = SimpleDocTemplate(str(out_pdf), pagesize=pagesize, leftMargin=m, rightMargin=m, topMargin=m,
                            bottomMargin=m + 4 * mm, title=name, author="kotoex variants")
    width = pagesize[0] - 2 * m
    blocks = read_blocks(corpus / f"{name}__wp-open-port.pdf")
    story = resolve_multi(preamble_flowables(blocks, st), st, width)
    if producer == "lo":
        lo_build(story, o, name, out_pdf)
    else:
        doc.build(story, onFirstPage=_footer(o), onLaterPages=_footer(o))


# ------------------------------------------------------------------------- LibreOffice producer

_TAGS = {"h1": "h1", "h2": "h2", "h3": "h3", "secrow": "b", "head": "b"}


def _para_html(p) -> str:
    if not isinstance(p, Paragraph):
        return ""
    text = p.text
    if p.bulletText:
        text = f"{escape(p.bulletText)} {text}"
    tag = _TAGS.get(p.style.name)
    return f"<{tag}>{text}</{tag}>" if tag in ("b",) else text


def _cell_html(cell) -> str:
    parts = cell if isinstance(cell, list) else [cell]
    return "<br/>".join(h for h in (_para_html(x) for x in parts) if h)


def _table_html(t: Table, o: Options, border: bool) -> str:
    rows = t._cellvalues
    ncols = len(rows[0]) if rows else 0
    covered, spans = set(), {}
    for cmd in t._spanCmds:
        (c0, r0), (c1, r1) = cmd[1], cmd[2]
        c0, c1 = c0 % ncols, c1 % ncols
        r0, r1 = r0 % len(rows), r1 % len(rows)
        spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - {(r0, c0)}
    widths = t._colWidths if all(t._colWidths) else [None] * ncols
    pad = max(2.5, o.size * 0.35)
    out = [f'<table border="{1 if border else 0}" cellspacing="0" cellpadding="{pad:.0f}" width="100%">']
    out += [f'<col width="{w:.0f}"/>' if w else "<col/>" for w in widths]
    for r, row in enumerate(rows):
        zebra = o.style == "zebra" and r > 0 and r % 2 == 1
        head = r == 0 and t.repeatRows
        attrs = ' bgcolor="#EDEDED"' if zebra or (head and o.style in ("grid", "zebra")) else ""
        out.append(f"<tr{attrs}>" if not head else f"<thead><tr{attrs}>")
        for c, cell in enumerate(row):
            if (r, c) in covered:
                continue
            rs, cs = spans.get((r, c), (1, 1))
            span = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            out.append(f'<td valign="top"{span}>{_cell_html(cell)}</td>')
        out.append("</tr>" if not head else "</tr></thead>")
    out.append("</table>")
    return "\n".join(out)


def story_html(story: list, o: Options, title: str) -> str:
    """The story as an HTML page for LibreOffice Writer: headings, paragraphs and tables (grid
    styles with cell borders, the others without), fonts and page orientation as CSS."""
    body = []
    for f in story:
        if isinstance(f, KeepTogether):
            body.append(story_html(f._content, o, title).split("<body>", 1)[1].rsplit("</body>", 1)[0])
        elif isinstance(f, Paragraph):
            tag = {"h1": "h1", "h2": "h2", "h3": "h3"}.get(f.style.name, "p")
            text = (f"{escape(f.bulletText)} " if f.bulletText else "") + f.text
            body.append(f"<{tag}>{text}</{tag}>")
        elif isinstance(f, Table):
            body.append(_table_html(f, o, border=o.style in ("grid", "outer")))
    family = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", o.font).replace("Deja Vu", "DejaVu")
    size = "29.7cm 21cm" if o.landscape else "21cm 29.7cm"
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"/><title>{escape(title)}</title><style>'
            f"@page {{ size: {size}; margin: {o.margin_mm}mm }} body, td, p {{ font-family: '{family}'; "
            f"font-size: {o.size}pt }} h1 {{ font-size: 16pt }} h2 {{ font-size: 12.5pt }} "
            f"h3 {{ font-size: {max(o.size + 1.5, 10)}pt }}</style></head><body>" + "\n".join(body) + "</body></html>")


def lo_build(story: list, o: Options, title: str, out_pdf: Path) -> None:
    """Write ``out_pdf`` through LibreOffice Writer (``soffice --headless --convert-to pdf``)."""
    import shutil
    import subprocess
    import tempfile

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("--lo needs LibreOffice Writer (Debian: libreoffice-writer-nogui)")
    with tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp) / f"{out_pdf.stem}.html"
        html.write_text(story_html(story, o, title), "utf-8")
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to",
                        "pdf:writer_pdf_Export", "--outdir", tmp, str(html)], check=True, capture_output=True, timeout=180)
        shutil.move(str(Path(tmp) / f"{out_pdf.stem}.pdf"), out_pdf)


def variant_gold(gold: dict, o: Options, pdf_name: str, seed: int, doc: str) -> dict:
    g = copy.deepcopy(gold)
    g["source"] = {"file": pdf_name, "sha256": None, "pages": None}
    for mm_ in g.get("measures") or []:
        mm_["pages"] = []
        if "indicator" in o.dropped:
            mm_["indicator"] = None
        if "schedule" in o.dropped:
            mm_["schedule"] = None
    g["_variant"] = {"document": doc, "seed": seed, "options": asdict(o)}
    return g


def make_variant(doc: str, seed: int, corpus: Path, out: Path, producer: str = "reportlab") -> tuple[str, Options]:
    gold = json.loads((corpus / f"{doc}__wp-grid-land.gold.json").read_text("utf-8"))
    name = f"{doc}__var{seed:03d}" + ("__lo" if producer == "lo" else "")
    pdf = out / f"{name}.pdf"
    if doc in DECISION_DOCS:
        rnd = random.Random(f"{doc}:{seed}")
        o = Options(font=rnd.choice(available_families()), size=rnd.choice([8, 9, 10, 11]),
                    margin_mm=rnd.choice([15, 20, 25]), landscape=False)
        render_decision_doc(doc, o, corpus, pdf, producer)
    else:
        o = choose_options(doc, gold, seed)
        try:
            render_measure_doc(doc, gold, o, corpus, pdf, producer)
        except Exception:  # a row (or spanned goal cell) taller than a page: let rows split, no spans
            if producer == "lo":
                raise
            if o.goal_mode == "column_span":
                o.goal_mode = "column_first"
            o.split_rows = True
            render_measure_doc(doc, gold, o, corpus, pdf, producer)
    g = variant_gold(gold, o, pdf.name, seed, doc)
    g["source"]["sha256"] = hashlib.sha256(pdf.read_bytes()).hexdigest()
    try:
        import pypdfium2 as pdfium
        g["source"]["pages"] = len(pdfium.PdfDocument(str(pdf)))
    except Exception:
        pass
    (out / f"{name}.gold.json").write_text(json.dumps(g, ensure_ascii=False, indent=1), "utf-8")
    return name, o


# ----------------------------------------------------------------------------------- scanning

# ranges of the seed-driven scan degradation (``--scan``).  The corpus's ``__scan.pdf`` files are
# 200 dpi 8-bit grayscale JPEGs (quality ~72), one image per page, skew up to ~0.75 deg per page,
# paper ~250 with noise sd ~5-9, ink ~20-30; these ranges are centred on that and a bit wider.
SCAN_RANGES = {
    "skew_deg": (-1.5, 1.5),        # per page, uniform: rotation of the sheet on the platen
    "shift_mm": (-1.5, 1.5),        # per page, x and y: placement of the sheet
    "ink_gamma": (1.2, 2.0),        # printing: toner spread, edge pixels darkened (x ** ink_gamma)
    "blur_sigma_px": (0.35, 0.8),   # gaussian optics blur, in pixels at 200 dpi (scaled with dpi)
    "black_clip": (0.04, 0.15),     # scanner levels: this much of the dark end is clipped to black
    "black_level": (10, 40),        # where full ink ends up (brightness/contrast)
    "white_level": (236, 252),      # where blank paper ends up
    "gamma": (0.9, 1.1),            # scanner tone curve between the two
    "noise_sigma": (3.0, 8.0),      # gaussian sensor noise, grey levels
    "illum_gradient": (0.0, 8.0),   # uneven lighting: grey levels of a linear ramp across the page
    "speckles_per_page": (0, 120),  # mean number of dust specks (dark dots of 0.5-1.6 px radius)
    "jpeg_quality": (60, 85),
}
SCAN_DATE = (2024, 1, 1, 0, 0, 0, 0, 1, 0)  # fixed CreationDate/ModDate: deterministic output


def scan_params(doc: str, seed: int, dpi: int, npages: int, sideways: bool = False) -> dict:
    """The degradation of one scanned variant, drawn from ``SCAN_RANGES`` (rounded, so the stored
    values are exactly the ones applied)."""
    rnd = random.Random(f"{doc}:{seed}:scan")
    u = lambda k, nd=3: round(rnd.uniform(*SCAN_RANGES[k]), nd)  # noqa: E731
    p = {
        "dpi": dpi,
        "jpeg_quality": rnd.randint(*SCAN_RANGES["jpeg_quality"]),
        "ink_gamma": u("ink_gamma"),
        "blur_sigma_px": u("blur_sigma_px"),
        "black_clip": u("black_clip"),
        "noise_sigma": u("noise_sigma", 2),
        "black_level": rnd.randint(*SCAN_RANGES["black_level"]),
        "white_level": rnd.randint(*SCAN_RANGES["white_level"]),
        "gamma": u("gamma"),
        "illum_gradient": u("illum_gradient", 2),
        "illum_angle_deg": round(rnd.uniform(0, 360), 1),
        "speckles_per_page": rnd.randint(*SCAN_RANGES["speckles_per_page"]),
        "skew_deg": [u("skew_deg") for _ in range(npages)],
        "shift_mm": [[u("shift_mm", 2), u("shift_mm", 2)] for _ in range(npages)],
    }
    p["noise_seed"] = int(hashlib.sha256(f"{doc}:{seed}:scan:noise".encode()).hexdigest()[:12], 16)
    if sideways:  # landscape pages fed through the scanner turned a quarter (clockwise degrees, per page)
        side = random.Random(f"{doc}:{seed}:sideways")
        p["turn_deg"] = [side.choice([90, 270]) for _ in range(npages)]
    return p


def scan_page(gray, page_size_pt: tuple[float, float], p: dict, i: int):
    """Degrade one grayscale rendering (uint8 array at ``p['dpi']``) like an office scanner; an
    uint8 array of the page size in pixels at that dpi."""
    import cv2
    import numpy as np

    dpi = p["dpi"]
    rng = np.random.default_rng([p["noise_seed"], i])
    W, H = round(page_size_pt[0] * dpi / 72), round(page_size_pt[1] * dpi / 72)
    # print (0 = ink, 1 = paper): toner spread darkens the anti-aliased edges of strokes
    x = np.power(gray.astype(np.float32) / 255.0, p["ink_gamma"])
    # dust on the paper / platen
    n = int(rng.poisson(p["speckles_per_page"]))
    for _ in range(n):
        cx, cy = int(rng.integers(0, x.shape[1])), int(rng.integers(0, x.shape[0]))
        r = float(rng.uniform(0.5, 1.6)) * dpi / 200
        v = float(rng.uniform(0.2, 0.65))
        cv2.circle(x, (cx, cy), max(1, round(r)), v, -1, lineType=cv2.LINE_AA)
    # sheet placement: skew about the page centre plus a small shift; outside the sheet is paper
    sx, sy = (s * dpi / 25.4 for s in p["shift_mm"][i])
    M = cv2.getRotationMatrix2D((gray.shape[1] / 2, gray.shape[0] / 2), p["skew_deg"][i], 1.0)
    M[0, 2] += W / 2 - gray.shape[1] / 2 + sx
    M[1, 2] += H / 2 - gray.shape[0] / 2 + sy
    x = cv2.warpAffine(x, M, (W, H), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=1.0)
    # optics
    s = p["blur_sigma_px"] * dpi / 200
    x = cv2.GaussianBlur(x, (0, 0), sigmaX=s, sigmaY=s)
    # scanner levels: black point clipped, tone curve, ink and paper grey levels (brightness/contrast)
    c = p["black_clip"]
    x = np.power(np.clip((x - c) / (1.0 - c), 0.0, 1.0), p["gamma"])
    a = p["black_level"] + (p["white_level"] - p["black_level"]) * x
    # uneven lighting: a linear ramp of +-illum_gradient/2 across the page
    if p["illum_gradient"]:
        t = np.deg2rad(p["illum_angle_deg"])
        yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
        ramp = (np.cos(t) * (xx / W - 0.5) + np.sin(t) * (yy / H - 0.5))
        a = a - p["illum_gradient"] * ramp
    # sensor noise
    a = a + rng.normal(0.0, p["noise_sigma"], size=a.shape).astype(np.float32)
    return np.clip(np.rint(a), 0, 255).astype(np.uint8)


def scan_pdf(src: Path, dst: Path, p_of_npages) -> dict:
    """Rasterise ``src`` (grayscale), degrade every page and write an image-only PDF ``dst`` (one
    JPEG per page, page size as in ``src`` up to rounding to whole pixels).  ``p_of_npages(n)``
    gives the parameters; they are returned."""
    import time

    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    pdf = pdfium.PdfDocument(str(src))
    p = p_of_npages(len(pdf))
    dpi = p["dpi"]
    ims = []
    for i in range(len(pdf)):
        page = pdf[i]
        size = page.get_size()
        bm = page.render(scale=dpi / 72, grayscale=True)
        arr = bm.to_numpy()
        if arr.ndim == 3:
            arr = arr[:, :, 0]
        img = scan_page(arr, size, p, i)
        if p.get("turn_deg") and size[0] > size[1]:  # --scan-sideways: a landscape page scanned turned
            img = np.ascontiguousarray(np.rot90(img, -(p["turn_deg"][i] // 90)))
        ims.append(Image.fromarray(img, mode="L"))
    pdf.close()
    date = time.struct_time(SCAN_DATE)
    ims[0].save(dst, "PDF", save_all=True, append_images=ims[1:], dpi=(dpi, dpi), quality=p["jpeg_quality"],
                title=dst.stem, creationDate=date, modDate=date)
    return p


def make_scan(name: str, doc: str, seed: int, out: Path, dpi: int, sideways: bool = False) -> tuple[str, dict]:
    """``NAME__scan.pdf`` + gold from the rendered variant ``NAME.pdf``: the gold is the variant's
    with ``source`` updated and the degradation stored under ``_variant.scan``."""
    src = out / f"{name}.pdf"
    sname = f"{name}__scan" + ("-side" if sideways else "")
    dst = out / f"{sname}.pdf"
    p = scan_pdf(src, dst, lambda n: scan_params(doc, seed, dpi, n, sideways))
    derived_gold(out, name, dst, scanned_from=src.name, scan=p)
    return sname, p


def derived_gold(out: Path, name: str, dst: Path, **variant) -> None:
    """The gold of ``dst``, a copy of variant ``name`` made another way (scanned, rotated): the
    variant's gold with ``source`` pointing at ``dst`` and ``variant`` added under ``_variant``."""
    g = json.loads((out / f"{name}.gold.json").read_text("utf-8"))
    g["source"]["file"] = dst.name
    g["source"]["sha256"] = hashlib.sha256(dst.read_bytes()).hexdigest()
    g["_variant"].update(variant)
    (out / f"{dst.stem}.gold.json").write_text(json.dumps(g, ensure_ascii=False, indent=1), "utf-8")


def make_rotated(name: str, seed: int, out: Path) -> tuple[str, int]:
    """``NAME__rot.pdf`` + gold: the variant's pages stored turned and shown upright by ``/Rotate``
    (90 or 270, drawn from the seed), as office suites save landscape sections."""
    from pdf_rotate import rotated_copy

    angle = random.Random(f"{name}:{seed}:rotate").choice([90, 270])
    src = out / f"{name}.pdf"
    rname = f"{name}__rot"
    dst = out / f"{rname}.pdf"
    rotated_copy(src, dst, angle)
    derived_gold(out, name, dst, rotated_from=src.name, rotation=angle)
    return rname, angle


def describe_scan(p: dict) -> str:
    sk = p["skew_deg"]
    return (f"{p['dpi']}dpi q{p['jpeg_quality']} skew {min(sk):+.2f}..{max(sk):+.2f} ink {p['ink_gamma']} "
            f"blur {p['blur_sigma_px']} clip {p['black_clip']} noise {p['noise_sigma']} levels {p['black_level']}-{p['white_level']} gamma {p['gamma']} "
            f"specks {p['speckles_per_page']} illum {p['illum_gradient']}")


def describe(o: Options) -> str:
    parts = [f"{o.font} {o.size}pt", "land" if o.landscape else "port", o.style,
             "hdr-bold" if o.header_bold else "hdr-plain", o.header_case,
             "repeat-hdr" if o.repeat_header else "hdr-once"]
    if o.split_rows:
        parts.append("split-rows")
    if o.columns:
        parts.append("cols=" + ",".join(f"{c}:{o.labels.get(c, c)}" for c in o.columns))
    if o.dropped:
        parts.append("dropped=" + ",".join(o.dropped))
    parts += [f"ids={o.id_mode}", f"sec={o.section_mode}{'#' if o.section_numbered else ''}",
              f"goal={o.goal_mode}", f"status={o.status_mode}", f"order={o.order}"]
    if o.grouped:
        parts.append("grouped")
    parts.append(f"rowgap={o.row_gap}")
    return " ".join(parts)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--per-doc", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0, help="first seed; variant k of a document uses seed+k")
    ap.add_argument("--docs", default=",".join(MEASURE_DOCS))
    ap.add_argument("--decisions", type=int, default=0, help="variants per decision document (0 = none)")
    ap.add_argument("--scan", action="store_true",
                    help="also write NAME__scan.pdf (+ gold): the variant printed and scanned, image-only")
    ap.add_argument("--scan-dpi", type=int, default=200, help="resolution of the scanned images (corpus: 200)")
    ap.add_argument("--scan-only", action="store_true",
                    help="with --scan: keep only the scanned PDFs (the rendered variant and its gold are removed)")
    ap.add_argument("--scan-sideways", action="store_true",
                    help="with --scan: landscape pages are scanned turned 90 or 270 degrees (from the seed): NAME__scan-side.pdf")
    ap.add_argument("--lo", action="store_true",
                    help="also write NAME__lo.pdf (+ gold): the same variant typeset by LibreOffice Writer from HTML")
    ap.add_argument("--rotate", action="store_true",
                    help="also write NAME__rot.pdf (+ gold): pages stored turned a quarter, shown upright by /Rotate")
    a = ap.parse_args(argv)
    if (a.scan_only or a.scan_sideways) and not a.scan:
        ap.error("--scan-only and --scan-sideways need --scan")
    a.out.mkdir(parents=True, exist_ok=True)
    docs = [d for d in a.docs.split(",") if d]
    for doc in docs + (DECISION_DOCS if a.decisions else []):
        n = a.decisions if doc in DECISION_DOCS else a.per_doc
        for k in range(n):
            name, o = make_variant(doc, a.seed + k, a.corpus, a.out)
            print(f"{name}: {describe(o)}")
            if a.rotate:
                rname, angle = make_rotated(name, a.seed + k, a.out)
                print(f"{rname}: /Rotate {angle}")
            if a.lo:
                lname, _ = make_variant(doc, a.seed + k, a.corpus, a.out, producer="lo")
                print(f"{lname}: LibreOffice Writer")
            if a.scan:
                sname, p = make_scan(name, doc, a.seed + k, a.out, a.scan_dpi, a.scan_sideways)
                print(f"{sname}: {describe_scan(p)}")
                if a.scan_only:
                    (a.out / f"{name}.pdf").unlink()
                    (a.out / f"{name}.gold.json").unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
