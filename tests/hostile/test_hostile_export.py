"""Export under kill -9, and PDF text that looks like markup in compare and vocab (issue 18)."""
from __future__ import annotations

import csv
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SAMPLES
from kotoex.cli import app

runner = CliRunner()
TABLES = ("documents", "measures", "bodies", "practices", "decisions", "amounts")


@pytest.fixture(scope="module")
def batch_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("exp") / "batch"
    r = runner.invoke(app, ["batch", str(SAMPLES), "--out", str(out), "-w", "2", "-q"])
    assert r.exit_code == 0, r.output
    return out


def _grow(folder: Path, originals: list[Path], n: int, start: int) -> None:
    """``n`` more copies of the documents under new names (each a distinct document of the folder)."""
    for i in range(start, start + n):
        for p in originals:
            (folder / f"{p.stem}__copy{i}.json").write_bytes(p.read_bytes())


def _consistent(export: Path) -> int:
    """The export folder holds one complete export: every table equal in CSV, Parquet and DuckDB. Its documents."""
    import duckdb
    import pyarrow.parquet as pq

    assert (export / "datapackage.json").exists()
    con = duckdb.connect(str(export / "kotoex.duckdb"), read_only=True)
    try:
        counts = {}
        for t in TABLES:
            with (export / "data" / f"{t}.csv").open(encoding="utf-8", newline="") as f:
                n_csv = sum(1 for _ in csv.DictReader(f))
            n_pq = pq.read_metadata(export / "parquet" / f"{t}.parquet").num_rows
            n_db = con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            assert n_csv == n_pq == n_db, (t, n_csv, n_pq, n_db)
            counts[t] = n_csv
    finally:
        con.close()
    return counts["documents"]


def test_export_is_atomic_under_kill_9(batch_out, tmp_path):
    folder = tmp_path / "ds"
    folder.mkdir()
    originals = []
    for p in batch_out.glob("*.json"):
        (folder / p.name).write_bytes(p.read_bytes())
        originals.append(folder / p.name)
    (folder / "keep.tmp").write_text("a user's file", encoding="utf-8")
    (folder / ".notes.json.abc.tmp").write_text("a user's hidden file", encoding="utf-8")
    cmd = [sys.executable, "-c", "from kotoex.cli import main; main()", "export", str(folder), "-q"]
    rnd = random.Random(18)
    docs = len(originals)
    seen_counts = set()
    killed = 0
    for i in range(6):
        _grow(folder, originals, 40, i * 40)
        docs += 40 * len(originals)
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rnd.uniform(1.0, 4.0))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            killed += 1
        proc.wait()
        if (folder / "export").exists():
            seen_counts.add(_consistent(folder / "export"))
        leftovers = [p.name for p in folder.iterdir() if p.name.endswith(".tmp") or p.name.endswith(".wal")]
        assert sorted(leftovers) == [".notes.json.abc.tmp", "keep.tmp"]  # (kotoex's own are in .kotoex-export-*)
    assert killed >= 1
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert _consistent(folder / "export") == docs
    assert not [p for p in folder.iterdir() if p.name.startswith(".kotoex-")]  # the killed runs' folders are gone
    assert (folder / "keep.tmp").read_text(encoding="utf-8") == "a user's file"
    assert (folder / ".notes.json.abc.tmp").exists()


def test_export_refuses_to_replace_a_folder_that_is_not_its_own(batch_out, tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    for p in batch_out.glob("*.json"):
        (folder / p.name).write_bytes(p.read_bytes())
    (folder / "export").mkdir()
    (folder / "export" / "thesis.docx").write_text("mine", encoding="utf-8")
    r = runner.invoke(app, ["export", str(folder), "-q"])
    assert r.exit_code == 2, r.output
    assert "not a kotoex export" in " ".join(r.output.split())
    assert (folder / "export" / "thesis.docx").read_text(encoding="utf-8") == "mine"


def _doc_with(batch_out: Path, folder: Path, section: str, body: str) -> None:
    doc = json.loads((batch_out / "turku_report_2013.json").read_text(encoding="utf-8"))
    for m in doc["measures"]:
        m["section"] = section
        for b in (m.get("responsible") or {}).get("bodies") or []:
            b.update(name=body, code="other", match="none")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "turku_report_2013.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def test_compare_draws_dollar_signs_as_text(batch_out, tmp_path):
    folder = tmp_path / "cmp"
    _doc_with(batch_out, folder, "Kustannukset $x^$ ja $\\foo{1}$ euroa", "=HYPERLINK(\"http://x\")")
    (folder / "jarvenpaa_targets_2020.json").write_bytes((batch_out / "jarvenpaa_targets_2020.json").read_bytes())
    r = runner.invoke(app, ["compare", str(folder), "--out", str(tmp_path / "rep"), "-q"])
    assert r.exit_code == 0, r.output
    html = (tmp_path / "rep" / "report.html").read_text(encoding="utf-8")
    assert "$x^$" in html  # drawn as the text it is (mathtext fails on it and took the whole report down)
    for p in (tmp_path / "rep").glob("*.csv"):
        with p.open(encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in row), (p.name, row)


def test_vocab_prints_pdf_text_as_text(batch_out, tmp_path):
    folder = tmp_path / "voc"
    _doc_with(batch_out, folder, "Osio", "[blink]Tervetulotoimisto[/blink] \x1b[31mpunainen\x1b[0m")
    r = runner.invoke(app, ["vocab", str(folder), "--csv", str(tmp_path / "v.csv")], env={"COLUMNS": "300"})
    assert r.exit_code == 0, r.output
    assert "[blink]Tervetulotoimisto[/blink]" in r.output
    assert "\x1b" not in r.output
    rows = list(csv.DictReader((tmp_path / "v.csv").open(encoding="utf-8")))
    assert rows and rows[0]["name"].startswith("[blink]")
