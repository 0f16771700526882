#!/usr/bin/env python3
"""How fast kotoex is, next to plain PDF table/text extractors: per page in process, and as whole processes.

In process, one core. For every PDF in a folder (default ``samples/``; ``--corpus DIR`` adds the
PDFs of another folder) this times, per page, side by side in one run:

  kotoex            ``kotoex.extract_pdf(path)``: the whole pipeline, from the installed package
  pdfplumber        ``page.extract_tables()`` for each page
  camelot-lattice   ``camelot.read_pdf(path, pages="all", flavor="lattice")``: one call per document
  camelot-stream    the same with ``flavor="stream"``
  pypdfium2         ``page.get_textpage().get_text_range()``: plain text, the floor

Whole processes, all cores (``--no-whole`` skips them): ``kotoex --help`` (start-up), one ~10-page
file with ``kotoex extract`` against a pdfplumber one-liner extracting the same file's tables,
``kotoex batch`` over 30+ PDFs (copies of the timed ones) with ``--workers 1`` and ``--workers 2``,
and the peak memory (RSS) of one process reading ~198 pages.

Results: tables on stdout and ``benchmarks/results.json``.

Usage::

    python benchmarks/bench_pages.py [DIR] [--corpus DIR] [--repeat N] [--max-pages N]
                                     [--include-scans] [--methods m1,m2] [--no-whole] [--out FILE]
"""
from __future__ import annotations

import os

# one core: keep numeric / image libraries single-threaded (must precede their imports)
for _var in (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "OPENCV_FOR_THREADS_NUM",
):
    os.environ.setdefault(_var, "1")

import argparse
import contextlib
import io
import json
import logging
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
METHODS = ["kotoex", "pdfplumber", "camelot-lattice", "camelot-stream", "pypdfium2"]
RATIOS = [("kotoex", "pdfplumber"), ("kotoex", "camelot-lattice"), ("kotoex", "pypdfium2")]
TARGET_FLOOR_RATIO = 4.0  # kotoex per text page at most 4x pypdfium2's plain text
TARGET_OCR_MS = 1300.0
TARGET_ONE_FILE_RATIO = 0.8  # kotoex extract of one ~10-page file vs the pdfplumber one-liner
TARGET_SPEEDUP = 1.85  # batch --workers 2 over --workers 1
TARGET_RSS_MB = 120.0
_ALL_CPUS = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []


def pin_one_core() -> str:
    if _ALL_CPUS:
        try:
            os.sched_setaffinity(0, {_ALL_CPUS[0]})
            return f"pinned to cpu {_ALL_CPUS[0]}"
        except OSError as e:  # pragma: no cover
            return f"not pinned ({e})"
    return "not pinned (no sched_setaffinity)"


def load_note() -> str:
    """The machine's 1-minute load average, flagged when other programs compete for the cores."""
    if not hasattr(os, "getloadavg"):
        return ""
    load, cpus = os.getloadavg()[0], len(_ALL_CPUS) or os.cpu_count() or 1
    busy = "  BUSY: other programs share the cores, times are inflated and speed-ups capped" if load > 0.75 * cpus else ""
    return f"load average {load:.1f} on {cpus} cores{busy}"


def unpin() -> None:
    if _ALL_CPUS:
        os.sched_setaffinity(0, set(_ALL_CPUS))


# --------------------------------------------------------------------------- methods


def _kotoex_extract():
    """Return kotoex.extract_pdf of the installed package, or None (with the reason)."""
    try:
        from kotoex import extract_pdf

        return extract_pdf, None
    except Exception as e:  # ImportError, or any error while importing the package
        return None, f"{type(e).__name__}: {e}"


def _settings(cache_dir: Path):
    from kotoex.extract.ocr import OcrSettings

    try:
        from kotoex.settings import Settings
    except ImportError:  # older layout
        from kotoex.pipeline import Settings
    return Settings(ocr=OcrSettings(cache_dir=cache_dir))


