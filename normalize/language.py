"""Finnish or Swedish: counting function words (``data/function_words.json``, extendable data)."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Iterable

_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def function_words() -> dict[str, frozenset[str]]:
    """Language code ('fi', 'sv') → its function words, lower case."""
    data = json.loads(resources.files("kotoex.normalize").joinpath("data/function_words.json").read_text("utf-8"))
    return {lang: frozenset(w.lower() for w in words) for lang, words in data.items() if not lang.startswith("_")}


def count_function_words(tokens: Iterable[str]) -> dict[str, int]:
    """How many of ``tokens`` are function words of each language."""
    fw = function_words()
    counts = dict.fromkeys(fw, 0)
    for t in tokens:
        t = t.lower()
        for lang, words in fw.items():
            if t in words:
                counts[lang] += 1
    return counts


def detect_language(text: str) -> str | None:
    """'fi' or 'sv' by function-word counts; None for text without words.

    With fewer than two function words the letters decide: 'å' is Swedish, otherwise Finnish.
    """
    words = _WORD.findall(text or "")
    counts = count_function_words(words)
    fi, sv = counts.get("fi", 0), counts.get("sv", 0)
    if fi + sv < 2:
        if "å" in (text or "").lower():
            return "sv"
        return "fi" if words else None
    return "sv" if sv > fi else "fi"
