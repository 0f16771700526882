"""Split a meeting's lines into items (§).

An item starts at a section line ("§ 41", "§ 41 Title", Swedish "41 §") at the column where the
document's section lines stand, or at a header stamp "Body date § n" (a one-row header table)
whose body and date are the meeting's. Not items:

* the index ("Käsitellyt asiat" / "Behandlade ärenden"): its entries repeat sections printed in
  full later; of several runs of one section number the one with the most text is kept;
* the processing history ("Hyvinvointilautakunta, § 6, 22.08.2023"): stamps of other meetings;
  those just before an item belong to that item's history, those inside it mark earlier stages;
* references inside items ("§ 34: Arviointikertomus", "§132, §133", "§:n mukaan").
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from kotoex.interpret.minutes_lines import MLine, heading_kind, vocab
from kotoex.normalize.dates import parse_fi_date

_DATE = r"\d{1,2}\.\s?\d{1,2}\.\s?\d{4}"
_SEC = r"(?:§\s*(?P<{0}>\d{{1,4}})|(?P<{0}b>\d{{1,4}})\s*§)"
_BARE = re.compile(r"^§\s*(?P<sec>\d{1,4})(?![\d.,:;)/-])(?:\s+(?P<rest>.*))?$")
_BARE_SV = re.compile(r"^(?P<sec>\d{1,4})\s*§(?![\w:;,)/-])(?:\s+(?P<rest>.*))?$")
# "Kommunstyrelsen § 41", "Kaupunginhallitus 41 §": an item heading that names the body but no date
_BODY_SEC = re.compile(r"^(?P<body>[^\d§]*?[A-Za-zÅÄÖåäö][^\d§]*?)[\s,|·:-]*" + _SEC.format("s") + r"\s*$")
_STAMP = re.compile(
    r"^(?P<body>[^\d§]*?[A-Za-zÅÄÖåäö][^\d§]*?)[\s,|·/:-]*(?:"
    + _SEC.format("s1") + r"[\s,|·]*(?P<d1>" + _DATE + r")|(?P<d2>" + _DATE + r")[\s,|·]*" + _SEC.format("s2")
    + r")[\s,|·]*$")


@dataclass
class Candidate:
    idx: int
    section: str
    kind: str  # "bare" | "stamp"
    rest: str = ""
    body: str | None = None
    date: str | None = None


@dataclass
class Segment:
    """The lines of one item: its start candidate, its lines (start line first), its history lines."""
    start: Candidate
    lines: list[MLine] = field(default_factory=list)
    history: list[MLine] = field(default_factory=list)
    stages: list[int] = field(default_factory=list)  # indexes into ``lines`` of earlier-stage stamps
    index_title: str | None = None  # the title its entry in the index gives


def _stamp(text: str) -> Candidate | None:
    if "§" not in text:  # every form of _STAMP holds one; skips the costly match on most lines
        return None
    m = _STAMP.match(text)
    if not m:
        return None
    sec = m.group("s1") or m.group("s1b") or m.group("s2") or m.group("s2b")
    date = parse_fi_date(m.group("d1") or m.group("d2"))
    body = " ".join(m.group("body").replace(",", " ").split()).strip(" |·/:-")
    if not body or not date or not names_a_body(body):
        return None  # a body's or an officeholder's name, not a sentence ending in "10.10.2024 § 19"
    return Candidate(-1, sec, "stamp", body=body, date=date)


def names_a_body(text: str) -> bool:
    """"Kaupunginhallitus", "Sosiaali- ja terveyslautakunta", "Kasvatus- ja opetuslautakunnan suomenkielinen
    jaosto": capitalised, short, at most two lower-case words besides conjunctions and compound ends."""
    words = text.split()
    if not words or not words[0][:1].isupper() or len(words) > 6:
        return False
    lower = [w for k, w in enumerate(words[1:], 1)
             if w[:1].islower() and w not in ("ja", "och") and not words[k - 1].endswith("-")
             and not (k >= 2 and words[k - 2].endswith("-"))]
    return len(lower) <= 2


def stamps_in(text: str) -> list[Candidate]:
    """Every stamp of a history line ("A, § 6, 22.08.2023 / B, § 258, 28.08.2023"), or [] if it is none."""
    parts = [p.strip() for p in re.split(r"\s+/\s+|\s*;\s*", text) if p.strip()]
    out = [_stamp(p) for p in parts]
    return out if out and all(out) else []


def find_candidates(lines: list[MLine]) -> list[Candidate]:
    out: list[Candidate] = []
    for i, ln in enumerate(lines):
        t = ln.text
        if "§" not in t:  # _BARE, _BARE_SV, stamps and _BODY_SEC all need one
            continue
        m = _BARE.match(t) or _BARE_SV.match(t)
        if m:
            rest = (m.group("rest") or "").strip()
            if rest and (rest[0].islower() or rest[0] in ":;,.)"):
                continue  # a sentence wrapped before "§ 3 mom." or a reference "§ 34: ..."
            out.append(Candidate(i, str(int(m.group("sec"))), "bare", rest=rest))
            continue
        st = stamps_in(t)
        if len(st) == 1 and len(t) <= 90:
            c = st[0]
            c.idx = i
            c.section = str(int(c.section))
            out.append(c)
            continue
        m = _BODY_SEC.match(t)
        if m and names_a_body(m.group("body").strip(" ,|·:-")) and vocab().body_word.search(m.group("body")):
            out.append(Candidate(i, str(int(m.group("s") or m.group("sb"))), "stamp",
                                 body=m.group("body").strip(" ,|·:-")))
    return out


