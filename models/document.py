"""Pydantic models of the output contract, schema version 1 (``shared/spec/OUTPUT_SCHEMA.md``).

This module imports nothing of kotoex: it is the bottom layer every other layer depends on.
The contract's own objects forbid unknown fields so that a typo in a writer is an error; the
extra fields kotoex adds (``confidence``, ``provenance``, ``match``...) are declared here and are
optional, which the contract allows ("extra fields are welcome").
"""
from __future__ import annotations

from enum import Enum
from typing import Any, Literal, Optional

from pydantic import Field

from .base import Contract as _Contract
from .problem import Problem
from .provenance import ConfidenceFactor, ItemProvenance, MeasureProvenance, PracticeProvenance, Provenance

SCHEMA_VERSION = "1"


class DocType(str, Enum):
    measure_report = "measure_report"
    action_programme = "action_programme"
    annual_targets = "annual_targets"
    decision = "decision"
    practice_collection = "practice_collection"
    minutes = "minutes"
    agenda = "agenda"
    other = "other"


class StatusCode(str, Enum):
    implemented = "implemented"
    partially_implemented = "partially_implemented"
    not_implemented = "not_implemented"
    ongoing = "ongoing"
    planned = "planned"
    unknown = "unknown"


class ThemeCode(str, Enum):
    """Comparable themes of measures and practices (OUTPUT_SCHEMA.md § themes)."""
    initial_phase = "initial_phase"
    employment = "employment"
    language = "language"
    education = "education"
    children_youth_family = "children_youth_family"
    health_wellbeing = "health_wellbeing"
    housing = "housing"
    participation = "participation"
    good_relations = "good_relations"
    refugees = "refugees"
    service_access = "service_access"
    coordination = "coordination"


class BodyCode(str, Enum):
    mun_education = "mun.education"
    mun_social_health = "mun.social_health"
    mun_leisure_culture = "mun.leisure_culture"
    mun_urban_environment = "mun.urban_environment"
    mun_property_housing = "mun.property_housing"
    mun_central_admin = "mun.central_admin"
    mun_hr = "mun.hr"
    mun_integration_services = "mun.integration_services"
    mun_employment = "mun.employment"
    mun_council_board = "mun.council_board"
    mun_all = "mun.all"
    state_employment = "state.employment"
    state_ely = "state.ely"
    state_other = "state.other"
    regional_wellbeing = "regional.wellbeing"
    regional_council = "regional.council"
    ngo = "ngo"
    religious = "religious"
    edu_institution = "edu_institution"
    network = "network"
    other = "other"


class Role(str, Enum):
    lead = "lead"
    partner = "partner"


class Language(str, Enum):
    fi = "fi"
    sv = "sv"


class ExtractionStatus(str, Enum):
    ok = "ok"
    partial = "partial"
    failed = "failed"


class Source(_Contract):
    file: str
    sha256: str
    pages: int = Field(ge=0)


class Municipality(_Contract):
    name: str
    code: str = Field(pattern=r"^\d{3}$", description="Statistics Finland municipality code, 3 digits")


class Period(_Contract):
    start: Optional[int] = None
    end: Optional[int] = None


class DocumentInfo(_Contract):
    doc_type: DocType = DocType.other
    language: Optional[Language] = None
    title: Optional[str] = None
    municipalities: list[Municipality] = Field(default_factory=list)
    period: Optional[Period] = None
    date: Optional[str] = Field(default=None, description="ISO date of a decision, else null")


class ResponsibleBody(_Contract):
    name: str
    code: BodyCode = BodyCode.other
    role: Role = Role.lead
    match: Optional[str] = Field(default=None, description="how the code was found: exact, lemma, rule, fuzzy or none")
    score: Optional[float] = Field(default=None, description="match score 0..100 where the method has one")


class Responsible(_Contract):
    raw: Optional[str] = None
    bodies: list[ResponsibleBody] = Field(default_factory=list)


class Status(_Contract):
    raw: Optional[str] = None
    code: StatusCode = StatusCode.unknown
    detail: Optional[str] = None
    match: Optional[str] = None


class Schedule(_Contract):
    raw: Optional[str] = None
    start: Optional[int] = None
    end: Optional[int] = None
    continuous: bool = False


