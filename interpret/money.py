"""Amounts, the period and the funder named in a decision's text.

Euro amounts ("189 000 euroa", "1,2 milj. €") are read everywhere but in sentences that name only
years before the decision's (a past budget); percentages and bare grouped
numbers ("45 000") only in sentences about money. Each amount gets a label from the nearest money
word ("valtionavustus", "omarahoitusosuus"). The period is the first date range of the decision
text, else the first one after a period cue in the body. The funder is the first known funder
named. Words and funders are in ``data/money.json``.
"""
from __future__ import annotations

import re
from functools import cache

from kotoex.interpret.lexicon import compiled, vocabulary
from kotoex.models.document import Amount, DecisionPeriod
from kotoex.normalize.amounts import find_amounts, find_grouped_numbers, find_percentages
from kotoex.normalize.dates import find_date_ranges

_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9])")
_WORD = re.compile(r"[a-zåäö-]+")
_YEAR = re.compile(r"(?<![\d./:-])(?:19|20)\d\d(?![\d./:-])")


def _has(key: str, text: str) -> bool:
    return compiled("({})", "money", (key,)).search(text) is not None


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENT_SPLIT.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _stem_label(word: str) -> str | None:
    for stem, label in vocabulary("money")["label_stems"]:
        if stem in word:
            return label
    return None


def amount_label(sentence: str, pos: int, percent: bool) -> str | None:
    """A short label for an amount: the nearest money word before it (or after it) in its sentence."""
    best = None
    for word in _WORD.finditer(sentence[:pos].lower()):
        best = _stem_label(word.group(0)) or best
    share = vocabulary("money")["share_label"]
    if percent and (best is None or best in share["labels"]):
        return share["label"] if share["cue"] in sentence.lower() else best
    if best is None:
        for word in _WORD.finditer(sentence[pos:].lower()):
            label = _stem_label(word.group(0))
            if label:
                return label
    return best


def _sentence_amounts(text: str, s0: int, s1: int, spans_taken: list[tuple[int, int]]) -> list[tuple[int, int, Amount, str]]:
    """(position in ``text``, amount, raw text) of the sentence ``text[s0:s1]``; euro spans go to ``spans_taken``."""
    sent = text[s0:s1]
    out = []
    for v, raw, (a, b) in find_amounts(sent):
        spans_taken.append((s0 + a, s0 + b))
        if v > 0:
            out.append((s0 + a, s0 + b, Amount(value=v, currency="EUR", label=amount_label(sent, a, False), raw=raw), raw))
    if not _has("money_words", sent):
        return out
    for v, raw, (a, b) in find_percentages(sent):
        if _has("share_words", sent):
            out.append((s0 + a, s0 + b, Amount(value=v, currency=None, label=amount_label(sent, a, True), raw=raw), raw))
    for v, raw, (a, b) in find_grouped_numbers(sent):
        if any(x <= s0 + a < y for x, y in spans_taken):
            continue
        rest = sent[b:]
        if (compiled(r"^\s*({})", "money", ("not_money_after",)).match(rest)
                or compiled(r"\s*({})", "money", ("not_euro_after",)).match(rest)):
            continue
        out.append((s0 + a, s0 + b, Amount(value=v, currency="EUR", label=amount_label(sent, a, False), raw=raw), raw))
    return out


def _past_years_only(sentence: str, year: int | None) -> bool:
    """A sentence that names only years before the decision's ("Vuoden 2021 talousarviossa oli varattu..."
    in a decision of 2022): its amounts are history, not the decision's money."""
    years = [int(y) for y in _YEAR.findall(sentence)]
    return bool(year and years) and max(years) < year


def find_decision_amounts(text: str, year: int | None = None) -> list[tuple[Amount, tuple[int, int]]]:
    """Amounts in text order, each with the character span of its raw text in ``text``; repeats dropped.

    ``year``: the decision's year; amounts of sentences that name only earlier years are left out."""
    found: list[tuple[int, Amount, tuple[int, int]]] = []
    spans_taken: list[tuple[int, int]] = []
    for s0, s1 in _sentences(text):
        if _past_years_only(text[s0:s1], year):
            continue
        for a, b, am, raw in _sentence_amounts(text, s0, s1, spans_taken):
            i = text.find(raw, a, b)
            found.append((a, am, (i, i + len(raw)) if i >= 0 else (a, b)))
    found.sort(key=lambda t: t[0])
    seen: set[tuple[float, str | None]] = set()
    result = []
    for _, am, span in found:
        key = (round(am.value, 2), am.currency)
        if key not in seen:
            seen.add(key)
            result.append((am, span))
    return result


def find_period(text: str, decision_text: str) -> DecisionPeriod | None:
    """The decision's period: the first date range of its decision text, else a cued one of ``text``."""
    ranges = find_date_ranges(decision_text) or []
    if not ranges:
        all_ranges = find_date_ranges(text)
        cue = compiled("({})", "money", ("period_cues",))
        cued = [r for r in all_ranges if cue.search(text[max(0, r[3][0] - 80): r[3][0]])]
        ranges = cued or all_ranges
    if not ranges:
        return None
    return DecisionPeriod(start_date=ranges[0][0], end_date=ranges[0][1])


@cache
def _funder_patterns() -> list[re.Pattern[str]]:
    return [re.compile(p) for p in vocabulary("money")["funders"]]


def find_funder(text: str) -> tuple[str, tuple[int, int]] | None:
    """The first funder named in ``text`` ("Varsinais-Suomen ELY-keskus", "STEA") with its span."""
    money = vocabulary("money")
    for rx in _funder_patterns():
        m = rx.search(text)
        if m:
            name = m.group(1)
            for ending, full in money["funder_endings"].items():
                if name.endswith(ending):
                    name = name[: len(name) - len(ending)] + full
            return money["funder_names"].get(name, name), m.span(1)
    return None
