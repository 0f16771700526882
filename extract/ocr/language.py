"""The language a document is read in: one tesseract model where the document is clearly in one language.

A single model reads about twice as fast as ``fin+swe`` and gets that language's letters right
(``fin+swe`` reads Swedish 'å' as 'ä'). Which words are function words of which language is not
known here: the caller passes a counter (``kotoex.normalize.language.count_function_words``:
tokens → {ISO 639-1 code: count}); without one a document is read with every requested language.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Sequence

from ..pdf import Word

LanguageCounter = Callable[[Iterable[str]], Mapping[str, int]]

TESS_TO_ISO = {"fin": "fi", "swe": "sv"}  # tesseract language codes → the counter's codes
MIN_WORDS = 8  # function words a page needs to decide its language
MIN_RATIO = 3  # ... and this many times those of any other language


def language_counts(words: Sequence[Word | str], langs: Sequence[str], count: LanguageCounter) -> dict[str, int]:
    """Function words of each of ``langs`` (tesseract codes) among a page's words (or their texts)."""
    got = count((w if isinstance(w, str) else w.text).lower().strip(".,:;()") for w in words)
    return {lang: got[TESS_TO_ISO[lang]] for lang in langs if TESS_TO_ISO.get(lang) in got}


def dominant_language(counts: Mapping[str, int]) -> str | None:
    """The language (tesseract code) a page is clearly written in, from :func:`language_counts`, or None.

    "Clearly" is at least ``MIN_WORDS`` function words and ``MIN_RATIO`` times any other language.
    """
    if len(counts) < 2:
        return None
    best = max(counts, key=counts.get)
    rest = max(v for k, v in counts.items() if k != best)
    return best if counts[best] >= MIN_WORDS and counts[best] >= MIN_RATIO * rest else None


@dataclass
class LanguageChoice:
    """The document's reading language while its first pages are read.

    Until it is decided, the top of a page is read first with the first requested language alone (fin:
    function words of either language still come out right; :meth:`probe`), and the page in the
    language that shows; if the top cannot tell, the page is read with the first language, then again
    with the language it turns out to be in, or with all of them if it is mixed (:meth:`observe`).
    """
    lang: str  # every usable requested language, '+'-joined
    count: LanguageCounter | None = None
    decided: bool = False
    current: str = ""  # the language pages are read with now

    def __post_init__(self) -> None:
        requested = self.lang.split("+")
        self.decided = len(requested) < 2 or self.count is None
        self.current = self.lang if self.decided else requested[0]

    def probe(self, texts: Sequence[str]) -> str | None:
        """The language to read a page in, from the words of its top part read with :attr:`current`;
        decides the document's language when they show it clearly. None: read it with :attr:`current`."""
        if self.decided:
            return None
        one = dominant_language(language_counts(texts, self.lang.split("+"), self.count))
        if one is not None:
            self.decided, self.current = True, one
        return one

    def adopt(self, lang: str) -> None:
        """The document is in ``lang`` (a page of it was read in that language alone)."""
        self.decided, self.current = True, lang

    def observe(self, words: Sequence[Word]) -> str | None:
        """Update the choice from a page read with :attr:`current`; the language to read that page
        again with, or None if its reading stands."""
        if self.decided:
            return None
        requested = self.lang.split("+")
        counts = language_counts(words, requested, self.count)
        one = dominant_language(counts)
        if one is not None:
            self.decided, self.current = True, one
            return one if one != requested[0] else None
        if any(counts.get(x, 0) for x in requested[1:]):
            return self.lang  # mixed or too short to tell: read with every requested language
        return None
