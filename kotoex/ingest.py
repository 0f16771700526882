"""The nightly job: bring a dataset folder up to date with an inbox of PDFs.

A dataset folder holds::

    state.sqlite          one row per inbox file: size, mtime, sha256, status, pipeline version, output, error, timings
    .lock                 flock'ed while an ingest or export runs on it
    documents/<rel>.json  one Document per inbox PDF (the PDF's path inside the inbox, ``.pdf`` → ``.json``)
    data/, parquet/, kotoex.duckdb, datapackage.json   the cross-municipality tables (kotoex.dataset)

A rerun processes only new files, changed files (size or mtime changed and then the sha256
differs) and files last processed by another pipeline version; the rest is skipped after one
``stat`` each. Every output is written to a temporary file and renamed, and the state row is
committed after its output, so a run can be interrupted at any moment (kill -9 included): the
next run redoes at most the documents that were in flight, and nothing is counted twice.
"""
from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from kotoex import __version__
from kotoex.batch import process_many
from kotoex.dataset import DATAPACKAGE_FILE, EXPORT_DIR
from kotoex.export import export_dataset
from kotoex.inputs import fit_name, safe_stem, walk_pdfs
from kotoex.extract import file_sha256
from kotoex.models import Document
from kotoex.pipeline import Settings, failed_document
from kotoex.runner_types import Limits
from kotoex.state import LOCK_FILE, STATE_FILE, DatasetLocked, clean_temp_files, dataset_lock, now_utc, open_state, \
    open_state_readonly, state_error, state_rows, transaction
from kotoex.writers import OutputUnwritable, write_json

__all__ = ["DOCUMENTS_DIR", "LOCK_FILE", "STATE_FILE", "Candidate", "DatasetLocked", "IngestItem", "IngestResult",
           "Plan", "clean_temp_files", "dataset_lock", "dry_run", "ingest", "open_state", "output_name", "plan_ingest",
           "scan_inbox", "state_rows"]

log = logging.getLogger(__name__)

DOCUMENTS_DIR = "documents"


# ------------------------------------------------------------------------------------- planning

@dataclass
class Candidate:
    rel: str
    path: Path
    size: int
    mtime_ns: int
    reason: str  # new | changed | pipeline x.y -> z | retry failed
    sha256: str | None = None
    problem: str | None = None  # why it must not be opened (recorded as failed without reading it)


@dataclass
class Plan:
    todo: list[Candidate] = field(default_factory=list)
    skipped: int = 0
    touched: list[tuple[str, int, int]] = field(default_factory=list)  # (rel, size, mtime_ns): same content
    scanned: int = 0
    missing: list[str] = field(default_factory=list)  # in the state, gone from the inbox


def scan_inbox(inbox: Path, follow_links: bool = False) -> Iterator[tuple[str, Path, os.stat_result, str | None]]:
    """Every ``*.pdf`` (any case) under ``inbox``, recursively, with its stat and the reason it must not be read
    (a FIFO, a link out of the inbox: see :func:`kotoex.inputs.walk_pdfs`) or None; hidden folders skipped."""
    for p, problem in walk_pdfs(inbox, follow_links):
        try:
            st = os.lstat(p) if problem or p.is_symlink() and not p.exists() else os.stat(p)
        except OSError as err:
            log.warning("cannot read %s: %s", p, err)
            continue
        rel = p.relative_to(inbox).as_posix()
        try:
            rel.encode("utf-8")
        except UnicodeEncodeError:  # a name that is not UTF-8: a stable, printable key ('caf\\xe9.pdf')
            rel = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        yield rel, p, st, problem


def plan_ingest(inbox: Path, db: sqlite3.Connection, *, retry_failed: bool = False, hash_changed: bool = True,
                follow_links: bool = False) -> Plan:
    """What a run has to process. ``hash_changed=False`` (dry run) does not read changed files."""
    known = {row[0]: row[1:] for row in db.execute(
        "SELECT path, size, mtime_ns, sha256, pipeline_version, status FROM files")}
    plan = Plan()
    seen = set()
    for rel, path, st, problem in scan_inbox(inbox, follow_links):
        plan.scanned += 1
        seen.add(rel)
        row = known.get(rel)

        def candidate(reason: str, sha: str | None = None) -> Candidate:
            return Candidate(rel, path, st.st_size, st.st_mtime_ns, reason, sha, problem)

        if row is None:
            plan.todo.append(candidate("new"))
            continue
        size, mtime_ns, sha, version, status = row
        if version != __version__:
            plan.todo.append(candidate(f"pipeline {version} → {__version__}"))
        elif size != st.st_size or mtime_ns != st.st_mtime_ns:
            if size == st.st_size and hash_changed and sha and not problem:
                new_sha = _sha(path)
                if new_sha == sha:
                    plan.touched.append((rel, st.st_size, st.st_mtime_ns))
                    if retry_failed and status == "failed":
                        plan.todo.append(candidate("retry failed", new_sha))
                    else:
                        plan.skipped += 1
                    continue
                plan.todo.append(candidate("changed", new_sha))
            else:
                plan.todo.append(candidate("changed"))
        elif retry_failed and status == "failed":
            plan.todo.append(candidate("retry failed"))
        else:
            plan.skipped += 1
    plan.missing = sorted(set(known) - seen)
    plan.todo.sort(key=lambda c: c.rel)
    return plan


