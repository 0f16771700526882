"""Minutes extracts and decisions (päätöspöytäkirja, pöytäkirjanote, protokollsutdrag) → Decision.

The page header (before the title) gives the municipality, the deciding body, the § number, the
date and the diary number (:mod:`decision_header`); the title is the largest text on the first
page; the body text is split into paragraphs (:mod:`paragraphs`) and sections by their headings
(Päätös, Päätösehdotus, Käsittely, Jakelu..., ``data/decision.json``). Amounts, the period and the
funder are read from the body (:mod:`money`), people from "role Firstname Lastname" phrases and
signatures (:mod:`people`). Dates and § numbers quoted in the body belong to other decisions and
are not used for the decision's own.

Provenance (``Decision.provenance``) gives, per field, the boxes of the lines it was read from
(PDF points, origin top-left, one box per page): body / section / date / diary_number from their
header lines, title from the title lines, decision_text from its paragraph lines, funder and each
amount / person (``amounts`` and ``people``: one box per item, in order) from the lines their text
spans in the body.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kotoex.extract.furniture import content_lines
from kotoex.extract.layout import Line, clean_join
from kotoex.extract.pdf import Page
from kotoex.interpret.decision_header import header_municipality, parse_header, stamps
from kotoex.interpret.diary import find_diary_span
from kotoex.interpret.lexicon import alternatives, compiled, vocabulary
from kotoex.interpret.money import find_decision_amounts, find_funder, find_period
from kotoex.interpret.paragraphs import Joined, Para, body_size, boxes, item_box, labels_to_row_start, paragraphs
from kotoex.interpret.people import find_people, is_signature_para
from kotoex.models import Problem, provenance
from kotoex.models.document import Decision

__all__ = ["parse_decision", "header_municipality", "section_of", "sections"]

# ------------------------------------------------------------------------------ sections


def section_of(text: str) -> str | None:
    """The section a heading opens ("Päätösehdotus:" → "proposal"), or None."""
    t = re.sub(r"\s+", " ", text.strip().rstrip(":").strip()).lower()
    return vocabulary("decision")["sections"].get(t)


def _side_label(p: Para) -> str | None:
    """The section of a label on the first line of its text ("Päätös Päätin, että...", "Esittelijä: ..."),
    of any section heading before a colon ("Förslag: ...") or set apart from its text by a wide gap (a
    label column: "Tiedoksi   talous...")."""
    first = p.lines[0].text.strip()
    m = compiled(r"^({})\b\s*:?\s*(?=[A-ZÅÄÖ])", "decision", ("side_labels",), 0).match(first)
    if m and (p.lines[0].bold or m.group(1) in vocabulary("decision")["decision_labels"]) and len(first) > len(m.group(0)):
        return section_of(m.group(1))
    head, colon, rest = first.partition(":")
    if colon and rest.strip() and len(head.split()) <= 3 and section_of(head) not in (None, "presenter", "preparer"):
        return section_of(head)  # "Förslag: Stadsstyrelsen föreslår...", "Beredning: ..." (a presenter line
        # "Esittelijä: ..." stays inside the proposal it stands in; its line is left out of the text)
    words = p.lines[0].words
    height = max(1.0, p.lines[0].bottom - p.lines[0].top)
    for k in range(1, min(4, len(words))):
        if words[k].x0 - words[k - 1].x1 > 1.5 * height:
            return section_of(" ".join(w.text for w in words[:k]))
    return None


def sections(paras: list[Para]) -> list[tuple[str, Para]]:
    """Each paragraph with the section it belongs to; paragraphs before any heading are "grounds"."""
    current = "grounds"
    ordered: list[tuple[str, Para]] = []
    for p in paras:
        first = p.lines[0].text.strip()
        heading = section_of(first)
        sec = heading if heading is not None else _side_label(p)
        labelled = heading is None and sec is not None
        if sec is not None and (labelled or p.lines[0].bold or len(first.split()) <= 4):
            current = sec
            if len(p.lines) == 1 and heading is not None:
                continue
        ordered.append((current, p))
    return ordered


def _section_paras(ordered: list[tuple[str, Para]], name: str) -> list[Para]:
    """The paragraphs of one section up to its first signature."""
    out = []
    for p in (p for sec, p in ordered if sec == name):
        if is_signature_para(p):
            break
        out.append(p)
    return out


# ------------------------------------------------------------------------------ steps


@dataclass
class _Layout:
    """The first page's header lines, the title and the lines after it."""

    header: list[Line]
    title: str | None
    title_lines: list[Line]
    rest: list[Line]


