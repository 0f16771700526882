"""Document type from content: decision / practice_collection / measure_report / action_programme /
annual_targets / other. Never from the file name.

Signals: the first page's header words ("PÖYTÄKIRJA", "Päätöspöytäkirja", "Pöytäkirjanote") with a
"body date § n" line, section headings "Päätös" / "Päätösehdotus"; many headings that are
municipalities; title words ("toteutuminen", "seuranta", "uppföljning" for reports, "tavoitteet
vuodelle" for annual targets, "ohjelma", "toimenpiteet" for programmes); and the caller's table
findings (a measure table, a status column). The cue words are in ``data/doctype.json``.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import cache

from kotoex.extract.layout import Line, group_lines
from kotoex.extract.pdf import Page
from kotoex.interpret.decision_header import parse_header, stamp
from kotoex.interpret.lexicon import alternatives, compiled
from kotoex.interpret.minutes import read_meeting
from kotoex.models import Problem
from kotoex.normalize.municipalities import resolve_heading

_SECTION_LINE = re.compile(r"(§\s*\d{1,4}\s*\d{1,2}\.\d{1,2}\.\d{4}|\d{1,2}\.\d{1,2}\.\d{4}\s*§\s*\d{1,4}|"
                           r"[a-zåäö]\d{2,7}\.\d{1,2}\.\d{4})")


def _cue(key: str, text: str) -> bool:
    """True if ``text`` contains a word of the cue list ``key`` (data/doctype.json)."""
    return compiled("({})", "doctype", (key,)).search(text) is not None


def _minutes_kind(text: str) -> bool:
    return compiled(r"\b({})\b", "doctype", ("minutes_words",)).search(text) is not None


@cache
def _decision_run() -> re.Pattern[str]:
    """"Päätös Päätin, että...", "Päätös Lautakunta päätti...", "Päätös Hyväksyttiin.", "Beslut Enligt förslag.":
    a decision label run together with its text."""
    labels = alternatives("decision", "decision_labels")
    first, third = alternatives("doctype", "decision_verbs_first_person"), alternatives("doctype", "decision_verbs")
    approved = alternatives("decision", "approved_only")
    return re.compile(rf"^({labels})\s*({first}|[A-ZÅÄÖ][a-zåäö]+ ({third})|(?i:{approved})\b)")


def _decision_heading(text: str) -> bool:
    t = text.strip()
    return (compiled(r"^({})\s*:?$", "doctype", ("decision_headings",)).match(t) is not None
            or _decision_run().match(t) is not None)


def _first_page_lines(pages: list[Page]) -> tuple[list[Line], float]:
    for p in pages:
        lines = group_lines(p.words)
        if sum(len(ln.text) for ln in lines) >= 20:
            chars: Counter[float] = Counter()
            for ln in lines:
                chars[round(ln.size * 2) / 2] += len(ln.text)
            return lines, chars.most_common(1)[0][0]
    return [], 10.0


def classify_doc_type(pages: list[Page], *, has_measure_table: bool, has_status_column: bool,
                      narrative_only: bool = False) -> tuple[str, list[Problem]]:
    """(doc_type, problems) from the document's content.

    ``narrative_only``: the measures found were all read from bullet lists under headings, none from a
    table; such lists do not outweigh the signs of a decision (a decision's grounds may list actions)."""
    warnings: list[Problem] = []
    first, body = _first_page_lines(pages)
    if not first:
        return "other", ["doc_type: no text on the first pages; type unknown"]
    meeting = read_meeting(pages)  # minutes / agenda: many items (§) of one meeting
    if meeting is not None:
        return meeting.kind, warnings
    head_text = " ".join(ln.text for ln in first[:6])
    big = [ln.text for ln in first if ln.size >= body * 1.25]
    title = " ".join(big[:6]) or " ".join(ln.text for ln in first[:3])
    intro = " ".join(ln.text for ln in first[:14])

    all_lines = [ln for p in pages for ln in group_lines(p.words)]
    decision_heads = sum(1 for ln in all_lines if _decision_heading(ln.text))
    score_decision = 0
    if _minutes_kind(head_text):
        score_decision += 2
    # "Kokous 5.10.2022 · § 312", "Pvm 21.04.2023" / "§ 77", a header table of labels over values
    if any(_SECTION_LINE.search(ln.text) or stamp(ln.text) for ln in first[:6]) or \
            parse_header([ln.text for ln in first[:8]]).get("section"):
        score_decision += 1
    if decision_heads:
        score_decision += 2
    if score_decision >= 3 and (not has_measure_table or narrative_only):
        return "decision", warnings

    # many headings that are municipalities or regions → a collection of practices
    heading_lines = [ln for ln in all_lines if ln.bold and ln.size > body + 0.6 and len(ln.text) < 80]
    muni_heads = {tuple(resolve_heading(ln.text.strip())) for ln in heading_lines}
    muni_heads.discard(())
    if len(muni_heads) >= 5 or (len(muni_heads) >= 3 and _cue("collection_words", title + " " + intro)):
        return "practice_collection", warnings
    if _cue("targets_words", title) or (_cue("targets_words", intro) and has_measure_table and not has_status_column):
        return "annual_targets", warnings
    if has_status_column or (_cue("report_words", title) and has_measure_table):
        return "measure_report", warnings
    if has_measure_table:
        return "action_programme", warnings
    lead = title + " " + " ".join(ln.text for ln in first[:4])
    if _cue("report_words", lead):
        warnings.append(Problem.of("doc_type_no_table",
                                   "doc_type: a report by its title but no measure table was found"))
        return "measure_report", warnings
    if _cue("programme_words", lead) and not _cue("collection_words", lead):
        warnings.append(Problem.of("doc_type_no_table",
                                   "doc_type: a programme by its title but no measure table was found"))
        return "action_programme", warnings
    if score_decision >= 2:
        warnings.append(Problem.of("doc_type_weak",
                                   "doc_type: weak signs of a decision (minutes header or § line only)"))
        return "decision", warnings
    if _cue("collection_words", title):
        warnings.append(Problem.of("doc_type_weak", "doc_type: a practice collection by its title only"))
        return "practice_collection", warnings
    warnings.append(Problem.of("doc_type_unknown", "doc_type: no measure table, decision header or practice headings "
                               "found; type unknown"))
    return "other", warnings