def _sha(path: Path) -> str | None:
    try:
        return file_sha256(path)
    except OSError:
        return None


# ------------------------------------------------------------------------------------- running

@dataclass
class IngestItem:
    rel: str
    status: str
    reason: str  # why it was processed
    measures: int = 0
    practices: int = 0
    pages: int = 0
    seconds: float = 0.0
    error: str | None = None


@dataclass
class IngestResult:
    plan: Plan
    items: list[IngestItem] = field(default_factory=list)
    seconds: float = 0.0
    exported: bool = False
    export_error: str | None = None

    def count(self, status: str) -> int:
        return sum(1 for i in self.items if i.status == status)

    @property
    def failed(self) -> list[IngestItem]:
        return [i for i in self.items if i.status == "failed"]


def output_name(rel: str, taken: set[str]) -> str:  # ``taken``: the outputs in use, casefolded
    """``documents/<rel without .pdf>.json``, or ``…<name>.pdf.json`` where another inbox name already has
    that (compared case-insensitively: ``dup.pdf`` and ``dup.PDF``), or ``…~<hash>.json`` after that; a file
    name too long for ``.json`` is shortened with a hash (:func:`kotoex.inputs.fit_name`)."""
    folder, _, name = rel.rpartition("/")
    base = name[:-4] if name.lower().endswith(".pdf") else name
    base, name = safe_stem(base), safe_stem(name)  # '.hidden', '..pdf': visible names
    prefix = f"{DOCUMENTS_DIR}/{folder}/" if folder else f"{DOCUMENTS_DIR}/"
    for stem in (base, name, f"{base}~{_digest(rel)}"):
        out = prefix + fit_name(stem, key=rel) + ".json"
        if out.casefold() not in taken:
            return out
    return prefix + fit_name(f"{base}~{_digest(rel + str(len(taken)))}", key=rel) + ".json"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:8]


def ingest(inbox: Path, dataset: Path, *, settings: Settings | None = None, workers: int = 1,
           limits: Limits | None = None, retry_failed: bool = False, export: bool = True,
           on_plan: Callable[[Plan], None] | None = None,
           on_done: Callable[[IngestItem], None] | None = None,
           executor: str = "local", scheduler: str | None = None, follow_links: bool = False) -> IngestResult:
    """Process what is new or changed in ``inbox`` into ``dataset``, then rebuild its tables.

    Takes the dataset's lock (raises :class:`DatasetLocked` if another process has it).
    ``executor`` / ``scheduler`` choose where the documents run, as for :func:`kotoex.batch.run_batch`.
    Files that must not be read (FIFOs, links out of the inbox unless ``follow_links``) and documents whose
    JSON cannot be written are recorded as failed; a dataset folder that cannot be written at all raises
    :class:`~kotoex.writers.OutputUnwritable`, a corrupt state database :class:`~kotoex.state.StateError`.
    """
    settings = settings or Settings()
    try:
        return _ingest(inbox, dataset, settings, workers, limits, retry_failed, export, on_plan, on_done, executor,
                       scheduler, follow_links)
    except sqlite3.Error as e:  # locked by another program, corrupt, read-only: one message, never a traceback
        raise state_error(e, dataset) from e


