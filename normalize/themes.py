"""Comparable themes for measures and practices (OUTPUT_SCHEMA.md § themes, THEMES.md).

A measure is read as THEMES.md reads it: its text first, then its goal, then its section.
Each field is cut into words; every word is matched, as its folded base form (Voikko, for
Finnish; the helper of :mod:`normalize.morphology`) or its folded surface form (Swedish: stems
and prefixes), against the concepts of ``data/themes.jsonl``. A concept names the themes it
votes for and a weight; "neutral" concepts (no themes) consume words that must add nothing
(rules E1, E6, E15, E22: "omalla kielellä", target groups, NGOs named only as partners).

Scores: a match counts ``weight × field weight × (1 + position bonus)``; within one field the
strongest concept of a theme counts fully, the next ones decay. Combos (``themes.json``) add a
theme when tags co-occur in one field (E16: leisure + children → children_youth_family).
The primary theme is the best score; further themes (up to ``max_codes``) are those within
``secondary_ratio`` of it. Every theme carries the words that voted for it (its evidence).

Users extend the vocabulary with their own JSONL files (``ThemeVocab.load(extra_files=...)``),
in the format documented at the top of ``data/themes.jsonl``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .morphology import voikko_morphology
from .vocab import data_path, fold, iter_jsonl, read_json

__all__ = ["Concept", "ThemeVocab", "ThemeSettings", "ThemeEvidence", "ThemeResult",
           "classify", "classify_measure", "classify_practice", "default_vocab", "THEME_CODES"]

GAP = "…"  # a pattern part that skips 0..MAX_GAP words
MAX_GAP = 4
_WORD = re.compile(r"[^\W_](?:[\w'’]|-(?=\w))*-?", re.UNICODE)


# ---------------------------------------------------------------------------
# vocabulary

@dataclass(frozen=True)
class Pattern:
    """One pattern of a concept: parts matched on consecutive words."""

    parts: tuple[tuple[str, str], ...]  # (mode, folded text); mode "any" | "start" | "exact" | "gap"
    length: int  # letters matched, for "the longer match wins"
    raw: str = ""
    origin: str = ""  # for a closed-compound variant ("suomenkiel"): the open pattern it was made from

    @classmethod
    def parse(cls, raw: str) -> "Pattern":
        parts: list[tuple[str, str]] = []
        for tok in raw.split():
            if tok in (GAP, "..."):
                parts.append(("gap", ""))
            elif tok.startswith("^"):
                parts.append(("start", fold(tok[1:])))
            elif tok.startswith("="):
                parts.append(("exact", fold(tok[1:])))
            else:
                parts.append(("any", fold(tok)))
        if not parts or all(m == "gap" for m, _ in parts):
            raise ValueError(f"empty theme pattern {raw!r}")
        # an exact word beats a prefix of the same length ("=perhe" over "^perhe" for "perheille")
        return cls(tuple(parts), sum(len(t) + (m == "exact") for m, t in parts), raw)

    @property
    def multiword(self) -> bool:
        return len(self.parts) > 1

    def closed(self) -> "Pattern | None":
        """The one-word spelling of an open compound pattern ("suomen kiel" -> "suomenkiel"):
        Finnish and Swedish write many compounds either way. None where there is none."""
        if not self.multiword or any(m not in ("any", "start") for m, _ in self.parts[1:]) \
                or self.parts[0][0] not in ("any", "start"):
            return None
        text = "".join(t for _, t in self.parts)
        prefix = "^" if self.parts[0][0] == "start" else ""
        return Pattern(((self.parts[0][0], text),), len(text), prefix + text + "+", self.raw)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity
class Concept:
    id: str
    themes: dict[str, float]
    patterns: dict[str, tuple[Pattern, ...]]  # language -> patterns
    raw: dict[str, tuple[str, ...]]
    tags: tuple[str, ...] = ()
    src: str = "added"
    rule: str = ""
    whole_word: bool = False  # a match makes the whole word add nothing (E12: "työllisyysmäärärahasta")

    @classmethod
    def from_obj(cls, obj: dict[str, Any], where: str, codes: Sequence[str]) -> "Concept":
        themes = {str(k): float(v) for k, v in (obj.get("themes") or {}).items()}
        bad = [k for k in themes if k not in codes]
        if bad:
            raise ValueError(f"{where}: unknown theme code(s) {bad}")
        pats: dict[str, tuple[Pattern, ...]] = {}
        raw: dict[str, tuple[str, ...]] = {}
        for lang in ("fi", "sv"):
            items = tuple(str(p) for p in obj.get(lang) or ())
            raw[lang] = items
            parsed = [Pattern.parse(p) for p in items]
            singles = {p.parts[0] for p in parsed if not p.multiword}
            variants = [v for v in (p.closed() for p in parsed) if v is not None and v.parts[0] not in singles]
            pats[lang] = tuple(parsed + variants)
        if not any(pats.values()):
            raise ValueError(f"{where}: concept without fi/sv patterns")
        return cls(str(obj.get("id") or where), themes, pats, raw,
                   tuple(obj.get("tags") or ()), str(obj.get("src") or "added"), str(obj.get("rule") or ""),
                   bool(obj.get("whole_word")))


@dataclass(frozen=True)
class ThemeSettings:
    """The numbers of ``themes.json`` (typed; replace fields with ``dataclasses.replace``)."""

    codes: tuple[str, ...]
    fields: tuple[tuple[str, float], ...] = (("text", 1.0), ("goal", 0.55), ("section", 0.3))
    position_bonus: float = 0.2
    decay: float = 0.5
    secondary_ratio: float = 0.45
    max_codes: int = 3
    tie_order: tuple[str, ...] = ()
    default: str = "coordination"
    combos: tuple[dict[str, Any], ...] = ()
    later_weight: float = 0.6
    admin_suffixes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    admin_weight: float = 0.3
    conjunctions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    goal_damping: float = 0.5
    shared_goal_share: float = 0.4
    use_morphology: bool = True

    @classmethod
    def from_obj(cls, obj: dict[str, Any]) -> "ThemeSettings":
        codes = tuple(obj["codes"])
        return cls(codes=codes,
                   fields=tuple((str(f), float(w)) for f, w in obj.get("fields", cls.fields)),
                   position_bonus=float(obj.get("position_bonus", 0.2)),
                   decay=float(obj.get("decay", 0.5)),
                   secondary_ratio=float(obj.get("secondary_ratio", 0.45)),
                   max_codes=int(obj.get("max_codes", 3)),
                   tie_order=tuple(obj.get("tie_order") or codes),
                   default=str(obj.get("default", "coordination")),
                   combos=tuple(obj.get("combos") or ()),
                   later_weight=float(obj.get("later_weight", 0.6)),
                   admin_suffixes={k: tuple(fold(x) for x in v) for k, v in (obj.get("admin_suffixes") or {}).items()},
                   admin_weight=float(obj.get("admin_weight", 0.3)),
                   conjunctions={k: tuple(fold(x) for x in v) for k, v in (obj.get("conjunctions") or {}).items()},
                   goal_damping=float(obj.get("goal_damping", 0.5)),
                   shared_goal_share=float(obj.get("shared_goal_share", 0.4)))


@dataclass(frozen=True, eq=False)  # hashed by identity (pattern cache)
class ThemeVocab:
    settings: ThemeSettings
    concepts: tuple[Concept, ...]

    @classmethod
    def load(cls, settings_file: Path | str | None = None,
             files: Iterable[Path | str] | None = None,
             extra_files: Iterable[Path | str] = ()) -> "ThemeVocab":
        """The packaged vocabulary (or ``files``), plus the user's ``extra_files``."""
        settings = ThemeSettings.from_obj(read_json(settings_file or data_path("themes.json")))
        paths = list(files) if files is not None else [data_path("themes.jsonl")]
        paths += list(extra_files)
        concepts = []
        for p in paths:
            for i, obj in enumerate(iter_jsonl(p), 1):
                concepts.append(Concept.from_obj(obj, f"{Path(p).name}#{i}", settings.codes))
        return cls(settings, tuple(concepts))

    def without(self, ids: Iterable[str]) -> "ThemeVocab":
        drop = set(ids)
        return ThemeVocab(self.settings, tuple(c for c in self.concepts if c.id not in drop))

    def without_patterns(self, drop: set[tuple[str, str]]) -> "ThemeVocab":
        """The vocabulary without the given (concept id, raw pattern) pairs."""
        out = []
        for c in self.concepts:
            pats = {lang: tuple(p for p in ps if (c.id, p.raw) not in drop) for lang, ps in c.patterns.items()}
            if any(pats.values()):
                out.append(Concept(c.id, c.themes, pats, c.raw, c.tags, c.src, c.rule, c.whole_word))
        return ThemeVocab(self.settings, tuple(out))

    @property
    def codes(self) -> tuple[str, ...]:
        return self.settings.codes