def run_kotoex(fn, path: Path, pages: list[int]) -> int:
    # a fresh OCR cache each run: scanned pages are timed with tesseract, never from a cache
    with tempfile.TemporaryDirectory() as tmp:
        fn(str(path), _settings(Path(tmp)))
    return -1  # the pipeline handles the whole document: caller divides by all its pages


def kotoex_rounds(fn, docs: list[dict], repeat: int) -> dict[Path, dict]:
    """Seconds of ``fn`` (``kotoex.extract_pdf``) per document, timed as a batch worker meets documents: each
    round is a process forked after :func:`kotoex.pipeline.preload` (as ``kotoex batch`` forks its workers)
    that reads every document once, in turn, so a document's words, cells and fields are never remembered
    from an earlier reading of the same document (the pipeline keeps such memos per process). Per document:
    ``first`` (one per round) and, for text PDFs, ``again``, a second reading in the same process (all memos
    warm: what timing the same document repeatedly in one process, as before, measured)."""
    import gc

    from kotoex.pipeline import preload

    preload()
    gc.freeze()  # as the batch does: the fork shares the loaded vocabularies, untouched by the collector
    out: dict[Path, dict] = {d["path"]: {"first": [], "again": []} for d in docs}
    for _ in range(max(1, repeat)):
        for path, times in _forked(lambda: _read_each(fn, docs)).items():
            if isinstance(times, str):  # the document failed: its error, as the other methods record theirs
                out[Path(path)]["error"] = times
                continue
            out[Path(path)]["first"].append(times[0])
            if len(times) > 1:
                out[Path(path)]["again"].append(times[1])
    gc.unfreeze()
    return out


def _read_each(fn, docs: list[dict]) -> dict[str, list[float] | str]:
    """Each document read once, then the text PDFs once more: seconds per reading, or the document's error."""
    times: dict[str, list[float] | str] = {}
    for again in (False, True):
        for d in docs:
            key = str(d["path"])
            if again and (d["kind"] != "text" or isinstance(times[key], str)):
                continue
            try:
                dt = time_once(run_kotoex, fn, d["path"], d["pages"])[0]
            except Exception as e:  # noqa: BLE001 - one document's failure, recorded for it
                times[key] = f"{type(e).__name__}: {e}"
                continue
            times[key] = [*times[key], dt] if again else [dt]
    return times


