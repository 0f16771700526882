"""Finnish inflection helpers shared by the normalisers: weak grade, place-name case forms.

One table of consonant gradation (``data/morphology.json``) serves both the municipality
names (``Turku`` → ``Turun``, ``Outokumpu`` → ``Outokummun``) and the plural candidates of
body head nouns (``seurakunta`` → ``seurakunnat``). Pure functions over that data.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .vocab import data_path, read_json

__all__ = ["weak_grade", "finnish_forms", "swedish_forms", "back_harmony", "front_vowels", "VOWELS"]


@lru_cache(maxsize=1)
def _tables() -> dict[str, Any]:
    return read_json(data_path("morphology.json"))


VOWELS: str = _tables()["vowels"]


def back_harmony(word: str) -> bool:
    """True for back-vowel harmony (a/o/u) in the word's last compound part."""
    part = re.split(r"[- ]", word.lower())[-1]
    return any(c in _tables()["back_vowels"] for c in part)


def front_vowels(s: str) -> str:
    """An ending in its front-vowel spelling (``ssa`` → ``ssä``)."""
    return s.replace("a", "ä").replace("o", "ö").replace("u", "y")


def weak_grade(word: str) -> str:
    """Weak grade of a word ending in consonant + short vowel; the word itself if it has none.

    ``"Turku"`` → ``"Turu"``, ``"Hanko"`` → ``"Hango"``, ``"seurakunta"`` → ``"seurakunna"``.
    """
    t = _tables()
    lw = word.lower()
    if len(lw) < 3 or lw[-1] not in VOWELS or lw[-2] in VOWELS:
        return word
    body, last = word[:-1], word[-1]
    lb = body.lower()
    for strong, weak in t["gradation_clusters"]:
        if lb.endswith(strong) and len(body) > len(strong) and lb[-len(strong) - 1] in t["cluster_context"]:
            return body[: -len(strong)] + weak + last
    if len(lb) >= 2 and lb[-2] in VOWELS:
        for strong, weak in t["gradation_single"]:
            if lb[-1] == strong:
                return body[:-1] + weak + last
    return word


def _stems(word: str) -> tuple[list[str], list[str]]:
    """(oblique stems for the case endings, illative forms) of a Finnish place name."""
    lw = word.lower()
    for end, obl, ill in _tables()["compound_ends"]:
        if lw.endswith(end) and len(lw) > len(end):
            base = word[: -len(end)]
            return [base + obl], [base + ill]
    if lw.endswith("nen"):
        b = word[:-3]
        return [b + "se", b + "si"], [b + "seen", b + "siin"]
    if lw[-1] not in VOWELS:
        return [word], []
    if lw[-1] == "e" and lw[-2] not in VOWELS:
        return [word + "e", word], [word + "eseen", word + "en", word + "elle"]
    if lw[-2] in VOWELS:  # long vowel or diphthong: no gradation
        v = lw[-1]
        ill = word + ("seen" if lw[-2] == v else "h" + v + "n")
        return [word], [ill, word + "seen"]
    weak = weak_grade(word)
    stems = [weak] if weak == word else [weak, word]
    return stems, [word + lw[-1] + "n"]


def finnish_forms(name: str) -> set[str]:
    """Base form and inflected singular case forms of a Finnish place name (lowercase)."""
    t = _tables()
    out = {name.lower()}
    obl, ill = _stems(name)
    back = back_harmony(name)
    for s in obl:
        for e in t["case_endings"]:
            out.add((s + (e if back else front_vowels(e))).lower())
    if name.lower().endswith("nen"):
        b = name[:-3]
        for e in t["nen_endings"]:
            ee = e if back else front_vowels(e)
            out.add((b + ("s" if not e.startswith("s") else "") + ee).lower())
        out.add((b + "sten").lower())
    out.update(f.lower() for f in ill)
    return out


def swedish_forms(name: str) -> set[str]:
    """A Swedish place name and its genitive (``Vasa`` → ``vasas``), lowercase."""
    out = {name.lower()}
    if not name.lower().endswith(tuple(_tables()["swedish_genitive_blockers"])):
        out.add(name.lower() + "s")
    return out
