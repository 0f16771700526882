"""Every setting of a run in one typed tree, with its defaults and validation in one place.

::

    Settings
      use_ocr: bool = True          read pages without a usable text layer with tesseract
      ocr: OcrSettings              extract/ocr/settings.py: lang, dpi, psm, deskew, remove_rules, cache, ...
      table: TableSettings          extract/table_settings.py: the table reader's geometry
      normalize: NormalizeSettings  vocabulary files and body matching
      limits: LimitSettings         how much of a document is read

Each section is a frozen dataclass that validates itself when it is made (like pdfplumber's
``TableSettings``), so a Settings is hashable, picklable (worker processes, dask) and cannot hold
a bad value. The same tree is read from a TOML file whose tables mirror it (:func:`load_config`,
``kotoex ... --config kotoex.toml``), changed key by key (:func:`apply_overrides`, ``--set
ocr.dpi=250``) and printed as TOML (:func:`to_toml`, ``kotoex config``). Unknown keys and bad
values raise :class:`SettingsError`, which names the key and the reason.
"""
from __future__ import annotations

import dataclasses
import re
import tomllib
import typing
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, Iterable, Mapping

from kotoex.extract.ocr.settings import OcrSettings
from kotoex.extract.table_settings import TableSettings


class SettingsError(ValueError):
    """A setting that does not exist or has a bad value: ``key`` (dotted) and ``reason``."""

    def __init__(self, key: str, reason: str):
        super().__init__(f"{key}: {reason}" if key else reason)
        self.key, self.reason = key, reason


def _paths(value: Iterable[str | Path] | str | Path) -> tuple[Path, ...]:
    if isinstance(value, (str, Path)):
        value = [value]
    return tuple(Path(v) for v in value)


@dataclass(frozen=True)
class NormalizeSettings:
    """Vocabularies added to the packaged ones, and how closely a body name must match."""
    lexicon_files: tuple[Path, ...] = ()
    """Extra body lexicons (JSONL: name, code, aliases), as ``--lexicon``."""
    column_files: tuple[Path, ...] = ()
    """Extra column-header vocabularies (JSON like the packaged columns.json), as ``--columns``."""
    status_files: tuple[Path, ...] = ()
    """Extra status phrases (JSONL like the packaged statuses.jsonl); later files override codes."""
    body_fuzzy_cutoff: float = 90.0
    """Lowest rapidfuzz score (0..100) at which a body name matches a lexicon entry it does not equal."""

    def __post_init__(self) -> None:
        for name in ("lexicon_files", "column_files", "status_files"):
            object.__setattr__(self, name, _paths(getattr(self, name)))  # lists and strings too; stays hashable
        if not 0 <= self.body_fuzzy_cutoff <= 100:
            raise ValueError(f"body_fuzzy_cutoff is a score in 0..100, not {self.body_fuzzy_cutoff}")


@dataclass(frozen=True)
class LimitSettings:
    """How much of a document is read."""
    max_pages: int | None = None
    """Read at most this many pages of each PDF (the document is then ``partial``); None: all."""

    def __post_init__(self) -> None:
        if self.max_pages is not None and self.max_pages < 1:
            raise ValueError(f"max_pages must be at least 1 (or unset for all pages), not {self.max_pages}")


@dataclass(frozen=True)
class Settings:
    """Everything a run can be tuned with. ``Settings()`` is the default run."""
    use_ocr: bool = True
    """Read pages without a usable text layer with tesseract (``--no-ocr``: report them as missing)."""
    ocr: OcrSettings = field(default_factory=OcrSettings)
    table: TableSettings = field(default_factory=TableSettings)
    normalize: NormalizeSettings = field(default_factory=NormalizeSettings)
    limits: LimitSettings = field(default_factory=LimitSettings)

    def __post_init__(self) -> None:
        if not isinstance(self.use_ocr, bool):
            raise TypeError(f"Settings.use_ocr must be true or false, not {self.use_ocr!r}")
        for f in fields(self):
            value = getattr(self, f.name)
            kind = type(f.default_factory()) if f.default_factory is not dataclasses.MISSING else None
            if kind is not None and not isinstance(value, kind):
                hint = " (use_ocr=False turns OCR off)" if f.name == "ocr" else ""
                raise TypeError(f"Settings.{f.name} must be a {kind.__name__}, not {value!r}{hint}")


