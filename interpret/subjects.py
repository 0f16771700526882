"""The body a sentence names as its doer: "Maahanmuuttajatoimisto Verso antaa palveluohjausta" → Verso.

Used where a measure has no responsible column (targets tables, narrative bullets). The subject
is the shortest opening phrase (after leading adjectives) that the body lexicon knows, followed by
a finite verb in the active voice; passives ("huomioidaan", "tarkastellaan") name no doer.
"""
from __future__ import annotations

import re
from typing import Callable

# Finnish 3rd person present ends in a long vowel or a diphthong: vastaa, järjestää, toimii, koordinoi
_VERB = re.compile(r"^[a-zåäö]+(aa|ää|ee|ii|oo|uu|yy|öö|oi|öi|ui|yi|ei|ai|äi)$")
_PASSIVE = re.compile(r"(t|d|l|n|r|s)(aan|ään)$")
_ADJ = re.compile(r"^[^\W\d_]+(inen|nen)[,]?$", re.I)
_PUNCT = ".,:;()"


def subject_body(text: str, is_body: Callable[[str], bool], max_words: int = 5) -> str | None:
    """The opening phrase of ``text`` naming a body that does the action, or None."""
    toks = text.split()
    i = 0
    while i < len(toks) - 2 and _ADJ.match(toks[i]):
        i += 1  # "Poikkihallinnollinen, moniammatillinen maahanmuuttajatoimisto Verso vastaa"
    for k in range(1, max_words + 1):
        if i + k >= len(toks):
            break
        verb = toks[i + k].strip(_PUNCT)
        if not _VERB.match(verb) or _PASSIVE.search(verb):
            continue
        cand = " ".join(toks[i:i + k]).strip(_PUNCT)
        if cand and is_body(cand):
            return cand
    return None
