"""Review report: self-contained HTML per document, rendered in headless Chromium.

The Chromium tests skip where no chromium binary is installed (Debian: ``chromium``); the
corpus ones also where ../shared/corpus is absent.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from conftest import CORPUS, SAMPLES
from kotoex.pipeline import process_file
from kotoex.review import index_html, render_pages, review_command, review_file, review_html

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
NETWORK = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""", re.I)


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("review")(review_command)
    app.command("noop")(lambda: None)  # two commands: "review" stays a subcommand, as in kotoex.cli
    return app


def _screenshot(html: Path, png: Path, tmp: Path) -> None:
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp / 'profile'}",
           f"--screenshot={png}", "--window-size=1400,1000", html.resolve().as_uri()]
    subprocess.run(cmd, check=False, capture_output=True, timeout=120)


def _not_blank(png: Path) -> float:
    from PIL import Image, ImageStat

    with Image.open(png) as im:
        return ImageStat.Stat(im.convert("L")).stddev[0]


def test_review_html_is_self_contained_and_lists_low_confidence_first(tmp_path):
    pdf = SAMPLES / "turku_report_2013.pdf"
    target, doc = review_file(pdf, tmp_path, threshold=0.8, dpi=50)
    html = target.read_text(encoding="utf-8")
    assert target.name == "turku_report_2013.review.html"
    assert not NETWORK.search(html), NETWORK.search(html)
    assert html.count("data:image/jpeg;base64,") == doc.source.pages
    assert html.count("<svg") == doc.source.pages
    # every measure has a card and its text box on the page
    assert all(f"id='m{i}'" in html for i in range(len(doc.measures)))
    assert html.count("class='box") >= len(doc.measures)
    # the check-first table is ordered by confidence, low ones marked
    table = html.split("Check first", 1)[1].split("</table>", 1)[0]
    confs = [float(x) for x in re.findall(r"<td class=conf>([\d.]+)</td>", table)]
    assert len(confs) == len(doc.measures) and confs == sorted(confs)
    low = [m for m in doc.measures if m.confidence < 0.8]
    assert low and table.count("<tr class='low'>") == len(low)
    assert f"{len(low)} of {len(doc.measures)} measures below 0.80" in html


def test_review_of_decision_and_failed_documents(tmp_path):
    doc = process_file(SAMPLES / "turku_decision_2023.pdf")
    html = review_html(doc, render_pages(SAMPLES / "turku_decision_2023.pdf", dpi=30))
    assert "<h2>Decision</h2>" in html and "Check first" not in html
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"not a pdf at all")
    target, failed = review_file(bad, tmp_path)
    assert failed.status == "failed"
    assert "failed" in target.read_text(encoding="utf-8")


def test_review_command_on_a_folder(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name in ("turku_decision_2023.pdf", "jarvenpaa_targets_2020.pdf"):
        shutil.copy(SAMPLES / name, src / name)
    out = tmp_path / "out"
    result = CliRunner().invoke(_app(), ["review", str(src), "--out", str(out), "--dpi", "30"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "index.html", "jarvenpaa_targets_2020.review.html", "turku_decision_2023.review.html"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.index("jarvenpaa_targets_2020") < index.index("turku_decision_2023")  # least confident first
    empty = tmp_path / "empty"
    empty.mkdir()
    assert CliRunner().invoke(_app(), ["review", str(empty), "--out", str(out)]).exit_code == 2


def test_index_orders_by_confidence(tmp_path):
    docs = [process_file(SAMPLES / n) for n in ("turku_decision_2023.pdf", "turku_report_2013.pdf")]
    html = index_html([(Path(f"{d.source.file}.review.html"), d) for d in docs])
    assert html.index("turku_report_2013.pdf") < html.index("turku_decision_2023.pdf")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
@pytest.mark.parametrize("name", [
    "samples/turku_report_2013",
    "corpus/turku_report_2013__wp-grid-land",
    "corpus/vaasa_programme_2019__wp-open-port",
    "corpus/jarvenpaa_targets_2020__scan",
])
def test_review_renders_in_headless_chromium(name, tmp_path):
    where, stem = name.split("/")
    pdf = (SAMPLES if where == "samples" else CORPUS) / f"{stem}.pdf"
    if not pdf.exists():
        pytest.skip(f"{pdf} not available")
    target, doc = review_file(pdf, tmp_path / "out")
    png = tmp_path / "shot.png"
    _screenshot(target, png, tmp_path)
    assert png.exists() and png.stat().st_size > 10_000
    assert _not_blank(png) > 10.0
