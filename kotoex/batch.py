"""Run the pipeline over many PDFs, in worker processes, writing outputs as each one finishes."""
from __future__ import annotations

import logging
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from kotoex.models import Document
from kotoex.pipeline import Settings, process_file
from kotoex.writers import MEASURE_COLUMNS, PRACTICE_COLUMNS, measure_rows, practice_rows, write_csv, \
    write_document_outputs

log = logging.getLogger(__name__)


@dataclass
class DocResult:
    path: Path
    status: str
    measures: int
    practices: int
    seconds: float
    pages: int
    reason: str | None = None


@dataclass
class BatchResult:
    results: list[DocResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> list[DocResult]:
        return [r for r in self.results if r.status == "failed"]


def find_pdfs(paths: Iterable[Path]) -> list[Path]:
    """PDF files among ``paths``; directories are searched recursively, sorted by name."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(x for x in p.rglob("*") if x.is_file() and x.suffix.lower() == ".pdf"))
        else:
            out.append(p)
    return out


def _work(path: Path, settings: Settings) -> tuple[Document, float]:
    t0 = time.perf_counter()
    doc = process_file(path, settings)
    return doc, time.perf_counter() - t0


def run_batch(paths: list[Path], out_dir: Path, settings: Settings | None = None, workers: int = 1,
              on_done: Callable[[DocResult], None] | None = None) -> BatchResult:
    """Process ``paths`` into ``out_dir``: one JSON per PDF, then measures.csv / practices.csv for the batch."""
    settings = settings or Settings()
    out_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    result = BatchResult()
    docs: dict[Path, Document] = {}
    stems = _unique_stems(paths)

    def record(path: Path, doc: Document, secs: float) -> None:
        write_document_outputs(doc, out_dir, stems[path])
        docs[path] = doc
        r = DocResult(path, doc.status, len(doc.measures), len(doc.practices), secs, doc.source.pages,
                      "; ".join(doc.errors) or None)
        result.results.append(r)
        if on_done:
            on_done(r)

    if workers <= 1 or len(paths) <= 1:
        for p in paths:
            doc, secs = _work(p, settings)
            record(p, doc, secs)
    else:
        with ProcessPoolExecutor(max_workers=workers) as ex:
            futs = {ex.submit(_work, p, settings): p for p in paths}
            for fut in as_completed(futs):
                p = futs[fut]
                try:
                    doc, secs = fut.result()
                except Exception as e:  # a worker died (memory, signal): record, go on
                    from kotoex.pipeline import failed_document
                    doc, secs = failed_document(p, f"worker failed: {type(e).__name__}: {e}"), 0.0
                record(p, doc, secs)
    ordered = [docs[p] for p in paths if p in docs]
    write_csv(out_dir / "measures.csv", MEASURE_COLUMNS, (r for d in ordered for r in measure_rows(d)))
    write_csv(out_dir / "practices.csv", PRACTICE_COLUMNS, (r for d in ordered for r in practice_rows(d)))
    result.results.sort(key=lambda r: paths.index(r.path))
    result.seconds = time.perf_counter() - t0
    return result


def _unique_stems(paths: list[Path]) -> dict[Path, str]:
    """Output stems: the PDF's stem, made unique where two inputs share one."""
    seen: dict[str, int] = {}
    out = {}
    for p in paths:
        stem = p.stem
        n = seen.get(stem, 0)
        seen[stem] = n + 1
        out[p] = stem if n == 0 else f"{stem}__{n + 1}"
    return out
