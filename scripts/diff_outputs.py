#!/usr/bin/env python3
"""Compare two output folders of kotoex JSON, document by document and field by field.

    python scripts/diff_outputs.py BEFORE_DIR AFTER_DIR [--ignore measures.*.themes --ignore problems]

Used to show that a refactoring changes no output: prints every document whose JSON differs,
with the first differing paths, and exits 1 if any differ (0 if all are equal). Paths use dots,
with ``*`` for any list index or key; an ignored path and everything under it are left out.
Fields that vary from run to run by nature (``pipeline_version``) are always ignored.
"""
from __future__ import annotations

import argparse
import fnmatch
import json
import sys
from pathlib import Path

ALWAYS_IGNORED = ("pipeline_version",)


def diffs(a, b, path: str = "") -> list[str]:
    """Paths (dotted) where two JSON values differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            p = f"{path}.{k}" if path else str(k)
            if k not in a or k not in b:
                out.append(p + (" (only after)" if k not in a else " (only before)"))
            else:
                out.extend(diffs(a[k], b[k], p))
        return out
    if isinstance(a, list) and isinstance(b, list):
        out = []
        if len(a) != len(b):
            out.append(f"{path} (length {len(a)} -> {len(b)})")
        for i, (x, y) in enumerate(zip(a, b)):
            out.extend(diffs(x, y, f"{path}.{i}"))
        return out
    return [] if a == b else [path]


def ignored(path: str, patterns: list[str]) -> bool:
    clean = path.split(" (")[0]
    parts = clean.split(".")
    for pat in patterns:
        pp = pat.split(".")
        if len(parts) >= len(pp) and all(fnmatch.fnmatchcase(x, y) for x, y in zip(parts, pp)):
            return True
    return False


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--ignore", action="append", default=[], help="dotted path pattern to leave out (repeatable)")
    ap.add_argument("--show", type=int, default=5, help="differing paths shown per document")
    args = ap.parse_args(argv)
    patterns = list(ALWAYS_IGNORED) + args.ignore
    before = {p.name: p for p in args.before.glob("*.json")}
    after = {p.name: p for p in args.after.glob("*.json")}
    changed = 0
    for name in sorted(set(before) | set(after)):
        if name not in after or name not in before:
            print(f"{name}: only in {'before' if name in before else 'after'}")
            changed += 1
            continue
        a, b = json.loads(before[name].read_text("utf-8")), json.loads(after[name].read_text("utf-8"))
        found = [d for d in diffs(a, b) if not ignored(d, patterns)]
        if found:
            changed += 1
            print(f"{name}: {len(found)} differences: " + ", ".join(found[: args.show]))
    total = len(set(before) | set(after))
    print(f"{total - changed} of {total} documents equal")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
