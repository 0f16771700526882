"""The nightly ingest: state, reruns, changed files, bad input, the lock, and kill -9 in the middle."""
from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from _badinputs import BAD_NAMES, write_bad_inputs
from conftest import CORPUS, ROOT, SAMPLES
from kotoex import __version__
from kotoex.cli import app
from kotoex.ingest import STATE_FILE, dataset_lock, ingest, state_rows

runner = CliRunner()


def good_pdfs(n_corpus: int = 3) -> list[Path]:
    """The samples, plus a few born-digital corpus PDFs where the shared corpus is present."""
    pdfs = sorted(SAMPLES.glob("*.pdf"))
    if CORPUS.is_dir():
        pdfs += sorted(CORPUS.glob("*__wp-grid-land.pdf"))[:n_corpus]
    return pdfs


def make_inbox(root: Path, *, blank_pages: int = 3000, n_corpus: int = 3) -> tuple[Path, list[str], list[str]]:
    inbox = root / "inbox"
    (inbox / "sub").mkdir(parents=True)
    good = []
    for i, p in enumerate(good_pdfs(n_corpus)):
        rel = f"sub/{p.name}" if i % 2 else p.name
        (inbox / rel).write_bytes(p.read_bytes())  # copies: tests touch and change them
        good.append(rel)
    write_bad_inputs(inbox / "bad", SAMPLES / "turku_report_2013.pdf", blank_pages=blank_pages)
    bad = [f"bad/{n}" for n in BAD_NAMES]
    return inbox, good, bad


def csv_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("ingest")
    inbox, good, bad = make_inbox(root)
    ds = root / "ds"
    r = runner.invoke(app, ["ingest", str(inbox), "--out", str(ds), "--workers", "2"])
    return inbox, ds, good, bad, r


def test_first_run_processes_everything(first_run):
    inbox, ds, good, bad, r = first_run
    assert r.exit_code == 1, r.output  # bad inputs failed
    assert "Traceback" not in r.output
    rows = {row["path"]: row for row in state_rows(ds)}
    assert set(rows) == set(good) | set(bad)
    for rel in good:
        row = rows[rel]
        assert row["status"] in ("ok", "partial"), (rel, row["error"])
        assert row["pipeline_version"] == __version__
        doc = json.loads((ds / row["output"]).read_text(encoding="utf-8"))
        assert doc["source"]["sha256"] == row["sha256"]
        assert row["seconds"] is not None and row["processed_at"]
    docs = {d["source_path"]: d for d in csv_rows(ds / "export" / "data" / "documents.csv")}
    assert set(docs) == set(good) | set(bad)
    measures = csv_rows(ds / "export" / "data" / "measures.csv")
    for rel in good:
        n = rows[rel]["measures"] + rows[rel]["practices"] + int(docs[rel]["decisions"])
        assert n > 0, rel  # every good PDF yields rows
        assert sum(1 for m in measures if m["doc_id"] == docs[rel]["doc_id"]) == rows[rel]["measures"]


def test_every_bad_input_has_an_error_record(first_run):
    inbox, ds, good, bad, r = first_run
    rows = {row["path"]: row for row in state_rows(ds)}
    for rel in bad:
        row = rows[rel]
        if rel == "bad/broken_xref.pdf":  # pdfium rebuilds a broken xref table: it may well be read
            assert row["status"] in ("ok", "partial", "failed")
            continue
        assert row["status"] == "failed", rel
        assert row["error"], rel
        assert f"failed: {rel}" in " ".join(r.output.split())
    assert "empty" in rows["bad/empty.pdf"]["error"]
    assert "not a PDF" in rows["bad/notes.pdf"]["error"]
    assert "image" in rows["bad/image.pdf"]["error"]
    assert "encrypted" in rows["bad/encrypted.pdf"]["error"]
    assert rows["bad/blank_pages.pdf"]["pages"] == 3000
    docs = {d["source_path"]: d for d in csv_rows(ds / "export" / "data" / "documents.csv")}
    assert docs["bad/empty.pdf"]["status"] == "failed" and docs["bad/empty.pdf"]["errors"]


