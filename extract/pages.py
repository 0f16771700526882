"""Page lists for people: [1, 2, 3, 5] → "1-3, 5" (warnings of the OCR and the pipeline)."""
from __future__ import annotations

from typing import Iterable


def page_ranges(nums: Iterable[int]) -> str:
    """Page numbers as runs: [1, 2, 3, 5] → "1-3, 5" (sorted, repeats dropped)."""
    spans: list[list[int]] = []
    for n in sorted(set(nums)):
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in spans)
