"""Clean text for every output string: Unicode NFC, no invisible characters, normal spaces.

Publishing systems put zero-width spaces after commas and hyphens, soft hyphens inside words and
direction marks around names; they split words in JSON and CSV and break number and date
patterns ("8.602,\u200b09 €"). :func:`clean_text` removes them, :func:`strip_invisible` only
removes them (keeping line breaks and spacing as they are).
"""
from __future__ import annotations

import re
import unicodedata

# zero-width space/non-joiner/joiner, word joiner, BOM, soft hyphen, direction marks and embeddings
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
# spaces of other widths (no-break, narrow, thin, figure, ideographic...) become a plain space
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t]+")
_MULTI_SPACE = re.compile(r" {2,}")
_SPACE_BEFORE_PUNCT = re.compile(r" +(?=[,.;:!?)](?:\s|$))")


def strip_invisible(text: str) -> str:
    """NFC text without zero-width characters, soft hyphens and direction marks."""
    return _INVISIBLE_RE.sub("", unicodedata.normalize("NFC", text or ""))


def clean_text(text: str | None, *, keep_newlines: bool = False) -> str | None:
    """Text as it should be written out: NFC, no invisible characters, single spaces, trimmed.

    ``None`` stays ``None``. With ``keep_newlines`` line breaks are kept (each line cleaned);
    otherwise all whitespace runs become one space. A space left before a comma or full stop by a
    removed character ("myös ,") is dropped.
    """
    if text is None:
        return None
    s = strip_invisible(text)
    s = _SPACES.sub(" ", s)
    if keep_newlines:
        lines = [_MULTI_SPACE.sub(" ", ln).strip() for ln in s.splitlines()]
        s = "\n".join(lines).strip("\n")
    else:
        s = " ".join(s.split())
    return _SPACE_BEFORE_PUNCT.sub("", s)


# ---------------------------------------------------------------------------- line joining

_VOWELS = set("aeiouyäöåAEIOUYÄÖÅ")
_CONJ = re.compile(r"^(ja|tai|sekä|eli|tahi|och|eller|samt|resp\.?)\b", re.I)


def join_hyphenated(left: str, right: str) -> str:
    """Join two lines where ``left`` may end in a hyphen.

    Finnish keeps real hyphens in compounds whose parts meet at the same vowel ("jatko-opinnot",
    "vapaa-aika"), after abbreviations and numbers ("TE-toimisto", "S2-opetus"), before a
    capitalised part ("Kela-korvaus"? no: "Etelä-Pohjanmaa") and in suspended compounds followed
    by a conjunction ("ohjaus- ja koulutusjärjestelmän"). Any other hyphen at a line end is a
    line-break hyphen and is removed.
    """
    left = left.rstrip()
    right = right.lstrip()
    if not left:
        return right
    if not right:
        return left
    if not left.endswith("-") or left.endswith(" -") or len(left) < 2:
        return f"{left} {right}"
    stem = left[:-1]
    last_word = stem.split()[-1] if stem.split() else stem
    first = right[0]
    if _CONJ.match(right) or first in ",;":
        return f"{left} {right}"  # suspended compound: "ohjaus- ja"
    if not first.isalpha() or first.isupper():
        return f"{left}{right}"  # "Etelä-Pohjanmaa", "S2-", numbers: keep the hyphen
    if last_word[-1:].isdigit() or (len(last_word) >= 2 and last_word.isupper()) or last_word[-1:].isupper():
        return f"{left}{right}"  # "TE-toimisto", "2020-luvulla"
    if last_word[-1:] in _VOWELS and last_word[-1:].lower() == first.lower():
        return f"{left}{right}"  # "jatko-opinnot", "vapaa-aika"
    return f"{stem}{right}"
