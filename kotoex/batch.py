"""Run the pipeline over many PDFs, in worker processes, writing outputs as each one finishes.

Each document runs in a worker process of its own pool slot, with a time limit (a worker still
busy after ``timeout`` seconds is killed and the document recorded as "timed out after N s") and
a memory guard (``RLIMIT_AS`` set in the worker, so a runaway allocation fails there and not on
the machine). A worker that dies (signal, memory) is replaced; its document is recorded as
failed with the reason. One bad document never stops the others.

:func:`process_many` is the engine (a generator of ``(path, Document, seconds)`` as documents
finish); :func:`run_batch` writes a batch output folder with it and ``kotoex.ingest`` a dataset.
With ``executor="dask"`` the same engine runs the documents on a dask.distributed cluster
(:mod:`kotoex.distributed`); the outputs are written here either way, so they are the same bytes.
"""
from __future__ import annotations

import logging
import multiprocessing as mp
import os
import signal
import sys
import time
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kotoex.distributed import process_many_dask
from kotoex.models import Document
from kotoex.pipeline import Settings, failed_document, process_file
from kotoex.runner_types import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, BatchResult, DocResult, Limits, doc_result
from kotoex.writers import MEASURE_COLUMNS, PRACTICE_COLUMNS, measure_rows, practice_rows, write_csv, \
    write_document_outputs

__all__ = ["DEFAULT_MEMORY_MB", "DEFAULT_TIMEOUT", "BatchResult", "DocResult", "Limits", "EXECUTORS", "cpu_workers",
           "doc_result", "find_pdfs", "process_many", "run_batch"]

log = logging.getLogger(__name__)


def find_pdfs(paths: Iterable[Path]) -> list[Path]:
    """PDF files among ``paths``; directories are searched recursively, sorted by name."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(x for x in p.rglob("*") if x.is_file() and x.suffix.lower() == ".pdf"))
        else:
            out.append(p)
    return out


# ------------------------------------------------------------------------------------ worker pool

def _set_parent_death_signal() -> None:
    """Linux: the worker gets SIGKILL when the parent dies (even by kill -9), so none is left behind."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # pragma: no cover - best effort
        pass