def _ingest(inbox: Path, dataset: Path, settings: Settings, workers: int, limits: Limits | None, retry_failed: bool,
            export: bool, on_plan: Callable[[Plan], None] | None, on_done: Callable[[IngestItem], None] | None,
            executor: str, scheduler: str | None, follow_links: bool) -> IngestResult:
    t0 = time.perf_counter()
    with dataset_lock(dataset):
        clean_temp_files(dataset)
        db = open_state(dataset)
        try:
            run_id = db.execute("INSERT INTO runs (started_at, inbox, pipeline_version) VALUES (?, ?, ?)",
                                (now_utc(), str(inbox), __version__)).lastrowid
            plan = plan_ingest(inbox, db, retry_failed=retry_failed, follow_links=follow_links)
            if on_plan:
                on_plan(plan)
            result = IngestResult(plan)
            with transaction(db):  # touched files: same content, new mtime
                db.executemany("UPDATE files SET size = ?, mtime_ns = ? WHERE path = ?",
                               [(s, m, rel) for rel, s, m in plan.touched])
            outputs = {r[0]: r[1] for r in db.execute("SELECT path, output FROM files")}
            taken = {o.casefold() for o in outputs.values() if o}
            by_path = {c.path: c for c in plan.todo}
            problems = {c.path: c.problem for c in plan.todo if c.problem}
            for path, doc, secs in process_many([c.path for c in plan.todo], settings, workers, limits,
                                                executor=executor, scheduler=scheduler, problems=problems):
                c = by_path[path]
                out = outputs.get(c.rel) or output_name(c.rel, taken)
                taken.add(out.casefold())
                item = _record(db, dataset, c, out, doc, secs)
                result.items.append(item)
                if on_done:
                    on_done(item)
            result.seconds = time.perf_counter() - t0
            db.execute("UPDATE runs SET finished_at = ?, scanned = ?, planned = ?, processed = ?, ok = ?, "
                       "partial = ?, failed = ?, seconds = ?, interrupted = 0 WHERE id = ?",
                       (now_utc(), plan.scanned, len(plan.todo), len(result.items), result.count("ok"),
                        result.count("partial"), result.count("failed"), result.seconds, run_id))
            pending = db.execute("SELECT value FROM meta WHERE key = 'export_pending'").fetchone()
            if export and (result.items or (pending and pending[0] == "1")
                           or not (dataset / EXPORT_DIR / DATAPACKAGE_FILE).exists()):
                try:
                    export_dataset(dataset)
                    result.exported = True
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('export_pending', '0')")
                except OutputUnwritable:
                    raise
                except Exception as e:  # the documents and state are safe; say so and go on
                    log.exception("export failed")
                    result.export_error = f"{type(e).__name__}: {e}"
        finally:
            db.close()
        result.seconds = time.perf_counter() - t0
    return result


def _record(db: sqlite3.Connection, dataset: Path, c: Candidate, out: str | None, doc: Document,
            secs: float) -> IngestItem:
    """Write the document's JSON (atomically), then commit its state row: in that order. A JSON that cannot
    be written (a name the file system refuses, …) is replaced by a failed Document with the reason, or, if
    even that fails, the state row records the failure without an output."""
    try:
        write_json(doc, dataset / out)
    except OutputUnwritable:
        raise
    except Exception as e:  # noqa: BLE001 - this document's failure, never the run's
        log.info("%s: cannot write its JSON: %s", c.rel, e)
        doc = failed_document(c.path, f"cannot write its JSON: {type(e).__name__}: {e}")
        try:
            write_json(doc, dataset / out)
        except OutputUnwritable:
            raise
        except Exception:  # noqa: BLE001
            out = None
    error = "; ".join(doc.errors) or None
    sha = doc.source.sha256 or c.sha256
    now = now_utc()
    with transaction(db):
        db.execute("INSERT OR REPLACE INTO meta VALUES ('export_pending', '1')")
        db.execute(
            "INSERT INTO files (path, size, mtime_ns, sha256, status, pipeline_version, output, error, pages, "
            "measures, practices, seconds, first_seen, processed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT(path) DO UPDATE SET size=excluded.size, mtime_ns=excluded.mtime_ns, sha256=excluded.sha256, "
            "status=excluded.status, pipeline_version=excluded.pipeline_version, output=excluded.output, "
            "error=excluded.error, pages=excluded.pages, measures=excluded.measures, practices=excluded.practices, "
            "seconds=excluded.seconds, processed_at=excluded.processed_at, runs=files.runs + 1",
            (c.rel, c.size, c.mtime_ns, sha, doc.status, doc.pipeline_version or __version__, out, error,
             doc.source.pages, len(doc.measures), len(doc.practices), round(secs, 4), now, now))
    return IngestItem(c.rel, doc.status, c.reason, len(doc.measures), len(doc.practices), doc.source.pages, secs,
                      error)


def dry_run(inbox: Path, dataset: Path, *, retry_failed: bool = False, follow_links: bool = False) -> Plan:
    """What :func:`ingest` would process, without writing anything (no lock, no state changes)."""
    state = dataset / STATE_FILE
    if not state.exists():
        plan = Plan()
        for rel, path, st, problem in scan_inbox(inbox, follow_links):
            plan.scanned += 1
            plan.todo.append(Candidate(rel, path, st.st_size, st.st_mtime_ns, "new", problem=problem))
        plan.todo.sort(key=lambda c: c.rel)
        return plan
    db = open_state_readonly(dataset)
    try:
        return plan_ingest(inbox, db, retry_failed=retry_failed, follow_links=follow_links)
    finally:
        db.close()
