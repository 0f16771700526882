"""Confidence of extracted values: pure functions of evidence the pipeline really has.

A confidence is an estimated probability (0..1) that the value is right: a measure has no wrong
field, a document scores 0.8 or more. Each piece of evidence is a *factor* (1.0 = no doubt) with
the signal that set it (:class:`Factor`); the factors of a measure are grouped into **field
confidences** (``provenance.field_confidence``: {field: {value, signal}}, the product of the
field's factors and the signal of the weakest), and a logistic model over their logarithms turns
them into the confidence (kotoex/calibration.py, weights fitted on generated variants and stored in
``kotoex/data/confidence_weights.json``). Figures: ``benchmarks/CONFIDENCE.md``.

Measure factors (:func:`measure_confidence`):

==========================  ===========================================================  ===========
signal (field)              when                                                         factor
==========================  ===========================================================  ===========
path:* (record)             ``borderless`` rows cut by gaps / ``narrative`` list          0.90 / 0.75
header:no_text_column       table row but the header names no action-text column         0.85
merged_across_pages (text)  row merged across a page break                               0.90
ocr, ocr:word_confidence    read by OCR; lowest tesseract word confidence c below 60     0.80; 0.6+0.4c/100
text:short / text:long      under 12 / over 1500 characters                               0.80 / 0.85
text:inner_gap              empty-line gaps inside the text box (rows run together)       0.70
body:* (responsible)        weakest body: exact 1, lemma 0.98, rule 0.93, fuzzy 0.75-0.95, none 0.70
responsible:empty           a responsible column, an empty cell                          0.95
status:unknown / fuzzy      no status phrase (0.70 with text, 0.85 empty) / fuzzy match   0.70-0.95
section/goal:fragment       starts in lower case or runs into another numbered heading   0.60
section/goal:missing        none, though other measures of the document have one          0.80
section:far                 its heading is 2 or more pages back                          0.90
section:title_like          the section is the title or names a year                     0.50
section:long_run            beyond 1.5 x the usual number of measures under one section  0.70
responsible:fragment        the responsible cell starts in lower case (a cell split       0.80
                            across rows: the rows may be out of step)
id:empty_column             a table with an id column, no id read                        0.80
id:garbled                  not shaped like an id ("Edo", "2.9;A", "1:") where most of   0.60
                            the document's ids are (a letter, digits and dots)
id:shape                    the id's shape (digits, letters, separators) is not the one  0.70
                            of most (60 %) of the document's ids ("21" among "1.2.3")
id:sequence                 the id follows neither from the id before it nor leads to    0.70
                            the one after it (not +1 at some level, nor a restart at 1)
id:repaired                 OCR's reading ("11", "2id", "1.4.2") was replaced by the id  0.80
                            the document's numbering expects there (interpret/ids.py)
FIELD:doubted_in_document   a quarter or more (share s) of the document's measures have   1 - 0.5s
                            a doubt about FIELD (id, section, goal, responsible, status;
                            field confidence under 0.9) and this one has not: a column lost on every row shows on
                            some rows only (:func:`document_field_doubts`)
goal:empty_column / long    a goal column but no goal / over 400 characters               0.85 / 0.80
schedule:unparsed / empty   schedule cell text gave no dates / empty cell                 0.70 / 0.95
theme:confidence / none     the theme classifier's confidence (not below 0.3) / no theme  conf / 0.50
theme:from_context          the primary theme came from the goal, section or neighbours   0.90
theme:contested             several theme codes: the primary one was a close call         0.80
==========================  ===========================================================  ===========

Document factors (:func:`document_factors`, evidence from kotoex/evidence.py):

==========================  ===========================================================  ===========
language:*                  function-word share s of the text (Finnish/Swedish)           s / 0.05
                            fewer than 30 words                                          0.10
letter_salad                share w of word-like tokens                                  (w-0.55)/0.3
title:implausible           digits/symbols over letters, very short words                 0.1..1
structure:*                 no measures in a measure document 0.02; no header 0.60;
                            decision fields found f 0.1+0.9f; minutes without items 0.05;
                            no practices 0.05; unknown type 0.10 (0.03 with a long text)
coverage:table_pages        share c of words on the table pages inside output boxes       c / 0.75
tabular_unexplained         share u of table-like pages without output (measure           1 - 0.9u
                            documents and unknown types: minutes' tables are their items)
inner_gaps                  share g of measures with rows run together                   1 - 0.8g
pages_without_text/ocr      share of image pages left blank / read by OCR                1-0.8s / 1-0.2s
measures:mean               mean calibrated measure confidence (one input among others)
==========================  ===========================================================  ===========

:func:`document_problems` turns strong evidence into warnings (``tabular_unexplained``,
``letter_salad``, ``unknown_long_text``); the pipeline then sets status ``partial``.
:func:`flag_low_confidence` marks rows of a flat export (never drops them).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from kotoex.interpret.ids import id_follows

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
THEME_WEAK_BELOW = 0.35
THEME_FLOOR = 0.3  # the theme factor is the theme confidence, not below this
THEME_NONE = 0.5
THEME_CONTEXT = 0.9  # the primary theme came from the goal, section or neighbouring measures
THEME_CONTESTED = 0.8  # the measure got several theme codes
SECTION_MISSING, GOAL_MISSING = 0.8, 0.8
SECTION_FAR, SECTION_FAR_PAGES = 0.9, 2
SECTION_TITLE_LIKE = 0.5
SECTION_LONG_RUN, SECTION_RUN_RATIO = 0.7, 1.5
GOAL_LONG, GOAL_LONG_CHARS = 0.8, 400
TEXT_GAP = 0.7
SCHEDULE_UNPARSED, SCHEDULE_EMPTY = 0.7, 0.95
RESPONSIBLE_FRAGMENT = 0.8  # milder than a section's: a body may be written in lower case
ID_EMPTY_COLUMN, ID_GARBLED, ID_SHAPE, ID_SEQUENCE = 0.8, 0.6, 0.7, 0.7
ID_REPAIRED = 0.8
ID_MIN, ID_SHAPE_SHARE = 4, 0.6  # ids a document needs for a usual shape, and that shape's share
_ID_LIKE = re.compile(r"^[^\W\d_]?\d+(?:\.\d+)*[^\W\d_]?\.?$")  # 3, 1.2.3, 2.1., T1.2, 4b
# the fields a measure's confidence is made of (field_confidence in provenance); None: the record
FIELDS = ("text", "section", "goal", "responsible", "status", "schedule", "themes", "id")

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

    def field_confidence(self, fields: Sequence[str] = FIELDS) -> dict[str, dict[str, Any]]:
        """Per field: {value, signal}: the product of the factors that point at it, and the signal of
        the weakest of them (``evidence:none_against`` where no signal doubts the field)."""
        out: dict[str, dict[str, Any]] = {}
        for name in fields:
            fs = [f for f in self.factors if f.field == name]
            v = 1.0
            for f in fs:
                v *= f.factor
            weakest = min(fs, key=lambda f: f.factor).signal if fs else "evidence:none_against"
            out[name] = {"value": round(v, 3), "signal": weakest}
        return out


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
                       theme: tuple[str, float] | None = None, themed: bool = False,
                       section_missing: bool = False, goal_missing: bool = False, text_gaps: int = 0,
                       schedule: tuple[str | None, bool] | None = None, section_pages_back: int = 0,
                       extra: Sequence[Factor] = (), theme_codes: int = 1) -> Confidence:
    """Confidence of one measure from its extraction signals.

    ``bodies``: (match method, score) per responsible body. ``status``: ``None`` where the
    document has no status column, else (code, method, score, cell text). ``theme``: (the field
    that decided the primary theme, the theme confidence); ``themed``: themes were looked for
    (a measure without a theme then gets ``theme:none``). ``section_missing`` / ``goal_missing``:
    the measure has none though other measures of the document have one; ``text_gaps``: empty-line
    gaps inside the text box (kotoex/evidence.py); ``schedule``: (cell text, parsed) where the
    table has a schedule column; ``section_pages_back``: pages between the section heading and the
    measure; ``extra``: factors from the document's sequence (:func:`section_factors`). See the module docstring for the table of factors.
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
    why = fragment_reason(responsible_raw) if responsible_column else ""
    if why:
        fs.append(Factor("responsible:fragment", RESPONSIBLE_FRAGMENT, "responsible",
                         why + ": a cell split across rows, the rows may be out of step"))
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
    fs.extend(_context_factors(section, goal, section_missing, goal_missing, text_gaps, schedule, section_pages_back))
    fs.extend(extra)
    if ocr_word_conf is not None and ocr_word_conf < OCR_WORD_CONF_BELOW:
        fs.append(Factor("ocr:word_confidence", 0.6 + 0.4 * max(0.0, ocr_word_conf) / 100, None,
                         f"lowest tesseract word confidence {ocr_word_conf:.0f}"))
    fs.extend(_theme_factors(theme, themed, theme_codes))
    value = 1.0
    for f in fs:
        value *= f.factor
    return Confidence(round(max(0.0, min(1.0, value)), 3), tuple(fs))