def _forked(work):
    """``work()`` run in a forked child; its JSON result (the parent's state stays as it was)."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the bench
        code = 0
        try:
            os.close(r)
            with os.fdopen(w, "w") as f:
                json.dump(work(), f)
        except BaseException:  # noqa: BLE001
            traceback.print_exc()
            code = 1
        finally:
            os._exit(code)
    os.close(w)
    with os.fdopen(r) as f:
        data = f.read()
    _, status = os.waitpid(pid, 0)
    if status or not data:
        raise RuntimeError(f"the timing process failed (status {status})")
    return json.loads(data)


def _text_layer(path: Path) -> list:
    """The pages of ``path`` as its text layer gives them (what OCR starts from)."""
    from kotoex.extract import iter_pages, open_document

    doc = open_document(path)
    try:
        return list(iter_pages(doc))
    finally:
        doc.close()


def ocr_page_seconds(paths: list[Path]) -> tuple[list[float], list[float]]:
    """Seconds per OCR'd page (render, orientation, deskew, rules, tesseract), no cache, for the scanned
    PDFs, and side by side, document by document, the bare ``tesseract -l fin+swe`` command on the
    same pages rendered at the same dpi (the baseline: what a user would run without kotoex)."""
    from kotoex.extract.ocr import OcrSettings, ocr_document, tesseract_available
    from kotoex.normalize.language import count_function_words

    if not tesseract_available():
        return [], []
    out: list[float] = []
    bare: list[float] = []
    for path in paths:
        pages = _text_layer(path)
        settings = OcrSettings()
        with tempfile.TemporaryDirectory() as tmp:
            report = ocr_document(path, pages, OcrSettings(cache_dir=Path(tmp)), count_languages=count_function_words)
        done = [d for d in report.details if d.error is None and not d.cached]
        out.extend(d.seconds for d in done)
        bare.extend(bare_tesseract_seconds(path, [d.number for d in done], settings.dpi))
    return out, bare


def ocr_wall_seconds(paths: list[Path]) -> dict:
    """Wall seconds per page of whole scanned documents through OCR on all cores (no cache): pages one at a
    time (``threads=1``) and in the default number of threads, document by document in turn."""
    from kotoex.extract.ocr import OcrSettings, ocr_document, tesseract_available
    from kotoex.normalize.language import count_function_words

    if not tesseract_available():
        return {}
    unpin()
    try:
        auto = OcrSettings().resolved_threads()
        walls = {1: 0.0, auto: 0.0}
        read = 0
        for path in paths:
            pages = _text_layer(path)
            for threads in walls:
                with tempfile.TemporaryDirectory() as tmp:
                    t0 = time.perf_counter()
                    report = ocr_document(path, pages, OcrSettings(cache_dir=Path(tmp), threads=threads),
                                          count_languages=count_function_words)
                    walls[threads] += time.perf_counter() - t0
            read += sum(1 for d in report.details if d.error is None)
    finally:
        pin_one_core()
    if not read:
        return {}
    return {"pages": read, "threads": auto, "one_thread_s_per_page": round(walls[1] / read, 3),
            "threads_s_per_page": round(walls[auto] / read, 3), "speedup": round(walls[1] / walls[auto], 3)}


def bare_tesseract_seconds(path: Path, numbers: list[int], dpi: int) -> list[float]:
    """Wall seconds of ``tesseract stdin stdout -l fin+swe --dpi DPI`` per page (one thread, as kotoex
    runs it), the page rendered in gray at ``dpi`` beforehand (rendering not timed)."""
    import pypdfium2 as pdfium
    from PIL import Image

    out = []
    pdf = pdfium.PdfDocument(str(path))
    try:
        for n in numbers:
            img = pdf[n - 1].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            buf = io.BytesIO()
            Image.Image.save(img, buf, format="PPM")
            env = dict(os.environ, OMP_THREAD_LIMIT="1")
            t0 = time.perf_counter()
            subprocess.run(["tesseract", "stdin", "stdout", "-l", "fin+swe", "--dpi", str(dpi)], input=buf.getvalue(),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
            out.append(time.perf_counter() - t0)
    finally:
        pdf.close()
    return out


def run_pdfplumber(path: Path, pages: list[int]) -> int:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        for n in pages:
            pdf.pages[n - 1].extract_tables()
    return len(pages)


def _run_camelot(path: Path, pages: list[int], flavor: str) -> int:
    import camelot

    # one call per document (page by page costs lattice about 15% more)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        camelot.read_pdf(str(path), pages=f"{pages[0]}-{pages[-1]}", flavor=flavor)
    return len(pages)


def run_lattice(path, pages):
    return _run_camelot(path, pages, "lattice")


def run_stream(path, pages):
    return _run_camelot(path, pages, "stream")


def run_pypdfium2(path: Path, pages: list[int]) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        for n in pages:
            page = pdf[n - 1]
            tp = page.get_textpage()
            tp.get_text_range()
            tp.close()
            page.close()
    finally:
        pdf.close()
    return len(pages)


# --------------------------------------------------------------------------- helpers


def page_info(path: Path) -> tuple[int, bool]:
    """(page count, has a text layer)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        n = len(pdf)
        chars = 0
        for i in range(min(n, 3)):
            tp = pdf[i].get_textpage()
            chars += tp.count_chars()
            tp.close()
        return n, chars >= 20
    finally:
        pdf.close()


