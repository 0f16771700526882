"""Review report: one self-contained HTML page per PDF to check extracted values against the page.

``kotoex review FILE.pdf [DIR ...] --out OUT`` writes ``OUT/<stem>.review.html`` per document and
``OUT/index.html`` listing them, least confident first. Each page shows

* a summary (document facts, confidence and its reasons, warnings) and a **check first** table of
  every measure sorted by confidence, the ones under ``--min-confidence`` highlighted;
* every PDF page as an embedded JPEG (pypdfium2, ``--dpi``, default 80) with an SVG overlay that
  outlines the boxes each field was read from (provenance, PDF points, origin top-left), labelled
  ``#n field`` and coloured by field, beside the records that start on that page; fields a
  confidence factor points at are highlighted;
* the decision and practices of documents that have them.

Nothing is loaded from the network: images are data URIs, CSS and the few lines of script (click a
box or a record to highlight the other) are inline.
"""
from __future__ import annotations

import base64
import html
import io
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable
from urllib.parse import quote

from kotoex.confidence import DEFAULT_THRESHOLD

if TYPE_CHECKING:  # pragma: no cover  (pydantic models: imported where a page is written, not by `kotoex --help`)
    from kotoex.models import Document, Measure

log = logging.getLogger(__name__)

FIELD_COLOURS = {
    "id": "#7f7f7f", "text": "#1f77b4", "responsible": "#2ca02c", "partners": "#17becf", "status": "#d62728",
    "indicator": "#9467bd", "schedule": "#ff7f0e", "section": "#8c564b", "goal": "#e377c2",
}
OTHER_COLOUR = "#bcbd22"
FLAG_FACTOR = 0.9  # a field whose factor is this low or lower is highlighted
MAX_RENDER_PX = 2200  # longest side of a page image, whatever the dpi


@dataclass
class PageImage:
    number: int  # 1-based
    width: float  # PDF points
    height: float
    data_uri: str | None  # None if the page could not be rendered


def render_pages(pdf_path: str | Path, dpi: float = 80, quality: int = 70,
                 max_pages: int | None = None) -> list[PageImage]:
    """Each page as a JPEG data URI at ``dpi`` (pypdfium2), with its size in PDF points."""
    import pypdfium2 as pdfium

    out: list[PageImage] = []
    try:
        pdf = pdfium.PdfDocument(str(pdf_path))
    except Exception as e:  # not a PDF, encrypted, corrupt: the report still says what failed
        log.warning("%s: cannot render pages (%s)", pdf_path, e)
        return out
    try:
        n = len(pdf) if max_pages is None else min(len(pdf), max_pages)
        for i in range(n):
            page = pdf[i]
            try:
                w, h = page.get_size()
                scale = min(dpi / 72.0, MAX_RENDER_PX / max(w, h, 1.0))
                try:
                    img = page.render(scale=scale).to_pil().convert("RGB")
                    buf = io.BytesIO()
                    img.save(buf, format="JPEG", quality=quality, optimize=True)
                    uri = "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
                except Exception as e:  # one bad page must not lose the report
                    log.warning("%s page %d: cannot render (%s)", pdf_path, i + 1, e)
                    uri = None
                out.append(PageImage(i + 1, w, h, uri))
            finally:
                page.close()
    finally:
        pdf.close()
    return out


# ------------------------------------------------------------------------------------------ HTML

def _e(x: Any) -> str:
    return html.escape("" if x is None else str(x), quote=True)


def _factors(m: Measure) -> list[dict]:
    return list((m.provenance or {}).get("confidence_factors") or [])


def _flagged_fields(m: Measure) -> set[str]:
    """Fields some confidence factor of at most FLAG_FACTOR points at."""
    return {f["field"] for f in _factors(m) if f.get("field") and f.get("factor", 1) <= FLAG_FACTOR}


def _boxes(m: Measure) -> dict[str, list[dict]]:
    return dict((m.provenance or {}).get("fields") or {})


def _measure_pages(m: Measure) -> list[int]:
    pages = {b["page"] for bs in _boxes(m).values() for b in bs if "page" in b}
    return sorted(pages or set(m.pages))


