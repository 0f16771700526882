"""The output contract as pydantic v2 models. Imports nothing else of kotoex."""
from .document import (
    SCHEMA_VERSION, Amount, BodyCode, Decision, DecisionPeriod, DocType, Document, DocumentInfo,
    ExtractionStatus, Item, Language, Measure, Municipality, Period, Person, Practice, Responsible,
    ResponsibleBody, Role, Schedule, Source, Status, StatusCode, ThemeCode, json_schema,
)
from .problem import KINDS as PROBLEM_KINDS, Problem, Severity, messages
from .provenance import (
    Box, ConfidenceFactor, FieldConfidence, ItemProvenance, MeasureProvenance, PracticeProvenance, Provenance, ThemeEvidence,
    provenance,
)

__all__ = [
    "SCHEMA_VERSION", "Amount", "BodyCode", "Box", "ConfidenceFactor", "FieldConfidence", "Decision", "DecisionPeriod", "DocType",
    "Document", "DocumentInfo", "ExtractionStatus", "Item", "ItemProvenance", "Language", "Measure", "MeasureProvenance", "Municipality",
    "PROBLEM_KINDS", "Period", "Person", "Practice", "Problem", "Provenance", "Responsible", "ResponsibleBody",
    "Role", "Schedule", "Severity", "Source", "Status", "StatusCode", "json_schema", "messages", "provenance",
    "PracticeProvenance", "ThemeCode", "ThemeEvidence",
]
