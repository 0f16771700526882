"""The interpret layer's vocabularies: JSON files in ``interpret/data/``, each read once.

Every file holds one object; keys starting with "_" are comments (``_doc`` says what the file holds
and how to extend it). Word lists that become regular expressions are joined as alternatives in
the order given, so plain words work as they are and an entry may use regular-expression syntax
(``\\d{4}`` for a year, ``\\b`` for a word end).
"""
from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def vocabulary(name: str) -> dict[str, Any]:
    """The vocabulary ``interpret/data/<name>.json`` without its comment keys."""
    data = json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def alternatives(name: str, *keys: str) -> str:
    """The entries of one or more word lists as regular-expression alternatives: "a|b|c"."""
    return "|".join(w for key in keys for w in vocabulary(name)[key])


@cache
def compiled(template: str, name: str, keys: tuple[str, ...], flags: int = re.I) -> re.Pattern[str]:
    """``template`` with "{}" replaced by the word lists' alternatives, compiled once."""
    return re.compile(template.replace("{}", alternatives(name, *keys)), flags)
