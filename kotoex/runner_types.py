"""Types the document runners share: per-document limits and per-document / per-batch results.

The runners form a line: :mod:`kotoex.distributed` (dask engine) → :mod:`kotoex.batch` (local
worker pool, batch folders) → :mod:`kotoex.ingest` (datasets); each imports only those before it
and this module.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover  (the pydantic models load with the pipeline, not with the CLI)
    from kotoex.models import Document

DEFAULT_TIMEOUT = 300.0  # seconds per document
DEFAULT_MEMORY_MB = 4096  # address space per worker


class DaskUnavailable(ImportError):
    """``--executor dask`` without dask.distributed installed."""


class DaskSetupError(RuntimeError):
    """The cluster cannot be used: scheduler unreachable, no workers, kotoex missing on the workers."""


@dataclass(frozen=True)
class Limits:
    """Per-document guards. ``None`` (or 0) switches one off."""
    timeout: float | None = DEFAULT_TIMEOUT
    memory_mb: int | None = DEFAULT_MEMORY_MB


@dataclass
class DocResult:
    path: Path
    status: str
    measures: int
    practices: int
    seconds: float
    pages: int
    reason: str | None = None
    items: int = 0  # items (§) of minutes and agendas
    integration_items: int = 0  # of them, integration-related


@dataclass
class BatchResult:
    results: list[DocResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> list[DocResult]:
        return [r for r in self.results if r.status == "failed"]

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)


def doc_result(path: Path, doc: Document, secs: float) -> DocResult:
    return DocResult(path, doc.status, len(doc.measures), len(doc.practices), secs, doc.source.pages,
                     "; ".join(doc.errors) or None, items=len(doc.items),
                     integration_items=sum(1 for it in doc.items if it.integration_related))
