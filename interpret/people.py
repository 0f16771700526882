"""People named in a decision: "role Firstname Lastname" phrases and signatures (a name line over a role line).

Role endings, linking words ("koordinaattorina toimii ...") and organisation stems that are no
person's name are in ``data/people.json``.
"""
from __future__ import annotations

import re
from functools import cache

from kotoex.extract.layout import Line
from kotoex.interpret.lexicon import alternatives, compiled, vocabulary
from kotoex.interpret.paragraphs import Para
from kotoex.models.document import Person
from kotoex.normalize.municipalities import lookup_municipality

NAME = r"[A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?\s+[A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?"


def _role() -> str:
    unit = r"(?:[a-zåäö]+(?:jen|ien|den|tten)\s+)?"  # "kotoutumispalvelujen päällikkö"
    return rf"{unit}(?:[A-Za-zÅÄÖåäö]+-\s+ja\s+)?[A-Za-zÅÄÖåäö]*?(?i:{alternatives('people', 'role_endings')})"


@cache
def _person() -> re.Pattern[str]:
    linking = alternatives("people", "linking_words")
    return re.compile(rf"\b(?P<role>{_role()})(?P<case>nä|na|ksi|n)?(?:\s+(?:{linking}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}))*"
                      rf"\s+(?P<name>{NAME})\b")


@cache
def _signature_role() -> re.Pattern[str]:
    return re.compile(rf"^(?P<role>{_role()})$", re.I)


@cache
def _list_role() -> re.Pattern[str]:
    """The last word of a role after a name in a "Name, role" line (also ``list_role_endings``)."""
    return re.compile(rf"[\w-]*(?:{alternatives('people', 'role_endings', 'list_role_endings')})", re.I)


def is_name(text: str) -> bool:
    """"Maija Meikäläinen", "Anna-Liisa Virtanen-Koski": two capitalised words."""
    return re.fullmatch(NAME, text) is not None


def is_role(text: str) -> bool:
    """A line that is only a role ("Kaupunginjohtaja", "hankekoordinaattori")."""
    return _signature_role().match(text) is not None


def role_base(role: str) -> str:
    """The role as a lower-case-initial nominative ("Päällikö" → "päällikkö")."""
    r = re.sub(r"\s+", " ", role).strip()
    r = r[0].lower() + r[1:] if r else r
    if r.endswith("päällikö"):
        r += "ö"
    return r


def is_signature_para(p: Para) -> bool:
    """A paragraph that is a signature: a name, a role, or a name line over a role line."""
    t = p.text.strip()
    if is_name(t) or is_role(t):
        return True
    return len(p.lines) == 2 and is_name(p.lines[0].text.strip()) and is_role(p.lines[1].text.strip())


def block_role(label: str, kind: str) -> str:
    """The role of a person listed under a presenter/preparer label, in the label's language:
    "Föredragande" → "föredragande", "Valmistelija / lisätiedot" → "valmistelija" (``block_roles``)."""
    roles = vocabulary("people")["block_roles"]
    low = " ".join(label.lower().split())
    hit = next((roles[k] for k in roles if not k.startswith("_") and k in low), None)
    return hit or roles["_presenter" if kind == "presenter" else "_preparer"]


def _same_person(p: Person, first: str, last: str) -> bool:
    pf, pl = p.name.split()[0], p.name.split()[-1]
    return pf == first and (pl == last or last.startswith(pl[:-1]) or pl.startswith(last[:-1]))


def _name_role_line(text: str) -> tuple[str, str] | None:
    """("Tuula Vuori", "hallintosihteeri, sihteeri") for a line "Tuula Vuori, Hallintosihteeri, sihteeri".

    The rest after the name is a role when it is short, names no other person and one of its comma
    parts ends with a role word ("1. varapuheenjohtaja", "vt. ympäristöinsinööri", "ordförande"; ``role_endings``
    and ``list_role_endings``, words that are roles only in such a list: "esittelijä", "edustaja").
    """
    m = re.fullmatch(rf"(?P<name>{NAME})\s*,\s*(?P<rest>[^;()]+?)[.\s]*", text)
    if not m:
        return None
    parts = [t.strip() for t in m.group("rest").split(",") if t.strip()]
    if not parts or len(m.group("rest").split()) > 8 or any(is_name(t) for t in parts):
        return None
    if not any(_list_role().fullmatch(t.split()[-1]) for t in parts):
        return None
    return m.group("name"), ", ".join(_lower_initial(t) for t in parts)


def _lower_initial(part: str) -> str:
    """"Hallintosihteeri" → "hallintosihteeri"; "Kh:n edustaja" and acronyms stay as printed."""
    first = part.split()[0]
    return part[0].lower() + part[1:] if re.fullmatch(r"[A-ZÅÄÖ][a-zåäö-]+", first) else part


