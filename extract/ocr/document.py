"""A document's pages through OCR: which pages, in which language, from the cache or read anew,
kept beside a stamp's text layer, sizes snapped, and a summary warning."""
from __future__ import annotations

import logging
import statistics
from collections import deque
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from ..pages import page_ranges
from ..pdf import Page, Word, file_sha256, open_document
from . import cache
from .correct import domain_vocabulary, vocabulary_hash
from .engine import OcrEngine, OcrTimeout, get_engine, usable_lang
from .language import LanguageChoice, LanguageCounter
from .page import Probe, Rendered, ocr_rendered, render_page
from .results import OcrIssue, OcrReport, PageOcr
from .selection import broken_text_layer, needs_ocr
from .settings import OcrSettings
from .sizes import snap_sizes

log = logging.getLogger(__name__)


class _PageReader:
    """Pages of one file from the OCR cache, else read by OCR; a failure becomes a detail and an issue
    of ``report`` (in the order pages are read) and None."""

    def __init__(self, path: Path, settings: OcrSettings, report: OcrReport, vocab: frozenset[str]):
        self.path, self.settings, self.report = path, settings, report
        self.vocab, self.vocab_hash = vocab, vocabulary_hash(vocab)
        self.sha = file_sha256(path)
        self.pdf = None

    def cached(self, number: int, lang: str) -> tuple[Page, PageOcr] | None:
        if not self.settings.use_cache:
            return None
        return cache.load(cache.cache_path(self.settings, self.sha, number, lang, self.vocab_hash))

    def read(self, number: int, lang: str, probe: Probe | None = None) -> tuple[Page, PageOcr] | None:
        """Page ``number`` read in ``lang`` (or the language ``probe`` picks), from the cache or by OCR."""
        hit = self.cached(number, lang)
        if hit is not None:
            return hit
        try:
            got = ocr_rendered(self._render(number), number, self.settings, lang, self.vocab, probe)
        except (RuntimeError, OSError) as e:  # OcrTimeout, tesseract's and pdfium's errors
            return self._failed(number, e)
        return self._store(got, lang)

    def start(self, pool: Executor, number: int, lang: str) -> Any:
        """Page ``number`` in ``lang`` begun on ``pool``: its cached reading, a Future, or the error that
        stopped its rendering (pdfium renders here, in the calling thread)."""
        got = self.cached(number, lang)
        if got is None:
            try:
                got = pool.submit(ocr_rendered, self._render(number), number, self.settings, lang, self.vocab)
            except (RuntimeError, OSError) as e:
                got = e
        return got

    def read_all(self, numbers: Sequence[int], lang: str, pool: Executor | None, threads: int,
                 begun: dict[int, Any] | None = None) -> Iterator[tuple[Page, PageOcr] | None]:
        """Pages ``numbers`` read in ``lang`` as :meth:`read` does, in order; with ``pool``, up to ``threads``
        at once, rendered one at a time a page or so ahead. ``begun``: pages already :meth:`start`-ed in ``lang``."""
        if pool is None:
            yield from (self.read(n, lang) for n in numbers)
            return
        queue: deque[tuple[int, Any]] = deque()
        for n in numbers:
            queue.append((n, (begun or {}).get(n) or self.start(pool, n, lang)))
            while sum(isinstance(g, Future) for _, g in queue) > threads:  # at most one image waits
                yield self._collect(*queue.popleft(), lang)
        while queue:
            yield self._collect(*queue.popleft(), lang)

    def _collect(self, number: int, got: Any, lang: str) -> tuple[Page, PageOcr] | None:
        if isinstance(got, BaseException):
            return self._failed(number, got)
        if isinstance(got, tuple):  # from the cache
            return got
        try:
            return self._store(got.result(), lang)
        except (RuntimeError, OSError) as e:
            return self._failed(number, e)

    def _render(self, number: int) -> Rendered:
        if self.pdf is None:
            self.pdf = open_document(self.path)
        pdf_page = self.pdf[number - 1]
        try:
            return render_page(pdf_page, self.settings)
        finally:
            pdf_page.close()

    def _store(self, got: tuple[Page, PageOcr], lang: str) -> tuple[Page, PageOcr]:
        new, info = got
        new = cache.rounded(new, info)
        if self.settings.use_cache:
            cache.save(cache.cache_path(self.settings, self.sha, info.number, info.lang or lang, self.vocab_hash),
                       new, info)
        return new, info

    def _failed(self, number: int, error: BaseException) -> None:
        timeout = self.settings.page_timeout
        if isinstance(error, OcrTimeout):
            info, kind = PageOcr(number, timeout, error="timeout"), "ocr_timeout"
            message = f"page {number}: OCR timed out after {timeout:g} s; its content is missing"
        else:
            info, kind = PageOcr(number, 0.0, error=str(error)), "ocr_failed"
            message = f"page {number}: OCR failed ({error}); its content is missing"
        self.report.details.append(info)
        self.report.issues.append(OcrIssue(kind, message, (info.number,)))
        return None

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()
            self.pdf = None


