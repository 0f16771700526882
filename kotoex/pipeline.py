"""One PDF → one :class:`~kotoex.models.Document`: extract → interpret → normalise → models.

:func:`extract_pdf` is the library entry point; it raises :class:`~kotoex.extract.InputError`
for files that are no usable PDF. :func:`process_file` never raises for bad input: it returns a
Document with status ``failed`` and the reason, which is what batch runs record.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from kotoex import __version__
from kotoex.calibration import measure_value
from kotoex.confidence import (
    DocEvidence, document_confidence, document_factors, document_field_doubts, document_problems, evidence_value,
    id_factors, measure_confidence, section_factors,
)
from kotoex.evidence import coverage, inner_gaps, tabular_pages, text_evidence, title_plausibility
from kotoex.extract import InputError, file_sha256, iter_pages, open_document
from kotoex.extract.pdf import Page, Word
from kotoex.extract.pages import page_ranges
from kotoex.extract.columns import ColumnVocab, default_vocab, follow_up_as_status
from kotoex.inputs import file_problem
from kotoex.interpret import docinfo
from kotoex.interpret.measures import RawMeasure, read_measures
from kotoex.interpret.subjects import subject_body
from kotoex.models import (
    Decision, Document, DocumentInfo, ExtractionStatus, Measure, Municipality, Period, Practice, Problem, Responsible,
    ResponsibleBody, Schedule, Source, Status, messages, provenance,
)
from kotoex.models import ConfidenceFactor, FieldConfidence, PracticeProvenance, ThemeEvidence
from kotoex.normalize.language import detect_language
from kotoex.normalize.bodies import BodySettings, Lexicon, parse_responsible
from kotoex.normalize.municipalities import find_municipalities
from kotoex.normalize.schedule import parse_schedule
from kotoex.normalize.status import StatusVocab, is_indicator_template, parse_status
from kotoex.normalize.themes import ThemeResult, classify_measures, classify_practice
from kotoex.settings import NormalizeSettings, Settings  # Settings: `from kotoex.pipeline import Settings` stays

if TYPE_CHECKING:
    from kotoex.extract.ocr import OcrReport

log = logging.getLogger(__name__)


@dataclass
class _Resources:
    """Loaded vocabularies, built once per process and shared by every document."""
    columns: ColumnVocab
    lexicon: Lexicon
    statuses: StatusVocab
    bodies: BodySettings = field(default_factory=BodySettings)


_cache: dict[NormalizeSettings, _Resources] = {}


def _resources(settings: Settings) -> _Resources:
    """The vocabularies of ``settings.normalize``, loaded once per process."""
    key = settings.normalize
    res = _cache.get(key)
    if res is None:
        res = _Resources(
            columns=ColumnVocab.load(key.column_files) if key.column_files else default_vocab(),
            lexicon=Lexicon.load(list(key.lexicon_files)),
            statuses=StatusVocab.load(list(key.status_files)),
            bodies=BodySettings(fuzzy_cutoff=key.body_fuzzy_cutoff),
        )
        _cache[key] = res
    return res


def preload(settings: Settings | None = None) -> None:
    """Load now what the first document would load: the readers imported on first use and the vocabularies
    of ``settings``. For a process that forks its workers (the CLI): they start with all of it, rather than
    each loading (and, without bytecode files, compiling) its own copy. Never raises: what fails here fails
    again in each document, which records it."""
    try:
        from kotoex.extract.ocr import needs_ocr  # noqa: F401
        from kotoex.interpret import doctype, sections  # noqa: F401  (every document; decision, practices: some)

        _resources(settings or Settings())
    except Exception as e:  # noqa: BLE001
        log.debug("preload: %s: %s", type(e).__name__, e)


def extract_pdf(path: str | Path, settings: Settings | None = None) -> Document:
    """Read one PDF into the output contract. Raises InputError if it is no usable PDF."""
    settings = settings or Settings()
    path = Path(path)
    t0 = time.perf_counter()
    sha = file_sha256(path)
    pdf = open_document(path)
    try:
        n_pages = len(pdf)
        pages = list(iter_pages(pdf, settings.limits.max_pages))
    finally:
        pdf.close()
    ocr_problems: list[Problem] = []
    if settings.use_ocr:
        pages, ocr_problems = _ocr(path, pages, settings)
    doc = build_document(pages, source=Source(file=path.name, sha256=sha, pages=n_pages), settings=settings)
    problems = ocr_problems + doc.problems
    max_pages = settings.limits.max_pages
    if max_pages is not None and n_pages > max_pages:
        problems.append(Problem.of("max_pages", f"only the first {max_pages} of {n_pages} pages were read "
                                                "(--max-pages)", range(max_pages + 1, n_pages + 1)))
        doc.status = ExtractionStatus.partial
    _set_problems(doc, problems)
    log.debug("%s: %d pages in %.0f ms", path.name, n_pages, (time.perf_counter() - t0) * 1000)
    return doc


def process_file(path: str | Path, settings: Settings | None = None) -> Document:
    """Like :func:`extract_pdf`, but bad input and internal errors become a failed Document."""
    path = Path(path)
    problem = file_problem(path)
    if problem:  # a FIFO, device or folder is never opened (opening a FIFO blocks)
        return failed_document(path, problem)
    try:
        return extract_pdf(path, settings)
    except InputError as e:
        return failed_document(path, str(e))
    except Exception as e:  # a bug must not stop a batch: record it with its type
        log.exception("internal error on %s", path)
        return failed_document(path, f"internal error: {type(e).__name__}: {e}")


def failed_document(path: Path, reason: str, *, read: bool = True) -> Document:
    """A failed Document with the reason; ``read=False`` (a link out of the input folder) never opens the file."""
    sha = ""
    if read and file_problem(path) is None:  # only a regular file is opened to hash it
        try:
            sha = file_sha256(path)
        except OSError:
            pass
    kind = "internal_error" if reason.startswith("internal error:") else "unreadable_pdf"
    return Document(source=Source(file=path.name, sha256=sha, pages=0), document=DocumentInfo(),
                    status=ExtractionStatus.failed, errors=[reason], warnings=[reason],
                    problems=[Problem.of(kind, reason)], pipeline_version=__version__)


def _set_problems(doc: Document, problems: list[Problem]) -> None:
    """The document's problems, and its warnings: their messages, in the same order."""
    doc.problems = problems
    doc.warnings = messages(problems)


