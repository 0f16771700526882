"""The cross-municipality dataset: flat tables over every Document JSON of a dataset (or batch) folder.

:func:`kotoex.export.export_dataset` writes, under the folder's ``export/``::

    export/data/<table>.csv          RFC 4180, UTF-8, one header line, CRLF; codes and municipality codes as
                                     text; text a spreadsheet would run as a formula starts with ``'``
    export/parquet/<table>.parquet   the same tables with typed columns and true values (pyarrow)
    export/kotoex.duckdb             the same tables in DuckDB, with primary and foreign keys
    export/datapackage.json          Frictionless Tabular Data Package: a Table Schema per CSV resource
                                     (types, primary and foreign keys, code lists as enum constraints)

The whole ``export/`` folder is built beside it (``.kotoex-export-*``) and switched in with one
rename, so a reader (or a ``kill -9``) never sees tables from two different exports.

Tables: ``documents`` (one row per PDF, failed ones included, with status and errors),
``measures``, ``bodies`` (one row per responsible body of a measure), ``practices``,
``decisions`` and ``amounts`` (of decisions). Every row carries the document's ``doc_id``,
``sha256``, ``file`` name and ``pipeline_version``.

A folder made by ``kotoex ingest`` has ``state.sqlite`` and ``documents/``: exactly the documents
in its state are exported (``doc_id`` = the JSON's path under ``documents/`` without ``.json``: the
PDF's path in the inbox without ``.pdf``, made unique where two names differ only in case). Any other
folder (a ``kotoex batch`` output) is searched for ``*.json`` Documents (``doc_id`` = the JSON's
path without ``.json``).
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Iterator

from pydantic import ValidationError

from kotoex.confidence import DEFAULT_THRESHOLD, flag_low_confidence
from kotoex.models import BodyCode, DocType, Document, ExtractionStatus, Language, Role, StatusCode, ThemeCode
from kotoex.state import STATE_FILE, state_rows
from kotoex.writers import MEASURE_COLUMNS, PRACTICE_COLUMNS, clean_str, measure_rows, practice_rows

log = logging.getLogger(__name__)

EXPORT_DIR = "export"  # everything below is inside it
DATA_DIR = "data"
PARQUET_DIR = "parquet"
DUCKDB_FILE = "kotoex.duckdb"
DATAPACKAGE_FILE = "datapackage.json"
DOCUMENTS_PREFIX = "documents/"
_SKIP_DIRS = {EXPORT_DIR, DATA_DIR, PARQUET_DIR}  # (data/ and parquet/: the layout before export/)

# ------------------------------------------------------------------------------------ table schemas


@dataclass(frozen=True)
class Col:
    name: str
    type: str = "string"  # Table Schema type: string, integer, number, boolean, date, datetime
    description: str = ""
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    required: bool = False

    def table_schema(self) -> dict[str, Any]:
        f: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.description:
            f["description"] = self.description
        cons: dict[str, Any] = {}
        if self.required:
            cons["required"] = True
        if self.enum:
            cons["enum"] = list(self.enum)
        if self.pattern:
            cons["pattern"] = self.pattern
        if cons:
            f["constraints"] = cons
        if self.type == "boolean":
            f["trueValues"], f["falseValues"] = ["true"], ["false"]
        return f


@dataclass(frozen=True)
class TableDef:
    name: str
    title: str
    columns: tuple[Col, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _values(enum) -> tuple[str, ...]:
    return tuple(e.value for e in enum)


MUNI_CODE = r"^\d{3}$"
SHA = r"^[0-9a-f]{64}$"

_DOC_KEY = (
    Col("doc_id", required=True, description="the document's key: its PDF's path in the inbox without .pdf "
                                             "(its JSON's path in a batch folder without .json)"),
)
_PROVENANCE = (
    Col("file", description="the PDF's file name"),
    Col("sha256", pattern=SHA, description="SHA-256 of the PDF"),
)
_VERSION = (Col("pipeline_version", description="kotoex version that made the document"),)

_MEASURE_TYPES: dict[str, Col] = {
    "doc_type": Col("doc_type", enum=_values(DocType)),
    "language": Col("language", enum=_values(Language)),
    "municipality_code": Col("municipality_code", pattern=MUNI_CODE, description="Statistics Finland code"),
    "period_start": Col("period_start", "integer"), "period_end": Col("period_end", "integer"),
    "measure_no": Col("measure_no", "integer", required=True, description="1-based position in the document"),
    "id": Col("id", description="the document's own number of the measure"),
    "body_codes": Col("body_codes", description="codes of the responsible bodies, ';'-joined (see bodies)"),
    "body_roles": Col("body_roles", description="lead / partner per body, ';'-joined"),
    "status_code": Col("status_code", enum=_values(StatusCode)),
    "schedule_start": Col("schedule_start", "integer"), "schedule_end": Col("schedule_end", "integer"),
    "schedule_continuous": Col("schedule_continuous", "boolean"),
    "pages": Col("pages", description="1-based pages, ';'-joined"),
    "confidence": Col("confidence", "number"),
    "themes": Col("themes", description="comparable theme codes, the primary first, ';'-joined (see measure_themes)"),
    "theme_primary": Col("theme_primary", enum=_values(ThemeCode), description="the measure's primary theme"),
    "sha256": _PROVENANCE[1],
}
_PRACTICE_TYPES: dict[str, Col] = {
    "practice_no": Col("practice_no", "integer", required=True),
    "language": Col("language", enum=_values(Language)),
    "municipality_codes": Col("municipality_codes", description="Statistics Finland codes, ';'-joined"),
    "pages": Col("pages", description="1-based pages, ';'-joined"),
    "themes": Col("themes", description="comparable theme codes, the primary first, ';'-joined"),
    "theme_primary": Col("theme_primary", enum=_values(ThemeCode)),
    "sha256": _PROVENANCE[1],
}

TABLES: dict[str, TableDef] = {t.name: t for t in (
    TableDef("documents", "One row per PDF (failed ones included)", _DOC_KEY + (
        Col("source_path", description="the PDF's path in the inbox (or the JSON's name for a batch folder)"),
        *_PROVENANCE,
        Col("pages", "integer"),
        Col("doc_type", enum=_values(DocType)),
        Col("language", enum=_values(Language)),
        Col("title"),
        Col("municipality_code", pattern=MUNI_CODE, description="the municipality where there is exactly one"),
        Col("municipality", description="its name"),
        Col("municipality_codes", description="all municipalities' codes, ';'-joined"),
        Col("municipality_names", description="all municipalities' names, ';'-joined"),
        Col("period_start", "integer"), Col("period_end", "integer"),
        Col("date", "date", description="date of a decision"),
        Col("status", enum=_values(ExtractionStatus), required=True, description="extraction status"),
        Col("errors", description="why the document failed, ' | '-joined"),
        Col("warnings", "integer", description="number of warnings in the JSON"),
        Col("measures", "integer"), Col("practices", "integer"), Col("decisions", "integer"),
        Col("items", "integer", description="items (§) of minutes and agendas"),
        Col("processed_at", description="UTC time of processing (ingest datasets)"),
        Col("seconds", "number", description="processing time (ingest datasets)"),
        *_VERSION,
    ), ("doc_id",)),
    TableDef("measures", "One row per measure", _DOC_KEY + tuple(
        _MEASURE_TYPES.get(c, Col(c)) for c in MEASURE_COLUMNS) + (
        Col("low_confidence", "boolean",
            description="confidence below the export's --min-confidence (rows are flagged, never dropped)"),),
        ("doc_id", "measure_no"),
        ((("doc_id",), "documents", ("doc_id",)),)),
    TableDef("bodies", "One row per responsible body of a measure", _DOC_KEY + (
        Col("measure_no", "integer", required=True),
        Col("body_no", "integer", required=True, description="1-based position among the measure's bodies"),
        Col("municipality_code", pattern=MUNI_CODE),
        Col("name", description="canonical name of the body"),
        Col("code", enum=_values(BodyCode), required=True),
        Col("role", enum=_values(Role)),
        Col("match", description="how the code was found: exact, lemma, rule, fuzzy or none"),
        Col("score", "number"),
        *_PROVENANCE, *_VERSION,
    ), ("doc_id", "measure_no", "body_no"), ((("doc_id", "measure_no"), "measures", ("doc_id", "measure_no")),)),
    TableDef("measure_themes", "One row per theme of a measure (long form of measures.themes)", _DOC_KEY + (
        Col("measure_no", "integer", required=True),
        Col("theme_no", "integer", required=True, description="1 = the primary theme"),
        Col("theme", enum=_values(ThemeCode), required=True),
        Col("primary", "boolean", description="the measure's primary theme"),
        Col("municipality_code", pattern=MUNI_CODE),
        Col("evidence", description="the words that voted for the theme, ' | '-joined"),
        Col("theme_confidence", "number", description="how clearly the words decided the measure's primary theme"),
        Col("confidence", "number", description="the measure's confidence"),
        Col("low_confidence", "boolean", description="the measure is below the export's --min-confidence"),
        *_PROVENANCE, *_VERSION,
    ), ("doc_id", "measure_no", "theme_no"), ((("doc_id", "measure_no"), "measures", ("doc_id", "measure_no")),)),
    TableDef("practices", "One row per example practice", _DOC_KEY + tuple(
        _PRACTICE_TYPES.get(c, Col(c)) for c in PRACTICE_COLUMNS), ("doc_id", "practice_no"),
        ((("doc_id",), "documents", ("doc_id",)),)),
    TableDef("decisions", "One row per decision document", _DOC_KEY + (
        *_PROVENANCE,
        Col("body"), Col("section"), Col("date", "date"), Col("diary_number"), Col("title"), Col("decision_text"),
        Col("period_start_date", "date"), Col("period_end_date", "date"), Col("funder"),
        Col("people", description="'name (role)', ';'-joined"),
        Col("amounts", "integer", description="number of amounts (see amounts)"),
        *_VERSION,
    ), ("doc_id",), ((("doc_id",), "documents", ("doc_id",)),)),
    TableDef("items", "One row per item (§) of minutes and agendas, with the document columns", _DOC_KEY + (
        Col("item_no", "integer", required=True, description="1-based position in the document"),
        *_PROVENANCE,
        Col("doc_type", enum=_values(DocType)), Col("language", enum=_values(Language)),
        Col("municipality_code", pattern=MUNI_CODE), Col("municipality"),
        Col("body", description="the meeting's body"), Col("date", "date", description="the meeting date"),
        Col("section", description="the § number"), Col("title"), Col("diary_number"),
        Col("integration_related", "boolean", description="the item's subject is integration or immigration"),
        Col("integration_evidence", description="the subject words found, ';'-joined"),
        Col("proposal"), Col("decision_text"),
        Col("amounts_eur", description="amounts of money in the item, ';'-joined"),
        Col("people", description="'name (role)', ';'-joined"),
        Col("pages", description="1-based pages, ';'-joined"),
        *_VERSION,
    ), ("doc_id", "item_no"), ((("doc_id",), "documents", ("doc_id",)),)),
    TableDef("amounts", "One row per amount of money in a decision", _DOC_KEY + (
        Col("amount_no", "integer", required=True),
        Col("value", "number", required=True), Col("currency"), Col("label"), Col("raw"),
        *_PROVENANCE, *_VERSION,
    ), ("doc_id", "amount_no"), ((("doc_id",), "decisions", ("doc_id",)),)),
)}


# ------------------------------------------------------------------------------------ loading

@dataclass
class Entry:
    doc_id: str
    source_path: str
    doc: Document
    state: dict[str, Any] | None = None


@dataclass
class Loaded:
    entries: list[Entry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # JSON files that could not be read


def _read(path: Path) -> Document | None:
    try:
        return Document.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, ValidationError):
        return None


def load_documents(folder: Path) -> Loaded:
    """Every Document of an ingest dataset (by its state) or of a batch output folder (by its JSON files)."""
    folder = Path(folder)
    out = Loaded()
    if (folder / STATE_FILE).exists():
        for row in state_rows(folder):
            if not row.get("output"):
                continue
            path = folder / row["output"]
            doc = _read(path)
            if doc is None:
                out.problems.append(f"{row['output']}: missing or not a kotoex Document (state row {row['path']})")
                continue
            out.entries.append(Entry(_doc_id(row), row["path"], doc, row))
        return out
    for path in sorted(folder.rglob("*.json")):
        rel = path.relative_to(folder)
        if path.name == DATAPACKAGE_FILE or any(p.startswith(".") or p in _SKIP_DIRS for p in rel.parts):
            continue
        doc = _read(path)
        if doc is None:
            out.problems.append(f"{rel.as_posix()}: not a kotoex Document, skipped")
            continue
        doc_id = clean_str(rel.with_suffix("").as_posix())  # (a file name that is not UTF-8)
        out.entries.append(Entry(doc_id, clean_str(rel.as_posix()), doc))
    return out


def _doc_id(row: dict[str, Any]) -> str:
    """An ingest document's key: its JSON's path under documents/ without .json (unique, as file names are)."""
    out = row["output"]
    if out.startswith(DOCUMENTS_PREFIX) and out.endswith(".json"):
        return out[len(DOCUMENTS_PREFIX):-5]
    return row["path"][:-4] if row["path"].lower().endswith(".pdf") else row["path"]


# ------------------------------------------------------------------------------------ rows

def _join(values: Iterable[Any]) -> str | None:
    s = ";".join("" if v is None else str(v) for v in values)
    return s or None


def _iso_date(s: str | None) -> str | None:
    if not s:
        return None
    try:
        return date.fromisoformat(s).isoformat()
    except ValueError:
        return None


def document_row(e: Entry) -> dict[str, Any]:
    d, info = e.doc, e.doc.document
    muni = info.municipalities[0] if len(info.municipalities) == 1 else None
    st = e.state or {}
    return {
        "doc_id": e.doc_id, "source_path": e.source_path, "file": d.source.file, "sha256": d.source.sha256 or None,
        "pages": d.source.pages, "doc_type": info.doc_type, "language": info.language, "title": info.title,
        "municipality_code": muni.code if muni else None, "municipality": muni.name if muni else None,
        "municipality_codes": _join(m.code for m in info.municipalities),
        "municipality_names": _join(m.name for m in info.municipalities),
        "period_start": info.period.start if info.period else None,
        "period_end": info.period.end if info.period else None,
        "date": _iso_date(info.date), "status": d.status, "errors": " | ".join(d.errors) or None,
        "warnings": len(d.warnings), "measures": len(d.measures), "practices": len(d.practices),
        "decisions": 1 if d.decision else 0, "items": len(d.items), "processed_at": st.get("processed_at"), "seconds": st.get("seconds"),
        "pipeline_version": d.pipeline_version,
    }


def table_rows(entries: list[Entry], min_confidence: float | None = DEFAULT_THRESHOLD) -> dict[str, list[dict[str, Any]]]:
    """All tables' rows (python values) for ``entries``; measures below ``min_confidence`` are flagged."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for e in entries:
        d = e.doc
        prov = {"doc_id": e.doc_id, "file": d.source.file, "sha256": d.source.sha256 or None}
        rows["documents"].append(document_row(e))
        for r, m in zip(measure_rows(d), d.measures):
            rows["measures"].append({"doc_id": e.doc_id, **r, "sha256": r["sha256"] or None})
            rows["measure_themes"].extend(_theme_rows(e.doc_id, r, m))
            for i, b in enumerate(m.responsible.bodies if m.responsible else [], 1):
                rows["bodies"].append({
                    **prov, "measure_no": r["measure_no"], "body_no": i, "municipality_code": r["municipality_code"],
                    "name": b.name, "code": b.code, "role": b.role, "match": b.match, "score": b.score,
                    "pipeline_version": d.pipeline_version})
        for r in practice_rows(d):
            rows["practices"].append({"doc_id": e.doc_id, **r, "sha256": r["sha256"] or None})
        dec = d.decision
        if dec is not None:
            rows["decisions"].append({
                **prov, "body": dec.body, "section": dec.section, "date": _iso_date(dec.date),
                "diary_number": dec.diary_number, "title": dec.title, "decision_text": dec.decision_text,
                "period_start_date": _iso_date(dec.period.start_date) if dec.period else None,
                "period_end_date": _iso_date(dec.period.end_date) if dec.period else None,
                "funder": dec.funder,
                "people": _join(f"{p.name} ({p.role})" if p.role else p.name for p in dec.people),
                "amounts": len(dec.amounts), "pipeline_version": d.pipeline_version})
            for i, a in enumerate(dec.amounts, 1):
                rows["amounts"].append({**prov, "amount_no": i, "value": a.value, "currency": a.currency,
                                        "label": a.label, "raw": a.raw, "pipeline_version": d.pipeline_version})
        rows["items"].extend(_item_rows(e, prov))
    rows["measures"] = flag_low_confidence(rows["measures"], min_confidence)
    low = {(r["doc_id"], r["measure_no"]): r["low_confidence"] for r in rows["measures"]}
    for r in rows["measure_themes"]:
        r["low_confidence"] = low.get((r["doc_id"], r["measure_no"]))
    for name, t in TABLES.items():  # one column order, no stray keys
        cols = t.names
        rows[name] = [{c: r.get(c) for c in cols} for r in rows[name]]
    return rows


