"""Responsible-body cells (vastuutaho / ansvarig) → canonical bodies with codes.

A cell such as ::

    "Hyvinvointitoimialan neuvolatoiminta yhteistyössä sivistystoimialan päivähoidon kanssa"

becomes::

    [BodyMatch("Hyvinvointitoimialan neuvolatoiminta", "mun.social_health", "lead", ...),
     BodyMatch("Sivistystoimialan päivähoito",         "mun.education",     "partner", ...)]

Steps (:func:`parse_responsible`):

1. roles – ``X yhteistyössä/yhdessä Y:n kanssa``, ``X i samarbete med/tillsammans
   med Y`` → X lead, Y partner; a separate partners cell (or the right side of
   ``"LEAD | PARTNERS"``) → partners; ``Label:`` prefixes (``Tiedonkeruu:``) are
   stripped and may set a role (``data/body_syntax.json``);
2. splitting – on commas, ``;``, ``/``, line breaks and conjunctions (``ja``,
   ``sekä``, ``och``, ``samt``) except after a word ending in ``-`` (``Sosiaali- ja
   terveystoimi``) or inside a name with a detached compound tail (``Tukea ja
   tekoja -verkosto``), and between two complete body names with no separator
   (``sivistystoimiala hyvinvointitoimiala``);
3. base form – parentheticals dropped, the head (last) word lemmatised to the
   nominative by a small Finnish case-ending stripper that only accepts a
   result ending in a known head noun (``Hyvinvointitoimialan`` →
   ``Hyvinvointitoimiala``, ``Oy:n`` → ``Oy``); a head word the stripper cannot
   resolve goes to Voikko when libvoikko + voikko-fi are installed (optional:
   ``vastuutahona`` → ``vastuutaho``, ``järjestöille`` → ``järjestöt``), which also
   lemmatises adjectives agreeing with the head (``teknisen viraston`` →
   ``tekninen virasto``); see benchmarks/MORPHOLOGY.md; lexicon names win;
4. code – :meth:`Lexicon.classify`: lexicon (exact, then lemmatised), head-noun
   rules, then rapidfuzz against the lexicon; nothing → ``other``/``none``.

Data (all user-extensible through ``Lexicon.load(extra_files=...)``):
``data/bodies.jsonl`` (lexicon), ``data/body_rules.jsonl`` (rules),
``data/body_syntax.json`` (separators, markers, labels, lemmatiser endings).
"""

from __future__ import annotations

import csv
import importlib.util
import os
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from .morphology import weak_grade
from .vocab import contract_codes, data_path, fold, iter_jsonl, read_json, squash_ws

__all__ = [
    "BODY_CODES",
    "BodyMatch",
    "BodySettings",
    "Lexicon",
    "parse_responsible",
    "lemmatize_name",
    "morphology_backend",
]

# the body codes of the contract (models.BodyCode, exported to models/document.schema.json)
BODY_CODES: tuple[str, ...] = contract_codes("BodyCode")

_EDGE = " \t.,;:–—-*•·\"'”“»«"
_PAREN = re.compile(r"\s*\([^()]*\)")
_UNCLOSED_PAREN = re.compile(r"\s*\([^()]*$")
_WORD_STRIP = ".,;:!?\"'”“»«()[]"


@dataclass(frozen=True)
class BodyMatch:
    """One responsible body.

    name:   canonical base form (nominative, normal spelling, first letter capitalised)
    code:   body code of OUTPUT_SCHEMA.md (``"other"`` if nothing matched)
    role:   ``"lead"`` | ``"partner"``
    method: ``"exact"`` | ``"lemma"`` | ``"rule"`` | ``"fuzzy"`` | ``"none"``
    score:  rapidfuzz ratio for fuzzy matches, else ``None``
    """

    name: str
    code: str
    role: str
    method: str
    score: float | None


@dataclass
class BodySettings:
    """Tunables of body matching."""

    fuzzy_cutoff: float = 90.0