def _split_title(lines: list[Line]) -> _Layout | None:
    """The title: the first run of large (heading-size) lines on the first page with text."""
    size = body_size(lines)
    idx: list[int] = []
    for i, ln in enumerate(lines):
        if ln.page != lines[0].page:
            break
        big = ln.size >= size * 1.25 and len(ln.text) > 3
        if big and (not idx or i == idx[-1] + 1):
            idx.append(i)
        elif idx:
            break
    if not idx:
        return None
    return _Layout(lines[: idx[0]], clean_join([lines[i].text for i in idx]), [lines[i] for i in idx], lines[idx[-1] + 1:])


def _title_after_header(lines: list[Line]) -> _Layout:
    """No size difference: the header ends after the diary number line, the title follows."""
    for i in range(min(12, len(lines))):
        if parse_header([x.text for x in lines[: i + 1]]).get("diary_number"):
            if i + 1 < len(lines):
                return _Layout(lines[: i + 1], lines[i + 1].text, [lines[i + 1]], lines[i + 2:])
            break
    return _Layout(lines[:6], None, [], lines[6:])


@cache
def _approved_only() -> re.Pattern[str]:
    """A decision text that only approves the proposal ("Hyväksyttiin yksimielisesti.")."""
    return re.compile(rf"^(?:[\w -]+\s)?({alternatives('decision', 'approved_only')})"
                      rf"(\s+({alternatives('decision', 'approved_adverbs')}))?\.?$", re.I)


@cache
def _presenter() -> re.Pattern[str]:
    """The presenter named before a proposal ("Kaupunginjohtaja: ...", "Stadsdirektören: ...")."""
    return re.compile(r"^[A-ZÅÄÖ][\w-]*(?:\s+[A-ZÅÄÖ][\w-]*){0,3}:\s+(?=[A-ZÅÄÖ0-9])")


def _decision_text(ordered: list[tuple[str, Para]]) -> tuple[str | None, list[Line], list[Problem]]:
    """The decision's text and lines (the proposal's where the decision only approves it), with warnings."""
    paras = _section_paras(ordered, "decision")
    text = " ".join(p.text for p in paras).strip()
    text = compiled(r"^({})\s*:?\s*(?=[A-ZÅÄÖ])", "decision", ("decision_labels",), 0).sub("", text) or None
    lines = [ln for p in paras for ln in p.lines]
    signer = compiled(r"^({})\b", "decision", ("signer_labels",), 0)
    proposal_lines = [ln for sec, p in ordered if sec == "proposal" and not is_signature_para(p) for ln in p.lines
                      if not signer.match(ln.text.strip())]
    proposal_text = _presenter().sub("", clean_join([ln.text for ln in proposal_lines])) or None
    if text is None:
        warning = (Problem.of("decision_no_decision_section", "decision: no Päätös section; the proposal is given "
                              "as the decision text", proposal_lines[0].page) if proposal_text
                   else Problem.of("decision_no_text", "decision: no decision text found"))
        return proposal_text, proposal_lines, [warning]
    if _approved_only().match(text) and proposal_text:
        return proposal_text, proposal_lines, []
    return text, lines, []


def _header_warnings(head: dict, page: int) -> list[Problem]:
    out = []
    missing = [name for name, word in (("section", "§ number"), ("date", "date"), ("body", "deciding body"))
               if not head.get(name)]
    if missing:
        what = " and ".join(word for name, word in (("section", "§ number"), ("date", "date"), ("body", "deciding body"))
                            if name in missing)
        out.append(Problem.of("decision_no_section", f"decision: no {what} found in the header on page {page}", page))
    if not head.get("diary_number"):
        out.append(Problem.of("decision_no_diary_number", f"decision: no diary number found in the header on page "
                                                          f"{page}", page))
    return out


def _label_of(text: str) -> str | None:
    """The section of a heading word at the start of a line ("Päätös Kaupunginhallitus päätti...", "Beslut: ...")."""
    words = text.replace(":", " ").split()
    return next((section_of(" ".join(words[:k])) for k in (1, 2, 3) if section_of(" ".join(words[:k]))), None)


@dataclass
class _Header:
    """The header fields, the line each was read from, and the lines whose sections are the decision's."""

    fields: dict
    lines: dict[str, Line]
    rest: list[Line]


def _diary_after_title(rest: list[Line]) -> tuple[str, Line] | None:
    """A diary number on a line of its own just below the title ("LPR/1234/00.04.01/2022")."""
    for ln in rest[:3]:
        if section_of(ln.text) is not None:
            break
        hit = find_diary_span(ln.text, header=True)
        if hit and len(ln.text.strip()) <= len(hit[0]) + 20:
            return hit[0], ln
    return None