@lru_cache(maxsize=1)
def default_vocab() -> ThemeVocab:
    return ThemeVocab.load()


THEME_CODES: tuple[str, ...] = default_vocab().codes


# ---------------------------------------------------------------------------
# words and base forms

@dataclass(frozen=True)
class _Tok:
    surface: str  # as printed
    readings: tuple[str, ...]  # folded base form (if known) and folded surface form
    weight: float = 1.0  # 1 in the field's first sentence, ``later_weight`` after it or in parentheses
    admin_at: tuple[int, ...] = ()  # per reading: where an administrative head starts ("toimi"), or -1
    admin_weight: float = 1.0


def _lemma(word: str, use_morphology: bool) -> str | None:
    """Voikko's base form of a Finnish word (compounds whole; hyphenated: each part)."""
    if not use_morphology:
        return None
    morph = voikko_morphology()  # the project's one Voikko helper (normalize/morphology.py)
    if morph is None:
        return None
    out = []
    for part in word.strip("-").split("-"):
        bases = [a.get("BASEFORM") for a in (morph.analyze(part) if part else []) if a.get("BASEFORM")]
        out.append(bases[0] if bases else part)
    lemma = "-".join(out)
    return lemma if lemma.lower() != word.strip("-").lower() else None


_SENTENCE_END = re.compile(r"[.:;!?](?=\s+\S)")