@dataclass(frozen=True)
class _Rule:
    code: str
    head: frozenset[str] = frozenset()
    head_suffix: tuple[str, ...] = ()
    head_prefix: tuple[str, ...] = ()
    token: frozenset[str] = frozenset()
    regex: re.Pattern[str] | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any], source: str) -> "_Rule":
        code = row.get("code")
        if code not in BODY_CODES:
            raise ValueError(f"{source}: unknown body code {code!r} in rule {row}")

        def words(key: str) -> list[str]:
            v = row.get(key) or []
            return [fold(x) for x in ([v] if isinstance(v, str) else v)]

        rx = row.get("regex")
        rule = cls(
            code=code,
            head=frozenset(words("head")),
            head_suffix=tuple(words("head_suffix")),
            head_prefix=tuple(words("head_prefix")),
            token=frozenset(words("token")),
            regex=re.compile(rx) if rx else None,
        )
        if not (rule.head or rule.head_suffix or rule.head_prefix or rule.token or rule.regex):
            raise ValueError(f"{source}: rule without a condition: {row}")
        return rule

    def matches(self, folded_name: str, tokens: list[str]) -> bool:
        head = tokens[-1] if tokens else ""
        if self.head and head not in self.head:
            return False
        if self.head_suffix and not head.endswith(self.head_suffix):
            return False
        if self.head_prefix and not head.startswith(self.head_prefix):
            return False
        if self.token and not any(t in self.token for t in tokens):
            return False
        if self.regex is not None and not self.regex.search(folded_name):
            return False
        return True

    def head_nouns(self) -> list[str]:
        return [*self.head, *self.head_suffix]


@dataclass(frozen=True)
class _Resolved:
    name: str
    code: str
    method: str
    score: float | None


def _tokens(folded: str) -> list[str]:
    return [t.strip(_WORD_STRIP) for t in folded.split() if t.strip(_WORD_STRIP)]


def _capitalise(name: str) -> str:
    return name[:1].upper() + name[1:] if name else name