# ------------------------------------------------------------------------------------ reading a tree

_SECTION_DOCS = {
    "ocr": "OCR of scanned pages (extract/ocr/settings.py)",
    "table": "table geometry (extract/table_settings.py): distances in em where the name ends in _em, else points",
    "normalize": "vocabulary files (paths relative to this file) and body matching",
    "limits": "how much of a document is read",
}


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _convert(key: str, hint: Any, value: Any, base_dir: Path | None) -> Any:
    """``value`` (from TOML or a --set) as the field's type; relative paths against ``base_dir``."""
    if isinstance(value, str) and typing.get_origin(hint) is tuple:
        value = [value]  # one file for a list of files: lexicon_files = "extra.jsonl"
    from pydantic import TypeAdapter, ValidationError  # only for --config / --set: not at start-up

    try:
        out = TypeAdapter(hint).validate_python(value)
    except ValidationError as e:
        raise SettingsError(key, "; ".join(err["msg"] for err in e.errors())) from None
    if base_dir is not None:
        if isinstance(out, Path):
            out = _resolve(out, base_dir)
        elif isinstance(out, tuple) and all(isinstance(p, Path) for p in out):
            out = tuple(_resolve(p, base_dir) for p in out)
    return out


def _resolve(p: Path, base_dir: Path) -> Path:
    p = p.expanduser()
    return p if p.is_absolute() else base_dir / p


def _merge(obj: Any, data: Mapping[str, Any], prefix: str, base_dir: Path | None) -> Any:
    """A copy of dataclass ``obj`` with ``data`` applied (nested tables into nested sections)."""
    hints = _hints(type(obj))
    names = [f.name for f in fields(obj)]
    changes: dict[str, Any] = {}
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if key not in names:
            raise SettingsError(dotted, f"unknown setting (known here: {', '.join(names)})")
        current = getattr(obj, key)
        if is_dataclass(current):
            if not isinstance(value, Mapping):
                raise SettingsError(dotted, f"is a section: give a table [{dotted}] of its settings")
            changes[key] = _merge(current, value, f"{dotted}.", base_dir)
        else:
            changes[key] = _convert(dotted, hints[key], value, base_dir)
    try:
        return replace(obj, **changes)
    except (ValueError, TypeError) as e:
        for key in changes:  # name the key that is wrong on its own, if one is
            try:
                replace(obj, **{key: changes[key]})
            except (ValueError, TypeError):
                raise SettingsError(f"{prefix}{key}", str(e)) from None
        raise SettingsError(prefix.rstrip(".") or ", ".join(changes), str(e)) from None


def settings_from_dict(data: Mapping[str, Any], base: Settings | None = None, *,
                       base_dir: Path | None = None) -> Settings:
    """``base`` (default: the defaults) with the nested ``data`` applied; raises SettingsError."""
    return _merge(base or Settings(), data, "", base_dir)


