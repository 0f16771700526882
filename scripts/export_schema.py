"""Write models/document.schema.json from the pydantic models (run after changing models/)."""
import json
from pathlib import Path

from kotoex.models import json_schema

out = Path(__file__).resolve().parent.parent / "models" / "document.schema.json"
out.write_text(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
print(f"wrote {out}")
