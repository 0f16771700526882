"""Which pages need OCR: no text layer, a stamp on a scan, or a text layer that does not read as text."""
from __future__ import annotations

import re

from ..pdf import Page

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


def needs_ocr(page: Page) -> bool:
    """Whether a page's words must come from OCR.

    * no text layer (fewer than 20 characters) or mostly characters that are not text
      ((cid:NN), private use, U+FFFD) — :attr:`Page.has_text` is False;
    * a text layer of a few characters over a page-size image (a stamp or page number added to a
      scan);
    * a text layer that does not read as text (:func:`text_layer_quality` below 0.6 over at least
      20 words): a broken character map.
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
    letter_words = sum(1 for w in page.words if len(w.text) >= 3 and not any(c.isdigit() for c in w.text))
    return letter_words >= 20 and text_layer_quality(page) < 0.6

