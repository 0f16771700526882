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
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable, Protocol, Sequence

from rapidfuzz import fuzz

from .table_settings import DEFAULT_TABLE_SETTINGS, TableSettings

_ATTACH = re.compile(r"^[\d.,:;/()\-–]+$|^\(.*\)$")


@dataclass(frozen=True)
class ColumnVocab:
    roles: dict[str, tuple[str, ...]]
    section_labels: tuple[str, ...]
    goal_labels: tuple[str, ...]
    measure_labels: tuple[str, ...]
    fuzzy_cutoff: float = 88.0
    label_cutoff: float = 80.0  # fuzzy ratio for label words (ASIAKASKOHDERYHMÄ, TAVOITTEET)
    measure_label_cutoff: float = 85.0  # ... for a measure label after its number ("1.2 Kehittämisehdotus")
    label_max_chars: int = 40  # longer text is no label

    @classmethod
    def load(cls, extra_files: Sequence[str | Path] = ()) -> "ColumnVocab":
        data = json.loads(resources.files("kotoex.extract").joinpath("data/columns.json").read_text("utf-8"))
        for f in extra_files:
            more = json.loads(Path(f).read_text("utf-8"))
            for role, words in more.get("roles", {}).items():
                data["roles"].setdefault(role, []).extend(words)
            for key in ("section_labels", "goal_labels", "measure_labels"):
                data[key].extend(more.get(key, []))
        return cls(
            roles={r: tuple(w.lower() for w in ws) for r, ws in data["roles"].items()},
            section_labels=tuple(w.lower() for w in data["section_labels"]),
            goal_labels=tuple(w.lower() for w in data["goal_labels"]),
            measure_labels=tuple(w.lower() for w in data["measure_labels"]),
            fuzzy_cutoff=float(data.get("fuzzy_cutoff", 88)),
        )

    def role_of(self, text: str) -> str | None:
        """The role a header cell's text names, or None."""
        t = _norm_label(text)
        if not t:
            return None
        best, best_score = None, 0.0
        for role, phrases in self.roles.items():
            for p in phrases:
                if t == p:
                    return role
                # "Toteutuminen 2020", "Tilanne 31.12.2022", "Vastuutaho(t)": a phrase then attachments
                if t.startswith(p + " ") and _ATTACH.match(t[len(p) + 1:].replace(" ", "")):
                    return role
                if len(p) >= 5 and len(t) >= 5:
                    s = fuzz.ratio(t, p)
                    if s >= self.fuzzy_cutoff and s > best_score:
                        best, best_score = role, s
        if best is None and " " in t:
            # "Ohjelmakauden tavoitteet": a modifier before the word that names the column
            head = t.rsplit(" ", 1)[1]
            if head in {p for ps in self.roles.values() for p in ps}:
                return self.role_of(head)
        return best

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