def _ocr(path: Path, pages: list[Page], settings: Settings) -> tuple[list[Page], list[Problem]]:
    """Pages without a usable text layer read by OCR, and the problems of that reading."""
    from kotoex.extract.ocr import needs_ocr, ocr_document
    from kotoex.interpret.sections import repair_section_signs
    from kotoex.normalize.language import count_function_words

    if not any(needs_ocr(p) for p in pages):
        return pages, []
    report = ocr_document(path, pages, settings.ocr, count_languages=count_function_words,
                          vocabulary=_ocr_vocabulary(_resources(settings)))
    repair_section_signs(report.pages)  # the "§" of minutes headers, on the OCR'd pages
    return report.pages, ocr_problems(report)


def _ocr_vocabulary(res: _Resources) -> list[str]:
    """Phrases whose words OCR confusions may be corrected into: status phrases, body names and aliases
    (the user's ``--status`` / ``--lexicon`` files included) and column words (``--columns``)."""
    cols = res.columns
    return [*res.statuses.phrases, *res.lexicon.entries, *(name for name, _ in res.lexicon.entries.values()),
            *(w for ws in cols.roles.values() for w in ws), *cols.section_labels, *cols.goal_labels,
            *cols.measure_labels]


def ocr_problems(report: OcrReport) -> list[Problem]:
    """The OCR report's issues (kind, message, pages) as problems, in the order they arose."""
    return [Problem.of(i.kind, i.message, i.pages) for i in report.issues]


# ------------------------------------------------------------------------------------ assembling

