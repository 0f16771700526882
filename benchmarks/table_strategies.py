#!/usr/bin/env python3
"""Compare table-reading strategies on the measure tables of the development corpus.

The issue asks to "compare pdfplumber's text strategy, camelot's stream/network/hybrid flavours and
our own alignment logic on the corpus and keep what measures best". For every text PDF in the corpus
(layouts wp-grid-land, wp-open-port, wp-shade-land; decisions and the Kuntaliitto practice collection
have no measure tables and are skipped) each strategy is run and its measures are scored against
NAME.gold.json:

  kotoex            ``kotoex.pipeline.process_file(path)`` - its own measures (whole pipeline)
  plumber-text      pdfplumber ``find_tables({"vertical_strategy": "text", "horizontal_strategy": "text"})``
  plumber-lines     pdfplumber ``find_tables()`` with its default settings (lines strategy)
  camelot-stream    ``camelot.read_pdf(path, pages="all", flavor="stream")``
  camelot-network   ... ``flavor="network"``
  camelot-hybrid    ... ``flavor="hybrid"``
  camelot-lattice   ... ``flavor="lattice"``

Every tool gets its default ("natural") settings: no table areas, no column hints, no tuning.

Measures from table-based strategies are rebuilt by ONE strategy-neutral routine
(:func:`reconstruct`) that only sees cell strings (and column x-ranges, to follow a table onto the
next page):

* header row = a row with >= 2 cells that contain column-header words (vocabulary:
  ``extract/data/columns.json``, the same words kotoex uses); the text column is the header cell with a
  measure word (TOIMENPIDE, Åtgärd, KEHITTÄMISTOIMENPITEET ...), else one with a goal word (Järvenpää's
  "Ohjelmakauden tavoitteet" column holds the measures); the responsible column is the cell with
  Vastuutaho/Ansvar/...; a table without a header row continues the last header when one of its columns
  lies under the remembered text column (>= 50 % x-overlap; same column count when a tool gives no
  x-ranges);
* id column = a column (not the text column) whose non-empty cells are mostly bare numbers ("1.1.2");
  a group of rows "uses numbers" when >= 2 rows carry an id there or at the start of the text cell
  ("1.1 Kehittämisehdotus", "3. Kartläggning");
* numbered group: a row starts a measure iff it has an id, otherwise it continues the previous one
  (also across tables/pages); unnumbered group: a row starts a measure iff its text cell starts with an
  upper-case letter or a digit and the text before it does not end in - , : ; or ( ; a row starting
  with a bullet starts a measure only under a header or when the current measure is itself a bullet list;
* the text loses its leading id and a lone label line ("Kehittämisehdotus"); in unnumbered groups a cell
  with bullets gives one measure per item (an intro line is an item too unless it ends with ':'), as in
  Vaasa and Järvenpää (a bullet list in the responsible cell with as many items is paired with them);
  in numbered groups the id is the unit and bullets stay in the text (Turku);
* rows whose only non-empty cell is the first one (not the text column, not a bare id) are section
  bands, rows with a cell starting "Tavoite:" / "Mål:" are goal bands; both are skipped.

A second reading, ``oracle``, picks for every table the column whose cells best match the gold texts
(rapidfuzz partial_ratio >= 90 on cells of >= 12 characters) and keeps only tables with such a column:
it removes header detection from the comparison and shows what the tool's cell/row segmentation alone
allows. It uses the gold, so it is an upper bound, not a usable reader.

Scoring is /work/shared/tools/score.py's: ``match`` (greedy one-to-one, most similar first) with
``sim`` (rapidfuzz ratio on normalised text), threshold 0.6 for pairing; measure precision / recall / F1
per document; "text>=0.9" = share of matched pairs whose text similarity is >= 0.9 (score.py's m.text
criterion); "resp" = mean ``sim`` of the responsible cell to gold ``responsible.raw`` over matched pairs
whose gold has one (only where a responsible column was identified; kotoex: ``responsible.raw``).

Timing: one core (process pinned, BLAS/OpenMP/OpenCV threads = 1), ``time.perf_counter`` (wall, the
"ms/page" column) and ``time.process_time`` (CPU of this process, "cpu ms/p"; robust when other jobs
share the machine -- the load average at start/end is stored in the JSON) around the tool call only (opening the PDF included, the neutral reconstruction excluded), one run per document
after one untimed warm-up run of every strategy; ms/page = total time / total pages of the layout.
kotoex's time is its whole pipeline (extraction + interpretation + normalisation).

Usage::

    .venv/bin/python benchmarks/table_strategies.py [--corpus DIR] [--layouts grid,open,shade]
        [--max-docs N] [--strategies kotoex,plumber-text,...] [--out benchmarks/table_strategies.json]
        [--verbose]
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS",
             "VECLIB_MAXIMUM_THREADS", "OPENCV_FOR_THREADS_NUM"):
    os.environ.setdefault(_var, "1")

import argparse
import contextlib
import importlib.util
import io
import json
import logging
import platform
import re
import sys
import time
import traceback
import unicodedata
import warnings
from datetime import datetime, timezone
from pathlib import Path
from statistics import mean

from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = Path("/work/shared/corpus")
SCORE_PY = Path("/work/shared/tools/score.py")
COLUMNS_JSON = ROOT / "extract" / "data" / "columns.json"

LAYOUTS = {"grid": "wp-grid-land", "open": "wp-open-port", "shade": "wp-shade-land"}
SKIP_DOCS = ("decision", "kuntaliitto", "collection")
STRATEGIES = ["kotoex", "plumber-text", "plumber-lines", "camelot-stream", "camelot-network",
              "camelot-hybrid", "camelot-lattice"]

# --------------------------------------------------------------------------------------- scoring


def load_score_module(path: Path = SCORE_PY):
    spec = importlib.util.spec_from_file_location("kotoex_shared_score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


SCORE = load_score_module()
match, sim = SCORE.match, SCORE.sim


def score_doc(gold_measures: list[dict], pred: list[dict]) -> dict:
    pairs = match(gold_measures, pred, lambda m: m.get("text"), 0.6)
    tp, ng, npred = len(pairs), len(gold_measures), len(pred)
    p = tp / npred if npred else 0.0
    r = tp / ng if ng else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    t90 = sum(1 for i, j in pairs if sim(gold_measures[i].get("text"), pred[j].get("text")) >= 0.9)
    resp = []
    for i, j in pairs:
        g = (gold_measures[i].get("responsible") or {}).get("raw")
        if g and pred[j].get("responsible") is not None:
            resp.append(sim(g, pred[j]["responsible"]))
    return {"gold": ng, "pred": npred, "matched": tp, "precision": p, "recall": r, "f1": f1,
            "text90": t90, "text90_share": t90 / tp if tp else 0.0,
            "resp_sims": resp}


# ------------------------------------------------------------------------------ neutral rebuild


def _n(s: str) -> str:
    s = unicodedata.normalize("NFC", s or "").lower()
    s = re.sub(r"\b(19|20)\d\d\b|\d{1,2}\.\d{1,2}\.(19|20)?\d\d", " ", s)   # years / dates after a header word
    s = re.sub(r"[^\w()\-]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


class Vocab:
    def __init__(self, path: Path = COLUMNS_JSON):
        data = json.loads(path.read_text(encoding="utf-8"))
        self.roles = {role: sorted({_n(w) for w in words}, key=len, reverse=True)
                      for role, words in data["roles"].items()}
        self.labels = {re.sub(r"[\s\-]+", "", _n(w)) for w in data.get("measure_labels", [])}
        self.labels |= {re.sub(r"[\s\-]+", "", _n(w)) for w in data["roles"]["text"]}
        goals = sorted({w for w in data.get("goal_labels", [])} | set(data["roles"]["goal"]), key=len, reverse=True)
        self.goal_band = re.compile(r"^\s*(?:" + "|".join(re.escape(w) for w in goals) + r")\s*:", re.I)

    def roles_of(self, cell: str) -> set[str]:
        """Roles whose header word occurs (as whole words) in a short cell."""
        c = _n(cell)
        if not c or len(c.split()) > 5:
            return set()
        out = set()
        for role, words in self.roles.items():
            if role == "id":
                if c in words:
                    out.add(role)
                continue
            for w in words:
                if re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", c):
                    out.add(role)
                    break
        return out

    def header(self, row: list[str]) -> dict | None:
        roles = [self.roles_of(c) for c in row]
        if sum(1 for r in roles if r) < 2:
            return None
        pick = lambda role: next((k for k, r in enumerate(roles) if role in r), None)
        text = pick("text")
        if text is None:
            text = pick("goal")
        if text is None:
            return None
        resp = pick("responsible")
        part = pick("partners")
        resp = resp if resp != text else None
        return {"text": text, "resp": resp, "part": part if part not in (text, resp) else None}


ID_FULL = re.compile(r"^\s*(?:[A-ZÅÄÖ]{1,2}\s?)?\d{1,2}(?:\.\d{1,2}){0,3}\.?\s*$")
ID_START = re.compile(r"^\s*(?:\d{1,2}\.(?:\d{1,2}\.?){0,3}|[A-ZÅÄÖ]\d{1,2}(?:\.\d{1,2}){0,3}\.?)(?=\s|$)")
BULLET_LINE = re.compile(r"^\s*(?:[•▪■○◦·‣⁃►➢*]|[-–—](?=\s))\s*")


def _clean(s) -> str:
    return "" if s is None else str(s).replace("\r", "").strip()


def _id_column(rows: list[list[str]], text_col: int) -> int | None:
    ncols = max((len(r) for r in rows), default=0)
    for k in range(ncols):
        if k == text_col:
            continue
        cells = [r[k] for r in rows if k < len(r) and r[k].strip()]
        if len(cells) >= 2 and sum(1 for c in cells if ID_FULL.match(c)) >= 0.5 * len(cells):
            return k
    return None


def _overlap(a, b) -> float:
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    return max(0.0, hi - lo) / max(1e-6, min(a[1] - a[0], b[1] - b[0]))


def _finish(text_lines: list[str], vocab: Vocab, split_bullets: bool) -> list[str]:
    """Text lines of one measure -> measure texts (id / label stripped; with ``split_bullets`` a
    bullet list gives one measure per item, an intro line included unless it ends with ':')."""
    lines = [ln.strip() for ln in "\n".join(text_lines).split("\n") if ln.strip()]
    if not lines:
        return []
    m = ID_START.match(lines[0])
    if m:
        rest = lines[0][m.end():].strip()
        lines = ([rest] if rest else []) + lines[1:]
    if lines and re.sub(r"[\s\-]+", "", _n(lines[0])) in vocab.labels:
        lines = lines[1:]
    if not lines:
        return []
    # a bullet glyph alone on its line belongs to the next line
    merged: list[str] = []
    for ln in lines:
        if merged and BULLET_LINE.fullmatch(merged[-1]):
            merged[-1] = merged[-1].strip() + " " + ln
        else:
            merged.append(ln)
    items: list[list[str]] = []
    for ln in merged:
        if BULLET_LINE.match(ln) or not items:
            items.append([BULLET_LINE.sub("", ln, count=1)])
        else:
            items[-1].append(ln)
    texts = [" ".join(x).strip() for x in items]
    texts = [t for t in texts if t]
    if not split_bullets or len(texts) < 2 or (not BULLET_LINE.match(merged[0]) and texts[0].endswith(":")):
        return [" ".join(texts)] if texts else []
    return texts


def reconstruct(tables: list[dict], vocab: Vocab, gold_texts: list[str] | None = None) -> list[dict]:
    """Tables (page order; each {"page", "rows", "cols"}) -> [{"text", "responsible"}].

    With ``gold_texts`` the text column of every table is the one that best matches the gold
    ("oracle" reading); otherwise header words decide (see the module docstring)."""
    groups: list[dict] = []   # {"rows": [(id, text, resp)], "has_resp": bool}
    ctx = None                # remembered header: {"text_x", "resp_x", "ncols", "text", "resp"}
    gold_norm = [_n(g) for g in gold_texts] if gold_texts else None
    for t in tables:
        rows = [[_clean(c) for c in r] for r in t["rows"]]
        rows = [r for r in rows if any(r)]
        if not rows:
            continue
        cols = t.get("cols")
        ncols = max(len(r) for r in rows)
        if gold_norm is not None:
            best, best_k = 0, None
            for k in range(ncols):
                hits = 0
                for r in rows:
                    c = _n(r[k]) if k < len(r) else ""
                    if len(c) >= 12:
                        got = process.extractOne(c, gold_norm, scorer=fuzz.partial_ratio, score_cutoff=90)
                        hits += got is not None
                if hits > best:
                    best, best_k = hits, k
            if best_k is None:
                continue
            mapping = {"text": best_k, "resp": None, "part": None}
            for r in rows[:3]:
                h = vocab.header(r)
                if h and h["resp"] is not None:
                    mapping.update(resp=h["resp"], part=h["part"])
            body = rows
            new_group = True
        else:
            hdr_at, mapping = None, None
            for i, r in enumerate(rows):
                h = vocab.header(r)
                if h:
                    hdr_at, mapping = i, h
                    break
            if mapping is not None:
                body = rows[hdr_at + 1:]
                ctx = {"ncols": ncols, **mapping}
                for role in ("text", "resp", "part"):
                    k = mapping[role]
                    ctx[role + "_x"] = cols[k] if cols and k is not None and k < len(cols) else None
                new_group = True
            elif ctx is not None and ncols >= 2:
                if cols and ctx["text_x"] is not None:
                    ov = [_overlap(c, ctx["text_x"]) for c in cols]
                    k = max(range(len(cols)), key=ov.__getitem__)
                    if ov[k] < 0.5:
                        continue
                    mapping = {"text": k, "resp": None, "part": None}
                    for role in ("resp", "part"):
                        if ctx[role + "_x"] is not None:
                            ovr = [_overlap(c, ctx[role + "_x"]) for c in cols]
                            rk = max(range(len(cols)), key=ovr.__getitem__)
                            if ovr[rk] >= 0.5 and rk not in mapping.values():
                                mapping[role] = rk
                elif ncols == ctx["ncols"]:
                    mapping = {"text": ctx["text"], "resp": ctx["resp"], "part": ctx["part"]}
                else:
                    continue
                body, new_group = rows, False
            else:
                continue
        tc, rc, pc = mapping["text"], mapping["resp"], mapping["part"]
        if new_group or not groups:
            groups.append({"rows": [], "has_resp": rc is not None, "new": True})
        g = groups[-1]
        idc = _id_column(body, tc)
        for r in body:
            if vocab.header(r):          # repeated header
                continue
            cell = lambda k: r[k] if k is not None and k < len(r) else ""
            filled = [k for k, c in enumerate(r) if c]
            if any(vocab.goal_band.match(c) for c in r):
                continue                 # "Tavoite: ..." / "Mål: ..." band
            if len(r) >= 3 and filled == [0] and tc != 0 and not ID_FULL.match(r[0]):
                continue                 # full-width section / goal band (text in the first cell only)
            rid = cell(idc) if idc is not None and ID_FULL.match(cell(idc)) else ""
            g["rows"].append((rid, cell(tc), cell(rc) if rc is not None else None,
                              cell(pc) if pc is not None else None))
    # rows -> measures
    measures: list[dict] = []
    cur = None
    for g in groups:
        numbered = sum(1 for rid, txt, _, _ in g["rows"] if rid or ID_START.match(txt)) >= 2
        for n_row, (rid, txt, resp, part) in enumerate(g["rows"]):
            first_row = n_row == 0 and g["new"]
            has_id = bool(rid or ID_START.match(txt))
            if numbered:
                new = has_id
            else:
                first = txt.lstrip()[:1]
                prev = cur["text"][-1].rstrip() if cur and cur["text"] else ""
                if BULLET_LINE.match(txt):     # a bullet row starts a measure only in a bullet-list cell
                    new = cur is None or first_row or bool(cur["text"] and BULLET_LINE.match(cur["text"][0]))
                else:
                    new = bool(first) and (first.isupper() or first.isdigit()) \
                        and not prev.endswith(("-", ",", ":", ";", "("))
            if new or cur is None:
                if not txt.strip() and not rid:
                    if cur is not None:
                        cur["resp"] += [resp] if resp else []
                        cur["part"] += [part] if part else []
                    continue
                cur = {"text": [txt] if txt else [], "resp": [resp] if resp else [], "part": [part] if part else [],
                       "has_resp": g["has_resp"], "numbered": numbered}
                measures.append(cur)
            else:
                if txt:
                    cur["text"].append(txt)
                cur["resp"] += [resp] if resp else []
                cur["part"] += [part] if part else []
    out = []
    for m in measures:
        texts = _finish(m["text"], vocab, split_bullets=not m["numbered"])
        resps = [None] * len(texts)
        if m["has_resp"]:
            r_items = _bullets(m["resp"]) if len(texts) > 1 else []
            p_items = _bullets(m["part"]) if len(texts) > 1 else []
            for k in range(len(texts)):
                # a bullet list in the responsible cell that pairs with the text's items (Vaasa)
                resp = r_items[k] if len(r_items) == len(texts) else " ".join(" ".join(m["resp"]).split())
                part = p_items[k] if len(p_items) == len(texts) else " ".join(" ".join(m["part"]).split())
                # the gold's responsible.raw is "lead | partners" where a partners column exists
                resps[k] = f"{resp} | {part}" if part else resp
        out += [{"text": t, "responsible": r} for t, r in zip(texts, resps)]
    return out


def _bullets(cells: list[str]) -> list[str]:
    items: list[list[str]] = []
    lines = [ln.strip() for ln in "\n".join(cells).split("\n") if ln.strip()]
    for ln in lines:
        if BULLET_LINE.fullmatch(ln):
            items.append([])
        elif BULLET_LINE.match(ln) or not items:
            items.append([BULLET_LINE.sub("", ln, count=1)])
        else:
            items[-1].append(ln)
    return [" ".join(x) for x in items if x]


# ------------------------------------------------------------------------------------ strategies


def run_kotoex(path: Path):
    from kotoex.pipeline import process_file
    doc = process_file(path)
    if getattr(doc.status, "value", doc.status) == "failed":
        raise RuntimeError("; ".join(doc.errors) or "failed")
    ms = [{"text": m.text, "responsible": m.responsible.raw if m.responsible else None} for m in doc.measures]
    return ms, doc.source.pages


def _plumber(path: Path, settings: dict | None):
    import pdfplumber
    tables = []
    with pdfplumber.open(path) as pdf:
        n = len(pdf.pages)
        for page in pdf.pages:
            for t in (page.find_tables(settings) if settings else page.find_tables()):
                rows = t.extract()
                try:
                    cols = [(c.bbox[0], c.bbox[2]) for c in t.columns]
                    if len(cols) != max((len(r) for r in rows), default=0):
                        cols = None
                except Exception:
                    cols = None
                tables.append({"page": page.page_number, "rows": rows, "cols": cols, "top": t.bbox[1],
                               "bbox": tuple(t.bbox)})
            page.flush_cache()
    return tables, n


def run_plumber_text(path):
    return _plumber(path, {"vertical_strategy": "text", "horizontal_strategy": "text"})


def run_plumber_lines(path):
    return _plumber(path, None)


def _camelot(path: Path, flavor: str):
    import camelot
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        tl = camelot.read_pdf(str(path), pages="all", flavor=flavor, suppress_stdout=True)
    tables = []
    for t in tl:
        rows = t.df.values.tolist()
        cols = [tuple(c) for c in t.cols] if len(t.cols) == (len(rows[0]) if rows else 0) else None
        top = -max(r[0] for r in t.rows) if t.rows else 0  # PDF y grows upwards: top of page first
        tables.append({"page": int(t.page), "rows": rows, "cols": cols, "top": top,
                       "bbox": tuple(getattr(t, "_bbox", None) or ()) or None})
    import pypdfium2
    n = len(pypdfium2.PdfDocument(str(path)))
    return tables, n


RUNNERS = {
    "kotoex": run_kotoex,
    "plumber-text": run_plumber_text,
    "plumber-lines": run_plumber_lines,
    "camelot-stream": lambda p: _camelot(p, "stream"),
    "camelot-network": lambda p: _camelot(p, "network"),
    "camelot-hybrid": lambda p: _camelot(p, "hybrid"),
    "camelot-lattice": lambda p: _camelot(p, "lattice"),
}


# ------------------------------------------------------------------------------------------ main


def corpus_docs(corpus: Path, layouts: list[str], max_docs: int) -> dict[str, list[Path]]:
    out = {}
    for lay in layouts:
        files = []
        for pdf in sorted(corpus.glob(f"*__{LAYOUTS[lay]}.pdf")):
            stem = pdf.name[:-4]
            if any(s in stem.split("__")[0] for s in SKIP_DOCS):
                continue
            if not (corpus / f"{stem}.gold.json").exists():
                continue
            files.append(pdf)
        out[lay] = files[:max_docs] if max_docs else files
    return out


def _area(b) -> float:
    return max(0.0, b[2] - b[0]) * max(0.0, b[3] - b[1])


def drop_overlapping(tables: list[dict]) -> tuple[list[dict], int]:
    """Of tables on one page that overlap by more than half of the smaller one (camelot hybrid returns
    such pairs for the same region), keep the larger. Applied to every strategy alike."""
    keep: list[dict] = []
    dropped = 0
    for t in sorted(tables, key=lambda t: -_area(t["bbox"]) if t.get("bbox") else 0):
        b = t.get("bbox")
        if b:
            clash = False
            for k in keep:
                kb = k.get("bbox")
                if k["page"] != t["page"] or not kb:
                    continue
                inter = (max(b[0], kb[0]), max(b[1], kb[1]), min(b[2], kb[2]), min(b[3], kb[3]))
                if inter[0] < inter[2] and inter[1] < inter[3] and _area(inter) > 0.5 * min(_area(b), _area(kb)):
                    clash = True
                    break
            if clash:
                dropped += 1
                continue
        keep.append(t)
    return keep, dropped


def run_one(strategy: str, path: Path, vocab: Vocab, gold_measures: list[dict]) -> dict:
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        res, pages = RUNNERS[strategy](path)
        secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    except Exception as e:
        secs, cpu = time.perf_counter() - t0, time.process_time() - c0
        return {"error": f"{type(e).__name__}: {e}"[:500], "seconds": secs, "cpu_seconds": cpu, "pages": 0,
                "trace": traceback.format_exc(limit=3)[-1500:]}
    rec = {"seconds": secs, "cpu_seconds": cpu, "pages": pages}
    if strategy == "kotoex":
        rec["vocab"] = res
        rec["oracle"] = None
        rec["tables"] = None
    else:
        tables, rec["tables_dropped"] = drop_overlapping(res)
        tables = sorted(tables, key=lambda t: (t["page"], t.get("top", 0)))
        rec["tables"] = len(tables)
        rec["vocab"] = reconstruct(tables, vocab)
        rec["oracle"] = reconstruct(tables, vocab, [g.get("text") or "" for g in gold_measures])
    return rec


def aggregate(docs: list[dict], key: str) -> dict:
    ok = [d for d in docs if key in d.get("scores", {})]
    if not docs:
        return {}
    sc = [d["scores"][key] for d in ok]
    n_fail = sum(1 for d in docs if "error" in d)
    f1s = [s["f1"] for s in sc] + [0.0] * n_fail
    tp = sum(s["matched"] for s in sc)
    ng = sum(s["gold"] for s in sc) + sum(d.get("gold", 0) for d in docs if "error" in d)
    npred = sum(s["pred"] for s in sc)
    p = tp / npred if npred else 0.0
    r = tp / ng if ng else 0.0
    resp = [x for s in sc for x in s["resp_sims"]]
    return {"f1": mean(f1s) if f1s else 0.0,
            "micro_f1": 2 * p * r / (p + r) if p + r else 0.0, "precision": p, "recall": r,
            "gold": ng, "pred": npred, "matched": tp,
            "text90_share": sum(s["text90"] for s in sc) / tp if tp else 0.0,
            "resp_sim": mean(resp) if resp else None,
            "resp_ge85": (sum(1 for x in resp if x >= 0.85) / len(resp)) if resp else None}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--layouts", default="grid,open,shade", help="subset of grid,open,shade")
    ap.add_argument("--max-docs", type=int, default=0, help="at most N documents per layout (0 = all)")
    ap.add_argument("--strategies", default=",".join(STRATEGIES))
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "table_strategies.json")
    ap.add_argument("--no-pin", action="store_true", help="do not pin the process to one CPU")
    ap.add_argument("--verbose", action="store_true", help="per-document lines")
    a = ap.parse_args(argv)

    logging.disable(logging.WARNING)
    layouts = [x.strip() for x in a.layouts.split(",") if x.strip()]
    strategies = [x.strip() for x in a.strategies.split(",") if x.strip()]
    bad = [x for x in layouts if x not in LAYOUTS] + [x for x in strategies if x not in RUNNERS]
    if bad:
        ap.error(f"unknown layout/strategy: {bad}")
    if not a.no_pin and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    sys.path.insert(0, str(ROOT))
    vocab = Vocab()
    docs = corpus_docs(a.corpus, layouts, a.max_docs)
    alldocs = [p for lay in layouts for p in docs[lay]]
    if not alldocs:
        ap.error(f"no documents in {a.corpus}")

    # warm-up: imports, fonts, caches (untimed)
    warm = min(alldocs, key=lambda p: p.stat().st_size)
    for s in strategies:
        with contextlib.suppress(Exception):
            RUNNERS[s](warm)

    results = {"generated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
               "machine": {"python": platform.python_version(), "platform": platform.platform(),
                           "cpus_used": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None},
               "versions": {}, "settings": {"layouts": layouts, "strategies": strategies, "max_docs": a.max_docs,
                                            "corpus": str(a.corpus)},
               "layouts": {}}
    for mod in ("pdfplumber", "camelot", "pypdfium2", "rapidfuzz"):
        with contextlib.suppress(Exception):
            results["versions"][mod] = __import__(mod).__version__
    with contextlib.suppress(Exception):
        import kotoex
        results["versions"]["kotoex"] = kotoex.__version__

    results["machine"]["loadavg_start"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    t_all = time.perf_counter()
    for lay in layouts:
        lay_res = {"documents": [p.name for p in docs[lay]], "strategies": {}}
        for s in strategies:
            recs = []
            for pdf in docs[lay]:
                gold = json.loads((a.corpus / (pdf.name[:-4] + ".gold.json")).read_text(encoding="utf-8"))
                gm = gold.get("measures") or []
                rec = run_one(s, pdf, vocab, gm)
                d = {"doc": pdf.name[:-4], "gold": len(gm), "seconds": rec["seconds"],
                     "cpu_seconds": rec["cpu_seconds"], "pages": rec["pages"],
                     "tables": rec.get("tables"), "tables_dropped": rec.get("tables_dropped"), "scores": {}}
                if "error" in rec:
                    d["error"] = rec["error"]
                    d["trace"] = rec["trace"]
                else:
                    d["scores"]["vocab"] = score_doc(gm, rec["vocab"])
                    if rec["oracle"] is not None:
                        d["scores"]["oracle"] = score_doc(gm, rec["oracle"])
                    d["sample"] = [m["text"][:120] for m in rec["vocab"][:3]]
                recs.append(d)
                if a.verbose:
                    v = d["scores"].get("vocab")
                    o = d["scores"].get("oracle")
                    print(f"  {lay:5s} {s:16s} {d['doc']:42s} "
                          + (f"ERROR {d['error'][:80]}" if "error" in d else
                             f"F1={v['f1']:.2f} P={v['precision']:.2f} R={v['recall']:.2f} "
                             f"(gold={v['gold']} pred={v['pred']}) oracleF1={o['f1'] if o else float('nan'):.2f} "
                             f"{1000 * d['seconds'] / max(1, d['pages']):.0f} ms/p"), flush=True)
            ok = [d for d in recs if "error" not in d]
            pages = sum(d["pages"] for d in ok)
            summ = {"vocab": aggregate(recs, "vocab"),
                    "oracle": aggregate(recs, "oracle") if s != "kotoex" else None,
                    "ms_per_page": 1000 * sum(d["seconds"] for d in ok) / pages if pages else None,
                    "cpu_ms_per_page": 1000 * sum(d["cpu_seconds"] for d in ok) / pages if pages else None,
                    "pages": pages, "failures": len(recs) - len(ok),
                    "errors": sorted({d["error"] for d in recs if "error" in d})}
            for d in recs:
                for sc in d["scores"].values():
                    sc["resp_sims"] = [round(x, 3) for x in sc["resp_sims"]]
            lay_res["strategies"][s] = {"summary": summ, "documents": recs}
        results["layouts"][lay] = lay_res
        print_table(lay, lay_res, len(docs[lay]))
    results["total_seconds"] = time.perf_counter() - t_all
    results["machine"]["loadavg_end"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    print(f"\nwrote {a.out} ({results['total_seconds']:.0f} s)")


def print_table(lay: str, lay_res: dict, ndocs: int):
    print(f"\n== {lay} ({LAYOUTS[lay]}, {ndocs} documents) ==  F1/P/R: measure text vs gold (header-word "
          f"reading); oraF1: text column chosen by gold (upper bound)")
    print(f"{'strategy':16s} {'F1':>5s} {'P':>5s} {'R':>5s} {'t>=.9':>6s} {'resp':>5s} {'oraF1':>6s} "
          f"{'ms/page':>8s} {'cpu ms/p':>8s} {'fail':>4s}")
    fmt = lambda x, w=5: f"{x:{w}.2f}" if isinstance(x, (int, float)) else f"{'-':>{w}s}"
    for s, r in lay_res["strategies"].items():
        sm = r["summary"]
        v, o = sm["vocab"], sm["oracle"]
        ms = f"{sm['ms_per_page']:8.0f}" if sm["ms_per_page"] is not None else f"{'n/a':>8s}"
        ms += f" {sm['cpu_ms_per_page']:8.0f}" if sm["cpu_ms_per_page"] is not None else f" {'n/a':>8s}"
        print(f"{s:16s} {fmt(v.get('f1'))} {fmt(v.get('precision'))} {fmt(v.get('recall'))} "
              f"{fmt(v.get('text90_share'), 6)} {fmt(v.get('resp_sim'))} {fmt(o.get('f1') if o else None, 6)} "
              f"{ms} {sm['failures']:4d}")
        for e in sm["errors"]:
            print(f"{'':16s} error: {e[:110]}")


if __name__ == "__main__":
    main()
