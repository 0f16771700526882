"""Shared helpers for the normalisers' vocabularies.

All vocabularies live in data files under ``normalize/data/`` so that users can
extend them (``--lexicon`` / ``extra_files`` arguments) without touching code.

* ``.jsonl`` files hold one JSON object per line; blank lines and lines starting
  with ``#`` or ``//`` are ignored, so files can carry comments.
* ``.json`` files hold a single object.

Text comparison helpers:

* :func:`fold` lower-cases and removes diacritics *character by character*
  (``"Käynnissä" -> "kaynnissa"``), keeping the length unchanged so that
  positions found in the folded text are valid in the original text.  OCR of
  Finnish often loses ``ä``/``ö`` (``"Henkilostopalvelut"``), so matching on folded
  text makes the vocabularies robust to that damage.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_DIR: Path = Path(__file__).resolve().parent / "data"
# the contract's JSON Schema, exported from models/ (scripts/export_schema.py); read as data, so
# normalize does not import the later models layer and the code lists have one definition
CONTRACT_SCHEMA: Path = Path(__file__).resolve().parent.parent / "models" / "document.schema.json"

__all__ = ["DATA_DIR", "CONTRACT_SCHEMA", "contract_codes", "data_path", "iter_jsonl", "read_jsonl",
           "read_json", "fold", "squash_ws"]


def data_path(name: str) -> Path:
    """Path of a packaged data file ``normalize/data/<name>``."""
    return DATA_DIR / name


@lru_cache(maxsize=8)
def contract_codes(enum: str) -> tuple[str, ...]:
    """The values of one code enum of the contract (``"BodyCode"``, ``"StatusCode"``).

    They are defined once, in ``models/document.py``; this reads them from the exported schema.
    """
    defs = read_json(CONTRACT_SCHEMA).get("$defs", {})
    if enum not in defs or "enum" not in defs[enum]:
        raise KeyError(f"{CONTRACT_SCHEMA}: no enum {enum!r}")
    return tuple(defs[enum]["enum"])


def iter_jsonl(path: Path | str) -> Iterator[dict[str, Any]]:
    """Yield the objects of a JSONL file, skipping blank and comment lines.

    Raises ``ValueError`` naming the file and line for malformed lines, so that a
    user's broken lexicon fails loudly instead of being half-read.
    """
    p = Path(path)
    with p.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            s = line.strip()
            if not s or s.startswith("#") or s.startswith("//"):
                continue
            try:
                obj = json.loads(s)
            except json.JSONDecodeError as exc:  # pragma: no cover - message path
                raise ValueError(f"{p}:{lineno}: invalid JSON: {exc}") from exc
            if not isinstance(obj, dict):
                raise ValueError(f"{p}:{lineno}: expected a JSON object")
            yield obj


def read_jsonl(paths: Iterable[Path | str]) -> list[dict[str, Any]]:
    """Concatenate the objects of several JSONL files, in order."""
    out: list[dict[str, Any]] = []
    for p in paths:
        out.extend(iter_jsonl(p))
    return out


def read_json(path: Path | str) -> Any:
    """Read a JSON file (UTF-8)."""
    with Path(path).open(encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    low = c.lower()
    if len(low) != 1:
        low = c
    dec = unicodedata.normalize("NFD", low)
    base = "".join(ch for ch in dec if not unicodedata.combining(ch))
    if len(base) != 1:
        return low
    return base


class _FoldTable(dict):
    """``str.translate`` table of :func:`_fold_char`, filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = _fold_char(chr(code))
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower-case and strip diacritics, preserving string length (one character for one).

    >>> fold("Käynnissä")
    'kaynnissa'
    >>> len(fold("Förverkligad")) == len("Förverkligad")
    True
    """
    return text.lower() if text.isascii() else text.translate(_FOLD)  # ASCII: lower-casing is all of it


def squash_ws(text: str) -> str:
    """Collapse all runs of whitespace (including line breaks) to one space and strip."""
    return " ".join(text.split())
