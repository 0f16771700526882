"""Run the pipeline over many PDFs, in worker processes, writing outputs as each one finishes.

Each document runs in a worker process of its own pool slot, with a time limit (a worker still
busy after ``timeout`` seconds is killed and the document recorded as "timed out after N s") and
a memory guard (``RLIMIT_AS`` set in the worker, so a runaway allocation fails there and not on
the machine). A worker that dies (signal, memory) is replaced; its document is recorded as
failed with the reason. One bad document never stops the others.

:func:`process_many` is the engine (a generator of ``(path, Document, seconds)`` as documents
finish); :func:`run_batch` writes a batch output folder with it and ``kotoex.ingest`` a dataset.
In a batch folder each worker writes the outputs of the document it read and sends back only its
summary and table rows (the parent then has little to do per document and never holds up a worker);
with ``executor="dask"`` the same engine runs the documents on a dask.distributed cluster
(:mod:`kotoex.distributed`) and they are written here, by the same code, so they are the same bytes.
"""
from __future__ import annotations

import gc
import logging
import multiprocessing as mp
import os
import signal
import sys
import time
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from kotoex.inputs import Inputs, file_problem, find_inputs, output_stems
from kotoex.models import Document
from kotoex.pipeline import Settings, failed_document, preload, process_file
from kotoex.runner_types import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, BatchResult, DocResult, Limits, doc_result
from kotoex.writers import MEASURE_COLUMNS, PRACTICE_COLUMNS, OutputUnwritable, measure_rows, output_error, \
    practice_rows, write_csv, write_document_outputs

__all__ = ["DEFAULT_MEMORY_MB", "DEFAULT_TIMEOUT", "BatchResult", "DocResult", "Limits", "EXECUTORS", "cpu_workers",
           "doc_result", "find_pdfs", "process_many", "run_batch"]

log = logging.getLogger(__name__)


def find_pdfs(paths: Iterable[Path], follow_links: bool = False) -> list[Path]:
    """PDF files among ``paths``; directories are searched recursively, sorted by name. Entries that must not
    be read (FIFOs, links out of the folder: see :func:`kotoex.inputs.find_inputs`) are included: the runners
    record them as failed without opening them."""
    return find_inputs(paths, follow_links).paths


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


def _worker_main(conn: Connection, memory_mb: int | None, post: Post | None = None) -> None:
    """A worker: receive ``(path, settings, task)``, answer ``(document, seconds)`` (or ``(post(path, document),
    seconds)``), until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _set_parent_death_signal()
    # forked while the parent's progress bar may have been writing: fresh stream objects (fresh locks)
    try:
        sys.stdout = open(1, "w", buffering=1, closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", buffering=1, closefd=False)  # noqa: SIM115
    except OSError:  # pragma: no cover - no such descriptor
        sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115
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
            path, settings, run = task
            t0 = time.perf_counter()
            try:
                doc = run(path, settings)
            except MemoryError:
                doc = None
            if doc is None or any(e.startswith("internal error: MemoryError") for e in doc.errors) \
                    or (memory_mb and any(e.startswith("internal error") for e in doc.errors)
                        and _at_memory_limit(memory_mb)):
                os._exit(_EXIT_MEMORY)  # the parent records it; this process may be in no state to go on
            secs = time.perf_counter() - t0
            try:
                conn.send((post(path, doc) if post is not None else doc, secs))
            except (BrokenPipeError, EOFError, OSError):
                return
    except MemoryError:
        os._exit(_EXIT_MEMORY)
    except BaseException:  # never a traceback from a worker: the parent records its death
        os._exit(_EXIT_ERROR)


def _at_memory_limit(memory_mb: int) -> bool:
    """Whether this process's address space reached its limit: an internal error then (a C library's
    failed allocation: "SystemError: error return without exception set") is the memory limit's doing."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            peak = next((int(ln.split()[1]) * 1024 for ln in f if ln.startswith("VmPeak:")), 0)
    except (OSError, ValueError):
        return False
    return peak >= 0.9 * memory_mb * 1024 * 1024


