"""Document-level evidence for confidence: pure functions over the pages and the output.

Each function measures one thing a reader could check on the page, independently of how the
measures were read, so that a document read wrongly does not vouch for itself:

* :func:`text_evidence` -- does the text read as Finnish or Swedish (share of function words) and
  as words at all (share of word-like tokens; a wrong reading order or a broken font gives
  "letter salad": single letters, runs without vowels);
* :func:`title_plausibility` -- letters against digits and symbols, word lengths;
* :func:`tabular_pages` -- pages that look like tables (drawn rules and fills, or lines cut into
  aligned columns);
* :func:`coverage` -- the share of the words on the table pages (from the first page with a
  measure to the last) that lie inside a box the output read them from;
* :func:`inner_gaps` -- a record's text box holding paragraphs set apart by an empty line, the
  sign of table rows run together into one record.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from kotoex.extract.pdf import Page, Word

_VOWELS = set("aeiouyåäöéü")
_ALPHA = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class TextEvidence:
    tokens: int  # alphabetic tokens
    function_share: float  # Finnish + Swedish function words / tokens
    wordlike_share: float  # tokens that look like words (2+ letters with a vowel, or a function word)


def text_evidence(words: Iterable[str], function_words: Mapping[str, set[str]]) -> TextEvidence:
    """Function-word and word-like shares of the alphabetic tokens of ``words``."""
    fw = set().union(*function_words.values()) if function_words else set()
    n = fun = like = 0
    # tokens never cross a space, so the words are read as one text; each distinct token is judged once
    for t, k in Counter(_ALPHA.findall(" ".join(w.lower() for w in words))).items():
        n += k
        if t in fw:
            fun += k
            like += k
        elif len(t) >= 2 and _VOWELS.intersection(t) and len(t) <= 40 and _plausible_runs(t):
            like += k
    if not n:
        return TextEvidence(0, 0.0, 0.0)
    return TextEvidence(n, fun / n, like / n)


def _plausible_runs(t: str) -> bool:
    """No run of five consonants (Finnish and Swedish words rarely have one)."""
    run = 0
    for ch in t:
        run = 0 if ch in _VOWELS else run + 1
        if run >= 5:
            return False
    return True


def title_plausibility(title: str | None) -> tuple[float, str]:
    """0..1: how much ``title`` looks like a title (letters, words of normal length); and why."""
    t = (title or "").strip()
    if not t:
        return 0.5, "no title found"
    chars = [c for c in t if c.isalnum()]  # punctuation and dashes of "2020–2023" count for nothing
    letters = sum(c.isalpha() for c in chars) / max(1, len(chars))
    words = _ALPHA.findall(t)
    if not words:
        return 0.1, "no letters in the title"
    mean_len = statistics.mean(len(w) for w in words)
    single = sum(len(w) == 1 for w in words) / len(words)
    v = min(1.0, letters / 0.6)
    if mean_len < 3:
        v *= 0.5
    if single > 0.3:
        v *= 0.5
    if len(t) > 250:
        v *= 0.7
    return round(v, 3), f"letters {letters:.2f}, mean word length {mean_len:.1f}, single letters {single:.2f}"


def tabular_pages(pages: Sequence[Page], min_rules: int = 6, min_fills: int = 4) -> list[int]:
    """Pages that look like tables: several drawn rules or filled cells, or columns of aligned lines."""
    out = []
    for p in pages:
        if len(p.rules) >= min_rules or len(p.fills) >= min_fills or _aligned_columns(p.words):
            out.append(p.number)
    return out


def _aligned_columns(words: Sequence[Word], min_lines: int = 8) -> bool:
    """Lines that start at three or more shared left edges, each used by several lines (a borderless table)."""
    if len(words) < 40:
        return False
    starts: dict[int, int] = {}
    prev: Word | None = None
    for w in sorted(words, key=lambda w: (round(w.top), w.x0)):
        if prev is None or abs(w.top - prev.top) > 2 or w.x0 - prev.x1 > 3 * max(1.0, w.size):
            key = int(w.x0 // 6)
            starts[key] = starts.get(key, 0) + 1
        prev = w
    cols = [k for k, n in starts.items() if n >= min_lines]
    return len(cols) >= 3


_SLACK = 1.5


def _inside(w: Word, bbox: Sequence[float], slack: float = _SLACK) -> bool:
    x0, top, x1, bottom = bbox
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return x0 - slack <= cx <= x1 + slack and top - slack <= cy <= bottom + slack


def coverage(pages: Sequence[Page], boxes: Iterable[Mapping], margin: float = 0.07) -> tuple[float, int]:
    """Share of the words on the pages from the first to the last boxed page that lie in some box.

    ``boxes``: {page, bbox} dicts of every field the output read. Words in the top and bottom
    ``margin`` of a page (running headers, page numbers) are not counted. Returns (share, words
    counted); (1.0, 0) where nothing is boxed."""
    by_page: dict[int, list] = {}
    for b in boxes:
        if b and b.get("page") is not None:
            by_page.setdefault(int(b["page"]), []).append(b["bbox"])
    if not by_page:
        return 1.0, 0
    lo, hi = min(by_page), max(by_page)
    n = inside = 0
    for p in pages:
        if not lo <= p.number <= hi:
            continue
        bands = _bands(by_page.get(p.number, []))
        for w in p.words:
            if w.top < margin * p.height or w.bottom > (1 - margin) * p.height:
                continue
            n += 1
            if any(_inside(w, bb) for bb in bands.get(int((w.top + w.bottom) / 2 // _BAND), ())):
                inside += 1
    return (inside / n if n else 1.0), n


_BAND = 24.0  # pt: boxes are looked up by the horizontal band of a word's centre


def _bands(bboxes: Sequence[Sequence[float]], slack: float = 1.5) -> dict[int, list]:
    """The boxes by every horizontal band of ``_BAND`` points they reach (with ``slack``), so a
    word is tested against the boxes of its band only, not all the boxes of its page."""
    out: dict[int, list] = {}
    for bb in bboxes:
        for k in range(int((bb[1] - slack) // _BAND), int((bb[3] + slack) // _BAND) + 1):
            out.setdefault(k, []).append(bb)
    return out


def inner_gaps(boxes: Iterable[Mapping], words_by_page: Mapping[int, Sequence[Word]], ratio: float = 1.8) -> int:
    """Empty-line gaps inside a record's text boxes: a vertical gap between two of its lines over
    ``ratio`` times the box's usual line pitch (paragraphs of rows run together)."""
    gaps = 0
    for b in boxes:
        if not b:
            continue
        x0, top, x1, bottom = b["bbox"]  # _inside, spelt out: every word of the page is tested
        x0, x1, top, bottom = x0 - _SLACK, x1 + _SLACK, top - _SLACK, bottom + _SLACK
        ws = [w for w in words_by_page.get(b.get("page"), ())
              if x0 <= (w.x0 + w.x1) / 2 <= x1 and top <= (w.top + w.bottom) / 2 <= bottom]
        tops: list[float] = []
        for w in sorted(ws, key=lambda w: w.top):
            if not tops or w.top - tops[-1] > 0.5 * w.size:
                tops.append(w.top)
        pitches = [b2 - a for a, b2 in zip(tops, tops[1:])]
        if len(pitches) < 2:
            continue
        usual = min(pitches)
        gaps += sum(1 for p in pitches if p > ratio * usual)
    return gaps
