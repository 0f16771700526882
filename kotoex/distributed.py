"""The batch engine on a dask.distributed cluster (``--executor dask``); dask is an optional dependency.

:func:`process_many_dask` yields ``(path, Document, seconds)`` like :func:`kotoex.batch.process_many`
does for the local worker pool, so :func:`kotoex.batch.run_batch` and :mod:`kotoex.ingest` write
exactly the same outputs whichever engine ran the documents.

* No shared filesystem is needed: the client reads each PDF and sends its bytes; the dask worker
  writes them to a temporary file *with the original file name* and runs
  :func:`kotoex.pipeline.process_file` on it, so ``source.file``, ``sha256`` and ``pages`` (and
  every other field) are what a local run gives. Extra vocabularies (``--lexicon``,
  ``--columns``) travel the same way. The Document comes back pickled, as from a local worker,
  and the client writes every output.
* At most as many documents are in flight as the cluster has worker threads, so a document's
  clock (``--timeout``) starts about when it starts running.
* Time limit: a document still running after ``timeout`` seconds is recorded as "timed out after
  N s". A running Python call cannot be stopped inside a dask worker, so on the
  :class:`distributed.LocalCluster` started by kotoex the task is cancelled and its worker
  restarted (killing the document); on a cluster given with ``--scheduler`` the task is left to
  finish (or hang) there, its thread gets no other document meanwhile, and only that worker's own
  limits (``dask worker --memory-limit``, ``--lifetime``) end it.
* A worker lost mid-document (crash, killed, memory): the document is recorded as failed with the
  reason and the others go on. A LocalCluster started by kotoex runs with ``allowed_failures=0``
  (no retry on another worker) and ``memory_limit`` = ``--memory-limit`` (the nanny restarts a
  worker whose memory passes 95 % of it); on another cluster the scheduler's own
  ``distributed.scheduler.allowed-failures`` (3 by default) decides how often it is retried first.
"""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Iterator

from kotoex import __version__
from kotoex.models import Document
from kotoex.pipeline import Settings, failed_document, process_file
from kotoex.runner_types import DaskSetupError, DaskUnavailable, Limits  # noqa: F401  (raised here; the CLI
# catches them from runner_types without importing this module)

log = logging.getLogger(__name__)

INSTALL_HINT = "pip install 'kotoex[distributed]'"
CONNECT_TIMEOUT = 20.0  # seconds to reach a scheduler given with --scheduler
WORKERS_TIMEOUT = 60.0  # seconds to wait for a first worker on that scheduler


def require_dask():
    """The ``distributed`` module, or :class:`DaskUnavailable` with the install command."""
    try:
        import dask  # noqa: F401
        import distributed
    except ImportError as e:
        raise DaskUnavailable(f"--executor dask needs dask.distributed, which is not installed; install it with: "
                              f"{INSTALL_HINT} ({type(e).__name__}: {e})") from e
    return distributed


# ------------------------------------------------------------------------------------ worker side

_vocab_dirs: dict[str, Path] = {}


def _worker_settings(settings: Settings, files: dict[str, bytes]) -> Settings:
    """``settings`` with its vocabulary files usable here: the original path where it holds the same
    bytes (same machine, shared filesystem), otherwise a copy under the temporary folder."""
    def local(paths: tuple[Path, ...]) -> tuple[Path, ...]:
        out = []
        for p in paths:
            data = files.get(str(p))
            if data is None:
                out.append(p)
                continue
            try:
                if Path(p).read_bytes() == data:
                    out.append(p)
                    continue
            except OSError:
                pass
            digest = hashlib.sha256(data).hexdigest()[:16]
            d = _vocab_dirs.get(digest)
            if d is None:
                d = Path(tempfile.gettempdir()) / f"kotoex-vocab-{os.getpid()}-{digest}"
                d.mkdir(parents=True, exist_ok=True)
                (d / Path(p).name).write_bytes(data)
                _vocab_dirs[digest] = d
            out.append(d / Path(p).name)
        return tuple(out)

    if not files:
        return settings
    n = settings.normalize
    return replace(settings, normalize=replace(n, lexicon_files=local(n.lexicon_files),
                                               column_files=local(n.column_files), status_files=local(n.status_files)))


_TMP_PREFIX = "kotoex-dask-"
_swept = False


def _sweep_stale_temp() -> None:
    """Remove the temporary folders of worker processes that died (killed mid-document), once per process."""
    global _swept
    if _swept:
        return
    _swept = True
    for d in Path(tempfile.gettempdir()).glob(f"{_TMP_PREFIX}*-*"):
        try:
            pid = int(d.name[len(_TMP_PREFIX):].split("-", 1)[0])
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(d, ignore_errors=True)
        except (ValueError, OSError):  # not ours, or alive / not ours to signal
            pass