@contextlib.contextmanager
def quiet():
    """Silence library chatter (camelot/pdfminer warnings, prints)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            yield


def time_once(func, *args) -> tuple[float, int]:
    with quiet():
        t0 = time.perf_counter()
        handled = func(*args)
        dt = time.perf_counter() - t0
    return dt, handled


def fmt_ms(v) -> str:
    if v is None:
        return "n/a"
    if v >= 1000:
        return f"{v:,.0f}"
    return f"{v:.1f}" if v >= 10 else f"{v:.2f}"


def fmt_ratio(v) -> str:
    return "n/a" if v is None else (f"{v:.2f}x" if v < 10 else f"{v:.1f}x")


# --------------------------------------------------------------------------- main


def collect(args) -> list[tuple[Path, str]]:
    files = [(p, "samples") for p in sorted(Path(args.folder).glob("*.pdf"))]
    for d in args.corpus or []:
        files += [(p, Path(d).name) for p in sorted(Path(d).glob("*.pdf"))]
    return files


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="ms/page of kotoex vs pdfplumber, camelot and pypdfium2 (one core)")
    ap.add_argument("folder", nargs="?", default=str(ROOT / "samples"), help="folder of PDFs (default: samples/)")
    ap.add_argument("--corpus", action="append", metavar="DIR", help="add the text PDFs of DIR (repeatable)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per document and method; median is used (default 3)")
    ap.add_argument("--max-pages", type=int, default=0, help="time at most N pages per document (0 = all)")
    ap.add_argument("--include-scans", action="store_true", help="also time PDFs without a text layer (OCR pages)")
    ap.add_argument("--methods", default=",".join(METHODS), help="comma-separated subset of " + ",".join(METHODS))
    ap.add_argument("--no-whole", action="store_true", help="skip the whole-process table (start-up, one file, batch, memory)")
    ap.add_argument("--whole-repeat", type=int, default=3, help="runs of each whole-process command; median is used (default 3)")
    ap.add_argument("--batch-files", type=int, default=30, help="PDFs in the batch (copies of the timed ones; default 30)")
    ap.add_argument("--memory-pages", type=int, default=198, help="pages read in one process for the peak memory (default 198)")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results.json"), help="results JSON (default benchmarks/results.json)")
    args = ap.parse_args(argv)

    logging.disable(logging.WARNING)
    pinned = pin_one_core()
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    bad = [m for m in methods if m not in METHODS]
    if bad:
        ap.error(f"unknown method(s): {', '.join(bad)}")

    kotoex_fn, kotoex_err = (None, "not selected")
    if "kotoex" in methods:
        kotoex_fn, kotoex_err = _kotoex_extract()
    runners = {
        "kotoex": (lambda path, pages: run_kotoex(kotoex_fn, path, pages)) if kotoex_fn else None,
        "pdfplumber": run_pdfplumber,
        "camelot-lattice": run_lattice,
        "camelot-stream": run_stream,
        "pypdfium2": run_pypdfium2,
    }

    docs = []
    skipped = []
    for path, group in collect(args):
        n, has_text = page_info(path)
        if not has_text and not args.include_scans:
            skipped.append(str(path))
            continue
        pages = list(range(1, n + 1))
        if args.max_pages and args.max_pages > 0:
            pages = pages[: args.max_pages]
        docs.append({"path": path, "group": group, "pages_total": n, "pages": pages, "kind": "text" if has_text else "scan"})
    if not docs:
        print("no PDFs to benchmark", file=sys.stderr)
        return 1

    # warm-up: every method once, untimed (imports, font/model loading, caches)
    errors: dict[str, str] = {}
    for m in methods:
        r = runners.get(m)
        if r is None:
            continue
        try:
            time_once(r, docs[0]["path"], docs[0]["pages"][:1])
        except Exception as e:
            errors[m] = f"{type(e).__name__}: {e}"
            if m == "kotoex":
                errors[m] += "\n" + traceback.format_exc(limit=3)
    if "kotoex" in methods and kotoex_fn is None:
        errors["kotoex"] = f"not importable ({kotoex_err})"

    first_seen: dict[Path, dict] = {}
    if "kotoex" in methods and "kotoex" not in errors:
        try:
            first_seen = kotoex_rounds(kotoex_fn, docs, args.repeat)
        except Exception as e:
            errors["kotoex"] = f"{type(e).__name__}: {e}"

    results = []
    for d in docs:
        row = {
            "file": str(d["path"].relative_to(ROOT) if d["path"].is_relative_to(ROOT) else d["path"]),
            "group": d["group"],
            "kind": d["kind"],
            "pages_total": d["pages_total"],
            "pages_timed": len(d["pages"]),
            "ms_per_page": {},
            "seconds": {},
        }
        for m in methods:
            r = runners.get(m)
            if r is None or m in errors:
                row["ms_per_page"][m] = None
                continue
            times = []
            handled = len(d["pages"])
            if m == "kotoex":  # timed in rounds before (kotoex_rounds): each document once per round
                if "error" in first_seen[d["path"]]:
                    row.setdefault("errors", {})[m] = first_seen[d["path"]]["error"]
                    row["ms_per_page"][m] = None
                    continue
                times, handled = first_seen[d["path"]]["first"], d["pages_total"]
                if first_seen[d["path"]]["again"]:
                    row["kotoex_again_s"] = statistics.median(first_seen[d["path"]]["again"])
            try:
                for _ in range(0 if m == "kotoex" else max(1, args.repeat)):
                    dt, h = time_once(r, d["path"], d["pages"])
                    handled = d["pages_total"] if h == -1 else h
                    times.append(dt)
            except Exception as e:
                row.setdefault("errors", {})[m] = f"{type(e).__name__}: {e}"
                row["ms_per_page"][m] = None
                continue
            med = statistics.median(times)
            row["seconds"][m] = {"median": med, "min": min(times), "pages_handled": handled}
            row["ms_per_page"][m] = 1000.0 * med / handled
        results.append(row)
        print(f"  timed {row['file']} ({row['pages_timed']} p)", file=sys.stderr)

    # aggregates: total time / total pages, separately for text and scan pages
    summary = {}
    for kind in ("text", "scan"):
        rows = [r for r in results if r["kind"] == kind]
        if not rows:
            continue
        agg = {}
        for m in methods:
            secs = [r["seconds"][m]["median"] for r in rows if m in r["seconds"]]
            pgs = [r["seconds"][m]["pages_handled"] for r in rows if m in r["seconds"]]
            agg[m] = 1000.0 * sum(secs) / sum(pgs) if secs and len(secs) == len(rows) else None
        ratios = {}
        for a, b in RATIOS:
            va, vb = agg.get(a), agg.get(b)
            ratios[f"{a}/{b}"] = (va / vb) if va is not None and vb else None
        summary[kind] = {
            "documents": len(rows),
            "pages": sum(r["pages_timed"] for r in rows),
            "ms_per_page": agg,
            "ratios": ratios,
        }
        again = [r["kotoex_again_s"] for r in rows if "kotoex_again_s" in r]
        if again and len(again) == len(rows):  # the same documents read a second time by the same process
            summary[kind]["kotoex_again_ms_per_page"] = 1000.0 * sum(again) / sum(
                r["seconds"]["kotoex"]["pages_handled"] for r in rows)
        if kind == "text":
            r = ratios.get("kotoex/pypdfium2")
            summary[kind]["target"] = f"kotoex <= {TARGET_FLOOR_RATIO:g}x pypdfium2"
            summary[kind]["kotoex_meets_target"] = None if r is None else r <= TARGET_FLOOR_RATIO

    # ------------------------------------------------------------------ print
    names = [r["file"] for r in results]
    w0 = max(12, max(len(Path(n).name) for n in names))
    cols = methods
    head = f"{'document':<{w0}} {'pages':>5} " + " ".join(f"{c:>15}" for c in cols)
    print()
    print("ms/page (median of %d run%s, one core; %s)" % (args.repeat, "" if args.repeat == 1 else "s", load_note()))
    print(head)
    print("-" * len(head))
    for r in results:
        name = Path(r["file"]).name + (" [scan]" if r["kind"] == "scan" else "")
        print(f"{name:<{w0}} {r['pages_timed']:>5} " + " ".join(f"{fmt_ms(r['ms_per_page'].get(c)):>15}" for c in cols))
    print("-" * len(head))
    for kind, s in summary.items():
        label = f"ALL {kind} pages"
        print(f"{label:<{w0}} {s['pages']:>5} " + " ".join(f"{fmt_ms(s['ms_per_page'].get(c)):>15}" for c in cols))
    print()
    for kind, s in summary.items():
        rs = "   ".join(f"{k}: {fmt_ratio(v)}" for k, v in s["ratios"].items())
        print(f"ratios ({kind} pages): {rs}")
        if "target" in s:
            print(f"target ({kind} pages): {s['target']} -> {_verdict(s['kotoex_meets_target'])}")
        if "kotoex_again_ms_per_page" in s:
            print(f"kotoex reading the same {kind} documents again in the same process (its memos warm): "
                  f"{fmt_ms(s['kotoex_again_ms_per_page'])} ms/page")
    for m, e in errors.items():
        print(f"note: {m}: {e.splitlines()[0]}")
    if skipped:
        print(f"skipped {len(skipped)} PDF(s) without a text layer (use --include-scans to time them)")
    results_ocr: dict = {}
    scans = [d["path"] for d in docs if d["kind"] == "scan"]
    if scans:
        secs, bare = ocr_page_seconds(scans)
        if secs:
            med = statistics.median(secs)
            verdict = _verdict(med * 1000 <= TARGET_OCR_MS)
            print(f"OCR: median {med:.2f} s/page over {len(secs)} scanned pages (target <= {TARGET_OCR_MS / 1000:g} s/page) -> {verdict}")
            results_ocr["median_s_per_page"], results_ocr["pages"] = round(med, 3), len(secs)
        if secs and bare:
            med_b = statistics.median(bare)
            print(f"OCR side by side: bare `tesseract -l fin+swe` {med_b:.2f} s/page on the same pages; "
                  f"kotoex/bare {med / med_b:.2f}")
            results_ocr["bare_tesseract_s_per_page"] = round(med_b, 3)
            results_ocr["kotoex_over_bare"] = round(med / med_b, 3)
        wall = ocr_wall_seconds(scans)
        if wall:
            print(f"OCR of whole documents, all {len(_ALL_CPUS) or '?'} cores, wall: {wall['one_thread_s_per_page']:.2f} "
                  f"s/page one page at a time, {wall['threads_s_per_page']:.2f} s/page in {wall['threads']} threads "
                  f"(speed-up {wall['speedup']:.2f}x; target <= {TARGET_OCR_MS / 1000:g} s/page -> "
                  f"{_verdict(wall['threads_s_per_page'] * 1000 <= TARGET_OCR_MS)})")
            results_ocr["whole_documents"] = wall

    out = {
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "cpu_affinity": pinned,
            "load_at_end": load_note(),
        },
        "versions": _versions(),
        "settings": {
            "repeat": args.repeat,
            "max_pages": args.max_pages,
            "include_scans": args.include_scans,
            "methods": methods,
            "statistic": "median over repeats of whole-document time / pages handled",
        },
        "errors": errors,
        "summary": summary,
        "ocr": results_ocr,
        "whole_process": {} if args.no_whole else whole_process([d for d in docs if d["kind"] == "text"], args),
        "documents": results,
        "skipped": skipped,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


def _verdict(ok) -> str:
    return "n/a" if ok is None else ("OK" if ok else "MISSED")


# --------------------------------------------------------------------------- whole processes

MEMORY_SCRIPT = """
import logging, resource, sys
logging.disable(logging.WARNING)
from kotoex import extract_pdf
for f in sys.argv[1:]:
    extract_pdf(f)