def _tokens(text: str, language: str, use_morphology: bool, later_weight: float = 1.0,
            admin: tuple[str, ...] = (), admin_weight: float = 1.0,
            settings: "ThemeSettings | None" = None) -> list[_Tok]:
    """Words of a field. The first sentence names the measure; words after it (". ", ": ")
    or inside parentheses elaborate and weigh ``later_weight``. A word that names an
    administrative unit (its base form ends in one of ``admin``: "opetustoimi", "socialväsendet")
    names who acts, not what is done: a match before that head ("opetu" in "opetustoimen") weighs
    ``admin_weight``; a pattern that names the unit itself ("maahanmuuttajatoimisto") keeps its weight."""
    text = text or ""
    ends = [m.start() for m in _SENTENCE_END.finditer(text)]
    toks = []
    depth, seen = 0, 0  # "(" minus ")" in text[:seen]
    for m in _WORD.finditer(text):
        readings, admin_at = _word_readings(w := m.group(0), language, use_morphology, admin)
        gap = text[seen: m.start()]
        depth, seen = depth + gap.count("(") - gap.count(")"), m.start()
        later = bool(ends and ends[0] < m.start()) or depth > 0
        toks.append(_Tok(w, readings, later_weight if later else 1.0, admin_at, admin_weight))
    if settings is not None and language == "fi" and use_morphology:
        _complete_truncated(toks, settings.conjunctions.get("fi", ()))
    return toks


