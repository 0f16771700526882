"""Schedule cells → {"raw", "start", "end", "continuous"} (normalize/schedule.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kotoex.normalize.schedule import ScheduleVocab, parse_schedule

PERIOD = (2020, 2023)


@pytest.mark.parametrize(
    "raw,start,end,continuous",
    [
        ("2021", 2021, 2021, False),
        ("2023–2024", 2023, 2024, False),
        ("2023-2024", 2023, 2024, False),
        ("2023 – 2024", 2023, 2024, False),
        ("2019–22", 2019, 2022, False),
        ("2022, 2024", 2022, 2024, False),
        ("Syksy 2023", 2023, 2023, False),
        ("Kevät 2020", 2020, 2020, False),
        ("Hösten 2021", 2021, 2021, False),
        ("Jatkuva", None, None, True),
        ("jatkuvaa", None, None, True),
        ("JATKUVA", None, None, True),
        ("Jatkuu", None, None, True),
        ("Vuosittain", None, None, True),
        ("Årligen", None, None, True),
        ("Fortlöpande", None, None, True),
        ("Koko ohjelmakausi", 2020, 2023, False),
        ("Koko ohjelmakauden ajan", 2020, 2023, False),
        ("Ohjelmakauden aikana", 2020, 2023, False),
        ("Under programperioden", 2020, 2023, False),
        # a year then "continuous": started that year and goes on
        ("2020 Jatkuva", 2020, None, True),
        ("2020\nJatkuva", 2020, None, True),
        ("Vuosittain 2020–2022", 2020, 2022, True),
        ("2021 alkaen", 2021, None, True),
        ("Från och med 2021", 2021, None, True),
        ("2021 mennessä", None, 2021, False),
        ("Tarvittaessa", None, None, False),
    ],
)
def test_parse_schedule(raw: str, start: int | None, end: int | None, continuous: bool) -> None:
    got = parse_schedule(raw, PERIOD)
    assert got is not None
    assert (got["start"], got["end"], got["continuous"]) == (start, end, continuous)
    assert got["raw"] == " ".join(raw.split())


@pytest.mark.parametrize("raw", [None, "", "  ", "\n"])
def test_empty(raw: str | None) -> None:
    assert parse_schedule(raw, PERIOD) is None


def test_period_phrase_without_period() -> None:
    assert parse_schedule("Koko ohjelmakausi") == {
        "raw": "Koko ohjelmakausi", "start": None, "end": None, "continuous": False,
    }


def test_not_a_year_range() -> None:
    got = parse_schedule("2019-05")
    assert got is not None and (got["start"], got["end"]) == (2019, 2019)


def test_vocab_extension(tmp_path: Path) -> None:
    extra = tmp_path / "words.json"
    extra.write_text(json.dumps({"continuous": ["aina"]}), encoding="utf-8")
    vocab = ScheduleVocab.load(extra_files=[extra])
    assert parse_schedule("Aina", vocab=vocab)["continuous"] is True  # type: ignore[index]
    assert parse_schedule("Aina")["continuous"] is False  # type: ignore[index]


from conftest import CORPUS  # noqa: E402


def _gold() -> list[tuple[str, dict, tuple[int | None, int | None] | None]]:
    out = []
    if CORPUS.is_dir():
        for path in sorted(CORPUS.glob("*__wp-grid-land.gold.json")):
            doc = json.loads(path.read_text(encoding="utf-8"))
            per = (doc.get("document") or {}).get("period")
            period = (per["start"], per["end"]) if per else None
            for m in doc.get("measures", []):
                if m.get("schedule"):
                    out.append((path.name.split("__")[0], m["schedule"], period))
    return out


_GOLD = _gold()


@pytest.mark.shared
@pytest.mark.parametrize("doc,sched,period", _GOLD or [pytest.param(None, None, None, marks=pytest.mark.skip(
    reason="shared corpus not available"))])
def test_gold_schedules(doc: str, sched: dict, period: tuple[int | None, int | None] | None) -> None:
    assert parse_schedule(sched["raw"], period) == sched
