"""Body lexicon, kind-of-body rules and the head-word lemmatiser (see :mod:`.bodies`).

:class:`Lexicon` resolves one body name in any case form to a canonical name and a body code:
lexicon and gazetteers (exact, then lemmatised), kind-of-body rules, then rapidfuzz against the
lexicon. All vocabularies are data files under ``normalize/data/``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from .municipalities import lookup_municipality
from .morphology import VOWELS, VoikkoMorphology, finnish_forms, voikko_morphology
from .vocab import contract_codes, data_path, fold, iter_jsonl, read_json, squash_ws

__all__ = ["BODY_CODES", "Lexicon", "clean_name", "capitalise"]

# the body codes of the contract (models.BodyCode, exported to models/document.schema.json)
BODY_CODES: tuple[str, ...] = contract_codes("BodyCode")

EDGE = " \t.,;:–—-*•·\"'”“»«"
PAREN = re.compile(r"\s*\([^()]*\)")
_UNCLOSED_PAREN = re.compile(r"\s*\([^()]*$")
WORD_STRIP = ".,;:!?\"'”“»«()[]"


@dataclass(frozen=True)
class _Rule:
    code: str
    head: frozenset[str] = frozenset()
    head_suffix: tuple[str, ...] = ()
    head_prefix: tuple[str, ...] = ()
    token: frozenset[str] = frozenset()
    regex: re.Pattern[str] | None = None
    first: frozenset[str] = frozenset()
    first_suffix: tuple[str, ...] = ()
    exclude: re.Pattern[str] | None = None
    source: str = ""  # file and note, shown by `kotoex vocab`

    @classmethod
    def from_row(cls, row: dict[str, Any], source: str) -> "_Rule":
        code = row.get("code")
        if code not in BODY_CODES:
            raise ValueError(f"{source}: unknown body code {code!r} in rule {row}")

        def words(key: str) -> list[str]:
            v = row.get(key) or []
            return [fold(x) for x in ([v] if isinstance(v, str) else v)]

        rx, ex = row.get("regex"), row.get("exclude")
        rule = cls(
            code=code,
            head=frozenset(words("head")),
            head_suffix=tuple(words("head_suffix")),
            head_prefix=tuple(words("head_prefix")),
            token=frozenset(words("token")),
            regex=re.compile(rx) if rx else None,
            first=frozenset(words("first")),
            first_suffix=tuple(words("first_suffix")),
            exclude=re.compile(ex) if ex else None,
            source=f"{source}: " + (row.get("note") or ", ".join(
                f"{k}={row[k]}" for k in ("head", "head_suffix", "head_prefix", "token", "regex", "first", "first_suffix")
                if row.get(k)))[:120],
        )
        if not (rule.head or rule.head_suffix or rule.head_prefix or rule.token or rule.regex or rule.first
                or rule.first_suffix):
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
        first = tokens[0] if tokens else ""
        if self.first and first not in self.first:
            return False
        if self.first_suffix and not (len(tokens) > 1 and first.endswith(self.first_suffix)):
            return False
        if self.exclude is not None and self.exclude.search(folded_name):
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
    return [t.strip(WORD_STRIP) for t in folded.split() if t.strip(WORD_STRIP)]


def capitalise(name: str) -> str:
    return name[:1].upper() + name[1:] if name else name


@dataclass(frozen=True)
class _YearRule:
    """A name whose code changed on a date: ``code_from`` → ``code`` in documents of ``from_year`` or later
    (or before ``before_year``), e.g. TE-palvelut → the municipalities' employment areas on 1.1.2025."""

    code_from: str
    code: str
    regex: re.Pattern[str]
    from_year: int | None = None
    before_year: int | None = None

    def applies(self, folded_name: str, code: str, year: int | None) -> bool:
        if year is None or code != self.code_from or not self.regex.search(folded_name):
            return False
        if self.from_year is not None and year < self.from_year:
            return False
        return not (self.before_year is not None and year >= self.before_year)


