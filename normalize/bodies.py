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

import re
from dataclasses import dataclass

from kotoex.extract.text import join_hyphenated

from .body_lexicon import (
    BODY_CODES, EDGE, PAREN, WORD_STRIP, Lexicon, _default_lexicon, _Resolved, capitalise, clean_name,
)
from .morphology import morphology_backend
from .vocab import fold, squash_ws

__all__ = [
    "BODY_CODES",
    "BodyMatch",
    "BodySettings",
    "Lexicon",
    "parse_responsible",
    "lemmatize_name",
    "morphology_backend",
    "Suggestion",
    "suggest_code",
]

# names kept for callers of the former single module (benchmarks/morphology.py)
_clean_name, _capitalise = clean_name, capitalise


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



def lemmatize_name(name: str, *, lexicon: Lexicon | None = None) -> str:
    """Base form of a body name as :func:`parse_responsible` would print it (no lexicon renaming)."""
    lex = lexicon or _default_lexicon()
    return capitalise(lex.lemmatize(clean_name(name, lex.syntax)))


class _CellParser:
    """Splits one cell into (name, role) pairs and resolves them."""

    def __init__(self, lex: Lexicon, settings: BodySettings, year: int | None = None) -> None:
        self.lex = lex
        self.year = year
        self.cutoff = settings.fuzzy_cutoff
        syn = lex.syntax
        self.sep = re.compile(syn.get("separators", r",|;|/|\n"))
        self.conjunctions = {fold(c) for c in syn.get("conjunctions", ["ja", "och"])}
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
        # hyphenated line breaks as the cell text joins them: "Sosiaali-\nja terveystoimi" keeps the
        # hyphen, "Maahanmuuttaja-\nneuvosto" joins, "TE-\ntoimisto" keeps it
        lines: list[str] = []
        for ln in (x.strip() for x in text.split("\n")):
            if lines and lines[-1].endswith("-") and ln:
                lines[-1] = join_hyphenated(lines[-1], ln)
            elif ln:
                lines.append(ln)
        text = "\n".join(lines)
        # other line breaks: a separator where every line is a complete body name, else a space
        # (names run together are split later)
        if len(lines) > 1 and all(self._line_is_body(ln) for ln in lines):
            text = "; ".join(lines)
        text = re.sub(r"\s*\n\s*", " ", text)
        text = PAREN.sub("", text)
        # a dash after a place in the genitive is a stray mark (a scanned rule): "Espoon — työväenopisto"
        text = re.sub(r"(\S+)\s[–—]\s", lambda m: m.group(1) + " " if self._genitive_place(m.group(1))
                      else m.group(0), text)
        return squash_ws(text).strip(" .;,")

    def _line_is_body(self, line: str) -> bool:
        """One line of a cell that is a whole body name by itself (not half of a name or a clause)."""
        line = line.strip(" .;,")
        toks = line.split()
        if not toks or toks[-1].endswith("-") or not toks[0][:1].isupper():
            return False
        if fold(toks[-1]) in self.conjunctions or any(rx.search(line) for rx in self.markers):
            return False
        for piece in self.sep.split(line):
            piece = piece.strip(EDGE)
            if not piece or not self.lex.is_nominative(piece) or self.lex.is_place(piece) \
                    or self.lex.resolve(piece, self.cutoff).method not in ("exact", "lemma", "rule"):
                return False
        return True

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

    def _legal_form_tail(self, toks: list[str]) -> bool:
        """``toks`` end in a legal form (ry, Oy) and are no body without it: a proper name's tail."""
        if len(toks) < 2 or fold(toks[-1].strip(WORD_STRIP)).split(":")[0] not in self.designators:
            return False
        stem = " ".join(toks[:-1])
        return self.lex.is_place(stem) or not self.known(stem)

    def _split_run_together(self, toks: list[str]) -> list[list[str]] | None:
        """Split "sivistystoimiala hyvinvointitoimiala" into known names; None if impossible."""
        n = len(toks)
        for i in range(1, n):
            left, right = toks[:i], toks[i:]
            first = fold(right[0].strip(WORD_STRIP)).split(":")[0]  # "Oy:n"
            if right[0].startswith("-") or first in self.designators:
                continue
            if i == 1 and self.lex.kind_word_leads(" ".join(toks[:2])):
                continue  # "Ammattiopisto Luovi": a kind word before a proper name
            if not self._complete(left):
                continue
            if fold(" ".join(right).strip(WORD_STRIP)) in self.lex.municipalities:
                continue  # "International House Helsinki": a place name completes the name
            if self._legal_form_tail(right):
                continue  # "Kuopion Setlementti Puijola ry": the legal form ends the one name
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
            if self.lex.is_place(sub):  # "Kokkolan Setlementti" is no part of the city
                continue
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

    def _genitive_place(self, word: str) -> bool:
        bare = word.strip(EDGE)  # an inflected form: not the name itself, ending in the genitive -n / -s
        return bare[-1:] in ("n", "s") and fold(bare) not in self.lex.municipalities and self.lex.is_place(bare)

    def parse(self, cell: str | None, role: str) -> list[BodyMatch]:
        if not cell or not cell.strip():
            return []
        text = self._prepare(cell)
        out: list[BodyMatch] = []
        for part, part_role in self.split_roles(text, role):
            for seg in self.split_names(part):
                seg, seg_role = self._strip_label(seg.strip(), part_role)
                seg = seg.strip(EDGE)
                if not seg:
                    continue
                for name in self.names_in_segment(seg):
                    r = self.resolve_with_tail(name)
                    if not r.name:
                        continue
                    code = self.lex.code_in_year(r.name, r.code, self.year)
                    out.append(BodyMatch(r.name, code, seg_role, r.method, r.score))
        return out


