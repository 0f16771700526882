"""What OCR reports besides the pages: per-page details and the document's report."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..pdf import Page


@dataclass
class PageOcr:
    """What OCR of one page produced, beyond the Page itself."""
    number: int
    seconds: float
    angle: float = 0.0
    cached: bool = False
    error: str | None = None
    tesseract_cpu: float = 0.0  # CPU seconds tesseract used
    lang: str = ""


@dataclass
class OcrReport:
    pages: list[Page]
    warnings: list[str] = field(default_factory=list)
    details: list[PageOcr] = field(default_factory=list)
