"""Held-out accuracy of responsible-body codes (normalize/bodies.py).

The names in ``benchmarks/data/bodies_heldout.tsv`` were written from public registers and
public knowledge BEFORE the gazetteers and kind-of-body rules of issue 17 were written, and the
rules were never tuned on them (see the file's header): this is a measurement, not a test to
make pass. Each line is one body as a report prints it (inflected, abbreviated, with the
municipality's name, Swedish) with its expected code and, where the code depends on it, the
document's year (TE offices before 2025, municipal employment areas from 2025).

A name counts as right when :func:`parse_responsible` returns exactly one code and it is the
expected one.

    .venv/bin/python benchmarks/bodies_heldout.py            # accuracy and the misses
    .venv/bin/python benchmarks/bodies_heldout.py --quiet    # accuracy only
    .venv/bin/python benchmarks/bodies_heldout.py --file benchmarks/data/bodies_heldout_sv_units.tsv

Figures (see the lists' headers for what was blind): main list 0.792 before issue 17, 0.975 after
the registers and rules, 0.983 with Swedish unit head nouns; Swedish units list 0.782 → 0.982.
"""
from __future__ import annotations

import argparse
import csv
from collections import Counter
from pathlib import Path

from kotoex.normalize.bodies import Lexicon, parse_responsible

HELDOUT = Path(__file__).resolve().parent / "data" / "bodies_heldout.tsv"


def read_cases(path: Path = HELDOUT) -> list[tuple[str, str, int | None, str]]:
    """(name, expected code, document year or None, section) per line."""
    cases: list[tuple[str, str, int | None, str]] = []
    section = ""
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if not row or not row[0].strip():
                continue
            if row[0].startswith("#"):
                if row[0].startswith("# ---"):
                    section = row[0].strip("# -").strip()
                continue
            year = int(row[2]) if len(row) > 2 and row[2].strip() else None
            cases.append((row[0].strip(), row[1].strip(), year, section))
    return cases


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", type=Path, default=HELDOUT)
    ap.add_argument("--quiet", action="store_true", help="print the accuracy lines only")
    args = ap.parse_args()
    lex = Lexicon.load()
    cases = read_cases(args.file)
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses = []
    for name, code, year, section in cases:
        bodies = parse_responsible(name, lexicon=lex, year=year)
        got = sorted({b.code for b in bodies})
        total[section] += 1
        if got == [code]:
            right[section] += 1
        else:
            misses.append((name, year, code, got, [b.name for b in bodies]))
    if not args.quiet:
        for name, year, code, got, names in misses:
            print(f"MISS {name!r}{f' ({year})' if year else ''}: expected {code}, got {got} {names}")
        print()
        for section in total:
            print(f"{right[section]:4d}/{total[section]:<4d} {right[section] / total[section]:.3f}  {section}")
    n, k = sum(total.values()), sum(right.values())
    print(f"held-out body codes: {k}/{n} = {k / n:.3f}")


if __name__ == "__main__":
    main()