@dataclass
class Lexicon:
    """Body lexicon, head-noun rules, cell syntax and lemmatiser settings."""

    entries: dict[str, tuple[str, str]] = field(default_factory=dict)  # lower name/alias -> (canonical, code)
    rules: list[_Rule] = field(default_factory=list)
    syntax: dict[str, Any] = field(default_factory=dict)
    municipalities: frozenset[str] = frozenset()  # folded municipality names (fi, sv)
    use_morphology: bool = True  # ask Voikko (if installed) about head words the stripper cannot resolve

    _folded: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)
    _choices: list[str] = field(default_factory=list, repr=False)
    _heads: tuple[str, ...] = field(default=(), repr=False)
    _cache: dict[tuple[str, float, bool], _Resolved] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._folded = {}
        for key, val in self.entries.items():
            self._folded.setdefault(fold(key), val)
        self._choices = list(self._folded)
        heads: set[str] = set()
        for key in self._folded:
            toks = key.split()
            if toks:
                heads.add(toks[-1])
        for rule in self.rules:
            heads.update(rule.head_nouns())
        heads.update(fold(h) for h in self.syntax.get("extra_heads", []))
        heads.discard("")
        self._heads = tuple(sorted(heads, key=len, reverse=True))
        self._cache = {}

    # -- loading ------------------------------------------------------------
    @classmethod
    def load(cls, extra_files: list[Path] | tuple[Path, ...] = (), *, use_morphology: bool = True) -> "Lexicon":
        """Packaged data plus user files (``--lexicon``).

        Each extra file is JSONL; a line with ``"name"`` is a lexicon entry
        (``{"name", "code", "aliases"}``), a line with any rule key (``head``,
        ``head_suffix``, ``head_prefix``, ``token``, ``regex``) is a rule.  User
        entries override packaged ones; user rules are tried before packaged rules.
        """
        entries: dict[str, tuple[str, str]] = {}
        user_rules: list[_Rule] = []

        def add_entry(row: dict[str, Any], source: str) -> None:
            name, code = row.get("name"), row.get("code")
            if not name or code not in BODY_CODES:
                raise ValueError(f"{source}: lexicon rows need 'name' and a known 'code': {row}")
            for variant in (name, *row.get("aliases", [])):
                entries[squash_ws(variant).lower()] = (name, code)

        for row in iter_jsonl(data_path("bodies.jsonl")):
            add_entry(row, "bodies.jsonl")
        for path in extra_files:
            for row in iter_jsonl(path):
                if "name" in row:
                    add_entry(row, str(path))
                else:
                    user_rules.append(_Rule.from_row(row, str(path)))
        rules = user_rules + [
            _Rule.from_row(row, "body_rules.jsonl") for row in iter_jsonl(data_path("body_rules.jsonl"))
        ]
        syntax = read_json(data_path("body_syntax.json"))
        return cls(entries=entries, rules=rules, syntax=syntax, municipalities=_load_municipalities(),
                   use_morphology=use_morphology)

    # -- lemmatiser ---------------------------------------------------------
    def _is_head(self, folded_word: str) -> bool:
        return folded_word.endswith(self._heads)

    def is_head_word(self, word: str) -> bool:
        """True if ``word`` ends in a known head noun (``toimiala``, ``palvelut``, ``verkosto`` …)."""
        return self._is_head(fold(word.strip(_WORD_STRIP)))

    def _morphology(self) -> "_VoikkoMorphology | None":
        return _voikko_morphology() if self.use_morphology else None

    def _lemma_head(self, word: str, morphology: bool = True) -> tuple[str, dict[str, str] | None]:
        """Base form of a head word and Voikko's analysis of it (None if the stripper decided).

        The case-ending stripper goes first; Voikko is asked only about a word the stripper
        leaves unchanged that does not end in a known head noun, or to confirm the
        stripper's answer (its analysis is then used for agreeing attributes).
        """
        cur = self.lemmatize_word(word)
        morph = self._morphology() if morphology else None
        if morph is None:
            return cur, None
        sure = cur != word or self._is_head(fold(word.strip(_WORD_STRIP)))
        hit = morph.lemma_word(word)
        if hit is None or (sure and hit[0] != cur):
            return cur, None
        return hit

    def lemmatize_word(self, word: str) -> str:
        """Nominative of one (head) word, or the word unchanged if no known head noun results.

        ``"toimialan"`` → ``"toimiala"``, ``"seurakunnan"`` → ``"seurakunta"``,
        ``"yhdistysten"`` → ``"yhdistykset"``, ``"Oy:n"`` → ``"Oy"``.
        """
        m = re.match(self.syntax.get("colon_case", r"^(?P<stem>.+?):n$"), word)
        if m:
            return m.group("stem")
        fw = fold(word)
        if len(fw) < 3 or self._is_head(fw):
            return word
        candidates: list[str] = []
        for ending in self.syntax.get("locative_endings", []):
            fe = fold(ending)
            if fw.endswith(fe) and len(fw) > len(fe) + 2:
                candidates.append(word[: -len(fe)] + "n")  # → genitive, then as below
        candidates.append(word)
        for form in candidates:
            ff = fold(form)
            for ending, repl in self.syntax.get("lemma_endings", []):
                fe = fold(ending)
                if ff.endswith(fe) and len(ff) > len(fe) + 1:
                    cand = form[: -len(fe)] + repl
                    if self._is_head(fold(cand)):
                        return cand
        return word

    def lemmatize(self, name: str, *, morphology: bool = True) -> str:
        """Base form of a name: the head (last) word, and with Voikko the adjectives agreeing with it.

        ``morphology=False``: the case-ending stripper alone.
        """
        toks = name.split()
        if not toks:
            return name
        toks[-1], analysis = self._lemma_head(toks[-1], morphology)
        morph = self._morphology() if morphology else None
        if analysis is not None and morph is not None:
            morph.agree(toks, analysis)
        return " ".join(toks)

    def is_nominative(self, name: str) -> bool:
        """True if the head word of ``name`` is already a base form."""
        toks = name.split()
        return bool(toks) and self._lemma_head(toks[-1])[0] == toks[-1]

    # -- classification -----------------------------------------------------
    def _rule_code(self, name: str) -> str | None:
        fn = fold(name)
        toks = _tokens(fn)
        if not toks:
            return None
        if fn.strip(_WORD_STRIP) in self.municipalities:
            return "mun.all"
        head_ok = self._is_head(toks[-1])
        for rule in self.rules:
            # a prefix alone ("maahanmuutto…") only says something about a word that
            # ends in a known head noun: "Maahanmuuttopalvelut" yes, "Kotoutumisen" no
            if rule.head_prefix and not rule.head_suffix and not head_ok:
                continue
            if rule.matches(fn, toks):
                return rule.code
        return None

    def _fuzzy(self, name: str, cutoff: float) -> tuple[str, str, float] | None:
        fn = fold(name)
        if len(fn) < 5:
            return None
        hit = process.extractOne(fn, self._choices, scorer=fuzz.ratio, score_cutoff=cutoff)
        if hit is None:
            return None
        canonical, code = self._folded[hit[0]]
        return canonical, code, float(hit[1])

    def resolve(self, name: str, cutoff: float = 90.0, *, morphology: bool = True) -> _Resolved:
        """Canonical name, code, method and score of one body name (any case form).

        ``morphology=False`` lemmatises with the case-ending stripper alone (used for the
        genitive modifiers of a longer name: "Asuntojen omistajatahot" is no housing body).
        """
        key = (name, cutoff, morphology)
        if key in self._cache:
            return self._cache[key]
        res = self._resolve(name, cutoff, morphology)
        self._cache[key] = res
        return res

    def _resolve(self, name: str, cutoff: float, morphology: bool = True) -> _Resolved:
        text = _clean_name(name, self.syntax)
        if not text:
            return _Resolved("", "other", "none", None)
        hit = self.entries.get(text.lower())
        if hit:
            return _Resolved(hit[0], hit[1], "exact", None)
        base = self.lemmatize(text, morphology=morphology)
        hit = self.entries.get(base.lower())
        if hit:
            return _Resolved(hit[0], hit[1], "lemma", None)
        hit = self._folded.get(fold(base))
        if hit:  # only diacritics differ (OCR lost ä/ö)
            return _Resolved(hit[0], hit[1], "fuzzy", 100.0)
        rule_code = self._rule_code(base)
        fz = self._fuzzy(base, cutoff)
        if rule_code is not None:
            if fz is not None and fz[1] == rule_code:
                return _Resolved(fz[0], fz[1], "fuzzy", fz[2])
            return _Resolved(_capitalise(base), rule_code, "rule", None)
        if fz is not None:
            return _Resolved(fz[0], fz[1], "fuzzy", fz[2])
        return _Resolved(_capitalise(base), "other", "none", None)

    def classify(self, name: str, cutoff: float = 90.0) -> tuple[str, str, float | None]:
        """``(code, method, score)`` of a body name; ``("other", "none", None)`` if unknown."""
        r = self.resolve(name, cutoff)
        return r.code, r.method, r.score


