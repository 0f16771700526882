"""Is an item's subject immigrants' integration or immigration? Cues in ``data/minutes_subjects.json``.

A strong cue in the title decides; a weak cue in the title counts with a strong cue in the body. An item
that lists other matters (notices, official decisions: ``list_titles``) counts only by its title. In
the body, cues must repeat: at least ``body_min_strong`` strong cues (one more per 4000 characters
of text, so that a long budget or report item mentioning immigrants in passing is not flagged), two
in a short text, or a weighted score (strong 2, weak 1) above ``body_min_score``. The evidence words
are returned.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_DATA = Path(__file__).resolve().parent / "data" / "minutes_subjects.json"


@dataclass(frozen=True)
class SubjectCues:
    strong: re.Pattern
    weak: re.Pattern
    title_min: int
    body_min_strong: int
    body_min_score: int
    list_title: re.Pattern
    short_text: int = 1500


def _rx(entries: list[dict]) -> re.Pattern:
    alts = []
    for e in entries:
        stem = re.escape(e["stem"]).replace(r"\ ", r"\s+")
        alts.append(rf"[\wåäö-]*{stem}" if e.get("compound") else rf"(?<![\wåäö]){stem}")
    return re.compile(r"(?:" + "|".join(alts) + r")[\wåäö-]*", re.I)


@cache
def cues(path: Path = _DATA) -> SubjectCues:
    d = json.loads(path.read_text(encoding="utf-8"))
    lists = "|".join(re.escape(t) for t in d.get("list_titles", [])) or "(?!)"
    return SubjectCues(strong=_rx(d["strong"]), weak=_rx(d["weak"]), title_min=d.get("title_min", 1),
                       body_min_strong=d.get("body_min_strong", 3), body_min_score=d.get("body_min_score", 4),
                       list_title=re.compile(rf"^\s*(?:{lists})", re.I), short_text=d.get("short_text", 1500))


def _hits(rx: re.Pattern, text: str) -> list[str]:
    return [m.group(0) for m in rx.finditer(text or "")]


def integration_subject(title: str | None, text: str | None, c: SubjectCues | None = None) -> tuple[bool, list[str]]:
    """(integration_related, evidence words) for an item's title and text."""
    c = c or cues()
    t_strong, t_weak = _hits(c.strong, title or ""), _hits(c.weak, title or "")
    b_strong = _hits(c.strong, text or "")
    b_weak = [w for w in _hits(c.weak, text or "") if not c.strong.fullmatch(w)]
    evidence = list(dict.fromkeys(t_strong + t_weak + b_strong + b_weak))
    if len(t_strong) >= c.title_min:
        return True, evidence
    if t_weak and b_strong:  # "Tulkkauspalvelut" with immigrants in the text; not "Integration av datasystem"
        return True, evidence
    if c.list_title.match(title or ""):
        return False, evidence  # notices, official decisions, other business: the subject is the list
    n = len(text or "")
    need = c.body_min_strong + n // 4000
    if len(b_strong) >= need or (len(b_strong) >= 2 and n < c.short_text):
        return True, evidence
    if b_strong and 2 * len(b_strong) + len(b_weak) >= c.body_min_score + 1 + n // 4000:
        return True, evidence
    return False, evidence
