"""Which pages need OCR: no text layer, a stamp on a scan, or a text layer that does not read as text."""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from functools import cache
from pathlib import Path

from ..pdf import Page

_LETTERS = Path(__file__).resolve().parent.parent / "data" / "letter_frequencies.json"
MIN_LETTERS = 300  # letters a page needs before its letter frequencies say anything
BROKEN_BELOW = 0.75  # similarity to the languages' letter frequencies: real pages 0.91-0.99, broken maps < 0.6
READABLE_FROM = 0.85  # a page this close to a language, with enough letters, is never sent to OCR

_VOWEL = set("aeiouyäöåéüAEIOUYÄÖÅÉÜ")


def text_layer_quality(page: Page) -> float:
    """Share of a page's letter words that look like words of a Latin-script language (0..1).

    A text layer whose font maps glyphs to the wrong characters reads as 'Wxuxq' or '¨´ˆ˜': words
    without vowels, with symbols inside, or mixing case at random. Measured on the corpus text
    layers: real pages score 0.93-1.0, shifted or random character maps below 0.5.
    """
    good = total = 0
    for w in page.words:
        t = w.text.strip(".,;:()[]\"'!?–-/")
        if len(t) < 3 or any(ch.isdigit() for ch in t):
            continue
        total += 1
        letters = sum(ch.isalpha() for ch in t)
        if letters < 0.8 * len(t):
            continue
        if not any(ch in _VOWEL for ch in t):
            continue
        inner = t[1:]
        if any(ch.isupper() for ch in inner) and any(ch.islower() for ch in inner) and not t.isupper():
            if sum(ch.isupper() for ch in inner) > 1:
                continue
        if re.search(r"[bcdfghjklmnpqrstvwxzBCDFGHJKLMNPQRSTVWXZ]{5,}", t):
            continue
        good += 1
    return good / total if total else 1.0


@cache
def _reference() -> dict[str, dict[str, float]]:
    data = json.loads(_LETTERS.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    num = sum(v * b.get(k, 0.0) for k, v in a.items())
    den = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return num / den if den else 0.0


def language_likeness(page: Page) -> tuple[int, float]:
    """(letters, similarity 0..1 of the page's letter frequencies to the closest language of
    ``data/letter_frequencies.json``). A font map that maps glyphs to the wrong letters keeps word
    shapes and vowels but not the language's letter frequencies."""
    counts = Counter(" ".join(w.text for w in page.words).lower())  # counted in C, then the letters kept
    counts = Counter({ch: k for ch, k in counts.items() if ch.isalpha()})
    n = sum(counts.values())
    if not n:
        return 0, 0.0
    return n, max(_cosine(dict(counts), ref) for ref in _reference().values())


def broken_text_layer(page: Page) -> bool:
    """Whether a page has a text layer that does not read as text: a broken character map.

    Its letters do not have the frequencies of Finnish or Swedish (:func:`language_likeness` below
    ``BROKEN_BELOW`` over ``MIN_LETTERS`` letters), or its words do not look like words
    (:func:`text_layer_quality` below 0.6 over at least 20 words). A page of ``MIN_LETTERS`` letters at
    ``READABLE_FROM`` or closer to a language is never broken, whatever its word shapes (a program
    listing, a table of names).
    """
    if not page.has_text:
        return False
    letters, likeness = language_likeness(page)
    if letters >= MIN_LETTERS:  # enough text to judge by the language's letters
        if likeness >= READABLE_FROM:
            return False
        if likeness < BROKEN_BELOW:
            return True
    letter_words = sum(1 for w in page.words if len(w.text) >= 3 and not any(c.isdigit() for c in w.text))
    return letter_words >= 20 and text_layer_quality(page) < 0.6


def needs_ocr(page: Page) -> bool:
    """Whether a page's words must come from OCR.

    * no text layer (fewer than 20 characters) or mostly characters that are not text
      ((cid:NN), private use, U+FFFD) — :attr:`Page.has_text` is False;
    * a text layer of a few characters over a page-size image (a stamp or page number added to a
      scan);
    * a text layer that does not read as text (:func:`broken_text_layer`): its OCR reading replaces it.
    """
    if page.ocr:
        return False
    if not page.has_text:
        # nothing drawn as an image: a blank page, not a scan (a file of thousands of blank pages
        # must not go to tesseract page by page)
        return page.image_cover > 0.05
    chars = sum(len(w.text) for w in page.words)
    if page.image_cover > 0.9 and chars < 200:
        return True
    return broken_text_layer(page)