@lru_cache(maxsize=1)
def _load_municipalities() -> frozenset[str]:
    """Folded Finnish and Swedish municipality names (a municipality alone means the whole city)."""
    path = data_path("municipalities.csv")
    names: set[str] = set()
    if path.exists():
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                for col in ("name_fi", "name_sv"):
                    if row.get(col):
                        names.add(fold(row[col].strip()))
    return frozenset(names)


@lru_cache(maxsize=1)
def _default_lexicon() -> Lexicon:
    return Lexicon.load()


# ---------------------------------------------------------------------------
# optional morphology: Voikko (libvoikko + voikko-fi)

# cases a body name stands in inside a cell or a sentence; not the partitive ("Novia" is
# no plural of "nova"), instructive, comitative or abessive
_VOIKKO_CASES = ("omanto", "olento", "tulento", "sisaolento", "sisaeronto", "sisatulento",
                 "ulkoolento", "ulkoeronto", "ulkotulento")
_VOIKKO_NOUNS = ("nimisana", "nimi", "etunimi", "sukunimi", "paikannimi", "lyhenne",
                 "nimisana_laatusana", "laatusana")
_VOIKKO_ATTRS = ("laatusana", "lukusana")
_VOIKKO_NOUN_READINGS = ("nimisana", "nimisana_laatusana", "nimi", "etunimi", "sukunimi", "paikannimi")


