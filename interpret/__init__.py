"""Layer 2: page words and cells → document structure (tables, rows, sections, goals)."""