_EXIT_MEMORY = 75
_EXIT_ERROR = 76


def _context(fork: bool = False) -> mp.context.BaseContext:
    """``fork`` (Linux): workers are forked from this process, which has imported the pipeline already,
    so one starts in milliseconds (a forkserver costs a second interpreter and a second import of the
    pipeline, about 0.25 s per run). Only for a process that runs no documents itself and whose threads
    are known (the CLI): a library caller's process (a notebook, a dask worker) gets a forkserver, or spawn."""
    methods = mp.get_all_start_methods()
    if fork and sys.platform.startswith("linux") and "fork" in methods:
        return mp.get_context("fork")
    if "forkserver" in methods:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["kotoex.pipeline"])  # workers start without re-importing the pipeline
        return ctx
    return mp.get_context("spawn")


class _Slot:
    def __init__(self, ctx: mp.context.BaseContext, memory_mb: int | None, post: Post | None = None):
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_worker_main, args=(child, memory_mb, post), daemon=True)
        self.proc.start()
        child.close()
        self.path: Path | None = None
        self.started = 0.0

    def send(self, path: Path, settings: Settings, task: Task) -> None:
        self.path, self.started = path, time.perf_counter()
        try:
            self.conn.send((path, settings, task))
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
Task = Callable[[Path, Settings], Document]  # what a worker runs per document: a picklable top-level function
# what is done with a finished Document where it was made (a worker): e.g. write its outputs and return a summary
Post = Callable[[Path, Document], Any]


def process_many(paths: list[Path], settings: Settings | None = None, workers: int = 1,
                 limits: Limits | None = None, *, executor: str = "local",
                 scheduler: str | None = None, problems: dict[Path, str] | None = None,
                 task: Task = process_file, fork: bool = False,
                 post: Post | None = None) -> Iterator[tuple[Path, Any, float]]:
    """Process ``paths`` in ``workers`` worker processes, yielding ``(path, doc, seconds)`` as each finishes.

    Never raises for a document: a timeout, a worker's death or an internal error becomes a failed
    Document with the reason. Closing the generator (or an exception in the consumer) kills the workers.
    Paths in ``problems`` (path → reason: a FIFO, a link out of the input folder) are never opened: each
    becomes a failed Document with its reason. ``task`` is what a local worker runs per path
    (:func:`kotoex.pipeline.process_file`; the review runs its page rendering there too). ``fork``: workers
    are forked from this process (see :func:`_context`; the CLI's choice). ``post(path, doc)``: run on each
    Document where it was made (in the worker, so its cost is spread over the workers; in this process for the
    failed Documents made here and with dask); its result is yielded instead of the Document.

    ``executor="dask"`` runs the documents on a dask.distributed cluster instead (the scheduler at
    ``scheduler``, or a LocalCluster of ``workers`` processes): see :mod:`kotoex.distributed`. It
    raises ``DaskUnavailable`` (dask not installed) or ``DaskSetupError`` (cluster unusable) on
    first iteration, before any document.
    """
    if executor not in EXECUTORS:
        raise ValueError(f"unknown executor {executor!r} (one of {', '.join(EXECUTORS)})")
    if scheduler and executor != "dask":
        raise ValueError("a scheduler address needs executor='dask'")
    settings = share_cpus(settings or Settings(), workers, (limits or Limits()).memory_mb)
    problems = dict(problems or {})
    for p in paths:  # only regular files go to a worker
        if p not in problems and (reason := file_problem(p)):
            problems[p] = reason
    good = [p for p in paths if p not in problems]
    if executor == "dask":
        from kotoex.distributed import process_many_dask  # dask's engine only where it is asked for

        engine = _posted(process_many_dask(good, settings, workers, limits, scheduler=scheduler), post)
    else:
        engine = _process_pool(good, settings, workers, limits, task, fork, post)
    return _with_problems(paths, problems, engine, post)


OCR_THREAD_MB = 1024  # address space per OCR thread a worker's memory limit must allow (measured: a 300-dpi A4
# scan peaks at 0.9 GB with one thread, 1.2 GB with two)