@lru_cache(maxsize=65536)  # documents repeat their words
def _word_readings(w: str, language: str, use_morphology: bool,
                   admin: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """A word's readings (folded base form if known, folded surface); per reading, where an admin head starts."""
    surf = fold(w)
    lemma = _lemma(w, use_morphology) if language == "fi" else None
    readings = (fold(lemma), surf) if lemma else (surf,)
    return readings, tuple(next((len(r) - len(x) for x in admin if r.endswith(x) and len(r) > len(x)), -1)
                           for r in readings) if admin else ()


def _complete_truncated(toks: list[_Tok], conjunctions: tuple[str, ...]) -> None:
    """'Kieli- ja opiskelutaitoja': the first word shares the last compound part of the word after
    the conjunction ("kielitaito"); that reading is added to it (Voikko finds the part)."""
    morph = voikko_morphology()
    if morph is None:
        return
    for i, tok in enumerate(toks[:-2]):
        if not tok.surface.endswith("-") or toks[i + 1].readings[-1] not in conjunctions:
            continue
        base = toks[i + 2].readings[0]
        for k in range(1, len(base) - 3):  # the longest proper tail Voikko knows as a noun
            tail = base[k:]
            if any(a.get("CLASS") == "nimisana" for a in morph.analyze(tail)):
                whole = fold(tok.surface[:-1]) + tail
                toks[i] = _Tok(tok.surface, (whole,) + tok.readings, tok.weight, (-1,) + tok.admin_at
                               if tok.admin_at else (), tok.admin_weight)
                break


def _part_hits(mode: str, pat: str, s: str) -> list[tuple[int, int]]:
    if mode == "exact":
        return [(0, len(s))] if s == pat else []
    if mode == "start":
        return [(0, len(pat))] if s.startswith(pat) else []
    out, i = [], s.find(pat)
    while i >= 0:
        out.append((i, i + len(pat)))
        i = s.find(pat, i + 1)
    return out


def _part_matches(mode: str, pat: str, tok: _Tok) -> bool:
    return any(_part_hits(mode, pat, r) for r in tok.readings)


# ---------------------------------------------------------------------------
# matching

@dataclass(frozen=True)
class _Match:
    concept: Concept
    index: int  # word index (first word of a multi-word match)
    words: str  # the words as printed
    pattern: str = ""  # the raw pattern that matched
    weight: float = 1.0  # the word's weight in its field (later sentences, parentheses: less)


def _multiword_at(p: Pattern, toks: list[_Tok], start: int, used: set[int]) -> list[int] | None:
    """Indices of the words matched by ``p`` starting at ``start`` (gaps skipped), or None."""
    def rec(k: int, i: int, acc: list[int]) -> list[int] | None:
        if k == len(p.parts):
            return acc
        mode, text = p.parts[k]
        if mode == "gap":
            for skip in range(0, MAX_GAP + 1):
                got = rec(k + 1, i + skip, acc)
                if got is not None:
                    return got
            return None
        if i >= len(toks) or i in used or not _part_matches(mode, text, toks[i]):
            return None
        return rec(k + 1, i + 1, acc + [i])

    return rec(0, start, [])


class _PatternIndex:
    """Patterns in their matching order (longest first), found by the first letters of their
    first part, so a word is compared only with the few patterns that can occur in it."""

    def __init__(self, pats: list[tuple[Pattern, Concept]]) -> None:
        self.pats = pats
        self.by_key: dict[str, list[int]] = defaultdict(list)
        for rank, (p, _) in enumerate(pats):
            self.by_key[p.parts[0][1][:3]].append(rank)
        self.key_lengths = sorted({len(k) for k in self.by_key})
        self.keys = frozenset(self.by_key)
        self._cache: dict[str, list[int]] = {}

    def ranks(self, reading: str) -> list[int]:
        """Ranks of the patterns whose first part's key occurs in ``reading``, in order."""
        hit = self._cache.get(reading)
        if hit is None:
            found: set[int] = set()
            subs = [reading[i:i + n] for n in self.key_lengths for i in range(len(reading) - n + 1)]
            for key in self.keys.intersection(subs):
                found.update(self.by_key[key])
            if len(self._cache) > 200_000:  # a long batch: keep memory bounded
                self._cache.clear()
            hit = self._cache[reading] = sorted(found)
        return hit


def _match_multiword(toks: list[_Tok], index: _PatternIndex) -> tuple[list[_Match], set[int]]:
    used: set[int] = set()
    out: list[_Match] = []
    tries = sorted({(rank, i) for i, tok in enumerate(toks) for r in tok.readings for rank in index.ranks(r)})
    for rank, i in tries:  # longest pattern first, then left to right
        p, c = index.pats[rank]
        got = _multiword_at(p, toks, i, used)
        if got:
            used.update(got)
            out.append(_Match(c, got[0], " ".join(toks[j].surface for j in got), p.raw, toks[got[0]].weight))
    return out, used


def _match_word(tok: _Tok, index: _PatternIndex) -> list[tuple[Concept, str, float]]:
    """Concepts matched inside one word (with a weight factor): longest first, no overlaps; the
    reading (base form or surface) whose matches cover the most letters is kept."""
    return list(_word_matches(tok.readings, tok.admin_at, tok.admin_weight, index))


@lru_cache(maxsize=65536)  # documents repeat their words
def _word_matches(readings: tuple[str, ...], admin_at: tuple[int, ...], admin_weight: float,
                  index: _PatternIndex) -> tuple[tuple[Concept, str, float], ...]:
    best: tuple[int, list[tuple[Concept, str, float]]] = (0, [])
    for k, reading in enumerate(readings):
        head = admin_at[k] if admin_at else -1
        spans: list[tuple[int, int]] = []
        got: list[tuple[Concept, str, float]] = []
        covered = 0
        for rank in index.ranks(reading):
            p, c = index.pats[rank]
            mode, text = p.parts[0]
            for a, b in _part_hits(mode, text, reading):
                if all(b <= x or a >= y for x, y in spans):
                    spans.append((a, b))
                    covered += b - a
                    if all(c is not g for g, _, _ in got):
                        got.append((c, p.raw, admin_weight if 0 <= head and b <= head else 1.0))
                    break
        if covered > best[0]:
            best = (covered, got)
    return () if any(c.whole_word for c, _, _ in best[1]) else tuple(best[1])


@lru_cache(maxsize=64)
def _indexes(vocab: ThemeVocab, language: str) -> tuple[_PatternIndex, _PatternIndex]:
    langs = ("fi", "sv") if language not in ("fi", "sv") else (language,)
    multi, single = [], []
    for c in vocab.concepts:
        for lang in langs:
            for p in c.patterns.get(lang, ()):
                (multi if p.multiword else single).append((p, c))
    multi.sort(key=lambda pc: (-len(pc[0].parts), -pc[0].length))
    single.sort(key=lambda pc: -pc[0].length)
    return _PatternIndex(multi), _PatternIndex(single)


def match_field(text: str, language: str, vocab: ThemeVocab) -> tuple[list[_Match], int]:
    """Concept matches in one field, and its number of words (cached: goals and sections repeat)."""
    out, n = _match_field(text, language, vocab)
    return list(out), n


@lru_cache(maxsize=8192)
def _match_field(text: str, language: str, vocab: ThemeVocab) -> tuple[tuple[_Match, ...], int]:
    st = vocab.settings
    admin = tuple(x for lang, xs in st.admin_suffixes.items() if language in ("", lang) for x in xs)
    toks = _tokens(text, language, st.use_morphology, st.later_weight, admin, st.admin_weight, st)
    multi, single = _indexes(vocab, language)
    out, used = _match_multiword(toks, multi)
    for i, tok in enumerate(toks):
        if i in used:
            continue
        for c, raw, factor in _match_word(tok, single):
            out.append(_Match(c, i, tok.surface, raw, tok.weight * factor))
    return tuple(out), len(toks)


# ---------------------------------------------------------------------------
# scoring

@dataclass(frozen=True)
class ThemeEvidence:
    theme: str
    field: str  # "text" | "goal" | "section" (practices: "title" is read as text)
    words: str  # as printed
    concept: str  # concept id in the vocabulary
    score: float

    def label(self) -> str:
        return f"{self.field}: {self.words}"


@dataclass(frozen=True)
class ThemeResult:
    codes: list[str]  # primary first; empty only when there was no text at all
    confidence: float
    evidence: list[ThemeEvidence] = field(default_factory=list)  # for the codes, strongest first
    scores: dict[str, float] = field(default_factory=dict)
    decided_by: str = ""  # the field that gave the primary theme most of its score; "default"

    @property
    def primary(self) -> str | None:
        return self.codes[0] if self.codes else None

    def evidence_for(self, code: str) -> list[ThemeEvidence]:
        return [e for e in self.evidence if e.theme == code]


def _field_scores(matches: list[_Match], n: int, fname: str, fweight: float,
                  s: ThemeSettings) -> tuple[dict[str, float], list[ThemeEvidence]]:
    contrib: dict[str, list[ThemeEvidence]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    tags: set[str] = set()
    for m in sorted(matches, key=lambda m: m.index):
        tags.update(m.concept.tags)
        pos = (1.0 + s.position_bonus * (1.0 - m.index / max(n - 1, 1))) * m.weight
        for code, w in m.concept.themes.items():
            if (code, m.concept.id) in seen or w <= 0:
                continue  # a concept counts once per field
            seen.add((code, m.concept.id))
            contrib[code].append(ThemeEvidence(code, fname, m.words, m.concept.id, w * fweight * pos))
    for combo in s.combos:
        need = set(combo.get("all", ()))
        if need <= tags:
            tagged = [m for m in matches if set(m.concept.tags) & need]
            # as strong as its weakest tag's best word (a tag only in a later sentence weighs less)
            weight = min(max(m.weight for m in tagged if tag in m.concept.tags) for tag in need)
            words = ", ".join(dict.fromkeys(m.words for m in tagged))
            for code, w in combo.get("themes", {}).items():
                contrib[code].append(ThemeEvidence(code, fname, words, "combo:" + str(combo.get("rule", "")),
                                                   float(w) * fweight * weight))
    scores: dict[str, float] = {}
    evidence: list[ThemeEvidence] = []
    for code, evs in contrib.items():
        evs.sort(key=lambda e: -e.score)
        scores[code] = sum(e.score * s.decay ** k for k, e in enumerate(evs))
        evidence += evs
    return scores, evidence


def classify(fields: dict[str, str | None], language: str | None = "fi",
             vocab: ThemeVocab | None = None) -> ThemeResult:
    """Themes of one measure from its fields (``text``, ``goal``, ``section``)."""
    vocab = vocab or default_vocab()
    s = vocab.settings
    lang = language if language in ("fi", "sv") else ""
    total: dict[str, float] = defaultdict(float)
    by_field: dict[str, dict[str, float]] = {}
    evidence: list[ThemeEvidence] = []
    text_top = 0.0
    for k, (fname, fweight) in enumerate(s.fields):
        text = fields.get(fname) or ""
        if not text.strip():
            continue
        if k > 0:  # goal and section matter less the clearer the text is
            fweight *= 1.0 - s.goal_damping * min(1.0, text_top / 1.5)
        matches, n = match_field(text, lang, vocab)
        sc, ev = _field_scores(matches, n, fname, fweight, s)
        by_field[fname] = sc
        if k == 0:
            text_top = max(sc.values(), default=0.0)
        evidence += ev
        for code, v in sc.items():
            total[code] += v
    if not any((fields.get(f) or "").strip() for f, _ in s.fields):
        return ThemeResult([], 0.0)
    if not total:
        return ThemeResult([s.default], 0.15, [], {}, "default")
    order = {c: i for i, c in enumerate(s.tie_order)}
    ranked = sorted(total, key=lambda c: (-round(total[c], 9), order.get(c, 99)))
    top = total[ranked[0]]
    codes = [ranked[0]] + [c for c in ranked[1:] if total[c] >= s.secondary_ratio * top][: s.max_codes - 1]
    second = total[ranked[1]] if len(ranked) > 1 else 0.0
    decided = max(by_field, key=lambda f: by_field[f].get(ranked[0], 0.0))
    conf = _confidence(top, second, decided, s)
    ev = sorted((e for e in evidence if e.theme in codes), key=lambda e: (codes.index(e.theme), -e.score))
    return ThemeResult(codes, conf, ev, {c: round(v, 4) for c, v in total.items()}, decided)


def _confidence(top: float, second: float, decided: str, s: ThemeSettings) -> float:
    """Margin of the primary theme over the next, lowered when the goal or section decided."""
    margin = (top - second) / top if top > 0 else 0.0
    strength = min(1.0, top / 1.0)  # one full-weight text word is enough evidence
    field_factor = {f: 1.0 - 0.15 * i for i, (f, _) in enumerate(s.fields)}.get(decided, 0.7)
    return round(max(0.05, min(1.0, (0.45 + 0.55 * margin) * (0.6 + 0.4 * strength) * field_factor)), 3)


def classify_measure(text: str | None, goal: str | None = None, section: str | None = None,
                     language: str | None = "fi", vocab: ThemeVocab | None = None) -> ThemeResult:
    return classify({"text": text, "goal": goal, "section": section}, language, vocab)


def classify_practice(title: str | None, text: str | None, language: str | None = "fi",
                      vocab: ThemeVocab | None = None) -> ThemeResult:
    """A practice is judged from its title (read as a measure's text) and its text (as its goal)."""
    return classify({"text": title, "goal": text}, language, vocab)


def classify_measures(measures: Sequence[dict[str, Any]], language: str | None = "fi",
                      vocab: ThemeVocab | None = None) -> list[ThemeResult]:
    """Themes of a document's measures (dicts with ``text``, ``goal``, ``section``), in order.

    Two document-level rules on top of :func:`classify`:
    * a goal shared by most of the document's measures (``shared_goal_share`` of 5 or more)
      is the programme's overall aim and says nothing about one measure: it is not read;
    * a measure whose fields have no vocabulary word takes the most common primary theme of
      the measures under the same goal, else the same section (low confidence).
    """
    vocab = vocab or default_vocab()
    s = vocab.settings
    goals = [squash(m.get("goal")) for m in measures]
    counts: dict[str, int] = defaultdict(int)
    for g in goals:
        if g:
            counts[g] += 1
    n = len(measures)
    shared = {g for g, k in counts.items() if n >= 5 and k >= s.shared_goal_share * n}
    results = [classify({"text": m.get("text"), "section": m.get("section"),
                         "goal": None if goals[i] in shared else m.get("goal")}, language, vocab)
               for i, m in enumerate(measures)]
    for i, r in enumerate(results):
        if r.decided_by != "default":
            continue
        for key in ("goal", "section"):
            mine = squash(measures[i].get(key))
            votes: dict[str, int] = defaultdict(int)
            for j, other in enumerate(results):
                if j != i and other.decided_by not in ("default", "neighbours") and mine \
                        and squash(measures[j].get(key)) == mine:
                    votes[other.codes[0]] += 1
            if votes:
                code = max(votes, key=lambda c: (votes[c], -s.tie_order.index(c) if c in s.tie_order else 0))
                ev = [ThemeEvidence(code, key, mine[:80], "neighbours", 0.0)]
                results[i] = ThemeResult([code], 0.3, ev, {}, "neighbours")
                break
    return results


def squash(text: str | None) -> str:
    return " ".join((text or "").split())
