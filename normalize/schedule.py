"""Schedule cells (aikataulu / tidtabell) → ``{"raw", "start", "end", "continuous"}``.

Rules (word lists in ``data/schedule_words.json``):

* years (``2021``, ``2023–2024``, ``2022, 2024``, ``Syksy 2023``, ``2019–22``) →
  ``start`` = first/lowest year, ``end`` = last/highest year;
* a *continuous* phrase (``Jatkuva``, ``Vuosittain``, ``Årligen``,
  ``Fortlöpande``, ``Jatkuu``) → ``continuous: true``; without years start and end
  are ``None``; with one year (``"2020 Jatkuva"``: started 2020 and continues)
  ``start`` = that year and ``end`` = ``None``; with a range both are kept;
* a *period* phrase (``Koko ohjelmakausi``, ``Ohjelmakauden aikana``,
  ``Under programperioden``) → the programme ``period`` passed in (or ``None``s);
* *open end* (``2021 alkaen``, ``från och med 2021``) → ``start``, ``end=None``,
  ``continuous: true``; *deadline* (``2021 mennessä``, ``senast 2021``) →
  ``start=None``, ``end`` = the year.
* anything else → ``start``/``end`` ``None``, ``continuous: false`` (raw kept).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .vocab import data_path, fold, read_json, squash_ws

__all__ = ["ScheduleVocab", "parse_schedule"]

_YEAR_RANGE = re.compile(
    r"(?<![\d])((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)?\d{2})(?![\d])"
)
_YEAR = re.compile(r"(?<![\d])((?:19|20)\d{2})(?![\d])")


def _phrase_regex(phrases: list[str]) -> re.Pattern[str] | None:
    """Regex matching any phrase on word boundaries; ``*`` = any word ending."""
    alts = []
    for p in sorted({fold(x) for x in phrases}, key=len, reverse=True):
        stem = p.rstrip("*")
        body = r"\s+".join(re.escape(w) for w in stem.split())
        tail = r"\w*" if p.endswith("*") else ""
        alts.append(rf"(?<!\w){body}{tail}(?!\w)")
    return re.compile("|".join(alts)) if alts else None


@dataclass(frozen=True)
class ScheduleVocab:
    """Compiled schedule word lists."""

    continuous: re.Pattern[str] | None
    period: re.Pattern[str] | None
    open_end: re.Pattern[str] | None
    deadline: re.Pattern[str] | None

    @classmethod
    def load(cls, extra_files: list[Path] | tuple[Path, ...] = ()) -> "ScheduleVocab":
        """Packaged ``schedule_words.json`` merged with user JSON files of the same shape."""
        lists: dict[str, list[str]] = {"continuous": [], "period": [], "open_end": [], "deadline": []}
        for path in (data_path("schedule_words.json"), *extra_files):
            data = read_json(path)
            for key in lists:
                lists[key].extend(data.get(key, []))
        return cls(**{k: _phrase_regex(v) for k, v in lists.items()})


@lru_cache(maxsize=1)
def _default_vocab() -> ScheduleVocab:
    return ScheduleVocab.load()


def _years(text: str) -> list[int]:
    """All years in order of appearance; ranges expand to their two ends ("2019–22" → 2019, 2022)."""
    years: list[tuple[int, int]] = []
    taken: list[tuple[int, int]] = []
    for m in _YEAR_RANGE.finditer(text):
        a = int(m.group(1))
        b_raw = m.group(2)
        b = int(b_raw) if len(b_raw) == 4 else (a // 100) * 100 + int(b_raw)
        if b < a:  # "2019-05" is not a range of years
            continue
        years += [(m.start(1), a), (m.start(2), b)]
        taken.append(m.span())
    for m in _YEAR.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        years.append((m.start(), int(m.group(1))))
    return [y for _, y in sorted(years)]


def parse_schedule(
    raw: str | None,
    period: tuple[int | None, int | None] | None = None,
    *,
    vocab: ScheduleVocab | None = None,
) -> dict | None:
    """Parse a schedule cell.

    Returns ``{"raw": <as printed, whitespace-normalised>, "start": int|None,
    "end": int|None, "continuous": bool}``, or ``None`` for an empty cell.
    ``period`` is the programme period ``(start, end)`` used for phrases such as
    "Koko ohjelmakausi".
    """
    if raw is None:
        return None
    text = squash_ws(raw)
    if not text:
        return None
    vocab = vocab or _default_vocab()
    low = fold(text)
    years = _years(text)
    continuous = bool(vocab.continuous and vocab.continuous.search(low))
    start: int | None = None
    end: int | None = None
    if years:
        start, end = min(years), max(years)
        if vocab.open_end and vocab.open_end.search(low) and len(set(years)) == 1:
            end, continuous = None, True
        elif vocab.deadline and vocab.deadline.search(low) and len(set(years)) == 1:
            start = None
        elif continuous and len(set(years)) == 1:
            end = None
    elif vocab.period and vocab.period.search(low):
        if period is not None:
            start, end = period
        continuous = False
    return {"raw": text, "start": start, "end": end, "continuous": continuous}