def _conf(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def _label(i: int, m: Measure) -> str:
    return f"#{i + 1}" + (f" ({m.id})" if m.id else "")


def _short(s: str | None, n: int = 90) -> str:
    s = s or ""
    return s if len(s) <= n else s[: n - 1] + "…"


CSS = """
*{box-sizing:border-box}body{font:13px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#222;background:#f4f4f2}
header,section.summary,section.check{padding:10px 18px;background:#fff;border-bottom:1px solid #ddd}
h1{font-size:18px;margin:0 0 4px}h2{font-size:15px;margin:8px 0}h3{font-size:13px;margin:4px 0}
table{border-collapse:collapse}td,th{padding:2px 6px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
.facts td:first-child{color:#666}.conf{font-weight:600;font-variant-numeric:tabular-nums}
.low{background:#ffe2dc}.lowtxt{color:#b3261e}.ok{color:#1b7a35}
.page{display:flex;gap:14px;align-items:flex-start;padding:12px 18px;border-bottom:2px solid #ccc}
.pagefig{flex:0 0 auto;position:sticky;top:4px;background:#fff;box-shadow:0 1px 4px #0003}
.pagefig img{display:block;width:100%;height:auto}.pagefig svg{position:absolute;left:0;top:0;width:100%;height:100%}
.pagefig .noimg{padding:40px;color:#999}
.records{flex:1 1 0;min-width:320px;max-height:none}
.card{background:#fff;border:1px solid #ccc;border-left:5px solid #8ab88a;border-radius:3px;margin:0 0 8px;padding:6px 8px}
.card.lowcard{border-left-color:#d93025;background:#fffaf9}.card.sel{outline:3px solid #ffbf00}
.card table{width:100%}.card td:first-child{width:92px;color:#555;white-space:nowrap}
.field-flag{background:#ffe2dc}.reasons{color:#b3261e;font-size:12px}.muted{color:#777}
.sw{display:inline-block;width:10px;height:10px;margin-right:3px;border:2px solid;vertical-align:-1px}
svg rect.box{fill-opacity:.07;stroke-width:1.2}svg rect.box.flag{stroke-width:2.4;stroke-dasharray:4 2;fill-opacity:.16}
svg text{font:7px sans-serif;paint-order:stroke;stroke:#fff;stroke-width:2px}
svg g.sel rect.box{stroke-width:3;fill-opacity:.25}svg g{cursor:pointer}
.legend span{margin-right:10px}a{color:#0b57d0}
"""

SCRIPT = """
function sel(n){document.querySelectorAll('.sel').forEach(e=>e.classList.remove('sel'));
document.querySelectorAll('[data-m="'+n+'"]').forEach(e=>e.classList.add('sel'));}
document.addEventListener('click',function(ev){var t=ev.target.closest('[data-m]');if(!t)return;
var n=t.getAttribute('data-m');sel(n);if(t.tagName.toLowerCase()==='g'){var c=document.getElementById('m'+n);
if(c)c.scrollIntoView({block:'nearest'});}});
"""


def _field_rows(m: Measure, flagged: set[str], prev: Measure | None = None) -> list[tuple[str, str, str]]:
    """(field, html value, css class) for the record table of one measure."""
    rows: list[tuple[str, str, str]] = []

    def add(name: str, value_html: str, key: str | None = None) -> None:
        rows.append((name, value_html, "field-flag" if (key or name) in flagged else ""))

    same = "<span class=muted>↑ as in the record above</span>"
    if m.section:
        add("section", same if prev is not None and prev.section == m.section else _e(m.section))
    if m.goal:
        add("goal", same if prev is not None and prev.goal == m.goal else _e(m.goal))
    add("text", _e(m.text))
    if m.responsible and (m.responsible.raw or m.responsible.bodies):
        bodies = "; ".join(
            f"{_e(b.name)} → <b>{_e(b.code)}</b> <span class=muted>({_e(b.role)}, {_e(b.match)}"
            f"{'' if b.score is None else f' {b.score:.0f}'})</span>" for b in m.responsible.bodies)
        add("responsible", f"{_e(m.responsible.raw)}<br>{bodies}" if bodies else _e(m.responsible.raw))
    elif "responsible" in flagged:
        add("responsible", "<span class=muted>(empty)</span>")
    if m.status is not None:
        st = m.status
        add("status", f"<b>{_e(st.code)}</b> ← {_e(st.raw) or '<span class=muted>(no phrase)</span>'} "
                      f"<span class=muted>({_e(st.match)})</span>"
                      + (f"<br><span class=muted>{_e(_short(st.detail, 300))}</span>" if st.detail else ""))
    if m.indicator:
        add("indicator", _e(m.indicator))
    if m.schedule is not None:
        sc = m.schedule
        add("schedule", f"{_e(sc.raw)} → {_e(sc.start)}–{_e(sc.end)}{' continuous' if sc.continuous else ''}")
    return rows


def _card(i: int, m: Measure, threshold: float, prev: Measure | None = None) -> str:
    flagged = _flagged_fields(m)
    low = m.confidence is not None and m.confidence < threshold
    prov = m.provenance or {}
    reasons = ", ".join(f"{_e(f['signal'])} ×{f['factor']:.2f}" + (f" ({_e(f['note'])})" if f.get("note") else "")
                        for f in _factors(m))
    pages = ",".join(str(p) for p in m.pages)
    rows = "".join(f"<tr class='{cls}'><td>{_e(name)}</td><td>{val}</td></tr>" for name, val, cls in _field_rows(m, flagged, prev))
    return (f"<div class='card{' lowcard' if low else ''}' id='m{i}' data-m='{i}'>"
            f"<h3>{_e(_label(i, m))} <span class='conf {'lowtxt' if low else 'ok'}'>confidence {_conf(m.confidence)}</span>"
            f" <span class=muted>· {_e(prov.get('path'))} · page {pages}</span></h3>"
            + (f"<div class=reasons>{reasons}</div>" if reasons else "")
            + f"<table>{rows}</table></div>")


def _svg(page: PageImage, items: list[tuple[int, Measure]], threshold: float) -> str:
    parts = [f"<svg viewBox='0 0 {page.width:.1f} {page.height:.1f}' preserveAspectRatio='none'>"]
    for i, m in items:
        flagged = _flagged_fields(m)
        low = m.confidence is not None and m.confidence < threshold
        g = [f"<g data-m='{i}'><title>{_e(_label(i, m))} confidence {_conf(m.confidence)}</title>"]
        for role, boxes in _boxes(m).items():
            colour = FIELD_COLOURS.get(role, OTHER_COLOUR)
            for b in boxes:
                if b.get("page") != page.number or not b.get("bbox"):
                    continue
                x0, y0, x1, y1 = (float(v) for v in b["bbox"])
                cls = "box flag" if role in flagged or (low and role == "text") else "box"
                g.append(f"<rect class='{cls}' x='{x0 - 1:.1f}' y='{y0 - 1:.1f}' width='{x1 - x0 + 2:.1f}' "
                         f"height='{y1 - y0 + 2:.1f}' stroke='{colour}' fill='{colour}'/>")
                g.append(f"<text x='{x0:.1f}' y='{max(6.0, y0 - 1.5):.1f}' fill='{colour}'>"
                         f"{_e(f'#{i + 1} {role}')}</text>")
        g.append("</g>")
        parts.extend(g)
    parts.append("</svg>")
    return "".join(parts)


def _check_first(measures: list[tuple[int, Measure]], n_low: int, threshold: float) -> list[str]:
    """The "check first" table: every measure, least confident first."""
    order = sorted(measures, key=lambda t: (t[1].confidence if t[1].confidence is not None else -1, t[0]))
    h = [f"<section class=check><h2>Check first: {n_low} of {len(measures)} measures below "
         f"{threshold:.2f}, all measures by confidence</h2><table><tr><th>conf</th><th>#</th><th>id</th>"
         "<th>page</th><th>why</th><th>text</th></tr>"]
    for i, m in order:
        is_low = m.confidence is not None and m.confidence < threshold
        why = ", ".join(_e(f["signal"]) for f in _factors(m))
        pg = ",".join(str(p) for p in m.pages)
        h.append(f"<tr class='{'low' if is_low else ''}'><td class=conf>{_conf(m.confidence)}</td>"
                 f"<td><a href='#m{i}' data-m='{i}'>#{i + 1}</a></td><td>{_e(m.id)}</td><td>{_e(pg)}</td>"
                 f"<td>{why}</td><td>{_e(_short(m.text))}</td></tr>")
    h.append("</table></section>")
    return h


def _atomic_write_text(path: Path, text: str) -> None:
    from kotoex.writers import atomic_write_text

    atomic_write_text(path, text)


def review_html(doc: Document, pages: list[PageImage], threshold: float = DEFAULT_THRESHOLD,
                page_width_px: int = 760) -> str:
    """The review page of one document as a self-contained HTML string."""
    measures = list(enumerate(doc.measures))
    by_first: dict[int, list[tuple[int, Measure]]] = {}
    on_page: dict[int, list[tuple[int, Measure]]] = {}
    for i, m in measures:
        mp = _measure_pages(m)
        by_first.setdefault(mp[0] if mp else 0, []).append((i, m))
        for p in mp:
            on_page.setdefault(p, []).append((i, m))
    low = [(i, m) for i, m in measures if m.confidence is not None and m.confidence < threshold]
    d = doc.document
    title = d.title or doc.source.file
    muni = ", ".join(f"{x.name} ({x.code})" for x in d.municipalities) or "–"
    period = f"{d.period.start}–{d.period.end}" if d.period else "–"
    doc_low = doc.confidence is not None and doc.confidence < threshold
    h: list[str] = [
        "<!DOCTYPE html><html lang='fi'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>Review: {_e(doc.source.file)}</title><style>{CSS}</style></head><body>",
        f"<header><h1>{_e(title)}</h1><div class=muted>{_e(doc.source.file)} · sha256 {_e(doc.source.sha256[:12])}"
        f" · kotoex {_e(doc.pipeline_version)}</div></header>",
        "<section class=summary><table class=facts>",
        f"<tr><td>document confidence</td><td class='conf {'lowtxt' if doc_low else 'ok'}'>{_conf(doc.confidence)}</td></tr>",
        f"<tr><td>status</td><td>{_e(doc.status)}{(' — ' + _e('; '.join(doc.errors))) if doc.errors else ''}</td></tr>",
        f"<tr><td>type · language</td><td>{_e(d.doc_type)} · {_e(d.language)}</td></tr>",
        f"<tr><td>municipality</td><td>{_e(muni)}</td></tr><tr><td>period · date</td><td>{_e(period)} · {_e(d.date)}</td></tr>",
        f"<tr><td>pages</td><td>{doc.source.pages}</td></tr>",
        f"<tr><td>measures</td><td>{len(doc.measures)} ({len(low)} below {threshold:.2f})</td></tr>",
        f"<tr><td>practices</td><td>{len(doc.practices)}</td></tr>",
        "</table>",
    ]
    if doc.warnings:
        h.append("<h3>Warnings</h3><ul>" + "".join(f"<li>{_e(w)}</li>" for w in doc.warnings) + "</ul>")
    h.append("<div class=legend>" + "".join(
        f"<span><i class=sw style='border-color:{c}'></i>{_e(r)}</span>" for r, c in FIELD_COLOURS.items())
        + "<span class=muted>dashed = flagged field</span></div></section>")

    if measures:
        h.extend(_check_first(measures, len(low), threshold))

    if doc.decision is not None:
        dec = doc.decision.model_dump()
        rows = "".join(f"<tr><td>{_e(k)}</td><td>{_e(json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)}</td></tr>"
                       for k, v in dec.items() if v not in (None, [], {}))
        h.append(f"<section class=summary><h2>Decision</h2><table class=facts>{rows}</table></section>")
    if doc.practices:
        rows = "".join(
            f"<tr><td>{_e(','.join(map(str, p.pages)))}</td><td>{_e(', '.join(f'{x.name} ({x.code})' for x in p.municipalities))}</td>"
            f"<td><b>{_e(p.title)}</b><br><span class=muted>{_e(_short(p.text, 240))}</span></td></tr>"
            for p in doc.practices)
        h.append(f"<section class=summary><h2>Practices ({len(doc.practices)})</h2><table><tr><th>page</th>"
                 f"<th>municipalities</th><th>title / text</th></tr>{rows}</table></section>")

    known = {p.number for p in pages}
    for page in pages:
        items = on_page.get(page.number, [])
        cards = by_first.get(page.number, [])
        fig = (f"<img alt='page {page.number}' src='{page.data_uri}'>" if page.data_uri
               else f"<div class=noimg style='aspect-ratio:{page.width:.0f}/{page.height:.0f}'>page not rendered</div>")
        h.append(f"<section class=page id='p{page.number}'><div class=pagefig style='width:{page_width_px}px'>"
                 f"{fig}{_svg(page, items, threshold)}</div><div class=records><h2>Page {page.number}"
                 f" <span class=muted>· {len(cards)} records start here</span></h2>"
                 + "".join(_card(i, m, threshold, doc.measures[i - 1] if i else None) for i, m in cards)
                 + "</div></section>")
    rest = [t for p, ts in by_first.items() if p not in known for t in ts]
    if rest:
        h.append("<section class=page><div class=records><h2>Records without a rendered page</h2>"
                 + "".join(_card(i, m, threshold) for i, m in rest) + "</div></section>")
    h.append(f"<script>{SCRIPT}</script></body></html>")
    return "\n".join(h)


# ------------------------------------------------------------------------------------- writing

def review_file(pdf: Path, out_dir: Path, *, settings=None, threshold: float = DEFAULT_THRESHOLD, dpi: float = 80,
                doc: Document | None = None, stem: str | None = None) -> tuple[Path, Document]:
    """Extract ``pdf`` (unless ``doc`` is given) and write ``out_dir/<stem>.review.html``, in this process
    (:func:`review_paths` runs it in limited worker processes)."""
    from kotoex.inputs import file_problem, safe_stem
    from kotoex.pipeline import failed_document, process_file

    problem = file_problem(pdf)
    if doc is None:
        doc = failed_document(pdf, problem, read=False) if problem else process_file(pdf, settings)
    pages = [] if problem else render_pages(pdf, dpi=dpi, max_pages=getattr(settings, "max_pages", None))
    target = out_dir / f"{stem or safe_stem(pdf.stem)}.review.html"
    _atomic_write_text(target, review_html(doc, pages, threshold))
    return target, doc


def _review_task(path: Path, settings, *, out_dir: Path, stems: dict[Path, str], threshold: float,
                 dpi: float) -> Document:
    """What a worker process runs per PDF: extraction, page images and the page (see :func:`review_paths`)."""
    return review_file(path, out_dir, settings=settings, threshold=threshold, dpi=dpi, stem=stems[path])[1]


def _href(target: Path) -> str:
    """A link to a page in the same folder: a quoted relative path, never a scheme (``javascript:``)."""
    return "./" + quote(target.name)


def index_html(entries: Iterable[tuple[Path, Document]], threshold: float = DEFAULT_THRESHOLD) -> str:
    """An index of review pages, least confident documents first."""
    rows = []
    for path, doc in sorted(entries, key=lambda t: (t[1].confidence if t[1].confidence is not None else -1, t[0].name)):
        low = sum(1 for m in doc.measures if m.confidence is not None and m.confidence < threshold)
        is_low = doc.confidence is not None and doc.confidence < threshold
        rows.append(f"<tr class='{'low' if is_low else ''}'><td class=conf>{_conf(doc.confidence)}</td>"
                    f"<td><a href='{_e(_href(path))}'>{_e(doc.source.file)}</a></td><td>{_e(doc.status)}</td>"
                    f"<td>{_e(doc.document.doc_type)}</td><td>{doc.source.pages}</td><td>{len(doc.measures)}</td>"
                    f"<td>{low}</td><td>{len(doc.warnings)}</td></tr>")
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>kotoex review</title>"
            f"<style>{CSS}</style></head><body><header><h1>kotoex review</h1><div class=muted>least confident first; "
            f"threshold {threshold:.2f}</div></header><section class=summary><table><tr><th>conf</th><th>file</th>"
            "<th>status</th><th>type</th><th>pages</th><th>measures</th><th>low</th><th>warnings</th></tr>"
            + "".join(rows) + "</table></section></body></html>")