def _read_header(layout: _Layout) -> _Header:
    """Header fields from the page header; a later stage's stamp in the text (the council after the board)
    overrides them, and then only the lines after that stamp hold the decision's sections."""
    src: dict[str, int] = {}
    head = parse_header([ln.text for ln in layout.header], src)
    at = {name: layout.header[i] for name, i in src.items() if head.get(name)}
    rest = layout.rest
    texts = [ln.text for ln in rest]
    own = (head.get("section"), head.get("date"))
    found = [(i, st) for i, st in stamps(texts) if len(texts[i]) <= 90]
    # a stamp like the header's again is a repeated page header: left out, not a later stage
    repeated = {i for i, st in found if (st["section"], st["date"]) == own}
    # a later stage has a proposal or a decision of its own after it (not a stamp quoted at the end)
    staged = [(i, st) for i, st in found if i not in repeated and any(
        (section_of(t) or _label_of(t)) in ("proposal", "decision") for t in texts[i + 1:])]
    if staged:
        i, last = staged[-1]
        head.update(section=last["section"], date=last["date"])
        at.update(section=rest[i], date=rest[i])
        if last.get("body"):
            head["body"], at["body"] = last["body"], rest[last["_body_line"]]
        repeated = {k - i - 1 for k in repeated if k > i}
        rest = rest[i + 1:]
    rest = [ln for k, ln in enumerate(rest) if k not in repeated]
    if not head.get("diary_number"):
        hit = _diary_after_title(layout.rest)
        if hit:
            head["diary_number"], at["diary_number"] = hit
    return _Header(head, at, rest)


def _funder(body: Joined, everything: Joined) -> tuple[str | None, list[Line]]:
    """The funder named in the body text (else anywhere) and the lines it was read from."""
    for text in (body, everything):
        hit = find_funder(text.text)
        if hit:
            return hit[0], text.lines_at(*hit[1])
    return None, []


def parse_decision(pages: list[Page]) -> tuple[Decision, list[Problem]]:
    """Read a minutes extract or decision into a :class:`Decision`, with warnings.

    Steps: lines without page furniture → header / title / rest → header fields → paragraphs in
    sections → decision text → amounts, period, funder (body sections) and people (all) → provenance.
    """
    lines = labels_to_row_start(content_lines(pages), pages, lambda t: section_of(t) is not None)
    if not lines:
        return Decision(), [Problem.of("decision_no_text", "decision: no text on any page")]
    warnings: list[Problem] = []
    layout = _split_title(lines)
    if layout is None:
        layout = _title_after_header(lines)
        warnings.append(Problem.of("decision_no_title", f"decision: no heading-size title on page {lines[0].page}; "
                                   "title taken from the first line after the header", lines[0].page))
    header = _read_header(layout)
    head = header.fields
    warnings += _header_warnings(head, lines[0].page)

    ordered = sections(paragraphs(header.rest, lambda t: section_of(t) is not None))
    decision_text, decision_lines, text_warnings = _decision_text(ordered)
    warnings += text_warnings
    not_body = set(vocabulary("decision")["not_body_sections"])
    body = Joined([p for sec, p in ordered if sec not in not_body])
    everything = Joined([p for _, p in ordered])
    year = int(head["date"][:4]) if head.get("date") else None
    amounts_at = find_decision_amounts(body.text, year)
    funder, funder_lines = _funder(body, everything)
    people_lines: list[list[Line]] = []
    people = find_people([p for _, p in ordered], people_lines)

    fields: dict[str, list] = {name: boxes([header.lines[name]])
                               for name in ("body", "section", "date", "diary_number") if head.get(name) and name in header.lines}
    if layout.title and layout.title_lines:
        fields["title"] = boxes(layout.title_lines)
    if decision_text and decision_lines:
        fields["decision_text"] = boxes(decision_lines)
    if amounts_at:
        fields["amounts"] = [item_box(body.lines_at(*span)) for _, span in amounts_at]
    if funder and funder_lines:
        fields["funder"] = boxes(funder_lines)
    if people:
        fields["people"] = [item_box(ls) for ls in people_lines]
    d = Decision(
        body=head.get("body"), section=head.get("section"), date=head.get("date"),
        diary_number=head.get("diary_number"), title=layout.title, decision_text=decision_text,
        amounts=[am for am, _ in amounts_at], period=find_period(body.text, decision_text or ""), funder=funder,
        people=people, provenance=provenance("text", fields),
    )
    return d, warnings