def _item_rows(e: Entry, prov: dict[str, Any]) -> list[dict[str, Any]]:
    """The items rows of one document (minutes and agendas), with its document columns."""
    d, info = e.doc, e.doc.document
    muni = info.municipalities[0] if len(info.municipalities) == 1 else None
    out = []
    for i, it in enumerate(d.items, 1):
        prov_ = it.provenance
        evidence = prov_.get("integration_evidence") if isinstance(prov_, dict) else \
            getattr(prov_, "integration_evidence", None)
        out.append({
            **prov, "item_no": i, "doc_type": info.doc_type, "language": info.language,
            "municipality_code": muni.code if muni else None, "municipality": muni.name if muni else None,
            "body": it.body, "date": _iso_date(it.date), "section": it.section, "title": it.title,
            "diary_number": it.diary_number, "integration_related": it.integration_related,
            "integration_evidence": _join(evidence or []), "proposal": it.proposal, "decision_text": it.decision_text,
            "amounts_eur": _join(f"{a.value:.2f}" for a in it.amounts), "pages": _join(it.pages),
            "people": _join(f"{p.name} ({p.role})" if p.role else p.name for p in it.people),
            "pipeline_version": d.pipeline_version})
    return out


def _theme_rows(doc_id: str, r: dict[str, Any], m: Any) -> list[dict[str, Any]]:
    """The measure_themes rows of one measure (evidence from its provenance)."""
    prov = m.provenance
    evidence = prov.themes if prov is not None and getattr(prov, "themes", None) else []
    theme_conf = prov.theme_confidence if prov is not None and getattr(prov, "themes", None) is not None else None
    return [{"doc_id": doc_id, "measure_no": r["measure_no"], "theme_no": k, "theme": t, "primary": k == 1,
             "municipality_code": r["municipality_code"],
             "evidence": " | ".join(f"{ev.field}: {ev.words}" for ev in evidence if ev.theme == t) or None,
             "theme_confidence": theme_conf, "confidence": r["confidence"], "file": r["file"],
             "sha256": r["sha256"] or None, "pipeline_version": r["pipeline_version"]}
            for k, t in enumerate(m.themes, 1)]


def frames(folder: Path) -> dict[str, "Any"]:
    """The tables as pandas DataFrames (codes as strings), straight from the JSON."""
    import pandas as pd

    loaded = load_documents(folder)
    rows = table_rows(loaded.entries)
    return {name: pd.DataFrame(rows[name], columns=TABLES[name].names) for name in TABLES}


def iter_bodies(folder: Path) -> Iterator[tuple[Entry, int, Any]]:
    """``(entry, measure_no, body)`` for every responsible body in the folder's documents."""
    for e in load_documents(folder).entries:
        for i, m in enumerate(e.doc.measures, 1):
            for b in (m.responsible.bodies if m.responsible else []):
                yield e, i, b
