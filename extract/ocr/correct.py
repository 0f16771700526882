"""Post-correction of OCR words: character confusions undone where the result is a word of the domain
vocabularies (column headers from this layer's data; status phrases and body names passed in by the caller,
with the user's files), list bullets, pieces of drawn rules.

Free text is never changed into a different word. Rules that belong to one kind of document (the "§"
of minutes headers) live with that document's interpretation (:mod:`kotoex.interpret.sections`).
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Iterable, Sequence

from ..layout import BULLET_LOOKALIKES, group_lines
from ..pdf import BULLET, Rule, Word

# Characters OCR confuses in this print (digit for letter and the reverse), tried only inside
# words that are otherwise letters, and accepted only when the result is a known vocabulary word.
_CONFUSIONS = {"0": "oO", "1": "lI", "5": "sS", "8": "B", "6": "b", "|": "lI", "!": "l", "€": "e", "@": "a"}


def _strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def vocabulary_words(texts: Iterable[str]) -> frozenset[str]:
    """Lower-case letter words (hyphenated compounds whole) of at least two letters in ``texts``."""
    words: set[str] = set()
    for text in texts:
        for t in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text.lower()):
            if len(t) >= 2:
                words.add(t)
    return frozenset(words)


@lru_cache(maxsize=1)
def column_words() -> frozenset[str]:
    """Words of this layer's column vocabulary (``extract/data/columns.json``: headers, labels)."""
    texts: list[str] = []
    try:
        cols = json.loads(resources.files("kotoex.extract").joinpath("data/columns.json").read_text("utf-8"))
        for ws in cols.get("roles", {}).values():
            texts += ws
        for key in ("section_labels", "goal_labels", "measure_labels"):
            texts += cols.get(key, [])
    except (OSError, ValueError, ModuleNotFoundError):
        pass
    return vocabulary_words(texts)


def domain_vocabulary(texts: Iterable[str] = ()) -> frozenset[str]:
    """The words OCR confusions may be corrected into: the column vocabulary's, plus those of ``texts``.

    The caller passes the phrases it knows (status phrases, body names and aliases, with the user's
    ``--status`` / ``--lexicon`` files: ``kotoex.pipeline`` does); this layer does not read the later
    layers' vocabularies itself.
    """
    extra = vocabulary_words(texts)
    return column_words() | extra if extra else column_words()


def vocabulary_hash(vocab: frozenset[str]) -> str:
    """A short stable hash of a vocabulary (part of the OCR cache key: it changes the corrected words)."""
    return hashlib.sha256("\n".join(sorted(vocab)).encode("utf-8")).hexdigest()[:16]


def _match_case(src: str, word: str) -> str:
    if src.isupper():
        return word.upper()
    if src[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


@lru_cache(maxsize=4)
def _accentless_index(vocab: frozenset[str]) -> dict[str, str]:
    idx: dict[str, str | None] = {}
    for w in vocab:
        k = _strip_accents(w)
        if k != w:
            idx[k] = w if idx.get(k, w) == w else None
    return {k: v for k, v in idx.items() if v}


def correct_token(token: str, vocab: frozenset[str] | None = None) -> str:
    """Undo OCR character confusions in one token, only where the result is a vocabulary word.

    "0sin" → "osin", "Toteutuu" stays, "KEHITTAMISTOIMENPITEET" → "KEHITTÄMISTOIMENPITEET" (lost
    umlauts, only when the accent-less form is a known word and the token itself is not one).
    Free text is never changed into a different word.
    """
    vocab = domain_vocabulary() if vocab is None else vocab
    m = re.match(r"^([(\"'„«]*)(.*?)([.,:;)\"'»!?]*)$", token)
    if not m:
        return token
    pre, core, post = m.groups()
    if len(core) < 3:
        return token
    low = core.lower()
    if low in vocab:
        return token
    letters = sum(c.isalpha() for c in core)
    odd = [i for i, c in enumerate(core) if c in _CONFUSIONS]
    if odd and letters >= len(core) - len(odd) and letters >= 2 and len(odd) <= 2:
        cands = [core]
        for i in odd:
            cands = [c[:i] + r + c[i + 1:] for c in cands for r in _CONFUSIONS[core[i]]]
        for c in cands:
            if c.lower() in vocab:
                rest = [ch for i, ch in enumerate(core) if i not in odd and ch.isalpha()]
                if len(rest) >= 2 and all(ch.isupper() for ch in rest):
                    fixed = c.upper()
                else:
                    fixed = c.lower()
                    if core[0].isalpha() and core[0].isupper():
                        fixed = fixed[0].upper() + fixed[1:]
                return pre + fixed + post
    if core.isalpha():
        hit = _accentless_index(vocab).get(low)
        if hit and _strip_accents(hit) == low:
            return pre + _match_case(core, hit) + post
    return token


def postcorrect(words: list[Word], vocab: frozenset[str] | None = None) -> list[Word]:
    """Post-correct OCR words in place (words of one line, left to right, or a whole page)."""
    for w in words:
        w.text = correct_token(w.text, vocab)
    return words


def _bullet_pair(text: str) -> bool:
    """Two marks, one a bullet look-alike ("—*", "+*": a bullet read with a speck or a dash beside it)."""
    return len(text) == 2 and not any(c.isalnum() for c in text) \
        and any(c in BULLET_LOOKALIKES for c in text) and all(c in BULLET_LOOKALIKES or c in "-–—" for c in text)


def correct_bullets(words: list[Word]) -> None:
    """A list bullet read as '+', '°', '«' …: a one-character word that starts a text flow
    (nothing just before it on its line) followed, after a word space, by a word starting with a
    letter or digit. It becomes '•' (kotoex.extract.pdf.BULLET), which the layers above drop."""
    for ln in group_lines(words):
        for i, w in enumerate(ln.words[:-1]):
            if w.text not in BULLET_LOOKALIKES and not _bullet_pair(w.text):
                continue
            nxt = ln.words[i + 1]
            prev = ln.words[i - 1] if i > 0 else None
            gap_after = nxt.x0 - w.x1
            # a bullet paired with a speck or a rule's stub starts its cell: a column gutter before it will do
            starts_flow = prev is None or w.x0 - prev.x1 > (0.6 if _bullet_pair(w.text) else 1.5) * w.size
            if starts_flow and 0.15 * w.size < gap_after < 1.5 * w.size and nxt.text[:1].isalnum() \
                    and (w.text not in {"e", "o"} or w.x1 - w.x0 < 0.45 * w.size):
                w.text = BULLET


def drop_rule_residue(words: list[Word], rules: Sequence[Rule]) -> list[Word]:
    """Words that are only strokes ('|', '—', '_') lying on a drawn rule: pieces of the rule."""
    out = []
    for w in words:
        if re.fullmatch(r"[|!lI1\-–—_=~]+", w.text) and any(
                (not r.horizontal and w.x0 - 3 <= r.x0 <= w.x1 + 3 and r.top <= w.bottom and r.bottom >= w.top)
                or (r.horizontal and w.top - 3 <= r.top <= w.bottom + 3 and r.x0 <= w.x1 and r.x1 >= w.x0)
                for r in rules):
            continue
        out.append(w)
    return out


def postcorrect_lines(words: list[Word], vocab: frozenset[str] | None = None) -> list[Word]:
    """:func:`postcorrect` plus the corrections that need a word's neighbours on its line (bullets)."""
    postcorrect(words, vocab)
    correct_bullets(words)
    return words

