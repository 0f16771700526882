"""Column roles: what each column of a measure table holds, decided in three steps.

1. **By header words** (:class:`ColumnVocab`, ``data/columns.json``, extendable by the user):
   "Toimenpide" names the action (``text``) column, "Vastuutaho" the responsible one, ...
2. **By position** (:func:`column_roles`): a table without an action column lists its measures
   in the (last) goals column; a second column of a role already taken gets no role.
3. **By content** (:func:`follow_up_as_status`): a follow-up column named like an indicator column
   whose cells hold status phrases is the status column. What counts as a status phrase is the
   normalising layer's knowledge, so the caller passes that test in as a function: this module
   (and the extract layer) never imports the layers after it.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable, Protocol, Sequence

from rapidfuzz import fuzz, process

from .table_settings import DEFAULT_TABLE_SETTINGS, TableSettings

_ATTACH = re.compile(r"^[\d.,:;/()\-–]+$|^\(.*\)$")
_DATE = re.compile(r"^[(]?(?:\d{1,2}\.\d{1,2}\.)?(?:19|20)\d\d(?:[\-–/](?:19|20)?\d\d)?[).:]?$")  # 2023, 31.12.2022, 2021–2022
_GLUED_YEAR = re.compile(r"(?<=[^\W\d_]{3})(?=(?:19|20)\d\d\b)")  # "toteutuminen2023"
_PARTS = re.compile(r"\s*(?:\s(?:ja|sekä|och|samt|and)\s|[/&+,])\s*")


def _strip_attachments(t: str, words: Sequence[str]) -> str:
    """``t`` without years, dates and the small words that introduce them ("v.", "vuonna", "år"); a year glued
    to the word before it ("toteutuminen2023": OCR lost the space) too."""
    kept = [w for w in _GLUED_YEAR.sub(" ", t).split() if not _DATE.match(w) and w.rstrip(".:") not in words]
    return " ".join(kept)


@dataclass(frozen=True)
class ColumnVocab:
    roles: dict[str, tuple[str, ...]]
    section_labels: tuple[str, ...]
    goal_labels: tuple[str, ...]
    measure_labels: tuple[str, ...]
    statement_labels: tuple[str, ...] = ()  # "arvot", "visio": a row stating values or a vision, no measure
    fuzzy_cutoff: float = 88.0
    label_cutoff: float = 80.0  # fuzzy ratio for label words (ASIAKASKOHDERYHMÄ, TAVOITTEET)
    measure_label_cutoff: float = 85.0  # ... for a measure label after its number ("1.2 Kehittämisehdotus")
    label_max_chars: int = 40  # longer text is no label
    statement_max_words: int = 3  # "Kaupunkistrategian visio 2030": a statement label's words
    attachment_words: tuple[str, ...] = ()  # "v", "vuonna", "år": words that introduce a header's year
    combined_roles: dict[str, str] = field(default_factory=dict)  # "responsible+partners" -> "responsible"
    cell_labels: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "partners": ("kumppanit", ...)
    parts_max_words: int = 6  # a header of parts ("Vastuutaho ja kumppanit") has at most this many words

    @classmethod
    def load(cls, extra_files: Sequence[str | Path] = ()) -> "ColumnVocab":
        data = json.loads(resources.files("kotoex.extract").joinpath("data/columns.json").read_text("utf-8"))
        for f in extra_files:
            more = json.loads(Path(f).read_text("utf-8"))
            for role, words in more.get("roles", {}).items():
                data["roles"].setdefault(role, []).extend(words)
            for key in ("section_labels", "goal_labels", "measure_labels", "statement_labels", "attachment_words"):
                data.setdefault(key, []).extend(more.get(key, []))
            data.setdefault("combined_roles", {}).update(more.get("combined_roles", {}))
            for role, words in more.get("cell_labels", {}).items():
                data.setdefault("cell_labels", {}).setdefault(role, []).extend(words)
        return cls(
            roles={r: tuple(w.lower() for w in ws) for r, ws in data["roles"].items()},
            section_labels=tuple(w.lower() for w in data["section_labels"]),
            goal_labels=tuple(w.lower() for w in data["goal_labels"]),
            measure_labels=tuple(w.lower() for w in data["measure_labels"]),
            statement_labels=tuple(w.lower() for w in data.get("statement_labels", [])),
            fuzzy_cutoff=float(data.get("fuzzy_cutoff", 88)),
            attachment_words=tuple(w.lower() for w in data.get("attachment_words", [])),
            combined_roles={k.lower(): v for k, v in data.get("combined_roles", {}).items()},
            cell_labels={r: tuple(w.lower() for w in ws) for r, ws in data.get("cell_labels", {}).items()},
        )

    @cached_property
    def cell_label_re(self) -> re.Pattern[str] | None:
        """A label and its colon inside a cell ("Kumppanit:", "Samarbete:"); the group ``label``."""
        words = sorted({w for ws in self.cell_labels.values() for w in ws}, key=len, reverse=True)
        if not words:
            return None
        return re.compile(r"(?:^|(?<=[\s.;,(]))(?P<label>" + "|".join(map(re.escape, words)) + r")\s*:", re.I | re.M)

    def cell_label_role(self, label: str) -> str | None:
        t = label.lower()
        return next((r for r, ws in self.cell_labels.items() if t in ws), None)

    @cached_property
    def _phrases(self) -> tuple[list[str], list[str]]:
        """Every role phrase and its role, in the vocabulary's order (for one rapidfuzz call)."""
        ps = [(p, r) for r, phrases in self.roles.items() for p in phrases]
        return [p for p, _ in ps], [r for _, r in ps]

    @cached_property
    def _memo(self) -> dict[str, str | None]:
        return {}

    @cached_property
    def _raw_memo(self) -> dict[str, str | None]:
        return {}

    def role_of(self, text: str) -> str | None:
        """The role a header cell's text names, or None (remembered per text, as given and normalised)."""
        if text in self._raw_memo:
            return self._raw_memo[text]
        t = _norm_label(text)
        if t not in self._memo:
            self._memo[t] = self._role_of(t) if t else None
        self._raw_memo[text] = self._memo[t]
        return self._memo[t]

    def _role_of(self, t: str) -> str | None:
        role = self._phrase_role(t)
        if role is not None:
            return role
        bare = _strip_attachments(t, self.attachment_words)
        if bare != t and bare:
            # "Tilanne vuonna 2023", "Toteutuminen v. 2022": a phrase with a year or date anywhere
            role = self._phrase_role(bare)
            if role is not None:
                return role
        parts = [p for p in _PARTS.split(bare or t) if p]
        if 1 < len(parts) and len(t.split()) <= self.parts_max_words:
            # "Vastuutaho ja kumppanit", "Toimiala / yhteistyötahot": the roles its parts name
            roles = [self._phrase_role(p) for p in parts]
            named = {r for r in roles if r}
            for combo, role in self.combined_roles.items():
                if set(combo.split("+")) == named and None not in roles:
                    return role  # "responsible+partners": the responsible column, partners in its cells
            if roles.count(None) == 1 and named == {"partners"}:
                return "responsible"  # "Toimiala ja kumppanit": the unit in charge named with its partners
            if len(named) == 1 and roles[0] is not None:
                return named.pop()  # "Mittari ja tulos": the column named first, with more in its cells
        return self._head_role(t)

    def _phrase_role(self, t: str) -> str | None:
        """The role of ``t`` by a phrase: exact, a phrase and attachments, or fuzzy (OCR damage).

        Of several phrases that match exactly or with attachments, the first in the vocabulary wins."""
        first = self._first_index
        hits = [first[t]] if t in first else []
        # "Toteutuminen 2020", "Tilanne 31.12.2022", "Vastuutaho(t)": a phrase then attachments
        for i, ch in enumerate(t):
            if ch == " " and t[:i] in first and _ATTACH.match(t[i + 1:].replace(" ", "")):
                hits.append(first[t[:i]])
        if hits:
            return self._phrases[1][min(hits)]
        roles = self._phrases[1]
        if len(t) < 5:
            return None
        choices, idx = self._fuzzy_choices
        hit = process.extractOne(t, choices, scorer=fuzz.ratio, score_cutoff=self.fuzzy_cutoff) if choices else None
        return roles[idx[hit[2]]] if hit else None

    @cached_property
    def _fuzzy_choices(self) -> tuple[list[str], list[int]]:
        """The phrases matched fuzzily (five characters or more) and their places in :attr:`_phrases`."""
        ps = [(p, i) for i, p in enumerate(self._phrases[0]) if len(p) >= 5]
        return [p for p, _ in ps], [i for _, i in ps]

    def _head_role(self, t: str) -> str | None:
        """"Ohjelmakauden tavoitteet": a modifier before the word that names the column."""
        if " " not in t:
            return None
        head = t.rsplit(" ", 1)[1]
        return self._phrase_role(head) if head in self._first_index else None

    @cached_property
    def _first_index(self) -> dict[str, int]:
        """Each phrase's first place in :attr:`_phrases`."""
        out: dict[str, int] = {}
        for i, p in enumerate(self._phrases[0]):
            out.setdefault(p, i)
        return out

    def is_statement(self, text: str) -> bool:
        """A row label naming the organisation's values, mission or vision ("Kaupungin arvot", "Visio 2030"):
        at most ``statement_max_words`` words (years and dates left out), the last one a statement label."""
        words = _strip_attachments(_norm_label(text), self.attachment_words).split()
        return 0 < len(words) <= self.statement_max_words and len(text) <= self.label_max_chars \
            and words[-1] in self.statement_labels

    def is_label(self, text: str, labels: Iterable[str], cutoff: float | None = None) -> bool:
        cutoff = self.label_cutoff if cutoff is None else cutoff
        t = _norm_label(text)
        if not t or len(t) > self.label_max_chars:
            return False
        return any(t == lab or (len(t) >= 5 and fuzz.ratio(t, lab) >= cutoff) for lab in labels)


