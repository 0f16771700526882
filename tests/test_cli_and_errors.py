"""The command line's contract (outputs, exit codes, --help) and bad input turning into records."""
from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from conftest import SAMPLES
from kotoex import extract_pdf
from kotoex.cli import app
from kotoex.extract import EmptyPdfError, EncryptedPdfError, NotAPdfError, CorruptPdfError
from kotoex.pipeline import process_file

runner = CliRunner()
TURKU = SAMPLES / "turku_report_2013.pdf"


@pytest.mark.parametrize("cmd", [[], ["extract"], ["batch"]])
def test_help(cmd):
    r = runner.invoke(app, cmd + ["--help"])
    assert r.exit_code == 0
    assert "Usage" in r.output


def test_extract_writes_json_and_csv(tmp_path):
    r = runner.invoke(app, ["extract", str(TURKU), "--out", str(tmp_path), "-q"])
    assert r.exit_code == 0, r.output
    data = json.loads((tmp_path / "turku_report_2013.json").read_text(encoding="utf-8"))
    assert data["document"]["municipalities"] == [{"name": "Turku", "code": "853"}]
    lines = (tmp_path / "measures.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("file,sha256,doc_type") and len(lines) == 1 + len(data["measures"])
    assert (tmp_path / "practices.csv").exists()


def test_batch_records_failures_and_exits_1(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy(TURKU, inbox / "good.pdf")
    (inbox / "notes.pdf").write_text("this is not a PDF\n", encoding="utf-8")
    (inbox / "empty.pdf").write_bytes(b"")
    r = runner.invoke(app, ["batch", str(inbox), "--out", str(tmp_path / "out"), "--workers", "1"])
    assert r.exit_code == 1
    bad = json.loads((tmp_path / "out" / "notes.json").read_text(encoding="utf-8"))
    assert bad["status"] == "failed" and "not a PDF" in bad["errors"][0]
    assert json.loads((tmp_path / "out" / "empty.json").read_text(encoding="utf-8"))["status"] == "failed"
    assert json.loads((tmp_path / "out" / "good.json").read_text(encoding="utf-8"))["status"] == "ok"


def test_usage_error_exits_2(tmp_path):
    r = runner.invoke(app, ["extract", str(tmp_path / "missing.pdf")])
    assert r.exit_code == 2


def test_input_errors(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"")
    with pytest.raises(EmptyPdfError, match="empty"):
        extract_pdf(tmp_path / "a.pdf")
    (tmp_path / "b.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    with pytest.raises(NotAPdfError, match="an image"):
        extract_pdf(tmp_path / "b.pdf")
    (tmp_path / "c.pdf").write_bytes(TURKU.read_bytes()[:2000])
    with pytest.raises(CorruptPdfError, match="cannot read"):
        extract_pdf(tmp_path / "c.pdf")


def test_encrypted_pdf(tmp_path):
    reportlab = pytest.importorskip("reportlab")
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    path = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
    c.drawString(100, 700, "Toimenpide Vastuutaho")
    c.save()
    with pytest.raises(EncryptedPdfError, match="password"):
        extract_pdf(path)
    assert process_file(path).status == "failed"
