"""Status cells → status codes of OUTPUT_SCHEMA.md.

A status cell of a follow-up report starts with a status phrase and usually goes
on with free text::

    "Toteutuu osin. Perusopetukseen valmentavia opintoja toteutetaan."
     └─ raw ──────┘ └─ detail ─────────────────────────────────────┘

:func:`parse_status` finds the *longest* vocabulary phrase at the start of the
cell (on word boundaries, case-insensitively), keeps the trailing punctuation in
``raw`` and returns the rest as ``detail``.  OCR-damaged phrases (``"Toteutuu
0sin"``, ``"Tot eutuu"``, ``"Kaynnissa"``) are caught by a fuzzy pass that only
looks at the leading 1–3 tokens and uses a high cutoff, so that free text is not
turned into a status.

Vocabulary: ``data/statuses.jsonl`` (``{"phrase", "code", "lang"}``) plus
settings in ``data/status_settings.json``; users add phrases with
``StatusVocab.load(extra_files=[...])``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from .vocab import contract_codes, data_path, fold, iter_jsonl, read_json

__all__ = [
    "STATUS_CODES",
    "StatusMatch",
    "StatusVocab",
    "parse_status",
    "is_indicator_template",
]

# the status codes of the contract (models.StatusCode, exported to models/document.schema.json)
STATUS_CODES: tuple[str, ...] = contract_codes("StatusCode")

_WORD_CHAR = re.compile(r"[\w]", re.UNICODE)
_TOKEN = re.compile(r"\S+")
_EDGE_PUNCT = ".,:;!?()[]\"'”“«»–—-*•·"
# digits that OCR puts for letters inside words ("Toteutuu 0sin")
_OCR_DIGITS = str.maketrans({"0": "o", "1": "l", "5": "s"})


@dataclass(frozen=True)
class StatusMatch:
    """Result of :func:`parse_status`.

    raw:    the leading status phrase exactly as printed, with its trailing
            punctuation (``"Toteutuu osin."``); ``None`` if no phrase was found.
    code:   one of :data:`STATUS_CODES`.
    detail: the rest of the cell after the phrase, stripped; ``None`` if empty.
    method: ``"exact"`` | ``"fuzzy"`` | ``"none"``.
    score:  rapidfuzz ratio for fuzzy matches, else ``None``.
    """

    raw: str | None
    code: str
    detail: str | None
    method: str
    score: float | None


def _phrase_key(phrase: str) -> str:
    """Comparison key of a phrase: lower-case, single spaces."""
    return " ".join(phrase.lower().split())


@dataclass
class StatusVocab:
    """Status phrases (``key -> code``) and parsing settings."""

    phrases: dict[str, str] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)

    # derived (filled by __post_init__)
    _by_len: list[str] = field(default_factory=list, repr=False)
    _patterns: list[tuple[re.Pattern[str], str]] = field(default_factory=list, repr=False)
    _folded: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)
    _fuzzy_seen: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)  # cell -> fuzzy result (cells repeat)
    # per folded key, what the fuzzy match compares:
    # (key, key without spaces, their lengths, spaces, length slack, code)
    _fuzzy_keys: list[tuple[str, str, int, int, int, int, str]] = field(default_factory=list, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._reindex()

    def _reindex(self) -> None:
        for k, code in self.phrases.items():
            if code not in STATUS_CODES:
                raise ValueError(f"unknown status code {code!r} for phrase {k!r}")
        self._by_len = sorted(self.phrases, key=len, reverse=True)
        self._patterns = [
            (re.compile(r"\s+".join(re.escape(w) for w in key.split(" "))), key) for key in self._by_len
        ]
        # folded key -> (original key, code); also a space-less variant for OCR-split words
        self._folded = {}
        self._fuzzy_seen = {}
        for k, code in self.phrases.items():
            self._folded.setdefault(fold(k), (k, code))
        self._fuzzy_keys = [(f, f.replace(" ", ""), len(f), len(f.replace(" ", "")), f.count(" "),
                             max(3, len(f) // 4), code) for f, (_k, code) in self._folded.items()]

    @classmethod
    def load(cls, extra_files: list[Path] | tuple[Path, ...] = ()) -> "StatusVocab":
        """Packaged ``statuses.jsonl`` plus user files (later files override codes)."""
        phrases: dict[str, str] = {}
        for path in (data_path("statuses.jsonl"), *extra_files):
            for row in iter_jsonl(path):
                phrase = row.get("phrase")
                code = row.get("code")
                if not phrase or not code:
                    raise ValueError(f"{path}: status rows need 'phrase' and 'code': {row}")
                phrases[_phrase_key(phrase)] = code
        settings = read_json(data_path("status_settings.json"))
        return cls(phrases=phrases, settings=settings)

    # -- settings accessors -------------------------------------------------
    @property
    def fuzzy_cutoff(self) -> float:
        return float(self.settings.get("fuzzy_cutoff", 88.0))

    @property
    def fuzzy_max_tokens(self) -> int:
        return int(self.settings.get("fuzzy_max_tokens", 3))

    @property
    def fuzzy_min_chars(self) -> int:
        return int(self.settings.get("fuzzy_min_chars", 5))

    def code_of(self, phrase: str) -> str | None:
        """Code of a whole phrase (case-/diacritic-insensitive), or ``None``."""
        key = _phrase_key(phrase.strip(_EDGE_PUNCT + " "))
        if key in self.phrases:
            return self.phrases[key]
        hit = self._folded.get(fold(key))
        return hit[1] if hit else None


@lru_cache(maxsize=1)
def _default_vocab() -> StatusVocab:
    return StatusVocab.load()


def _boundary_ok(text: str, end: int) -> bool:
    """True if position ``end`` of ``text`` is not inside a word."""
    return end >= len(text) or not _WORD_CHAR.match(text[end])


def _consume_trailing(cell: str, end: int, vocab: StatusVocab) -> int:
    """Extend ``end`` over trailing punctuation (``.``, ``:``, ``,`` or a spaced dash)."""
    pattern = vocab.settings.get("trailing_punctuation", r"^(?:\s*[.:;,!]+|\s+[–—-](?=\s|$))")
    m = re.match(pattern, cell[end:])
    return end + m.end() if m else end


def _exact_prefix(cell: str, vocab: StatusVocab) -> tuple[int, str] | None:
    """Longest vocabulary phrase at the start of ``cell`` (case-insensitive).

    Returns ``(end offset in cell, code)``.  Whitespace inside the cell may be any
    run of spaces/line breaks.
    """
    low = cell.lower()
    for pattern, key in vocab._patterns:  # longest first
        m = pattern.match(low)
        if m and _boundary_ok(low, m.end()):
            return m.end(), vocab.phrases[key]
    return None


def _fuzzy_prefix(cell: str, vocab: StatusVocab) -> tuple[int, str, float] | None:
    """:func:`_fuzzy_match`, remembered per vocabulary: status cells repeat row after row."""
    seen = vocab._fuzzy_seen
    if cell not in seen:
        if len(seen) > 4096:
            seen.clear()
        seen[cell] = _fuzzy_match(cell, vocab)
    return seen[cell]


def _fuzzy_match(cell: str, vocab: StatusVocab) -> tuple[int, str, float] | None:
    """Fuzzy match of the leading 1..N tokens against the vocabulary.

    Compares folded text, with and without spaces (OCR splits words:
    ``"Tot eutuu"``).  Returns ``(end offset, code, score)`` of the best candidate
    (longest span, then highest score) at or above the cutoff.
    """
    tokens = list(_TOKEN.finditer(cell))[: vocab.fuzzy_max_tokens]
    if not tokens:
        return None
    cutoff = vocab.fuzzy_cutoff
    ratio = fuzz.ratio
    best: tuple[float, int, int, str] | None = None  # score, n_tokens, end, code
    for n in range(1, len(tokens) + 1):
        span = tokens[:n]
        if n > 1 and span[-2].group()[-1:] in ".:;!?":
            break  # a phrase never runs over the end of a sentence
        # strip edge punctuation from the last token to locate the phrase end
        last = span[-1]
        last_text = last.group().rstrip(_EDGE_PUNCT)
        if not last_text:
            continue
        end = last.start() + len(last_text)
        cand = fold(" ".join(t.group().strip(_EDGE_PUNCT) for t in span[:-1]) + " " + last_text).strip()
        cand = " ".join(cand.split()).translate(_OCR_DIGITS)
        if len(cand.replace(" ", "")) < vocab.fuzzy_min_chars:
            continue
        cand_ns = cand.replace(" ", "")
        clen, cnslen, cspaces = len(cand), len(cand_ns), cand.count(" ")
        for fkey, fkey_ns, flen, fnslen, fspaces, slack, code in vocab._fuzzy_keys:  # in the vocabulary's order
            # cheap length filter before scoring
            if abs(flen - clen) > slack and abs(fnslen - cnslen) > 2:
                continue
            if cspaces == fspaces:
                score = ratio(cand, fkey, score_cutoff=cutoff)
            elif cnslen == fnslen:
                # OCR split or merged words ("Tot eutuu", "Toteutuuosin"): same letters,
                # different spacing; never used to swallow an extra word
                score = ratio(cand_ns, fkey_ns, score_cutoff=cutoff)
            else:
                continue
            if score < cutoff:
                continue
            key_tuple = (score, n, end, code)
            # prefer the longest span, then the best score
            if best is None or (n, score) > (best[1], best[0]):
                best = key_tuple
    if best is None:
        return None
    return best[2], best[3], float(best[0])


def is_indicator_template(text: str | None, *, vocab: StatusVocab | None = None) -> bool:
    """True for monitoring templates such as ``"Toteutuu / ei toteudu"``.

    A template is made of two or more alternatives separated by ``/`` (or
    ``vai``/``tai``/``eller``), each of them a status phrase or an answer word
    (``kyllä``, ``ei``), optionally preceded by a subject word such as
    ``"Toimenpide"``.  Such text is never a status.
    """
    if not text or not text.strip():
        return False
    vocab = vocab or _default_vocab()
    s = " ".join(text.split()).strip(" .:;")
    seps = vocab.settings.get("template_separators", ["/"])
    parts = re.split("|".join(f"\\s*(?:{p})\\s*" for p in seps), s, flags=re.IGNORECASE)
    parts = [p.strip(" .:;,") for p in parts]
    if len(parts) < 2 or any(not p for p in parts):
        return False
    subjects = {fold(w) for w in vocab.settings.get("template_subjects", [])}
    fillers = {fold(w) for w in vocab.settings.get("template_fillers", [])}
    first_words = parts[0].split()
    if len(first_words) > 1 and fold(first_words[0]) in subjects:
        parts[0] = " ".join(first_words[1:])
    n_status = 0
    for p in parts:
        if vocab.code_of(p) is not None:
            n_status += 1
        elif fold(p) in fillers:
            continue
        else:
            return False
    return n_status >= 1


_LEADING_SPECK = re.compile(r"^(?:[^\w\s]{1,2}|[a-zåäö])\s+")


def parse_status(cell: str | None, *, vocab: StatusVocab | None = None) -> StatusMatch:
    """Split a status cell into its leading status phrase, code and detail text.

    * ``None``/empty → ``StatusMatch(None, "unknown", None, "none", None)``
    * no phrase at the start (or an indicator template) → ``raw=None``,
      ``code="unknown"``, ``detail`` = the whole cell (stripped).
    * The longest exact phrase wins (``"Toteutuu osin."`` over ``"Toteutuu"``); a
      fuzzy match of the leading tokens is used when there is no exact phrase or
      when it covers more of the cell than the exact one (``"Toteutuu 0sin"``).
    """
    if cell is None or not cell.strip():
        return StatusMatch(None, "unknown", None, "none", None)
    vocab = vocab or _default_vocab()
    text = cell.strip()
    if is_indicator_template(text, vocab=vocab):
        return StatusMatch(None, "unknown", text, "none", None)

    exact = _exact_prefix(text, vocab)
    speck = _LEADING_SPECK.match(text) if exact is None else None
    if speck:  # "s Toteutuu." / "» Ei toteudu": a speck of the scan read as a letter or mark
        inner = parse_status(text[speck.end():], vocab=vocab)
        if inner.code != "unknown":
            return inner
    fuzzy = _fuzzy_prefix(text, vocab)
    method = "none"
    score: float | None = None
    end: int | None = None
    code = "unknown"
    if exact is not None:
        end, code = exact
        method = "exact"
    if fuzzy is not None and (end is None or fuzzy[0] > end):
        end, code, score = fuzzy
        method = "fuzzy"
    if end is None:
        return StatusMatch(None, "unknown", text, "none", None)
    end = _consume_trailing(text, end, vocab)
    raw = text[:end].strip()
    rest = text[end:].strip()
    if rest[:1] in "–—-:;,.":
        rest = rest.lstrip("–—-:;,. ").strip()
    return StatusMatch(raw, code, rest or None, method, score)
