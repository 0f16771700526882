"""Municipality names → Statistics Finland codes.

The packaged table ``data/municipalities.csv`` gives every municipality's code, Finnish and
Swedish name and region. Inflected Finnish forms ("Turun", "Järvenpäässä", "Rovaniemelle",
"Kauniaisten") are generated from the base names by :mod:`.morphology` (consonant gradation, -i/-e/-nen
stems, compound endings such as -joki, -niemi, -lahti; tables in ``data/morphology.json``),
plus ``data/municipality_forms.csv`` for the irregular ones. Swedish names add the genitive -s.
Sub-regions (seutukunnat) used as headings are in ``data/subregions.csv``; regions (maakunnat)
come from the table itself.
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .morphology import finnish_forms, swedish_forms

DATA = Path(__file__).parent / "data"

# names whose official Finnish form in the table is not the one used in running text
_DISPLAY = {"599": "Pedersöre"}

@lru_cache(maxsize=1)
def _ambiguous() -> frozenset[str]:
    """Municipality names that are also common words or personal names (``data/ambiguous_municipalities.json``)."""
    return frozenset(json.loads((DATA / "ambiguous_municipalities.json").read_text(encoding="utf-8"))["names"])


@dataclass(frozen=True)
class _Row:
    code: str
    name_fi: str
    name_sv: str
    region: str


@lru_cache(maxsize=1)
def _table() -> list[_Row]:
    rows = []
    with open(DATA / "municipalities.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            code = r["code"].strip().zfill(3)
            rows.append(_Row(code, _DISPLAY.get(code, r["name_fi"].strip()), r["name_sv"].strip(), r["region_fi"].strip()))
    return rows


@lru_cache(maxsize=1)
def _by_code() -> dict[str, _Row]:
    return {r.code: r for r in _table()}


@lru_cache(maxsize=1)
def _forms() -> dict[str, str]:
    """lowercase surface form -> code. Base names win over generated forms of another name."""
    base: dict[str, str] = {}
    gen: dict[str, str] = {}
    for r in _table():
        for n in {r.name_fi, r.name_sv}:
            base.setdefault(n.lower(), r.code)
        for f in finnish_forms(r.name_fi):
            gen.setdefault(f, r.code)
        for f in swedish_forms(r.name_sv):
            gen.setdefault(f, r.code)
    with open(DATA / "municipality_forms.csv", encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            form, code = line.rsplit(",", 1)
            base[form.strip().lower()] = code.strip().zfill(3)
    out = dict(gen)
    out.update(base)
    return out


_SUFFIX_WORDS = re.compile(
    r"(\s+(kaupunki|kaupungin|kaupungissa|kaupungista|kaupungille|kaupungilla|kaupungilta|kaupunkiin|"
    r"kunta|kunnan|kunnassa|kunnasta|kunnalle|kunnalla|kunnalta|kuntaan|stad|stads|staden|stadens|"
    r"kommun|kommuns|kommunen|kommunens))+$", re.I)
_PUNCT = re.compile(r"^[\s\"'“”‘’(\[«»]+|[\s\"'“”‘’)\].,:;!?«»]+$")


def _clean(name: str) -> str:
    s = re.sub(r"\s+", " ", name or "").strip()
    s = _PUNCT.sub("", s)
    return s


@lru_cache(maxsize=1)
def _fuzzy_names() -> dict[str, str]:
    """lowercase Finnish and Swedish names -> code: what an unknown form is fuzzily matched against."""
    names = {r.name_fi.lower(): r.code for r in _table()}
    names.update({r.name_sv.lower(): r.code for r in _table()})
    return names


@lru_cache(maxsize=8192)  # bodies ask about every piece of every cell: names repeat
def lookup_municipality(name: str) -> tuple[str, str] | None:
    """A municipality name in any usual form -> (Finnish name, 3-digit code), or None.

    Accepts Finnish and Swedish names, inflected forms ("Turun", "Rovaniemellä", "Jakobstads")
    and a following "kaupunki/kunta/stad/kommun" in any case ("Turun kaupungin", "Vasa stad").
    """
    s = _clean(name)
    if not s:
        return None
    forms = _forms()
    for cand in (s, _SUFFIX_WORDS.sub("", s)):
        code = forms.get(cand.lower())
        if code:
            return _by_code()[code].name_fi, code
    s2 = _SUFFIX_WORDS.sub("", s)
    if len(s2) >= 5 and " " not in s2:
        from rapidfuzz import fuzz, process

        names = _fuzzy_names()
        best = process.extractOne(s2.lower(), list(names), scorer=fuzz.ratio, score_cutoff=90)
        if best:
            code = names[best[0]]
            return _by_code()[code].name_fi, code
    return None


_TOKEN = re.compile(r"[A-ZÅÄÖ][A-Za-zÅÄÖåäöÉéÜü]*(?:[-:][A-Za-zÅÄÖåäöÉéÜü]+)*")
_SENT_END = re.compile(r"(^|[.!?:;•▪●\n\r\t]|\s[-–—]|\d\))\s*$")


def find_municipalities(text: str) -> list[tuple[str, str, int]]:
    """Every municipality named in free text: (Finnish name, code, count) by first occurrence.

    Only capitalised words count. Names that are also common words or personal names
    (``data/ambiguous_municipalities.json``) count only mid-sentence and not next to another capitalised word
    (which would make them part of a person's name, "Mika Salo").
    """
    if not text:
        return []
    forms = _forms()
    found: dict[str, list[int]] = {}
    order: list[str] = []
    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        if len(tok) >= 2 and tok.isupper() and len(tok) <= 3:
            continue  # abbreviations ("II", "TE")
        code = forms.get(tok.lower())
        if code is None and "-" in tok:
            parts = tok.split("-")
            codes = [forms.get(p.lower()) for p in parts]
            if all(codes) and all(p[:1].isupper() for p in parts):
                for c in codes:
                    if c not in found:
                        found[c] = [0]
                        order.append(c)
                    found[c][0] += 1
            continue
        if code is None:
            continue
        base = _by_code()[code]
        if _is_ambiguous(tok, base):
            before = text[max(0, m.start() - 40): m.start()]
            after = text[m.end(): m.end() + 40]
            if _SENT_END.search(before):
                continue
            prev_word = re.search(r"([A-Za-zÅÄÖåäö]+)\s$", before)
            next_word = re.match(r"\s([A-Za-zÅÄÖåäö]+)", after)
            if prev_word and prev_word.group(1)[0].isupper() and forms.get(prev_word.group(1).lower()) is None:
                continue
            if next_word and next_word.group(1)[0].isupper() and forms.get(next_word.group(1).lower()) is None:
                continue
        if code not in found:
            found[code] = [0]
            order.append(code)
        found[code][0] += 1
    return [(_by_code()[c].name_fi, c, found[c][0]) for c in order]


def _is_ambiguous(tok: str, row: _Row) -> bool:
    t = tok.lower()
    if row.name_fi.lower() in _ambiguous() or row.name_sv.lower() in _ambiguous():
        # inflected forms of the ambiguous names are ambiguous too ("Salon", "Kemin")
        return True
    return len(t) <= 3


# --------------------------------------------------------------------------------- regions

_REGION_TAIL = re.compile(
    r"(\s*(seutukunta|seutukunnan|seutukunnassa|seutu|seudun|seudulla|seudulle|kunnat|kuntien|kunnissa|"
    r"alue|alueen|alueella|regionens|regionen|region|nejdens|nejden|kommuner|kommunerna|kommunernas))+$", re.I)


def _region_key(s: str) -> str:
    s = _clean(s).lower()
    s = re.sub(r"\s+", " ", s)
    return _REGION_TAIL.sub("", s).strip()


@lru_cache(maxsize=1)
def _regions() -> dict[str, list[str]]:
    """normalised region name or form -> member codes."""
    out: dict[str, list[str]] = {}
    by_region: dict[str, list[str]] = {}
    for r in _table():
        by_region.setdefault(r.region, []).append(r.code)
    for region, codes in by_region.items():
        for f in finnish_forms(region) | {region.lower()}:
            out.setdefault(_region_key(f), codes)
    fi_names = {r.name_fi.lower(): r.code for r in _table()}
    with open(DATA / "subregions.csv", encoding="utf-8") as f:
        lines = [ln for ln in f if ln.strip() and not ln.startswith("#")]
    for row in csv.DictReader(lines):
        members = [fi_names[m.strip().lower()] for m in row["members"].split("|") if m.strip().lower() in fi_names]
        aliases = [a.strip() for a in row["names"].split("|") if a.strip()]
        for a in aliases:
            out[_region_key(a)] = members
        first = aliases[0]
        for f in finnish_forms(first.split()[0]) if " " not in first else finnish_forms(first):
            out.setdefault(_region_key(f), members)
    out.pop("", None)
    return out


# names in the uppercase region tables (Uusimaa) that inflect in both parts
_REGION_FORMS = {"uudenmaan": "uusimaa", "uudellamaalla": "uusimaa", "uudeltamaalta": "uusimaa", "uudellemaalle": "uusimaa"}


def region_members(region_name: str) -> list[tuple[str, str]]:
    """Member municipalities of a region or sub-region heading, [(Finnish name, code)].

    Knows the regions (maakunnat, "Pohjois-Savo", "Pohjanmaan") from the table and the sub-regions
    (seutukunnat, "Ylä-Savo", "Pietarsaaren seutu", "Jakobstadsregion") from ``data/subregions.csv``;
    an unknown name gives [].
    """
    key = _region_key(region_name)
    key = _REGION_FORMS.get(key, key)
    regs = _regions()
    codes = regs.get(key)
    if codes is None:
        # "Jakobstadsregionens" -> "jakobstads"; try without a trailing genitive -s
        if key.endswith("s") and key[:-1] in regs:
            codes = regs[key[:-1]]
    if not codes:
        return []
    return [(_by_code()[c].name_fi, c) for c in codes]


def resolve_heading(heading: str) -> list[tuple[str, str]]:
    """Municipalities of a heading such as "Iisalmi ja Ylä-Savon kunnat", "Pargas" or "Jakobstadsregion".

    Parts joined by "ja", "och", "sekä", "&" or commas are each a municipality or a (sub-)region.
    A heading none of whose parts is a place gives [].
    """
    out: list[tuple[str, str]] = []
    parts = re.split(r"\s*(?:,|&|\bja\b|\boch\b|\bsekä\b|\bsamt\b|/)\s*", heading or "")
    for p in parts:
        p = p.strip()
        if not p:
            continue
        hit = lookup_municipality(p) if len(p.split()) <= 2 else None
        found = [hit] if hit else region_members(p)
        for x in found:
            if x not in out:
                out.append(x)
    return out
