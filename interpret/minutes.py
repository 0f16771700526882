"""Meeting minutes and agendas (pöytäkirja, esityslista, kokouskutsu / protokoll, föredragningslista,
kallelse) → items (§).

:func:`read_meeting` recognises a meeting document by its structure (two or more items, each
opened by a section line or a "body date §" stamp of the meeting) and its words (data file
``data/minutes.json``), and reads every item: section, title, body, date, diary number, proposal,
decision as made (none in an agenda), amounts, people, pages, and whether its subject is
integration (``minutes_subject``). A single decision or minutes extract (pöytäkirjanote, one §)
is no meeting document: it stays with the decision reader.
"""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from kotoex.extract.layout import group_lines
from kotoex.extract.pdf import Page
from kotoex.extract.text import clean_text
from kotoex.interpret.minutes_fields import diary_number, read_sections, title_block
from kotoex.interpret.minutes_lines import MLine, meeting_body_date, prepare_lines, vocab
from kotoex.interpret.minutes_split import Segment, accepted_starts, find_candidates, split_items
from kotoex.interpret.minutes_subject import integration_subject
from kotoex.interpret.money import amount_label
from kotoex.models.document import Amount, Item
from kotoex.normalize.amounts import find_amounts

log = logging.getLogger(__name__)


@dataclass
class Meeting:
    kind: str  # "minutes" | "agenda"
    body: str | None
    date: str | None
    items: list[Item] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _head_text(lines: list[MLine], pages: list[Page]) -> str:
    first = pages[0].number if pages else 1
    head = [ln.text for ln in lines if ln.page == first][:15]
    head += [ln.text for ln in lines if ln.furniture and ln.page <= first + 1]
    return " \n".join(head)


def _segments(lines: list[MLine], body: str | None, date: str | None) -> list[Segment]:
    cands = find_candidates(lines)
    starts, other = accepted_starts(lines, cands, body, date)
    return split_items(lines, starts, other)


def _from_stamps(lines: list[MLine], body: str | None, date: str | None) -> tuple[str | None, str | None]:
    """The most common body and date of the "body date §" stamps, where the header gave none."""
    stamps = [c for c in find_candidates(lines) if c.kind == "stamp"]
    if not stamps:
        return body, date
    if date is None:
        date = Counter(c.date for c in stamps).most_common(1)[0][0]
    if body is None:
        body = Counter(c.body for c in stamps if c.date == date).most_common(1)[0][0]
    return body, date


def _kind(head: str, items: list[Item]) -> str:
    v = vocab()
    is_minutes, is_agenda = bool(v.minutes.search(head)), bool(v.agenda.search(head))
    decided = any(it.decision_text for it in items)
    if is_agenda and not is_minutes:
        return "agenda"
    if is_minutes and not is_agenda:
        return "minutes"
    return "minutes" if decided else "agenda"


_last: tuple[list[Page], tuple[int, ...], Meeting | None] | None = None


def read_meeting(pages: list[Page]) -> Meeting | None:
    """The meeting and its items, or None when the pages are no minutes or agenda.

    The last result is remembered for the same list of pages (the document-type check and the
    pipeline both ask with it)."""
    global _last
    key = tuple(id(p) for p in pages)
    # the cache holds the list (and so its pages) alive: no other object can reuse their ids meanwhile
    if _last is not None and _last[0] is pages and _last[1] == key:
        return _last[2]
    try:
        result = _read_meeting(pages)
    except Exception:  # a reader bug on one odd document must not stop the other readers
        log.exception("minutes reader failed; the document is typed without it")
        result = None
    _last = (pages, key, result)
    return result


def _read_meeting(pages: list[Page]) -> Meeting | None:
    text_pages = [p for p in pages if p.words]
    if not text_pages or len(_candidate_sections(text_pages)) < 2:
        return None  # fewer than two items, whatever the rest of the pages says
    lines = prepare_lines(text_pages)
    body, date, _ = meeting_body_date(lines, text_pages[0].number)
    if body is None or date is None:  # no meeting header: the stamps of the items tell
        body, date = _from_stamps(lines, body, date)
    segs = _segments(lines, body, date)
    if len({s.start.section for s in segs}) < 2:
        return None
    head = _head_text(lines, text_pages)
    if vocab().extract.search(head) and len(segs) < 3:
        return None
    items = [_item(s, body, date) for s in segs]
    kind = _kind(head, items)
    if kind == "agenda":
        for it in items:
            it.decision_text = None
    warnings = []
    if not body or not date:
        warnings.append(f"{kind}: the meeting's {'body' if not body else 'date'} was not found in the page header")
    untitled = [it.section for it in items if not it.title]
    if untitled:
        warnings.append(f"{kind}: no title read for § {', '.join(untitled)}")
    return Meeting(kind=kind, body=body, date=date, items=items, warnings=warnings)


class _Text(NamedTuple):
    text: str


def _candidate_sections(pages: list[Page]) -> set[str]:
    """The sections of the item starts :func:`find_candidates` finds on the pages. It reads each line
    by itself, and only lines with a "§", so only the pages with one are grouped into lines here; a
    meeting's items are a subset of these (the check before reading all its lines)."""
    texts = [_Text(clean_text(ln.text) or "") for p in pages if any("§" in w.text for w in p.words)
             for ln in group_lines(p.words) if "§" in ln.text]
    return {c.section for c in find_candidates(texts)} if texts else set()


def _item(seg: Segment, body: str | None, date: str | None) -> Item:
    title, body_start = title_block(seg)
    title = title or seg.index_title  # the index's words where the item's own heading gave none
    secs = read_sections(seg, body_start)
    text = secs.text(skip=vocab().not_text)
    related, evidence = integration_subject(title, text)
    start = seg.lines[0]
    box = {"page": start.page, "bbox": [round(v, 1) for v in start.line.bbox()]}
    prov = {"path": "minutes", "coord_origin": "top-left", "fields": {"section": [box]},
            "integration_evidence": evidence}
    return Item(
        section=seg.start.section, title=title, body=body or seg.start.body, date=date or seg.start.date,
        diary_number=diary_number(seg, body_start), proposal=secs.last("proposal"),
        decision_text=secs.last("decision"), amounts=item_amounts(text), people=_unique(secs.people),
        pages=sorted({ln.page for ln in seg.lines}), integration_related=related,
        history=[ln.text for ln in seg.history], provenance=prov)


def item_amounts(text: str) -> list[Amount]:
    """Money amounts of an item's text, each once, with a label where a money word names it."""
    out: list[Amount] = []
    seen: set[float] = set()
    for value, raw, (a, _) in find_amounts(text):
        if value <= 0 or round(value, 2) in seen:
            continue
        seen.add(round(value, 2))
        sent_start = max(text.rfind(". ", 0, a) + 2, 0)
        label = amount_label(text[sent_start: a + len(raw) + 80], a - sent_start, False)
        out.append(Amount(value=value, currency="EUR", label=label, raw=raw))
    return out


def _unique(people):
    seen, out = set(), []
    for p in people:
        if p.name not in seen:
            seen.add(p.name)
            out.append(p)
    return out