def _theme_factors(theme: tuple[str, float] | None, themed: bool, theme_codes: int) -> list[Factor]:
    """The primary theme's doubts: from context, the classifier's confidence, several themes, none."""
    fs: list[Factor] = []
    if theme is not None and theme[0] != "text":  # from the goal, section or neighbours: the document's grouping
        fs.append(Factor("theme:from_context", THEME_CONTEXT, "themes",
                         f"primary theme from {theme[0]}, theme confidence {theme[1]:.2f}"))
    elif theme is not None:
        tc = max(THEME_FLOOR, min(1.0, theme[1]))
        if tc < 1:
            fs.append(Factor("theme:weak" if theme[1] < THEME_WEAK_BELOW else "theme:confidence", tc, "themes",
                             f"primary theme from {theme[0]}, theme confidence {theme[1]:.2f}"))
        if theme_codes > 1:
            fs.append(Factor("theme:contested", THEME_CONTESTED, "themes",
                             f"the text names {theme_codes} themes: the primary one is a close call"))
    elif themed:
        fs.append(Factor("theme:none", THEME_NONE, "themes", "no theme word found"))
    return fs


def _context_factors(section: str | None, goal: str | None, section_missing: bool, goal_missing: bool,
                     text_gaps: int, schedule: tuple[str | None, bool] | None,
                     section_pages_back: int = 0) -> list[Factor]:
    """Doubts from the measure's place in its document: a section or goal its neighbours have and it has
    not, a goal long enough to be several run together, paragraphs in the text box, a schedule cell
    with text that gave no schedule."""
    fs = []
    if section_pages_back >= SECTION_FAR_PAGES:
        fs.append(Factor("section:far", SECTION_FAR, "section", f"its heading is {section_pages_back} pages back: "
                                                               "a heading in between may have been missed"))
    if section_missing and not (section or "").strip():
        fs.append(Factor("section:missing", SECTION_MISSING, "section", "other measures of the document have one"))
    if goal_missing and not (goal or "").strip():
        fs.append(Factor("goal:missing", GOAL_MISSING, "goal", "other measures of the document have one"))
    if len((goal or "").strip()) > GOAL_LONG_CHARS:
        fs.append(Factor("goal:long", GOAL_LONG, "goal", f"{len(goal.strip())} characters: goals may have run together"))
    if text_gaps:
        fs.append(Factor("text:inner_gap", TEXT_GAP, "text", f"{text_gaps} empty-line gaps inside the text box: "
                                                             "rows may have run together"))
    if schedule is not None:
        cell, parsed = schedule
        if (cell or "").strip() and not parsed:
            fs.append(Factor("schedule:unparsed", SCHEDULE_UNPARSED, "schedule", "the schedule cell gave no dates"))
        elif not (cell or "").strip():
            fs.append(Factor("schedule:empty", SCHEDULE_EMPTY, "schedule", "empty schedule cell"))
    return fs


