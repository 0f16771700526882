"""``--executor dask``: the same batch on a dask.distributed LocalCluster gives the same bytes as the local pool."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from _badinputs import blank_pages_pdf, text_file
from conftest import SAMPLES
from kotoex.batch import Limits, process_many, run_batch
from kotoex.cli import app

runner = CliRunner()
GOOD = sorted(SAMPLES.glob("*.pdf"))


def test_help_shows_the_options():
    for cmd in ("batch", "ingest"):
        r = runner.invoke(app, [cmd, "--help"], env={"COLUMNS": "200", "TERMINAL_WIDTH": "200"})
        assert r.exit_code == 0
        assert "--executor" in r.output and "--scheduler" in r.output, r.output


def test_executor_dask_without_dask_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    (tmp_path / "in").mkdir()
    text_file(tmp_path / "in" / "x.pdf")
    r = runner.invoke(app, ["batch", str(tmp_path / "in"), "--out", str(tmp_path / "o"), "--executor", "dask"])
    assert r.exit_code == 2, r.output
    assert "pip install 'kotoex[distributed]'" in r.output.replace("\n", "")
    assert not (tmp_path / "o").exists()
    r = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--out", str(tmp_path / "ds"), "--executor", "dask"])
    assert r.exit_code == 2 and "kotoex[distributed]" in r.output.replace("\n", "")


def test_scheduler_needs_executor_dask(tmp_path):
    r = runner.invoke(app, ["batch", str(SAMPLES), "--out", str(tmp_path / "o"), "--scheduler", "tcp://127.0.0.1:1"])
    assert r.exit_code == 2 and "--executor dask" in r.output


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_dask_local_cluster_gives_the_same_bytes_as_the_local_pool(tmp_path):
    pytest.importorskip("distributed")
    inbox = tmp_path / "in"
    inbox.mkdir()
    for p in GOOD:
        (inbox / p.name).write_bytes(p.read_bytes())
    text_file(inbox / "notes.pdf")  # not a PDF
    paths = sorted(inbox.glob("*.pdf"))

    local = run_batch(paths, tmp_path / "local", workers=2)
    dask = run_batch(paths, tmp_path / "dask", workers=2, executor="dask")

    assert [(r.path, r.status, r.pages, r.measures, r.practices, r.reason) for r in dask.results] == \
           [(r.path, r.status, r.pages, r.measures, r.practices, r.reason) for r in local.results]
    a, b = _files(tmp_path / "local"), _files(tmp_path / "dask")
    assert sorted(a) == sorted(b)
    assert {"measures.csv", "practices.csv", "notes.json"} <= set(a)
    for name in a:  # every JSON and CSV byte for byte: nothing differs legitimately
        assert a[name] == b[name], name
    notes = json.loads(b["notes.json"])
    assert notes["status"] == "failed" and notes["source"]["file"] == "notes.pdf"
    assert "not a PDF" in notes["errors"][0]
    assert dask.count("failed") == 1 and dask.count("ok") + dask.count("partial") == len(GOOD)
    for p in GOOD:
        doc = json.loads(b[f"{p.stem}.json"])
        assert doc["source"]["file"] == p.name and doc["source"]["pages"] > 0


def test_dask_timeout_is_recorded_and_the_others_go_on(tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))  # the workers' temporary files (a killed one leaves its own)
    slow = blank_pages_pdf(tmp_path / "slow.pdf", 60000)  # several seconds of work
    quick = SAMPLES / "turku_decision_2023.pdf"  # about 0.1 s
    got = {p: doc for p, doc, _ in process_many([slow, quick], workers=1, limits=Limits(timeout=1.5),
                                                 executor="dask")}
    assert got[slow].status == "failed" and got[slow].errors == ["timed out after 1.5 s"]
    assert got[slow].source.file == "slow.pdf" and got[slow].source.sha256
    assert got[quick].status in ("ok", "partial"), got[quick].errors  # ran on the restarted worker


def test_cli_batch_and_ingest_with_executor_dask(tmp_path):
    pytest.importorskip("distributed")
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / GOOD[0].name).write_bytes(GOOD[0].read_bytes())
    text_file(inbox / "notes.pdf")
    r = runner.invoke(app, ["batch", str(inbox), "--out", str(tmp_path / "o"), "--executor", "dask",
                            "--workers", "1"])
    assert r.exit_code == 1, r.output  # notes.pdf failed
    assert "failed 1" in r.output and "notes.pdf" in r.output
    assert (tmp_path / "o" / f"{GOOD[0].stem}.json").exists()
    r = runner.invoke(app, ["ingest", str(inbox), "--out", str(tmp_path / "ds"), "--executor", "dask",
                            "--workers", "1", "--no-export"])
    assert r.exit_code == 1, r.output
    assert (tmp_path / "o" / f"{GOOD[0].stem}.json").read_bytes() == \
           (tmp_path / "ds" / "documents" / f"{GOOD[0].stem}.json").read_bytes()


def test_a_worker_lost_mid_document_fails_that_document_only(tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    psutil = pytest.importorskip("psutil")  # a dependency of distributed
    import threading
    import time
    import uuid

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))  # the workers' temporary folder (spawned processes read it afresh)
    slow = blank_pages_pdf(tmp_path / f"slow-{uuid.uuid4().hex}.pdf", 60000)
    quick = SAMPLES / "turku_decision_2023.pdf"
    killed = []

    def kill_when_running() -> None:  # the worker writes the PDF to its temporary folder, then processes it
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not list(tmp.glob(f"kotoex-dask-*/{slow.name}")):
            time.sleep(0.05)
        for c in psutil.Process().children(recursive=True):
            if "spawn_main" in " ".join(c.cmdline()):  # dask's worker processes (not the local pool's)
                c.kill()
                killed.append(c.pid)

    threading.Thread(target=kill_when_running, daemon=True).start()
    got = {p: doc for p, doc, _ in process_many([slow, quick], workers=1, limits=Limits(timeout=None),
                                                 executor="dask")}
    assert killed
    assert got[slow].status == "failed" and got[slow].errors[0].startswith("worker process died"), got[slow].errors
    assert got[quick].status in ("ok", "partial"), got[quick].errors
    assert not list(tmp.glob("kotoex-dask-*")), list(tmp.iterdir())  # the dead worker's folder was swept away
