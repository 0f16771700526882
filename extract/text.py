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
