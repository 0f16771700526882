"""OCR for pages without a usable text layer: scanned images → the same :class:`~kotoex.extract.pdf.Page` data.

One module per stage, in the order a page goes through them:

* :mod:`.settings` — :class:`OcrSettings`, every knob with its default (``DEFAULT_LANG``).
* :mod:`.selection` — which pages need OCR (:func:`needs_ocr`: no text layer, a stamp on a scan, or a
  :func:`broken_text_layer` whose letters are not the language's).
* :mod:`.engine` — the :class:`OcrEngine` interface: tesseract in process (:class:`TesserocrEngine`)
  or the binary (:class:`CliEngine`), chosen by :func:`get_engine`.
* :mod:`.image` — render, binarize, sideways pages, skew and rotation, fills, rules.
* :mod:`.hocr` — tesseract's hOCR → lines and words → :class:`~kotoex.extract.pdf.Word` in points.
* :mod:`.recover` — text the block segmentation left unread, read again line by line.
* :mod:`.correct` — post-correction against the domain vocabularies, bullets, rule residue.
* :mod:`.page` — one page through the chain (:func:`ocr_page`: :func:`render_page`, then
  :func:`ocr_rendered`, which needs no pdfium and may run in a thread).
* :mod:`.cache` — readings cached per file, page, settings and tesseract version.
* :mod:`.language`, :mod:`.sizes`, :mod:`.document` — the document: its reading language, one size
  per printed size, and the orchestration (:func:`ocr_document`, :func:`ocr_missing_pages`).

A document is read in one language where it can be: its first pages decide which (function words
counted by the caller's ``count_languages``), since a single model reads about twice as fast as
``fin+swe`` and gets that language's letters right.

Pages are read in ``OcrSettings.threads`` threads (default: one per CPU, shared among a batch's
workers): pdfium renders in the calling thread, one page at a time; the image work and tesseract, which
runs outside the GIL with an API of its own per thread, run in the others. While the first page decides
the language, the second is read in the language tried first, and kept only if that is the one chosen,
so the words are those of pages read one at a time.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# name -> submodule: loaded on first use (PEP 562), so `import kotoex.extract.ocr.settings` or
# `from kotoex.extract.ocr import OcrSettings` does not import numpy, PIL and tesseract for a text PDF
_LAZY = {
    **dict.fromkeys(("OCR_VERSION",), "cache"),
    **dict.fromkeys(("column_words", "correct_bullets", "correct_token", "domain_vocabulary", "drop_rule_residue", "postcorrect", "postcorrect_lines", "vocabulary_hash", "vocabulary_words"), "correct"),
    **dict.fromkeys(("ocr_missing_pages",), "document"),
    **dict.fromkeys(("CliEngine", "OcrEngine", "OcrTimeout", "TesserocrEngine", "get_engine", "run_tesseract", "tesseract_available", "tesseract_version", "usable_lang"), "engine"),
    **dict.fromkeys(("OcrLine", "OcrWord", "parse_hocr", "word_em", "words_from_lines"), "hocr"),
    **dict.fromkeys(("binarize", "estimate_skew", "find_fills", "find_rules", "is_sideways", "lighten_fills", "local_ink", "render_gray", "rotate", "rotation_matrix", "text_axis", "to_deskewed", "to_original", "turn"), "image"),
    **dict.fromkeys(("LanguageChoice", "LanguageCounter", "dominant_language", "language_counts"), "language"),
    **dict.fromkeys(("Rendered", "ocr_page", "ocr_rendered", "render_page"), "page"),
    **dict.fromkeys(("recover_uncovered", "uncovered_regions"), "recover"),
    **dict.fromkeys(("ISSUE_KINDS", "OcrIssue", "OcrReport", "PageOcr"), "results"),
    **dict.fromkeys(("broken_text_layer", "language_likeness", "needs_ocr", "text_layer_quality"), "selection"),
    **dict.fromkeys(("DEFAULT_LANG", "OcrSettings"), "settings"),
    **dict.fromkeys(("size_levels", "snap_sizes"), "sizes"),
}


def __getattr__(name: str) -> Any:
    mod = _LAZY.get(name)
    if mod is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{mod}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


def ocr_document(*args: Any, **kwargs: Any) -> Any:
    """:func:`.document.ocr_document`, imported on the first call: the pipeline asks for it on every
    document, but a text PDF that needs no OCR never loads the OCR stack (numpy, images, tesseract)."""
    from .document import ocr_document as run

    return run(*args, **kwargs)


if TYPE_CHECKING:  # pragma: no cover
    from .cache import OCR_VERSION
    from .correct import (
        column_words, correct_bullets, correct_token, domain_vocabulary, drop_rule_residue, postcorrect, postcorrect_lines,
        vocabulary_hash, vocabulary_words,
    )
    from .document import ocr_missing_pages
    from .engine import (
        CliEngine, OcrEngine, OcrTimeout, TesserocrEngine, get_engine, run_tesseract, tesseract_available, tesseract_version,
        usable_lang,
    )
    from .hocr import OcrLine, OcrWord, parse_hocr, word_em, words_from_lines
    from .image import (
        binarize, estimate_skew, find_fills, find_rules, is_sideways, lighten_fills, local_ink, render_gray, rotate,
        rotation_matrix, text_axis, to_deskewed, to_original, turn,
    )
    from .language import LanguageChoice, LanguageCounter, dominant_language, language_counts
    from .page import Rendered, ocr_page, ocr_rendered, render_page
    from .recover import recover_uncovered, uncovered_regions
    from .results import ISSUE_KINDS, OcrIssue, OcrReport, PageOcr
    from .selection import broken_text_layer, language_likeness, needs_ocr, text_layer_quality
    from .settings import DEFAULT_LANG, OcrSettings
    from .sizes import size_levels, snap_sizes

__all__ = [
    "DEFAULT_LANG", "OCR_VERSION", "OcrSettings", "OcrReport", "OcrIssue", "ISSUE_KINDS", "PageOcr",
    "OcrEngine", "TesserocrEngine", "CliEngine", "OcrTimeout", "get_engine", "run_tesseract", "tesseract_available",
    "tesseract_version", "usable_lang",
    "needs_ocr", "broken_text_layer", "language_likeness", "text_layer_quality",
    "render_gray", "binarize", "local_ink", "lighten_fills", "find_fills", "find_rules", "estimate_skew", "rotate",
    "rotation_matrix", "text_axis", "is_sideways", "turn", "to_deskewed", "to_original",
    "OcrLine", "OcrWord", "parse_hocr", "word_em", "words_from_lines",
    "recover_uncovered", "uncovered_regions",
    "correct_token", "correct_bullets", "domain_vocabulary", "column_words", "vocabulary_words", "vocabulary_hash", "drop_rule_residue", "postcorrect", "postcorrect_lines",
    "Rendered", "ocr_page", "ocr_rendered", "render_page", "ocr_document", "ocr_missing_pages",
    "LanguageChoice", "LanguageCounter", "language_counts", "dominant_language", "size_levels", "snap_sizes",
]