def process_bytes(name: str, data: bytes, settings: Settings, files: dict[str, bytes]) -> tuple[Document, float]:
    """Runs in a dask worker: one PDF given by its bytes, under its original file name."""
    logging.getLogger("kotoex").setLevel(logging.CRITICAL + 1)  # documents carry their own errors
    _sweep_stale_temp()
    settings = _worker_settings(settings, files)
    with tempfile.TemporaryDirectory(prefix=f"{_TMP_PREFIX}{os.getpid()}-") as d:
        path = Path(d) / name
        path.write_bytes(data)
        del data
        t0 = time.perf_counter()
        doc = process_file(path, settings)
        return doc, time.perf_counter() - t0


def worker_version() -> str:
    return __version__


# ------------------------------------------------------------------------------------ client side

def _vocab_files(settings: Settings) -> dict[str, bytes]:
    files = {}
    n = settings.normalize
    for p in (*n.lexicon_files, *n.column_files, *n.status_files):
        try:
            files[str(p)] = Path(p).read_bytes()
        except OSError:  # left as it is: the worker fails on it as a local run would
            pass
    return files


def _config(local: bool) -> dict:
    cfg = {"distributed.admin.large-graph-warning-threshold": "4GB"}  # PDFs travel inside the tasks
    if local:
        cfg.update({
            # one document per worker at a time, and no spilling or pausing: the only memory action left is
            # the nanny's restart of a worker past 95 % of memory_limit (the document is then recorded as failed)
            "distributed.scheduler.worker-saturation": 1.0,
            "distributed.worker.memory.target": False,
            "distributed.worker.memory.spill": False,
            "distributed.worker.memory.pause": False,
        })
    return cfg


def _connect(distributed, scheduler: str | None, workers: int, memory_mb: int | None):
    cluster = None
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError) as e:
            raise DaskSetupError(f"cannot reach the dask scheduler at {scheduler}: {e}") from e
        try:
            client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
        except (OSError, TimeoutError) as e:
            client.close()
            raise DaskSetupError(f"no dask worker joined the scheduler at {scheduler} within "
                                 f"{WORKERS_TIMEOUT:g} s") from e
    else:
        try:
            cluster = distributed.LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                memory_limit=f"{memory_mb}MB" if memory_mb else 0, silence_logs=logging.ERROR,
                preload=["kotoex.pipeline"],  # imported at worker start and restart, not in a document's time
                scheduler_kwargs={"allowed_failures": 0, "dashboard": False})
        except Exception as e:
            raise DaskSetupError(f"cannot start a local dask cluster: {type(e).__name__}: {e}") from e
        client = distributed.Client(cluster, set_as_default=False)
    try:
        versions = client.run(worker_version)
    except Exception as e:
        client.close()
        if cluster is not None:
            cluster.close()
        raise DaskSetupError(f"the dask workers cannot run kotoex ({type(e).__name__}: {e}); install kotoex in "
                             f"the workers' environment ({INSTALL_HINT})") from e
    other = {a: v for a, v in versions.items() if v != __version__}
    if other:
        client.close()
        if cluster is not None:
            cluster.close()
        raise DaskSetupError(f"dask workers run another kotoex version than this one ({__version__}): "
                             + ", ".join(f"{a} {v}" for a, v in sorted(other.items()))
                             + "; their outputs would differ")
    return client, cluster


def _failure_reason(exc: BaseException, memory_mb: int | None, local: bool) -> str:
    name = type(exc).__name__
    if name == "KilledWorker":
        last = getattr(exc, "last_worker", None)
        where = getattr(last, "address", None) or ""
        reason = "worker process died (dask worker lost while processing it" + (f": {where}" if where else "") + ")"
        if local and memory_mb:
            reason += f"; it may have exceeded the memory limit of {memory_mb} MB"
        return reason
    if name == "CancelledError":
        return "dask task cancelled (lost connection to the scheduler?)"
    return f"dask task failed: {name}: {exc}"


def process_many_dask(paths: list[Path], settings: Settings | None = None, workers: int = 1,
                      limits: Limits | None = None, scheduler: str | None = None) -> Iterator[tuple[Path, Document, float]]:
    """Process ``paths`` on a dask cluster, yielding ``(path, doc, seconds)`` as each finishes.

    ``scheduler`` is the address of a running scheduler (``tcp://host:8786``); without it a
    LocalCluster of ``workers`` processes with one thread each is started and closed again.
    Raises :class:`DaskUnavailable` / :class:`DaskSetupError` before any document; never for one.
    """
    distributed = require_dask()
    import dask

    settings = settings or Settings()
    limits = limits or Limits()
    timeout = limits.timeout or None
    memory_mb = limits.memory_mb or None
    if not paths:
        return
    local = not scheduler
    with dask.config.set(_config(local)), _quiet_dask():
        client, cluster = _connect(distributed, scheduler, max(1, min(workers, len(paths))), memory_mb)
        running: dict = {}  # future -> (path, submitted at)
        zombies: set = set()  # timed out on another cluster: still running there, not waited for
        try:
            yield from _drive(client, local, paths, settings, timeout, memory_mb, running, zombies)
        finally:
            for fut in [*running, *zombies]:
                fut.cancel()
            client.close()
            if cluster is not None:
                cluster.close()


