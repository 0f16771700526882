"""spaCy candidates for the theme classifier, leave-one-document-out (see benchmarks/THEMES.md).

Compares, on the dev gold, each document scored by a model built without it:

* ``vocab``   normalize/themes.py with the leave-one-document-out vocabulary of themes_loo.py;
* ``textcat`` a spaCy ``textcat`` (bag of words and bigrams, exclusive classes) trained on the other
  documents' measures: text, goal and section, Finnish words replaced by their Voikko base forms;
* ``hybrid``  the vocabulary, except where its primary theme is weak (no theme word in the text:
  decided by the section, the neighbours or the default, or theme confidence below 0.4) and the
  textcat is sure (p >= 0.5).

A spaCy ``PhraseMatcher`` was not kept as a candidate: it matches whole tokens, and the vocabulary's
patterns are stems inside compounds ("kielikahvil" in "kirjastokielikahviloiden"), which a
PhraseMatcher over Voikko base forms would need one entry per compound for.

    .venv/bin/pip install -e '.[themes-spacy]'   # spaCy is optional
    .venv/bin/python benchmarks/themes_spacy.py
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import themes_loo as T  # noqa: E402

from kotoex.normalize.morphology import voikko_morphology  # noqa: E402
from kotoex.normalize.themes import THEME_CODES, ThemeVocab, classify_measures  # noqa: E402

FIELDS = ("text", "goal", "section")


def lemma_text(text: str | None, language: str) -> str:
    """The text with each Finnish word replaced by its Voikko base form (Swedish as is)."""
    import re

    morph = voikko_morphology() if language == "fi" else None
    out = []
    for w in re.findall(r"\w+", text or ""):
        base = None
        if morph is not None:
            bases = [a.get("BASEFORM") for a in morph.analyze(w) if a.get("BASEFORM")]
            base = bases[0] if bases else None
        out.append((base or w).lower())
    return " ".join(out)


def doc_text(m: dict, language: str) -> str:
    # the field names as words, so the model can weigh text, goal and section differently
    return " ".join(f"{f.upper()} {lemma_text(m.get(f), language)}" for f in FIELDS if m.get(f))


def train_textcat(examples: list[tuple[str, str]], language: str, epochs: int = 12, seed: int = 0):
    import spacy
    from spacy.training import Example

    random.seed(seed)
    spacy.util.fix_random_seed(seed)
    nlp = spacy.blank(language if language in ("fi", "sv") else "xx")
    tc = nlp.add_pipe("textcat", config={"model": {
        "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 2, "no_output_layer": False}})
    for code in THEME_CODES:
        tc.add_label(code)
    data = [Example.from_dict(nlp.make_doc(t), {"cats": {c: float(c == y) for c in THEME_CODES}}) for t, y in examples]
    optimizer = nlp.initialize(lambda: data)
    for _ in range(epochs):
        random.shuffle(data)
        for i in range(0, len(data), 16):
            nlp.update(data[i:i + 16], sgd=optimizer, drop=0.2)
    return nlp


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=T.SHARED / "corpus")
    args = ap.parse_args(argv)
    try:
        import spacy  # noqa: F401
    except ImportError:
        print("spaCy is not installed: pip install -e '.[themes-spacy]'", file=sys.stderr)
        return 2
    docs = T.load_documents(args.corpus)
    full = ThemeVocab.load()
    support = T.pattern_support(docs, full)
    spec = T.spec_text(args.corpus.parent / "spec")
    texts = {n: [doc_text(m, d["language"]) for m in d["measures"]] for n, d in docs.items()}
    scores = {k: {} for k in ("vocab", "textcat", "hybrid")}
    for name, d in docs.items():
        train = [(t, m["themes"][0]) for other, od in docs.items() if other != name
                 for t, m in zip(texts[other], od["measures"])]
        nlp = train_textcat(train, "fi")  # the other documents are Finnish when Pietarsaari is held out
        vocab_res = classify_measures(d["measures"], d["language"], T.loo_vocab(full, support, spec, name))
        ok = {k: 0 for k in scores}
        for m, t, r in zip(d["measures"], texts[name], vocab_res):
            cats = nlp(t).cats
            best = max(cats, key=cats.get)
            weak = r.decided_by in ("section", "neighbours", "default") or r.confidence < 0.4
            hybrid = best if weak and cats[best] >= 0.5 else r.primary
            gold = m["themes"][0]
            ok["vocab"] += r.primary == gold
            ok["textcat"] += best == gold
            ok["hybrid"] += hybrid == gold
        for k in scores:
            scores[k][name] = (ok[k], len(d["measures"]))
    print(f"{'document':34} {'lang':4} {'n':>4} {'vocab':>7} {'textcat':>8} {'hybrid':>7}")
    for name, d in docs.items():
        n = len(d["measures"])
        print(f"{name:34} {d['language']:4} {n:>4} " + " ".join(
            f"{scores[k][name][0] / n:>{w}.3f}" for k, w in (("vocab", 7), ("textcat", 8), ("hybrid", 7))))
    for label, pick in (("overall", lambda n: True), ("Swedish documents", lambda n: docs[n]["language"] == "sv")):
        cells = []
        for k, w in (("vocab", 7), ("textcat", 8), ("hybrid", 7)):
            ok = sum(v[0] for n, v in scores[k].items() if pick(n))
            tot = sum(v[1] for n, v in scores[k].items() if pick(n))
            cells.append(f"{ok / tot:>{w}.3f}")
        print(f"{label:34} {'':4} {'':>4} " + " ".join(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