class Measure(_Contract):
    id: Optional[str] = None
    municipality_code: Optional[str] = None
    section: Optional[str] = None
    goal: Optional[str] = None
    text: str
    responsible: Responsible = Field(default_factory=Responsible)
    status: Optional[Status] = None
    indicator: Optional[str] = None
    schedule: Optional[Schedule] = None
    themes: list[ThemeCode] = Field(default_factory=list, max_length=3,
                                    description="comparable theme codes, the primary first; evidence in provenance")
    pages: list[int] = Field(default_factory=list)
    confidence: Optional[float] = Field(default=None, ge=0, le=1)
    provenance: Optional[MeasureProvenance] = Field(default=None, description="kotoex: where each field was read, "
                                                                             "and the confidence factors")


class Amount(_Contract):
    value: float
    currency: Optional[str] = "EUR"
    label: Optional[str] = None
    raw: Optional[str] = None


class DecisionPeriod(_Contract):
    start_date: Optional[str] = None
    end_date: Optional[str] = None


class Person(_Contract):
    name: str
    role: Optional[str] = None


class Decision(_Contract):
    body: Optional[str] = None
    section: Optional[str] = None
    date: Optional[str] = None
    diary_number: Optional[str] = None
    title: Optional[str] = None
    decision_text: Optional[str] = None
    amounts: list[Amount] = Field(default_factory=list)
    period: Optional[DecisionPeriod] = None
    funder: Optional[str] = None
    people: list[Person] = Field(default_factory=list)
    provenance: Optional[Provenance] = Field(default=None, description="kotoex: where each field was read")


class Item(_Contract):
    """One item (§) of a meeting's minutes or agenda."""
    section: Optional[str] = None
    title: Optional[str] = None
    body: Optional[str] = None
    date: Optional[str] = None
    diary_number: Optional[str] = None
    proposal: Optional[str] = None
    decision_text: Optional[str] = None
    amounts: list[Amount] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    pages: list[int] = Field(default_factory=list)
    integration_related: bool = False
    history: list[str] = Field(default_factory=list, description="kotoex: earlier stages ('Body, § n, date')")
    provenance: Optional[ItemProvenance] = Field(default=None, description="kotoex: where each field was read")


class Practice(_Contract):
    municipalities: list[Municipality] = Field(default_factory=list)
    region_heading: Optional[str] = None
    title: str
    text: Optional[str] = None
    language: Optional[Language] = None
    themes: list[ThemeCode] = Field(default_factory=list, max_length=3,
                                    description="comparable theme codes (as for measures), from title and text")
    pages: list[int] = Field(default_factory=list)
    provenance: Optional[PracticeProvenance | Provenance] = Field(
        default=None, description="kotoex: where each field was read, and the words behind the themes")


class Document(_Contract):
    """One processed PDF: the root object of ``<stem>.json``."""

    schema_version: Literal["1"] = SCHEMA_VERSION
    source: Source
    document: DocumentInfo = Field(default_factory=DocumentInfo)
    measures: list[Measure] = Field(default_factory=list)
    decision: Optional[Decision] = None
    practices: list[Practice] = Field(default_factory=list)
    items: list[Item] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    # kotoex additions
    problems: list[Problem] = Field(default_factory=list, description="the warnings as records (kind, pages, "
                                                                       "severity); warnings are their messages")
    status: ExtractionStatus = ExtractionStatus.ok
    errors: list[str] = Field(default_factory=list, description="why a document failed, if it did")
    pipeline_version: Optional[str] = None
    confidence: Optional[float] = Field(default=None, ge=0, le=1)
    confidence_factors: list[ConfidenceFactor] = Field(
        default_factory=list, description="kotoex: the document-level evidence its confidence is made of "
                                          "(kotoex/confidence.py)")


def json_schema() -> dict[str, Any]:
    """The JSON Schema of :class:`Document`, as exported to ``models/document.schema.json``."""
    schema = Document.model_json_schema()
    schema["$id"] = "https://kotoex.invalid/schema/document-v1.json"
    schema["title"] = "kotoex Document (output contract, schema version 1)"
    return schema