def _restore_spelling(word: str, base: str) -> str:
    """``base`` spelt like ``word`` where they agree (capitals, hyphenated prefix)."""
    k = 0
    while k < min(len(word), len(base)) and word[k].lower() == base[k].lower():
        k += 1
    return word[:k] + base[k:]


class _VoikkoMorphology:
    """Head-word lemmas from Voikko; measured in benchmarks/morphology.py ("current>voikko+agr")."""

    def __init__(self, voikko: Any) -> None:
        self._v = voikko
        self._lock = threading.Lock()
        self._cache: dict[str, list[dict[str, str]]] = {}

    def analyze(self, word: str) -> list[dict[str, str]]:
        hit = self._cache.get(word)
        if hit is None:
            with self._lock:
                hit = list(self._v.analyze(word))
            self._cache[word] = hit
        return hit

    def _plural(self, base: str) -> str:
        """Nominative plural of ``base``: rule-made candidates that Voikko confirms."""
        cands = [base + "t"]
        if base.endswith("nen"):
            cands.append(base[:-3] + "set")
        if base.endswith("s"):
            cands += [base[:-1] + "kset", base[:-1] + "det", base[:-1] + "ret"]
        if base.endswith("e"):
            cands.append(base + "et")
        if base.endswith(("in", "en", "an", "än")):
            cands += [base[:-1] + "met", base[:-2] + "imet"]
        weak = weak_grade(base)
        if weak != base:
            cands.append(weak + "t")
        for cand in cands:
            for a in self.analyze(cand):
                if a.get("SIJAMUOTO") == "nimento" and a.get("NUMBER") == "plural" \
                        and a.get("BASEFORM", "").lower() == base.lower():
                    return cand
        return base

    def _choose(self, word: str) -> tuple[str, dict[str, str] | None] | None:
        analyses = self.analyze(word)
        if not analyses:
            return None
        if any(a.get("SIJAMUOTO") == "nimento" for a in analyses):
            return word, None
        nouns = [a for a in analyses if a.get("CLASS") in _VOIKKO_NOUNS and a.get("SIJAMUOTO") in _VOIKKO_CASES]
        if not nouns:
            return word, None
        a = min(nouns, key=lambda x: _VOIKKO_NOUNS.index(x["CLASS"]))
        base = a.get("BASEFORM") or word
        if a.get("NUMBER") == "plural":
            base = self._plural(base)
        return _restore_spelling(word, base), a

    def lemma_word(self, word: str) -> tuple[str, dict[str, str] | None] | None:
        """(base form, analysis) of one word; None if Voikko does not know it."""
        hit = self._choose(word)
        if hit is not None:
            return hit
        if "-" in word.strip("-"):  # TE-toimiston, LY-verkoston
            head, _, tail = word.rpartition("-")
            hit = self._choose(tail)
            return (head + "-" + hit[0], hit[1]) if hit is not None else None
        if "å" in word.lower():  # Swedish
            return None
        for i in range(3, len(word) - 4):  # unknown compound: the longest known tail (5+ letters)
            tail = word[i:]
            if any(a.get("CLASS") == "nimisana" for a in self.analyze(tail)):
                hit = self._choose(tail)
                if hit is not None:
                    return word[:i] + hit[0], hit[1]
        return None

    def agree(self, toks: list[str], analysis: dict[str, str]) -> None:
        """Lemmatise adjectives/participles before the head in its case and number, in place.

        A word with a noun reading ("nuorten", "vastaavan") may be a genitive modifier and stops.
        """
        case, num = analysis.get("SIJAMUOTO"), analysis.get("NUMBER")
        j = len(toks) - 2
        while j >= 0:
            analyses = self.analyze(toks[j])
            attrs = [a for a in analyses if a.get("CLASS") in _VOIKKO_ATTRS
                     and a.get("SIJAMUOTO") == case and a.get("NUMBER") == num]
            if not attrs or any(a.get("CLASS") in _VOIKKO_NOUN_READINGS for a in analyses):
                return
            base = attrs[0].get("BASEFORM") or toks[j]
            if num == "plural":
                base = self._plural(base)
            toks[j] = _restore_spelling(toks[j], base)
            j -= 1