try:  # the peak of this program's memory; ru_maxrss also counts the parent's at the fork
    print(next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")))
except OSError:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
PLUMBER_ONE_LINER = "import pdfplumber, sys; [p.extract_tables() for p in pdfplumber.open(sys.argv[1]).pages]"


def _kotoex_cmd() -> list[str]:
    exe = Path(sys.executable).parent / "kotoex"
    return [str(exe)] if exe.exists() else [shutil.which("kotoex") or "kotoex"]


def fresh_bytecode() -> int:
    """Compile kotoex's modules whose bytecode is missing or stale, as a wheel install has them, and return
    how many there were. An editable install under ``PYTHONDONTWRITEBYTECODE=1`` (``make setup`` compiles once;
    later edits are not) would otherwise compile them from source in every timed process."""
    import compileall
    import importlib
    import importlib.util

    stale = 0
    for name in ("kotoex", "kotoex.extract", "kotoex.interpret", "kotoex.normalize", "kotoex.models"):
        try:
            folders = list(importlib.import_module(name).__path__)
        except ImportError:
            continue
        for folder in folders:
            for src in Path(folder).rglob("*.py"):
                pyc = Path(importlib.util.cache_from_source(str(src)))
                if not pyc.exists() or pyc.stat().st_mtime < src.stat().st_mtime:
                    stale += 1
            compileall.compile_dir(folder, quiet=1)
    if stale:
        print(f"note: compiled {stale} kotoex modules whose bytecode was missing or stale")
    return stale


def _wall(cmd: list[str], runs: int) -> tuple[float | None, int]:
    """Median wall seconds of ``cmd`` (its output discarded) and its last exit code."""
    times, rc = [], 0
    for _ in range(max(1, runs)):
        t0 = time.perf_counter()
        rc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        times.append(time.perf_counter() - t0)
    return statistics.median(times), rc


def _cycle(docs: list[dict], enough) -> list[dict]:
    """The documents, repeated (largest first) until ``enough(chosen)`` holds."""
    order = sorted(docs, key=lambda d: -d["pages_total"])
    out: list[dict] = []
    while not enough(out):
        out.append(order[len(out) % len(order)])
    return out


def whole_process(docs: list[dict], args) -> dict:
    """Start-up, one file against a pdfplumber one-liner, batch with 1 and 2 workers, peak RSS."""
    if not docs:
        return {}
    unpin()  # whole processes use the machine as a user would
    kotoex, runs, res = _kotoex_cmd(), args.whole_repeat, {"cpus": len(_ALL_CPUS) or None}
    res["bytecode_compiled"] = fresh_bytecode()
    res["python_s"], _ = _wall([sys.executable, "-c", "pass"], runs)
    res["import_cli_s"], _ = _wall([sys.executable, "-c", "import kotoex.cli"], runs)
    res["help_s"], _ = _wall([*kotoex, "--help"], runs)
    one = min(docs, key=lambda d: (abs(d["pages_total"] - 10), str(d["path"])))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env_cache = {"KOTOEX_CACHE": str(tmp / "cache")}
        os.environ.update(env_cache)
        res["one_file"] = {"file": one["path"].name, "pages": one["pages_total"]}
        res["one_file"]["kotoex_s"], res["one_file"]["kotoex_rc"] = _wall([*kotoex, "extract", str(one["path"]), "--out", str(tmp / "one")], runs)
        res["one_file"]["pdfplumber_s"], _ = _wall([sys.executable, "-c", PLUMBER_ONE_LINER, str(one["path"])], runs)
        res["one_file"]["ratio"] = res["one_file"]["kotoex_s"] / res["one_file"]["pdfplumber_s"]
        inbox = tmp / "inbox"
        inbox.mkdir()
        chosen = _cycle(docs, lambda c: len(c) >= max(args.batch_files, len(docs)))
        for i, d in enumerate(chosen):
            shutil.copy(d["path"], inbox / f"{i:03d}_{d['path'].name}")
        batch = res["batch"] = {"files": len(chosen), "pages": sum(d["pages_total"] for d in chosen)}
        walls: dict[int, list[float]] = {1: [], 2: []}
        for _ in range(max(1, runs)):  # 1 and 2 workers in turn, so both see the same load
            for w in (1, 2):
                out = tmp / f"batch{w}"
                secs, batch[f"workers_{w}_rc"] = _wall(
                    [*kotoex, "batch", str(inbox), "--out", str(out), "--workers", str(w)], 1)
                walls[w].append(secs)
                shutil.rmtree(out, ignore_errors=True)
        for w in (1, 2):
            batch[f"workers_{w}_s"] = statistics.median(walls[w])
            batch[f"workers_{w}_runs_s"] = [round(t, 3) for t in walls[w]]
        batch["speedup"] = batch["workers_1_s"] / batch["workers_2_s"]
        mem = _cycle(docs, lambda c: sum(d["pages_total"] for d in c) >= args.memory_pages)
        r = subprocess.run([sys.executable, "-c", MEMORY_SCRIPT, *[str(d["path"]) for d in mem]],
                           capture_output=True, text=True)
        lines = r.stdout.split()
        res["memory"] = {"pages": sum(d["pages_total"] for d in mem), "files": len(mem),
                         "peak_rss_mb": int(lines[-1]) / 1024 if r.returncode == 0 and lines else None}
    res["load"] = load_note()
    print_whole(res, runs)
    return res


def print_whole(res: dict, runs: int) -> None:
    one, batch, mem = res["one_file"], res["batch"], res["memory"]
    print()
    print(f"whole processes (wall seconds, median of {runs}; all {res['cpus']} cores; {res['load']})")
    print(f"  python -c pass                 {res['python_s']:6.2f} s")
    print(f"  python -c 'import kotoex.cli'  {res['import_cli_s']:6.2f} s")
    print(f"  kotoex --help                  {res['help_s']:6.2f} s")
    print(f"  one file ({one['file']}, {one['pages']} p): kotoex extract {one['kotoex_s']:.2f} s, "
          f"pdfplumber one-liner {one['pdfplumber_s']:.2f} s -> {one['ratio']:.2f}x "
          f"(target <= {TARGET_ONE_FILE_RATIO:g}x) -> {_verdict(one['ratio'] <= TARGET_ONE_FILE_RATIO)}")
    print(f"  batch of {batch['files']} PDFs ({batch['pages']} p): --workers 1 {batch['workers_1_s']:.1f} s, "
          f"--workers 2 {batch['workers_2_s']:.1f} s -> speed-up {batch['speedup']:.2f}x "
          f"(target >= {TARGET_SPEEDUP:g}x) -> {_verdict(batch['speedup'] >= TARGET_SPEEDUP)}")
    rss = mem["peak_rss_mb"]
    print(f"  peak RSS reading {mem['pages']} pages ({mem['files']} PDFs) in one process: "
          + ("n/a" if rss is None else f"{rss:.0f} MB (target <= {TARGET_RSS_MB:g} MB) -> {_verdict(rss <= TARGET_RSS_MB)}"))
    for k in ("kotoex_rc",):
        if one[k]:
            print(f"  note: kotoex extract exited {one[k]}")
    for w in (1, 2):
        if batch[f"workers_{w}_rc"]:
            print(f"  note: kotoex batch --workers {w} exited {batch[f'workers_{w}_rc']}")


def _versions() -> dict:
    from importlib import metadata

    v = {}
    for dist in ("kotoex", "pdfplumber", "pdfminer.six", "camelot-py", "pypdfium2", "opencv-python-headless"):
        try:
            v[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            v[dist] = None
    return v


if __name__ == "__main__":
    sys.exit(main())
