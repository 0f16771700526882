"""The base of every model of the output contract."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class Contract(BaseModel):
    """A contract object: unknown fields are an error, enums are stored as their values."""
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class JsonShaped(Contract):
    """A kotoex record that can also be read like its JSON object (``prov["fields"]``, ``box.get("page")``).

    Code written against the JSON (the review page, scripts reading ``<stem>.json``) and code holding
    the model read the same way; new code should use attributes.
    """

    def __getitem__(self, key: str) -> Any:
        if key not in type(self).model_fields:
            raise KeyError(key)
        return getattr(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key) if key in type(self).model_fields else default

    def __contains__(self, key: object) -> bool:
        return key in type(self).model_fields