def _start_column(lines: list[MLine], cands: list[Candidate]) -> float | None:
    xs = Counter(round(lines[c.idx].x0 / 6) for c in cands if c.kind == "bare")
    if not xs:
        return None
    return xs.most_common(1)[0][0] * 6.0


def _same_body(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    a, b = a.lower(), b.lower()
    return a in b or b in a or fuzz.ratio(a, b) >= 80 or _abbreviates(a, b) or _abbreviates(b, a)


def _abbreviates(short: str, long: str) -> bool:
    """"kh" / "khall" for "kunnanhallitus", "sivltk" for "sivistyslautakunta": a short form whose letters
    stand in order in the name, from its first letter."""
    short = short.rstrip(".")
    if not 2 <= len(short) <= 6 or len(long) < 2 * len(short) or short[0] != long[0]:
        return False
    it = iter(long)
    return all(ch in it for ch in short)


def accepted_starts(lines: list[MLine], cands: list[Candidate], body: str | None,
                    date: str | None) -> tuple[list[Candidate], set[int]]:
    """(item starts, line indexes of stamps of other meetings or stages)."""
    col = _start_column(lines, cands)
    at_col = [c for c in cands if c.kind == "bare" and (col is None or abs(lines[c.idx].x0 - col) <= 24)]
    # where the section lines are set in bold, a plain one is a sentence of the text ("§ 5 Hallintosäännön...")
    bold_only = len(at_col) >= 3 and sum(lines[c.idx].bold for c in at_col) >= 0.7 * len(at_col)
    starts: list[Candidate] = []
    other: set[int] = set()
    for c in cands:
        ln = lines[c.idx]
        if c.kind == "bare":
            if (col is not None and abs(ln.x0 - col) > 24) or (bold_only and not ln.bold):
                continue
            starts.append(c)
        elif c.date is None:  # "Body § n": the meeting's own body, set as a heading
            if body and _same_body(c.body, body) and (ln.bold or ln.furniture):
                starts.append(c)
        elif (date is None or c.date == date) and _same_body(c.body, body):
            starts.append(c)
        else:
            other.add(c.idx)
    starts = _drop_dips(starts)
    for i, ln in enumerate(lines):  # history lines that hold several stamps
        if i not in other and "§" in ln.text and len(stamps_in(ln.text)) > 1:
            other.add(i)
    return starts, other


def _drop_dips(starts: list[Candidate]) -> list[Candidate]:
    """Drop section lines numbered below both neighbouring sections ("§ 5 Kotoutumislain mukaan..." between
    § 256 and § 257): a sentence of the text that begins with a paragraph sign, not an item. A number that
    the next one continues (the first item after the index) stays."""
    secs = [int(c.section) for c in starts]
    keep = []
    for k, c in enumerate(starts):
        prev = next((v for v in reversed(secs[:k]) if v != secs[k]), None)
        nxt = next((v for v in secs[k + 1:] if v != secs[k]), None)
        restart = nxt is not None and nxt == secs[k] + 1  # items printed in full after the index: 144, 132, 133
        if c.kind == "bare" and prev is not None and nxt is not None and secs[k] < prev and secs[k] < nxt \
                and not restart:
            continue
        keep.append(c)
    return keep


def _ends_item(ln: MLine, col: float | None) -> bool:
    """A document-level appeal heading at the item column ends the last item."""
    if col is None or abs(ln.x0 - col) > 6:
        return False
    return heading_kind(ln.text) == "appeal"


def split_items(lines: list[MLine], starts: list[Candidate], other: set[int]) -> list[Segment]:
    by_idx = {c.idx: c for c in starts}
    col = _start_column(lines, [c for c in starts if c.kind == "bare"])
    segs: list[Segment] = []
    pending: list[int] = []  # stamps of other meetings not yet followed by content
    cur: Segment | None = None
    closed = False
    for i, ln in enumerate(lines):
        c = by_idx.get(i)
        if c is not None and (cur is None or c.section != cur.start.section or closed):
            cur = Segment(start=c, lines=[ln], history=[lines[k] for k in pending])
            pending, closed = [], False
            segs.append(cur)
            continue
        if c is not None:  # the same section again: a repeated header or the item's own stage stamp
            continue
        if i in other:
            pending.append(i)
            continue
        if ln.furniture or cur is None or closed:
            continue
        if _ends_item(ln, col):
            closed = True
            continue
        if pending:  # stamps followed by content of the current item: its earlier stages
            for k in pending:
                cur.stages.append(len(cur.lines))
                cur.lines.append(lines[k])
                cur.history.append(lines[k])
            pending = []
        cur.lines.append(ln)
    return _dedupe(segs)


def _content_chars(seg: Segment) -> int:
    return sum(len(ln.text) for ln in seg.lines[1:])


def _dedupe(segs: list[Segment]) -> list[Segment]:
    """Of several segments with one section number (an index entry, then the item printed in full)
    keep the last one with text of its own, else the fullest."""
    groups: dict[str, list[Segment]] = {}
    for s in segs:
        groups.setdefault(s.start.section, []).append(s)
    keep: set[int] = set()
    for group in groups.values():
        full = [s for s in group if _content_chars(s) >= 20]
        chosen = full[-1] if full else max(group, key=_content_chars)
        chosen.index_title = next((s.start.rest for s in group if s is not chosen and s.start.rest), None)
        keep.add(id(chosen))
    return [s for s in segs if id(s) in keep]
