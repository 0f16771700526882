"""Writers: Document JSON, and flat measure / practice rows as CSV (RFC 4180, UTF-8) or pandas.

Writers only know :mod:`kotoex.models`. Files are written to a temporary name and renamed, so
an interrupted run never leaves half a file under the final name; temporary names are short
(``.kotoex-*.tmp``, whatever the final name's length) and only those are ever cleaned up.

Every CSV cell goes through :func:`csv_cell`: text that a spreadsheet would evaluate as a formula
(starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) gets a leading ``'`` (OWASP's
advice against CSV injection). JSON, Parquet and DuckDB keep the true value.
"""
from __future__ import annotations

import csv
import errno
import io
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable, Iterator

from pydantic_core import PydanticSerializationError

from kotoex.models import Document

_UMASK = os.umask(0)
os.umask(_UMASK)

MEASURE_COLUMNS = [
    "file", "sha256", "doc_type", "language", "municipality_code", "municipality", "period_start", "period_end",
    "measure_no", "id", "section", "goal", "text", "responsible_raw", "body_names", "body_codes", "body_roles",
    "status_raw", "status_code", "status_detail", "indicator", "schedule_raw", "schedule_start", "schedule_end",
    "schedule_continuous", "themes", "theme_primary", "pages", "confidence", "pipeline_version",
]
PRACTICE_COLUMNS = [
    "file", "sha256", "practice_no", "region_heading", "title", "municipality_names", "municipality_codes",
    "language", "themes", "theme_primary", "pages", "text", "pipeline_version",
]


TEMP_PREFIX = ".kotoex-"  # every temporary file or folder kotoex makes starts with this (and only those are cleaned)
TEMP_SUFFIX = ".tmp"
# errors of the output location, not of one document: the run stops with one message (exit code 4)
FATAL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM})


class OutputUnwritable(OSError):
    """The output folder cannot be written (read-only, no permission, disk full): no document can be saved."""


def output_error(e: OSError, path: Path | str) -> OSError:
    """``e`` as :class:`OutputUnwritable` where it is about the output location, else unchanged."""
    if isinstance(e, OutputUnwritable) or e.errno not in FATAL_ERRNOS:
        return e
    what = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is exceeded",
            errno.EROFS: "the file system is read-only"}.get(e.errno, "permission denied")
    return OutputUnwritable(e.errno, f"cannot write to {Path(path).parent}: {what}", str(path))


def temp_file(folder: Path) -> tuple[int, str]:
    """``mkstemp`` in ``folder`` with a short name (``.kotoex-XXXXXXXX.tmp``), file mode 0600."""
    return tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)


def publish(tmp: str | Path, path: Path) -> None:
    """Make ``tmp`` readable as shared data (umask applied, like any new file) and rename it to ``path``."""
    os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are shared data
    os.replace(tmp, path)


