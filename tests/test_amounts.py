"""Money amounts in Finnish and Swedish forms, and what is never money (normalize/amounts.py)."""
import pytest

from kotoex.normalize.amounts import find_amounts, find_grouped_numbers, parse_fi_number


def values(text):
    return [v for v, _, _ in find_amounts(text)]


@pytest.mark.parametrize("text, value", [
    ("1.250.000 €", 1_250_000.0),
    ("13.500.000 €", 13_500_000.0),
    ("1 250 000 euroa", 1_250_000.0),
    ("45.000 €", 45_000.0),
    ("0,2 milj. €", 200_000.0),
    ("0,2 milj. euroa", 200_000.0),
    ("41,3 m€", 41_300_000.0),
    ("12 500 euro", 12_500.0),
    ("5 miljoner euro", 5_000_000.0),
    ("yhteensä 10.430,76 €.", 10_430.76),
    ("8.602,\u200b09 €", 8_602.09),           # zero-width space after the comma
    ("189\u00a0000 euroa", 189_000.0),        # no-break space
    ("€ 5 000", 5_000.0),
])
def test_money_forms(text, value):
    assert values(text) == [pytest.approx(value)]


def test_raw_is_clean_and_spans_point_into_text():
    text = "Kustannukset ovat 8.602,\u200b09 € vuodessa."
    (v, raw, (a, b)), = find_amounts(text)
    assert raw == "8.602,09 €"
    assert text[a:b].replace("\u200b", "") == raw


@pytest.mark.parametrize("text", [
    "Faksi 029 564 2760",
    "numeroon 029 564 2760 €",                # a leading-zero group is a phone number
    "puh. 06 438 4111",
    "Tilinumero FI12 3456 7890 1234 56",
    "Y-tunnus 1234567-8",
    "LAPDno-2024-860",
    "NKBY/497/00.01.02/2022",
    "päätös 30.11.2024",
    "ajalla 1.1.-30.11.2024",
])
def test_never_money(text):
    assert find_amounts(text) == []
    assert find_grouped_numbers(text) == []


def test_grouped_numbers_keep_working():
    got = [v for v, _, _ in find_grouped_numbers("osuus on 98 100, josta 68 670 on avustusta, 1.9.2023")]
    assert got == [98100.0, 68670.0]


def test_parse_fi_number():
    assert parse_fi_number("1.250.000") == 1_250_000.0
    assert parse_fi_number("12 345,67") == 12345.67
    assert parse_fi_number("8.602,\u200b09") == 8602.09
    assert parse_fi_number("x") is None