def build_document(pages: list[Page], *, source: Source, settings: Settings | None = None) -> Document:
    """Interpret and normalise already extracted pages."""
    settings = settings or Settings()
    res = _resources(settings)
    warnings: list[Problem] = []
    text_pages = [p for p in pages if p.has_text]
    blank = [p.number for p in pages if not p.has_text]
    if blank:
        scanned = [p.number for p in pages if not p.has_text and p.image_cover > 0.5]
        if scanned:
            warnings.append(Problem.of("no_text_layer", f"pages {page_ranges(scanned)}: no usable text layer (scanned "
                                       "images) and no OCR reading: their content is missing", scanned))
        other = sorted(set(blank) - set(scanned))
        if other:
            warnings.append(Problem.of("no_text", f"pages {page_ranges(other)}: no text", other))

    raw, table_warnings, facts = read_measures(text_pages, res.columns, settings.table)
    table_problems = _as_problems(table_warnings, "table")  # an unrecognised header, implausible measures
    warnings.extend(table_problems)
    first_texts = [docinfo.page_text(p) for p in text_pages[:6]]
    texts = first_texts[:3]
    title = docinfo.detect_title(text_pages)
    language = detect_language("\n".join(first_texts))
    period = docinfo.detect_period([title or ""] + texts)
    munis = _municipalities(title, texts)
    roles = set(facts["roles"])
    note = follow_up_as_status(raw, roles, lambda cell: _is_status(cell, res), settings.table)
    if note:
        warnings.append(Problem.of("status_by_content", note))
    doc_type = _doc_type(text_pages, raw, roles, warnings)

    decision: Decision | None = None
    practices: list[Practice] = []
    items: list = []
    date = None
    if doc_type == "decision":
        decision, date, period = _decision(text_pages, warnings, period)
    elif doc_type == "practice_collection":
        practices, munis = _practices(text_pages, warnings, munis)
        period = docinfo.detect_period([title or ""])  # a collection has no programme period of its own
    elif doc_type in ("minutes", "agenda"):
        items, date, munis = _meeting(text_pages, warnings, munis)
        period = None  # a meeting has no programme period

    code = munis[0].code if len(munis) == 1 else None
    ocr_pages = {p.number for p in pages if p.ocr}
    ocr_words = {p.number: p.words for p in pages if p.ocr}
    if doc_type in ("minutes", "agenda"):  # measures only from a real measure table, not from lists in items
        raw = [m for m in raw if m.path in ("grid", "borderless") and set(m.header_roles) & _MEASURE_COLUMNS]
    elif doc_type == "decision":  # a bullet list in a decision's grounds is no measure
        raw = [m for m in raw if m.path != "narrative"]
    themes = [] if doc_type in ("decision", "practice_collection") else \
        classify_measures([{"text": m.text, "goal": m.goal, "section": m.section} for m in raw], language)
    ctx = _MeasureContext(words={p.number: p.words for p in text_pages}, has_section=any(m.section for m in raw),
                          has_goal=any(m.goal for m in raw), themed=bool(themes))
    measures = [_measure(m, code, period, roles, res, warnings, ocr_pages, ocr_words, t, ctx, extra)
                for m, t, extra in zip(raw, themes, _sequence_factors(raw, title))]
    if not text_pages:
        status = ExtractionStatus.failed
    elif blank or (doc_type in ("measure_report", "action_programme", "annual_targets") and not measures) or (
            decision is not None and not (decision.section and decision.date and decision.body)):
        status = ExtractionStatus.partial  # a decision without its §, date or body: problem decision_no_section
    elif any(p.severity == "warning" for p in table_problems):
        status = ExtractionStatus.partial  # the table reader saw a table it could not read (or read badly)
    else:
        status = ExtractionStatus.ok
    if facts["headers"] == 0 and doc_type in ("measure_report", "action_programme"):
        warnings.append(Problem.of("no_table_header", "no table header row was recognised: measures may be missing"))
    info = DocumentInfo(doc_type=doc_type, language=language, title=title, municipalities=munis,
                        period=Period(start=period[0], end=period[1]) if period else None, date=date)
    ev = _evidence(pages, text_pages, title, measures, status=status.value, doc_type=doc_type, headers=facts["headers"],
                   ocr_pages=len(ocr_pages), decision=decision, n_practices=len(practices), n_items=len(items))
    doc_conf, status = _confidence(ev, measures, warnings, status)
    return Document(source=source, document=info, measures=measures, decision=decision, practices=practices,
                    items=items,
                    warnings=messages(warnings), problems=warnings, status=status, pipeline_version=__version__,
                    errors=[] if text_pages else ["no page has a usable text layer"], confidence=doc_conf.value,
                    confidence_factors=[f.as_dict() for f in doc_conf.factors])