def _import_libvoikko() -> Any:
    try:
        import libvoikko  # type: ignore[import-not-found]  # PyPI "libvoikko" or Debian's python3-libvoikko

        return libvoikko
    except ImportError:
        pass
    for folder in ("/usr/lib/python3/dist-packages", "/usr/local/lib/python3/dist-packages"):
        path = Path(folder) / "libvoikko.py"  # Debian's binding is one ctypes module
        if path.is_file():
            spec = importlib.util.spec_from_file_location("libvoikko", path)
            if spec is None or spec.loader is None:
                continue
            mod = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(mod)
            return mod
    return None


@lru_cache(maxsize=1)
def _voikko_morphology() -> _VoikkoMorphology | None:
    """Voikko with the Finnish dictionary, or None (not installed, or ``KOTOEX_MORPHOLOGY=none``)."""
    if os.environ.get("KOTOEX_MORPHOLOGY", "").lower() in ("none", "off", "0", "rules"):
        return None
    try:
        mod = _import_libvoikko()
        if mod is None:
            return None
        return _VoikkoMorphology(mod.Voikko("fi"))
    except Exception:  # libvoikko.so.1 or the voikko-fi dictionary missing
        return None


def morphology_backend() -> str:
    """``"voikko"`` if head words the stripper cannot resolve go to Voikko, else ``"rules"``."""
    return "voikko" if _voikko_morphology() is not None else "rules"


# ---------------------------------------------------------------------------
# cell syntax