def share_cpus(settings: Settings, workers: int, memory_mb: int | None = None) -> Settings:
    """``settings`` with OCR threads left to the CPU count (0) made this machine's CPUs shared among ``workers``
    documents read at once (two workers on two cores read one page each, one worker reads two at a time), and
    no more than a worker's memory limit ``memory_mb`` allows (one thread per ``OCR_THREAD_MB``)."""
    if settings.ocr.threads:
        return settings
    threads = settings.ocr.resolved_threads(workers)
    if memory_mb:
        threads = max(1, min(threads, memory_mb // OCR_THREAD_MB))
    return replace(settings, ocr=replace(settings.ocr, threads=threads))


def _with_problems(paths: list[Path], problems: dict[Path, str], engine: Iterator[tuple[Path, Any, float]],
                   post: Post | None = None) -> Iterator[tuple[Path, Any, float]]:
    for p in paths:
        if p in problems:
            log.info("%s: %s", p, problems[p])
            doc = failed_document(p, problems[p], read=False)
            yield p, post(p, doc) if post is not None else doc, 0.0
    yield from engine


def _posted(engine: Iterator[tuple[Path, Document, float]], post: Post | None) -> Iterator[tuple[Path, Any, float]]:
    for path, doc, secs in engine:
        yield path, post(path, doc) if post is not None else doc, secs


def _process_pool(paths: list[Path], settings: Settings | None, workers: int,
                  limits: Limits | None, task: Task = process_file, fork: bool = False,
                  post: Post | None = None) -> Iterator[tuple[Path, Any, float]]:
    settings = settings or Settings()
    limits = limits or Limits()
    timeout = limits.timeout or None
    memory_mb = limits.memory_mb or None
    if not paths:
        return
    ctx = _context(fork)
    if ctx.get_start_method() == "fork":  # the workers forked from here start with the readers and vocabularies
        preload(settings)  # loaded, their objects out of the garbage collector's way (and shared, not copied)
        gc.freeze()
    # largest documents first, so the last one to finish is a small one and no worker waits long
    todo = list(reversed(sorted(paths, key=_size, reverse=True) if workers > 1 else paths))
    slots: list[_Slot] = []
    try:
        for _ in range(max(1, min(workers, len(paths)))):
            slots.append(_Slot(ctx, memory_mb, post))
        busy: dict[Connection, _Slot] = {}

        def feed(slot: _Slot) -> None:
            if todo:
                slot.send(todo.pop(), settings, task)
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
            finished: list[tuple[_Slot, Any, float, str | None]] = []
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
                    new = _Slot(ctx, memory_mb, post)
                    slots[slots.index(s)] = new
                    s = new
                    doc = failed_document(path, reason or "worker failed")
                    if post is not None:  # made here, not in a worker
                        feed(s)
                        yield path, post(path, doc), secs
                        continue
                feed(s)
                yield path, doc, secs
    finally:
        for s in slots:
            s.stop()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


# ------------------------------------------------------------------------------------ batch folder

def run_batch(paths: list[Path] | Inputs, out_dir: Path, settings: Settings | None = None, workers: int = 1,
              on_done: Callable[[DocResult], None] | None = None, limits: Limits | None = None,
              isolate: bool = True, *, executor: str = "local", scheduler: str | None = None,
              fork: bool = False) -> BatchResult:
    """Process ``paths`` into ``out_dir``: one JSON per PDF, then measures.csv / practices.csv for the batch.

    ``paths`` may be the :class:`~kotoex.inputs.Inputs` of :func:`~kotoex.inputs.find_inputs` (their
    problems become failed records; output names are made unique from paths relative to their folder).
    A document whose outputs cannot be written is recorded as failed with the reason; an output folder
    that cannot be written at all (read-only, full) raises :class:`~kotoex.writers.OutputUnwritable`.
    ``isolate=False`` runs in this process (no time or memory limit), as the library did before.
    ``executor="dask"`` (optionally with a ``scheduler`` address) runs the documents on a dask
    cluster; the outputs are the same bytes (see :mod:`kotoex.distributed`).
    ``fork``: workers forked from this process (Linux; for a process that runs no documents itself: the CLI).
    """
    inputs = paths if isinstance(paths, Inputs) else Inputs(list(paths))
    paths = inputs.paths
    settings = settings or Settings()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise output_error(e, out_dir / "x") from e
    t0 = time.perf_counter()
    result = BatchResult()
    saved: dict[Path, _Saved] = {}
    save = _Saver(out_dir, output_stems(paths, inputs.roots))
    if isolate or executor != "local":  # each document's outputs are written by the worker that read it
        source = process_many(paths, settings, workers, limits, executor=executor, scheduler=scheduler,
                              problems=inputs.problems, fork=fork, post=save)
    else:
        source = _posted(_process_inline(paths, settings, inputs.problems), save)
    for path, done, secs in source:
        if done.unwritable is not None:
            raise done.unwritable
        saved[path] = done
        r = done.result(path, secs)
        result.results.append(r)
        if on_done:
            on_done(r)
    ordered = [saved[p] for p in paths if p in saved]
    write_csv(out_dir / "measures.csv", MEASURE_COLUMNS, (r for d in ordered for r in d.measure_rows))
    write_csv(out_dir / "practices.csv", PRACTICE_COLUMNS, (r for d in ordered for r in d.practice_rows))
    order = {p: i for i, p in enumerate(paths)}
    result.results.sort(key=lambda r: order.get(r.path, 0))
    result.seconds = time.perf_counter() - t0
    return result


@dataclass
class _Saved:
    """What the batch folder needs of a document once its outputs are written: its summary and table rows
    (small to send from a worker, unlike the Document), or the error of an output folder that cannot be written."""
    summary: DocResult | None = None
    measure_rows: list[dict[str, Any]] = field(default_factory=list)
    practice_rows: list[dict[str, Any]] = field(default_factory=list)
    unwritable: OutputUnwritable | None = None

    def result(self, path: Path, secs: float) -> DocResult:
        assert self.summary is not None
        return replace(self.summary, path=path, seconds=secs)


@dataclass(frozen=True)
class _Saver:
    """Writes a document's outputs into the batch folder (in the worker that read it: :func:`process_many`'s
    ``post``) and returns its :class:`_Saved`."""
    out_dir: Path
    stems: dict[Path, str]

    def __call__(self, path: Path, doc: Document) -> _Saved:
        try:
            doc = save_outputs(doc, path, self.out_dir, self.stems[path])
        except OutputUnwritable as e:
            return _Saved(unwritable=e)
        return _Saved(doc_result(path, doc, 0.0), list(measure_rows(doc)), list(practice_rows(doc)))


def save_outputs(doc: Document, path: Path, out_dir: Path, stem: str) -> Document:
    """Write ``doc``'s outputs; if that fails for this document, write (and return) a failed Document with
    the reason instead. Raises only :class:`OutputUnwritable` (the folder itself cannot be written)."""
    try:
        write_document_outputs(doc, out_dir, stem)
        return doc
    except OutputUnwritable:
        raise
    except Exception as e:  # noqa: BLE001 - one document's output problem is that document's failure
        log.info("%s: cannot write its outputs: %s", path, e)
        failed = failed_document(path, f"cannot write its outputs: {type(e).__name__}: {e}")
        try:
            write_document_outputs(failed, out_dir, stem)
        except OutputUnwritable:
            raise
        except Exception as e2:  # noqa: BLE001 - still recorded in the result and the batch tables
            log.warning("%s: cannot write its failure record either: %s", path, e2)
        return failed


def _process_inline(paths: list[Path], settings: Settings,
                    problems: dict[Path, str] | None = None) -> Iterator[tuple[Path, Document, float]]:
    for p in paths:
        t0 = time.perf_counter()
        reason = (problems or {}).get(p)
        doc = failed_document(p, reason, read=False) if reason else process_file(p, settings)
        yield p, doc, time.perf_counter() - t0


def cpu_workers() -> int:
    return min(4, os.cpu_count() or 1)
