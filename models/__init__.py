"""The output contract as pydantic v2 models. Imports nothing else of kotoex."""
from .document import (
    SCHEMA_VERSION, Amount, BodyCode, Box, Decision, DecisionPeriod, DocType, Document, DocumentInfo,
    ExtractionStatus, Item, Language, Measure, Municipality, Period, Person, Practice, Responsible,
    ResponsibleBody, Role, Schedule, Source, Status, StatusCode, json_schema,
)

__all__ = [
    "SCHEMA_VERSION", "Amount", "BodyCode", "Box", "Decision", "DecisionPeriod", "DocType", "Document",
    "DocumentInfo", "ExtractionStatus", "Item", "Language", "Measure", "Municipality", "Period", "Person",
    "Practice", "Responsible", "ResponsibleBody", "Role", "Schedule", "Source", "Status", "StatusCode",
    "json_schema",
]