def _fix_hyphens(text: str) -> str:
    """Undo line-break hyphens inside lower-case compounds.

    ``"maahanmuuttaja-yhdistykset"`` → ``"maahanmuuttajayhdistykset"``; kept where
    Finnish spelling needs the hyphen (same vowel meets: ``vapaa-aika``), next to
    capitals or digits (``TE-toimisto``, ``Keski-Suomen``) and after short
    abbreviations (``sote-``).
    """

    def repl(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        a, b = left[-1].lower(), right[0].lower()
        if a == b and a in "aeiouyäöå":
            return m.group(0)
        return left + right

    return re.sub(r"(?<![\w-])([a-zåäö]{5,})-([a-zåäö]\w*)", repl, text)


def _clean_name(name: str, syntax: dict[str, Any]) -> str:
    """Whitespace, parentheticals, edge punctuation, abbreviations, hyphenation."""
    text = squash_ws(name)
    text = _PAREN.sub("", text)
    text = _UNCLOSED_PAREN.sub("", text)
    toks = text.split()
    if toks:
        low = toks[-1].lower()
        for abbr, full in sorted(syntax.get("abbreviations", {}).items(), key=lambda kv: -len(kv[0])):
            if low.endswith(abbr) and len(low) > len(abbr) + 2:
                toks[-1] = toks[-1][: -len(abbr)] + full
                break
    text = " ".join(toks).strip(_EDGE)
    return _fix_hyphens(text)


def lemmatize_name(name: str, *, lexicon: Lexicon | None = None) -> str:
    """Base form of a body name as :func:`parse_responsible` would print it (no lexicon renaming)."""
    lex = lexicon or _default_lexicon()
    return _capitalise(lex.lemmatize(_clean_name(name, lex.syntax)))


class _CellParser:
    """Splits one cell into (name, role) pairs and resolves them."""

    def __init__(self, lex: Lexicon, settings: BodySettings) -> None:
        self.lex = lex
        self.cutoff = settings.fuzzy_cutoff
        syn = lex.syntax
        self.sep = re.compile(syn.get("separators", r",|;|/|\n"))
        conj = "|".join(re.escape(c) for c in syn.get("conjunctions", ["ja", "och"]))
        self.conj_cap = re.compile(rf"((?<!-)\s+(?:{conj})\s+(?!-))", re.IGNORECASE)
        self.markers = [re.compile(m["regex"], re.IGNORECASE) for m in syn.get("partner_markers", [])]
        self.labels: dict[str, str | None] = {
            fold(k): v for k, v in syn.get("labels", {}).items() if not k.startswith("_")
        }
        self.designators = {fold(d) for d in syn.get("designators", [])}

    # -- helpers ------------------------------------------------------------
    def known(self, name: str) -> bool:
        return self.lex.resolve(name, self.cutoff).method != "none"

    def _prepare(self, text: str) -> str:
        # hyphenated line breaks: "Sosiaali-\nja terveystoimi" keeps the hyphen, "Maahanmuuttaja-\nneuvosto" joins
        text = re.sub(r"(\w)-[ \t]*\n\s*(?=(?:ja|och|sekä|samt)\b)", r"\1- ", text)
        text = re.sub(r"([a-zåäö])-[ \t]*\n\s*([a-zåäö])", r"\1-\2", text)
        text = re.sub(r"(\w)-[ \t]*\n\s*", r"\1-", text)
        # other line breaks: a space; names run together are split later
        text = re.sub(r"\s*\n\s*", " ", text)
        text = _PAREN.sub("", text)
        return squash_ws(text).strip(" .;,")

    def _strip_label(self, seg: str, role: str) -> tuple[str, str]:
        m = re.match(r"^\s*([^\W\d_][\w-]*)\s*:\s+(?=\S)", seg)
        if m:
            label = fold(m.group(1))
            if label in self.labels:
                return seg[m.end():], self.labels[label] or role
            if not self.known(m.group(1)):
                return seg[m.end():], role
        return seg, role

    def split_roles(self, text: str, role: str) -> list[tuple[str, str]]:
        """Partner clauses: ``X yhteistyössä Y:n kanssa`` → [(X, role), (Y, partner)]."""
        for rx in self.markers:
            m = rx.search(text)
            if m:
                before = text[: m.start()].strip(" ,;")
                partners = m.group("partners").strip(" ,;")
                rest = (m.groupdict().get("rest") or "").strip(" ,;.")
                out: list[tuple[str, str]] = []
                if before:
                    out.append((before, role))
                if partners:
                    out.append((partners, "partner"))
                if rest:
                    out.extend(self.split_roles(rest, role))
                return out
        return [(text, role)]

    def split_names(self, text: str) -> list[str]:
        """Separators and conjunctions; conjunctions are kept inside ``X ja Y -tail`` names."""
        out: list[str] = []
        for piece in self.sep.split(text):
            piece = piece.strip()
            if not piece:
                continue
            if re.search(r"\s-\w", piece):  # "Tukea ja tekoja -verkosto"
                out.append(piece)
            else:
                out.extend(self._split_conjunctions(piece))
        return out

    def _split_conjunctions(self, piece: str) -> list[str]:
        """Split on conjunctions, but re-join "kasvatuksen ja koulutuksen toimiala":
        a genitive-only left side coordinated with a nominative name modifies it."""
        bits = self.conj_cap.split(piece)
        out: list[str] = [bits[0]]
        for sep, part in zip(bits[1::2], bits[2::2]):
            left = out[-1]
            if left.strip() and not left.endswith("-") and not self.lex.is_nominative(left) \
                    and self.lex.is_nominative(part):
                out[-1] = left + sep + part
            else:
                out.append(part)
        return [p for p in out if p.strip()]

    def _complete(self, toks: list[str]) -> bool:
        """A nominative, known body name that may stand before another one without a separator."""
        name = " ".join(toks)
        if toks[-1].endswith("-") or not self.lex.is_nominative(name):
            return False
        if fold(name) in self.lex.municipalities:
            return False
        return self.known(name)

    def _split_run_together(self, toks: list[str]) -> list[list[str]] | None:
        """Split "sivistystoimiala hyvinvointitoimiala" into known names; None if impossible."""
        n = len(toks)
        for i in range(1, n):
            left, right = toks[:i], toks[i:]
            if right[0].startswith("-") or fold(right[0].strip(_WORD_STRIP)) in self.designators:
                continue
            if not self._complete(left):
                continue
            if fold(" ".join(right).strip(_WORD_STRIP)) in self.lex.municipalities:
                continue  # "International House Helsinki": a place name completes the name
            if self.known(" ".join(right)):
                rest = self._split_run_together(right) or [right]
                return [left, *rest]
            rest = self._split_run_together(right)
            if rest:
                return [left, *rest]
        return None

    def names_in_segment(self, seg: str) -> list[str]:
        toks = seg.split()
        if not toks:
            return []
        whole = " ".join(toks)
        r = self.lex.resolve(whole, self.cutoff)
        if r.method in ("exact", "lemma"):
            return [whole]
        parts = self._split_run_together(toks) if len(toks) > 1 else None
        if parts:
            return [" ".join(p) for p in parts]
        return [whole]

    def resolve_with_tail(self, name: str) -> _Resolved:
        """Resolve a name that may carry extra words after a known body.

        * a known head noun at the end keeps the whole name, coded by its prefix:
          "Helsingin kaupungin kasvatuksen ja koulutuksen toimiala";

        * lower-case tail (a verb phrase or an activity):
          "Hyvinvointitoimiala koordinoi viranomaisyhteistyötä" → "Hyvinvointitoimiala",
          "Pohjanmaan liiton digituki" → "Pohjanmaan liitto";
        * capitalised tail after a nominative name (a proper name of the unit):
          "Maahanmuuttajatoimisto Verso" stays whole and takes the code of
          "Maahanmuuttajatoimisto".
        """
        r = self.lex.resolve(name, self.cutoff)
        if r.method != "none":
            return r
        toks = name.split()
        for j in range(len(toks) - 1, 0, -1):
            sub = " ".join(toks[:j])
            rs = self.lex.resolve(sub, self.cutoff, morphology=False)
            if rs.method == "none" or rs.code == "other":
                continue
            tail = toks[j]
            if tail[:1].isupper() and self.lex.is_nominative(sub):
                return _Resolved(r.name, rs.code, rs.method, rs.score)
            if self.lex.is_head_word(toks[-1]) and self.lex.is_nominative(name):
                # "… kasvatuksen ja koulutuksen toimiala": the whole is a body name
                return _Resolved(r.name, rs.code, rs.method, rs.score)
            return rs
        return r

    def parse(self, cell: str | None, role: str) -> list[BodyMatch]:
        if not cell or not cell.strip():
            return []
        text = self._prepare(cell)
        out: list[BodyMatch] = []
        for part, part_role in self.split_roles(text, role):
            for seg in self.split_names(part):
                seg, seg_role = self._strip_label(seg.strip(), part_role)
                seg = seg.strip(_EDGE)
                if not seg:
                    continue
                for name in self.names_in_segment(seg):
                    r = self.resolve_with_tail(name)
                    if not r.name:
                        continue
                    out.append(BodyMatch(r.name, r.code, seg_role, r.method, r.score))
        return out


def parse_responsible(
    raw: str | None,
    partners: str | None = None,
    *,
    lexicon: Lexicon | None = None,
    settings: BodySettings | None = None,
) -> list[BodyMatch]:
    """Bodies named in a responsible cell, with codes and roles.

    ``partners`` is a separate partners column (all its bodies are partners).  If
    it is not given and ``raw`` contains ``" | "`` (the gold format
    ``"LEAD CELL | PARTNERS CELL"``), the left side is the lead cell and the right
    side the partners cell.  Duplicates (same name and role) are dropped; order
    follows the cell.
    """
    lex = lexicon or _default_lexicon()
    parser = _CellParser(lex, settings or BodySettings())
    lead_cell = raw
    if partners is None and raw and " | " in raw:
        lead_cell, partners = raw.split(" | ", 1)
    bodies = parser.parse(lead_cell, "lead") + parser.parse(partners, "partner")
    seen: set[tuple[str, str]] = set()
    out: list[BodyMatch] = []
    for b in bodies:
        key = (b.name.lower(), b.role)
        if key in seen:
            continue
        seen.add(key)
        out.append(b)
    return out