def test_rerun_touch_change_and_new_version(first_run):
    inbox, ds, good, bad, _ = first_run
    r = runner.invoke(app, ["ingest", str(inbox), "--out", str(ds), "--workers", "2"])
    assert r.exit_code == 0, r.output
    assert "0 to process" in r.output
    before = {row["path"]: row for row in state_rows(ds)}

    # touched only (mtime changes, content does not): the sha256 check skips it
    target = inbox / good[0]
    st = target.stat()
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    r = runner.invoke(app, ["ingest", str(inbox), "--out", str(ds), "--dry-run"])
    assert r.exit_code == 0 and good[0] not in r.output
    r = runner.invoke(app, ["ingest", str(inbox), "--out", str(ds)])
    assert r.exit_code == 0 and "0 to process" in r.output
    row = {x["path"]: x for x in state_rows(ds)}[good[0]]
    assert row["mtime_ns"] == target.stat().st_mtime_ns and row["runs"] == before[good[0]]["runs"]

    # changed content: only that file is processed
    with open(target, "ab") as f:
        f.write(b"\n% appended by a test\n")
    r = runner.invoke(app, ["ingest", str(inbox), "--out", str(ds), "--dry-run"])
    assert r.exit_code == 0
    assert r.stdout.strip().splitlines() == [f"changed\t{good[0]}"]
    r = runner.invoke(app, ["ingest", str(inbox), "--out", str(ds)])
    assert r.exit_code == 0, r.output
    after = {x["path"]: x for x in state_rows(ds)}
    assert after[good[0]]["runs"] == before[good[0]]["runs"] + 1
    assert after[good[0]]["sha256"] != before[good[0]]["sha256"]
    assert all(after[p]["runs"] == before[p]["runs"] for p in after if p != good[0])

    # a file last processed by another pipeline version is processed again
    db = sqlite3.connect(ds / STATE_FILE)
    with db:
        db.execute("UPDATE files SET pipeline_version = '0.0.0' WHERE path = ?", (good[1],))
    db.close()
    r = runner.invoke(app, ["ingest", str(inbox), "--out", str(ds), "--dry-run"])
    assert r.stdout.strip().splitlines() == [f"pipeline 0.0.0 → {__version__}\t{good[1]}"]
    r = runner.invoke(app, ["ingest", str(inbox), "--out", str(ds)])
    assert r.exit_code == 0
    assert {x["path"]: x for x in state_rows(ds)}[good[1]]["pipeline_version"] == __version__

    # --retry-failed takes the failed ones again (and they fail again: exit 1)
    r = runner.invoke(app, ["ingest", str(inbox), "--out", str(ds), "--dry-run", "--retry-failed"])
    assert "retry failed\tbad/empty.pdf" in r.stdout
    # the tables still hold every PDF exactly once
    docs = csv_rows(ds / "export" / "data" / "documents.csv")
    assert sorted(d["source_path"] for d in docs) == sorted(good + bad)


def test_second_ingest_while_one_runs_exits_at_once(first_run, tmp_path):
    inbox, ds, *_ = first_run
    state_before = (ds / STATE_FILE).read_bytes()
    with dataset_lock(ds):  # stands for a running ingest: flock conflicts across open files, even in-process
        proc = subprocess.run([sys.executable, "-m", "kotoex.cli", "ingest", str(inbox), "--out", str(ds)],
                              capture_output=True, text=True, timeout=120, cwd=ROOT)
        assert proc.returncode == 3, proc.stderr
        assert "in use by another kotoex process" in " ".join(proc.stderr.split())
        assert "Traceback" not in proc.stderr
        r = runner.invoke(app, ["export", str(ds)])
        assert r.exit_code == 3
    assert (ds / STATE_FILE).read_bytes() == state_before