def _worker_main(conn: Connection, memory_mb: int | None) -> None:
    """A worker: receive ``(path, settings)``, answer ``(document, seconds)``, until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _set_parent_death_signal()
    if memory_mb:
        try:
            import resource

            limit = int(memory_mb) * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (ImportError, ValueError, OSError) as e:  # pragma: no cover - platform without it
            log.warning("memory limit not set: %s", e)
    logging.disable(logging.CRITICAL)  # workers report through their Documents
    try:
        while True:
            try:
                task = conn.recv()
            except (EOFError, OSError):
                return
            if task is None:
                return
            path, settings = task
            t0 = time.perf_counter()
            try:
                doc = process_file(path, settings)
            except MemoryError:
                doc = None
            if doc is None or any(e.startswith("internal error: MemoryError") for e in doc.errors):
                os._exit(_EXIT_MEMORY)  # the parent records it; this process may be in no state to go on
            try:
                conn.send((doc, time.perf_counter() - t0))
            except (BrokenPipeError, EOFError, OSError):
                return
    except MemoryError:
        os._exit(_EXIT_MEMORY)
    except BaseException:  # never a traceback from a worker: the parent records its death
        os._exit(_EXIT_ERROR)


_EXIT_MEMORY = 75
_EXIT_ERROR = 76


def _context() -> mp.context.BaseContext:
    methods = mp.get_all_start_methods()
    if "forkserver" in methods:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["kotoex.pipeline"])  # workers start without re-importing the pipeline
        return ctx
    return mp.get_context("spawn")


class _Slot:
    def __init__(self, ctx: mp.context.BaseContext, memory_mb: int | None):
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_worker_main, args=(child, memory_mb), daemon=True)
        self.proc.start()
        child.close()
        self.path: Path | None = None
        self.started = 0.0

    def send(self, path: Path, settings: Settings) -> None:
        self.path, self.started = path, time.perf_counter()
        try:
            self.conn.send((path, settings))
        except OSError:  # the worker is already dead: its sentinel reports it, with the document
            pass

    def kill(self) -> None:
        try:
            self.proc.kill()
            self.proc.join(5)
        except Exception:  # pragma: no cover
            pass
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except Exception:
            pass
        self.proc.join(1)
        if self.proc.is_alive():
            self.kill()
        else:
            self.conn.close()


def _death_reason(exitcode: int | None, memory_mb: int | None) -> str:
    if exitcode == _EXIT_MEMORY:
        return f"out of memory (worker memory limit {memory_mb} MB)" if memory_mb else "out of memory"
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        reason = f"worker process died ({name})"
    else:
        reason = f"worker process died (exit code {exitcode})"
    if memory_mb:
        reason += f"; it may have exceeded the memory limit of {memory_mb} MB"
    return reason


EXECUTORS = ("local", "dask")


def process_many(paths: list[Path], settings: Settings | None = None, workers: int = 1,
                 limits: Limits | None = None, *, executor: str = "local",
                 scheduler: str | None = None) -> Iterator[tuple[Path, Document, float]]:
    """Process ``paths`` in ``workers`` worker processes, yielding ``(path, doc, seconds)`` as each finishes.

    Never raises for a document: a timeout, a worker's death or an internal error becomes a failed
    Document with the reason. Closing the generator (or an exception in the consumer) kills the workers.

    ``executor="dask"`` runs the documents on a dask.distributed cluster instead (the scheduler at
    ``scheduler``, or a LocalCluster of ``workers`` processes): see :mod:`kotoex.distributed`. It
    raises ``DaskUnavailable`` (dask not installed) or ``DaskSetupError`` (cluster unusable) on
    first iteration, before any document.
    """
    if executor == "dask":
        return process_many_dask(paths, settings, workers, limits, scheduler=scheduler)
    if executor != "local":
        raise ValueError(f"unknown executor {executor!r} (one of {', '.join(EXECUTORS)})")
    if scheduler:
        raise ValueError("a scheduler address needs executor='dask'")
    return _process_pool(paths, settings, workers, limits)


def _process_pool(paths: list[Path], settings: Settings | None, workers: int,
                  limits: Limits | None) -> Iterator[tuple[Path, Document, float]]:
    settings = settings or Settings()
    limits = limits or Limits()
    timeout = limits.timeout or None
    memory_mb = limits.memory_mb or None
    if not paths:
        return
    ctx = _context()
    todo = list(reversed(paths))
    slots: list[_Slot] = []
    try:
        for _ in range(max(1, min(workers, len(paths)))):
            slots.append(_Slot(ctx, memory_mb))
        busy: dict[Connection, _Slot] = {}

        def feed(slot: _Slot) -> None:
            if todo:
                slot.send(todo.pop(), settings)
                busy[slot.conn] = slot

        for s in slots:
            feed(s)
        while busy:
            now = time.perf_counter()
            wait_for = None
            if timeout:
                wait_for = max(0.0, min(s.started + timeout for s in busy.values()) - now)
            handles = list(busy.keys()) + [s.proc.sentinel for s in busy.values()]
            ready = wait(handles, timeout=wait_for)
            finished: list[tuple[_Slot, Document | None, float, str | None]] = []
            for s in list(busy.values()):
                if s.conn in ready or s.proc.sentinel in ready:
                    try:
                        if s.conn.poll():
                            doc, secs = s.conn.recv()
                            finished.append((s, doc, secs, None))
                            continue
                    except (EOFError, OSError):
                        pass
                    s.proc.join(1)
                    finished.append((s, None, time.perf_counter() - s.started,
                                     _death_reason(s.proc.exitcode, memory_mb)))
                elif timeout and time.perf_counter() - s.started >= timeout:
                    finished.append((s, None, time.perf_counter() - s.started, f"timed out after {timeout:g} s"))
            for s, doc, secs, reason in finished:
                del busy[s.conn]
                path = s.path
                assert path is not None
                if doc is None:
                    log.info("%s: %s", path, reason)
                    s.kill()
                    new = _Slot(ctx, memory_mb)
                    slots[slots.index(s)] = new
                    s = new
                    doc = failed_document(path, reason or "worker failed")
                feed(s)
                yield path, doc, secs
    finally:
        for s in slots:
            s.stop()


def _process_inline(paths: list[Path], settings: Settings) -> Iterator[tuple[Path, Document, float]]:
    for p in paths:
        t0 = time.perf_counter()
        doc = process_file(p, settings)
        yield p, doc, time.perf_counter() - t0


# ------------------------------------------------------------------------------------ batch folder

def run_batch(paths: list[Path], out_dir: Path, settings: Settings | None = None, workers: int = 1,
              on_done: Callable[[DocResult], None] | None = None, limits: Limits | None = None,
              isolate: bool = True, *, executor: str = "local", scheduler: str | None = None) -> BatchResult:
    """Process ``paths`` into ``out_dir``: one JSON per PDF, then measures.csv / practices.csv for the batch.

    ``isolate=False`` runs in this process (no time or memory limit), as the library did before.
    ``executor="dask"`` (optionally with a ``scheduler`` address) runs the documents on a dask
    cluster; the outputs are the same bytes (see :mod:`kotoex.distributed`).
    """
    settings = settings or Settings()
    out_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    result = BatchResult()
    docs: dict[Path, Document] = {}
    stems = _unique_stems(paths)
    if isolate or executor != "local":
        source = process_many(paths, settings, workers, limits, executor=executor, scheduler=scheduler)
    else:
        source = _process_inline(paths, settings)
    for path, doc, secs in source:
        write_document_outputs(doc, out_dir, stems[path])
        docs[path] = doc
        r = doc_result(path, doc, secs)
        result.results.append(r)
        if on_done:
            on_done(r)
    ordered = [docs[p] for p in paths if p in docs]
    write_csv(out_dir / "measures.csv", MEASURE_COLUMNS, (r for d in ordered for r in measure_rows(d)))
    write_csv(out_dir / "practices.csv", PRACTICE_COLUMNS, (r for d in ordered for r in practice_rows(d)))
    order = {p: i for i, p in enumerate(paths)}
    result.results.sort(key=lambda r: order.get(r.path, 0))
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


def cpu_workers() -> int:
    return min(4, os.cpu_count() or 1)