@dataclass(frozen=True)
class _MeasureContext:
    """What a measure's confidence needs from its document: the words of the pages, whether other
    measures have a section or goal, whether themes were looked for."""
    words: dict[int, list[Word]]
    has_section: bool = False
    has_goal: bool = False
    themed: bool = False


def _evidence(pages: list[Page], text_pages: list[Page], title: str | None, measures: list[Measure], *, status: str,
              doc_type: str | None, headers: int, ocr_pages: int, decision: Decision | None, n_practices: int,
              n_items: int) -> DocEvidence:
    """The document-level evidence (kotoex/evidence.py) of the pages against the output."""
    from kotoex.normalize.language import function_words

    te = text_evidence((w.text for p in text_pages for w in p.words), function_words())
    boxes = [b.model_dump() for m in measures if m.provenance for bs in m.provenance.fields.values() for b in bs if b]
    return DocEvidence(
        status=status, doc_type=doc_type, n_pages=len(pages), n_measures=len(measures), headers_found=headers,
        ocr_pages=ocr_pages, blank_pages=sum(1 for p in pages if not p.has_text and p.image_cover > 0.5),
        decision=decision.model_dump() if decision else None, n_practices=n_practices, n_items=n_items,
        tokens=te.tokens, function_share=te.function_share, wordlike_share=te.wordlike_share,
        title=title_plausibility(title), coverage=coverage(text_pages, boxes),
        tabular_pages=tuple(tabular_pages(text_pages)), explained_pages=tuple(sorted({b["page"] for b in boxes})),
        gap_measures=sum(1 for m in measures if m.provenance and any(
            f.signal == "text:inner_gap" for f in m.provenance.confidence_factors)))


def _confidence(ev: DocEvidence, measures: list[Measure], warnings: list[Problem], status: ExtractionStatus):
    """Calibrated measure confidences (their fields and the document's evidence), the document's
    confidence, and the warnings the evidence calls for (each makes an ``ok`` status ``partial``)."""
    factors = document_factors(ev) if ev.status != "failed" else []
    e = evidence_value(factors)
    shared = document_field_doubts([{k: v.model_dump() for k, v in m.provenance.field_confidence.items()}
                                    for m in measures])
    for m, extra in zip(measures, shared):
        prov = m.provenance
        for f in extra:  # the field's confidence gets this factor too; it is the field's weakest (its others
            # are all 0.9 or more, or the field would be doubted), so its signal names the field
            prov.confidence_factors.append(ConfidenceFactor(**f.as_dict()))
            old = prov.field_confidence.get(f.field)
            value = (old.value if old is not None else 1.0) * f.factor
            prov.field_confidence[f.field] = FieldConfidence(value=round(value, 3), signal=f.signal)
        m.confidence = measure_value({k: v.model_dump() for k, v in prov.field_confidence.items()},
                                     [f.model_dump() for f in prov.confidence_factors], e)
    doc_conf = document_confidence(ev, [m.confidence for m in measures])
    if ev.status != "failed":
        for kind, message, pages in document_problems(ev, factors):
            warnings.append(Problem.of(kind, message, pages))
            if status == ExtractionStatus.ok:
                status = ExtractionStatus.partial
    return doc_conf, status


_MEASURE_COLUMNS = {"responsible", "partners", "status", "schedule", "indicator"}


def _meeting(pages: list[Page], warnings: list[Problem], munis: list[Municipality]):
    """Items of minutes or an agenda, the meeting date, and the issuer named in the page header."""
    from kotoex.interpret.decision_header import header_municipality
    from kotoex.interpret.minutes import read_meeting

    meeting = read_meeting(pages)
    if meeting is None:
        return [], None, munis
    warnings.extend(_as_problems(meeting.warnings, "minutes"))
    hit = next((h for h in (header_municipality([p]) for p in pages[:3]) if h), None)  # a cover page first
    if hit:
        munis = [Municipality(name=hit[0], code=hit[1])]
    return meeting.items, meeting.date, munis


def _as_problems(notes: Iterable[Problem | str], kind: str) -> list[Problem]:
    """Notes of an interpret step as problems: records as they are; plain text (a step not yet giving
    records) as a problem of ``kind``, without pages."""
    return [n if isinstance(n, Problem) else Problem.of(kind, n) for n in notes]


