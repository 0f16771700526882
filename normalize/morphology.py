"""Finnish inflection helpers shared by the normalisers: weak grade, place-name case forms.

One table of consonant gradation (``data/morphology.json``) serves both the municipality
names (``Turku`` → ``Turun``, ``Outokumpu`` → ``Outokummun``) and the plural candidates of
body head nouns (``seurakunta`` → ``seurakunnat``). Pure functions over that data.

Optional: Voikko (libvoikko + voikko-fi) for the base forms of body-name head words the
case-ending stripper of :mod:`.body_lexicon` cannot resolve (:func:`voikko_morphology`).
"""
from __future__ import annotations

import importlib.util
import os
import re
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

from .vocab import data_path, read_json

__all__ = ["weak_grade", "finnish_forms", "swedish_forms", "back_harmony", "front_vowels", "VOWELS",
           "VoikkoMorphology", "voikko_morphology", "morphology_backend", "restore_spelling"]


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


# ---------------------------------------------------------------------------
# optional morphology: Voikko (libvoikko + voikko-fi)

# cases a body name stands in inside a cell or a sentence; not the partitive ("Novia" is
# no plural of "nova"), instructive, comitative or abessive
_VOIKKO_CASES = ("omanto", "olento", "tulento", "sisaolento", "sisaeronto", "sisatulento",
                 "ulkoolento", "ulkoeronto", "ulkotulento")
_VOIKKO_NOUNS = ("nimisana", "nimi", "etunimi", "sukunimi", "paikannimi", "lyhenne",
                 "nimisana_laatusana", "laatusana")
_VOIKKO_ATTRS = ("laatusana", "lukusana")
_VOIKKO_NOUN_READINGS = ("nimisana", "nimisana_laatusana", "nimi", "etunimi", "sukunimi", "paikannimi")


def restore_spelling(word: str, base: str) -> str:
    """``base`` spelt like ``word`` where they agree (capitals, hyphenated prefix)."""
    k = 0
    while k < min(len(word), len(base)) and word[k].lower() == base[k].lower():
        k += 1
    return word[:k] + base[k:]


class VoikkoMorphology:
    """Head-word lemmas from Voikko; measured in benchmarks/morphology.py ("current>voikko+agr")."""

    def __init__(self, voikko: Any) -> None:
        self._v = voikko
        self._lock = threading.Lock()
        self._cache: dict[str, list[dict[str, str]]] = {}

    def analyze(self, word: str) -> list[dict[str, str]]:
        hit = self._cache.get(word)
        if hit is None:
            with self._lock:
                hit = list(self._v.analyze(word))
            self._cache[word] = hit
        return hit

    def _plural(self, base: str) -> str:
        """Nominative plural of ``base``: rule-made candidates that Voikko confirms."""
        cands = [base + "t"]
        if base.endswith("nen"):
            cands.append(base[:-3] + "set")
        if base.endswith("s"):
            cands += [base[:-1] + "kset", base[:-1] + "det", base[:-1] + "ret"]
        if base.endswith("e"):
            cands.append(base + "et")
        if base.endswith(("in", "en", "an", "än")):
            cands += [base[:-1] + "met", base[:-2] + "imet"]
        weak = weak_grade(base)
        if weak != base:
            cands.append(weak + "t")
        for cand in cands:
            for a in self.analyze(cand):
                if a.get("SIJAMUOTO") == "nimento" and a.get("NUMBER") == "plural" \
                        and a.get("BASEFORM", "").lower() == base.lower():
                    return cand
        return base

    def _choose(self, word: str) -> tuple[str, dict[str, str] | None] | None:
        analyses = self.analyze(word)
        if not analyses:
            return None
        if any(a.get("SIJAMUOTO") == "nimento" for a in analyses):
            return word, None
        nouns = [a for a in analyses if a.get("CLASS") in _VOIKKO_NOUNS and a.get("SIJAMUOTO") in _VOIKKO_CASES]
        if not nouns:
            return word, None
        a = min(nouns, key=lambda x: _VOIKKO_NOUNS.index(x["CLASS"]))
        base = a.get("BASEFORM") or word
        if a.get("NUMBER") == "plural":
            base = self._plural(base)
        return restore_spelling(word, base), a

    def lemma_word(self, word: str) -> tuple[str, dict[str, str] | None] | None:
        """(base form, analysis) of one word; None if Voikko does not know it."""
        hit = self._choose(word)
        if hit is not None:
            return hit
        if "-" in word.strip("-"):  # TE-toimiston, LY-verkoston
            head, _, tail = word.rpartition("-")
            hit = self._choose(tail)
            return (head + "-" + hit[0], hit[1]) if hit is not None else None
        if "å" in word.lower():  # Swedish
            return None
        for i in range(3, len(word) - 4):  # unknown compound: the longest known tail (5+ letters)
            tail = word[i:]
            if any(a.get("CLASS") == "nimisana" for a in self.analyze(tail)):
                hit = self._choose(tail)
                if hit is not None:
                    return word[:i] + hit[0], hit[1]
        return None

    def agree(self, toks: list[str], analysis: dict[str, str]) -> None:
        """Lemmatise adjectives/participles before the head in its case and number, in place.

        A word with a noun reading ("nuorten", "vastaavan") may be a genitive modifier and stops.
        """
        case, num = analysis.get("SIJAMUOTO"), analysis.get("NUMBER")
        j = len(toks) - 2
        while j >= 0:
            analyses = self.analyze(toks[j])
            attrs = [a for a in analyses if a.get("CLASS") in _VOIKKO_ATTRS
                     and a.get("SIJAMUOTO") == case and a.get("NUMBER") == num]
            if not attrs or any(a.get("CLASS") in _VOIKKO_NOUN_READINGS for a in analyses):
                return
            base = attrs[0].get("BASEFORM") or toks[j]
            if num == "plural":
                base = self._plural(base)
            toks[j] = restore_spelling(toks[j], base)
            j -= 1


def _import_libvoikko() -> Any:
    try:
        import libvoikko  # type: ignore[import-not-found]  # PyPI "libvoikko" or Debian's python3-libvoikko

        return libvoikko
    except ImportError:
        pass
    for folder in ("/usr/lib/python3/dist-packages", "/usr/local/lib/python3/dist-packages"):
        path = Path(folder) / "libvoikko.py"  # Debian's binding is one ctypes module
        if path.is_file():
            spec = importlib.util.spec_from_file_location("libvoikko", path)
            if spec is None or spec.loader is None:
                continue
            mod = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(mod)
            return mod
    return None


@lru_cache(maxsize=1)
def voikko_morphology() -> VoikkoMorphology | None:
    """Voikko with the Finnish dictionary, or None (not installed, or ``KOTOEX_MORPHOLOGY=none``)."""
    if os.environ.get("KOTOEX_MORPHOLOGY", "").lower() in ("none", "off", "0", "rules"):
        return None
    try:
        mod = _import_libvoikko()
        if mod is None:
            return None
        return VoikkoMorphology(mod.Voikko("fi"))
    except Exception:  # libvoikko.so.1 or the voikko-fi dictionary missing
        return None


def morphology_backend() -> str:
    """``"voikko"`` if head words the stripper cannot resolve go to Voikko, else ``"rules"``."""
    return "voikko" if voikko_morphology() is not None else "rules"