@dataclass
class Lexicon:
    """Body lexicon, gazetteers, kind-of-body rules, cell syntax and lemmatiser settings."""

    entries: dict[str, tuple[str, str]] = field(default_factory=dict)  # lower name/alias -> (canonical, code)
    rules: list[_Rule] = field(default_factory=list)
    syntax: dict[str, Any] = field(default_factory=dict)
    municipalities: frozenset[str] = frozenset()  # folded municipality names (fi, sv)
    use_morphology: bool = True  # ask Voikko (if installed) about head words the stripper cannot resolve
    gazetteer: dict[str, tuple[str, str]] = field(default_factory=dict)  # register names (data/gazetteer_*.jsonl)
    year_rules: list[_YearRule] = field(default_factory=list)

    sources: dict[str, str] = field(default_factory=dict)  # lower name/alias -> file it came from
    _lookup: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)
    _folded: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)
    _forms: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)
    _unhyphenated: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)
    _choices: list[str] = field(default_factory=list, repr=False)
    _heads: tuple[str, ...] = field(default=(), repr=False)
    _cache: dict[tuple[str, float, bool], _Resolved] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._lookup = {**self.gazetteer, **self.entries}  # the hand lexicon and the user's files win
        self._folded = {}
        for key, val in self._lookup.items():
            self._folded.setdefault(fold(key), val)
        self._choices = list(self._folded)
        self._unhyphenated = {k.replace("-", " "): v for k, v in self._folded.items() if "-" in k}
        self._forms = _inflected_forms(self.gazetteer)
        heads: set[str] = set()
        for key in self.entries:  # not the register names: brand names are no head nouns
            toks = fold(key).split()
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

        Packaged: ``bodies.jsonl`` (hand lexicon), ``gazetteer_*.jsonl`` (public registers),
        ``body_rules.jsonl`` (kind-of-body rules), ``body_syntax.json`` (cell syntax, year rules).
        Each extra file is JSONL; a line with ``"name"`` is a lexicon entry
        (``{"name", "code", "aliases"}``), a line with any rule key (``head``, ``head_suffix``,
        ``head_prefix``, ``token``, ``regex``, ``first``, ``first_suffix``) is a rule.  User
        entries override packaged ones; user rules are tried before packaged rules.
        """
        entries: dict[str, tuple[str, str]] = {}
        gazetteer: dict[str, tuple[str, str]] = {}
        sources: dict[str, str] = {}
        user_rules: list[_Rule] = []

        def add_entry(target: dict[str, tuple[str, str]], row: dict[str, Any], source: str) -> None:
            name, code = row.get("name"), row.get("code")
            if not name or code not in BODY_CODES:
                raise ValueError(f"{source}: lexicon rows need 'name' and a known 'code': {row}")
            for variant in (name, *row.get("aliases", [])):
                target[squash_ws(variant).lower()] = (name, code)
                sources[squash_ws(variant).lower()] = source

        for path in sorted(data_path("").glob("gazetteer_*.jsonl")):
            for row in iter_jsonl(path):
                add_entry(gazetteer, row, path.name)
        for row in iter_jsonl(data_path("bodies.jsonl")):
            add_entry(entries, row, "bodies.jsonl")
        for path in extra_files:
            for row in iter_jsonl(path):
                if "name" in row:
                    add_entry(entries, row, str(path))
                else:
                    user_rules.append(_Rule.from_row(row, str(path)))
        rules = user_rules + [
            _Rule.from_row(row, "body_rules.jsonl") for row in iter_jsonl(data_path("body_rules.jsonl"))
        ]
        syntax = read_json(data_path("body_syntax.json"))
        year_rules = [_year_rule(row) for row in syntax.get("year_recodes", [])]
        return cls(entries=entries, rules=rules, syntax=syntax, municipalities=_load_municipalities(),
                   use_morphology=use_morphology, gazetteer=gazetteer, year_rules=year_rules, sources=sources)

    def kind_word_leads(self, name: str) -> bool:
        """True if a kind word before a proper name makes ``name`` one body ("Ammattiopisto Luovi",
        "Peruspalvelukuntayhtymä Kallio"): such a name is not split into two bodies."""
        toks = _tokens(fold(clean_name(name, self.syntax)))
        return len(toks) > 1 and any((r.first or r.first_suffix) and r.matches(" ".join(toks), toks) for r in self.rules)

    def is_place(self, name: str) -> bool:
        """True if ``name`` is only a municipality's name in some case, with or without "kaupunki"/"kunta"
        ("Kokkolan", "Lapuan kaupungin", "Vasa stad"): a place inside a longer name is no body."""
        text = squash_ws(name).strip(EDGE)
        return bool(text) and len(text.split()) <= 3 and lookup_municipality(text) is not None

    def code_in_year(self, name: str, code: str, year: int | None) -> str:
        """The code of a resolved body in a document of ``year`` (``year_recodes`` of body_syntax.json)."""
        fn = fold(name)
        for rule in self.year_rules:
            if rule.applies(fn, code, year):
                return rule.code
        return code

    # -- lemmatiser ---------------------------------------------------------
    def _is_head(self, folded_word: str) -> bool:
        return folded_word.endswith(self._heads)

    def is_head_word(self, word: str) -> bool:
        """True if ``word`` ends in a known head noun (``toimiala``, ``palvelut``, ``verkosto`` …)."""
        return self._is_head(fold(word.strip(WORD_STRIP)))

    def _morphology(self) -> "VoikkoMorphology | None":
        return voikko_morphology() if self.use_morphology else None

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
        sure = cur != word or self._is_head(fold(word.strip(WORD_STRIP)))
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
        hit = self.rule_match(name)
        return hit[0] if hit else None

    def rule_match(self, name: str) -> tuple[str, str] | None:
        """(code, the rule's source and note) of the first kind-of-body rule that matches ``name``."""
        fn = fold(name)
        toks = _tokens(fn)
        if not toks:
            return None
        if fn.strip(WORD_STRIP) in self.municipalities:
            return "mun.all", "municipalities.csv: the municipality itself"
        if len(toks) > 2 and toks[-2] in ("i", "pa") and toks[-1] in self.municipalities:
            toks = toks[:-2]  # Swedish "Bildningssektorn i Korsholm": the unit comes first
            fn = " ".join(toks)
        lead = self._first_element(toks)
        rule = self._rules_on(" ".join(lead), lead) if lead is not None else None  # the first element leads
        rule = rule or self._rules_on(fn, toks)
        return (rule.code, rule.source) if rule else None

    def _first_element(self, toks: list[str]) -> list[str] | None:
        """``[…, "sivistys-", "ja", "kulttuuripalvelut"]`` → ``[…, "sivistyskulttuuripalvelut"]``."""
        conj = {fold(c) for c in self.syntax.get("conjunctions", ["ja", "och"])}
        n = len(toks)
        if n >= 3 and toks[-3].endswith("-") and len(toks[-3]) > 2 and toks[-2] in conj:
            return toks[:-3] + [toks[-3][:-1] + toks[-1]]
        return None

    def _rules_on(self, fn: str, toks: list[str]) -> _Rule | None:
        head_ok = self._is_head(toks[-1])
        for rule in self.rules:
            # a prefix alone ("maahanmuutto…") only says something about a word that
            # ends in a known head noun: "Maahanmuuttopalvelut" yes, "Kotoutumisen" no
            if rule.head_prefix and not rule.head_suffix and not head_ok:
                continue
            if rule.matches(fn, toks):
                return rule
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
        text = clean_name(name, self.syntax)
        if not text:
            return _Resolved("", "other", "none", None)
        hit = self._lookup.get(text.lower())
        if hit:
            return _Resolved(hit[0], hit[1], "exact", None)
        hit = self._forms.get(fold(text))  # an inflected register name: "Satakuntaliiton", "Eksoten"
        if hit:
            return _Resolved(hit[0], hit[1], "lemma", None)
        base = self.lemmatize(text, morphology=morphology)
        hit = self._lookup.get(base.lower())
        if hit:
            return _Resolved(hit[0], hit[1], "lemma", None)
        hit = self._folded.get(fold(base)) or self._unhyphenated.get(fold(base).replace("-", " "))
        if hit:  # only diacritics or a hyphen differ (OCR or the text layer lost ä/ö, "TE byrån")
            return _Resolved(hit[0], hit[1], "fuzzy", 100.0)
        rule_code = self._rule_code(base)
        fz = self._fuzzy(base, cutoff)
        if rule_code is not None:
            if fz is not None and fz[1] == rule_code:
                return _Resolved(fz[0], fz[1], "fuzzy", fz[2])
            return _Resolved(capitalise(base), rule_code, "rule", None)
        if fz is not None:
            return _Resolved(fz[0], fz[1], "fuzzy", fz[2])
        return _Resolved(capitalise(base), "other", "none", None)

    def classify(self, name: str, cutoff: float = 90.0) -> tuple[str, str, float | None]:
        """``(code, method, score)`` of a body name; ``("other", "none", None)`` if unknown."""
        r = self.resolve(name, cutoff)
        return r.code, r.method, r.score


def _year_rule(row: dict[str, Any]) -> _YearRule:
    for key in ("code_from", "code"):
        if row.get(key) not in BODY_CODES:
            raise ValueError(f"body_syntax.json year_recodes: unknown body code in {row}")
    return _YearRule(code_from=row["code_from"], code=row["code"], regex=re.compile(row["regex"]),
                     from_year=row.get("from_year"), before_year=row.get("before_year"))


def _inflected_forms(names: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """Folded Finnish case forms of register names ("satakuntaliiton", "eksotelle", "kelan")."""
    out: dict[str, tuple[str, str]] = {}
    for key, val in names.items():
        if len(key) < 4 or key[-1:] not in VOWELS or "å" in key:
            continue
        for form in finnish_forms(key):
            out.setdefault(fold(form), val)
    return out


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


def clean_name(name: str, syntax: dict[str, Any]) -> str:
    """Whitespace, parentheticals, edge punctuation, abbreviations, hyphenation."""
    text = squash_ws(name)
    text = PAREN.sub("", text)
    text = _UNCLOSED_PAREN.sub("", text)
    toks = text.split()
    if toks:
        low = toks[-1].lower()
        for abbr, full in sorted(syntax.get("abbreviations", {}).items(), key=lambda kv: -len(kv[0])):
            if low.endswith(abbr) and len(low) > len(abbr) + 2:
                toks[-1] = toks[-1][: -len(abbr)] + full
                break
    text = " ".join(toks).strip(EDGE)
    return _fix_hyphens(text)