def _municipalities(title: str | None, texts: list[str]) -> list[Municipality]:
    for source in ([title] if title else []) + ["\n".join(texts)]:
        found = find_municipalities(source)
        if found:
            best = max(found, key=lambda f: f[2])  # most mentioned; ties: first mentioned
            return [Municipality(name=best[0], code=best[1])]
    return []


def _doc_type(pages: list[Page], raw: list[RawMeasure], roles: set[str], warnings: list[Problem]) -> str:
    from kotoex.interpret.doctype import classify_doc_type

    kind, notes = classify_doc_type(pages, has_measure_table=bool(raw), has_status_column="status" in roles,
                                    narrative_only=bool(raw) and all(m.path == "narrative" for m in raw))
    warnings.extend(_as_problems(notes, "doc_type"))
    return kind


def _decision(pages: list[Page], warnings: list[Problem], period):
    from kotoex.interpret.decision import parse_decision

    decision, notes = parse_decision(pages)
    warnings.extend(_as_problems(notes, "decision"))
    if decision.period and decision.period.start_date and decision.period.end_date:
        period = (int(decision.period.start_date[:4]), int(decision.period.end_date[:4]))
    return decision, decision.date, period


def _practices(pages: list[Page], warnings: list[Problem], munis: list[Municipality]):
    from kotoex.interpret.practices import parse_practices

    practices, notes = parse_practices(pages)
    warnings.extend(_as_problems(notes, "practices"))
    for p in practices:  # themes from the title and text (normalize/themes.py)
        t = classify_practice(p.title, p.text, p.language)
        p.themes = t.codes
        if p.provenance is not None:
            p.provenance = PracticeProvenance(**p.provenance.model_dump(), themes=_theme_evidence(t),
                                              theme_confidence=t.confidence if t.codes else None)
    seen: dict[str, Municipality] = {}
    for p in practices:
        for m in p.municipalities:
            seen.setdefault(m.code, Municipality(name=m.name, code=m.code))
    return practices, list(seen.values()) or munis


def _is_status(cell: str, res: _Resources) -> bool:
    """A follow-up cell that reads as a status phrase (a monitoring template, "Toteutuu / ei toteudu", does not)."""
    return not is_indicator_template(cell) and parse_status(cell, vocab=res.statuses).code != "unknown"


def _names_bodies(name: str, res: _Resources) -> bool:
    bodies = parse_responsible(name, lexicon=res.lexicon, settings=res.bodies)
    return len(bodies) == 1 and bodies[0].method != "none"


def ocr_word_confidences(boxes: dict[str, list[dict]], words_by_page: dict[int, list[Word]]) -> list[float]:
    """Tesseract's confidences of the OCR words inside a record's field boxes (empty for text-layer pages)."""
    out: list[float] = []
    for field_boxes in boxes.values():
        for b in field_boxes:
            words = words_by_page.get(b.get("page"))
            if not words:
                continue
            x0, top, x1, bottom = b["bbox"]
            out.extend(w.conf for w in words if w.conf is not None and x0 - 1 <= (w.x0 + w.x1) / 2 <= x1 + 1
                       and top - 1 <= (w.top + w.bottom) / 2 <= bottom + 1)
    return out


def _low_conf(confs: list[float], k: int = 3) -> float | None:
    """Mean of the ``k`` lowest word confidences: one bad word is noise, several are a damaged reading."""
    if not confs:
        return None
    low = sorted(confs)[:k]
    return sum(low) / len(low)


def _sequence_factors(raw: list, title: str | None) -> list[list]:
    """Doubts from the document's sequences: of sections (:func:`section_factors`) and of ids
    (:func:`id_factors`), per measure."""
    ids = id_factors([m.id for m in raw], ["id" in m.header_roles for m in raw], [m.id_read for m in raw])
    return [a + b for a, b in zip(section_factors([m.section for m in raw], title), ids)]


