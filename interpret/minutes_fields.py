"""The fields of one item (§): title, diary number, sections (proposal, decision as made), people.

A section opens at a heading line ("Päätösehdotus", "Päätös", "Förslag", "Välfärdsnämndens
beslut:") or at a heading word before a colon or a wide gap on a line ("Päätös: Hyväksyttiin.").
Presenter and preparer lines ("Esittelijä: Name, role", "Valmistelija / lisätiedot:" with name,
e-mail and role lines under it) give people and do not interrupt the section they stand in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kotoex.extract.layout import clean_join
from kotoex.extract.text import clean_text
from kotoex.interpret.minutes_lines import MLine, find_diary, heading_kind
from kotoex.interpret.minutes_split import Segment
from kotoex.interpret.people import block_role
from kotoex.models.document import Person

_NAME = re.compile(r"^[A-ZÅÄÖ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?(?:\s+[A-ZÅÄÖ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?){1,2}$")
_ROLE_NAME = re.compile(r"^(?P<role>(?:[a-zåäö]+-\s+ja\s+)?[a-zåäö][\wåäö.-]+)\s+(?P<name>[A-ZÅÄÖ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?"
                        r"\s+[A-ZÅÄÖ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?)$")
_CONTACT = re.compile(r"@|\+?\d[\d \-]{6,}|^(puh|tel|p\.)\b", re.I)


@dataclass
class Sections:
    """An item's text split into sections, in order: (kind, stage, text)."""
    parts: list[tuple[str, int, str]] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)

    def last(self, kind: str) -> str | None:
        """The text of the last section of a kind, preferring the item's own (last) stage."""
        hits = [(st, t) for k, st, t in self.parts if k == kind and t]
        if not hits:
            return None
        own = max(st for _, st, _ in self.parts)
        mine = [t for st, t in hits if st == own]
        return (mine or [hits[-1][1]])[-1]

    def text(self, skip: frozenset[str] = frozenset()) -> str:
        return "\n".join(t for k, _, t in self.parts if t and k not in skip)


def title_block(seg: Segment) -> tuple[str | None, int]:
    """(title, index of the first line after the title and the diary number lines)."""
    lines = seg.lines
    first = lines[0]
    parts: list[str] = []
    i = 1
    if seg.start.rest:
        parts.append(seg.start.rest)
        ref = first
    else:
        while i < len(lines) and _is_diary_line(lines[i]) and lines[i].page == first.page:
            i += 1
        if i >= len(lines) or not _title_like(lines[i], first):
            return None, 1
        parts.append(lines[i].text)
        ref = lines[i]
        i += 1
    col = _title_column(ref, seg.start.rest)
    prev = ref
    while i < len(lines):
        ln = lines[i]
        if (ln.page != prev.page or ln.top - prev.bottom > 0.6 * prev.height or abs(ln.x0 - col) > 4
                or ln.bold != ref.bold or heading_kind(ln.text) or _is_diary_line(ln) or len(parts) >= 4):
            break
        parts.append(ln.text)
        prev = ln
        i += 1
    while i < len(lines) and _is_diary_line(lines[i]):
        i += 1
    return clean_text(clean_join(parts)) or None, i


def _title_like(ln: MLine, first: MLine) -> bool:
    """The first line after the start line opens the title: close below it, or, under a stamp in the page
    header, the page's first line when it is set in bold."""
    near = ln.top - first.bottom < 3 * first.height or (first.furniture and ln.bold)
    return ln.page == first.page and near and not heading_kind(ln.text) and any(ch.isalpha() for ch in ln.text)


def _title_column(ref: MLine, rest: str) -> float:
    if not rest:
        return ref.x0
    words = ref.line.words
    for k, w in enumerate(words):
        if rest.startswith(w.text) or w.text.startswith(rest.split()[0]):
            return w.x0
    return ref.x0


def _is_diary_line(ln: MLine) -> bool:
    d = find_diary(ln.text)
    return bool(d) and len(ln.text) <= len(d) + 20


def diary_number(seg: Segment, title_end: int) -> str | None:
    """The item's diary number: on its start line, its title block or the few lines after it."""
    for ln in seg.lines[: title_end + 3]:
        if heading_kind(ln.text) and ln is not seg.lines[0]:
            break
        d = find_diary(ln.text)
        if d:
            return d
    return None


