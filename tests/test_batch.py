"""Batch runs: worker processes, per-document time limit, memory guard, summary and exit codes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from _badinputs import blank_pages_pdf, empty_file, encrypted_pdf, png_image, text_file
from conftest import SAMPLES
from kotoex.batch import Limits, find_pdfs, process_many, run_batch
from kotoex.cli import app

runner = CliRunner()
GOOD = sorted(SAMPLES.glob("*.pdf"))


def test_process_many_records_every_bad_document_and_goes_on(tmp_path):
    bad = [empty_file(tmp_path / "empty.pdf"), text_file(tmp_path / "notes.pdf"), png_image(tmp_path / "img.pdf"),
           encrypted_pdf(tmp_path / "locked.pdf")]
    paths = bad + GOOD
    got = {p: doc for p, doc, _secs in process_many(paths, workers=2)}
    assert set(got) == set(paths)
    for p in bad:
        assert got[p].status == "failed" and got[p].errors, p
    for p in GOOD:
        assert got[p].status in ("ok", "partial"), (p, got[p].errors)
    assert "encrypted" in got[tmp_path / "locked.pdf"].errors[0]


def test_stuck_document_is_killed_and_the_next_one_still_runs(tmp_path):
    slow = blank_pages_pdf(tmp_path / "slow.pdf", 3000)
    paths = [slow, GOOD[0]]
    results = {p: doc for p, doc, _ in process_many(paths, workers=1, limits=Limits(timeout=0.05))}
    assert results[slow].status == "failed"
    assert results[slow].errors == ["timed out after 0.05 s"]
    # the worker was replaced: the next document ran in a fresh one (it may time out too on a slow machine,
    # but it is recorded either way)
    assert GOOD[0] in results
    again = {p: doc for p, doc, _ in process_many([GOOD[0]], workers=1, limits=Limits(timeout=120))}
    assert again[GOOD[0]].status in ("ok", "partial")


def test_memory_guard_fails_the_document_not_the_batch(tmp_path):
    got = list(process_many(GOOD[:2], workers=1, limits=Limits(memory_mb=20)))
    assert len(got) == 2
    for _p, doc, _ in got:
        assert doc.status == "failed"
        assert "memory" in doc.errors[0]


def test_run_batch_writes_json_and_tables(tmp_path):
    out = tmp_path / "out"
    res = run_batch(GOOD + [empty_file(tmp_path / "empty.pdf")], out, workers=2)
    assert len(res.results) == len(GOOD) + 1
    assert [r.path for r in res.results] == GOOD + [tmp_path / "empty.pdf"]  # input order
    assert res.count("failed") == 1
    for p in GOOD:
        doc = json.loads((out / f"{p.stem}.json").read_text(encoding="utf-8"))
        assert doc["source"]["file"] == p.name
    empty = json.loads((out / "empty.json").read_text(encoding="utf-8"))
    assert empty["status"] == "failed" and "empty" in empty["errors"][0]
    assert (out / "measures.csv").read_text(encoding="utf-8").startswith("file,sha256,")


def test_inline_mode_matches(tmp_path):
    res = run_batch(GOOD[:1], tmp_path / "o", isolate=False)
    assert res.results[0].status in ("ok", "partial")


def test_cli_batch_exit_codes_and_summary(tmp_path):
    good = tmp_path / "good"
    good.mkdir()
    for p in GOOD:
        (good / p.name).symlink_to(p)
    r = runner.invoke(app, ["batch", str(good), "--out", str(tmp_path / "o1"), "--workers", "2"])
    assert r.exit_code == 0, r.output
    assert "failed 0" in r.output and "measures" in r.output

    text_file(good / "notes.pdf")
    r = runner.invoke(app, ["batch", str(good), "--out", str(tmp_path / "o2"), "-w", "2", "--timeout", "120",
                            "--memory-limit", "2048"])
    assert r.exit_code == 1
    assert "failed 1" in r.output and "notes.pdf" in r.output
    assert "Traceback" not in r.output

    r = runner.invoke(app, ["batch", str(tmp_path / "missing"), "--out", str(tmp_path / "o3")])
    assert r.exit_code == 2
    r = runner.invoke(app, ["batch", str(good), "--timeout", "soon"])
    assert r.exit_code == 2
    empty = tmp_path / "nothing"
    empty.mkdir()
    r = runner.invoke(app, ["batch", str(empty), "--out", str(tmp_path / "o4")])
    assert r.exit_code == 2


def test_cli_extract_still_works(tmp_path):
    r = runner.invoke(app, ["extract", str(GOOD[0]), "--out", str(tmp_path)])
    assert r.exit_code == 0, r.output
    assert (tmp_path / f"{GOOD[0].stem}.json").exists()


def test_find_pdfs_is_case_insensitive(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "X.PDF").write_bytes(b"%PDF-1.4")
    (tmp_path / "b.txt").write_text("x")
    assert [p.name for p in find_pdfs([tmp_path])] == ["X.PDF"]


@pytest.mark.parametrize("workers", [1, 2])
def test_no_paths(workers):
    assert list(process_many([], workers=workers)) == []