def _norm_label(text: str) -> str:
    t = text.lower().strip().rstrip(":.").strip()
    return re.sub(r"\s+", " ", t)


@lru_cache(maxsize=1)
def default_vocab() -> ColumnVocab:
    return ColumnVocab.load()


# ------------------------------------------------------------------------------ roles by position

def column_roles(roles: Sequence[str | None]) -> list[str | None]:
    """The roles of a header's columns, left to right, from the roles their header words name.

    A table without an action column (a targets table) lists its measures in its last goals
    column; an unnamed column before it then holds the goal they serve (unless an earlier goals
    column does). A second column of a role already taken (two "Tavoite" columns) gets no role.
    """
    out = list(roles)
    if "text" not in out and "goal" in out:
        gi = len(out) - 1 - out[::-1].index("goal")
        out[gi] = "text"
        if "goal" not in out[:gi]:
            for i in range(gi):
                if out[i] is None:
                    out[i] = "goal"
                    break
    seen: set[str] = set()
    for i, r in enumerate(out):
        if r in seen:
            out[i] = None
        elif r:
            seen.add(r)
    return out


# ------------------------------------------------------------------------------- roles by content

class RoleRow(Protocol):
    """A read table row: its cells' texts by role and the roles of the header it was read under."""
    cells: dict[str, str]
    header_roles: tuple[str, ...]


