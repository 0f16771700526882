"""Every OCR knob in one typed, validated settings object, with its default."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_LANG = "fin+swe"  # tesseract language codes a document may be written in, '+'-joined
ENGINES = ("auto", "tesserocr", "cli")
MAX_AUTO_THREADS = 4  # OCR threads when left to the CPU count (each holds a page image and a tesseract)


@dataclass(frozen=True)
class OcrSettings:
    """How pages without a usable text layer are read (defaults measured on the corpus scans)."""
    lang: str = DEFAULT_LANG
    dpi: int = 300
    cache_dir: Path | None = None  # default: $KOTOEX_CACHE/ocr or ~/.cache/kotoex/ocr
    page_timeout: float = 60.0  # seconds for one page's tesseract run
    max_pages: int | None = None  # OCR at most this many pages of a document
    deskew: bool = True
    orient: bool = True  # turn sideways and upside-down scans upright before reading (text direction, tesseract OSD)
    psm: int = 6  # tesseract page segmentation mode; measured end to end on the corpus scans: 6 (one block) 0.98, 4 (one column) 0.93
    remove_rules: bool = True  # blank drawn lines before OCR (they otherwise become "|" and glue to words)
    # tesseract reads the page with everything that is not ink (Otsu, as for rules and fills) made white: its
    # LSTM reads grey levels, where a scan's grain, blur halo and uneven light can turn "1.1.2" into "TZ" or
    # "1:21". Off by default: on generated scans +0.02-0.03 on three tuning seeds, -0.005 on an unseen one and
    # -0.001 on the corpus scans (other lines are read worse as often as ids better)
    clean_paper: bool = False
    use_cache: bool = True
    engine: str = "auto"  # auto (tesserocr if installed, else the tesseract binary) | tesserocr | cli
    max_pixels: int = 40_000_000  # a page image has at most this many pixels: a huge page is rendered at a lower dpi
    threads: int = 0  # pages of one document read at once, each in a thread; 0: one per CPU (at most 4), shared among a batch's workers

    def __post_init__(self) -> None:
        if not [x for x in self.lang.split("+") if x]:
            raise ValueError(f"OCR language must name at least one tesseract language, e.g. {DEFAULT_LANG!r}")
        if not 50 <= self.dpi <= 1200:
            raise ValueError(f"OCR dpi must be between 50 and 1200, not {self.dpi}")
        if not 0 <= self.psm <= 13:
            raise ValueError(f"tesseract page segmentation mode (psm) must be 0..13, not {self.psm}")
        if self.page_timeout <= 0:
            raise ValueError(f"OCR page timeout must be positive, not {self.page_timeout}")
        if self.max_pages is not None and self.max_pages < 0:
            raise ValueError(f"OCR page limit must not be negative, not {self.max_pages}")
        if self.max_pixels < 1_000_000:
            raise ValueError(f"OCR max_pixels must be at least 1000000, not {self.max_pixels}")
        if self.threads < 0:
            raise ValueError(f"OCR threads must not be negative (0 = one per CPU), not {self.threads}")
        if self.engine not in ENGINES:
            raise ValueError(f"unknown OCR engine {self.engine!r} ({', '.join(ENGINES)})")

    def dpi_for(self, width_pt: float, height_pt: float) -> int:
        """The render dpi for a page of this size: ``dpi``, lowered so the image stays within ``max_pixels``
        (a 1 KB PDF with a 14400 pt page would otherwise take gigabytes at 300 dpi)."""
        pixels = (width_pt * self.dpi / 72.0) * (height_pt * self.dpi / 72.0)
        if pixels <= self.max_pixels:
            return self.dpi
        return max(1, int(self.dpi * (self.max_pixels / pixels) ** 0.5))

    def resolved_threads(self, workers: int = 1) -> int:
        """:attr:`threads`; 0 becomes the CPUs this process may use shared among ``workers`` processes that
        read documents at the same time (at least 1, at most ``MAX_AUTO_THREADS``)."""
        if self.threads:
            return self.threads
        try:
            cpus = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):  # not Linux
            cpus = os.cpu_count() or 1
        return max(1, min(MAX_AUTO_THREADS, cpus // max(1, workers)))

    def resolved_cache_dir(self) -> Path:
        if self.cache_dir is not None:
            return Path(self.cache_dir)
        env = os.environ.get("KOTOEX_CACHE")
        if env:
            return Path(env) / "ocr"
        return Path.home() / ".cache" / "kotoex" / "ocr"
