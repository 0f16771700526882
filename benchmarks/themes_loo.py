"""Leave-one-document-out evaluation of the theme classifier (normalize/themes.py) on the dev gold.

The dev corpus holds each document in several layouts (``<document>__<layout>.gold.json``), with
the same measures; a document is scored once. The vocabulary (``normalize/data/themes.jsonl``) is
hand-written; no weight is learned from the gold. It was written from OUTPUT_SCHEMA.md § themes,
THEMES.md and general domain words, and checked against the dev gold, so the held-out document is
taken out of the vocabulary pattern by pattern: for each held-out document, a pattern stays only if

* its text is in the spec (every part of it occurs in OUTPUT_SCHEMA.md § themes or THEMES.md,
  compared folded: "tulkkau" from "tulkkaus"), or
* it matched a measure of ANOTHER document and voted for one of that measure's gold themes
  (neutral patterns: matched another document at all), or
* it is a Swedish pattern and some pattern of its concept has such support in another document:
  the dev corpus has one Swedish document, so no Swedish word can be seen in another one; the
  Swedish patterns are translations of the concept, kept when the concept is.

So a word that only the held-out document's measures use cannot score that document.
"spec-only" keeps only the patterns of the first kind; "full" keeps everything (not honest,
shown for the gap).

    .venv/bin/python benchmarks/themes_loo.py                 # table
    .venv/bin/python benchmarks/themes_loo.py --show-errors   # plus every wrong primary theme
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kotoex.normalize.themes import Pattern, ThemeVocab, classify_measures, match_field  # noqa: E402
from kotoex.normalize.vocab import fold  # noqa: E402

SHARED = Path(os.environ.get("KOTOEX_SHARED", ROOT.parent / "shared"))


def load_documents(corpus: Path) -> dict[str, dict]:
    """document name -> {"language", "measures"}: one gold file per document (layouts share measures)."""
    docs: dict[str, dict] = {}
    for f in sorted(corpus.glob("*.gold.json")):
        name = f.name.split("__")[0]
        gold = json.loads(f.read_text(encoding="utf-8"))
        ms = [m for m in gold.get("measures") or [] if m.get("themes")]
        if ms and name not in docs:
            docs[name] = {"language": gold["document"].get("language") or "fi", "measures": ms}
    return docs


def spec_text(spec_dir: Path) -> str:
    """Folded text of OUTPUT_SCHEMA.md § themes and THEMES.md."""
    schema = (spec_dir / "OUTPUT_SCHEMA.md").read_text(encoding="utf-8")
    start = schema.find("### themes")
    end = schema.find("\n## ", start)
    themes_md = (spec_dir / "THEMES.md").read_text(encoding="utf-8")
    return fold(schema[start:end] + "\n" + themes_md)


def pattern_keys(vocab: ThemeVocab) -> list[tuple[str, str, object, str]]:
    return [(c.id, p.raw, p, lang) for c in vocab.concepts for lang, ps in c.patterns.items() for p in ps]


def in_spec(pattern, spec: str) -> bool:
    """Every part of the pattern (of the open pattern a closed-compound variant was made from) is in the spec."""
    parts = Pattern.parse(pattern.origin).parts if pattern.origin else pattern.parts
    return all(text in spec for mode, text in parts if mode != "gap")


def pattern_support(docs: dict[str, dict], vocab: ThemeVocab) -> dict[tuple[str, str], set[str]]:
    """(concept id, pattern) -> documents where it votes for a gold theme (neutral: matches)."""
    support: dict[tuple[str, str], set[str]] = defaultdict(set)
    for name, d in docs.items():
        for m in d["measures"]:
            gold = set(m["themes"])
            for fname in ("text", "goal", "section"):
                matches, _ = match_field(m.get(fname) or "", d["language"], vocab)
                for mt in matches:
                    if not mt.concept.themes or gold & set(mt.concept.themes):
                        support[(mt.concept.id, mt.pattern)].add(name)
    return support


def loo_vocab(vocab: ThemeVocab, support, spec: str, held_out: str | None) -> ThemeVocab:
    """``held_out`` None: the spec-only vocabulary."""
    concept_docs: dict[str, set[str]] = defaultdict(set)
    for (cid, _), names in support.items():
        concept_docs[cid] |= names
    drop = set()
    for cid, raw, p, lang in pattern_keys(vocab):
        if in_spec(p, spec):
            continue
        if held_out is not None and support.get((cid, raw), set()) - {held_out}:
            continue
        if held_out is not None and lang == "sv" and concept_docs.get(cid, set()) - {held_out}:
            continue
        drop.add((cid, raw))
    return vocab.without_patterns(drop)


def evaluate(docs: dict[str, dict], vocab_for) -> dict[str, tuple[int, int, list]]:
    out = {}
    for name, d in docs.items():
        v = vocab_for(name)
        ok, errors = 0, []
        results = classify_measures(d["measures"], d["language"], v)
        for m, r in zip(d["measures"], results):
            if r.primary == m["themes"][0]:
                ok += 1
            else:
                errors.append((m, r))
        out[name] = (ok, len(d["measures"]), errors)
    return out


def _summary(res: dict, docs: dict) -> tuple[float, float]:
    ok = sum(r[0] for r in res.values())
    n = sum(r[1] for r in res.values())
    sv = [k for k in res if docs[k]["language"] == "sv"]
    ok_sv = sum(res[k][0] for k in sv)
    n_sv = sum(res[k][1] for k in sv)
    return ok / n if n else 0.0, ok_sv / n_sv if n_sv else float("nan")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--json", type=Path, help="write the figures here")
    args = ap.parse_args(argv)
    docs = load_documents(args.corpus)
    if not docs:
        print(f"no gold with themes under {args.corpus}", file=sys.stderr)
        return 2
    full = ThemeVocab.load()
    support = pattern_support(docs, full)
    spec = spec_text(args.corpus.parent / "spec")
    spec_only = loo_vocab(full, support, spec, None)
    n_pat = len(pattern_keys(full))
    print(f"{n_pat} patterns, {len(pattern_keys(spec_only))} of them from the spec's words")
    runs = {
        "loo": evaluate(docs, lambda name: loo_vocab(full, support, spec, name)),
        "spec_only": evaluate(docs, lambda name: spec_only),
        "full": evaluate(docs, lambda name: full),
    }
    print(f"{'document':34} {'lang':4} {'n':>4} {'LOO':>7} {'spec-only':>10} {'full':>7}  patterns dropped in LOO")
    for name, d in docs.items():
        dropped = n_pat - len(pattern_keys(loo_vocab(full, support, spec, name)))
        cells = [f"{runs[k][name][0] / runs[k][name][1]:.3f}" for k in ("loo", "spec_only", "full")]
        print(f"{name:34} {d['language']:4} {runs['loo'][name][1]:>4} {cells[0]:>7} {cells[1]:>10} {cells[2]:>7}  {dropped}")
    figures = {}
    for k, res in runs.items():
        overall, sv = _summary(res, docs)
        figures[k] = {"overall": round(overall, 4), "sv": round(sv, 4),
                      "per_document": {n: round(r[0] / r[1], 4) for n, r in res.items()}}
    print(f"{'overall':34} {'':4} {sum(len(d['measures']) for d in docs.values()):>4} "
          f"{figures['loo']['overall']:>7.3f} {figures['spec_only']['overall']:>10.3f} {figures['full']['overall']:>7.3f}")
    print(f"{'Swedish documents':34} {'sv':4} {'':>4} {figures['loo']['sv']:>7.3f} "
          f"{figures['spec_only']['sv']:>10.3f} {figures['full']['sv']:>7.3f}")
    if args.show_errors:
        for name, (_, _, errors) in runs["loo"].items():
            for m, r in errors:
                ev = "; ".join(f"{e.theme}<{e.words}>" for e in r.evidence[:4])
                print(f"- {name}: gold {','.join(m['themes'])} got {','.join(r.codes)} ({r.decided_by}) "
                      f"| {m['text'][:110]} | G: {(m.get('goal') or '')[:50]} | {ev}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
