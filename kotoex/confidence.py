"""Confidence of extracted values: pure functions of signals the pipeline really has.

A confidence is a number in 0..1 that *ranks* values for checking: the lower it is, the more
likely a person finds an error there. It is not a calibrated probability. It is the product of
one factor per signal (1.0 = no doubt), so every factor can be read off as a reason
(:class:`Factor`, kept in the measure's ``provenance["confidence_factors"]``).

Measure signals (:func:`measure_confidence`):

==========================  ===========================================================  ===========
signal                      when                                                         factor
==========================  ===========================================================  ===========
table path                  ``grid`` (rows cut by drawn rules or shaded fills)           1.00
                            ``borderless`` (rows cut by vertical gaps only)              0.90
                            ``narrative`` (a bullet under a heading, no table)           0.75
                            a path interpret/ does not produce (a guard)                 0.80
header                      table row but the header names no action-text column         0.85
page break                  row merged across a page break                               0.90
OCR                         any of the measure's pages was read by OCR                   0.80
text                        measure text shorter than 12 characters                      0.80
                            measure text longer than 1500 characters (rows run together) 0.85
responsible body code       weakest body: ``exact`` 1.00, ``lemma`` 0.98, ``rule`` 0.93,
                            ``fuzzy`` 0.75 + 0.2 x (score - 80) / 20 (0.85 at score 90,
                            0.95 at 100; 0.80 without a score), ``none`` 0.70
responsible                 the table has a responsible column but the cell is empty     0.95
status                      code ``unknown`` though the cell has text                    0.70
                            code ``unknown``, empty cell                                 0.85
                            phrase matched ``fuzzy`` (scaled like bodies)                0.75..0.95
section / goal fragment     the section or goal starts in lower case ("edistäminen",     0.60
                            "muuttavat)": the tail of a wrapped heading or cell), or
                            runs into another numbered heading ("... 7. Turvallisuus")
goal column empty           the table has a goal column but the measure got no goal      0.85
OCR words                   lowest tesseract word confidence c (0..100) among the        0.6 + 0.4 c/100
                            measure's words, when below 60 (on top of the OCR factor)    (0.6..0.84)
theme                       the primary theme is weakly decided (normalize/themes.py     0.90
                            confidence below 0.35: no theme word in the text, taken
                            from the section or from neighbouring measures)
==========================  ===========================================================  ===========

Measured with ``benchmarks/confidence_ranking.py`` on unseen-layout variants (where errors
happen): the fragment factor is never wrong-positive there (every measure it hit was wrong in the
gold), the path and body factors barely separate errors, which are mostly section/goal
assignments.

Document signals (:func:`document_confidence`): the mean of its measure confidences (1.0 where
it has none), times

==========================  ===========================================================  ===========
signal                      when                                                         factor
==========================  ===========================================================  ===========
failed                      status ``failed``                                            0 (result)
no header                   a measure document without any recognised table header       0.60
no measures                 a measure document with no measures                          0.50
partial                     status ``partial`` not explained by the page counts below    0.80
                            (--max-pages; a measure document without measures)
pages without text          share s of image pages with no usable text even after OCR    1 - 0.5 s
                            (near-empty pages without images count for nothing)
OCR                         share s of pages read by OCR                                 1 - 0.2 s
decision                    share f of decision fields found (body, section, date,       0.7 + 0.3 f
                            diary number, title, decision text)
practices                   a practice collection with no practices                      0.50
==========================  ===========================================================  ===========

:func:`flag_low_confidence` marks rows of a flat export (never drops them).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

PATH_FACTORS = {"grid": 1.0, "borderless": 0.9, "narrative": 0.75}  # the paths RawMeasure.path takes
TABLE_PATHS = ("grid", "borderless")
UNKNOWN_PATH = 0.8
NO_TEXT_HEADER = 0.85
MERGED_PAGES = 0.9
OCR = 0.8
SHORT_TEXT, SHORT_TEXT_CHARS = 0.8, 12
LONG_TEXT, LONG_TEXT_CHARS = 0.85, 1500
BODY_METHOD = {"exact": 1.0, "lemma": 0.98, "rule": 0.93, "none": 0.7}
FUZZY_NO_SCORE = 0.8
EMPTY_RESPONSIBLE = 0.95
STATUS_UNKNOWN_TEXT, STATUS_UNKNOWN_EMPTY = 0.7, 0.85
FRAGMENT = 0.6
EMPTY_GOAL_COLUMN = 0.85
OCR_WORD_CONF_BELOW = 60.0
THEME_WEAK = 0.9
THEME_WEAK_BELOW = 0.35

DOC_NO_HEADER = 0.6
DOC_NO_MEASURES = 0.5
DOC_PARTIAL = 0.8
DOC_NO_PRACTICES = 0.5
DECISION_FIELDS = ("body", "section", "date", "diary_number", "title", "decision_text")

DEFAULT_THRESHOLD = 0.8  # below this a value is "low confidence" in the review report


@dataclass(frozen=True)
class Factor:
    """One reason a confidence is below 1: a signal, the field it concerns and its factor."""
    signal: str
    factor: float
    field: str | None = None  # text, responsible, status, section, ... or None for the whole record
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"signal": self.signal, "factor": round(self.factor, 3), "field": self.field, "note": self.note}


@dataclass(frozen=True)
class Confidence:
    value: float
    factors: tuple[Factor, ...] = ()

    def fields(self) -> set[str]:
        """The fields some factor below 1 points at (what a reviewer should look at)."""
        return {f.field for f in self.factors if f.field}


def fuzzy_factor(score: float | None) -> float:
    """0.75 + 0.2 x (score - 80) / 20, clipped to 0.75..0.95; 0.80 if there is no score."""
    if score is None:
        return FUZZY_NO_SCORE
    return max(0.75, min(0.95, 0.75 + 0.2 * (float(score) - 80.0) / 20.0))


def body_factor(method: str | None, score: float | None = None) -> float:
    """Factor of one body code by how it was matched (exact, lemma, rule, fuzzy + score, none)."""
    if method == "fuzzy":
        return fuzzy_factor(score)
    return BODY_METHOD.get(method or "none", BODY_METHOD["none"])


def measure_confidence(*, path: str | None, header_roles: Sequence[str] = (), merged_across_pages: bool = False,
                       ocr: bool = False, text: str | None = "",
                       bodies: Iterable[tuple[str | None, float | None]] = (),
                       responsible_column: bool = False, responsible_raw: str | None = None,
                       status: tuple[str, str | None, float | None, str | None] | None = None,
                       section: str | None = None, goal: str | None = None,
                       ocr_word_conf: float | None = None,
                       theme: tuple[str, float] | None = None) -> Confidence:
    """Confidence of one measure from its extraction signals.

    ``bodies``: (match method, score) per responsible body. ``status``: ``None`` where the
    document has no status column, else (code, method, score, cell text). ``theme``: (the field
    that decided the primary theme, the theme confidence). See the module docstring for the
    table of factors.
    """
    fs: list[Factor] = []
    p = PATH_FACTORS.get(path or "", UNKNOWN_PATH)
    if p < 1:
        fs.append(Factor(f"path:{path}", p, None, "rows found by gaps" if path == "borderless" else
                         "no table: read from a list under a heading" if path == "narrative" else "unknown path"))
    if path in TABLE_PATHS and "text" not in header_roles:
        fs.append(Factor("header:no_text_column", NO_TEXT_HEADER, "text", "the header names no action column"))
    if merged_across_pages:
        fs.append(Factor("merged_across_pages", MERGED_PAGES, "text", "row continued across a page break"))
    if ocr:
        fs.append(Factor("ocr", OCR, None, "read by OCR"))
    n = len((text or "").strip())
    if n < SHORT_TEXT_CHARS:
        fs.append(Factor("text:short", SHORT_TEXT, "text", f"{n} characters"))
    elif n > LONG_TEXT_CHARS:
        fs.append(Factor("text:long", LONG_TEXT, "text", f"{n} characters: rows may have run together"))
    worst: tuple[float, str | None, float | None] | None = None
    for method, score in bodies:
        f = body_factor(method, score)
        if worst is None or f < worst[0]:
            worst = (f, method, score)
    if worst is not None and worst[0] < 1:
        note = f"score {worst[2]:.0f}" if worst[2] is not None else ""
        fs.append(Factor(f"body:{worst[1] or 'none'}", worst[0], "responsible", note))
    if responsible_column and not (responsible_raw or "").strip():
        fs.append(Factor("responsible:empty", EMPTY_RESPONSIBLE, "responsible", "the responsible cell is empty"))
    if status is not None:
        code, method, score, cell = status
        if code == "unknown":
            has_text = bool((cell or "").strip())
            fs.append(Factor("status:unknown", STATUS_UNKNOWN_TEXT if has_text else STATUS_UNKNOWN_EMPTY, "status",
                             "no status phrase recognised" if has_text else "empty status cell"))
        elif method == "fuzzy":
            fs.append(Factor("status:fuzzy", fuzzy_factor(score), "status",
                             f"score {score:.0f}" if score is not None else ""))
    for name, value_ in (("section", section), ("goal", goal)):
        why = fragment_reason(value_)
        if why:
            fs.append(Factor(f"{name}:fragment", FRAGMENT, name, why))
    if path in TABLE_PATHS and "goal" in header_roles and not (goal or "").strip():
        fs.append(Factor("goal:empty_column", EMPTY_GOAL_COLUMN, "goal", "the table has a goal column; none read"))
    if ocr_word_conf is not None and ocr_word_conf < OCR_WORD_CONF_BELOW:
        fs.append(Factor("ocr:word_confidence", 0.6 + 0.4 * max(0.0, ocr_word_conf) / 100, None,
                         f"lowest tesseract word confidence {ocr_word_conf:.0f}"))
    if theme is not None and theme[1] < THEME_WEAK_BELOW:
        fs.append(Factor("theme:weak", THEME_WEAK, "themes", f"primary theme from {theme[0]}, "
                                                             f"theme confidence {theme[1]:.2f}"))
    value = 1.0
    for f in fs:
        value *= f.factor
    return Confidence(round(max(0.0, min(1.0, value)), 3), tuple(fs))


_INNER_HEADING = re.compile(r"\S\s+\d{1,2}\.\s+[A-ZÅÄÖ][a-zåäö]")


def fragment_reason(text: str | None) -> str:
    """Why a section or goal looks like a piece of text rather than a whole heading ('' if it does not)."""
    t = (text or "").strip()
    if not t:
        return ""
    if t[0].isalpha() and t[0].islower():
        return f"starts in lower case: '{t[:30]}'"
    if t[0] in ")]},;:":
        return f"starts with '{t[0]}'"
    if _INNER_HEADING.search(t):
        return "runs into another numbered heading"
    return ""


def document_confidence(*, status: str, doc_type: str | None, measure_confidences: Sequence[float],
                        headers_found: int = 1, n_pages: int = 0, ocr_pages: int = 0, blank_pages: int = 0,
                        empty_pages: int = 0, decision: Mapping[str, Any] | None = None,
                        n_practices: int | None = None) -> Confidence:
    """Confidence of a whole document.

    ``blank_pages``: image pages (scans) left without usable text at the end, after OCR if any ran;
    ``empty_pages``: pages without text nor images (they explain a ``partial`` status but cost
    nothing); ``decision``: the decision as a dict, if the document is one.
    """
    if status == "failed":
        return Confidence(0.0, (Factor("failed", 0.0),))
    fs: list[Factor] = []
    base = sum(measure_confidences) / len(measure_confidences) if measure_confidences else 1.0
    if base < 1:
        fs.append(Factor("measures:mean", base, None, f"mean of {len(measure_confidences)} measures"))
    measure_doc = doc_type in ("measure_report", "action_programme", "annual_targets")
    if measure_doc and not measure_confidences:
        fs.append(Factor("no_measures", DOC_NO_MEASURES, None, "a measure document without measures"))
    if measure_doc and doc_type != "annual_targets" and headers_found == 0:
        fs.append(Factor("no_header", DOC_NO_HEADER, None, "no table header row recognised"))
    if status == "partial" and not blank_pages and not empty_pages and not (measure_doc and not measure_confidences):
        fs.append(Factor("partial", DOC_PARTIAL))
    if n_pages:
        if blank_pages:
            fs.append(Factor("pages_without_text", 1 - 0.5 * blank_pages / n_pages, None, f"{blank_pages} pages"))
        if ocr_pages:
            fs.append(Factor("ocr_pages", 1 - 0.2 * ocr_pages / n_pages, None, f"{ocr_pages} pages read by OCR"))
    if doc_type == "decision":
        d = decision or {}
        found = sum(1 for k in DECISION_FIELDS if d.get(k))
        f = 0.7 + 0.3 * found / len(DECISION_FIELDS)
        if f < 1:
            missing = [k for k in DECISION_FIELDS if not d.get(k)]
            fs.append(Factor("decision:missing_fields", f, None, ", ".join(missing)))
    if doc_type == "practice_collection" and not n_practices:
        fs.append(Factor("no_practices", DOC_NO_PRACTICES))
    value = 1.0
    for f in fs:
        value *= f.factor
    return Confidence(round(max(0.0, min(1.0, value)), 3), tuple(fs))


def flag_low_confidence(rows: Iterable[dict[str, Any]], threshold: float | None,
                        key: str = "confidence", column: str = "low_confidence") -> list[dict[str, Any]]:
    """Rows of a flat export with a boolean ``low_confidence`` column; no row is ever dropped.

    A row is flagged where its confidence is below ``threshold``; a row without a confidence
    (None / missing / not a number) is flagged too, as nothing vouches for it. With
    ``threshold`` None every row gets ``False``. Returns new dicts; the input is not modified.
    """
    out = []
    for r in rows:
        r2 = dict(r)
        if threshold is None:
            r2[column] = False
        else:
            v = r.get(key)
            try:
                flagged = v is None or v != v or float(v) < float(threshold)
            except (TypeError, ValueError):
                flagged = True
            r2[column] = bool(flagged)
        out.append(r2)
    return out
