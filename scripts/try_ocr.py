#!/usr/bin/env python3
"""Measure OCR on the corpus scans: OCR every ``*__scan.pdf``, build the documents, score them.

usage: .venv/bin/python scripts/try_ocr.py [--corpus ../shared/corpus] [--out /tmp/kotoex-ocr]
                                            [--only SUBSTRING] [--no-cache] [--dpi 300] [--psm 6]

Writes NAME.json per scan into --out, prints per-page OCR time, skew and word counts, then runs
``../shared/tools/score.py`` on a temporary corpus of only the scans and their gold files.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kotoex.extract import file_sha256, iter_pages, open_document  # noqa: E402
from kotoex.extract.ocr import OcrSettings, ocr_document  # noqa: E402
from kotoex.interpret.sections import repair_section_signs  # noqa: E402
from kotoex.models import Source, messages  # noqa: E402
from kotoex.normalize.language import count_function_words  # noqa: E402
from kotoex.pipeline import build_document, ocr_problems  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "kotoex-ocr")
    ap.add_argument("--only", default="")
    ap.add_argument("--no-cache", action="store_true")
    ap.add_argument("--cache-dir", type=Path, default=None)
    ap.add_argument("--dpi", type=int, default=OcrSettings.dpi)
    ap.add_argument("--psm", type=int, default=OcrSettings.psm)
    args = ap.parse_args()
    settings = OcrSettings(dpi=args.dpi, psm=args.psm, use_cache=not args.no_cache, cache_dir=args.cache_dir)
    args.out.mkdir(parents=True, exist_ok=True)
    scans = sorted(p for p in args.corpus.glob("*__scan.pdf") if args.only in p.name)
    if not scans:
        print(f"no *__scan.pdf under {args.corpus}", file=sys.stderr)
        return 2
    times: list[float] = []
    cpu: list[float] = []
    for path in scans:
        t0 = time.perf_counter()
        pdf = open_document(path)
        try:
            n = len(pdf)
            pages = list(iter_pages(pdf))
        finally:
            pdf.close()
        report = ocr_document(path, pages, settings, count_languages=count_function_words)
        repair_section_signs(report.pages)
        doc = build_document(report.pages, source=Source(file=path.name, sha256=file_sha256(path), pages=n))
        doc.problems = ocr_problems(report) + doc.problems
        doc.warnings = messages(doc.problems)
        (args.out / f"{path.stem}.json").write_text(doc.model_dump_json(indent=2), "utf-8")
        for d in report.details:
            if not d.cached:
                times.append(d.seconds)
                cpu.append(d.tesseract_cpu)
        det = " ".join(f"p{d.number}:{d.seconds:.1f}s/{d.tesseract_cpu:.1f}cpu/{d.angle:+.2f}°{'c' if d.cached else ''}"
                       for d in report.details)
        words = sum(len(p.words) for p in report.pages)
        print(f"{path.stem:45s} {n:2d} pages {words:5d} words {len(doc.measures):3d} measures "
              f"{time.perf_counter() - t0:5.1f}s  {det}")
    if times:
        print(f"OCR (uncached) pages={len(times)}: median {statistics.median(times):.2f} s/page wall, "
              f"tesseract CPU median {statistics.median(cpu):.2f} s, max wall {max(times):.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        for path in scans:
            gold = path.with_name(path.stem + ".gold.json")
            (Path(tmp) / path.name).symlink_to(path.resolve())
            if gold.exists():
                (Path(tmp) / gold.name).symlink_to(gold.resolve())
        score = ROOT.parent / "shared" / "tools" / "score.py"
        return subprocess.call([sys.executable, str(score), tmp, str(args.out), "--verbose"])


if __name__ == "__main__":
    sys.exit(main())