def _split_inline(ln: MLine) -> tuple[str | None, str]:
    """("decision", "Hyväksyttiin.") for "Päätös: Hyväksyttiin." or a heading word set apart by a wide gap."""
    kind = heading_kind(ln.text)
    if kind:
        return kind, ""
    if ":" in ln.text[:60]:
        head, _, rest = ln.text.partition(":")
        kind = heading_kind(head)
        if kind and len(head.split()) <= 5:
            return kind, rest.strip()
    words = ln.line.words
    for k in range(1, min(len(words), 5)):
        gap = words[k].x0 - words[k - 1].x1
        if gap > 2.0 * ln.height:
            head = " ".join(w.text for w in words[:k])
            kind = heading_kind(head)
            if kind:
                return kind, clean_text(" ".join(w.text for w in words[k:])) or ""
            break
    return None, ln.text


def read_sections(seg: Segment, body_start: int) -> Sections:
    out = Sections()
    stage = 0
    kind, buf = "grounds", []
    person_kind: str | None = None  # inside a preparer/presenter block
    person_buf: list[str] = []
    person_label = ""
    prev: MLine | None = None
    stage_idx = set(seg.stages)

    def flush():
        if buf:
            out.parts.append((kind, stage, clean_text(clean_join(buf)) or ""))
            buf.clear()

    def flush_person():
        nonlocal person_kind, person_label
        if person_kind and person_buf:
            out.people.extend(_people_of(person_buf, person_kind, person_label))
        person_kind = None
        person_buf.clear()

    for j in range(body_start, len(seg.lines)):
        ln = seg.lines[j]
        if j in stage_idx:
            flush(), flush_person()
            stage += 1
            kind = "grounds"
            prev = ln
            continue
        para_break = prev is not None and (ln.page != prev.page or ln.top - prev.bottom > 0.35 * prev.height)
        prev = ln
        if person_kind and para_break:
            flush_person()
        head, rest = _split_inline(ln)
        if head in ("preparer", "presenter"):
            flush_person()
            person_kind = head
            person_label = ln.text.partition(":")[0] if rest else ln.text
            if rest:
                person_buf.append(rest)
            continue
        if person_kind:
            person_buf.append(ln.text)
            continue
        if head:
            flush()
            kind = head
            if rest:
                buf.append(rest)
            continue
        if para_break and buf:
            buf.append("\n")
        buf.append(rest)
    flush(), flush_person()
    out.parts = [(k, st, _paragraphs(t)) for k, st, t in out.parts]
    return out


def _paragraphs(text: str) -> str:
    return "\n".join(" ".join(p.split()) for p in text.split("\n") if p.strip())


def _columns(parts: list[str]) -> list[Person]:
    """People of a block printed in columns: "A, B" / "a@x, b@x" / "Role A, Role B"."""
    rows = [[t.strip() for t in p.split(",") if t.strip()] for p in parts]
    names = next((r for r in rows if len(r) > 1 and all(_NAME.match(t) for t in r)), None)
    if not names:
        return []
    rows = [_merge_qualifiers(r, len(names)) for r in rows]
    roles = next((r for r in rows if len(r) == len(names) and r is not names
                  and not any(_CONTACT.search(t) or _NAME.match(t) for t in r)), None)
    return [Person(name=n, role=_role(r) if roles else None) for n, r in zip(names, roles or names)]


def _merge_qualifiers(row: list[str], n: int) -> list[str]:
    """A row of roles with more parts than names: a part opening in lower case qualifies the role before it
    ("Tekninen johtaja, vt. ympäristöinsinööri, Rakennustarkastaja" is two roles)."""
    if len(row) <= n or not row[0][:1].isupper():
        return row
    out: list[str] = []
    for t in row:
        if out and t[:1].islower():
            out[-1] += ", " + t
        else:
            out.append(t)
    return out


def _people_of(parts: list[str], kind: str, label: str = "") -> list[Person]:
    """People of a presenter/preparer block: "Name, role" or name / e-mail / role lines."""
    cols = _columns(parts)
    if cols:
        return cols
    out: list[Person] = []
    tokens: list[str] = []
    for p in parts:
        tokens.extend(t.strip() for t in re.split(r"[,;]", p) if t.strip())
    name = None
    for t in tokens:
        t = t.strip(" .")
        if _CONTACT.search(t):
            continue
        if _NAME.match(t) and name is None:
            name = t
            continue
        m = _ROLE_NAME.match(t)
        if m and name is None:  # "hallintojohtaja Matti Virtanen"
            out.append(Person(name=m.group("name"), role=m.group("role")))
            continue
        if name:
            out.append(Person(name=name, role=_role(t)))
            name = None
    if name:
        out.append(Person(name=name, role=block_role(label, kind)))
    return out


def _role(text: str) -> str:
    t = " ".join(text.split())
    return t[:1].lower() + t[1:] if t[1:2].islower() or len(t) == 1 else t
