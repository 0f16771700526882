"""Resource limits on hostile PDFs (issue 18): OCR render size capped in pixels; review in limited workers."""
from __future__ import annotations

import re

from typer.testing import CliRunner

from _make import huge_image_pdf, write
from kotoex.batch import process_many
from kotoex.cli import app
from kotoex.extract.ocr import OcrSettings
from kotoex.runner_types import Limits

runner = CliRunner()


def test_ocr_dpi_is_lowered_only_for_huge_pages():
    s = OcrSettings()
    assert s.dpi_for(595, 842) == s.dpi  # A4 at 300 dpi: 8.7 Mpx, as before
    assert s.dpi_for(1191, 1684) == s.dpi  # A2: 35 Mpx
    dpi = s.dpi_for(14400, 14400)
    assert dpi < 40 and (14400 * dpi / 72) ** 2 <= s.max_pixels


def test_a_huge_image_page_is_read_within_the_memory_limit(tmp_path):
    pdf = write(tmp_path / "huge.pdf", huge_image_pdf())
    assert pdf.stat().st_size < 2000
    docs = {p: d for p, d, _s in process_many([pdf], limits=Limits(timeout=120, memory_mb=4096))}
    doc = docs[pdf]
    assert not any("memory" in e or "timed out" in e or "died" in e for e in doc.errors), doc.errors
    assert doc.source.pages == 1


def test_review_of_a_huge_page_runs_in_a_limited_worker(tmp_path):
    pdf = write(tmp_path / "in" / "huge.pdf", huge_image_pdf())
    out = tmp_path / "review"
    r = runner.invoke(app, ["review", str(pdf.parent), "--out", str(out), "--memory-limit", "4096",
                            "--timeout", "120"])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    html = (out / "huge.review.html").read_text(encoding="utf-8")
    assert "huge.pdf" in html
    img = re.search(r"<img alt='page 1' src='data:image/jpeg;base64,([^']+)'", html)
    assert img and len(img.group(1)) < 2_000_000  # rendered at the review's pixel cap, not at --dpi


def test_review_of_a_nested_xobject_bomb_is_stopped_by_the_time_limit(tmp_path):
    from _make import xobject_bomb

    pdf = write(tmp_path / "in" / "bomb.pdf", xobject_bomb())
    good = write(tmp_path / "in" / "good.pdf", huge_image_pdf(600))
    assert pdf.stat().st_size < 5000
    out = tmp_path / "review"
    r = runner.invoke(app, ["review", str(pdf.parent), "--out", str(out), "--timeout", "3", "--dpi", "20"])
    assert r.exit_code == 1, r.output
    html = (out / "bomb.review.html").read_text(encoding="utf-8")
    assert "timed out after 3 s" in html
    assert (out / "good.review.html").exists() and "good.pdf" in (out / "index.html").read_text(encoding="utf-8")
