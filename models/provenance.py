"""Provenance: where each field of a record was read, and why its confidence is what it is.

One model for measures, decisions and practices (``provenance`` in the JSON)::

    {"path": "grid", "coord_origin": "top-left",
     "fields": {"text": [{"page": 3, "bbox": [56.7, 120.2, 301.0, 160.4]}], ...},
     "confidence_factors": [{"signal": "path:borderless", "factor": 0.9, "field": null, "note": "..."}]}

``confidence_factors`` is on measures only (:class:`MeasureProvenance`); ``themes`` (the words that
decided each theme code, :class:`ThemeEvidence`) on measures and practices.
"""
from __future__ import annotations

from typing import Iterable, Literal, Optional

from pydantic import Field

from .base import JsonShaped


class Box(JsonShaped):
    """Where a value was read: 1-based page and a box in PDF points (x0, top, x1, bottom), origin top-left."""
    page: int
    bbox: tuple[float, float, float, float]


class ConfidenceFactor(JsonShaped):
    """One reason a confidence is below 1 (see kotoex/confidence.py)."""
    signal: str
    factor: float
    field: Optional[str] = Field(default=None, description="the field the doubt concerns; null: the whole record")
    note: str = ""


class Provenance(JsonShaped):
    """Where each field of a record was read."""
    path: str = Field(description="how the record was found: grid / borderless (table rows), narrative (a list "
                                  "under a heading), text (decisions, practices)")
    coord_origin: Literal["top-left"] = "top-left"
    fields: dict[str, list[Optional[Box]]] = Field(
        default_factory=dict, description="field -> boxes it was read from, one per page (or per list item)")


class ThemeEvidence(JsonShaped):
    """Words that voted for a theme code (normalize/themes.py)."""
    theme: str
    field: str = Field(description="text, goal or section of a measure (title or text of a practice)")
    words: str = Field(description="the words as printed")
    concept: str = Field(default="", description="the vocabulary concept (normalize/data/themes.jsonl) they matched")


class FieldConfidence(JsonShaped):
    """How sure one field of a measure is (the product of the factors that point at it) and the signal
    that set it (the weakest factor; ``evidence:none_against`` where none doubts it)."""
    value: float = Field(ge=0, le=1)
    signal: str


class MeasureProvenance(Provenance):
    confidence_factors: list[ConfidenceFactor] = Field(default_factory=list)
    field_confidence: dict[str, FieldConfidence] = Field(
        default_factory=dict, description="field -> {value, signal}: the field confidences the measure's is made of")
    themes: list[ThemeEvidence] = Field(default_factory=list, description="the words behind each theme, "
                                                                          "primary theme first")
    theme_confidence: Optional[float] = Field(default=None, ge=0, le=1,
                                              description="how clearly the words decided the primary theme")


class PracticeProvenance(Provenance):
    themes: list[ThemeEvidence] = Field(default_factory=list)
    theme_confidence: Optional[float] = Field(default=None, ge=0, le=1)


class ItemProvenance(Provenance):
    """Where an item of minutes was read, and the words that made it integration-related."""
    integration_evidence: list[str] = Field(default_factory=list)


def provenance(path: str, fields: dict[str, Iterable[Box | dict | None]], factors: Iterable | None = None
               ) -> Provenance:
    """The provenance of a record read by ``path`` from ``fields`` (boxes as models or as {page, bbox} dicts);
    with ``factors`` (confidence factors, models or dicts) a :class:`MeasureProvenance`."""
    boxes = {name: list(bs) for name, bs in fields.items()}
    if factors is None:
        return Provenance(path=path, fields=boxes)
    return MeasureProvenance(path=path, fields=boxes, confidence_factors=list(factors))
