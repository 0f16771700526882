"""Amount columns: a table header that states the unit ("1000 €", "t€", "milj. €") scales the numbers under it."""
import pytest

from kotoex.normalize.amounts import cell_amount, column_unit


@pytest.mark.parametrize("header, unit", [
    ("1000 €", 1000.0), ("TA 2024 (1 000 euroa)", 1000.0), ("Budget 2024, 1000 euro", 1000.0),
    ("t€", 1000.0), ("tuhatta euroa", 1000.0), ("TEUR", 1000.0), ("k€", 1000.0), ("tusen euro", 1000.0),
    ("milj. €", 1e6), ("M€", 1e6), ("milj. euroa", 1e6), ("MEUR", 1e6),
    ("€", 1.0), ("Kustannukset, euroa", 1.0),
    ("Tot-%", None), ("TA 2024", None), ("Talousarvio 2022", None), ("Toimenpide", None),
])
def test_column_unit(header, unit):
    assert column_unit(header) == unit


@pytest.mark.parametrize("cell, unit, value", [
    ("11 598", 1000.0, 11_598_000.0), ("-35 516", 1000.0, -35_516_000.0), ("−1 234,5", 1000.0, -1_234_500.0),
    ("0,2", 1e6, 200_000.0), ("41,3", 1e6, 41_300_000.0), ("12 500", 1.0, 12_500.0),
    ("5 000 €", 1000.0, 5_000.0),  # the cell's own currency wins
    ("8.602,\u200b09", 1.0, 8_602.09),
    ("12 %", 1000.0, None), ("", 1000.0, None), ("ei rahoitusta", 1000.0, None),
    ("2023", None, None),  # no unit in the header: a bare number is no amount
    ("029 564 2760", 1.0, None),  # a phone number
])
def test_cell_amount(cell, unit, value):
    assert cell_amount(cell, unit) == value


def test_a_budget_table_read_with_its_header():
    header = ["Tulosalue", "TP 2023 1000 €", "TA 2024 1000 €", "Muutos %"]
    row = ["Kotouttamispalvelut", "1 250", "1 310,5", "4,8"]
    units = [column_unit(h) for h in header]
    assert units == [None, 1000.0, 1000.0, None]
    assert [cell_amount(c, u) for c, u in zip(row, units)] == [None, 1_250_000.0, 1_310_500.0, None]
