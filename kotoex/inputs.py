"""Which files a run reads, and under which unique output names.

* Only regular files are read. A FIFO, device, socket or folder named ``*.pdf`` is an input with a
  problem: it gets a failed record with the reason and is never opened (opening a FIFO blocks).
* Walking a folder, symbolic links are followed inside it. A link that leads out of it is followed
  only to a regular file that is itself named ``*.pdf`` (a folder of links to PDFs keeps working);
  any other link out (``x.pdf`` → ``/etc/shadow``, a device, a folder elsewhere) is a problem
  ("symbolic link out of the input folder"), unless ``follow_links`` is set (``--follow-links``).
  Files named on the command line are read as given.
* Output names (:func:`output_stems`) are unique per input (case-insensitively, as file systems on
  other machines compare them), stable for the same inputs, never hidden (``.x.pdf``), never one of
  the export's own names, and short enough for every file made from them (255 bytes a name).
"""
from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

MAX_STEM_BYTES = 200  # leaves room for ".practices.csv", ".review.html" and the like within 255 bytes
RESERVED_STEMS = frozenset({"datapackage"})  # the export's own file name in a batch folder (datapackage.json)
NOT_FOLLOWED = "symbolic link out of the input folder (not followed; use --follow-links to read it)"


@dataclass
class Inputs:
    """PDFs found, in order, and the reason each problem path must not be read (path → reason)."""
    paths: list[Path] = field(default_factory=list)
    problems: dict[Path, str] = field(default_factory=dict)
    roots: dict[Path, Path] = field(default_factory=dict)  # path → the folder it was found under


def file_problem(path: Path) -> str | None:
    """Why ``path`` cannot be read as a PDF file without opening it, or None for a regular file."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "file not found" + (" (broken symbolic link)" if os.path.islink(path) else "")
    except OSError as e:
        return f"cannot read the file: {e.strerror or e}"
    if stat.S_ISREG(st.st_mode):
        return None
    kind = ("a folder" if stat.S_ISDIR(st.st_mode) else "a FIFO (named pipe)" if stat.S_ISFIFO(st.st_mode)
            else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
            else "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
    return f"not a regular file: {kind}; only regular files are read"


def _inside(path: Path, root: Path) -> bool:
    try:
        Path(os.path.realpath(path)).relative_to(os.path.realpath(root))
        return True
    except ValueError:
        return False


def _pdf_target(path: Path) -> bool:
    """The link leads to a regular file named ``*.pdf`` (so following it reads a PDF the user linked)."""
    real = os.path.realpath(path)
    return real.lower().endswith(".pdf") and os.path.isfile(real)


def walk_pdfs(root: Path, follow_links: bool = False) -> Iterator[tuple[Path, str | None]]:
    """``(path, problem)`` for every ``*.pdf`` (any case) under ``root``, sorted. Hidden folders (``.git``,
    ``.Trash``) are not searched; hidden files named ``*.pdf`` are read like any other (their outputs get
    visible names, see :func:`safe_stem`)."""
    stack = [root]
    found: list[tuple[Path, str | None]] = []
    seen_dirs = {os.path.realpath(root)}
    while stack:
        d = stack.pop()
        try:
            entries = sorted(os.scandir(d), key=lambda e: e.name)
        except OSError:
            continue
        for e in entries:
            if e.name.startswith(".kotoex-"):  # kotoex's own temporary files
                continue
            p = Path(e.path)
            link_out = e.is_symlink() and not follow_links and not _inside(p, root) and not _pdf_target(p)
            try:
                is_dir = e.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False
            if is_dir and not e.name.lower().endswith(".pdf"):
                if e.name.startswith("."):
                    continue
                real = os.path.realpath(p)
                if not link_out and real not in seen_dirs:  # a link loop or a second way in: once
                    seen_dirs.add(real)
                    stack.append(p)
                continue
            if not e.name.lower().endswith(".pdf"):
                continue
            found.append((p, NOT_FOLLOWED if link_out else file_problem(p)))
    yield from sorted(found, key=lambda t: t[0].relative_to(root).as_posix())


def find_inputs(paths: Iterable[Path], follow_links: bool = False) -> Inputs:
    """Folders searched recursively (:func:`walk_pdfs`); files named directly are taken as they are."""
    out = Inputs()
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f, problem in walk_pdfs(p, follow_links):
                out.paths.append(f)
                out.roots[f] = p
                if problem:
                    out.problems[f] = problem
        else:
            out.paths.append(p)
            problem = file_problem(p)
            if problem:
                out.problems[p] = problem
    return out


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:8]


def fit_name(name: str, limit: int = MAX_STEM_BYTES, key: str | None = None) -> str:
    """``name`` cut to at most ``limit`` UTF-8 bytes (on a character boundary) plus ``~`` and a hash of
    ``key`` (default: the name) where it is longer, so two long names stay apart."""
    raw = name.encode("utf-8", "surrogateescape")
    if len(raw) <= limit:
        return name
    cut = raw[: limit - 9].decode("utf-8", "ignore")
    return f"{cut}~{_short_hash(key or name)}"


def safe_stem(stem: str) -> str:
    """A visible, non-reserved file stem: leading dots become ``_`` (``.x`` would be hidden, ``..`` a parent)."""
    stripped = stem.lstrip(".")
    stem = "_" * (len(stem) - len(stripped)) + stripped if stem.startswith(".") else stem
    stem = stem.replace("/", "_").replace("\\", "_") or "_"
    if stem.lower() in RESERVED_STEMS:
        stem = f"{stem}_"
    return fit_name(stem)


def output_stems(paths: list[Path], roots: dict[Path, Path] | None = None) -> dict[Path, str]:
    """A unique output stem per input path: its (safe) file stem, or, where another input of the run
    already has that stem (compared case-insensitively), the stem plus ``__`` and a hash of its relative
    path. Same inputs → same names."""
    roots = roots or {}
    out: dict[Path, str] = {}
    taken: set[str] = set()
    for p in paths:
        base = safe_stem(p.stem if p.suffix.lower() == ".pdf" else p.name)
        name = base
        if name.casefold() in taken:
            root = roots.get(p)
            rel = p.relative_to(root).as_posix() if root else p.as_posix()
            name = f"{base}__{_short_hash(rel)}"
            n = 2
            while name.casefold() in taken:
                name = f"{base}__{_short_hash(rel)}_{n}"
                n += 1
        taken.add(name.casefold())
        out[p] = name
    return out