def load_config(path: str | Path, base: Settings | None = None) -> Settings:
    """Settings from a TOML file whose tables mirror the tree ([ocr], [table], [normalize], [limits]).

    Relative paths in the file are taken from the file's folder. Raises SettingsError.
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise SettingsError("", f"cannot read {path}: {e.strerror or e}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise SettingsError("", f"{path} is not valid TOML: {e}") from None
    try:
        return settings_from_dict(data, base, base_dir=path.resolve().parent)
    except SettingsError as e:
        raise SettingsError(e.key, f"{e.reason} (in {path})") from None


def parse_override(text: str) -> tuple[list[str], Any]:
    """``section.key=value`` as (path, value). The value is read as TOML (250, true, "fin", [..]);
    a bare word that is no TOML value is a string (``ocr.lang=fin``); ``none`` unsets an optional value."""
    key, sep, raw = text.partition("=")
    key, raw = key.strip(), raw.strip()
    if not sep or not key:
        raise SettingsError(key, f"expected KEY=VALUE (e.g. ocr.dpi=250), got {text!r}")
    if raw.lower() in ("none", "null"):
        return key.split("."), None
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    return key.split("."), value


def apply_overrides(settings: Settings, overrides: Iterable[str]) -> Settings:
    """``settings`` with each ``section.key=value`` applied in order; raises SettingsError."""
    for text in overrides:
        path, value = parse_override(text)
        data: dict[str, Any] = {path[-1]: value}
        for part in reversed(path[:-1]):
            data = {part: data}
        settings = settings_from_dict(data, settings, base_dir=Path.cwd())
    return settings


def check_files(settings: Settings) -> None:
    """Raise SettingsError for a vocabulary file that does not exist (before any document is read)."""
    for name in ("lexicon_files", "column_files", "status_files"):
        for p in getattr(settings.normalize, name):
            if not Path(p).is_file():
                raise SettingsError(f"normalize.{name}", f"no such file: {p}")


def settings_for_run(config: str | Path | None = None, overrides: Iterable[str] = (), *,
                     lexicon: Iterable[Path] = (), columns: Iterable[Path] = (), max_pages: int | None = None,
                     no_ocr: bool = False, ocr_lang: str | None = None) -> Settings:
    """The settings of a command-line run: the defaults, then the ``config`` file, then each ``--set``
    override, then the command's own options (``--lexicon`` / ``--columns`` files are added to the
    configured ones; the others replace). Raises SettingsError."""
    s = load_config(config) if config else Settings()
    s = apply_overrides(s, overrides)
    n = s.normalize
    options: dict[str, Any] = {}
    if lexicon or columns:
        options["normalize"] = {"lexicon_files": n.lexicon_files + tuple(lexicon),
                                "column_files": n.column_files + tuple(columns)}
    if max_pages is not None:
        options["limits"] = {"max_pages": max_pages}
    if no_ocr:
        options["use_ocr"] = False
    if ocr_lang is not None:
        options["ocr"] = {"lang": ocr_lang}
    s = settings_from_dict(options, s)
    check_files(s)
    return s


# ------------------------------------------------------------------------------------ writing a tree

def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    s = str(value.resolve()) if isinstance(value, Path) else str(value)
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _field_doc(cls: type, name: str) -> str:
    """A dataclass field's documentation: its attribute docstring (first line) or its line's comment."""
    import inspect

    try:
        lines = inspect.getsourcelines(cls)[0]
    except (OSError, TypeError):
        return ""
    for i, line in enumerate(lines):
        if not re.match(rf"\s+{name}\s*:", line):
            continue
        comment = re.search(r"#\s*(.+)$", line)
        if comment:
            return comment.group(1).strip()
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        m = re.match(r'^("""|\'\'\'|")(.+?)(\1|$)', nxt)
        return m.group(2).strip() if m else ""
    return ""


def _lines(obj: Any, with_docs: bool) -> list[str]:
    out = []
    for f in fields(obj):
        value = getattr(obj, f.name)
        if is_dataclass(value):
            continue
        doc = _field_doc(type(obj), f.name) if with_docs else ""
        if doc:
            out.append(f"# {doc}")
        out.append(f"# {f.name} =   (unset)" if value is None else f"{f.name} = {_toml_value(value)}")
    return out


def to_toml(settings: Settings, with_docs: bool = True) -> str:
    """The settings as a TOML config file that :func:`load_config` reads back to the same settings."""
    out = ["# kotoex settings (kotoex config); give with --config FILE, change one with --set section.key=value"]
    out += _lines(settings, with_docs)
    for f in fields(settings):
        section = getattr(settings, f.name)
        if not is_dataclass(section):
            continue
        out += ["", f"[{f.name}]"] + ([f"# {_SECTION_DOCS[f.name]}"] if with_docs and f.name in _SECTION_DOCS else [])
        out += _lines(section, with_docs)
    return "\n".join(out) + "\n"


__all__ = [
    "LimitSettings", "NormalizeSettings", "OcrSettings", "Settings", "SettingsError", "TableSettings",
    "apply_overrides", "check_files", "load_config", "parse_override", "settings_for_run", "settings_from_dict",
    "to_toml",
]
