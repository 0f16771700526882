"""People named in a decision: "role Firstname Lastname" phrases and signatures (a name line over a role line).

Role endings, linking words ("koordinaattorina toimii ...") and organisation stems that are no
person's name are in ``data/people.json``.
"""
from __future__ import annotations

import re
from functools import cache

from kotoex.extract.layout import Line
from kotoex.interpret.lexicon import alternatives, compiled
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


def _same_person(p: Person, first: str, last: str) -> bool:
    pf, pl = p.name.split()[0], p.name.split()[-1]
    return pf == first and (pl == last or last.startswith(pl[:-1]) or pl.startswith(last[:-1]))


def _mentions(paras: list[Para]) -> list[tuple[str, str, list[Line]]]:
    """(name, role, source lines) of every mention, in reading order."""
    out = []
    for para in paras:
        for m in _person().finditer(para.text):
            out.append((m.group("name"), role_base(m.group("role")), para.lines_at(*m.span())))
        # signature: a line with just a name followed by a line with just a role
        lines = [ln.text.strip() for ln in para.lines]
        for k, (a, b) in enumerate(zip(lines, lines[1:])):
            if is_name(a) and is_role(b):
                out.append((a, role_base(b), para.lines[k: k + 2]))
    # signatures split over two one-line paragraphs
    for pa, pb in zip(paras, paras[1:]):
        a, b = pa.text.strip(), pb.text.strip()
        if len(pa.lines) == 1 and len(pb.lines) == 1 and is_name(a) and is_role(b):
            out.append((a, role_base(b), pa.lines + pb.lines))
    return out


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