@contextmanager
def _quiet_dask() -> Iterator[None]:
    """dask.distributed's own INFO chatter (cluster start, connections) only with kotoex -vv."""
    loggers = [logging.getLogger(n) for n in ("distributed", "tornado")]
    old = [lg.level for lg in loggers]
    if not log.isEnabledFor(logging.DEBUG):  # -vv: everything; -v: dask's warnings; else: nothing of dask's
        for lg in loggers:  # (a document's failure is in its own record)
            lg.setLevel(logging.WARNING if log.isEnabledFor(logging.INFO) else logging.CRITICAL)
    try:
        yield
    finally:
        for lg, level in zip(loggers, old):
            lg.setLevel(level)


def _drive(client, local: bool, paths: list[Path], settings: Settings, timeout: float | None,
           memory_mb: int | None, running: dict, zombies: set) -> Iterator[tuple[Path, Document, float]]:
    files = _vocab_files(settings)
    todo = list(reversed(paths))
    slots_at = 0.0
    slots = 1
    finished = threading.Event()  # set by the client's thread when any future finishes

    def capacity() -> int:
        """Documents to keep in flight: the cluster's threads, less those a timed-out document still holds."""
        nonlocal slots_at, slots
        if time.monotonic() - slots_at > 2.0:
            try:
                slots = max(1, sum(client.nthreads().values()))
            except Exception:  # keep the last known value
                pass
            slots_at = time.monotonic()
        return max(1, slots - len(zombies))

    while todo or running:
        while todo and len(running) < capacity():
            path = todo.pop()
            try:
                data = path.read_bytes()
            except OSError:  # unreadable here: the pipeline records it exactly as a local run does
                t0 = time.perf_counter()
                yield path, process_file(path, settings), time.perf_counter() - t0
                continue
            fut = client.submit(process_bytes, path.name, data, settings, files, pure=False,
                                key=f"kotoex-{path.stem[:40]}-{uuid.uuid4().hex}")
            del data
            running[fut] = (path, time.perf_counter())
            fut.add_done_callback(lambda _f: finished.set())
        if not running:
            continue
        wait_for = None
        if timeout:
            wait_for = max(0.01, min(t for _p, t in running.values()) + timeout - time.perf_counter())
        if not any(f.done() for f in running):
            finished.wait(wait_for)
        finished.clear()
        zombies.difference_update([f for f in zombies if f.done()])
        now = time.perf_counter()
        late = []
        for fut, (path, started) in list(running.items()):
            if fut.done():
                del running[fut]
                yield (path, *_collect(fut, path, started, memory_mb, local))
            elif timeout and now - started >= timeout:
                del running[fut]
                late.append((fut, path, now - started))
        if late:
            if local:
                _cancel_and_restart(client, [f for f, _p, _s in late])
            else:  # it cannot be stopped there: its worker thread stays taken until it ends
                zombies.update(f for f, _p, _s in late)
            for _f, path, secs in late:
                log.info("%s: timed out after %g s", path, timeout)
                yield path, failed_document(path, f"timed out after {timeout:g} s"), secs


def _collect(fut, path: Path, started: float, memory_mb: int | None, local: bool) -> tuple[Document, float]:
    try:
        doc, secs = fut.result()
    except BaseException as e:  # noqa: BLE001 - a task's failure is the document's, never the batch's
        if isinstance(e, KeyboardInterrupt):
            raise
        reason = _failure_reason(e, memory_mb, local)
        log.info("%s: %s", path, reason)
        return failed_document(path, reason), time.perf_counter() - started
    if any(err.startswith("internal error: MemoryError") for err in doc.errors):
        return failed_document(path, "out of memory (in the dask worker)"), secs
    return doc, secs


def _cancel_and_restart(client, futures: list) -> None:
    """kotoex's own LocalCluster: cancel timed-out tasks and restart the workers still running them
    (a running call cannot be stopped in a worker otherwise). Returns when the workers are back."""
    keys = {f.key for f in futures}
    try:
        addrs = [w for w, ks in client.processing().items() if keys & set(ks)]
    except Exception:
        addrs = []
    for f in futures:
        f.cancel()
    if addrs:
        try:
            client.restart_workers(addrs, timeout=60, raise_for_error=False)
        except Exception as e:  # pragma: no cover - the worker may be gone already
            log.warning("could not restart dask workers %s: %s", ", ".join(addrs), e)