def _blocks(paras: list[Para]) -> list[list[tuple[int, int]]]:
    """(paragraph, line) positions in blocks: each paragraph of several lines is a block, and so is a
    run of one-line paragraphs (signatures are often printed as one-line paragraphs)."""
    blocks: list[list[tuple[int, int]]] = []
    run: list[tuple[int, int]] = []
    for i, p in enumerate(paras):
        if len(p.lines) == 1:
            run.append((i, 0))
            continue
        if run:
            blocks.append(run)
            run = []
        blocks.append([(i, k) for k in range(len(p.lines))])
    if run:
        blocks.append(run)
    return blocks


def _cells(line: Line) -> list[str]:
    """The texts of a line split where words stand far apart (signatures printed side by side)."""
    cells: list[list[str]] = []
    gap = 2.0 * (line.bottom - line.top) if len(line.words) > 1 else 0.0  # read once: the line's box
    for k, w in enumerate(line.words):
        if k == 0 or w.x0 - line.words[k - 1].x1 > gap:
            cells.append([])
        cells[-1].append(w.text)
    return [" ".join(c) for c in cells]


def _column_pairs(a: Line, b: Line) -> list[tuple[str, str]]:
    """(name, role) of signatures side by side: a line of names over a line of as many roles, or the reverse."""
    top, low = _cells(a), _cells(b)
    if len(top) < 2 or len(top) != len(low):
        return []
    if all(is_name(t) for t in top) and all(is_role(t) for t in low):
        return [(n, role_base(r)) for n, r in zip(top, low)]
    if all(is_role(t) for t in top) and all(is_name(t) for t in low):
        return [(n, role_base(r)) for n, r in zip(low, top)]
    return []


def _line_pairs(paras: list[Para]) -> list[tuple[tuple[int, int], str, str, list[Line]]]:
    """((paragraph, line), name, role, lines) of "Name, role" lines and of signatures.

    A signature is a name-only line next to a role-only line; in a run of such lines the first line
    says which comes first (name over role, or role over name), so a role is never given to the next
    signature's name.
    """
    out = []
    for block in _blocks(paras):
        lines = [paras[i].lines[k] for i, k in block]
        texts = [ln.text.strip() for ln in lines]
        kinds: list[str | None] = ["name" if is_name(t) else "role" if is_role(t) else None for t in texts]
        for k in range(len(block) - 1):
            cols = _column_pairs(lines[k], lines[k + 1])
            out += [(block[k], name, role, lines[k: k + 2]) for name, role in cols]
            if cols:
                kinds[k] = kinds[k + 1] = "done"
        k, n = 0, len(block)
        while k < n:
            if kinds[k] == "done":
                k += 1
                continue
            if kinds[k] is None:
                pair = _name_role_line(texts[k])
                if pair:
                    out.append((block[k], pair[0], pair[1], [lines[k]]))
                k += 1
                continue
            end = next((j for j in range(k, n) if kinds[j] in (None, "done")), n)
            first, a = kinds[k], k
            while a + 1 < end:
                if kinds[a] == first and kinds[a + 1] != first:
                    name, role = (texts[a], texts[a + 1]) if first == "name" else (texts[a + 1], texts[a])
                    out.append((block[a], name, role_base(role), lines[a: a + 2]))
                    a += 2
                else:
                    a += 1
            k = end
    return out


def _mentions(paras: list[Para]) -> list[tuple[str, str, list[Line]]]:
    """(name, role, source lines) of every mention, in reading order.

    Lines that are a "Name, role" pair or part of a signature are read as such; a "role Name" phrase
    is not read across them (the role closing one line is not the role of the name opening the next).
    """
    found = []
    pairs = _line_pairs(paras)
    used = {id(ln) for *_, lines in pairs for ln in lines}
    for pos, name, role, lines in pairs:
        found.append(((pos[0], pos[1], 0), name, role, lines))
    for i, para in enumerate(paras):
        for m in _person().finditer(para.text):
            lines = para.lines_at(*m.span())
            if any(id(ln) in used for ln in lines):
                continue
            k = next((j for j, ln in enumerate(para.lines) if ln is lines[0]), 0)
            found.append(((i, k, m.start() + 1), m.group("name"), role_base(m.group("role")), lines))
    found.sort(key=lambda f: f[0])
    return [(name, role, lines) for _, name, role, lines in found]


def find_people(paras: list[Para], where: list[list[Line]] | None = None) -> list[Person]:
    """People named in the paragraphs; ``where`` (if given) receives each person's source lines, in order.

    A later mention of the same person (same first name, last name in another case) adds only a
    missing role; names of organisations and municipalities are left out.
    """
    people: list[Person] = []
    where = [] if where is None else where
    not_names = compiled("({})", "people", ("not_names",))
    for name, role, lines in _mentions(paras):
        name = re.sub(r"\s+", " ", name).strip()
        first, last = name.split()[0], name.split()[-1]
        if not_names.search(name) or lookup_municipality(first) or lookup_municipality(last):
            continue
        same = next((p for p in people if _same_person(p, first, last)), None)
        if same is None:
            people.append(Person(name=name, role=role))
            where.append(lines)
        elif same.role is None and role:
            same.role = role
    return people