def test_usage_errors(tmp_path):
    r = runner.invoke(app, ["ingest", str(tmp_path / "nope"), "--out", str(tmp_path / "ds")])
    assert r.exit_code == 2
    r = runner.invoke(app, ["ingest", str(tmp_path)])  # --out is required
    assert r.exit_code == 2
    (tmp_path / "file").write_text("x")
    r = runner.invoke(app, ["ingest", str(tmp_path), "--out", str(tmp_path / "file")])
    assert r.exit_code == 2


def test_empty_inbox(tmp_path):
    (tmp_path / "inbox").mkdir()
    res = ingest(tmp_path / "inbox", tmp_path / "ds")
    assert res.items == [] and res.exported
    assert (tmp_path / "ds" / "export" / "data" / "documents.csv").read_text(encoding="utf-8").count("\n") == 1


def _count_rows(ds: Path) -> int:
    try:
        db = sqlite3.connect(f"file:{ds / STATE_FILE}?mode=ro", uri=True, timeout=1)
        try:
            return db.execute("SELECT count(*) FROM files").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def test_kill_9_in_the_middle_then_rerun(tmp_path):
    inbox, good, bad = make_inbox(tmp_path, blank_pages=1500, n_corpus=8)
    ds = tmp_path / "ds"
    cmd = [sys.executable, "-m", "kotoex.cli", "ingest", str(inbox), "--out", str(ds), "--workers", "1", "-q"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None and _count_rows(ds) < 3:
            time.sleep(0.02)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(30)
    killed_with = _count_rows(ds)
    assert killed_with >= 1
    done_before = {x["path"] for x in state_rows(ds)}

    (ds / "documents" / ".kotoex-abc12345.tmp").write_text("{half", encoding="utf-8")  # as a kill would leave
    (ds / "documents" / ".users-own.tmp").write_text("not kotoex's", encoding="utf-8")  # never removed
    r = subprocess.run(cmd[:-1], cwd=ROOT, capture_output=True, text=True, timeout=300)
    # exit 1 if this run met a bad input; the killed run may have recorded all of them already
    assert r.returncode == (1 if set(bad) - done_before else 0), r.stderr
    assert "Traceback" not in r.stderr
    rows = state_rows(ds)
    everything = sorted(good + bad)
    assert sorted(x["path"] for x in rows) == everything
    assert all(x["runs"] == 1 for x in rows)  # what the killed run committed was not processed again
    by_path = {x["path"]: x for x in rows}

    docs = csv_rows(ds / "export" / "data" / "documents.csv")
    assert sorted(d["source_path"] for d in docs) == everything  # each PDF exactly once
    doc_ids = {d["source_path"]: d["doc_id"] for d in docs}
    for table, count_col in (("measures", "measures"), ("practices", "practices")):
        rows_t = csv_rows(ds / "export" / "data" / f"{table}.csv")
        for rel in everything:
            n = sum(1 for x in rows_t if x["doc_id"] == doc_ids[rel])
            assert n == by_path[rel][count_col], (table, rel)
        key = "measure_no" if table == "measures" else "practice_no"
        keys = [(x["doc_id"], x[key]) for x in rows_t]
        assert len(keys) == len(set(keys))
    decisions = csv_rows(ds / "export" / "data" / "decisions.csv")
    assert len({d["doc_id"] for d in decisions}) == len(decisions)
    # nothing half-written left under a final name, and no leftover temp file is taken for a document
    assert sorted(p.relative_to(ds / "documents").as_posix() for p in (ds / "documents").rglob("*.json")) == \
        sorted(x["output"][len("documents/"):] for x in rows)
    assert [p.name for p in ds.rglob("*.tmp")] == [".users-own.tmp"]
    r = subprocess.run(cmd[:-1], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "0 to process" in " ".join(r.stderr.split())
