"""Measure numbers read with their separators damaged by OCR, repaired by the shape of the table's other ids."""
from __future__ import annotations

import re
from collections import Counter

from .rows import RawMeasure

_DOTTED = re.compile(r"^\d(?:\.\d)+$")  # "1.2.3": single digits joined by dots
_DAMAGED = re.compile(r"^\d[\d.:;,]*\d$")  # digits with the dots lost or read as ":" ";" ","


def repair_ids(measures: list[RawMeasure], min_share: float = 0.8, min_ids: int = 3) -> None:
    """Ids such as "111", "1:21" or "1;2,3" become "1.1.1", "1.2.1", "1.2.3" where most ids of the
    document's well-read ids have that shape (single digits joined by dots, as many parts as the reading
    has digits).

    On a scan tesseract drops or misreads the small dots of a row number set in its own column; the
    digits are usually right. An id with a part of two digits read as such ("1.10") is left alone: only
    readings with a colon, semicolon or comma among their separators are changed, or with no separator
    at all where ids have three parts or more (a plain "12" may be a number of its own)."""
    ids = [m.id for m in measures if m.id]
    if len(ids) < min_ids:
        return
    shapes = Counter(i.count(".") + 1 for i in ids if _DOTTED.match(i))
    if not shapes:
        return
    parts, n = shapes.most_common(1)[0]
    if parts < 2 or n < min_ids or n < min_share * sum(shapes.values()):
        return
    for m in measures:
        i = m.id
        if not i or _DOTTED.match(i) or not _DAMAGED.match(i):
            continue
        digits = re.sub(r"\D", "", i)
        if len(digits) == parts and (re.search(r"[:;,]", i) or ("." not in i and parts >= 3)):
            m.id = ".".join(digits)


# characters tesseract reads for the digits and dots of a small row number
_CONFUSIONS = str.maketrans({"i": "1", "l": "1", "I": "1", "|": "1", "!": "1", "j": "1", "J": "1",
                             "O": "0", "o": "0", "D": "0", "Q": "0", "S": "5", "s": "5", "Z": "2", "z": "2",
                             "B": "8", "G": "6", "b": "6", "A": "4", "g": "9", "q": "9", "T": "7",
                             ":": ".", ";": ".", ",": "."})
_NUMBERED = re.compile(r"^\d{1,2}(?:\.\d{1,2})+$")  # "1.2", "1.2.3", "1.10"
_PLAIN = re.compile(r"^[1-9]\d{0,2}$")  # "1", "16": a plain row number
_START = ()  # before the document's first id: only a numbering's first id ("1.1") follows it
_RESTART, _UNREAD, _REREAD, _JUMP = 0.5, 2, 2, 3  # costs: a restart at 1, a reading with no digit, taking a
# reading of the usual shape for another id, a numbering that does not follow
_BEAM, _STATES = 4, 48  # ids more than _BEAM above the cheapest at a reading are dropped; how many are kept


def id_follows(a: tuple[int, ...] | None, b: tuple[int, ...] | None) -> bool:
    """``b`` comes after ``a`` in a numbering: one level up by one with 1s below it, or a restart at 1."""
    if a == _START and b:
        return all(x == 1 for x in b)
    if a is None or b is None or len(a) != len(b):
        return False
    if all(x == 1 for x in b[1:]) and (b[0] == 1 or len(b) > 1 and b[0] == a[0] + 1):
        return True  # a restart (a new table's numbering) or the next top-level group
    for k in range(len(b)):
        if b[:k] == a[:k] and b[k] == a[k] + 1 and all(x == 1 for x in b[k + 1:]):
            return True
    return False


def reads_as_next(prev_id: str | None, reading: str) -> bool:
    """``reading`` is a number whose dots OCR lost or misread ("113", "1:1.3") and whose digits make an id that
    follows ``prev_id`` ("1.1.2") in a numbering."""
    if not prev_id or not _DOTTED.match(prev_id) or _DOTTED.match(reading) or not _DAMAGED.match(reading):
        return False
    a = tuple(int(c) for c in prev_id.split("."))
    digits = re.sub(r"\D", "", reading)
    return len(digits) == len(a) and "0" not in digits and id_follows(a, tuple(int(c) for c in digits))


