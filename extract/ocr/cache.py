"""OCR results cached as JSON per (file sha256, page, settings that change the reading, tesseract
version), so a rerun of a batch does not OCR again. A page is returned as the cache stores it
(rounded coordinates) on the first run too, so a first run and a rerun agree."""
from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import asdict
from pathlib import Path

from ..pdf import Fill, Page, Rule, Word
from .engine import tesseract_version
from .results import PageOcr
from .settings import OcrSettings

log = logging.getLogger(__name__)

# bump when the OCR output for the same input changes (invalidates caches)
# 18: the "§" repair of minutes headers moved to kotoex.interpret.sections (no longer in the cached words)
# 19: sideways and upside-down scans turned upright (PageOcr.turn)
# 25: specks dropped (word boxes with almost no ink), bullet-shaped blobs kept whatever they were read as,
#     a bullet read with a speck beside it ("—*") after a column gutter; the clean_paper setting (key)
# 26: skew by the text lines where the long ink components measured disagree (image._checked)
OCR_VERSION = "26"


def cache_key(sha: str, number: int, settings: OcrSettings, lang: str, vocab: str = "") -> str:
    """``vocab``: :func:`~.correct.vocabulary_hash` of the vocabulary the words are corrected into."""
    key = json.dumps({"sha": sha, "page": number, "lang": lang, "vocab": vocab, "dpi": settings.dpi, "deskew": settings.deskew, "orient": settings.orient,
                      "psm": settings.psm, "remove_rules": settings.remove_rules,
                      "clean_paper": settings.clean_paper, "v": OCR_VERSION,
                      "tess": tesseract_version(settings.engine)}, sort_keys=True)
    return hashlib.sha256(key.encode()).hexdigest()[:20]


def cache_path(settings: OcrSettings, sha: str, number: int, lang: str, vocab: str = "") -> Path:
    """Where the reading of page ``number`` of the file ``sha`` in ``lang`` (words corrected into the
    vocabulary of hash ``vocab``) is cached."""
    key = cache_key(sha, number, settings, lang, vocab)
    return settings.resolved_cache_dir() / sha[:2] / f"{sha}-p{number}-{key}.json"


def page_to_json(page: Page, info: PageOcr) -> dict:
    return {
        "number": page.number, "width": page.width, "height": page.height,
        "words": [[w.text, round(w.x0, 2), round(w.x1, 2), round(w.top, 2), round(w.bottom, 2), round(w.size, 2), w.bold,
                   w.conf] for w in page.words],
        "rules": [[round(r.x0, 2), round(r.top, 2), round(r.x1, 2), round(r.bottom, 2)] for r in page.rules],
        "fills": [[round(f.x0, 2), round(f.top, 2), round(f.x1, 2), round(f.bottom, 2)] for f in page.fills],
        "image_cover": page.image_cover, "info": asdict(info),
    }


def page_from_json(d: dict) -> tuple[Page, PageOcr]:
    n = d["number"]
    page = Page(number=n, width=d["width"], height=d["height"], image_cover=d.get("image_cover", 1.0), ocr=True,
                words=[Word(*w[:7], n, w[7] if len(w) > 7 else None) for w in d["words"]],
                rules=[Rule(*r) for r in d["rules"]],
                fills=[Fill(*f, (230, 230, 230)) for f in d.get("fills", [])])
    info = PageOcr(**d["info"])
    info.cached = True
    return page, info


def load(path: Path) -> tuple[Page, PageOcr] | None:
    """A cached page reading, or None if there is none (or it is unreadable)."""
    try:
        return page_from_json(json.loads(path.read_text("utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save(path: Path, page: Page, info: PageOcr) -> None:
    """Write atomically (a temporary file renamed); a failure is logged, never raised."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps(page_to_json(page, info), ensure_ascii=False), "utf-8")
        os.replace(tmp, path)
    except OSError as e:
        log.warning("OCR cache not written (%s)", e)


def rounded(page: Page, info: PageOcr) -> Page:
    """The page as the cache stores it (rounded coordinates), so a first run and a rerun agree."""
    return page_from_json(page_to_json(page, info))[0]
