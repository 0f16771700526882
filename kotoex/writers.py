"""Writers: Document JSON, and flat measure / practice rows as CSV (RFC 4180, UTF-8) or pandas.

Writers only know :mod:`kotoex.models`. Files are written to a temporary name and renamed, so
an interrupted run never leaves half a file under the final name.
"""
from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable, Iterator

from kotoex.models import Document

_UMASK = os.umask(0)
os.umask(_UMASK)

MEASURE_COLUMNS = [
    "file", "sha256", "doc_type", "language", "municipality_code", "municipality", "period_start", "period_end",
    "measure_no", "id", "section", "goal", "text", "responsible_raw", "body_names", "body_codes", "body_roles",
    "status_raw", "status_code", "status_detail", "indicator", "schedule_raw", "schedule_start", "schedule_end",
    "schedule_continuous", "pages", "confidence", "pipeline_version",
]
PRACTICE_COLUMNS = [
    "file", "sha256", "practice_no", "region_heading", "title", "municipality_names", "municipality_codes",
    "language", "pages", "text", "pipeline_version",
]


def atomic_write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are shared data
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def document_json(doc: Document) -> str:
    return doc.model_dump_json(indent=2) + "\n"


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
            "pages": _join(m.pages), "confidence": m.confidence, "pipeline_version": doc.pipeline_version,
        }


def practice_rows(doc: Document) -> Iterator[dict[str, Any]]:
    for i, p in enumerate(doc.practices, 1):
        yield {
            "file": doc.source.file, "sha256": doc.source.sha256, "practice_no": i, "region_heading": p.region_heading,
            "title": p.title, "municipality_names": _join(m.name for m in p.municipalities),
            "municipality_codes": _join(m.code for m in p.municipalities), "language": p.language,
            "pages": _join(p.pages), "text": p.text, "pipeline_version": doc.pipeline_version,
        }


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
        self._w.writerow({k: ("" if v is None else v) for k, v in row.items()})

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

