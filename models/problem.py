"""Problems: what could not be read, and where, as records (``problems`` in the JSON).

Each problem has a short code (``kind``), the pages it concerns as numbers, the human text and a
severity: ``info`` (how something was read: by OCR, a column taken as status), ``warning`` (content
may be missing or doubtful), ``error`` (the document could not be read). The document's
``warnings`` (strings, the contract) are the problems' messages, in the same order.

The known kinds, with their severity, are :data:`KINDS`; a new kind is added there.
"""
from __future__ import annotations

from enum import Enum
from typing import Iterable, Optional

from pydantic import Field, model_validator

from .base import Contract


class Severity(str, Enum):
    info = "info"
    warning = "warning"
    error = "error"


# kind -> (severity, what it means)
KINDS: dict[str, tuple[Severity, str]] = {
    # reading the PDF (kotoex/pipeline.py)
    "unreadable_pdf": (Severity.error, "the file is no usable PDF (damaged, encrypted, not a PDF)"),
    "internal_error": (Severity.error, "kotoex failed on the document (a bug): the reason names the exception"),
    "no_text_layer": (Severity.warning, "scanned pages without a usable text layer that OCR did not read"),
    "no_text": (Severity.info, "pages without any text or image"),
    "max_pages": (Severity.warning, "only the first pages were read (limits.max_pages / --max-pages)"),
    # OCR (extract/ocr)
    "ocr_used": (Severity.info, "pages read by OCR (tesseract)"),
    "ocr_unavailable": (Severity.warning, "scanned pages not read because tesseract is not installed"),
    "ocr_page_limit": (Severity.warning, "scanned pages beyond ocr.max_pages not read"),
    "ocr_language_missing": (Severity.warning, "a requested OCR language is not installed"),
    "ocr_timeout": (Severity.warning, "OCR of a page timed out (ocr.page_timeout); its content is missing"),
    "ocr_failed": (Severity.warning, "OCR of a page failed; its content is missing"),
    # tables and measures (interpret/measures.py, pipeline)
    "no_table_header": (Severity.warning, "a measure document without a recognised table header row"),
    "status_by_content": (Severity.info, "a follow-up column read as status because its cells are status phrases"),
    "unmatched_body": (Severity.info, "a responsible body that matched no code (kept as 'other')"),
    "table_header_unrecognised": (Severity.warning, "a row laid out like a table header names too few known columns "
                                  "(interpret/table_problems.py): its table's rows were not read"),
    "implausible_measures": (Severity.warning, "many table measures without action text or repeating one: "
                             "columns probably read with the wrong roles"),
    # document type (interpret/doctype.py)
    "doc_type_no_table": (Severity.warning, "a report or programme by its title, but no measure table found"),
    "doc_type_weak": (Severity.info, "the document type rests on weak signs only"),
    "doc_type_unknown": (Severity.warning, "no measure table, decision header or practice headings found"),
    # decisions (interpret/decision.py)
    "decision_no_title": (Severity.info, "no heading-size title: the first line after the header is taken"),
    "decision_no_section": (Severity.warning, "no § number and date in the decision header"),
    "decision_no_diary_number": (Severity.info, "no diary number in the decision header"),
    "decision_no_decision_section": (Severity.info, "no Päätös section: the proposal is given as the decision"),
    "decision_no_text": (Severity.warning, "no decision text found"),
    # practice collections (interpret/practices.py)
    "practices_no_heading_sizes": (Severity.info, "no heading sizes above the body text: titles from bold lines"),
    "practice_no_text": (Severity.warning, "a practice heading without text"),
    "practices_none": (Severity.warning, "no practice headings found"),
    # document-level evidence (kotoex/confidence.py): the result may be wrong
    "tabular_unexplained": (Severity.warning, "pages look like tables but the output explains none or few of them"),
    "letter_salad": (Severity.warning, "the text does not read as words (reading order or font broken)"),
    "unknown_long_text": (Severity.warning, "a long document of unknown type: its content is not in the output"),
    # a note of a reader step that does not give records yet (no pages)
    "table": (Severity.warning, "a note of the table reader"),
    "doc_type": (Severity.warning, "a note of the document type classifier"),
    "decision": (Severity.warning, "a note of the decision reader"),
    "practices": (Severity.warning, "a note of the practice reader"),
    "minutes": (Severity.warning, "a note of the minutes and agenda reader"),
}


class Problem(Contract):
    """One thing that could not be read, or was read in a doubtful way."""
    kind: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="short code, see models/problem.py KINDS")
    page: Optional[int] = Field(default=None, ge=1, description="the (first) page it concerns; null: the document")
    pages: list[int] = Field(default_factory=list, description="every page it concerns, ascending")
    message: str = Field(description="the human text, as in warnings")
    severity: Severity = Severity.warning

    @model_validator(mode="after")
    def _pages_agree(self) -> "Problem":
        if self.pages:
            self.pages = sorted(set(self.pages))
            if self.page is None:
                self.page = self.pages[0]
        elif self.page is not None:
            self.pages = [self.page]
        return self

    @classmethod
    def of(cls, kind: str, message: str, pages: Iterable[int] | int | None = None) -> "Problem":
        """A problem of a known ``kind`` (its severity from :data:`KINDS`) on ``pages`` (numbers, or None)."""
        severity, _ = KINDS[kind]
        if isinstance(pages, int):
            pages = [pages]
        return cls(kind=kind, message=message, pages=list(pages or ()), severity=severity)


def messages(problems: Iterable[Problem]) -> list[str]:
    """The human text of ``problems``: a document's ``warnings``."""
    return [p.message for p in problems]
