"""The comparison report: CSV tables and one self-contained HTML page, checked in headless Chromium."""
from __future__ import annotations

import csv
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from _tables_synth import Table, draw_pdf
from conftest import CORPUS, SAMPLES
from kotoex.cli import app
from kotoex.compare import build_report
from kotoex.ingest import ingest

runner = CliRunner()
CHARTS = ["themes_by_municipality", "status_by_theme", "status_by_municipality", "bodies_by_municipality",
          "schedules_by_year"]
THEMES = ["initial_phase", "employment", "language", "education", "children_youth_family", "health_wellbeing",
          "housing", "participation", "good_relations", "refugees", "service_access", "coordination"]

SCHEDULED = [
    ("1.1", "Suomen kielen opetusta lisätään\nkaikille ikäryhmille", "Sivistystoimiala", "2022-2023"),
    ("1.2", "Työllisyyspalvelut kootaan\nyhteen paikkaan", "Kaupunginhallitus", "2023"),
    ("1.3", "Neuvontaa tarjotaan omalla kielellä", "Sosiaali- ja terveystoimiala", "2024-2025"),
]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("compare")
    inbox = root / "inbox"
    inbox.mkdir()
    for p in SAMPLES.glob("*.pdf"):
        shutil.copy(p, inbox / p.name)
    # the samples have no schedule column: a generated programme supplies one in any clone
    draw_pdf(inbox / "pori_programme_2022.pdf", [Table(SCHEDULED, heading="1. Kieli ja koulutus", top=90.0)],
             title="Porin kaupungin kotouttamisohjelma 2022-2025")
    if CORPUS.is_dir():
        for p in sorted(CORPUS.glob("*__wp-shade-land.pdf"))[:6]:
            shutil.copy(p, inbox / p.name)
    (inbox / "empty.pdf").write_bytes(b"")
    ds = root / "ds"
    ingest(inbox, ds, workers=2, export=False)
    out = root / "report"
    r = runner.invoke(app, ["compare", str(ds), "--out", str(out)])
    assert r.exit_code == 0, r.output
    return out


def test_csv_tables(report):
    for name in CHARTS + ["municipalities", "measures_by_section"]:
        with open(report / f"{name}.csv", encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        assert rows, name
    with open(report / "status_by_municipality.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert any(r["municipality_label"] == "Turku (853)" for r in rows)


def _rows(report: Path, name: str) -> list[dict]:
    with open(report / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_theme_tables(report):
    wide = _rows(report, "themes_by_municipality")
    assert list(wide[0])[:13] == ["municipality_label"] + THEMES  # every code a column, in contract order
    assert list(wide[0])[-1] == "total"
    for r in wide:
        assert sum(int(r[t]) for t in THEMES + (["(no theme)"] if "(no theme)" in r else [])) == int(r["total"])
    munis = {r["municipality_label"]: r for r in _rows(report, "municipalities")}
    for r in wide:  # every measure of a municipality is counted under one theme
        assert int(r["total"]) == int(munis[r["municipality_label"]]["measures"])
    by_theme = {r["theme"]: r for r in _rows(report, "status_by_theme")}
    assert set(by_theme) <= set(THEMES) | {"(no theme)"}
    total = sum(int(v) for r in by_theme.values() for k, v in r.items() if k != "theme")
    assert total == sum(int(r["total"]) for r in wide)
    if CORPUS.is_dir():  # the corpus' report documents have status columns; Espoo's programme has employment
        espoo = next(r for r in wide if r["municipality_label"] == "Espoo (049)")
        assert int(espoo["employment"]) >= 5
        assert int(by_theme["language"]["implemented"]) + int(by_theme["language"].get("ongoing") or 0) > 0


def test_min_confidence_leaves_low_measures_out(report, tmp_path):
    ds = report.parent / "ds"
    everything = build_report(ds, tmp_path / "all")
    strict = build_report(ds, tmp_path / "strict", min_confidence=0.99)
    assert strict.left_out > 0 and strict.measures == everything.measures - strict.left_out
    with open(tmp_path / "strict" / "themes_by_municipality.csv", encoding="utf-8", newline="") as f:
        assert sum(int(r["total"]) for r in csv.DictReader(f)) == strict.measures
    page = (tmp_path / "strict" / "report.html").read_text(encoding="utf-8")
    assert f"({strict.left_out} below confidence 0.99 left out)" in page
    r = runner.invoke(app, ["compare", str(ds), "--out", str(tmp_path / "cli"), "--min-confidence", "0.99"])
    assert r.exit_code == 0, r.output
    assert f"{strict.measures} measures" in r.output


def test_html_is_self_contained(report):
    page = (report / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    for name in CHARTS:
        assert f'<figure data-chart="{name}"><svg' in page, name
    assert "<script" not in page
    # nothing to fetch: no external src/href/url() (SVG namespace declarations are not fetched)
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', page)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page)
    assert "<link" not in page


def _chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not exe:
        pytest.skip("chromium not installed (apt-get install chromium)")
    return exe


def _run_chromium(exe: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
           f"--user-data-dir={tmp_path / 'chromium-profile'}", "--enable-logging=stderr", "--v=0", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def _console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "CONSOLE" in line]


def test_report_renders_in_headless_chromium(report, tmp_path):
    exe = _chromium()
    url = (report / "report.html").resolve().as_uri()

    dom = _run_chromium(exe, tmp_path, "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert _console_messages(dom.stderr) == []
    for name in CHARTS:
        assert f'data-chart="{name}"' in dom.stdout
    assert dom.stdout.count("<svg") >= len(CHARTS)

    shot = tmp_path / "report.png"
    res = _run_chromium(exe, tmp_path, "--hide-scrollbars", "--window-size=1280,2600", f"--screenshot={shot}", url)
    assert res.returncode == 0, res.stderr[-2000:]
    assert _console_messages(res.stderr) == []
    assert shot.exists() and shot.stat().st_size > 10_000

    from PIL import Image

    img = Image.open(shot).convert("RGB")
    assert img.size == (1280, 2600)
    small = img.resize((320, 650))
    raw = small.tobytes()
    pixels = [tuple(raw[i:i + 3]) for i in range(0, len(raw), 3)]
    non_white = sum(1 for p in pixels if sum(p) < 720)
    assert non_white > 0.05 * len(pixels)  # the page is not blank

    def near(c, target, tol=40):
        return all(abs(a - b) <= tol for a, b in zip(c, target))

    bar_blue = (0x3F, 0x6F, 0xB5)  # the theme heatmap's fullest cells
    implemented = (0x2E, 0x7D, 0x32)  # the status chart's "implemented" colour
    assert sum(1 for p in pixels if near(p, bar_blue)) > 100
    assert sum(1 for p in pixels if near(p, implemented)) > 20
    shutil.copy(shot, report / "screenshot.png")  # for a person to look at


def test_compare_on_a_batch_folder(tmp_path):
    out = tmp_path / "batch"
    assert runner.invoke(app, ["batch", str(SAMPLES), "--out", str(out), "-w", "1"]).exit_code == 0
    rep = build_report(out, tmp_path / "rep")
    assert rep.documents == len(list(SAMPLES.glob("*.pdf")))
    assert "status_by_municipality" in rep.charts


def test_compare_on_an_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    rep = build_report(tmp_path / "empty", tmp_path / "rep")
    assert rep.documents == 0 and rep.charts == []
    assert "No data for this chart" in rep.html_path.read_text(encoding="utf-8")