def _read_in_language(reader: _PageReader, choice: LanguageChoice, number: int) -> tuple[Page, PageOcr] | None:
    """A page read in the document's language. While that is undecided, the top of the page decides it
    where it can (:meth:`LanguageChoice.probe`); else the page is read again when its first reading shows
    another language (the time of both readings is the page's time)."""
    if choice.decided:
        return reader.read(number, choice.current)
    got = next((hit for lang in dict.fromkeys([choice.current, *choice.lang.split("+"), choice.lang])
                if (hit := reader.cached(number, lang)) is not None), None)  # from an earlier run, in any of them
    if got is None:
        got = reader.read(number, choice.current, probe=choice.probe)
        if got is None:
            return None
    lang = got[1].lang
    if lang and lang != choice.current:  # a cached reading in another language than the first
        if "+" not in lang:
            choice.adopt(lang)
        return got
    again_lang = choice.observe(got[0].words)
    if again_lang is not None:
        again = reader.read(number, again_lang)
        if again is not None:
            again[1].seconds = round(again[1].seconds + got[1].seconds, 3)
            return again
    return got


def _overlaps(a: Word, b: Word) -> bool:
    return min(a.x1, b.x1) > max(a.x0, b.x0) and min(a.bottom, b.bottom) > max(a.top, b.top)


def _beside_text_layer(old: Page, new: Page) -> Page:
    """The OCR reading of a page, keeping what its text layer had: a few characters on a scan (a stamp)
    stay, OCR words are added elsewhere. A text layer that does not read as text is dropped."""
    new.image_cover = max(new.image_cover, old.image_cover)
    if old.has_text and not broken_text_layer(old):
        new.words = old.words + [w for w in new.words if not any(_overlaps(w, o) for o in old.words)]
    return new


def _plan(todo: list[Page], settings: OcrSettings, engine: OcrEngine | None) -> tuple[list[Page], list[OcrIssue]]:
    """Of the pages that need OCR, those to read, and issues for those that will not be (no engine,
    page limit)."""
    if engine is None:
        return [], [OcrIssue("ocr_unavailable", f"pages {page_ranges(p.number for p in todo)}: no usable text layer "
                             "and OCR is not available (tesseract 5 is not installed: run "
                             "scripts/install-system-deps.sh); their content is missing", tuple(p.number for p in todo))]
    if settings.max_pages is not None and len(todo) > settings.max_pages:
        skipped = todo[settings.max_pages:]
        return todo[:settings.max_pages], [OcrIssue(
            "ocr_page_limit", f"pages {page_ranges(p.number for p in skipped)}: not read by OCR (limit of "
            f"{settings.max_pages} OCR pages); their content is missing", tuple(p.number for p in skipped))]
    return todo, []