_YEAR = re.compile(r"\b(19|20)\d\d\b")


def section_factors(sections: Sequence[str | None], title: str | None = None) -> list[list[Factor]]:
    """Doubts about each measure's section from the sequence of sections in the document.

    * ``section:title_like`` -- the section is the document's title or names years: a title or
      period heading taken for a topic heading;
    * ``section:long_run`` -- the measure lies beyond 1.5 times the usual number of measures under
      one section (the median run, with 3 or more runs): a heading in between may have been missed
      and the earlier section carried on."""
    out: list[list[Factor]] = [[] for _ in sections]
    norm = lambda t: re.sub(r"\W+", " ", (t or "").lower()).strip()  # noqa: E731
    runs: list[tuple[int, int]] = []
    for i, sec in enumerate(sections):
        if sec and (norm(sec) == norm(title) or _YEAR.search(sec)):
            out[i].append(Factor("section:title_like", SECTION_TITLE_LIKE, "section",
                                 "the document's title" if norm(sec) == norm(title) else "names a year"))
        if runs and sections[runs[-1][0]] == sec:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    lengths = sorted(b - a for a, b in runs if sections[a])
    if len(lengths) >= 3:
        usual = lengths[len(lengths) // 2]
        for a, b in runs:
            if not sections[a]:
                continue
            for k in range(a, b):
                if k - a >= SECTION_RUN_RATIO * usual:
                    out[k].append(Factor("section:long_run", SECTION_LONG_RUN, "section",
                                         f"measure {k - a + 1} under this section; usually {usual}"))
    return out


_ID_PART = re.compile(r"\d+|[^\W\d_]+|\W")


def id_shape(text: str) -> str:
    """An id's shape: digits as ``9``, letters as ``a``, separators as they are ("1.2.3" -> "9.9.9")."""
    return "".join("9" if t.isdigit() else "a" if t.isalpha() else t for t in _ID_PART.findall(text.strip()))


def _id_numbers(text: str) -> tuple[int, ...] | None:
    parts = re.findall(r"\d+", text)
    return tuple(int(x) for x in parts) if parts and id_shape(text).strip("9.") == "" else None


def id_factors(ids: Sequence[str | None], id_column: Sequence[bool],
               read: Sequence[str | None] = ()) -> list[list[Factor]]:
    """Doubts about each measure's id from the document's ids (OCR misreads ids: "1.1.2" as "1.4.2",
    "2.1.3" as "21"; a table's rows out of step lose them).

    * ``id:empty_column`` -- the measure's table has an id column, but no id was read;
    * ``id:garbled`` -- most of 4 or more ids look like ids (a letter, digits, dots) and this one does not;
    * ``id:shape`` -- most (60 %) of the id-like ones share a shape and this one has another;
    * ``id:sequence`` -- a numeric id between two others of its shape that follows from neither
      neighbour's numbering and does not lead to the next one;
    * ``id:repaired`` -- ``read`` holds OCR's reading where the document's numbering replaced it."""
    out: list[list[Factor]] = [[] for _ in ids]
    for i, r in enumerate(read):
        if r is not None and i < len(out):
            out[i].append(Factor("id:repaired", ID_REPAIRED, "id", f"read '{r}', repaired by the numbering"
                                 if r else "none read, given by the numbering"))
    present = [(i, t.strip()) for i, t in enumerate(ids) if t and t.strip()]
    for i, t in enumerate(ids):
        if i < len(id_column) and id_column[i] and not (t or "").strip():
            out[i].append(Factor("id:empty_column", ID_EMPTY_COLUMN, "id", "the table has an id column; none read"))
    like = [(i, t) for i, t in present if _ID_LIKE.match(t)]
    if len(like) < ID_MIN or 2 * len(like) < len(present):
        return out
    for i, t in present:
        if not _ID_LIKE.match(t):
            out[i].append(Factor("id:garbled", ID_GARBLED, "id", f"'{t}' does not look like the document's ids"))
    present = like
    shapes = [id_shape(t) for _, t in present]
    usual = max(set(shapes), key=shapes.count)
    if shapes.count(usual) < ID_SHAPE_SHARE * len(shapes):
        return out
    for (i, t), sh in zip(present, shapes):
        if sh != usual:
            out[i].append(Factor("id:shape", ID_SHAPE, "id", f"'{t}' is not shaped like most ids ('{usual}')"))
    nums = [(i, _id_numbers(t)) for (i, t), sh in zip(present, shapes) if sh == usual]
    for (_, a), (i, b), (_, c) in zip(nums, nums[1:], nums[2:]):
        if b is not None and not id_follows(a, b) and not id_follows(b, c):
            out[i].append(Factor("id:sequence", ID_SEQUENCE, "id", "follows neither from the id before it "
                                                                   "nor leads to the one after it"))
    return out


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


@dataclass(frozen=True)
class DocEvidence:
    """What a reader could check on the pages of a document, against what the output holds."""
    status: str
    doc_type: str | None
    n_pages: int = 0
    n_measures: int = 0
    headers_found: int = 0
    ocr_pages: int = 0
    blank_pages: int = 0  # image pages left without usable text
    decision: Mapping[str, Any] | None = None
    n_practices: int = 0
    n_items: int = 0
    tokens: int = 0  # alphabetic tokens of the text
    function_share: float = 0.0  # Finnish/Swedish function words per token
    wordlike_share: float = 1.0  # tokens that look like words
    title: tuple[float, str] = (1.0, "")  # plausibility, why
    coverage: tuple[float, int] = (1.0, 0)  # share of table-page words in output boxes, words counted
    tabular_pages: tuple[int, ...] = ()
    explained_pages: tuple[int, ...] = ()  # pages holding a box of the output
    gap_measures: int = 0  # measures with empty-line gaps in their text box


MEASURE_TYPES = ("measure_report", "action_programme", "annual_targets")
FUNCTION_SHARE_REF = 0.05  # Finnish prose ~0.06-0.12, Swedish more; tables less
WORDLIKE_LOW, WORDLIKE_HIGH = 0.55, 0.85
COVERAGE_REF = 0.75
LONG_TEXT_TOKENS = 400
MIN_TOKENS = 30


def _clip(v: float) -> float:
    return max(0.02, min(1.0, v))


def document_factors(ev: DocEvidence) -> list[Factor]:
    """The document-level evidence as factors (1.0 = no doubt); see the module docstring."""
    fs: list[Factor] = []
    if ev.tokens < MIN_TOKENS:
        fs.append(Factor("language:too_little_text", 0.1, None, f"{ev.tokens} words"))
    else:
        f = _clip(ev.function_share / FUNCTION_SHARE_REF)
        if f < 1:
            fs.append(Factor("language:few_function_words", f, None, f"function-word share {ev.function_share:.3f}"))
        w = _clip((ev.wordlike_share - WORDLIKE_LOW) / (WORDLIKE_HIGH - WORDLIKE_LOW))
        if w < 1:
            fs.append(Factor("letter_salad", w, None, f"word-like share {ev.wordlike_share:.2f}"))
    if ev.title[0] < 1:
        fs.append(Factor("title:implausible", _clip(ev.title[0]), None, ev.title[1]))
    fs.extend(_structure_factors(ev))
    if ev.doc_type in MEASURE_TYPES and ev.n_measures and ev.coverage[1]:
        c = _clip(ev.coverage[0] / COVERAGE_REF)
        if c < 1:
            fs.append(Factor("coverage:table_pages", c, None, f"{ev.coverage[0]:.2f} of {ev.coverage[1]} words on "
                                                              "the table pages are in the output"))
    unexplained = sorted(set(ev.tabular_pages) - set(ev.explained_pages))
    if ev.tabular_pages and unexplained and (ev.doc_type in MEASURE_TYPES or ev.doc_type in (None, "other")):
        share = len(unexplained) / len(ev.tabular_pages)
        fs.append(Factor("tabular_unexplained", _clip(1 - 0.9 * share), None,
                         f"{len(unexplained)} of {len(ev.tabular_pages)} table-like pages without output"))
    if ev.n_measures and ev.gap_measures:
        g = ev.gap_measures / ev.n_measures
        fs.append(Factor("inner_gaps", _clip(1 - 0.8 * g), None, f"{ev.gap_measures} of {ev.n_measures} measures "
                                                                 "have paragraphs run together"))
    if ev.n_pages:
        if ev.blank_pages:
            fs.append(Factor("pages_without_text", _clip(1 - 0.8 * ev.blank_pages / ev.n_pages), None,
                             f"{ev.blank_pages} pages"))
        if ev.ocr_pages:
            fs.append(Factor("ocr_pages", 1 - 0.2 * ev.ocr_pages / ev.n_pages, None, f"{ev.ocr_pages} pages read by OCR"))
    return fs


def _structure_factors(ev: DocEvidence) -> list[Factor]:
    """Did the structure expected for the document's type appear?"""
    t = ev.doc_type
    if t in MEASURE_TYPES:
        if not ev.n_measures:
            return [Factor("structure:no_measures", 0.02, None, "a measure document without measures")]
        if t != "annual_targets" and not ev.headers_found:
            return [Factor("structure:no_header", DOC_NO_HEADER, None, "no table header row recognised")]
        return []
    if t == "decision":
        d = ev.decision or {}
        found = sum(1 for k in DECISION_FIELDS if d.get(k))
        if found < len(DECISION_FIELDS):
            missing = [k for k in DECISION_FIELDS if not d.get(k)]
            return [Factor("structure:decision_fields", _clip(0.1 + 0.9 * found / len(DECISION_FIELDS)), None,
                           "missing: " + ", ".join(missing))]
        return []
    if t in ("minutes", "agenda"):
        return [] if ev.n_items else [Factor("structure:no_items", 0.05, None, f"{t} without items")]
    if t == "practice_collection":
        return [] if ev.n_practices else [Factor("structure:no_practices", 0.05, None, "no practices found")]
    long_ = ev.tokens > LONG_TEXT_TOKENS
    return [Factor("structure:unknown_type", 0.03 if long_ else 0.1, None,
                   f"document type {t or 'unknown'}" + (f" with {ev.tokens} words" if long_ else ""))]


def document_confidence(ev: DocEvidence, measure_confidences: Sequence[float] = (),
                        weights: Mapping[str, Any] | None = None) -> Confidence:
    """Confidence of a whole document from its evidence (:func:`document_factors`) and, for a
    measure document, the mean calibrated confidence of its measures, through the fitted
    logistic model (kotoex/calibration.py). A failed document is 0."""
    from kotoex.calibration import document_value

    if ev.status == "failed":
        return Confidence(0.0, (Factor("failed", 0.0),))
    fs = document_factors(ev)
    if measure_confidences:
        fs.append(Factor("measures:mean", sum(measure_confidences) / len(measure_confidences), None,
                         f"mean of {len(measure_confidences)} measures"))
    return Confidence(document_value([f.as_dict() for f in fs], weights), tuple(fs))


SHARED_DOUBT_FIELDS = ("id", "section", "goal", "responsible", "status")
SHARED_DOUBT_SHARE, SHARED_DOUBT_MIN = 0.25, 4
SHARED_DOUBT_BELOW = 0.9  # a doubt, not a mild one (a body matched by a rule, 0.93; an empty schedule, 0.95)


def document_field_doubts(field_confidences: Sequence[Mapping[str, Mapping[str, Any]]]) -> list[list[Factor]]:
    """Per measure: ``FIELD:doubted_in_document`` where a quarter or more of the document's measures (4 or
    more) doubt that field (its confidence under 0.9) and this one does not. A column read badly on every row (ids misread by OCR,
    rows out of step) raises a doubt on some rows only; the others are at risk too."""
    out: list[list[Factor]] = [[] for _ in field_confidences]
    if len(field_confidences) < SHARED_DOUBT_MIN:
        return out
    for name in SHARED_DOUBT_FIELDS:
        doubted = [(fc.get(name) or {}).get("value", 1.0) < SHARED_DOUBT_BELOW for fc in field_confidences]
        share = sum(doubted) / len(doubted)
        if share < SHARED_DOUBT_SHARE:
            continue
        for i, d in enumerate(doubted):
            if not d:
                out[i].append(Factor(f"{name}:doubted_in_document", 1.0 - 0.5 * share, name,
                                     f"{share:.0%} of the document's measures doubt their {name}"))
    return out


def evidence_value(factors: Iterable[Factor]) -> float:
    """The product of document factors: the document's evidence as one number (a measure feature)."""
    v = 1.0
    for f in factors:
        v *= f.factor
    return v


def document_problems(ev: DocEvidence, factors: Sequence[Factor]) -> list[tuple[str, str, list[int]]]:
    """(kind, message, pages) of the warnings the evidence calls for; each makes the status ``partial``."""
    by = {f.signal: f for f in factors}
    out = []
    unexplained = sorted(set(ev.tabular_pages) - set(ev.explained_pages))
    measure_like = ev.doc_type in MEASURE_TYPES or ev.doc_type in (None, "other")
    if measure_like and ev.tabular_pages and (not ev.n_measures or len(unexplained) > len(ev.tabular_pages) / 2):
        out.append(("tabular_unexplained", f"{len(unexplained)} of {len(ev.tabular_pages)} pages look like tables "
                    f"but {'no measures were' if not ev.n_measures else 'few measures were'} read from them",
                    unexplained))
    if "letter_salad" in by and by["letter_salad"].factor < 0.5:
        out.append(("letter_salad", f"the text does not read as words ({by['letter_salad'].note}): reading order "
                                    "or font may be broken", []))
    if ev.doc_type in (None, "other") and ev.tokens > LONG_TEXT_TOKENS:
        out.append(("unknown_long_text", f"document type unknown for a text of {ev.tokens} words: its content is "
                                         "not in the output", []))
    return out


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
