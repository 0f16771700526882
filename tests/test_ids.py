"""Measure numbers whose dots OCR dropped or misread, repaired by the shape of the document's other ids."""
from __future__ import annotations

from kotoex.interpret.ids import repair_ids
from kotoex.interpret.rows import RawMeasure


def _m(mid: str | None) -> RawMeasure:
    return RawMeasure(id=mid, text="Toimenpide", section=None, goal=None, cells={}, pages=[1], boxes={})


def test_ids_with_lost_or_misread_dots_take_the_shape_of_the_other_ids():
    ms = [_m(i) for i in ("1.1.1", "111", "1:21", "1;2,3", "1.3.1", "2.1.1", "VS i", "13172", "1.10", None)]
    repair_ids(ms)
    assert [m.id for m in ms] == ["1.1.1", "1.1.1", "1.2.1", "1.2.3", "1.3.1", "2.1.1", "VS i", "13172", "1.10",
                                  None]


def test_plain_numbers_beside_two_part_ids_and_ids_of_mixed_shapes_are_left_alone():
    ms = [_m(i) for i in ("1.1", "1.2", "1.3", "12", "1:4")]
    repair_ids(ms)
    assert [m.id for m in ms] == ["1.1", "1.2", "1.3", "12", "1.4"]
    mixed = [_m(i) for i in ("1.1", "1.2", "2.1.1", "2.1.2", "111")]
    repair_ids(mixed)
    assert mixed[-1].id == "111"  # no shape most well-read ids share
