#!/usr/bin/env python3
"""Which Finnish lemmatiser gives the right base form of a responsible body most often?

Evaluation set (inflected form as printed -> expected base form):

  gold   every responsible body of /work/shared/corpus/*__wp-grid-land.gold.json: the
         printed span is located in ``responsible.raw`` and paired with the gold ``name``
         (bodies the gold renames - "Welcome office" -> "Welcome Office",
         "vuokratilayhtiöt" -> "vuokrataloyhtiöt" - are lexicon work, not morphology,
         and are left out and counted);
  tests  the (printed, base) pairs of ``test_lemmatize_name`` in tests/test_normalize_bodies.py;
  extra  hand-written inflected forms below (:data:`EXTRA`).

Methods (all get the same cleaned name: ``normalize.bodies._clean_name`` - parentheticals,
abbreviations, line-break hyphens - and the result is capitalised like ``lemmatize_name``):

  current           kotoex's case-ending stripper checked against the head-noun lexicon
  kotoex (as integrated)  ``Lexicon.load().lemmatize`` - should equal current>voikko+agr
                    when Voikko is installed, current when it is not
  voikko            libvoikko + voikko-fi: head word -> BASEFORM of a noun analysis; a word
                    with a nominative analysis is kept; plurals rebuilt (candidates checked
                    by Voikko); hyphenated / unknown compounds analysed on their tail
  voikko+agr        voikko, and adjectives/participles agreeing with the head are
                    lemmatised too ("Poikkihallinnollisen työryhmän")
  simplemma         simplemma.lemmatize(head word, lang="fi")
  voikko>current    voikko; words Voikko does not know -> current
  current>voikko    current; if it leaves a word unchanged that is not a known head -> voikko
  voikko+agr>current, current>voikko+agr, current>simplemma   likewise

A method whose library is missing is skipped.  Usage::

    .venv/bin/python benchmarks/morphology.py [--show-errors] [--json FILE] [--repeat N]
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path("/work/shared/corpus")
TESTS = ROOT / "tests" / "test_normalize_bodies.py"

sys.path.insert(0, str(ROOT))
try:
    from kotoex.normalize.bodies import Lexicon, _capitalise, _clean_name, lemmatize_name  # noqa: E402
    from kotoex.normalize.vocab import fold  # noqa: E402
except ImportError:  # running from a checkout without `pip install -e .`
    from normalize.bodies import Lexicon, _capitalise, _clean_name, lemmatize_name  # type: ignore  # noqa: E402
    from normalize.vocab import fold  # type: ignore  # noqa: E402

# ---------------------------------------------------------------------------
# hand-written cases: (printed, expected base form)

EXTRA: list[tuple[str, str]] = [
    # genitive singular
    ("sivistystoimialan", "Sivistystoimiala"),
    ("kaupunginhallituksen", "Kaupunginhallitus"),
    ("Uudenmaan ELY-keskuksen", "Uudenmaan ELY-keskus"),
    ("Kelan", "Kela"),
    ("Maahanmuuttoviraston", "Maahanmuuttovirasto"),
    ("Opetushallituksen", "Opetushallitus"),
    ("Helsingin yliopiston", "Helsingin yliopisto"),
    ("Espoon työväenopiston", "Espoon työväenopisto"),
    ("kaupunginkirjaston", "Kaupunginkirjasto"),
    ("Monikulttuurisuusneuvoston", "Monikulttuurisuusneuvosto"),
    ("Kotoutumisen edistämisen ohjausryhmän", "Kotoutumisen edistämisen ohjausryhmä"),
    ("Keski-Uudenmaan sote-kuntayhtymän", "Keski-Uudenmaan sote-kuntayhtymä"),
    ("Pohjanmaan hyvinvointialueen", "Pohjanmaan hyvinvointialue"),
    ("Työ- ja elinkeinoministeriön", "Työ- ja elinkeinoministeriö"),
    ("Laurea-ammattikorkeakoulun", "Laurea-ammattikorkeakoulu"),
    ("Aalto-yliopiston", "Aalto-yliopisto"),
    ("MLL:n Uudenmaan piirin", "MLL:n Uudenmaan piiri"),
    ("Espoon Asunnot Oy:n", "Espoon Asunnot Oy"),
    ("Keski-Suomen Yhteisöjen Tuki ry:n", "Keski-Suomen Yhteisöjen Tuki ry"),
    ("nuorisotoimen", "Nuorisotoimi"),
    ("sosiaali- ja terveystoimen", "Sosiaali- ja terveystoimi"),
    ("Jyväskylän kaupungin", "Jyväskylän kaupunki"),
    ("vastuutahon", "Vastuutaho"),
    ("Perusturvakeskuksen", "Perusturvakeskus"),
    ("henkilöstökeskuksen", "Henkilöstökeskus"),
    ("poliisin", "Poliisi"),
    ("Gradian", "Gradia"),
    ("Migrin", "Migri"),
    # essive -na/-nä
    ("vastuutahona", "Vastuutaho"),
    ("päävastuutahona", "Päävastuutaho"),
    ("koordinaattorina", "Koordinaattori"),
    ("yhteistyökumppanina", "Yhteistyökumppani"),
    ("vastuuyksikkönä", "Vastuuyksikkö"),
    # allative -lle / illative
    ("hyvinvointitoimialalle", "Hyvinvointitoimiala"),
    ("TE-toimistolle", "TE-toimisto"),
    ("Kelalle", "Kela"),
    ("maahanmuuttajapalveluille", "Maahanmuuttajapalvelut"),
    ("järjestöille", "Järjestöt"),
    ("kaupunginhallitukselle", "Kaupunginhallitus"),
    ("sivistystoimeen", "Sivistystoimi"),
    ("TE-toimistoon", "TE-toimisto"),
    ("yhdistyksiin", "Yhdistykset"),
    # adessive -lla/-llä, inessive
    ("sivistystoimella", "Sivistystoimi"),
    ("seurakunnalla", "Seurakunta"),
    ("työllisyyspalveluilla", "Työllisyyspalvelut"),
    ("ELY-keskuksella", "ELY-keskus"),
    ("Vaasan kaupungilla", "Vaasan kaupunki"),
    ("Länsi-Uudenmaan hyvinvointialueella", "Länsi-Uudenmaan hyvinvointialue"),
    ("terveyskeskuksessa", "Terveyskeskus"),
    # elative -sta/-stä, ablative
    ("konsernihallinnosta", "Konsernihallinto"),
    ("TE-toimistosta", "TE-toimisto"),
    ("varhaiskasvatuksesta", "Varhaiskasvatus"),
    ("perusopetuksesta", "Perusopetus"),
    ("työväenopistosta", "Työväenopisto"),
    ("Kelalta", "Kela"),
    # plural: nominative stays, genitive -t/-jen/-iden/-ten/-ien
    ("Seurakunnat", "Seurakunnat"),
    ("Toimialat", "Toimialat"),
    ("Yrittäjäjärjestöt", "Yrittäjäjärjestöt"),
    ("järjestöjen", "Järjestöt"),
    ("seurakuntien", "Seurakunnat"),
    ("toimialojen", "Toimialat"),
    ("oppilaitosten", "Oppilaitokset"),
    ("palvelualueiden", "Palvelualueet"),
    ("yrittäjäjärjestöjen", "Yrittäjäjärjestöt"),
    ("maahanmuuttajayhdistysten", "Maahanmuuttajayhdistykset"),
    ("alueen yritysten", "Alueen yritykset"),
    ("kaupungin vuokrataloyhtiöiden", "Kaupungin vuokrataloyhtiöt"),
    ("kuntien", "Kunnat"),
    ("liikuntapalvelujen", "Liikuntapalvelut"),
    ("Vaasan kaupungin opistojen", "Vaasan kaupungin opistot"),
    ("asukastalojen", "Asukastalot"),
    ("kotoutumispalveluiden", "Kotoutumispalvelut"),
    # compounds the lexicon does not list
    ("kotoutumiskoordinaattorin", "Kotoutumiskoordinaattori"),
    ("monikulttuurisuustyöryhmän", "Monikulttuurisuustyöryhmä"),
    ("maahanmuuttajaneuvoston", "Maahanmuuttajaneuvosto"),
    ("kielikahvilan", "Kielikahvila"),
    ("LY-verkoston", "LY-verkosto"),
    # attributes agreeing with the head
    ("Poikkihallinnollisen työryhmän", "Poikkihallinnollinen työryhmä"),
    ("kansainvälisen kohtauspaikan", "Kansainvälinen kohtauspaikka"),
    ("Digitaalisten palveluiden", "Digitaaliset palvelut"),
    ("teknisen viraston", "Tekninen virasto"),
    ("palveluita tuottavien toimialojen", "Palveluita tuottavat toimialat"),
    ("Poikkihallinnollisella työryhmällä", "Poikkihallinnollinen työryhmä"),
    ("Kotoutumisen koordinoinnista vastaavan työntekijän", "Kotoutumisen koordinoinnista vastaava työntekijä"),
    # ... and traps: a genitive-plural adjective used as a noun is no attribute
    ("nuorten palveluiden", "Nuorten palvelut"),
    ("iäkkäiden palveluiden", "Iäkkäiden palvelut"),
    ("vammaisten palveluiden", "Vammaisten palvelut"),
    ("Nuorten työpajan", "Nuorten työpaja"),
    ("Kriisikeskus Valon", "Kriisikeskus Valo"),
    # already base forms, proper names: unchanged
    ("Gradia", "Gradia"),
    ("Pikipruukki", "Pikipruukki"),
    ("Keusote", "Keusote"),
    ("Migri", "Migri"),
    ("Kriisikeskus Valo", "Kriisikeskus Valo"),
    ("Metropolia Ammattikorkeakoulu", "Metropolia Ammattikorkeakoulu"),
    ("Tekninen virasto", "Tekninen virasto"),
    ("Sosiaalityö", "Sosiaalityö"),
    # Swedish and English names: unchanged
    ("Integrationsenheten", "Integrationsenheten"),
    ("socialväsendet", "Socialväsendet"),
    ("TE-byrån", "TE-byrån"),
    ("Yrkesakademin i Österbotten", "Yrkesakademin i Österbotten"),
    ("Österbottens välfärdsområde", "Österbottens välfärdsområde"),
    ("Vasa stad", "Vasa stad"),
    ("Stadsstyrelsen", "Stadsstyrelsen"),
    ("församlingen", "Församlingen"),
    ("Integrationsrådet", "Integrationsrådet"),
    ("Vasa gymnasium", "Vasa gymnasium"),
    ("Svenska kulturfonden", "Svenska kulturfonden"),
    ("Arbets- och näringsbyrån", "Arbets- och näringsbyrån"),
    ("Närings-, trafik- och miljöcentralen", "Närings-, trafik- och miljöcentralen"),
    ("Folkpensionsanstalten", "Folkpensionsanstalten"),
    ("Österbottens förbund", "Österbottens förbund"),
    ("Yrkeshögskolan Novia", "Yrkeshögskolan Novia"),
    ("Welcome Office", "Welcome Office"),
]


@dataclass(frozen=True)
class Case:
    printed: str
    expected: str
    source: str  # gold | tests | extra

    @property
    def changes(self) -> bool:
        """True if the base form differs from the printed form (beyond the first letter)."""
        return _capitalise(self.printed.strip()) != self.expected


# ---------------------------------------------------------------------------
# evaluation set


def _norm_tok(t: str) -> str:
    return fold(t.strip(".,;:|")).replace("-", "")


def _locate(raw: str, name: str) -> str | None:
    """The span of ``raw`` printing the gold ``name`` (head word in any case form)."""
    text = re.sub(r"\([^()]*\)", " ", raw.replace("\n", " "))
    toks = [t for t in re.split(r"[\s,;|/]+", text) if t.strip(".,;:|")]
    want = name.split()
    n = len(want)
    wn = [_norm_tok(t) for t in want]
    for i in range(len(toks) - n + 1):
        win = toks[i: i + n]
        if [_norm_tok(t) for t in win[:-1]] != wn[:-1]:
            continue
        a, b = _norm_tok(win[-1]), wn[-1]
        k = 0
        while k < min(len(a), len(b)) and a[k] == b[k]:
            k += 1
        if k >= min(len(b), max(3, len(b) - 4)) and k >= 0.6 * len(b):
            return " ".join(t.strip(".,;:|") for t in win)
    return None


def gold_cases() -> tuple[list[Case], list[tuple[str, str]]]:
    cases: list[Case] = []
    skipped: list[tuple[str, str]] = []
    for path in sorted(CORPUS.glob("*__wp-grid-land.gold.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for m in doc.get("measures", []):
            resp = m.get("responsible") or {}
            raw = resp.get("raw")
            if not raw:
                continue
            for body in resp.get("bodies", []):
                span = _locate(raw, body["name"])
                if span is None:
                    skipped.append((raw, body["name"]))
                    continue
                # renamed by the lexicon (letter case inside the name, other words): not morphology
                if span.split()[:-1] != body["name"].split()[:-1] and \
                        _capitalise(" ".join(span.split()[:-1])) != " ".join(body["name"].split()[:-1]):
                    skipped.append((raw, body["name"]))
                    continue
                sh, gh = span.split()[-1], body["name"].split()[-1]
                if len(span.split()) == 1:
                    sh = _capitalise(sh)
                if sh != gh and sh.lower() == gh.lower():
                    skipped.append((raw, body["name"]))
                    continue
                cases.append(Case(span, body["name"], "gold"))
    return cases, skipped


def test_cases() -> list[Case]:
    """(printed, base) pairs of ``test_lemmatize_name``, read from the test file's source."""
    tree = ast.parse(TESTS.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "test_lemmatize_name":
            for dec in node.decorator_list:
                if isinstance(dec, ast.Call) and len(dec.args) >= 2:
                    pairs = ast.literal_eval(dec.args[1])
                    return [Case(p, b, "tests") for p, b in pairs]
    return []


def build_set() -> tuple[list[Case], list[tuple[str, str]]]:
    gold, skipped = gold_cases() if CORPUS.is_dir() else ([], [])
    return gold + test_cases() + [Case(p, b, "extra") for p, b in EXTRA], skipped


# ---------------------------------------------------------------------------
# lemmatisers

try:  # the case-ending stripper alone, whatever is installed
    LEX = Lexicon.load(use_morphology=False)
    LEX_KOTOEX = Lexicon.load()  # what kotoex uses now (Voikko if installed)
except TypeError:  # kotoex before the Voikko integration
    LEX = LEX_KOTOEX = Lexicon.load()


def _current_word(word: str) -> str:
    return LEX.lemmatize_word(word)


def _known_unchanged(word: str) -> bool:
    """The current lemmatiser is sure: the word ends in a known head noun."""
    return LEX.is_head_word(word)


def _restore(word: str, base: str) -> str:
    """``base`` spelt like ``word`` where they agree (capitals, hyphenated prefix)."""
    k = 0
    while k < min(len(word), len(base)) and word[k].lower() == base[k].lower():
        k += 1
    return word[:k] + base[k:]


def load_voikko():
    """libvoikko.Voikko('fi') or None (PyPI ``libvoikko`` or Debian's python3-libvoikko)."""
    try:
        import libvoikko  # type: ignore
    except ImportError:
        mod = None
        for d in ("/usr/lib/python3/dist-packages", "/usr/local/lib/python3/dist-packages"):
            p = Path(d) / "libvoikko.py"
            if p.exists():
                spec = importlib.util.spec_from_file_location("libvoikko", p)
                mod = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(mod)  # type: ignore[union-attr]
                break
        if mod is None:
            return None
        libvoikko = mod
    try:
        return libvoikko.Voikko("fi")
    except Exception:  # library or dictionary missing
        return None


# cases a body name stands in inside a cell or sentence (not partitive: "Novia" is no plural of "nova")
_CASES = ("omanto", "olento", "tulento", "sisaolento", "sisaeronto", "sisatulento",
          "ulkoolento", "ulkoeronto", "ulkotulento")
_NOUNISH = ("nimisana", "nimi", "etunimi", "sukunimi", "paikannimi", "lyhenne", "nimisana_laatusana", "laatusana")
_ATTR = ("laatusana", "nimisana_laatusana", "lukusana", "asemosana")

# weak grade of the last consonant(s) before the final vowel (nominative -> plural stem)
_GRADATION = [("nt", "nn"), ("nk", "ng"), ("mp", "mm"), ("lt", "ll"), ("rt", "rr"), ("tt", "t"),
              ("kk", "k"), ("pp", "p"), ("t", "d"), ("k", ""), ("p", "v")]


class VoikkoLemmatizer:
    def __init__(self, v, agreement: bool = False) -> None:
        self.v = v
        self.agreement = agreement
        self._cache: dict[str, list[dict]] = {}

    def analyze(self, word: str) -> list[dict]:
        if word not in self._cache:
            self._cache[word] = self.v.analyze(word)
        return self._cache[word]

    def _plural(self, base: str) -> str:
        """Nominative plural of ``base``: candidates checked by Voikko."""
        stem = base
        cands = [stem + "t"]
        v = stem[-1:]
        if stem.endswith("nen"):
            cands.append(stem[:-3] + "set")
        if stem.endswith("s"):
            cands += [stem[:-1] + "kset", stem[:-1] + "det", stem[:-1] + "ret", stem[:-1] + "ksetk"]
        if stem.endswith(("e",)):
            cands.append(stem + "et")
        if stem.endswith(("in", "en", "an", "än")):
            cands += [stem[:-1] + "met", stem[:-2] + "imet"]
        if v in "aeiouyäö":
            body = stem[:-1]
            for strong, weak in _GRADATION:
                if body.endswith(strong):
                    cands.append(body[: -len(strong)] + weak + v + "t")
                    break
        for c in cands:
            for a in self.analyze(c):
                if a.get("SIJAMUOTO") == "nimento" and a.get("NUMBER") == "plural" \
                        and a.get("BASEFORM", "").lower() == base.lower():
                    return c
        return base

    def _choose(self, word: str) -> tuple[str, dict | None] | None:
        """(base form, analysis used) or None if Voikko does not know the word."""
        ans = self.analyze(word)
        if not ans:
            return None
        if any(a.get("SIJAMUOTO") == "nimento" for a in ans):
            return word, None
        nouns = [a for a in ans if a.get("CLASS") in _NOUNISH and a.get("SIJAMUOTO") in _CASES]
        if not nouns:
            return word, None
        nouns.sort(key=lambda a: _NOUNISH.index(a["CLASS"]))
        a = nouns[0]
        base = a.get("BASEFORM", word)
        if a.get("NUMBER") == "plural":
            base = self._plural(base)
        return _restore(word, base), a

    def lemma_word(self, word: str) -> tuple[str, dict | None] | None:
        r = self._choose(word)
        if r is not None:
            return r
        if "-" in word.strip("-"):  # TE-toimiston, LY-verkoston
            head, _, tail = word.rpartition("-")
            r = self._choose(tail)
            if r is not None:
                return head + "-" + r[0], r[1]
            return None
        if "å" in word.lower():  # Swedish
            return None
        # unknown compound: the longest tail (5+ letters) Voikko knows as a noun
        for i in range(3, len(word) - 4):
            tail = word[i:]
            ans = self.analyze(tail)
            if ans and any(a.get("CLASS") == "nimisana" for a in ans):
                r = self._choose(tail)
                if r is not None:
                    return word[:i] + r[0], r[1]
        return None

    def lemmatize(self, name: str, fallback: Callable[[str], str] | None = None) -> str:
        toks = name.split()
        if not toks:
            return name
        r = self.lemma_word(toks[-1])
        if r is None:
            toks[-1] = fallback(toks[-1]) if fallback else toks[-1]
            return " ".join(toks)
        toks[-1], a = r
        if self.agreement and a is not None:
            case, num = a.get("SIJAMUOTO"), a.get("NUMBER")
            j = len(toks) - 2
            while j >= 0:
                ans = self.analyze(toks[j])
                attrs = [x for x in ans if x.get("CLASS") in _ATTR
                         and x.get("SIJAMUOTO") == case and x.get("NUMBER") == num]
                # a word with a noun reading ("nuorten", "vastaavan") may be a genitive modifier
                if not attrs or any(x.get("CLASS") in ("nimisana", "nimisana_laatusana", "nimi", "paikannimi")
                                    for x in ans):
                    break
                base = attrs[0].get("BASEFORM", toks[j])
                if num == "plural":
                    base = self._plural(base)
                toks[j] = _restore(toks[j], base)
                j -= 1
        return " ".join(toks)


def load_simplemma():
    try:
        import simplemma  # type: ignore
    except ImportError:
        return None
    return simplemma


def build_methods() -> dict[str, Callable[[str], str]]:
    def on_head(fn: Callable[[str], str]) -> Callable[[str], str]:
        def run(name: str) -> str:
            toks = name.split()
            if toks:
                toks[-1] = fn(toks[-1])
            return " ".join(toks)
        return run

    methods: dict[str, Callable[[str], str]] = {"current": LEX.lemmatize}
    if LEX_KOTOEX is not LEX:
        methods["kotoex (as integrated)"] = LEX_KOTOEX.lemmatize
    v = load_voikko()
    if v is not None:
        vk = VoikkoLemmatizer(v)
        va = VoikkoLemmatizer(v, agreement=True)

        def cur_then(vl: VoikkoLemmatizer) -> Callable[[str], str]:
            def run(name: str) -> str:
                toks = name.split()
                if not toks:
                    return name
                head = toks[-1]
                cur = _current_word(head)
                if cur != head or _known_unchanged(head):
                    if vl.agreement:  # agreement still needs Voikko's reading of the head
                        r = vl.lemma_word(head)
                        if r is not None and r[0] == cur:
                            return vl.lemmatize(name)
                    toks[-1] = cur
                    return " ".join(toks)
                return vl.lemmatize(name)
            return run

        methods["voikko"] = vk.lemmatize
        methods["voikko+agr"] = va.lemmatize
        methods["voikko>current"] = lambda n: vk.lemmatize(n, fallback=_current_word)
        methods["voikko+agr>current"] = lambda n: va.lemmatize(n, fallback=_current_word)
        methods["current>voikko"] = cur_then(vk)
        methods["current>voikko+agr"] = cur_then(va)
    sm = load_simplemma()
    if sm is not None:
        def sm_word(w: str) -> str:
            return _restore(w, sm.lemmatize(w, lang="fi"))

        methods["simplemma"] = on_head(sm_word)

        def cur_sm(w: str) -> str:
            cur = _current_word(w)
            return cur if (cur != w or _known_unchanged(w)) else sm_word(w)

        methods["current>simplemma"] = on_head(cur_sm)
    return methods


def run_method(fn: Callable[[str], str], printed: str) -> str:
    return _capitalise(fn(_clean_name(printed, LEX.syntax)))


# ---------------------------------------------------------------------------
# spaCy PhraseMatcher against the current lexicon matching


def phrasematcher_eval() -> dict | None:
    """Body names found in text: spaCy PhraseMatcher(attr="LOWER") over the lexicon vs kotoex.

    A. the gold responsible cells read as free text: recall / precision of the gold
       body names (canonical), PhraseMatcher spans mapped to their canonical lexicon name;
    B. subject detection: "<body> vastaa toimenpiteestä." for every unique gold body; the
       subject must come back as that body.  kotoex: ``subject_body`` with the pipeline's
       test (one body, method != none); PhraseMatcher: a match at the start of the sentence;
    C. the hand-written printed forms (any case) whose base form the lexicon codes: right if
       the code found is the base form's (kotoex: ``Lexicon.classify``).
    """
    try:
        import spacy  # type: ignore
        from spacy.matcher import PhraseMatcher  # type: ignore
        from spacy.util import filter_spans  # type: ignore
    except ImportError:
        return None
    try:
        from kotoex.interpret.subjects import subject_body
        from kotoex.normalize.bodies import parse_responsible
    except ImportError:  # pragma: no cover
        return None
    nlp = spacy.blank("fi")
    lex = LEX_KOTOEX
    t = time.perf_counter()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    canon: dict[str, str] = {}
    for i, (alias, (name, _code)) in enumerate(lex.entries.items()):
        key = f"B{i}"
        canon[key] = name
        matcher.add(key, [nlp.make_doc(alias)])
    build = time.perf_counter() - t

    def pm_names(text: str) -> list[str]:
        doc = nlp(text)
        spans = filter_spans([doc[s:e] for _, s, e in matcher(doc)])
        out = []
        for sp in spans:
            for mid, s2, e2 in matcher(doc[sp.start:sp.end].as_doc()):
                if s2 == 0 and e2 == len(sp):
                    out.append(canon[nlp.vocab.strings[mid]])
                    break
        return out

    cells: list[tuple[str, list[str]]] = []
    for path in sorted(CORPUS.glob("*__wp-grid-land.gold.json")):
        for m in json.loads(path.read_text(encoding="utf-8")).get("measures", []):
            resp = m.get("responsible") or {}
            if resp.get("raw"):
                cells.append((resp["raw"], [b["name"] for b in resp.get("bodies", [])]))

    def score(fn: Callable[[str], list[str]]) -> tuple[int, int, int, float]:
        tp = fp = fn_ = 0
        t0 = time.perf_counter()
        for raw, gold in cells:
            got = fn(raw)
            g = [x.lower() for x in gold]
            for x in got:
                if x.lower() in g:
                    tp += 1
                    g.remove(x.lower())
                else:
                    fp += 1
            fn_ += len(g)
        return tp, fp, fn_, (time.perf_counter() - t0) / max(1, len(cells))

    res: dict[str, dict] = {}
    for name, fn in (("kotoex parse_responsible", lambda r: [b.name for b in parse_responsible(r, lexicon=lex)]),
                     ("PhraseMatcher LOWER", pm_names)):
        tp, fp, fn_, per = score(fn)
        res[name] = {"tp": tp, "fp": fp, "fn": fn_, "ms_per_cell": per * 1e3}

    # B. subject detection (nominative subjects)
    names = sorted({g for _, gs in cells for g in gs})
    sentences = [(f"{n} vastaa toimenpiteestä.", n) for n in names]

    def kotoex_subject(text: str) -> str | None:
        def is_body(c: str) -> bool:
            b = parse_responsible(c, lexicon=lex)
            return len(b) == 1 and b[0].method != "none"
        return subject_body(text, is_body)

    def pm_subject(text: str) -> str | None:
        doc = nlp(text)
        spans = filter_spans([doc[s:e] for _, s, e in matcher(doc)])
        for sp in spans:
            if sp.start == 0 and sp.end < len(doc):
                return sp.text
        return None

    # C. a body recognised in any case form: the hand-written printed forms whose base form
    # the lexicon codes (not "other"); right if the code found is that of the base form
    coded = [(p, lex.classify(e)[0]) for p, e in EXTRA if lex.classify(e)[0] != "other"]
    code_of = {name: code for (name, code) in lex.entries.values()}

    def pm_code(text: str) -> str | None:
        got = pm_names(text)
        return code_of.get(got[-1]) if got else None

    for name, subj, code in (("kotoex subject_body", kotoex_subject, lambda p: lex.classify(p)[0]),
                             ("PhraseMatcher LOWER", pm_subject, pm_code)):
        res.setdefault(name, {})
        res[name]["subject_gold_names"] = (sum(subj(s) == n for s, n in sentences), len(names))
        res[name]["inflected_coded"] = (sum(code(p) == c for p, c in coded), len(coded))
    res["_rules_only_coded"] = (sum(LEX.classify(p)[0] == c for p, c in coded), len(coded))
    res["_build_s"] = build
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--show-errors", action="store_true", help="print every wrong answer")
    ap.add_argument("--json", type=Path, default=None, help="write the results as JSON")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes (median)")
    args = ap.parse_args(argv)

    allcases, skipped = build_set()
    # unique (printed, expected) pairs; the gold is also scored per occurrence
    seen: set[tuple[str, str]] = set()
    cases: list[Case] = []
    for c in allcases:
        if (c.printed, c.expected) not in seen:
            seen.add((c.printed, c.expected))
            cases.append(c)
    gold_all = [c for c in allcases if c.source == "gold"]
    by_source: dict[str, list[Case]] = {}
    for c in dict.fromkeys(allcases):  # unique within a source
        by_source.setdefault(c.source, []).append(c)
    # sanity: the kotoex reference function agrees with the "current" method
    assert all(lemmatize_name(c.printed, lexicon=LEX) == run_method(LEX.lemmatize, c.printed) for c in cases)

    t0 = time.perf_counter()
    methods = build_methods()
    init = time.perf_counter() - t0

    subsets: dict[str, list[Case]] = {
        "all": cases,
        "gold": by_source.get("gold", []),
        "tests": by_source.get("tests", []),
        "extra": by_source.get("extra", []),
        "inflected": [c for c in cases if c.changes],
        "unchanged": [c for c in cases if not c.changes],
    }
    results: dict[str, dict] = {}
    for name, fn in methods.items():
        # warm-up (loads data; simplemma reads its dictionary on first use)
        t = time.perf_counter()
        answers = {c: run_method(fn, c.printed) for c in dict.fromkeys(allcases)}
        first = time.perf_counter() - t
        times = []
        for _ in range(max(1, args.repeat)):
            t = time.perf_counter()
            for c in cases:
                run_method(fn, c.printed)
            times.append(time.perf_counter() - t)
        times.sort()
        per = times[len(times) // 2] / len(cases)
        ok = {c: answers[c] == c.expected for c in answers}
        row = {k: (sum(ok[c] for c in v), len(v)) for k, v in subsets.items()}
        row["gold_occurrences"] = (sum(ok[c] for c in gold_all), len(gold_all))
        results[name] = {
            "counts": row,
            "us_per_name_warm": per * 1e6,
            "first_pass_s": first,
            "errors": [(c.printed, c.expected, answers[c], c.source) for c in cases if not ok[c]],
        }

    cols = ["all", "inflected", "unchanged", "gold", "gold_occurrences", "tests", "extra"]
    print(f"cases: {len(cases)} unique ({len(allcases)} with repeats); gold bodies located "
          f"{len(gold_all)}, left out {len(skipped)}; method set-up {init:.2f}s")
    print("| method | " + " | ".join(cols) + " | µs/name | first pass s |")
    print("|---" * (len(cols) + 3) + "|")
    for name, r in results.items():
        cells = []
        for col in cols:
            k, n = r["counts"][col]
            cells.append(f"{100 * k / n:.1f}% ({k}/{n})" if n else "-")
        print(f"| {name} | " + " | ".join(cells) + f" | {r['us_per_name_warm']:.0f} | {r['first_pass_s']:.2f} |")
    missing = {"voikko", "simplemma"} - {m.split(">")[0].split("+")[0] for m in results}
    for m in sorted(missing):
        print(f"(skipped: {m} is not installed)")
    if skipped:
        print("\ngold bodies left out (renamed by the lexicon, not morphology):")
        for raw, name in sorted(set(skipped)):
            print(f"  {name!r} in {raw!r}")
    if args.show_errors:
        for name, r in results.items():
            print(f"\n## {name}: {len(r['errors'])} wrong")
            for printed, exp, got, src in r["errors"]:
                print(f"  [{src}] {printed!r}: expected {exp!r}, got {got!r}")
    pm = phrasematcher_eval() if CORPUS.is_dir() else None
    if pm is None:
        print("\n(skipped: spaCy PhraseMatcher comparison - spacy or the corpus is missing)")
    else:
        print(f"\nbody names in gold responsible cells read as free text (PhraseMatcher built in {pm['_build_s']:.2f}s):")
        print("| matcher | found (tp) | spurious (fp) | missed (fn) | precision | recall | ms/cell |")
        print("|---|---|---|---|---|---|---|")
        for k in ("kotoex parse_responsible", "PhraseMatcher LOWER"):
            r = pm[k]
            prec = r["tp"] / max(1, r["tp"] + r["fp"])
            rec = r["tp"] / max(1, r["tp"] + r["fn"])
            print(f"| {k} | {r['tp']} | {r['fp']} | {r['fn']} | {100 * prec:.1f}% | {100 * rec:.1f}% | {r['ms_per_cell']:.2f} |")
        print("\n| detector | subject of '<gold body> vastaa toimenpiteestä.' | hand-written forms coded right |")
        print("|---|---|---|")
        for k, k2 in (("kotoex subject_body", "kotoex classify"), ("PhraseMatcher LOWER", "PhraseMatcher LOWER")):
            a, b = pm[k]["subject_gold_names"], pm[k]["inflected_coded"]
            print(f"| {k} / {k2} | {a[0]}/{a[1]} | {b[0]}/{b[1]} |")
        rc = pm["_rules_only_coded"]
        print(f"| (kotoex classify, case-ending stripper only) | | {rc[0]}/{rc[1]} |")
        results["_phrasematcher"] = pm
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
