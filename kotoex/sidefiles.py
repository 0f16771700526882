"""Checks of the user's side files (``--lexicon``, ``--columns``, status files) before any work.

A broken side file would make every document fail as an "internal error" (and an ingest would
record them all as failed). :func:`check_side_files` reads each file first and raises
:class:`SideFileError` naming the file, the line and the reason; the CLI exits 2 with it.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterable

from kotoex.models import BodyCode, StatusCode

_LEXICON_RULE_KEYS = ("head", "head_suffix", "head_prefix", "token", "regex")
_COLUMN_LIST_KEYS = ("section_labels", "goal_labels", "measure_labels")


class SideFileError(ValueError):
    def __init__(self, path: Path, line: int | None, reason: str):
        self.path, self.line, self.reason = Path(path), line, reason
        super().__init__(f"{path}{f' line {line}' if line else ''}: {reason}")


def _read_text(path: Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise SideFileError(path, None, f"not UTF-8 text ({e.reason} at byte {e.start})") from e
    except OSError as e:
        raise SideFileError(path, None, f"cannot read it: {e.strerror or e}") from e


def _jsonl(path: Path, check: Callable[[dict[str, Any]], str | None]) -> None:
    for no, line in enumerate(_read_text(path).splitlines(), 1):
        s = line.strip()
        if not s or s.startswith("#") or s.startswith("//"):
            continue
        try:
            row = json.loads(s)
        except json.JSONDecodeError as e:
            raise SideFileError(path, no, f"not valid JSON: {e.msg} (column {e.colno})") from e
        if not isinstance(row, dict):
            raise SideFileError(path, no, "each line must be a JSON object")
        problem = check(row)
        if problem:
            raise SideFileError(path, no, problem)


def _lexicon_row(row: dict[str, Any]) -> str | None:
    if "name" not in row and any(k in row for k in _LEXICON_RULE_KEYS):
        return None if isinstance(row.get("code"), str) and row["code"] in _BODY_CODES else \
            f"unknown body code {row.get('code')!r} (one of {', '.join(sorted(_BODY_CODES))})"
    if not isinstance(row.get("name"), str) or not row["name"].strip():
        return "a lexicon line needs a 'name' (text)"
    if row.get("code") not in _BODY_CODES:
        return f"unknown body code {row.get('code')!r} (one of {', '.join(sorted(_BODY_CODES))})"
    aliases = row.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        return "'aliases' must be a list of texts"
    return None


def _status_row(row: dict[str, Any]) -> str | None:
    if not isinstance(row.get("phrase"), str) or not row["phrase"].strip():
        return "a status line needs a 'phrase' (text)"
    if row.get("code") not in _STATUS_CODES:
        return f"unknown status code {row.get('code')!r} (one of {', '.join(sorted(_STATUS_CODES))})"
    return None


def _columns(path: Path) -> None:
    try:
        data = json.loads(_read_text(path))
    except json.JSONDecodeError as e:
        raise SideFileError(path, e.lineno, f"not valid JSON: {e.msg} (column {e.colno})") from e
    if not isinstance(data, dict):
        raise SideFileError(path, 1, "must be a JSON object like the packaged columns.json")
    roles = data.get("roles", {})
    if not isinstance(roles, dict) or not all(isinstance(w, list) and all(isinstance(x, str) for x in w)
                                              for w in roles.values()):
        raise SideFileError(path, None, "'roles' must map each role to a list of header words")
    for key in _COLUMN_LIST_KEYS:
        v = data.get(key, [])
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise SideFileError(path, None, f"'{key}' must be a list of texts")


_BODY_CODES = frozenset(c.value for c in BodyCode)
_STATUS_CODES = frozenset(c.value for c in StatusCode)


def check_side_files(lexicons: Iterable[Path] = (), columns: Iterable[Path] = (),
                     statuses: Iterable[Path] = ()) -> None:
    """Raise :class:`SideFileError` for the first problem in any of the files."""
    for p in lexicons:
        _jsonl(Path(p), _lexicon_row)
    for p in columns:
        _columns(Path(p))
    for p in statuses:
        _jsonl(Path(p), _status_row)


def side_files_of(settings: Any) -> dict[str, tuple[Path, ...]]:
    """The side files a settings object names (flat or in a ``normalize`` section)."""
    out: dict[str, tuple[Path, ...]] = {}
    for name in ("lexicon_files", "column_files", "status_files"):
        for holder in (settings, getattr(settings, "normalize", None)):
            v = getattr(holder, name, None) if holder is not None else None
            if v:
                out[name] = tuple(Path(p) for p in v)
                break
    return out


def check_settings_files(settings: Any) -> None:
    """:func:`check_side_files` for every side file ``settings`` names."""
    f = side_files_of(settings)
    check_side_files(f.get("lexicon_files", ()), f.get("column_files", ()), f.get("status_files", ()))
