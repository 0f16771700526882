#!/usr/bin/env python3
"""Run the decision / practice-collection interpreters on corpus PDFs and score them.

usage: try_decisions.py [--corpus DIR] [--out DIR] [--layouts wp-grid-land,wp-open-port] [--docs a,b] [--score]

Writes NAME.json (full output contract) for each selected PDF, builds a temporary corpus dir of
symlinks to just those PDFs and gold files, and with --score runs shared/tools/score.py on them.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from kotoex.extract import file_sha256, iter_pages, open_document
from kotoex.extract.layout import group_lines
from kotoex.interpret.decision import header_municipality, parse_decision
from kotoex.interpret.doctype import classify_doc_type
from kotoex.interpret.practices import detect_language, parse_practices
from kotoex.models.document import Document, DocumentInfo, Municipality, Period, Source
from kotoex.normalize.municipalities import find_municipalities

DOCS = ["turku_decision_2023", "dev_rovaniemi_decision_2021", "kuntaliitto_collection_2017"]


def process(pdf: Path) -> Document:
    doc = open_document(pdf)
    pages = list(iter_pages(doc))
    text = "\n".join(ln.text for p in pages for ln in group_lines(p.words))
    doc_type, warnings = classify_doc_type(pages, has_measure_table=False, has_status_column=False)
    info = DocumentInfo(doc_type=doc_type, language=detect_language(text))
    out = Document(source=Source(file=pdf.name, sha256=file_sha256(pdf), pages=len(pages)), document=info)
    if doc_type == "decision":
        d, w = parse_decision(pages)
        warnings += w
        out.decision = d
        info.title = d.title
        info.date = d.date
        if d.period and d.period.start_date and d.period.end_date:
            info.period = Period(start=int(d.period.start_date[:4]), end=int(d.period.end_date[:4]))
        hm = header_municipality(pages)
        if hm:
            info.municipalities = [Municipality(name=hm[0], code=hm[1])]
        else:
            found = find_municipalities(text)
            if found:
                n, c, _ = max(found, key=lambda t: t[2])
                info.municipalities = [Municipality(name=n, code=c)]
    elif doc_type == "practice_collection":
        ps, w = parse_practices(pages)
        warnings += w
        out.practices = ps
        seen = []
        for p in ps:
            for m in p.municipalities:
                if m.code not in [s.code for s in seen]:
                    seen.append(m)
        info.municipalities = seen
        first = group_lines(pages[0].words) if pages else []
        if first:
            big = max(first, key=lambda ln: ln.size)
            info.title = big.text.capitalize() if big.text.isupper() else big.text
    else:
        info.municipalities = [Municipality(name=n, code=c) for n, c, _ in find_municipalities(text)[:1]]
    out.warnings = [w if isinstance(w, str) else w.message for w in warnings]
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="/work/shared/corpus")
    ap.add_argument("--out", default=None)
    ap.add_argument("--layouts", default="wp-grid-land,wp-open-port,wp-shade-land")
    ap.add_argument("--docs", default=",".join(DOCS))
    ap.add_argument("--score", action="store_true")
    a = ap.parse_args()
    corpus = Path(a.corpus)
    out = Path(a.out or tempfile.mkdtemp(prefix="try_decisions_out_"))
    out.mkdir(parents=True, exist_ok=True)
    tmp_corpus = Path(tempfile.mkdtemp(prefix="try_decisions_corpus_"))
    for name in a.docs.split(","):
        for layout in a.layouts.split(","):
            pdf = corpus / f"{name}__{layout}.pdf"
            if not pdf.exists():
                continue
            gold = pdf.with_suffix("").with_suffix(".gold.json")
            (tmp_corpus / pdf.name).symlink_to(pdf)
            if gold.exists():
                (tmp_corpus / gold.name).symlink_to(gold)
            d = process(pdf)
            (out / f"{pdf.stem}.json").write_text(
                json.dumps(d.model_dump(mode="json"), ensure_ascii=False, indent=1), encoding="utf-8")
            print(f"{pdf.name}: {d.document.doc_type} practices={len(d.practices)} warnings={len(d.warnings)}")
    print(f"out={out} corpus={tmp_corpus}")
    if a.score:
        scorer = Path(a.corpus).parent / "tools" / "score.py"
        return subprocess.call([sys.executable, str(scorer), str(tmp_corpus), str(out), "--verbose"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