def parse_responsible(
    raw: str | None,
    partners: str | None = None,
    *,
    lexicon: Lexicon | None = None,
    settings: BodySettings | None = None,
    year: int | None = None,
) -> list[BodyMatch]:
    """Bodies named in a responsible cell, with codes and roles.

    ``partners`` is a separate partners column (all its bodies are partners).  If
    it is not given and ``raw`` contains ``" | "`` (the gold format
    ``"LEAD CELL | PARTNERS CELL"``), the left side is the lead cell and the right
    side the partners cell.  Duplicates (same name and role) are dropped; order
    follows the cell.  ``year`` is the document's year: names whose body changed on a date
    (TE-palvelut → the municipalities' employment areas on 1.1.2025) are coded for it
    (``year_recodes`` in ``data/body_syntax.json``); ``None`` keeps the register's code.
    """
    lex = lexicon or _default_lexicon()
    parser = _CellParser(lex, settings or BodySettings(), year)
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


@dataclass(frozen=True)
class Suggestion:
    """A code proposed for a body name that matched nothing, and what it rests on."""

    name: str  # canonical base form, as a lexicon line would hold it
    code: str
    basis: str  # the register file, the kind-of-body rule, or the similar known name behind the code


def suggest_code(name: str, *, lexicon: Lexicon | None = None, year: int | None = None,
                 loose_cutoff: float = 80.0) -> Suggestion | None:
    """A code for ``name`` from today's registers and rules, else from a similar known name or its
    head word; None if nothing points to one. Used by ``kotoex vocab`` to pre-fill lexicon lines."""
    lex = lexicon or _default_lexicon()
    parser = _CellParser(lex, BodySettings(), year)
    text = clean_name(name, lex.syntax)
    if not text:
        return None
    r = parser.resolve_with_tail(text)
    base = lex.lemmatize(text)
    basis = None
    if r.method in ("exact", "lemma"):
        basis = f"{lex.sources.get(r.name.lower(), 'lexicon')}: {r.name}"
    elif r.method == "rule":  # the rule of the whole name, or of the known name it starts with
        toks = base.split()
        hits = (lex.rule_match(" ".join(toks[:j])) for j in range(len(toks), 0, -1))
        basis = next((h[1] for h in hits if h and h[0] == r.code), "body_rules.jsonl")
    elif r.method == "fuzzy":
        basis = f"similar ({r.score:.0f}) to {r.name!r} ({lex.sources.get(r.name.lower(), 'lexicon')})"
    if basis is not None:
        name_out = r.name if r.method in ("exact", "lemma", "fuzzy") else capitalise(base)
        return Suggestion(name_out, lex.code_in_year(r.name, r.code, year), basis)
    loose = lex._fuzzy(base, loose_cutoff)
    if loose is not None:
        return Suggestion(capitalise(base), loose[1], f"similar ({loose[2]:.0f}) to {loose[0]!r}")
    head = base.split()[-1]
    if head != base:
        rh = lex.resolve(head)
        if rh.method in ("exact", "lemma", "rule"):
            return Suggestion(capitalise(base), rh.code, f"head word {head!r} ({rh.method})")
    return None