def _measure(m: RawMeasure, code: str | None, period, roles: set[str], res: _Resources, warnings: list[Problem],
             ocr_pages: set[int] | frozenset[int] = frozenset(),
             ocr_words: dict[int, list[Word]] | None = None, theme: ThemeResult | None = None,
             ctx: _MeasureContext | None = None, extra: list | None = None) -> Measure:
    cells = m.cells
    lead, partners = cells.get("responsible") or None, cells.get("partners") or None
    if lead is None and "responsible" not in m.header_roles:
        # no responsible column: a body named as the doer of the action is responsible for it
        lead = subject_body(m.text, lambda name: _names_bodies(name, res))
    raw_resp = " | ".join(x for x in (lead, partners) if x) or None
    bodies = parse_responsible(m.cell_lines.get("responsible") or lead, m.cell_lines.get("partners") or partners,
                               lexicon=res.lexicon, settings=res.bodies,
                               year=period[0] if period else None) if raw_resp else []
    page = m.pages[0] if m.pages else "?"
    for b in bodies:
        if b.method == "none":
            warnings.append(Problem.of("unmatched_body", f"page {page}: responsible body '{b.name}' matched no code "
                                                         "(kept as 'other')", m.pages[:1]))
    status = None
    s = None
    if "status" in roles:
        s = parse_status(cells.get("status") or None, vocab=res.statuses)
        status = Status(raw=s.raw, code=s.code, detail=s.detail, match=s.method)
    schedule = None
    if "schedule" in roles:
        sch = parse_schedule(cells.get("schedule") or None, period)
        schedule = Schedule(**sch) if sch else None
    ctx = ctx or _MeasureContext(words={})
    conf = measure_confidence(
        path=m.path, header_roles=m.header_roles, merged_across_pages=m.merged_across_pages,
        ocr=bool(ocr_pages.intersection(m.pages)), text=m.text, bodies=[(b.method, b.score) for b in bodies],
        responsible_column="responsible" in m.header_roles, responsible_raw=raw_resp,
        status=(s.code, s.method, s.score, cells.get("status")) if s is not None else None,
        section=m.section, goal=m.goal,
        ocr_word_conf=_low_conf(ocr_word_confidences(m.boxes, ocr_words)) if ocr_words else None,
        theme=(theme.decided_by, theme.confidence) if theme is not None and theme.codes else None,
        themed=ctx.themed, section_missing=ctx.has_section, goal_missing=ctx.has_goal,
        text_gaps=inner_gaps(m.boxes.get("text") or [], ctx.words) if m.path in ("grid", "borderless") else 0,
        schedule=(cells.get("schedule"), schedule is not None) if "schedule" in roles else None,
        section_pages_back=_pages_back(m.boxes.get("section"), m.pages), extra=extra or (),
        theme_codes=len(theme.codes) if theme is not None else 0)
    prov = provenance(m.path, m.boxes, [f.as_dict() for f in conf.factors])
    prov.field_confidence = {k: FieldConfidence(**v) for k, v in conf.field_confidence().items()}
    if theme is not None and theme.codes:
        prov.themes, prov.theme_confidence = _theme_evidence(theme), theme.confidence
    return Measure(
        id=m.id, municipality_code=code, section=m.section, goal=m.goal, text=m.text,
        responsible=Responsible(raw=raw_resp, bodies=[ResponsibleBody(name=b.name, code=b.code, role=b.role,
                                                                      match=b.method, score=b.score) for b in bodies]),
        status=status, indicator=cells.get("indicator") or None, schedule=schedule,
        themes=theme.codes if theme is not None else [], pages=m.pages,
        confidence=conf.value, provenance=prov,
    )


def _pages_back(boxes: list[dict] | None, pages: list[int]) -> int:
    """Pages from the last box of a heading to the record's first page (0: same page or no box)."""
    heads = [b["page"] for b in boxes or () if b and b.get("page")]
    return max(0, pages[0] - heads[-1]) if heads and pages else 0


def _theme_evidence(result: ThemeResult, per_theme: int = 4) -> list[ThemeEvidence]:
    """The words behind each theme code, strongest first, a few per code."""
    out: list[ThemeEvidence] = []
    seen: set[tuple[str, str, str]] = set()
    for e in result.evidence:
        key = (e.theme, e.field, e.words)
        if key in seen or sum(1 for o in out if o.theme == e.theme) >= per_theme:
            continue
        seen.add(key)
        out.append(ThemeEvidence(theme=e.theme, field=e.field, words=e.words, concept=e.concept))
    return out
