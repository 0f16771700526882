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
    turn: int = 0  # clockwise degrees the page image was turned to read it upright (0, 90, 180, 270)


ISSUE_KINDS = ("ocr_unavailable", "ocr_page_limit", "ocr_language_missing", "ocr_timeout", "ocr_failed", "ocr_used")


@dataclass(frozen=True)
class OcrIssue:
    """One thing to tell about a document's OCR: what kind (:data:`ISSUE_KINDS`), the human text, the pages."""
    kind: str
    message: str
    pages: tuple[int, ...] = ()


@dataclass
class OcrReport:
    pages: list[Page]
    issues: list[OcrIssue] = field(default_factory=list)  # in the order they arose
    details: list[PageOcr] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        """The human text of :attr:`issues`."""
        return [i.message for i in self.issues]