def _summary(details: Sequence[PageOcr], engine: OcrEngine, lang: str, path: Path,
             broken: Sequence[int] = ()) -> list[OcrIssue]:
    """The warning that says which pages were read by OCR (and which of them because their text layer does
    not read as text), how and how fast."""
    done = [d for d in details if d.error is None]
    if not done:
        return []
    med = statistics.median(d.seconds for d in done)
    langs = "/".join(sorted({d.lang or lang for d in done}, key=lambda x: -sum(1 for d in done if d.lang == x)))
    cached = sum(1 for d in done if d.cached)
    note = f"; {cached} of {len(done)} from the OCR cache" if cached else ""
    read = {d.number for d in done}
    broken = [n for n in broken if n in read]
    if broken:
        note += f"; pages {page_ranges(broken)}: their text layer does not read as text (a broken font map)"
    turned = [d.number for d in done if d.turn]
    if turned:
        note += f"; pages {page_ranges(turned)} turned upright"
    for d in done:
        log.info("%s page %d: OCR %.2f s, skew %.2f°%s", path.name, d.number, d.seconds, d.angle,
                 " (cached)" if d.cached else "")
    return [OcrIssue("ocr_used", f"pages {page_ranges(d.number for d in done)} were read by OCR (tesseract "
                     f"{engine.label}, {langs}); median {med:.1f} s/page when read{note}", tuple(d.number for d in done))]


def ocr_document(path: Path, pages: list[Page], settings: OcrSettings | None = None, *,
                 count_languages: LanguageCounter | None = None, vocabulary: Iterable[str] = ()) -> OcrReport:
    """Like :func:`ocr_missing_pages`, with per-page details (time, skew, cache hit, error).

    ``count_languages`` (tokens → {ISO 639-1 code: function words}, e.g.
    ``kotoex.normalize.language.count_function_words``) lets a document be read with one language
    model once its first pages show which; without it every requested language is used.
    ``vocabulary``: phrases whose words OCR confusions may be corrected into, besides the column
    vocabulary (the pipeline passes status phrases and body names, the user's files included); its
    hash is part of the cache key.
    """
    settings = settings or OcrSettings()
    path = Path(path)
    report = OcrReport(list(pages))
    todo = [p for p in pages if needs_ocr(p)]
    if not todo:
        return report
    engine = get_engine(settings.engine)
    todo, report.issues = _plan(todo, settings, engine)
    if not todo:
        return report
    lang, missing = usable_lang(settings.lang, engine)
    if missing:
        report.issues.append(OcrIssue("ocr_language_missing",
                                      f"OCR language data missing for {'+'.join(missing)}; read with {lang}"))
    index = {p.number: i for i, p in enumerate(report.pages)}
    choice = LanguageChoice(lang, count_languages)
    reader = _PageReader(path, settings, report, domain_vocabulary(vocabulary))

    def keep(old: Page, got: tuple[Page, PageOcr] | None) -> None:
        if got is not None:
            report.pages[index[old.number]] = _beside_text_layer(old, got[0])
            report.details.append(got[1])

    threads = settings.resolved_threads()
    pool = ThreadPoolExecutor(threads, thread_name_prefix="kotoex-ocr") if threads > 1 and len(todo) > 1 else None
    try:
        # while the first page decides the language, the second is read in the language tried first: kept
        # if that is the document's language (as it would have been read then), dropped if not
        guess = (choice.current, todo[1].number, reader.start(pool, todo[1].number, choice.current)) \
            if pool is not None and not choice.decided else None
        first = 0
        while first < len(todo) and not choice.decided:  # one page at a time until the language is known
            keep(todo[first], _read_in_language(reader, choice, todo[first].number))
            first += 1
        rest = todo[first:]
        begun = {guess[1]: guess[2]} if guess and choice.current == guess[0] and rest and \
            rest[0].number == guess[1] else {}
        for old, got in zip(rest, reader.read_all([p.number for p in rest], choice.current, pool, threads, begun)):
            keep(old, got)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        reader.close()
    snap_sizes(report.pages)
    report.issues += _summary(report.details, engine, lang, path, [p.number for p in todo if broken_text_layer(p)])
    return report


def ocr_missing_pages(path: Path, pages: list[Page], settings: OcrSettings | None = None, *,
                      count_languages: LanguageCounter | None = None,
                      vocabulary: Iterable[str] = ()) -> tuple[list[Page], list[str]]:
    """Replace every page that :func:`needs_ocr` by its OCR reading; returns (pages, warnings).

    Pages that need no OCR are returned as they are. A text layer of a few characters on a scan (a stamp)
    is kept beside the OCR words; one that does not read as text (a broken font map) is replaced. Without tesseract the pages stay unread and a
    warning says so; a page whose OCR fails or times out likewise.
    """
    report = ocr_document(path, pages, settings, count_languages=count_languages, vocabulary=vocabulary)
    return report.pages, report.warnings