def _successors(a: tuple[int, ...], parts: int) -> list[tuple[int, ...]]:
    """The ids that may come after ``a``: one level up by one (1s below it), or a restart at 1."""
    ones = (1,) * parts
    if a == _START:
        return [ones]
    return list(dict.fromkeys([a[:k] + (a[k] + 1,) + (1,) * (parts - k - 1) for k in range(parts)] + [ones]))


def _usual_parts(ids: list[str], min_ids: int, min_share: float, min_dotted: float) -> int | None:
    """The number of parts of the document's dotted ids ("1.2" 2, "1.2.3" 3) where enough of its readings are
    dotted and most dotted ones have that many parts; 1 where none is dotted and most are plain numbers; None
    for a document numbered otherwise (or not at all)."""
    present = [t for t in ids if t]
    dotted = Counter(t.count(".") + 1 for t in present if _NUMBERED.match(t))
    if not dotted:  # plain numbers ("1", "2", … "16"): one part
        plain = sum(1 for t in present if _PLAIN.match(t))
        return 1 if plain >= min_ids and plain >= min_share * len(present) else None
    parts, n = dotted.most_common(1)[0]
    total = sum(dotted.values())
    if n < min_ids or n < min_share * total or total < min_dotted * len(present):
        return None
    return parts


def _numbers(text: str, parts: int) -> tuple[int, ...] | None:
    if parts == 1:
        return (int(text),) if _PLAIN.match(text) else None
    if not _NUMBERED.match(text) or text.count(".") + 1 != parts:
        return None
    return tuple(int(x) for x in text.split("."))