def follow_up_as_status(rows: Sequence[RoleRow], roles: set[str], is_status: Callable[[str], bool],
                        settings: TableSettings = DEFAULT_TABLE_SETTINGS) -> str | None:
    """Read the follow-up (indicator) column as the status column where its cells are statuses.

    Header words such as "Seuranta" / "Uppföljning" name an indicator column in one document and
    the status column in another; the cells tell which. ``is_status`` says whether one cell's text
    is a status phrase (monitoring templates such as "Toteutuu / ei toteudu" are not). Where at
    least ``status_column_share`` of the (at least ``status_column_min_cells``) cells are, the
    rows' cells, header roles and ``roles`` are renamed in place and a note for the document's
    warnings is returned; otherwise nothing changes and None is returned.
    """
    if "status" in roles or "indicator" not in roles:
        return None
    cells = [r.cells.get("indicator") for r in rows if r.cells.get("indicator")]
    if len(cells) < settings.status_column_min_cells:
        return None
    hits = sum(1 for c in cells if is_status(c))
    if hits < settings.status_column_share * len(cells):
        return None
    for r in rows:
        if "indicator" in r.cells:
            r.cells["status"] = r.cells.pop("indicator")
        r.header_roles = tuple("status" if x == "indicator" else x for x in r.header_roles)
    roles.discard("indicator")
    roles.add("status")
    return f"the follow-up column holds status phrases in {hits} of {len(cells)} rows: read as status"