def atomic_write_text(path: Path, text: str, *, bom: bool = False) -> None:
    text = ("\ufeff" if bom else "") + text
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates (a file name that is not UTF-8, a PDF's character map)
        data = clean_str(text).encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = temp_file(path.parent)
    except OSError as e:
        raise output_error(e, path) from e
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        publish(tmp, path)
    except BaseException as e:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(e, OSError):
            raise output_error(e, path) from e
        raise


def clean_str(s: str) -> str:
    """``s`` as valid Unicode: surrogate pairs joined into their character, lone surrogates → U+FFFD."""
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return s.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _clean_values(v: Any) -> Any:
    if isinstance(v, str):
        return clean_str(v)
    if isinstance(v, list):
        return [_clean_values(x) for x in v]
    if isinstance(v, dict):
        return {clean_str(k) if isinstance(k, str) else k: _clean_values(x) for k, x in v.items()}
    return v


def document_json(doc: Document) -> str:
    """The Document as JSON. Text that is not valid Unicode (lone surrogates from a PDF's character map or a
    file name) is repaired, with a warning, rather than failing the write."""
    try:
        return doc.model_dump_json(indent=2) + "\n"
    except (PydanticSerializationError, UnicodeError):
        data = _clean_values(doc.model_dump(mode="python"))
        data.setdefault("warnings", []).append("text with invalid Unicode (lone surrogates) was replaced by U+FFFD")
        return Document.model_validate(data).model_dump_json(indent=2) + "\n"


def write_json(doc: Document, path: Path) -> None:
    atomic_write_text(path, document_json(doc))


def _join(values: Iterable[Any]) -> str:
    return ";".join("" if v is None else str(v) for v in values)


def measure_rows(doc: Document) -> Iterator[dict[str, Any]]:
    d = doc.document
    muni = d.municipalities[0] if len(d.municipalities) == 1 else None
    for i, m in enumerate(doc.measures, 1):
        bodies = m.responsible.bodies if m.responsible else []
        yield {
            "file": doc.source.file, "sha256": doc.source.sha256, "doc_type": d.doc_type, "language": d.language,
            "municipality_code": m.municipality_code or (muni.code if muni else None),
            "municipality": muni.name if muni else None,
            "period_start": d.period.start if d.period else None, "period_end": d.period.end if d.period else None,
            "measure_no": i, "id": m.id, "section": m.section, "goal": m.goal, "text": m.text,
            "responsible_raw": m.responsible.raw if m.responsible else None,
            "body_names": _join(b.name for b in bodies), "body_codes": _join(b.code for b in bodies),
            "body_roles": _join(b.role for b in bodies),
            "status_raw": m.status.raw if m.status else None, "status_code": m.status.code if m.status else None,
            "status_detail": m.status.detail if m.status else None, "indicator": m.indicator,
            "schedule_raw": m.schedule.raw if m.schedule else None,
            "schedule_start": m.schedule.start if m.schedule else None,
            "schedule_end": m.schedule.end if m.schedule else None,
            "schedule_continuous": m.schedule.continuous if m.schedule else None,
            "themes": _join(m.themes), "theme_primary": m.themes[0] if m.themes else None,
            "pages": _join(m.pages), "confidence": m.confidence, "pipeline_version": doc.pipeline_version,
        }


def practice_rows(doc: Document) -> Iterator[dict[str, Any]]:
    for i, p in enumerate(doc.practices, 1):
        yield {
            "file": doc.source.file, "sha256": doc.source.sha256, "practice_no": i, "region_heading": p.region_heading,
            "title": p.title, "municipality_names": _join(m.name for m in p.municipalities),
            "municipality_codes": _join(m.code for m in p.municipalities), "language": p.language,
            "themes": _join(p.themes), "theme_primary": p.themes[0] if p.themes else None,
            "pages": _join(p.pages), "text": p.text, "pipeline_version": doc.pipeline_version,
        }


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(v: Any) -> Any:
    """A value for a CSV cell: text a spreadsheet would evaluate as a formula gets a leading ``'`` (OWASP)."""
    if isinstance(v, str) and v.startswith(FORMULA_STARTS):
        return "'" + v
    return v


def csv_frame(df: Any) -> Any:
    """A pandas DataFrame with :func:`csv_cell` applied to its text cells, for ``to_csv``."""
    return df.apply(lambda col: col.map(csv_cell) if col.dtype == object else col)


class CsvWriter:
    """start / write / finish over an open text stream, with a fixed column list (scrapy's exporter shape)."""

    def __init__(self, stream: io.TextIOBase, columns: list[str]):
        self._w = csv.DictWriter(stream, fieldnames=columns, extrasaction="raise", lineterminator="\r\n")
        self._started = False

    def start(self) -> None:
        self._w.writeheader()
        self._started = True

    def write(self, row: dict[str, Any]) -> None:
        if not self._started:
            self.start()
        self._w.writerow({k: ("" if v is None else csv_cell(v)) for k, v in row.items()})

    def finish(self) -> None:
        if not self._started:
            self.start()


def write_csv(path: Path, columns: list[str], rows: Iterable[dict[str, Any]]) -> int:
    buf = io.StringIO()
    w = CsvWriter(buf, columns)
    w.start()
    n = 0
    for r in rows:
        w.write(r)
        n += 1
    w.finish()
    atomic_write_text(path, buf.getvalue())
    return n


def write_document_outputs(doc: Document, out_dir: Path, stem: str) -> Path:
    """``<stem>.json`` and, where there are rows, ``<stem>.measures.csv`` / ``<stem>.practices.csv``."""
    path = out_dir / f"{stem}.json"
    write_json(doc, path)
    if doc.measures:
        write_csv(out_dir / f"{stem}.measures.csv", MEASURE_COLUMNS, measure_rows(doc))
    if doc.practices:
        write_csv(out_dir / f"{stem}.practices.csv", PRACTICE_COLUMNS, practice_rows(doc))
    return path