def review_paths(paths: list[Path], out_dir: Path, *, settings=None, threshold: float = DEFAULT_THRESHOLD,
                 dpi: float = 80, on_done=None, workers: int = 1, limits=None,
                 follow_links: bool = False) -> list[tuple[Path, Document]]:
    """Review every PDF among ``paths`` (folders searched recursively) and write the index.

    Each PDF is read and its pages rendered in a worker process with the batch's time and memory limits
    (``limits``, :class:`kotoex.runner_types.Limits`); a PDF that exceeds them, or that is no regular file,
    gets a page saying why. Each page has a unique name (:func:`kotoex.inputs.output_stems`).
    """
    from functools import partial

    from kotoex.batch import process_many
    from kotoex.inputs import find_inputs, output_stems

    inputs = find_inputs(paths, follow_links)
    stems = output_stems(inputs.paths, inputs.roots)
    out_dir.mkdir(parents=True, exist_ok=True)
    task = partial(_review_task, out_dir=out_dir, stems=stems, threshold=threshold, dpi=dpi)
    done: list[tuple[Path, Document]] = []
    for pdf, doc, _secs in process_many(inputs.paths, settings, workers, limits, problems=inputs.problems,
                                        task=task):
        target = out_dir / f"{stems[pdf]}.review.html"
        if doc.status == "failed" and not target.exists():  # the worker died or was never started
            _atomic_write_text(target, review_html(doc, [], threshold))
        done.append((target, doc))
        if on_done is not None:
            on_done(pdf, target, doc)
    if done:
        _atomic_write_text(out_dir / "index.html", index_html(done, threshold))
    return done


# ------------------------------------------------------------------------------------------ CLI

from kotoex.review_command import review_command  # noqa: E402,F401  (the command; kept importable from here)
