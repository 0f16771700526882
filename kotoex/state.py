"""The dataset's state store: ``state.sqlite`` (one row per inbox file, one per run) and the ``.lock``.

Shared by :mod:`kotoex.ingest` (which writes it) and :mod:`kotoex.dataset` (which exports exactly
the documents it lists), so neither imports the other for it.
"""
from __future__ import annotations

import errno
import fcntl
import os
import shutil
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from kotoex.writers import TEMP_PREFIX, TEMP_SUFFIX

STATE_FILE = "state.sqlite"
LOCK_FILE = ".lock"
EXPORT_TEMP_PREFIX = TEMP_PREFIX + "export-"  # an export being built (or left by a killed one)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path            TEXT PRIMARY KEY,   -- relative to the inbox, '/'-separated
    size            INTEGER NOT NULL,
    mtime_ns        INTEGER NOT NULL,
    sha256          TEXT,
    status          TEXT NOT NULL,      -- ok | partial | failed
    pipeline_version TEXT NOT NULL,
    output          TEXT,               -- relative to the dataset folder
    error           TEXT,
    pages           INTEGER,
    measures        INTEGER,
    practices       INTEGER,
    seconds         REAL,               -- processing time of the last run on it
    first_seen      TEXT NOT NULL,
    processed_at    TEXT NOT NULL,
    runs            INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    inbox       TEXT NOT NULL,
    pipeline_version TEXT NOT NULL,
    scanned     INTEGER, planned INTEGER, processed INTEGER, ok INTEGER, partial INTEGER, failed INTEGER,
    seconds     REAL,
    interrupted INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""


class DatasetLocked(Exception):
    """Another kotoex process holds the dataset's lock (or the state database is locked)."""


class StateError(Exception):
    """The state database cannot be used (corrupt, not a database): nothing was changed."""


def state_error(e: sqlite3.Error, dataset: Path) -> Exception:
    """A sqlite error on the state database as the exception the CLI reports in one line with its exit code."""
    msg = str(e)
    if "locked" in msg or "busy" in msg:
        return DatasetLocked(f"{dataset / STATE_FILE} is locked by another program ({msg}); try again when it "
                             "has finished")
    if isinstance(e, sqlite3.OperationalError) and ("readonly" in msg or "unable to open" in msg):
        return PermissionError(13, f"cannot write the state database in {dataset} ({msg})", str(dataset / STATE_FILE))
    return StateError(f"{dataset / STATE_FILE} is not a usable kotoex state database ({msg}). Move it away to "
                      f"start the state afresh (every PDF is then processed again); nothing was changed")


@contextmanager
def dataset_lock(dataset: Path) -> Iterator[None]:
    """Hold the dataset's lock file (fcntl.flock, non-blocking) or raise :class:`DatasetLocked` at once."""
    dataset.mkdir(parents=True, exist_ok=True)
    path = dataset / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                holder = ""
                try:
                    holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
                except OSError:
                    pass
                raise DatasetLocked(f"{dataset} is in use by another kotoex process"
                                    f"{' (' + holder + ')' if holder else ''}; try again when it has finished") from e
            raise
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} since {now_utc()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the flock; the file stays (removing it would race)


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[None]:
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def clean_temp_files(dataset: Path) -> int:
    """Remove what an interrupted run of kotoex left behind: its own temporary files (``.kotoex-*.tmp``, a
    DuckDB ``.wal`` beside one) and unfinished export folders (``.kotoex-export-*``), nothing else. Call with
    the lock held."""
    n = 0
    for root, dirs, files in os.walk(dataset):  # symbolic links are not followed
        for d in [d for d in dirs if d.startswith(EXPORT_TEMP_PREFIX)]:
            shutil.rmtree(Path(root) / d, ignore_errors=True)
            dirs.remove(d)
            n += 1
        for f in files:
            if f.startswith(TEMP_PREFIX) and (f.endswith(TEMP_SUFFIX) or f.endswith(TEMP_SUFFIX + ".wal")):
                try:
                    (Path(root) / f).unlink()
                    n += 1
                except OSError:
                    pass
    return n


def now_utc() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


STATE_TIMEOUT = 30.0  # seconds to wait for a state database another program holds locked


def open_state(dataset: Path, timeout: float | None = None) -> sqlite3.Connection:
    """The state database, created if missing. Raises :class:`StateError` (corrupt), :class:`DatasetLocked`
    (locked by another program) or ``PermissionError`` (read-only) with a message for people."""
    def setup(db: sqlite3.Connection) -> None:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.executescript(_SCHEMA)
        _check_schema(db)

    return _connect(dataset, setup, dataset / STATE_FILE, isolation_level=None,
                    timeout=STATE_TIMEOUT if timeout is None else timeout)


def _connect(dataset: Path, setup, target, **kwargs) -> sqlite3.Connection:
    """Connect to ``target`` and run ``setup`` on it: closed again if that fails, an sqlite error raised
    as :class:`StateError` / :class:`DatasetLocked` (``state_error``)."""
    try:
        db = sqlite3.connect(target, **kwargs)
        try:
            setup(db)
        except BaseException:
            db.close()
            raise
    except sqlite3.Error as e:
        raise state_error(e, dataset) from e
    return db


def _check_schema(db: sqlite3.Connection) -> None:
    """Fail (sqlite3.Error) on a database that is not a state store of this kind: a corrupt file or a foreign table."""
    db.execute("SELECT path, size, mtime_ns, sha256, pipeline_version, status, output FROM files LIMIT 1")


def open_state_readonly(dataset: Path) -> sqlite3.Connection:
    """The state database opened read-only (no lock, no changes): for dry runs and exports."""
    return _connect(dataset, _check_schema, f"file:{dataset / STATE_FILE}?mode=ro", uri=True, timeout=30)


def state_rows(dataset: Path) -> list[dict]:
    """The state table as dicts (empty if the folder has no state)."""
    if not (dataset / STATE_FILE).exists():
        return []
    db = open_state_readonly(dataset)
    db.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in db.execute("SELECT * FROM files ORDER BY path")]
    except sqlite3.Error as e:
        raise state_error(e, dataset) from e
    finally:
        db.close()