def _edits(a: str, b: str) -> int:
    """Levenshtein distance of two short strings."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def reading_cost(text: str, id_: tuple[int, ...]) -> int:
    """How far an OCR reading is from an id: 0 where its digits are the id's (dots lost or read as ":",
    letters OCR confuses with digits read as them: "11", "2id", "1:3"), else the digit edits, at most
    ``_UNREAD`` (also for a reading with no digit at all)."""
    digits = _digits(text)
    if not digits:
        return _UNREAD
    return min(_UNREAD, _edits(digits, "".join(map(str, id_))))


def _emission(text: str, read: tuple[int, ...] | None, x: tuple[int, ...]) -> float:
    """The cost of taking a reading for the id ``x``: its digit edits (:func:`reading_cost`), and a reading of
    the usual shape (well read, as a rule) taken for another id costs ``_REREAD`` more."""
    if read is not None:
        return 0.0 if x == read else _REREAD + reading_cost(text, x)
    return reading_cost(text, x)


def _transition(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    if not id_follows(a, b):
        return _JUMP
    return _RESTART if a != _START and all(v == 1 for v in b) else 0.0


def _lattice(readings: list[str], parts: int) -> list[dict[tuple[int, ...], float]]:
    """Forward costs: for each reading, the ids it may stand for and the cheapest numbering up to it."""
    layers: list[dict[tuple[int, ...], float]] = []
    prev: dict[tuple[int, ...], float] = {_START: 0.0}
    for text in readings:
        read = _numbers(text, parts)
        cands = {x for p in prev for x in _successors(p, parts)} | set(_reading_ids(text, parts))
        if read is not None:
            cands.add(read)
        cur = {x: min(c + _transition(p, x) for p, c in prev.items()) + _emission(text, read, x) for x in cands}
        floor = min(cur.values())
        kept = sorted(c for c in cur.values() if c <= floor + _BEAM)
        top = kept[min(len(kept), _STATES) - 1]  # at most about _STATES ids, all of a cost or none
        prev = {x: c for x, c in cur.items() if c <= top and (c < top or len(kept) <= _STATES)} \
            or {x: c for x, c in cur.items() if c <= floor}  # more than _STATES ids tie at the cheapest: all of them
        layers.append(prev)
    return layers


def decode_ids(readings: list[str], parts: int) -> list[tuple[int, ...] | None]:
    """The id each reading stands for in the cheapest numbering of the whole sequence (min-sum over a
    lattice: a reading's digit edits, a jump that does not follow, a restart at 1), where every cheapest
    numbering agrees on it; None where they differ."""
    layers = _lattice(readings, parts)
    reads = [_numbers(t, parts) for t in readings]
    out: list[tuple[int, ...] | None] = [None] * len(readings)
    if not layers:
        return out
    back = {x: 0.0 for x in layers[-1]}  # the cheapest cost of the readings after this one, by id
    total = min(layers[-1].values())
    for k in range(len(readings) - 1, -1, -1):
        best = [x for x, c in layers[k].items() if c + back[x] == total]
        out[k] = best[0] if len(best) == 1 else None
        if k:
            back = {p: min(_transition(p, x) + _emission(readings[k], reads[k], x) + back[x] for x in layers[k])
                    for p in layers[k - 1]}
    return out


def _digits(text: str | None) -> str:
    """The digits of a reading, letters OCR confuses with digits read as them, all else dropped."""
    return re.sub(r"\D", "", (text or "").translate(_CONFUSIONS))


def _reading_ids(text: str, parts: int) -> list[tuple[int, ...]]:
    digits = _digits(text)
    if parts == 1:  # a plain number: its digits, whatever their count
        return [(int(digits),)] if 0 < len(digits) <= 3 and digits[0] != "0" else []
    return [tuple(int(c) for c in digits)] if len(digits) == parts and "0" not in digits else []


def repair_id_sequence(measures: list[RawMeasure], ocr_pages: set[int] | frozenset[int], min_ids: int = 3,
                       min_share: float = 0.8, min_dotted: float = 0.3) -> None:
    """Ids OCR misread ("1.1" as "11", "2.1" as "2id", "1.1.2" as "1.4.2") become the id the document's
    numbering expects there, where the document's ids are dotted ("1.1, 1.2, 2.1", "1.2.3").

    The whole sequence of readings is decoded (:func:`decode_ids`) as the numbering (+1 at some level with
    1s below it, a restart at 1) nearest the readings' digits (letters OCR confuses with digits read as
    them, dots dropped); a numbering that does not follow ("1.2", "1.4") costs a jump, so readings of the
    usual shape are kept unless the sequence around them shows them misread. A reading on a page read by
    OCR whose id every cheapest numbering agrees on, and differs, takes it; the reading is kept in
    ``id_read``. Measures with no reading on such pages take part (they hold a place in the numbering). Plain
    numbers ("1" … "16") are decoded alike, one part each; a measure without a reading takes one only where it
    holds a place among read ones (:func:`_held_place`)."""
    ids = [(m.id or "").strip() for m in measures]
    parts = _usual_parts(ids, min_ids, min_share, min_dotted)
    if parts is None:
        return
    seq = [k for k, t in enumerate(ids) if t or measures[k].pages and measures[k].pages[0] in ocr_pages]
    readings = [ids[k] for k in seq]
    decoded = decode_ids(readings, parts)
    for j, (k, t, x) in enumerate(zip(seq, readings, decoded)):
        m = measures[k]
        if parts == 1 and not t and not _held_place(readings, decoded, j):
            continue
        if x is not None and x != _numbers(t, parts) and m.pages and m.pages[0] in ocr_pages:
            m.id_read, m.id = m.id_read if m.id_read is not None else m.id or "", ".".join(map(str, x))


def _held_place(readings: list[str], decoded: list[tuple[int, ...] | None], j: int) -> bool:
    """An unread plain number holds a place in the numbering: between two read ones, or first before a read
    one decoded as the next (no number for text after a table, or before it)."""
    nxt = j + 1 < len(readings) and bool(readings[j + 1])
    if j == 0:
        x, y = decoded[0], decoded[1] if len(decoded) > 1 else None
        return nxt and x is not None and y == (x[0] + 1,)
    return nxt and bool(readings[j - 1])
